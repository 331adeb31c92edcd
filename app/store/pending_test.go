package store

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// testPendings makes n creates by testAuthor from sequence 1, as a batch to write.
func testPendings(t *testing.T, n int) []pending {
	t.Helper()
	var ps []pending
	prev := ""
	for i := 1; i <= n; i++ {
		op := &oplog.Op{V: 1, Author: testAuthor, Seq: uint64(i), Prev: prev, Clock: oplog.Clock{Wall: 1700000000000 + int64(i)},
			Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		prev = oplog.Hash(raw)
		ps = append(ps, pending{op: op, raw: raw, hash: prev})
	}
	return ps
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
	for _, c := range []struct {
		name    string
		commit  bool
		applied int // operations applied before the kill
		want    int
	}{
		{"staging", false, 0, 0},
		{"committed", true, 0, 1500},
		{"committed, half applied", true, 700, 1500},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s := openTest(t, dir)
			ps := testPendings(t, 1500)
			if _, err := s.stagePending(ps, "bundle", c.commit); err != nil {
				t.Fatal(err)
			}
			if c.applied > 0 {
				origin := "bundle"
				src := func(add func(pending) error) error {
					for _, p := range ps[:c.applied] {
						if err := add(p); err != nil {
							return err
						}
					}
					return nil
				}
				if _, err := s.applyChunks(&Result{}, &origin, true, src, nil); err != nil {
					t.Fatal(err)
				}
			}
			if n, _ := s.Head(testAuthor); n != uint64(c.applied) {
				t.Fatalf("head %d before the kill, want %d", n, c.applied)
			}
			if problems, _ := s.Check(); !strings.Contains(strings.Join(problems, "\n"), "still pending") {
				t.Fatalf("check before recovery does not tell the pending batch: %v", problems)
			}
			s.Close()
			s = openTest(t, dir)
			if n, _ := s.Counts(); n != uint64(c.want) {
				t.Fatalf("after recovery %d changes, want %d", n, c.want)
			}
			if n := opKeys(t, s); n != c.want {
				t.Fatalf("%d operations in the log after recovery, want %d (none beyond the heads)", n, c.want)
			}
			if problems, err := s.Check(); err != nil || len(problems) > 0 {
				t.Fatalf("check: %v %v", problems, err)
			}
			// The store goes on: the same author's next change follows the recovered head.
			create(t, s, "commitment", map[string]any{"title": "after", "status": "agreed"})
		})
	}
}

// A committed pending batch that can never be applied is set aside whole, as a journaled
// one is (TestUnfinishableBatchIsSetAsideWhole): the store opens without it.
func TestUnfinishablePendingBatchIsSetAside(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	ps := testPendings(t, 1200)
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
	s.Close()
	s = openTest(t, dir)
	if n, _ := s.Counts(); n != 0 {
		t.Fatalf("%d changes of an unfinishable batch applied", n)
	}
	if n := opKeys(t, s); n != 0 {
		t.Fatalf("%d operations left in the log", n)
	}
	sas, err := s.SetAsides()
	if err != nil || len(sas) != 1 || sas[0].Changes != 1200 || sas[0].Applied != 0 || sas[0].Origin != "bundle Y" || !strings.Contains(sas[0].Reason, "never changes kind") {
		t.Fatalf("set aside: %+v %v", sas, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
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
