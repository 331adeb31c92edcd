package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/ristretto/v2/z"
)

// Badger trusts its MANIFEST (the list of table files and their levels) and, at open,
// deletes every table file the MANIFEST does not list. A MANIFEST that is lost or cut short
// would so empty the store without a word. It also panics, in a goroutine of its own where
// nothing can recover, on a table file that is cut short. So before Badger opens a
// directory, inspectDir reads the MANIFEST with Badger's own decoder
// (badger.ReplayManifestFile), compares it with the files present, and opens every listed
// table once under guard. Rules (docs/storage.md, "Storage faults"):
//
//   - data files (a table, a value log or memtable log holding entries) but no MANIFEST, or
//     one that is empty or does not decode: refused;
//   - a table the MANIFEST lists is missing, empty or does not open: refused;
//   - a table the MANIFEST does not list: normal only after a crash (Badger writes a new
//     table, then records it; a kill between the two leaves it unlisted, and its data is
//     still in the memtable log or in the tables it was compacted from). So it is accepted
//     only when the last session did not close (a memtable log with data, or Badger's LOCK
//     file, is present) and
//     the MANIFEST lists at least one table; it is then moved to db/set-aside/, never
//     deleted. After a clean close it means the MANIFEST lost entries: refused;
//   - a MANIFEST whose last entry is cut short: normal only after a power cut during its
//     append, so accepted only when the last session did not close.

// setAsideDir is where unlisted tables from an interrupted flush or compaction are kept.
// Badger ignores directories inside its own.
const setAsideDir = "set-aside"

// dirUsage is what inspectDir learned about the files, for the disk-space reserve.
type dirUsage struct {
	tableBytes int64 // the table files' sizes
	unflushed  int   // memtable logs with data: a crash left them, Badger flushes them at open
}

// vlogHeaderBytes is the header of a value log file; a file no longer holds no entries.
const vlogHeaderBytes = 20

func inspectDir(dir string, bo badger.Options) (dirUsage, error) {
	var u dirUsage
	entries, err := os.ReadDir(dir)
	if err != nil {
		return u, fmt.Errorf("read data directory %s: %w", dir, err)
	}
	tables := map[uint64]string{}
	var data []string // files that hold entries
	for _, e := range entries {
		name := e.Name()
		info, err := e.Info()
		if err != nil || !info.Mode().IsRegular() {
			continue
		}
		switch {
		case strings.HasSuffix(name, ".sst"):
			if id, ok := table.ParseFileID(name); ok {
				tables[id] = name
				u.tableBytes += info.Size()
				data = append(data, name)
			}
		case strings.HasSuffix(name, ".vlog") && info.Size() > vlogHeaderBytes:
			data = append(data, name)
		case strings.HasSuffix(name, ".mem") && info.Size() > 0:
			u.unflushed++
			data = append(data, name)
		}
	}
	slices.Sort(data)
	mf, err := readManifest(dir, bo)
	if errors.Is(err, fs.ErrNotExist) {
		if len(data) == 0 {
			return u, nil // a new store
		}
		return u, &DamagedError{Dir: dir, Untouched: true, Files: data,
			Problem: "its MANIFEST file (the list of table files) is missing, but files that hold data are present"}
	}
	if err != nil {
		return u, err
	}
	// The last session did not close: a memtable log still holds data, or Badger's LOCK file
	// is left (Badger removes it at a clean close; a kill leaves it, though a power cut may
	// lose it). A kill during a compaction, when every memtable was flushed, leaves only the
	// LOCK file to say so.
	_, lockErr := os.Stat(filepath.Join(dir, "LOCK"))
	unclean := u.unflushed > 0 || lockErr == nil
	var missing, unlisted []string
	for id := range mf.Tables {
		if _, ok := tables[id]; !ok {
			missing = append(missing, table.IDToFilename(id))
		}
	}
	for id, name := range tables {
		if _, ok := mf.Tables[id]; !ok {
			unlisted = append(unlisted, name)
		}
	}
	slices.Sort(missing)
	slices.Sort(unlisted)
	switch {
	case len(missing) > 0:
		return u, &DamagedError{Dir: dir, Untouched: true, Files: missing,
			Problem: "table files that its MANIFEST lists are missing"}
	case mf.torn && !unclean:
		return u, &DamagedError{Dir: dir, Untouched: true, Files: []string{badger.ManifestFilename},
			Problem: "its MANIFEST file (the list of table files) is cut short, though Dossier was closed properly"}
	case len(unlisted) > 0 && (len(mf.Tables) == 0 || !unclean):
		return u, &DamagedError{Dir: dir, Untouched: true, Files: unlisted,
			Problem: "its MANIFEST file (the list of table files) has lost entries: table files are present that it does not list"}
	}
	if err := checkTables(dir, bo, mf.Tables, tables); err != nil {
		return u, err
	}
	if len(unlisted) > 0 {
		if err := setAside(dir, unlisted); err != nil {
			return u, err
		}
		for _, name := range unlisted {
			info, err := os.Stat(filepath.Join(dir, setAsideDir, name))
			if err == nil {
				u.tableBytes -= info.Size()
			}
		}
	}
	return u, nil
}

