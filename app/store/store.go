// Package store keeps Dossier's data in Badger: the operation log, the records materialised
// from it, the query index, per-record history, and the state hash. Every write that returns
// is on disk; a batch is applied all-or-nothing, even across a crash.
package store

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// Errors the callers tell apart.
var (
	ErrLocked   = errors.New("Dossier is already open on this data directory")
	ErrNotFound = errors.New("no such record")
	ErrNoAuthor = errors.New("this installation has no identity yet: run `dossier init --name NAME` first")
	ErrConflict = errors.New("the change does not fit the record") // e.g. create on an existing id
)

// LockDataDir locks a directory as Badger locks its own (flock; on Windows a LOCK file
// opened without sharing), for work that must not run twice at once on one data directory:
// a restore. A second lock, from any process, is a *LockedError.
func LockDataDir(dir string) (unlock func(), err error) { return lockDir(dir) }

// LockedError names the directory another process holds.
type LockedError struct{ Dir string }

func (e *LockedError) Error() string {
	return fmt.Sprintf("Dossier is already open on this data directory (%s): close the other window or command first", e.Dir)
}
func (e *LockedError) Unwrap() error { return ErrLocked }

// Options configure a store.
type Options struct {
	Author     string           // this installation's key id; empty for read-only use
	AuthorName string           // shown in history
	Now        func() time.Time // clock source; nil for the system clock
	InMemory   bool             // for tests
	// System checks changes of system records (sys_ kinds, e.g. trust statements); nil
	// refuses them. The service installs the trust statement rules here.
	System func(op *oplog.Op) error
}

// Store is one open data directory.
type Store struct {
	db  *badger.DB
	dir string
	opt Options
	hlc *oplog.HLC
	ix  *index
	wmu sync.Mutex // serialises writers
	// unfinished: a pending batch's apply failed after its commit; writes are refused until
	// the next open finishes it (the records on disk hold part of it). Under mu.
	unfinished error
	reload     bool // recovery finished a pending batch: the index is loaded again
	mu         sync.RWMutex
	vv         oplog.VV          // highest sequence held per author
	heads      map[string]string // author -> hash of their last op
	names      map[string]string
	applyN     uint64

	// lastHash is the state hash computed last and the apply counter it was computed at: a
	// brief prints it, a pack prints it on every brief, and it reads every record.
	lastHash struct {
		sync.Mutex
		applyN uint64
		hash   string
	}

	ivReads atomic.Uint64 // intervention records read by InterventionCountries

	readOnly      bool  // opened read-only: the disk was too full (diskspace.go)
	oldSummaries  bool  // summaries of another version are kept on disk, rebuilt in memory only (rebuildSummaries)
	memtableBytes int64 // Badger's memtable size, for the disk-space reserve
}

// DesktopOptions are Badger options sized for a laptop: small memtables and caches keep the
// idle footprint low, and synchronous writes make every reported save durable.
func DesktopOptions(dir string) badger.Options {
	o := badger.DefaultOptions(dir).
		WithLogger(warnLogger{}).
		WithSyncWrites(true).
		WithMemTableSize(memTableSize).
		WithNumMemtables(2).
		WithBlockCacheSize(4 << 20).
		WithIndexCacheSize(4 << 20).
		WithValueLogFileSize(32 << 20).
		WithValueThreshold(4 << 10).
		WithNumLevelZeroTables(4).
		WithNumLevelZeroTablesStall(8).
		WithNumCompactors(2).
		WithBaseTableSize(384 << 10).
		WithDetectConflicts(false)
	o.TableSizeMultiplier = 1 // no With method
	return o
}

// memTableSize is Badger's memtable. A transaction holds at most 15 % of it (maxTxnBytes
// follows), and every table builder Badger keeps pooled grows to hold a whole memtable when
// it flushes one: see docs/storage.md, "Desktop-sized Badger options".
const memTableSize = 2 << 20

// maxTxnBytes keeps a transaction well inside Badger's limit (15 % of the memtable: 307 KiB).
const maxTxnBytes = 256 << 10

// scan iterates keys forward (under prefix, if not nil), reading values as the caller asks
// for them: the one way this package scans, but for its two reverse seeks. Badger's value
// prefetch starts a goroutine and makes a copy for every item it fills; this store's values
// live in the LSM tree (all but the few over the value threshold), where there is nothing to
// fetch ahead, so prefetching cost a third of the CPU of opening a store (docs/performance.md,
// "4 December").
func scan(txn *badger.Txn, prefix []byte) *badger.Iterator {
	return txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
}

