package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// TestFormat2RecordsAreDerivedAgain: a record as format 2 wrote it (what its registers kept
// of replaced writes: first writes only, no contexts) is derived again when the store is
// opened, so it equals a derivation anew and later merges see every write it replaced.
func TestFormat2RecordsAreDerivedAgain(t *testing.T) {
	if currentFormat < 3 {
		t.Fatalf("this test writes a format 2 store for format 3 or later; the format is %d", currentFormat)
	}
	dir := filepath.Join(t.TempDir(), "db")
	s := openTest(t, dir)
	id := newID()
	if _, err := s.Save("", Draft{Type: oplog.OpCreate, Kind: "commitment", Record: id,
		Set: map[string]json.RawMessage{"title": js("Return"), "status": js("proposed")}}); err != nil {
		t.Fatal(err)
	}
	for _, st := range []string{"agreed", "in_progress", "delivered"} {
		if _, err := s.Save("", Draft{Type: oplog.OpUpdate, Kind: "commitment", Record: id,
			Set: map[string]json.RawMessage{"status": js(st)}}); err != nil {
			t.Fatal(err)
		}
	}
	want := derivedStateHash(t, s)
	s.Close()

	// Write the record back as format 2 kept it.
	db := rawDB(t, dir)
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(recordKey(id))
		if err != nil {
			return err
		}
		b, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		rec, err := oplog.DecodeRecord(b)
		if err != nil {
			return err
		}
		for f, heads := range rec.Regs {
			for i := range heads {
				heads[i].Ctx = nil
			}
			if p := rec.RegsPast[f]; p != nil {
				var first []oplog.Mark
				for _, m := range p.Seen {
					if m.Ctx == nil {
						first = append(first, m)
					}
				}
				p.Seen, p.Older = first, nil
			}
		}
		old, err := rec.Encode()
		if err != nil {
			return err
		}
		if string(old) == string(b) {
			t.Fatal("the record reads the same under both formats: nothing to migrate")
		}
		if err := txn.Set(recordKey(id), old); err != nil {
			return err
		}
		return txn.Set(metaKey(metaFormat), []byte("2"))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	s = openTest(t, dir)
	if got, _ := s.StateHash(); got != want {
		t.Fatalf("state %s after the migration, want %s (derived anew)", got, want)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	s.Close()
	if f := rawMeta(t, dir, metaFormat); f != fmt.Sprint(currentFormat) {
		t.Fatalf("format %q", f)
	}
}

// TestFormat3JournalIsFinishedAfterTheUpgrade: a format 3 store that a kill left with a
// committed journal (`J` and `j`) is upgraded to format 4 and the batch is finished whole.
func TestFormat3JournalIsFinishedAfterTheUpgrade(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	s := openTest(t, dir)
	ps := testPendings(t, 1200, "")
	if _, err := s.stage(ps, "bundle"); err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(metaKey(metaFormat), []byte("3")) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	if n, _ := s.Head(otherAuthor); n != uint64(len(ps)) {
		t.Fatalf("%d changes after the upgrade, want %d", n, len(ps))
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	s.Close()
	if f := rawMeta(t, dir, metaFormat); f != fmt.Sprint(currentFormat) {
		t.Fatalf("format %q", f)
	}
}
