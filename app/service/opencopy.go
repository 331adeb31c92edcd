package service

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"
)

// The copies OpenCopy hands to the system's default application must outlive the call (the
// application reads the file later, maybe for hours), so they cannot be removed when it
// returns. They all go under one directory per user, and a copy older than openCopyKeep is
// removed when a new one is made: the temporary folder does not fill up with every file
// ever opened (docs/storage.md, "Files").
const openCopyKeep = 24 * time.Hour

// openCopyRoot is the user's directory of copies, in the system's temporary folder.
func openCopyRoot() string {
	return filepath.Join(os.TempDir(), "dossier-open-"+strconv.Itoa(os.Getuid()))
}

// openCopyDir makes a fresh directory for one copy under root, after removing the copies
// older than openCopyKeep. The root is refused when it is not a directory this user owns
// alone: on a shared /tmp another user could have made it first, or made it a link.
func openCopyDir(root string, now time.Time) (string, error) {
	if err := os.Mkdir(root, 0o700); err != nil && !os.IsExist(err) {
		return "", err
	}
	fi, err := os.Lstat(root)
	if err != nil {
		return "", err
	}
	if !fi.IsDir() || fi.Mode().Perm()&0o077 != 0 || !ownedByMe(fi) {
		return "", fmt.Errorf("%s is not a private directory of this user: remove it, then open the file again", root)
	}
	cleanOpenCopies(root, now)
	return os.MkdirTemp(root, "file-")
}

// cleanOpenCopies removes the copies under root made more than openCopyKeep before now. A
// copy that cannot be removed (still open on Windows) is left for the next time.
func cleanOpenCopies(root string, now time.Time) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		fi, err := e.Info()
		if err == nil && now.Sub(fi.ModTime()) > openCopyKeep {
			_ = os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}
