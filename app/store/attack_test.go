package store

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"dossier/app/oplog"
)

// A batch small enough to be tried in one transaction, whose writes turn out too big for it
// (small changes to large records), is applied again as a pending batch: the result counts
// each change once, not once per attempt.
func TestBatchTooBigForOneTransactionCountsEachChangeOnce(t *testing.T) {
	const n = 75
	s := openTest(t, t.TempDir())
	ids := saveLongCommitments(t, s, n, 275) // ~4 KB a record, under the value threshold: n of them pass a transaction
	var drafts []Draft
	size := 0
	for _, id := range ids {
		drafts = append(drafts, Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"status": js("delivered")}})
	}
	res, err := s.Save("", drafts...)
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range res.Ops {
		raw, _ := oplog.Encode(op)
		size += 3 * len(raw)
	}
	if size >= maxTxnBytes/2 {
		t.Fatalf("the batch (%d bytes by the estimate) does not take the one-transaction attempt", size)
	}
	if res.New != n || len(res.Created) != 0 || len(res.Updated) != n || len(res.Ops) != n || res.Kinds["commitment"] != n {
		t.Fatalf("result: New %d, Created %d, Updated %d, Ops %d, Kinds %v; want %d updates", res.New, len(res.Created), len(res.Updated), len(res.Ops), res.Kinds, n)
	}
	checkClean(t, s)
}

// mixedHistory makes two delegates' runs over a pool of commitments, drawn from seed: B
// creates, edits, deletes and restores them (a record often created and changed again within
// a few changes, or never again); A, having seen the first half of B's changes, edits and
// deletes records B made by then (conflicts, edits concurrent with deletes). B's run first.
func mixedHistory(t *testing.T, seed int64, n int) (ops []*oplog.Op, raws [][]byte) {
	const a, b = "AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB"
	rng := rand.New(rand.NewSource(seed))
	statuses := []string{"proposed", "agreed", "in_progress", "delivered"}
	prev := map[string]string{}
	seq := map[string]uint64{}
	add := func(author string, seen oplog.VV, typ oplog.OpType, id string, set map[string]json.RawMessage) {
		seq[author]++
		op := &oplog.Op{V: 1, Author: author, Seq: seq[author], Prev: prev[author], Clock: oplog.Clock{Wall: 1700000000000 + int64(len(ops))},
			Seen: seen, Type: typ, Kind: "commitment", Record: id, Set: set}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		prev[author] = oplog.Hash(raw)
		ops, raws = append(ops, op), append(raws, raw)
	}
	var live, gone []string
	var liveAtHalf []string
	for i := 0; i < n; i++ {
		if i == n/2 {
			liveAtHalf = append([]string(nil), live...)
		}
		switch r := rng.Intn(10); {
		case r < 4 || len(live) == 0:
			id := newID()
			live = append(live, id)
			add(b, nil, oplog.OpCreate, id, map[string]json.RawMessage{"title": js(fmt.Sprintf("Commitment %d", i)), "status": js(statuses[rng.Intn(4)])})
		case r < 7:
			// most edits go to a record made a few changes before
			id := live[len(live)-1-rng.Intn(min(3, len(live)))]
			add(b, nil, oplog.OpUpdate, id, map[string]json.RawMessage{"status": js(statuses[rng.Intn(4)])})
		case r < 9 || len(gone) == 0:
			k := len(live) - 1 - rng.Intn(min(4, len(live)))
			id := live[k]
			live = append(live[:k], live[k+1:]...)
			gone = append(gone, id)
			add(b, nil, oplog.OpDelete, id, nil)
		default:
			k := rng.Intn(len(gone))
			id := gone[k]
			gone = append(gone[:k], gone[k+1:]...)
			live = append(live, id)
			add(b, nil, oplog.OpRestore, id, nil)
		}
	}
	half := uint64(n / 2) // A saw B's changes up to the half: every record live then
	for i := 0; i < n/3 && len(liveAtHalf) > 0; i++ {
		id := liveAtHalf[rng.Intn(len(liveAtHalf))]
		if rng.Intn(8) == 0 {
			add(a, oplog.VV{b: half}, oplog.OpUpdate, id, map[string]json.RawMessage{"title": js(fmt.Sprintf("Commitment, as A sees it %d", i))})
			continue
		}
		add(a, oplog.VV{b: half}, oplog.OpUpdate, id, map[string]json.RawMessage{"status": js(statuses[rng.Intn(4)])})
	}
	return ops, raws
}

