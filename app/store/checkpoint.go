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

	"dossier/app/oplog"
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
		it := scan(txn, nil)
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

// checkCheckpoints holds every stored checkpoint to the change it names: a checkpoint beyond
// its author's head was kept from a batch that was then set aside (dropBeyondHeads removes
// those since), and one whose hash differs from the change held is damaged. Neither is
// relayed (export and backup take only a checkpoint of a held change); check names them.
func (s *Store) checkCheckpoints() ([]string, error) {
	var problems []string
	beyond := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, []byte{pCheckpoint})
		defer it.Close()
		for it.Seek([]byte{pCheckpoint}); it.Valid(); it.Next() {
			cp, err := decodeCheckpoint(it.Item())
			if err != nil {
				problems = append(problems, fmt.Sprintf("checkpoint %x cannot be read: %v", it.Item().Key()[1:], err))
				continue
			}
			if head, _ := s.Head(cp.Author); cp.Seq > head {
				beyond++
				continue
			}
			item, err := txn.Get(opKey(cp.Author, cp.Seq))
			if errors.Is(err, badger.ErrKeyNotFound) {
				problems = append(problems, fmt.Sprintf("checkpoint %d of %s names a change that is not stored", cp.Seq, cp.Author))
				continue
			}
			if err != nil {
				return err
			}
			if err := item.Value(func(raw []byte) error {
				if oplog.Hash(raw) != cp.Head {
					problems = append(problems, fmt.Sprintf("checkpoint %d of %s does not match the change stored under that number (damaged)", cp.Seq, cp.Author))
				}
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case beyond == 1:
		problems = append(problems, "1 signed checkpoint is beyond its author's head (kept from an import that was set aside; it is never sent)")
	case beyond > 1:
		problems = append(problems, fmt.Sprintf("%d signed checkpoints are beyond their author's head (kept from an import that was set aside; they are never sent)", beyond))
	}
	return problems, err
}

// checkpointsBeyondHeads lists the keys of checkpoints of changes no head covers.
func (s *Store) checkpointsBeyondHeads() ([][]byte, error) {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, []byte{pCheckpoint})
		defer it.Close()
		for it.Seek([]byte{pCheckpoint}); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 1+16+1+8 {
				continue // check names it
			}
			if head, _ := s.Head(string(k[1:17])); binary.BigEndian.Uint64(k[18:]) > head {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	return keys, err
}
