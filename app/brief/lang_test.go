package brief

import (
	"bytes"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dossier/app/domain"
	"dossier/app/store"
)

func TestLangFormats(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse(time.DateOnly, s); return t }
	cases := []struct{ name, en, fr string }{
		{"long date", English.longDate(d("2020-11-13")), French.longDate(d("2020-11-13"))},
		{"first of the month", English.longDate(d("2021-02-01")), French.longDate(d("2021-02-01"))},
		{"short date", English.shortDate("2020-11-13"), French.shortDate("2020-11-13")},
		{"not a date", English.shortDate("soon"), French.shortDate("soon")},
		{"short first", English.shortDate("2020-01-01"), French.shortDate("2020-01-01")},
		{"period", English.period("2017-11-01", ""), French.period("2017-11-01", "")},
		{"period until", English.period("", "2020-06-30"), French.period("", "2020-06-30")},
		{"period concluded", English.periodOf("2015-11-12", "", "concluded"), French.periodOf("2015-11-12", "", "concluded")},
		{"period active", English.periodOf("2015-11-12", "", "active"), French.periodOf("2015-11-12", "", "active")},
		{"period concluded, ended", English.periodOf("2015-11-12", "2022-12-31", "concluded"), French.periodOf("2015-11-12", "2022-12-31", "concluded")},
		{"whole year", English.since("2017-01-01"), French.since("2017-01-01")},
		{"days in a month", English.days("2020-11-12", "2020-11-13"), French.days("2020-11-12", "2020-11-13")},
		{"days over months", English.days("2020-11-30", "2020-12-02"), French.days("2020-11-30", "2020-12-02")},
		{"days over years", English.days("2020-12-31", "2021-01-01"), French.days("2020-12-31", "2021-01-01")},
		{"one day", English.days("2020-10-01", "2020-10-01"), French.days("2020-10-01", "2020-10-01")},
		{"session", English.sessionTime("2021-02-10T09:30", "2021-02-10T12:00"), French.sessionTime("2021-02-10T09:30", "2021-02-10T12:00")},
		{"session first", English.sessionTime("2021-02-28T18:00", "2021-03-01T09:00"), French.sessionTime("2021-02-28T18:00", "2021-03-01T09:00")},
		{"stamp", English.stamp(time.Date(2020, 11, 13, 9, 12, 0, 0, time.UTC)), French.stamp(time.Date(2020, 11, 13, 9, 12, 0, 0, time.UTC))},
		{"people", English.quantity(53000, "people"), French.quantity(53000, "people")},
		{"percent", English.quantity(12.5, "%"), French.quantity(12.5, "%")},
		{"negative", English.number(-1234567.891), French.number(-1234567.891)},
		{"money", English.money("TND", 1234.125), French.money("TND", 1234.125)},
		{"cents", English.money("EUR", 1234.5), French.money("EUR", 1234.5)},
		{"whole money", English.money("EUR", 46300000), French.money("EUR", 46300000)},
		{"millimes", English.money("TND", 2500000.1), French.money("TND", 2500000.1)},
		{"no minor units", English.money("JPY", 1500), French.money("JPY", 1500)},
		{"count", English.plural(0, "commitment", "commitments"), French.plural(0, "commitment", "commitments")},
	}
	want := map[string][2]string{
		"long date":          {"13 November 2020", "13 novembre 2020"},
		"first of the month": {"1 February 2021", "1er février 2021"},
		"short date":         {"13 Nov 2020", "13 nov. 2020"},
		"not a date":         {"soon", "soon"},
		"short first":        {"1 Jan 2020", "1er janv. 2020"}, // as the screens write it (dayOfMonth)
		"period":             {"since Nov 2017", "depuis nov. 2017"},
		"period until":       {"until Jun 2020", "jusqu’en juin 2020"},
		// A concluded partnership without an end date is not "since" its start (5 December 2026).
		"period concluded":        {"began Nov 2015", "commencé en nov. 2015"},
		"period active":           {"since Nov 2015", "depuis nov. 2015"},
		"period concluded, ended": {"Nov 2015 – Dec 2022", "nov. 2015 – déc. 2022"},
		"whole year":              {"2017", "2017"},
		"days in a month":         {"12–13 November 2020", "12–13 novembre 2020"},
		"days over months":        {"30 November – 2 December 2020", "30 novembre – 2 décembre 2020"},
		"days over years":         {"31 December 2020 – 1 January 2021", "31 décembre 2020 – 1er janvier 2021"},
		"one day":                 {"1 October 2020", "1er octobre 2020"},
		"session":                 {"10 Feb, 09:30–12:00", "10 févr., 09:30–12:00"},
		"session first":           {"28 Feb, 18:00 – 1 Mar, 09:00", "28 févr., 18:00 – 1er mars, 09:00"},
		"stamp":                   {"13 Nov 2020 09:12 UTC", "13 nov. 2020 09:12 UTC"},
		"people":                  {"53,000 people", "53\u00a0000 people"},
		"percent":                 {"12.5%", "12,5\u00a0%"},
		"negative":                {"-1,234,567.89", "-1\u00a0234\u00a0567,89"},
		"money":                   {"TND\u00a01,234.125", "1\u00a0234,125\u00a0TND"},
		"cents":                   {"EUR\u00a01,234.50", "1\u00a0234,50\u00a0EUR"},
		"whole money":             {"EUR\u00a046,300,000", "46\u00a0300\u00a0000\u00a0EUR"},
		"millimes":                {"TND\u00a02,500,000.100", "2\u00a0500\u00a0000,100\u00a0TND"},
		"no minor units":          {"JPY\u00a01,500", "1\u00a0500\u00a0JPY"},
		"count":                   {"0 commitments", "0 engagement"},
	}
	for _, c := range cases {
		if w := want[c.name]; c.en != w[0] || c.fr != w[1] {
			t.Errorf("%s: got %q / %q, want %q / %q", c.name, c.en, c.fr, w[0], w[1])
		}
	}
	for _, s := range []string{"", "en", "EN", " fr "} {
		if _, err := ParseLang(s); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
	if _, err := ParseLang("de"); err == nil || !strings.Contains(err.Error(), "en or fr") {
		t.Errorf("de: %v", err)
	}
}

