package store

// The store format (docs/storage.md, "Store format and migrations"): a number in the meta
// key "format", read right after Badger opens and before Dossier reads or writes anything
// else. A newer format is refused; an older one is migrated, journaled, after a copy of the
// whole directory is taken.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/internal/atomicfile"
	"dossier/app/version"
)

// Meta keys of the format.
const (
	metaFormat    = "format"    // the store format, decimal
	metaMadeBy    = "made_by"   // the Dossier version that last opened the store for writing
	metaMigrating = "migrating" // a migration in progress (migrationJournal, JSON)
)

// currentFormat is the store format this build reads and writes. Tests change it, with
// migrations, to simulate the next format.
var currentFormat = version.StoreFormat

// Migration brings a store from format From to From+1. Step is called again and again, each
// time in a transaction of its own, with the cursor the previous call returned (nil at
// first); it does a bounded amount of work (well under maxTxnBytes of writes) and returns
// where to continue, or done. The framework commits the step's writes with the new cursor,
// so a crash between steps resumes after the last committed one, and a step that runs again
// after a crash inside it finds none of its writes: steps need not be idempotent.
type Migration struct {
	From int
	What string // what it changes, for the log
	Step func(txn *badger.Txn, cursor []byte) (next []byte, done bool, err error)
}

// migrations, by From. Format 1 is the first format; the list is empty until format 2.
var migrations []Migration

// migrationJournal is the meta key "migrating": where a migration stands.
type migrationJournal struct {
	Format int    `json:"format"` // the format being migrated from (step From)
	Target int    `json:"target"` // the format the migration ends at
	Cursor []byte `json:"cursor"` // where the current step continues
	Backup string `json:"backup"` // the copy taken before the first step
	By     string `json:"by"`     // the Dossier version migrating
}

// ErrNewer is matched by the refusal of data written by a newer Dossier in a format this
// one does not read.
var ErrNewer = errors.New("made by a newer Dossier")

// NewerFormatError refuses a store at a format newer than this build's.
type NewerFormatError struct {
	Dir    string
	Format int
	MadeBy string // the version that last wrote it, if it says
}

func (e *NewerFormatError) Error() string {
	return fmt.Sprintf("the data in %s was %s (this Dossier reads store format %d); nothing was changed", e.Dir, version.NewerMessage(e.MadeBy, e.Format), currentFormat)
}
func (e *NewerFormatError) Unwrap() error { return ErrNewer }

// storeFormat is what the meta keys say.
type storeFormat struct {
	format  int // 0: no format key
	madeBy  string
	journal *migrationJournal
	empty   bool // no key at all: a new store
}

func readFormat(db *badger.DB) (storeFormat, error) {
	var f storeFormat
	err := db.View(func(txn *badger.Txn) error {
		get := func(name string) ([]byte, error) {
			item, err := txn.Get(metaKey(name))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			return item.ValueCopy(nil)
		}
		v, err := get(metaFormat)
		if err != nil {
			return err
		}
		if v != nil {
			if f.format, err = strconv.Atoi(string(v)); err != nil || f.format < 1 {
				return fmt.Errorf("the stored format %q is damaged: run `dossier check`, or restore a backup", v)
			}
		}
		if v, err = get(metaMadeBy); err != nil {
			return err
		}
		if version.MadeByRE.Match(v) {
			f.madeBy = string(v)
		}
		if v, err = get(metaMigrating); err != nil {
			return err
		}
		if v != nil {
			f.journal = &migrationJournal{}
			if err := json.Unmarshal(v, f.journal); err != nil {
				return fmt.Errorf("the record of an interrupted upgrade is damaged (%v): restore the copy taken before it (a db-format-… folder beside the data), or a backup", err)
			}
		}
		it := scan(txn, nil)
		defer it.Close()
		it.Rewind()
		f.empty = !it.Valid()
		return nil
	})
	if f.format == 0 && !f.empty {
		f.format = 1 // written before stores recorded a format: format 1 is that layout
	}
	return f, err
}

// setFormat records the format and this build as the store's writer.
func setFormat(txn *badger.Txn, format int) error {
	if err := txn.Set(metaKey(metaFormat), []byte(strconv.Itoa(format))); err != nil {
		return err
	}
	return txn.Set(metaKey(metaMadeBy), []byte(version.MadeBy()))
}

