package store

import (
	"slices"
	"testing"
)

// The index keeps each commitment's funding totals (docs/model.md): the currency and
// has-funding filters and partnership totals read them without decoding records, and they
// survive a reopen (the summary encoding carries them).
func TestFundingAndMeetingPartnershipInTheIndex(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	eutf := create(t, s, "partnership", map[string]any{"title": "EU Trust Fund for Africa", "type": "fund", "status": "active"})
	eur := create(t, s, "commitment", map[string]any{"title": "Libya programme", "status": "agreed", "partnership": eutf,
		"funding": []map[string]any{
			{"amount": 46300000, "currency": "EUR", "state": "committed"},
			{"amount": 0.1, "currency": "EUR", "state": "disbursed"},
			{"amount": 0.2, "currency": "EUR", "state": "disbursed"},
			{"amount": 1500000.5, "currency": "USD", "state": "pledged", "instrument": "grant"},
		}})
	usd := create(t, s, "commitment", map[string]any{"title": "Dollar grant", "status": "agreed",
		"funding": []map[string]any{{"amount": 2000, "currency": "USD", "state": "pledged"}}})
	none := create(t, s, "commitment", map[string]any{"title": "No money", "status": "agreed", "partnership": eutf})
	meeting := create(t, s, "meeting", map[string]any{"title": "EUTF board", "start": "2024-06-10", "end": "2024-06-11", "partnership": eutf,
		"outcome": "Adopted the annual report"})

	check := func(s *Store) {
		t.Helper()
		sum, _ := s.Summary(eur)
		want := []string{"EUR committed 46300000", "EUR disbursed 0.3", "USD pledged 1500000.5"}
		if !slices.Equal(sum.Funding, want) {
			t.Errorf("funding summary %q, want %q", sum.Funding, want)
		}
		ids := func(q Query) []string {
			var out []string
			for _, it := range s.Query(q).Items {
				out = append(out, it.ID)
			}
			slices.Sort(out)
			return out
		}
		sorted := func(v ...string) []string { slices.Sort(v); return v }
		for _, c := range []struct {
			q    Query
			want []string
		}{
			{Query{Kind: "commitment", HasFunding: true}, sorted(eur, usd)},
			{Query{Kind: "commitment", Currency: "USD"}, sorted(eur, usd)},
			{Query{Kind: "commitment", Currency: "EUR"}, []string{eur}},
			{Query{Kind: "commitment", Currency: "EU"}, nil}, // a prefix of a code is not the code
			{Query{Kind: "commitment", Currency: "GBP"}, nil},
			{Query{Kind: "commitment", Partnership: eutf}, sorted(eur, none)},
			{Query{Kind: "meeting", Partnership: eutf}, []string{meeting}},
			{Query{Kind: "meeting", Text: "annual report"}, []string{meeting}},
			{Query{Kind: "meeting", DateFrom: "2024-06-10", DateTo: "2024-06-10"}, []string{meeting}},
		} {
			if got := ids(c.q); !slices.Equal(got, c.want) {
				t.Errorf("%+v: %v, want %v", c.q, got, c.want)
			}
		}
		if m, _ := s.Summary(meeting); m.Date != "2024-06-10" || m.Partnership != eutf {
			t.Errorf("meeting summary %+v", m)
		}
	}
	check(s)
	update(t, s, usd, map[string]any{"funding": []any{}})
	if p := s.Query(Query{Kind: "commitment", HasFunding: true}); p.Total != 1 {
		t.Errorf("after removing the funding: %d funded", p.Total)
	}
	update(t, s, usd, map[string]any{"funding": []map[string]any{{"amount": 2000, "currency": "USD", "state": "pledged"}}})
	s.Close()
	s = openTest(t, dir)
	check(s)
	for _, c := range []struct{ entry, cur, state, amount string }{
		{"EUR pledged 46300000", "EUR", "pledged", "46300000"},
		{"USD disbursed 0.3", "USD", "disbursed", "0.3"},
	} {
		if cur, state, amount, ok := FundingTotal(c.entry); !ok || cur != c.cur || state != c.state || amount != c.amount {
			t.Errorf("FundingTotal(%q) = %s %s %s %v", c.entry, cur, state, amount, ok)
		}
	}
	if _, _, _, ok := FundingTotal("EUR 5"); ok {
		t.Errorf("a malformed entry was read")
	}
}
