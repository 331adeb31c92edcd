package service

import (
	"time"

	"dossier/app/domain"
)

// Meta describes the model to the UI: kinds and their fields, themes, the reference
// frameworks and the countries. It needs no open store.
type Meta struct{ App *App }

// KindSchema is one record kind with its fields in display order.
type KindSchema struct {
	Kind   domain.Kind    `json:"kind"`
	Label  string         `json:"label"`
	Plural string         `json:"plural"`
	Fields []domain.Field `json:"fields"`
}

// FrameworkRef is a reference framework shipped in the binary.
type FrameworkRef struct {
	Code  string                 `json:"code"`
	Title string                 `json:"title"`
	Items []domain.FrameworkItem `json:"items"`
}

// CountryView is one ISO 3166-1 country with its English and French names.
type CountryView struct {
	Alpha3 string `json:"alpha3"`
	Alpha2 string `json:"alpha2"`
	// Numeric is the ISO 3166-1 numeric code, the id of the country's shape on the map.
	Numeric string `json:"numeric"`
	// Name and NameFR are the display names, the only ones shown (docs/brief.md, "Country
	// names"): "Russian Federation", "Fédération de Russie".
	Name   string `json:"name"`
	NameFR string `json:"name_fr"`
	// Aliases are the country's other names, never shown: a party titled by one of them
	// stands for the country, and a search finds the country by them ("Russie, Fédération
	// de", "Russia", "United States of America").
	Aliases []string `json:"aliases"`
	// ArticleFR is the article of the French name: "la", "le", "l’", "les" or "".
	ArticleFR string `json:"article_fr"`
}

// SchemaView is everything forms and filters need to know about the model.
type SchemaView struct {
	Kinds      []KindSchema    `json:"kinds"`
	Themes     []domain.Option `json:"themes"`
	Frameworks []FrameworkRef  `json:"frameworks"`
	Countries  []CountryView   `json:"countries"`
	// Currencies are the ISO 4217 codes funding may be recorded in, by code.
	Currencies []domain.Currency `json:"currencies"`
}

var kindLabels = map[domain.Kind][2]string{
	domain.KindParty:        {"Party", "Parties"},
	domain.KindFramework:    {"Framework", "Frameworks"},
	domain.KindPartnership:  {"Partnership", "Partnerships"},
	domain.KindCommitment:   {"Commitment", "Commitments"},
	domain.KindMeeting:      {"Meeting", "Meetings"},
	domain.KindIntervention: {"Intervention", "Interventions"},
}

// Schema returns the model description.
func (m *Meta) Schema() (*SchemaView, error) {
	out := &SchemaView{Themes: domain.Themes}
	for _, k := range domain.Kinds {
		l := kindLabels[k]
		out.Kinds = append(out.Kinds, KindSchema{Kind: k, Label: l[0], Plural: l[1], Fields: domain.Schema(k)})
	}
	out.Frameworks = []FrameworkRef{
		{Code: "GCM", Title: "Global Compact for Safe, Orderly and Regular Migration", Items: domain.GCMItems},
		{Code: "JVAP", Title: "Joint Valletta Action Plan", Items: domain.JVAPItems},
	}
	for _, c := range domain.Countries() {
		out.Countries = append(out.Countries, countryView(c))
	}
	out.Currencies = domain.Currencies()
	return out, nil
}

// TimeZoneView is one zone offered by the time-zone picker.
type TimeZoneView struct {
	domain.TimeZone
	Offset string `json:"offset"` // the zone's offset from UTC today, e.g. "UTC+01:00"
}

// maxTimeZones bounds one answer of the picker.
const maxTimeZones = 50

// TimeZones finds time zones by city, country or common alias ("Geneva" → Europe/Zurich),
// best matches first, at most 50; an empty query lists the first 50 by name.
func (m *Meta) TimeZones(query string) ([]TimeZoneView, error) {
	if len(query) > 200 {
		return nil, InvalidP("query", domain.P("too_long", "max", "200"))
	}
	now := time.Now()
	out := []TimeZoneView{}
	for _, z := range domain.SearchTimeZones(query, maxTimeZones) {
		v := TimeZoneView{TimeZone: z}
		if loc, err := time.LoadLocation(z.Zone); err == nil {
			v.Offset = "UTC" + now.In(loc).Format("-07:00")
		}
		out = append(out, v)
	}
	return out, nil
}

func countryView(c domain.Country) CountryView {
	return CountryView{Alpha3: c.Alpha3, Alpha2: c.Alpha2, Numeric: c.Numeric, Name: c.Name, NameFR: c.NameFR, Aliases: append([]string{}, c.Aliases...), ArticleFR: domain.ArticleFR(c.Alpha3)}
}