// openFormat checks the store's format once Badger has opened dir, before anything else
// reads or writes it: a new store is stamped with this build's format, a newer one is
// refused, and an older one (or one whose upgrade was interrupted) is migrated. It returns
// the database to go on with: the same, or, when a copy had to be taken first, a new one.
func openFormat(db *badger.DB, dir string, bo badger.Options, readOnly bool) (*badger.DB, error) {
	f, err := readFormat(db)
	if err != nil {
		return db, err
	}
	switch {
	case f.format > currentFormat:
		return db, &NewerFormatError{Dir: dir, Format: f.format, MadeBy: f.madeBy}
	case readOnly && !f.empty && (f.format < currentFormat || f.journal != nil):
		free, _ := diskFree(dir)
		return db, &DiskFullError{Dir: dir, Need: spaceReserve(bo.MemTableSize, 0, 0), Free: free, ReadOnly: true,
			Pending: fmt.Sprintf("the data must be upgraded from store format %d to %d for this version of Dossier", f.format, currentFormat)}
	case readOnly:
		return db, nil // nothing to upgrade; a new store is stamped at its first read-write open
	case f.empty:
		return db, db.Update(func(txn *badger.Txn) error { return setFormat(txn, currentFormat) })
	case f.format == currentFormat && f.journal == nil:
		if f.madeBy == version.MadeBy() {
			return db, nil
		}
		return db, db.Update(func(txn *badger.Txn) error { return setFormat(txn, currentFormat) })
	}
	j := f.journal
	if j == nil {
		// The copy is taken with Badger closed, so that it is exactly the files an older
		// Dossier can open again.
		if err := db.Close(); err != nil {
			return nil, err
		}
		backup, err := copyStore(dir, f.format, bo.MemTableSize)
		if err != nil {
			return nil, err
		}
		if db, err = badger.Open(bo); err != nil {
			return nil, fmt.Errorf("open store in %s after copying it: %w", dir, err)
		}
		j = &migrationJournal{Format: f.format, Target: currentFormat, Backup: backup, By: version.MadeBy()}
		if err := db.Update(func(txn *badger.Txn) error { return putJournal(txn, j) }); err != nil {
			return db, err
		}
	}
	if j.Target != currentFormat && j.Target > currentFormat {
		return db, fmt.Errorf("an upgrade of %s to store format %d by Dossier %s was interrupted; open it with that version (or a newer one) to finish it, or restore the copy taken before it: %s", dir, j.Target, j.By, j.Backup)
	}
	return db, migrate(db, dir, j)
}

func putJournal(txn *badger.Txn, j *migrationJournal) error {
	v, err := json.Marshal(j)
	if err != nil {
		return err
	}
	return txn.Set(metaKey(metaMigrating), v)
}

// migrate runs the steps of every migration from j.Format up to currentFormat, each step
// committed with the journal's new cursor, and the last with the new format.
func migrate(db *badger.DB, dir string, j *migrationJournal) error {
	from := j.Format
	for j.Format < currentFormat {
		m := findMigration(j.Format)
		if m == nil {
			return fmt.Errorf("this Dossier cannot upgrade store format %d (no migration from it): restore the copy taken before the upgrade (%s) and use the Dossier version that wrote it", j.Format, j.Backup)
		}
		for done := false; !done; {
			err := db.Update(func(txn *badger.Txn) error {
				next, fin, err := m.Step(txn, j.Cursor)
				if err != nil {
					return err
				}
				nj := *j
				nj.Cursor = next
				if fin {
					nj.Format, nj.Cursor = m.From+1, nil
				}
				if nj.Format == currentFormat {
					if err := txn.Delete(metaKey(metaMigrating)); err != nil {
						return err
					}
					if err := setFormat(txn, currentFormat); err != nil {
						return err
					}
				} else if err := putJournal(txn, &nj); err != nil {
					return err
				}
				*j, done = nj, fin
				return nil
			})
			if err != nil {
				return fmt.Errorf("upgrade the data in %s from store format %d to %d (%s): %w; open Dossier again to continue it, or restore the copy taken before it: %s",
					dir, m.From, m.From+1, m.What, err, j.Backup)
			}
		}
	}
	log.Printf("dossier: the data in %s was upgraded from store format %d to %d; the copy taken before is %s (it can be deleted once you are content with this version)", dir, from, currentFormat, j.Backup)
	return nil
}

func findMigration(from int) *Migration {
	for i := range migrations {
		if migrations[i].From == from {
			return &migrations[i]
		}
	}
	return nil
}

// copyStore copies the closed store's files into a new directory beside it,
// "<dir>-format-N-<time>", and returns its path. It is written under a temporary name and
// renamed once every file is on disk, so a copy that exists is complete. The data
// directory is locked meanwhile, as Badger locks it.
func copyStore(dir string, format int, memtable int64) (string, error) {
	unlock, err := lockDir(dir)
	if err != nil {
		return "", err
	}
	defer unlock()
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	var files []string
	var size int64
	for _, e := range entries {
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() || e.Name() == "LOCK" {
			continue // set-aside tables and the lock file are not the store
		}
		files = append(files, e.Name())
		size += info.Size()
	}
	// The copy, then what Badger may write during the migration.
	need := size + spaceReserve(memtable, size, 0)
	if free, err := diskFree(dir); err == nil && free < need {
		return "", &DiskFullError{Dir: dir, Need: need, Free: free,
			Pending: "upgrading the data to this version of Dossier first copies it, as a way back"}
	}
	final := fmt.Sprintf("%s-format-%d-%s", dir, format, time.Now().UTC().Format("20060102T150405Z"))
	tmp := final + ".partial"
	if err := os.RemoveAll(tmp); err != nil {
		return "", err
	}
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return "", fmt.Errorf("copy the data before upgrading it: %w", err)
	}
	for _, name := range files {
		if err := copyStoreFile(filepath.Join(dir, name), filepath.Join(tmp, name)); err != nil {
			return "", fmt.Errorf("copy the data before upgrading it (%s): %w", name, err)
		}
	}
	if err := atomicfile.SyncDir(tmp); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, final); err != nil {
		return "", fmt.Errorf("copy the data before upgrading it: %w", err)
	}
	return final, atomicfile.SyncDir(filepath.Dir(final))
}

func copyStoreFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
