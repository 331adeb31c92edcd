package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
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
	err := s.eachLoggedAhead([]span{{author, 1, n}}, func(h *oplog.Op, raw []byte) error {
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
	err = s.eachLoggedAhead([]span{{author, 1, n}}, func(*oplog.Op, []byte) error {
		if count++; count == 300 {
			return stop
		}
		return nil
	})
	if err != stop || count != 300 {
		t.Fatalf("stopped after %d with %v, want 300 and the caller's error", count, err)
	}
	read := 0
	err = s.eachLoggedAhead([]span{{author, n - 10, 20}}, func(*oplog.Op, []byte) error { read++; return nil })
	if !errors.Is(err, errCorruptStaged) || read != 11 {
		t.Fatalf("changes past the log: %v after %d, want a missing change after the 11 held", err, read)
	}
}
