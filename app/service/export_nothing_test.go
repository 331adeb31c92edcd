package service_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// An export that finds nothing the recipients lack writes no file (neither a path nor a
// download), keeps an existing file at that path as it was, and says why and since when.
func TestExportWithNothingNewWritesNoFile(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("One")
	// A delegate's plain export: the first has the change, the second nothing new.
	first := a.export(service.ExportOptions{})
	if _, err := os.Stat(first); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "again.dossier")
	if err := os.WriteFile(out, []byte("the real bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	rep, err := a.sy.Export(service.ExportOptions{Out: out})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Nothing || rep.Ops != 0 || rep.File != "" || rep.LastExport == "" || !strings.Contains(rep.Message, "since your last export on") {
		t.Fatalf("second export: %+v", rep)
	}
	if b, _ := os.ReadFile(out); string(b) != "the real bundle" {
		t.Fatalf("the file at the path was replaced: %q", b)
	}

	// For a recipient: nothing new for Secretariat once it has everything; the download has no bytes.
	a.trusts(s) // already trusted: a no-op, kept to name the recipient by key id below
	if _, err := a.sy.ExportData(service.ExportDataOptions{Name: "x.dossier", To: []string{s.key}}); err != nil {
		t.Fatal(err)
	}
	f, err := a.sy.ExportData(service.ExportDataOptions{Name: "x.dossier", To: []string{s.key}})
	if err != nil {
		t.Fatal(err)
	}
	if !f.Report.Nothing || len(f.Data) != 0 || f.Report.LastExport == "" || !strings.Contains(f.Report.Message, "nothing new for Secretariat since") {
		t.Fatalf("ExportData with nothing new: %+v (%d bytes)", f.Report, len(f.Data))
	}
	// Something new again: a file, and no longer "nothing".
	a.addCommitment("Two")
	f, err = a.sy.ExportData(service.ExportDataOptions{Name: "x.dossier", To: []string{s.key}})
	if err != nil || f.Report.Nothing || len(f.Data) == 0 || f.Report.Ops != 1 {
		t.Fatalf("after a new change: %+v %v", f, err)
	}

}
