package service

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// Copies made more than a day before a new one are removed; younger ones (a file perhaps
// still open in its application) are kept, and the new one gets its own directory.
func TestOpenCopiesCleanedAfterADay(t *testing.T) {
	root := filepath.Join(t.TempDir(), "dossier-open-test")
	now := time.Now() // the copies are dated relative to it below (os.Chtimes)
	first, err := openCopyDir(root, now)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(first, "old.pdf"), []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	second, err := openCopyDir(root, now)
	if err != nil || second == first || filepath.Dir(second) != root {
		t.Fatalf("second copy in %q (first %q): %v", second, first, err)
	}
	if err := os.WriteFile(filepath.Join(second, "recent.pdf"), []byte("recent"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(first, now.Add(-25*time.Hour), now.Add(-25*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(second, now.Add(-23*time.Hour), now.Add(-23*time.Hour)); err != nil {
		t.Fatal(err)
	}
	third, err := openCopyDir(root, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(first); !os.IsNotExist(err) {
		t.Errorf("the copy of 25 hours before is still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(second, "recent.pdf")); err != nil {
		t.Errorf("the copy of 23 hours before was removed: %v", err)
	}
	if fi, err := os.Stat(third); err != nil || !fi.IsDir() {
		t.Errorf("the new copy's directory: %v", err)
	}
	if fi, err := os.Stat(root); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("the root is not private: %v %v", fi.Mode(), err)
	}
}

// A root that is not this user's private directory (another user's, a link, open to others)
// is refused rather than written into.
func TestOpenCopyRootNotPrivate(t *testing.T) {
	dir := t.TempDir()
	open := filepath.Join(dir, "open")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{open, link} {
		if got, err := openCopyDir(root, time.Now()); err == nil {
			t.Errorf("%s: a copy was made in %s", root, got)
		}
	}
}