// Parties named in a sentence read as French in French: a country party by its French name
// with its article and the contractions after "de", "et" before the last, ordered by the
// French names (É with E: Allemagne, Égypte, European Union); organisations and names
// recorded otherwise as recorded. English keeps its comma list, ordered by the English names.
func TestPartiesInASentence(t *testing.T) {
	for _, c := range []struct {
		prep   string
		names  []string
		en, fr string
	}{
		{"", []string{"Tunisia", "Egypt"}, "Egypt, Tunisia", "l’Égypte et la Tunisie"},
		{"", []string{"Morocco"}, "Morocco", "le Maroc"},
		{"", []string{"Tunisia", "Egypt", "European Commission"}, "Egypt, European Commission, Tunisia", "l’Égypte, « European Commission » et la Tunisie"},
		{"", []string{"Tunisia", "Germany", "European Union", "Egypt"}, "Egypt, European Union, Germany, Tunisia", "l’Allemagne, l’Égypte, « European Union » et la Tunisie"},
		{"", []string{"Netherlands", "Malta", "Comoros", "Cyprus", "Madagascar", "Cuba"}, "Comoros, Cuba, Cyprus, Madagascar, Malta, Netherlands",
			"Chypre, les Comores, Cuba, Madagascar, Malte et les Pays-Bas"},
		{"de", []string{"Tunisia", "Morocco"}, "Morocco, Tunisia", "du Maroc et de la Tunisie"},
		{"de", []string{"Egypt", "Comoros", "Malta"}, "Comoros, Egypt, Malta", "des Comores, de l’Égypte et de Malte"},
		// A party that is not a country is quoted in every French sentence, whatever its name:
		// "d’European Union" and "de Organisation …" do not read as French, and a list that
		// quotes it after "de" only reads as two rules.
		{"de", []string{"European Union"}, "European Union", "de « European Union »"},
		{"de", []string{"Organisation internationale pour les migrations"}, "Organisation internationale pour les migrations", "de « Organisation internationale pour les migrations »"},
		{"de", []string{"Israel", "Frontex"}, "Frontex, Israel", "de « Frontex » et d’Israël"},
		{"de", []string{"Morocco", "European Commission"}, "European Commission, Morocco", "de « European Commission » et du Maroc"},
		{"", []string{"Tunisian Coast Guard", "Chad"}, "Chad, Tunisian Coast Guard", "le Tchad et « Tunisian Coast Guard »"},
		// Any name of a country stands for it and is shown by its display name: official names,
		// inverted ISO names, short forms.
		{"", []string{"Republic of Tunisia", "Chad"}, "Chad, Tunisia", "le Tchad et la Tunisie"},
		{"de", []string{"Russian Federation", "Palestine, State of"}, "Russian Federation, State of Palestine", "de l’État de Palestine et de la Fédération de Russie"},
		{"", []string{"Syria", "Iran, Islamic Republic of", "United States of America"}, "Iran, Syrian Arab Republic, United States",
			"les États-Unis, l’Iran et la République arabe syrienne"},
		{"", []string{"Congo, The Democratic Republic of the", "Congo"}, "Congo, Democratic Republic of the Congo",
			"la République démocratique du Congo et la République du Congo"},
		{"à", []string{"Russie"}, "Russian Federation", "à la Fédération de Russie"},
		{"à", []string{"Frontex"}, "Frontex", "à « Frontex »"},
		{"", nil, "", ""},
	} {
		if got := English.partiesIn(c.prep, c.names); got != c.en {
			t.Errorf("en %q %q: %q, want %q", c.prep, c.names, got, c.en)
		}
		if got := strings.ReplaceAll(French.partiesIn(c.prep, c.names), nbsp, " "); got != c.fr {
			t.Errorf("fr %q %q: %q, want %q", c.prep, c.names, got, c.fr)
		}
	}
	for _, c := range []struct{ prep, name, want string }{
		{"à", "Morocco", "au Maroc"}, {"à", "Comoros", "aux Comores"}, {"à", "Tunisia", "à la Tunisie"}, {"à", "Egypt", "à l’Égypte"},
		{"de", "Netherlands", "des Pays-Bas"}, {"", "Côte d'Ivoire", "la Côte d’Ivoire"}, {"de", "Côte d’Ivoire", "de la Côte d’Ivoire"}, {"", "Cyprus", "Chypre"},
	} {
		if got := French.partyIn(c.prep, c.name); got != c.want {
			t.Errorf("partyIn(%q, %q) = %q, want %q", c.prep, c.name, got, c.want)
		}
	}
	others := []OtherParty{{Name: "Tunisia", Roles: []string{"member"}}, {Name: "European Union", Roles: []string{"lead"}}, {Name: "Germany", Roles: []string{"member"}}}
	if got, want := strings.ReplaceAll(French.othersWithRoles(others), nbsp, " "), "l’Allemagne (membre), « European Union » (chef de file) et la Tunisie (membre)"; got != want {
		t.Errorf("fr others: %q, want %q", got, want)
	}
	if got, want := English.othersWithRoles(others), "European Union (lead), Germany (member), Tunisia (member)"; got != want {
		t.Errorf("en others: %q, want %q", got, want)
	}
}

