package domain

import (
	"slices"
	"strings"
)

// Which interventions concern a country, and which of their points: the one rule for the
// country page and the brief (docs/brief.md, "Talking points").

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
	ISO3        string
	Names       []string
	Party       func(id string) bool
	Commitment  func(id string) bool
	foldedNames []string
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
	for i, p := range iv.Points {
		if c.mentions(p) {
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

// mentions reports whether text names the country: one of its names as whole words, case and
// accents ignored ("Niger" does not match "Nigeria").
func (c *CountryScope) mentions(text string) bool {
	if c.foldedNames == nil {
		c.foldedNames = []string{}
		for _, n := range c.Names {
			if f := FoldWords(n); f != "" && !slices.Contains(c.foldedNames, f) {
				c.foldedNames = append(c.foldedNames, f)
			}
		}
	}
	t := " " + FoldWords(text) + " "
	for _, n := range c.foldedNames {
		if strings.Contains(t, " "+n+" ") {
			return true
		}
	}
	return false
}
