package domain

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
)

func TestReferenceFrameworks(t *testing.T) {
	for _, c := range []struct {
		fw    string
		items []FrameworkItem
		n     int
	}{{"GCM", GCMItems, 23}, {"JVAP", JVAPItems, 5}} {
		if len(c.items) != c.n {
			t.Fatalf("%s: %d items, want %d", c.fw, len(c.items), c.n)
		}
		for i, it := range c.items {
			if it.Number != i+1 || it.Code != fmt.Sprintf("%s-%d", c.fw, i+1) || it.Framework != c.fw {
				t.Errorf("%s item %d: %+v", c.fw, i, it)
			}
			if strings.TrimSpace(it.Title) == "" || it.Title != strings.TrimSpace(it.Title) || strings.ContainsAny(it.Title, "\t\r\n") {
				t.Errorf("%s title %q", it.Code, it.Title)
			}
			if got, ok := ReferenceItem(it.Code); !ok || got != it {
				t.Errorf("ReferenceItem(%s) = %+v, %v", it.Code, got, ok)
			}
		}
	}
	if it, _ := ReferenceItem("GCM-7"); it.Title != "Address and reduce vulnerabilities in migration" {
		t.Errorf("GCM-7 %q", it.Title)
	}
	if it, _ := ReferenceItem("GCM-23"); !strings.HasPrefix(it.Title, "Strengthen international cooperation") {
		t.Errorf("GCM-23 %q", it.Title)
	}
	if it, _ := ReferenceItem("JVAP-5"); it.Title != "Return, readmission and reintegration" {
		t.Errorf("JVAP-5 %q", it.Title)
	}
	for _, bad := range []string{"GCM-0", "GCM-24", "gcm-7", "JVAP-6", "", "GCM7"} {
		if _, ok := ReferenceItem(bad); ok {
			t.Errorf("ReferenceItem(%q) found", bad)
		}
	}
	codes := ReferenceItemCodes()
	if len(codes) != 28 || codes[0] != "GCM-1" || codes[9] != "GCM-10" || codes[22] != "GCM-23" || codes[23] != "JVAP-1" || codes[27] != "JVAP-5" {
		t.Errorf("codes %v", codes)
	}
	// The embedded files are the shipped reference data.
	for _, f := range []string{"gcm-objectives.tsv", "jvap-domains.tsv"} {
		b, err := os.ReadFile(filepath.Join("reference", f))
		if err != nil || !bytes.HasPrefix(b, []byte("code\tnumber\ttitle\n")) {
			t.Errorf("%s: %v", f, err)
		}
	}
}

func TestParseItemsErrors(t *testing.T) {
	for in, want := range map[string]string{
		"code\tnumber\ttitle\nX-1\t1\n":          "line 2: want 3 columns, got 2",
		"code\tnumber\ttitle\nX-1\tone\tTitle\n": "line 2: number",
	} {
		if _, err := parseItems("X", []byte(in)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v", in, err)
		}
	}
	items, err := parseItems("X", []byte("code\tnumber\ttitle\nX-2\t2\tB\n\nX-1\t1\tA\n"))
	if err != nil || len(items) != 2 || items[0].Code != "X-1" {
		t.Errorf("%+v %v", items, err)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("mustParseItems did not panic")
		}
	}()
	mustParseItems("X", []byte("h\nbad\n"))
}

