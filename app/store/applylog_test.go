package store

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

const vecAuthor = "AAAAAAAAAAAAAAAA"

var vecRecord = "0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"

// The apply entry's two forms, pinned byte for byte (docs/storage.md, "Apply entries by run").
func TestApplyEntryVectors(t *testing.T) {
	run := applyRun{first: 41, author: vecAuthor, seq: 7, n: 300, origin: "Rabat Process, delegate 3.dossier"}
	const want = "01" + "41414141414141414141414141414141" + "0000000000000007" + "ac02" + "52616261742050726f636573732c2064656c656761746520332e646f7373696572"
	if got := hex.EncodeToString(run.value()); got != want {
		t.Fatalf("run value %s, want %s", got, want)
	}
	old := append(append(append([]byte(vecAuthor), u64(7)...), vecRecord...), "local"...)
	tests := []struct {
		name  string
		first uint64
		v     []byte
		want  applyRun
		bad   string
	}{
		{name: "run", first: 41, v: run.value(), want: run},
		{name: "run of one, no origin", first: 1, v: applyRun{author: vecAuthor, seq: 1, n: 1}.value(), want: applyRun{first: 1, author: vecAuthor, seq: 1, n: 1}},
		{name: "format 5: one change", first: 9, v: old, want: applyRun{first: 9, author: vecAuthor, seq: 7, n: 1, origin: "local"}},
		{name: "empty", first: 3, v: nil, bad: "damaged apply entry 3: 0 bytes"},
		{name: "mark only", first: 3, v: []byte{runMark}, bad: "damaged apply entry 3: 1 bytes"},
		{name: "run without its count", first: 3, v: run.value()[:25], bad: "damaged apply entry 3: 25 bytes"},
		{name: "count cut short", first: 3, v: append(run.value()[:25:25], 0x80), bad: "damaged apply entry 3: bad length"},
		{name: "count zero", first: 3, v: append(run.value()[:25:25], 0), bad: "damaged apply entry 3: bad length"},
		{name: "run ending at the last index", first: ^uint64(0) - 2, v: append(run.value()[:25:25], 3), want: applyRun{first: ^uint64(0) - 2, author: vecAuthor, seq: 7, n: 3}},
		{name: "change number zero", first: 3, v: applyRun{author: vecAuthor, n: 2}.value(), bad: "damaged apply entry 3: bad change number"},
		{name: "past the last change number", first: 3, v: applyRun{author: vecAuthor, seq: ^uint64(0), n: 2}.value(), bad: "damaged apply entry 3: bad change number"},
		{name: "format 5: change number zero", first: 9, v: append(append(append([]byte(vecAuthor), u64(0)...), vecRecord...), "local"...), bad: "bad change number"},
		{name: "count past the last index", first: ^uint64(0) - 2, v: append(run.value()[:25:25], 5), bad: "bad length"},
		{name: "format 5 cut short", first: 3, v: old[:59], bad: "damaged apply entry 3: 59 bytes"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeApplyRun(tc.first, tc.v)
			if tc.bad != "" {
				if !errors.Is(err, errApplyEntry) || !strings.Contains(err.Error(), tc.bad) {
					t.Fatalf("%x: %v, want %q", tc.v, err, tc.bad)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Fatalf("%x: %+v %v, want %+v", tc.v, got, err, tc.want)
			}
		})
	}
}

// FuzzDecodeApplyRun: whatever an `a` value holds, it is read as a run that holds its first
// index and encodes back to a run equal to it, or refused as damaged; it never panics.
func FuzzDecodeApplyRun(f *testing.F) {
	f.Add(uint64(41), applyRun{author: vecAuthor, seq: 7, n: 300, origin: "bundle"}.value())
	f.Add(uint64(9), append(append(append([]byte(vecAuthor), u64(7)...), vecRecord...), "local"...))
	f.Add(^uint64(0), []byte{runMark, 'A'})
	f.Fuzz(func(t *testing.T, first uint64, v []byte) {
		run, err := decodeApplyRun(first, v)
		if err != nil {
			if !errors.Is(err, errApplyEntry) {
				t.Fatalf("%x: %v is not a damaged entry", v, err)
			}
			return
		}
		if !run.holds(first) || !run.holds(first+run.n-1) || run.holds(first+run.n) && first+run.n != 0 {
			t.Fatalf("%x: run %+v does not hold exactly its own indexes", v, run)
		}
		again, err := decodeApplyRun(first, run.value())
		if err != nil || again != run {
			t.Fatalf("%x: %+v encodes to a run read as %+v %v", v, run, again, err)
		}
	})
}

