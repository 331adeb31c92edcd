package files

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sumOf(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }

func TestPutDeduplicatesAndReads(t *testing.T) {
	s := Open(t.TempDir())
	data := []byte("the signed MoU")
	sum, size, err := s.Put(bytes.NewReader(data), 0)
	if err != nil || sum != sumOf(data) || size != int64(len(data)) {
		t.Fatalf("Put: %s %d %v", sum, size, err)
	}
	if _, _, err := s.Put(bytes.NewReader(data), 0); err != nil {
		t.Fatal(err)
	}
	n := 0
	filepath.WalkDir(s.dir, func(p string, d os.DirEntry, err error) error {
		if !d.IsDir() {
			n++
		}
		return nil
	})
	if n != 1 {
		t.Errorf("the same bytes twice left %d files, want 1", n)
	}
	got, err := s.Read(sum)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("Read: %q %v", got, err)
	}
	if _, err := s.Read(sumOf([]byte("other"))); !errors.Is(err, ErrNotHeld) {
		t.Errorf("Read of a file not held: %v", err)
	}
}

func TestPutVerifiedRefusesOtherBytes(t *testing.T) {
	s := Open(t.TempDir())
	want := sumOf([]byte("original"))
	_, err := s.PutVerified(want, strings.NewReader("tampered"), 0)
	var me *MismatchError
	if !errors.As(err, &me) || me.Want != want {
		t.Fatalf("want a mismatch, got %v", err)
	}
	if s.Has(want) {
		t.Error("bytes that do not match were stored")
	}
	if es, _ := os.ReadDir(s.dir); len(es) != 0 {
		t.Errorf("a refused file left %d entries", len(es))
	}
	if _, err := s.PutVerified(want, strings.NewReader("original"), 0); err != nil || !s.Has(want) {
		t.Errorf("the right bytes: %v", err)
	}
}

func TestPutLimit(t *testing.T) {
	s := Open(t.TempDir())
	_, _, err := s.Put(strings.NewReader("12345"), 4)
	var tb *TooBigError
	if !errors.As(err, &tb) || tb.Limit != 4 {
		t.Fatalf("want too big, got %v", err)
	}
	if _, _, err := s.Put(strings.NewReader("1234"), 4); err != nil {
		t.Fatalf("at the limit: %v", err)
	}
}

func TestSweepKeepsOnlyReferenced(t *testing.T) {
	s := Open(t.TempDir())
	a, _, _ := s.Put(strings.NewReader("kept"), 0)
	b, _, _ := s.Put(strings.NewReader("dropped!"), 0)
	os.WriteFile(filepath.Join(s.dir, ".tmp-123"), []byte("crash"), 0o600)
	sw, err := s.Sweep(map[string]bool{a: true})
	if err != nil || sw.Files != 1 || sw.Bytes != 8 {
		t.Fatalf("Sweep: %+v %v", sw, err)
	}
	if !s.Has(a) || s.Has(b) {
		t.Errorf("after the sweep: has kept %v, has dropped %v", s.Has(a), s.Has(b))
	}
	if _, err := os.Stat(filepath.Join(s.dir, ".tmp-123")); !os.IsNotExist(err) {
		t.Error("a temporary file left by a crash survived the sweep")
	}
}
