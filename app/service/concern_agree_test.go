package service

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/store"
)

// A country's page and brief choose the interventions that concern it with
// domain.CountryScope; the Interventions list's Countries column, its country filter and the
// countries list's counts with domain.Concerns, which CountryScope is written in terms of
// (domain/concerns.go). Over the portfolio and random interventions added to it (on behalf of
// its parties, tagged with its countries and commitments, points naming countries by their
// names in English and French, parties' titles and near-names), for every country: the scope,
// built as the page builds it (the country's live parties; the commitments it is on a side of,
// domain.CommitmentSide), concerns exactly the interventions whose Countries column names it.
func TestCountryScopeIsConcernsOverThePortfolio(t *testing.T) {
	app := loadPortfolio(t)
	r := &Records{App: app}
	st := app.Store
	ids := func(kind string) []string {
		var out []string
		for _, s := range st.Query(store.Query{Kind: kind, Limit: math.MaxInt32}).Items {
			out = append(out, s.ID)
		}
		return out
	}
	parties, commitments, meetings := ids("party"), ids("commitment"), ids("meeting")
	if len(parties) < 20 || len(commitments) < 10 || len(meetings) == 0 || len(ids("intervention")) != 3 {
		t.Fatalf("the portfolio: %d parties, %d commitments, %d meetings", len(parties), len(commitments), len(meetings))
	}
	words := []string{"Niger", "Nigeria", "Nigéria", "Côte d’Ivoire", "Cote dIvoire", "Sudan", "South Sudan", "Soudan du Sud",
		"Tunisie", "TUNISIA", "Tunisian", "Libye", "Maroc", "Guinea", "Guinea-Bissau", "Papua New Guinea", "Congo",
		"République démocratique du Congo", "Türkiye", "Turkey", "EU", "IOM", "returns", "and", "et", "in", ",", "–", "from"}
	for _, s := range st.Query(store.Query{Kind: "party", Limit: math.MaxInt32}).Items {
		words = append(words, s.Title) // parties' titles name their country (CountryNames)
	}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func(from []string, most int) []string {
		var out []string
		for range rng.IntN(most + 1) {
			if e := from[rng.IntN(len(from))]; !slices.Contains(out, e) {
				out = append(out, e)
			}
		}
		return out
	}
	codes := []string{"TUN", "MAR", "NER", "NGA", "SDN", "SSD", "CIV", "COD", "LBY", "ETH"}
	for i := range 80 {
		var points []string
		for range rng.IntN(3) {
			points = append(points, strings.Join(append(pick(words, 5), words[rng.IntN(len(words))]), " "))
		}
		f := map[string]any{"meeting": meetings[rng.IntN(len(meetings))], "speaker": "Speaker", "points": points,
			"on_behalf_of": pick(parties, 2), "commitments": pick(commitments, 2), "countries": pick(codes, 2)}
		fields := map[string]json.RawMessage{}
		for k, v := range f {
			fields[k], _ = json.Marshal(v)
		}
		if _, err := r.Add("intervention", fields); err != nil {
			t.Fatalf("intervention %d: %v", i, err)
		}
	}

	// What the list says, by Concerns.
	l, err := r.List(Query{Kind: "intervention", Limit: 1000})
	if err != nil || l.Total != 83 {
		t.Fatalf("%v: %d interventions", err, l.Total)
	}
	listed := map[string][]string{}
	for _, it := range l.Items {
		listed[it.ID] = it.Countries
	}
	// What each country's scope says.
	ivs := map[string]*domain.Intervention{}
	for id := range listed {
		iv, err := read[domain.Intervention](st, id)
		if err != nil {
			t.Fatal(err)
		}
		ivs[id] = iv
	}
	cms := map[string]*domain.Commitment{}
	for _, id := range commitments {
		if cms[id], err = read[domain.Commitment](st, id); err != nil {
			t.Fatal(err)
		}
	}
	partySummaries := st.Query(store.Query{Kind: "party", Limit: math.MaxInt32}).Items
	scoped := map[string][]string{}
	concerned := 0
	for _, c := range domain.Countries() {
		mine := map[string]bool{}
		for _, s := range partySummaries {
			mine[s.ID] = s.ISO3 == c.Alpha3
		}
		onSide := map[string]bool{}
		for id, cm := range cms {
			onSide[id] = domain.CommitmentSide(cm, func(id string) bool { return mine[id] }) != domain.SideNone
		}
		scope := &domain.CountryScope{ISO3: c.Alpha3, Names: st.CountryNames(), Party: func(id string) bool { return mine[id] },
			Commitment: func(id string) bool { return onSide[id] }}
		for id, iv := range ivs {
			if why, _ := scope.Concern(iv); why != "" {
				scoped[id] = append(scoped[id], c.Alpha3)
				concerned++
			}
		}
	}
	for id := range listed {
		if !slices.Equal(listed[id], scoped[id]) {
			t.Errorf("intervention %s %+v: the list (Concerns) says %v, the countries' scopes (CountryScope) %v", id, ivs[id], listed[id], scoped[id])
		}
	}
	if concerned < 100 {
		t.Errorf("only %d (intervention, country) pairs concerned: the random interventions test too little", concerned)
	}
}
