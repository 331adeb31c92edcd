package service

import (
	"encoding/json"
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
		"intervention;Réunion régionale de Dakar;Ministre;La Mauritanie est concernée.;Sénégal; Côte d’Ivoire; mrt; Niger\n"
	file = strings.Replace(file, "Sénégal; Côte d’Ivoire; mrt; Niger", `"Sénégal; Côte d’Ivoire; mrt; Niger"`, 1)
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
	if want := []string{"CIV", "MRT", "NER", "SEN"}; !slices.Equal(got, want) {
		t.Errorf("countries %v, want %v", got, want)
	}
	// A name that is no country is still refused, with the nearest code.
	rep, err = (&CSV{App: app}).ImportFiles("", CSVInput{Name: "iv.csv", R: strings.NewReader(strings.Replace(file, "Niger", "Nigerr", 1))})
	if err == nil || len(rep.Errors) != 1 || !strings.Contains(rep.Errors[0].Message, `"Nigerr" is not an ISO 3166-1 alpha-3 country code`) {
		t.Errorf("%v %+v", err, rep)
	}
}
