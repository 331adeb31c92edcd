package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/internal/ahead"
	"dossier/app/oplog"
)

// A batch larger than one transaction (store format 4, docs/storage.md "Writes and
// durability") is written once: its operations go straight under `o`, beyond their authors'
// heads, where no reader looks (every reader of `o` goes through a head or the apply log),
// under a pending mark `P batch`. The mark says "staging" while they are written, then
// "committed" with the batch's apply order; the apply then writes only what the operations
// change, and deletes the mark. At open a staging mark drops the operations beyond the heads,
// a committed one is finished.

const (
	pendingStaging   = 's'
	pendingCommitted = 'c'
)

// span is a run of one author's operations, from `from`, `count` of them: a batch's apply
// order is a list of spans.
type span struct {
	author      string
	from, count uint64
}

// pendingValue: state (1 byte), uvarint length and origin, then per span uvarint length and
// author, uvarint from, uvarint count.
func pendingValue(state byte, origin string, spans []span) []byte {
	v := []byte{state}
	v = binary.AppendUvarint(v, uint64(len(origin)))
	v = append(v, origin...)
	for _, sp := range spans {
		v = binary.AppendUvarint(v, uint64(len(sp.author)))
		v = append(v, sp.author...)
		v = binary.AppendUvarint(v, sp.from)
		v = binary.AppendUvarint(v, sp.count)
	}
	return v
}

func parsePending(v []byte) (state byte, origin string, spans []span, err error) {
	bad := fmt.Errorf("%w: a pending mark of %d bytes that does not decode", errCorruptStaged, len(v))
	if len(v) < 1 || (v[0] != pendingStaging && v[0] != pendingCommitted) {
		return 0, "", nil, bad
	}
	rest := v[1:]
	num := func() (uint64, bool) {
		n, k := binary.Uvarint(rest)
		if k <= 0 {
			return 0, false
		}
		rest = rest[k:]
		return n, true
	}
	str := func() (string, bool) {
		n, ok := num()
		if !ok || n > uint64(len(rest)) {
			return "", false
		}
		s := string(rest[:n])
		rest = rest[n:]
		return s, true
	}
	origin, ok := str()
	if !ok {
		return 0, "", nil, bad
	}
	for len(rest) > 0 {
		a, ok1 := str()
		f, ok2 := num()
		c, ok3 := num()
		if !ok1 || !ok2 || !ok3 || f == 0 || c == 0 {
			return 0, "", nil, bad
		}
		spans = append(spans, span{a, f, c})
	}
	return v[0], origin, spans, nil
}

// spansOf is the order of a batch held in memory, as spans.
func spansOf(ps []pending) []span {
	var out []span
	for _, p := range ps {
		if n := len(out); n > 0 && out[n-1].author == p.op.Author && out[n-1].from+out[n-1].count == p.op.Seq {
			out[n-1].count++
			continue
		}
		out = append(out, span{p.op.Author, p.op.Seq, 1})
	}
	return out
}

func (s *Store) setPending(batch string, v []byte) error {
	return s.db.Update(func(txn *badger.Txn) error { return txn.Set(pendingKey(batch), v) })
}

// commitPending commits a batch's mark and, in the same transaction, the checkpoints that
// sign its changes: a committed batch is finished by the next open if its apply is cut
// short, and its checkpoints are then already there (a relay exports, and a backup carries,
// only what a checkpoint covers).
func (s *Store) commitPending(batch string, v []byte, cps []Checkpoint) error {
	return s.db.Update(func(txn *badger.Txn) error {
		if err := putCheckpoints(txn, cps); err != nil {
			return err
		}
		return txn.Set(pendingKey(batch), v)
	})
}

// beginPending writes a staging mark under a fresh batch id: from here on, operations
// written beyond their authors' heads are dropped by the next open unless the batch commits.
func (s *Store) beginPending(origin string) (string, error) {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return "", err
	}
	batch := hex.EncodeToString(id[:])
	return batch, s.setPending(batch, pendingValue(pendingStaging, origin, nil))
}

