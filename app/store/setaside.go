package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/admit"
	"dossier/app/oplog"
)

// SetAside is a journaled batch that could not be finished when the store opened: its staged
// changes are kept under the set-aside family with the reason, and the store opens without
// them (docs/storage.md, "Recovery never bricks").
type SetAside struct {
	Batch   string    `json:"batch"`
	At      time.Time `json:"at"`
	Origin  string    `json:"origin"`  // e.g. "bundle … from …"
	Changes int       `json:"changes"` // staged changes kept as evidence
	Applied int       `json:"applied"` // of which were already applied before the failure
	Reason  string    `json:"reason"`
}

// transient reports whether a failure to finish a batch may go away by itself (the disk, a
// file system error): then the store refuses to open and the batch is tried again next time,
// rather than being set aside. The batch's own faults are checked first: a refusal quotes
// field values, so a hostile value that reads "no space left on device" must not count as a
// disk fault. Badger wraps system errors as text, hence the last test on words.
func transient(err error) bool {
	var errno syscall.Errno
	var pe *os.PathError
	switch {
	case errors.Is(err, admit.ErrRefused), errors.Is(err, oplog.ErrMalformed), errors.Is(err, oplog.ErrKindMismatch), errors.Is(err, errCorruptStaged):
		return false
	case errors.As(err, &errno), errors.As(err, &pe), errors.Is(err, ErrDiskFull):
		return true
	}
	msg := err.Error()
	for _, e := range []syscall.Errno{syscall.ENOSPC, syscall.EIO, syscall.EROFS, syscall.EDQUOT} {
		if strings.Contains(msg, e.Error()) {
			return true
		}
	}
	return false
}

// errCorruptStaged is a staged entry that is not an operation and an origin.
var errCorruptStaged = errors.New("corrupt staged operation")

// setAside moves a committed batch that cannot be applied out of the journal, with its
// evidence, so that the store opens. Crash-safe: until the journal marker is dropped, the next
// open tries the batch again and sets it aside again.
func (s *Store) setAside(batch string, cause error) error {
	sa := SetAside{Batch: batch, At: time.Now().UTC(), Reason: cause.Error()}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.eachStaged(batch, func(k, v []byte) error {
		k = append([]byte{pSetAside}, k[1:]...)
		if err := wb.Set(k, v); err != nil {
			return err
		}
		sa.Changes++
		// What can be read of a damaged batch is reported; the rest is kept as it is.
		if op, _, origin, err := decodeStaged(batch, v); err == nil {
			sa.Origin = origin
			if h, _ := s.Head(op.Author); h >= op.Seq {
				sa.Applied++
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return err
	}
	if err := s.keepSetAside(batch, sa); err != nil {
		return err
	}
	return s.dropBatch(batch)
}

// keepSetAside writes the record of a batch set aside, once its changes are kept.
func (s *Store) keepSetAside(batch string, sa SetAside) error {
	v, err := json.Marshal(sa)
	if err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(key(pSetAside, []byte(batch)), v) })
}

// SetAsides lists the batches set aside at open, oldest first.
func (s *Store) SetAsides() ([]SetAside, error) {
	var out []SetAside
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek([]byte{pSetAside}); it.ValidForPrefix([]byte{pSetAside}); it.Next() {
			if len(it.Item().Key()) != 1+16 {
				continue // a staged change kept as evidence
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			var sa SetAside
			if err := json.Unmarshal(v, &sa); err != nil {
				return fmt.Errorf("set-aside batch %s: %w", it.Item().Key()[1:], err)
			}
			out = append(out, sa)
		}
		return nil
	})
	return out, err
}

// vetStaged checks a committed batch before recovery applies it: every staged change must
// decode and pass admit on top of what is held. A batch that fails is set aside whole, so even
// a batch written by an older version that checked less is applied all or nothing.
func (s *Store) vetStaged(batch string, order []stagedRange) error {
	return s.admitStaged(context.Background(), batch, order, nil)
}

// eachStaged calls fn with the key and value of every staged entry of a batch, in order.
func (s *Store) eachStaged(batch string, fn func(k, v []byte) error) error {
	prefix := key(pStaged, []byte(batch))
	return s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if err := fn(it.Item().KeyCopy(nil), v); err != nil {
				return err
			}
		}
		return nil
	})
}

// decodeStaged reads a staged value: the operation, its bytes and the batch's origin.
func decodeStaged(batch string, v []byte) (*oplog.Op, []byte, string, error) {
	raw, origin, ok := splitStaged(v)
	if !ok {
		return nil, nil, "", fmt.Errorf("%w in batch %s", errCorruptStaged, batch)
	}
	op, err := oplog.Decode(raw)
	return op, raw, origin, err
}

// splitStaged separates a staged value into the operation's bytes and its origin.
func splitStaged(v []byte) (raw []byte, origin string, ok bool) {
	i := len(v) - 1
	for i >= 0 && v[i] != 0 {
		i--
	}
	if i < 0 {
		return nil, "", false
	}
	return v[:i], string(v[i+1:]), true
}
