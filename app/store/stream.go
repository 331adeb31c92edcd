package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// ErrCanceled: an import was canceled before its commit; nothing of it was kept.
var ErrCanceled = errors.New("the import was canceled: nothing was imported")

// ImportProgress counts what a streaming import has done so far; it is read while the
// import runs (atomics), for a progress bar.
type ImportProgress struct {
	Staged   atomic.Int64 // changes checked against what is held and written under the journal
	Verified atomic.Int64 // changes admitted, in causal order, before the commit
	Applied  atomic.Int64 // changes applied after the commit
	// Committed: the commit marker is written; from here the import cannot be canceled.
	Committed atomic.Bool
}

// Importer streams a batch of operations authored elsewhere into the store, all or nothing,
// holding a bounded window of it (docs/storage.md, "Streaming import"). Operations come one
// author's run after another (Add); Commit orders, admits, commits and applies them; Abort
// drops them. The store's write lock is held from BeginImport to Commit or Abort.
type Importer struct {
	s        *Store
	origin   string
	batch    string
	wb       *writeBehind
	stream   *oplog.Stream
	pos      map[string]uint64 // staged index of each author's first new operation
	author   string            // the author whose run is being added
	n        uint64            // operations staged
	Progress *ImportProgress
	done     bool
	// While every operation arrives after everything it had seen (a causal order, as a
	// bundle's runs usually are), each is admitted as it arrives: the order Commit finds
	// is then the order of arrival, and a refusal stops the import at once. The first
	// operation that arrives early ends this, and Commit admits in its order instead.
	early *admitter
	vv    oplog.VV // what is held plus what has arrived, while early
	// admitted is what the apply needs of each change the early admission took, so that it
	// does not read them back (admitted.go); nil once early ends or the log passes its bounds.
	admitted *admittedLog
	// checkpoints are the bundle's verified signatures of its authors' chains, written with
	// the commit mark: a batch that commits has them, even when the apply is cut short.
	checkpoints []Checkpoint
}

// cutAfterCommitMark, set by tests, stops Commit between its commit mark and its apply, as a
// kill there would.
var cutAfterCommitMark func() error

// KeepCheckpoints gives the import the checkpoints the caller verified; Commit writes them in
// the transaction that commits the batch (or alone, when the batch brings no new change).
func (im *Importer) KeepCheckpoints(cps []Checkpoint) { im.checkpoints = cps }

// BeginImport starts a streaming import. need is what the caller knows of its size (the
// operations' bytes, or an upper bound), for the disk-space check.
func (s *Store) BeginImport(origin string, ops int, bytes int64) (*Importer, error) {
	if err := s.checkSpace(int64(ops)*opBytesOverhead + opBytesFactor*bytes); err != nil {
		return nil, err
	}
	if err := s.unfinishedErr(); err != nil {
		return nil, err
	}
	s.wmu.Lock()
	batch, err := s.beginPending(origin)
	if err != nil {
		s.wmu.Unlock()
		return nil, err
	}
	return &Importer{s: s, origin: origin, batch: batch, wb: newWriteBehind(s.db),
		stream: oplog.NewStream(heldView{s}), pos: map[string]uint64{}, Progress: &ImportProgress{},
		early: s.newAdmitter(), vv: oplog.VV{}, admitted: newAdmittedLog()}, nil
}

// Declare gives the most each author's changes may reach in the batch (a bundle's signed
// header): a change seen beyond it that is not held is refused as a gap as soon as it is
// read, and nothing of it is kept (oplog.Stream.Declare).
func (im *Importer) Declare(contents oplog.VV) { im.stream.Declare(contents) }