// writePending writes a batch held in memory once, under a pending mark, and applies it.
func (s *Store) writePending(ps []pending, origin string, res *Result) (*txState, error) {
	batch, err := s.beginPending(origin)
	if err != nil {
		return nil, err
	}
	wb := s.db.NewWriteBatch()
	for _, p := range ps {
		if err := wb.Set(opKey(p.op.Author, p.op.Seq), p.raw); err != nil {
			wb.Cancel()
			return nil, errors.Join(err, s.dropPending(batch))
		}
	}
	if err := wb.Flush(); err != nil {
		return nil, errors.Join(err, s.dropPending(batch))
	}
	if err := s.setPending(batch, pendingValue(pendingCommitted, origin, spansOf(ps))); err != nil {
		return nil, errors.Join(err, s.dropPending(batch))
	}
	return s.applyPending(batch, res, ps, origin, nil, nil, nil, nil)
}

// applyPending applies a committed batch whose operations are under `o`, in one pass
// (onePass): from memory when the caller holds them, else read back in the order of spans.
// Its last transaction deletes the mark. A pass that fails leaves the store refusing
// writes until it is opened again, which finishes the batch.
// finals, when not nil, holds the records as the batch leaves them, derived by an admission
// that ran in the order of spans (onePass.finals); admitted, when not nil, what the pass needs
// of each change, kept by that admission (admittedLog).
func (s *Store) applyPending(batch string, res *Result, held []pending, origin string, spans []span, p *ImportProgress, finals *batchRecords, admitted *admittedLog) (*txState, error) {
	o := s.newOnePass(res, origin, false, p)
	o.finals, o.admitted = finals, admitted
	err := o.run(held, spans)
	if err == nil {
		err = o.finish(batch)
	}
	if err != nil {
		o.wb.Cancel()
		// The pass may have written records without the counter moving: a hash kept from
		// before it, or computed while it ran, is not of what the store now holds, nor are
		// the points kept of its interventions (the index learns none of its summaries).
		s.forgetStateHash()
		s.ix.forgetNamed()
		s.mu.Lock()
		s.unfinished = fmt.Errorf("an import could not be finished (%v): close Dossier and open it again to finish it", err)
		s.mu.Unlock()
		return nil, fmt.Errorf("apply batch %s (it will be finished at the next open): %w", batch, err)
	}
	s.learn(o.st)
	return o.st, nil
}

func (o *onePass) run(held []pending, spans []span) error {
	if held != nil {
		for _, p := range held {
			if err := o.apply(p); err != nil {
				return err
			}
		}
		return nil
	}
	// A change whose record is taken whole from the admission needs its header only: the
	// admission kept it (admitted), or it is read back for it; nothing of its writes is
	// applied again. Without the admission's records (recovery, a batch admitted out of
	// order) every change is read whole. The hash is taken when the change turns out to be
	// its author's last (finish), unless the admission gave it.
	headers := o.finals != nil && !o.recovery
	if headers && o.admitted != nil {
		return o.admitted.each(spans, func(p pending) error {
			if !o.takesWhole(p.op.Record) {
				return o.s.eachLogged([]span{{p.op.Author, p.op.Seq, 1}}, func(op *oplog.Op, raw []byte) error {
					return o.apply(pending{op: op, raw: raw, hash: p.hash})
				})
			}
			return o.apply(p)
		})
	}
	decode := oplog.Decode
	if headers {
		decode = oplog.DecodeHeader
	}
	return o.s.eachLoggedAhead(spans, decode, func(op *oplog.Op, raw []byte) error {
		if headers && !o.takesWhole(op.Record) {
			var err error
			if op, err = oplog.Decode(raw); err != nil {
				return err
			}
		}
		return o.apply(pending{op: op, raw: raw})
	})
}

// takesWhole reports whether the pass takes record id whole from the admission (apply).
func (o *onePass) takesWhole(id string) bool {
	return o.finals != nil && !o.recovery && (o.derived[id] || !o.written[id] && o.finals.touched(id))
}

