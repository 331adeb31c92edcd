package service_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/identity"
	"dossier/app/internal/tmpdisk"
	"dossier/app/service"
)

// A bundle's attachments are stored after its changes. They were written whatever the disk
// had left, so a delegate's 6 MB file took the secretariat's disk below the room Badger
// keeps for what it writes on its own (docs/storage.md, "Disk space"): the import said
// "imported", and the secretariat could then save nothing, and Badger's own next flush or
// compaction could meet a full disk. A file that would take the disk below that room is not
// stored: a warning says the disk is full, the file shows as not yet received, saves go on,
// and the same bundle brings the file once there is room.
func TestImportedFilesLeaveTheStoresRoom(t *testing.T) {
	mnt := tmpdisk.Mount(t, 64<<20)
	a := newNode(t, "A. Benali", identity.RoleDelegate)
	s := &node{t: t, name: "Secretariat", dir: filepath.Join(mnt, "secretariat")}
	s.open()
	if _, err := s.app.Init(s.name, identity.RoleSecretariat, "Test delegation"); err != nil {
		t.Fatal(err)
	}
	s.trusts(a)
	id := a.addCommitment("MoU with its annex")
	data := make([]byte, 6<<20)
	rng := rand.New(rand.NewPCG(5, 12))
	for i := range data {
		data[i] = byte(rng.Uint32())
	}
	if _, err := (&service.Files{App: a.app}).AttachData(id, "annex.pdf", "", data); err != nil {
		t.Fatal(err)
	}
	bundle := a.export(service.ExportOptions{})

	filler := tmpdisk.Fill(t, mnt, 9<<20) // room for the changes and Badger's own, not for the file too
	rep := s.imp(bundle)
	if rep.Status != service.StatusImported || rep.FilesKept != 0 || len(rep.Warnings) != 1 || !strings.Contains(rep.Warnings[0], "disk is full") {
		t.Fatalf("import on a nearly full disk: status %s, %d files kept, warnings %q", rep.Status, rep.FilesKept, rep.Warnings)
	}
	s.addCommitment("Saved after the import") // the store kept its room
	if got := s.field(id, "attachments"); !strings.Contains(got, "annex.pdf") {
		t.Fatalf("attachments %s", got)
	}
	v, err := (&service.Files{App: s.app}).List(id)
	if err != nil || len(v.Files) != 1 || v.Files[0].Received {
		t.Fatalf("the file should show as not yet received: %+v %v", v, err)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if rep := s.imp(bundle); rep.FilesKept != 1 || len(rep.Warnings) != 0 {
		b, _ := json.Marshal(rep)
		t.Fatalf("the same bundle with room: %s", b)
	}
	s.reopen()
	s.check()
}
