// Package collation orders text the way readers of a language expect ("Côte d'Ivoire" before
// "Cyprus", "Égypte" among the E's), with golang.org/x/text/collate. Lists compare titles
// thousands of times per page, so a comparison that bytes already decide skips the collator.
package collation

import (
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// Collator compares strings in one language. It is not safe for concurrent use: Get one per
// task and Release it after.
type Collator struct {
	c    *collate.Collator
	pool *sync.Pool
}

var pools sync.Map // language tag string -> *sync.Pool

// Get returns a collator for a BCP 47 language ("en", "fr"); an empty or unknown tag gives
// the root order, which English also uses.
func Get(lang string) *Collator {
	if p, ok := pools.Load(lang); ok {
		return p.(*sync.Pool).Get().(*Collator)
	}
	tag, err := language.Parse(lang)
	if err != nil {
		tag = language.Und
	}
	p := &sync.Pool{}
	p.New = func() any { return &Collator{c: collate.New(tag), pool: p} }
	actual, _ := pools.LoadOrStore(lang, p)
	return actual.(*sync.Pool).Get().(*Collator)
}

// Release returns the collator for reuse.
func (c *Collator) Release() { c.pool.Put(c) }

// Compare returns -1, 0 or +1 as a sorts before, with or after b.
func (c *Collator) Compare(a, b string) int {
	if r, ok := quick(a, b); ok {
		return r
	}
	return c.c.CompareString(a, b)
}

// quick decides a comparison when the first difference, ignoring ASCII case, is between two
// of space, digit and ASCII letter, or one string ends where the other goes on with one of
// them. Up to there both strings have the same characters, so the same collation elements;
// and space, digits and letters each have one primary weight, ordered as in ASCII once case
// is folded (space, then digits, then letters). The primary level is compared first, so it
// decides. The languages Dossier is used in have no contraction of such characters (a test
// checks quick against the collator on random text). Anything else asks the collator.
func quick(a, b string) (int, bool) {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		x, y := a[i], b[i]
		if x == y {
			continue
		}
		x, y = fold(x), fold(y)
		if x == y {
			continue // same letter in another case: a tertiary difference, decided later
		}
		if simple(x) && simple(y) {
			if x < y {
				return -1, true
			}
			return 1, true
		}
		return 0, false
	}
	switch {
	case len(a) == len(b):
		return 0, a == b
	case len(a) < len(b) && simple(fold(b[n])):
		return -1, true
	case len(b) < len(a) && simple(fold(a[n])):
		return 1, true
	}
	return 0, false
}

func fold(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func simple(c byte) bool { return c == ' ' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' }

// SortBy sorts xs stably by the text shown gives each, in lang's order. It is how Dossier
// orders names for a reader, wherever they are worded (the PDF, and the lists the service
// sorts for the screens): by the words the reader sees, "Allemagne" before "Égypte" in French
// where the English names would put Egypt first (docs/brief.md, "Lists of names"). The
// screens do the same with Intl.Collator (compareText in frontend/src/lib/format.ts).
func SortBy[T any](lang string, xs []T, shown func(T) string) {
	if len(xs) < 2 {
		return
	}
	c := Get(lang)
	defer c.Release()
	type keyed struct {
		key string
		x   T
	}
	ks := make([]keyed, len(xs))
	for i, x := range xs {
		ks[i] = keyed{shown(x), x}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return c.Compare(a.key, b.key) })
	for i := range ks {
		xs[i] = ks[i].x
	}
}
