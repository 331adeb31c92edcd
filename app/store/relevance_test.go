package store

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// TestRelevanceRanksTitleMatchesFirst: the quick search's order on a portfolio in English and
// French. Each case lists every match in the order expected; the tiers are the title
// beginning with the query, holding it as a phrase, holding every word, then the rest, each
// tier by title in the query's language.
func TestRelevanceRanksTitleMatchesFirst(t *testing.T) {
	s := openTest(t, t.TempDir())
	c := func(title string, more map[string]any) string {
		f := map[string]any{"title": title, "status": "agreed"}
		for k, v := range more {
			f[k] = v
		}
		return create(t, s, "commitment", f)
	}
	tun := create(t, s, "party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	civ := create(t, s, "party", map[string]any{"name": "Côte d’Ivoire", "type": "country", "iso3": "CIV"})
	iom := create(t, s, "party", map[string]any{"name": "International Organization for Migration", "acronym": "IOM", "type": "international_organisation"})
	eutun := create(t, s, "partnership", map[string]any{"title": "EU–Tunisia Comprehensive Partnership on Migration", "type": "bilateral", "status": "active"})
	sar := c("Strengthening search and rescue capacities in the central Mediterranean",
		map[string]any{"text": "Training and equipment for the Libyan and Tunisian coast guard and for NGOs at sea."})
	support := c("Support to Tunisian coast guard maritime surveillance", map[string]any{"towards": []string{tun}})
	training := c("Coast guard training for search and rescue", nil)
	rotation := c("Guard rotation of coastal patrols", nil)
	border := c("Border management dialogue", map[string]any{"towards": []string{tun}, "partnership": eutun})
	garde := c("Renforcement des capacités des garde-côtes tunisiens", map[string]any{"towards": []string{tun}})
	appui := c("Appui à la réintégration des migrants de retour en Côte d’Ivoire", map[string]any{"committed_by": []string{iom}})
	returns := c("Voluntary returns from Niger", map[string]any{"towards": []string{civ}, "committed_by": []string{iom}})
	aerial := c("Aerial surveillance", map[string]any{"text": "Search and rescue flights over the Mediterranean."})
	iomLed := c("IOM-led reintegration counselling", nil)
	rootCauses := c("Root causes study under GCM-2", map[string]any{"framework_items": []string{"GCM-2"}})
	gcm23 := c("GCM-23 review of partnerships", map[string]any{"framework_items": []string{"GCM-2", "GCM-23"}})

	cases := []struct {
		q, lang string
		want    []string
	}{
		// The phrase in a title before a text that mentions it, whatever the alphabet says.
		{"coast guard", "en", []string{training, support, rotation, sar}},
		{"Coast Guard", "fr", []string{training, support, rotation, sar}},
		// The country's party, then the titles that hold the word (a prefix, as search
		// matches: "Tunisian"), then what refers to Tunisia.
		{"tunisia", "en", []string{tun, eutun, support, border, garde, sar}},
		// The party is shown "Tunisie" in French and ranks by both names in both languages.
		{"tunisia", "fr", []string{tun, eutun, support, border, garde, sar}},
		{"Tunisie", "fr", []string{tun, garde, border, support}},
		{"Tunisie", "en", []string{tun, garde, border, support}},
		// Accents, case and the apostrophe, typed or not, ' or ’.
		{"côte d'ivoire", "fr", []string{civ, appui, returns}},
		{"cote divoire", "fr", []string{civ, appui, returns}},
		{"COTE D’IVOIRE", "en", []string{civ, appui, returns}},
		{"garde cotes", "fr", []string{garde}},
		// A partner's name or acronym: its party before what refers to it. A title beginning
		// with the acronym comes first; the party's names hold the word, as a title would.
		{"IOM", "en", []string{iomLed, iom, appui, returns}},
		{"iom migration", "fr", []string{iom, appui, returns}},
		{"international organization", "en", []string{iom, appui, returns}},
		// Every word in the title, not side by side, before the phrase elsewhere.
		{"mediterranean rescue", "en", []string{sar, aerial}},
		// A code is matched whole: GCM-23's title does not hold GCM-2.
		{"GCM-2", "en", []string{rootCauses, gcm23}},
	}
	for _, tc := range cases {
		p := s.Query(Query{Text: tc.q, Sort: SortRelevance, Lang: tc.lang, Limit: 20})
		var got []string
		for _, it := range p.Items {
			got = append(got, it.ID)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%q (%s): got %v, want %v", tc.q, tc.lang, titlesOf(s, got), titlesOf(s, tc.want))
		}
	}

	// The first result of a page of one is the best match, as the quick search shows it.
	if p := s.Query(Query{Text: "coast guard", Sort: SortRelevance, Limit: 1}); len(p.Items) != 1 || p.Items[0].ID != training || p.Total != 4 {
		t.Errorf("first of one: %+v", p)
	}
	// Without a text query, relevance is the title order.
	rel := s.Query(Query{Kind: "commitment", Sort: SortRelevance, Lang: "fr", Limit: 50})
	byTitle := s.Query(Query{Kind: "commitment", Sort: "title", Lang: "fr", Limit: 50})
	if !slices.Equal(ids(rel), ids(byTitle)) || rel.Items[0].ID != byTitle.Items[0].ID || rel.Items[len(rel.Items)-1].ID != byTitle.Items[len(byTitle.Items)-1].ID {
		t.Errorf("relevance without words is not the title order")
	}
}

func titlesOf(s *Store, ids []string) []string {
	var out []string
	for _, id := range ids {
		sm, _ := s.Summary(id)
		out = append(out, sm.Title)
	}
	return out
}

// TestRankTitleTiers: the tiers of one title, word by word.
func TestRankTitleTiers(t *testing.T) {
	cases := []struct {
		q, title string
		want     int
	}{
		{"coast guard", "Coast guard training", tierTitleBegins},
		{"coast gu", "Coast guard training", tierTitleBegins}, // typing: the last word is a prefix
		{"coast guard", "Support to Tunisian coast guard maritime surveillance", tierTitlePhrase},
		{"coast guard", "Guard rotation of coastal patrols", tierTitleWords},
		{"coast guard", "Coastal patrols", tierElsewhere},
		{"tunisia", "Support to Tunisian coast guard", tierTitlePhrase},
		{"tunisie", "Renforcement des capacités des garde-côtes tunisiens", tierTitlePhrase},
		{"garde cotes", "Renforcement des capacités des GARDE-CÔTES", tierTitlePhrase},
		{"cote d'ivoire", "Retour en Côte d’Ivoire", tierTitlePhrase},
		{"cote divoire", "Retour en Côte d’Ivoire", tierTitlePhrase},
		{"divoire", "Côte d'Ivoire", tierTitlePhrase},
		{"cote ivoire", "Côte d'Ivoire", tierTitleWords}, // "d" stands between them
		{"GCM-2", "GCM-2 follow-up", tierTitleBegins},
		{"GCM-2", "GCM-23 review", tierElsewhere},
		{"jvap3", "JVAP3 and JVAP30", tierTitleBegins},
		{"jvap3", "JVAP30", tierElsewhere},
		// A code however written, as the search finds it: "jvap3" finds "JVAP-3" and
		// "JVAP-3" finds "JVAP3" (one code word, "jvap-3$"), so the title ranks either way.
		{"jvap3", "JVAP-3 domain: return and readmission", tierTitleBegins},
		{"JVAP-3", "JVAP3 domain", tierTitleBegins},
		{"jvap_3", "Under JVAP3", tierTitlePhrase},
		{"gcm5", "Follow-up of GCM.5 and GCM-50", tierTitlePhrase},
		{"JVAP-3", "JVAP30 domain", tierElsewhere},
		{"jvap3", "Ελλάδα JVAP3", tierTitlePhrase}, // the same off the ASCII way
		{"jvap", "JVAP3 domain", tierTitleBegins},  // typing: a prefix of the code's letters
		{"", "Anything", tierElsewhere},
		{"coast guard", "", tierElsewhere},
	}
	for _, c := range cases {
		p := newPhrase(c.q)
		if got := p.rankTitle(c.title); got != c.want {
			t.Errorf("%q in %q: tier %d, want %d", c.q, c.title, got, c.want)
		}
	}
}

// TestRankASCIIIsRankSplit: the ranking without allocations gives every title it takes the
// tier that split's words give it, for queries and titles of random words, case, digits,
// codes and separators.
func TestRankASCIIIsRankSplit(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	parts := []string{"coast", "Coast", "COASTAL", "guard", "guards", "GCM-5", "gcm-50", "jvap3", "JVAP-30", "5", "50", "to", "t", "the",
		"Tunisian", "tunisia", "-", ",", " ", "  ", "(", ")", "/", "–", "2026", "x1", "é", "d'Ivoire", "divoire", "Morocco's", "moroccos", "l’Union"}
	randomText := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteString(parts[rng.IntN(len(parts))])
			if rng.IntN(3) > 0 {
				b.WriteByte(' ')
			}
		}
		return b.String()
	}
	taken := 0
	for range 20000 {
		p := newPhrase(randomText(1 + rng.IntN(3)))
		title := randomText(rng.IntN(9))
		if len(p.words) == 0 {
			continue
		}
		fast, ok := p.rankASCII(title)
		if !ok {
			continue
		}
		taken++
		if slow := p.rankSplit(title); fast != slow {
			t.Fatalf("query %q, title %q: rankASCII %d, rankSplit %d", strings.Join(p.words, " "), title, fast, slow)
		}
	}
	if taken < 5000 {
		t.Fatalf("only %d titles took the ASCII way", taken)
	}
}

