package domain

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ErrNotACountry is the sentinel of CountryError.
var ErrNotACountry = errors.New("not a country")

// CountryError refuses a text ReadCountry does not read as one country. Problem names the
// text and says what to write (country_unknown, with the country meant; country_partial,
// with the countries its words could be part of the names of; country_ambiguous;
// country_blank).
type CountryError struct {
	Text    string
	Problem Problem
}

func (e *CountryError) Error() string { return e.Problem.Text() }

func (e *CountryError) Unwrap() error { return ErrNotACountry }

// ReadCountry reads a country from text a person wrote: the one reader of a country typed
// on the command line (brief --country, record list --country) and written in a CSV cell. It
// takes an ISO 3166-1 alpha-3 or alpha-2 code, or one of the country's names written whole
// (Names: display, ISO, official and short names in English and French), with case, accents,
// spaces and punctuation ignored (FoldWords: "cote d'ivoire", "Côte d’Ivoire", "COTE D IVOIRE")
// and a name's apostrophes left out too (JoinApostrophes: "Cote dIvoire"). No two countries
// share such a text (TestReadCountryEveryText). An alpha-2 code that a table also writes for
// an empty answer (blankMarks) is refused as ambiguous, such a mark written otherwise or a text
// of no letter as naming no country (blankText), and anything else with the countries it may
// stand for (CountrySuggestions): part of a name is never read ("Korea" is two countries).
func ReadCountry(text string) (Country, error) {
	key := FoldWords(text)
	c, ok := countryByText[key]
	switch {
	case ok && blankMarks[strings.ToUpper(key)]:
		return Country{}, &CountryError{Text: text, Problem: P("country_ambiguous", "value", text, "suggest", c.Alpha3, "suggest_name", c.Name)}
	case ok:
		return c, nil
	case blankText(key):
		return Country{}, &CountryError{Text: text, Problem: P("country_blank", "value", text)}
	}
	s, n := CountrySuggestions(text)
	if n > 1 {
		codes := make([]string, len(s))
		for i, c := range s {
			codes[i] = c.Alpha3
		}
		return Country{}, &CountryError{Text: text, Problem: P("country_partial", "value", text, "count", strconv.Itoa(n),
			"countries", strings.Join(codes, ", "), "more", strconv.Itoa(n-len(s)))}
	}
	return Country{}, &CountryError{Text: text, Problem: P("country_unknown", "value", text, "suggest", s[0].Alpha3, "suggest_name", s[0].Name)}
}

// MaxSuggestedCountries bounds the countries a refusal names ("Saint" is in the names of
// nine); the others are counted ("… and 4 more").
const MaxSuggestedCountries = 5

// CountrySuggestions are the countries that a text ReadCountry does not read may stand for,
// for its refusal, and how many there are in all (at most MaxSuggestedCountries are given).
// People write part of a country's name, "Emirates", "Korea", "Saint Vincent", "Corée", and
// the closest by edit distance was a wrong guess (Eritrea for "Emirates", Grenada for
// "Trinidad"); so the countries come first one of whose names (Names) holds every word of
// the text, folded (FoldWords; "St" and "Ste" as "Saint" and "Sainte"), all of them: "Korea"
// is two, and naming one would make the other a guess. Those matched by a name the screens
// search by (SearchNames) come before those matched only by a formal name, then by code.
// A text of no word of three letters or more but "the", "and", "des" and "les" matches no
// name this way. When no name holds the words, the one closest by edit distance.
func CountrySuggestions(text string) ([]Country, int) {
	in := cutSuggestText(text)
	words := suggestWords(FoldWords(in))
	type hit struct {
		c    Country
		tier int
	}
	var hits []hit
	if significant(words) {
		for i, c := range countries {
			tier := -1
			for _, n := range countryNameWords[i] {
				if (tier < 0 || n.tier < tier) && holdsWords(n.words, words) {
					tier = n.tier
				}
			}
			if tier >= 0 {
				hits = append(hits, hit{c, tier})
			}
		}
	}
	if len(hits) == 0 {
		return []Country{closestByEdits(in)}, 1
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].tier < hits[j].tier }) // countries are in code order
	out := make([]Country, 0, min(len(hits), MaxSuggestedCountries))
	for _, h := range hits[:min(len(hits), MaxSuggestedCountries)] {
		out = append(out, h.c)
	}
	return out, len(hits)
}