type warnLogger struct{}

func (warnLogger) Errorf(f string, a ...any)   { log.Printf("badger: "+f, a...) }
func (warnLogger) Warningf(f string, a ...any) { log.Printf("badger: "+f, a...) }
func (warnLogger) Infof(string, ...any)        {}
func (warnLogger) Debugf(string, ...any)       {}

// Open opens (creating if needed) the store in dir. Before Badger opens it, the files are
// checked (manifest.go): a damaged directory is a *DamagedError and no file is changed.
// When the disk is too full for a read-write open, the store opens read-only: everything
// reads, and every write is a *DiskFullError.
func Open(dir string, opt Options) (*Store, error) {
	bo := DesktopOptions(dir)
	readOnly := false
	if opt.InMemory {
		// No value log in memory: keep every value in the LSM tree, which takes a memtable
		// whose transactions (15 % of it) hold the largest operation (oplog.MaxOpSize).
		bo = bo.WithInMemory(true).WithDir("").WithValueDir("").WithMemTableSize(8 << 20).WithValueThreshold(1 << 20)
	} else {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("create data directory %s: %w", dir, err)
		}
		var err error
		if readOnly, err = prepareDir(dir, bo); err != nil {
			return nil, err
		}
		bo = bo.WithReadOnly(readOnly)
	}
	var db *badger.DB
	err := guard(func() error {
		var err error
		db, err = badger.Open(bo)
		return err
	})
	if err != nil {
		if isLockError(err) {
			return nil, &LockedError{Dir: dir}
		}
		if err = asDamaged(dir, "opening it", err); errors.Is(err, ErrDamaged) {
			return nil, err
		}
		return nil, fmt.Errorf("open store in %s: %w", dir, err)
	}
	err = guard(func() error {
		var err error
		db, err = openFormat(db, dir, bo, readOnly)
		return err
	})
	if err != nil {
		if db != nil {
			db.Close()
		}
		return nil, asDamaged(dir, "reading it", err)
	}
	s := &Store{db: db, dir: dir, opt: opt, hlc: oplog.NewHLC(opt.Now), ix: newIndex(),
		vv: oplog.VV{}, heads: map[string]string{}, names: map[string]string{},
		readOnly: readOnly, memtableBytes: bo.MemTableSize}
	if err := guard(s.load); err != nil {
		db.Close()
		return nil, asDamaged(dir, "reading it", err)
	}
	go s.ix.buildPending()
	if !readOnly && opt.Author != "" && opt.AuthorName != "" && s.names[opt.Author] != opt.AuthorName {
		if err := s.SetName(opt.Author, opt.AuthorName); err != nil {
			db.Close()
			return nil, err
		}
	}
	return s, nil
}

// isLockError says whether Badger's open failed because another process holds the
// directory. Badger words it differently per platform (dir_unix.go: flock on the directory;
// dir_windows.go: CreateFile of LOCK with no sharing), but both say "Another process is
// using this Badger database".
func isLockError(err error) bool {
	m := err.Error()
	return strings.Contains(m, "Another process is using this Badger database") ||
		strings.Contains(m, "directory lock") || strings.Contains(m, "resource temporarily unavailable")
}

// prepareDir readies dir for Badger while holding Badger's directory lock: it removes empty
// memtable logs, checks the files, and says whether the disk is too full to open read-write.
func prepareDir(dir string, bo badger.Options) (readOnly bool, err error) {
	unlock, err := lockDir(dir)
	if err != nil {
		return false, err
	}
	defer unlock()
	if err := removeEmptyMemtables(dir); err != nil {
		return false, err
	}
	u, err := inspectDir(dir, bo)
	if err != nil {
		return false, err
	}
	free, err := diskFree(dir)
	if err != nil || !canOpenReadOnly {
		return false, nil
	}
	need := spaceReserve(bo.MemTableSize, u.tableBytes, u.unflushed)
	if free >= need {
		return false, nil
	}
	if _, err := os.Stat(filepath.Join(dir, badger.ManifestFilename)); errors.Is(err, os.ErrNotExist) {
		// A new store has nothing to read: read-only cannot help, and Badger would say "no
		// manifest found".
		return false, &DiskFullError{Dir: dir, Need: need, Free: free,
			Pending: "a new data directory must write its first files"}
	}
	if u.unflushed > 0 {
		// Badger cannot replay a crashed session's memtable logs read-only.
		return false, &DiskFullError{Dir: dir, Need: need, Free: free, ReadOnly: true,
			Pending: "Dossier was not closed properly last time and must finish writing what it held"}
	}
	return true, nil
}

