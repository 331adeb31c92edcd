package store

import (
	"encoding/json"
	"testing"

	"dossier/app/oplog"
)

// typicalCommitment is a commitment as the sample data and the portfolio hold them: a text,
// parties, themes, framework items, two funding entries and an indicator with a series.
func typicalCommitment(tb testing.TB) *oplog.Record {
	tb.Helper()
	ids := []string{"5d0c1c8e-8a3b-4a53-9a43-1e0f5b0c2d11", "7e2f4a6b-1c3d-4e5f-8a9b-0c1d2e3f4a5b", "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"}
	fields := map[string]any{
		"title": "Voluntary humanitarian returns from Libya",
		"text": "Thanks to the work of the Task Force and with support of the Trust Fund, around 53,000 voluntary " +
			"humanitarian returns have taken place since 2017.",
		"status": "in_progress", "type": "operational", "due": "2021-12-31", "partnership": ids[2],
		"committed_by": []string{ids[0]}, "towards": []string{ids[1]},
		"themes":          []string{"human_rights", "return_readmission_reintegration"},
		"framework_items": []string{"GCM-21", "JVAP-5"},
		"source_document": "EEAS and Commission intervention, 13 November 2020",
		"funding": []map[string]any{
			{"amount": 90000000, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "committed", "as_of": "2017-04-12",
				"source": "Sample figure: EUTF North of Africa window, programme for Libya"},
			{"amount": 58000000.5, "currency": "EUR", "instrument": "trust_fund_contribution", "state": "disbursed", "as_of": "2020-11-13", "country": ids[1]},
		},
		"indicators": []map[string]any{{"name": "Voluntary humanitarian returns", "unit": "people", "target": 60000, "since": "2017-01-01",
			"values": []map[string]any{{"actual": 53000, "as_of": "2020-11-13", "country": ids[1]}, {"actual": 41000, "as_of": "2019-11-13"}}}},
	}
	set := map[string]json.RawMessage{}
	for k, v := range fields {
		set[k] = oplog.MustCanon(v)
	}
	rec := oplog.NewRecord("0b6f3a52-3c1e-4c55-9f0e-6a2b8d4c1e77")
	if _, err := rec.Apply(&oplog.Op{Author: "A", Seq: 1, Type: oplog.OpCreate, Kind: "commitment", Record: rec.ID, Set: set}); err != nil {
		tb.Fatal(err)
	}
	return rec
}

// BenchmarkSummariseCommitment is the cost summarise adds to every record written, imports
// included (issue 9).
func BenchmarkSummariseCommitment(b *testing.B) {
	rec := typicalCommitment(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = summarise(rec)
	}
}
