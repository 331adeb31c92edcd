package domain

// Where the country tags the intervention form proposes come from (docs/model.md,
// "Interventions: countries proposed from the meeting").
const (
	ProposedFromOrganiser   = "organiser"   // the meeting's organiser stands for a country
	ProposedFromParticipant = "participant" // no country organises it, and one country alone takes part
)

// ProposedCountries is the country tags the intervention form proposes for an intervention at
// m, and which rule proposed them: the country of m's organiser when the organiser stands for
// a country; otherwise, when exactly one country is among m's participants (the EU and
// Tunisia, organised by the EU or by nobody recorded), that country; otherwise none.
// partyCountry gives the country a party stands for ("" for none).
//
// Two countries or more without a country organiser propose nothing: nothing recorded says
// which of them is the speaker's own side, and tagging every participant would put each
// intervention of a multilateral meeting in every participant's brief. The proposal is only
// a proposal: the form shows it and the delegate keeps or removes it; domain.Concerns is
// unchanged and never reads the meeting.
func ProposedCountries(m *Meeting, partyCountry func(id string) string) (codes []string, from string) {
	if m.Organiser != "" {
		if c := partyCountry(m.Organiser); c != "" {
			return []string{c}, ProposedFromOrganiser
		}
	}
	only := ""
	for _, p := range m.Participants {
		switch c := partyCountry(p); {
		case c == "" || c == only:
		case only == "":
			only = c
		default:
			return nil, "" // two countries: a multilateral meeting, or a bilateral one of two countries
		}
	}
	if only == "" {
		return nil, ""
	}
	return []string{only}, ProposedFromParticipant
}
