package store

import (
	"errors"
	"fmt"

	"dossier/app/internal/scratch"
	"dossier/app/oplog"
)

// Bounds of the records an admission keeps decoded; the others wait in a temporary file.
// The bytes are those of the records' encodings: decoded, a record takes a few times more.
// A batch touches its records in runs (a create, then its updates), so few come back from
// the file. (Variables for the tests, which make them small.)
var (
	batchRecordsMax   = 1024
	batchRecordsBytes = 16 << 20
)

// batchRecords keeps the records an admission has changed, as the batch leaves them, in
// bounded memory: the latest put in memory (at most batchRecordsMax records and
// batchRecordsBytes of their encodings, and always the last), the older ones encoded in an
// temporary file without a name (scratch: a kill leaves no clear copy) that close removes.
// Nothing goes to the store: a refused batch leaves no trace, and the file is outside the data
// directory.
type batchRecords struct {
	s        *Store
	max      int
	maxBytes int
	mem      map[string]heldRecord
	fifo     []string
	bytes    int
	file     *scratch.File
	end      int64
	at       map[string]fileSpan // records that wait in the file
}

type heldRecord struct {
	rec  *oplog.Record
	size int // bytes of its encoding
}

type fileSpan struct {
	off int64
	n   int
}

func newBatchRecords(s *Store) *batchRecords {
	return &batchRecords{s: s, max: batchRecordsMax, maxBytes: batchRecordsBytes, mem: map[string]heldRecord{}, at: map[string]fileSpan{}}
}

// get returns a record the store holds, as the batch has changed it so far, and the size of
// its encoding. The caller changes it and puts it back.
func (b *batchRecords) get(id string) (*oplog.Record, int, error) {
	if h, ok := b.mem[id]; ok {
		return h.rec, h.size, nil
	}
	if sp, ok := b.at[id]; ok {
		buf := make([]byte, sp.n)
		if _, err := b.file.ReadAt(buf, sp.off); err != nil {
			return nil, 0, fmt.Errorf("read back record %s kept aside for the import's checks: %w", id, err)
		}
		rec, err := oplog.DecodeRecord(buf)
		return rec, sp.n, err
	}
	rec, err := b.s.Get(id)
	if errors.Is(err, ErrNotFound) {
		// Known by its kind alone (index), or created by the batch: start empty.
		return oplog.NewRecord(id), 0, nil
	}
	if err != nil {
		return nil, 0, err
	}
	enc, err := rec.Encode()
	return rec, len(enc), err
}

// touched says whether the batch changed record id (nil: nothing was kept).
func (b *batchRecords) touched(id string) bool {
	if b == nil {
		return false
	}
	_, inMem := b.mem[id]
	_, inFile := b.at[id]
	return inMem || inFile
}

// put keeps a record after a change, moving the oldest to the file beyond the bounds.
func (b *batchRecords) put(id string, rec *oplog.Record, size int) error {
	if h, ok := b.mem[id]; ok {
		b.bytes -= h.size
	} else {
		b.fifo = append(b.fifo, id)
	}
	b.mem[id] = heldRecord{rec, size}
	b.bytes += size
	for len(b.mem) > 1 && (len(b.mem) > b.max || b.bytes > b.maxBytes) {
		old := b.fifo[0]
		b.fifo = b.fifo[1:]
		h, ok := b.mem[old]
		if !ok || old == id {
			if old == id {
				b.fifo = append(b.fifo, id)
			}
			continue
		}
		if err := b.spill(old, h.rec); err != nil {
			return err
		}
		delete(b.mem, old)
		b.bytes -= h.size
	}
	return nil
}

// spill appends a record's encoding to the file; its older copy there is left behind.
func (b *batchRecords) spill(id string, rec *oplog.Record) error {
	if b.file == nil {
		f, err := scratch.Create("dossier-import-*.tmp")
		if err != nil {
			return fmt.Errorf("a temporary file for the import's checks: %w", err)
		}
		b.file = f
	}
	enc, err := rec.Encode()
	if err != nil {
		return err
	}
	if _, err := b.file.WriteAt(enc, b.end); err != nil {
		return fmt.Errorf("keep record %s aside for the import's checks: %w", id, err)
	}
	b.at[id] = fileSpan{b.end, len(enc)}
	b.end += int64(len(enc))
	return nil
}

// close removes the file. Safe to call twice.
func (b *batchRecords) close() {
	if b == nil || b.file == nil {
		return
	}
	b.file.Close()
	b.file = nil
}
