package service

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"dossier/app/domain"
	"dossier/app/identity"
	"dossier/app/internal/atomicfile"
)

// writeErr marks an error of the content written (a store read, a bundle encoded), which is
// no fault of the path and is returned as it is.
type writeErr struct{ err error }

func (e writeErr) Error() string { return e.err.Error() }
func (e writeErr) Unwrap() error { return e.err }

// writeFileAt writes a file a user named (a command-line argument, the window's save dialog)
// through atomicfile.Write. A path that cannot be written is refused on field with a problem
// code naming the path and its folder and saying what to do (pathProblem), so that every
// screen words it in the reader's language; errors of fn come back as fn returned them.
//
// A path inside the data directory is refused (path_in_data): Dossier's own files are there
// (the Badger directory, the attachments' files/), and a bundle written over one of them, or
// a file dropped among them, could damage the store.
func (a *App) writeFileAt(field string, path Path, perm os.FileMode, fn func(w io.Writer) error) error {
	if strings.TrimSpace(path) == "" {
		return InvalidP(field, domain.P("path_required"))
	}
	// A bare name is relative to the process's folder, which the person never chose (in
	// browser mode, where the server was started): a refusal names the folder in full.
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	if err := a.outsideData(field, path); err != nil {
		return err
	}
	// A folder would be caught by the rename at the end, after the whole file was written.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return pathRefusal(field, path, domain.P("path_is_folder", "path", path), nil)
	} else if err == nil && !fi.Mode().IsRegular() {
		// A device or a pipe: the rename at the end would replace it with a file.
		return pathRefusal(field, path, domain.P("path_not_written", "path", path, "folder", filepath.Dir(path)), nil)
	}
	err := atomicfile.Write(path, perm, func(w io.Writer) error {
		fw := &fileWriter{w: w}
		if err := fn(fw); err != nil {
			if fw.err != nil {
				// The file itself refused the bytes (a disk that filled, a quota): a fault of
				// the path, worded as one, whatever fn wrapped it in.
				return fw.err
			}
			return writeErr{err}
		}
		return nil
	})
	var we writeErr
	switch {
	case err == nil:
		return nil
	case errors.As(err, &we):
		return we.err
	}
	return pathRefusal(field, path, pathProblem(path, err), err)
}

// outsideData refuses an output path (a file, or the folder that will hold files) that is
// the data directory or inside it. The folder the file goes in is resolved through symbolic
// links as far as it exists, and compared as the system sees folders (os.SameFile), so a link
// to the data directory, or the same folder named in another case on macOS and Windows, is
// caught too. The file itself is not followed: the write replaces a link, never its target.
func (a *App) outsideData(field string, path Path) error {
	if a == nil || a.DataDir == "" {
		return nil
	}
	data, err := os.Stat(a.DataDir)
	if err != nil {
		return nil // no data directory yet: nothing of Dossier's to harm
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil
	}
	// The deepest folder of the path that exists, its links resolved; what follows it does
	// not exist yet, so it holds no link.
	dir, rest := filepath.Dir(abs), filepath.Base(abs)
	for {
		if real, err := filepath.EvalSymlinks(dir); err == nil {
			dir = real
			break
		}
		if filepath.Dir(dir) == dir {
			break
		}
		dir, rest = filepath.Dir(dir), filepath.Join(filepath.Base(dir), rest)
	}
	for p := filepath.Join(dir, rest); ; p = filepath.Dir(p) {
		if fi, err := os.Stat(p); err == nil && os.SameFile(fi, data) {
			return InvalidP(field, domain.P("path_in_data", "path", abs, "folder", a.DataDir))
		}
		if filepath.Dir(p) == p {
			return nil
		}
	}
}

// fileWriter remembers the first error of the file being written, so that writeFileAt tells
// a write the disk refused from an error of the content.
type fileWriter struct {
	w   io.Writer
	err error
}

func (f *fileWriter) Write(p []byte) (int, error) {
	n, err := f.w.Write(p)
	if err != nil && f.err == nil {
		f.err = err
	}
	return n, err
}

// pathProblem names why path could not be written, from the error of creating, syncing or
// renaming the file in its folder.
func pathProblem(path string, err error) domain.Problem {
	folder := filepath.Dir(path)
	switch {
	case errors.Is(err, syscall.EISDIR):
		return domain.P("path_is_folder", "path", path)
	case errors.Is(err, syscall.ENOTDIR):
		// The file in the way may be further up than the folder ("a.csv/sub/out.csv").
		return domain.P("path_folder_is_file", "path", path, "folder", fileInTheWay(folder))
	case errors.Is(err, fs.ErrNotExist):
		return domain.P("path_folder_missing", "path", path, "folder", folder)
	case errors.Is(err, fs.ErrPermission), errors.Is(err, syscall.EROFS):
		return domain.P("path_denied", "path", path, "folder", folder)
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		// A quota used up is a full disk for this user: the same remedy, free space or
		// another folder (syscall defines EDQUOT on Windows too).
		return domain.P("path_disk_full", "path", path, "folder", folder)
	}
	if name := filepath.Base(path); len(name) > MaxNameBytes {
		// Another folder would not help: the name is longer than a file name may be.
		return domain.P("path_name_too_long", "path", path, "name", name, "bytes", strconv.Itoa(len(name)), "max", strconv.Itoa(MaxNameBytes))
	}
	return domain.P("path_not_written", "path", path, "folder", folder)
}

// fileInTheWay is the nearest of folder and its parents that exists and is not a folder:
// the one a path under it cannot go through (folder itself when none is found).
func fileInTheWay(folder string) string {
	for d := folder; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(d); err == nil && !fi.IsDir() {
			return d
		}
		if filepath.Dir(d) == d {
			return folder
		}
	}
}

// openProblem names why the file a user chose (an attachment, a card) could not be read.
func openProblem(path string, err error) domain.Problem {
	switch {
	case errors.Is(err, fs.ErrNotExist), errors.Is(err, syscall.ENOTDIR):
		return domain.P("file_missing", "path", path)
	case errors.Is(err, fs.ErrPermission):
		return domain.P("file_denied", "path", path)
	case errors.Is(err, syscall.EISDIR):
		return domain.P("file_is_folder", "path", path)
	}
	return domain.P("file_unreadable", "path", path)
}

// cardTooBig refuses a file chosen as an identity card that is larger than any card.
func cardTooBig(name string, size int64) *Error {
	return InvalidP("card", domain.P("card_too_big", "name", name, "size", byteSize(size), "size_bytes", strconv.FormatInt(size, 10),
		"limit", byteSize(identity.MaxCardSize), "limit_bytes", strconv.Itoa(identity.MaxCardSize)))
}

// pathRefusal is the input error of a path: the problem's words, and the system's own
// reason kept in the English message for the command line and logs.
func pathRefusal(field string, path Path, p domain.Problem, cause error) *Error {
	e := InvalidP(field, p)
	e.cause = cause
	var pe *fs.PathError
	if errors.As(cause, &pe) {
		e.Message += " (" + pe.Err.Error() + ")"
	} else if le := (*os.LinkError)(nil); errors.As(cause, &le) {
		e.Message += " (" + le.Err.Error() + ")"
	}
	return e
}
