package service

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/internal/tmpdisk"
)

// A download is written in a temporary folder of its own first: when that fails (here the
// disk of the temporary folder is full), the error names the file as the person named it,
// never the temporary folder, also when the path was too long for a value and was cut inside
// the file's name, and when the problem names the folder. (Until names were shortened to
// fit, a name longer than a file name may be made the write fail: docs/storage.md.)
func TestExportDataErrorNamesNoTemporaryFolder(t *testing.T) {
	a, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Init("Amina Benali", "delegate", "EU"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&Records{App: a}).Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"A"`), "status": json.RawMessage(`"agreed"`)}); err != nil {
		t.Fatal(err)
	}
	tmp := tmpdisk.Mount(t, 1<<20)
	tmpdisk.Fill(t, tmp, 0)
	t.Setenv("TMPDIR", tmp)
	name := strings.Repeat("a", 231) + ".dossier" // as long as a proposed name may be: cut as a value
	_, err = (&Sync{App: a}).ExportData(ExportDataOptions{Name: name, All: true})
	if err == nil {
		t.Fatal("written on a full disk")
	}
	e := AsError(err)
	noTemp(t, e, "dossier-export-")
	if p := e.Problems["out"]; p.Code != "path_disk_full" || !strings.HasPrefix(p.Params["path"], "aaaa") || p.Params["folder"] != tmp {
		t.Errorf("problem %+v, want path_disk_full naming the file as given, in %s", p, tmp)
	}
}
