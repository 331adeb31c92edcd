package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// twoAuthors makes a batch whose arrival order is not causal: author A's changes update
// records that author B creates, and a bundle sorts A's run first.
func twoAuthors(t *testing.T, n int) (ops []*oplog.Op, raws [][]byte) {
	const a, b = "AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"
	ids := make([]string, n)
	var bOps []*oplog.Op
	var bRaws [][]byte
	prev := ""
	for i := range ids {
		ids[i] = newID()
		op := &oplog.Op{V: 1, Author: b, Seq: uint64(i + 1), Prev: prev, Clock: oplog.Clock{Wall: 1700000000000 + int64(i)},
			Type: oplog.OpCreate, Kind: "commitment", Record: ids[i], Set: map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		prev = oplog.Hash(raw)
		bOps, bRaws = append(bOps, op), append(bRaws, raw)
	}
	prev = ""
	for i := range ids {
		op := &oplog.Op{V: 1, Author: a, Seq: uint64(i + 1), Prev: prev, Clock: oplog.Clock{Wall: 1700000100000 + int64(i)},
			Seen: oplog.VV{b: uint64(i + 1)}, Type: oplog.OpUpdate, Kind: "commitment", Record: ids[i], Set: map[string]json.RawMessage{"status": js("delivered")}}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		prev = oplog.Hash(raw)
		ops, raws = append(ops, op), append(raws, raw)
	}
	return append(ops, bOps...), append(raws, bRaws...)
}

func streamIn(t *testing.T, s *Store, ops []*oplog.Op, raws [][]byte) *Importer {
	im, err := s.BeginImport("test", len(ops), 0)
	if err != nil {
		t.Fatal(err)
	}
	for i, op := range ops {
		if err := im.Add(op, raws[i]); err != nil {
			t.Fatal(err)
		}
	}
	return im
}

// Changes that arrive before what they had seen are admitted and applied in a causal order,
// with the same records as the in-memory import; a commit interrupted after its marker is
// finished at the next open in that order.
func TestStreamingImportOrdersCausally(t *testing.T) {
	ops, raws := twoAuthors(t, 1200)
	ref := openTest(t, t.TempDir())
	if _, err := ref.Import(ops, raws, "ref"); err != nil {
		t.Fatal(err)
	}
	want, _ := ref.StateHash()

	s := openTest(t, t.TempDir())
	im := streamIn(t, s, ops, raws)
	if im.early != nil {
		t.Fatal("A's changes arrived before B's creations: admission should wait for the causal order")
	}
	res, err := im.Commit(context.Background())
	if err != nil || res.New != len(ops) {
		t.Fatalf("%v %+v", err, res)
	}
	if got, _ := s.StateHash(); got != want {
		t.Fatalf("state %s, want %s", got, want)
	}

	// The same, interrupted right after the marker: recovery applies in the marker's order.
	dir := t.TempDir()
	s = openTest(t, dir)
	im = streamIn(t, s, ops, raws)
	spans, err := im.stream.Order()
	if err != nil {
		t.Fatal(err)
	}
	if err := im.wb.Flush(); err != nil {
		t.Fatal(err)
	}
	var order []stagedRange
	var logged []span
	for _, sp := range spans {
		order = append(order, stagedRange{im.pos[sp.Author] + sp.From - im.stream.First(sp.Author), sp.To - sp.From + 1})
		logged = append(logged, span{sp.Author, sp.From, sp.To - sp.From + 1})
	}
	if inOrder(order) {
		t.Fatal("the order should differ from the arrival order")
	}
	if err := s.setPending(im.batch, pendingValue(pendingCommitted, im.origin, logged)); err != nil {
		t.Fatal(err)
	}
	im.done = true
	s.wmu.Unlock()
	s.Close()
	s = openTest(t, dir)
	if n, _ := s.Counts(); n != uint64(len(ops)) {
		t.Fatalf("recovered %d changes, want %d", n, len(ops))
	}
	if got, _ := s.StateHash(); got != want {
		t.Fatalf("recovered state %s, want %s", got, want)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// A cancel before the commit, or a refused change, leaves the store exactly as it was, with
// nothing staged.
func TestStreamingImportCancelAndRefusalKeepNothing(t *testing.T) {
	ops, raws := twoAuthors(t, 300)
	s := openTest(t, t.TempDir())
	before, _ := s.StateHash()
	staged := func() int {
		n := 0
		_ = s.db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{})
			defer it.Close()
			for it.Seek([]byte{pStaged}); it.ValidForPrefix([]byte{pStaged}); it.Next() {
				n++
			}
			for _, p := range []byte{pJournal, pPending, pOp} {
				for it.Seek([]byte{p}); it.ValidForPrefix([]byte{p}); it.Next() {
					n++
				}
			}
			return nil
		})
		return n
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	im := streamIn(t, s, ops, raws)
	if _, err := im.Commit(ctx); !errors.Is(err, ErrCanceled) {
		t.Fatalf("a canceled import: %v", err)
	}
	if h, _ := s.StateHash(); h != before || staged() != 0 || len(s.VV()) != 0 {
		t.Fatalf("after a cancel: state %s (want %s), %d staged keys, %v held", h, before, staged(), s.VV())
	}
	// A's last change sets a status that does not exist: refused at the commit (in causal
	// order), nothing kept.
	bad := *ops[299]
	bad.Set = map[string]json.RawMessage{"status": js("nonsense")}
	raw, err := oplog.Encode(&bad)
	if err != nil {
		t.Fatal(err)
	}
	ops2 := append([]*oplog.Op{}, ops...)
	raws2 := append([][]byte{}, raws...)
	ops2[299], raws2[299] = &bad, raw
	im = streamIn(t, s, ops2, raws2)
	if _, err := im.Commit(context.Background()); err == nil {
		t.Fatal("a change with an unknown status was imported")
	}
	if h, _ := s.StateHash(); h != before || staged() != 0 || len(s.VV()) != 0 {
		t.Fatalf("after a refusal: state %s (want %s), %d staged keys", h, before, staged())
	}
	// The store is free again: the good batch imports.
	if _, err := streamIn(t, s, ops, raws).Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// concurrentEdits makes two delegates' runs: B creates n commitments and then edits each
// one's status; A, having seen B's creations but not B's edits, edits the same statuses (a
// conflict on each) and the titles. B's run arrives first: a causal arrival order.
func concurrentEdits(t *testing.T, n int) (ops []*oplog.Op, raws [][]byte) {
	const a, b = "AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"
	ids := make([]string, n)
	for i := range ids {
		ids[i] = newID()
	}
	add := func(author string, seq int, prev string, op *oplog.Op) string {
		op.V, op.Author, op.Seq, op.Prev, op.Kind = 1, author, uint64(seq), prev, "commitment"
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		ops, raws = append(ops, op), append(raws, raw)
		return oplog.Hash(raw)
	}
	prev, seq := "", 0
	for i, id := range ids {
		seq++
		prev = add(b, seq, prev, &oplog.Op{Clock: oplog.Clock{Wall: 1700000000000 + int64(i)}, Type: oplog.OpCreate, Record: id,
			Set: map[string]json.RawMessage{"title": js("Reception capacity in Sfax"), "status": js("proposed")}})
	}
	for i, id := range ids {
		seq++
		prev = add(b, seq, prev, &oplog.Op{Clock: oplog.Clock{Wall: 1700000050000 + int64(i)}, Type: oplog.OpUpdate, Record: id,
			Set: map[string]json.RawMessage{"status": js("agreed")}})
	}
	prev = ""
	for i, id := range ids {
		prev = add(a, i+1, prev, &oplog.Op{Clock: oplog.Clock{Wall: 1700000100000 + int64(i)}, Seen: oplog.VV{b: uint64(n)}, Type: oplog.OpUpdate, Record: id,
			Set: map[string]json.RawMessage{"status": js("in_progress"), "title": js("Reception capacity in Sfax and Medenine")}})
	}
	return ops, raws
}

// An import admitted as it arrives, in the order it is applied, takes each record as the
// admission left it instead of applying its changes again, and each change's header from
// what the admission kept (admittedLog) instead of reading it back: the records, the state
// hash, the heads, the clock, what the result reports (created, updated, conflicts, kinds)
// and `check` are those of the import that applies every change. So they are when the log
// passes its bounds and the headers are read back, and when a record is not among the
// admission's (its changes are read back whole). Small bounds make the admission keep records
// in its file and the apply write records and read them back within the pass; part of the
// records exist before.
func TestStreamingImportTakesTheAdmissionsRecords(t *testing.T) {
	defer func(n, m, r int) { batchRecordsMax, onePassCache, admittedMaxRecords = n, m, r }(batchRecordsMax, onePassCache, admittedMaxRecords)
	batchRecordsMax, onePassCache = 40, 30
	ops, raws := concurrentEdits(t, 300)
	const before = 100 // B's first creations are held before the import
	ref := openTest(t, t.TempDir())
	if _, err := ref.Import(ops[:before], raws[:before], "earlier"); err != nil {
		t.Fatal(err)
	}
	want, err := ref.Import(ops, raws, "ref")
	if err != nil {
		t.Fatal(err)
	}
	wantHash, _ := ref.StateHash()
	for _, c := range []struct {
		name       string
		maxRecords int  // admittedMaxRecords
		headers    bool // the admission's log reaches the apply
		notKept    bool // a record is taken out of the admission's records before the apply
	}{
		{"headers kept by the admission", 1 << 17, true, false},
		{"headers read back", 10, false, false},
		{"a record the admission did not keep", 1 << 17, true, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			admittedMaxRecords = c.maxRecords
			s := openTest(t, t.TempDir())
			if _, err := s.Import(ops[:before], raws[:before], "earlier"); err != nil {
				t.Fatal(err)
			}
			im := streamIn(t, s, ops, raws)
			if im.early == nil {
				t.Fatal("B's run arrived first: the admission should have run as the changes arrived")
			}
			if (im.admitted != nil) != c.headers {
				t.Fatalf("the admission's log kept: %v, want %v", im.admitted != nil, c.headers)
			}
			if c.notKept {
				id := ops[150].Record
				delete(im.early.recs.mem, id)
				delete(im.early.recs.at, id)
				if im.early.recs.touched(id) {
					t.Fatal("the record is still among the admission's")
				}
			}
			got, err := im.Commit(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if got.New != want.New || len(got.Created) != len(want.Created) || len(got.Updated) != len(want.Updated) || got.Conflicts != want.Conflicts {
				t.Fatalf("streamed: %d new, %d created, %d updated, %d conflicts; applied one by one: %d, %d, %d, %d",
					got.New, len(got.Created), len(got.Updated), got.Conflicts, want.New, len(want.Created), len(want.Updated), want.Conflicts)
			}
			if !reflect.DeepEqual(got.Kinds, want.Kinds) {
				t.Fatalf("kinds %v, want %v", got.Kinds, want.Kinds)
			}
			if got.Conflicts != 300 {
				t.Fatalf("%d conflicts, want one per record", got.Conflicts)
			}
			if h, _ := s.StateHash(); h != wantHash {
				t.Fatalf("state %s, want %s", h, wantHash)
			}
			for _, a := range []string{ops[0].Author, ops[len(ops)-1].Author} {
				if n, h := s.Head(a); fmt.Sprint(n, h) != fmt.Sprint(ref.Head(a)) {
					t.Fatalf("head of %s: %d %s, want %v", a, n, h, fmt.Sprint(ref.Head(a)))
				}
			}
			if c, w := storedClock(t, s), storedClock(t, ref); c != w {
				t.Fatalf("clock %v, want %v", c, w)
			}
			checkClean(t, s)
			if c := s.Query(Query{Kind: "commitment"}).Total; c != 300 {
				t.Fatalf("%d commitments listed", c)
			}
		})
	}
}

func storedClock(t *testing.T, s *Store) (c oplog.Clock) {
	t.Helper()
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(metaKey("clock"))
		if err != nil {
			return err
		}
		c, err = clockValue(item)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return c
}

// An import killed between its commit mark and the end of its apply keeps the checkpoints
// it was given: they are written with the mark, so the open that finishes the batch holds
// the changes with their authors' signatures, and a backup carries them (an attacker's pass
// found them lost: they were written after the apply, and a relay could then neither back
// up nor export what it held).
func TestCheckpointsArriveWithTheCommitMark(t *testing.T) {
	ops, raws := mixedHistory(t, 5, 300)
	var cps []Checkpoint
	last := map[string]int{}
	for i, op := range ops {
		last[op.Author] = i
	}
	for a, i := range last {
		cps = append(cps, Checkpoint{Author: a, Seq: ops[i].Seq, Head: oplog.Hash(raws[i]), Sig: bytes.Repeat([]byte{7}, 64)})
	}
	dir := t.TempDir()
	s := openTest(t, dir)
	im := streamIn(t, s, ops, raws)
	im.KeepCheckpoints(cps)
	cut := errors.New("killed after the commit mark")
	cutAfterCommitMark = func() error { return cut }
	_, err := im.Commit(context.Background())
	cutAfterCommitMark = nil
	if !errors.Is(err, cut) {
		t.Fatalf("commit: %v", err)
	}
	s.Close()
	s = openTest(t, dir)
	checkClean(t, s)
	snap, err := s.BackupSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Ops) != len(ops) || len(snap.Checkpoints) != len(cps) {
		t.Fatalf("after the open finished the import: %d changes, %d checkpoints; want %d and %d", len(snap.Ops), len(snap.Checkpoints), len(ops), len(cps))
	}
	// A bundle that brings nothing new still leaves its checkpoints.
	more := Checkpoint{Author: ops[0].Author, Seq: ops[0].Seq, Head: oplog.Hash(raws[0]), Sig: bytes.Repeat([]byte{8}, 64)}
	im = streamIn(t, s, ops, raws)
	im.KeepCheckpoints([]Checkpoint{more})
	if res, err := im.Commit(context.Background()); err != nil || res.New != 0 {
		t.Fatalf("again: %+v %v", res, err)
	}
	if got, err := s.Checkpoints(more.Author); err != nil || !slices.ContainsFunc(got, func(c Checkpoint) bool { return c.Seq == more.Seq }) {
		t.Fatalf("the checkpoint of a bundle with nothing new: %+v %v", got, err)
	}
}
