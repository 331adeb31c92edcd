package oplog

import (
	"encoding/json"
	"fmt"
	"testing"
)

// BenchmarkApplyEdits: ten delegates edit the same record in turn, each having seen the
// others' edits, as in BenchmarkImportFiles10x10k: the register path that is not a first
// write (contexts, seen marks, sorting). Its allocs/op is the figure to watch.
func BenchmarkApplyEdits(b *testing.B) {
	authors := []string{authA, authB, authC, authD, authE}
	chains := make([]*chain, len(authors))
	for i, a := range authors {
		chains[i] = newChain(a)
	}
	var ops []*Op
	for round := range 10 {
		i := round % len(authors)
		seen := VV{} // each has seen every other's latest edit
		for j, c := range chains {
			if j != i && c.seq > 0 {
				seen[authors[j]] = c.seq
			}
		}
		typ := OpUpdate
		if round == 0 {
			typ, seen = OpCreate, nil
		}
		ops = append(ops, chains[i].next(b, Op{Type: typ, Record: rec1, Seen: seen, Clock: Clock{Wall: baseWall + int64(round)*10},
			Set: map[string]json.RawMessage{"title": MustCanon(fmt.Sprintf("edit %d", round)), "status": raw(`"agreed"`)}}))
	}
	b.ReportAllocs()
	for b.Loop() {
		r := NewRecord(rec1)
		for _, o := range ops {
			if _, err := r.Apply(o); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ops)), "ns/change")
}
