package store

// What peers hold, as far as this installation knows: the version vectors of what it sent
// them and of what their bundles said they hold. Export uses them to write only what the
// recipients lack (docs/bundle-format.md). Additive to the store: one key family.

import (
	"encoding/json"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

const pPeer = 'v' // v peer -> JSON version vector

// PeerVV returns what a peer is known to hold (empty when nothing is known).
func (s *Store) PeerVV(peer string) (oplog.VV, error) {
	vv := oplog.VV{}
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(key(pPeer, []byte(peer)))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error { return json.Unmarshal(v, &vv) })
	})
	return vv, err
}

// MergePeerVV raises what a peer is known to hold to at least vv, author by author.
func (s *Store) MergePeerVV(peer string, vv oplog.VV) error {
	if s.readOnly {
		return s.checkSpace(0) // opened read-only on a full disk: say so, not Badger's words
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	cur, err := s.PeerVV(peer)
	if err != nil {
		return err
	}
	changed := false
	for a, n := range vv {
		if n > cur[a] {
			cur[a] = n
			changed = true
		}
	}
	if !changed {
		return nil
	}
	v, err := json.Marshal(cur)
	if err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(key(pPeer, []byte(peer)), v) })
}

// KeepForkEvidence stores evidence of a fork that the caller found (for example an
// operation whose previous-hash names a different predecessor than the one held), beside
// the evidence Import keeps itself. `dossier forks` lists both.
func (s *Store) KeepForkEvidence(fe *ForkError) error { return s.keepForkEvidence(fe) }

// exportedAtKey keeps when the last bundle for a peer was written, beside (not inside) its
// version vector, so "nothing new since your last export on …" can name the day.
func exportedAtKey(peer string) []byte { return key(pPeer, []byte("\x00at\x00"+peer)) }

// PeerExportedAt returns when a bundle for peer was last written ("" when never), RFC 3339.
func (s *Store) PeerExportedAt(peer string) (string, error) {
	var at string
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(exportedAtKey(peer))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		at = string(v)
		return err
	})
	return at, err
}

// SetPeerExportedAt records when a bundle for peer was written (RFC 3339).
func (s *Store) SetPeerExportedAt(peer, at string) error {
	if s.readOnly {
		return s.checkSpace(0)
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(exportedAtKey(peer), []byte(at)) })
}