// suggestWords are a folded text's words with "st" and "ste" written out, as in the names.
func suggestWords(folded string) []string {
	words := strings.Fields(folded)
	for i, w := range words {
		switch w {
		case "st":
			words[i] = "saint"
		case "ste":
			words[i] = "sainte"
		}
	}
	return words
}

// significant says whether words hold one that can tell countries apart: three letters or
// more, and not a linking word that most formal names hold.
func significant(words []string) bool {
	for _, w := range words {
		if utf8.RuneCountInString(w) >= 3 && w != "the" && w != "and" && w != "des" && w != "les" {
			return true
		}
	}
	return false
}

// holdsWords says whether every one of words is among a name's words.
func holdsWords(name, words []string) bool {
	for _, w := range words {
		if !slices.Contains(name, w) {
			return false
		}
	}
	return true
}

// nameWords are one name's words, folded, and its tier: 0 for a name the screens search by
// (SearchNames), 1 for another (a formal name, an abbreviation).
type nameWords struct {
	words []string
	tier  int
}

// countryNameWords are the words of every name of each country, in the order of countries;
// a name with an apostrophe also joined ("Lao People’s": "peoples" as well as "people s").
var countryNameWords = func() [][]nameWords {
	out := make([][]nameWords, len(countries))
	for i, c := range countries {
		search := c.SearchNames()
		for _, n := range c.Names() {
			tier := 1
			if slices.Contains(search, n) {
				tier = 0
			}
			for _, k := range nameKeys(n) {
				out[i] = append(out[i], nameWords{suggestWords(k), tier})
			}
		}
	}
	return out
}()

// blankMarks are the alpha-2 codes that sheets also write in a cell that has no answer: NA
// (not available, not applicable; R and many tools write it for a missing value), NC (non
// communiqué), NR (non renseigné, not reported), SO (sans objet). Read as Namibia, New
// Caledonia, Nauru or Somalia they would put a country in a record that names none, with
// nothing on screen to say so; refused, they cost one more try with the alpha-3 code or the
// name. Other codes that are words ("IN", "IT", "ET", "DE") are taken: a country cell is cut
// at ";", not at spaces, so such a word stands alone only when it is meant as a code
// (docs/csv.md, "Countries").
var blankMarks = map[string]bool{"NA": true, "NC": true, "NR": true, "SO": true}

// blankText says whether a text, folded (FoldWords), is what a sheet writes for no answer
// rather than a country: nothing but marks ("", "-", "—", "?"), "N/D" (non disponible), or
// one of blankMarks written with marks ("N/A", "n.a.", "S/O", "N.C."). Such a text is no code,
// and the closest country offered for it ("did you mean NGA (Nigeria)?" for "N/A", Cuba for
// "-") was a wrong guess that, followed, put a country in a record that names none.
func blankText(key string) bool {
	joined := strings.ReplaceAll(key, " ", "")
	return joined == "" || joined == "nd" || joined != key && blankMarks[strings.ToUpper(joined)]
}

// countryTexts are the texts, folded, that ReadCountry reads as the country.
func countryTexts(c Country) []string {
	out := []string{FoldWords(c.Alpha3), FoldWords(c.Alpha2)}
	for _, n := range c.Names() {
		out = append(out, nameKeys(n)...)
	}
	return out
}

var countryByText = func() map[string]Country {
	m := make(map[string]Country, 8*len(countries))
	for _, c := range countries {
		for _, t := range countryTexts(c) {
			m[t] = c
		}
	}
	return m
}()
