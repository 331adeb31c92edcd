// Package textcap keeps messages that are built from lists, or from outside input, to a
// bounded size: a refusal that names 40,000 authors helps no one more than one that names
// ten and says how many more there are, and it must not cost megabytes to show.
package textcap

import (
	"strconv"
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