// The same changes reach replicas by every path — one import (one pass), imports of a few
// changes each (one transaction), a streaming import admitted as it arrives (records taken
// from the admission) and one that arrives out of order — with small caches, so that records
// stored as references are written, read back and rewritten within a pass. Every replica
// holds the same records (state hash), each equal to its derivation from the log (check),
// and a state hash asked for between batches is never stale.
func TestEveryPathHoldsTheSameRecords(t *testing.T) {
	defer func(n, m int) { batchRecordsMax, onePassCache = n, m }(batchRecordsMax, onePassCache)
	batchRecordsMax, onePassCache = 7, 5
	for seed := int64(1); seed <= 3; seed++ {
		ops, raws := mixedHistory(t, seed, 700)
		nb := 0
		for _, op := range ops {
			if op.Author == "BBBBBBBBBBBBBBBB" {
				nb++
			}
		}
		ref := openTest(t, t.TempDir())
		want, err := ref.Import(ops, raws, "ref")
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, ref)
		wantHash, _ := ref.StateHash()

		small := openTest(t, t.TempDir())
		conflicts := 0
		for from := 0; from < len(ops); from += 37 {
			to := min(from+37, len(ops))
			if _, err := small.StateHash(); err != nil {
				t.Fatal(err)
			}
			res, err := small.Import(ops[from:to], raws[from:to], "small")
			if err != nil {
				t.Fatal(err)
			}
			conflicts += res.Conflicts
			checkClean(t, small)
		}
		if h, _ := small.StateHash(); h != wantHash {
			t.Fatalf("seed %d: imported in small batches: state %s, want %s", seed, h, wantHash)
		}

		streamed := openTest(t, t.TempDir())
		im := streamIn(t, streamed, ops, raws)
		if im.early == nil {
			t.Fatal("a causal arrival was not admitted as it arrived")
		}
		got, err := im.Commit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, streamed)
		if h, _ := streamed.StateHash(); h != wantHash {
			t.Fatalf("seed %d: streamed: state %s, want %s", seed, h, wantHash)
		}
		if got.New != want.New || len(got.Created) != len(want.Created) || len(got.Updated) != len(want.Updated) || got.Conflicts != want.Conflicts {
			t.Fatalf("seed %d: streamed: %d new, %d created, %d updated, %d conflicts; imported: %d, %d, %d, %d", seed,
				got.New, len(got.Created), len(got.Updated), got.Conflicts, want.New, len(want.Created), len(want.Updated), want.Conflicts)
		}

		late := openTest(t, t.TempDir())
		rops := append(append([]*oplog.Op(nil), ops[nb:]...), ops[:nb]...)
		rraws := append(append([][]byte(nil), raws[nb:]...), raws[:nb]...)
		im = streamIn(t, late, rops, rraws)
		if im.early != nil {
			t.Fatal("A's run arrived before what it had seen")
		}
		got, err = im.Commit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		checkClean(t, late)
		if h, _ := late.StateHash(); h != wantHash {
			t.Fatalf("seed %d: streamed out of order: state %s, want %s", seed, h, wantHash)
		}
		if got.Conflicts != want.Conflicts {
			t.Fatalf("seed %d: streamed out of order: %d conflicts, want %d", seed, got.Conflicts, want.Conflicts)
		}
		t.Logf("seed %d: %d changes, %d created, %d conflicts (%d in small batches)", seed, want.New, len(want.Created), want.Conflicts, conflicts)
	}
}

