package domain

import (
	"slices"
	"strings"
)

// Which interventions concern a country, and which of their points: the one rule for the
// country page, the brief and the countries list (docs/brief.md, "Talking points").

// Why an intervention concerns a country.
const (
	ConcernOnBehalf = "on_behalf" // spoken on behalf of one of the country's parties: every point
	ConcernMentions = "mentions"  // some points name the country: those points
	ConcernTagged   = "tagged"    // tagged with the country or one of its commitments: every point
)

// CountryScope is what names a country in an intervention: its ISO3 code, its names (the ISO
// English and French names and its party records' titles), its parties and its commitments
// (those on one of its sides, CommitmentSide).
type CountryScope struct {
	ISO3       string
	Names      []string
	Party      func(id string) bool
	Commitment func(id string) bool
	names      *nameIndex
}

// Concern says why iv concerns the country ("" when it does not) and the indexes of the
// points to show for it.
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
	if c.Party != nil && slices.ContainsFunc(iv.OnBehalfOf, c.Party) {
		return ConcernOnBehalf, all()
	}
	if c.names == nil {
		c.names = &nameIndex{}
		for _, n := range c.Names {
			c.names.add(n, c.ISO3)
		}
	}
	for i, p := range iv.Points {
		if c.names.names(p, func(string) bool { return true }) {
			points = append(points, i)
		}
	}
	switch {
	case len(points) > 0:
		return ConcernMentions, points
	case slices.Contains(iv.Countries, c.ISO3) || c.Commitment != nil && slices.ContainsFunc(iv.Commitments, c.Commitment):
		return ConcernTagged, all()
	}
	return "", nil
}

// Concerns is Concern for every country at once, for counting (the countries list): which
// countries an intervention concerns, by the same rule, reading its points once.
type Concerns struct {
	// PartyCountry is the ISO3 code of a party record ("" for none); CommitmentCountries the
	// countries on one of a commitment's sides.
	PartyCountry        func(id string) string
	CommitmentCountries func(id string) []string
	names               nameIndex
}

// AddName makes name (one of a country's names, or the title of one of its parties) name the
// country iso3 in points.
func (c *Concerns) AddName(iso3, name string) { c.names.add(name, iso3) }

// Countries returns the ISO3 codes of the countries iv concerns, sorted, without repeats.
func (c *Concerns) Countries(iv *Intervention) []string {
	if len(iv.Points) == 0 {
		return nil
	}
	var out []string
	add := func(code string) bool {
		if code != "" && !slices.Contains(out, code) {
			out = append(out, code)
		}
		return false // every name of every point: all the countries
	}
	for _, p := range iv.OnBehalfOf {
		if c.PartyCountry != nil {
			add(c.PartyCountry(p))
		}
	}
	for _, p := range iv.Points {
		c.names.names(p, add)
	}
	for _, code := range iv.Countries {
		add(code)
	}
	for _, cm := range iv.Commitments {
		if c.CommitmentCountries != nil {
			for _, code := range c.CommitmentCountries(cm) {
				add(code)
			}
		}
	}
	slices.Sort(out)
	return out
}

// nameIndex finds countries' names in text as whole words, case and accents ignored ("Niger"
// does not name Nigeria, "cote d ivoire" names Côte d'Ivoire).
type nameIndex struct {
	codes    map[string][]string // folded name → the countries it names
	maxWords int
}

func (x *nameIndex) add(name, iso3 string) {
	f := FoldWords(name)
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

// names calls found with each country a name in text names, and reports whether text names
// any; it stops when found returns true.
func (x *nameIndex) names(text string, found func(iso3 string) bool) bool {
	if len(x.codes) == 0 {
		return false
	}
	// A folded text is words joined by single spaces, so a phrase is a slice of it.
	t := FoldWords(text)
	any := false
	for start := 0; start < len(t); {
		end := start
		for n := 0; n < x.maxWords && end < len(t); n++ {
			if sp := strings.IndexByte(t[end+1:], ' '); sp < 0 {
				end = len(t)
			} else {
				end += 1 + sp
			}
			for _, code := range x.codes[t[start:end]] {
				any = true
				if found(code) {
					return true
				}
			}
		}
		if sp := strings.IndexByte(t[start:], ' '); sp < 0 {
			break
		} else {
			start += sp + 1
		}
	}
	return any
}
