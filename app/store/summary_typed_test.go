package store

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// summaryRecord materialises a record from its fields as the store holds them.
func summaryRecord(tb testing.TB, id, kind string, deleted bool, fields map[string]json.RawMessage) *oplog.Record {
	tb.Helper()
	rec := oplog.NewRecord(id)
	if _, err := rec.Apply(&oplog.Op{Author: "A", Seq: 1, Clock: oplog.Clock{Wall: 1}, Type: oplog.OpCreate, Kind: kind, Record: id, Set: fields}); err != nil {
		tb.Fatal(err)
	}
	if deleted {
		if _, err := rec.Apply(&oplog.Op{Author: "A", Seq: 2, Clock: oplog.Clock{Wall: 2}, Type: oplog.OpDelete, Kind: kind, Record: id}); err != nil {
			tb.Fatal(err)
		}
	}
	return rec
}

func rawFields(tb testing.TB, js string) map[string]json.RawMessage {
	tb.Helper()
	var f map[string]json.RawMessage
	if err := json.Unmarshal([]byte(js), &f); err != nil {
		tb.Fatal(err)
	}
	return f
}

// sameSummary reports whether two summaries are stored the same: the index keeps the
// encoding, and `check` compares it with the one derived again.
func sameSummary(a, b Summary) bool { return bytes.Equal(a.encode(), b.encode()) }

