package service_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// TestFilesLeftOutForAnOldReader: a recipient whose card reads only bundle format 1 (a
// Dossier from before attachments, which refuses a change to the field) gets nothing, told
// which change it cannot hold. A file left out (here by the per-file limit) is listed as not
// yet received; it is owed, so the next ordinary export carries the file (no new changes: a
// bundle of files only), and it is then received and reads back the same. A relay that
// never received a file leaves it out too ("not_held"), and carries it to that recipient in
// its next ordinary export once the bytes have reached it.
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
	_, err = del.sy.Export(service.ExportOptions{Out: old, To: []string{cardReading(t, sec, 1)}})
	var se *service.Error
	if !errors.As(err, &se) || se.Code != service.CodeInvalid || se.Problems["to"].Code != "recipient_old_field" ||
		!strings.Contains(se.Fields["to"], `Secretariat's Dossier reads bundle format 1, which does not know the field "attachments" of commitment that change 3 of Amina Benali uses: ask Secretariat to update Dossier`) {
		t.Fatalf("export to an old reader: %v", err)
	}
	if _, err := os.Stat(old); err == nil {
		t.Fatal("a bundle was written for the old reader")
	}
	limits := &service.Settings{App: del.app}
	before, err := limits.FileLimits()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := limits.SetFileLimits(100, 0); err != nil {
		t.Fatal(err)
	}
	rep, err := del.sy.Export(service.ExportOptions{Out: old, To: []string{sec.card}, LeaveOutFiles: true})
	if err != nil || rep.Format != 2 || len(rep.Files) != 0 || len(rep.FilesLeftOut) != 1 || rep.FilesLeftOut[0].Reason != "per_file" {
		t.Fatalf("export with the file left out: %+v %v", rep, err)
	}
	if _, err := limits.SetFileLimits(before.PerFile, 0); err != nil {
		t.Fatal(err)
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
	rep, err = del.sy.Export(service.ExportOptions{Out: again, To: []string{sec.card}})
	if err != nil || rep.Nothing || rep.Format != 2 || rep.Ops != 0 || len(rep.Files) != 1 || rep.Files[0].SHA256 != sum || len(rep.FilesLeftOut) != 0 {
		t.Fatalf("export to the current card: %+v %v", rep, err)
	}
	if r := sec.imp(again); r.Files != 1 || r.FilesKept != 1 || r.New != 0 || r.Status != service.StatusImported {
		t.Fatalf("import with the file: %+v", r)
	}
	got, err := sv.Data(id, sum)
	if err != nil || !bytes.Equal(got.Data, data) || got.Name != "plan.pdf" {
		t.Fatalf("read back: %v", err)
	}
	// Sent in a bundle written successfully, the file is no longer owed.
	if rep, err := del.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "none.dossier"), To: []string{sec.card}}); err != nil || !rep.Nothing {
		t.Fatalf("export after the file was sent: %+v %v", rep, err)
	}
	sec.check()

	// The relay now holds the bytes: its next ordinary export to the third node carries them.
	onward := filepath.Join(t.TempDir(), "onward.dossier")
	rr, err = sec.sy.Export(service.ExportOptions{Out: onward, To: []string{third.card}})
	if err != nil || rr.Nothing || len(rr.Files) != 1 || rr.Files[0].SHA256 != sum || len(rr.FilesLeftOut) != 0 {
		t.Fatalf("relay once it holds the file: %+v %v", rr, err)
	}
	third.imp(relay)
	if r := third.imp(onward); r.FilesKept != 1 {
		t.Fatalf("third imports the file: %+v", r)
	}
	got, err = (&service.Files{App: third.app}).Data(id, sum)
	if err != nil || !bytes.Equal(got.Data, data) {
		t.Fatalf("third reads back: %v", err)
	}
	third.check()
}

