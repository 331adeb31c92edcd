package store

import (
	"encoding/binary"
)

// Key layout (docs/storage.md). One byte of prefix per family keeps scans cheap.
const (
	pOp      = 'o' // o author seq(8)             -> canonical op bytes
	pHead    = 'h' // h author                    -> seq(8) hash(32 hex→raw)
	pRecord  = 'r' // r id                        -> materialised record (oplog.Record JSON)
	pSummary = 'q' // q id                        -> index summary (JSON)
	pApply   = 'a' // a first index(8)            -> 0x01 author seq(8) count(uvarint) origin: a run (applylog.go)
	pHistory = 'y' // y id NUL first index(8)     -> uvarint steps to the batch's other changes to id
	pName    = 'n' // n author                    -> display name
	pMeta    = 'm' // m name                      -> value
	pJournal = 'j' // j batch                     -> count(8): the batch is committed
	pStaged  = 'J' // J batch NUL index(8)        -> canonical op bytes NUL origin (format 3 journals)
	pPending = 'P' // P batch                     -> state, origin, order: operations under o not yet applied
	pFork    = 'f' // f author seq(8)             -> fork evidence (both operations)
	// S batch -> SetAside (JSON); S batch NUL index(8) -> a staged change kept as evidence
	pSetAside = 'S'
)

func key(prefix byte, parts ...[]byte) []byte {
	n := 1
	for _, p := range parts {
		n += len(p) + 1
	}
	k := make([]byte, 0, n)
	k = append(k, prefix)
	for i, p := range parts {
		if i > 0 {
			k = append(k, 0)
		}
		k = append(k, p...)
	}
	return k
}

func u64(n uint64) []byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], n)
	return b[:]
}

func opKey(author string, seq uint64) []byte { return key(pOp, []byte(author), u64(seq)) }
func headKey(author string) []byte           { return key(pHead, []byte(author)) }
func recordKey(id string) []byte             { return key(pRecord, []byte(id)) }
func summaryKey(id string) []byte            { return key(pSummary, []byte(id)) }
func applyKey(i uint64) []byte               { return key(pApply, u64(i)) }
func historyKey(id string, i uint64) []byte  { return key(pHistory, []byte(id), u64(i)) }
func nameKey(author string) []byte           { return key(pName, []byte(author)) }
func metaKey(name string) []byte             { return key(pMeta, []byte(name)) }
func journalKey(batch string) []byte         { return key(pJournal, []byte(batch)) }
func pendingKey(batch string) []byte         { return key(pPending, []byte(batch)) }
func stagedKey(batch string, i uint64) []byte {
	return key(pStaged, []byte(batch), u64(i))
}
