package service

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/store"
)

// partyID finds the one live party of a name.
func partyID(t *testing.T, app *App, name string) string {
	t.Helper()
	return oneRecord(t, app, "party", name).ID
}

// exportCells exports one kind with "," and returns its rows by title, as maps column -> cell.
func exportCells(t *testing.T, app *App, kind string) (string, map[string]map[string]string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), kind+".csv")
	if _, err := (&CSV{App: app}).ExportFile(CSVExport{Kinds: []string{kind}, Path: path, Delimiter: ","}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	all, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]string{}
	for _, r := range all[1:] {
		row := map[string]string{}
		for i, h := range all[0] {
			row[h] = r[i]
		}
		out[row["title"]] = row
	}
	return path, out
}

// TestCSVReferencesInsideLists: the country of a funding entry and of an indicator value is
// written like any reference (ISO3 code, English or French country name, name, acronym, id),
// may name a party of the same import (stored first), and is exported as the name the import
// resolves back to the same party, or as the id when no name does. Importing the export
// changes nothing; importing it where the parties have other ids points to those.
func TestCSVReferencesInsideLists(t *testing.T) {
	app := testApp(t)
	seed(t, app) // Tunisia, European Union, Morocco and Kingdom of Morocco (both MAR)
	eu, morocco := partyID(t, app, "European Union"), partyID(t, app, "Morocco")
	q := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	funding := `[{"amount":105000000,"currency":"EUR","state":"committed","country":"Tunisie"},` +
		`{"amount":5000000,"currency":"EUR","state":"disbursed","country":" tun "},` +
		`{"amount":2500000,"currency":"USD","state":"pledged","country":"Niger"},` +
		`{"amount":1000000,"currency":"EUR","state":"pledged","country":"` + eu + `"},` +
		`{"amount":700000,"currency":"EUR","state":"pledged"}]`
	indicators := `[{"name":"Returnees assisted","unit":"people","source":"IOM","values":[` +
		`{"actual":120,"as_of":"2025-06-30","country":"Kingdom of Morocco"},` +
		`{"actual":80,"as_of":"2025-06-30","country":"` + morocco + `"},` +
		`{"actual":40,"as_of":"2025-06-30","country":"NER"},` +
		`{"actual":240,"as_of":"2025-06-30"}]}]`
	data := "kind,name,type,iso3,title,status,funding,indicators\n" +
		"commitment,,,,North Africa returns,in_progress," + q(funding) + "," + q(indicators) + "\n" +
		"party,Niger,country,NER,,,,\n" // after the row that names it: stored first all the same
	rep, err := (&CSV{App: app}).Import("", strings.NewReader(data))
	if err != nil || rep.Created != 2 {
		t.Fatalf("%v %+v", err, rep)
	}
	tun, ner, kom := partyID(t, app, "Tunisia"), partyID(t, app, "Niger"), partyID(t, app, "Kingdom of Morocco")
	cm := oneRecord(t, app, "commitment", "North Africa returns")
	got := readCommitment(t, cm.Fields)
	var countries []string
	for _, f := range got.Funding {
		countries = append(countries, f.Country)
	}
	for _, v := range got.Indicators[0].Values {
		countries = append(countries, v.Country)
	}
	if want := []string{tun, tun, ner, eu, "", kom, morocco, ner, ""}; strings.Join(countries, ",") != strings.Join(want, ",") {
		t.Fatalf("countries stored %q, want %q", countries, want)
	}

	// The export names them; Morocco, whose every key is shared with Kingdom of Morocco
	// (ISO3 MAR, "Morocco", "Maroc"), keeps its id.
	path, cells := exportCells(t, app, "commitment")
	row := cells["North Africa returns"]
	for _, want := range []string{`"country":"Tunisia"`, `"country":"Niger"`, `"country":"European Union"`} {
		if !strings.Contains(row["funding"], want) {
			t.Errorf("funding cell lacks %s: %s", want, row["funding"])
		}
	}
	if strings.Contains(row["funding"], tun) || strings.Contains(row["funding"], eu) {
		t.Errorf("funding cell has ids: %s", row["funding"])
	}
	if !strings.Contains(row["indicators"], `"country":"Kingdom of Morocco"`) || !strings.Contains(row["indicators"], `"country":"`+morocco+`"`) ||
		!strings.Contains(row["indicators"], `"country":"Niger"`) || strings.Contains(row["indicators"], kom) {
		t.Errorf("indicators cell: %s", row["indicators"])
	}

	// Importing the export changes nothing.
	before, _ := app.Store.StateHash()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = (&CSV{App: app}).Import("", f)
	f.Close()
	if err != nil || rep.Unchanged != 1 || rep.Created+rep.Updated != 0 {
		t.Fatalf("re-import: %v %+v", err, rep)
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Fatal("re-importing the export changed the state")
	}

	// Elsewhere, the same names point to that store's parties (other ids). Morocco's id is not
	// held there: the validator refuses it, naming the value.
	other := testApp(t)
	seed(t, other)
	if _, err := (&CSV{App: other}).Import("party", strings.NewReader("name,type,iso3\nNiger,country,NER\n")); err != nil {
		t.Fatal(err)
	}
	moved := strings.Replace(row["indicators"], `"country":"`+morocco+`"`, `"country":"Maroc"`, 1)
	if _, err := (&CSV{App: other}).Import("commitment", strings.NewReader("title,status,funding,indicators\nNorth Africa returns,in_progress,"+q(row["funding"])+","+q(moved)+"\n")); err == nil ||
		!strings.Contains(err.Error(), `row 2, column indicators: entry 1, values entry 2, country: "Maroc" could be any of 2 party records`) {
		t.Fatalf("an ambiguous French name: %v", err)
	}
	rep, err = (&CSV{App: other}).Import("commitment", strings.NewReader("title,status,funding,indicators\nNorth Africa returns,in_progress,"+q(row["funding"])+","+q(row["indicators"])+"\n"))
	if err == nil || !strings.Contains(err.Error(), "row 2, column indicators: entry 1, values entry 2, country: points to "+morocco+", which does not exist") {
		t.Fatalf("an id held only elsewhere: %v %+v", err, rep)
	}
	moved = strings.Replace(row["indicators"], `"country":"`+morocco+`"`, `"country":"`+partyID(t, other, "Morocco")+`"`, 1)
	if _, err := (&CSV{App: other}).Import("commitment", strings.NewReader("title,status,funding,indicators\nNorth Africa returns,in_progress,"+q(row["funding"])+","+q(moved)+"\n")); err != nil {
		t.Fatal(err)
	}
	there := readCommitment(t, oneRecord(t, other, "commitment", "North Africa returns").Fields)
	if there.Funding[0].Country != partyID(t, other, "Tunisia") || there.Funding[2].Country != partyID(t, other, "Niger") ||
		there.Indicators[0].Values[0].Country != partyID(t, other, "Kingdom of Morocco") || there.Funding[0].Country == tun {
		t.Fatalf("names resolved elsewhere to %+v", there)
	}
	// Same content in both stores, but for the ids.
	a, _ := json.Marshal(got)
	b, _ := json.Marshal(there)
	ids := strings.NewReplacer(tun, "TUN", ner, "NER", eu, "EU", kom, "KOM", morocco, "MOR")
	idsThere := strings.NewReplacer(partyID(t, other, "Tunisia"), "TUN", partyID(t, other, "Niger"), "NER", partyID(t, other, "European Union"), "EU",
		partyID(t, other, "Kingdom of Morocco"), "KOM", partyID(t, other, "Morocco"), "MOR")
	if ids.Replace(string(a)) != idsThere.Replace(string(b)) {
		t.Fatalf("\n%s\n%s", a, b)
	}
	if n := other.Store.Query(store.Query{Kind: "commitment", Country: "NER"}).Total; n != 1 {
		t.Fatalf("the commitment is not filed under Niger there: %d", n)
	}
}

func readCommitment(t *testing.T, fields map[string]json.RawMessage) *domain.Commitment {
	t.Helper()
	rec, verr := domain.Decode(domain.KindCommitment, fields)
	if verr != nil {
		t.Fatal(verr)
	}
	return rec.(*domain.Commitment)
}
