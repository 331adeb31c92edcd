package oplog

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// heldLog is a replica's chains as Continue sees them, from memory.
type heldLog struct {
	raws map[string][][]byte
	fail error // returned by Raw when set
}

func holding() *heldLog { return &heldLog{raws: map[string][][]byte{}} }

func (h *heldLog) hold(author string, raws ...[]byte) *heldLog {
	h.raws[author] = append(h.raws[author], raws...)
	return h
}

func (h *heldLog) Head(author string) (uint64, string) {
	rs := h.raws[author]
	if len(rs) == 0 {
		return 0, ""
	}
	return uint64(len(rs)), Hash(rs[len(rs)-1])
}

func (h *heldLog) Raw(author string, seq uint64) ([]byte, error) {
	if h.fail != nil {
		return nil, h.fail
	}
	rs := h.raws[author]
	if seq == 0 || seq > uint64(len(rs)) {
		return nil, fmt.Errorf("no operation %d of %s", seq, author)
	}
	return rs[seq-1], nil
}

// hist is an author's chain of n operations; seen, when not nil, gives the seen vector of
// the operation with that number.
type hist struct {
	ops  []*Op
	raws [][]byte
}

func writeHistory(t *testing.T, author, topic string, n int, seen map[uint64]VV) hist {
	t.Helper()
	c := newChain(author)
	var h hist
	for i := 1; i <= n; i++ {
		o := Op{Type: OpUpdate, Record: rec1, Set: sets("title", fmt.Sprintf(`"%s, revision %d"`, topic, i)), Seen: seen[uint64(i)]}
		if i == 1 {
			o.Type = OpCreate
		}
		op := c.next(t, o)
		h.ops, h.raws = append(h.ops, op), append(h.raws, mustEncode(t, op))
	}
	return h
}

// pick returns the operations numbered seqs, with their bytes.
func (h hist) pick(seqs ...uint64) ([]*Op, [][]byte) {
	return batch(pickOf(h, seqs...))
}

// part is some operations of one history, with their bytes.
type part struct {
	ops  []*Op
	raws [][]byte
}

func pickOf(h hist, seqs ...uint64) part {
	var p part
	for _, s := range seqs {
		p.ops, p.raws = append(p.ops, h.ops[s-1]), append(p.raws, h.raws[s-1])
	}
	return p
}

// batch is parts given together, in this order.
func batch(parts ...part) ([]*Op, [][]byte) {
	var ops []*Op
	var raws [][]byte
	for _, p := range parts {
		ops, raws = append(ops, p.ops...), append(raws, p.raws...)
	}
	return ops, raws
}

func TestContinueFromNothing(t *testing.T) {
	a := writeHistory(t, authA, "EUR 210 million for Mauritania", 3, nil)
	ops, raws := a.pick(1, 2, 3)
	c, err := Continue(holding(), ops, raws)
	if err != nil {
		t.Fatal(err)
	}
	if got := refs(c.Ordered); !reflect.DeepEqual(got, []Ref{{authA, 1}, {authA, 2}, {authA, 3}}) || c.Known != 0 {
		t.Fatalf("ordered %v, known %d", got, c.Known)
	}
	for i, o := range ops {
		if string(c.Raw[o.Ref()]) != string(raws[i]) {
			t.Errorf("Raw of %v is not the bytes given", o.Ref())
		}
	}
	if c, err := Continue(holding(), nil, nil); err != nil || len(c.Ordered) != 0 || c.Known != 0 {
		t.Errorf("nothing given: %+v %v", c, err)
	}
}

func TestContinueKnownOperationsMustBeTheOnesHeld(t *testing.T) {
	a := writeHistory(t, authA, "EUR 210 million for Mauritania", 5, nil)
	held := holding().hold(authA, a.raws[:3]...)
	ops, raws := a.pick(1, 2, 3, 4, 5)
	c, err := Continue(held, ops, raws)
	if err != nil {
		t.Fatal(err)
	}
	if got := refs(c.Ordered); !reflect.DeepEqual(got, []Ref{{authA, 4}, {authA, 5}}) || c.Known != 3 || len(c.Raw) != 5 {
		t.Fatalf("ordered %v, known %d, raw %d", got, c.Known, len(c.Raw))
	}

	// The same author wrote another history from change 2 on: the held change 2 differs.
	other := writeHistory(t, authA, "EUR 210 million for Senegal", 3, nil)
	ops, raws = batch(pickOf(a, 1), pickOf(other, 2))
	_, err = Continue(held, ops, raws)
	var fe *ForkError
	if !errors.As(err, &fe) || fe.Author != authA || fe.Seq != 2 || string(fe.Held) != string(a.raws[1]) || string(fe.Other) != string(other.raws[1]) {
		t.Fatalf("a different change 2: %v", err)
	}
	if fe.Error() != "fork: author "+authA+" has two different operations numbered 2" {
		t.Errorf("message %q", fe.Error())
	}
}

