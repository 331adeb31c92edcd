package service_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"dossier/app/files"
	"dossier/app/service"
	"dossier/app/store"
)

// attachedNode is a delegate with two records, each carrying a file, and the files' bytes.
func attachedNode(t *testing.T) (n *node, ids []string, data [][]byte) {
	n = newNode(t, "Amina Benali", "delegate")
	rng := rand.New(rand.NewPCG(13, 13))
	fs := &service.Files{App: n.app}
	for i, name := range []string{"MoU signed.pdf", "minutes.txt"} {
		id := n.addCommitment("Commitment " + name)
		b := make([]byte, 100_000*(i+1)+i)
		for j := range b {
			b[j] = byte(rng.Uint32())
		}
		if _, err := fs.AttachData(id, name, "", b); err != nil {
			t.Fatal(err)
		}
		ids, data = append(ids, id), append(data, b)
	}
	return n, ids, data
}

// received checks that the data directory dir holds every attachment, received, with its bytes.
func received(t *testing.T, dir string, ids []string, data [][]byte) {
	t.Helper()
	r := &node{t: t, name: "Restored", dir: dir}
	r.open()
	defer r.close()
	fs := &service.Files{App: r.app}
	for i, id := range ids {
		l, err := fs.List(id)
		if err != nil || len(l.Files) != 1 || !l.Files[0].Received {
			t.Fatalf("record %d after the restore: %+v %v", i, l, err)
		}
		got, err := fs.Data(id, l.Files[0].SHA256)
		if err != nil || !bytes.Equal(got.Data, data[i]) {
			t.Fatalf("file %d after the restore: %v (bytes equal: %v)", i, err, err == nil && bytes.Equal(got.Data, data[i]))
		}
	}
}

func readHead(t *testing.T, path string) (*store.BackupHead, []byte) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, _, err := store.ParseBackup(b)
	if err != nil {
		t.Fatal(err)
	}
	return head, b
}

// A backup carries the attachments' bytes (format 3), and a restore into a fresh data
// directory, or into an open empty one, has them all, received and identical.
func TestBackupCarriesAttachments(t *testing.T) {
	n, ids, data := attachedNode(t)
	bak := n.backup()
	head, _ := readHead(t, bak)
	if h := head.Header; h.Version != 3 || len(h.Files) != 2 || h.FilesBytes != int64(len(data[0])+len(data[1])) {
		t.Fatalf("header: version %d, files %+v, files_bytes %d", h.Version, h.Files, h.FilesBytes)
	}

	dir := t.TempDir()
	if rep, err := service.RestoreDataDir(dir, service.RestoreOptions{File: bak, Card: n.card}); err != nil || rep.Files != 2 {
		t.Fatalf("%+v %v", rep, err)
	}
	received(t, dir, ids, data)

	r := &node{t: t, name: "Open", dir: t.TempDir()}
	r.open()
	if _, err := (&service.Admin{App: r.app}).Restore(service.RestoreOptions{File: bak, Card: n.card}); err != nil {
		t.Fatal(err)
	}
	if r.hash() != n.hash() {
		t.Fatal("restored state differs")
	}
	r.close()
	received(t, r.dir, ids, data)
}

// One changed byte in a file, or a file cut short, and the backup is refused before
// anything is written: no store, no file.
func TestBackupWithChangedFileIsRefused(t *testing.T) {
	n, _, data := attachedNode(t)
	head, b := readHead(t, n.backup())
	start := head.FilesOffset()
	cases := []struct {
		name string
		edit func([]byte) []byte
		want string
	}{
		{"a byte of the first file", func(b []byte) []byte { b[start+7] ^= 0x20; return b },
			"file 1 of the backup does not have the SHA-256 the header declares"},
		{"the last byte of the last file", func(b []byte) []byte { b[len(b)-1]++; return b },
			"file 2 of the backup does not have the SHA-256 the header declares"},
		{"the last file cut short", func(b []byte) []byte { return b[:len(b)-1] },
			"the file is cut off inside file 2 of 2"},
		{"a byte added at the end", func(b []byte) []byte { return append(b, 0) },
			"there are bytes after the end of the backup"},
	}
	if int64(len(b)) != start+int64(len(data[0])+len(data[1])) {
		t.Fatalf("the files section is %d bytes", int64(len(b))-start)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "changed.backup")
			if err := os.WriteFile(p, c.edit(bytes.Clone(b)), 0o600); err != nil {
				t.Fatal(err)
			}
			refusedRestore(t, p, n.card, c.want)
			// refusedRestore checked the stores; no file was stored either.
			r := &node{t: t, name: "Open", dir: t.TempDir()}
			r.open()
			_, err := (&service.Admin{App: r.app}).Restore(service.RestoreOptions{File: p, Card: n.card})
			r.close()
			if err == nil {
				t.Fatal("restored")
			}
			if _, err := os.Stat(filepath.Join(r.dir, files.Dir)); !os.IsNotExist(err) {
				t.Fatalf("a refused restore made %s: %v", files.Dir, err)
			}
		})
	}
}