// Add checks the next operation against what is held and the author's operation before it
// (oplog.Stream), and stages it when it is new. A held operation that differs is a
// *ForkError at once. The operation is not yet visible.
func (im *Importer) Add(op *oplog.Op, raw []byte) error {
	if im.done {
		return errors.New("the import is over")
	}
	fresh, err := im.stream.Add(op, raw)
	if err != nil || !fresh {
		return err
	}
	if op.Author != im.author {
		if _, ok := im.pos[op.Author]; ok {
			return fmt.Errorf("the changes of %s come in two runs", op.Author)
		}
		im.author = op.Author
		im.pos[op.Author] = im.n
	}
	if err := im.admitEarly(op); err != nil {
		return err
	}
	if im.admitted != nil && (im.early == nil || !im.admitted.note(op)) {
		im.admitted = nil
	}
	// Written once, beyond the author's head, under the pending mark (pending.go).
	if err := im.wb.Set(opKey(op.Author, op.Seq), append([]byte(nil), raw...)); err != nil {
		return err
	}
	im.n++
	im.Progress.Staged.Add(1)
	if im.early != nil {
		im.Progress.Verified.Add(1) // admitted above
	}
	return nil
}

// admitEarly admits an operation as it arrives while the arrival order is causal.
func (im *Importer) admitEarly(op *oplog.Op) error {
	if im.early == nil {
		return nil
	}
	head := func(a string) uint64 {
		n, ok := im.vv[a]
		if !ok {
			n, _ = im.s.Head(a)
			im.vv[strings.Clone(a)] = n // a decoded operation's key would pin all its bytes
		}
		return n
	}
	ready := head(op.Author)+1 == op.Seq
	for a, n := range op.Seen {
		ready = ready && head(a) >= n
	}
	if !ready {
		im.early.close()
		im.early, im.vv = nil, nil
		return nil
	}
	if err := im.early.change(op); err != nil {
		return err
	}
	im.vv[op.Author] = op.Seq
	return nil
}

// Known is how many operations given were already held.
func (im *Importer) Known() int { return im.stream.Known }

// Abort drops everything staged and releases the store. It is safe to call after Commit.
func (im *Importer) Abort() error {
	if im.done {
		return nil
	}
	im.done = true
	defer im.s.wmu.Unlock()
	im.early.close()
	im.wb.Cancel()
	return im.s.dropPending(im.batch)
}

// Commit orders the staged operations causally (a *GapError or *ForkError refuses them),
// admits each on top of what is held, then writes the commit marker and applies them. Until
// the marker, ctx cancels the import and nothing of it stays; from the marker on the batch
// is imported, and a crash is finished at the next open.
func (im *Importer) Commit(ctx context.Context) (*Result, error) {
	if im.done {
		return nil, errors.New("the import is over")
	}
	s := im.s
	fail := func(err error) (*Result, error) {
		return nil, errors.Join(err, im.Abort())
	}
	logged, err := im.decide(ctx)
	if err != nil {
		return nil, err
	}
	defer im.early.close()
	if im.n == 0 {
		im.done = true
		defer s.wmu.Unlock()
		if err := s.dropPending(im.batch); err != nil {
			return nil, err
		}
		// Nothing new, but the bundle may sign what is held where nothing here did yet.
		return &Result{Known: im.stream.Known}, s.PutCheckpoints(im.checkpoints)
	}
	if err := s.commitPending(im.batch, pendingValue(pendingCommitted, im.origin, logged), im.checkpoints); err != nil {
		return fail(err)
	}
	im.Progress.Committed.Store(true)
	im.done = true
	defer s.wmu.Unlock()
	if cutAfterCommitMark != nil {
		return nil, cutAfterCommitMark()
	}
	res := &Result{streamed: true}
	// An admission made in the order to apply derived every record as the batch leaves it:
	// the apply takes them instead of applying each change again.
	var finals *batchRecords
	if im.early != nil {
		finals = im.early.recs
	}
	if im.early == nil {
		im.admitted = nil
	} else if im.admitted != nil {
		im.admitted.seal(im.stream.Last)
	}
	st, err := s.applyPending(im.batch, res, nil, im.origin, logged, im.Progress, finals, im.admitted)
	if err != nil {
		return nil, err
	}
	res = finish(res, st)
	res.Known = im.stream.Known
	return res, nil
}

