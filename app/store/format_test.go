package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
	"dossier/app/version"
)

// rawDB opens a closed store's directory with Badger alone, for looking behind the store.
func rawDB(t *testing.T, dir string) *badger.DB {
	t.Helper()
	db, err := badger.Open(DesktopOptions(dir))
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func rawMeta(t *testing.T, dir, name string) string {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	return string(rawValue(t, db, metaKey(name)))
}

// rawValue is what Badger holds under key, nil when nothing.
func rawValue(t *testing.T, db *badger.DB, key []byte) []byte {
	t.Helper()
	var v []byte
	err := db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err = item.ValueCopy(nil)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func setRawMeta(t *testing.T, dir string, kv map[string]string) {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	err := db.Update(func(txn *badger.Txn) error {
		for k, v := range kv {
			if v == "" {
				if err := txn.Delete(metaKey(k)); err != nil {
					return err
				}
				continue
			}
			if err := txn.Set(metaKey(k), []byte(v)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// digest is a hash of every key and value a closed store holds.
func digest(t *testing.T, dir string) string {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	h := sha256.New()
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(h, "%q=%q\n", it.Item().Key(), v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// filled makes a closed store with n commitments and returns its state hash.
func filled(t *testing.T, dir string, n int) string {
	t.Helper()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	drafts := make([]Draft, n)
	for i := range drafts {
		drafts[i] = Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
			Set: map[string]json.RawMessage{"title": js(fmt.Sprintf("Commitment %d", i)), "status": js("agreed")}}
	}
	if _, err := s.Save("", drafts...); err != nil {
		t.Fatal(err)
	}
	hash, err := s.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return hash
}

func TestNewStoreRecordsItsFormat(t *testing.T) {
	dir := t.TempDir()
	filled(t, dir, 1)
	if f, by := rawMeta(t, dir, metaFormat), rawMeta(t, dir, metaMadeBy); f != fmt.Sprint(version.StoreFormat) || by != version.MadeBy() {
		t.Fatalf("format %q made_by %q", f, by)
	}
	// A store from before formats were recorded is format 1, and is stamped at its next open.
	setRawMeta(t, dir, map[string]string{metaFormat: "", metaMadeBy: ""})
	s := openTest(t, dir)
	if n, _ := s.Counts(); n != 1 {
		t.Fatalf("ops %d", n)
	}
	s.Close()
	if f := rawMeta(t, dir, metaFormat); f != fmt.Sprint(currentFormat) {
		t.Fatalf("format %q, want format 1 migrated to %d", f, currentFormat)
	}
	// Another version opening it records itself as the writer; the format stays.
	setRawMeta(t, dir, map[string]string{metaMadeBy: "0.0.9"})
	openTest(t, dir).Close()
	if by := rawMeta(t, dir, metaMadeBy); by != version.MadeBy() {
		t.Fatalf("made_by %q", by)
	}
}

func TestNewerStoreIsRefusedAndLeftAlone(t *testing.T) {
	dir := t.TempDir()
	filled(t, dir, 3)
	setRawMeta(t, dir, map[string]string{metaFormat: fmt.Sprint(currentFormat + 1), metaMadeBy: "0.9.0"})
	before := digest(t, dir)
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Someone else"})
	if err == nil {
		s.Close()
		t.Fatal("a store in a newer format opened")
	}
	var ne *NewerFormatError
	want := fmt.Sprintf("made by Dossier 0.9.0 (format %d): update Dossier to read it", currentFormat+1)
	if !errors.As(err, &ne) || !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), dir) {
		t.Fatalf("%v, want %q", err, want)
	}
	if after := digest(t, dir); after != before {
		t.Fatal("the refused store was changed")
	}
	// Without a writer recorded, it still says a newer Dossier made it.
	setRawMeta(t, dir, map[string]string{metaMadeBy: ""})
	if _, err := Open(dir, Options{}); err == nil || !strings.Contains(err.Error(), fmt.Sprintf("made by a newer Dossier (format %d)", currentFormat+1)) {
		t.Fatalf("%v", err)
	}
}

// withNextFormat simulates the next store format: format currentFormat+1, reached by a
// migration that writes, for every record, a key 'X' id -> kind (a new index, as a real
// format change might add), batch records at a time. fail, when set, is asked before each
// step and may stop it. It returns how many records each step handled.
func withNextFormat(t *testing.T, batch int, fail func(step int) error) *[]int {
	t.Helper()
	oldFormat, oldMigrations := currentFormat, migrations
	t.Cleanup(func() { currentFormat, migrations = oldFormat, oldMigrations })
	steps := &[]int{}
	currentFormat = oldFormat + 1
	migrations = append(append([]Migration{}, oldMigrations...), Migration{From: oldFormat, What: "index records by kind",
		Step: func(txn *badger.Txn, cursor []byte) ([]byte, bool, error) {
			if fail != nil {
				if err := fail(len(*steps)); err != nil {
					return nil, false, err
				}
			}
			it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, Prefix: []byte{pRecord}})
			defer it.Close()
			seek := []byte{pRecord}
			if cursor != nil {
				seek = append(cursor, 0) // the key after the cursor
			}
			n := 0
			var last []byte
			for it.Seek(seek); it.Valid(); it.Next() {
				if n == batch {
					*steps = append(*steps, n)
					return last, false, nil
				}
				k := it.Item().KeyCopy(nil)
				v, err := it.Item().ValueCopy(nil)
				if err != nil {
					return nil, false, err
				}
				rec, err := readRecord(txn, string(k[1:]), v)
				if err != nil {
					return nil, false, err
				}
				if err := txn.Set(append([]byte{'X'}, k[1:]...), []byte(rec.Kind)); err != nil {
					return nil, false, err
				}
				last, n = k, n+1
			}
			*steps = append(*steps, n)
			return last, true, nil
		}})
	return steps
}

// kindIndex counts the keys the simulated migration writes.
func kindIndex(t *testing.T, s *Store) int {
	t.Helper()
	n := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{'X'}})
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

func copies(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(dir + "-format-*")
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestStoreOpensAfterAFormatBump: a store written at today's format opens in a build whose
// format is one higher, through a migration: a copy of the directory first, then the steps,
// then the new format. The copy opens in today's build as it was.
func TestStoreOpensAfterAFormatBump(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	hash := filled(t, dir, 250)
	before := digest(t, dir)
	today := currentFormat
	steps := withNextFormat(t, 100, nil)

	s := openTest(t, dir)
	if got, _ := s.StateHash(); got != hash {
		t.Fatal("the records changed in the upgrade")
	}
	if n := kindIndex(t, s); n != 250 {
		t.Fatalf("the migration indexed %d of 250 records", n)
	}
	if fmt.Sprint(*steps) != "[100 100 50]" {
		t.Fatalf("steps %v", *steps)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	s.Close()
	if f, j := rawMeta(t, dir, metaFormat), rawMeta(t, dir, metaMigrating); f != fmt.Sprint(today+1) || j != "" {
		t.Fatalf("format %q, journal %q", f, j)
	}
	// Opening again runs nothing.
	openTest(t, dir).Close()
	if len(*steps) != 3 {
		t.Fatalf("the migration ran again: %v", *steps)
	}
	// The copy taken first is the store as it was, and today's build opens it.
	cs := copies(t, dir)
	if len(cs) != 1 || !strings.Contains(cs[0], fmt.Sprintf("db-format-%d-", today)) {
		t.Fatalf("copies %v", cs)
	}
	if digest(t, cs[0]) != before {
		t.Fatal("the copy differs from the store before the upgrade")
	}
	currentFormat = today
	old := openTest(t, cs[0])
	if got, _ := old.StateHash(); got != hash || kindIndex(t, old) != 0 {
		t.Fatal("the copy is not the store before the upgrade")
	}
}

// TestInterruptedMigrationResumes: a step that fails (as a crash would stop it) leaves the
// store at its old format with the journal saying where the migration stands; the next
// open continues from there, without a second copy and without redoing finished steps.
func TestInterruptedMigrationResumes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	hash := filled(t, dir, 250)
	today := currentFormat
	broken := true
	steps := withNextFormat(t, 100, func(step int) error {
		if broken && step == 1 {
			return errors.New("the power went")
		}
		return nil
	})
	_, err := Open(dir, Options{Author: testAuthor})
	if err == nil || !strings.Contains(err.Error(), "the power went") || !strings.Contains(err.Error(), "open Dossier again to continue it") {
		t.Fatalf("%v", err)
	}
	var j migrationJournal
	if err := json.Unmarshal([]byte(rawMeta(t, dir, metaMigrating)), &j); err != nil {
		t.Fatal(err)
	}
	if j.Format != today || j.Target != today+1 || j.Cursor == nil || rawMeta(t, dir, metaFormat) != fmt.Sprint(today) || j.Backup != copies(t, dir)[0] {
		t.Fatalf("journal %+v, format %s", j, rawMeta(t, dir, metaFormat))
	}
	broken = false
	s := openTest(t, dir)
	if fmt.Sprint(*steps) != "[100 100 50]" || kindIndex(t, s) != 250 {
		t.Fatalf("steps %v, indexed %d", *steps, kindIndex(t, s))
	}
	if got, _ := s.StateHash(); got != hash {
		t.Fatal("records changed")
	}
	s.Close()
	if len(copies(t, dir)) != 1 || rawMeta(t, dir, metaMigrating) != "" || rawMeta(t, dir, metaFormat) != fmt.Sprint(today+1) {
		t.Fatalf("copies %v, journal %q", copies(t, dir), rawMeta(t, dir, metaMigrating))
	}
}

func TestMigrationNeedsSpaceForItsCopy(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	filled(t, dir, 10)
	before := digest(t, dir)
	withNextFormat(t, 100, nil)
	old := diskFree
	t.Cleanup(func() { diskFree = old })
	// Enough to open read-write, not enough to copy the store first.
	var size int64
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			size += info.Size()
		}
	}
	diskFree = func(string) (int64, error) { return spaceReserve(memTableSize, size, 0) + 1, nil }
	_, err := Open(dir, Options{Author: testAuthor})
	var de *DiskFullError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "first copies it") {
		t.Fatalf("%v", err)
	}
	diskFree = old
	if digest(t, dir) != before || len(copies(t, dir)) != 0 {
		t.Fatal("a refused upgrade changed something")
	}
}

func TestNoMigrationFromAFormat(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	filled(t, dir, 1)
	old := currentFormat
	t.Cleanup(func() { currentFormat = old })
	currentFormat = old + 2 // and no migrations
	_, err := Open(dir, Options{})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("cannot upgrade store format %d", old)) {
		t.Fatalf("%v", err)
	}
}

