package oplog

import (
	"errors"
	"reflect"
	"testing"
)

// streamed runs the operations through a Stream, each author's in order as given, and
// returns the order as references.
func streamed(held Held, ops []*Op, raws [][]byte) ([]Ref, int, error) {
	s := NewStream(held)
	for i, op := range ops {
		if _, err := s.Add(op, raws[i]); err != nil {
			return nil, s.Known, err
		}
	}
	spans, err := s.Order()
	var refs []Ref
	for _, sp := range spans {
		for q := sp.From; q <= sp.To; q++ {
			refs = append(refs, Ref{sp.Author, q})
		}
	}
	return refs, s.Known, err
}

// Stream decides as Continue does: the same order, the same count of held changes, and the
// same refusals with the same gaps and fork evidence.
func TestStreamDecidesAsContinue(t *testing.T) {
	a := writeHistory(t, authA, "A", 5, map[uint64]VV{3: {authB: 2}})
	b := writeHistory(t, authB, "B", 4, nil)
	other := writeHistory(t, authA, "A, another history", 5, nil)
	cycle1 := writeHistory(t, authA, "A", 1, map[uint64]VV{1: {authB: 1}})
	cycle2 := writeHistory(t, authB, "B", 1, map[uint64]VV{1: {authA: 1}})
	for _, tc := range []struct {
		name string
		held *heldLog
		ops  []*Op
		raws [][]byte
	}{
		{"from nothing, A before the B it had seen", holding(), nil, nil},
		{"a prefix held", holding().hold(authA, a.raws[:2]...).hold(authB, b.raws[:1]...), nil, nil},
		{"a gap before the run", holding(), nil, nil},
		{"seen beyond what is given", holding(), nil, nil},
		{"a held change that differs", holding().hold(authA, a.raws[:2]...), nil, nil},
		{"a new run on another head", holding().hold(authA, a.raws[:2]...), nil, nil},
		{"changes that saw each other", holding(), nil, nil},
	} {
		switch tc.name {
		case "from nothing, A before the B it had seen", "a prefix held":
			tc.ops, tc.raws = batch(pickOf(a, 1, 2, 3, 4, 5), pickOf(b, 1, 2, 3, 4))
		case "a gap before the run":
			tc.ops, tc.raws = batch(pickOf(a, 3, 4, 5), pickOf(b, 1, 2))
		case "seen beyond what is given":
			tc.ops, tc.raws = batch(pickOf(a, 1, 2, 3), pickOf(b, 1))
		case "a held change that differs":
			tc.ops, tc.raws = batch(pickOf(other, 1, 2, 3))
		case "a new run on another head":
			tc.ops, tc.raws = batch(pickOf(other, 3, 4), pickOf(b, 1, 2))
		case "changes that saw each other":
			tc.ops, tc.raws = batch(pickOf(hist(cycle1), 1), pickOf(hist(cycle2), 1))
		}
		c, cerr := Continue(tc.held, tc.ops, tc.raws)
		got, known, serr := streamed(tc.held, tc.ops, tc.raws)
		var cg, sg *GapError
		var cf, sf *ForkError
		switch {
		case errors.As(cerr, &cg):
			if !errors.As(serr, &sg) || !reflect.DeepEqual(cg.Gaps, sg.Gaps) {
				t.Errorf("%s: Continue %v, Stream %v", tc.name, cerr, serr)
			}
		case errors.As(cerr, &cf):
			if !errors.As(serr, &sf) || !reflect.DeepEqual(cf, sf) {
				t.Errorf("%s: Continue %+v, Stream %+v", tc.name, cerr, serr)
			}
		case cerr != nil || serr != nil:
			t.Errorf("%s: Continue %v, Stream %v", tc.name, cerr, serr)
		default:
			if want := refs(c.Ordered); !reflect.DeepEqual(got, want) || known != c.Known {
				t.Errorf("%s: Stream orders %v (known %d), Continue %v (known %d)", tc.name, got, known, want, c.Known)
			}
		}
	}
}