// decide is everything before the commit marker: the operations logged past their authors'
// heads ordered causally (a *GapError or *ForkError refuses them) and admitted on top of
// what is held. A refusal or a cancel aborts the import. Commit and Preview share it, so a
// preview refuses what an import refuses. It returns the order to apply them in.
func (im *Importer) decide(ctx context.Context) ([]span, error) {
	fail := func(err error) ([]span, error) {
		return nil, errors.Join(err, im.Abort())
	}
	spans, err := im.stream.Order()
	if err != nil {
		return fail(err)
	}
	if err := im.wb.Flush(); err != nil {
		return fail(err)
	}
	order := make([]stagedRange, len(spans)) // in the order they arrived: was that causal?
	logged := make([]span, len(spans))
	for i, sp := range spans {
		order[i] = stagedRange{im.pos[sp.Author] + (sp.From - im.stream.First(sp.Author)), sp.To - sp.From + 1}
		logged[i] = span{sp.Author, sp.From, sp.To - sp.From + 1}
	}
	if im.early == nil || !inOrder(order) {
		im.early.close() // its checks are made again below, in the order to apply
		im.early = nil
		im.Progress.Verified.Store(0)
		if err := im.s.admitLogged(ctx, logged, im.Progress); err != nil {
			return fail(err)
		}
	}
	if err := ctx.Err(); err != nil {
		return fail(ErrCanceled)
	}
	return logged, nil
}

// stagedRange is a run of staged indexes, applied in this order: a causal order.
type stagedRange struct{ start, count uint64 }

// journalValue is the commit marker: the count of staged operations and, when they were not
// staged in the order to apply them, that order as ranges of staged indexes.
func journalValue(n uint64, order []stagedRange) []byte {
	v := u64(n)
	if inOrder(order) {
		return v
	}
	for _, r := range order {
		v = binary.AppendUvarint(v, r.start)
		v = binary.AppendUvarint(v, r.count)
	}
	return v
}

func inOrder(order []stagedRange) bool {
	next := uint64(0)
	for _, r := range order {
		if r.start != next {
			return false
		}
		next += r.count
	}
	return true
}

// journalOrder reads the order a commit marker holds; nil means the staged order.
func journalOrder(v []byte) ([]stagedRange, error) {
	if len(v) < 8 {
		return nil, fmt.Errorf("%w: a commit marker of %d bytes", errCorruptStaged, len(v))
	}
	var out []stagedRange
	for rest := v[8:]; len(rest) > 0; {
		start, n := binary.Uvarint(rest)
		if n <= 0 {
			return nil, errCorruptStaged
		}
		count, m := binary.Uvarint(rest[n:])
		if m <= 0 {
			return nil, errCorruptStaged
		}
		rest = rest[n+m:]
		out = append(out, stagedRange{start, count})
	}
	return out, nil
}

// stagedWindow is how many staged changes are read per read transaction. Badger keeps every
// table and every record version that an open read can still see: one read held over a
// whole apply kept all the record versions the apply wrote (one per chunk) and every table
// compaction had replaced, mapped — most of the resident memory of a large import.
const stagedWindow = 2048

