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
	c := s.ix.concernLookups()
	c.Names = s.CountryNames()
	return c
}

// PartyCountry is the ISO3 code of the country a party stands for: a live party whose code
// is a known country's; "" for any other record. The rule Concerns uses, for one party.
func (s *Store) PartyCountry(id string) string {
	return s.ix.concernLookups().PartyCountry(id)
}

// InterventionCountries returns the countries each of the interventions ids concerns by the
// country page's rule (Concerns). The costly part, reading a record and matching names in its
// points (about 100 µs), is kept per intervention until it or the names change (ivNamed); the
// rest is looked up in the index at each call, so an edit elsewhere costs the next list
// nothing, and the filter, which asks for every intervention again for each page and each
// country, reads only the interventions changed since (docs/performance.md). Only the
// interventions that concern some country are in the answer.
func (s *Store) InterventionCountries(ids []string) (map[string][]string, error) {
	refs, epoch := s.ix.interventions(ids)
	var missing []int
	for i := range refs {
		if refs[i].found && refs[i].state == notRead {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		// The names are taken after the epoch: a party changed since moves it, and what is
		// read with the names it replaced is not kept.
		names := s.CountryNames()
		var read []int
		err := s.view(func(txn *badger.Txn) error {
			for _, i := range missing {
				rec, err := getRecord(txn, ids[i])
				if errors.Is(err, ErrNotFound) {
					continue
				}
				if err != nil {
					return err
				}
				if rec.Kind != string(domain.KindIntervention) {
					continue
				}
				s.ivReads.Add(1)
				v, _ := domain.Read(domain.KindIntervention, rec.Fields())
				iv, ok := v.(*domain.Intervention)
				if !ok {
					continue
				}
				refs[i].state, refs[i].named = noPoints, nil
				if len(iv.Points) > 0 {
					refs[i].state, refs[i].named = namedBase, names.Named(iv.Points)
				}
				read = append(read, i)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if ivReadHook != nil {
			ivReadHook()
		}
		s.ix.keepNamed(epoch, refs, read)
	}
	c := s.ix.concernLookups()
	out := make(map[string][]string, len(ids))
	for i := range refs {
		r := &refs[i]
		if r.state < namedBase {
			continue // not an intervention, not read, or without points: no country
		}
		if codes := c.CountriesNamed(r.named, r.parties, r.countries, r.commitments); codes != nil {
			out[ids[i]] = codes
		}
	}
	return out, nil
}

// ivReadHook, when set (by a test), runs between reading interventions and keeping what
// was read: a change there is one made while they were read.
var ivReadHook func()

// InterventionReads is how many intervention records InterventionCountries has read since the
// store opened: what its kept values spare (a test sees from it what a change drops).
func (s *Store) InterventionReads() uint64 { return s.ivReads.Load() }

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
