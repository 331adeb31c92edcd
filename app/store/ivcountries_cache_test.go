package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// The InterventionCountries cache must never keep an answer computed across a save:
// after concurrent saves and reads stop, the cached answer equals a fresh one.
func TestInterventionCountriesCacheUnderConcurrentSaves(t *testing.T) {
	s := openTest(t, t.TempDir())
	ner := create(t, s, "party", map[string]any{"name": "Niger", "type": "country", "iso3": "NER"})
	tcd := create(t, s, "party", map[string]any{"name": "Chad", "type": "country", "iso3": "TCD"})
	cm := create(t, s, "commitment", map[string]any{"title": "Support", "status": "agreed", "towards": []string{ner}})
	m := create(t, s, "meeting", map[string]any{"title": "SOM", "start": "2020-10-05"})
	var ivs []string
	for i := range 5 {
		ivs = append(ivs, create(t, s, "intervention", map[string]any{"meeting": m, "speaker": fmt.Sprint(i),
			"points": []string{"Nothing named."}, "commitments": []string{cm}}))
	}
	fresh := func() map[string][]string { return countriesByTheRule(t, s, ivs) }
	sides := 0
	for round := range 20 {
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-stop:
						return
					default:
					}
					if _, err := s.InterventionCountries(ivs); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		names := []string{"Returns to Niger.", "Returns to Chad.", "Returns to Mali."}
		for i := range 30 {
			update(t, s, ivs[i%len(ivs)], map[string]any{"points": []string{names[(i+round)%3]}})
			if i%7 == 0 {
				// a commitment's sides change: its countries change for every intervention citing it
				on, off := ner, tcd
				if sides++; sides%2 == 1 {
					on, off = tcd, ner
				}
				d := Draft{Type: oplog.OpUpdate, Record: cm, Add: map[string][]json.RawMessage{"towards": {js(on)}},
					Remove: map[string][]json.RawMessage{"towards": {js(off)}}}
				if _, err := s.Save("", d); err != nil {
					t.Fatal(err)
				}
			}
		}
		close(stop)
		wg.Wait()
		got, err := s.InterventionCountries(ivs)
		if err != nil {
			t.Fatal(err)
		}
		want := fresh()
		for _, id := range ivs {
			if !slices.Equal(got[id], want[id]) {
				t.Fatalf("round %d: %s cached %v, fresh %v", round, id, got[id], want[id])
			}
		}
	}
}

