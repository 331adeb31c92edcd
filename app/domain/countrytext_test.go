package domain

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestReadCountry(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"LBY", "LBY"}, {"lby", "LBY"}, {" Lby ", "LBY"}, // alpha-3, any case
		{"LY", "LBY"}, {"ly", "LBY"}, {"tn", "TUN"}, {"Ne", "NER"}, // alpha-2, any case
		{"IN", "IND"}, {"it", "ITA"}, {"DE", "DEU"}, // codes that are words, taken alone
		{"Libya", "LBY"}, {"libye", "LBY"}, {"LIBYE", "LBY"}, // English and French names
		{"Sénégal", "SEN"}, {"Senegal", "SEN"}, {"senegal", "SEN"}, {"SÉNÉGAL", "SEN"},
		{"Türkiye", "TUR"}, {"TÜRKIYE", "TUR"}, {"turkiye", "TUR"},
		{"Côte d’Ivoire", "CIV"}, {"Côte d'Ivoire", "CIV"}, {"cote d'ivoire", "CIV"}, // either apostrophe
		{"Cote dIvoire", "CIV"}, {"cote divoire", "CIV"}, {"COTE D IVOIRE", "CIV"}, // or none
		{"lao peoples democratic republic", "LAO"}, {"Lao People’s Democratic Republic", "LAO"},
		{"Fédération de Russie", "RUS"}, {"Russie, Fédération de", "RUS"}, {"Russia", "RUS"}, {"RDC", "COD"},
		{"Kingdom of Morocco", "MAR"}, {"Maroc", "MAR"},
		{"Guinea-Bissau", "GNB"}, {"guinea bissau", "GNB"},
		{"Niger", "NER"}, {"Nigeria", "NGA"}, {"Congo", "COG"},
		{norm.NFD.String("Sénégal"), "SEN"}, // accents decomposed, as macOS writes them
		// Everyday and former names that sheets still write (each suggested another country).
		{"Turkey", "TUR"}, {"Turquie", "TUR"}, {"Ivory Coast", "CIV"}, {"Swaziland", "SWZ"},
		{"Burma", "MMR"}, {"Cape Verde", "CPV"}, {"East Timor", "TLS"}, {"Macedonia", "MKD"},
		{"Macédoine", "MKD"}, {"Great Britain", "GBR"}, {"UK", "GBR"}, {"Holland", "NLD"},
		{"Congo-Kinshasa", "COD"}, {"Congo-Brazzaville", "COG"}, {"The Gambia", "GMB"},
		{"Sao Tome", "STP"}, {"Brunei", "BRN"}, {"UAE", "ARE"}, {"EAU", "ARE"}, {"RCA", "CAF"},
		{"Centrafrique", "CAF"}, {"Bosnie", "BIH"}, {"Biélorussie", "BLR"},
	} {
		c, err := ReadCountry(tc.in)
		if err != nil || c.Alpha3 != tc.want {
			t.Errorf("ReadCountry(%q) = %s, %v; want %s", tc.in, c.Alpha3, err, tc.want)
		}
	}
}

