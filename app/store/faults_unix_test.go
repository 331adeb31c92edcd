//go:build unix

package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"dossier/app/internal/ahead"
	"dossier/app/oplog"
)

// A read of a mapped file that shrank is SIGBUS; under guard it is an error, not a crash.
func TestGuardTurnsAMemoryFaultOnAMappedFileIntoAnError(t *testing.T) {
	data, page := shrunkMapping(t)
	var b byte
	err := guard(func() error { b = data[page]; return nil })
	if err == nil || !strings.Contains(err.Error(), "memory fault") {
		t.Fatalf("want the fault as an error, got %v (read %d)", err, b)
	}
}

// The same fault met by a read-ahead's goroutine (as the apply's reader of the log, during
// the recovery at open, meets it in Badger's mapped files) reaches guard in the caller's.
func TestGuardCoversTheReadAhead(t *testing.T) {
	data, page := shrunkMapping(t)
	var b byte
	err := guard(func() error {
		return ahead.Run(1, 1, func(emit func(byte, int) error) error { return emit(data[page], 1) },
			func(v byte) error { b = v; return nil })
	})
	if err == nil || !strings.Contains(err.Error(), "memory fault") {
		t.Fatalf("want the fault as an error, got %v (read %d)", err, b)
	}
}

// shrunkMapping maps two pages of a file, then truncates the file: reading data[page] is
// SIGBUS.
func shrunkMapping(t *testing.T) (data []byte, page int) {
	path := filepath.Join(t.TempDir(), "mapped")
	page = os.Getpagesize()
	if err := os.WriteFile(path, make([]byte, 2*page), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if data, err = unix.Mmap(int(f.Fd()), 0, 2*page, unix.PROT_READ, unix.MAP_SHARED); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { unix.Munmap(data) })
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	return data, page
}

// allocated is the disk space the files under dir take (sparse files count what is written).
func allocated(t *testing.T, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		n += info.Sys().(*syscall.Stat_t).Blocks * 512
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// The estimate of a batch's bytes covers what the batch really takes on disk, both while
// the store is open (memtable log, staged copy) and after Badger has written its tables.
func TestWriteNeedCoversWhatABatchTakes(t *testing.T) {
	for _, n := range []int{50, 3000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			dir := t.TempDir()
			s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
			if err != nil {
				t.Fatal(err)
			}
			base := allocated(t, dir)
			var drafts []Draft
			for i := range n {
				drafts = append(drafts, draft(fmt.Sprintf("Row %d %s", i, strings.Repeat("text ", 40))))
			}
			res, err := s.Save("bulk", drafts...)
			if err != nil {
				t.Fatal(err)
			}
			var sizes []int
			for _, op := range res.Ops {
				_, raw, err := s.Op(op.Author, op.Seq)
				if err != nil {
					t.Fatal(err)
				}
				sizes = append(sizes, len(raw))
			}
			need := writeNeed(sizes)
			open := allocated(t, dir) - base
			s.Close()
			closed := allocated(t, dir) - base
			t.Logf("%d ops: estimate %s, taken while open %s, after close %s", n, MiB(need), MiB(open), MiB(closed))
			if open > need || closed > need {
				t.Fatalf("the estimate %d is below what the batch took (%d open, %d closed)", need, open, closed)
			}
		})
	}
}

// Read-only opening is unix-only: Badger has none on Windows (docs/storage.md).

func TestNearlyFullDiskOpensReadOnly(t *testing.T) {
	dir := t.TempDir()
	want := closedStore(t, dir, 1)
	before := listing(t, dir)
	stubFree(t, 1<<20)
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "A new name"})
	if err != nil {
		t.Fatal(err)
	}
	if !s.ReadOnly() {
		t.Fatal("not read-only with 1 MB free")
	}
	if got, _ := s.StateHash(); got != want {
		t.Fatalf("read-only state %s, want %s", got, want)
	}
	if p := s.Query(Query{Kind: "commitment", Limit: 1}); p.Total != 20 {
		t.Fatalf("listed %d", p.Total)
	}
	var df *DiskFullError
	if _, err := s.Save("", draft("x")); !errors.As(err, &df) || !df.ReadOnly {
		t.Fatalf("save on a read-only store: %v", err)
	}
	if err := s.SetName("FEDCBA9876543210", "Someone"); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("set name: %v", err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	s.Close()
	if after := listing(t, dir); !mapsEqual(before, after) {
		t.Fatalf("a read-only open changed files:\n%v\n%v", before, after)
	}
	stubFree(t, 1<<40)
	s = openTest(t, dir)
	if s.ReadOnly() {
		t.Fatal("read-only with space")
	}
	if _, err := s.Save("", draft("x")); err != nil {
		t.Fatal(err)
	}
}

// Read-only, an interrupted import cannot be finished, and a crashed session's memtable
// logs cannot be replayed: both say what needs the space.
// A new data directory on a disk with too little room is told as a full disk, not as
// Badger's "no manifest found, required for read-only db" (found by an attacker's pass).
func TestNewStoreOnAFullDiskIsToldAsDiskFull(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new")
	stubFree(t, 1<<20)
	var df *DiskFullError
	if _, err := Open(dir, Options{}); !errors.As(err, &df) || !strings.Contains(df.Error(), "a new data directory must write its first files") || !strings.Contains(df.Error(), "Free at least") {
		t.Fatalf("new store, little space: %v", err)
	}
	stubFree(t, 1<<40)
	openTest(t, dir)
}

func TestWhatCannotBeFinishedReadOnlyIsToldAsDiskFull(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	var ps []pending
	prev := ""
	for i := range 3 {
		op := &oplog.Op{V: 1, Author: testAuthor, Seq: uint64(i + 1), Prev: prev, Clock: oplog.Clock{Wall: 1700000000000 + int64(i)},
			Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}}
		raw, _ := oplog.Encode(op)
		prev = oplog.Hash(raw)
		ps = append(ps, pending{op: op, raw: raw, hash: prev})
	}
	if _, err := s.stage(ps, "A"); err != nil {
		t.Fatal(err)
	}
	img := crashImage(t, dir)
	s.Close()

	stubFree(t, 1<<20)
	var df *DiskFullError
	if _, err := Open(dir, Options{}); !errors.As(err, &df) || !strings.Contains(df.Error(), "interrupted import") {
		t.Fatalf("pending journal, little space: %v", err)
	}
	if _, err := Open(img, Options{}); !errors.As(err, &df) || !strings.Contains(df.Error(), "not closed properly") {
		t.Fatalf("crash image, little space: %v", err)
	}
	stubFree(t, 1<<40)
	for _, d := range []string{dir, img} {
		s := openTest(t, d)
		if n, _ := s.Counts(); n != 3 {
			t.Fatalf("%s: %d ops after finishing the import, want 3", d, n)
		}
	}
}