// Every fixed text the PDF prints has a French version with the same verbs: a text added to
// the renderer without one would print in English in a French brief.
func TestTextFRCoversTheRenderer(t *testing.T) {
	calls := regexp.MustCompile(`\.(?:t|f|Text)\("((?:[^"\\]|\\.)*)"`)
	inPlace := regexp.MustCompile(`\.fIn\("([^"]*)", "([^"]*)"`)
	plurals := regexp.MustCompile(`plural\([^,()]+(?:\([^()]*\))?, "([^"]*)", "([^"]*)"\)`)
	formats := regexp.MustCompile(`recorded :?= "([^"]*)"`)
	keys := map[string]bool{}
	for _, name := range []string{"render.go", "render_news.go", "render_picture.go", "pdf.go", "lang.go", "../service/brief.go", "../service/brief_ui.go"} {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range calls.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
		for _, m := range inPlace.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]+"|"+m[2]] = true
		}
		for _, m := range plurals.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]], keys[m[2]] = true, true
		}
		for _, m := range formats.FindAllStringSubmatch(string(src), -1) {
			keys[m[1]] = true
		}
	}
	for _, s := range append(Sections, annexTitle, "created", "deleted", "restored") {
		keys[s] = true
	}
	if len(keys) < 100 {
		t.Fatalf("found only %d texts: the pattern no longer matches the renderer", len(keys))
	}
	verbs := regexp.MustCompile(`%[sd]`)
	for k := range keys {
		if strings.HasSuffix(k, "; ") { // a text split over two lines in the source: checked whole below
			continue
		}
		fr, ok := textFR[k]
		if !ok {
			t.Errorf("no French for %q", k)
			continue
		}
		if strings.Join(verbs.FindAllString(k, -1), "") != strings.Join(verbs.FindAllString(fr, -1), "") {
			t.Errorf("%q and %q do not take the same values", k, fr)
		}
	}
	note := "%s changed these fields without seeing each other's change. The brief shows the first value; " +
		"check with the authors, or resolve the conflict, before quoting it."
	if French.t(note) == note {
		t.Error("the conflict note has no French")
	}
}

// The conflict note counts the people who wrote the values: a three-way conflict is not "Two people".
func TestConflictAuthorsCount(t *testing.T) {
	conflict := func(n int) Conflict { return Conflict{Values: make([]ConflictValue, n)} }
	for _, c := range []struct {
		l    Lang
		cs   []Conflict
		want string
	}{
		{English, []Conflict{conflict(2)}, "Two people"},
		{English, []Conflict{conflict(3), conflict(3)}, "Three people"},
		{English, []Conflict{conflict(2), conflict(3)}, "Two to three people"},
		{English, []Conflict{conflict(12)}, "12 people"},
		{French, []Conflict{conflict(2)}, "Deux personnes"},
		{French, []Conflict{conflict(3)}, "Trois personnes"},
		{French, []Conflict{conflict(3), conflict(2)}, "De deux à trois personnes"},
	} {
		if got := c.l.conflictAuthors(c.cs); got != c.want {
			t.Errorf("%s %d conflicts: %q, want %q", c.l, len(c.cs), got, c.want)
		}
	}
}

// The French brief is French: headings, labels, month names, status words and numbers.
func TestFrenchPDF(t *testing.T) {
	f := libyaFixture(t)
	b := mustAssemble(t, f.st, "LBY")
	var buf bytes.Buffer
	if err := RenderPDF(&buf, b, French); err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(flat(t, buf.Bytes()), "\u00a0", " ")
	for _, s := range []string{"FICHE PAYS", "Libye", "En bref", "Partenariats et dialogues", "Engagements", "Réunions récentes",
		"Éléments de langage", "Conflits ouverts", "Provenance", "20 novembre 2020", "12–13 novembre 2020", "En cours", "Membre",
		"Actif", "depuis nov. 2017", "53 000 people", "Par ", "Page 1 sur", "Référence → cible"} {
		if !strings.Contains(text, s) {
			t.Errorf("the French PDF does not say %q", s)
		}
	}
	for _, s := range []string{"At a glance", "Partnerships and dialogues", "Recent meetings", "November", "In progress", "Page 1 of", "since Nov"} {
		if strings.Contains(text, s) {
			t.Errorf("the French PDF says %q", s)
		}
	}
}

