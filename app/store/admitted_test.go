package store

import (
	"fmt"
	"testing"

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