func TestReadCountryRefuses(t *testing.T) {
	for _, tc := range []struct{ in, code, suggest, text string }{
		{"Libyie", "country_unknown", "LBY", `"Libyie" is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean LBY (Libya)?`},
		{"Nigerr", "country_unknown", "NER", ""},
		{"LBI", "country_unknown", "", ""},
		{"Atlantis", "country_unknown", "", ""},
		{"Europe", "country_unknown", "", ""},
		{"Tunisia and Morocco", "country_unknown", "", ""}, // one country, written whole
		{"Tunis", "country_unknown", "", ""},               // a name is never a prefix

		{"NA", "country_ambiguous", "NAM", `"NA" is an ISO 3166-1 alpha-2 code, that of NAM (Namibia), but tables also write it for an empty answer (not available, not applicable): if that country is meant, write NAM or its name; if not, leave it out`},

		{"na", "country_ambiguous", "NAM", ""},
		{"NC", "country_ambiguous", "NCL", ""},
		{"nr", "country_ambiguous", "NRU", ""},
		{"SO", "country_ambiguous", "SOM", ""},
	} {
		_, err := ReadCountry(tc.in)
		var ce *CountryError
		if !errors.As(err, &ce) || !errors.Is(err, ErrNotACountry) {
			t.Errorf("ReadCountry(%q): %v, want a CountryError", tc.in, err)
			continue
		}
		p := ce.Problem
		if p.Code != tc.code || p.Params["value"] != tc.in || tc.suggest != "" && p.Params["suggest"] != tc.suggest || p.Params["suggest_name"] == "" {
			t.Errorf("ReadCountry(%q): %+v, want %s suggesting %s", tc.in, p, tc.code, tc.suggest)
		}
		if tc.text != "" && err.Error() != tc.text {
			t.Errorf("ReadCountry(%q): %s\nwant %s", tc.in, err, tc.text)
		}
	}
	// The codes of those countries, and their names, are read.
	for in, want := range map[string]string{"NAM": "NAM", "Namibie": "NAM", "NCL": "NCL", "Nouvelle-Calédonie": "NCL", "NRU": "NRU", "Nauru": "NRU", "SOM": "SOM", "Somalie": "SOM"} {
		if c, err := ReadCountry(in); err != nil || c.Alpha3 != want {
			t.Errorf("ReadCountry(%q) = %s, %v; want %s", in, c.Alpha3, err, want)
		}
	}
}

// People write part of a country's name. Such a text is refused, as every text that is no
// country's code or whole name (docs/csv.md, "Countries": a part read silently would put
// Guinea for Guinea-Bissau, one Congo for the other), but the suggestion is the country
// whose name holds the words, or every such country: by edit distance "Emirates" suggested
// Eritrea, "Trinidad" Grenada, "Antigua" Anguilla, "Corée" Congo and "Korea" South Korea
// alone. Names written whole, and the short forms people write, are read.
func TestReadCountryPartNames(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string // read as want[0] when read; else the countries suggested
		read bool
	}{
		{"Emirates", []string{"ARE"}, false}, {"Arab Emirates", []string{"ARE"}, false}, {"Emirats", []string{"ARE"}, false},
		{"Korea", []string{"KOR", "PRK"}, false}, {"Corée", []string{"KOR", "PRK"}, false}, {"KOREA", []string{"KOR", "PRK"}, false},
		{"Saint Vincent", []string{"VCT"}, false}, {"St-Vincent", []string{"VCT"}, false},
		{"St Lucia", []string{"LCA"}, false}, {"Ste Lucie", []string{"LCA"}, false},
		{"Czech", []string{"CZE"}, false}, {"Dominican", []string{"DOM"}, false},
		{"Trinidad", []string{"TTO"}, false}, {"Antigua", []string{"ATG"}, false},
		{"Virgin Islands", []string{"VGB", "VIR"}, false}, {"Saint Martin", []string{"MAF", "SXM"}, false},
		{"Congo Republic", []string{"COD", "COG"}, false}, // both: one by its display name, one by its official name
		{"Equatorial", []string{"GNQ"}, false}, {"Bissau", []string{"GNB"}, false},
		// Read: a country's name or a short form people write (docs/brief.md, "Country names").
		{"Guinea", []string{"GIN"}, true}, {"Congo", []string{"COG"}, true}, // the names the screens show for them
		{"Micronesia", []string{"FSM"}, true}, {"Lao", []string{"LAO"}, true}, {"Viet Nam", []string{"VNM"}, true},
		{"Russia", []string{"RUS"}, true}, {"Syria", []string{"SYR"}, true}, {"Iran", []string{"IRN"}, true},
		{"Bolivia", []string{"BOL"}, true}, {"Tanzania", []string{"TZA"}, true}, {"Moldova", []string{"MDA"}, true},
		{"Palestine", []string{"PSE"}, true}, {"Bosnia", []string{"BIH"}, true}, {"Sao Tome", []string{"STP"}, true},
		{"Centrafrique", []string{"CAF"}, true}, {"RDC", []string{"COD"}, true}, {"Birmanie", []string{"MMR"}, true},
		{"Tchéquie", []string{"CZE"}, true},
	} {
		c, err := ReadCountry(tc.in)
		if tc.read {
			if err != nil || c.Alpha3 != tc.want[0] {
				t.Errorf("ReadCountry(%q) = %s, %v; want %s", tc.in, c.Alpha3, err, tc.want[0])
			}
			continue
		}
		var ce *CountryError
		if !errors.As(err, &ce) {
			t.Errorf("ReadCountry(%q) = %s, %v; want it refused", tc.in, c.Alpha3, err)
			continue
		}
		var got []string
		switch p := ce.Problem; p.Code {
		case "country_unknown":
			got = []string{p.Params["suggest"]}
		case "country_partial":
			got = strings.Split(p.Params["countries"], ", ")
			if p.Params["count"] != strconv.Itoa(len(got)) || p.Params["more"] != "0" {
				t.Errorf("ReadCountry(%q): %+v, want count %d and none more", tc.in, p, len(got))
			}
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("ReadCountry(%q): %s suggesting %v, want %v", tc.in, ce.Problem.Code, got, tc.want)
		}
	}
	_, err := ReadCountry("Korea")
	if want := `"Korea" is part of the names of 2 countries: KOR (South Korea), PRK (North Korea); write the ISO 3166-1 alpha-3 code or the whole name of the one you mean`; err == nil || err.Error() != want {
		t.Errorf("Korea: %v\nwant %s", err, want)
	}
	_, err = ReadCountry("Emirates")
	if want := `"Emirates" is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean ARE (United Arab Emirates)?`; err == nil || err.Error() != want {
		t.Errorf("Emirates: %v\nwant %s", err, want)
	}
}

