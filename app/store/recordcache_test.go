package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"dossier/app/oplog"
)

// The apply cache is bounded by what its records hold, not only by their number: a batch of
// large records (frameworks of long items) keeps at most recordCacheBytes of them.
func TestRecordCacheIsBoundedByBytes(t *testing.T) {
	c := newRecordCache(recordCacheSize)
	big := json.RawMessage(`"` + strings.Repeat("x", 256<<10) + `"`)
	for i := 0; i < 400; i++ {
		rec := oplog.NewRecord(fmt.Sprintf("r%d", i))
		rec.Regs = map[string][]oplog.Write{"items": {{Author: "A", Seq: uint64(i + 1), Value: big}}}
		c.put(rec.ID, rec)
		if c.bytes > recordCacheBytes {
			t.Fatalf("after %d records the cache holds %d bytes (bound %d)", i+1, c.bytes, recordCacheBytes)
		}
	}
	if len(c.recs) == 0 || len(c.recs) > recordCacheBytes/(256<<10) {
		t.Errorf("the cache holds %d records of 256 KiB", len(c.recs))
	}
	if rec, _ := c.get("r399"); rec == nil {
		t.Error("the last record put is not cached")
	}
	if rec, _ := c.get("r0"); rec != nil {
		t.Error("the first record put is still cached")
	}
	c.drop("r399")
	total := 0
	for id := range c.recs {
		total += c.size[id]
	}
	if total != c.bytes {
		t.Errorf("the cache counts %d bytes, its records hold %d", c.bytes, total)
	}
}