// keysUnder is how many keys the store holds under prefix.
func keysUnder(t *testing.T, s *Store, prefix byte) int {
	t.Helper()
	n := 0
	if err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false, Prefix: []byte{prefix}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			n++
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return n
}

// runsIn is how many runs (one author's changes in sequence) the store's order of
// application holds, and the origins it gives.
func runsIn(t *testing.T, s *Store) (int, []string) {
	t.Helper()
	runs, author, seq := 0, "", uint64(0)
	var origins []string
	if err := s.Applied(func(op *oplog.Op, _ []byte, origin string) error {
		if op.Author != author || op.Seq != seq+1 {
			runs++
		}
		author, seq = op.Author, op.Seq
		origins = append(origins, origin)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return runs, origins
}

// A save writes one apply entry for its changes, an import one per author's run; the order
// of application, each record's history and check read them back change by change.
func TestApplyEntriesNameRuns(t *testing.T) {
	s := openTest(t, t.TempDir())
	var drafts []Draft
	for i := range 40 {
		drafts = append(drafts, Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
			Set: map[string]json.RawMessage{"title": js("Reception capacity, item " + string(rune('A'+i%26))), "status": js("proposed")}})
	}
	if _, err := s.Save("", drafts...); err != nil {
		t.Fatal(err)
	}
	update(t, s, drafts[3].Record, map[string]any{"status": "agreed"})
	// The update continues the author's sequence, but in another batch: an entry of its own.
	if got := keysUnder(t, s, pApply); got != 2 {
		t.Fatalf("%d apply entries after a save of 40 and one update, want 2", got)
	}
	ops, raws := mixedHistory(t, 11, 300)
	if _, err := s.Import(ops, raws, "delegate 7.dossier"); err != nil {
		t.Fatal(err)
	}
	runs, origins := runsIn(t, s)
	if got := keysUnder(t, s, pApply); got != runs+1 {
		t.Fatalf("%d apply entries for %d runs of changes (the save and the update in separate batches)", got, runs)
	}
	last := len(origins) - 1
	if last != 40+len(ops) || origins[0] != "local" || origins[40] != "local" || origins[41] != "delegate 7.dossier" || origins[last] != "delegate 7.dossier" {
		t.Fatalf("origins: %d, %q %q %q %q", len(origins), origins[0], origins[40], origins[41], origins[last])
	}
	h, err := s.History(drafts[3].Record)
	if err != nil || len(h) != 2 || h[1].Seq != 41 || h[1].Origin != "local" {
		t.Fatalf("history of a record made in a run: %+v %v", h, err)
	}
	for _, op := range ops[len(ops)-5:] {
		h, err := s.History(op.Record)
		if err != nil || len(h) == 0 || h[len(h)-1].Origin != "delegate 7.dossier" {
			t.Fatalf("history of %s: %+v %v", op.Record, h, err)
		}
	}
	checkClean(t, s)
}

// A store written before format 6 holds one apply entry per change: they are read as runs
// of one, beside the runs written since.
func TestFormat5ApplyEntriesAreRead(t *testing.T) {
	s := openTest(t, t.TempDir())
	id := create(t, s, "commitment", map[string]any{"title": "Voluntary returns", "status": "proposed"})
	update(t, s, id, map[string]any{"status": "agreed"})
	update(t, s, id, map[string]any{"status": "in_progress"})
	// Rewrite the three entries as format 5 wrote them (author, seq, record id, origin).
	if err := s.db.Update(func(txn *badger.Txn) error {
		for i := uint64(1); i <= 3; i++ {
			if err := txn.Set(applyKey(i), append(append(append([]byte(testAuthor), u64(i)...), id...), "local"...)); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	update(t, s, id, map[string]any{"status": "delivered"})
	h, err := s.History(id)
	if err != nil || len(h) != 4 {
		t.Fatalf("history: %+v %v", h, err)
	}
	for i, e := range h {
		if e.Seq != uint64(i+1) || e.Origin != "local" {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
	if runs, origins := runsIn(t, s); runs != 1 || len(origins) != 4 {
		t.Fatalf("order of application: %d runs, %d changes", runs, len(origins))
	}
	checkClean(t, s)
}

// A damaged apply log is named, by the history that reads it and by check; nothing is
// read from the wrong change.
func TestDamagedApplyLogIsNamed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(txn *badger.Txn, a, b string) error
		want   string
	}{
		{"run cut short", func(txn *badger.Txn, _, _ string) error {
			return txn.Set(applyKey(1), applyRun{author: testAuthor, seq: 1, n: 1, origin: "local"}.value())
		}, "no entry holds apply index 2"},
		{"run names another record's change", func(txn *badger.Txn, _, _ string) error {
			if err := txn.Set(applyKey(1), applyRun{author: testAuthor, seq: 2, n: 1, origin: "local"}.value()); err != nil {
				return err
			}
			return txn.Set(applyKey(2), applyRun{author: testAuthor, seq: 1, n: 1, origin: "local"}.value())
		}, "is a change to"},
		{"damaged entry", func(txn *badger.Txn, _, _ string) error {
			return txn.Set(applyKey(1), []byte{runMark, 'A'})
		}, "damaged apply entry 1: 2 bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTest(t, t.TempDir())
			a := newID()
			b := newID()
			if _, err := s.Save("", Draft{Type: oplog.OpCreate, Kind: "commitment", Record: a, Set: map[string]json.RawMessage{"title": js("A"), "status": js("agreed")}},
				Draft{Type: oplog.OpCreate, Kind: "commitment", Record: b, Set: map[string]json.RawMessage{"title": js("B"), "status": js("agreed")}}); err != nil {
				t.Fatal(err)
			}
			if err := s.db.Update(func(txn *badger.Txn) error { return tc.damage(txn, a, b) }); err != nil {
				t.Fatal(err)
			}
			_, err := s.History(b)
			if !errors.Is(err, errApplyEntry) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("history: %v, want %q", err, tc.want)
			}
			problems, err := s.Check()
			if err == nil && len(problems) == 0 {
				t.Fatal("check found nothing wrong")
			}
		})
	}
}

// check holds the history entries to the apply log.
func TestCheckHoldsHistoriesToTheApplyLog(t *testing.T) {
	s := openTest(t, t.TempDir())
	a := create(t, s, "commitment", map[string]any{"title": "A", "status": "agreed"})
	b := create(t, s, "commitment", map[string]any{"title": "B", "status": "agreed"})
	if err := s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Delete(historyKey(b, 2)); err != nil {
			return err
		}
		return txn.Set(historyKey(a, 2), nil)
	}); err != nil {
		t.Fatal(err)
	}
	problems, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(problems, "\n")
	for _, want := range []string{"history of " + a + " names apply index 2, a change to " + b, "1 applied changes are missing from their record's history"} {
		if !strings.Contains(got, want) {
			t.Fatalf("check said %q, want %q", got, want)
		}
	}
	if bytes.Contains([]byte(got), []byte("named by two")) {
		t.Fatalf("check: %s", got)
	}
}

