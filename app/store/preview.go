package store

// The import preview (docs/storage.md, "Import preview"): an import run to its end without
// its commit. The operations logged past their authors' heads are ordered and admitted by
// the import's own decide, and applied by the import's own applyOne and flush (in chunks, as
// an old journal is, not in the import's one pass), in transactions that are discarded
// instead of committed; memory learns nothing. So the preview cannot say something the
// import would not do: it is the import, minus the commit marker and the writes.

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// PreviewStep is what one change of a previewed import would do to its record, in the order
// the import would apply it.
type PreviewStep struct {
	Op      *oplog.Op
	Created bool           // the record is not held here: the import creates it
	Changes []oplog.Change // field by field, old → new, as the record's history will show it
}

// PreviewEnd is one record the import would touch, as it would be when the import ends.
type PreviewEnd struct {
	Record          *oplog.Record
	Created         bool
	ConflictsBefore int // open conflicts the record had before the import
}

// PreviewSink receives what a preview finds; an error from it stops the preview.
type PreviewSink struct {
	Step func(PreviewStep) error // each change, as its transaction would commit
	End  func(PreviewEnd) error  // each record touched, once, after every change
}

// Preview runs the import to its end without committing it: the same refusals as Commit,
// the same Result (what would be created and updated, the conflicts raised), and each
// change and record given to sink. Nothing of the import stays, and the store is released.
func (im *Importer) Preview(ctx context.Context, sink PreviewSink) (*Result, error) {
	if im.done {
		return nil, errors.New("the import is over")
	}
	logged, err := im.decide(ctx)
	if err != nil {
		return nil, err
	}
	defer im.Abort() // drops what is staged and releases the store
	res := &Result{streamed: true}
	if im.n == 0 {
		res.Known = im.stream.Known
		return res, nil
	}
	dry, err := im.s.newDryRun(sink)
	if err != nil {
		return nil, err
	}
	defer dry.drop()
	src := func(add func(pending) error) error {
		return im.s.eachLogged(logged, func(op *oplog.Op, raw []byte) error {
			return add(pending{op: op, raw: raw, hash: oplog.Hash(raw)})
		})
	}
	origin := ""
	total, err := im.s.applyChunks(res, &origin, true, src, im.Progress, dry)
	if err != nil {
		return nil, err
	}
	res = finish(res, total)
	res.Known = im.stream.Known
	if sink.End == nil {
		return res, nil
	}
	for i, ids := range [][]string{res.Created, res.Updated} {
		for _, id := range ids {
			rec, err := dry.cache.get(id)
			if err == nil && rec == nil {
				err = errors.New("the preview lost record " + id)
			}
			if err == nil {
				err = sink.End(PreviewEnd{Record: rec, Created: i == 0, ConflictsBefore: total.before[id].conflicts})
			}
			if err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}

// dryRun is what a preview's apply keeps instead of writing: the records it changed (a
// cache that spills what it evicts to scratch keys, dropped at the end and at the next open
// after a crash, like staged changes), and where to report.
type dryRun struct {
	cache *recordCache
	sink  PreviewSink
}

func (s *Store) newDryRun(sink PreviewSink) (*dryRun, error) {
	var id [8]byte
	if _, err := rand.Read(id[:]); err != nil {
		return nil, err
	}
	c := newRecordCache(recordCacheSize)
	c.spill = &spill{s: s, batch: hex.EncodeToString(id[:]), pending: map[string]*oplog.Record{}}
	return &dryRun{cache: c, sink: sink}, nil
}

// took is told of a transaction that would have committed: its steps are reported.
func (d *dryRun) took(st *txState) error {
	if err := d.cache.spill.err; err != nil {
		return err
	}
	for _, step := range st.steps {
		if d.sink.Step != nil {
			if err := d.sink.Step(step); err != nil {
				return err
			}
		}
	}
	st.steps = nil
	return nil
}

func (d *dryRun) drop() { _ = d.cache.spill.s.dropBatch(d.cache.spill.batch) }

// discarded runs fn in a write transaction that is never committed: applyOne and flush
// write into it exactly as they would for the import, and Badger's limits refuse the same
// transactions (ErrTxnTooBig splits the chunk as it would).
func discarded(s *Store) func(fn func(txn *badger.Txn) error) error {
	return func(fn func(txn *badger.Txn) error) error {
		txn := s.db.NewTransaction(true)
		defer txn.Discard()
		return fn(txn)
	}
}

// spill keeps the records a preview evicts from its cache under a scratch batch id (the
// staged-change prefix, so that an interrupted preview is dropped at the next open), written
// a thousand at a time.
type spill struct {
	s       *Store
	batch   string
	pending map[string]*oplog.Record
	err     error
}

const spillBatch = 1024

func (sp *spill) key(id string) []byte {
	return key(pStaged, []byte(sp.batch), []byte{'r'}, []byte(id))
}

// get returns a copy of the record (cached, pending or spilled), or nil: a preview's records
// are copied out, so that a transaction refused for its size changes nothing kept.
func (sp *spill) get(cached *oplog.Record, id string) (*oplog.Record, error) {
	if cached == nil {
		cached = sp.pending[id]
	}
	if cached != nil {
		enc, err := cached.Encode()
		if err != nil {
			return nil, err
		}
		return oplog.DecodeRecord(enc)
	}
	var rec *oplog.Record
	err := sp.s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(sp.key(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			rec, err = oplog.DecodeRecord(v)
			return err
		})
	})
	return rec, err
}

func (sp *spill) put(id string, rec *oplog.Record) {
	sp.pending[id] = rec
	if len(sp.pending) < spillBatch || sp.err != nil {
		return
	}
	wb := sp.s.db.NewWriteBatch()
	defer wb.Cancel()
	for id, r := range sp.pending {
		enc, err := r.Encode()
		if err == nil {
			err = wb.Set(sp.key(id), enc)
		}
		if err != nil {
			sp.err = err
			return
		}
	}
	if sp.err = wb.Flush(); sp.err == nil {
		clear(sp.pending)
	}
}
