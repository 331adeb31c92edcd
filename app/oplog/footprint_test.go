package oplog

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
)

func strs(es ...string) []json.RawMessage {
	out := make([]json.RawMessage, len(es))
	for i, e := range es {
		out[i] = MustCanon(e)
	}
	return out
}

// What an update would make a set hold, as its author saw the record.
func TestSetSizeSeen(t *testing.T) {
	rec := NewRecord("r")
	apply := func(o *Op) {
		t.Helper()
		if _, err := rec.Apply(o); err != nil {
			t.Fatal(err)
		}
	}
	// A adds a, b, c (changes 1, 2); B, concurrently, adds d and e (change 1, seen nothing).
	apply(&Op{Author: "A", Seq: 1, Clock: Clock{Wall: 1}, Type: OpCreate, Kind: "k", Record: "r", Add: map[string][]json.RawMessage{"s": strs("a", "b")}})
	apply(&Op{Author: "A", Seq: 2, Clock: Clock{Wall: 2}, Type: OpUpdate, Kind: "k", Record: "r", Add: map[string][]json.RawMessage{"s": strs("c")}})
	apply(&Op{Author: "B", Seq: 1, Clock: Clock{Wall: 3}, Seen: VV{"A": 1}, Type: OpUpdate, Kind: "k", Record: "r", Add: map[string][]json.RawMessage{"s": strs("d", "e")}})
	cases := []struct {
		name string
		op   *Op
		want int
	}{
		{"A's next change sees its own and not B's", &Op{Author: "A", Seq: 3, Add: map[string][]json.RawMessage{"s": strs("x")}}, 4},
		{"an element held is counted once", &Op{Author: "A", Seq: 3, Add: map[string][]json.RawMessage{"s": strs("a")}}, 3},
		{"a removal is not counted", &Op{Author: "A", Seq: 3, Remove: map[string][]json.RawMessage{"s": strs("a", "b")}, Add: map[string][]json.RawMessage{"s": strs("x")}}, 2},
		{"added and removed by one change stays removed", &Op{Author: "A", Seq: 3, Remove: map[string][]json.RawMessage{"s": strs("x")}, Add: map[string][]json.RawMessage{"s": strs("x")}}, 3},
		{"C saw everything", &Op{Author: "C", Seq: 1, Seen: VV{"A": 2, "B": 1}, Add: map[string][]json.RawMessage{"s": strs("x")}}, 6},
		{"C saw A's first change only", &Op{Author: "C", Seq: 1, Seen: VV{"A": 1}, Add: map[string][]json.RawMessage{"s": strs("x")}}, 3},
		{"C saw nothing", &Op{Author: "C", Seq: 1, Add: map[string][]json.RawMessage{"s": strs("x")}}, 1},
		{"another field", &Op{Author: "A", Seq: 3, Add: map[string][]json.RawMessage{"t": strs("x")}}, 0},
	}
	for _, tc := range cases {
		f := "s"
		if tc.name == "another field" {
			f = "u"
		}
		if got := rec.SetSizeSeen(f, tc.op); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// Footprint measured before and after Apply follows the record's encoding, change by change:
// what it leaves out (the stamps, the wrappers of a field's first register) is bounded and
// does not grow with the changes.
func TestFootprintFollowsTheEncoding(t *testing.T) {
	rec := NewRecord("r")
	size := func() int { b, _ := rec.Encode(); return len(b) }
	total := size()
	randomChanges(8, 1000, []string{"A", "B", "C"}, []string{"t0", "t1", "t2", "t3", "t4"}, func(i int, o *Op) {
		before := o.footprintSum(rec)
		if _, err := rec.Apply(o); err != nil {
			t.Fatal(err)
		}
		total += o.footprintSum(rec) - before
		if real := size(); total < real-160 || total > real+160 {
			t.Fatalf("change %d: the footprint says %d bytes, the encoding is %d", i, total, real)
		}
	})
}

// randomChanges makes n changes to record "r" by the authors given, each seeing some of what
// the others made before: a title set to one of values, elements of set "s" added (one of
// values, and a number) or removed (one of values, or one never added), deletes and
// restores. It calls each with every change, in order.
func randomChanges(seed int64, n int, authors, values []string, each func(i int, o *Op)) {
	rng := rand.New(rand.NewSource(seed))
	seq := map[string]uint64{}
	vv := VV{}
	for i := 0; i < n; i++ {
		a := authors[rng.Intn(len(authors))]
		seq[a]++
		seen := VV{}
		for o, n := range vv {
			if o != a && rng.Intn(3) > 0 {
				seen[o] = n
			}
		}
		o := &Op{Author: a, Seq: seq[a], Clock: Clock{Wall: int64(i + 1), Logical: uint32(rng.Intn(3))}, Seen: seen, Type: OpUpdate, Kind: "k", Record: "r"}
		switch rng.Intn(4) {
		case 0:
			o.Set = map[string]json.RawMessage{"title": MustCanon(values[rng.Intn(len(values))])}
		case 1:
			o.Add = map[string][]json.RawMessage{"s": strs(values[rng.Intn(len(values))], fmt.Sprint(rng.Intn(20)))}
		case 2:
			o.Remove = map[string][]json.RawMessage{"s": strs(values[rng.Intn(len(values))], fmt.Sprint("never", i))}
		case 3:
			o.Type = OpDelete
			if rng.Intn(2) == 0 {
				o.Type = OpRestore
			}
		}
		each(i, o)
		vv[a] = seq[a]
	}
}

func (o *Op) footprintSum(r *Record) int {
	n := 0
	for _, b := range r.Footprint(o) {
		n += b
	}
	return n
}
