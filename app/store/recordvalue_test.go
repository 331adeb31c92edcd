package store

import (
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// rawRecord is a record's stored value, as Badger holds it.
func rawRecord(t *testing.T, s *Store, id string) []byte {
	t.Helper()
	return rawValue(t, s.db, recordKey(id))
}

func setRawRecord(t *testing.T, s *Store, id string, v []byte) {
	t.Helper()
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(recordKey(id), v) }); err != nil {
		t.Fatal(err)
	}
	s.forgetStateHash() // written behind the store's back, as damage is
}

// checkClean fails on any problem `check` finds, and on a state hash that differs from the
// one of the records derived in memory from the log.
func checkClean(t *testing.T, s *Store) {
	t.Helper()
	problems, err := s.Check()
	if err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	got, err := s.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	if want := derivedStateHash(t, s); got != want {
		t.Fatalf("state hash %s, derived from the log %s", got, want)
	}
}

// The stored form is pinned: 0x00, then the change's key under `o`.
func TestRecordRefVector(t *testing.T) {
	op := &oplog.Op{Author: "0123456789ABCDEF", Seq: 258}
	want := "00" + "6f" + hex.EncodeToString([]byte("0123456789ABCDEF")) + "00" + "0000000000000102"
	if got := hex.EncodeToString(recordRef(op)); got != want {
		t.Fatalf("recordRef = %s, want %s", got, want)
	}
}

func TestRecordMadeByOneChangeIsStoredAsItsChange(t *testing.T) {
	s := openTest(t, t.TempDir())
	id := create(t, s, "party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	v := rawRecord(t, s, id)
	if v[0] != recordByOp || len(v) > 40 {
		t.Fatalf("a record one change made is stored as %q, not as a reference to it", v)
	}
	rec, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(rec.Value("name")); got != `"Tunisia"` {
		t.Fatalf("name %s", got)
	}
	checkClean(t, s)

	// The next change writes the whole record.
	update(t, s, id, map[string]any{"region": "North Africa"})
	if v := rawRecord(t, s, id); v[0] != '{' {
		t.Fatalf("a record changed twice is stored as %q", v)
	}
	checkClean(t, s)

	// A batch that creates a record and changes it writes it whole.
	id2 := newID()
	if _, err := s.Save("", Draft{Type: oplog.OpCreate, Kind: "party", Record: id2, Set: map[string]json.RawMessage{"name": js("IOM Tunis"), "type": js("international_organisation")}},
		Draft{Type: oplog.OpUpdate, Record: id2, Set: map[string]json.RawMessage{"acronym": js("IOM")}}); err != nil {
		t.Fatal(err)
	}
	if v := rawRecord(t, s, id2); v[0] != '{' {
		t.Fatalf("a record a batch made in two changes is stored as %q", v)
	}
	checkClean(t, s)
}

// A reference is checked as hard as the JSON: each damage below is refused by Get, named by
// check, and never read as an empty or made-up record.
func TestDamagedRecordReferencesAreRefused(t *testing.T) {
	s := openTest(t, t.TempDir())
	a := create(t, s, "party", map[string]any{"name": "Niger", "type": "country", "iso3": "NER"})
	b := create(t, s, "party", map[string]any{"name": "Mauritania", "type": "country", "iso3": "MRT"})
	update(t, s, b, map[string]any{"region": "West Africa"})
	good := rawRecord(t, s, a)
	var bOps []*oplog.Op
	if err := s.Applied(func(op *oplog.Op, _ []byte, _ string) error {
		if op.Record == b {
			bOps = append(bOps, op)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(bOps) != 2 {
		t.Fatalf("%d changes to %s", len(bOps), b)
	}
	cases := []struct {
		name string
		v    []byte
		want string
	}{
		{"empty", []byte{}, "damaged"},
		{"only the marker", []byte{recordByOp}, "not a change's"},
		{"not a key under o", append([]byte{recordByOp}, summaryKey(a)...), "not a change's"},
		{"a key cut short", good[:len(good)-3], "not a change's"},
		{"a change the log does not hold", recordRef(&oplog.Op{Author: testAuthor, Seq: 999}), "does not hold"},
		{"the change that made another record", recordRef(bOps[0]), "does not create it"},
		{"a change that does not create", recordRef(bOps[1]), "does not create it"},
		{"bytes after the key", append(append([]byte(nil), good...), 0, 1), "does not hold"},
		{"JSON cut short", []byte(`{"id":"`), "damaged"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			setRawRecord(t, s, a, c.v)
			_, err := s.Get(a)
			if !errors.Is(err, errCorruptRecord) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), a) {
				t.Fatalf("Get: %v, want a damaged record naming %s and %q", err, a, c.want)
			}
			problems, err := s.Check()
			if err != nil || len(problems) == 0 {
				t.Fatalf("check found nothing: %v %v", problems, err)
			}
			if _, err := s.StateHash(); err == nil && c.v != nil && len(c.v) > 0 && c.v[0] == recordByOp {
				t.Fatal("the state hash was computed over a damaged reference")
			}
		})
	}
	setRawRecord(t, s, a, good)
	checkClean(t, s)
}

// FuzzReadRecord: whatever a record's stored value holds, reading it fails cleanly or gives
// a record that encodes to canonical JSON; it never panics.
func FuzzReadRecord(f *testing.F) {
	s := openTest(f, f.TempDir())
	id := newID()
	if _, err := s.Save("", Draft{Type: oplog.OpCreate, Kind: "party", Record: id, Set: map[string]json.RawMessage{"name": js("Garde nationale"), "type": js("other")}}); err != nil {
		f.Fatal(err)
	}
	var good []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(recordKey(id))
		if err != nil {
			return err
		}
		good, err = item.ValueCopy(nil)
		return err
	}); err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add(good[:len(good)-1])
	f.Add([]byte{recordByOp})
	f.Add([]byte(`{"id":"x","kind":"party"}`))
	f.Fuzz(func(t *testing.T, v []byte) {
		_ = s.db.View(func(txn *badger.Txn) error {
			rec, err := readRecord(txn, id, v)
			if err != nil {
				if !errors.Is(err, errCorruptRecord) {
					t.Fatalf("%q: %v is not a damaged record", v, err)
				}
				return nil
			}
			if _, err := rec.Encode(); err != nil {
				t.Fatalf("%q read as a record that does not encode: %v", v, err)
			}
			return nil
		})
	})
}
