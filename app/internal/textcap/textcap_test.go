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
