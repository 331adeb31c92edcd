package service

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A path under a file two levels down names the file as the folder that is a file,
// not a folder under it that does not exist.
func TestPathFolderIsFileNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	aFile := filepath.Join(dir, "a-file.csv")
	if err := os.WriteFile(aFile, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(aFile, "sub", "out.csv")
	err := (*App)(nil).writeFileAt("path", path, 0o600, func(w io.Writer) error { _, err := w.Write([]byte("y")); return err })
	var se *Error
	if !errors.As(err, &se) || se.Problems["path"].Code != "path_folder_is_file" || se.Problems["path"].Params["folder"] != aFile {
		t.Fatalf("%v: %+v", err, se)
	}
}

// A path that is a device or a pipe is refused before anything is written; the
// rename at the end would replace the device node (as root: /dev/null) with a file.
func TestWriteFileAtRefusesADevice(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := mkfifo(fifo); err != nil {
		t.Skip(err)
	}
	err := (*App)(nil).writeFileAt("path", fifo, 0o600, func(w io.Writer) error { _, err := w.Write([]byte("y")); return err })
	var se *Error
	if !errors.As(err, &se) || se.Problems["path"].Code != "path_not_written" {
		t.Errorf("a pipe as the file: %v", err)
	}
	if fi, err := os.Lstat(fifo); err != nil || fi.Mode()&os.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v %v", fi, err)
	}
}

// A relative path is resolved in the process's folder, and a refusal names that folder in
// full, not as the person's relative words ("nosuch", or "." for a bare name).
func TestWriteFileAtNamesARelativePathsFolder(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	err := (*App)(nil).writeFileAt("path", filepath.Join("nosuch", "out.csv"), 0o600, func(w io.Writer) error { _, err := w.Write([]byte("y")); return err })
	var se *Error
	if !errors.As(err, &se) || se.Problems["path"].Code != "path_folder_missing" {
		t.Fatalf("%v", err)
	}
	if got, want := se.Problems["path"].Params["folder"], filepath.Join(dir, "nosuch"); got != want {
		t.Errorf("the refusal names the folder %q, want %q", got, want)
	}
}

// A write refused for a quota used up (EDQUOT) is the disk-full problem, as ENOSPC is, not
// "not written": the remedy is the same, free some space or choose another folder.
func TestPathProblemQuotaIsDiskFull(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.csv")
	for _, errno := range []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT} {
		for _, err := range []error{
			&fs.PathError{Op: "write", Path: path + ".tmp", Err: errno},
			fmt.Errorf("sync %s: %w", path, &fs.PathError{Op: "sync", Path: path + ".tmp", Err: errno}),
		} {
			if p := pathProblem(path, err); p.Code != "path_disk_full" || p.Params["folder"] != filepath.Dir(path) {
				t.Errorf("%v: %+v, want path_disk_full naming the folder", err, p)
			}
		}
	}
}
