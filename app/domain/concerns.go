package domain

import (
	"slices"
	"strings"
	"sync"
)

// Which interventions concern a country, and which of their points: the one rule for the
// country page, the brief and the countries list (docs/brief.md, "Talking points").

// Why an intervention concerns a country.
const (
	ConcernOnBehalf = "on_behalf" // spoken on behalf of one of the country's parties: every point
	ConcernMentions = "mentions"  // some points name the country: those points
	ConcernTagged   = "tagged"    // tagged with the country or one of its commitments: every point
)

// CountryScope is what names a country in an intervention: its ISO3 code, its parties and
// its commitments (those on one of its sides, CommitmentSide), and the names of every country
// (Names), since a name inside another country's longer name is not a mention.
type CountryScope struct {
	ISO3       string
	Names      *CountryNames // nil: the shipped names of every country, no party titles
	Party      func(id string) bool
	Commitment func(id string) bool
}

// Concern says why iv concerns the country ("" when it does not) and the indexes of the
// points to show for it. It is Concerns' rule for the one country (concerns: its parties and
// commitments as lookups), with the reason that wins when several hold, in this order: on
// behalf of it, its name in points (those points), tagged with it.
func (c *CountryScope) Concern(iv *Intervention) (why string, points []int) {
	if len(iv.Points) == 0 {
		return "", nil
	}
	all := func() []int {
		out := make([]int, len(iv.Points))
		for i := range out {
			out[i] = i
		}
		return out
	}
	one := c.concerns()
	if slices.Contains(one.onBehalf(iv.OnBehalfOf), c.ISO3) {
		return ConcernOnBehalf, all()
	}
	for i, p := range iv.Points {
		if c.Names.find(p, func(code string) bool { return code == c.ISO3 }) {
			points = append(points, i)
		}
	}
	switch {
	case len(points) > 0:
		return ConcernMentions, points
	case slices.Contains(one.tagged(iv.Countries, iv.Commitments), c.ISO3):
		return ConcernTagged, all()
	}
	return "", nil
}

// concerns is the scope as Concerns: a party or commitment of the country gives its code.
func (c *CountryScope) concerns() *Concerns {
	return &Concerns{
		PartyCountry: func(id string) string {
			if c.Party != nil && c.Party(id) {
				return c.ISO3
			}
			return ""
		},
		CommitmentCountries: func(id string) []string {
			if c.Commitment != nil && c.Commitment(id) {
				return []string{c.ISO3}
			}
			return nil
		},
		Names: c.Names,
	}
}

// Concerns is Concern for every country at once, for counting (the countries list): which
// countries an intervention concerns, by the same rule, reading its points once.
type Concerns struct {
	// PartyCountry is the ISO3 code of a party record ("" for none); CommitmentCountries the
	// countries on one of a commitment's sides.
	PartyCountry        func(id string) string
	CommitmentCountries func(id string) []string
	Names               *CountryNames // nil: the shipped names of every country
}

// Countries returns the ISO3 codes of the countries iv concerns, sorted, without repeats.
func (c *Concerns) Countries(iv *Intervention) []string {
	if len(iv.Points) == 0 {
		return nil
	}
	return c.CountriesNamed(c.Names.Named(iv.Points), iv.OnBehalfOf, iv.Countries, iv.Commitments)
}

