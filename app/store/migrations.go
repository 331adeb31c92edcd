package store

import (
	"bytes"

	"github.com/dgraph-io/badger/v4"
)

// The migrations of the store format (format.go), one per format bump.
func init() {
	migrations = append(migrations, Migration{
		From: 1,
		What: "records derived again under the merge rules of format 2 (edits concurrent with a delete, equal first writes)",
		Step: rederiveRecords,
	}, Migration{
		From: 2,
		What: "records derived again under the merge rules of format 3 (equal values written concurrently, not only first writes, are one write)",
		Step: rederiveRecords,
	}, Migration{
		From: 3,
		What: "a batch larger than one transaction is written once, under a pending mark (format 3 journals left by an interrupted import are still finished)",
		Step: nothingToMove,
	}, Migration{
		From: 4,
		What: "a record made by one change may be stored as a reference to it (format 4 records are read as they are)",
		Step: nothingToMove,
	}, Migration{
		From: 5,
		What: "one apply entry names a run of changes, one history entry lists a batch's changes to a record (format 5 entries are read as runs of one and as one change)",
		Step: nothingToMove,
	})
}

// nothingToMove: format 4 changed how a large batch is written while it is written, not what
// a store holds once it is written. A format 3 journal left by a crash is finished at open by
// the journal's recovery, which format 4 keeps; the bump keeps a format 3 Dossier from opening
// a format 4 store that a kill left with a pending mark it would not see. Format 5 reads every
// format 4 record as it is; its bump keeps a format 4 Dossier from reading a record stored as
// a reference to its change (recordvalue.go) as damaged JSON. Format 6 reads a format 5 apply
// entry as a run of one and a history entry as one change; its bump keeps a format 5 Dossier
// from reading a run or a list as damaged.
func nothingToMove(*badger.Txn, []byte) ([]byte, bool, error) { return nil, true, nil }

// rederiveBatch is how many records one step derives again: fifty records and their
// summaries stay inside a transaction (maxTxnBytes) even when each is just under the 4 KiB
// value threshold (larger values go to the value log and take a few bytes of it).
const rederiveBatch = 50

// rederiveRecords derives every record again from its operations, in id order from the
// cursor, and writes it with its index summary. Formats 2 and 3 changed what a record keeps of
// its writes (docs/storage.md, "Merge rules"), so records written under an older format no
// longer equal their derivation: their conflicts, and their state hash, would differ from a
// replica that derives them anew.
func rederiveRecords(txn *badger.Txn, cursor []byte) ([]byte, bool, error) {
	it := scan(txn, nil)
	var ids []string
	start := []byte{pRecord}
	if cursor != nil {
		start = recordKey(string(cursor))
	}
	for it.Seek(start); it.ValidForPrefix([]byte{pRecord}) && len(ids) <= rederiveBatch; it.Next() {
		k := it.Item().Key()
		if cursor != nil && bytes.Equal(k, start) {
			continue // done in the previous step
		}
		ids = append(ids, string(k[1:]))
	}
	it.Close()
	done := len(ids) <= rederiveBatch
	if !done {
		ids = ids[:rederiveBatch]
	}
	for _, id := range ids {
		rec, err := replayRecord(txn, id, nil, nil)
		if err != nil {
			return nil, false, err
		}
		enc, err := rec.Encode()
		if err != nil {
			return nil, false, err
		}
		if err := txn.Set(recordKey(id), enc); err != nil {
			return nil, false, err
		}
		sum := summarise(rec)
		if err := txn.Set(summaryKey(id), sum.encode()); err != nil {
			return nil, false, err
		}
	}
	if done {
		return nil, true, nil
	}
	return []byte(ids[len(ids)-1]), false, nil
}
