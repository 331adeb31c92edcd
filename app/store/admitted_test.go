package store

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

func admittedOp(author string, seq uint64, record, kind string) *oplog.Op {
	return &oplog.Op{Author: author, Seq: seq, Record: record, Kind: kind, Type: oplog.OpUpdate, Clock: oplog.Clock{Wall: int64(seq)}}
}

// The log gives up (note reports false) at each of its bounds, and not before.
func TestAdmittedLogBounds(t *testing.T) {
	defer func(c, r int) { admittedMaxChanges, admittedMaxRecords = c, r }(admittedMaxChanges, admittedMaxRecords)
	admittedMaxChanges, admittedMaxRecords = 6, 4
	const a = "AAAAAAAAAAAAAAAA"
	for _, c := range []struct {
		name string
		ops  func(i int) *oplog.Op
		kept int // changes noted before note reports false
	}{
		{"changes", func(i int) *oplog.Op { return admittedOp(a, uint64(i+1), "r1", "commitment") }, 6},
		{"records", func(i int) *oplog.Op { return admittedOp(a, uint64(i+1), fmt.Sprint("r", i), "commitment") }, 4},
	} {
		t.Run(c.name, func(t *testing.T) {
			l := newAdmittedLog()
			n := 0
			for i := 0; i < 10 && l.note(c.ops(i)); i++ {
				n++
			}
			if n != c.kept {
				t.Fatalf("%d changes noted, want %d", n, c.kept)
			}
		})
	}
	admittedMaxChanges, admittedMaxRecords = 1<<20, 1<<17
	l := newAdmittedLog()
	for i := 0; i < admittedMaxNames-1; i++ { // the type takes one name
		if !l.note(admittedOp(a, uint64(i+1), "r1", fmt.Sprint("kind", i))) {
			t.Fatalf("kind %d given up", i)
		}
	}
	if l.note(admittedOp(a, 300, "r1", "one kind too many")) {
		t.Fatal("a kind past the names' bound was noted")
	}
	l = newAdmittedLog()
	for i := 0; i < admittedMaxAuthors; i++ {
		if !l.note(admittedOp(fmt.Sprintf("%016X", i), 1, "r1", "commitment")) {
			t.Fatalf("author %d given up", i)
		}
	}
	if l.note(admittedOp("FFFFFFFFFFFFFFFF", 1, "r1", "commitment")) {
		t.Fatal("an author past the authors' bound was noted")
	}
}

// each hands over the changes in the order noted, with the batch's latest clock and each
// author's last hash, and refuses spans that are not the changes noted.
func TestAdmittedLogEach(t *testing.T) {
	const a, b = "AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"
	l := newAdmittedLog()
	for _, op := range []*oplog.Op{admittedOp(a, 4, "r1", "commitment"), admittedOp(a, 5, "r2", "meeting"), admittedOp(b, 1, "r1", "commitment")} {
		if !l.note(op) {
			t.Fatal("given up")
		}
	}
	l.seal(func(author string) (uint64, string) {
		return map[string]uint64{a: 5, b: 1}[author], "hash of " + author
	})
	var got []string
	err := l.each([]span{{a, 4, 2}, {b, 1, 1}}, func(p pending) error {
		got = append(got, fmt.Sprintf("%s %d %s %s %s %d %s", p.op.Author[:1], p.op.Seq, p.op.Record, p.op.Kind, p.op.Type, p.op.Clock.Wall, p.hash))
		return nil
	})
	want := []string{"A 4 r1 commitment update 5 ", "A 5 r2 meeting update 5 hash of " + a, "B 1 r1 commitment update 5 hash of " + b}
	if err != nil || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
	for _, spans := range [][]span{
		{{b, 1, 1}, {a, 4, 2}}, // another order
		{{a, 4, 2}},            // fewer
		{{a, 4, 2}, {b, 1, 2}}, // more
	} {
		if err := l.each(spans, func(pending) error { return nil }); err == nil {
			t.Fatalf("spans %v accepted", spans)
		}
	}
}

// opChain makes one author's chain of changes.
type opChain struct {
	t      *testing.T
	author string
	seq    int
	prev   string
	ops    []*oplog.Op
	raws   [][]byte
}

func (c *opChain) add(op *oplog.Op) {
	c.seq++
	op.V, op.Author, op.Seq, op.Prev = 1, c.author, uint64(c.seq), c.prev
	if op.Kind == "" {
		op.Kind = "commitment"
	}
	raw, err := oplog.Encode(op)
	if err != nil {
		c.t.Fatal(err)
	}
	c.prev = oplog.Hash(raw)
	c.ops, c.raws = append(c.ops, op), append(c.raws, raw)
}