// CountriesNamed is Countries for an intervention that has points, given what its points name
// (CountryNames.Named) and its on-behalf parties, country tags and commitments. Reading the
// points is the costly part and depends only on the intervention and the names, so a caller
// may keep named until either changes, and look the rest up again (Store.InterventionCountries).
func (c *Concerns) CountriesNamed(named, onBehalfOf, countries, commitments []string) []string {
	out := slices.DeleteFunc(slices.Concat(c.onBehalf(onBehalfOf), named, c.tagged(countries, commitments)),
		func(code string) bool { return code == "" })
	if len(out) == 0 {
		return nil // none is no list, as Store.InterventionCountries and its callers expect
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// onBehalf is the countries an intervention speaks for: those of its on-behalf parties.
func (c *Concerns) onBehalf(parties []string) []string {
	var out []string
	for _, p := range parties {
		if c.PartyCountry != nil {
			out = append(out, c.PartyCountry(p))
		}
	}
	return out
}

// tagged is the countries an intervention is tagged with: its countries, and those on a side
// of its commitments.
func (c *Concerns) tagged(countries, commitments []string) []string {
	out := slices.Clone(countries)
	for _, cm := range commitments {
		if c.CommitmentCountries != nil {
			out = append(out, c.CommitmentCountries(cm)...)
		}
	}
	return out
}

// Named returns the countries the texts name (every name of every text), sorted, without
// repeats; nil when they name none.
func (n *CountryNames) Named(texts []string) []string {
	var out []string
	for _, t := range texts {
		n.find(t, func(code string) bool {
			if !slices.Contains(out, code) {
				out = append(out, code)
			}
			return false // every name of every text: all the countries
		})
	}
	slices.Sort(out)
	return out
}

// CountryNames finds the countries a text names: every country's names (Country.Names), and
// the titles of the parties that stand for a country (AddParty). Names are whole words, case
// and accents ignored ("Niger" does not name Nigeria, "cote d ivoire" names Côte d'Ivoire, and
// so does "Cote dIvoire", typed without the apostrophe: JoinApostrophes), and a name inside a
// longer one is not a mention ("South Sudan" does not name Sudan): the text is read from the
// left, taking at each word the longest name that starts there.
type CountryNames struct {
	parties nameIndex
}

// AddParty makes a party's title name the country iso3.
func (n *CountryNames) AddParty(iso3, title string) { n.parties.add(title, iso3) }

// shippedNames indexes every country's names once; parties' titles are looked up beside it.
var shippedNames = sync.OnceValue(func() *nameIndex {
	x := &nameIndex{}
	for _, c := range countries {
		for _, name := range c.Names() {
			x.add(name, c.Alpha3)
		}
	}
	return x
})

// find calls found with each country a name in text names, and reports whether found
// returned true for one; it stops there.
func (n *CountryNames) find(text string, found func(iso3 string) bool) bool {
	shipped := shippedNames()
	var parties *nameIndex
	if n != nil {
		parties = &n.parties
	}
	maxWords := shipped.maxWords
	if parties != nil {
		maxWords = max(maxWords, parties.maxWords)
	}
	// A folded text is words joined by single spaces, so a phrase is a slice of it.
	t := FoldWords(text)
	for start := 0; start < len(t); {
		var codes []string
		longest, end := -1, start
		for range maxWords {
			if end >= len(t) {
				break
			}
			if sp := strings.IndexByte(t[end+1:], ' '); sp < 0 {
				end = len(t)
			} else {
				end += 1 + sp
			}
			phrase := t[start:end]
			if c, p := shipped.codes[phrase], parties.lookup(phrase); len(c)+len(p) > 0 {
				codes, longest = append(slices.Clip(c), p...), end
			}
		}
		if longest >= 0 {
			for _, code := range codes {
				if found(code) {
					return true
				}
			}
			start = longest + 1 // past the name and its space
			continue
		}
		if sp := strings.IndexByte(t[start:], ' '); sp < 0 {
			break
		} else {
			start += sp + 1
		}
	}
	return false
}

// nameIndex maps folded names to the countries they name.
type nameIndex struct {
	codes    map[string][]string // folded name → the countries it names
	maxWords int
}

func (x *nameIndex) lookup(folded string) []string {
	if x == nil {
		return nil
	}
	return x.codes[folded]
}

// add indexes a name by its keys (nameKeys): a text naming "Cote dIvoire" names Côte d'Ivoire.
func (x *nameIndex) add(name, iso3 string) {
	for _, k := range nameKeys(name) {
		x.addFolded(k, iso3)
	}
}

// nameKeys are the folded forms (FoldWords) a name is found by: as written and, when it has
// an apostrophe inside a word, joined (JoinApostrophes). A name in a text (CountryNames) and
// a country typed alone (ReadCountry) are found by the same keys.
func nameKeys(name string) []string {
	if joined, ok := JoinApostrophes(name); ok {
		return []string{FoldWords(name), FoldWords(joined)}
	}
	return []string{FoldWords(name)}
}

func (x *nameIndex) addFolded(f, iso3 string) {
	if f == "" {
		return
	}
	if x.codes == nil {
		x.codes = map[string][]string{}
	}
	if !slices.Contains(x.codes[f], iso3) {
		x.codes[f] = append(x.codes[f], iso3)
	}
	x.maxWords = max(x.maxWords, strings.Count(f, " ")+1)
}
