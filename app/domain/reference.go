package domain

import (
	"bufio"
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Country is one ISO 3166-1 entry; the table is generated from Debian's iso-codes.
type Country struct {
	// Numeric is the ISO 3166-1 numeric code ("434" for Libya): the id of a country's shape
	// in the Natural Earth map data the frontend ships (world-atlas).
	Alpha3, Alpha2, Numeric string
	// Name and NameFR are the names every screen and brief shows (docs/brief.md, "Country
	// names"): the ISO name, or the display name of countries whose ISO name reads badly in a
	// sentence ("Fédération de Russie" for "Russie, Fédération de").
	Name, NameFR string
	// ISOName and ISONameFR are the names as iso-codes gives them (its common name where it
	// has one): what records and CSV files written before hold.
	ISOName, ISONameFR string
	// Aliases are the country's other names, which find it but are never shown: iso-codes'
	// full and official names in both languages, and short forms people type ("Russia").
	Aliases []string
}

//go:generate go run ./internal/gencountries -out countries_gen.go

// countries is the generated table with the display names and short forms of
// countries_names.go.
var countries = func() []Country {
	out := make([]Country, len(isoCountries))
	for i, c := range isoCountries {
		c.Name, c.NameFR = c.ISOName, c.ISONameFR
		if d, ok := displayNames[c.Alpha3]; ok {
			if d[0] != "" {
				c.Name = d[0]
			}
			if d[1] != "" {
				c.NameFR = d[1]
			}
		}
		c.Aliases = slices.Clone(c.Aliases)
		for _, a := range slices.Concat(shortNames[c.Alpha3], []string{c.ISOName, c.ISONameFR}, formalNames[c.Alpha3], abbreviations[c.Alpha3]) {
			if a != c.Name && a != c.NameFR && !slices.Contains(c.Aliases, a) {
				c.Aliases = append(c.Aliases, a)
			}
		}
		out[i] = c
	}
	return out
}()

var countryByAlpha3 = func() map[string]Country {
	m := make(map[string]Country, len(countries))
	for _, c := range countries {
		m[c.Alpha3] = c
	}
	return m
}()

// Countries returns every ISO 3166-1 country, ordered by alpha-3 code.
func Countries() []Country { return append([]Country(nil), countries...) }

// CountryByCode finds a country by its alpha-3 code (case-insensitive).
func CountryByCode(alpha3 string) (Country, bool) {
	c, ok := countryByAlpha3[strings.ToUpper(alpha3)]
	return c, ok
}

// Names are every name of the country: the display names first, then the aliases (ISO,
// full and official names, short forms).
func (c Country) Names() []string {
	out := []string{c.Name}
	if c.NameFR != c.Name {
		out = append(out, c.NameFR)
	}
	return append(out, c.Aliases...)
}

// SearchNames are the names a text search finds the country by: the display names, the ISO
// names and the short forms. Not the formal names ("Kingdom of Morocco", "Republic of the
// Niger"), which find the country when written whole (Names) but whose words, "kingdom",
// "republic", "state", would make a search for them find most countries' records.
func (c Country) SearchNames() []string {
	out := []string{c.Name}
	for _, n := range append([]string{c.NameFR, c.ISOName, c.ISONameFR}, shortNames[c.Alpha3]...) {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

var countryByName = func() map[string]Country {
	m := make(map[string]Country, 4*len(countries))
	for _, c := range countries {
		for _, n := range c.Names() {
			m[ApostropheKey(n)] = c
		}
	}
	return m
}()

// ApostropheKey writes the typographic apostrophe ’ as ', so that a name is the same name
// with either: French display names write ’ ("Côte d’Ivoire"), iso-codes and most keyboards
// '. The frontend's countryOfParty keys its table alike (lib/state.svelte.ts, nameKey).
func ApostropheKey(name string) string { return strings.ReplaceAll(name, "’", "'") }

// JoinApostrophes leaves out every apostrophe, ' or ’, that stands inside a word, between two
// letters or digits ("Côte d’Ivoire" → "Côte dIvoire", "l'Union" → "lUnion"), and reports
// whether there was one. Many people type an elision without its apostrophe ("cote divoire"),
// so a word with one is also found joined: this is the one rule, which the search words
// (store.Words: the parts and the joined word) and the names of countries in a text
// (CountryNames, ReadCountry: the name as written and joined) apply (docs/storage.md,
// "Apostrophes").
func JoinApostrophes(text string) (string, bool) {
	if !strings.ContainsAny(text, "'’") {
		return text, false
	}
	// A combining accent counts as the letter before it ("e\u0301'" in decomposed text).
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) }
	var b strings.Builder
	joined, prev := false, utf8.RuneError
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		if r == '\'' || r == '’' {
			next, _ := utf8.DecodeRuneInString(text[i+n:])
			if word(prev) && (unicode.IsLetter(next) || unicode.IsDigit(next)) {
				joined, prev, i = true, r, i+n
				continue
			}
		}
		b.WriteString(text[i : i+n]) // the bytes as they were, even where they are not UTF-8
		prev, i = r, i+n
	}
	if !joined {
		return text, false
	}
	return b.String(), true
}