func TestCountries(t *testing.T) {
	cs := Countries()
	if len(cs) < 249 {
		t.Fatalf("%d countries, want at least 249", len(cs))
	}
	if !sort.SliceIsSorted(cs, func(i, j int) bool { return cs[i].Alpha3 < cs[j].Alpha3 }) {
		t.Errorf("not sorted by alpha-3")
	}
	a2 := map[string]bool{}
	for i, c := range cs {
		if len(c.Alpha3) != 3 || strings.ToUpper(c.Alpha3) != c.Alpha3 || len(c.Alpha2) != 2 || len(c.Numeric) != 3 || c.Name == "" || c.NameFR == "" {
			t.Errorf("bad entry %+v", c)
		}
		if i > 0 && cs[i-1].Alpha3 == c.Alpha3 || a2[c.Alpha2] {
			t.Errorf("duplicate %+v", c)
		}
		a2[c.Alpha2] = true
	}
	// Countries returns a copy.
	cs[0].Name = "changed"
	if Countries()[0].Name == "changed" {
		t.Errorf("Countries() exposes the table")
	}
	for _, w := range []struct{ Alpha3, Alpha2, Numeric, Name, NameFR string }{
		{"LBY", "LY", "434", "Libya", "Libye"},
		{"CIV", "CI", "384", "Côte d'Ivoire", "Côte d’Ivoire"},
		{"TUR", "TR", "792", "Türkiye", "Türkiye"},
		{"DEU", "DE", "276", "Germany", "Allemagne"},
		{"GRC", "GR", "300", "Greece", "Grèce"},
		{"MAR", "MA", "504", "Morocco", "Maroc"},
		{"NER", "NE", "562", "Niger", "Niger"},
		{"ITA", "IT", "380", "Italy", "Italie"},
		{"RUS", "RU", "643", "Russian Federation", "Fédération de Russie"},
	} {
		for _, code := range []string{w.Alpha3, strings.ToLower(w.Alpha3), w.Alpha3[:1] + strings.ToLower(w.Alpha3[1:])} {
			if c, ok := CountryByCode(code); !ok || c.Alpha3 != w.Alpha3 || c.Alpha2 != w.Alpha2 || c.Numeric != w.Numeric || c.Name != w.Name || c.NameFR != w.NameFR {
				t.Errorf("CountryByCode(%s) = %+v, %v; want %+v", code, c, ok, w)
			}
		}
	}
	if c, _ := CountryByCode("RUS"); c.ISONameFR != "Russie, Fédération de" {
		t.Errorf("RUS French ISO name %q", c.ISONameFR)
	}
	// French names are really French for most countries.
	differ := 0
	for _, c := range cs {
		if c.NameFR != c.Name {
			differ++
		}
	}
	if differ < 150 {
		t.Errorf("only %d French names differ from the English", differ)
	}
	for _, bad := range []string{"", "LY", "LBA", "XXX", "LBY ", "EU"} {
		if _, ok := CountryByCode(bad); ok {
			t.Errorf("CountryByCode(%q) found", bad)
		}
	}
}

func TestClosestCountry(t *testing.T) {
	for in, want := range map[string]string{
		"LBA":           "LBY", // IOC code, one letter from LBN, LBR and LBY
		"LBY":           "LBY",
		"lby":           "LBY",
		" LBY ":         "LBY",
		"Libya":         "LBY",
		"Lybia":         "LBY",
		"LIBYE":         "LBY",
		"Cote d'Ivoire": "CIV",
		"Côte d'Ivoire": "CIV",
		"Turkiye":       "TUR",
		"Turkey":        "TUR",
		"TURKEY":        "TUR",
		"Marocco":       "MAR",
		"Tunisia":       "TUN",
		"Niger":         "NER",
		"Nigeria":       "NGA",
		"Greece":        "GRC",
		"Italy":         "ITA",
		"Egypt":         "EGY",
		"Senegal":       "SEN",
		"Russie":        "RUS", // a short form
		"Rusia":         "RUS",
		"Syrie":         "SYR",
		"Palestine":     "PSE",
	} {
		if got := ClosestCountry(in); got.Alpha3 != want {
			t.Errorf("ClosestCountry(%q) = %s (%s), want %s", in, got.Alpha3, got.Name, want)
		}
	}
	// Always some answer, even for nonsense.
	for _, in := range []string{"", "???", strings.Repeat("Z", 200), "日本"} {
		if got := ClosestCountry(in); got.Alpha3 == "" {
			t.Errorf("ClosestCountry(%q) empty", in)
		}
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"", "abc", 3}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"LBA", "LBY", 1}, {"Côte", "Cote", 1}, {"ab", "ba", 2}} {
		if d := editDistance(c.a, c.b); d != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, d, c.d)
		}
	}
}

// TestCountriesGenerated regenerates countries_gen.go from Debian's iso-codes with the
// checked-in generator and requires the checked-in file to match.
func TestCountriesGenerated(t *testing.T) {
	const isoJSON = "/usr/share/iso-codes/json/iso_3166-1.json"
	const frMO = "/usr/share/locale/fr/LC_MESSAGES/iso_3166-1.mo"
	for _, f := range []string{isoJSON, frMO} {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s is missing: install Debian's iso-codes package (`make deps` does, or `apt-get install iso-codes`): %v", f, err)
		}
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Fatalf("no go command to run the generator: %v", err)
		}
	}
	out := filepath.Join(t.TempDir(), "countries_gen.go")
	cmd := exec.Command(goBin, "run", "./internal/gencountries", "-json", isoJSON, "-fr", frMO, "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("countries_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("countries_gen.go is not what the generator writes from this iso-codes (run `go generate ./app/domain`); line %d:\n generated: %s\n checked in: %s", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("countries_gen.go differs from the generator's output in length (%d vs %d lines)", len(wl), len(gl))
	}
}