// removeEmptyMemtables deletes zero-length memtable logs. A process killed between creating a
// memtable file and sizing it leaves one behind, and Badger then refuses to open ("Create a
// new file"). An empty file holds no data, so removing it loses nothing.
func removeEmptyMemtables(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil // a new directory
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".mem") {
			continue
		}
		if info, err := e.Info(); err == nil && info.Size() == 0 {
			if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
				return fmt.Errorf("remove empty memtable %s: %w", e.Name(), err)
			}
		}
	}
	return nil
}

// ReadOnly says the store was opened read-only because the disk was nearly full.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Close flushes and releases the directory.
func (s *Store) Close() error { return s.db.Close() }

// Dir is the data directory.
func (s *Store) Dir() string { return s.dir }

// Author is this installation's key id.
func (s *Store) Author() string { return s.opt.Author }

// load reads heads, names and the index, then finishes or sets aside interrupted batches
// (recovery checks them against what is held, so it comes second).
func (s *Store) load() error {
	if s.readOnly {
		// Finishing an interrupted import writes; read-only, it would show half of it.
		pending, err := s.hasJournals()
		if err != nil {
			return err
		}
		if pending {
			free, _ := diskFree(s.dir)
			tables, _ := s.db.Size()
			return &DiskFullError{Dir: s.dir, Need: spaceReserve(s.memtableBytes, tables, 0), Free: free, ReadOnly: true,
				Pending: "an interrupted import must be finished before the data can be read"}
		}
	}
	if err := s.loadState(); err != nil {
		return err
	}
	if s.readOnly {
		return nil
	}
	if err := s.recoverJournals(); err != nil {
		return fmt.Errorf("finish an interrupted import (free disk space if it is full, then open Dossier again): %w", err)
	}
	if s.reload {
		// The summaries loaded held part of the batch; they are whole now.
		s.ix, s.reload = newIndex(), false
		return s.loadState()
	}
	return nil
}

func (s *Store) loadState() error {
	var stale []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek([]byte{pHead}); it.ValidForPrefix([]byte{pHead}); it.Next() {
			author := string(it.Item().Key()[1:])
			v, err := it.Item().ValueCopy(nil)
			if err != nil || len(v) != 8+32 {
				return fmt.Errorf("corrupt head of %s", author)
			}
			s.vv[author] = binary.BigEndian.Uint64(v)
			s.heads[author] = hex.EncodeToString(v[8:])
		}
		for it.Seek([]byte{pName}); it.ValidForPrefix([]byte{pName}); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return fmt.Errorf("read the name of %s: %w", it.Item().Key()[1:], err)
			}
			s.names[string(it.Item().Key()[1:])] = string(v)
		}
		// Reading from Badger and building the index overlap: one goroutine each. A summary
		// that does not decode (written by another version) is rebuilt from its record below.
		type kv struct{ id, v []byte }
		batches := make(chan []kv, 8)
		indexed := make(chan struct{})
		go func() {
			defer close(indexed)
			strs := map[string]string{}
			for batch := range batches {
				for _, e := range batch {
					sum, err := decodeSummaryLazy(e.v, true, strs)
					if err != nil {
						stale = append(stale, string(e.id))
						continue
					}
					s.ix.mu.Lock()
					s.ix.putLocked(sum, true)
					s.ix.mu.Unlock()
				}
			}
		}()
		var batch []kv
		var rerr error
		if item, err := txn.Get(metaKey("apply")); err == nil {
			// Every record took at least one change: a bound on how many slots to expect,
			// so that the index does not grow by copies (compact trims it after).
			if n, err := u64Value(item, "apply counter"); err == nil {
				s.ix.reserve(int(min(n, 1<<22)))
			}
		}
		for it.Seek([]byte{pSummary}); it.ValidForPrefix([]byte{pSummary}); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				rerr = err
				break
			}
			if batch = append(batch, kv{it.Item().KeyCopy(nil)[1:], v}); len(batch) == 1024 {
				batches <- batch
				batch = nil
			}
		}
		batches <- batch
		close(batches)
		<-indexed
		if rerr != nil {
			return rerr
		}
		s.ix.compact()
		if item, err := txn.Get(metaKey("apply")); err == nil {
			if s.applyN, err = u64Value(item, "apply counter"); err != nil {
				return err
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		if item, err := txn.Get(metaKey("clock")); err == nil {
			c, err := clockValue(item)
			if err != nil {
				return err
			}
			s.hlc.Observe(c) // bounded: a stored stamp far ahead does not drag the clock along
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.rebuildSummaries(stale)
}

// hasJournals says whether a batch is staged or committed but not yet applied.
func (s *Store) hasJournals() (bool, error) {
	found := false
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for _, p := range []byte{pJournal, pStaged, pPending} {
			it.Seek([]byte{p})
			found = found || it.ValidForPrefix([]byte{p})
		}
		return nil
	})
	return found, err
}