// eachLoggedAhead is eachLoggedDecoded with the reads and the decoding made by a goroutine
// of its own ahead of fn: each read waits for every write in flight to commit (Badger's read
// timestamp), and an apply writing behind (writeBehind) would otherwise wait for its own
// writes at every window it reads.
func (s *Store) eachLoggedAhead(spans []span, decode func([]byte) (*oplog.Op, error), fn func(op *oplog.Op, raw []byte) error) error {
	type change struct {
		op  *oplog.Op
		raw []byte
	}
	// At most 256 changes or 64 KiB of them a hand-over, two waiting.
	return ahead.Run(256, 64<<10, func(emit func(change, int) error) error {
		return s.eachLoggedDecoded(spans, decode, func(op *oplog.Op, raw []byte) error {
			return emit(change{op, raw}, len(raw))
		})
	}, func(c change) error { return fn(c.op, c.raw) })
}

// eachLogged reads the operations of spans from `o`, in order, at most logWindow of them in
// each read: a read held over the whole apply would keep alive every record version the apply
// writes meanwhile and every table compaction replaces (docs/storage.md, "Memory").
func (s *Store) eachLogged(spans []span, fn func(op *oplog.Op, raw []byte) error) error {
	return s.eachLoggedDecoded(spans, oplog.Decode, fn)
}

// eachLoggedDecoded is eachLogged with the decoder given.
func (s *Store) eachLoggedDecoded(spans []span, decode func([]byte) (*oplog.Op, error), fn func(op *oplog.Op, raw []byte) error) error {
	for _, sp := range spans {
		for from := sp.from; from < sp.from+sp.count; from += logWindow {
			n := min(logWindow, sp.from+sp.count-from)
			if err := s.eachLoggedRead(span{sp.author, from, n}, decode, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// logWindow is how many operations eachLogged reads in one read.
const logWindow = 2048

func (s *Store) eachLoggedRead(sp span, decode func([]byte) (*oplog.Op, error), fn func(op *oplog.Op, raw []byte) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, []byte{pOp})
		defer it.Close()
		i := uint64(0)
		for it.Seek(opKey(sp.author, sp.from)); i < sp.count; it.Next() {
			seq := sp.from + i
			if !it.Valid() || string(it.Item().Key()) != string(opKey(sp.author, seq)) {
				return fmt.Errorf("%w: change %d of %s is missing", errCorruptStaged, seq, sp.author)
			}
			raw, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			op, err := decode(raw)
			if err != nil {
				return err
			}
			if err := fn(op, raw); err != nil {
				return err
			}
			i++
		}
		return nil
	})
}

// admitLogged admits a batch's operations in the order of spans, skipping those already
// applied (a batch finished after a crash).
func (s *Store) admitLogged(ctx context.Context, spans []span, p *ImportProgress) error {
	ad := s.newAdmitter()
	defer ad.close()
	n := 0
	return s.eachLogged(spans, func(op *oplog.Op, _ []byte) error {
		if n++; n%256 == 0 && ctx.Err() != nil {
			return ErrCanceled
		}
		return s.admitUnheld(ad, op, p)
	})
}

// admitUnheld admits one change of a batch unless its author's head already holds it (a
// batch finished after a crash), and counts it as verified.
func (s *Store) admitUnheld(ad *admitter, op *oplog.Op, p *ImportProgress) error {
	if h, _ := s.Head(op.Author); h >= op.Seq {
		return nil
	}
	if err := ad.change(op); err != nil {
		return err
	}
	if p != nil {
		p.Verified.Add(1)
	}
	return nil
}

// dropPending deletes every operation beyond its author's head (what the batch wrote), then
// the mark. The caller holds wmu, or is the open.
func (s *Store) dropPending(batch string) error {
	if err := s.dropBeyondHeads(); err != nil {
		return err
	}
	return s.db.Update(func(txn *badger.Txn) error { return txn.Delete(pendingKey(batch)) })
}

// dropBeyondHeads deletes the operations no head covers, and the checkpoints that sign them
// (a committed batch set aside wrote its checkpoints with its mark).
func (s *Store) dropBeyondHeads() error {
	keys, err := s.beyondHeads()
	if err != nil {
		return err
	}
	cps, err := s.checkpointsBeyondHeads()
	if err != nil || len(keys)+len(cps) == 0 {
		return err
	}
	return s.deleteKeys(append(keys, cps...))
}

// dropEntriesAfter deletes the apply entries after apply index start, and the history
// entries of records ids after it (entriesAfter).
func (s *Store) dropEntriesAfter(ids []string, start uint64) error {
	var keys [][]byte
	if err := s.db.View(func(txn *badger.Txn) error {
		return entriesAfter(txn, ids, start, func(k []byte) error { keys = append(keys, k); return nil })
	}); err != nil || len(keys) == 0 {
		return err
	}
	return s.deleteKeys(keys)
}

// deleteKeys deletes keys in one write batch.
func (s *Store) deleteKeys(keys [][]byte) error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range keys {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	return wb.Flush()
}

// recoverPending finishes committed batches, after checking them again as the journal's
// recovery does, and drops staging ones; one that can never be finished is set aside whole.
func (s *Store) recoverPending() error {
	marks := map[string][]byte{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, []byte{pPending})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			marks[string(it.Item().Key()[1:])] = v
		}
		return nil
	})
	if err != nil {
		return err
	}
	for b, v := range marks {
		state, origin, spans, err := parsePending(v)
		if err == nil && state == pendingStaging {
			if err := s.dropPending(b); err != nil {
				return err
			}
			continue
		}
		s.reload = true
		// Every operation of the batch is read and decoded first, and the records it touches
		// are derived again from what was applied before it and its operations: what a pass
		// cut short wrote of them counts for nothing.
		ids := map[string]bool{}
		if err == nil {
			err = s.eachLogged(spans, func(op *oplog.Op, _ []byte) error { ids[op.Record] = true; return nil })
		}
		list := make([]string, 0, len(ids))
		for id := range ids {
			list = append(list, id)
		}
		var o *onePass
		if err == nil {
			// Its runs and lists may be split where this pass would not split them (a format 5
			// pass wrote one entry a change; the cache's size is not part of the format):
			// dropped first, then written again.
			err = s.dropEntriesAfter(list, s.applyN)
		}
		if err == nil {
			o = s.newOnePass(&Result{streamed: true}, origin, true, nil)
			err = o.run(nil, spans)
			if err == nil {
				err = o.finish(b)
			}
			if err != nil {
				o.wb.Cancel()
			}
		}
		if err != nil && transient(err) {
			return err
		}
		if err != nil {
			if err := s.restoreBefore(list, s.applyN); err != nil {
				return err
			}
			if err := s.setAsidePending(b, origin, spans, err); err != nil {
				return err
			}
		}
	}
	return nil
}

