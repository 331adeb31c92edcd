package store

import (
	"slices"
	"strings"

	"dossier/app/domain"
)

// ivNamed keeps, per index slot, what an intervention's points name (domain.CountryNames.Named):
// reading a record and matching names in its points is nearly all of the country page's rule
// (domain.Concerns), and it depends only on the intervention and on the names (the shipped
// ones and the titles of the live parties that stand for a country). So a value is dropped
// when its intervention's summary is stored again (every change of the record stores one:
// a local save, an import, a restore, a conflict resolved, a deletion), and every value when
// a party's title or country changes, or such a party is created or deleted. The rest of
// the rule (its on-behalf parties' countries, its tags, its commitments' sides) is looked up
// in the index at each call, so no other change drops anything (docs/performance.md, "4
// December"). Held under index.mu.
type ivNamed struct {
	// of is, per slot: notRead, noPoints, or namedBase+k when the points name sets[k]; 4 bytes
	// a record, made when first asked for. Lists of codes are kept once each: most
	// interventions name one or two countries, and many name the same.
	of    []uint32
	sets  [][]string
	setOf map[string]uint32 // a list's codes joined by spaces -> its k
	// epoch moves whenever a value is dropped: what was read before it moved may be of the
	// record or the names since replaced, and is not kept (index.keepNamed).
	epoch uint64
}

const (
	notRead   = 0
	noPoints  = 1 // an intervention without points concerns no country
	namedBase = 2
)

// countryName is what a party's summary lends the names (Store.CountryNames): its title,
// for its country, when it is live and its code is a known country's.
func countryName(s *slot) (iso3, title string) {
	if s.Kind != string(domain.KindParty) || s.Deleted {
		return "", ""
	}
	iso3 = s.extra().ISO3
	if _, ok := domain.CountryByCode(iso3); !ok || iso3 == "" {
		return "", ""
	}
	return iso3, s.Title
}

// forget drops what the summary new, stored at slot in place of old, may change.
func (n *ivNamed) forget(slot int, old, new *slot) {
	oc, ot := countryName(old)
	nc, nt := countryName(new)
	if oc != nc || ot != nt {
		n.forgetAll()
		return
	}
	iv := string(domain.KindIntervention)
	if old.Kind == iv || new.Kind == iv {
		if slot < len(n.of) {
			n.of[slot] = notRead
		}
		n.epoch++
	}
}

// forgetNamed drops every value kept: records were written without the index learning them
// (a batch that failed part way, or set aside), so no summary put will drop theirs.
func (ix *index) forgetNamed() {
	ix.mu.Lock()
	ix.named.forgetAll()
	ix.mu.Unlock()
}

func (n *ivNamed) forgetAll() {
	clear(n.of)
	n.sets, n.setOf = nil, nil
	n.epoch++
}

// ivRefs is what the rule needs of one intervention: from its summary, its on-behalf parties,
// tags and commitments; from its points, state and named (as in ivNamed.of).
type ivRefs struct {
	found                           bool // an intervention the index holds
	slot                            int
	state                           uint32
	named                           []string
	parties, countries, commitments []string
}

// interventions looks up ids in the index, and gives the epoch with which to keep what is
// read of the points not yet read (keepNamed).
func (ix *index) interventions(ids []string) ([]ivRefs, uint64) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	out := make([]ivRefs, len(ids))
	for i, id := range ids {
		slot, ok := ix.byID[id]
		if !ok || ix.slots[slot].Kind != string(domain.KindIntervention) {
			continue
		}
		s := &ix.slots[slot]
		r := ivRefs{found: true, slot: slot, parties: s.Parties, countries: s.extra().Countries, commitments: s.extra().Commitments}
		if slot < len(ix.named.of) {
			if r.state = ix.named.of[slot]; r.state >= namedBase {
				r.named = ix.named.sets[r.state-namedBase]
			}
		}
		out[i] = r
	}
	return out, ix.named.epoch
}

// keepNamed keeps what was read of the points of refs (those with read set), unless a value
// was dropped since epoch: the read may then be of what the change replaced.
func (ix *index) keepNamed(epoch uint64, refs []ivRefs, read []int) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	n := &ix.named
	if n.epoch != epoch {
		return
	}
	if len(n.of) < len(ix.slots) {
		n.of = append(n.of, make([]uint32, len(ix.slots)-len(n.of))...)
	}
	// The lists of codes outlive the values that named them (an edited point names another
	// country); they are kept no longer than there are records, so that the cache stays
	// within 4 bytes a record and a list of codes a record.
	if len(n.sets) > len(ix.slots) {
		clear(n.of)
		n.sets, n.setOf = nil, nil
	}
	for _, i := range read {
		r := &refs[i]
		if r.state != noPoints {
			key := strings.Join(r.named, " ")
			k, ok := n.setOf[key]
			if !ok {
				if n.setOf == nil {
					n.setOf = map[string]uint32{}
				}
				k = uint32(len(n.sets))
				n.sets = append(n.sets, r.named)
				n.setOf[key] = k
			}
			r.state = namedBase + k
		}
		n.of[r.slot] = r.state
	}
}

// concernLookups is Concerns without its Names, which only the reading of points needs: a
// party's country and a commitment's sides, looked up in the index at each call (a few map
// reads), so that nothing is kept for them and no change needs to drop anything.
func (ix *index) concernLookups() *domain.Concerns {
	country := func(party string) string {
		code := ix.partyISO[party] // live parties only
		if _, ok := domain.CountryByCode(code); !ok {
			return ""
		}
		return code
	}
	return &domain.Concerns{
		PartyCountry: func(id string) string {
			ix.mu.RLock()
			defer ix.mu.RUnlock()
			return country(id)
		},
		CommitmentCountries: func(id string) []string {
			ix.mu.RLock()
			defer ix.mu.RUnlock()
			slot, ok := ix.byID[id]
			if !ok || ix.slots[slot].Kind != string(domain.KindCommitment) || ix.slots[slot].Deleted {
				return nil
			}
			var codes []string
			for _, p := range ix.slots[slot].Parties {
				if code := country(p); code != "" && !slices.Contains(codes, code) {
					codes = append(codes, code)
				}
			}
			return codes
		},
	}
}
