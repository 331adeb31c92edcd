package store

import "errors"

// Badger writes its memtable logs, value logs and new tables through memory-mapped files
// that it sizes with truncate, so their blocks are allocated only when written. On a full
// disk such a write is not an error but SIGBUS, which kills the process. So every write is
// checked first against the free space, with a reserve for what Badger writes on its own
// (docs/storage.md, "Storage faults"), and a store whose disk is too full to open read-write
// is opened read-only: reading writes nothing.

// Reserve terms, in bytes.
const (
	// fileSlack covers the files Badger creates or grows on its own besides tables and
	// memtable logs: a new value log and memtable log header (a page each), DISCARD
	// (1 MiB, mapped), a MANIFEST rewrite, the LOCK file.
	fileSlack = 2 << 20
	// compactionFloor and compactionShare bound what one compaction writes before it
	// deletes its input: level 0 to 1 merges up to 8 level-0 tables (8 MiB each, one
	// memtable) with level 1 (about 10 MiB); a deeper compaction merges one table with the
	// tenth of the next level its key range overlaps. A compaction never writes more than
	// it reads, so never more than the tables hold.
	compactionFloor = 64 << 20
	compactionShare = 10
	// Per operation of a batch: it is stored once (twice when a large batch is staged
	// first), its record and index summary are rewritten, and apply, history, head and
	// counter entries are added, each with Badger's own key and header bytes; the memtable
	// log and the level-0 table then hold all of it once more until the log is deleted.
	opBytesFactor   = 8
	opBytesOverhead = 2 << 10
)

// spaceReserve is the free space Badger may use on its own, beyond a write's bytes, for a
// store whose memtables are memtable bytes, whose tables hold tables bytes, and with
// unflushed memtable logs left by a crash.
func spaceReserve(memtable, tables int64, unflushed int) int64 {
	r := 2 * memtable // the memtable log filling up, then the level-0 table its flush writes
	r += int64(unflushed) * memtable
	r += fileSlack
	r += min(tables, compactionFloor+tables/compactionShare)
	return r
}

// writeNeed estimates the bytes a batch of operations adds to the disk, from their sizes.
func writeNeed(opSizes []int) int64 {
	var n int64
	for _, sz := range opSizes {
		n += opBytesOverhead + opBytesFactor*int64(sz)
	}
	return n
}

// batchNeed is writeNeed for the batch applyBatch is given.
func batchNeed(ps []pending) int64 {
	sizes := make([]int, len(ps))
	for i, p := range ps {
		sizes[i] = len(p.raw)
	}
	return writeNeed(sizes)
}

// diskFree is the free space function; tests replace it.
var diskFree = freeBytes

// checkSpace refuses a write that needs need bytes when the disk holding the store lacks
// them plus the reserve, and every write to a store opened read-only for lack of space.
// When the free space cannot be read, the write goes ahead: the check must not stop a
// working store on a system that does not report it.
func (s *Store) checkSpace(need int64) error {
	if s.opt.InMemory {
		return nil
	}
	free, err := diskFree(s.dir)
	if err != nil {
		if s.readOnly {
			return &DiskFullError{Dir: s.dir, Need: need, ReadOnly: true}
		}
		return nil
	}
	tables, _ := s.db.Size()
	want := need + spaceReserve(s.memtableBytes, tables, 0)
	if s.readOnly || free < want {
		return &DiskFullError{Dir: s.dir, Need: want, Free: free, ReadOnly: s.readOnly}
	}
	return nil
}

// RoomFor refuses, as a *DiskFullError, bytes about to be written beside the store (an
// attachment a bundle carries) that would take its disk below the room Badger needs for what
// it writes on its own: such a file, kept, left every later save refused and Badger's own
// next flush or compaction facing a full disk.
// What names the write ("keeping a file of 6.0 MB that the bundle carries").
func (s *Store) RoomFor(bytes int64, what string) error {
	err := s.checkSpace(bytes)
	var full *DiskFullError
	if errors.As(err, &full) && !full.ReadOnly {
		full.Pending = what
	}
	return err
}
