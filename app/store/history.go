package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"sort"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// Entry is one operation in a record's history, with what it changed.
type Entry struct {
	Author     string         `json:"author"`
	AuthorName string         `json:"author_name"`
	Seq        uint64         `json:"seq"`
	At         string         `json:"at"` // RFC 3339 UTC from the operation's clock
	Clock      oplog.Clock    `json:"clock"`
	Type       oplog.OpType   `json:"type"`
	Origin     string         `json:"origin"` // "local" or the bundle that brought it
	Changes    []oplog.Change `json:"changes"`
}

type applied struct {
	author string
	seq    uint64
	record string
	origin string
}

func decodeApplied(v []byte) (applied, error) {
	if len(v) < 16+8+36 {
		return applied{}, fmt.Errorf("corrupt apply entry")
	}
	return applied{author: string(v[:16]), seq: binary.BigEndian.Uint64(v[16:24]), record: string(v[24:60]), origin: string(v[60:])}, nil
}

// replayRecord derives a record again from its operations, in the order this store applied
// them (a causal order), calling each (when not nil) with what every operation changed.
func replayRecord(txn *badger.Txn, id string, each func(op *oplog.Op, origin string, changes []oplog.Change)) (*oplog.Record, error) {
	it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
	var idxs []uint64
	p := append(key(pHistory, []byte(id)), 0)
	for it.Seek(p); it.ValidForPrefix(p); it.Next() {
		k := it.Item().Key()
		idxs = append(idxs, binary.BigEndian.Uint64(k[len(k)-8:]))
	}
	it.Close()
	sort.Slice(idxs, func(i, j int) bool { return idxs[i] < idxs[j] })
	rec := oplog.NewRecord(id)
	for _, n := range idxs {
		item, err := txn.Get(applyKey(n))
		if err != nil {
			return nil, err
		}
		v, err := item.ValueCopy(nil)
		if err != nil {
			return nil, err
		}
		a, err := decodeApplied(v)
		if err != nil {
			return nil, err
		}
		if item, err = txn.Get(opKey(a.author, a.seq)); err != nil {
			return nil, err
		}
		raw, err := item.ValueCopy(nil)
		if err != nil {
			return nil, err
		}
		op, err := oplog.Decode(raw)
		if err != nil {
			return nil, err
		}
		changes, err := rec.Apply(op)
		if err != nil {
			return nil, err
		}
		if each != nil {
			each(op, a.origin, changes)
		}
	}
	return rec, nil
}

// History replays a record's operations in the order this store applied them and returns,
// for each, who made it, when, and each field's old and new value.
func (s *Store) History(id string) ([]Entry, error) {
	var entries []Entry
	err := s.db.View(func(txn *badger.Txn) error {
		_, err := replayRecord(txn, id, func(op *oplog.Op, origin string, changes []oplog.Change) {
			if changes == nil {
				changes = []oplog.Change{}
			}
			entries = append(entries, Entry{Author: op.Author, AuthorName: s.Name(op.Author), Seq: op.Seq,
				At: op.Clock.Time().Format("2006-01-02T15:04:05.000Z"), Clock: op.Clock, Type: op.Type, Origin: origin, Changes: changes})
		})
		return err
	})
	if err == nil && len(entries) == 0 {
		if _, gerr := s.Get(id); gerr != nil {
			return nil, gerr
		}
	}
	return entries, err
}

// Applied calls fn with every operation in the order this store applied it (a causal order).
func (s *Store) Applied(fn func(op *oplog.Op, raw []byte, origin string) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Seek([]byte{pApply}); it.ValidForPrefix([]byte{pApply}); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			a, err := decodeApplied(v)
			if err != nil {
				return err
			}
			item, err := txn.Get(opKey(a.author, a.seq))
			if err != nil {
				return fmt.Errorf("apply log names operation %d of %s, which is missing: %w", a.seq, a.author, err)
			}
			raw, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			op, err := oplog.Decode(raw)
			if err != nil {
				return fmt.Errorf("operation %d of %s: %w", a.seq, a.author, err)
			}
			if err := fn(op, raw, a.origin); err != nil {
				return err
			}
		}
		return nil
	})
}

// Check recomputes every record from the log and compares it, its summary, the chains and
// the heads with what is stored. It returns the problems found (none for a healthy store).
func (s *Store) Check() ([]string, error) {
	var problems []string
	recs := map[string]*oplog.Record{}
	heads := map[string]string{}
	seqs := map[string]uint64{}
	n := 0
	err := s.Applied(func(op *oplog.Op, raw []byte, _ string) error {
		n++
		if op.Seq != seqs[op.Author]+1 {
			problems = append(problems, fmt.Sprintf("operation %d of %s applied after %d", op.Seq, op.Author, seqs[op.Author]))
		}
		if op.Prev != heads[op.Author] {
			problems = append(problems, fmt.Sprintf("operation %d of %s does not chain to its predecessor", op.Seq, op.Author))
		}
		seqs[op.Author], heads[op.Author] = op.Seq, oplog.Hash(raw)
		rec, ok := recs[op.Record]
		if !ok {
			rec = oplog.NewRecord(op.Record)
			recs[op.Record] = rec
		}
		_, err := rec.Apply(op)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.mu.RLock()
	for a, seq := range seqs {
		if s.vv[a] != seq || s.heads[a] != heads[a] {
			problems = append(problems, fmt.Sprintf("head of %s is %d in memory, the log ends at %d", a, s.vv[a], seq))
		}
	}
	if len(s.vv) != len(seqs) {
		problems = append(problems, fmt.Sprintf("%d authors in the heads, %d in the log", len(s.vv), len(seqs)))
	}
	s.mu.RUnlock()
	stored := 0
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{PrefetchValues: true, PrefetchSize: 256})
		defer it.Close()
		for it.Seek([]byte{pRecord}); it.ValidForPrefix([]byte{pRecord}); it.Next() {
			stored++
			id := string(it.Item().Key()[1:])
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			want, ok := recs[id]
			if !ok {
				problems = append(problems, fmt.Sprintf("record %s is stored but no operation makes it", id))
				continue
			}
			enc, _ := want.Encode()
			if !bytes.Equal(enc, v) {
				problems = append(problems, fmt.Sprintf("record %s differs from its recomputation", id))
			}
			sumItem, err := txn.Get(summaryKey(id))
			if err != nil {
				problems = append(problems, fmt.Sprintf("record %s has no index entry", id))
				continue
			}
			sv, err := sumItem.ValueCopy(nil)
			if err != nil {
				return err
			}
			ws := summarise(want)
			if !bytes.Equal(sv, ws.encode()) {
				problems = append(problems, fmt.Sprintf("index entry of %s is stale", id))
			}
		}
		for it.Seek([]byte{pJournal}); it.ValidForPrefix([]byte{pJournal}); it.Next() {
			problems = append(problems, fmt.Sprintf("batch %s is still pending", it.Item().Key()[1:]))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if stored != len(recs) {
		problems = append(problems, fmt.Sprintf("%d records stored, %d recomputed from %d operations", stored, len(recs), n))
	}
	return problems, nil
}
