package service

import (
	"encoding/json"
	"slices"
	"testing"
)

// A list row carries what the list's optional columns show: parties, the countries they are
// of, the partnership, and their titles (issue 12, item 7).
func TestListColumns(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	mar, err := r.Add("party", map[string]json.RawMessage{"name": raw("Kingdom of Morocco"), "type": raw("country"), "iso3": raw("MAR")})
	if err != nil {
		t.Fatal(err)
	}
	pa, err := r.Add("partnership", map[string]json.RawMessage{"title": raw("Rabat column test"), "status": raw("active"),
		"parties": raw([]map[string]string{{"party": mar.ID, "role": "member"}}), "type": raw("bilateral")})
	if err != nil {
		t.Fatal(err)
	}
	c, err := r.Add("commitment", map[string]json.RawMessage{"title": raw("Column test commitment"), "status": raw("proposed"),
		"committed_by": raw([]string{mar.ID}), "partnership": raw(pa.ID)})
	if err != nil {
		t.Fatal(err)
	}
	l, err := r.List(Query{Kind: "commitment", Text: "column test", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 1 || l.Items[0].ID != c.ID {
		t.Fatalf("list: %+v", l)
	}
	it := l.Items[0]
	if !slices.Equal(it.Parties, []string{mar.ID}) || !slices.Equal(it.Countries, []string{"MAR"}) || it.Partnership != pa.ID {
		t.Fatalf("columns: parties %v countries %v partnership %q", it.Parties, it.Countries, it.Partnership)
	}
	if it.Names[mar.ID] != "Kingdom of Morocco" || it.Names[pa.ID] != "Rabat column test" {
		t.Fatalf("names: %v", it.Names)
	}
	// A party row names its own country; a record with no references carries none.
	l, _ = r.List(Query{Kind: "party", Text: "kingdom morocco", Limit: 10})
	if len(l.Items) != 1 || !slices.Equal(l.Items[0].Countries, []string{"MAR"}) || l.Items[0].Names != nil {
		t.Fatalf("party row: %+v", l.Items)
	}
}

// An intervention's row carries its meeting and the meeting's start date, from the index, so
// that two interventions by the same speaker can be told apart in the list.
func TestListColumnsInterventionMeeting(t *testing.T) {
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
	rabat := add("meeting", map[string]any{"title": "Rabat senior officials", "start": "2024-03-05T09:00:00+01:00", "end": "2024-03-06T17:00:00+01:00", "time_zone": "Africa/Casablanca"})
	cadiz := add("meeting", map[string]any{"title": "Cadiz ministerial", "start": "2022-12-13", "end": "2022-12-14"})
	first := add("intervention", map[string]any{"meeting": rabat, "speaker": "EEAS", "points": []string{"Returns"}})
	second := add("intervention", map[string]any{"meeting": cadiz, "speaker": "EEAS", "points": []string{"Returns"}})
	l, err := r.List(Query{Kind: "intervention", Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][3]string{first: {rabat, "Rabat senior officials", "2024-03-05"}, second: {cadiz, "Cadiz ministerial", "2022-12-13"}}
	if len(l.Items) != len(want) {
		t.Fatalf("list: %+v", l)
	}
	for _, it := range l.Items {
		if got := [3]string{it.Meeting, it.Names[it.Meeting], it.Date}; got != want[it.ID] {
			t.Errorf("%s: meeting, its title and date %q, want %q", it.ID, got, want[it.ID])
		}
	}
}
