package service

import (
	"strings"
	"testing"

	"dossier/app/domain"
)

// An upload is read from a temporary file; the screens word a refusal from its problems'
// values, so the temporary path must leave those too, not only the English message.
func TestScrubPathReachesProblemValues(t *testing.T) {
	tmp := "/tmp/dossier-card-123/amina.card"
	err := InvalidP("card", domain.P("file_missing", "path", tmp, "folder", "/tmp/dossier-card-123"))
	got := AsError(scrubPath(err, tmp, "amina.card"))
	if strings.Contains(got.Message, tmp) || strings.Contains(got.Fields["card"], tmp) {
		t.Fatalf("message or field keeps the temporary path: %q / %q", got.Message, got.Fields["card"])
	}
	p := got.Problems["card"]
	if p.Code != "file_missing" || p.Params["path"] != "amina.card" {
		t.Fatalf("problem = %+v, want file_missing with path amina.card", p)
	}
	if orig := AsError(err).Problems["card"].Params["path"]; orig != tmp {
		t.Fatalf("the original error was changed: path %q", orig)
	}
}