// A pass cut short (a kill after the commit marker) has written part of the batch's records,
// some as references to their creation, some whole, some as the admission left them at the
// end of the batch; the next open finishes the batch, and the records are those of a replica
// that imported it in one go.
func TestPassCutShortIsFinishedWithTheSameRecords(t *testing.T) {
	defer func(n, m int) { batchRecordsMax, onePassCache = n, m }(batchRecordsMax, onePassCache)
	batchRecordsMax, onePassCache = 7, 5
	ops, raws := mixedHistory(t, 4, 700)
	wantHash, ps := importedInOneGo(t, ops, raws)
	for _, cut := range []int{1, 350, len(ps) - 1} {
		for _, streamed := range []bool{false, true} {
			dir := t.TempDir()
			s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
			if err != nil {
				t.Fatal(err)
			}
			o := s.newOnePass(&Result{}, "bundle", false, nil)
			if streamed {
				im := streamIn(t, s, ops, raws)
				logged, err := im.decide(context.Background())
				if err != nil || im.early == nil {
					t.Fatalf("decide: %v (admitted as it arrived: %v)", err, im.early != nil)
				}
				if err := s.setPending(im.batch, pendingValue(pendingCommitted, im.origin, logged)); err != nil {
					t.Fatal(err)
				}
				o.finals = im.early.recs
				defer im.early.close()
				defer s.wmu.Unlock()
			} else if _, err := s.stagePending(ps, "bundle", true); err != nil {
				t.Fatal(err)
			}
			if err := o.run(ps[:cut], nil); err != nil {
				t.Fatal(err)
			}
			if err := o.wb.Flush(); err != nil {
				t.Fatal(err)
			}
			s.Close()
			s = openTest(t, dir)
			checkClean(t, s)
			if h, _ := s.StateHash(); h != wantHash {
				t.Fatalf("cut at %d (streamed %v): state %s, want %s", cut, streamed, h, wantHash)
			}
		}
	}
}

// A pass that fails has written part of its records (it will be finished at the next open):
// the state hash asked for afterwards is that of the records the store now holds, not one
// kept from before the pass (nor one computed while it ran).
func TestStateHashAfterAFailedPassIsNotKept(t *testing.T) {
	defer func(n int) { onePassCache = n }(onePassCache)
	onePassCache = 7
	s := openTest(t, t.TempDir())
	pre := create(t, s, "commitment", map[string]any{"title": "held before", "status": "agreed"})
	before, err := s.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	ps := testPendings(t, 1200, pre)
	bad := *ps[len(ps)-1].op
	bad.Type, bad.Kind, bad.Record, bad.Set = oplog.OpUpdate, "meeting", ps[0].op.Record, map[string]json.RawMessage{"title": js("now a meeting")}
	raw, err := oplog.Encode(&bad)
	if err != nil {
		t.Fatal(err)
	}
	ps[len(ps)-1] = pending{op: &bad, raw: raw, hash: oplog.Hash(raw)}
	batch, err := s.stagePending(ps, "bundle Y", true)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.applyPending(batch, &Result{}, ps, "bundle Y", nil, nil, nil, nil); err == nil {
		t.Fatal("a pass over a change that does not apply succeeded")
	}
	held, err := s.stateHash()
	if err != nil {
		t.Fatal(err)
	}
	if held == before {
		t.Fatal("the failed pass wrote nothing: the test shows nothing")
	}
	if got, _ := s.StateHash(); got != held {
		t.Fatalf("state hash %s after the failed pass, kept from before it; the records held hash to %s", got, held)
	}
}

