package domain

import (
	"encoding/json"
	"errors"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// Every problem code has words in both of the UI's catalogues ("rule.CODE"), which name only
// values the code carries; and the catalogues word no code the backend does not send.
func TestProblemCodesAreWordedByTheScreens(t *testing.T) {
	goNames := regexp.MustCompile(`\{(\w+)(?::\w+)?\}`)
	uiNames := regexp.MustCompile(`\{(\w+)\}`)
	carried := func(code string) map[string]bool {
		out := map[string]bool{}
		for _, m := range goNames.FindAllStringSubmatch(problemText[code], -1) {
			out[m[1]] = true
		}
		return out
	}
	for _, lang := range []string{"en", "fr"} {
		src, err := os.ReadFile("../../frontend/src/lib/i18n/" + lang + ".ts")
		if err != nil {
			t.Fatalf("the translations are part of the repository: %v", err)
		}
		ui := map[string]string{}
		for _, m := range regexp.MustCompile(`'rule\.([a-z0-9_]+)': '((?:[^'\\]|\\.)*)'`).FindAllStringSubmatch(string(src), -1) {
			ui[m[1]] = m[2]
		}
		for _, code := range ProblemCodes() {
			msg, ok := ui[code]
			if !ok {
				t.Errorf("%s.ts: no words for the problem code %q", lang, code)
				continue
			}
			for _, m := range uiNames.FindAllStringSubmatch(msg, -1) {
				if !carried(code)[m[1]] {
					t.Errorf("%s.ts: rule.%s names {%s}, which the code does not carry", lang, code, m[1])
				}
			}
		}
		var extra []string
		for code := range ui {
			if _, ok := problemText[code]; !ok {
				extra = append(extra, code)
			}
		}
		sort.Strings(extra)
		if len(extra) > 0 {
			t.Errorf("%s.ts words codes the backend never sends: %s", lang, strings.Join(extra, ", "))
		}
	}
}

// The English words come from the one table, with the values in place.
func TestProblemText(t *testing.T) {
	cases := []struct {
		p    Problem
		want string
	}{
		{P("required"), "is required"},
		{P("date_nonexistent", "value", "2026-02-30", "day", "30", "month", "2", "year", "2026", "days", "28"), `"2026-02-30": 30 February does not exist (February 2026 has 28 days)`},
		{P("shape", "want", "list", "of", "indicators"), "must be a list (JSON array) of indicators"},
		{P("shape_at", "at", "x", "got", "number", "want", "party_roles"), `has the wrong shape at x (got number): must be a list of {"party": ID, "role": ROLE} objects`},
		{P("text", "text", "as it was"), "as it was"},
		{P("no_such_code"), `fails the rule "no_such_code"`},
		// A place in a list cell, the ways to name a record, what a list left out.
		{P("csv_ref_unknown", "value", "Atlantis", "kind", "party", "keys", "id, iso3, country_names, name, acronym"),
			`"Atlantis" names no party: give its id, ISO3 code, country name in English or French, name or acronym`},
		{P("csv_ref_unknown", "at", "1.values.3.country", "value", "X", "kind", "party", "keys", "id, title"),
			`entry 1, values entry 3, country: "X" names no party: give its id or title`},
		{P("csv_ref_unknown", "at", "2.country", "value", "X", "kind", "party", "keys", "id"), `entry 2, country: "X" names no party: give its id`},
		{P("csv_item_unknown_in", "value", "GCM-99", "framework", "GCM", "items", "GCM-1, GCM-2", "more", "21"),
			`"GCM-99" is not a framework item; the items of GCM are GCM-1, GCM-2 … and 21 more`},
		{P("csv_item_unknown_in", "value", "GCM-99", "framework", "GCM", "items", "GCM-1, GCM-2", "more", "0"),
			`"GCM-99" is not a framework item; the items of GCM are GCM-1, GCM-2`},
		// A cell's text quoted, an empty one in words.
		{P("csv_sets_back_own_change", "kind", "commitment", "field", "due", "value", "", "set", "2027-03-31", "as_of", "2026-12-05"),
			"sets back an empty cell, this installation's change of 2026-12-05, to “2027-03-31”, the value before it: this file may be older than that change. Import it only to undo the change on purpose; otherwise export the file again"},
		{P("entry_not_number_suggest", "at", "1.amount", "value", `"12,5"`, "suggest", "12.5"),
			`entry 1, amount: "12,5" is not a number: write digits without quotes, with a point before decimals and no thousands separators: 12.5`},
	}
	for _, c := range cases {
		if got := c.p.Text(); got != c.want {
			t.Errorf("%s: %q, want %q", c.p.Code, got, c.want)
		}
	}
	long := P("enum", "value", strings.Repeat("x", 10000))
	if len(long.Params["value"]) > MaxParam+100 {
		t.Errorf("a value from outside is kept whole: %d bytes", len(long.Params["value"]))
	}
}

// The records a name could be are one parameter each, worded in order, a cut list saying
// how many it left out; rows of the import are told apart from records held.
func TestCandidateParams(t *testing.T) {
	cs := []Candidate{
		{Label: "Kingdom of Morocco", ISO3: "MAR", ID: "0190-a"},
		{Label: "Morocco", Row: 4},
		{Label: "Maroc", Row: 7, File: "b.csv"},
	}
	p := P("csv_ref_ambiguous", CandidateParams([]string{"value", "MAR", "kind", "party"}, cs)...)
	want := `"MAR" could be any of 3 party records: Kingdom of Morocco (ISO3 MAR, id 0190-a); Morocco (row 4 of this import); Maroc (b.csv, row 7 of this import); write the id of the one you mean`
	if got := p.Text(); got != want {
		t.Errorf("%q\nwant %q", got, want)
	}
	var many []Candidate
	for i := range MaxCandidates + 3 {
		many = append(many, Candidate{Label: strings.Repeat("x", 300), ID: strconv.Itoa(i)})
	}
	p = P("csv_ref_near", CandidateParams([]string{"value", "x", "kind", "party", "keys", "id"}, many)...)
	if got := p.Text(); !strings.HasSuffix(got, " … and 3 more? Names must be written exactly as they are stored (or give its id)") || strings.Count(got, "(id ") != MaxCandidates {
		t.Errorf("%q", got)
	}
	if p.Params["count"] != strconv.Itoa(MaxCandidates+3) || len(p.Params["c1"]) > MaxParam+100 {
		t.Errorf("params %v", p.Params["count"])
	}
}

func TestEntryPath(t *testing.T) {
	for path, want := range map[string]string{
		"1":                  "entry 1",
		"1.amount":           "entry 1, amount",
		"1.values.3.country": "entry 1, values entry 3, country",
		"2.values.1":         "entry 2, values entry 1",
	} {
		if got := EntryPath(path, "entry"); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}

// FieldPlace: the validator's path of a value inside a list or set cell is that field's
// column and the place inside it, entries counted from 1 (what EntryPath words).
func TestFieldPlace(t *testing.T) {
	for path, want := range map[string][2]string{
		"due":                           {"due", ""},
		"themes[1]":                     {"themes", "2"},
		"indicators[0].unit":            {"indicators", "1.unit"},
		"indicators[0].values[2].as_of": {"indicators", "1.values.3.as_of"},
		"funding[11].country":           {"funding", "12.country"},
		"parties[0].party":              {"parties", "1.party"},
		// Not the validator's shapes: the path stays whole, with no place.
		"themes[x]":  {"themes[x]", ""},
		"themes[1":   {"themes[1", ""},
		"themes..a":  {"themes..a", ""},
		"themes[-1]": {"themes[-1]", ""},
	} {
		if f, at := FieldPlace(path); f != want[0] || at != want[1] {
			t.Errorf("%s: %q %q, want %q %q", path, f, at, want[0], want[1])
		}
	}
}

// An enum's allowed values are the schema's, whole, though longer than a value from outside
// may be: the themes are.
func TestEnumProblemListsEveryValue(t *testing.T) {
	err := ValidateFields(KindCommitment, map[string]json.RawMessage{"themes": json.RawMessage(`["bordr"]`)}, nil)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%v", err)
	}
	p := ve.Problems["themes[0]"]
	if p.Code != "enum" || !strings.HasSuffix(p.Params["allowed"], "alternatives_to_detention") || strings.Contains(ve.Fields["themes[0]"], "not shown") {
		t.Errorf("%+v %q", p, ve.Fields["themes[0]"])
	}
}
