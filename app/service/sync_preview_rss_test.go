//go:build linux

package service_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"dossier/app/service"
)

// TestPreviewMemoryBound: the preview of a big bundle stays within the streaming import's
// bound (TestImportMemoryBound: 10,000 changes by 5 authors under 256 MiB), measured the same
// way, in a child process with GOMEMLIMIT unset; and it writes nothing.
func TestPreviewMemoryBound(t *testing.T) {
	const k, per = 5, 2_000
	path, imp := bigBundle(t, k, per)
	before := imp.hash()
	imp.close()

	cmd := childTest("TestPreviewRSSChild", "DOSSIER_PREVIEW_CHILD_DIR="+imp.dir, "DOSSIER_PREVIEW_CHILD_FILE="+path)
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
