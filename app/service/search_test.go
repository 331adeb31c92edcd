package service

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/internal/collation"
	"dossier/app/store"
)

func demoIDs(names ...string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = DemoID(n)
	}
	slices.Sort(out)
	return out
}

func listIDs(t *testing.T, a *App, q Query) []string {
	t.Helper()
	q.Limit = store.MaxLimit
	l, err := (&Records{App: a}).List(q)
	if err != nil {
		t.Fatalf("%+v: %v", q, err)
	}
	out := []string{}
	for _, it := range l.Items {
		out = append(out, it.ID)
	}
	if l.Total != len(out) {
		t.Fatalf("%+v: total %d, %d items", q, l.Total, len(out))
	}
	slices.Sort(out)
	return out
}

// What people type finds the sample records that name it, directly or through what they
// refer to (issue 10: each of these found nothing).
func TestSearchFindsSampleRecordsByWhatTheyReferTo(t *testing.T) {
	a := openDemo(t)
	c := func(n string) string { return "commitment/" + n }
	// eutf-sahel-reintegration: the Trust Fund commitment of the sample money, towards seven
	// countries of the Sahel and Lake Chad, themed readmission, under GCM-21 and JVAP-5.
	sahel := c("eutf-sahel-reintegration")
	valletta := []string{c("border-coast-guards"), c("legislation"), c("asylum-reception"), c("smuggling"), c("return-reintegration"), c("vhr-libya"), sahel}
	cases := []struct {
		kind, q string
		want    []string
	}{
		{"commitment", "Tunisia", []string{c("border-coast-guards"), c("search-rescue")}},
		{"commitment", "Tunisie", []string{c("border-coast-guards"), c("search-rescue")}},
		{"commitment", "Morocco", []string{c("border-coast-guards"), c("return-reintegration")}},
		{"commitment", "maroc", []string{c("border-coast-guards"), c("return-reintegration")}},
		{"commitment", "African Union", []string{c("vhr-libya"), c("libya-assistance")}},
		{"commitment", "readmission", []string{c("return-reintegration"), c("vhr-libya"), sahel}},
		{"commitment", "réadmission", []string{c("return-reintegration"), c("vhr-libya"), sahel}},
		{"commitment", "Retour, réadmission et réintégration", []string{c("return-reintegration"), c("vhr-libya"), sahel}},
		{"commitment", "GCM-21", []string{c("return-reintegration"), c("vhr-libya"), sahel}},
		{"commitment", "IOM", []string{c("vhr-libya"), c("libya-assistance")}},
		{"commitment", "International Organization for Migration", []string{c("vhr-libya"), c("libya-assistance")}},
		{"commitment", "cote d'ivoire", []string{c("return-reintegration"), sahel}},
		{"commitment", "Khartoum", []string{c("smuggling")}},
		{"commitment", "Valletta", valletta}, // the framework JVAP's title, through its items
		{"commitment", "Libye", []string{c("border-coast-guards"), c("search-rescue"), c("vhr-libya"), c("libya-assistance")}},
		{"commitment", "Tunisia voluntary", nil},
		{"commitment", "EUR 150000000", []string{sahel}}, // an amount with its currency (funding)
		{"commitment", "150 000 000", []string{sahel}},
		{"commitment", "USD", []string{c("libya-assistance")}},
		{"", "Tunisia", []string{"party/TUN", "partnership/khartoum", "partnership/jvap", c("border-coast-guards"), c("search-rescue")}},
		{"meeting", "UNHCR", []string{"meeting/unece-2020"}},                  // a participant
		{"intervention", "Libye", []string{"intervention/unece-2020-rt4-eu"}}, // the French name of a country it names
	}
	for _, tc := range cases {
		got := listIDs(t, a, Query{Kind: tc.kind, Text: tc.q})
		if want := demoIDs(tc.want...); !slices.Equal(got, want) {
			t.Errorf("%s %q: %d found, want %d %v", tc.kind, tc.q, len(got), len(want), tc.want)
		}
	}
}

// Renaming a party changes what its commitments are found by.
func TestRenamedPartyFindsItsCommitmentsByTheNewName(t *testing.T) {
	a := openDemo(t)
	recs := &Records{App: a}
	if _, err := recs.Update(DemoID("party/IOM"), map[string]json.RawMessage{"name": json.RawMessage(`"UN Migration"`), "acronym": json.RawMessage(`""`)}); err != nil {
		t.Fatal(err)
	}
	want := demoIDs("commitment/vhr-libya", "commitment/libya-assistance")
	if got := listIDs(t, a, Query{Kind: "commitment", Text: "un migration"}); !slices.Equal(got, want) {
		t.Errorf("new name: %v, want %v", got, want)
	}
	if got := listIDs(t, a, Query{Kind: "commitment", Text: "IOM"}); len(got) != 0 {
		t.Errorf("old acronym still finds %v", got)
	}
}

