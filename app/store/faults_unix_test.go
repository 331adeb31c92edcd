//go:build unix

package store

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"
)

// A read of a mapped file that shrank is SIGBUS; under guard it is an error, not a crash.
func TestGuardTurnsAMemoryFaultOnAMappedFileIntoAnError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "mapped")
	page := os.Getpagesize()
	if err := os.WriteFile(path, make([]byte, 2*page), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	data, err := unix.Mmap(int(f.Fd()), 0, 2*page, unix.PROT_READ, unix.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Munmap(data)
	if err := os.Truncate(path, 0); err != nil {
		t.Fatal(err)
	}
	var b byte
	err = guard(func() error { b = data[page]; return nil })
	if err == nil || !strings.Contains(err.Error(), "memory fault") {
		t.Fatalf("want the fault as an error, got %v (read %d)", err, b)
	}
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
