package service_test

import (
	"bytes"
	"path/filepath"
	"testing"

	"dossier/app/service"
)

// TestFilesLeftOutForAnOldReader: a recipient whose card reads only bundle format 1 gets the
// changes in format 1 without the file, which it lists as not yet received; the next bundle
// for its current card carries the file, and it is then received and reads back the same.
// A relay that never received a file leaves it out too ("not_held").
func TestFilesLeftOutForAnOldReader(t *testing.T) {
	sec, del := newNode(t, "Secretariat", "secretariat"), newNode(t, "Amina Benali", "delegate")
	sec.trusts(del)
	del.trusts(sec)
	id := del.addCommitment("Coast guard training")
	data := bytes.Repeat([]byte("training plan "), 100)
	fs := &service.Files{App: del.app}
	v, err := fs.AttachData(id, "plan.pdf", "", data)
	if err != nil || len(v.Files) != 1 || v.Files[0].Type != "application/pdf" || !v.Files[0].Received {
		t.Fatalf("attach: %+v %v", v, err)
	}
	sum := v.Files[0].SHA256
	if _, err := fs.AttachData(id, "copy.pdf", "", data); err == nil {
		t.Fatal("the same bytes were attached twice to one record")
	}

	old := filepath.Join(t.TempDir(), "old.dossier")
	rep, err := del.sy.Export(service.ExportOptions{Out: old, To: []string{cardReading(t, sec, 1)}})
	if err != nil || rep.Format != 1 || len(rep.Files) != 0 || len(rep.FilesLeftOut) != 1 || rep.FilesLeftOut[0].Reason != "recipient_format" {
		t.Fatalf("export to an old reader: %+v %v", rep, err)
	}
	if r := sec.imp(old); r.Files != 0 {
		t.Fatalf("import: %+v", r)
	}
	sv := &service.Files{App: sec.app}
	if l, _ := sv.List(id); len(l.Files) != 1 || l.Files[0].Received {
		t.Fatalf("after a bundle without the file: %+v", l)
	}
	if _, err := sv.Data(id, sum); err == nil {
		t.Fatal("a file not yet received was read")
	}

	// A relay lacking the bytes leaves them out: the secretariat exports to a third node.
	third := newNode(t, "Karim", "delegate")
	third.trusts(sec)
	sec.trusts(third)
	relay := filepath.Join(t.TempDir(), "relay.dossier")
	rr, err := sec.sy.Export(service.ExportOptions{Out: relay, To: []string{third.card}})
	if err != nil || len(rr.FilesLeftOut) != 1 || rr.FilesLeftOut[0].Reason != "not_held" {
		t.Fatalf("relay: %+v %v", rr, err)
	}

	again := filepath.Join(t.TempDir(), "again.dossier")
	rep, err = del.sy.Export(service.ExportOptions{Out: again, To: []string{sec.card}, All: true})
	if err != nil || rep.Format != 2 || len(rep.Files) != 1 {
		t.Fatalf("export to the current card: %+v %v", rep, err)
	}
	if r := sec.imp(again); r.Files != 1 || r.FilesKept != 1 {
		t.Fatalf("import with the file: %+v", r)
	}
	got, err := sv.Data(id, sum)
	if err != nil || !bytes.Equal(got.Data, data) || got.Name != "plan.pdf" {
		t.Fatalf("read back: %v", err)
	}
	sec.check()
}
