package service_test

import (
	"os"
	"path/filepath"
	"testing"

	"dossier/app/service"
	"dossier/app/store"
)

// Two restores into one new data directory at once: each built DATA/db.restoring, and the
// second removed the first's as left over by a crash. The first then died in Badger (a
// panic, exit 2), or, finishing between that removal and its own rename, could put the
// second's half-built store in place and say it had restored everything. The data directory
// is now locked for the whole restore: the second is refused as locked (the other command
// is named), and touches nothing of the first's.
func TestRestoreWhileAnotherRestoreRuns(t *testing.T) {
	s, _, _, _ := backupOffice(t)
	file := s.backup()
	data := filepath.Join(t.TempDir(), "new")
	if err := os.MkdirAll(filepath.Join(data, "db.restoring"), 0o700); err != nil {
		t.Fatal(err)
	}
	building := filepath.Join(data, "db.restoring", "000001.vlog") // the first restore's work
	if err := os.WriteFile(building, []byte("being written"), 0o600); err != nil {
		t.Fatal(err)
	}
	unlock, err := store.LockDataDir(data) // as the first restore holds it
	if err != nil {
		t.Fatal(err)
	}
	_, err = service.RestoreDataDir(data, service.RestoreOptions{File: file, Card: s.card})
	if e := service.AsError(err); err == nil || e.Code != service.CodeLocked {
		t.Fatalf("a second restore while one runs: %v", err)
	}
	if _, err := os.Stat(building); err != nil {
		t.Fatalf("the running restore's store was touched: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "db")); !os.IsNotExist(err) {
		t.Fatalf("a store was put in place: %v", err)
	}
	unlock()

	// Once the first is gone (here: it crashed), the next restore clears what it left.
	if _, err := service.RestoreDataDir(data, service.RestoreOptions{File: file, Card: s.card}); err != nil {
		t.Fatal(err)
	}
	r := &node{t: t, name: "Restored", dir: data}
	r.open()
	if r.hash() != s.hash() {
		t.Fatal("the restored state is not the backup's")
	}
	r.check()
}
