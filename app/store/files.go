package store

import (
	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// EachRecord calls fn with every materialised record, deleted ones included (the files of
// attachments are kept while any record, even a restorable one, refers to them).
func (s *Store) EachRecord(fn func(rec *oplog.Record) error) error {
	return s.view(func(txn *badger.Txn) error {
		it := scan(txn, []byte{pRecord})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var rec *oplog.Record
			err := it.Item().Value(func(v []byte) error {
				var err error
				rec, err = readRecord(txn, string(it.Item().Key()[1:]), v)
				return err
			})
			if err != nil {
				return err
			}
			if err := fn(rec); err != nil {
				return err
			}
		}
		return nil
	})
}