// A history entry's two forms, pinned: the first apply index in the key, the others as
// uvarint steps; an empty value is one change (format 5).
func TestHistoryEntryVectors(t *testing.T) {
	if k := hex.EncodeToString(historyKey(vecRecord, 300)); k != "79"+hex.EncodeToString([]byte(vecRecord))+"00"+"000000000000012c" {
		t.Fatalf("key %s", k)
	}
	tests := []struct {
		name  string
		first uint64
		v     []byte
		want  []uint64
		bad   string
	}{
		{name: "format 5: one change", first: 300, v: nil, want: []uint64{300}},
		{name: "a batch's changes", first: 300, v: []byte{1, 9, 0xac, 0x02}, want: []uint64{300, 301, 310, 610}},
		{name: "a step of zero", first: 300, v: []byte{1, 0}, bad: "bad step after 301"},
		{name: "a step cut short", first: 300, v: []byte{1, 0x80}, bad: "bad step after 301"},
		{name: "a step past the last index", first: ^uint64(0) - 1, v: []byte{1, 1}, bad: "bad step after 18446744073709551615"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := decodeHistory(vecRecord, tc.first, tc.v)
			if tc.bad != "" {
				if !errors.Is(err, errHistoryEntry) || !strings.Contains(err.Error(), tc.bad) || !strings.Contains(err.Error(), vecRecord) {
					t.Fatalf("%x: %v, want %q", tc.v, err, tc.bad)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Fatalf("%x: %v %v, want %v", tc.v, got, err, tc.want)
			}
		})
	}
	for _, k := range [][]byte{[]byte("y"), append([]byte("y"+vecRecord), 1, 0, 0, 0, 0, 0, 0, 0, 1), []byte("q" + vecRecord + "\x00\x00\x00\x00\x00\x00\x00\x00\x01")} {
		if _, _, err := historyEntry(k); !errors.Is(err, errHistoryEntry) {
			t.Fatalf("key %q: %v", k, err)
		}
	}
}

