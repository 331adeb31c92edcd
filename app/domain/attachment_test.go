package domain

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestIsFileName(t *testing.T) {
	for _, c := range []struct {
		name string
		ok   bool
	}{
		{"MoU Tunisie – signé.pdf", true},
		{"مذكرة تفاهم.pdf", true}, // Arabic letters carry their own direction: no mark needed
		{"協定.docx", true},
		{"notes (2).txt", true},
		{"", false},
		{".", false},
		{"..", false},
		{"a/b.pdf", false},
		{`a\b.pdf`, false},
		{"a\x00b", false},
		{"line\nbreak.pdf", false},
		{"invoice\u202Efdp.exe", false}, // right-to-left override: shows as "invoiceexe.pdf"
		{"a\u2066b\u2069.pdf", false},   // isolates
		{"a\u200Fb.pdf", false},         // right-to-left mark
		{"a\u061Cb.pdf", false},         // Arabic letter mark
		{"a\u2028b.pdf", false},         // line separator
		{"\ufeffbom.pdf", false},
		{"bad\xffutf8.pdf", false},
	} {
		if got := IsFileName(c.name); got != c.ok {
			t.Errorf("IsFileName(%q) = %v, want %v", c.name, got, c.ok)
		}
	}
}

func FuzzIsFileName(f *testing.F) {
	for _, s := range []string{"MoU.pdf", "invoice\u202Efdp.exe", "a/b", "..", "\ufeffx", "مذكرة.pdf"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !IsFileName(s) {
			return
		}
		if s == "." || s == ".." || strings.ContainsAny(s, `/\`) {
			t.Fatalf("%q accepted", s)
		}
		if !utf8.ValidString(s) {
			t.Fatalf("%q accepted: not UTF-8", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
				t.Fatalf("%q accepted with %U", s, r)
			}
		}
	})
}
