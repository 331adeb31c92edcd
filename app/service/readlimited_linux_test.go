package service

import (
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
)

// TestEndlessInputIsReadToItsLimit: a bundle or a card read from a pipe or a device (`dossier
// import <(curl …)`, /dev/zero) said its size was 0, and was read whole: 7 GB of /dev/zero in
// 20 seconds, until memory ran out. Each is now read to one byte past its limit, and refused
// there; a CSV file already was. Here a pipe offers 32 MiB and counts what was taken.
func TestEndlessInputIsReadToItsLimit(t *testing.T) {
	a, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Init("Secretariat", "secretariat", ""); err != nil {
		t.Fatal(err)
	}
	lim := bundle.DefaultLimits()
	lim.MaxFileBytes = 1 << 20
	s := &Sync{App: a, Limits: &lim}
	const offered = 32 << 20
	pipe := func(name string) (string, *atomic.Int64) {
		p := filepath.Join(t.TempDir(), name)
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Fatal(err)
		}
		var taken atomic.Int64
		go func() {
			f, err := os.OpenFile(p, os.O_WRONLY, 0)
			if err != nil {
				return
			}
			defer f.Close()
			chunk := make([]byte, 64<<10)
			for taken.Load() < offered {
				n, err := f.Write(chunk)
				taken.Add(int64(n))
				if err != nil { // the reader closed it: read to its limit
					return
				}
			}
		}()
		return p, &taken
	}
	slack := int64(1 << 20) // the pipe's buffer and one chunk
	for _, c := range []struct {
		name  string
		limit int64
		read  func(path string) (problem string)
	}{
		{"import", lim.MaxFileBytes, func(p string) string { rep, _ := s.ImportFile(p); return rep.Problem }},
		{"inspect", lim.MaxFileBytes, func(p string) string { rep, _ := s.Inspect(p); return rep.Problem }},
		{"card", identity.MaxCardSize, func(p string) string {
			_, err := s.ReadCard(p)
			if e := AsError(err); e.Problems["card"].Code != "" {
				return e.Problems["card"].Code
			}
			return AsError(err).Message
		}},
	} {
		p, taken := pipe(c.name)
		got := c.read(p)
		want := bundle.ProblemLimit
		if c.name == "card" {
			want = "card_too_big"
		}
		if got != want || taken.Load() > c.limit+slack {
			t.Errorf("%s: problem %q, %d bytes taken from the pipe; want %q within %d", c.name, got, taken.Load(), want, c.limit+slack)
		}
	}
}
