package store

// Files owed to peers: attachments an export left out of a bundle for a peer, which a later
// export to it carries when it can (docs/bundle-format.md, "Files owed"). Beside the peer's
// version vector under the same key family, in a key no peer id can take.

import (
	"encoding/json"
	"errors"
	"slices"
	"sort"

	"github.com/dgraph-io/badger/v4"
)

// OwedFile is one file owed to a peer: its SHA-256, and the name and record it was attached
// under when it was left out (for the export's report).
type OwedFile struct {
	SHA256 string `json:"sha256"`
	Name   string `json:"name"`
	Record string `json:"record"`
}

func owedKey(peer string) []byte { return key(pPeer, []byte("\x00owed\x00"+peer)) }

// OwedFiles returns the files owed to peer, by SHA-256 (none when nothing is owed).
func (s *Store) OwedFiles(peer string) ([]OwedFile, error) {
	var owed []OwedFile
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(owedKey(peer))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &owed) })
	})
	return owed, err
}

// SettleOwedFiles adds owe to what is owed to peer and removes paid (SHA-256s), in one write.
func (s *Store) SettleOwedFiles(peer string, owe []OwedFile, paid map[string]bool) error {
	if s.readOnly {
		return s.checkSpace(0)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	cur, err := s.OwedFiles(peer)
	if err != nil {
		return err
	}
	by := map[string]OwedFile{}
	for _, f := range append(cur, owe...) {
		if !paid[f.SHA256] {
			by[f.SHA256] = f
		}
	}
	next := make([]OwedFile, 0, len(by))
	for _, f := range by {
		next = append(next, f)
	}
	sort.Slice(next, func(i, j int) bool { return next[i].SHA256 < next[j].SHA256 })
	if slices.Equal(next, cur) {
		return nil
	}
	return s.db.Update(func(txn *badger.Txn) error {
		if len(next) == 0 {
			return txn.Delete(owedKey(peer))
		}
		v, err := json.Marshal(next)
		if err != nil {
			return err
		}
		return txn.Set(owedKey(peer), v)
	})
}