// TestSummaryReadsTypedRecords: summaries read through domain.Read (issue 11 item 9) are the
// ones read field by field before (the oracle, summary_oracle_test.go), byte for byte as
// stored, so that no stored index changes and no migration is needed. Over the sample data
// and issue 10's portfolio (testdata/summary_corpus.jsonl.gz, written by
// app/service/summary_corpus_test.go), every amount form, and records a newer version wrote.
func TestSummaryReadsTypedRecords(t *testing.T) {
	t.Run("sample data and portfolio", func(t *testing.T) {
		f, err := os.Open("testdata/summary_corpus.jsonl.gz")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		sc := bufio.NewScanner(zr)
		sc.Buffer(nil, 1<<22)
		for sc.Scan() {
			var e struct {
				ID, Kind string
				Deleted  bool
				Fields   map[string]json.RawMessage
			}
			if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
				t.Fatal(err)
			}
			kinds[e.Kind]++
			rec := summaryRecord(t, e.ID, e.Kind, e.Deleted, e.Fields)
			if got, want := summarise(rec), oldSummarise(rec); !sameSummary(got, want) {
				t.Errorf("%s %s:\n got %+v\nwant %+v", e.Kind, e.ID, got, want)
			}
			if _, left := domain.Read(domain.Kind(e.Kind), e.Fields); len(left) > 0 {
				t.Errorf("%s %s: the sample data has fields this version does not read: %v", e.Kind, e.ID, left)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
		for _, k := range domain.Kinds {
			if kinds[string(k)] < 3 {
				t.Errorf("the corpus holds %d records of kind %s: %v", kinds[string(k)], k, kinds)
			}
		}
	})

	// Amounts: the words hold the digits stored, which are encoding/json's float formatting
	// (oplog.Canon); the typed reader writes them with AmountText. Every cent amount a
	// currency allows, from the smallest to MaxAmount, and random ones.
	t.Run("amounts", func(t *testing.T) {
		amounts := []float64{0, 0.001, 0.01, 0.1, 0.5, 1, 12.5, 1234.125, 3250000.5, 1234567.89, 4440000000, 999999999999.99,
			123456789012345.6, 99999999999999.99, 1e15}
		r := rand.New(rand.NewPCG(11, 9))
		for range 2000 {
			amounts = append(amounts, float64(r.Int64N(1e15))/100, float64(r.Int64N(1e15)), float64(r.Int64N(1e7))/1000)
		}
		for _, v := range amounts {
			if canon := string(oplog.MustCanon(v)); canon != domain.AmountText(v) {
				t.Errorf("%v is stored as %s, written %s", v, canon, domain.AmountText(v))
			}
		}
		for i := 0; i < len(amounts); i += 50 {
			var funding []map[string]any
			for _, v := range amounts[i:min(i+50, len(amounts))] {
				funding = append(funding, map[string]any{"amount": v, "currency": "TND", "state": "committed"})
			}
			rec := summaryRecord(t, "c", "commitment", false, map[string]json.RawMessage{"title": oplog.MustCanon("Money"),
				"status": oplog.MustCanon("agreed"), "funding": oplog.MustCanon(funding)})
			if got, want := summarise(rec), oldSummarise(rec); !sameSummary(got, want) {
				t.Errorf("amounts %v:\n got %v %v\nwant %v %v", amounts[i:min(i+50, len(amounts))], got.Words, got.Funding, want.Words, want.Funding)
			}
		}
	})

	t.Run("newer and badly shaped records", func(t *testing.T) {
		const (
			id1 = "5d0c1c8e-8a3b-4a53-9a43-1e0f5b0c2d11"
			id2 = "7e2f4a6b-1c3d-4e5f-8a9b-0c1d2e3f4a5b"
		)
		same := []struct{ name, kind, fields string }{
			{"a field of a newer version", "commitment", `{"title":"A","status":"agreed","priority":3,"towards":["` + id1 + `"]}`},
			{"a newer member of a funding entry", "commitment", `{"title":"A","funding":[{"amount":1500000,"currency":"EUR","state":"pledged","tranche":2,"country":"` + id1 + `"}]}`},
			{"a newer member of an indicator value", "commitment", `{"title":"A","indicators":[{"name":"Returns","values":[{"actual":5,"as_of":"2020-01-01","country":"` + id2 + `","region":"x"}]}]}`},
			{"a newer member of a session", "meeting", `{"title":"M","start":"2020-01-01T10:00:00+01:00","sessions":[{"title":"Roundtable 4","room":"B"}]}`},
			{"a newer member of a framework item", "framework", `{"code":"GCM","title":"Compact","items":[{"code":"GCM-1","title":"Data","number":1,"url":"x"}]}`},
			{"a newer member of a party role", "partnership", `{"title":"P","parties":[{"party":"` + id1 + `","role":"lead","since":"2020"}],"themes":["asylum"]}`},
			{"a newer member of a contact", "party", `{"name":"Tunisia","type":"country","iso3":"TUN","contacts":[{"name":"A","pager":"1"}]}`},
			{"scalars of another shape", "commitment", `{"title":7,"status":5,"due":true,"text":["x"],"partnership":{}}`},
			{"a list given as a string", "commitment", `{"title":"A","committed_by":"` + id1 + `","themes":"asylum"}`},
			{"nulls", "meeting", `{"title":null,"start":null,"participants":null,"sessions":null,"organiser":null}`},
			{"empty lists", "partnership", `{"title":"P","themes":[],"framework_items":[],"parties":[]}`},
			{"escaped text", "commitment", `{"title":"A \"quoted\" caf\u00e9\ttab","text":"line\nbreak \u2028"}`},
			{"an intervention's parts of another shape", "intervention", `{"speaker":5,"session":"Opening","points":["a","b"],"countries":["TUN"]}`},
			{"a party's names", "party", `{"name":"Côte d'Ivoire","type":"country","iso3":"CIV","acronym":"RCI","region":"West Africa"}`},
			{"a framework without a code", "framework", `{"title":"Compact","code":3}`},
			{"a deleted record", "commitment", `{"title":"Gone","status":"withdrawn"}`},
		}
		for i, c := range same {
			rec := summaryRecord(t, fmt.Sprint("r", i), c.kind, c.name == "a deleted record", rawFields(t, c.fields))
			if got, want := summarise(rec), oldSummarise(rec); !sameSummary(got, want) {
				t.Errorf("%s:\n got %+v\nwant %+v", c.name, got, want)
			}
		}

		// The differences, which no version of Dossier writes (every version validates what it
		// stores): a field whose values are of another shape is left out whole, as the brief
		// and the country page leave it out, where the field-by-field reading kept the parts
		// of it that fit (docs/storage.md, "The query index").
		differ := []struct {
			name, kind, fields string
			check              func(got, old Summary) bool
		}{
			{"a list with an element of another shape", "commitment", `{"title":"A","towards":["` + id1 + `",5],"committed_by":["` + id2 + `"]}`,
				func(got, old Summary) bool {
					return slices.Equal(got.Parties, []string{id2}) && slices.Equal(old.Parties, []string{"", id1, id2})
				}},
			{"an amount written as a string", "commitment", `{"title":"A","funding":[{"amount":"1500000","currency":"EUR","state":"pledged","country":"` + id1 + `"}]}`,
				func(got, old Summary) bool {
					return !slices.Contains(got.Words, "1500000") && !slices.Contains(got.Words, "eur") && got.Parties == nil && got.Funding == nil &&
						slices.Contains(old.Words, "1500000") && slices.Contains(old.Words, "eur") && slices.Equal(old.Parties, []string{id1}) && old.Funding == nil
				}},
			{"one funding entry not in a list", "commitment", `{"title":"A","funding":{"amount":1500000,"currency":"EUR","state":"pledged"}}`,
				func(got, old Summary) bool {
					return !slices.Contains(got.Words, "1500000") && slices.Contains(old.Words, "1500000") && got.Funding == nil && old.Funding == nil
				}},
			{"a kind this version does not know", "memo", `{"title":"Note to file"}`,
				func(got, old Summary) bool { return got.Title == "" && old.Title == "Note to file" }},
		}
		for i, c := range differ {
			rec := summaryRecord(t, fmt.Sprint("d", i), c.kind, false, rawFields(t, c.fields))
			got, old := summarise(rec), oldSummarise(rec)
			if sameSummary(got, old) || !c.check(got, old) {
				t.Errorf("%s:\n got %+v\n old %+v", c.name, got, old)
			}
		}
	})
}