func TestListRefusesFilterValuesThatCannotMatch(t *testing.T) {
	a := openDemo(t)
	recs := &Records{App: a}
	tun, commitment := DemoID("party/TUN"), DemoID("commitment/smuggling")
	refused := []struct {
		q     Query
		field string
	}{
		{Query{Kind: "commitment", Status: "maybe"}, "status"},
		{Query{Kind: "commitment", Status: "active"}, "status"}, // a partnership status
		{Query{Kind: "meeting", Status: "agreed"}, "status"},
		{Query{Status: "maybe"}, "status"},
		{Query{Kind: "party", Status: "agreed"}, "status"},
		{Query{Kind: "commitments"}, "kind"},
		{Query{Kind: "commitment", Theme: "fishing"}, "theme"},
		{Query{Kind: "commitment", Country: "XXX"}, "country"},
		{Query{Kind: "commitment", FrameworkItem: "GCM-99"}, "framework_item"},
		{Query{Kind: "commitment", Party: "not-an-id"}, "party"},
		{Query{Kind: "commitment", Party: commitment}, "party"}, // an id, of another kind
		{Query{Kind: "commitment", Partnership: tun}, "partnership"},
		{Query{Kind: "commitment", Meeting: tun}, "meeting"},
		{Query{Kind: "intervention", Commitment: tun}, "commitment"},
		{Query{Kind: "commitment", Sort: "name"}, "sort"},
		{Query{Kind: "commitment", Lang: "de"}, "lang"},
		{Query{Kind: "commitment", DateFrom: "2020-13-01"}, "date_from"},
		// Filters on a field the kind does not have would find none without saying why.
		{Query{Kind: "meeting", Theme: "trafficking"}, "theme"},
		{Query{Kind: "party", Currency: "EUR"}, "currency"},
		{Query{Kind: "partnership", HasFunding: true}, "has_funding"},
		{Query{Kind: "meeting", FrameworkItem: "GCM-7"}, "framework_item"},
		// A search is a few words; a pasted page would be matched word by word under the
		// index's lock while saves wait.
		{Query{Text: strings.Repeat("é", MaxQueryText+1)}, "q"},
	}
	for _, c := range refused {
		_, err := recs.List(c.q)
		var e *Error
		if !errors.As(err, &e) || e.Code != CodeInvalid || e.Fields[c.field] == "" {
			t.Errorf("%+v: %v, want a refusal on %s", c.q, err, c.field)
		}
	}
	accepted := []Query{
		{Kind: "commitment", Status: "agreed"},
		{Status: "agreed"}, // some kind has it
		{Kind: "party", Status: "country"},
		{Kind: "commitment", Party: strings.ToUpper(tun), Sort: "-date", Lang: "FR"},
		{Kind: "commitment", FrameworkItem: "JVAP-5"},
		{Kind: "intervention", Commitment: commitment},
		{Kind: "partnership", Theme: "return_readmission_reintegration"},
		{Kind: "framework", FrameworkItem: "GCM-21"},
		{Kind: "commitment", Currency: "eur", HasFunding: true},
		{Kind: "commitment", Text: strings.Repeat(" ", MaxQueryText-len("smuggling")) + "smuggling"}, // at the limit
	}
	for _, q := range accepted {
		if l, err := recs.List(q); err != nil || l.Total == 0 {
			t.Errorf("%+v: %v, total %v", q, err, l)
		}
	}
	// An item only a framework record defines is known once recorded.
	if _, err := recs.Add("framework", map[string]json.RawMessage{"code": json.RawMessage(`"NP"`), "title": json.RawMessage(`"New Pact"`),
		"items": json.RawMessage(`[{"code": "NP-1", "number": 1, "title": "Screening"}]`)}); err != nil {
		t.Fatal(err)
	}
	if _, err := recs.List(Query{Kind: "commitment", FrameworkItem: "NP-1"}); err != nil {
		t.Errorf("an item a framework record defines: %v", err)
	}
}