// A version 2 backup (no files section, as Dossier wrote before files were backed up)
// still restores: its records are all there, their attachments not yet received. A backup
// of a store without attachments is still written as version 2.
func TestVersion2BackupStillRestores(t *testing.T) {
	n, ids, _ := attachedNode(t)
	v2 := forge(t, n.backup(), func(f *forgery) {
		f.h.Version, f.h.Files, f.h.FilesBytes = store.BackupVersionNoFiles, nil, 0
	}, n.app.Identity)
	if head, _ := readHead(t, v2); head.Header.Version != 2 {
		t.Fatalf("version %d", head.Header.Version)
	}
	dir := t.TempDir()
	if _, err := service.RestoreDataDir(dir, service.RestoreOptions{File: v2, Card: n.card}); err != nil {
		t.Fatal(err)
	}
	r := &node{t: t, name: "Restored", dir: dir}
	r.open()
	if r.hash() != n.hash() {
		t.Fatal("restored state differs")
	}
	for _, id := range ids {
		if l, err := (&service.Files{App: r.app}).List(id); err != nil || len(l.Files) != 1 || l.Files[0].Received {
			t.Fatalf("%+v %v", l, err)
		}
	}

	plain := newNode(t, "Karim", "delegate")
	plain.addCommitment("No files")
	if head, _ := readHead(t, plain.backup()); head.Header.Version != 2 || head.Header.Files != nil {
		t.Fatalf("a backup without files: version %d", head.Header.Version)
	}
}

// allocated is the bytes the Go heap allocated while fn ran (all goroutines).
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// Files are streamed, one buffer at a time, never held whole: making a backup of six 4 MiB
// files allocates less than one of them, and restoring it allocates less than one file more
// than restoring the same backup without its files.
func TestBackupStreamsFiles(t *testing.T) {
	const size, count = 4 << 20, 6
	n := newNode(t, "Amina Benali", "delegate")
	fs := &service.Files{App: n.app}
	rng := rand.NewChaCha8([32]byte{13})
	for i := 0; i < count; i++ {
		b := make([]byte, size)
		_, _ = rng.Read(b)
		if _, err := fs.AttachData(n.addCommitment(fmt.Sprint("MoU ", i)), "mou.pdf", "", b); err != nil {
			t.Fatal(err)
		}
	}
	runtime.GC()
	var bak string
	if a := allocated(func() { bak = n.backup() }); a >= size {
		t.Fatalf("a backup of %d files of %d bytes allocated %d bytes", count, size, a)
	}
	v2 := forge(t, bak, func(f *forgery) { f.h.Version, f.h.Files, f.h.FilesBytes = store.BackupVersionNoFiles, nil, 0 }, n.app.Identity)
	restore := func(p string) uint64 {
		runtime.GC()
		return allocated(func() {
			if _, err := service.RestoreDataDir(t.TempDir(), service.RestoreOptions{File: p, Card: n.card}); err != nil {
				t.Fatal(err)
			}
		})
	}
	without, with := restore(v2), restore(bak)
	if with >= without+size {
		t.Fatalf("restoring %d files of %d bytes allocated %d bytes, without them %d", count, size, with, without)
	}
	t.Logf("backup restore allocated %d bytes with the files, %d without", with, without)
}
