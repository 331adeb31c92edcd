package store

import (
	"errors"
	"log"
	"math"
	"slices"

	"dossier/app/domain"

	"github.com/dgraph-io/badger/v4"
)

// CountryNames is what names a country in a text, for the talking-points rule
// (domain.CountryScope, domain.Concerns): every country's shipped names, and the title of
// every party that stands for a known country. The country page, its brief and the countries
// list all read it from here, so that one country's page and the list see the same names.
func (s *Store) CountryNames() *domain.CountryNames {
	n := &domain.CountryNames{}
	for _, p := range s.Query(Query{Kind: string(domain.KindParty), Limit: math.MaxInt32}).Items {
		if _, ok := domain.CountryByCode(p.ISO3); ok && p.ISO3 != "" {
			n.AddParty(p.ISO3, p.Title)
		}
	}
	return n
}

// Concerns is the rule that says which countries an intervention concerns (domain.Concerns),
// with its inputs from the index: the country of each live party that has a known code, the
// countries on a side of each live commitment (its parties by, towards, or with figures for
// them: domain.CommitmentSide), and CountryNames. The countries list, the Interventions
// list's column and its country filter all take it from here (docs/brief.md, "Talking
// points").
func (s *Store) Concerns() *domain.Concerns {
	partyISO := map[string]string{}
	s.Each(Query{Kind: string(domain.KindParty)}, func(p Summary) {
		if _, ok := domain.CountryByCode(p.ISO3); ok && p.ISO3 != "" {
			partyISO[p.ID] = p.ISO3
		}
	})
	commitments := map[string][]string{}
	s.Each(Query{Kind: string(domain.KindCommitment)}, func(c Summary) {
		var codes []string
		for _, p := range c.Parties {
			if code := partyISO[p]; code != "" && !slices.Contains(codes, code) {
				codes = append(codes, code)
			}
		}
		if len(codes) > 0 {
			commitments[c.ID] = codes
		}
	})
	return &domain.Concerns{
		PartyCountry:        func(id string) string { return partyISO[id] },
		CommitmentCountries: func(id string) []string { return commitments[id] },
		Names:               s.CountryNames(),
	}
}

// InterventionCountries returns the countries each of the interventions ids concerns by the
// country page's rule (Concerns), reading the records not yet judged since the index last
// changed: the rule reads points, about 100 µs a record, and a list filtered for a country
// asks for every intervention again for each page and each country (docs/performance.md).
// Only the interventions that concern some country are in the answer; its slices are shared
// with the cache and must not be changed.
func (s *Store) InterventionCountries(ids []string) (map[string][]string, error) {
	puts := s.ix.putCount()
	cache := &s.ivCountries
	out := make(map[string][]string, len(ids))
	var missing []string
	cache.Lock()
	if cache.byID == nil || cache.puts != puts {
		// Any change may change the answer: a point, a party's title or country, a
		// commitment's sides.
		cache.byID, cache.puts = map[string][]string{}, puts
	}
	for _, id := range ids {
		if codes, ok := cache.byID[id]; ok {
			if codes != nil {
				out[id] = codes
			}
		} else {
			missing = append(missing, id)
		}
	}
	cache.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	c := s.Concerns()
	judged := make(map[string][]string, len(missing))
	err := s.view(func(txn *badger.Txn) error {
		for _, id := range missing {
			rec, err := getRecord(txn, id)
			if errors.Is(err, ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			if rec.Kind != string(domain.KindIntervention) {
				continue
			}
			v, _ := domain.Read(domain.KindIntervention, rec.Fields())
			if iv, ok := v.(*domain.Intervention); ok {
				judged[id] = c.Countries(iv)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cache.Lock()
	// Kept only while the index has not moved since the count was read; an answer read
	// across a change is still this call's, and the next call starts again.
	keep := cache.puts == puts && s.ix.putCount() == puts
	for _, id := range missing {
		codes, ok := judged[id]
		if ok && codes != nil {
			out[id] = codes
		}
		if keep && ok {
			cache.byID[id] = codes // nil too: judged, concerns no country
		}
	}
	cache.Unlock()
	return out, nil
}

// concerning judges, for a query with a country that may list interventions, which of the
// interventions its other filters keep concern the country by the country page's rule; nil
// when the query lists none. The rule reads their points, which the index does not hold
// (docs/performance.md). Should the records not be read, the index's own test (tags and
// parties) decides, as it did before the rule: a list is better shown than refused.
func (s *Store) concerning(q Query) map[string]bool {
	if q.Country == "" || q.Kind != "" && q.Kind != string(domain.KindIntervention) {
		return nil
	}
	c := q
	c.Kind, c.Country, c.Sort, c.Offset, c.Limit = string(domain.KindIntervention), "", "", 0, 0
	var ids []string
	s.ix.each(c, func(sm Summary) { ids = append(ids, sm.ID) })
	if len(ids) == 0 {
		return nil
	}
	countries, err := s.InterventionCountries(ids)
	if err != nil {
		log.Printf("store: the country filter could not read interventions, so it judges them by their tags: %v", err)
		return nil
	}
	out := make(map[string]bool, len(ids))
	for _, id := range ids {
		out[id] = slices.Contains(countries[id], q.Country) // none: an intervention without points
	}
	return out
}
