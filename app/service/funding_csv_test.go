package service

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// The new list fields travel through CSV as JSON cells, like indicators: export, import into
// an empty store with the same ids, and every value comes back byte for byte.
func TestFundingAndSeriesRoundTripThroughCSV(t *testing.T) {
	src, dst := testApp(t), testApp(t)
	add := func(a *App, kind, id string, fields map[string]string) {
		t.Helper()
		f := map[string]json.RawMessage{}
		for k, v := range fields {
			f[k] = json.RawMessage(v)
		}
		if _, err := (&Records{App: a}).AddWithID(kind, id, f); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
	}
	const (
		ner  = "0190a5d0-0000-7000-8000-0000000000a1"
		rab  = "0190a5d0-0000-7000-8000-0000000000b1"
		cm   = "0190a5d0-0000-7000-8000-0000000000d1"
		meet = "0190a5d0-0000-7000-8000-0000000000c1"
	)
	for _, a := range []*App{src, dst} { // the referenced records exist on both sides
		add(a, "party", ner, map[string]string{"name": `"Niger"`, "type": `"country"`, "iso3": `"NER"`})
		add(a, "partnership", rab, map[string]string{"title": `"Rabat Process"`, "type": `"regional_dialogue"`, "status": `"active"`, "source": `"Rabat Declaration, 2006"`})
	}
	add(src, "commitment", cm, map[string]string{"title": `"Sahel reintegration"`, "status": `"in_progress"`,
		"funding": `[{"amount":150000000,"currency":"EUR","instrument":"trust_fund_contribution","state":"pledged","as_of":"2016-12-13","source":"Action document; \"T05\", p. 3"},` +
			`{"amount":12000000.5,"currency":"EUR","state":"disbursed","country":"` + ner + `"},{"amount":1500000000,"currency":"XOF","state":"committed"}]`,
		"indicators": `[{"name":"Returnees","unit":"people","actual":53000,"as_of":"2020-11-13","source":"IOM",` +
			`"values":[{"actual":30000,"as_of":"2020-11-13","country":"` + ner + `"}]}]`})
	add(src, "meeting", meet, map[string]string{"title": `"Ministerial conference"`, "start": `"2022-12-13"`, "end": `"2022-12-14"`,
		"partnership": `"` + rab + `"`, "outcome": `"Declaration adopted; action plan 2023–2027"`, "time_zone": `"Europe/Madrid"`})

	dir := t.TempDir()
	for _, kind := range []string{"commitment", "meeting"} {
		path := filepath.Join(dir, kind+".csv")
		if _, err := (&CSV{App: src}).Export(kind, path); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := (&CSV{App: dst}).Import(kind, bytes.NewReader(data)); err != nil {
			t.Fatalf("import %s: %v\n%s", kind, err, data)
		}
	}
	for _, id := range []string{cm, meet} {
		a, err := (&Records{App: src}).Get(id)
		if err != nil {
			t.Fatal(err)
		}
		b, err := (&Records{App: dst}).Get(id)
		if err != nil {
			t.Fatal(err)
		}
		for name, v := range a.Fields {
			if !bytes.Equal(v, b.Fields[name]) {
				t.Errorf("%s.%s: exported %s, imported %s", a.Kind, name, v, b.Fields[name])
			}
		}
		if len(a.Fields) != len(b.Fields) {
			t.Errorf("%s: %d fields, %d after the round trip", a.Kind, len(a.Fields), len(b.Fields))
		}
	}
}
