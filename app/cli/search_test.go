package cli_test

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/service"
)

func TestListSearchesReferencesAndRefusesUnknownFilters(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	for q, want := range map[string]string{"Tunisia": "2 of 2", "African Union": "2 of 2", "readmission": "3 of 3", "GCM-21": "3 of 3", "IOM": "2 of 2"} {
		if out := must(t, run(t, d, "", "record", "list", "commitment", "--q", q)); !strings.HasSuffix(out, want) {
			t.Errorf("--q %q: %s", q, out)
		}
	}
	r := run(t, d, "", "record", "list", "commitment", "--status", "maybe")
	if r.code != 2 || !strings.Contains(r.err, `status: "maybe" is not a commitment status: pick one of proposed, agreed`) || r.out != "" {
		t.Errorf("--status maybe: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if r := run(t, d, "", "record", "list", "commitment", "--lang", "de"); r.code != 2 || !strings.Contains(r.err, "lang:") {
		t.Errorf("--lang de: exit %d %s", r.code, r.err)
	}
	must(t, run(t, d, `{"name": "Cyprus", "type": "country", "iso3": "CYP"}`, "record", "add", "party"))
	// In French, country parties sort by the French name the screens show: "Cyprus" is
	// "Chypre", before "Côte d'Ivoire".
	for lang, cypFirst := range map[string]bool{"en": false, "fr": true} {
		out := must(t, run(t, d, "", "record", "list", "party", "--lang", lang, "--limit", "100"))
		if civ, cyp := strings.Index(out, "Côte d'Ivoire"), strings.Index(out, "Cyprus"); civ < 0 || cyp < 0 || (civ > cyp) != cypFirst {
			t.Errorf("--lang %s: Côte d'Ivoire at %d, Cyprus at %d:\n%s", lang, civ, cyp, out)
		}
	}
}

func TestShowNamesReferencesBesideTheirIDs(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	id := service.DemoID("commitment/vhr-libya")
	out := must(t, run(t, d, "", "record", "show", id))
	for _, line := range []string{
		"committed_by     European Union (" + service.DemoID("party/EU") + ")",
		"                 International Organization for Migration (" + service.DemoID("party/IOM") + ")",
		"towards          Libya (" + service.DemoID("party/LBY") + ")",
		"partnership      AU-EU-UN Task Force on the situation of migrants and refugees in Libya (" + service.DemoID("partnership/au-eu-un-taskforce") + ")",
	} {
		if !strings.Contains(out, line+"\n") {
			t.Errorf("missing %q in:\n%s", line, out)
		}
	}
	// The money and the figures in words: one amount per line, amount and state first (a JSON
	// line was cut before its state), its country named beside its id; an indicator's values
	// one per line, latest first.
	sahel := service.DemoID("commitment/eutf-sahel-reintegration")
	out = must(t, run(t, d, "", "record", "show", sahel))
	ner := "Niger (" + service.DemoID("party/NER") + ")"
	for _, line := range []string{
		"funding          EUR 150,000,000 pledged, trust_fund_contribution, as of 2016-12-13; source: Sample figure: envelope for the region, not split by country\n",
		"                 EUR 40,000,000 committed, trust_fund_contribution, as of 2018-06-30, for " + ner + "\n",
		"                 EUR 12,000,000 disbursed, trust_fund_contribution, as of 2020-11-13, for " + ner + "\n",
		"                 EUR 25,000,000 committed, trust_fund_contribution, as of 2018-06-30, for Mali (" + service.DemoID("party/MLI") + ")\n",
		"                 XOF 1,500,000,000 committed, in_kind, as of 2019-03-31, for Senegal (" + service.DemoID("party/SEN") + ")",
		"indicators       Returning migrants assisted to reintegrate (people): target 100,000, since 2017-01-01; source: Sample figures\n",
		"                   81,000 as of 2020-11-13; all countries of the programme\n" +
			"                   30,000 as of 2020-11-13, " + ner + "\n",
		"                   18,000 as of 2019-11-13, " + ner + "\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("missing %q in:\n%s", line, out)
		}
	}
	if strings.Contains(out, `"amount"`) {
		t.Errorf("the funding is shown as JSON:\n%s", out)
	}
	out = must(t, run(t, d, "", "record", "show", service.DemoID("partnership/rabat")))
	if !strings.Contains(out, "Morocco ("+service.DemoID("party/MAR")+"), member\n") {
		t.Errorf("partnership parties:\n%s", out)
	}
	var v struct {
		Fields map[string]json.RawMessage `json:"fields"`
		Names  map[string]string          `json:"names"`
	}
	if err := json.Unmarshal([]byte(must(t, run(t, d, "", "record", "show", id, "--json"))), &v); err != nil {
		t.Fatal(err)
	}
	var towards []string
	json.Unmarshal(v.Fields["towards"], &towards)
	if len(towards) != 1 || towards[0] != service.DemoID("party/LBY") || v.Names[service.DemoID("party/LBY")] != "Libya" {
		t.Errorf("--json: towards %s, names %v", v.Fields["towards"], v.Names)
	}
	if err := json.Unmarshal([]byte(must(t, run(t, d, "", "record", "show", sahel, "--json"))), &v); err != nil {
		t.Fatal(err)
	}
	var money []struct{ Country string }
	json.Unmarshal(v.Fields["funding"], &money)
	if v.Names[service.DemoID("party/NER")] != "Niger" || v.Names[service.DemoID("party/SEN")] != "Senegal" || len(money) != 5 || money[1].Country != service.DemoID("party/NER") {
		t.Errorf("--json: the funding keeps its ids and names them apart: %s %v", v.Fields["funding"], v.Names)
	}
}

