package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/internal/clitest"
	"dossier/app/version"
)

// TestVersion: `dossier version` opens no data directory, and a release build (make dist
// links the version, commit and date in) says what it is; files it writes record it.
func TestVersion(t *testing.T) {
	data := filepath.Join(t.TempDir(), "never-created")
	out := must(t, run(t, data, "", "version"))
	for _, want := range []string{"Dossier " + version.Devel, fmt.Sprintf("formats  store %d, bundle written 1, 2 (the oldest each recipient reads), read 1, 2, backup 3, identity card 1", version.StoreFormat)} {
		if !strings.Contains(out, want) {
			t.Fatalf("version lacks %q:\n%s", want, out)
		}
	}
	if out2 := must(t, run(t, data, "", "--version")); out2 != out {
		t.Fatalf("--version differs:\n%s", out2)
	}
	if _, err := os.Stat(data); err == nil {
		t.Fatal("the data directory was created")
	}

	root, err := clitest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	rel := filepath.Join(t.TempDir(), "dossier")
	const commit = "94b3204d18de56239654839bba9f842d424eb725"
	build := exec.Command("go", "build", "-o", rel, "-ldflags",
		"-X dossier/app/version.version=9.8.7 -X dossier/app/version.commit="+commit+" -X dossier/app/version.date=2026-12-02T10:00:00Z", ".")
	build.Dir = root
	if b, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, b)
	}
	stdout, stderr, code, err := clitest.Run(rel, data, "", "version", "--json")
	if err != nil || code != 0 {
		t.Fatalf("exit %d %v: %s", code, err, stderr)
	}
	var in version.Info
	if err := json.Unmarshal([]byte(stdout), &in); err != nil {
		t.Fatal(err)
	}
	if in.Version != "9.8.7" || in.Commit != commit || in.Date != "2026-12-02T10:00:00Z" || in.MadeBy != "9.8.7" || in.StoreFormat != version.StoreFormat {
		t.Fatalf("release build: %+v", in)
	}
	// A bundle and a backup written by it say so, and the import report shows it.
	d, files := t.TempDir(), t.TempDir() // what is written goes outside the data directory
	for _, args := range [][]string{{"init", "--name", "A. Benali"}, {"demo"}, {"export", "--all", "--out", filepath.Join(files, "a.dossier")},
		{"backup", "--out", filepath.Join(files, "a.bak")}, {"identity", "--card", filepath.Join(files, "a.card")}} {
		if _, stderr, code, err := clitest.Run(rel, d, "", args...); err != nil || code != 0 {
			t.Fatalf("%v: exit %d %v %s", args, code, err, stderr)
		}
	}
	other := t.TempDir()
	must(t, run(t, other, "", "init", "--name", "Secretariat", "--role", "secretariat"))
	must(t, run(t, other, "", "trust", "add", filepath.Join(files, "a.card"), "--yes"))
	if out := must(t, run(t, other, "", "bundle", "inspect", filepath.Join(files, "a.dossier"))); !strings.Contains(out, "by Dossier 9.8.7") {
		t.Fatalf("inspect does not name the writer:\n%s", out)
	}
	if out := must(t, run(t, other, "", "import", filepath.Join(files, "a.dossier"))); !strings.Contains(out, "by Dossier 9.8.7") {
		t.Fatalf("import does not name the writer:\n%s", out)
	}
	if out := must(t, run(t, t.TempDir(), "", "restore", filepath.Join(files, "a.bak"), "--card", filepath.Join(files, "a.card"))); !strings.Contains(out, "with Dossier 9.8.7") {
		t.Fatalf("restore does not name the writer:\n%s", out)
	}
}
