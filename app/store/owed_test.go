package store

import (
	"fmt"
	"testing"
)

// TestOwedFiles: owed files are kept per peer, sorted and without repeats, survive a reopen,
// apart from the peer's version vector and other peers, and are removed once paid.
func TestOwedFiles(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	a := OwedFile{SHA256: "aa", Name: "a.pdf", Record: "r1"}
	b := OwedFile{SHA256: "bb", Name: "b.pdf", Record: "r2"}
	if err := s.SettleOwedFiles("to:K1", []OwedFile{b, a, b}, nil); err != nil {
		t.Fatal(err)
	}
	if err := s.MergePeerVV("to:K1", map[string]uint64{testAuthor: 3}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	if got, err := s.OwedFiles("to:K1"); err != nil || fmt.Sprint(got) != fmt.Sprint([]OwedFile{a, b}) {
		t.Fatalf("owed after reopen: %+v %v", got, err)
	}
	if got, err := s.OwedFiles("to:K2"); err != nil || len(got) != 0 {
		t.Fatalf("owed to another peer: %+v %v", got, err)
	}
	if vv, err := s.PeerVV("to:K1"); err != nil || len(vv) != 1 || vv[testAuthor] != 3 {
		t.Fatalf("peer vv: %v %v", vv, err)
	}
	if err := s.SettleOwedFiles("to:K1", nil, map[string]bool{"aa": true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.OwedFiles("to:K1"); fmt.Sprint(got) != fmt.Sprint([]OwedFile{b}) {
		t.Fatalf("after paying a: %+v", got)
	}
	if err := s.SettleOwedFiles("to:K1", nil, map[string]bool{"bb": true}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.OwedFiles("to:K1"); len(got) != 0 {
		t.Fatalf("after paying both: %+v", got)
	}
}
