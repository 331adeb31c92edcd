package cli_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pair is a delegate and a secretariat that trust each other, and a party of the delegate's.
type pair struct {
	del, sec, dir, record string
}

func newPair(t *testing.T) pair {
	t.Helper()
	p := pair{del: t.TempDir(), sec: t.TempDir(), dir: t.TempDir()}
	must(t, run(t, p.del, "", "init", "--name", "Amina Benali", "--role", "delegate"))
	must(t, run(t, p.sec, "", "init", "--name", "Rabat Secretariat", "--role", "secretariat"))
	must(t, run(t, p.del, "", "identity", "--card", filepath.Join(p.dir, "del.card")))
	must(t, run(t, p.sec, "", "identity", "--card", filepath.Join(p.dir, "sec.card")))
	must(t, run(t, p.del, "", "trust", "add", filepath.Join(p.dir, "sec.card"), "--yes"))
	must(t, run(t, p.sec, "", "trust", "add", filepath.Join(p.dir, "del.card"), "--yes"))
	p.record = must(t, run(t, p.del, `{"name":"Libya","type":"country","iso3":"LBY"}`, "record", "add", "party"))
	return p
}

func (p pair) file(t *testing.T, name string, data []byte) (path, sum string) {
	t.Helper()
	path = filepath.Join(p.dir, name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(data)
	return path, hex.EncodeToString(s[:])
}

type filesJSON struct {
	Files []struct {
		Name     string `json:"name"`
		SHA256   string `json:"sha256"`
		Size     int64  `json:"size"`
		AddedBy  string `json:"added_by"`
		Received bool   `json:"received"`
	} `json:"files"`
}

func listFiles(t *testing.T, data, id string) filesJSON {
	t.Helper()
	var v filesJSON
	if err := json.Unmarshal([]byte(must(t, run(t, data, "", "record", "files", id, "--json"))), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func filesHeld(t *testing.T, data string) int {
	n := 0
	filepath.WalkDir(filepath.Join(data, "files"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			n++
		}
		return nil
	})
	return n
}

// TestAttachmentReachesTheSecretariatEncrypted: a file a delegate attaches travels in an
// encrypted bundle, arrives with its hash verified, and comes out byte for byte; the same
// file attached twice is kept once; removing it reclaims its bytes.
func TestAttachmentReachesTheSecretariatEncrypted(t *testing.T) {
	p := newPair(t)
	data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("signed memorandum "), 500)...)
	path, sum := p.file(t, "MoU signed.pdf", data)
	must(t, run(t, p.del, "", "record", "attach", p.record, path))
	second := must(t, run(t, p.del, `{"name":"Tunisia","type":"country","iso3":"TUN"}`, "record", "add", "party"))
	must(t, run(t, p.del, "", "record", "attach", second, path))
	if n := filesHeld(t, p.del); n != 1 {
		t.Fatalf("the same file on two records is kept %d times", n)
	}
	bundle := filepath.Join(p.dir, "b.dossier")
	out := must(t, run(t, p.del, "", "export", "--out", bundle, "--to", filepath.Join(p.dir, "sec.card")))
	if !strings.Contains(out, "encrypted for Rabat Secretariat") || !strings.Contains(out, "file: MoU signed.pdf") || !strings.Contains(out, "bundle format 2") {
		t.Fatalf("export:\n%s", out)
	}
	raw, _ := os.ReadFile(bundle)
	if bytes.Contains(raw, []byte("signed memorandum")) {
		t.Fatal("the file's bytes are readable in the encrypted bundle")
	}
	must(t, run(t, p.sec, "", "import", bundle))
	v := listFiles(t, p.sec, p.record)
	if len(v.Files) != 1 || !v.Files[0].Received || v.Files[0].SHA256 != sum || v.Files[0].Size != int64(len(data)) {
		t.Fatalf("the secretariat's list: %+v", v)
	}
	got := filepath.Join(p.dir, "got.pdf")
	must(t, run(t, p.sec, "", "record", "file", p.record, sum, "--out", got))
	if b, _ := os.ReadFile(got); !bytes.Equal(b, data) {
		t.Fatal("the file read back differs")
	}
	// Removing it from one record keeps it for the other; from both, its bytes go.
	must(t, run(t, p.del, "", "record", "detach", p.record, sum))
	if filesHeld(t, p.del) != 1 {
		t.Fatal("bytes still referred to were removed")
	}
	must(t, run(t, p.del, "", "record", "detach", second, sum))
	if n := filesHeld(t, p.del); n != 0 {
		t.Fatalf("after the last removal %d files are left", n)
	}
	must(t, run(t, p.del, "", "check"))
}

