package store

import (
	"strings"

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
type phrase struct {
	words []string
	whole []bool // matched whole, as the search matches a code: a code's digits ("gcm-5"'s 5) or a code written glued ("jvap3")
}

func newPhrase(text string) phrase {
	words, codes := split(text)
	whole := map[string]bool{}
	for _, c := range codes {
		letters, digits, _ := strings.Cut(strings.TrimSuffix(c, codeEnd), "-")
		whole[digits], whole[letters+digits] = true, true
	}
	p := phrase{words: words, whole: make([]bool, len(words))}
	for i, w := range words {
		p.whole[i] = whole[w]
	}
	return p
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
	words, _ := split(title)
	tier := p.rankWords(words)
	if tier != tierTitleBegins {
		if joined, ok := domain.JoinApostrophes(title); ok {
			words, _ := split(joined)
			tier = min(tier, p.rankWords(words))
		}
	}
	return tier
}

func (p *phrase) rankWords(title []string) int {
	n := len(p.words)
	for start := 0; start+n <= len(title); start++ {
		at := true
		for i := 0; i < n && at; i++ {
			at = p.matches(i, title[start+i])
		}
		if at && start == 0 {
			return tierTitleBegins
		}
		if at {
			return tierTitlePhrase
		}
	}
	for i := range p.words {
		found := false
		for _, t := range title {
			if found = p.matches(i, t); found {
				break
			}
		}
		if !found {
			return tierElsewhere
		}
	}
	return tierTitleWords
}
