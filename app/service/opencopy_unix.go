//go:build unix

package service

import (
	"os"
	"syscall"
)

// ownedByMe tells whether this process's user owns a file.
func ownedByMe(fi os.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}