// Local saves — one change, a few, and more than a transaction holds (one pass, records
// taken from the checks) — that create records and change, delete and restore them in the
// same save and in later ones, hold the records a replica derives by importing the log, by
// every path of import.
func TestLocalSavesHoldWhatAnImportDerives(t *testing.T) {
	defer func(n, m int) { batchRecordsMax, onePassCache = n, m }(batchRecordsMax, onePassCache)
	batchRecordsMax, onePassCache = 7, 5
	rng := rand.New(rand.NewSource(5))
	s := openTest(t, t.TempDir())
	var live, gone []string
	statuses := []string{"proposed", "agreed", "in_progress", "delivered"}
	draft := func(i int) Draft {
		switch r := rng.Intn(10); {
		case r < 4 || len(live) == 0:
			id := newID()
			live = append(live, id)
			return Draft{Type: oplog.OpCreate, Kind: "commitment", Record: id, Set: map[string]json.RawMessage{"title": js(fmt.Sprintf("Commitment %d", i)), "status": js(statuses[rng.Intn(4)])}}
		case r < 7:
			return Draft{Type: oplog.OpUpdate, Record: live[len(live)-1-rng.Intn(min(3, len(live)))], Set: map[string]json.RawMessage{"status": js(statuses[rng.Intn(4)])}}
		case r < 9 || len(gone) == 0:
			k := len(live) - 1 - rng.Intn(min(4, len(live)))
			id := live[k]
			live, gone = append(live[:k], live[k+1:]...), append(gone, id)
			return Draft{Type: oplog.OpDelete, Record: id}
		default:
			k := rng.Intn(len(gone))
			id := gone[k]
			gone, live = append(gone[:k], gone[k+1:]...), append(live, id)
			return Draft{Type: oplog.OpRestore, Record: id}
		}
	}
	i := 0
	for _, n := range []int{1, 1, 3, 40, 1, 620, 2, 1, 530, 7} {
		var ds []Draft
		for range n {
			ds = append(ds, draft(i))
			i++
		}
		if _, err := s.StateHash(); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Save("", ds...); err != nil {
			t.Fatalf("save of %d: %v", n, err)
		}
		checkClean(t, s)
	}
	want, _ := s.StateHash()
	head, _ := s.Head(testAuthor)
	var ops []*oplog.Op
	var raws [][]byte
	if err := s.Ops(testAuthor, 1, head, func(op *oplog.Op, raw []byte) error {
		ops, raws = append(ops, op), append(raws, append([]byte(nil), raw...))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ops) != i {
		t.Fatalf("%d changes in the log, %d saved", len(ops), i)
	}
	r1 := openTest(t, t.TempDir())
	if _, err := r1.Import(ops, raws, "bundle"); err != nil {
		t.Fatal(err)
	}
	r2 := openTest(t, t.TempDir())
	if _, err := streamIn(t, r2, ops, raws).Commit(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*Store{r1, r2} {
		checkClean(t, r)
		if h, _ := r.StateHash(); h != want {
			t.Fatalf("replica: state %s, the saver's %s", h, want)
		}
	}
}

// A batch small enough for one transaction reports what the one-pass apply of the same
// batch reports (streamed in causal order: records from the admission; out of order: every
// change applied), and what its preview reports: created, updated, conflicts.
func TestOneTransactionAndOnePassReportTheSame(t *testing.T) {
	defer func(n, m int) { batchRecordsMax, onePassCache = n, m }(batchRecordsMax, onePassCache)
	batchRecordsMax, onePassCache = 3, 2
	for seed := int64(10); seed < 30; seed++ {
		ops, raws := mixedHistory(t, seed, 60)
		nb := 60
		one := openTest(t, t.TempDir())
		want, err := one.Import(ops, raws, "bundle")
		if err != nil {
			t.Fatal(err)
		}
		wantHash, _ := one.StateHash()
		s := openTest(t, t.TempDir())
		got, err := streamIn(t, s, ops, raws).Commit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		rops := append(append([]*oplog.Op(nil), ops[nb:]...), ops[:nb]...)
		rraws := append(append([][]byte(nil), raws[nb:]...), raws[:nb]...)
		l := openTest(t, t.TempDir())
		late, err := streamIn(t, l, rops, rraws).Commit(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		pv := openTest(t, t.TempDir())
		preview, err := streamIn(t, pv, ops, raws).Preview(context.Background(), PreviewSink{})
		if err != nil {
			t.Fatal(err)
		}
		for name, r := range map[string]*Result{"streamed": got, "streamed out of order": late, "previewed": preview} {
			if r.New != want.New || len(r.Created) != len(want.Created) || len(r.Updated) != len(want.Updated) || r.Conflicts != want.Conflicts {
				t.Fatalf("seed %d: %s: %d new, %d created, %d updated, %d conflicts; in one transaction: %d, %d, %d, %d", seed, name,
					r.New, len(r.Created), len(r.Updated), r.Conflicts, want.New, len(want.Created), len(want.Updated), want.Conflicts)
			}
		}
		for _, r := range []*Store{s, l} {
			if h, _ := r.StateHash(); h != wantHash {
				t.Fatalf("seed %d: state %s, want %s", seed, h, wantHash)
			}
		}
	}
}

// A preview whose chunks Badger refuses as too big, after an earlier chunk went through,
// counts each change once: the refused attempt's counts are taken back whole, the changes per
// kind included.
func TestPreviewSplitCountsEachChangeOnce(t *testing.T) {
	const n = 700
	s := openTest(t, t.TempDir())
	ids := saveLongCommitments(t, s, n, 250) // ~3 KB: stays in the LSM tree, counts in full
	var ops []*oplog.Op
	var raws [][]byte
	prev := ""
	for i, id := range ids {
		op := &oplog.Op{V: 1, Author: otherAuthor, Seq: uint64(i + 1), Prev: prev, Clock: oplog.Clock{Wall: time.Now().UnixMilli() + int64(i)},
			Seen: oplog.VV{testAuthor: n}, Type: oplog.OpUpdate, Kind: "commitment", Record: id, Set: map[string]json.RawMessage{"status": js("delivered")}}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		prev = oplog.Hash(raw)
		ops, raws = append(ops, op), append(raws, raw)
	}
	before := splits.Load()
	res, err := streamIn(t, s, ops, raws).Preview(context.Background(), PreviewSink{})
	if err != nil {
		t.Fatal(err)
	}
	if splits.Load() == before {
		t.Fatal("no chunk was split: the test no longer reaches the split it checks")
	}
	if res.New != n || len(res.Updated) != n || res.Kinds["commitment"] != n {
		t.Fatalf("preview: New %d, Updated %d, Kinds %v; want %d", res.New, len(res.Updated), res.Kinds, n)
	}
}

// A batch journaled by a format 3 store (`J`), finished at open in chunks of one transaction
// each: records created in one chunk (stored as references) and changed in a later one hold
// what a replica that imported the batch in one go holds.
func TestFormat3JournalWithReferencesAcrossChunks(t *testing.T) {
	ops, raws := mixedHistory(t, 6, 700)
	wantHash, ps := importedInOneGo(t, ops, raws)
	dir := t.TempDir()
	s := openTest(t, dir)
	if _, err := s.stage(ps, "bundle"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	checkClean(t, s)
	if h, _ := s.StateHash(); h != wantHash {
		t.Fatalf("state %s, want %s", h, wantHash)
	}
}

// State hashes asked for while batches land (small ones in one transaction, a large one in
// one pass that writes records before its counter moves) never leave a stale hash behind.
func TestStateHashAskedWhileBatchesLand(t *testing.T) {
	s := openTest(t, t.TempDir())
	stop := make(chan struct{})
	done := make(chan error, 2)
	for range 2 {
		go func() {
			for {
				select {
				case <-stop:
					done <- nil
					return
				default:
				}
				if _, err := s.StateHash(); err != nil {
					done <- err
					return
				}
			}
		}()
	}
	var ids []string
	for round := 0; round < 6; round++ {
		n := 3
		if round == 2 {
			n = 900
		}
		var ds []Draft
		for i := 0; i < n; i++ {
			id := newID()
			ids = append(ids, id)
			ds = append(ds, Draft{Type: oplog.OpCreate, Kind: "commitment", Record: id, Set: map[string]json.RawMessage{"title": js(fmt.Sprintf("C %d", i)), "status": js("agreed")}})
		}
		if round > 2 {
			ds = append(ds, Draft{Type: oplog.OpUpdate, Record: ids[round], Set: map[string]json.RawMessage{"status": js("delivered")}})
		}
		if _, err := s.Save("", ds...); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	held, err := s.stateHash()
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := s.StateHash(); got != held {
		t.Fatalf("state hash %s kept; the records held hash to %s", got, held)
	}
	checkClean(t, s)
}

// importedInOneGo is the state hash of a replica that imported ops in one go, and the ops as
// a batch to stage.
func importedInOneGo(t *testing.T, ops []*oplog.Op, raws [][]byte) (string, []pending) {
	t.Helper()
	ref := openTest(t, t.TempDir())
	if _, err := ref.Import(ops, raws, "ref"); err != nil {
		t.Fatal(err)
	}
	hash, err := ref.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	ps := make([]pending, len(ops))
	for i, op := range ops {
		ps[i] = pending{op: op, raw: raws[i], hash: oplog.Hash(raws[i])}
	}
	return hash, ps
}
