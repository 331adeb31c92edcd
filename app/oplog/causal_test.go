package oplog

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestGapString(t *testing.T) {
	if s := (Gap{authA, 41, 57}).String(); s != "changes 41–57 from "+authA {
		t.Errorf("%q", s)
	}
	if s := (Gap{authB, 3, 3}).String(); s != "change 3 from "+authB {
		t.Errorf("%q", s)
	}
}

func TestMissing(t *testing.T) {
	op := func(author string, seq uint64, seen VV) *Op { return &Op{Author: author, Seq: seq, Seen: seen} }
	for _, c := range []struct {
		name string
		have VV
		op   *Op
		want []Gap
	}{
		{"first op", VV{}, op(authA, 1, nil), nil},
		{"next op", VV{authA: 4}, op(authA, 5, nil), nil},
		{"already held", VV{authA: 9}, op(authA, 5, nil), nil},
		{"own gap", VV{authA: 40}, op(authA, 58, nil), []Gap{{authA, 41, 57}}},
		{"own gap of one", VV{}, op(authA, 2, nil), []Gap{{authA, 1, 1}}},
		{"seen held", VV{authA: 1, authB: 6}, op(authA, 2, VV{authB: 6}), nil},
		{"seen missing", VV{authB: 2}, op(authA, 1, VV{authB: 5, authC: 1}), []Gap{{authB, 3, 5}, {authC, 1, 1}}},
		{"both, sorted by author", VV{}, op(authB, 3, VV{authC: 2, authA: 1}), []Gap{{authB, 1, 2}, {authA, 1, 1}, {authC, 1, 2}}},
	} {
		if got := Missing(c.have, c.op); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}
}

// history builds: A1; B1 (seen A1); A2; C1 (seen A2, B1); B2 (seen A2, C1).
func history() []*Op {
	return []*Op{
		{Author: authA, Seq: 1},
		{Author: authB, Seq: 1, Seen: VV{authA: 1}},
		{Author: authA, Seq: 2},
		{Author: authC, Seq: 1, Seen: VV{authA: 2, authB: 1}},
		{Author: authB, Seq: 2, Seen: VV{authA: 2, authC: 1}},
	}
}

func checkCausal(t *testing.T, have VV, ordered []*Op) {
	t.Helper()
	vv := have.Clone()
	for _, o := range ordered {
		if g := Missing(vv, o); g != nil {
			t.Fatalf("%v applied before %v", o.Ref(), g)
		}
		if vv[o.Author] >= o.Seq {
			t.Fatalf("%v applied twice", o.Ref())
		}
		vv[o.Author] = o.Seq
	}
}

func TestCausalOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		ops := history()
		rng.Shuffle(len(ops), func(i, j int) { ops[i], ops[j] = ops[j], ops[i] })
		ordered, blocked := CausalOrder(VV{}, ops)
		if blocked != nil || len(ordered) != 5 {
			t.Fatalf("ordered %d, blocked %v", len(ordered), blocked)
		}
		checkCausal(t, VV{}, ordered)
		// The result does not depend on the input order.
		again, _ := CausalOrder(VV{}, history())
		if !reflect.DeepEqual(refs(ordered), refs(again)) {
			t.Fatalf("order depends on input order: %v vs %v", refs(ordered), refs(again))
		}
	}
}

func refs(ops []*Op) []Ref {
	var out []Ref
	for _, o := range ops {
		out = append(out, o.Ref())
	}
	return out
}

func TestCausalOrderSkipsHeldAndDuplicates(t *testing.T) {
	ops := append(history(), &Op{Author: authA, Seq: 1}, &Op{Author: authB, Seq: 2, Seen: VV{authA: 2, authC: 1}})
	have := VV{authA: 1}
	ordered, blocked := CausalOrder(have, ops)
	if blocked != nil {
		t.Fatalf("blocked %v", blocked)
	}
	want := []Ref{{authA, 2}, {authB, 1}, {authC, 1}, {authB, 2}}
	if got := refs(ordered); len(got) != len(want) {
		t.Fatalf("got %v, want the 4 ops not held, once each (%v)", got, want)
	}
	checkCausal(t, have, ordered)
	if have[authA] != 1 || len(have) != 1 {
		t.Errorf("CausalOrder modified have: %v", have)
	}
}

func TestCausalOrderBlocked(t *testing.T) {
	// B's 1 and 2 are missing from the set, so B3 and C1 (which saw B3) cannot go.
	ops := []*Op{
		{Author: authA, Seq: 1},
		{Author: authB, Seq: 3, Seen: VV{authA: 1}},
		{Author: authC, Seq: 1, Seen: VV{authB: 3}},
		{Author: authA, Seq: 2},
		{Author: authD, Seq: 2}, // D1 missing
	}
	ordered, blocked := CausalOrder(VV{}, ops)
	if got := refs(ordered); !reflect.DeepEqual(got, []Ref{{authA, 1}, {authA, 2}}) {
		t.Errorf("ordered %v", got)
	}
	want := map[Ref][]Gap{
		{authB, 3}: {{authB, 1, 2}},
		{authC, 1}: {{authB, 1, 3}},
		{authD, 2}: {{authD, 1, 1}},
	}
	if !reflect.DeepEqual(blocked, want) {
		t.Errorf("blocked %v, want %v", blocked, want)
	}
	if s := blocked[Ref{authB, 3}][0].String(); s != "changes 1–2 from "+authB {
		t.Errorf("gap message %q", s)
	}
	// With B1–2 held, everything goes.
	ordered, blocked = CausalOrder(VV{authB: 2, authD: 1}, ops)
	if blocked != nil || len(ordered) != 5 {
		t.Errorf("ordered %v, blocked %v", refs(ordered), blocked)
	}
	// Empty input.
	if o, b := CausalOrder(nil, nil); o != nil || b != nil {
		t.Errorf("empty: %v %v", o, b)
	}
}
