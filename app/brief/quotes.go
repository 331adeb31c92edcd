package brief

import (
	"strings"
	"unicode/utf8"
)

// Quotation marks inside quotation marks take the language's inner pair, as French and English
// typography want: « Intervention de “Amina Diallo” », never « Intervention de « Amina Diallo » »;
// “the ‘Rabat’ process”. A sentence quotes a title that is itself composed with quotes (an
// intervention's speaker) or that a delegate typed with them, so the rule is applied to the
// finished text rather than at each place that quotes.

type quotePair struct{ open, close, innerOpen, innerClose string }

var (
	quotesFR = quotePair{"«", "»", "“", "”"}
	quotesEN = quotePair{"“", "”", "‘", "’"}
)

// spaces French sets inside its marks (a no-break space, a narrow one, or a plain one).
const quoteSpaces = "\u00a0\u202f "

// nestQuotes rewrites every pair of outer marks that sits inside another as the inner pair.
// Marks are counted as they come: an opening mark at depth one or more, and the closing mark
// that ends it, become inner marks; the spaces French puts inside an inner pair go with them.
// A closing mark with nothing open is left as it is.
func (p quotePair) nestQuotes(s string) string {
	if strings.Count(s, p.open) < 2 {
		return s // nothing can be nested: the common case, without a copy
	}
	out := make([]byte, 0, len(s))
	depth := 0
	for i := 0; i < len(s); {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, p.open):
			i += len(p.open)
			if depth == 0 {
				out = append(out, p.open...)
			} else {
				out = append(out, p.innerOpen...)
				after := s[i:]
				i += len(after) - len(strings.TrimLeft(after, quoteSpaces))
			}
			depth++
		case strings.HasPrefix(rest, p.close) && depth > 0:
			depth--
			if depth == 0 {
				out = append(out, p.close...)
			} else {
				out = append(trimSpacesRight(out), p.innerClose...)
			}
			i += len(p.close)
		default:
			out = append(out, s[i])
			i++
		}
	}
	return string(out)
}

// trimSpacesRight drops the quote spaces that end b.
func trimSpacesRight(b []byte) []byte {
	for {
		r, n := utf8.DecodeLastRune(b)
		if n == 0 || !strings.ContainsRune(quoteSpaces, r) {
			return b
		}
		b = b[:len(b)-n]
	}
}

// nest applies the language's rule for quotes within quotes.
func (l Lang) nest(s string) string {
	if l == French {
		return quotesFR.nestQuotes(s)
	}
	return quotesEN.nestQuotes(s)
}
