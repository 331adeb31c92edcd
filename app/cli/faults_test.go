package cli_test

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dbListing maps each file of DATA/db to its size.
func dbListing(t *testing.T, data string) map[string]int64 {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(data, "db"))
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

func copyDataDir(t *testing.T, from string) string {
	t.Helper()
	to := t.TempDir()
	err := filepath.WalkDir(from, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		in, err := os.Open(path)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.OpenFile(filepath.Join(to, rel), os.O_CREATE|os.O_WRONLY|os.O_EXCL, info.Mode().Perm())
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return to
}

func lastTable(t *testing.T, l map[string]int64) string {
	t.Helper()
	last := ""
	for name := range l {
		if strings.HasSuffix(name, ".sst") && name > last {
			last = name
		}
	}
	if last == "" {
		t.Fatalf("no table file: %v", l)
	}
	return last
}

// A damaged db/ (MANIFEST cut short or deleted, a table cut short) is refused by every
// command with a message that names the file and says to restore a backup, and no table
// file is deleted or changed. Before this check, Badger deleted every table and `check`
// said OK on an empty store.
func TestDamagedStoreIsRefusedAndNoTableIsDeleted(t *testing.T) {
	base := initDir(t)
	must(t, run(t, base, "", "demo")) // closing writes the memtable to a table file
	l := dbListing(t, base)
	table := lastTable(t, l)
	cases := []struct {
		name   string
		damage func(db string)
		names  string
	}{
		{"MANIFEST truncated", func(db string) { os.Truncate(filepath.Join(db, "MANIFEST"), 10) }, "MANIFEST"},
		{"MANIFEST deleted", func(db string) { os.Remove(filepath.Join(db, "MANIFEST")) }, table},
		{"table truncated", func(db string) { os.Truncate(filepath.Join(db, table), l[table]/2) }, table},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := copyDataDir(t, base)
			c.damage(filepath.Join(d, "db"))
			before := dbListing(t, d)
			for _, args := range [][]string{{"check"}, {"state-hash"}, {"record", "list", "commitment"}} {
				r := run(t, d, "", args...)
				if r.code != 1 {
					t.Fatalf("%v: exit %d, want 1\n%s%s", args, r.code, r.out, r.err)
				}
				for _, w := range []string{"is damaged", c.names, "dossier restore", "has not changed or deleted any file"} {
					if !strings.Contains(r.err, w) {
						t.Errorf("%v: message does not say %q: %s", args, w, r.err)
					}
				}
				for _, leak := range []string{"goroutine", "panic", "badger"} {
					if strings.Contains(r.err, leak) {
						t.Errorf("%v: %q leaked: %s", args, leak, r.err)
					}
				}
			}
			after := dbListing(t, d)
			if len(after) != len(before) {
				t.Fatalf("files changed:\nbefore %v\nafter  %v", before, after)
			}
			for name, size := range before {
				if after[name] != size {
					t.Fatalf("%s changed: %d → %d bytes (before %v, after %v)", name, size, after[name], before, after)
				}
			}
		})
	}
}
