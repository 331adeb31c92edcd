// Package files keeps the bytes of attachments in the data directory, one file per distinct
// content, named by its SHA-256 (docs/storage.md, "Files"). The same bytes attached twice, to
// one record or to many, are stored once. A file is written whole to a temporary name,
// synced and renamed into place, so a crash leaves it absent or complete, never partial; it
// is stored only if its bytes have the SHA-256 it is stored under.
//
// Files live beside Badger, not in it: attachments are large (25 MB by default), Badger
// keeps values below 1 MiB well, and chunking them would rewrite the value log on every
// compaction for bytes that never change. Which files are still needed is the records'
// business: Sweep is given the set to keep.
package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"dossier/app/internal/atomicfile"
)

// Dir is the name of the directory of files inside a data directory.
const Dir = "files"

var sumRE = regexp.MustCompile(`^[0-9a-f]{64}$`)

// ErrNotHeld says the bytes of a SHA-256 are not stored here ("not yet received").
var ErrNotHeld = errors.New("file not held here")

// MismatchError says bytes given for a SHA-256 do not have it.
type MismatchError struct {
	Want, Got string
	Size      int64
}

func (e *MismatchError) Error() string {
	return fmt.Sprintf("the bytes given for file %s have SHA-256 %s", e.Want, e.Got)
}

// DamagedError says the bytes stored under a SHA-256 no longer have it: they changed on disk
// after they were checked and stored. They are never handed out as the attachment.
type DamagedError struct{ Want, Got string }

func (e *DamagedError) Error() string {
	return fmt.Sprintf("the stored copy of file %s is damaged (its bytes now have SHA-256 %s): run `dossier check`, which removes it, then import a bundle that carries the file again", e.Want, e.Got)
}

// TooBigError says bytes were longer than the limit given.
type TooBigError struct{ Limit int64 }

func (e *TooBigError) Error() string {
	return fmt.Sprintf("the file is larger than the limit of %d bytes", e.Limit)
}

// Store is the directory of files of one data directory.
type Store struct{ dir string }

// Open returns the store of files in dataDir (its "files" directory, made when first needed).
func Open(dataDir string) *Store { return &Store{dir: filepath.Join(dataDir, Dir)} }

// path is where the bytes of sum live: two levels, so no directory grows past 256 entries
// per thousand files.
func (s *Store) path(sum string) string { return filepath.Join(s.dir, sum[:2], sum) }

// Has says whether the bytes of sum are held.
func (s *Store) Has(sum string) bool {
	if !sumRE.MatchString(sum) {
		return false
	}
	_, err := os.Stat(s.path(sum))
	return err == nil
}

// Put stores the bytes read from r (at most max bytes; max ≤ 0: no limit) and returns their
// SHA-256 and size. Bytes already held are not written again.
func (s *Store) Put(r io.Reader, max int64) (sum string, size int64, err error) {
	return s.put("", r, max)
}

// PutVerified stores the bytes read from r under want, only if they have that SHA-256;
// otherwise nothing is stored and the error is a *MismatchError.
func (s *Store) PutVerified(want string, r io.Reader, max int64) (int64, error) {
	if !sumRE.MatchString(want) {
		return 0, fmt.Errorf("%q is not a SHA-256", want)
	}
	_, size, err := s.put(want, r, max)
	return size, err
}