// A word in many names names a few countries and counts the others; those it is in a shown
// name of come first. A text of little words matches no name ("of the" is in dozens) and is
// answered by edit distance, with one country.
func TestCountrySuggestionsBounded(t *testing.T) {
	s, n := CountrySuggestions("Republic")
	if len(s) != MaxSuggestedCountries || n < 100 || s[0].Alpha3 != "CAF" {
		t.Errorf("Republic: %d countries of %d, first %s", len(s), n, s[0].Alpha3)
	}
	_, err := ReadCountry("Islands")
	var ce *CountryError
	if !errors.As(err, &ce) || ce.Problem.Code != "country_partial" || !strings.HasSuffix(err.Error(), " more; write the ISO 3166-1 alpha-3 code or the whole name of the one you mean") {
		t.Errorf("Islands: %v", err)
	}
	if ce != nil && (ce.Problem.Params["more"] == "0" || len(strings.Split(ce.Problem.Params["countries"], ", ")) != MaxSuggestedCountries) {
		t.Errorf("Islands: %+v", ce.Problem)
	}
	for _, in := range []string{"of the", "the", "de la", "d l", ""} {
		if s, n := CountrySuggestions(in); len(s) != 1 || n != 1 {
			t.Errorf("CountrySuggestions(%q) = %d of %d, want the closest alone", in, len(s), n)
		}
	}
}

