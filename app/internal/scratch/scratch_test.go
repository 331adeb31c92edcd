package scratch

import (
	"io"
	"os"
	"runtime"
	"testing"
)

// A scratch file is usable while open and leaves nothing in the temp folder: on Linux its
// name is gone at once (a kill -9 leaves no clear copy of a bundle), and Close removes
// whatever is left.
func TestScratchLeavesNothing(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	f, err := Create("dossier-import-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("a delegation's records"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(f)
	if err != nil || string(got) != "a delegation's records" {
		t.Fatalf("read back %q, %v", got, err)
	}
	left, _ := os.ReadDir(os.TempDir())
	if runtime.GOOS != "windows" && len(left) != 0 {
		t.Errorf("while open, the temp folder holds %v: a kill now would leave it", left)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(os.TempDir()); len(left) != 0 {
		t.Errorf("after Close, the temp folder holds %v", left)
	}
}
