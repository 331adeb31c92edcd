package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

const otherAuthor = "FEDCBA9876543210"

// testPendings makes n changes by otherAuthor from sequence 1, as a batch to write: creates,
// then (from n/2 on) a change of status of each record created, and, when pre is given, a
// last change to that record held before the batch.
func testPendings(t *testing.T, n int, pre string) []pending {
	t.Helper()
	var ps []pending
	return chainOf(t, otherAuthor, n, func(i int, op *oplog.Op) {
		switch {
		case i == n && pre != "":
			op.Type, op.Record, op.Set = oplog.OpUpdate, pre, map[string]json.RawMessage{"status": js("delivered")}
			op.Seen = oplog.VV{testAuthor: 1} // it had seen the record's creation
		case i > n/2:
			op.Type, op.Record, op.Set = oplog.OpUpdate, ps[i-n/2-1].op.Record, map[string]json.RawMessage{"status": js("stalled")}
		}
	}, &ps)
}

// chainOf is author's changes 1 to n, chained: each creates a commitment, unless edit (given
// the change's number and the change) makes it something else. The changes are appended to
// *into as they are made (edit may look at the earlier ones) and returned.
func chainOf(t *testing.T, author string, n int, edit func(i int, op *oplog.Op), into *[]pending) []pending {
	t.Helper()
	prev := ""
	for i := 1; i <= n; i++ {
		op := &oplog.Op{V: 1, Author: author, Seq: uint64(i), Prev: prev, Clock: oplog.Clock{Wall: 1700000000000 + int64(i)},
			Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}}
		if edit != nil {
			edit(i, op)
		}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		prev = oplog.Hash(raw)
		*into = append(*into, pending{op: op, raw: raw, hash: prev})
	}
	return *into
}

// opKeys counts the keys of the operation log, applied or not.
func opKeys(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{pOp}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// What a kill leaves of a batch written once under a pending mark: still staging, the
// operations are dropped (none of the batch); committed, it is finished (all of it), also
// when a kill came half-way through the apply.
func TestPendingBatchIsFinishedOrDropped(t *testing.T) {
	defer func(n int) { onePassCache = n }(onePassCache)
	onePassCache = 100 // records leave the cache, are written and read back within the pass
	for _, c := range []struct {
		name    string
		commit  bool
		applied int // operations a pass applied before the kill
		want    int
	}{
		{"staging", false, 0, 0},
		{"committed", true, 0, 1500},
		{"committed, half applied", true, 1200, 1500},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openTest(t, dir)
			pre := create(t, s, "commitment", map[string]any{"title": "held before", "status": "agreed"})
			ref := openTest(t, t.TempDir())
			create(t, ref, "commitment", map[string]any{"title": "held before", "status": "agreed"})
			ps := testPendings(t, 1500, pre)
			if _, err := s.stagePending(ps, "bundle", c.commit); err != nil {
				t.Fatal(err)
			}
			if c.applied > 0 {
				// A pass cut short: part of the history and the records written, no heads.
				o := s.newOnePass(&Result{}, "bundle", false, nil)
				if err := o.run(ps[:c.applied], nil); err != nil {
					t.Fatal(err)
				}
				for id, rec := range o.cache {
					if err := o.write(id, rec); err != nil {
						t.Fatal(err)
					}
				}
				if err := o.wb.Flush(); err != nil {
					t.Fatal(err)
				}
			}
			if problems, _ := s.Check(); !strings.Contains(strings.Join(problems, "\n"), "still pending") {
				t.Fatalf("check before recovery does not tell the pending batch: %v", problems)
			}
			s.Close()
			s = openTest(t, dir)
			if n, _ := s.Head(otherAuthor); n != uint64(c.want) {
				t.Fatalf("after recovery %d changes of the batch, want %d", n, c.want)
			}
			if n := opKeys(t, s); n != c.want+1 {
				t.Fatalf("%d operations in the log after recovery, want %d (none beyond the heads)", n, c.want+1)
			}
			if problems, err := s.Check(); err != nil || len(problems) > 0 {
				t.Fatalf("check: %v %v", problems, err)
			}
			if sum, _ := s.Summary(pre); (sum.Status == "delivered") != (c.want > 0) {
				t.Fatalf("the record held before the batch has status %q", sum.Status)
			}
			stalled := max(0, c.want/2-1) // the batch's last change is to the record held before
			if got := s.Query(Query{Kind: "commitment", Status: "stalled", Limit: 1}).Total; got != stalled {
				t.Fatalf("the index finds %d stalled, want %d", got, stalled)
			}
			// The store goes on: the next change follows the recovered heads.
			create(t, s, "commitment", map[string]any{"title": "after", "status": "agreed"})
		})
	}
}

