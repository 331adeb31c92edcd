package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// onePass applies a committed pending batch in one pass through a WriteBatch (no transaction
// size limit, commits pipelined rather than one fsync waited for per chunk), keeping the
// records it changes in a bounded cache and writing each once when it leaves the cache or
// at the end — once per batch for a batch that touches fewer records than the cache holds.
// Heads, counters and the mark's removal are one last transaction: until it, the batch
// counts as not applied, and the open derives every record it touches again (recovery).
type onePass struct {
	s         *Store
	recovery  bool   // the records on disk may hold part of the batch: derive them again (and judge them: txState.unjudged)
	start     uint64 // the apply counter before the batch
	wb        *writeBehind
	unflushed bool
	cache     map[string]*oplog.Record
	fifo      []string
	written   map[string]bool   // records written by this pass: read back from disk
	encoded   map[string][]byte // the encodings of final records taken from the checks (pending.final)
	held      map[string]uint64
	st        *txState
	origin    string
	p         *ImportProgress
	// finals, for an import admitted in the order it is applied, holds each record as the
	// batch leaves it (the admission derived it): such a record is taken whole, and its
	// changes are not applied a second time (derived). nil: every change is applied.
	finals   *batchRecords
	derived  map[string]bool
	admitted *admittedLog
}

// onePassCache is how many records a pass keeps decoded (a variable for the tests that
// make it small, to reach records written and read back within a pass).
var onePassCache = recordCacheSize

func (s *Store) newOnePass(res *Result, origin string, recovery bool, p *ImportProgress) *onePass {
	s.mu.RLock()
	start := s.applyN
	held := make(map[string]uint64, len(s.vv))
	for a, n := range s.vv {
		held[a] = n
	}
	s.mu.RUnlock()
	st := s.newTxState(res)
	st.applyN, st.unjudged = start, recovery
	return &onePass{s: s, recovery: recovery, start: start, wb: newWriteBehind(s.db), cache: map[string]*oplog.Record{},
		written: map[string]bool{}, encoded: map[string][]byte{}, derived: map[string]bool{}, held: held, st: st, origin: origin, p: p}
}

// record finds a record as the batch found it, or as this pass left it.
func (o *onePass) record(id string) (rec *oplog.Record, existed bool, err error) {
	switch {
	case o.written[id]:
		if err := o.flush(); err != nil {
			return nil, false, err
		}
		err = o.s.db.View(func(txn *badger.Txn) error { rec, err = getRecord(txn, id); return err })
		return rec, true, err
	case o.recovery:
		n := 0
		err = o.s.db.View(func(txn *badger.Txn) error {
			rec, n, err = replayRecordUpTo(txn, id, o.start, nil, nil)
			return err
		})
		return rec, n > 0, err
	case o.s.ix.has(id):
		err = o.s.db.View(func(txn *badger.Txn) error { rec, err = getRecord(txn, id); return err })
		return rec, true, err
	}
	return oplog.NewRecord(id), false, nil
}

func (o *onePass) flush() error {
	if !o.unflushed {
		return nil
	}
	if err := o.wb.Flush(); err != nil {
		return err
	}
	o.wb, o.unflushed = newWriteBehind(o.s.db), false
	return nil
}

func (o *onePass) set(k, v []byte) error {
	o.unflushed = true
	return o.wb.Set(k, v)
}

// write writes a record and its summary.
func (o *onePass) write(id string, rec *oplog.Record) error {
	enc, judged := o.st.made[id], o.st.judged[id] // a reference to its creation, or the checks' encoding, or a new one
	if enc == nil {
		enc = o.encoded[id]
	}
	if enc == nil {
		var err error
		if enc, err = rec.Encode(); err != nil {
			return err
		}
	}
	// Written: a change that comes back to the record finds it on disk or in the cache and
	// makes it whole, so neither is kept (they would grow with the batch).
	delete(o.encoded, id)
	delete(o.st.made, id)
	delete(o.st.judged, id)
	sum := summariseJudged(rec, judged)
	o.st.summaries[id] = sum
	o.written[id] = true
	if err := o.set(recordKey(id), enc); err != nil {
		return err
	}
	if err := o.st.writeHistory(id, o.set); err != nil {
		return err
	}
	return o.set(summaryKey(id), sum.encode())
}

func (o *onePass) keep(id string, rec *oplog.Record) error {
	o.cache[id] = rec
	o.fifo = append(o.fifo, id)
	for len(o.cache) > onePassCache {
		old := o.fifo[0]
		o.fifo = o.fifo[1:]
		if err := o.write(old, o.cache[old]); err != nil {
			return err
		}
		delete(o.cache, old)
	}
	return nil
}

