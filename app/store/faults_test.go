package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/app/oplog"
)

// listing maps each regular file of dir to its size: what "no file was deleted or changed
// in size" is checked against.
func listing(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, e := range entries {
		if info, err := e.Info(); err == nil && info.Mode().IsRegular() {
			out[e.Name()] = info.Size()
		}
	}
	return out
}

func filesWith(l map[string]int64, suffix string) []string {
	var out []string
	for name := range l {
		if strings.HasSuffix(name, suffix) {
			out = append(out, name)
		}
	}
	slices.Sort(out)
	return out
}

// closedStore writes records in n sessions, each closed (Badger writes its memtable to a
// level-0 table on close), and returns the state hash.
func closedStore(t *testing.T, dir string, sessions int) string {
	t.Helper()
	var hash string
	for i := range sessions {
		s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
		if err != nil {
			t.Fatal(err)
		}
		for j := range 20 {
			create(t, s, "commitment", map[string]any{"title": fmt.Sprintf("Session %d commitment %d", i, j), "status": "agreed"})
		}
		if hash, err = s.StateHash(); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	if len(filesWith(listing(t, dir), ".sst")) < sessions {
		t.Fatalf("the test needs table files: %v", listing(t, dir))
	}
	return hash
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// crashImage copies the files of an open store: what a kill -9 or a power cut leaves.
func crashImage(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	for name := range listing(t, from) {
		if name != "LOCK" {
			copyFile(t, filepath.Join(from, name), filepath.Join(to, name))
		}
	}
	return to
}

func TestDamagedDirectoryIsRefusedAndNoFileIsTouched(t *testing.T) {
	cases := []struct {
		name   string
		damage func(t *testing.T, dir string, l map[string]int64) // l: the listing before
		want   string                                             // in the problem
		files  func(l map[string]int64) []string                  // the files named
	}{
		{"MANIFEST truncated to 10 bytes", func(t *testing.T, dir string, _ map[string]int64) {
			os.Truncate(filepath.Join(dir, "MANIFEST"), 10)
		}, "cut short", func(map[string]int64) []string { return []string{"MANIFEST"} }},
		{"MANIFEST holding only its magic", func(t *testing.T, dir string, _ map[string]int64) {
			os.Truncate(filepath.Join(dir, "MANIFEST"), 8)
		}, "lost entries", func(l map[string]int64) []string { return filesWith(l, ".sst") }},
		{"MANIFEST empty", func(t *testing.T, dir string, _ map[string]int64) {
			os.Truncate(filepath.Join(dir, "MANIFEST"), 0)
		}, "is empty", func(map[string]int64) []string { return []string{"MANIFEST"} }},
		{"MANIFEST overwritten", func(t *testing.T, dir string, l map[string]int64) {
			os.WriteFile(filepath.Join(dir, "MANIFEST"), []byte(strings.Repeat("x", int(l["MANIFEST"]))), 0o600)
		}, "cannot be read", func(map[string]int64) []string { return []string{"MANIFEST"} }},
		{"MANIFEST deleted", func(t *testing.T, dir string, _ map[string]int64) {
			os.Remove(filepath.Join(dir, "MANIFEST"))
		}, "missing", func(map[string]int64) []string { return nil }}, // TestMissingManifestNamesTheDataFiles
		{"table truncated", func(t *testing.T, dir string, l map[string]int64) {
			last := filesWith(l, ".sst")[len(filesWith(l, ".sst"))-1]
			os.Truncate(filepath.Join(dir, last), l[last]/2)
		}, "cut short or damaged", func(l map[string]int64) []string { return filesWith(l, ".sst")[len(filesWith(l, ".sst"))-1:] }},
		{"listed table deleted", func(t *testing.T, dir string, l map[string]int64) {
			os.Remove(filepath.Join(dir, filesWith(l, ".sst")[0]))
		}, "are missing", func(l map[string]int64) []string { return filesWith(l, ".sst")[:1] }},
		{"unlisted table after a clean close", func(t *testing.T, dir string, l map[string]int64) {
			copyFile(t, filepath.Join(dir, filesWith(l, ".sst")[0]), filepath.Join(dir, "000099.sst"))
		}, "lost entries", func(map[string]int64) []string { return []string{"000099.sst"} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			closedStore(t, dir, 2)
			before := listing(t, dir)
			c.damage(t, dir, before)
			damaged := listing(t, dir)
			_, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
			var de *DamagedError
			if !errors.As(err, &de) || !errors.Is(err, ErrDamaged) || !de.Untouched {
				t.Fatalf("want a DamagedError found before opening, got %v", err)
			}
			if !strings.Contains(de.Problem, c.want) {
				t.Errorf("problem %q does not say %q", de.Problem, c.want)
			}
			if want := c.files(before); len(want) > 0 && !slices.Equal(de.Files, want) {
				t.Errorf("names %v, want %v", de.Files, want)
			}
			for _, w := range []string{"restore", "dossier restore FILE", dir} {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("message does not say %q: %s", w, err)
				}
			}
			if after := listing(t, dir); !mapsEqual(after, damaged) {
				t.Fatalf("files changed by a refused open:\nbefore %v\nafter  %v", damaged, after)
			}
		})
	}
}

func mapsEqual(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// A deleted MANIFEST is named with every file that holds data.
func TestMissingManifestNamesTheDataFiles(t *testing.T) {
	dir := t.TempDir()
	closedStore(t, dir, 2)
	l := listing(t, dir)
	os.Remove(filepath.Join(dir, "MANIFEST"))
	_, err := Open(dir, Options{})
	var de *DamagedError
	if !errors.As(err, &de) {
		t.Fatal(err)
	}
	for _, name := range filesWith(l, ".sst") {
		if !slices.Contains(de.Files, name) {
			t.Errorf("%s not named: %v", name, de.Files)
		}
	}
	if !strings.Contains(err.Error(), "MANIFEST file (the list of table files) is missing") {
		t.Error(err)
	}
}

// After a crash a table the MANIFEST does not list is normal (Badger writes a table, then
// records it). Its data is also in the memtable log, so the store opens with everything,
// and the table is set aside, not deleted.
func TestCrashLeftoverTableIsSetAsideAndTheStoreOpens(t *testing.T) {
	live := t.TempDir()
	closedStore(t, live, 1)
	s := openTest(t, live)
	create(t, s, "commitment", map[string]any{"title": "Written after the last close", "status": "agreed"})
	want, _ := s.StateHash()
	img := crashImage(t, live)
	l := listing(t, img)
	if len(filesWith(l, ".mem")) == 0 {
		t.Fatalf("the crash image has no memtable log: %v", l)
	}
	sst := filesWith(l, ".sst")[0]
	copyFile(t, filepath.Join(img, sst), filepath.Join(img, "000099.sst"))

	r, err := Open(img, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := r.StateHash()
	r.Close()
	if got != want {
		t.Fatalf("state after the crash %s, want %s", got, want)
	}
	aside, _ := filepath.Glob(filepath.Join(img, setAsideDir, "*", "000099.sst"))
	if len(aside) != 1 {
		t.Fatalf("the unlisted table was not set aside: %v", aside)
	}
	if _, err := os.Stat(filepath.Join(img, sst)); err != nil {
		t.Fatalf("a listed table is gone: %v", err)
	}
}

// A kill during a compaction, after every memtable was flushed, leaves no memtable log with
// data: Badger's LOCK file, which only a clean close removes, says the session did not close.
// The unlisted table is set aside and the store opens with everything.
func TestKillDuringCompactionLeavesTheLockAndTheStoreOpens(t *testing.T) {
	dir := t.TempDir()
	closedStore(t, dir, 2)
	s := openTest(t, dir)
	want, _ := s.StateHash()
	s.Close()
	l := listing(t, dir)
	if len(filesWith(l, ".mem")) > 0 && l[filesWith(l, ".mem")[0]] > 0 {
		t.Fatalf("a clean close left a memtable log with data: %v", l)
	}
	copyFile(t, filepath.Join(dir, filesWith(l, ".sst")[0]), filepath.Join(dir, "000099.sst"))
	if err := os.WriteFile(filepath.Join(dir, "LOCK"), []byte("4242\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("a kill during a compaction: %v", err)
	}
	got, _ := r.StateHash()
	r.Close()
	if got != want {
		t.Fatalf("state %s, want %s", got, want)
	}
	if aside, _ := filepath.Glob(filepath.Join(dir, setAsideDir, "*", "000099.sst")); len(aside) != 1 {
		t.Fatalf("the unlisted table was not set aside: %v", aside)
	}
}

// Even after a crash, table files with a MANIFEST that lists none are a lost MANIFEST.
func TestCrashImageWithAnEmptiedManifestIsRefused(t *testing.T) {
	live := t.TempDir()
	closedStore(t, live, 1)
	s := openTest(t, live)
	create(t, s, "commitment", map[string]any{"title": "Written after the last close", "status": "agreed"})
	img := crashImage(t, live)
	os.Truncate(filepath.Join(img, "MANIFEST"), 8)
	before := listing(t, img)
	_, err := Open(img, Options{})
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("want damaged, got %v", err)
	}
	if after := listing(t, img); !mapsEqual(before, after) {
		t.Fatalf("files changed:\n%v\n%v", before, after)
	}
}

func TestGuardTurnsAPanicIntoADamagedError(t *testing.T) {
	err := guard(func() error { panic("runtime error: slice bounds out of range [-946059317:]\nmore") })
	err = asDamaged("/data/db", "reading it", err)
	var de *DamagedError
	if !errors.As(err, &de) || de.Detail != "runtime error: slice bounds out of range [-946059317:]" {
		t.Fatalf("%#v", err)
	}
	if de.Untouched || strings.Contains(err.Error(), "has not changed") {
		t.Fatal("a panic after Badger opened must not claim that no file was changed")
	}
	if guard(func() error { return nil }) != nil {
		t.Fatal("guard invented an error")
	}
	plain := errors.New("plain")
	if asDamaged("/d", "x", guard(func() error { return plain })) != plain {
		t.Fatal("an ordinary error must pass unchanged")
	}
}

func TestSpaceReserve(t *testing.T) {
	const mib = 1 << 20
	cases := []struct {
		tables    int64
		unflushed int
		want      int64
	}{
		{0, 0, 18 * mib},                           // 2 memtables + 2 MiB of files
		{10 * mib, 0, 28 * mib},                    // a compaction writes at most what the tables hold
		{100 * mib, 0, 18*mib + 64*mib + 10*mib},   // ... and at most the floor plus a tenth
		{1 << 30, 0, 18*mib + 64*mib + (1<<30)/10}, // a 1 GiB store
		{0, 2, 18*mib + 16*mib},                    // two crash-left memtable logs to flush
	}
	for _, c := range cases {
		if got := spaceReserve(8*mib, c.tables, c.unflushed); got != c.want {
			t.Errorf("spaceReserve(8 MiB, %d, %d) = %d, want %d", c.tables, c.unflushed, got, c.want)
		}
	}
	if got, want := writeNeed([]int{100, 1000}), int64(2*2048+8*1100); got != want {
		t.Errorf("writeNeed = %d, want %d", got, want)
	}
	if writeNeed(nil) != 0 {
		t.Error("an empty batch needs nothing of its own")
	}
}

func TestMiBRoundsUp(t *testing.T) {
	for n, want := range map[int64]string{0: "0.0 MB", -5: "0.0 MB", 1: "0.1 MB", 1 << 20: "1.0 MB",
		18<<20 + 1: "18.1 MB", 18<<20 + 100<<10: "18.1 MB", 18<<20 + 103<<10: "18.2 MB"} {
		if got := MiB(n); got != want {
			t.Errorf("MiB(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestDiskFullMessages(t *testing.T) {
	e := &DiskFullError{Dir: "/d/db", Need: 20 << 20, Free: 5 << 20}
	msg := e.Error()
	for _, w := range []string{"disk is full", "nothing was stored", "20.0 MB", "5.0 MB", "Free at least 15.0 MB", "/d/db"} {
		if !strings.Contains(msg, w) {
			t.Errorf("missing %q: %s", w, msg)
		}
	}
	if !errors.Is(e, ErrDiskFull) {
		t.Error("not ErrDiskFull")
	}
	ro := &DiskFullError{Dir: "/d/db", Need: 20 << 20, Free: 30 << 20, ReadOnly: true}
	if !strings.Contains(ro.Error(), "read-only") || !strings.Contains(ro.Error(), "run the command again") {
		t.Error(ro.Error())
	}
}

// stubFree makes the disk report free bytes for the rest of the test.
func stubFree(t *testing.T, free int64) {
	t.Helper()
	old := diskFree
	diskFree = func(string) (int64, error) { return free, nil }
	t.Cleanup(func() { diskFree = old })
}

func draft(title string) Draft {
	return Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
		Set: map[string]json.RawMessage{"title": js(title), "status": js("agreed")}}
}

func TestSaveAndImportAreRefusedWhenSpaceIsShort(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	create(t, s, "commitment", map[string]any{"title": "Before", "status": "agreed"})
	before, _ := s.StateHash()
	d := draft("Needs space")
	tables, _ := s.db.Size()
	reserve := spaceReserve(s.memtableBytes, tables, 0)
	stubFree(t, reserve) // the reserve alone: the change's own bytes are missing
	_, err := s.Save("", d)
	var df *DiskFullError
	if !errors.As(err, &df) || df.Free != reserve || df.Need <= reserve || df.ReadOnly {
		t.Fatalf("want a disk-full error, got %v", err)
	}
	stubFree(t, df.Need-1)
	if _, err := s.Save("", d); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("one byte short: %v", err)
	}
	// An import of operations written elsewhere is checked the same way.
	other := t.TempDir()
	o, err := Open(other, Options{Author: "FEDCBA9876543210", AuthorName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.Save("", draft("From elsewhere"))
	o.Close()
	if err != nil {
		t.Fatal(err)
	}
	raws := [][]byte{}
	for _, op := range res.Ops {
		raw, _ := oplog.Encode(op)
		raws = append(raws, raw)
	}
	stubFree(t, reserve)
	if _, err := s.Import(res.Ops, raws, "bundle"); !errors.Is(err, ErrDiskFull) {
		t.Fatalf("import: %v", err)
	}
	if after, _ := s.StateHash(); after != before {
		t.Fatal("a refused write changed the state")
	}
	stubFree(t, df.Need)
	if _, err := s.Save("", d); err != nil {
		t.Fatalf("with the space needed: %v", err)
	}
	if _, err := s.Import(res.Ops, raws, "bundle"); err != nil {
		t.Fatalf("import with space: %v", err)
	}
}