// FuzzDecodeHistory: whatever a `y` value holds, it is read as strictly rising apply indexes
// from the key's, which encode back to the same bytes, or refused as damaged.
func FuzzDecodeHistory(f *testing.F) {
	f.Add(uint64(300), []byte{})
	f.Add(uint64(300), []byte{1, 9, 0xac, 0x02})
	f.Add(^uint64(0)-1, []byte{1, 1})
	f.Fuzz(func(t *testing.T, first uint64, v []byte) {
		l, err := decodeHistory(vecRecord, first, v)
		if err != nil {
			if !errors.Is(err, errHistoryEntry) {
				t.Fatalf("%x: %v is not a damaged entry", v, err)
			}
			return
		}
		st := &txState{hist: map[string]*[]uint64{vecRecord: &l}}
		var k, again []byte
		if err := st.writeHistory(vecRecord, func(key, val []byte) error { k, again = key, val; return nil }); err != nil {
			t.Fatal(err)
		}
		if l[0] != first || !bytes.Equal(k, historyKey(vecRecord, first)) {
			t.Fatalf("%x: %v under key %x", v, l, k)
		}
		// A step written longer than it needs is read, and written back in its shortest form.
		if back, err := decodeHistory(vecRecord, first, again); err != nil || !slices.Equal(back, l) {
			t.Fatalf("%x: %v written as %x, read as %v %v", v, l, again, back, err)
		}
	})
}

// A batch writes one history entry per record it changes, in one transaction or in a pass,
// at most historyMax changes an entry; the history lists every change, in order.
func TestHistoryEntriesListABatchsChanges(t *testing.T) {
	for _, n := range []int{30, historyMax*2 + 7} {
		s := openTest(t, t.TempDir())
		id := newID()
		drafts := []Draft{{Type: oplog.OpCreate, Kind: "commitment", Record: id, Set: map[string]json.RawMessage{"title": js("Search and rescue"), "status": js("proposed")}}}
		statuses := []string{"agreed", "in_progress", "delivered", "stalled"}
		for i := 1; i < n; i++ {
			drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"status": js(statuses[i%4])}})
		}
		if _, err := s.Save("", drafts...); err != nil {
			t.Fatal(err)
		}
		update(t, s, id, map[string]any{"title": "Search and rescue at sea"})
		want := (n+historyMax-1)/historyMax + 1
		if got := keysUnder(t, s, pHistory); got != want {
			t.Fatalf("%d changes in a batch, then one: %d history entries, want %d", n, got, want)
		}
		h, err := s.History(id)
		if err != nil || len(h) != n+1 {
			t.Fatalf("history of %d changes: %d entries, %v", n+1, len(h), err)
		}
		for i, e := range h {
			if e.Seq != uint64(i+1) {
				t.Fatalf("entry %d is change %d", i, e.Seq)
			}
		}
		checkClean(t, s)
	}
}

