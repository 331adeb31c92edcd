// Package scratch makes the temporary files an import works in: a bundle copied from a pipe,
// the records an admission keeps aside. They hold a delegation's records in clear (a bundle
// need not be encrypted), so none should outlive the process that made it, even one killed
// mid-import.
package scratch

import (
	"os"
	"runtime"
)

// Create makes a temporary file (0600, in the OS temp folder, named by pattern as
// os.CreateTemp names it) and, where the system allows it, removes its name at once: the
// open file stays readable and writable, and a crash or a kill -9 leaves nothing behind.
// Windows cannot remove an open file's name; there Close removes it, as before.
func Create(pattern string) (*File, error) {
	f, err := os.CreateTemp("", pattern)
	if err != nil {
		return nil, err
	}
	named := runtime.GOOS == "windows" || os.Remove(f.Name()) != nil
	return &File{File: f, named: named}, nil
}

// File is an open scratch file.
type File struct {
	*os.File
	named bool // the name is still on disk: Close removes it
}

// Close closes the file and removes its name if it still has one.
func (f *File) Close() error {
	err := f.File.Close()
	if f.named {
		os.Remove(f.Name())
	}
	return err
}
