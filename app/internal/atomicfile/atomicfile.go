// Package atomicfile writes files durably: a temporary file in the same directory, fsync,
// rename over the target, fsync the directory. A crash leaves the old file or the new one.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"unicode/utf8"
)

// tempPrefixMax keeps the temporary file's name ("." + prefix + ".tmp-" + up to 10 random
// digits) within the 255 bytes a file name may have: a target name of 255 bytes is valid,
// and its temporary file must be too.
const tempPrefixMax = 255 - len(".") - len(".tmp-") - 10

// tempPrefix is the start of the target's name that fits the temporary file's name, cut
// between two characters.
func tempPrefix(base string) string {
	if len(base) <= tempPrefixMax {
		return base
	}
	cut := tempPrefixMax
	for cut > 0 && !utf8.RuneStart(base[cut]) {
		cut--
	}
	return base[:cut]
}

// Write writes the file at path with the given permissions through fn.
func Write(path string, perm os.FileMode, fn func(w io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+tempPrefix(filepath.Base(path))+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = tmp.Chmod(perm); err != nil {
		return err
	}
	if err = fn(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return err
	}
	return syncDir(dir)
}

// SyncDir makes the entries of dir (a rename into it, say) durable.
func SyncDir(dir string) error { return syncDir(dir) }

func syncDir(dir string) error {
	if runtime.GOOS == "windows" { // directories cannot be opened for syncing there
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}

// WriteBytes writes data durably to path.
func WriteBytes(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error { _, err := w.Write(data); return err })
}