// While a pass writes a batch, a record's history shows the changes applied before it, and
// no error: the pass writes history entries before the apply entries that name them.
func TestHistoryDuringAPassShowsTheAppliedChanges(t *testing.T) {
	defer func(n int) { onePassCache = n }(onePassCache)
	onePassCache = 3 // records leave the cache, with their history entries, as the pass goes
	s := openTest(t, t.TempDir())
	pre := create(t, s, "commitment", map[string]any{"title": "held before", "status": "agreed"})
	// The batch changes pre first; pre then leaves the pass's cache, with its history entry.
	var ps []pending
	chainOf(t, otherAuthor, 40, func(i int, op *oplog.Op) {
		if i == 1 {
			op.Type, op.Record, op.Set, op.Seen = oplog.OpUpdate, pre, map[string]json.RawMessage{"status": js("delivered")}, oplog.VV{testAuthor: 1}
		}
	}, &ps)
	if _, err := s.stagePending(ps, "bundle", true); err != nil {
		t.Fatal(err)
	}
	o := s.newOnePass(&Result{}, "bundle", false, nil)
	if err := o.run(ps[:30], nil); err != nil {
		t.Fatal(err)
	}
	if err := o.wb.Flush(); err != nil {
		t.Fatal(err)
	}
	if keysUnder(t, s, pHistory) < 2 {
		t.Fatal("the pass wrote no history entry yet: the test shows nothing")
	}
	h, err := s.History(pre)
	if err != nil || len(h) != 1 || h[0].Author != testAuthor {
		t.Fatalf("history mid-pass: %+v %v", h, err)
	}
}

// stagedBatch is a store holding one record and a committed batch of 1,500 changes, the
// last of which changes that record, not yet applied.
func stagedBatch(t *testing.T) (string, *Store, []pending) {
	t.Helper()
	dir := t.TempDir()
	s := openTest(t, dir)
	pre := create(t, s, "commitment", map[string]any{"title": "held before", "status": "agreed"})
	ps := testPendings(t, 1500, pre)
	if _, err := s.stagePending(ps, "bundle", true); err != nil {
		t.Fatal(err)
	}
	return dir, s, ps
}

