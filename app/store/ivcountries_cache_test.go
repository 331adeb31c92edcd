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
	fresh := func() map[string][]string {
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
