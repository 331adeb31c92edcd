package service

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	"dossier/app/internal/tmpdisk"
)

// A disk that fills while the file is written (the common case: write(2) returns ENOSPC, not
// the final sync or rename) is path_disk_full on the field, as a full disk found at create or
// sync is, and nothing is left behind.
func TestWriteFileAtDiskFullWhileWriting(t *testing.T) {
	dir := tmpdisk.Mount(t, 64<<10)
	path := filepath.Join(dir, "out.csv")
	err := (*App)(nil).writeFileAt("path", path, 0o600, func(w io.Writer) error {
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