// The default marking is printed in the PDF's language; a typed marking as typed.
func TestDefaultMarkingInTheBriefsLanguage(t *testing.T) {
	if got := French.marking(DefaultMarking); got != "Réservé à un usage officiel" {
		t.Errorf("French default marking %q", got)
	}
	if got := English.marking(DefaultMarking); got != DefaultMarking {
		t.Errorf("English default marking %q", got)
	}
	if got := French.marking("LIMITED"); got != "LIMITED" {
		t.Errorf("a typed marking became %q", got)
	}
}

// The screens recognise the default marking by its English words (brief.marking_default_value)
// and the French one by the same words as the PDF: both must stay the same as here.
func TestDefaultMarkingMatchesTheScreens(t *testing.T) {
	for lang, want := range map[string]string{"en": DefaultMarking, "fr": textFR[DefaultMarking]} {
		src, err := os.ReadFile("../../frontend/src/lib/i18n/" + lang + ".ts")
		if err != nil {
			t.Fatalf("the translations are part of the repository: %v", err)
		}
		if !strings.Contains(string(src), "'brief.marking_default_value': '"+want+"'") {
			t.Errorf("%s.ts: brief.marking_default_value is not %q", lang, want)
		}
	}
}

// An intervention has no title of its own: the brief composes it from its parts in its
// language, as the screen does (frontend/src/lib/state.test.ts); other titles are data.
func TestInterventionTitleInFrench(t *testing.T) {
	for _, c := range []struct {
		ref    Ref
		en, fr string
	}{
		// A speaker that is not a country's name is quoted after "de", as a party is (partyIn):
		// neither "d’EEAS and European …" nor "de Head of Delegation" reads as French.
		{Ref{Parts: &store.TitleParts{Speaker: "Head of Delegation", Session: "Roundtable 2: returns"}}, "Intervention by Head of Delegation (Roundtable 2: returns)", "Intervention de « Head of Delegation » (Roundtable 2: returns)"},
		{Ref{Parts: &store.TitleParts{Speaker: "EEAS and European Commission services"}}, "Intervention by EEAS and European Commission services", "Intervention de « EEAS and European Commission services »"},
		{Ref{Parts: &store.TitleParts{Speaker: "Élise Martin", Session: "Table ronde"}}, "Intervention by Élise Martin (Table ronde)", "Intervention de « Élise Martin » (Table ronde)"},
		// A country's name takes its display name and article: "du Maroc", "d’Israël", "de la
		// Côte d’Ivoire" (typed with ').
		{Ref{Parts: &store.TitleParts{Speaker: "Morocco"}}, "Intervention by Morocco", "Intervention du Maroc"},
		{Ref{Parts: &store.TitleParts{Speaker: "Israel", Session: "Opening"}}, "Intervention by Israel (Opening)", "Intervention d’Israël (Opening)"},
		{Ref{Parts: &store.TitleParts{Speaker: "Côte d'Ivoire"}}, "Intervention by Côte d'Ivoire", "Intervention de la Côte d’Ivoire"},
		{Ref{Parts: &store.TitleParts{Speaker: "Russie, Fédération de"}}, "Intervention by Russian Federation", "Intervention de la Fédération de Russie"},
		{Ref{Parts: &store.TitleParts{Session: "Opening"}}, "Intervention (Opening)", "Intervention (Opening)"},
		{Ref{Parts: &store.TitleParts{}}, "Intervention", "Intervention"},
		// A speaker or session stored blank is none, as on the screen.
		{Ref{Parts: &store.TitleParts{Speaker: " \u00a0", Session: "Opening"}}, "Intervention (Opening)", "Intervention (Opening)"},
		{Ref{Parts: &store.TitleParts{Speaker: "Morocco", Session: "\t"}}, "Intervention by Morocco", "Intervention du Maroc"},
		{Ref{Title: "Intervention by nobody"}, "Intervention by nobody", "Intervention by nobody"},
	} {
		if got := English.recordTitle(c.ref); got != c.en {
			t.Errorf("en %+v: %q, want %q", c.ref.Parts, got, c.en)
		}
		if got := strings.ReplaceAll(French.recordTitle(c.ref), nbsp, " "); got != c.fr {
			t.Errorf("fr %+v: %q, want %q", c.ref.Parts, got, c.fr)
		}
	}
}

