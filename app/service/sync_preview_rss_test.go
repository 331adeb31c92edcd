//go:build linux

package service_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/service"
)

// TestPreviewMemoryBound: the preview of a big bundle stays within the streaming import's
// bound (TestImportMemoryBound: 10,000 changes by 5 authors under 256 MiB), measured the same
// way, in a child process with GOMEMLIMIT unset; and it writes nothing.
func TestPreviewMemoryBound(t *testing.T) {
	const k, per = 5, 2_000
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
	before := imp.hash()
	imp.close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestPreviewRSSChild$", "-test.count=1")
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "GOMEMLIMIT=") && !strings.HasPrefix(e, "GOGC=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, "DOSSIER_PREVIEW_CHILD_DIR="+imp.dir, "DOSSIER_PREVIEW_CHILD_FILE="+path)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), fmt.Sprintf("previewed %d changes", k*per)) {
		t.Fatalf("the child preview failed: %v\n%s", err, out)
	}
	mib := childPeakMiB(cmd, out)
	t.Logf("preview of %d changes: peak RSS %.1f MiB", k*per, mib)
	if mib >= 256 {
		t.Fatalf("peak RSS %.1f MiB, the streaming import's bound is 256 MiB", mib)
	}
	imp.open()
	if imp.hash() != before {
		t.Fatal("the preview changed the data")
	}
	imp.check()
}

// TestPreviewRSSChild is the child of TestPreviewMemoryBound; alone it does nothing.
func TestPreviewRSSChild(t *testing.T) {
	dir := os.Getenv("DOSSIER_PREVIEW_CHILD_DIR")
	if dir == "" {
		t.Log("run by TestPreviewMemoryBound only (DOSSIER_PREVIEW_CHILD_DIR unset): nothing to do")
		return
	}
	app, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	reps, err := (&service.Sync{App: app}).Preview(os.Getenv("DOSSIER_PREVIEW_CHILD_FILE"))
	if err != nil || len(reps) != 1 || reps[0].Status != service.StatusOK || reps[0].Preview == nil {
		t.Fatalf("%v %+v", err, reps)
	}
	if p := reps[0].Preview; len(p.Records) != service.PreviewRecords || p.More != p.Created+p.Updated-service.PreviewRecords {
		t.Fatalf("listed %d, %d more, of %d created and %d updated", len(p.Records), p.More, p.Created, p.Updated)
	}
	fmt.Printf("previewed %d changes\n", reps[0].New)
	printPeak()
}