// TestOwedFileAfterTheLimitIsRaised: a file left out by the per-file limit
// (--leave-out-files) is owed to the recipient: while the limit stands, the next export is
// refused with the same message (or leaves it out again with the flag); once the limit is
// raised, the next ordinary export carries it, and then nothing is owed. A file owed to one
// recipient is not recorded as owed to another that shares a later bundle with it.
func TestOwedFileAfterTheLimitIsRaised(t *testing.T) {
	sec, del := newNode(t, "Secretariat", "secretariat"), newNode(t, "Amina Benali", "delegate")
	sec.trusts(del)
	del.trusts(sec)
	id := del.addCommitment("Coast guard training")
	data := bytes.Repeat([]byte("mou scan "), 200)
	fs := &service.Files{App: del.app}
	v, err := fs.AttachData(id, "mou.pdf", "", data)
	if err != nil {
		t.Fatal(err)
	}
	sum := v.Files[0].SHA256
	out := func(name string) string { return filepath.Join(t.TempDir(), name+".dossier") }
	// Another recipient gets the file before the limit is lowered.
	other := newNode(t, "Karim", "delegate")
	other.trusts(del)
	del.trusts(other)
	if r := other.imp(del.export(service.ExportOptions{To: []string{other.card}})); r.FilesKept != 1 {
		t.Fatalf("other imports the file: %+v", r)
	}
	set := &service.Settings{App: del.app}
	if _, err := set.SetFileLimits(100, 0); err != nil {
		t.Fatal(err)
	}

	first := out("first")
	rep, err := del.sy.Export(service.ExportOptions{Out: first, To: []string{sec.card}, LeaveOutFiles: true})
	if err != nil || rep.Ops == 0 || len(rep.Files) != 0 || len(rep.FilesLeftOut) != 1 || rep.FilesLeftOut[0].Reason != "per_file" {
		t.Fatalf("export over the limit: %+v %v", rep, err)
	}
	sec.imp(first)

	// Still over the limit: refused as before anything is written, or left out again.
	if _, err := del.sy.Export(service.ExportOptions{Out: out("refused"), To: []string{sec.card}}); err == nil || !strings.Contains(err.Error(), "mou.pdf") || !strings.Contains(err.Error(), "--leave-out-files") {
		t.Fatalf("owed file over the limit: %v", err)
	}
	if rep, err := del.sy.Export(service.ExportOptions{Out: out("still"), To: []string{sec.card}, LeaveOutFiles: true}); err != nil || !rep.Nothing {
		t.Fatalf("owed file left out again, nothing else new: %+v %v", rep, err)
	}

	// A new change for both: the file owed to the secretariat is left out again, and stays
	// owed to it alone.
	del.addCommitment("Border post")
	rep, err = del.sy.Export(service.ExportOptions{Out: out("both"), To: []string{sec.card, other.card}, LeaveOutFiles: true})
	if err != nil || rep.Ops != 1 || len(rep.FilesLeftOut) != 1 || rep.FilesLeftOut[0].SHA256 != sum {
		t.Fatalf("export to both: %+v %v", rep, err)
	}
	sec.imp(rep.File)
	if owed, err := del.app.Store.OwedFiles("to:" + other.key); err != nil || len(owed) != 0 {
		t.Fatalf("owed to the other recipient, who holds it: %+v %v", owed, err)
	}
	if owed, err := del.app.Store.OwedFiles("to:" + sec.key); err != nil || len(owed) != 1 || owed[0].SHA256 != sum {
		t.Fatalf("owed to the secretariat: %+v %v", owed, err)
	}

	if _, err := set.SetFileLimits(1<<20, 0); err != nil {
		t.Fatal(err)
	}
	second := out("second")
	rep, err = del.sy.Export(service.ExportOptions{Out: second, To: []string{sec.card}})
	if err != nil || rep.Nothing || len(rep.Files) != 1 || rep.Files[0].SHA256 != sum || rep.Files[0].Name != "mou.pdf" || rep.Files[0].Record != id {
		t.Fatalf("export after the limit is raised: %+v %v", rep, err)
	}
	if r := sec.imp(second); r.FilesKept != 1 {
		t.Fatalf("import with the file: %+v", r)
	}
	got, err := (&service.Files{App: sec.app}).Data(id, sum)
	if err != nil || !bytes.Equal(got.Data, data) {
		t.Fatalf("read back: %v", err)
	}
	if rep, err := del.sy.Export(service.ExportOptions{Out: out("none"), To: []string{sec.card}}); err != nil || !rep.Nothing {
		t.Fatalf("export after the file was sent: %+v %v", rep, err)
	}
	if owed, err := del.app.Store.OwedFiles("to:" + sec.key); err != nil || len(owed) != 0 {
		t.Fatalf("still owed: %+v %v", owed, err)
	}
	sec.check()
}

