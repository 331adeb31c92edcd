package domain

import "testing"

func TestArticleFREveryEntryIsACountry(t *testing.T) {
	for code, a := range articleFR {
		if _, ok := CountryByCode(code); !ok {
			t.Errorf("articleFR names %s, which is not a country of the reference list", code)
		}
		switch a {
		case "le", "la", "l’", "les", "":
		default:
			t.Errorf("articleFR[%s] = %q: want le, la, l’, les or \"\" (none)", code, a)
		}
	}
}

// Every country's French display name has its article decided, none included: a country
// added to ISO 3166-1, or given a display name, must be looked at.
func TestArticleFREveryCountryIsDecided(t *testing.T) {
	for _, c := range Countries() {
		if _, ok := articleFR[c.Alpha3]; !ok {
			t.Errorf("articleFR has no entry for %s (%s): decide its article (\"\" for none)", c.Alpha3, c.NameFR)
		}
	}
}

func TestFrenchIn(t *testing.T) {
	cases := []struct{ prep, code, want string }{
		{"envers", "NER", "envers le Niger"},
		{"envers", "TUN", "envers la Tunisie"},
		{"envers", "EGY", "envers l’Égypte"},
		{"envers", "COM", "envers les Comores"},
		{"envers", "CUB", "envers Cuba"},
		{"à", "NER", "au Niger"},
		{"à", "COM", "aux Comores"},
		{"à", "TUN", "à la Tunisie"},
		{"de", "NER", "du Niger"},
		{"de", "USA", "des États-Unis"},
		{"de", "ISR", "d’Israël"},
		{"de", "MRT", "de la Mauritanie"},
		{"", "TUR", "la Türkiye"},
		{"par", "LBY", "par la Libye"},
		{"", "RUS", "la Fédération de Russie"},
		{"de", "RUS", "de la Fédération de Russie"},
		{"envers", "PSE", "envers l’État de Palestine"},
		{"", "SYR", "la République arabe syrienne"},
		{"de", "IRN", "de l’Iran"},
		{"à", "COD", "à la République démocratique du Congo"},
		{"de", "LAO", "de la République démocratique populaire lao"},
		{"de", "SLB", "des Îles Salomon"},
		{"à", "VAT", "au Saint-Siège"},
		{"de", "CUB", "de Cuba"},
		{"de", "OMN", "d’Oman"},
	}
	for _, c := range cases {
		co, _ := CountryByCode(c.code)
		if got := FrenchIn(c.prep, ArticleFR(c.code), co.NameFR); got != c.want {
			t.Errorf("FrenchIn(%q, %s) = %q, want %q", c.prep, c.code, got, c.want)
		}
	}
}
