package service

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// A disk that fills while the file is written (the common case: write(2) returns ENOSPC, not
// the final sync or rename) is path_disk_full on the field, as a full disk found at create or
// sync is, and nothing is left behind.
func TestWriteFileAtDiskFullWhileWriting(t *testing.T) {
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		t.Skipf("mounting a small tmpfs to fill needs root (running as uid %d)", os.Geteuid())
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (a container without CAP_SYS_ADMIN?): %v %s", err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Errorf("umount %s: %v %s", dir, err, out)
		}
	})
	path := filepath.Join(dir, "out.csv")
	err := writeFileAt("path", path, 0o600, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(make([]byte, 1<<20)))
		return err
	})
	var se *Error
	if !errors.As(err, &se) || se.Problems["path"].Code != "path_disk_full" {
		t.Fatalf("a disk full while writing: %#v (%v)", err, err)
	}
	left, _ := os.ReadDir(dir)
	if len(left) != 0 {
		t.Errorf("left behind: %v", left)
	}
}
