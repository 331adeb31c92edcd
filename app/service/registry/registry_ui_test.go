package registry

import (
	"slices"
	"testing"

	"dossier/app/service"
)

// The Sync and Brief methods the screens call (docs/api.md) are callable.
func TestSyncAndBriefAreCallable(t *testing.T) {
	d := New(&service.App{})
	for _, want := range []string{
		"Sync.ImportFile", "Sync.ImportFileReport", "Sync.ImportDataReport", "Sync.Inspect", "Sync.InspectData",
		"Sync.Export", "Sync.ExportData", "Sync.Forks", "Sync.WriteCard", "Sync.CardData", "Sync.ReadCard",
		"Sync.ReadCardData", "Sync.TrustCard", "Sync.TrustCardData", "Sync.Revoke", "Sync.TrustList",
		"Brief.Facts", "Brief.PDF", "Brief.SavePDF", "Brief.Pack", "Brief.SavePack", "Brief.MeetingCountries",
		"Brief.StartPack", "Brief.PackStatus", "Brief.CancelPack", "Brief.PackResult"} {
		if !slices.Contains(d.Methods(), want) {
			t.Errorf("%s is not callable", want)
		}
	}
}
