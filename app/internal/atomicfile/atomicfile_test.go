package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestWriteBytes(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f")
	if err := WriteBytes(p, []byte("one"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(p, []byte("two"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(p); string(got) != "two" {
		t.Errorf("content %q, want the replacement", got)
	}
	if info, _ := os.Stat(p); runtime.GOOS != "windows" && info.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want the requested one regardless of umask", info.Mode())
	}
	assertOnly(t, dir, "f")
}

func TestWriteBytesCleansUpOnFailure(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "taken")
	if err := os.MkdirAll(filepath.Join(target, "child"), 0o700); err != nil {
		t.Fatal(err)
	}
	// Renaming a file over a non-empty directory fails after the temp file was written.
	if err := WriteBytes(target, []byte("x"), 0o600); err == nil {
		t.Fatal("rename over a directory succeeded")
	}
	assertOnly(t, dir, "taken")

	if err := WriteBytes(filepath.Join(dir, "missing", "f"), []byte("x"), 0o600); err == nil {
		t.Fatal("write into a missing directory succeeded")
	}
	assertOnly(t, dir, "taken")
}

// assertOnly fails if dir holds anything but names (e.g. a leftover temp file).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("unexpected %s left in %s", e.Name(), dir)
		}
	}
	if len(entries) != len(names) {
		t.Errorf("%s holds %d entries, want %d", dir, len(entries), len(names))
	}
}