// rebuildSummaries derives index summaries again from their records and writes them. When
// the store is read-only, or the disk has no room for them (checkSpace: a rebuild writes
// like a save, and Badger must not meet a full disk in its mapped files), the rest are
// rebuilt in memory only and s.oldSummaries says so: the next open with space writes them.
func (s *Store) rebuildSummaries(ids []string) error {
	update := s.db.Update
	if s.readOnly {
		update = s.db.View
	}
	total := len(ids)
	for len(ids) > 0 {
		if rebuildHook != nil {
			rebuildHook(total-len(ids), total)
		}
		var n int
		var sums []Summary
		err := update(func(txn *badger.Txn) error {
			// Up to 500 summaries, and no more than half a transaction's budget of them.
			var encs [][]byte
			for size := 0; n < min(len(ids), 500) && size < maxTxnBytes/2; n++ {
				rec, err := getRecord(txn, ids[n])
				if err != nil {
					return fmt.Errorf("rebuild the index entry of %s: %w", ids[n], err)
				}
				sum := summarise(rec)
				enc := sum.encode()
				encs, sums = append(encs, enc), append(sums, sum)
				size += len(ids[n]) + len(enc) + 32
			}
			if s.readOnly || s.oldSummaries {
				s.oldSummaries = true
				return nil
			}
			var need int64
			for i, enc := range encs {
				need += 2 * int64(len(ids[i])+len(enc)+32) // the memtable log, then its level-0 table
			}
			if s.checkSpace(need) != nil {
				s.oldSummaries = true
				return nil
			}
			for i, enc := range encs {
				if err := txn.Set(summaryKey(ids[i]), enc); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, sum := range sums {
			s.ix.put(sum)
		}
		ids = ids[n:]
	}
	return nil
}

// rebuildHook, when set (by a test), runs before each transaction of a rebuild with how
// many of the summaries are done and how many there are: the kill test times its SIGKILL by it.
var rebuildHook func(done, total int)

// VV returns the version vector of everything held.
func (s *Store) VV() oplog.VV {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.vv.Clone()
}

// Name returns an author's display name, or the key id when unknown.
func (s *Store) Name(author string) string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if n := s.names[author]; n != "" {
		return n
	}
	return author
}

// SetName records an author's display name (learned from identity cards).
func (s *Store) SetName(author, name string) error {
	if s.readOnly {
		return s.checkSpace(0)
	}
	err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(nameKey(author), []byte(name)) })
	if err == nil {
		s.mu.Lock()
		s.names[author] = name
		s.mu.Unlock()
	}
	return err
}

// view is db.View with a panic or a memory fault inside Badger returned as a DamagedError.
func (s *Store) view(fn func(txn *badger.Txn) error) error {
	return asDamaged(s.dir, "reading it", guard(func() error { return s.db.View(fn) }))
}

// Get returns a materialised record.
func (s *Store) Get(id string) (*oplog.Record, error) {
	var rec *oplog.Record
	err := s.view(func(txn *badger.Txn) error {
		var err error
		rec, err = getRecord(txn, id)
		return err
	})
	return rec, err
}