// What InterventionCountries keeps of each intervention (what its points name) is dropped
// exactly when that intervention or the names change, and every answer equals a fresh one:
// each change below either must drop some of it (the reads counted) or must not, and the
// rule's cheap inputs (a party's country, a commitment's sides) are seen without a read.
func TestInterventionCountriesKeptUntilTheirInputsChange(t *testing.T) {
	s := openTest(t, t.TempDir())
	ner := create(t, s, "party", map[string]any{"name": "Niger", "type": "country", "iso3": "NER"})
	tcd := create(t, s, "party", map[string]any{"name": "Chad", "type": "country", "iso3": "TCD"})
	cm := create(t, s, "commitment", map[string]any{"title": "Support", "status": "agreed"})
	m := create(t, s, "meeting", map[string]any{"title": "SOM", "start": "2020-10-05"})
	named := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "A", "points": []string{"Returns to Niger."}})
	viaCommitment := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "B",
		"points": []string{"Capacities remain stretched."}, "commitments": []string{cm}})
	onBehalf := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "C",
		"points": []string{"Nothing named."}, "on_behalf_of": []string{tcd}})
	pointless := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "D", "countries": []string{"MLI"}})
	ivs := []string{named, viaCommitment, onBehalf, pointless}

	fresh := func() map[string][]string { return countriesByTheRule(t, s, ivs) }
	// check asks for every intervention: the answer must be fresh (and want, when given),
	// after reading reads records.
	check := func(step string, reads uint64, want map[string][]string) {
		t.Helper()
		before := s.InterventionReads()
		got, err := s.InterventionCountries(ivs)
		if err != nil {
			t.Fatal(err)
		}
		if n := s.InterventionReads() - before; n != reads {
			t.Errorf("%s: %d interventions read, want %d", step, n, reads)
		}
		f := fresh()
		for _, id := range ivs {
			if !slices.Equal(got[id], f[id]) {
				t.Errorf("%s: %s answered %v, fresh %v", step, id, got[id], f[id])
			}
			if want != nil && !slices.Equal(got[id], want[id]) {
				t.Errorf("%s: %s answered %v, want %v", step, id, got[id], want[id])
			}
		}
	}
	save := func(d Draft) {
		t.Helper()
		if _, err := s.Save("", d); err != nil {
			t.Fatal(err)
		}
	}
	check("cold", 4, map[string][]string{named: {"NER"}, onBehalf: {"TCD"}})
	check("warm", 0, nil)

	// Changes the points' names do not depend on keep what was read.
	update(t, s, m, map[string]any{"title": "Senior officials meeting"})
	update(t, s, cm, map[string]any{"title": "Support to border management"})
	create(t, s, "party", map[string]any{"name": "Capacities", "type": "civil_society"}) // no country: names none
	check("after unrelated changes", 0, nil)
	// A commitment's sides and a party's country are looked up at each call: fresh unread.
	save(Draft{Type: oplog.OpUpdate, Record: cm, Add: map[string][]json.RawMessage{"towards": {js(ner)}}})
	check("a commitment towards Niger", 0, map[string][]string{named: {"NER"}, viaCommitment: {"NER"}, onBehalf: {"TCD"}})

	// The intervention's own change drops its own value only.
	update(t, s, named, map[string]any{"points": []string{"Returns to Chad."}})
	check("a point edited", 1, map[string][]string{named: {"TCD"}, viaCommitment: {"NER"}, onBehalf: {"TCD"}})

	// Whatever changes the names drops every value: a party renamed to a name a point holds,
	// renamed away from it, given another country, created with a country, deleted.
	update(t, s, tcd, map[string]any{"name": "Capacities"})
	check("a party renamed to a point's word", 4, map[string][]string{named: {"TCD"}, viaCommitment: {"NER", "TCD"}, onBehalf: {"TCD"}})
	update(t, s, tcd, map[string]any{"name": "Chad"})
	check("the party renamed back", 4, map[string][]string{named: {"TCD"}, viaCommitment: {"NER"}, onBehalf: {"TCD"}})
	update(t, s, tcd, map[string]any{"iso3": "MLI"})
	check("the party's country changed", 4, map[string][]string{named: {"MLI", "TCD"}, viaCommitment: {"NER"}, onBehalf: {"MLI"}})
	stretched := create(t, s, "party", map[string]any{"name": "Stretched", "type": "country", "iso3": "LBY"})
	check("a party created for a country", 4, map[string][]string{named: {"MLI", "TCD"}, viaCommitment: {"LBY", "NER"}, onBehalf: {"MLI"}})
	save(Draft{Type: oplog.OpDelete, Record: stretched})
	check("the party deleted", 4, map[string][]string{named: {"MLI", "TCD"}, viaCommitment: {"NER"}, onBehalf: {"MLI"}})

	// A deleted intervention leaves the country filter; restored, it is judged again.
	save(Draft{Type: oplog.OpDelete, Record: named})
	if p := s.Query(Query{Kind: "intervention", Country: "TCD"}); p.Total != 0 {
		t.Errorf("a deleted intervention is listed for Chad: %+v", p.Items)
	}
	check("an intervention deleted", 1, nil)
	save(Draft{Type: oplog.OpRestore, Record: named})
	if p := s.Query(Query{Kind: "intervention", Country: "TCD"}); p.Total != 1 || p.Items[0].ID != named {
		t.Errorf("a restored intervention, for Chad: %+v", p.Items)
	}
	check("an intervention restored", 0, nil) // the filter above read it

	// Another installation's changes, imported: a point edited there drops that intervention's
	// value here; two edits of the same point make a conflict, and resolving it drops it again.
	b, err := Open(t.TempDir(), Options{Author: "FEDCBA9876543210", AuthorName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sync := func(from, to *Store) {
		t.Helper()
		for author, n := range from.VV() {
			var ops []*oplog.Op
			var raws [][]byte
			from.Ops(author, 1, n, func(op *oplog.Op, raw []byte) error {
				ops, raws = append(ops, op), append(raws, raw)
				return nil
			})
			if _, err := to.Import(ops, raws, "sync"); err != nil {
				t.Fatal(err)
			}
		}
	}
	sync(s, b)
	update(t, b, viaCommitment, map[string]any{"points": []string{"Returns to Niger and Chad."}})
	sync(b, s)
	check("a point edited elsewhere, imported", 1, map[string][]string{named: {"MLI", "TCD"}, viaCommitment: {"MLI", "NER", "TCD"}, onBehalf: {"MLI"}})
	update(t, b, onBehalf, map[string]any{"points": []string{"Returns to Niger."}})
	update(t, s, onBehalf, map[string]any{"points": []string{"Returns to Libya."}})
	check("a point edited here", 1, nil)
	sync(b, s)
	check("the same point edited elsewhere, imported: a conflict", 1, nil)
	save(Draft{Type: oplog.OpResolve, Record: onBehalf, Set: map[string]json.RawMessage{"points": js([]string{"Returns to Niger."})}})
	check("the conflict resolved", 1, map[string][]string{named: {"MLI", "TCD"}, viaCommitment: {"MLI", "NER", "TCD"}, onBehalf: {"MLI", "NER"}})
	// An import large enough to be applied in one pass (applyPending) is learned as a whole.
	var ds []Draft
	for i := range 600 {
		ds = append(ds, Draft{Type: oplog.OpUpdate, Record: m, Set: map[string]json.RawMessage{"title": js(fmt.Sprint("SOM ", i))}})
	}
	ds = append(ds, Draft{Type: oplog.OpUpdate, Record: named, Set: map[string]json.RawMessage{"points": js([]string{"Returns to Niger."})}})
	if _, err := b.Save("", ds...); err != nil {
		t.Fatal(err)
	}
	sync(b, s)
	check("a large import", 1, map[string][]string{named: {"NER"}, viaCommitment: {"MLI", "NER", "TCD"}, onBehalf: {"MLI", "NER"}})
}

// A change made while InterventionCountries reads (after the records were read, before what
// was read is kept) may have replaced what it read: that is not kept, and the next call reads
// again. Both kinds of change: the intervention's own, and the names'.
func TestInterventionCountriesKeepsNothingReadAcrossAChange(t *testing.T) {
	s := openTest(t, t.TempDir())
	tcd := create(t, s, "party", map[string]any{"name": "Chad", "type": "country", "iso3": "TCD"})
	m := create(t, s, "meeting", map[string]any{"title": "SOM", "start": "2020-10-05"})
	iv := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "A", "points": []string{"Returns to Libya."}})
	changes := 0
	during := func(change func()) {
		t.Helper()
		changes++ // the intervention touched, so that it is read again
		update(t, s, iv, map[string]any{"speaker": fmt.Sprint("A", changes)})
		ivReadHook = func() { ivReadHook = nil; change() }
		defer func() { ivReadHook = nil }()
		if _, err := s.InterventionCountries([]string{iv}); err != nil {
			t.Fatal(err)
		}
		if ivReadHook != nil {
			t.Fatal("the intervention was not read")
		}
	}
	ask := func(step string, want []string) {
		t.Helper()
		got, err := s.InterventionCountries([]string{iv})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got[iv], want) {
			t.Errorf("%s: %v, want %v", step, got[iv], want)
		}
	}
	during(func() { update(t, s, iv, map[string]any{"points": []string{"Cooperation with Niger."}}) })
	ask("the point edited while it was read", []string{"NER"})
	during(func() { update(t, s, tcd, map[string]any{"name": "Cooperation"}) })
	ask("the party renamed while it was read", []string{"NER", "TCD"}) // "Cooperation" names Chad now
	during(func() { update(t, s, tcd, map[string]any{"iso3": "MLI"}) })
	ask("the party's country changed while it was read", []string{"MLI", "NER"})
}

// countriesByTheRule is the oracle: each intervention read afresh and judged by
// domain.Concerns, with nothing kept.
func countriesByTheRule(t *testing.T, s *Store, ivs []string) map[string][]string {
	t.Helper()
	c := s.Concerns()
	out := map[string][]string{}
	for _, id := range ivs {
		rec, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		v, _ := domain.Read(domain.KindIntervention, rec.Fields())
		if codes := c.Countries(v.(*domain.Intervention)); codes != nil {
			out[id] = codes
		}
	}
	return out
}
