package service

import (
	"strings"

	"dossier/app/domain"
)

// CountryProposal is the country tags the intervention form proposes for a meeting, and
// which rule proposed them (domain.ProposedFromOrganiser or ProposedFromParticipant; "" with
// no country).
type CountryProposal struct {
	Countries []string `json:"countries"`
	From      string   `json:"from"`
}

// ProposedCountries returns the country tags the intervention form proposes once a meeting
// is chosen (domain.ProposedCountries; docs/model.md, "Interventions: countries proposed from
// the meeting"). A party stands for a country by the rule of which interventions concern a
// country (Store.PartyCountry: live, and its code a known country's).
func (r *Records) ProposedCountries(meeting string) (*CountryProposal, error) {
	m, err := read[domain.Meeting](r.App.Store, strings.ToLower(strings.TrimSpace(meeting)))
	if err != nil {
		return nil, err
	}
	codes, from := domain.ProposedCountries(m, r.App.Store.PartyCountry)
	if codes == nil {
		codes = []string{}
	}
	return &CountryProposal{Countries: codes, From: from}, nil
}
