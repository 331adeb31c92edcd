package service

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
)

// An intervention's countries are written in a sheet as every other country of a CSV file
// is: by ISO3 code or by a country's name in English or French, with either apostrophe
// (the walk of 4 December 2026: "Sénégal; Côte d’Ivoire" was refused three times over,
// "is not an ISO 3166-1 alpha-3 country code: did you mean SEN"), and stored as codes.
func TestCSVInterventionCountriesByName(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	m, err := recs.Add("meeting", map[string]json.RawMessage{"title": json.RawMessage(`"Réunion régionale de Dakar"`), "start": json.RawMessage(`"2026-11-30"`)})
	if err != nil {
		t.Fatal(err)
	}
	file := "kind;meeting;speaker;points;countries\n" +
		"intervention;Réunion régionale de Dakar;Ministre;La Mauritanie est concernée.;\"Sénégal; Côte d’Ivoire; mrt; Niger; gm\"\n"
	rep, err := (&CSV{App: app}).ImportFiles("", CSVInput{Name: "iv.csv", R: strings.NewReader(file)})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	l, err := recs.List(Query{Kind: "intervention", Meeting: m.ID})
	if err != nil || len(l.Items) != 1 {
		t.Fatalf("%v %+v", err, l)
	}
	v, _ := recs.Get(l.Items[0].ID)
	var got []string
	_ = json.Unmarshal(v.Fields["countries"], &got)
	slices.Sort(got)
	if want := []string{"CIV", "GMB", "MRT", "NER", "SEN"}; !slices.Equal(got, want) { // gm: an alpha-2 code

		t.Errorf("countries %v, want %v", got, want)
	}
	// A name that is no country is still refused, by the reader of countries
	// (domain.ReadCountry), with the nearest code; so is "NA", which a sheet writes for no
	// answer as often as for Namibia, and "N/A"; nothing is stored.
	for typed, want := range map[string]string{
		"Nigerr": `row 2, column countries: "Nigerr" is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean NER (Niger)?`,
		"NA":     `row 2, column countries: "NA" is an ISO 3166-1 alpha-2 code, that of NAM (Namibia), but tables also write it for an empty answer`,
		// Written with marks it is no code, and no country is offered (it offered Nigeria).
		"N/A": `row 2, column countries: "N/A" names no country: tables write it for an empty answer; leave it out`,
		// A part of the names of two countries names both, and reads as neither.
		"Korea": `row 2, column countries: "Korea" is part of the names of 2 countries: KOR (South Korea), PRK (North Korea); write the ISO 3166-1 alpha-3 code or the whole name of the one you mean`,
	} {
		before, _ := app.Store.StateHash()
		rep, err = (&CSV{App: app}).ImportFiles("", CSVInput{Name: "iv.csv", R: strings.NewReader(strings.Replace(file, "Niger", typed, 1))})
		if err == nil || len(rep.Errors) != 1 || !strings.Contains((rep.Errors[0].where(false)+": "+rep.Errors[0].Message), want) {
			t.Errorf("%s: %v %+v", typed, err, rep)
		} else if code := rep.Errors[0].Problem.Code; code != "country_unknown" && code != "country_ambiguous" && code != "country_blank" && code != "country_partial" {
			t.Errorf("%s: problem %s", typed, code)
		}
		if after, _ := app.Store.StateHash(); after != before {
			t.Errorf("%s: the refused file changed the store", typed)
		}
	}
}