// CountryByName finds the country one of whose names (Names) is name, exactly as written: a
// party named "Morocco", "Maroc" or "Kingdom of Morocco" stands for Morocco, and reads as
// "le Maroc" in French. Case and accents count: a title typed otherwise is the party's own.
// The apostrophe does not: "Côte d'Ivoire" and "Côte d’Ivoire" are one name.
func CountryByName(name string) (Country, bool) {
	c, ok := countryByName[ApostropheKey(name)]
	return c, ok
}

// NameIn is the country's display name in a language of the screens ("fr", else English).
func (c Country) NameIn(lang string) string {
	if lang == "fr" && c.NameFR != "" {
		return c.NameFR
	}
	return c.Name
}

// suggestBytes bounds the text ClosestCountry compares: twice the longest name (TestSuggestBytes).
const suggestBytes = 128

// ClosestCountry suggests one country for a text that is none, for "did you mean" messages:
// the first of CountrySuggestions.
func ClosestCountry(input string) Country {
	s, _ := CountrySuggestions(input)
	return s[0]
}

// cutSuggestText is the input, trimmed and cut to its first suggestBytes: no name is longer,
// the start of a longer text is enough to suggest one, and the edit distances over the whole
// of a CSV cell of megabytes would take minutes.
func cutSuggestText(input string) string {
	in := strings.TrimSpace(input)
	if len(in) > suggestBytes {
		n := suggestBytes
		for n > 0 && !utf8.RuneStart(in[n]) {
			n--
		}
		in = in[:n]
	}
	return in
}

// closestByEdits is the country whose code or name is nearest to the input by edit distance.
func closestByEdits(input string) Country {
	in := strings.ToUpper(input)
	best, bestD, bestSum := countries[0], 1<<30, 1<<30
	for _, c := range countries {
		cd, nd := editDistance(in, c.Alpha3), editDistance(in, strings.ToUpper(c.Name))
		d := min(cd, nd)
		for _, n := range c.Names()[1:] { // "Russie" is nearest to one of Russia's other names
			d = min(d, editDistance(in, strings.ToUpper(n)))
		}
		// The nearest of code and names decides; on a tie the code and the English name do,
		// so that "LBA" (one letter from LBN, LBR and LBY) suggests Libya rather than the
		// first in order.
		if d < bestD || d == bestD && cd+nd < bestSum {
			best, bestD, bestSum = c, d, cd+nd
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur := make([]int, len(rb)+1)
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(rb)]
}

// FrameworkItem is one item of a reference framework, such as GCM objective 7.
type FrameworkItem struct {
	Code      string `json:"code" validate:"required,notblank,max=40,code"`
	Number    int    `json:"number" validate:"min=0"`
	Title     string `json:"title" validate:"required,notblank,max=500"`
	Framework string `json:"framework" validate:"max=40"`
}

//go:embed reference/gcm-objectives.tsv
var gcmTSV []byte

//go:embed reference/jvap-domains.tsv
var jvapTSV []byte

// The reference frameworks shipped in the binary (shared/reference).
var (
	GCMItems  = mustParseItems("GCM", gcmTSV)
	JVAPItems = mustParseItems("JVAP", jvapTSV)
)

var referenceItems = func() map[string]FrameworkItem {
	m := map[string]FrameworkItem{}
	for _, it := range append(append([]FrameworkItem(nil), GCMItems...), JVAPItems...) {
		m[it.Code] = it
	}
	return m
}()

// ReferenceItem returns a shipped framework item by code, e.g. "GCM-7".
func ReferenceItem(code string) (FrameworkItem, bool) {
	it, ok := referenceItems[code]
	return it, ok
}

// ReferenceItemCodes lists the shipped framework item codes in order.
func ReferenceItemCodes() []string {
	out := make([]string, 0, len(referenceItems))
	for _, it := range GCMItems {
		out = append(out, it.Code)
	}
	for _, it := range JVAPItems {
		out = append(out, it.Code)
	}
	return out
}

func mustParseItems(framework string, tsv []byte) []FrameworkItem {
	items, err := parseItems(framework, tsv)
	if err != nil {
		panic(err)
	}
	return items
}

func parseItems(framework string, tsv []byte) ([]FrameworkItem, error) {
	sc := bufio.NewScanner(bytes.NewReader(tsv))
	var items []FrameworkItem
	line := 0
	for sc.Scan() {
		line++
		if line == 1 || strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) != 3 {
			return nil, fmt.Errorf("%s reference line %d: want 3 columns, got %d", framework, line, len(cols))
		}
		n, err := strconv.Atoi(cols[1])
		if err != nil {
			return nil, fmt.Errorf("%s reference line %d: number: %w", framework, line, err)
		}
		items = append(items, FrameworkItem{Code: cols[0], Number: n, Title: cols[2], Framework: framework})
	}
	sort.Slice(items, func(i, j int) bool { return items[i].Number < items[j].Number })
	return items, sc.Err()
}