// The copy is a real directory of files, and the fixture stores of testdata/compat stay small.
func TestCopyStoreIsComplete(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "db")
	filled(t, dir, 5)
	to, err := copyStore(dir, 1, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadDir(dir)
	b, _ := os.ReadDir(to)
	n := 0
	for _, e := range a {
		if e.Type().IsRegular() && e.Name() != "LOCK" {
			n++
		}
	}
	if len(b) != n || strings.HasSuffix(to, ".partial") {
		t.Fatalf("copied %d of %d files into %s", len(b), n, to)
	}
}

// TestLockErrorsOfEveryPlatform: Badger's refusal of a directory another process holds, as
// its unix and Windows code word it (badger/v4 dir_unix.go, dir_windows.go), is recognised,
// so Windows users get the same "already open" message.
func TestLockErrorsOfEveryPlatform(t *testing.T) {
	for _, m := range []string{
		`Cannot acquire directory lock on "/home/a/.local/share/dossier/db".  Another process is using this Badger database. error: resource temporarily unavailable`,
		`Cannot create lock file "C:\\Users\\a\\AppData\\Roaming\\Dossier\\db\\LOCK".  Another process is using this Badger database: The process cannot access the file because it is being used by another process.`,
	} {
		if !isLockError(errors.New(m)) {
			t.Errorf("not recognised: %s", m)
		}
	}
	if isLockError(errors.New("manifest has unsupported version: 9 (we support 8)")) {
		t.Error("another error taken for a lock")
	}
}

