package domain

// Whose is a figure? An amount of funding or an indicator value may name the party it is for.
// A country page or brief counts it for a country when it names one of the country's parties,
// or when it names none and the commitment involves (is by or towards, or has figures for)
// that one country only.
// A figure naming no party on a commitment with several countries is shared: shown apart,
// never reported as any one country's (docs/model.md).

// Scope is whose a figure is, seen from one country.
type Scope int

const (
	ScopeOther   Scope = iota // for another party
	ScopeCountry              // the country's
	ScopeShared               // for the commitment's countries together
)

// FigureScope decides whose a figure is. party is the figure's party ("" for none), ofCountry
// tells whether a party is one of the country's, and countries is how many countries the
// commitment involves.
func FigureScope(party string, ofCountry func(id string) bool, countries int) Scope {
	switch {
	case party != "" && ofCountry(party):
		return ScopeCountry
	case party != "":
		return ScopeOther
	case countries <= 1:
		return ScopeCountry
	}
	return ScopeShared
}

// Involved returns the parties a commitment is by or towards, or records money or figures
// for, each once. The last count: a programme whose countries are named only in its funding
// split concerns them all, so its unallocated envelope is theirs together (shared), not each
// one's.
func (c *Commitment) Involved() []string {
	seen := map[string]bool{}
	var out []string
	for _, id := range append(append(append([]string(nil), c.CommittedBy...), c.Towards...), c.FigureParties()...) {
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// FigureParties returns the parties named by the commitment's amounts and indicator values,
// each once: a commitment that records money or figures for a country concerns it, as if it
// were towards it.
func (c *Commitment) FigureParties() []string {
	seen := map[string]bool{}
	var out []string
	add := func(id string) {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	for _, f := range c.Funding {
		add(f.Country)
	}
	for _, in := range c.Indicators {
		for _, v := range in.Values {
			add(v.Country)
		}
	}
	return out
}

// Side is which side of a commitment a country is on.
type Side string

const (
	SideNone    Side = ""        // the commitment does not concern the country
	SideBy      Side = "by"      // made by the country alone
	SideTowards Side = "towards" // made towards the country (or records money or figures for it)
	SideJoint   Side = "joint"   // made by the country together with others, or by it and for it
)

// CommitmentSide decides which side of a commitment a country is on; ofCountry tells whether a
// party is one of the country's. It is the one rule for the country page and the brief, so the
// two never disagree. Money or figures recorded for the country make the commitment one
// towards it.
func CommitmentSide(c *Commitment, ofCountry func(id string) bool) Side {
	any := func(ids []string) bool {
		for _, id := range ids {
			if ofCountry(id) {
				return true
			}
		}
		return false
	}
	by := any(c.CommittedBy)
	towards := any(c.Towards) || any(c.FigureParties())
	others := false
	for _, id := range c.CommittedBy {
		if !ofCountry(id) {
			others = true
		}
	}
	switch {
	case by && (others || towards):
		return SideJoint
	case by:
		return SideBy
	case towards:
		return SideTowards
	}
	return SideNone
}