func TestContinueDuplicatesInOneBatch(t *testing.T) {
	a := writeHistory(t, authA, "Returns from Libya", 2, nil)
	b := writeHistory(t, authA, "Returns from Tunisia", 2, nil)

	// The same change twice counts once.
	ops, raws := batch(pickOf(a, 1), pickOf(a, 1), pickOf(a, 2))
	c, err := Continue(holding(), ops, raws)
	if err != nil || len(c.Ordered) != 2 || c.Known != 0 || len(c.Raw) != 2 {
		t.Fatalf("duplicate: %+v %v", c, err)
	}
	// A held change twice is known once.
	c, err = Continue(holding().hold(authA, a.raws[0]), ops, raws)
	if err != nil || len(c.Ordered) != 1 || c.Known != 1 {
		t.Fatalf("held duplicate: %+v %v", c, err)
	}
	// Two different changes with one number in one batch: the first is the evidence held.
	ops, raws = batch(pickOf(a, 1), pickOf(b, 1))
	_, err = Continue(holding(), ops, raws)
	var fe *ForkError
	if !errors.As(err, &fe) || fe.Seq != 1 || string(fe.Held) != string(a.raws[0]) || string(fe.Other) != string(b.raws[0]) {
		t.Fatalf("two changes 1: %v", err)
	}
}

func TestContinueNewRunMustChainToTheHeadHeld(t *testing.T) {
	x := writeHistory(t, authA, "Legal pathways for Mauritanian workers", 4, nil)
	y := writeHistory(t, authA, "Legal pathways for Senegalese workers", 4, nil)
	var fe *ForkError

	// Held 1–3 of one history, given 4 of the other: the fork is at 3, the predecessor.
	ops, raws := y.pick(4)
	_, err := Continue(holding().hold(authA, x.raws[:3]...), ops, raws)
	if !errors.As(err, &fe) || fe.Author != authA || fe.Seq != 3 || string(fe.Held) != string(x.raws[2]) || string(fe.Other) != string(y.raws[3]) {
		t.Fatalf("given 4 after another 3: %v", err)
	}

	// The predecessor is in the batch, not held.
	ops, raws = batch(pickOf(x, 1), pickOf(y, 2))
	_, err = Continue(holding(), ops, raws)
	if !errors.As(err, &fe) || fe.Seq != 1 || string(fe.Held) != string(x.raws[0]) || string(fe.Other) != string(y.raws[1]) {
		t.Fatalf("given 1 and another 2: %v", err)
	}

	// Held 1, given 2 and another 3.
	ops, raws = batch(pickOf(x, 2), pickOf(y, 3))
	_, err = Continue(holding().hold(authA, x.raws[0]), ops, raws)
	if !errors.As(err, &fe) || fe.Seq != 2 || string(fe.Held) != string(x.raws[1]) || string(fe.Other) != string(y.raws[2]) {
		t.Fatalf("given 2 and another 3: %v", err)
	}
}

func TestContinueCausalOrder(t *testing.T) {
	a := writeHistory(t, authA, "EU–Mauritania partnership", 2, nil)
	b := writeHistory(t, authB, "Commitment on returns", 2, map[uint64]VV{1: {authA: 2}})
	ops, raws := batch(pickOf(b, 2), pickOf(b, 1), pickOf(a, 2), pickOf(a, 1))
	c, err := Continue(holding(), ops, raws)
	if err != nil {
		t.Fatal(err)
	}
	want := []Ref{{authA, 1}, {authA, 2}, {authB, 1}, {authB, 2}}
	if got := refs(c.Ordered); !reflect.DeepEqual(got, want) {
		t.Fatalf("ordered %v, want %v", got, want)
	}
	// What B had seen is held: B alone continues.
	ops, raws = b.pick(1, 2)
	c, err = Continue(holding().hold(authA, a.raws...), ops, raws)
	if err != nil || len(c.Ordered) != 2 {
		t.Fatalf("with A held: %+v %v", c, err)
	}
}

