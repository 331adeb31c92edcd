package store

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"dossier/app/admit"
	"dossier/app/oplog"
)

// chainOps is one author's chain of operations, encoded as a bundle carries them.
type chainOps struct {
	t      *testing.T
	author string
	seen   oplog.VV // what every operation had seen of others
	prev   string
	ops    []*oplog.Op
	raws   [][]byte
}

func (c *chainOps) op(typ oplog.OpType, kind, record string, set map[string]json.RawMessage, add map[string][]json.RawMessage) {
	o := &oplog.Op{V: 1, Author: c.author, Seq: uint64(len(c.ops) + 1), Prev: c.prev, Clock: oplog.Clock{Wall: 1700000000000 + int64(len(c.ops))},
		Seen: c.seen, Type: typ, Kind: kind, Record: record, Set: set, Add: add}
	raw, err := oplog.Encode(o)
	if err != nil {
		c.t.Fatal(err)
	}
	c.prev = oplog.Hash(raw)
	c.ops, c.raws = append(c.ops, o), append(c.raws, raw)
}

// The admission keeps the records a batch changes in bounded memory, the older ones in a
// temporary file: a set grown one element at a time, across records that push each other
// out of memory, is still counted whole, and the file is gone afterwards.
func TestAdmissionCountsSetsOfRecordsKeptAside(t *testing.T) {
	defer func(n int) { batchRecordsMax = n }(batchRecordsMax)
	batchRecordsMax = 2
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	build := func(per int, seen oplog.VV) *chainOps {
		c := &chainOps{t: t, author: "BBBBBBBBBBBBBBBB", seen: seen}
		parties := make([]string, per)
		for i := range parties {
			parties[i] = newID()
			c.op(oplog.OpCreate, "party", parties[i], map[string]json.RawMessage{"name": js("Party " + parties[i][:8]), "type": js("civil_society")}, nil)
		}
		commitments := make([]string, 3)
		for i := range commitments {
			commitments[i] = newID()
			c.op(oplog.OpCreate, "commitment", commitments[i], map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}, nil)
		}
		for _, p := range parties {
			for _, id := range commitments {
				c.op(oplog.OpUpdate, "commitment", id, nil, map[string][]json.RawMessage{"towards": {js(p)}})
			}
		}
		return c
	}
	for _, mode := range []string{"import", "stream", "stream, not causal"} {
		s := openTest(t, t.TempDir())
		var seen oplog.VV
		ops, raws := []*oplog.Op(nil), [][]byte(nil)
		if mode == "stream, not causal" {
			// B's changes had seen C's, which come after them: admitted at the commit.
			seen = oplog.VV{"CCCCCCCCCCCCCCCC": 1}
			cc := &chainOps{t: t, author: "CCCCCCCCCCCCCCCC"}
			cc.op(oplog.OpCreate, "party", newID(), map[string]json.RawMessage{"name": js("C's party"), "type": js("other")}, nil)
			ops, raws = cc.ops, cc.raws
		}
		c := build(201, seen)
		ops, raws = append(append([]*oplog.Op(nil), c.ops...), ops...), append(append([][]byte(nil), c.raws...), raws...)
		stream := mode != "import"
		var err error
		if stream {
			im, berr := s.BeginImport("test", len(ops), 0)
			if berr != nil {
				t.Fatal(berr)
			}
			for i, op := range ops {
				if err = im.Add(op, raws[i]); err != nil {
					break
				}
			}
			if err == nil {
				_, err = im.Commit(t.Context())
			} else if aerr := im.Abort(); aerr != nil {
				t.Fatal(aerr)
			}
		} else {
			_, err = s.Import(ops, raws, "test")
		}
		var ae *admit.Error
		if !errors.As(err, &ae) || ae.Problems["towards"].Code != "too_many_merged" || ae.Seq != uint64(201+3+200*3+1) {
			t.Fatalf("%s: the 201st party of the first commitment: %v", mode, err)
		}
		if seq, _ := s.Head(c.author); seq != 0 {
			t.Fatalf("%s: a refused batch left changes up to %d", mode, seq)
		}
		c = build(200, nil)
		if _, err := s.Import(c.ops, c.raws, "test"); err != nil {
			t.Fatalf("%s: 200 parties each: %v", mode, err)
		}
		if left, _ := os.ReadDir(tmp); len(left) != 0 {
			t.Fatalf("%s: %d temporary files left, such as %s", mode, len(left), left[0].Name())
		}
	}
}

func TestBatchRecordsSpillAndClose(t *testing.T) {
	s := openTest(t, t.TempDir())
	b := newBatchRecords(s)
	b.max = 1
	want := map[string][]byte{}
	for i := 0; i < 5; i++ {
		id := newID()
		rec := oplog.NewRecord(id)
		if _, err := rec.Apply(&oplog.Op{Author: "A", Seq: uint64(i + 1), Type: oplog.OpCreate, Kind: "party", Record: id, Set: map[string]json.RawMessage{"name": js(id)}}); err != nil {
			t.Fatal(err)
		}
		enc, _ := rec.Encode()
		want[id] = enc
		if err := b.put(id, rec, len(enc)); err != nil {
			t.Fatal(err)
		}
	}
	if len(b.mem) != 1 || b.file == nil {
		t.Fatalf("%d records in memory, file %v", len(b.mem), b.file)
	}
	for id, enc := range want {
		rec, size, err := b.get(id)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := rec.Encode()
		if string(got) != string(enc) || size != len(enc) {
			t.Fatalf("record %s came back as %s (%d bytes)", id, got, size)
		}
	}
	name := b.file.Name()
	b.close()
	b.close()
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Fatalf("the temporary file is still there: %v", err)
	}
}

// A local save that would make a record larger than the store can hold is refused, naming
// the field, and nothing is stored.
func TestLocalSaveRefusesARecordTooLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 17 MB record")
	}
	s := openTest(t, t.TempDir())
	id := create(t, s, "commitment", map[string]any{"title": "t", "status": "agreed"})
	var drafts []Draft
	for i := 0; i < 8; i++ {
		rm := make([]json.RawMessage, 24000)
		for j := range rm {
			rm[j] = js(newID())
		}
		drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Remove: map[string][]json.RawMessage{"towards": rm}})
	}
	seq := s.VV()[testAuthor]
	_, err := s.Save("", drafts...)
	var be *BatchError
	if !errors.As(err, &be) || len(be.Errors) != 1 {
		t.Fatalf("saved, or refused otherwise: %v", err)
	}
	if msg := be.Errors[0].Err.Error(); !strings.Contains(msg, "towards") || !strings.Contains(msg, "MB") {
		t.Fatalf("refusal: %s", msg)
	}
	if s.VV()[testAuthor] != seq {
		t.Fatal("a refused save stored changes")
	}
}
