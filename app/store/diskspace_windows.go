//go:build windows

package store

import (
	"fmt"
	"path/filepath"

	"golang.org/x/sys/windows"
)

// canOpenReadOnly: Badger cannot open read-only on Windows. There its files are sized with
// SetEndOfFile, which allocates the space (NTFS files are not sparse unless asked), so a
// full disk fails the open or the write with an error rather than a fault.
const canOpenReadOnly = false

// freeBytes is the space available to this user on the volume of dir.
func freeBytes(dir string) (int64, error) {
	p, err := windows.UTF16PtrFromString(dir)
	if err != nil {
		return 0, err
	}
	var avail, total, totalFree uint64
	if err := windows.GetDiskFreeSpaceEx(p, &avail, &total, &totalFree); err != nil {
		return 0, fmt.Errorf("free space of %s: %w", dir, err)
	}
	return int64(avail), nil
}

// lockDir takes the lock Badger takes on Windows (its LOCK file, opened without sharing and
// deleted on close), so the files are inspected while no other process can be writing
// them. It is released before Badger opens.
func lockDir(dir string) (unlock func(), err error) {
	abs, err := filepath.Abs(filepath.Join(dir, "LOCK"))
	if err != nil {
		return nil, err
	}
	p, err := windows.UTF16PtrFromString(abs)
	if err != nil {
		return nil, err
	}
	h, err := windows.CreateFile(p, 0, 0, nil, windows.OPEN_ALWAYS,
		windows.FILE_ATTRIBUTE_TEMPORARY|windows.FILE_FLAG_DELETE_ON_CLOSE, 0)
	if err != nil {
		if err == windows.ERROR_SHARING_VIOLATION {
			return nil, &LockedError{Dir: dir}
		}
		return nil, fmt.Errorf("lock data directory %s: %w", dir, err)
	}
	return func() { _ = windows.CloseHandle(h) }, nil
}