func TestContinueGapsAreExact(t *testing.T) {
	a := writeHistory(t, authA, "Search and rescue", 7, nil)
	b := writeHistory(t, authB, "Reintegration", 3, map[uint64]VV{1: {authA: 4}, 3: {authA: 5}})
	c := writeHistory(t, authC, "Visa facilitation", 1, map[uint64]VV{1: {authA: 7, authB: 3}})
	cases := []struct {
		name  string
		held  *heldLog
		given []part
		want  []Gap
	}{
		{"a hole inside a run", holding(), []part{pickOf(a, 1, 2, 5)}, []Gap{{authA, 3, 4}}},
		{"two holes inside a run", holding(), []part{pickOf(a, 1, 3, 6)}, []Gap{{authA, 2, 2}, {authA, 4, 5}}},
		{"a stretch before a run", holding().hold(authA, a.raws[0]), []part{pickOf(a, 4, 5)}, []Gap{{authA, 2, 3}}},
		{"a run from nothing starting late", holding(), []part{pickOf(a, 3)}, []Gap{{authA, 1, 2}}},
		{"seen beyond what is held of an author not given", holding().hold(authA, a.raws[:2]...), []part{pickOf(b, 1)}, []Gap{{authA, 3, 4}}},
		{"seen beyond what is given", holding().hold(authA, a.raws[0]), []part{pickOf(a, 2), pickOf(b, 1)}, []Gap{{authA, 3, 4}}},
		{"a hole and seen beyond the run", holding().hold(authA, a.raws[:2]...), []part{pickOf(a, 5), pickOf(c, 1)},
			[]Gap{{authA, 3, 4}, {authA, 6, 7}, {authB, 1, 3}}},
		{"only what is missing: held and given changes are not gaps", holding().hold(authA, a.raws[:4]...), []part{pickOf(b, 1, 3)},
			[]Gap{{authA, 5, 5}, {authB, 2, 2}}},
	}
	for _, tc := range cases {
		ops, raws := batch(tc.given...)
		_, err := Continue(tc.held, ops, raws)
		var ge *GapError
		if !errors.As(err, &ge) {
			t.Errorf("%s: want a GapError, got %v", tc.name, err)
			continue
		}
		if !reflect.DeepEqual(ge.Gaps, tc.want) {
			t.Errorf("%s: gaps %v, want %v", tc.name, ge.Gaps, tc.want)
		}
	}
}

// Changes that claim to have seen each other cannot be put in order, and nothing is missing.
func TestContinueCycle(t *testing.T) {
	a := writeHistory(t, authA, "Border management", 1, map[uint64]VV{1: {authB: 1}})
	b := writeHistory(t, authB, "Asylum and reception", 1, map[uint64]VV{1: {authA: 1}})
	ops, raws := batch(pickOf(a, 1), pickOf(b, 1))
	_, err := Continue(holding(), ops, raws)
	var ge *GapError
	if !errors.As(err, &ge) || len(ge.Gaps) != 0 {
		t.Fatalf("cycle: %v", err)
	}
	if err.Error() != "the changes cannot be put in order: they claim to have seen each other" {
		t.Errorf("message %q", err.Error())
	}
}

func TestContinueHeldErrorsAreReturned(t *testing.T) {
	a := writeHistory(t, authA, "Labour exploitation", 2, nil)
	y := writeHistory(t, authA, "Another history", 2, nil)
	disk := errors.New("input/output error")

	held := holding().hold(authA, a.raws[0])
	held.fail = disk
	ops, raws := a.pick(1, 2)
	if _, err := Continue(held, ops, raws); !errors.Is(err, disk) {
		t.Errorf("comparing a known change: %v", err)
	}
	ops, raws = y.pick(2)
	if _, err := Continue(held, ops, raws); !errors.Is(err, disk) {
		t.Errorf("reading the predecessor of a fork: %v", err)
	}
}

func TestGapErrorMessage(t *testing.T) {
	one := &GapError{Gaps: []Gap{{authA, 3, 3}}}
	if got := one.Error(); !strings.HasPrefix(got, "change 3 from "+authA+" ") || !strings.HasSuffix(got, " missing: import the earlier bundle first") {
		t.Errorf("one gap: %q", got)
	}
	two := &GapError{Gaps: []Gap{{authA, 3, 4}, {authB, 1, 1}}}
	if got := two.Error(); got != "changes 3–4 from "+authA+", change 1 from "+authB+" are missing: import the earlier bundle first" {
		t.Errorf("two gaps: %q", got)
	}
	many := &GapError{}
	for i := 0; i < 40000; i++ {
		many.Gaps = append(many.Gaps, Gap{fmt.Sprintf("%016X", i), 1, uint64(i + 1)})
	}
	msg := many.Error()
	if !strings.Contains(msg, " … and 39990 more are missing") || strings.Contains(msg, fmt.Sprintf("%016X", 10)) || len(msg) > 1000 {
		t.Errorf("40,000 gaps: %d bytes: %.300s", len(msg), msg)
	}
}
