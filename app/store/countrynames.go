package store

import (
	"math"

	"dossier/app/domain"
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