// What a sheet writes for no answer, other than the bare codes NA, NC, NR and SO, names no
// country (country_blank) and suggests none: "N/A" was answered "did you mean NGA (Nigeria)?"
// and "-" "did you mean CUB (Cuba)?", a guess that, followed, put a country in a record that
// names none. A name or a code that holds such letters is still read.
func TestReadCountryBlank(t *testing.T) {
	for _, in := range []string{"", " ", "-", "—", "?", "…", "N/A", "n/a", "n.a.", "N. A.", "N/C", "n.r.", "S/O", "s.o.", "ND", "N/D", "n.d."} {
		_, err := ReadCountry(in)
		var ce *CountryError
		if !errors.As(err, &ce) || ce.Problem.Code != "country_blank" || ce.Problem.Params["value"] != in || ce.Problem.Params["suggest"] != "" {
			t.Errorf("ReadCountry(%q): %v, want country_blank suggesting nothing", in, err)
		}
	}
	if _, err := ReadCountry("N/A"); err == nil || err.Error() != `"N/A" names no country: tables write it for an empty answer; leave it out, or write the country's ISO 3166-1 alpha-3 code or its name` {
		t.Errorf("N/A: %v", err)
	}
	for in, want := range map[string]string{"NAM": "NAM", "Nauru": "NRU", "S.O.M.": "", "Soudan": "SDN", "Niger": "NER", "NE": "NER", "São Tomé-et-Príncipe": "STP"} {
		c, err := ReadCountry(in)
		if want == "" {
			if ce := (*CountryError)(nil); !errors.As(err, &ce) || ce.Problem.Code != "country_unknown" {
				t.Errorf("ReadCountry(%q): %v, want country_unknown", in, err)
			}
		} else if err != nil || c.Alpha3 != want {
			t.Errorf("ReadCountry(%q) = %s, %v; want %s", in, c.Alpha3, err, want)
		}
	}
}

// Every text the reader takes for a country is that country's alone: an alias added later
// that folds to another country's name or code fails here, instead of reading as whichever
// country the table happens to hold last.
func TestReadCountryEveryText(t *testing.T) {
	owner := map[string]string{}
	for _, c := range Countries() {
		for _, text := range append(countryTexts(c), c.Alpha3, c.Alpha2, strings.ToLower(c.Alpha3), strings.ToLower(c.Alpha2)) {
			if o, ok := owner[FoldWords(text)]; ok && o != c.Alpha3 {
				t.Errorf("%q is a text of %s and of %s", text, o, c.Alpha3)
			}
			owner[FoldWords(text)] = c.Alpha3
			got, err := ReadCountry(text)
			if blankMarks[strings.ToUpper(text)] {
				if err == nil {
					t.Errorf("ReadCountry(%q) = %s, want it refused as ambiguous", text, got.Alpha3)
				}
				continue
			}
			if err != nil || got.Alpha3 != c.Alpha3 {
				t.Errorf("ReadCountry(%q) = %s, %v; want %s", text, got.Alpha3, err, c.Alpha3)
			}
		}
		for _, n := range c.Names() {
			for _, text := range []string{n, strings.ToUpper(n), strings.ToLower(n), ApostropheKey(n), strings.ReplaceAll(n, "'", "’")} {
				if got, err := ReadCountry(text); err != nil || got.Alpha3 != c.Alpha3 {
					t.Errorf("ReadCountry(%q) = %s, %v; want %s", text, got.Alpha3, err, c.Alpha3)
				}
			}
		}
	}
	for code := range blankMarks {
		if _, ok := countryByText[strings.ToLower(code)]; !ok {
			t.Errorf("blank mark %s is no country's code: it needs no refusal", code)
		}
	}
}

