//go:build linux

package service_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/service"
)

// The memory bound of a streaming import (docs/storage.md, "Streaming import"): a bundle of
// k×per changes is imported by a child process with GOMEMLIMIT unset, and the kernel's
// high-water mark of its resident memory (rusage maxrss) must stay under the bound. The
// parent builds the bundle, so nothing of that is counted.
func importPeakRSS(t *testing.T, k, per int) float64 {
	ds := authors(t, k)
	var runs []bundle.Run
	for _, d := range ds {
		runs = append(runs, synthRun(t, d.app.Identity, per, nil))
	}
	sec := newNode(t, "Secretariat", identity.RoleSecretariat)
	sec.close()
	path := filepath.Join(t.TempDir(), "big.dossier")
	if err := os.WriteFile(path, encodeBundle(t, sec.app.Identity, runs), 0o600); err != nil {
		t.Fatal(err)
	}
	runs = nil
	imp := newNode(t, "Importer", identity.RoleSecretariat)
	imp.trusts(ds...)
	imp.close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestImportRSSChild$", "-test.count=1")
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "GOMEMLIMIT=") && !strings.HasPrefix(e, "GOGC=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, "DOSSIER_RSS_CHILD_DIR="+imp.dir, "DOSSIER_RSS_CHILD_FILE="+path, fmt.Sprintf("DOSSIER_RSS_CHILD_OPS=%d", k*per))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "imported ") {
		t.Fatalf("the child import failed: %v\n%s", err, out)
	}
	mib := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024 // KiB on Linux
	t.Logf("%d changes by %d authors: peak RSS %.1f MiB (%s)", k*per, k, mib, strings.TrimSpace(string(out)))
	return mib
}

// TestImportRSSChild is the child of importPeakRSS; alone it does nothing.
func TestImportRSSChild(t *testing.T) {
	dir := os.Getenv("DOSSIER_RSS_CHILD_DIR")
	if dir == "" {
		t.Log("run by importPeakRSS only (DOSSIER_RSS_CHILD_DIR unset): nothing to do")
		return
	}
	app, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	rep, err := (&service.Sync{App: app}).ImportFile(service.Path(os.Getenv("DOSSIER_RSS_CHILD_FILE")))
	if err != nil {
		t.Fatal(err)
	}
	if want := os.Getenv("DOSSIER_RSS_CHILD_OPS"); fmt.Sprint(rep.New) != want {
		t.Fatalf("imported %d changes, want %s", rep.New, want)
	}
	fmt.Printf("imported %d changes\n", rep.New)
}

// TestImportMemoryBound: 20,000 changes by 5 authors stay under 256 MiB (the 200,000-change
// run of the acceptance is TestImportMemoryBoundStress, `make stress`).
func TestImportMemoryBound(t *testing.T) {
	if mib := importPeakRSS(t, 5, 4_000); mib >= 256 {
		t.Fatalf("peak RSS %.1f MiB, the bound is 256 MiB", mib)
	}
}