// setAsidePending keeps a committed batch that cannot be finished in the `S` family, as a
// journaled batch is kept (setAside), then drops what of it was not applied.
func (s *Store) setAsidePending(batch, origin string, spans []span, cause error) error {
	sa := SetAside{Batch: batch, At: time.Now().UTC(), Origin: origin, Reason: cause.Error()}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	err := s.db.View(func(txn *badger.Txn) error {
		for _, sp := range spans {
			for seq := sp.from; seq < sp.from+sp.count; seq++ {
				item, err := txn.Get(opKey(sp.author, seq))
				if errors.Is(err, badger.ErrKeyNotFound) {
					continue // missing: nothing to keep
				}
				if err != nil {
					return err
				}
				raw, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				v := append(append(raw, 0), origin...)
				if err := wb.Set(key(pSetAside, []byte(batch), u64(uint64(sa.Changes))), v); err != nil {
					return err
				}
				sa.Changes++
				if h, _ := s.Head(sp.author); h >= seq {
					sa.Applied++
				}
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
	return s.dropPending(batch)
}

// beyondHeads lists the keys of operations no head covers (written by a pending batch): one
// seek per author, so it costs little however large the log.
func (s *Store) beyondHeads() ([][]byte, error) {
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, []byte{pOp})
		defer it.Close()
		it.Seek([]byte{pOp})
		for it.Valid() {
			k := it.Item().Key()
			if len(k) < 1+1+8 {
				it.Next()
				continue
			}
			author := string(k[1 : len(k)-9])
			head, _ := s.Head(author)
			if binary.BigEndian.Uint64(k[len(k)-8:]) <= head {
				it.Seek(opKey(author, head+1))
				continue
			}
			prefix := append(key(pOp, []byte(author)), 0)
			for ; it.ValidForPrefix(prefix); it.Next() {
				keys = append(keys, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	return keys, err
}
