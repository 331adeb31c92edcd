package store

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/oplog"
)

// TestLargeBatchSplitsChunksTooBig: a batch of small changes to records just under Badger's
// value threshold fills a transaction past its limit by the estimate's reckoning. A save
// applies it in one pass (no transaction limit); a format 3 journal of the same changes,
// finished at open, splits the chunk and applies it in halves. Both count each change once.
func TestLargeBatchSplitsChunksTooBig(t *testing.T) {
	const n = 700
	setup := func(t *testing.T, dir string) (*Store, []string) {
		s := openTest(t, dir)
		return s, saveLongCommitments(t, s, n, 250) // ~3 KB each: in the LSM tree, counted in full
	}
	// Each record changed again later in the same batch: its second change meets the record
	// as the cache holds it, after a split chunk may have touched it.
	changes := func(ids []string) []Draft {
		var drafts []Draft
		for _, id := range ids {
			drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"status": js("delivered")}})
		}
		for _, id := range ids {
			drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"title": js("Commitment, delivered")}})
		}
		return drafts
	}
	check := func(t *testing.T, s *Store, ids []string) {
		for _, id := range ids {
			if sum, _ := s.Summary(id); sum.Status != "delivered" || sum.Title != "Commitment, delivered" {
				t.Fatalf("%s: status %q, title %q", id, sum.Status, sum.Title)
			}
		}
		if got := s.Query(Query{Kind: "commitment", Status: "delivered", Limit: 1}).Total; got != n {
			t.Fatalf("%d delivered, want %d", got, n)
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("check: %v %v", problems, err)
		}
	}
	t.Run("save", func(t *testing.T) {
		s, ids := setup(t, t.TempDir())
		res, err := s.Save("", changes(ids)...)
		if err != nil {
			t.Fatal(err)
		}
		if res.New != 2*n || len(res.Created) != 0 || len(res.Updated) != n || len(res.Ops) != 2*n {
			t.Fatalf("result counts New %d, Updated %d, Created %d, Ops %d; want %d updates", res.New, len(res.Updated), len(res.Created), len(res.Ops), n)
		}
		check(t, s, ids)
	})
	t.Run("format 3 journal", func(t *testing.T) {
		dir := t.TempDir()
		s, ids := setup(t, dir)
		s.wmu.Lock()
		ps, err := s.prepare(changes(ids))
		s.wmu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.stage(ps, ""); err != nil {
			t.Fatal(err)
		}
		s.Close()
		before := splits.Load()
		s = openTest(t, dir)
		if splits.Load() == before {
			t.Fatal("no chunk was split: the test no longer reaches the split it checks")
		}
		check(t, s, ids)
	})
}

// saveLongCommitments saves n new commitments in one batch, each with a text of words words
// (12 bytes each), and returns their ids.
func saveLongCommitments(t *testing.T, s *Store, n, words int) []string {
	t.Helper()
	text := strings.Repeat("readmission ", words)
	var ids []string
	var drafts []Draft
	for i := 0; i < n; i++ {
		id := newID()
		ids = append(ids, id)
		drafts = append(drafts, Draft{Type: oplog.OpCreate, Kind: "commitment", Record: id,
			Set: map[string]json.RawMessage{"title": js("Commitment"), "text": js(text), "status": js("agreed")}})
	}
	if _, err := s.Save("", drafts...); err != nil {
		t.Fatal(err)
	}
	return ids
}
