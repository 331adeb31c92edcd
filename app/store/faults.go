package store

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
)

// Storage faults (docs/storage.md, "Storage faults"): a damaged data directory and a full
// disk are told apart from every other failure, so the CLI and the UI can say what to do.
var (
	ErrDamaged  = errors.New("the stored data is damaged")
	ErrDiskFull = errors.New("the disk is full")
)

// DamagedError is a data directory that cannot be opened or read safely.
type DamagedError struct {
	Dir       string   // the Badger directory (DATA/db)
	Problem   string   // what is wrong, in the user's words
	Files     []string // the files at fault, relative to Dir
	Untouched bool     // found before Badger opened: no file was changed or deleted
	Detail    string   // Badger's own words (a panic value), for a support request
}

func (e *DamagedError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the data in %s is damaged: %s", e.Dir, e.Problem)
	if len(e.Files) > 0 {
		fmt.Fprintf(&b, " (%s)", listFiles(e.Files))
	}
	b.WriteString(". ")
	if e.Untouched {
		b.WriteString("Dossier has not changed or deleted any file there. ")
	}
	fmt.Fprintf(&b, "Keep that folder as it is (move it aside, for example rename it to %s.damaged) and restore your latest backup with `dossier restore FILE`", e.Dir)
	return b.String()
}

func (e *DamagedError) Unwrap() error { return ErrDamaged }

// listFiles names at most five files, so a long list stays one readable line.
func listFiles(files []string) string {
	if len(files) <= 5 {
		return strings.Join(files, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(files[:5], ", "), len(files)-5)
}

// DiskFullError refuses a write, or a read-write open, for lack of free space.
type DiskFullError struct {
	Dir      string
	Need     int64  // bytes that must be free: the write's own estimate plus Badger's reserve
	Free     int64  // bytes free for this user on the disk that holds Dir
	ReadOnly bool   // the store was opened read-only because space was short at open
	Pending  string // what could not be finished read-only (an interrupted import), if anything
}

func (e *DiskFullError) Error() string {
	var b strings.Builder
	if e.Pending != "" {
		fmt.Fprintf(&b, "the disk is full: %s, and that needs %s free, but only %s is free on the disk that holds %s. Free at least %s (empty the trash, move large files elsewhere), then run the command again",
			e.Pending, MiB(e.Need), MiB(e.Free), e.Dir, MiB(e.Need-e.Free))
		return b.String()
	}
	if e.ReadOnly && e.Free >= e.Need {
		fmt.Fprintf(&b, "nothing was stored: Dossier opened %s read-only because the disk was nearly full. There is enough space now (%s free): run the command again, or restart Dossier", e.Dir, MiB(e.Free))
		return b.String()
	}
	fmt.Fprintf(&b, "the disk is full, nothing was stored: this change needs %s free, but only %s is free on the disk that holds %s. Free at least %s (empty the trash, move large files elsewhere), then try again",
		MiB(e.Need), MiB(e.Free), e.Dir, MiB(e.Need-e.Free))
	if e.ReadOnly {
		b.WriteString(" (a Dossier window that is open must be closed and opened again)")
	}
	return b.String()
}

func (e *DiskFullError) Unwrap() error { return ErrDiskFull }

// MiB prints a byte count for people: "18.5 MB" (1 MB = 2^20 bytes), rounded up so that
// freeing the amount printed is always enough.
func MiB(n int64) string {
	if n < 0 {
		n = 0
	}
	tenths := (n*10 + (1<<20 - 1)) >> 20
	return fmt.Sprintf("%d.%d MB", tenths/10, tenths%10)
}

// guard runs fn and returns a panic inside it as an error. Badger panics instead of
// failing on some damaged files (a truncated table), and with SetPanicOnFault a memory
// fault on a mapped file (SIGBUS: the file shrank, or the disk failed) panics too instead
// of killing the process. Only this goroutine is covered: Badger's own goroutines are
// protected by checking their files before Badger opens them (manifest.go).
func guard(fn func() error) (err error) {
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if r := recover(); r != nil {
			err = &panicError{value: r}
		}
	}()
	return fn()
}

// panicError carries a recovered panic until it is given its context.
type panicError struct{ value any }

func (e *panicError) Error() string { return "badger stopped: " + e.detail() }

func (e *panicError) detail() string {
	if f, ok := e.value.(interface{ Addr() uintptr }); ok {
		return fmt.Sprintf("memory fault at %#x reading a mapped file (the file shrank, or the disk failed)", f.Addr())
	}
	return firstLine(fmt.Sprint(e.value))
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}

// asDamaged turns a recovered panic into a DamagedError about dir; other errors pass.
func asDamaged(dir, doing string, err error) error {
	var pe *panicError
	if !errors.As(err, &pe) {
		return err
	}
	return &DamagedError{Dir: dir, Problem: "Badger stopped on damaged data while " + doing, Detail: pe.detail()}
}