// TestReadOnlyOpenAndFormats: a store opened read-only (disk nearly full) is never written:
// today's format and a new store open; an older one cannot be upgraded and says so.
func TestReadOnlyOpenAndFormats(t *testing.T) {
	if !canOpenReadOnly {
		t.Skip("Badger does not open read-only on this system (Windows)")
	}
	dir := filepath.Join(t.TempDir(), "db")
	hash := filled(t, dir, 3)
	before := digest(t, dir)
	old := diskFree
	t.Cleanup(func() { diskFree = old })
	diskFree = func(string) (int64, error) { return 1 << 20, nil } // below the reserve: read-only
	s, err := Open(dir, Options{})
	if err != nil || !s.ReadOnly() {
		t.Fatalf("read-only open: %v", err)
	}
	if h, _ := s.StateHash(); h != hash {
		t.Fatal("records differ")
	}
	s.Close()
	withNextFormat(t, 100, nil)
	_, err = Open(dir, Options{})
	var de *DiskFullError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), fmt.Sprintf("upgraded from store format %d to %d", currentFormat-1, currentFormat)) {
		t.Fatalf("an upgrade on a full disk: %v", err)
	}
	diskFree = old
	if digest(t, dir) != before || len(copies(t, dir)) != 0 {
		t.Fatal("a read-only open changed the store")
	}
}
