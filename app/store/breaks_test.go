package store

import (
	"encoding/json"
	"fmt"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// A record held breaking a rule (here a meeting whose end is moved before its start, as a
// build before the rule wrote it) is found by the index's flag, and a save that mends it
// clears the flag; a deleted record breaks none.
func TestRecordThatBreaksARuleIsFoundByTheIndex(t *testing.T) {
	s := openTest(t, t.TempDir())
	ok := create(t, s, "meeting", map[string]any{"title": "Senior officials", "start": "2026-03-10", "end": "2026-03-11"})
	bad := create(t, s, "meeting", map[string]any{"title": "Ministerial", "start": "2026-03-10", "end": "2026-03-11"})
	if got := ids(s.Query(Query{Breaking: true})); len(got) != 0 {
		t.Fatalf("valid records listed as breaking a rule: %v", got)
	}
	if _, err := s.saveUnchecked(Draft{Type: oplog.OpUpdate, Kind: "meeting", Record: bad, Set: map[string]json.RawMessage{"end": js("2026-03-01")}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Query(Query{Breaking: true})); !slices.Equal(got, []string{bad}) {
		t.Fatalf("records that break a rule %v, want the ministerial %s (not %s)", got, bad, ok)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	update(t, s, bad, map[string]any{"end": "2026-03-12"})
	if got := ids(s.Query(Query{Breaking: true})); len(got) != 0 {
		t.Fatalf("mended, still listed: %v", got)
	}
	if _, err := s.saveUnchecked(Draft{Type: oplog.OpUpdate, Kind: "meeting", Record: bad, Set: map[string]json.RawMessage{"end": js("2026-03-01")}}); err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Query(Query{Breaking: true})); !slices.Equal(got, []string{bad}) {
		t.Fatalf("broken again: %v", got)
	}
	if _, err := s.Save("", Draft{Type: oplog.OpDelete, Record: bad}); err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Query(Query{Breaking: true, Deleted: true})); len(got) != 0 {
		t.Fatalf("a deleted record is listed as breaking a rule: %v", got)
	}
}

// A store whose summaries predate the flag (version 8) has it filled in at open: the rebuild
// of summaries of another version derives it from the record, and check finds nothing stale.
func TestSummaryOfVersion8IsRebuiltWithRuleFlag(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	bad := newID()
	if _, err := s.saveUnchecked(Draft{Type: oplog.OpCreate, Kind: "meeting", Record: bad,
		Set: map[string]json.RawMessage{"title": js("Ministerial"), "start": js("2026-03-10"), "end": js("2026-03-01")}}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Get(bad)
	if err != nil {
		t.Fatal(err)
	}
	// What version 8 held: today's summary without the flag's byte, which comes right before
	// the words (a summary without words or labels ends with the flag and two zero counts).
	sum := summarise(rec)
	if !sum.Breaks {
		t.Fatal("today's summary has no flag")
	}
	bare := sum
	bare.Words, bare.Labels = nil, nil
	at := len(bare.encode()) - 3
	enc := sum.encode()
	old := slices.Concat(enc[:at], enc[at+1:])
	old[0] = 8
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(summaryKey(bad), old) }); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openTest(t, dir)
	if got := ids(s.Query(Query{Breaking: true})); !slices.Equal(got, []string{bad}) {
		t.Errorf("after reopening, records that break a rule: %v", got)
	}
	var stored []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(summaryKey(bad))
		if err == nil {
			stored, err = item.ValueCopy(nil)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := decodeSummary(stored); err != nil || stored[0] != summaryVersion || !got.Breaks || got.Title != "Ministerial" {
		t.Errorf("the stored summary was not rebuilt: version %d, %+v, %v", stored[0], got, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}

// A committed pending batch finished by the open was admitted by whatever build wrote it (an
// older one, whose rules were laxer, or none: here it is staged without any check), so the
// recovery judges every record it writes, also one a single change created whole: a meeting
// created ending before it starts is flagged, and check (which derives the flag again) is
// clean. Also when a pass cut short had written the records with the admission's shortcut.
func TestRecoveredBatchJudgesTheRecordsItCreates(t *testing.T) {
	for _, cut := range []bool{false, true} {
		t.Run(fmt.Sprintf("pass cut short %v", cut), func(t *testing.T) {
			dir := t.TempDir()
			s := openTest(t, dir)
			var ps []pending
			bad := ""
			chainOf(t, otherAuthor, 6, func(i int, op *oplog.Op) {
				if i == 3 {
					op.Kind = "meeting"
					op.Set = map[string]json.RawMessage{"title": js("Ministerial"), "start": js("2026-03-10"), "end": js("2026-03-01")}
					bad = op.Record
				}
			}, &ps)
			if _, err := s.stagePending(ps, "bundle of an older build", true); err != nil {
				t.Fatal(err)
			}
			if cut {
				o := s.newOnePass(&Result{}, "bundle of an older build", false, nil)
				if err := o.run(ps[:4], nil); err != nil {
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
			s.Close()
			s = openTest(t, dir)
			if n, _ := s.Head(otherAuthor); n != 6 {
				t.Fatalf("after recovery %d changes of the batch, want 6", n)
			}
			if got := ids(s.Query(Query{Breaking: true})); !slices.Equal(got, []string{bad}) {
				t.Errorf("records that break a rule after recovery: %v, want the ministerial %s", got, bad)
			}
			if sum, ok := s.Summary(bad); !ok || !sum.Breaks {
				t.Errorf("the ministerial's summary has no flag: %+v", sum)
			}
			if problems, err := s.Check(); err != nil || len(problems) > 0 {
				t.Errorf("check: %v %v", problems, err)
			}
		})
	}
}

// check derives every summary's flag with the whole check: a flag that says a record breaks
// no rule when it does, or the reverse, is a stale index entry.
func TestCheckFindsAWrongRuleFlag(t *testing.T) {
	s := openTest(t, t.TempDir())
	ok := create(t, s, "meeting", map[string]any{"title": "Senior officials", "start": "2026-03-10", "end": "2026-03-11"})
	bad := create(t, s, "meeting", map[string]any{"title": "Ministerial", "start": "2026-03-10", "end": "2026-03-11"})
	if _, err := s.saveUnchecked(Draft{Type: oplog.OpUpdate, Kind: "meeting", Record: bad, Set: map[string]json.RawMessage{"end": js("2026-03-01")}}); err != nil {
		t.Fatal(err)
	}
	checkClean(t, s)
	for _, id := range []string{ok, bad} {
		rec, err := s.Get(id)
		if err != nil {
			t.Fatal(err)
		}
		sum := summarise(rec) // the entry check expects, but for the flag
		sum.Breaks = !sum.Breaks
		if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(summaryKey(id), sum.encode()) }); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := s.Check()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"index entry of " + ok + " is stale", "index entry of " + bad + " is stale"}
	if slices.Sort(problems); !slices.Equal(problems, slices.Sorted(slices.Values(want))) {
		t.Fatalf("check: %q, want %q", problems, want)
	}
}

// A rule added to the records (here the bound of an indicator's figure, 4 December 2026)
// raises summaryVersion: a store whose summaries were written by the build before it holds
// the flag that build derived, false for a figure of 1e300, and only a summary of another
// version is rebuilt at open. With the version kept, such a record was missing from the
// records that break a rule, and check reported its index entry stale on a healthy store.
func TestSummaryOfVersion9IsRebuiltForTheIndicatorBound(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	bad := newID()
	if _, err := s.saveUnchecked(Draft{Type: oplog.OpCreate, Kind: "commitment", Record: bad,
		Set: map[string]json.RawMessage{"title": js("Voluntary returns"), "status": js("agreed"),
			"indicators": json.RawMessage(`[{"name":"Returns","unit":"people","baseline":1e300}]`)}}); err != nil {
		t.Fatal(err)
	}
	rec, err := s.Get(bad)
	if err != nil {
		t.Fatal(err)
	}
	sum := summarise(rec)
	if !sum.Breaks {
		t.Fatal("a figure of 1e300 breaks no rule today")
	}
	// What the build before the bound wrote: summary version 9, the record breaking no rule.
	sum.Breaks = false
	old := sum.encode()
	old[0] = 9
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(summaryKey(bad), old) }); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openTest(t, dir)
	if got := ids(s.Query(Query{Breaking: true})); !slices.Equal(got, []string{bad}) {
		t.Errorf("after reopening, records that break a rule: %v, want the commitment %s", got, bad)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}
