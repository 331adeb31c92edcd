package service_test

import (
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/domain"
	"dossier/app/service"
)

// A conflict on a list field is served with what differs entry by entry (codes: the marks,
// the parts changed, where each entry stands), on the Conflicts screen's list and on the
// record, so that a difference in the fifth funding line is found without comparing by eye.
func TestConflictOnFundingServesItsDiff(t *testing.T) {
	s, a, b, _ := office(t)
	id := s.addCommitment("Assistance at disembarkation points")
	line := func(amount float64, state string) map[string]any {
		return map[string]any{"amount": amount, "currency": "EUR", "state": state}
	}
	common := []map[string]any{line(100000, "pledged"), line(200000, "pledged"), line(300000, "committed"), line(400000, "pledged")}
	b0 := s.export(service.ExportOptions{})
	a.imp(b0)
	b.imp(b0)
	a.set(id, "funding", append(slices.Clone(common), line(500000, "disbursed")))
	b.set(id, "funding", append(slices.Clone(common), line(550000, "disbursed")))
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	rec, err := (&service.Records{App: s.app}).Get(id)
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range [][]service.ConflictView{s.conflicts(), rec.Conflicts} {
		if len(cs) != 1 || cs[0].Field != "funding" || len(cs[0].Values) != 2 || cs[0].Reordered {
			t.Fatalf("conflicts: %+v", cs)
		}
		for i, v := range cs[0].Values {
			want := []domain.EntryDiff{{Mark: domain.EntrySame, Value: i, Entry: 0}, {Mark: domain.EntrySame, Value: i, Entry: 1},
				{Mark: domain.EntrySame, Value: i, Entry: 2}, {Mark: domain.EntrySame, Value: i, Entry: 3},
				{Mark: domain.EntryChanged, Parts: []string{"amount"}, Value: i, Entry: 4}}
			if !slices.EqualFunc(v.Diff, want, func(x, y domain.EntryDiff) bool {
				return x.Mark == y.Mark && slices.Equal(x.Parts, y.Parts) && x.Value == y.Value && x.Entry == y.Entry
			}) {
				t.Fatalf("value %d diff: %+v, want %+v", i, v.Diff, want)
			}
		}
		// On the wire: codes, no words.
		b, _ := json.Marshal(cs[0].Values[0].Diff[4])
		if string(b) != `{"mark":"changed","parts":["amount"],"value":0,"entry":4}` {
			t.Fatalf("wire: %s", b)
		}
	}

	// The same lines in another order: nothing differs but the order, and the card says so.
	id2 := s.addCommitment("Voluntary humanitarian returns")
	b1 := s.export(service.ExportOptions{})
	a.imp(b1)
	b.imp(b1)
	a.set(id2, "funding", common)
	b.set(id2, "funding", []map[string]any{common[1], common[0], common[2], common[3]})
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	rec, _ = (&service.Records{App: s.app}).Get(id2)
	if len(rec.Conflicts) != 1 || !rec.Conflicts[0].Reordered || len(rec.Conflicts[0].Values[1].Diff) != 4 {
		t.Fatalf("reordered: %+v", rec.Conflicts)
	}
	// A conflict on a field that is not diffed has none.
	a.set(id2, "status", "delivered")
	b.set(id2, "status", "stalled")
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	rec, _ = (&service.Records{App: s.app}).Get(id2)
	for _, c := range rec.Conflicts {
		if c.Field == "status" && (c.Reordered || c.Values[0].Diff != nil || c.Values[1].Diff != nil) {
			t.Fatalf("status conflict diffed: %+v", c)
		}
	}
}
