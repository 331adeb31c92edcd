package service

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/domain"
)

// An upload is read from a temporary file; the screens word a refusal from its problems'
// values, so the temporary path must leave those too, not only the English message.
func TestScrubPathReachesProblemValues(t *testing.T) {
	tmp := "/tmp/dossier-card-123/amina.card"
	err := InvalidP("card", domain.P("file_missing", "path", tmp, "folder", "/tmp/dossier-card-123"))
	got := AsError(scrubPath(err, tmp, "amina.card", "/tmp/dossier-card-123"))
	noTemp(t, got, "dossier-card-")
	p := got.Problems["card"]
	if p.Code != "file_missing" || p.Params["path"] != "amina.card" {
		t.Fatalf("problem = %+v, want file_missing with path amina.card", p)
	}
	if orig := AsError(err).Problems["card"].Params["path"]; orig != tmp {
		t.Fatalf("the original error was changed: path %q", orig)
	}
}

// The temporary folder a problem names (the disk it is on is full) is worded as the system's
// temporary folder it was made in, and a value cut inside the file's name keeps no folder.
func TestScrubPathReachesTheTemporaryFolder(t *testing.T) {
	dir := filepath.Join(os.TempDir(), "dossier-export-123")
	tmp := filepath.Join(dir, "changes.dossier")
	err := InvalidP("out", domain.P("path_disk_full", "path", tmp, "folder", dir))
	got := AsError(scrubPath(err, tmp, "changes.dossier", dir))
	noTemp(t, got, "dossier-export-")
	p := got.Problems["out"]
	if p.Params["path"] != "changes.dossier" || p.Params["folder"] != filepath.Dir(dir) {
		t.Errorf("problem %+v, want path changes.dossier and folder %s", p, filepath.Dir(dir))
	}
	// A path given as another file's (the CSV a dialog chose) keeps its folder.
	csv := "/home/amina/Documents/import.csv"
	err = InvalidP("file", domain.P("file_missing", "path", csv, "folder", "/home/amina/Documents"))
	if f := AsError(scrubPath(err, csv, "import.csv", "")).Problems["file"].Params["folder"]; f != "/home/amina/Documents" {
		t.Errorf("folder of a chosen file became %q", f)
	}
}

// noTemp fails when any words or values of e name a folder whose name starts with temp.
func noTemp(t *testing.T, e *Error, temp string) {
	t.Helper()
	texts := []string{e.Message}
	for _, v := range e.Fields {
		texts = append(texts, v)
	}
	for _, p := range e.Problems {
		for _, v := range p.Params {
			texts = append(texts, v)
		}
	}
	for _, s := range texts {
		if strings.Contains(s, temp) {
			t.Errorf("names the temporary folder: %q", s)
		}
	}
}