// The PDF composes an intervention's title in its language: the changes since a date name
// the fixture's intervention by EEAS at Roundtable 4.
func TestInterventionTitlePDF(t *testing.T) {
	lf := libyaFixture(t)
	opt := testOptions()
	opt.Since = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	facts, err := Assemble(lf.st, "LBY", opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		lg        Lang
		want, not string
	}{
		{English, "Intervention by EEAS (Roundtable 4)", "Intervention de"},
		{French, "Intervention de « EEAS » (Roundtable 4)", "Intervention d’EEAS"},
	} {
		text := strings.ReplaceAll(flat(t, renderLang(t, facts, c.lg)), nbsp, " ")
		if !strings.Contains(text, c.want) {
			t.Errorf("%s: the PDF lacks %q", c.lg, c.want)
		}
		if strings.Contains(text, c.not) {
			t.Errorf("%s: the PDF has %q", c.lg, c.not)
		}
	}
}

// A country named with "les" takes a plural verb in French: "Les Pays-Bas participent",
// "dont les Pays-Bas sont parties" (the PDF said "Les Pays-Bas participe", "… est partie");
// one named with "le", "la" or "l’" and English keep theirs.
func TestFrenchVerbAgreesWithPluralCountry(t *testing.T) {
	f := newFixture(t)
	nld := f.party("Netherlands", "country", "NLD", "")
	mar := f.party("Morocco", "country", "MAR", "")
	f.party("Tunisia", "country", "TUN", "")
	f.rec(domain.KindCommitment, map[string]any{"title": "Returns", "status": "agreed", "committed_by": []string{nld}, "towards": []string{mar}})
	text := func(code string, l Lang) string {
		var buf bytes.Buffer
		if err := RenderPDF(&buf, mustAssemble(t, f.st, code), l); err != nil {
			t.Fatal(err)
		}
		return strings.Join(strings.Fields(strings.ReplaceAll(flat(t, buf.Bytes()), "\u00a0", " ")), " ")
	}
	for _, c := range []struct {
		code string
		l    Lang
		want []string
	}{
		{"NLD", French, []string{"Les Pays-Bas participent à 0 partenariat ou dialogue.", "Aucun partenariat ni dialogue dont les Pays-Bas sont parties n’est enregistré."}},
		// French counts 0 in the singular, as the screen does: not "0 engagement sont enregistrés".
		{"TUN", French, []string{"0 engagement est enregistré :"}},
		{"TUN", English, []string{"0 commitments are recorded:"}},
		{"MAR", French, []string{"Le Maroc participe à 0 partenariat ou dialogue.", "Aucun partenariat ni dialogue dont le Maroc est partie n’est enregistré."}},
		{"NLD", English, []string{"Netherlands takes part in 0 partnerships and dialogues.", "No partnership or dialogue with Netherlands as a party is recorded."}},
	} {
		got := text(c.code, c.l)
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s (%v): the PDF does not say %q", c.code, c.l, w)
			}
		}
	}
}

// The French PDF titles the shipped framework items in French, with the screens' words
// ("ref.CODE" in fr.ts): it printed "GCM-11 Manage borders in an integrated, secure and
// coordinated manner" under "Éléments de cadre cités", where the screen said "Gérer les
// frontières de manière intégrée, sûre et coordonnée".
func TestItemTitlesMatchTheScreens(t *testing.T) {
	src, err := os.ReadFile("../../frontend/src/lib/i18n/fr.ts")
	if err != nil {
		t.Fatalf("the translations are part of the repository: %v", err)
	}
	for _, code := range domain.ReferenceItemCodes() {
		fr, ok := itemTitleFR[code]
		if !ok {
			t.Errorf("%s has no French title", code)
			continue
		}
		if !strings.Contains(string(src), "'ref."+code+"': '"+strings.ReplaceAll(fr, "'", `\'`)+"'") {
			t.Errorf("fr.ts does not title %s %q", code, fr)
		}
	}
	if len(itemTitleFR) != len(domain.ReferenceItemCodes()) {
		t.Errorf("%d French titles for %d shipped items", len(itemTitleFR), len(domain.ReferenceItemCodes()))
	}

	f := libyaFixture(t)
	var buf bytes.Buffer
	if err := RenderPDF(&buf, mustAssemble(t, f.st, "LBY"), French); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(strings.ReplaceAll(flat(t, buf.Bytes()), "\u00a0", " ")), " ")
	if !strings.Contains(text, "Gérer les frontières de manière intégrée, sûre et coordonnée") || strings.Contains(text, "Manage borders in an integrated") {
		t.Errorf("the French PDF does not title GCM-11 in French")
	}
}

