// Package textcap keeps messages that are built from lists, or from outside input, to a
// bounded size: a refusal that names 40,000 authors helps no one more than one that names
// ten and says how many more there are, and it must not cost megabytes to show.
package textcap

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// Items is how many items of a list a message shows before "… and N more".
const Items = 10

// Join joins the first max items with sep; if there are more it adds " … and N more", so the
// reader knows the list was cut and by how much.
func Join(items []string, sep string, max int) string {
	if max < 1 {
		max = 1
	}
	n := 0
	for i, s := range items {
		if i == max {
			break
		}
		n += len(s) + len(sep)
	}
	buf := make([]byte, 0, n+32)
	for i, s := range items {
		if i == max {
			buf = append(buf, " … and "...)
			buf = strconv.AppendInt(buf, int64(len(items)-max), 10)
			buf = append(buf, " more"...)
			break
		}
		if i > 0 {
			buf = append(buf, sep...)
		}
		buf = append(buf, s...)
	}
	return string(buf)
}

// Cut returns s if it is at most max bytes; otherwise its first bytes, ending on a whole
// character, and a note of how many bytes were left out, together at most max bytes (for a
// max of at least 48, which the note needs). Cutting a cut string again changes nothing.
func Cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	end := max - len(note(len(s))) // the note of any smaller count is no longer
	if end < 0 {
		end = 0
	}
	for end > 0 && !utf8.RuneStart(s[end]) {
		end--
	}
	return s[:end] + note(len(s)-end)
}

func note(left int) string { return " … (" + strconv.Itoa(left) + " more bytes not shown)" }

// Visible returns s with every control character, bidirectional formatting character
// (U+202E and the like, which can make a name read backwards on screen) and byte that is not
// UTF-8 written as its escape (`\n`, `\u202e`, `\xff`), so a value from outside input shows
// what it holds and cannot rearrange or break the message around it. Other text is
// unchanged, and Visible of its own result changes nothing.
func Visible(s string) string {
	clean := true
	for _, r := range s {
		if hidden(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	buf := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			buf = append(buf, `\x`...)
			buf = append(buf, "0123456789abcdef"[s[i]>>4], "0123456789abcdef"[s[i]&15])
		case hidden(r):
			q := strconv.QuoteRuneToASCII(r) // '\n', '\u202e'
			buf = append(buf, q[1:len(q)-1]...)
		default:
			buf = append(buf, s[i:i+n]...)
		}
		i += n
	}
	return string(buf)
}

// hidden reports whether r is a control or bidirectional formatting character, or the
// replacement of a byte that is not UTF-8.
func hidden(r rune) bool {
	return r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) ||
		r == '\u2028' || r == '\u2029' // line and paragraph separators
}