func (s *Store) put(want string, r io.Reader, max int64) (string, int64, error) {
	if err := os.MkdirAll(s.dir, 0o700); err != nil {
		return "", 0, err
	}
	tmp, err := os.CreateTemp(s.dir, ".tmp-*")
	if err != nil {
		return "", 0, err
	}
	done := false
	defer func() {
		if !done {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := r
	if max > 0 {
		src = io.LimitReader(r, max+1)
	}
	size, err := io.Copy(io.MultiWriter(tmp, h), src)
	if err != nil {
		return "", 0, err
	}
	if max > 0 && size > max {
		return "", 0, &TooBigError{Limit: max}
	}
	sum := hex.EncodeToString(h.Sum(nil))
	if want != "" && sum != want {
		return "", 0, &MismatchError{Want: want, Got: sum, Size: size}
	}
	if s.Has(sum) {
		return sum, size, nil // deferred: the temporary file is removed
	}
	if err := tmp.Sync(); err != nil {
		return "", 0, err
	}
	if err := tmp.Close(); err != nil {
		return "", 0, err
	}
	sub := filepath.Dir(s.path(sum))
	if err := os.MkdirAll(sub, 0o700); err != nil {
		return "", 0, err
	}
	if err := os.Rename(tmp.Name(), s.path(sum)); err != nil {
		return "", 0, err
	}
	done = true
	if err := atomicfile.SyncDir(sub); err != nil {
		return "", 0, err
	}
	return sum, size, atomicfile.SyncDir(s.dir)
}

// Open opens the bytes of sum for reading; ErrNotHeld when they are not here.
func (s *Store) Open(sum string) (*os.File, error) {
	if !sumRE.MatchString(sum) {
		return nil, fmt.Errorf("%q is not a SHA-256", sum)
	}
	f, err := os.Open(s.path(sum))
	if errors.Is(err, os.ErrNotExist) {
		return nil, ErrNotHeld
	}
	return f, err
}

// Read returns the bytes of sum; ErrNotHeld when they are not here, a *DamagedError when
// they no longer have that SHA-256.
func (s *Store) Read(sum string) ([]byte, error) {
	var b bytes.Buffer
	if err := s.WriteTo(sum, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// WriteTo copies the bytes of sum to w, hashing them on the way: ErrNotHeld when they are not
// here, a *DamagedError after the copy when they no longer have that SHA-256 (the caller
// discards what it wrote: atomicfile.Write does).
func (s *Store) WriteTo(sum string, w io.Writer) error {
	f, err := s.Open(sum)
	if err != nil {
		return err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(w, h), f); err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return &DamagedError{Want: sum, Got: got}
	}
	return nil
}

// Verify hashes the stored bytes of sum: nil when they have it, ErrNotHeld, or a *DamagedError.
func (s *Store) Verify(sum string) error { return s.WriteTo(sum, io.Discard) }

// Size is the size of the bytes of sum, or ErrNotHeld.
func (s *Store) Size(sum string) (int64, error) {
	fi, err := os.Stat(s.path(sum))
	if errors.Is(err, os.ErrNotExist) || !sumRE.MatchString(sum) {
		return 0, ErrNotHeld
	}
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// Swept is what a Sweep removed.
type Swept struct {
	Files int   `json:"files"`
	Bytes int64 `json:"bytes"`
}

// Sweep removes every file whose SHA-256 keep does not hold, and temporary files left by a
// crash. keep must be complete (every SHA-256 any record refers to): what it lacks is gone.
func (s *Store) Sweep(keep map[string]bool) (Swept, error) {
	var out Swept
	subs, err := os.ReadDir(s.dir)
	if errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return out, err
	}
	for _, sub := range subs {
		p := filepath.Join(s.dir, sub.Name())
		if strings.HasPrefix(sub.Name(), ".tmp-") {
			if err := os.Remove(p); err != nil {
				return out, err
			}
			continue
		}
		if !sub.IsDir() {
			continue
		}
		es, err := os.ReadDir(p)
		if err != nil {
			return out, err
		}
		for _, e := range es {
			if keep[e.Name()] || !sumRE.MatchString(e.Name()) {
				continue
			}
			fi, err := e.Info()
			if err != nil {
				return out, err
			}
			if err := os.Remove(filepath.Join(p, e.Name())); err != nil {
				return out, err
			}
			out.Files++
			out.Bytes += fi.Size()
		}
	}
	return out, nil
}

// Remove removes the bytes of sum, if held. The caller knows no record refers to them.
func (s *Store) Remove(sum string) error {
	if !sumRE.MatchString(sum) {
		return fmt.Errorf("%q is not a SHA-256", sum)
	}
	err := os.Remove(s.path(sum))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	return err
}
