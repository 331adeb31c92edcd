package domain

import (
	"errors"
	"strings"
)

// ErrNotACountry is the sentinel of CountryError.
var ErrNotACountry = errors.New("not a country")

// CountryError refuses a text ReadCountry does not read as one country. Problem names the
// text and says what to write (country_unknown, with the closest country; country_ambiguous;
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
// of no letter as naming no country (blankText), and anything else with the closest country.
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
	s := ClosestCountry(text)
	return Country{}, &CountryError{Text: text, Problem: P("country_unknown", "value", text, "suggest", s.Alpha3, "suggest_name", s.Name)}
}

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
