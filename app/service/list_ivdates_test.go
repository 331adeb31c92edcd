package service

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/domain"
)

// TestListInterventionsByMeetingDate: an intervention has no date of its own; the list's date
// filters (date_from, date_to, inclusive) take its meeting's start, the date its row shows
// and sorts by, and follow the meeting when it moves. Export CSV of the list selects the same
// rows. Before, the filters read the intervention's own date, which is empty: any date filter
// left the Interventions list empty.
func TestListInterventionsByMeetingDate(t *testing.T) {
	a := testApp(t)
	r := &Records{App: a}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	add := func(kind string, f map[string]any) string {
		t.Helper()
		fields := map[string]json.RawMessage{}
		for k, v := range f {
			fields[k] = raw(v)
		}
		rec, err := r.Add(kind, fields)
		if err != nil {
			t.Fatal(err)
		}
		return rec.ID
	}
	rabat := add("meeting", map[string]any{"title": "Rabat", "start": "2024-03-05T09:00:00+01:00", "end": "2024-03-06T17:00:00+01:00", "time_zone": "Africa/Casablanca"})
	cadiz := add("meeting", map[string]any{"title": "Cadiz", "start": "2022-12-13", "end": "2022-12-14"})
	geneva := add("meeting", map[string]any{"title": "Geneva", "start": "2020-11-12"})
	speaker := map[string]string{}
	for _, m := range []struct{ id, who string }{{rabat, "EEAS"}, {cadiz, "AU"}, {geneva, "ZA"}} {
		speaker[add("intervention", map[string]any{"meeting": m.id, "speaker": m.who, "points": []string{"Returns"}})] = m.who
	}
	list := func(q Query) string {
		t.Helper()
		q.Kind, q.Sort = "intervention", "date"
		l, err := r.List(q)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range l.Items {
			out = append(out, speaker[it.ID])
		}
		if l.Total != len(out) {
			t.Errorf("%+v: total %d for %d rows", q, l.Total, len(out))
		}
		return strings.Join(out, " ")
	}
	for _, tc := range []struct {
		q    Query
		want string
	}{
		{Query{DateFrom: "2022-01-01"}, "AU EEAS"},
		{Query{DateTo: "2022-12-13"}, "ZA AU"}, // the start's day counts: inclusive
		{Query{DateFrom: "2022-12-13", DateTo: "2022-12-13"}, "AU"},
		{Query{DateFrom: "2022-12-14", DateTo: "2024-03-04"}, ""}, // Cadiz's second day is not its list date
		{Query{DateFrom: "2024-03-05", Text: "returns"}, "EEAS"},
		{Query{}, "ZA AU EEAS"},
	} {
		if got := list(tc.q); got != tc.want {
			t.Errorf("from %q to %q: %q, want %q", tc.q.DateFrom, tc.q.DateTo, got, tc.want)
		}
	}
	// The CSV the list exports has the rows the list shows.
	f, err := (&CSV{App: a}).ExportData(Query{Kind: "intervention", DateFrom: "2022-01-01", Sort: "date"}, ",")
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 2 || !strings.Contains(string(f.Data), cadiz) || !strings.Contains(string(f.Data), rabat) || strings.Contains(string(f.Data), geneva) {
		t.Errorf("export from 2022-01-01: %d rows\n%s", f.Rows, f.Data)
	}
	// A meeting moved moves its interventions in and out of a range.
	if _, err := r.Update(geneva, map[string]json.RawMessage{"start": raw("2025-01-20")}); err != nil {
		t.Fatal(err)
	}
	if got := list(Query{DateFrom: "2024-01-01"}); got != "EEAS ZA" {
		t.Errorf("after Geneva moved to 2025: %q, want EEAS ZA", got)
	}
	// A meeting deleted leaves its interventions undated, as on the country page: no range
	// matches them, they sort with the undated, and their rows show no date.
	if _, err := r.Delete(cadiz); err != nil {
		t.Fatal(err)
	}
	if got := list(Query{DateTo: "2023-01-01"}); got != "" {
		t.Errorf("after Cadiz was deleted, to 2023: %q, want none", got)
	}
	if got := list(Query{}); got != "EEAS ZA AU" {
		t.Errorf("after Cadiz was deleted, by date: %q, want the undated last", got)
	}
	l, err := r.List(Query{Kind: "intervention", Text: "returns", Sort: "date"})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range l.Items {
		if speaker[it.ID] == "AU" && it.Date != "" {
			t.Errorf("the row of an intervention at a deleted meeting shows %q", it.Date)
		}
	}
	// A date that is not one is refused with the date rule's problem (domain.DateProblem),
	// naming the filter, as on the other lists.
	p, _ := domain.DateProblem("2024-02-30")
	_, err = r.List(Query{Kind: "intervention", DateTo: "2024-02-30"})
	refusedWith(t, err, "date_to", p.Code, p.Params)
}
