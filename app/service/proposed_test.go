package service_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"

	"dossier/app/service"
)

// TestProposedCountriesOfAMeeting: the country tags the intervention form proposes once a
// meeting is chosen (docs/model.md, "Interventions: countries proposed from the meeting"), on
// the sample's parties. The walk's finding: an intervention at the EU–Tunisia Migration
// Dialogue, organised by Tunisia, with no tag and no point naming Tunisia, was in no brief.
func TestProposedCountriesOfAMeeting(t *testing.T) {
	a := sampleApp(t)
	r := &service.Records{App: a}
	party := func(key string) string { return service.DemoID("party/" + key) }
	parties := func(keys ...string) []string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = party(k)
		}
		return out
	}
	meeting := func(title, organiser string, participants []string) string {
		t.Helper()
		f := map[string]json.RawMessage{"title": raw(title), "start": raw("2024-05-14"), "participants": raw(participants)}
		if organiser != "" {
			f["organiser"] = raw(organiser)
		}
		v, err := r.Add("meeting", f)
		if err != nil {
			t.Fatal(err)
		}
		return v.ID
	}
	// A Rabat Process senior officials' meeting hosted by Morocco: 20 participants, the
	// sample's 18 countries among them.
	rabat := parties("EU", "EC", "LBY", "MAR", "SEN", "MLI", "NER", "NGA", "CIV", "MRT", "GMB",
		"ETH", "ERI", "SDN", "SSD", "SOM", "DJI", "KEN", "EGY", "TUN")
	cases := []struct {
		name    string
		meeting string
		want    []string
		from    string
	}{
		{"the EU–Tunisia Migration Dialogue, organised by Tunisia",
			meeting("EU–Tunisia Migration Dialogue", party("TUN"), parties("EU", "EEAS", "TUN")), []string{"TUN"}, "organiser"},
		{"the same dialogue organised by the EEAS: Tunisia is the one country taking part",
			meeting("EU–Tunisia Migration Dialogue", party("EEAS"), parties("EEAS", "EC", "TUN")), []string{"TUN"}, "participant"},
		{"a Rabat Process meeting hosted by Morocco with 20 participants: about the route, not the host",
			meeting("Rabat Process Senior Officials' Meeting", party("MAR"), rabat), []string{}, ""},
		{"a Libya–Tunisia meeting organised by Tunisia: the host, one other country taking part",
			meeting("Tunisia–Libya border management meeting", party("TUN"), parties("EU", "TUN", "LBY")), []string{"TUN"}, "organiser"},
		{"a meeting organised by Tunisia with Libya and Egypt: several countries besides the host",
			meeting("North Africa consultation", party("TUN"), parties("EU", "TUN", "LBY", "EGY")), []string{}, ""},
		{"no organiser, many countries (the sample's Cádiz conference)",
			service.DemoID("meeting/rabat-cadiz-2022"), []string{}, ""},
		{"no organiser, one country besides the EU",
			meeting("EU–Libya technical meeting on search and rescue", "", parties("EU", "EEAS", "LBY")), []string{"LBY"}, "participant"},
		{"an organisation organises, organisations take part (the sample's UNECE review)",
			service.DemoID("meeting/unece-2020"), []string{}, ""},
		{"an organisation organises, two countries take part: neither is proposed",
			meeting("IOM roundtable on returns", party("IOM"), parties("IOM", "LBY", "TUN")), []string{}, ""},
	}
	for _, c := range cases {
		got, err := r.ProposedCountries(c.meeting)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !slices.Equal(got.Countries, c.want) || got.From != c.from {
			t.Errorf("%s: proposed %v from %q, want %v from %q", c.name, got.Countries, got.From, c.want, c.from)
		}
	}

	// A deleted organiser stands for nothing: the participants are read instead.
	dialogue := meeting("EU–Tunisia Migration Dialogue", party("TUN"), parties("EU", "TUN"))
	if _, err := r.Delete(party("TUN")); err != nil {
		t.Fatal(err)
	}
	if got, err := r.ProposedCountries(dialogue); err != nil || len(got.Countries) != 0 || got.From != "" {
		t.Errorf("a deleted organiser: proposed %+v (%v)", got, err)
	}

	var se *service.Error
	if _, err := r.ProposedCountries("00000000-0000-0000-0000-000000000000"); !errors.As(err, &se) || se.Code != service.CodeNotFound {
		t.Errorf("an unknown meeting: %v", err)
	}
}
