package service_test

import (
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/identity"
	"dossier/app/service"
)

// The Interventions list filtered for a country, after a bundle is imported, shows what the
// bundle changed: a point edited elsewhere (that intervention read again, no other), a party
// renamed elsewhere to a word of a point (every intervention read again), and nothing is read
// again for a bundle that changes neither (docs/performance.md, "4 December").
func TestInterventionCountriesAfterABundleImport(t *testing.T) {
	s := newNode(t, "Secretariat", identity.RoleSecretariat)
	a := newNode(t, "A. Benali", identity.RoleDelegate)
	s.trusts(a)
	ra := &service.Records{App: a.app}
	add := func(kind string, f map[string]any) string {
		t.Helper()
		fields := map[string]json.RawMessage{}
		for k, v := range f {
			fields[k] = raw(v)
		}
		v, err := ra.Add(kind, fields)
		if err != nil {
			t.Fatalf("add %s: %v", kind, err)
		}
		return v.ID
	}
	tcd := add("party", map[string]any{"name": "Chad", "type": "country", "iso3": "TCD"})
	m := add("meeting", map[string]any{"title": "Khartoum Process SOM", "start": "2020-10-05"})
	first := add("intervention", map[string]any{"meeting": m, "speaker": "A", "points": []string{"Returns to Niger have resumed."}})
	second := add("intervention", map[string]any{"meeting": m, "speaker": "B", "points": []string{"Capacities remain stretched."}})
	s.imp(a.export(service.ExportOptions{}))

	rs := &service.Records{App: s.app}
	listed := func(code string) []string {
		t.Helper()
		l, err := rs.List(service.Query{Kind: "intervention", Country: code, Limit: 100})
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
	step := func(name string, reads uint64, code string, want ...string) {
		t.Helper()
		before := s.app.Store.InterventionReads()
		got := listed(code)
		if n := s.app.Store.InterventionReads() - before; n != reads {
			t.Errorf("%s: %d interventions read, want %d", name, n, reads)
		}
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%s: %s lists %v, want %v", name, code, got, want)
		}
	}
	step("first list", 2, "NER", first)
	step("kept", 0, "TCD")

	a.set(m, "title", "Khartoum Process SOM, Rome")
	s.imp(a.export(service.ExportOptions{}))
	step("a meeting renamed elsewhere", 0, "NER", first)

	a.set(first, "points", []string{"Returns to Chad have resumed."})
	s.imp(a.export(service.ExportOptions{}))
	step("a point edited elsewhere", 1, "TCD", first)
	step("the point's old country", 0, "NER")

	a.set(tcd, "name", "Capacities")
	s.imp(a.export(service.ExportOptions{}))
	step("Chad's party renamed elsewhere to a point's word", 2, "TCD", first, second)
}
