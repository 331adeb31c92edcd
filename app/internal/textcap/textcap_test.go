package textcap

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func list(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = "a" + strconv.Itoa(i+1)
	}
	return out
}

func TestJoin(t *testing.T) {
	cases := []struct {
		n, max int
		want   string
	}{
		{0, 3, ""},
		{1, 3, "a1"},
		{3, 3, "a1, a2, a3"},              // just inside: nothing cut
		{4, 3, "a1, a2, a3 … and 1 more"}, // just outside
		{40000, 3, "a1, a2, a3 … and 39997 more"},
		{2, 0, "a1 … and 1 more"}, // at least one item is shown
	}
	for _, c := range cases {
		if got := Join(list(c.n), ", ", c.max); got != c.want {
			t.Errorf("Join(%d items, max %d) = %q, want %q", c.n, c.max, got, c.want)
		}
	}
}

func TestCut(t *testing.T) {
	cases := []struct {
		s    string
		max  int
		want string
	}{
		{"", 48, ""},
		{strings.Repeat("a", 48), 48, strings.Repeat("a", 48)},                                  // just inside
		{strings.Repeat("a", 49), 48, strings.Repeat("a", 18) + " … (31 more bytes not shown)"}, // just outside
		{strings.Repeat("é", 30), 48, strings.Repeat("é", 9) + " … (42 more bytes not shown)"},  // never split a character
		{strings.Repeat("x", 3<<20), 2048, strings.Repeat("x", 2013) + " … (3143715 more bytes not shown)"},
	}
	for _, c := range cases {
		got := Cut(c.s, c.max)
		if got != c.want {
			t.Errorf("Cut(%.20q…, %d) = %.60q…, want %.60q…", c.s, c.max, got, c.want)
		}
		if !utf8.ValidString(got) || len(got) > c.max {
			t.Errorf("Cut(%.20q, %d): %d bytes, valid UTF-8 %v", c.s, c.max, len(got), utf8.ValidString(got))
		}
		if again := Cut(got, c.max); again != got {
			t.Errorf("Cut twice changed %.40q to %.40q", got, again)
		}
	}
}

func TestVisible(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"Côte d’Ivoire", "Côte d’Ivoire"},
		{"وزارة الداخلية", "وزارة الداخلية"}, // right-to-left text itself is shown as it is
		{"line one\nline two", `line one\nline two`},
		{"tab\there", `tab\there`},
		{"Amina\u202eadrawkcab", `Amina\u202eadrawkcab`},
		{"a\u2066b\u2069c\u200f", `a\u2066b\u2069c\u200f`},
		{"nul\x00", `nul\x00`},
		{"not utf-8 \xff\xfe", `not utf-8 \xff\xfe`},
		{"para\u2029graph", `para\u2029graph`},
		{`a literal \n stays`, `a literal \n stays`},
	} {
		if got := Visible(c.in); got != c.want {
			t.Errorf("Visible(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzVisible(f *testing.F) {
	for _, s := range []string{"", "plain", "a\nb", "x\u202ey", "\xff", "é\u200e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := Visible(s)
		if !utf8.ValidString(v) {
			t.Fatalf("Visible(%q) = %q is not UTF-8", s, v)
		}
		for _, r := range v {
			if hidden(r) {
				t.Fatalf("Visible(%q) = %q keeps %U", s, v, r)
			}
		}
		if again := Visible(v); again != v {
			t.Fatalf("Visible is not stable: %q then %q", v, again)
		}
		if utf8.ValidString(s) && !strings.ContainsFunc(s, hidden) && v != s {
			t.Fatalf("Visible changed clean text %q to %q", s, v)
		}
	})
}