// The French PDF names a country's party record in French where it lists records (the
// changes since the last meeting, open conflicts), as the screen does ("Maroc"); it printed
// the record's English title ("Morocco").
func TestFrenchPDFNamesCountryPartyRecords(t *testing.T) {
	f := newFixture(t)
	mar := f.party("Morocco", "country", "MAR", "")
	f.rec(domain.KindCommitment, map[string]any{"title": "Returns", "status": "agreed", "towards": []string{mar}})
	now := time.Now()
	b, err := Assemble(f.st, "MAR", Options{AsOf: now.Add(time.Hour), Since: now.Add(-time.Hour), GeneratedBy: "Test"})
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, c := range b.Since.Changes {
		kinds = append(kinds, c.Kind)
	}
	if !slices.Contains(kinds, "party") {
		t.Fatalf("the party's creation is not among the changes: %q", kinds)
	}
	var buf bytes.Buffer
	if err := RenderPDF(&buf, b, French); err != nil {
		t.Fatal(err)
	}
	text := strings.Join(strings.Fields(strings.ReplaceAll(flat(t, buf.Bytes()), "\u00a0", " ")), " ")
	if strings.Contains(text, "Morocco") || !strings.Contains(text, "Maroc Partie") {
		t.Errorf("the French PDF lists the party record as %q", text[max(0, strings.Index(text, "Partie")-40):max(0, strings.Index(text, "Partie"))+6])
	}
}

// A list whose items may hold commas: French sets a no-break space before each semicolon, as
// the screens do (semicolon in frontend/src/lib/format.ts).
func TestSemicolons(t *testing.T) {
	items := []string{"Frontières, gestion", "Retour"}
	if got := French.semicolons(items); got != "Frontières, gestion\u00a0; Retour" {
		t.Errorf("French: %q", got)
	}
	if got := English.semicolons(items); got != "Frontières, gestion; Retour" {
		t.Errorf("English: %q", got)
	}
}

// "Generated" and section 2's title read as on the Brief screen (generatedText and sinceTitle
// in frontend/src/lib/brief.test.ts expect the same strings): the screen once wrote
// "12 mars 2026, 14:05 — Amina Benali" and kept "Depuis la dernière réunion" over changes
// that started at a date the user typed.
func TestGeneratedAndSinceTitleAsOnScreen(t *testing.T) {
	h := Header{GeneratedAt: time.Date(2026, 3, 12, 14, 5, 59, 0, time.UTC), GeneratedBy: "Amina Benali"}
	for _, c := range []struct {
		l    Lang
		h    Header
		want string
	}{
		{English, h, "12 Mar 2026 14:05 UTC by Amina Benali"},
		{French, h, "12 mars 2026 14:05 UTC par Amina Benali"},
		{French, Header{GeneratedAt: h.GeneratedAt}, "12 mars 2026 14:05 UTC"},
	} {
		if got := c.l.generated(c.h); got != c.want {
			t.Errorf("%s generated: %q, want %q", c.l, got, c.want)
		}
	}
	meeting := Since{From: "2026-03-12T08:00:00Z", Meeting: &MeetingRef{ID: "m", Title: "Rabat"}}
	for _, c := range []struct {
		l    Lang
		s    Since
		want string
	}{
		{English, Since{From: "2026-03-01T00:00:00Z"}, "Since 1 March 2026"},
		{French, Since{From: "2026-03-01T00:00:00Z"}, "Depuis le 1er mars 2026"},
		{French, Since{From: "2026-03-12T00:00:00Z"}, "Depuis le 12 mars 2026"},
		{English, meeting, "Since the last meeting"},
		{French, meeting, "Depuis la dernière réunion"},
		{French, Since{}, "Depuis la dernière réunion"},
	} {
		if got := c.l.sinceTitle(c.s); got != c.want {
			t.Errorf("%s since %+v: %q, want %q", c.l, c.s, got, c.want)
		}
	}
}

// French typography writes the apostrophe ’ (U+2019), and so does every French text of the
// briefs, on paper as on the screens (frontend/src/lib/i18n/i18n.test.ts checks the screens'
// catalogue): a straight ' among them reads as a typing slip. Names recorded as data
// (parties, titles) are printed as recorded; the fixture records none with an apostrophe.
func TestFrenchHasNoStraightApostrophe(t *testing.T) {
	tables := map[string][]string{"monthsFR": monthsFR[:], "monthsShortFR": monthsShortFR[:]}
	for k, v := range textFR {
		tables["textFR["+k+"]"] = []string{v}
	}
	for k, v := range itemTitleFR {
		tables["itemTitleFR["+k+"]"] = []string{v}
	}
	for name, texts := range tables {
		for _, s := range texts {
			if strings.Contains(s, "'") {
				t.Errorf("%s: %q has a straight apostrophe: write ’", name, s)
			}
		}
	}
	// The words lang.go and the renderer write themselves ("d’", "jusqu’en", "l’"), as printed.
	f := libyaFixture(t)
	b := mustAssemble(t, f.st, "LBY")
	text := flat(t, renderLang(t, b, French))
	if !strings.Contains(text, "’") {
		t.Fatal("the French brief has no apostrophe at all: the check below checks nothing")
	}
	for i := strings.Index(text, "'"); i >= 0; i = strings.Index(text, "'") {
		t.Errorf("the French PDF prints a straight apostrophe: …%s…", text[max(0, i-40):min(len(text), i+40)])
		text = text[i+1:]
	}
}