// Lists follow the alphabet of the screens' language: Côte d'Ivoire before Cyprus, Équipe
// Europe among the E's. (Not a country's name: a party titled "Égypte" is shown, and sorted,
// as Egypt in English.)
func TestListsSortInTheScreensLanguage(t *testing.T) {
	a := openDemo(t)
	recs := &Records{App: a}
	for _, p := range []string{`{"name": "Cyprus", "type": "country", "iso3": "CYP"}`, `{"name": "Équipe Europe", "type": "other"}`} {
		var f map[string]json.RawMessage
		json.Unmarshal([]byte(p), &f)
		if _, err := recs.Add("party", f); err != nil {
			t.Fatal(err)
		}
	}
	titles := func(lang string) []string {
		l, err := recs.List(Query{Kind: "party", Sort: "title", Lang: lang, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, it := range l.Items {
			out = append(out, it.Title)
		}
		return out
	}
	check := func(when string, got []string) {
		t.Helper()
		civ, cyp, egy := slices.Index(got, "Côte d'Ivoire"), slices.Index(got, "Cyprus"), slices.Index(got, "Équipe Europe")
		if civ < 0 || cyp < 0 || civ > cyp {
			t.Errorf("%s: Côte d'Ivoire at %d, Cyprus at %d: %q", when, civ, cyp, got)
		}
		if egy <= 0 || egy+1 >= len(got) || !strings.HasPrefix(got[egy-1], "E") || !strings.HasPrefix(got[egy+1], "E") {
			t.Errorf("%s: Équipe Europe is not among the E's: %q", when, got)
		}
	}
	check("English, from the settings", titles(""))
	if _, err := (&Settings{App: a}).SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	// In French a country party named by its English name is shown, and sorted, by its French
	// name: "Cyprus" is "Chypre", before "Côte d’Ivoire"; "Egypt" is "Égypte".
	checkFR := func(when string, got []string) {
		t.Helper()
		shown := make([]string, len(got))
		for i, g := range got {
			shown[i] = g
			if c, ok := domain.CountryByName(g); ok {
				shown[i] = c.NameFR
			}
		}
		col := collation.Get("fr")
		defer col.Release()
		if !slices.IsSortedFunc(shown, col.Compare) {
			t.Errorf("%s: not in French order as shown: %q", when, shown)
		}
		if chy, civ := slices.Index(shown, "Chypre"), slices.Index(shown, "Côte d’Ivoire"); chy < 0 || civ < 0 || chy > civ {
			t.Errorf("%s: Chypre at %d, Côte d'Ivoire at %d: %q", when, chy, civ, shown)
		}
	}
	checkFR("French, from the settings", titles(""))
	checkFR("French, asked for", titles("fr"))

	countries, err := (&Country{App: a}).List()
	if err != nil {
		t.Fatal(err)
	}
	// The country list too, by the French names it is shown with: Chypre before Côte d'Ivoire.
	var names []string
	for _, c := range countries {
		names = append(names, c.NameFR)
	}
	col := collation.Get("fr")
	defer col.Release()
	if chy, civ := slices.Index(names, "Chypre"), slices.Index(names, "Côte d’Ivoire"); chy < 0 || civ < 0 || chy > civ || !slices.IsSortedFunc(names, col.Compare) {
		t.Errorf("country list: %q", names)
	}
}

// A record's view names what it refers to; the ids stay where they were.
func TestRecordViewNamesItsReferences(t *testing.T) {
	a := openDemo(t)
	v, err := (&Records{App: a}).Get(DemoID("commitment/vhr-libya"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		DemoID("party/EU"):                       "European Union",
		DemoID("party/AU"):                       "African Union",
		DemoID("party/IOM"):                      "International Organization for Migration",
		DemoID("party/LBY"):                      "Libya",
		DemoID("partnership/au-eu-un-taskforce"): "AU-EU-UN Task Force on the situation of migrants and refugees in Libya",
		DemoID("meeting/unece-2020"):             "First Regional Review of the Global Compact for Safe, Orderly and Regular Migration in the UNECE region",
	}
	for id, name := range want {
		if v.Names[id] != name {
			t.Errorf("%s: named %q, want %q", id, v.Names[id], name)
		}
	}
	if len(v.Names) != len(want) {
		t.Errorf("names: %v", v.Names)
	}
	var by []string
	json.Unmarshal(v.Fields["committed_by"], &by)
	if !slices.Contains(by, DemoID("party/IOM")) {
		t.Errorf("committed_by no longer holds ids: %s", v.Fields["committed_by"])
	}
	p, err := (&Records{App: a}).Get(DemoID("partnership/rabat"))
	if err != nil {
		t.Fatal(err)
	}
	if p.Names[DemoID("party/MAR")] != "Morocco" {
		t.Errorf("a partnership's parties are not named: %v", p.Names)
	}
}

// The quick search's order (sort "relevance") on the sample data: the record whose title is
// what was typed comes first, where the title order put another before it.
func TestQuickSearchOrderPutsTheTitleMatchFirst(t *testing.T) {
	a := openDemo(t)
	cases := []struct{ q, lang, first string }{
		{"Tunisia", "en", "party/TUN"},
		{"tunisie", "fr", "party/TUN"},
		{"Rabat", "en", "partnership/rabat"},
		{"Côte d'Ivoire", "fr", "party/CIV"},
		{"cote divoire", "en", "party/CIV"},
		{"coast guard", "en", "commitment/border-coast-guards"},
	}
	for _, c := range cases {
		l, err := (&Records{App: a}).List(Query{Text: c.q, Sort: "relevance", Lang: c.lang, Limit: 20})
		if err != nil {
			t.Fatalf("%q: %v", c.q, err)
		}
		if len(l.Items) == 0 || l.Items[0].ID != DemoID(c.first) {
			t.Errorf("%q (%s): first is %+v, want %s", c.q, c.lang, l.Items[:min(1, len(l.Items))], c.first)
		}
	}
}