// TestAttachmentOverTheLimitIsRefusedAtExport: a file over the limit per file is refused at
// export, naming the file and the limit, and nothing is written; with --leave-out-files the
// changes go without it, and the recipient lists it as not yet received.
func TestAttachmentOverTheLimitIsRefusedAtExport(t *testing.T) {
	p := newPair(t)
	path, sum := p.file(t, "photo of the signed page.jpg", bytes.Repeat([]byte{0xFF, 0xD8, 7}, 1000))
	must(t, run(t, p.del, "", "record", "attach", p.record, path))
	if out := must(t, run(t, p.del, "", "files", "limits", "--per-file", "2048")); !strings.Contains(out, "per file   2048 bytes") {
		t.Fatalf("files limits:\n%s", out)
	}
	if r := run(t, p.del, "", "files", "limits", "--per-file", "-1"); r.code != 2 || !strings.Contains(r.err, "per_file") {
		t.Fatalf("a negative limit: exit %d %s", r.code, r.err)
	}
	bundle := filepath.Join(p.dir, "b.dossier")
	r := run(t, p.del, "", "export", "--out", bundle, "--to", filepath.Join(p.dir, "sec.card"))
	if r.code != 2 || !strings.Contains(r.err, `"photo of the signed page.jpg"`) || !strings.Contains(r.err, "limit of 2 KB per file") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	if _, err := os.Stat(bundle); !os.IsNotExist(err) {
		t.Fatal("a refused export wrote a bundle")
	}
	out := must(t, run(t, p.del, "", "export", "--out", bundle, "--to", filepath.Join(p.dir, "sec.card"), "--leave-out-files"))
	if !strings.Contains(out, "file left out: photo of the signed page.jpg (over the limit per file)") || !strings.Contains(out, "bundle format 2") { // the change attaching it needs format 2
		t.Fatalf("export:\n%s", out)
	}
	must(t, run(t, p.sec, "", "import", bundle))
	v := listFiles(t, p.sec, p.record)
	if len(v.Files) != 1 || v.Files[0].Received || v.Files[0].SHA256 != sum {
		t.Fatalf("the secretariat's list: %+v", v)
	}
	if txt := must(t, run(t, p.sec, "", "record", "files", p.record)); !strings.Contains(txt, "not yet received") {
		t.Fatalf("record files:\n%s", txt)
	}
	r = run(t, p.sec, "", "record", "file", p.record, sum, "--out", filepath.Join(p.dir, "x"))
	if r.code == 0 || !strings.Contains(r.err, "has not been received yet") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
}

// TestBundleWithAlteredAttachmentIsRefused: a signed bundle whose carried file's bytes do not
// match the SHA-256 in its signed header is refused before anything is written.
func TestBundleWithAlteredAttachmentIsRefused(t *testing.T) {
	p := newPair(t)
	path, _ := p.file(t, "intervention.txt", []byte("Intervention of the EU delegation at Roundtable 4"))
	must(t, run(t, p.del, "", "record", "attach", p.record, path))
	bundle := filepath.Join(p.dir, "b.dossier")
	must(t, run(t, p.del, "", "export", "--out", bundle, "--to", filepath.Join(p.dir, "sec.card"), "--sign-only"))
	raw, _ := os.ReadFile(bundle)
	i := bytes.Index(raw, []byte("Roundtable 4"))
	if i < 0 {
		t.Fatal("the file is not in the signed bundle")
	}
	raw[i] = 'W'
	if err := os.WriteFile(bundle, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	before := must(t, run(t, p.sec, "", "state-hash"))
	r := run(t, p.sec, "", "import", bundle)
	if r.code == 0 || !strings.Contains(r.err, "does not have the SHA-256") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	if after := must(t, run(t, p.sec, "", "state-hash")); after != before || filesHeld(t, p.sec) != 0 {
		t.Fatal("a refused bundle stored something")
	}
}

// TestBackupCarriesAttachment: the delegate's only copy of a signed MoU survives `backup`
// and `restore` into a new directory, byte for byte, and is listed as received.
func TestBackupCarriesAttachment(t *testing.T) {
	p := newPair(t)
	data := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("signed memorandum "), 5000)...)
	path, sum := p.file(t, "MoU signed.pdf", data)
	must(t, run(t, p.del, "", "record", "attach", p.record, path))
	bak := filepath.Join(p.dir, "del.bak")
	if out := must(t, run(t, p.del, "", "backup", "--out", bak)); !strings.Contains(out, "1 attachment file ") {
		t.Fatalf("backup: %s", out)
	}
	card := filepath.Join(p.dir, "del.card")
	must(t, run(t, p.del, "", "identity", "--card", card))
	restored := t.TempDir()
	if out := must(t, run(t, restored, "", "restore", bak, "--card", card)); !strings.Contains(out, "1 attachment file ") {
		t.Fatalf("restore: %s", out)
	}
	if v := listFiles(t, restored, p.record); len(v.Files) != 1 || !v.Files[0].Received || v.Files[0].SHA256 != sum {
		t.Fatalf("after the restore: %+v", v)
	}
	got := filepath.Join(p.dir, "got.pdf")
	must(t, run(t, restored, "", "record", "file", p.record, sum, "--out", got))
	if b, _ := os.ReadFile(got); !bytes.Equal(b, data) {
		t.Fatal("the file restored differs")
	}
	must(t, run(t, restored, "", "check"))
}
