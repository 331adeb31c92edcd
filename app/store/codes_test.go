package store

import (
	"slices"
	"testing"
)

// A code is one word: "GCM-5" finds what carries GCM-5, not GCM-50 nor JVAP-5 nor an amount
// whose digits start with 5; "GCM" alone still finds every GCM item.
func TestSearchForACodeMatchesTheWholeCode(t *testing.T) {
	for _, c := range []struct {
		text         string
		words, query []string
	}{
		{"GCM-5", []string{"5", "gcm", "gcm-5$"}, []string{"gcm-5$"}},
		{"gcm5", []string{"gcm-5$", "gcm5"}, []string{"gcm-5$"}},
		{"JVAP.3 and GCM_21", []string{"21", "3", "and", "gcm", "gcm-21$", "jvap", "jvap-3$"}, []string{"and", "gcm-21$", "jvap-3$"}},
		{"EUR 210000000", []string{"210000000", "eur"}, []string{"210000000", "eur"}},
		{"A-5b", []string{"5b", "a"}, []string{"5b", "a"}},
		{"Côte d'Ivoire", []string{"cote", "d", "divoire", "ivoire"}, []string{"cote", "d", "ivoire"}},
	} {
		if got := Words(c.text); !slices.Equal(got, c.words) {
			t.Errorf("Words(%q) = %v, want %v", c.text, got, c.words)
		}
		if got := QueryWords(c.text); !slices.Equal(got, c.query) {
			t.Errorf("QueryWords(%q) = %v, want %v", c.text, got, c.query)
		}
	}
	s := openTest(t, t.TempDir())
	create(t, s, "framework", map[string]any{"code": "NP", "title": "New Pact",
		"items": []map[string]any{{"code": "NP-5", "title": "Solidarity"}, {"code": "NP-50", "title": "Returns"}}})
	five := create(t, s, "commitment", map[string]any{"title": "Under item five", "status": "agreed", "framework_items": []string{"NP-5"}})
	fifty := create(t, s, "commitment", map[string]any{"title": "Under item fifty", "status": "agreed", "framework_items": []string{"NP-50"}})
	jvap := create(t, s, "commitment", map[string]any{"title": "Under JVAP-5", "status": "agreed", "framework_items": []string{"JVAP-5"}})
	amount := create(t, s, "commitment", map[string]any{"title": "EUR 5000000 for reception", "status": "agreed"})
	ids := func(text string) []string {
		var out []string
		for _, it := range s.Query(Query{Kind: "commitment", Text: text, Limit: MaxLimit}).Items {
			out = append(out, it.ID)
		}
		slices.Sort(out)
		return out
	}
	sorted := func(v ...string) []string { slices.Sort(v); return v }
	for text, want := range map[string][]string{
		"NP-5":  {five},
		"np5":   {five},
		"NP-50": {fifty},
		"NP":    sorted(five, fifty),
		"5":     sorted(five, fifty, jvap, amount), // a number alone still matches by prefix (50, 5000000)
	} {
		if got := ids(text); !slices.Equal(got, want) {
			t.Errorf("%q found %v, want %v", text, got, want)
		}
	}
}
