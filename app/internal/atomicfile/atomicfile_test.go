package atomicfile

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode/utf8"
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

// A name of up to 255 bytes, the most a file name may have, is written: the temporary file's
// name, which adds a dot, ".tmp-" and random digits to it, is cut to fit as well (it failed
// with "file name too long" from about 240 bytes on).
func TestWriteBytesAtTheLongestName(t *testing.T) {
	for _, name := range []string{
		strings.Repeat("a", 255),
		strings.Repeat("a", 240) + ".dossier",
		strings.Repeat("é", 123) + ".pdf",      // 2 bytes a letter: 250 bytes, cut between two
		strings.Repeat("ქ", 83) + ".csv",       // Georgian, 3 bytes: 253
		"x" + strings.Repeat("🌍", 62) + ".txt", // 4 bytes: 253
	} {
		if len(name) > 255 {
			t.Fatalf("the test's name is %d bytes", len(name))
		}
		dir := t.TempDir()
		if err := WriteBytes(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Errorf("%d bytes: %v", len(name), err)
			continue
		}
		assertOnly(t, dir, name)
	}
}

func TestTempPrefixCutsBetweenCharacters(t *testing.T) {
	for _, base := range []string{strings.Repeat("é", 200), strings.Repeat("ქ", 100), strings.Repeat("🌍", 70), "short"} {
		p := tempPrefix(base)
		if len(p) > tempPrefixMax || !utf8.ValidString(p) || !strings.HasPrefix(base, p) || (len(base) <= tempPrefixMax && p != base) {
			t.Errorf("%q: prefix %q (%d bytes)", base[:8], p, len(p))
		}
	}
}
