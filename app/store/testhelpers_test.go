package store

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

type badgerTxn = badger.Txn

// stage journals a batch under `J` and commits it, as a store of format 3 did, without
// applying it: what such a store left when it stopped mid-import.
func (s *Store) stage(ps []pending, origin string) (string, error) {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	batch := hex.EncodeToString(id[:])
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for i, p := range ps {
		v := append(append(append([]byte{}, p.raw...), 0), origin...)
		if err := wb.Set(stagedKey(batch, uint64(i)), v); err != nil {
			return "", err
		}
	}
	if err := wb.Flush(); err != nil {
		return "", err
	}
	err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(journalKey(batch), u64(uint64(len(ps)))) })
	return batch, err
}

// stagePending writes a batch once under `o` with a pending mark, committed or still
// staging, without applying it: what a kill leaves between the two.
func (s *Store) stagePending(ps []pending, origin string, commit bool) (string, error) {
	batch, err := s.beginPending(origin)
	if err != nil {
		return "", err
	}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, p := range ps {
		if err := wb.Set(opKey(p.op.Author, p.op.Seq), p.raw); err != nil {
			return "", err
		}
	}
	if err := wb.Flush(); err != nil {
		return "", err
	}
	if commit {
		err = s.setPending(batch, pendingValue(pendingCommitted, origin, spansOf(ps)))
	}
	return batch, err
}

// saveUnchecked stores drafts as this installation's operations, chained and applied as Save
// does, but without any of its checks (admit, domain.Validate): what a build before a rule
// wrote, such as a blank title before `notblank` (testdata/blank-title).
func (s *Store) saveUnchecked(drafts ...Draft) (*Result, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	author := s.opt.Author
	s.mu.RLock()
	seq, prev := s.vv[author], s.heads[author]
	seen := s.vv.Clone()
	s.mu.RUnlock()
	delete(seen, author)
	var ps []pending
	for _, d := range drafts {
		seq++
		op := &oplog.Op{V: oplog.Version, Author: author, Seq: seq, Prev: prev, Clock: s.hlc.Now(), Seen: seen,
			Type: d.Type, Kind: d.Kind, Record: d.Record, Set: d.Set, Add: d.Add, Remove: d.Remove}
		op, raw, err := oplog.EncodeCanonical(op)
		if err != nil {
			return nil, err
		}
		prev = oplog.Hash(raw)
		ps = append(ps, pending{op: op, raw: raw, hash: prev})
	}
	return s.applyBatch(ps, "")
}
