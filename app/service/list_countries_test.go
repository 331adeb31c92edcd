package service

import (
	"bytes"
	"encoding/json"
	"slices"
	"testing"
)

// The Interventions list's Countries column and country filter follow the country page's rule
// (domain.Concerns; docs/brief.md, "Talking points"): a list read or filtered for a country
// shows exactly the interventions the country's page and brief count.
func TestInterventionListCountriesByPageRule(t *testing.T) {
	a := testApp(t)
	r := &Records{App: a}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	add := func(kind string, f map[string]any) string {
		t.Helper()
		fields := map[string]json.RawMessage{}
		for k, v := range f {
			fields[k] = raw(v)
		}
		v, err := r.Add(kind, fields)
		if err != nil {
			t.Fatalf("add %s: %v", kind, err)
		}
		return v.ID
	}
	tun := add("party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	lby := add("party", map[string]any{"name": "Libya", "type": "country", "iso3": "LBY"})
	eu := add("party", map[string]any{"name": "European Union", "type": "eu_institution"})
	cm := add("commitment", map[string]any{"title": "Search and rescue support", "status": "agreed",
		"committed_by": []string{eu}, "towards": []string{lby}})
	m := add("meeting", map[string]any{"title": "Khartoum Process SOM", "start": "2020-10-05"})

	named := add("intervention", map[string]any{"meeting": m, "speaker": "A",
		"points": []string{"Returns to South Sudan have resumed."}})
	tagged := add("intervention", map[string]any{"meeting": m, "speaker": "B", "countries": []string{"SDN"},
		"points": []string{"Labour mobility should widen."}})
	both := add("intervention", map[string]any{"meeting": m, "speaker": "C", "on_behalf_of": []string{tun},
		"points": []string{"We work with Sudan and South Sudan."}})
	viaCommitment := add("intervention", map[string]any{"meeting": m, "speaker": "D", "commitments": []string{cm},
		"points": []string{"Capacities remain stretched."}})
	pointless := add("intervention", map[string]any{"meeting": m, "speaker": "E", "countries": []string{"SSD"}})

	want := map[string][]string{
		named:         {"SSD"}, // South Sudan, not Sudan
		tagged:        {"SDN"},
		both:          {"SDN", "SSD", "TUN"},
		viaCommitment: {"LBY"},
		pointless:     nil, // nothing to show on a page: no country
	}
	l, err := r.List(Query{Kind: "intervention", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != len(want) {
		t.Fatalf("listed %d interventions, want %d", l.Total, len(want))
	}
	for _, it := range l.Items {
		if !slices.Equal(it.Countries, want[it.ID]) {
			t.Errorf("intervention %s (%s): countries %v, want %v", it.ID, it.Parts.Speaker, it.Countries, want[it.ID])
		}
	}

	c := &Country{App: a}
	counts := map[string]int{}
	list, err := c.List()
	if err != nil {
		t.Fatal(err)
	}
	for _, cs := range list {
		counts[cs.Alpha3] = cs.Interventions
	}
	for _, code := range []string{"SSD", "SDN", "TUN", "LBY", "NER"} {
		l, err := r.List(Query{Kind: "intervention", Country: code, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, it := range l.Items {
			got = append(got, it.ID)
		}
		page, err := c.Get(code)
		if err != nil {
			t.Fatal(err)
		}
		var onPage []string
		for _, tp := range page.TalkingPoints {
			onPage = append(onPage, tp.Intervention)
		}
		var expect []string
		for id, cs := range want {
			if slices.Contains(cs, code) {
				expect = append(expect, id)
			}
		}
		slices.Sort(got)
		slices.Sort(onPage)
		slices.Sort(expect)
		if !slices.Equal(got, expect) || l.Total != len(expect) {
			t.Errorf("filter %s: %v (total %d), want %v", code, got, l.Total, expect)
		}
		if !slices.Equal(got, onPage) {
			t.Errorf("filter %s: %v, the country page shows %v", code, got, onPage)
		}
		if counts[code] != len(got) {
			t.Errorf("filter %s: %d interventions, the countries list counts %d", code, len(got), counts[code])
		}
		// The CSV export of the filtered list writes the same rows.
		var buf bytes.Buffer
		rep, err := (&CSV{App: a}).exportQuery(&buf, Query{Kind: "intervention", Country: code}, "")
		if err != nil {
			t.Fatal(err)
		}
		if rep.Rows != len(expect) {
			t.Errorf("CSV export for %s: %d rows, want %d", code, rep.Rows, len(expect))
		}
	}
	// The filter keeps the list's other filters.
	l, err = r.List(Query{Kind: "intervention", Country: "SSD", Party: tun, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 1 || l.Items[0].ID != both {
		t.Errorf("SSD and on behalf of Tunisia: %+v", l.Items)
	}

	// What was read of the interventions is kept between lists: a list filtered for another
	// country, the countries list and a page read no intervention again; an unrelated change
	// keeps it too. A changed point is read again (that intervention only), and a party whose
	// title now names its country in a point has every intervention read again.
	ids := func(code string) []string {
		t.Helper()
		l, err := r.List(Query{Kind: "intervention", Country: code, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range l.Items {
			out = append(out, it.ID)
		}
		slices.Sort(out)
		return out
	}
	reads := func(step string, want uint64, do func()) {
		t.Helper()
		before := a.Store.InterventionReads()
		do()
		if n := a.Store.InterventionReads() - before; n != want {
			t.Errorf("%s: %d interventions read, want %d", step, n, want)
		}
	}
	reads("kept answers", 0, func() {
		ids("LBY")
		if _, err := c.List(); err != nil {
			t.Fatal(err)
		}
		if _, err := r.List(Query{Kind: "intervention", Limit: 100}); err != nil {
			t.Fatal(err)
		}
	})
	if _, err := r.Update(m, map[string]json.RawMessage{"title": raw("Khartoum Process SOM, Rome")}); err != nil {
		t.Fatal(err)
	}
	reads("after a meeting's title changed", 0, func() { ids("LBY") })
	if _, err := r.Update(named, map[string]json.RawMessage{"points": raw([]string{"Returns to Sudan have resumed."})}); err != nil {
		t.Fatal(err)
	}
	reads("after a point changed", 1, func() {
		if got := ids("SSD"); !slices.Equal(got, []string{both}) {
			t.Errorf("after the point changed, SSD lists %v, want only %s", got, both)
		}
	})
	if got := ids("SDN"); !slices.Contains(got, named) {
		t.Errorf("after the point changed, SDN lists %v, without %s", got, named)
	}
	add("party", map[string]any{"name": "Capacities", "type": "country", "iso3": "NER"})
	reads("after a country party was added", uint64(len(want)), func() {
		if got := ids("NER"); !slices.Equal(got, []string{viaCommitment}) {
			t.Errorf("a party titled \"Capacities\" for Niger: NER lists %v, want %s", got, viaCommitment)
		}
	})
}