// A committed pending batch that can never be applied is set aside whole, as a journaled
// one is (TestUnfinishableBatchIsSetAsideWhole): the store opens without it.
func TestUnfinishablePendingBatchIsSetAside(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	pre := create(t, s, "commitment", map[string]any{"title": "held before", "status": "agreed"})
	before, _ := s.StateHash()
	ps := testPendings(t, 1200, pre)
	target := ps[0].op.Record
	last := ps[len(ps)-1].op
	bad := *last
	bad.Type, bad.Kind, bad.Record, bad.Set = oplog.OpUpdate, "meeting", target, map[string]json.RawMessage{"title": js("now a meeting")}
	raw, err := oplog.Encode(&bad)
	if err != nil {
		t.Fatal(err)
	}
	ps[len(ps)-1] = pending{op: &bad, raw: raw, hash: oplog.Hash(raw)}
	if _, err := s.stagePending(ps, "bundle Y", true); err != nil {
		t.Fatal(err)
	}
	// The author's signed checkpoint came with the batch (written with its commit mark).
	if err := s.PutCheckpoint(Checkpoint{Author: otherAuthor, Seq: bad.Seq, Head: ps[len(ps)-1].hash, Sig: make([]byte, 64)}); err != nil {
		t.Fatal(err)
	}
	// A pass cut short wrote part of it, the record held before included.
	o := s.newOnePass(&Result{}, "bundle Y", false, nil)
	if err := o.run(ps[:len(ps)-1], nil); err != nil {
		t.Fatal(err)
	}
	for id, rec := range o.cache {
		if err := o.write(id, rec); err != nil {
			t.Fatal(err)
		}
	}
	if err := o.wb.Flush(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	if h, _ := s.StateHash(); h != before {
		t.Fatal("the batch set aside changed the records")
	}
	if n, _ := s.Head(otherAuthor); n != 0 {
		t.Fatalf("%d changes of an unfinishable batch applied", n)
	}
	if n := opKeys(t, s); n != 1 {
		t.Fatalf("%d operations left in the log", n)
	}
	sas, err := s.SetAsides()
	if err != nil || len(sas) != 1 || sas[0].Changes != 1200 || sas[0].Applied != 0 || sas[0].Origin != "bundle Y" || !strings.Contains(sas[0].Reason, "kind does not match") {
		t.Fatalf("set aside: %+v %v", sas, err)
	}
	if cps, err := s.Checkpoints(otherAuthor); err != nil || len(cps) > 0 {
		t.Fatalf("the set-aside batch's checkpoints stayed: %+v %v", cps, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// check holds each checkpoint to the change it signs.
func TestCheckNamesCheckpointsThatSignNothingHeld(t *testing.T) {
	s := openTest(t, t.TempDir())
	create(t, s, "commitment", map[string]any{"title": "held", "status": "agreed"})
	head, hash := s.Head(testAuthor)
	good := Checkpoint{Author: testAuthor, Seq: head, Head: hash, Sig: make([]byte, 64)}
	if err := s.PutCheckpoint(good); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	wrong := good
	wrong.Head = strings.Repeat("ab", 32)
	beyond := good
	beyond.Seq = head + 5
	for _, cp := range []Checkpoint{wrong, beyond} {
		if err := s.PutCheckpoint(cp); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.Join(problems, "\n")
	if len(problems) != 2 || !strings.Contains(joined, "does not match the change stored") || !strings.Contains(joined, "1 signed checkpoint is beyond") {
		t.Fatalf("check: %q", problems)
	}
}

// A large save is written once: the operation bytes go to the log, never to a journal.
func TestLargeSaveWritesEachChangeOnce(t *testing.T) {
	s := openTest(t, t.TempDir())
	drafts := make([]Draft, 3000)
	for i := range drafts {
		drafts[i] = Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
			Set: map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}}
	}
	if _, err := s.Save("", drafts...); err != nil {
		t.Fatal(err)
	}
	if n := opKeys(t, s); n != len(drafts) {
		t.Fatalf("%d operations, want %d", n, len(drafts))
	}
	left := 0
	_ = s.db.View(func(txn *badger.Txn) error {
		// Any journal key, even deleted, means the batch was staged there first.
		it := txn.NewIterator(badger.IteratorOptions{AllVersions: true})
		defer it.Close()
		for _, p := range []byte{pStaged, pJournal} {
			for it.Seek([]byte{p}); it.ValidForPrefix([]byte{p}); it.Next() {
				left++
			}
		}
		return nil
	})
	if ok, _ := s.hasJournals(); ok {
		left++ // the pending mark is still there
	}
	if left != 0 {
		t.Fatalf("%d journal keys: the batch was written twice", left)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

func TestPendingValueRoundTrips(t *testing.T) {
	spans := []span{{"6BAEA3E7EB4E3C7A", 41, 10}, {"FEDCBA9876543210", 1, 100000}}
	state, origin, got, err := parsePending(pendingValue(pendingCommitted, "bundle from X", spans))
	if err != nil || state != pendingCommitted || origin != "bundle from X" || len(got) != 2 || got[0] != spans[0] || got[1] != spans[1] {
		t.Fatalf("%c %q %v %v", state, origin, got, err)
	}
	for _, v := range [][]byte{nil, {'x'}, {'c'}, {'c', 5, 'a'}, append(pendingValue(pendingCommitted, "", nil), 1, 'A', 0, 1)} {
		if _, _, _, err := parsePending(v); err == nil {
			t.Fatalf("%q decoded", v)
		}
	}
}

// A pass keeps a bounded number of records: one that left the cache is written, and read
// back when a later change of the batch touches it; the result is the same as with room
// for all of them.
func TestOnePassReadsBackRecordsItWrote(t *testing.T) {
	defer func(n int) { onePassCache = n }(onePassCache)
	var hashes []string
	ps := testPendings(t, 1200, "")
	for _, room := range []int{recordCacheSize, 7} {
		onePassCache = room
		s := openTest(t, t.TempDir())
		res, err := s.Import(ops(ps), raws(ps), "bundle")
		if err != nil || res.New != 1200 || len(res.Created) != 600 || len(res.Updated) != 0 {
			t.Fatalf("room %d: %v %d new, %d created, %d updated", room, err, res.New, len(res.Created), len(res.Updated))
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("room %d: check: %v %v", room, problems, err)
		}
		h, _ := s.StateHash()
		hashes = append(hashes, h)
	}
	if hashes[0] != hashes[1] {
		t.Fatalf("state %s with room for every record, %s with room for 7", hashes[0], hashes[1])
	}
}

func ops(ps []pending) []*oplog.Op {
	out := make([]*oplog.Op, len(ps))
	for i, p := range ps {
		out[i] = p.op
	}
	return out
}

func raws(ps []pending) [][]byte {
	out := make([][]byte, len(ps))
	for i, p := range ps {
		out[i] = p.raw
	}
	return out
}

// eachLoggedAhead hands over the changes of its spans in order; stops at the first error of
// its caller, returning it; and returns the reader's own error (a change missing) after what
// it read before.
func TestEachLoggedAheadReadsInOrderAndStops(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	const n = 1500 // several of the reader's batches and windows
	drafts := benchDrafts(0, n, rand.New(rand.NewSource(3)))
	if _, err := s.Save("test", drafts...); err != nil {
		t.Fatal(err)
	}
	author := s.opt.Author
	var seqs []uint64
	err := s.eachLoggedAhead([]span{{author, 1, n}}, oplog.DecodeHeader, func(h *oplog.Op, raw []byte) error {
		if h.Record != drafts[h.Seq-1].Record || len(raw) == 0 {
			return fmt.Errorf("change %d: record %s, want %s", h.Seq, h.Record, drafts[h.Seq-1].Record)
		}
		seqs = append(seqs, h.Seq)
		return nil
	})
	if err != nil || len(seqs) != n || !slices.IsSorted(seqs) || seqs[0] != 1 {
		t.Fatalf("read %d changes, err %v", len(seqs), err)
	}
	stop := errors.New("enough")
	count := 0
	err = s.eachLoggedAhead([]span{{author, 1, n}}, oplog.DecodeHeader, func(*oplog.Op, []byte) error {
		if count++; count == 300 {
			return stop
		}
		return nil
	})
	if err != stop || count != 300 {
		t.Fatalf("stopped after %d with %v, want 300 and the caller's error", count, err)
	}
	read := 0
	err = s.eachLoggedAhead([]span{{author, n - 10, 20}}, oplog.DecodeHeader, func(*oplog.Op, []byte) error { read++; return nil })
	if !errors.Is(err, errCorruptStaged) || read != 11 {
		t.Fatalf("changes past the log: %v after %d, want a missing change after the 11 held", err, read)
	}
}
