package store

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// The writes land in the order given, across many chunks and transactions: the last write
// of a key is the one that stays.
func TestWriteBehindKeepsTheOrder(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	w := newWriteBehind(s.db)
	val := bytes.Repeat([]byte("v"), 900)
	const n = 4000 // about 3.6 MB: many chunks, several Badger transactions
	for i := range n {
		k := []byte(fmt.Sprintf("zz-%03d", i%100))
		if err := w.Set(k, append([]byte(fmt.Sprintf("%06d", i)), val...)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	err := s.db.View(func(txn *badger.Txn) error {
		for j := range 100 {
			item, err := txn.Get([]byte(fmt.Sprintf("zz-%03d", j)))
			if err != nil {
				return err
			}
			v, _ := item.ValueCopy(nil)
			if want := fmt.Sprintf("%06d", n-100+j); string(v[:6]) != want {
				return fmt.Errorf("key %d holds write %s, want the last, %s", j, v[:6], want)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Set([]byte("zz-late"), nil); err == nil {
		t.Fatal("a write after Flush was taken")
	}
	w.Cancel() // after Flush: nothing to do, and no panic
}

// Cancel drops what was queued and not yet handed to Badger.
func TestWriteBehindCancelDropsWhatIsQueued(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	w := newWriteBehind(s.db)
	if err := w.Set([]byte("zz-queued"), []byte("x")); err != nil {
		t.Fatal(err)
	}
	w.Cancel()
	err := s.db.View(func(txn *badger.Txn) error { _, err := txn.Get([]byte("zz-queued")); return err })
	if err != badger.ErrKeyNotFound {
		t.Fatalf("a canceled write is held: %v", err)
	}
}

// A write Badger refuses fails the batch: Set reports it once the writer met it, and Flush
// always does.
func TestWriteBehindReportsARefusedWrite(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	w := newWriteBehind(s.db)
	if err := w.Set(bytes.Repeat([]byte("k"), 70_000), []byte("x")); err != nil { // past Badger's key limit
		t.Logf("reported at once: %v", err)
	}
	if err := w.Flush(); err == nil {
		t.Fatal("a refused write flushed without an error")
	}
}