// A table that runs over a page repeats its caption; in French the colon takes its space
// there too ("Engagements : Envers la Libye (suite)", once "Engagements: …").
func TestFrenchContinuedCaption(t *testing.T) {
	f := newFixture(t)
	ner := f.party("Niger", "country", "NER", "")
	var ds []store.Draft
	for i := 1; i <= 60; i++ {
		ds = append(ds, draft(t, domain.KindCommitment, map[string]any{"title": "Commitment N" + seq3(i), "status": "agreed", "committed_by": []string{ner}}))
	}
	f.recs(ds)
	text := flat(t, renderLang(t, mustAssemble(t, f.st, "NER"), French))
	if !strings.Contains(text, "(suite)") {
		t.Fatal("no table of the French brief continues on another page: the check below checks nothing")
	}
	if strings.Contains(text, "Engagements:") || !strings.Contains(text, "Engagements : Pris par le Niger (suite)") {
		t.Errorf("the French caption of a continued commitments table: %s", text[max(0, strings.Index(text, "(suite)")-80):strings.Index(text, "(suite)")+7])
	}
}

// A title stored blank before blank titles were refused prints as untitled in the brief's
// language, as the screens show it; a title with spaces around it prints as written.
func TestBlankTitlePrintsUntitled(t *testing.T) {
	for _, c := range []struct {
		l    Lang
		want string
	}{{English, "(untitled)"}, {French, "(sans titre)"}} {
		for _, blank := range []string{"", "  ", "\r\n", "\u00a0\u202f"} {
			if got := c.l.title(blank); got != c.want {
				t.Errorf("%v %q: %q", c.l, blank, got)
			}
			if got := c.l.recordTitle(Ref{Title: blank}); got != c.want {
				t.Errorf("%v ref %q: %q", c.l, blank, got)
			}
		}
		if got := c.l.title(" Rabat Process "); got != " Rabat Process " {
			t.Errorf("%v: %q", c.l, got)
		}
	}
}

// Talking points spoken on behalf of the country are marked as its own, on paper as on the
// screen ("its own points", brief.why.on_behalf in fr.ts): the PDF left the marker out.
func TestOwnTalkingPointsAreMarked(t *testing.T) {
	f := newFixture(t)
	mar := f.party("Morocco", "country", "MAR", "")
	m := f.rec(domain.KindMeeting, map[string]any{"title": "Rabat review", "start": "2020-11-12", "time_zone": "Africa/Casablanca"})
	f.rec(domain.KindIntervention, map[string]any{"meeting": m, "on_behalf_of": []string{mar}, "speaker": "Head of delegation",
		"points": []string{"Returns are voluntary."}})
	for l, want := range map[Lang]string{English: "on behalf of Morocco · its own points", French: "au nom du Maroc · ses propres éléments"} {
		var buf bytes.Buffer
		if err := RenderPDF(&buf, mustAssemble(t, f.st, "MAR"), l); err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(strings.Fields(strings.ReplaceAll(flat(t, buf.Bytes()), "\u00a0", " ")), " "); !strings.Contains(got, want) {
			t.Errorf("%v: the PDF does not say %q", l, want)
		}
	}
}

// The Open conflicts table words competing values as the forms do, in the reader's language
// (found walking the product, 3 December 2026: « stalled » and « delivered » on a French page).
func TestConflictValuesInTheReadersWords(t *testing.T) {
	status := Conflict{Kind: "commitment", Field: "status"}
	due := Conflict{Kind: "commitment", Field: "due"}
	title := Conflict{Kind: "commitment", Field: "title"}
	deleted := Conflict{Kind: "meeting", Field: "deleted"}
	for _, tc := range []struct {
		l       Lang
		c       Conflict
		v, want string
	}{
		{French, status, "stalled", "Au point mort"},
		{English, status, "stalled", "Stalled"},
		{French, Conflict{Kind: "partnership", Field: "status"}, "suspended", "Suspendu"},
		{French, due, "2027-06-30", "30 juin 2027"},
		{French, due, "(empty)", "(vide)"},
		{French, deleted, "deleted", "Suppression"},
		{French, title, "stalled", "stalled"},
	} {
		if got := tc.l.conflictValue(tc.c, tc.v); got != tc.want {
			t.Errorf("%s %s.%s %q: %q, want %q", tc.l, tc.c.Kind, tc.c.Field, tc.v, got, tc.want)
		}
	}
}