func TestSchema(t *testing.T) {
	for _, k := range Kinds {
		if got, ok := ParseKind(string(k)); !ok || got != k {
			t.Errorf("ParseKind(%s)", k)
		}
		fs := Schema(k)
		if len(fs) == 0 {
			t.Fatalf("%s has no schema", k)
		}
		names := map[string]bool{}
		for _, f := range fs {
			if f.Name == "" || names[f.Name] || f.Label == "" || f.Type == "" {
				t.Errorf("%s field %+v", k, f)
			}
			names[f.Name] = true
			if g, ok := FieldOf(k, f.Name); !ok || g.Name != f.Name {
				t.Errorf("FieldOf(%s, %s)", k, f.Name)
			}
		}
	}
	if _, ok := ParseKind("Party"); ok {
		t.Errorf("ParseKind is case-insensitive")
	}
	if _, ok := FieldOf(KindCommitment, "deadline"); ok {
		t.Errorf("FieldOf found an unknown field")
	}
	check := func(k Kind, name string, typ FieldType, required bool, ref Kind) Field {
		t.Helper()
		f, ok := FieldOf(k, name)
		if !ok || f.Type != typ || f.Required != required || f.Ref != ref {
			t.Errorf("%s.%s = %+v, want type %s required %v ref %q", k, name, f, typ, required, ref)
		}
		return f
	}
	if f := check(KindCommitment, "themes", TypeSet, false, ""); len(f.Options) != 13 || f.Elem != "string" {
		t.Errorf("themes %+v", f)
	}
	if f := check(KindCommitment, "status", TypeEnum, true, ""); len(f.Options) != 6 {
		t.Errorf("status %+v", f)
	}
	check(KindCommitment, "title", TypeText, true, "")
	check(KindCommitment, "text", TypeLongText, false, "")
	check(KindCommitment, "due", TypeDate, false, "")
	check(KindCommitment, "indicators", TypeList, false, "")
	check(KindCommitment, "partnership", TypeRef, false, KindPartnership)
	check(KindCommitment, "committed_by", TypeSet, false, KindParty)
	check(KindCommitment, "framework_items", TypeSet, false, "")
	check(KindMeeting, "start", TypeDateOrDateTime, true, "")
	check(KindMeeting, "partnership", TypeRef, false, KindPartnership)
	check(KindMeeting, "outcome", TypeLongText, false, "")
	check(KindPartnership, "source", TypeText, false, "")
	if f := check(KindCommitment, "funding", TypeList, false, ""); len(f.Columns) != 7 {
		t.Errorf("funding columns %+v", f.Columns)
	} else {
		cols := map[string]Field{}
		for _, c := range f.Columns {
			cols[c.Name] = c
		}
		if c := cols["amount"]; c.Type != TypeNumber || !c.Required {
			t.Errorf("funding amount %+v", c)
		}
		if c := cols["state"]; c.Type != TypeEnum || len(c.Options) != 4 || !c.Required {
			t.Errorf("funding state %+v", c)
		}
		if c := cols["instrument"]; c.Type != TypeEnum || len(c.Options) != 6 || c.Required {
			t.Errorf("funding instrument %+v", c)
		}
		if c := cols["country"]; c.Type != TypeRef || c.Ref != KindParty {
			t.Errorf("funding country %+v", c)
		}
	}
	if f, _ := FieldOf(KindCommitment, "indicators"); len(f.Columns) != 10 || f.Columns[6].Name != "values" || len(f.Columns[6].Columns) != 4 {
		t.Errorf("indicator columns %+v", f.Columns)
	}
	check(KindMeeting, "sessions", TypeList, false, "")
	check(KindIntervention, "points", TypeList, false, "")
	check(KindIntervention, "commitments", TypeSet, false, KindCommitment)
	if f := check(KindPartnership, "parties", TypeSet, false, KindParty); f.Elem != "party_role" || len(f.Options) != 5 {
		t.Errorf("parties %+v", f)
	}
	if f := check(KindParty, "iso3", TypeText, false, ""); f.Label != "ISO 3166-1 alpha-3 code" {
		t.Errorf("iso3 label %q", f.Label)
	}
	if f, _ := FieldOf(KindCommitment, "source_meeting"); f.Label != "Source meeting" {
		t.Errorf("label %q", f.Label)
	}
	if Label(Themes, "root_causes") != "Root causes of irregular migration and forced displacement" || Label(Themes, "x") != "x" {
		t.Errorf("Label")
	}
	if len(PartyTypes) != 6 || len(PartnershipTypes) != 6 || len(PartyRoles) != 5 || len(PartnershipStatuses) != 4 ||
		len(CommitmentTypes) != 7 || len(CommitmentStatuses) != 6 || len(Themes) != 13 {
		t.Errorf("closed lists changed size")
	}
}
