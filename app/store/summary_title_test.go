package store

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"dossier/app/domain"
)

// An intervention has no title of its own: the store keeps its parts (speaker, session), the
// display end composes the title in the reader's language (frontend recordTitle,
// brief Lang.recordTitle), and the command line in English (docs/api.md, "Composed titles").
func TestInterventionTitleParts(t *testing.T) {
	f := func(m map[string]string) map[string]json.RawMessage {
		out := map[string]json.RawMessage{}
		for k, v := range m {
			out[k], _ = json.Marshal(v)
		}
		return out
	}
	cases := []struct {
		fields  map[string]string
		parts   TitleParts
		english string
	}{
		{map[string]string{"speaker": "EEAS and European Commission services", "session": "Roundtable 4"},
			TitleParts{"EEAS and European Commission services", "Roundtable 4"}, "Intervention by EEAS and European Commission services (Roundtable 4)"},
		{map[string]string{"speaker": "A. Benali"}, TitleParts{Speaker: "A. Benali"}, "Intervention by A. Benali"},
		{map[string]string{"session": "Opening"}, TitleParts{Session: "Opening"}, "Intervention (Opening)"},
		{map[string]string{}, TitleParts{}, "Intervention"},
	}
	for _, c := range cases {
		title, parts := Title(domain.KindIntervention, f(c.fields)), Parts(domain.KindIntervention, f(c.fields))
		if title != "" || parts == nil || *parts != c.parts {
			t.Errorf("%v: title %q, parts %+v; want no title, parts %+v", c.fields, title, parts, c.parts)
			continue
		}
		if got := EnglishTitle(title, parts); got != c.english {
			t.Errorf("%v: English %q, want %q", c.fields, got, c.english)
		}
	}
	if p := Parts(domain.KindCommitment, f(map[string]string{"title": "x", "speaker": "y"})); p != nil {
		t.Errorf("a commitment has parts: %+v", p)
	}
	if got := EnglishTitle("Plan", nil); got != "Plan" {
		t.Errorf("a title of its own: %q", got)
	}
}

// The parts survive the summary encoding, and a cut summary does not decode.
func TestSummaryWithPartsRoundTrips(t *testing.T) {
	in := Summary{ID: "x", Kind: "intervention", Parts: &TitleParts{Speaker: "EEAS", Session: "Roundtable 4"}, Meeting: "m", Words: []string{"eeas"}}
	enc := in.encode()
	out, err := decodeSummary(enc)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(out, in) {
		t.Fatalf("round trip:\n%+v\n%+v", out, in)
	}
	for cut := 1; cut < len(enc); cut++ {
		if _, err := decodeSummary(enc[:cut]); err == nil {
			t.Fatalf("a summary cut at %d of %d bytes decoded", cut, len(enc))
		}
	}
}

// Interventions are found by the word both languages' titles begin with and by their parts,
// and sort by their parts in order; lists carry the parts, not an English title.
func TestInterventionsFoundAndSortedByParts(t *testing.T) {
	s := openTest(t, t.TempDir())
	m := create(t, s, "meeting", map[string]any{"title": "Review", "start": "2020-11-12T09:00:00+01:00"})
	for _, sp := range []string{"Morocco", "EEAS", "Amina Benali"} {
		create(t, s, "intervention", map[string]any{"meeting": m, "speaker": sp, "session": "Roundtable 4"})
	}
	create(t, s, "intervention", map[string]any{"meeting": m, "session": "Opening"})
	var speakers []string
	for _, it := range s.Query(Query{Kind: "intervention", Sort: "title", Lang: "fr", Limit: 10}).Items {
		if it.Title != "" || it.Parts == nil {
			t.Fatalf("list item %+v: want no title and its parts", it)
		}
		speakers = append(speakers, it.Parts.Speaker)
	}
	if want := []string{"", "Amina Benali", "EEAS", "Morocco"}; !slices.Equal(speakers, want) {
		t.Errorf("sorted by title: %q, want %q", speakers, want)
	}
	for q, n := range map[string]int{"intervention": 4, "eeas": 1, "roundtable": 3, "opening": 1, "by": 0} {
		if got := s.Query(Query{Kind: "intervention", Text: q}).Total; got != n {
			t.Errorf("search %q: %d, want %d", q, got, n)
		}
	}
}

// In French a country party named by its English ISO name is shown by its French name
// (frontend countryPartyName), and a list sorted by title follows what is shown.
func TestCountryPartiesSortByTheNameShown(t *testing.T) {
	s := openTest(t, t.TempDir())
	for _, name := range []string{"Morocco", "Germany", "Belgium", "Zembla office"} {
		create(t, s, "party", map[string]any{"name": name, "type": "other"})
	}
	for lang, want := range map[string][]string{
		"en": {"Belgium", "Germany", "Morocco", "Zembla office"},
		"fr": {"Germany", "Belgium", "Morocco", "Zembla office"}, // Allemagne, Belgique, Maroc
	} {
		var got []string
		for _, it := range s.Query(Query{Kind: "party", Sort: "title", Lang: lang, Limit: 10}).Items {
			got = append(got, it.Title)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}

// Each visits exactly the records a query matches, with no page limit or order.
func TestEachVisitsEveryMatch(t *testing.T) {
	s := openTest(t, t.TempDir())
	for i := 0; i < 30; i++ {
		status := []string{"agreed", "stalled", "delivered"}[i%3]
		create(t, s, "commitment", map[string]any{"title": "Commitment " + status, "status": status})
	}
	create(t, s, "party", map[string]any{"name": "Morocco", "type": "country", "iso3": "MAR"})
	for _, q := range []Query{{Kind: "commitment"}, {Kind: "commitment", Status: "stalled"}, {Kind: "commitment", Text: "agreed"}, {}} {
		want := map[string]bool{}
		for _, it := range s.Query(Query{Kind: q.Kind, Status: q.Status, Text: q.Text, Limit: MaxLimit}).Items {
			want[it.ID] = true
		}
		got := map[string]bool{}
		s.Each(Query{Kind: q.Kind, Status: q.Status, Text: q.Text, Limit: 1, Offset: 5}, func(sum Summary) { got[sum.ID] = true })
		if len(got) != len(want) || len(want) == 0 {
			t.Errorf("%+v: Each visited %d, the query matches %d", q, len(got), len(want))
		}
		for id := range want {
			if !got[id] {
				t.Errorf("%+v: Each missed %s", q, id)
			}
		}
	}
}