// FuzzReadCountry: any text is read as a country or refused, never a panic; a country read
// is one of the table, read again from its own code; a refusal carries the text it refuses
// (bounded, made visible) and words it without a placeholder left.
// Seed corpus: the seeds below.
func FuzzReadCountry(f *testing.F) {
	for _, s := range []string{"LBY", "ly", "Côte d’Ivoire", "Cote dIvoire", "NA", "Libyie", "", " ", "\x00", "é", "'", "’’", "Guinée-Bissau", strings.Repeat("a", 300), "Korea", "St Lucia", "Islands", "of the"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		c, err := ReadCountry(in)
		if err == nil {
			if again, err := ReadCountry(c.Alpha3); err != nil || again.Alpha3 != c.Alpha3 {
				t.Fatalf("ReadCountry(%q) = %s, which reads back as %s, %v", in, c.Alpha3, again.Alpha3, err)
			}
			return
		}
		var ce *CountryError
		if !errors.As(err, &ce) || ce.Text != in {
			t.Fatalf("ReadCountry(%q): %v", in, err)
		}
		switch ce.Problem.Code {
		case "country_unknown", "country_ambiguous":
			if _, ok := countryByAlpha3[ce.Problem.Params["suggest"]]; !ok {
				t.Fatalf("ReadCountry(%q) suggests %q", in, ce.Problem.Params["suggest"])
			}
		case "country_partial": // several countries, each of the table, the others counted
			codes := strings.Split(ce.Problem.Params["countries"], ", ")
			n, _ := strconv.Atoi(ce.Problem.Params["count"])
			more, _ := strconv.Atoi(ce.Problem.Params["more"])
			if len(codes) < 2 && more == 0 || len(codes) > MaxSuggestedCountries || n != len(codes)+more {
				t.Fatalf("ReadCountry(%q): %+v", in, ce.Problem)
			}
			for _, c := range codes {
				if _, ok := countryByAlpha3[c]; !ok {
					t.Fatalf("ReadCountry(%q) suggests %q", in, c)
				}
			}
		case "country_blank": // names no country, and suggests none
			if s, ok := ce.Problem.Params["suggest"]; ok {
				t.Fatalf("ReadCountry(%q): blank, suggests %q", in, s)
			}
		default:
			t.Fatalf("ReadCountry(%q): problem %s", in, ce.Problem.Code)
		}
		if msg := err.Error(); strings.Contains(msg, "{") && !strings.Contains(in, "{") || !utf8.ValidString(msg) {
			t.Fatalf("ReadCountry(%q): %q", in, msg)
		}
	})
}

// A text of megabytes (a CSV cell) is refused at once, with a suggestion from its start:
// the edit distances over the whole took minutes, and a party's ISO3 cell is read twice.
func TestReadCountryLongText(t *testing.T) {
	long := "Tunisia" + strings.Repeat(" and so on", 100000)
	done := make(chan error, 1)
	go func() { _, err := ReadCountry(long); done <- err }()
	select {
	case err := <-done:
		var ce *CountryError
		if !errors.As(err, &ce) || ce.Problem.Params["suggest"] == "" || len(ce.Problem.Params["value"]) > MaxParam {
			t.Errorf("%v", err)
		}
	case <-time.After(30 * time.Second): // milliseconds now; minutes before (5,000 characters took about one second)
		t.Fatal("ReadCountry of a 1 MB text did not return")
	}
}

func TestSuggestBytes(t *testing.T) {
	for _, c := range Countries() {
		for _, n := range append(c.Names(), c.SearchNames()...) {
			if 2*len(n) > suggestBytes {
				t.Errorf("%s: %q is longer than half of suggestBytes", c.Alpha3, n)
			}
		}
	}
}

// Abbreviations are read written whole but are never a country's search words: "eau" (water)
// or "car" in a search must not find the Emirates' or the Central African Republic's records.
func TestAbbreviationsAreNotSearchWords(t *testing.T) {
	for code, abbrs := range abbreviations {
		c, _ := CountryByCode(code)
		for _, a := range abbrs {
			if got, err := ReadCountry(a); err != nil || got.Alpha3 != code {
				t.Errorf("ReadCountry(%q) = %s, %v; want %s", a, got.Alpha3, err, code)
			}
			for _, n := range c.SearchNames() {
				if FoldWords(n) == FoldWords(a) {
					t.Errorf("%s searches by %q", code, a)
				}
			}
		}
	}
}
