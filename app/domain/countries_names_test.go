package domain

import (
	"slices"
	"strings"
	"testing"
	"unicode"
)

// The names screens and briefs show, in both languages, with the French article: the
// inverted ISO names are replaced, the others kept.
func TestCountryDisplayNames(t *testing.T) {
	cases := []struct{ code, en, fr, article string }{
		// Inverted in ISO 3166-1.
		{"RUS", "Russian Federation", "Fédération de Russie", "la"},
		{"COD", "Democratic Republic of the Congo", "République démocratique du Congo", "la"},
		{"PSE", "State of Palestine", "État de Palestine", "l’"},
		{"SYR", "Syrian Arab Republic", "République arabe syrienne", "la"},
		{"IRN", "Iran", "Iran", "l’"},
		{"LAO", "Lao People’s Democratic Republic", "République démocratique populaire lao", "la"},
		{"FSM", "Micronesia", "Micronésie", "la"},
		{"VGB", "British Virgin Islands", "Îles Vierges britanniques", "les"},
		{"VIR", "United States Virgin Islands", "Îles Vierges américaines", "les"},
		{"SLB", "Solomon Islands", "Îles Salomon", "les"},
		{"REU", "Réunion", "Réunion", "la"},
		{"ALA", "Åland Islands", "Îles d’Åland", "les"},
		{"VAT", "Holy See", "Saint-Siège", "le"},
		{"COK", "Cook Islands", "Îles Cook", "les"},
		{"GNQ", "Equatorial Guinea", "Guinée équatoriale", "la"},
		// ISO names that read well stay.
		{"TUN", "Tunisia", "Tunisie", "la"},
		{"USA", "United States", "États-Unis", "les"},
		{"KOR", "South Korea", "Corée du Sud", "la"},
		{"COG", "Congo", "République du Congo", "la"},
		// French typography: ’, where iso-codes writes '.
		{"CIV", "Côte d'Ivoire", "Côte d’Ivoire", "la"},
		{"IOT", "British Indian Ocean Territory", "Territoire britannique de l’océan Indien", "le"},
		// UN French short names where the ISO French name is outdated.
		{"VEN", "Venezuela", "Venezuela", "le"},
		{"GRL", "Greenland", "Groenland", "le"},
		{"MMR", "Myanmar", "Myanmar", "le"},
		{"TLS", "Timor-Leste", "Timor-Leste", "le"},
		{"SUR", "Suriname", "Suriname", "le"},
		{"MAC", "Macao", "Macao", ""},
		// Plural, as the French government's list writes them.
		{"WSM", "Samoa", "Samoa", "les"},
		{"TKL", "Tokelau", "Tokelau", "les"},
		{"KIR", "Kiribati", "Kiribati", "les"},
		{"TUV", "Tuvalu", "Tuvalu", "les"},
		{"ISR", "Israel", "Israël", ""},
		{"BES", "Bonaire, Sint Eustatius and Saba", "Bonaire, Saint-Eustache et Saba", ""},
	}
	for _, c := range cases {
		co, ok := CountryByCode(c.code)
		if !ok {
			t.Fatalf("%s is not a country", c.code)
		}
		if co.Name != c.en || co.NameIn("en") != c.en || co.NameFR != c.fr || co.NameIn("fr") != c.fr || ArticleFR(c.code) != c.article {
			t.Errorf("%s: %q / %q / %q, want %q / %q / %q", c.code, co.Name, co.NameFR, ArticleFR(c.code), c.en, c.fr, c.article)
		}
	}
}

// An ISO name written inverted (a ", " in it, in either language) is never shown: every such
// country has a display name, and no display name is inverted. Two names hold ", " as an
// enumeration, not an inversion.
func TestNoInvertedNameIsShown(t *testing.T) {
	enumerations := map[string]bool{"BES": true, "SHN": true}
	for _, c := range Countries() {
		if enumerations[c.Alpha3] {
			continue
		}
		if strings.Contains(c.ISOName, ", ") || strings.Contains(c.ISONameFR, ", ") {
			if _, ok := displayNames[c.Alpha3]; !ok {
				t.Errorf("%s: the ISO name %q / %q is inverted and has no display name", c.Alpha3, c.ISOName, c.ISONameFR)
			}
		}
		for _, n := range []string{c.Name, c.NameFR} {
			if strings.Contains(n, ", ") {
				t.Errorf("%s: display name %q is inverted", c.Alpha3, n)
			}
			if r := []rune(n)[0]; !unicode.IsUpper(r) {
				t.Errorf("%s: display name %q does not start with a capital", c.Alpha3, n)
			}
		}
	}
}

