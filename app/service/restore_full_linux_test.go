package service_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/internal/tmpdisk"
	"dossier/app/service"
)

// TestRestoreOnAFullDiskSaysTheDiskIsFull: a restore whose changes did not fit on the disk was
// refused as a bad backup ("a.bak: refused, nothing was restored: the store refused its
// changes: the disk is full…", code refused), which tells the reader to distrust a sound
// file. It is a full disk (disk_full), with nothing left behind, and the same file restores
// once there is room.
func TestRestoreOnAFullDiskSaysTheDiskIsFull(t *testing.T) {
	s, _, _, _ := backupOffice(t)
	for i := 0; i < 20; i++ {
		s.addCommitment(strings.Repeat("A commitment with a long title ", 8))
	}
	file := s.backup()
	mnt := tmpdisk.Mount(t, 64<<20)
	filler := tmpdisk.Fill(t, mnt, 6<<20+16<<10) // room for a new store's first files, not for the changes
	data := filepath.Join(mnt, "new")
	_, err := service.RestoreDataDir(data, service.RestoreOptions{File: file, Card: s.card})
	e := service.AsError(err)
	if err == nil || e.Code != service.CodeDiskFull || strings.Contains(e.Message, "refused") || !strings.Contains(e.Message, "disk is full") {
		t.Fatalf("restore on a full disk: %v", err)
	}
	if entries, _ := os.ReadDir(data); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if _, err := service.RestoreDataDir(data, service.RestoreOptions{File: file, Card: s.card}); err != nil {
		t.Fatalf("restore with room: %v", err)
	}
}
