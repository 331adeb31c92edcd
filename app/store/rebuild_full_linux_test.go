package store

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"dossier/app/internal/tmpdisk"
)

// A rebuild of version 7 summaries on a full disk (a real one: a small tmpfs). With no room
// to open read-write, the store opens read-only and rebuilds them in memory: everything
// lists and is found, check is clean, nothing is written. A kill during the rebuild
// followed by a full disk is refused clearly (the memtable log must be replayed), and
// changes no file. Once space is back, the store opens, the rebuild finishes, check is clean.
func TestSummaryRebuildOnAFullDisk(t *testing.T) {
	mnt := tmpdisk.Mount(t, 48<<20)
	dir := filepath.Join(mnt, "db")
	n := 1500
	want := v7Store(t, dir, n, 0)

	for _, leave := range []int64{0, 64 << 10} {
		filler := tmpdisk.Fill(t, mnt, leave)
		before := listing(t, dir)
		s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
		if err != nil {
			t.Fatalf("%d bytes free: %v", tmpdisk.Free(t, mnt), err)
		}
		if !s.ReadOnly() {
			t.Fatalf("%d bytes free: not read-only", tmpdisk.Free(t, mnt))
		}
		if got := s.Query(Query{Kind: "commitment", Text: "cote divoire", Limit: 1}).Total; got != n {
			t.Errorf("read-only, cote divoire finds %d commitments, want %d", got, n)
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Errorf("read-only, check: %d problems (the first: %q) %v", len(problems), problems[:min(1, len(problems))], err)
		}
		if got, err := s.StateHash(); err != nil || got != want {
			t.Errorf("read-only, state %s (%v), want %s", got, err, want)
		}
		s.Close()
		if after := listing(t, dir); !mapsEqual(before, after) {
			t.Errorf("read-only open changed the files: %v, then %v", before, after)
		}
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
	}

	done, killed := killRebuild(t, dir, 1, 0)
	if !killed {
		t.Fatal("the child finished before the kill")
	}
	filler := tmpdisk.Fill(t, mnt, 0)
	before := listing(t, dir)
	_, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	var df *DiskFullError
	if !errors.As(err, &df) || df.Pending == "" {
		t.Fatalf("after a kill, on a full disk: %v", err)
	}
	t.Logf("after a kill, on a full disk: %v", err)
	if after := listing(t, dir); !mapsEqual(before, after) {
		t.Errorf("the refused open changed the files: %v, then %v", before, after)
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if stale := rebuilt(t, dir, n, want); stale == 0 || stale > n-done {
		t.Errorf("%d summaries left to rebuild after %d were written and the kill", stale, done)
	}
	if stale := rebuilt(t, dir, n, want); stale != 0 {
		t.Errorf("%d summaries rebuilt again at the next open", stale)
	}
}