func TestStreamRefusesAnAuthorOutOfOrder(t *testing.T) {
	a := writeHistory(t, authA, "A", 3, nil)
	s := NewStream(holding())
	if _, err := s.Add(a.ops[0], a.raws[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Add(a.ops[2], a.raws[2]); err == nil {
		t.Fatal("change 3 after change 1 was accepted")
	}
}

// Told the batch's declared ranges, Stream reports a change seen beyond both what is held and
// what the batch may hold as a gap at the operation that names it, keeping nothing of it.
func TestStreamReportsWhatCanNeverArriveAtOnce(t *testing.T) {
	const unknown = "C0C0C0C0C0C0C0C0"
	a := writeHistory(t, authA, "A", 3, map[uint64]VV{2: {authB: 2, unknown: 7}})
	b := writeHistory(t, authB, "B", 2, nil)
	s := NewStream(holding())
	s.Declare(VV{authA: 3, authB: 1}) // B's run stops at 1: its change 2 can never arrive
	if _, err := s.Add(a.ops[0], a.raws[0]); err != nil {
		t.Fatal(err)
	}
	_, err := s.Add(a.ops[1], a.raws[1])
	var ge *GapError
	if !errors.As(err, &ge) {
		t.Fatalf("change 2 that had seen what can never arrive: %v", err)
	}
	want := []Gap{{authB, 2, 2}, {unknown, 1, 7}}
	if authB > unknown {
		want[0], want[1] = want[1], want[0]
	}
	if !reflect.DeepEqual(ge.Gaps, want) {
		t.Errorf("gaps %v, want %v", ge.Gaps, want)
	}
	if len(s.runs[0].deps) != 0 {
		t.Errorf("kept %v for changes that can never arrive", s.runs[0].deps)
	}
	// Declared, B's change 2 is a dependency, kept until Order.
	s = NewStream(holding())
	s.Declare(VV{authA: 3, authB: 2})
	a2 := writeHistory(t, authA, "A", 3, map[uint64]VV{2: {authB: 2}})
	ops, raws := batch(pickOf(a2, 1, 2, 3), pickOf(b, 1, 2))
	for i, op := range ops {
		if _, err := s.Add(op, raws[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Order(); err != nil {
		t.Fatal(err)
	}
}

// A run's operations that had seen no more than an earlier one of the run add no dependency:
// what Stream keeps grows with what the authors imported, not with their changes.
func TestStreamKeepsOnlyNewDependencies(t *testing.T) {
	seen := map[uint64]VV{}
	for q := uint64(2); q <= 40; q++ {
		seen[q] = VV{authB: 1 + q/20} // 1 for 2–19, 2 for 20–39, 3 for 40
	}
	a := writeHistory(t, authA, "A", 40, seen)
	b := writeHistory(t, authB, "B", 3, nil)
	s := NewStream(holding())
	ops, raws := batch(pickOf(a, seqs(1, 40)...), pickOf(b, 1, 2, 3))
	for i, op := range ops {
		if _, err := s.Add(op, raws[i]); err != nil {
			t.Fatal(err)
		}
	}
	if got := len(s.runs[0].deps); got != 3 {
		t.Errorf("kept %d dependencies for 39 changes that saw B three times: %v", got, s.runs[0].deps)
	}
	c, err := Continue(holding(), ops, raws)
	if err != nil {
		t.Fatal(err)
	}
	got, _, err := streamed(holding(), ops, raws)
	if err != nil || !reflect.DeepEqual(got, refs(c.Ordered)) {
		t.Errorf("Stream orders %v (%v), Continue %v", got, err, refs(c.Ordered))
	}
}

// Past MaxStreamDeps, the batch is refused with a *DepsError naming the change.
func TestStreamBoundsItsDependencies(t *testing.T) {
	s := NewStream(holding())
	s.deps = MaxStreamDeps - 1
	a := writeHistory(t, authA, "A", 3, map[uint64]VV{2: {authB: 1}, 3: {authB: 2}})
	for i := 0; i < 2; i++ {
		if _, err := s.Add(a.ops[i], a.raws[i]); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Add(a.ops[2], a.raws[2])
	var de *DepsError
	if !errors.As(err, &de) || de.Author != authA || de.Seq != 3 || de.Limit != MaxStreamDeps {
		t.Fatalf("the dependency past the bound: %v", err)
	}
}

func seqs(from, to uint64) []uint64 {
	var out []uint64
	for q := from; q <= to; q++ {
		out = append(out, q)
	}
	return out
}

// Last names each author's last change given, held or new, with the hash its successor
// must name: what an apply that does not read the changes back takes as the author's head.
func TestStreamLastIsTheLastChangeGiven(t *testing.T) {
	a := writeHistory(t, authA, "A", 3, nil)
	s := NewStream(holding())
	if n, h := s.Last(authA); n != 0 || h != "" {
		t.Fatalf("before any change: %d %q", n, h)
	}
	for i := range a.ops {
		if _, err := s.Add(a.ops[i], a.raws[i]); err != nil {
			t.Fatal(err)
		}
		if n, h := s.Last(authA); n != a.ops[i].Seq || h != Hash(a.raws[i]) {
			t.Fatalf("after change %d: %d %q", i+1, n, h)
		}
	}
	if n, h := s.Last(authB); n != 0 || h != "" {
		t.Fatalf("an author not given: %d %q", n, h)
	}
}
