package store

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// A record's stored value (docs/storage.md, "Records made by one change"): its canonical
// JSON, or, for a record one change made and nothing changed since, recordByOp then that
// change's key under `o`. Canonical JSON never starts with recordByOp.
const recordByOp = 0x00

// errCorruptRecord: a stored record that cannot be read, or a reference to a change that does
// not make it. The store is damaged; nothing is made up in its place.
var errCorruptRecord = errors.New("a stored record is damaged")

// recordRef is the stored value of a record that op alone made.
func recordRef(op *oplog.Op) []byte {
	return append([]byte{recordByOp}, opKey(op.Author, op.Seq)...)
}

// readRecord materialises record id from its stored value v, read in txn.
func readRecord(txn *badger.Txn, id string, v []byte) (*oplog.Record, error) {
	if len(v) == 0 || v[0] != recordByOp {
		rec, err := oplog.DecodeRecord(v)
		if err != nil {
			return nil, fmt.Errorf("%w: record %s: %v", errCorruptRecord, id, err)
		}
		return rec, nil
	}
	k := v[1:]
	// `o`, an author of at least one byte, 0x00, and a sequence number of 8 bytes.
	if len(k) < 11 || k[0] != pOp || k[len(k)-9] != 0 {
		return nil, fmt.Errorf("%w: record %s refers to a change by a key of %d bytes that is not a change's", errCorruptRecord, id, len(k))
	}
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: record %s refers to a change the log does not hold", errCorruptRecord, id)
	}
	if err != nil {
		return nil, err
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return nil, err
	}
	op, err := oplog.Decode(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: record %s refers to a change that does not decode: %v", errCorruptRecord, id, err)
	}
	if op.Record != id || op.Type != oplog.OpCreate || !bytes.Equal(opKey(op.Author, op.Seq), k) {
		return nil, fmt.Errorf("%w: record %s refers to change %d of %s, which does not create it", errCorruptRecord, id, op.Seq, op.Author)
	}
	rec := oplog.NewRecord(id)
	if _, err := rec.Apply(op); err != nil {
		return nil, fmt.Errorf("%w: record %s: %v", errCorruptRecord, id, err)
	}
	return rec, nil
}
