//go:build corpus

package service

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"testing"

	"dossier/app/oplog"
)

// TestWriteSummaryCorpus writes the records of the sample data (Demo) and of issue 10's
// portfolio (app/internal/portfolio, imported from CSV) to app/store/testdata, where the
// store's summary tests read them (TestSummaryReadsTypedRecords): the store's tests cannot
// import this package. Run it again when the sample data or the portfolio grow:
//
//	go test -tags corpus -run TestWriteSummaryCorpus ./app/service/
func TestWriteSummaryCorpus(t *testing.T) {
	type entry struct {
		ID      string                     `json:"id"`
		Kind    string                     `json:"kind"`
		Deleted bool                       `json:"deleted,omitempty"`
		Fields  map[string]json.RawMessage `json:"fields"`
	}
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	enc := json.NewEncoder(zw)
	n := 0
	for _, app := range []*App{openDemo(t), loadPortfolio(t)} {
		err := app.Store.EachRecord(func(rec *oplog.Record) error {
			n++
			return enc.Encode(entry{rec.ID, rec.Kind, rec.Deleted(), rec.Fields()})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("../store/testdata/summary_corpus.jsonl.gz", out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d records, %d bytes", n, out.Len())
}
