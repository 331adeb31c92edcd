package domain

import (
	"os"
	"regexp"
	"sort"
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