// The hand-kept tables name countries of the list, and every name finds one country only:
// a name shared by two countries could not say which one a point or a CSV cell means.
func TestCountryNamesAreUnique(t *testing.T) {
	for code, d := range displayNames {
		c, ok := CountryByCode(code)
		if !ok || d == [2]string{} {
			t.Errorf("displayNames[%s] = %q: not a country, or no name", code, d)
			continue
		}
		if (d[0] == "" || d[0] == c.ISOName) && (d[1] == "" || d[1] == c.ISONameFR) {
			t.Errorf("displayNames[%s] = %q changes nothing", code, d)
		}
	}
	for code := range shortNames {
		if _, ok := CountryByCode(code); !ok {
			t.Errorf("shortNames names %s, which is not a country", code)
		}
	}
	owner := map[string]string{}
	for _, c := range Countries() {
		for _, n := range c.Names() {
			if n == "" || strings.TrimSpace(n) != n {
				t.Errorf("%s: name %q", c.Alpha3, n)
			}
			f := FoldWords(n)
			if o, ok := owner[f]; ok && o != c.Alpha3 {
				t.Errorf("%q names both %s and %s", n, o, c.Alpha3)
			}
			owner[f] = c.Alpha3
		}
	}
}

// Every name a user may type or a CSV file may hold finds the country, exactly as written:
// the display names, the ISO names (inverted ones too, as stores and files written before hold
// them), iso-codes' full and official names, and the short forms.
func TestCountryByNameFindsEveryName(t *testing.T) {
	for code, names := range map[string][]string{
		"RUS": {"Russian Federation", "Fédération de Russie", "Russie, Fédération de", "Russia", "Russie"},
		"PSE": {"State of Palestine", "État de Palestine", "Palestine, State of", "Palestine, État de", "Palestine"},
		"COD": {"Democratic Republic of the Congo", "République démocratique du Congo", "Congo, The Democratic Republic of the", "DRC", "RDC", "DR Congo"},
		"COG": {"Congo", "République du Congo", "Republic of the Congo"},
		"SYR": {"Syrian Arab Republic", "République arabe syrienne", "Syria", "Syrienne, République arabe", "Syrie"},
		"IRN": {"Iran", "Iran, Islamic Republic of", "Iran, République islamique d'", "Islamic Republic of Iran", "République islamique d'Iran"},
		"LAO": {"Lao People’s Democratic Republic", "Lao People's Democratic Republic", "Laos", "Lao, République démocratique populaire"},
		"KOR": {"South Korea", "Corée du Sud", "Korea, Republic of"},
		"USA": {"United States", "États-Unis", "United States of America", "États-Unis d'Amérique"},
		"MAR": {"Morocco", "Maroc", "Kingdom of Morocco", "Royaume du Maroc"},
		"ERI": {"Eritrea", "State of Eritrea"},
		"VAT": {"Holy See", "Saint-Siège", "Holy See (Vatican City State)", "Vatican"},
	} {
		for _, n := range names {
			if c, ok := CountryByName(n); !ok || c.Alpha3 != code {
				t.Errorf("CountryByName(%q) = %s, %v; want %s", n, c.Alpha3, ok, code)
			}
		}
	}
	for _, n := range []string{"morocco", "russia", "Libyan Coast Guard", "European Union", "", " Morocco"} {
		if c, ok := CountryByName(n); ok {
			t.Errorf("%q is taken for %s", n, c.Alpha3)
		}
	}
}

