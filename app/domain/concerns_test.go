package domain

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

func TestConcernNamesWholeWords(t *testing.T) {
	scope := &CountryScope{ISO3: "CIV"}
	for _, tc := range []struct {
		point string
		want  bool
	}{
		{"Returns to Côte d'Ivoire rose.", true},
		{"returns to COTE D IVOIRE", true},
		{"la Côte-d’Ivoire", true},
		{"Côte d'Ivoire.", true},
		{"Côte", false},
		{"côte divoire", true}, // typed without the apostrophe (JoinApostrophes)
		{"Cote dIvoire", true},
		{"côte divoires", false}, // still whole words
		{"cotedivoire", false},
		{"the republic of côte d ivoire", true},
		{"", false},
	} {
		why, _ := scope.Concern(&Intervention{Points: []string{tc.point}})
		if got := why == ConcernMentions; got != tc.want {
			t.Errorf("%q: names Côte d'Ivoire = %v, want %v", tc.point, got, tc.want)
		}
	}
	niger := &CountryScope{ISO3: "NER"}
	if why, _ := niger.Concern(&Intervention{Points: []string{"Nigeria and Nigerien returns"}}); why != "" {
		t.Errorf("Nigeria names Niger: %q", why)
	}
	if why, pts := niger.Concern(&Intervention{Points: []string{"Mali", "Niger, then Chad"}}); why != ConcernMentions || !slices.Equal(pts, []int{1}) {
		t.Errorf("Niger in the second point: %q %v", why, pts)
	}
}

// Concerns.Countries must say, for every country, what CountryScope.Concern says: the
// countries list counts with one, the country page and the brief show with the other.
func TestConcernsIsConcernForEveryCountry(t *testing.T) {
	// The shipped names of every country take part; these parties' titles are added.
	countries := []struct {
		iso   string
		names []string
	}{
		{"NER", nil},
		{"NGA", nil},
		{"CIV", []string{"Ministry of Interior of Côte d'Ivoire"}},
		{"TUN", []string{"Tunisian Coast Guard"}},
		{"COD", nil},
		{"COG", nil},
		{"SDN", []string{"Sudan Coast Guard"}},
		{"SSD", nil},
		{"GIN", nil},
		{"GNB", nil},
	}
	partyOf := map[string]string{"p-ner": "NER", "p-tun": "TUN", "p-civ": "CIV", "p-eu": ""}
	commitmentOf := map[string][]string{"c-tun": {"TUN"}, "c-both": {"TUN", "NGA"}, "c-none": nil}
	vocab := []string{"Niger", "Nigeria", "nigéria", "Côte", "d'Ivoire", "Ivoire", "Tunisie", "TUNISIA", "Congo",
		"Democratic", "Republic", "of", "the", "du", "République", "démocratique", "Ministry", "Interior", "returns", "and", ",", "–", "rose",
		"South", "Sudan", "Coast", "Guard", "Tunisian", "Guinea", "Bissau", "Guinea-Bissau", "Papua", "New"}
	keys := func(m map[string]string) []string {
		var out []string
		for k := range m {
			out = append(out, k)
		}
		slices.Sort(out)
		return out
	}
	rng := rand.New(rand.NewSource(7))
	pick := func(from []string, most int) []string {
		var out []string
		for range rng.Intn(most + 1) {
			out = append(out, from[rng.Intn(len(from))])
		}
		return out
	}
	names := &CountryNames{}
	for _, c := range countries {
		for _, n := range c.names {
			names.AddParty(c.iso, n)
		}
	}
	all := &Concerns{PartyCountry: func(id string) string { return partyOf[id] },
		CommitmentCountries: func(id string) []string { return commitmentOf[id] }, Names: names}
	var scopes []*CountryScope
	inScopes := map[string]bool{}
	for _, c := range countries {
		s := &CountryScope{ISO3: c.iso, Names: names, Party: func(id string) bool { return partyOf[id] == c.iso },
			Commitment: func(id string) bool { return slices.Contains(commitmentOf[id], c.iso) }}
		scopes = append(scopes, s)
		inScopes[c.iso] = true
	}
	for i := range 5000 {
		iv := &Intervention{OnBehalfOf: pick(keys(partyOf), 2), Countries: pick([]string{"NER", "COG", "MLI"}, 1),
			Commitments: pick([]string{"c-tun", "c-both", "c-none"}, 1)}
		for range rng.Intn(3) {
			iv.Points = append(iv.Points, strings.Join(pick(vocab, 8), " "))
		}
		var want []string
		for _, s := range scopes {
			if why, _ := s.Concern(iv); why != "" {
				want = append(want, s.ISO3)
			}
		}
		got := all.Countries(iv)
		// Concerns may name a country outside the scopes tested (MLI, tagged; Papua New
		// Guinea): compare on theirs.
		got = slices.DeleteFunc(got, func(c string) bool { return !inScopes[c] })
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d %+v: Concerns says %v, Concern says %v", i, iv, got, want)
		}
	}
}

// A name inside a longer name is not a mention: the longest name starting at a word wins.
func TestConcernNamesTheLongestName(t *testing.T) {
	names := &CountryNames{}
	names.AddParty("SDN", "Sudan Coast Guard")
	all := &Concerns{Names: names}
	for point, want := range map[string][]string{
		"Returns to South Sudan":                      {"SSD"},
		"Sudan and South Sudan":                       {"SDN", "SSD"},
		"the Democratic Republic of the Congo":        {"COD"},
		"République démocratique du Congo et Congo":   {"COD", "COG"},
		"the Republic of the Congo":                   {"COG"},
		"Guinea-Bissau":                               {"GNB"},
		"Papua New Guinea":                            {"PNG"},
		"Equatorial Guinea and Guinea":                {"GIN", "GNQ"},
		"the Sudan Coast Guard in South Sudan waters": {"SDN", "SSD"},
		"Niger, Nigeria":                              {"NER", "NGA"},
	} {
		if got := all.Countries(&Intervention{Points: []string{point}}); !slices.Equal(got, want) {
			t.Errorf("%q names %v, want %v", point, got, want)
		}
		for _, code := range []string{"SDN", "SSD", "COD", "COG", "GIN", "GNB", "GNQ", "PNG", "NER", "NGA"} {
			why, _ := (&CountryScope{ISO3: code, Names: names}).Concern(&Intervention{Points: []string{point}})
			if (why == ConcernMentions) != slices.Contains(want, code) {
				t.Errorf("%q: the scope of %s says %q, the list %v", point, code, why, want)
			}
		}
	}
}
