package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `dossier export` with nothing new writes no file, says so, and exits 0 (docs/api.md,
// "Nothing new").
func TestExportWithNothingNewExits0WithoutAFile(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, `{"title":"Returns","status":"proposed"}`, "record", "add", "commitment"))
	out := t.TempDir()
	first := filepath.Join(out, "first.dossier")
	must(t, run(t, d, "", "export", "--out", first))
	if _, err := os.Stat(first); err != nil {
		t.Fatal(err)
	}
	second := filepath.Join(out, "second.dossier")
	msg := must(t, run(t, d, "", "export", "--out", second))
	if !strings.Contains(msg, "Nothing written: nothing new since your last export on") {
		t.Fatalf("message: %s", msg)
	}
	if _, err := os.Stat(second); !os.IsNotExist(err) {
		t.Fatalf("a file was written: %v", err)
	}
	js := must(t, run(t, d, "", "export", "--out", second, "--json"))
	if !strings.Contains(js, `"nothing": true`) && !strings.Contains(js, `"nothing":true`) {
		t.Fatalf("--json: %s", js)
	}
}