// eachStagedOrdered calls fn with every staged value of a batch in the order given (nil: the
// staged order), reading them in windows of stagedWindow, each with its own short read, and
// calling fn after that read has ended.
func (s *Store) eachStagedOrdered(batch string, order []stagedRange, fn func(v []byte) error) error {
	prefix := key(pStaged, []byte(batch))
	open := order == nil // the staged order: every staged key, their count read as we go
	if open {
		order = []stagedRange{{0, math.MaxUint64}}
	}
	var window [][]byte
	for _, r := range order {
		for done := uint64(0); done < r.count; {
			window = window[:0]
			err := s.db.View(func(txn *badger.Txn) error {
				it := scan(txn, prefix)
				defer it.Close()
				for it.Seek(stagedKey(batch, r.start+done)); len(window) < stagedWindow && done+uint64(len(window)) < r.count; it.Next() {
					want := r.start + done + uint64(len(window))
					if open && !it.Valid() {
						r.count = want // the end of the batch
						break
					}
					if !it.Valid() || binary.BigEndian.Uint64(it.Item().Key()[len(it.Item().Key())-8:]) != want {
						return fmt.Errorf("%w: change %d of batch %s is missing", errCorruptStaged, want, batch)
					}
					v, err := it.Item().ValueCopy(nil)
					if err != nil {
						return err
					}
					window = append(window, v)
				}
				return nil
			})
			if err != nil {
				return err
			}
			done += uint64(len(window))
			for _, v := range window {
				if err := fn(v); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// admitStaged checks every staged change not yet held, in the order given, with admit on top
// of what is held (admitter), without writing anything.
func (s *Store) admitStaged(ctx context.Context, batch string, order []stagedRange, p *ImportProgress) error {
	ad := s.newAdmitter()
	defer ad.close()
	n := 0
	return s.eachStagedOrdered(batch, order, func(v []byte) error {
		if n++; n%256 == 0 && ctx.Err() != nil {
			return ErrCanceled
		}
		op, _, _, err := decodeStaged(batch, v)
		if err != nil {
			return err
		}
		return s.admitUnheld(ad, op, p)
	})
}

// journalOrderOf reads a committed batch's order from its marker.
func (s *Store) journalOrderOf(batch string) ([]stagedRange, error) {
	var order []stagedRange
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(journalKey(batch))
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			order, err = journalOrder(v)
			return err
		})
	})
	return order, err
}

// recordCacheSize bounds the records a batch keeps decoded between its transactions: a
// record changed again in the next chunk is not read and decoded again. recordCacheBytes
// bounds what they hold: a few large records (frameworks of long items) must not keep
// hundreds of MiB live.
const (
	recordCacheSize  = 2048
	recordCacheBytes = 32 << 20
)

// recordCache keeps recently applied records, evicting the oldest put (FIFO: cheap, and a
// batch touches its records in runs).
type recordCache struct {
	max, maxBytes, bytes int
	recs                 map[string]*oplog.Record
	size                 map[string]int
	fifo                 []string
	// spill, set by a preview, keeps what is evicted: a preview writes no record, so the
	// records it changed have nowhere else to be read back from (preview.go).
	spill *spill
}

func newRecordCache(max int) *recordCache {
	return &recordCache{max: max, maxBytes: recordCacheBytes, recs: make(map[string]*oplog.Record, max), size: make(map[string]int, max)}
}

// get returns a cached record, or nil. A nil cache holds nothing.
func (c *recordCache) get(id string) (*oplog.Record, error) {
	if c == nil {
		return nil, nil
	}
	if c.spill != nil {
		return c.spill.get(c.recs[id], id)
	}
	return c.recs[id], nil
}

// drop forgets a record (a transaction that changed it was refused).
func (c *recordCache) drop(id string) {
	if c != nil && c.spill == nil { // a preview's cached records are never changed in place
		c.bytes -= c.size[id]
		delete(c.recs, id) // its id stays in fifo; put and the bound skip it harmlessly
		delete(c.size, id)
	}
}

func (c *recordCache) put(id string, rec *oplog.Record) {
	if _, ok := c.recs[id]; !ok {
		c.fifo = append(c.fifo, id)
	}
	n := recordBytes(rec)
	c.bytes += n - c.size[id]
	c.recs[id], c.size[id] = rec, n
	for len(c.fifo) > 0 && (len(c.recs) > c.max || c.bytes > c.maxBytes) {
		if r, ok := c.recs[c.fifo[0]]; ok && c.spill != nil {
			c.spill.put(c.fifo[0], r)
		}
		c.bytes -= c.size[c.fifo[0]]
		delete(c.recs, c.fifo[0])
		delete(c.size, c.fifo[0])
		c.fifo = c.fifo[1:]
	}
}

// recordBytes estimates what a decoded record holds: its values, and a little per write.
func recordBytes(rec *oplog.Record) int {
	n := 256
	for f, ws := range rec.Regs {
		n += len(f)
		for _, w := range ws {
			n += 96 + len(w.Value)
		}
	}
	for f, els := range rec.Sets {
		n += len(f)
		for e, ws := range els {
			n += len(e) + 96*len(ws)
		}
	}
	return n
}
