package service_test

import (
	"testing"
	"time"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/service"
)

// waitJob polls an import until it has finished.
func waitJob(t *testing.T, sy *service.Sync, id string) *service.ImportJob {
	t.Helper()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		j, err := sy.ImportStatus(id)
		if err != nil {
			t.Fatal(err)
		}
		if j.State != service.JobRunning {
			return j
		}
	}
	t.Fatal("the import did not finish")
	return nil
}

// An import started in the background reports how far it is and its report; one cancelled
// before its commit keeps nothing (the state hash and the changes held are as before), and
// the same bundle imports afterwards.
func TestImportJobProgressAndCancel(t *testing.T) {
	ds := authors(t, 2)
	var runs []bundle.Run
	for _, d := range ds {
		runs = append(runs, synthRun(t, d.app.Identity, 3000, nil))
	}
	data := encodeBundle(t, ds[0].app.Identity, runs)
	imp := newNode(t, "Importer", identity.RoleSecretariat)
	imp.trusts(ds...)
	before := imp.hash()
	held, _ := imp.app.Store.Counts()

	j, err := imp.sy.StartImport("big.dossier", data)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := imp.sy.CancelImport(j.ID); err != nil {
		t.Fatal(err)
	}
	done := waitJob(t, imp.sy, j.ID)
	if done.State != service.JobCancelled || done.Report == nil || done.Report.Problem != service.ProblemCanceled || done.Committed {
		t.Fatalf("cancelled at once: %+v %+v", done, done.Report)
	}
	if h, _ := imp.app.Store.Counts(); imp.hash() != before || h != held {
		t.Fatalf("a cancelled import changed the store: %d changes held, want %d", h, held)
	}
	imp.check()

	j, err = imp.sy.StartImport("big.dossier", data)
	if err != nil {
		t.Fatal(err)
	}
	done = waitJob(t, imp.sy, j.ID)
	if done.State != service.JobDone || done.Report.Status != service.StatusImported || done.Report.New != 6000 ||
		done.Total != 6000 || done.Read != 6000 || done.Verified != 6000 || done.Applied != 6000 || !done.Committed {
		t.Fatalf("finished: %+v %+v", done, done.Report)
	}
	if _, err := imp.sy.CancelImport(j.ID); err != nil { // a finished job is forgotten
		t.Fatal(err)
	}
	if _, err := imp.sy.ImportStatus(j.ID); err == nil {
		t.Fatal("a forgotten import still answers")
	}
	imp.check()
}
