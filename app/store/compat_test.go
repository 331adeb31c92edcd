package store

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// TestCompatStoresOpenAndMigrate: the data directory every release left in testdata/compat
// (scripts/compat-fixtures.sh) opens in today's build, and again after a simulated format
// bump, through the migration: the records are the same, the migration's work is there,
// and the copy taken first is the store as the release wrote it.
func TestCompatStoresOpenAndMigrate(t *testing.T) {
	fixtures, err := filepath.Glob(filepath.Join("..", "..", "testdata", "compat", "*", "expected.json"))
	if err != nil || len(fixtures) == 0 {
		t.Fatalf("no fixtures in testdata/compat (%v): scripts/compat-fixtures.sh writes them", err)
	}
	for _, p := range fixtures {
		var want struct {
			Version   string `json:"version"`
			StateHash string `json:"state_hash"`
			Files     struct {
				DataDir string `json:"data_dir"`
			} `json:"files"`
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &want); err != nil {
			t.Fatal(err)
		}
		src := filepath.Join(filepath.Dir(p), want.Files.DataDir, "db")
		t.Run(want.Version, func(t *testing.T) {
			open := func(dir string) (*Store, string, int) {
				t.Helper()
				s, err := Open(dir, Options{})
				if err != nil {
					t.Fatalf("the store of Dossier %s does not open: %v", want.Version, err)
				}
				h, err := s.StateHash()
				if err != nil {
					t.Fatal(err)
				}
				if problems, err := s.Check(); err != nil || len(problems) > 0 {
					t.Fatalf("check: %v %v", problems, err)
				}
				n := kindIndex(t, s)
				return s, h, n
			}
			today := filepath.Join(t.TempDir(), "db")
			copyTree(t, src, today)
			s, h, _ := open(today)
			s.Close()
			if h != want.StateHash {
				t.Fatalf("state %s, want %s", h, want.StateHash)
			}

			bumped := filepath.Join(t.TempDir(), "db")
			copyTree(t, src, bumped)
			withNextFormat(t, 20, nil)
			s, h, n := open(bumped)
			records := len(s.Query(Query{Kind: "commitment", Limit: MaxLimit}).Items)
			s.Close()
			if h != want.StateHash || n == 0 || n < records {
				t.Fatalf("after the migration: state %s (want %s), %d records indexed", h, want.StateHash, n)
			}
			if f := rawMeta(t, bumped, metaFormat); f != fmt.Sprint(currentFormat) {
				t.Fatalf("format %s", f)
			}
			pristine := filepath.Join(t.TempDir(), "db") // never open the fixture in place: Badger writes
			copyTree(t, src, pristine)
			if cs := copies(t, bumped); len(cs) != 1 || digest(t, cs[0]) != digest(t, pristine) {
				t.Fatalf("the copy taken first is not the release's store: %v", cs)
			}
		})
	}
}

func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.MkdirAll(dst, 0o700); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			continue
		}
		in, err := os.Open(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out, err := os.Create(filepath.Join(dst, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(out, in); err != nil {
			t.Fatal(err)
		}
		in.Close()
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