// TestListShowsFunding: a list of commitments has a funding column, as the window's list.
func TestListShowsFunding(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	out := must(t, run(t, d, "", "record", "list", "commitment", "--has-funding"))
	for _, want := range []string{"FUNDING", "Voluntary humanitarian returns from Libya", "EUR 58,000,000 disbursed", "USD 12,500,000 committed"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	// Under the list, the money of every commitment selected: a partnership's totals.
	out = must(t, run(t, d, "", "record", "list", "commitment", "--partnership", service.DemoID("partnership/eutf-africa"), "--limit", "1"))
	if !strings.Contains(out, "funding of the 1 commitment selected (1 with funding), per currency and state, never converted:\n"+
		"  EUR  150,000,000 pledged; 65,000,000 committed; 12,000,000 disbursed\n  XOF  1,500,000,000 committed\n1 of 1") {
		t.Errorf("partnership totals:\n%s", out)
	}
	if out := must(t, run(t, d, "", "record", "list", "party")); strings.Contains(out, "FUNDING") || strings.Contains(out, "funding of") {
		t.Errorf("a funding column on parties:\n%s", out)
	}
}

// TestHistoryWordsAmounts: the history and conflicts show funding in words, each amount with
// its state, as `record show` does (a JSON line cut at 160 characters hid the state).
func TestHistoryWordsAmounts(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	id := service.DemoID("commitment/eutf-sahel-reintegration")
	funding := `[{"amount":150000000,"currency":"EUR","state":"pledged","instrument":"trust_fund_contribution","source":"Board decision of 12 November 2015, as recorded in the minutes of the operational committee"},{"amount":70000000,"currency":"EUR","state":"disbursed"}]`
	must(t, run(t, d, "", "record", "set", id, "funding="+funding))
	out := must(t, run(t, d, "", "record", "history", id))
	if !strings.Contains(out, "; EUR 70,000,000 disbursed") || strings.Contains(out, `"amount"`) {
		t.Errorf("history of a funding change:\n%s", out)
	}
}

// The history names the records a change refers to, as `record show` does ("Niger (id)"),
// where it printed bare ids (found by a secretariat's walk).
func TestHistoryNamesReferences(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	id := service.DemoID("commitment/eutf-sahel-reintegration")
	ner, rabat := service.DemoID("party/NER"), service.DemoID("partnership/rabat")
	must(t, run(t, d, "", "record", "set", id, "towards=[\""+ner+"\"]", "partnership="+rabat))
	out := must(t, run(t, d, "", "record", "history", id))
	for _, want := range []string{"towards: ", "Niger (" + ner + ")", "Rabat Process", "(" + rabat + ")"} {
		if !strings.Contains(out, want) {
			t.Errorf("history lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"`+ner+`"`) {
		t.Errorf("history prints a bare id:\n%s", out)
	}
}