// A limit out of range is refused with its problem code naming the field, and nothing is saved;
// the screens read the range's top from FileLimits.Max.
func TestFileLimitsRange(t *testing.T) {
	n := newNode(t, "Amina", "delegate")
	set := &service.Settings{App: n.app}
	for _, c := range []struct {
		perFile, perBundle int64
		field, value       string
	}{{-1, 0, "per_file", "-1 bytes"}, {0, 401 << 20, "per_bundle", "401 MB"}} {
		_, err := set.SetFileLimits(c.perFile, c.perBundle)
		var se *service.Error
		if !errors.As(err, &se) || se.Problems[c.field].Code != "file_limit_range" || se.Problems[c.field].Params["value"] != c.value || se.Problems[c.field].Params["max"] != "400 MB" {
			t.Fatalf("SetFileLimits(%d, %d): %#v", c.perFile, c.perBundle, err)
		}
	}
	l, err := set.SetFileLimits(1<<20, 0)
	if err != nil || l.PerFile != 1<<20 || l.PerBundle != service.DefaultFileLimits.PerBundle || l.Max != 400<<20 {
		t.Fatalf("SetFileLimits(1 MB): %+v %v", l, err)
	}
}

// OpenCopy writes the attachment, byte for byte and under its own name, below the user's one
// directory of copies in the temporary folder (where older copies are cleaned, opencopy.go).
func TestOpenCopyUnderOneDirectory(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	n := newNode(t, "Amina Benali", "delegate")
	id := n.addCommitment("Coast guard training")
	data := bytes.Repeat([]byte("mou scan "), 200)
	fs := &service.Files{App: n.app}
	v, err := fs.AttachData(id, "mou.pdf", "", data)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for range 2 {
		p, err := fs.OpenCopy(id, v.Files[0].SHA256)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(string(p))
		if err != nil || !bytes.Equal(got, data) || filepath.Base(string(p)) != "mou.pdf" {
			t.Fatalf("copy %s: %d bytes, %v", p, len(got), err)
		}
		paths = append(paths, string(p))
	}
	root := filepath.Join(tmp, fmt.Sprintf("dossier-open-%d", os.Getuid()))
	for _, p := range paths {
		if filepath.Dir(filepath.Dir(p)) != root {
			t.Errorf("%s is not below %s", p, root)
		}
	}
	if paths[0] == paths[1] {
		t.Errorf("two opens share one copy: %s", paths[0])
	}
}

// An attachment's name is kept as the delegate wrote it ("Réunion 10:30.pdf" from a Mac),
// and every file Dossier writes from it — the copy opened in the window, the download, the
// save dialog's suggestion (FitName, platform.SaveFile) — is named by the one portable namer:
// on Windows ":" names a hidden stream, and "COM¹" is the serial port COM1.
func TestAttachmentNamesAreKeptAndWrittenPortably(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	n := newNode(t, "Amina Benali", "delegate")
	id := n.addCommitment("Coast guard training")
	fs := &service.Files{App: n.app}
	for i, c := range []struct{ name, written string }{
		{"Réunion 10:30.pdf", "Réunion 10_30.pdf"},
		{"COM¹.pdf", "COM¹_.pdf"},
		{"conin$.txt", "conin$_.txt"},
		{"minutes.pdf.", "minutes.pdf"},
	} {
		v, err := fs.AttachData(id, c.name, "", []byte(fmt.Sprintf("file %d", i)))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		sha := ""
		for _, f := range v.Files {
			if f.Name == c.name { // the record keeps the name as written
				sha = f.SHA256
			}
		}
		if sha == "" {
			t.Fatalf("%s: not listed under its name: %+v", c.name, v.Files)
		}
		d, err := fs.Data(id, sha)
		if err != nil || d.Name != c.written {
			t.Errorf("%s: downloaded as %q (%v), want %q", c.name, d.Name, err, c.written)
		}
		if !service.Openable(c.name) {
			continue
		}
		p, err := fs.OpenCopy(id, sha)
		if err != nil || filepath.Base(p) != c.written {
			t.Errorf("%s: opened as %q (%v), want %q", c.name, p, err, c.written)
		}
	}
}

// A file from a bundle that is not a document or a picture (a program, a script, a shortcut)
// is never handed to the system's default application, where it could run: it can be saved.
func TestOpenCopyRefusesPrograms(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	n := newNode(t, "Amina Benali", "delegate")
	id := n.addCommitment("Coast guard training")
	fs := &service.Files{App: n.app}
	for i, name := range []string{"MoU signed.PDF", "setup.exe", "minutes.docx.lnk", "run.sh", "photo.JPG", "invoice.pdf.bat"} {
		v, err := fs.AttachData(id, name, "", []byte(fmt.Sprintf("file %d", i)))
		if err != nil {
			t.Fatal(err)
		}
		sha := ""
		for _, f := range v.Files {
			if f.Name == name {
				sha = f.SHA256
			}
		}
		_, err = fs.OpenCopy(id, sha)
		want := service.Openable(name)
		if want != (err == nil) {
			t.Errorf("%s: opened %v, error %v", name, err == nil, err)
		}
		if !want && service.AsError(err).Problems["file"].Code != "file_not_openable" {
			t.Errorf("%s: %v", name, err)
		}
	}
	if !service.Openable("MoU signed.PDF") || service.Openable("setup.exe") || service.Openable("invoice.pdf.bat") {
		t.Error("Openable")
	}
}

