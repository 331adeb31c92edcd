package store

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/oplog"
)

// A batch small enough to be tried in one transaction, whose writes turn out too big for it
// (small changes to large records), is applied again as a pending batch: the result counts
// each change once, not once per attempt.
func TestBatchTooBigForOneTransactionCountsEachChangeOnce(t *testing.T) {
	const n = 75
	text := strings.Repeat("readmission ", 275) // ~4 KB a record, under the value threshold: n of them pass a transaction
	s := openTest(t, t.TempDir())
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
	size := 0
	for _, id := range ids {
		drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"status": js("delivered")}})
	}
	res, err := s.Save("", drafts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range res.Ops {
		raw, _ := oplog.Encode(op)
		size += 3 * len(raw)
	}
	if size >= maxTxnBytes/2 {
		t.Fatalf("the batch (%d bytes by the estimate) does not take the one-transaction attempt", size)
	}
	if res.New != n || len(res.Created) != 0 || len(res.Updated) != n || len(res.Ops) != n || res.Kinds["commitment"] != n {
		t.Fatalf("result: New %d, Created %d, Updated %d, Ops %d, Kinds %v; want %d updates", res.New, len(res.Created), len(res.Updated), len(res.Ops), res.Kinds, n)
	}
	checkClean(t, s)
}