func getRecord(txn *badger.Txn, id string) (*oplog.Record, error) {
	item, err := txn.Get(recordKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	if err != nil {
		return nil, err
	}
	var rec *oplog.Record
	err = item.Value(func(v []byte) error {
		rec, err = readRecord(txn, id, v)
		return err
	})
	return rec, err
}

// Summary returns the index summary of a record.
func (s *Store) Summary(id string) (Summary, bool) { return s.ix.get(id) }

// ListDate is the date a record's list row shows, the one its list sorts and filters by:
// its own (due, start), or an intervention's meeting's start (none when the meeting is
// deleted). One rule for the row and the query (index.listDate).
func (s *Store) ListDate(id string) string { return s.ix.listDateOf(id) }

// FrameworkItemExists says whether a live framework record defines the item code.
func (s *Store) FrameworkItemExists(code string) bool { return s.ix.hasFrameworkItem(code) }

// Query lists records from the index. With a country, interventions are those that concern
// it by the country page's rule, which reads them (concerning).
func (s *Store) Query(q Query) Page { return s.ix.run(q, nil, s.concerning(q)) }

// Each calls fn with every record q matches, in no order; q's sort, offset and limit do not
// apply. For totals over all matches (the dashboard's charts): a page of every match sorted
// by title cost far more than the totals, and a page stops at MaxLimit. fn runs under the
// index's read lock and must not call the store.
func (s *Store) Each(q Query, fn func(Summary)) { s.ix.run(q, fn, s.concerning(q)) }

// Op returns an operation by author and sequence, with its canonical bytes.
func (s *Store) Op(author string, seq uint64) (*oplog.Op, []byte, error) {
	var op *oplog.Op
	var raw []byte
	err := s.view(func(txn *badger.Txn) (err error) {
		op, raw, err = loggedOp(txn, author, seq)
		return err
	})
	return op, raw, err
}

// Ops calls fn with every operation of an author from seq `from` to `to` inclusive, in order.
func (s *Store) Ops(author string, from, to uint64, fn func(op *oplog.Op, raw []byte) error) error {
	return s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		prefix := key(pOp, []byte(author))
		for it.Seek(opKey(author, from)); it.ValidForPrefix(prefix); it.Next() {
			k := it.Item().Key()
			seq := binary.BigEndian.Uint64(k[len(k)-8:])
			if seq > to {
				break
			}
			raw, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			op, err := oplog.Decode(raw)
			if err != nil {
				return fmt.Errorf("stored operation %d of %s: %w", seq, author, err)
			}
			if err := fn(op, raw); err != nil {
				return err
			}
		}
		return nil
	})
}

// StateHash is the SHA-256 over every materialised record in id order: replicas that hold the
// same operations print the same hash.
func (s *Store) StateHash() (string, error) {
	s.mu.RLock()
	applyN := s.applyN
	s.mu.RUnlock()
	s.lastHash.Lock()
	defer s.lastHash.Unlock()
	// Every change applied moves the counter, and it is read before the records: a hash
	// computed while a batch lands is kept under the counter before it, and so made again.
	if s.lastHash.hash != "" && s.lastHash.applyN == applyN {
		return s.lastHash.hash, nil
	}
	hash, err := s.stateHash()
	if err == nil {
		s.lastHash.applyN, s.lastHash.hash = applyN, hash
	}
	return hash, err
}

// forgetStateHash: records were written back without a change applied (a batch set aside).
func (s *Store) forgetStateHash() {
	s.lastHash.Lock()
	s.lastHash.hash = ""
	s.lastHash.Unlock()
}

func (s *Store) stateHash() (string, error) {
	h := sha256.New()
	err := s.view(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek([]byte{pRecord}); it.ValidForPrefix([]byte{pRecord}); it.Next() {
			k := it.Item().Key()
			var n [8]byte
			binary.BigEndian.PutUint64(n[:], uint64(len(k)))
			h.Write(n[:])
			h.Write(k)
			if err := it.Item().Value(func(v []byte) error {
				if len(v) > 0 && v[0] == recordByOp { // the hash is of the record, however stored
					rec, err := readRecord(txn, string(k[1:]), v)
					if err != nil {
						return err
					}
					if v, err = rec.Encode(); err != nil {
						return err
					}
				}
				binary.BigEndian.PutUint64(n[:], uint64(len(v)))
				h.Write(n[:])
				h.Write(v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

// Counts returns how many operations and live records the store holds.
func (s *Store) Counts() (ops uint64, authors int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for _, n := range s.vv {
		ops += n
	}
	return ops, len(s.vv)
}

func headValue(seq uint64, hash string) []byte {
	raw, _ := hex.DecodeString(hash)
	return append(u64(seq), raw...)
}
