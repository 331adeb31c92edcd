package service

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"dossier/app/internal/portfolio"
	"dossier/app/internal/procstat"
	"dossier/app/store"
)

// BenchmarkCountries: the countries list, one country page and the Interventions list (for a
// country, and one page of it) of a portfolio with 10,000 interventions of four points each,
// the cost of choosing interventions by the brief's rule (which reads every intervention's
// points), per intervention.
func BenchmarkCountries(b *testing.B) {
	a := testApp(b)
	st := a.Store
	parties := map[string]string{}
	var ds []store.Draft
	for _, c := range portfolio.Countries {
		id := newID()
		parties[c[1]] = id
		ds = append(ds, store.Draft{Type: "create", Kind: "party", Record: id, Set: benchFields(map[string]any{
			"name": c[0], "type": "country", "iso3": c[1]})})
	}
	meeting := newID()
	ds = append(ds, store.Draft{Type: "create", Kind: "meeting", Record: meeting, Set: benchFields(map[string]any{
		"title": "Senior officials meeting", "start": "2020-10-05"})})
	if _, err := st.Save("bench", ds...); err != nil {
		b.Fatal(err)
	}
	const n = 10_000
	var ivs []string
	for i := 0; i < n; i += 1000 {
		ds = ds[:0]
		for j := i; j < i+1000; j++ {
			c, d := portfolio.Countries[j%len(portfolio.Countries)], portfolio.Countries[(j*7+3)%len(portfolio.Countries)]
			id := newID()
			ivs = append(ivs, id)
			ds = append(ds, store.Draft{Type: "create", Kind: "intervention", Record: id, Set: benchFields(map[string]any{
				"meeting": meeting, "speaker": "Delegate",
				"points": []string{
					fmt.Sprintf("Cooperation with %s on return and reintegration has progressed (%d).", d[0], j),
					"Search and rescue capacities in the central Mediterranean remain stretched.",
					"Labour mobility schemes should widen legal pathways for young people.",
					"We call for evidence-based migration governance and better data."}}),
				Add: map[string][]json.RawMessage{"on_behalf_of": {benchFields(map[string]any{"p": parties[c[1]]})["p"]}}})
		}
		if _, err := st.Save("bench", ds...); err != nil {
			b.Fatal(err)
		}
	}
	c := &Country{App: a}
	b.Run("list", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.List(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/intervention")
	})
	b.Run("page", func(b *testing.B) {
		for b.Loop() {
			if _, err := c.Get("TUN"); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/intervention")
	})
	// The Interventions list filtered for a country reads every intervention (the page's rule);
	// unfiltered, it reads only the 100 rows of the page it serves, for their Countries column.
	r := &Records{App: a}
	// After a change, the list filtered for a country: a change elsewhere (here a meeting's
	// title) reads no intervention again, a point edited reads that intervention, and a country
	// party renamed reads every one (the names changed: what any change cost before 4 December);
	// warm: nothing changed, as when the reader scrolls the filtered list or picks another
	// country (Store.InterventionCountries). CPU is the whole process's (Badger's goroutines
	// too), a steadier figure than the time on a shared machine.
	changes := 0 // across runs: a change that repeated the value before it would change nothing
	filtered := func(name string, change func(i int) store.Draft) {
		b.Run(name, func(b *testing.B) {
			var cpu time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				changes++
				if _, err := st.Save("bench", change(changes)); err != nil {
					b.Fatal(err)
				}
				cpu0 := procstat.CPUTime()
				b.StartTimer()
				if _, err := r.List(Query{Kind: "intervention", Country: "TUN", Limit: 100}); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				cpu += procstat.CPUTime() - cpu0
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/intervention")
			b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
		})
	}
	filtered("interventions-filtered-cold", func(i int) store.Draft { // after a change elsewhere
		return store.Draft{Type: "update", Kind: "meeting", Record: meeting,
			Set: benchFields(map[string]any{"title": fmt.Sprintf("Senior officials meeting %d", i)})}
	})
	filtered("interventions-filtered-after-point-edit", func(i int) store.Draft {
		return store.Draft{Type: "update", Kind: "intervention", Record: ivs[i%len(ivs)],
			Set: benchFields(map[string]any{"points": []string{fmt.Sprintf("Returns to Tunisia (%d).", i)}})}
	})
	filtered("interventions-filtered-after-party-rename", func(i int) store.Draft {
		return store.Draft{Type: "update", Kind: "party", Record: parties["TUN"],
			Set: benchFields(map[string]any{"name": fmt.Sprintf("Tunisia %d", i)})}
	})
	b.Run("interventions-filtered-warm", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.List(Query{Kind: "intervention", Country: "TUN", Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/intervention")
	})
	b.Run("interventions-page", func(b *testing.B) {
		for b.Loop() {
			if _, err := r.List(Query{Kind: "intervention", Limit: 100}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

func benchFields(m map[string]any) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range m {
		raw, _ := json.Marshal(v)
		out[k] = raw
	}
	return out
}
