package domain

import "testing"

func TestArticleFREveryEntryIsACountry(t *testing.T) {
	for code, a := range articleFR {
		if _, ok := CountryByCode(code); !ok {
			t.Errorf("articleFR names %s, which is not a country of the reference list", code)
		}
		switch a {
		case "le", "la", "l’", "les":
		default:
			t.Errorf("articleFR[%s] = %q: want le, la, l’ or les", code, a)
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
	}
	for _, c := range cases {
		co, _ := CountryByCode(c.code)
		if got := FrenchIn(c.prep, ArticleFR(c.code), co.NameFR); got != c.want {
			t.Errorf("FrenchIn(%q, %s) = %q, want %q", c.prep, c.code, got, c.want)
		}
	}
}

// A party named by a country's English ISO name stands for that country, exactly as written;
// its name in French is the French one.
func TestCountryByName(t *testing.T) {
	c, ok := CountryByName("Morocco")
	if !ok || c.Alpha3 != "MAR" || c.NameIn("fr") != "Maroc" || c.NameIn("en") != "Morocco" || c.NameIn("") != "Morocco" {
		t.Errorf("Morocco: %+v %v", c, ok)
	}
	for _, name := range []string{"morocco", "Maroc", "Kingdom of Morocco", ""} {
		if _, ok := CountryByName(name); ok {
			t.Errorf("%q is taken for a country", name)
		}
	}
	if fr, ok := CountryNameFR("Egypt"); !ok || fr != "Égypte" {
		t.Errorf("Egypt: %q %v", fr, ok)
	}
}
