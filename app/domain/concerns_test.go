package domain

import (
	"math/rand"
	"slices"
	"strings"
	"testing"
)

func TestConcernNamesWholeWords(t *testing.T) {
	scope := &CountryScope{ISO3: "CIV", Names: []string{"Côte d'Ivoire", "Republic of Côte d’Ivoire"}}
	for _, tc := range []struct {
		point string
		want  bool
	}{
		{"Returns to Côte d'Ivoire rose.", true},
		{"returns to COTE D IVOIRE", true},
		{"la Côte-d’Ivoire", true},
		{"Côte d'Ivoire.", true},
		{"Côte", false},
		{"côte divoire", false},
		{"the republic of côte d ivoire", true},
		{"", false},
	} {
		why, _ := scope.Concern(&Intervention{Points: []string{tc.point}})
		if got := why == ConcernMentions; got != tc.want {
			t.Errorf("%q: names Côte d'Ivoire = %v, want %v", tc.point, got, tc.want)
		}
	}
	niger := &CountryScope{ISO3: "NER", Names: []string{"Niger"}}
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
	countries := []struct {
		iso   string
		names []string
	}{
		{"NER", []string{"Niger"}},
		{"NGA", []string{"Nigeria", "Nigéria"}},
		{"CIV", []string{"Côte d'Ivoire", "Ministry of Interior of Côte d'Ivoire"}},
		{"TUN", []string{"Tunisia", "Tunisie"}},
		{"COD", []string{"Democratic Republic of the Congo", "République démocratique du Congo"}},
		{"COG", []string{"Congo"}},
	}
	partyOf := map[string]string{"p-ner": "NER", "p-tun": "TUN", "p-civ": "CIV", "p-eu": ""}
	commitmentOf := map[string][]string{"c-tun": {"TUN"}, "c-both": {"TUN", "NGA"}, "c-none": nil}
	vocab := []string{"Niger", "Nigeria", "nigéria", "Côte", "d'Ivoire", "Ivoire", "Tunisie", "TUNISIA", "Congo",
		"Democratic", "Republic", "of", "the", "du", "République", "démocratique", "Ministry", "Interior", "returns", "and", ",", "–", "rose"}
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
	all := &Concerns{PartyCountry: func(id string) string { return partyOf[id] },
		CommitmentCountries: func(id string) []string { return commitmentOf[id] }}
	var scopes []*CountryScope
	for _, c := range countries {
		s := &CountryScope{ISO3: c.iso, Names: c.names, Party: func(id string) bool { return partyOf[id] == c.iso },
			Commitment: func(id string) bool { return slices.Contains(commitmentOf[id], c.iso) }}
		scopes = append(scopes, s)
		for _, n := range c.names {
			all.AddName(c.iso, n)
		}
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
		// Concerns may name a country outside the scopes tested (MLI, tagged): compare on theirs.
		got = slices.DeleteFunc(got, func(c string) bool { return c == "MLI" })
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("case %d %+v: Concerns says %v, Concern says %v", i, iv, got, want)
		}
	}
}