// TestRelevanceRanksACodeHoweverWritten: a record whose title holds a code written glued or
// with a dash is ranked by its title for the code written the other way, as the search finds
// it; and a party whose acronym is a code ("G20") ranks by its label for "G-20", before the
// records that merely refer to it. Before, the search found them and the ranking put them
// among the records that merely mention the code.
func TestRelevanceRanksACodeHoweverWritten(t *testing.T) {
	s := openTest(t, t.TempDir())
	g20 := create(t, s, "party", map[string]any{"name": "Group of Twenty", "acronym": "G20", "type": "other"})
	mention := create(t, s, "commitment", map[string]any{"title": "Agreed counselling pilot", "status": "agreed",
		"text": "Reported under JVAP-3 and JVAP3 at the Rabat Process meeting.", "committed_by": []string{g20}})
	glued := create(t, s, "commitment", map[string]any{"title": "Return counselling under JVAP3", "status": "agreed"})
	dashed := create(t, s, "commitment", map[string]any{"title": "JVAP-3 pilot on return counselling", "status": "agreed"})
	inOrder := func(p Page) []string {
		var out []string
		for _, it := range p.Items {
			out = append(out, it.ID)
		}
		return out
	}
	for _, q := range []string{"jvap3", "JVAP-3", "jvap.3"} {
		p := s.Query(Query{Text: q, Sort: SortRelevance, Limit: 20})
		if want := []string{dashed, glued, mention}; !slices.Equal(inOrder(p), want) {
			t.Errorf("%q: got %v, want %v", q, titlesOf(s, inOrder(p)), titlesOf(s, want))
		}
	}
	for _, q := range []string{"G20", "g-20"} {
		p := s.Query(Query{Text: q, Sort: SortRelevance, Limit: 20})
		if want := []string{g20, mention}; !slices.Equal(inOrder(p), want) {
			t.Errorf("%q: got %v, want %v", q, titlesOf(s, inOrder(p)), titlesOf(s, want))
		}
	}
}

// TestRankLooksForARepeatedWordOnce: a query pasted with one word repeated (here 100,000
// times) is ranked against a title by its distinct words: the title's words are compared with
// each once, not once per repeat, for every match of the query (under the index's read lock:
// saves wait). Before, ranking one title compared 100,000 words with it.
func TestRankLooksForARepeatedWordOnce(t *testing.T) {
	p := newPhrase(strings.Repeat("patrol ", 100000) + "coast")
	words := []string{"zebra", "coast", "guard", "patrol", "training"}
	calls := 0
	tier := p.rankWords(len(words), func(i, k int) bool { calls++; return p.matches(i, words[k]) })
	if tier != tierTitleWords {
		t.Fatalf("tier %d, want %d", tier, tierTitleWords)
	}
	if calls > 2*len(words) {
		t.Errorf("%d comparisons for a title of %d words and a query of 2 distinct words", calls, len(words))
	}
	if r := newPhrase("coast guard coast"); r.rankTitle("Guard of the coast") != tierTitleWords {
		t.Errorf("a repeated word: tier %d, want %d", r.rankTitle("Guard of the coast"), tierTitleWords)
	}
}
