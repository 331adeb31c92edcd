package store

// Checkpoints: an author's signature over (author, seq, head hash) that authenticates the
// author's chain up to seq. The store keeps every checkpoint it verified or made, so that a
// relay (a secretariat) can export other authors' operations with their own signatures
// (docs/bundle-format.md). Additive to the store: one key family, no change to the others.

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

const pCheckpoint = 'c' // c author NUL seq(8) -> head(32) sig(64)

// Checkpoint is an author's signed statement that their operation number Seq has hash Head.
type Checkpoint struct {
	Author string `json:"author"`
	Seq    uint64 `json:"seq"`
	Head   string `json:"head"` // hex SHA-256 of the operation's canonical bytes
	Sig    []byte `json:"sig"`  // Ed25519, see docs/bundle-format.md
}

func checkpointKey(author string, seq uint64) []byte {
	return key(pCheckpoint, []byte(author), u64(seq))
}

// PutCheckpoint stores a checkpoint (the caller has verified its signature). Storing one
// twice is harmless.
func (s *Store) PutCheckpoint(cp Checkpoint) error {
	return s.PutCheckpoints([]Checkpoint{cp})
}

// PutCheckpoints stores several checkpoints in one transaction.
func (s *Store) PutCheckpoints(cps []Checkpoint) error {
	if len(cps) == 0 {
		return nil
	}
	if s.readOnly {
		return s.checkSpace(0) // opened read-only on a full disk: say so, not Badger's words
	}
	return s.db.Update(func(txn *badger.Txn) error { return putCheckpoints(txn, cps) })
}

func putCheckpoints(txn *badger.Txn, cps []Checkpoint) error {
	for _, cp := range cps {
		head, err := hex.DecodeString(cp.Head)
		if err != nil || len(head) != 32 || len(cp.Sig) != 64 || len(cp.Author) != 16 || cp.Seq == 0 {
			return fmt.Errorf("checkpoint %d of %s is malformed", cp.Seq, cp.Author)
		}
		v := make([]byte, 0, 96)
		v = append(append(v, head...), cp.Sig...)
		if err := txn.Set(checkpointKey(cp.Author, cp.Seq), v); err != nil {
			return err
		}
	}
	return nil
}

// LatestCheckpoint returns the author's checkpoint with the highest sequence not above
// atMost; ok is false when there is none.
func (s *Store) LatestCheckpoint(author string, atMost uint64) (cp Checkpoint, ok bool, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Reverse: true, PrefetchValues: false})
		defer it.Close()
		prefix := key(pCheckpoint, []byte(author))
		for it.Seek(checkpointKey(author, atMost)); it.ValidForPrefix(prefix); it.Next() {
			var e error
			cp, e = decodeCheckpoint(it.Item())
			if e != nil {
				return e
			}
			ok = true
			return nil
		}
		return nil
	})
	return cp, ok, err
}

// Checkpoints lists every checkpoint held for an author, by sequence.
func (s *Store) Checkpoints(author string) ([]Checkpoint, error) {
	var out []Checkpoint
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true})
		defer it.Close()
		prefix := key(pCheckpoint, []byte(author))
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			cp, err := decodeCheckpoint(it.Item())
			if err != nil {
				return err
			}
			out = append(out, cp)
		}
		return nil
	})
	return out, err
}

func decodeCheckpoint(item *badger.Item) (Checkpoint, error) {
	k := item.Key()
	if len(k) != 1+16+1+8 {
		return Checkpoint{}, errors.New("corrupt checkpoint key")
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return Checkpoint{}, err
	}
	if len(v) != 96 {
		return Checkpoint{}, fmt.Errorf("corrupt checkpoint of %s", k[1:17])
	}
	return Checkpoint{Author: string(k[1:17]), Seq: binary.BigEndian.Uint64(k[18:]), Head: hex.EncodeToString(v[:32]), Sig: v[32:]}, nil
}

// Head returns the sequence and hash of the last operation held from an author.
func (s *Store) Head(author string) (uint64, string) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.vv[author], s.heads[author]
}
