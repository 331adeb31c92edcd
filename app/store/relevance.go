package store

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/app/domain"
)

// SortRelevance orders a text query's matches by where its words are in the title shown
// (rankTitle's tiers), then by title: the quick search's order (docs/storage.md, "Relevance").
const SortRelevance = "relevance"

// Relevance tiers, best first.
const (
	tierTitleBegins = iota // the title begins with the query's words, as typed in order
	tierTitlePhrase        // the title holds them, in order and side by side
	tierTitleWords         // the title holds every one of them
	tierElsewhere          // the record matched by its other text or its references' labels
)

// phrase is a text query's words in the order typed, folded as the index folds them (split).
// A code is two words however it is written, in the query and in a title alike (codeCut):
// the search finds "JVAP-3" for "jvap3" and "JVAP3" for "JVAP-3" (one code word, "jvap-3$"),
// so the title ranks the same either way.
type phrase struct {
	words []string
	whole []bool // matched whole, as the search matches a code: a code's digits ("gcm-5"'s 5)
	// search is the search's own words (QueryWords), each matched as a prefix: a party's
	// label is a set of the index's words, codes included ("g-20$"), matched as the search does.
	search []string
	// distinct are the indexes of words told apart (a word repeated is looked for once): a
	// query pasted with a word a million times costs a title's words, not a million of them,
	// for every match, under the index's read lock.
	distinct []int
}

func newPhrase(text string) phrase {
	words, codes := split(text)
	whole := map[string]bool{}
	for _, c := range codes {
		_, digits, _ := strings.Cut(strings.TrimSuffix(c, codeEnd), "-")
		whole[digits] = true
	}
	p := phrase{words: codeWords(words), search: QueryWords(text)}
	p.whole = make([]bool, len(p.words))
	seen := map[string]bool{}
	for i, w := range p.words {
		p.whole[i] = whole[w]
		if !seen[w] {
			seen[w] = true
			p.distinct = append(p.distinct, i)
		}
	}
	return p
}

// codeCut is where a word written as letters then digits, a code written glued ("jvap3",
// "g20"), parts into its letters and digits; 0 for any other word.
func codeCut(w string) int {
	cut := 0
	for i, r := range w {
		digit := unicode.IsDigit(r)
		switch {
		case i == 0 && digit:
			return 0
		case digit && cut == 0:
			cut = i
		case !digit && cut > 0:
			return 0
		}
	}
	return cut
}

// codeWords is words with each glued code as its two words (codeCut).
func codeWords(words []string) []string {
	var out []string
	for i, w := range words {
		if c := codeCut(w); c > 0 {
			if out == nil {
				out = append(make([]string, 0, len(words)+1), words[:i]...)
			}
			out = append(out, w[:c], w[c:])
		} else if out != nil {
			out = append(out, w)
		}
	}
	if out == nil {
		return words
	}
	return out
}

// matches says whether the title word t is the query's i-th word: a word the query holds
// whole is t; any other begins t, as a search word matches (QueryWords).
func (p *phrase) matches(i int, t string) bool {
	if p.whole[i] {
		return t == p.words[i]
	}
	return strings.HasPrefix(t, p.words[i])
}

// rankTitle is the tier of a title for the query. The title's words are the search's
// (split), and a word with an apostrophe is read joined too (domain.JoinApostrophes), so
// "cote divoire" ranks "Côte d’Ivoire" as "côte d'ivoire" does.
func (p *phrase) rankTitle(title string) int {
	if len(p.words) == 0 {
		return tierElsewhere
	}
	if tier, ok := p.rankASCII(title); ok {
		return tier
	}
	return p.rankSplit(title)
}

// rankSplit is rankTitle for any title, by split's words, a glued code as two (codeWords).
func (p *phrase) rankSplit(title string) int {
	words, _ := split(title)
	words = codeWords(words)
	tier := p.rankWords(len(words), func(i, k int) bool { return p.matches(i, words[k]) })
	if tier != tierTitleBegins {
		if joined, ok := domain.JoinApostrophes(title); ok {
			words, _ := split(joined)
			words = codeWords(words)
			tier = min(tier, p.rankWords(len(words), func(i, k int) bool { return p.matches(i, words[k]) }))
		}
	}
	return tier
}

// rankASCII is rankTitle for the titles split would cut on bytes (splitASCII's words),
// without an apostrophe, of 64 words at most: most titles, ranked without allocating, as
// every match of a query is. ok is false for any other title.
func (p *phrase) rankASCII(title string) (tier int, ok bool) {
	var spans [64][2]int32
	n := 0
	for i := 0; i < len(title); {
		c := title[i]
		if c >= utf8.RuneSelf || c == '\'' {
			return 0, false
		}
		if !alnumASCII(c) {
			i++
			continue
		}
		j := i
		for j < len(title) && alnumASCII(title[j]) {
			j++
		}
		cut := i + codeCut(title[i:j])
		if n == len(spans) || cut > i && n+1 == len(spans) {
			return 0, false
		}
		if cut > i { // a glued code: two words (codeWords)
			spans[n] = [2]int32{int32(i), int32(cut)}
			n++
			i = cut
		}
		spans[n] = [2]int32{int32(i), int32(j)}
		n++
		i = j
	}
	return p.rankWords(n, func(i, k int) bool {
		t, w := title[spans[k][0]:spans[k][1]], p.words[i]
		if p.whole[i] && len(t) != len(w) || len(t) < len(w) {
			return false
		}
		for b := 0; b < len(w); b++ {
			if lowerASCII(t[b]) != w[b] {
				return false
			}
		}
		return true
	}), true
}

func alnumASCII(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func lowerASCII(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// rankWords is the tier of a title of n words, where match(i, k) says whether its k-th word
// is the query's i-th.
func (p *phrase) rankWords(n int, match func(i, k int) bool) int {
	m := len(p.words)
	for start := 0; start+m <= n; start++ {
		at := true
		for i := 0; i < m && at; i++ {
			at = match(i, start+i)
		}
		if at && start == 0 {
			return tierTitleBegins
		}
		if at {
			return tierTitlePhrase
		}
	}
	for _, i := range p.distinct {
		found := false
		for k := 0; k < n && !found; k++ {
			found = match(i, k)
		}
		if !found {
			return tierElsewhere
		}
	}
	return tierTitleWords
}