// A stored file whose bytes changed on disk (a bad sector, a hand edit) is never handed out as
// the attachment: saving it refuses and writes nothing; check finds it, removes it, and says
// so; it then shows as not yet received, and a bundle that carries it stores it again.
func TestDamagedFileIsNeverServedAndCheckRemovesIt(t *testing.T) {
	n := newNode(t, "Amina Benali", "delegate")
	id := n.addCommitment("Coast guard training")
	data := []byte("Memorandum of understanding, draft 2\r\n")
	fs := &service.Files{App: n.app}
	v, err := fs.AttachData(id, "mou.txt", "", data)
	if err != nil {
		t.Fatal(err)
	}
	sum := v.Files[0].SHA256
	stored := filepath.Join(n.dir, "files", sum[:2], sum)
	if err := os.WriteFile(stored, []byte("MEMORANDUM OF UNDERSTANDING, DRAFT 2\r\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "mou.txt")
	if _, err := fs.SaveTo(id, sum, service.Path(out)); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("saving a damaged file: %v", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the damaged bytes were written: %v", err)
	}
	if _, err := fs.Data(id, sum); err == nil || !strings.Contains(err.Error(), "damaged") {
		t.Fatalf("reading a damaged file: %v", err)
	}
	rep, err := (&service.Admin{App: n.app}).Check()
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], sum) || !strings.Contains(rep.Problems[0], "removed") {
		t.Fatalf("check: %+v", rep)
	}
	if _, err := os.Stat(stored); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("check left the damaged copy: %v", err)
	}
	if _, err := fs.SaveTo(id, sum, service.Path(out)); err == nil || !strings.Contains(err.Error(), "not been received") {
		t.Fatalf("after check: %v", err)
	}
	if rep, err := (&service.Admin{App: n.app}).Check(); err != nil || !rep.OK {
		t.Fatalf("check again: %+v %v", rep, err)
	}
}

// TestAttachRefusesANameThatReadsOtherwise: a file name with an invisible direction mark is
// refused before anything is stored; "invoice" U+202E "fdp.exe" shows as "invoiceexe.pdf".
func TestAttachRefusesANameThatReadsOtherwise(t *testing.T) {
	n := newNode(t, "Amina Benali", "delegate")
	id := n.addCommitment("Coast guard training")
	fs := &service.Files{App: n.app}
	for _, name := range []string{"invoice\u202efdp.exe", "mou\u2066.pdf", "\ufeffmou.pdf"} {
		_, err := fs.AttachData(id, name, "", []byte("MZ"))
		e := service.AsError(err)
		if e == nil || e.Problems["file"].Code != "file_name" {
			t.Fatalf("%q: %v, want the file_name problem", name, err)
		}
		if !strings.Contains(e.Message, "invisible direction marks") {
			t.Errorf("%q: %q does not say what to remove", name, e.Message)
		}
	}
	v, err := fs.List(id)
	if err != nil || len(v.Files) != 0 {
		t.Fatalf("stored: %+v %v", v, err)
	}
}

// TestAttachmentSizeIsThatOfTheBytesHeld: an attachment's size is declared by the change that
// adds it, a trusted author's word that nothing checks against the bytes; once the bytes are
// held (vouched for by their SHA-256), the size listed is theirs.
func TestAttachmentSizeIsThatOfTheBytesHeld(t *testing.T) {
	n := newNode(t, "Amina Benali", "delegate")
	a, b := n.addCommitment("Coast guard training"), n.addCommitment("Border management")
	fs := &service.Files{App: n.app}
	data := bytes.Repeat([]byte("x"), 50_000)
	v, err := fs.AttachData(a, "plan.pdf", "", data)
	if err != nil {
		t.Fatal(err)
	}
	lie := v.Files[0].Attachment
	lie.Name, lie.Size = "small.pdf", 2
	raw, err := json.Marshal(lie)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (&service.Records{App: n.app}).AddTo(b, "attachments", raw); err != nil {
		t.Fatal(err)
	}
	l, err := fs.List(b)
	if err != nil || len(l.Files) != 1 || !l.Files[0].Received || l.Files[0].Size != int64(len(data)) {
		t.Fatalf("listed: %+v %v, want the held bytes' size %d", l, err, len(data))
	}
}