// A format 5 Dossier killed half-way through a pass leaves one `a` entry and one `y` entry
// per change applied, after the apply counter. The user installs the format 6 build: the
// open migrates (nothing to move), then recovery finishes the batch writing runs and lists,
// which would not overwrite the format 5 entries at the same indexes: they are dropped first.
func TestFormat5CutPassIsFinishedByFormat6(t *testing.T) {
	dir, s, ps := stagedBatch(t)
	s.mu.RLock()
	start := s.applyN
	s.mu.RUnlock()
	// What a format 5 pass cut after 1200 changes wrote (its apply and history entries; the
	// records it wrote do not matter, recovery derives them again).
	if err := s.db.Update(func(txn *badger.Txn) error {
		for i, p := range ps[:1200] {
			n := start + 1 + uint64(i)
			v := append(append(append([]byte(p.op.Author), u64(p.op.Seq)...), p.op.Record...), "bundle"...)
			if err := txn.Set(applyKey(n), v); err != nil {
				return err
			}
			if err := txn.Set(historyKey(p.op.Record, n), nil); err != nil {
				return err
			}
		}
		return txn.Set(metaKey(metaFormat), []byte("5"))
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	if n, _ := s.Head(otherAuthor); n != 1500 {
		t.Fatalf("head %d", n)
	}
	// ps[0]'s record: created at start+1, updated by change 751 (start+751).
	h, err := s.History(ps[0].op.Record)
	if err != nil || len(h) != 2 {
		t.Errorf("history of a record changed twice by the batch: %d entries (%v)", len(h), err)
		for _, e := range h {
			t.Logf("  %s %d", e.Author, e.Seq)
		}
	}
	replayEqualsStored(t, s, ps[0].op.Record)
	n := 0
	if err := s.Applied(func(_ *oplog.Op, _ []byte, _ string) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != 1501 {
		t.Errorf("Applied (what a backup holds) yields %d changes, want 1501", n)
	}
	snap, err := s.BackupSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Raws) != 1501 {
		t.Errorf("backup snapshot holds %d changes, want 1501", len(snap.Raws))
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after recovery: %d problems, e.g. %s (%v)", len(problems), strings.Join(problems[:min(3, len(problems))], " | "), err)
	}
}

func replayEqualsStored(t *testing.T, s *Store, id string) {
	t.Helper()
	if err := s.db.View(func(txn *badger.Txn) error {
		rec, n, err := replayRecordUpTo(txn, id, ^uint64(0), nil, nil)
		if err != nil {
			return err
		}
		got, err := getRecord(txn, id)
		if err != nil {
			return err
		}
		a, _ := rec.Encode()
		b, _ := got.Encode()
		if string(a) != string(b) {
			t.Errorf("replay of %d changes differs from the stored record:\n%s\n%s", n, a, b)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// The same with a format 6 pass cut by a build whose pass cache differs from the build that
// finishes it (the cache's size is not part of the format): the cut pass's history lists
// start at other indexes than the recovery's, and are dropped before it writes its own.
func TestCutPassSplitOtherwiseIsWrittenAgain(t *testing.T) {
	defer func(n int) { onePassCache = n }(onePassCache)
	dir, s, ps := stagedBatch(t)
	onePassCache = 100
	o := s.newOnePass(&Result{}, "bundle", false, nil)
	if err := o.run(ps[:1200], nil); err != nil {
		t.Fatal(err)
	}
	if err := o.wb.Flush(); err != nil { // what reached the disk before the kill
		t.Fatal(err)
	}
	s.Close()
	onePassCache = recordCacheSize
	s = openTest(t, dir)
	h, err := s.History(ps[0].op.Record)
	if err != nil || len(h) != 2 {
		t.Errorf("history of a record changed twice by the batch: %d entries (%v)", len(h), err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check after recovery: %d problems, e.g. %s (%v)", len(problems), strings.Join(problems[:min(3, len(problems))], " | "), err)
	}
}

// A history that lists an apply index twice is damaged: replayed, it would apply one change
// twice.
func TestHistoryListingAChangeTwiceIsNamed(t *testing.T) {
	s := openTest(t, t.TempDir())
	id := create(t, s, "commitment", map[string]any{"title": "Returns", "status": "proposed"})
	update(t, s, id, map[string]any{"status": "agreed"})
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(historyKey(id, 1), []byte{1}) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.History(id); !errors.Is(err, errHistoryEntry) || !strings.Contains(err.Error(), "lists apply index 2 twice") {
		t.Fatalf("history: %v", err)
	}
	if problems, _ := s.Check(); !strings.Contains(strings.Join(problems, "\n"), "names apply index 2 twice") {
		t.Fatalf("check: %v", problems)
	}
}

// The lists a batch holds are keyed by copies of the record ids: a decoded change's id shares
// the change's bytes, which a key would keep alive.
func TestHistoryListsOwnTheirRecordIDs(t *testing.T) {
	st := &txState{hist: map[string]*[]uint64{}}
	buf := []byte(vecRecord)
	for i := uint64(1); i <= 3; i++ {
		id := unsafe.String(&buf[0], len(buf)) // as a decoded operation's Record
		if err := st.noteHistory(id, i, nil); err != nil {
			t.Fatal(err)
		}
	}
	for k, l := range st.hist {
		if unsafe.StringData(k) == &buf[0] || len(*l) != 3 {
			t.Fatalf("key %q shares the change's bytes, or its list %v is not the three changes", k, *l)
		}
	}
}

// A pass that wrote its apply entries and failed before its last transaction: the batch does
// not count as applied, and what a backup reads (Applied) stops at the apply counter.
func TestAppliedStopsAtTheApplyCounter(t *testing.T) {
	_, s, ps := stagedBatch(t)
	o := s.newOnePass(&Result{}, "bundle", false, nil)
	if err := o.run(ps, nil); err != nil {
		t.Fatal(err)
	}
	if err := o.st.endRun(o.set); err != nil {
		t.Fatal(err)
	}
	if err := o.wb.Flush(); err != nil {
		t.Fatal(err)
	}
	if keysUnder(t, s, pApply) < 2 {
		t.Fatal("the pass wrote no apply entry: the test shows nothing")
	}
	runs, origins := runsIn(t, s)
	if runs != 1 || len(origins) != 1 {
		t.Fatalf("Applied gave %d changes in %d runs, want the one applied before the batch", len(origins), runs)
	}
}