// A list value in Open conflicts is worded entry by entry, as the record's section words it,
// an entry that differs from the other value after its mark, as the Conflicts screen words
// it, and what is left out is counted in the reader's language.
func TestConflictEntriesInTheReadersWords(t *testing.T) {
	amount := func(n float64) *float64 { return &n }
	line := func(n float64, state string) Funding {
		return Funding{Funding: domain.Funding{Amount: amount(n), Currency: "EUR", State: state}}
	}
	for _, tc := range []struct {
		l            Lang
		v            ConflictValue
		want, wantTo []string
	}{
		{French, ConflictValue{Sessions: []Session{{Title: "Table ronde 4", Start: "2026-12-09T13:30", End: "2026-12-09T15:10"}}, More: 1},
			[]string{"Table ronde 4 (9 déc., 13:30–15:10)"}, []string{"… et 1 autre"}},
		{English, ConflictValue{Entries: []string{"We support the Rabat Process."}, More: 4},
			[]string{"We support the Rabat Process."}, []string{"… and 4 more"}},
		{French, ConflictValue{Value: "(empty)"}, nil, nil},
		{English, ConflictValue{Funding: []Funding{line(550000, "disbursed"), line(70, "committed"), line(9, "pledged")},
			Marks: []ConflictMark{{Mark: domain.EntryChanged, Parts: []string{"amount", "as_of"}}, {Mark: domain.EntryAdded}, {Mark: domain.EntryRemoved}}, Alike: 4},
			[]string{"Changed: amount, as of — EUR 550,000 disbursed", "Added — EUR 70 committed", "Removed — EUR 9 pledged"}, []string{"4 more entries alike"}},
		{French, ConflictValue{Funding: []Funding{line(550000, "disbursed")}, Marks: []ConflictMark{{Mark: domain.EntryChanged, Parts: []string{"amount", "state"}}}, Alike: 3, More: 2},
			[]string{"Modification : montant, étape — 550 000 EUR décaissé"}, []string{"… et 2 autres", "3 autres entrées identiques"}},
		{French, ConflictValue{Indicators: []Indicator{{Name: "Retours"}}, Marks: []ConflictMark{{Mark: domain.EntryChanged, Parts: []string{"name", "values"}}}, Alike: 1},
			[]string{"Modification : indicateur, valeurs dans le temps — Retours"}, []string{"1 autre entrée identique"}},
		{English, ConflictValue{Funding: []Funding{line(1, "pledged")}, Reordered: true, More: 1},
			[]string{"EUR 1 pledged"}, []string{"… and 1 more", "The same entries as the other value, in another order."}},
	} {
		entries, notes := tc.l.conflictEntries(tc.v)
		for i := range entries {
			entries[i] = strings.ReplaceAll(entries[i], nbsp, " ")
		}
		if !slices.Equal(entries, tc.want) || !slices.Equal(notes, tc.wantTo) {
			t.Errorf("%s %+v: %q %q, want %q %q", tc.l, tc.v, entries, notes, tc.want, tc.wantTo)
		}
	}
}

// TestNumbersAtTheEdgeOfFloat64: an indicator's value is any float64 a bundle or a form holds;
// one past 1.8e306 printed as "-Inf people" and "target +,Inf" (its hundredths overflowed),
// where the screen writes its digits.
func TestNumbersAtTheEdgeOfFloat64(t *testing.T) {
	for _, v := range []float64{1.7e308, -1.7e308, math.MaxFloat64, 1.8e306} {
		for _, l := range []Lang{English, French} {
			got := l.number(v)
			digits := strings.NewReplacer(",", "", "\u00a0", "").Replace(got)
			if want := strconv.FormatFloat(v, 'f', -1, 64); digits != want || strings.Contains(got, "Inf") {
				t.Errorf("%s %g: %.40q…, want the digits %.40q…", l, v, got, want)
			}
		}
	}
}

// The PDF marks an entry of a list conflict in the Conflicts screen's words: "Added",
// "Removed", "Changed: amount, as of" (the screen's column names, in lower case).
func TestEntryMarksMatchTheScreens(t *testing.T) {
	parts := map[string]string{"amount": "col.funding.amount", "state": "col.funding.state", "instrument": "col.funding.instrument",
		"as_of": "col.funding.as_of", "source": "col.funding.source", "name": "col.indicators.name", "unit": "col.indicators.unit",
		"baseline": "col.indicators.baseline", "target": "col.indicators.target", "since": "col.indicators.since",
		"values": "indicator.values", "note": "col.indicators.note"}
	for _, l := range []Lang{English, French} {
		src, err := os.ReadFile("../../frontend/src/lib/i18n/" + string(l) + ".ts")
		if err != nil {
			t.Fatalf("the translations are part of the repository: %v", err)
		}
		screen := func(key string) string {
			m := regexp.MustCompile(`'` + regexp.QuoteMeta(key) + `': '([^']*)'`).FindStringSubmatch(string(src))
			if m == nil {
				t.Fatalf("%s.ts has no %s", l, key)
			}
			return m[1]
		}
		for code, key := range parts {
			if got, want := l.entryPart(code), strings.ToLower(screen(key)); got != want {
				t.Errorf("%s part %s: %q, the screen says %q", l, code, got, want)
			}
		}
		for mark, key := range map[domain.EntryMark]string{domain.EntryAdded: "conflict.entry.added", domain.EntryRemoved: "conflict.entry.removed"} {
			if got, want := l.entryMark(ConflictMark{Mark: mark}), screen(key); got != want {
				t.Errorf("%s %s: %q, the screen says %q", l, mark, got, want)
			}
		}
		got := l.entryMark(ConflictMark{Mark: domain.EntryChanged, Parts: []string{"amount"}})
		if want := strings.ReplaceAll(screen("conflict.entry.changed"), "{parts}", l.entryPart("amount")); got != want {
			t.Errorf("%s changed: %q, the screen says %q", l, got, want)
		}
	}
}
