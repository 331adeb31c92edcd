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
		{"", 4, ""},
		{"abcd", 4, "abcd"}, // just inside
		{"abcde", 4, "abcd … (1 more bytes not shown)"}, // just outside
		{"abcé", 4, "abc … (2 more bytes not shown)"},   // é is two bytes: never split a character
		{"ééé", 3, "é … (4 more bytes not shown)"},      // cut inside the second é
		{strings.Repeat("x", 3<<20), 2048, strings.Repeat("x", 2048) + " … (3143680 more bytes not shown)"},
	}
	for _, c := range cases {
		got := Cut(c.s, c.max)
		if got != c.want {
			t.Errorf("Cut(%.20q…, %d) = %.60q…, want %.60q…", c.s, c.max, got, c.want)
		}
		if !utf8.ValidString(got) {
			t.Errorf("Cut(%.20q, %d) is not valid UTF-8", c.s, c.max)
		}
	}
}
