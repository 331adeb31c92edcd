package domain

import "slices"

// Where the country tags the intervention form proposes come from (docs/model.md,
// "Interventions: countries proposed from the meeting").
const (
	ProposedFromOrganiser   = "organiser"   // the meeting's organiser stands for a country, and one other at most takes part
	ProposedFromParticipant = "participant" // no country organises it, and one country alone takes part
)

// ProposedCountries is the country tags the intervention form proposes for an intervention at
// m, and which rule proposed them: the country of m's organiser, when the organiser stands
// for a country and at most one other country takes part (the EU and Tunisia, organised by
// Tunisia; Spain and Morocco, organised by Morocco); otherwise, when no country organises it
// and exactly one country is among m's participants (the EU and Tunisia, organised by the EU
// or by nobody recorded), that country; otherwise none. partyCountry gives the country a
// party stands for ("" for none).
//
// A meeting of several countries proposes nothing, even when one of them hosts it: nothing
// recorded says that its interventions are about the host (a Rabat Process meeting in Rabat
// is about the route, not about Morocco), and proposing the host, or every participant,
// would put each intervention of a multilateral meeting in that country's brief. The
// proposal is only a proposal: the form shows it and the delegate keeps or removes it;
// domain.Concerns is unchanged and never reads the meeting.
func ProposedCountries(m *Meeting, partyCountry func(id string) string) (codes []string, from string) {
	host := ""
	if m.Organiser != "" {
		host = partyCountry(m.Organiser)
	}
	var others []string // the participants' countries other than the host's, without repeats
	for _, p := range m.Participants {
		if c := partyCountry(p); c != "" && c != host && !slices.Contains(others, c) {
			if others = append(others, c); len(others) > 1 {
				return nil, "" // a meeting of several countries besides its host
			}
		}
	}
	switch {
	case host != "":
		return []string{host}, ProposedFromOrganiser
	case len(others) == 1:
		return others, ProposedFromParticipant
	}
	return nil, ""
}
