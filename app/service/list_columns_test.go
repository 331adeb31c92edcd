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