func (o *onePass) apply(p pending) error {
	op := p.op
	if o.held[op.Author] >= op.Seq {
		return nil
	}
	st := o.st
	rec, ok := o.cache[op.Record]
	created := false
	if !ok {
		var existed bool
		var err error
		fresh := !o.written[op.Record]
		switch {
		case p.final != nil && fresh && !o.recovery:
			rec, existed = p.final, o.s.ix.has(op.Record)
			if p.finalEnc != nil {
				o.encoded[op.Record] = p.finalEnc
			}
		case o.takesWhole(op.Record):
			// Taken again from the admission when it comes back: what this pass wrote of it
			// may be a reference to its creation, written before its other changes came.
			if rec, _, err = o.finals.get(op.Record); err != nil {
				return err
			}
			existed = o.s.ix.has(op.Record)
			o.derived[op.Record] = true
		default:
			if rec, existed, err = o.record(op.Record); err != nil {
				return err
			}
		}
		if fresh {
			if existed {
				st.res.Updated = append(st.res.Updated, op.Record)
				// A recovery reports nothing, and its index may hold part of the batch (reloaded after).
				st.before[op.Record] = prior{len(rec.Conflicts()), !o.recovery && o.s.ix.breaks(op.Record)}
				if rec == p.final || o.derived[op.Record] {
					sum, _ := o.s.ix.get(op.Record)
					st.before[op.Record] = prior{sum.Conflicts, sum.Breaks}
				}
			} else {
				st.res.Created = append(st.res.Created, op.Record)
				st.before[op.Record] = prior{}
				created = true
			}
		}
		if err := o.keep(op.Record, rec); err != nil {
			return err
		}
	}
	st.touch(op, created)
	if rec != p.final && !o.derived[op.Record] {
		if _, err := rec.Apply(op); err != nil {
			return fmt.Errorf("change %d of %s: %w", op.Seq, op.Author, err)
		}
	}
	if err := st.logApplied(op.Author, op.Seq, o.origin, o.set); err != nil {
		return err
	}
	if err := st.noteHistory(op.Record, st.applyN, o.set); err != nil {
		return err
	}
	st.count(p)
	if o.p != nil {
		o.p.Applied.Add(1)
	}
	return nil
}

// finish writes the records still in the cache, waits for every write, then makes the batch
// applied in one transaction: heads, counters, and the mark's removal.
func (o *onePass) finish(batch string) error {
	if err := o.st.endRun(o.set); err != nil {
		return err
	}
	for _, id := range o.fifo {
		if rec, ok := o.cache[id]; ok {
			if err := o.write(id, rec); err != nil {
				return err
			}
			delete(o.cache, id)
		}
	}
	if err := o.st.writeHistories(o.set); err != nil {
		return err
	}
	if err := o.wb.Flush(); err != nil {
		return err
	}
	st := o.st
	for a, p := range st.heads {
		if p.hash == "" {
			if p.raw == nil {
				return fmt.Errorf("the last change applied of %s (%d) has neither its bytes nor its hash", a, p.op.Seq)
			}
			p.hash = oplog.Hash(p.raw)
			st.heads[a] = p
		}
	}
	return o.s.db.Update(func(txn *badger.Txn) error {
		for a, p := range st.heads {
			if err := txn.Set(headKey(a), headValue(p.op.Seq, p.hash)); err != nil {
				return err
			}
		}
		if err := txn.Set(metaKey("apply"), u64(st.applyN)); err != nil {
			return err
		}
		item, err := txn.Get(metaKey("clock"))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
		case err != nil:
			return err
		default:
			old, err := clockValue(item)
			if err != nil {
				return err
			}
			if old.Compare(st.maxClock) > 0 {
				st.maxClock = old
			}
		}
		var c [12]byte
		binary.BigEndian.PutUint64(c[:], uint64(st.maxClock.Wall))
		binary.BigEndian.PutUint32(c[8:], st.maxClock.Logical)
		if err := txn.Set(metaKey("clock"), c[:]); err != nil {
			return err
		}
		return txn.Delete(pendingKey(batch))
	})
}

// entriesAfter calls del with the key of every apply entry after apply index start, and of
// every history entry of records ids after it: what a batch whose counter started at start
// wrote of them, however it split its runs and lists.
func entriesAfter(txn *badger.Txn, ids []string, start uint64, del func(k []byte) error) error {
	it := scan(txn, nil)
	defer it.Close()
	for _, id := range ids {
		for it.Seek(historyKey(id, start+1)); it.ValidForPrefix(append(key(pHistory, []byte(id)), 0)); it.Next() {
			if err := del(it.Item().KeyCopy(nil)); err != nil {
				return err
			}
		}
	}
	for it.Seek(applyKey(start + 1)); it.ValidForPrefix([]byte{pApply}); it.Next() {
		if err := del(it.Item().KeyCopy(nil)); err != nil {
			return err
		}
	}
	return nil
}

// restoreBefore writes the records ids back as they were before the batch whose apply
// counter started at start, and deletes the batch's apply and history entries: what a batch
// set aside after a pass that wrote part of it leaves.
func (s *Store) restoreBefore(ids []string, start uint64) error {
	defer s.forgetStateHash()
	defer s.ix.forgetNamed()
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.db.View(func(txn *badger.Txn) error {
		for _, id := range ids {
			rec, n, err := replayRecordUpTo(txn, id, start, nil, nil)
			if err != nil {
				return err
			}
			if n == 0 {
				if err := wb.Delete(recordKey(id)); err != nil {
					return err
				}
				if err := wb.Delete(summaryKey(id)); err != nil {
					return err
				}
			} else {
				enc, err := rec.Encode()
				if err != nil {
					return err
				}
				sum := summarise(rec)
				if err := wb.Set(recordKey(id), enc); err != nil {
					return err
				}
				if err := wb.Set(summaryKey(id), sum.encode()); err != nil {
					return err
				}
			}
		}
		return entriesAfter(txn, ids, start, wb.Delete)
	})
	if err != nil {
		return err
	}
	return wb.Flush()
}
