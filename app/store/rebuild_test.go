package store

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// v7Store writes n commitments whose text names "Côte d’Ivoire" (and pad words more, to make
// the summaries larger) into dir, then rewrites
// every summary as version 7 held it (without the joined word "divoire", its version byte
// 7), as TestSummaryOfVersion7IsRebuiltWithJoinedWords does for one, and closes the store.
// It returns the state hash.
func v7Store(t testing.TB, dir string, n, pad int) string {
	t.Helper()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []string
	for len(ids) < n {
		var drafts []Draft
		for i := 0; i < 500 && len(ids) < n; i++ {
			d := draft(fmt.Sprintf("Commitment %d on border management", len(ids)))
			text := fmt.Sprintf("Le partenariat avec la Côte d’Ivoire se poursuit, ligne %d.", len(ids))
			for w := range pad {
				text += fmt.Sprintf(" mot%dx%d", len(ids), w)
			}
			d.Set["text"] = js(text)
			drafts, ids = append(drafts, d), append(ids, d.Record)
		}
		if _, err := s.Save("", drafts...); err != nil {
			t.Fatal(err)
		}
	}
	for chunk := range slices.Chunk(ids, 300) {
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, id := range chunk {
				rec, err := getRecord(txn, id)
				if err != nil {
					return err
				}
				old := summarise(rec)
				old.Words = slices.DeleteFunc(slices.Clone(old.Words), func(w string) bool { return w == "divoire" })
				enc := old.encode()
				enc[0] = 7
				if err := txn.Set(summaryKey(id), enc); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	hash, err := s.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return hash
}

// copyClosed copies a closed store's files.
func copyClosed(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	return to
}

// rebuilt opens dir, recording how many summaries the open found of another version, and
// holds the store to everything a rebuild must give: every record listed, found by the
// joined word, check clean, the state hash unchanged.
func rebuilt(t *testing.T, dir string, n int, want string) (stale int) {
	t.Helper()
	rebuildHook = func(done, total int) {
		if done == 0 {
			stale = total
		}
	}
	defer func() { rebuildHook = nil }()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	defer s.Close()
	if got := s.Query(Query{Kind: "commitment", Limit: 1}).Total; got != n {
		t.Errorf("%d commitments listed, want %d", got, n)
	}
	if got := s.Query(Query{Kind: "commitment", Text: "cote divoire", Limit: 1}).Total; got != n {
		t.Errorf("cote divoire finds %d commitments, want %d: summaries of version 7 are left", got, n)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	if got, err := s.StateHash(); err != nil || got != want {
		t.Errorf("state %s (%v), want %s", got, err, want)
	}
	return stale
}

// A rebuild is a write like a save: on a disk with room to open read-write but not for the
// rebuilt summaries beyond Badger's reserve, they are rebuilt in memory only. The open
// finishes, everything lists and is found, check is clean, nothing is written; the next
// open with space writes them.
func TestSummaryRebuildWithoutRoomStaysInMemory(t *testing.T) {
	dir := t.TempDir()
	n := 1500
	want := v7Store(t, dir, n, 0)
	var tables int64
	for name, size := range listing(t, dir) {
		if strings.HasSuffix(name, ".sst") {
			tables += size
		}
	}
	stubFree(t, spaceReserve(memTableSize, tables, 0)+4<<10) // room to open, not for 1,500 summaries
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	if s.ReadOnly() {
		t.Fatal("opened read-only: the test needs room for a read-write open")
	}
	if got := s.Query(Query{Kind: "commitment", Text: "cote divoire", Limit: 1}).Total; got != n {
		t.Errorf("cote divoire finds %d commitments, want %d", got, n)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %d problems (the first: %q) %v", len(problems), problems[:min(1, len(problems))], err)
	}
	s.Close()
	diskFree = freeBytes
	if stale := rebuilt(t, dir, n, want); stale != n {
		t.Errorf("%d summaries of version 7 left after the open without room, want all %d", stale, n)
	}
	if stale := rebuilt(t, dir, n, want); stale != 0 {
		t.Errorf("%d summaries rebuilt again at the next open", stale)
	}
}
