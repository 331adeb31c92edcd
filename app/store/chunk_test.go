package store

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/oplog"
)

// TestLargeBatchSplitsChunksTooBig: a batch of small changes to records just under Badger's
// value threshold fills a transaction past its limit by the estimate's reckoning; the chunk
// is split and applied in halves, and the result counts each change once.
func TestLargeBatchSplitsChunksTooBig(t *testing.T) {
	s := openTest(t, t.TempDir())
	const n = 700
	text := strings.Repeat("readmission ", 250) // ~3 KB: stays in the LSM tree, counts in full
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
	drafts = drafts[:0]
	for _, id := range ids {
		drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"status": js("delivered")}})
	}
	// Each record changed again later in the same save: its second change meets the record as
	// the chunk cache holds it, after a split chunk may have touched it.
	for _, id := range ids {
		drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"title": js("Commitment, delivered")}})
	}
	before := splits.Load()
	res, err := s.Save("", drafts...)
	if err != nil {
		t.Fatal(err)
	}
	if splits.Load() == before {
		t.Fatal("no chunk was split: the test no longer reaches the split it checks")
	}
	if res.New != 2*n || len(res.Created) != 0 || len(res.Ops) != 2*n {
		t.Fatalf("result counts New %d, Updated %d, Created %d, Ops %d; want %d updates", res.New, len(res.Updated), len(res.Created), len(res.Ops), n)
	}
	for _, id := range ids {
		if sum, _ := s.Summary(id); sum.Status != "delivered" || sum.Title != "Commitment, delivered" {
			t.Fatalf("%s: status %q, title %q", id, sum.Status, sum.Title)
		}
	}
	if got := s.Query(Query{Kind: "commitment", Status: "delivered", Limit: 1}).Total; got != n {
		t.Fatalf("%d delivered, want %d", got, n)
	}
}