// dumpDB is every key and value the store holds.
func dumpDB(t *testing.T, s *Store) map[string]string {
	out := map[string]string{}
	if err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = string(v)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// The store an import leaves is the same, key for key, whether the apply takes the changes
// headers from the admission's log or reads them back: three authors, two with changes held
// before and given again, deletes, restores and creations, a latest clock out of order.
func TestAdmittedLogMakesTheStoreTheReadBackMakes(t *testing.T) {
	const A, B, C = "AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCC"
	ca, cb, cc := &opChain{t: t, author: A}, &opChain{t: t, author: B}, &opChain{t: t, author: C}
	ids := make([]string, 8)
	for i := range ids {
		ids[i] = newID()
	}
	w := int64(1700000000000)
	clk := func(n int64) oplog.Clock { return oplog.Clock{Wall: w + n} }
	for i := 0; i < 5; i++ {
		ca.add(&oplog.Op{Clock: clk(int64(i)), Type: oplog.OpCreate, Record: ids[i], Set: map[string]json.RawMessage{"title": js("t"), "status": js("proposed")}})
	}
	cc.add(&oplog.Op{Clock: clk(9000), Type: oplog.OpCreate, Record: ids[7], Set: map[string]json.RawMessage{"title": js("c"), "status": js("proposed")}})
	cc.add(&oplog.Op{Clock: clk(9001), Type: oplog.OpUpdate, Record: ids[7], Set: map[string]json.RawMessage{"status": js("agreed")}})
	heldA, heldC := 5, 2
	// fresh A: updates, delete, restore, create
	ca.add(&oplog.Op{Clock: clk(100), Type: oplog.OpUpdate, Record: ids[0], Set: map[string]json.RawMessage{"status": js("agreed")}})
	ca.add(&oplog.Op{Clock: clk(101), Type: oplog.OpDelete, Record: ids[1]})
	ca.add(&oplog.Op{Clock: clk(102), Type: oplog.OpRestore, Record: ids[1]})
	ca.add(&oplog.Op{Clock: clk(50000), Type: oplog.OpCreate, Record: ids[5], Set: map[string]json.RawMessage{"title": js("n"), "status": js("proposed")}})
	ca.add(&oplog.Op{Clock: clk(104), Type: oplog.OpDelete, Record: ids[2]})
	// fresh B, saw A:10 and C:2
	seenB := oplog.VV{A: 10, C: 2}
	cb.add(&oplog.Op{Clock: clk(200), Seen: seenB, Type: oplog.OpUpdate, Record: ids[0], Set: map[string]json.RawMessage{"status": js("delivered")}})
	cb.add(&oplog.Op{Clock: clk(201), Seen: seenB, Type: oplog.OpCreate, Record: ids[6], Set: map[string]json.RawMessage{"title": js("b"), "status": js("proposed")}})
	cb.add(&oplog.Op{Clock: clk(202), Seen: seenB, Type: oplog.OpUpdate, Record: ids[6], Set: map[string]json.RawMessage{"status": js("agreed")}})
	cb.add(&oplog.Op{Clock: clk(203), Seen: seenB, Type: oplog.OpDelete, Record: ids[7]})
	// fresh C after its held ones, saw A:10 B:4
	seenC := oplog.VV{A: 10, B: 4}
	cc.add(&oplog.Op{Clock: clk(300), Seen: seenC, Type: oplog.OpRestore, Record: ids[7]})
	cc.add(&oplog.Op{Clock: clk(301), Seen: seenC, Type: oplog.OpUpdate, Record: ids[5], Set: map[string]json.RawMessage{"title": js("cc")}})

	var ops []*oplog.Op
	var raws [][]byte
	for _, c := range []*opChain{ca, cb, cc} {
		ops, raws = append(ops, c.ops...), append(raws, c.raws...)
	}
	run := func(maxChanges int) (*Store, *Result, bool) {
		defer func(n int) { admittedMaxChanges = n }(admittedMaxChanges)
		admittedMaxChanges = maxChanges
		s := openTest(t, t.TempDir())
		if _, err := s.Import(append(append([]*oplog.Op{}, ca.ops[:heldA]...), cc.ops[:heldC]...), append(append([][]byte{}, ca.raws[:heldA]...), cc.raws[:heldC]...), "earlier"); err != nil {
			t.Fatal(err)
		}
		im := streamIn(t, s, ops, raws)
		kept := im.early != nil && im.admitted != nil
		res, err := im.Commit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, s)
		return s, res, kept
	}
	s1, r1, k1 := run(1 << 20)
	s2, r2, k2 := run(0)
	if !k1 || k2 {
		t.Fatalf("log kept: %v %v", k1, k2)
	}
	if !reflect.DeepEqual(r1, r2) {
		t.Fatalf("results differ:\n%+v\n%+v", r1, r2)
	}
	d1, d2 := dumpDB(t, s1), dumpDB(t, s2)
	for k, v := range d1 {
		if v2, ok := d2[k]; !ok || v2 != v {
			t.Errorf("key %q: %q vs %q (present %v)", k, v, v2, ok)
		}
	}
	for k := range d2 {
		if _, ok := d1[k]; !ok {
			t.Errorf("key %q only without the log", k)
		}
	}
	for _, a := range []string{A, B, C} {
		n1, h1 := s1.Head(a)
		n2, h2 := s2.Head(a)
		if n1 != n2 || h1 != h2 {
			t.Errorf("head %s: %d %s vs %d %s", a, n1, h1, n2, h2)
		}
	}
	if c1, c2 := storedClock(t, s1), storedClock(t, s2); c1 != c2 {
		t.Errorf("clock %v vs %v", c1, c2)
	}
}