// A point names a country by any of its names, as whole words, case and accents ignored.
func TestPointsNameACountryByEveryName(t *testing.T) {
	scope := &CountryScope{ISO3: "RUS"}
	for _, p := range []string{"Talks with Russia resumed.", "La Fédération de Russie a dit non.", "the Russian Federation", "RUSSIE, FEDERATION DE (ISO)", "avec la Russie"} {
		if why, _ := scope.Concern(&Intervention{Points: []string{p}}); why != ConcernMentions {
			t.Errorf("%q does not name Russia (%q)", p, why)
		}
	}
	for _, p := range []string{"Russian speakers", "Prussia"} {
		if why, _ := scope.Concern(&Intervention{Points: []string{p}}); why != "" {
			t.Errorf("%q names Russia (%q)", p, why)
		}
	}
	all := &Concerns{}
	for p, want := range map[string]string{
		"Returns from Syria":           "SYR",
		"en République arabe syrienne": "SYR",
		"l’État de Palestine":          "PSE",
		"DRC":                          "COD",
		"Iran, Islamic Republic of":    "IRN",
	} {
		if got := all.Countries(&Intervention{Points: []string{p}}); len(got) != 1 || got[0] != want {
			t.Errorf("%q names %v, want [%s]", p, got, want)
		}
	}
}

// French typography writes the apostrophe ’ (the UI dictionary and the PDF's French strings
// are held to it, app/brief TestFrenchHasNoStraightApostrophe): no French country name shown,
// alone or after a preposition with its article, holds a straight one.
func TestFrenchCountryNamesHaveNoStraightApostrophe(t *testing.T) {
	for _, c := range Countries() {
		for _, s := range []string{c.NameFR, c.NameIn("fr"), FrenchIn("", ArticleFR(c.Alpha3), c.NameFR), FrenchIn("de", ArticleFR(c.Alpha3), c.NameFR)} {
			if strings.Contains(s, "'") {
				t.Errorf("%s: French name %q has a straight apostrophe: write ’", c.Alpha3, s)
			}
		}
	}
}

// A name is the same name with either apostrophe: a party or a CSV cell typed with ' (most
// keyboards, iso-codes) or with ’ (the French display names, text pasted from a document)
// finds the country.
func TestCountryByNameEitherApostrophe(t *testing.T) {
	for _, name := range []string{"Côte d'Ivoire", "Côte d’Ivoire", "République de Côte d'Ivoire", "République de Côte d’Ivoire",
		"Republic of Côte d’Ivoire", "Territoire britannique de l'océan Indien", "Territoire britannique de l’océan Indien",
		"République de l'Union du Myanmar", "Iran, République islamique d’", "Lao People's Democratic Republic"} {
		want := map[bool]string{true: "CIV"}[strings.Contains(name, "Ivoire")]
		if strings.Contains(name, "océan") {
			want = "IOT"
		} else if strings.Contains(name, "Myanmar") {
			want = "MMR"
		} else if strings.Contains(name, "Iran") {
			want = "IRN"
		} else if strings.Contains(name, "Lao") {
			want = "LAO"
		}
		if c, ok := CountryByName(name); !ok || c.Alpha3 != want {
			t.Errorf("CountryByName(%q) = %s %v, want %s", name, c.Alpha3, ok, want)
		}
	}
}

// The French names UN usage has left still find their country, written whole and word by
// word (a search, a CSV cell), and so do the UN's formal names; they are never shown.
func TestOutdatedFrenchNamesStillFind(t *testing.T) {
	for name, code := range map[string]string{
		"Birmanie": "MMR", "Vénézuela": "VEN", "Groënland": "GRL", "Timor oriental": "TLS", "Surinam": "SUR", "Macau": "MAC",
		"Venezuela (République bolivarienne du)": "VEN", "République bolivarienne du Venezuela": "VEN", "République du Suriname": "SUR",
	} {
		c, ok := CountryByName(name)
		if !ok || c.Alpha3 != code {
			t.Errorf("CountryByName(%q) = %s %v, want %s", name, c.Alpha3, ok, code)
			continue
		}
		if c.NameFR == name || c.Name == name {
			t.Errorf("%s: %q is still shown", code, name)
		}
	}
	for name, code := range map[string]string{"Birmanie": "MMR", "Vénézuela": "VEN", "Timor oriental": "TLS", "Surinam": "SUR", "Macau": "MAC"} {
		c, _ := CountryByCode(code)
		if !slices.Contains(c.SearchNames(), name) {
			t.Errorf("%s: a search no longer finds it by %q: %v", code, name, c.SearchNames())
		}
	}
}