// A party's ISO3 column is read by the same reader: a code in any case, alpha-3 or alpha-2,
// or a name in English or French, stored as the alpha-3 code; the party is then named by it
// in the same file (its keys are the code's). Until 4 December 2026 "tun" and "Tunisie" were
// refused there ("did you mean TUN"), though the intervention's countries took them.
func TestCSVPartyCountryRead(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	file := "kind,name,type,iso3,committed_by,title,status\n" +
		"party,Garde nationale tunisienne,country,Tunisie,,,\n" +
		"party,Ministère de l’Intérieur (Maroc),country,ma,,,\n" +
		"party,Senegal Navy,country,sen,,,\n" +
		"commitment,,,,TUN; MAR,Formation des garde-côtes,agreed\n"
	rep, err := (&CSV{App: app}).ImportFiles("", CSVInput{Name: "p.csv", R: strings.NewReader(file)})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	l, err := recs.List(Query{Kind: "party", Limit: 10})
	if err != nil || len(l.Items) != 3 {
		t.Fatalf("%v %+v", err, l)
	}
	codes := map[string]string{}
	for _, it := range l.Items {
		v, _ := recs.Get(it.ID)
		var iso3 string
		_ = json.Unmarshal(v.Fields["iso3"], &iso3)
		codes[it.Title] = iso3
	}
	if want := map[string]string{"Garde nationale tunisienne": "TUN", "Ministère de l’Intérieur (Maroc)": "MAR", "Senegal Navy": "SEN"}; !maps.Equal(codes, want) {
		t.Errorf("ISO3 codes %v, want %v", codes, want)
	}
	c, err := recs.List(Query{Kind: "commitment", Country: "Tunisie"})
	if err != nil || len(c.Items) != 1 {
		t.Errorf("the commitment by TUN and MAR: %v %+v", err, c)
	}
	// The list says which country it read, for its picker (an address's "?country=tunisie").
	if c != nil && c.Country != "TUN" {
		t.Errorf("the list read %q as %q, want TUN", "Tunisie", c.Country)
	}
	if all, err := recs.List(Query{Kind: "commitment"}); err != nil || all.Country != "" {
		t.Errorf("an unfiltered list names country %q (%v)", all.Country, err)
	}
	bad := "kind,name,type,iso3\nparty,Namibian Police,country,NA\nparty,Atlantis Guard,country,Atlantis\n"
	rep, err = (&CSV{App: app}).ImportFiles("", CSVInput{Name: "bad.csv", R: strings.NewReader(bad)})
	if err == nil || len(rep.Errors) != 2 {
		t.Fatalf("%v %+v", err, rep)
	}
	for i, want := range []string{`row 2, column iso3: "NA" is an ISO 3166-1 alpha-2 code, that of NAM (Namibia)`, `row 3, column iso3: "Atlantis" is not a country`} {
		if !strings.Contains((rep.Errors[i].where(false) + ": " + rep.Errors[i].Message), want) {
			t.Errorf("error %d: %s, want %s", i, (rep.Errors[i].where(false) + ": " + rep.Errors[i].Message), want)
		}
	}
}

// A countries cell written as a JSON array is read element by element alike; an element that
// is no text (a number, null) is left to validation, which refuses its shape, not as a country.
func TestCSVInterventionCountriesJSONCell(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	m, err := recs.Add("meeting", map[string]json.RawMessage{"title": json.RawMessage(`"Dakar"`), "start": json.RawMessage(`"2026-11-30"`)})
	if err != nil {
		t.Fatal(err)
	}
	file := func(cell string) string {
		return "kind;meeting;speaker;points;countries\nintervention;Dakar;Ministre;Un point.;\"" + strings.ReplaceAll(cell, `"`, `""`) + "\"\n"
	}
	rep, err := (&CSV{App: app}).ImportFiles("", CSVInput{Name: "iv.csv", R: strings.NewReader(file(`["Tunisie", "ma", "SEN"]`))})
	if err != nil {
		t.Fatalf("%v %+v", err, rep)
	}
	l, _ := recs.List(Query{Kind: "intervention", Meeting: m.ID})
	if len(l.Items) != 1 || !slices.Equal(l.Items[0].Countries, []string{"MAR", "SEN", "TUN"}) {
		t.Fatalf("%+v", l.Items)
	}
	for _, cell := range []string{`["TUN", 5]`, `["TUN", null]`} {
		rep, err = (&CSV{App: app}).ImportFiles("", CSVInput{Name: "iv.csv", R: strings.NewReader(file(cell))})
		if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "countries" || rep.Errors[0].Problem == nil ||
			strings.HasPrefix(rep.Errors[0].Problem.Code, "country_") {
			t.Errorf("%s: %v %+v", cell, err, rep)
		}
	}
}