// manifest is the part of Badger's MANIFEST the checks use.
type manifest struct {
	Tables map[uint64]badger.TableManifest
	torn   bool // the last entry is incomplete (Badger drops it at a read-write open)
}

// readManifest decodes dir's MANIFEST with Badger's own decoder. A missing file is
// fs.ErrNotExist; a file that does not decode is a DamagedError.
func readManifest(dir string, bo badger.Options) (*manifest, error) {
	path := filepath.Join(dir, badger.ManifestFilename)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	bad := func(problem string, detail error) error {
		de := &DamagedError{Dir: dir, Untouched: true, Files: []string{badger.ManifestFilename}, Problem: problem}
		if detail != nil {
			de.Detail = detail.Error()
		}
		return de
	}
	if info.Size() == 0 {
		return nil, bad("its MANIFEST file (the list of table files) is empty", nil)
	}
	var m badger.Manifest
	var end int64
	// ReplayManifestFile logs through bo's logger and may panic on input it does not expect.
	err = guard(func() error {
		var err error
		m, end, err = badger.ReplayManifestFile(f, bo.ExternalMagicVersion, bo)
		return err
	})
	if err != nil {
		return nil, bad("its MANIFEST file (the list of table files) is cut short or damaged and cannot be read", err)
	}
	return &manifest{Tables: m.Tables, torn: end < info.Size()}, nil
}

// checkTables opens every listed table the way Badger will (table.OpenTable: the index,
// the first and the last key), three at a time as Badger does, each under guard, and
// closes it again without Badger's DecrRef (which would delete the file).
func checkTables(dir string, bo badger.Options, listed map[uint64]badger.TableManifest, present map[uint64]string) error {
	type job struct {
		name string
		tm   badger.TableManifest
	}
	jobs := make(chan job)
	var mu sync.Mutex
	var bad []string
	var detail string
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				if err := checkTable(filepath.Join(dir, j.name), bo, j.tm); err != nil {
					mu.Lock()
					bad = append(bad, j.name)
					if detail == "" {
						detail = err.Error()
					}
					mu.Unlock()
				}
			}
		}()
	}
	for id, tm := range listed {
		jobs <- job{present[id], tm}
	}
	close(jobs)
	wg.Wait()
	if len(bad) == 0 {
		return nil
	}
	slices.Sort(bad)
	return &DamagedError{Dir: dir, Untouched: true, Files: bad, Detail: detail,
		Problem: "table files are cut short or damaged and cannot be read"}
}

func checkTable(path string, bo badger.Options, tm badger.TableManifest) error {
	if tm.KeyID != 0 {
		return nil // an encrypted table: Dossier does not encrypt, and has no key to check it with
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if info.Size() == 0 {
		return errors.New("empty table file")
	}
	mf, err := z.OpenMmapFile(path, os.O_RDONLY, 0)
	if err != nil {
		return err
	}
	topt := table.Options{
		ReadOnly:           true,
		TableSize:          uint64(bo.BaseTableSize),
		BlockSize:          bo.BlockSize,
		BloomFalsePositive: bo.BloomFalsePositive,
		ChkMode:            options.NoVerification,
		Compression:        tm.Compression,
	}
	// OpenTable closes the file itself only on failures before it reads the table (stat,
	// file name, checksum), which cannot happen here: the file was just opened and stat'ed,
	// its name parsed, and checksums are not verified. So every failure below leaves the
	// mapping to close, and a success hands it back inside the table.
	err = guard(func() error {
		t, err := table.OpenTable(mf, topt)
		if err == nil {
			mf = t.MmapFile
		}
		return err
	})
	_ = z.Munmap(mf.Data)
	_ = mf.Fd.Close()
	return err
}

// setAside moves unlisted tables out of Badger's reach, into db/set-aside/<time>/.
func setAside(dir string, names []string) error {
	to := filepath.Join(dir, setAsideDir, time.Now().UTC().Format("20060102T150405.000000000Z"))
	if err := os.MkdirAll(to, 0o700); err != nil {
		return fmt.Errorf("set aside unlisted tables: %w", err)
	}
	for _, name := range names {
		if err := os.Rename(filepath.Join(dir, name), filepath.Join(to, name)); err != nil {
			return fmt.Errorf("set aside unlisted table %s: %w", name, err)
		}
	}
	log.Printf("dossier: the last session did not close; %d table file(s) it had not yet recorded (%s) were moved to %s. Their data is also held elsewhere; the folder can be deleted once `dossier check` passes.",
		len(names), listFiles(names), to)
	return nil
}
