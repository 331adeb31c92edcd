package store

import (
	"slices"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// A search finds a country's records by the names people type: the display names, the ISO
// names (inverted ones too), the short forms, and word prefixes of them ("Syria" finds the
// Syrian Arab Republic, "Congo" both Congos). Not by the words of the formal names: "kingdom"
// finds no commitment towards Morocco.
func TestSearchFindsCountriesByEveryName(t *testing.T) {
	s := openTest(t, t.TempDir())
	party := func(name, iso3 string) string {
		return create(t, s, "party", map[string]any{"name": name, "type": "country", "iso3": iso3})
	}
	towards := func(title, party string) string {
		return create(t, s, "commitment", map[string]any{"title": title, "status": "agreed", "towards": []string{party}})
	}
	rus := towards("Readmission talks", party("Russian Federation", "RUS"))
	syr := towards("Return support", party("Syria", "SYR"))
	cod := towards("Reception centres", party("Congo, The Democratic Republic of the", "COD"))
	cog := towards("Border posts", party("Congo", "COG"))
	irn := towards("Transit dialogue", party("Iran", "IRN"))
	pse := towards("Registration", party("Palestine, State of", "PSE"))
	mar := towards("Mobility scheme", party("Morocco", "MAR"))
	for q, want := range map[string][]string{
		"Russia":                     {rus},
		"Russie":                     {rus},
		"Fédération de Russie":       {rus},
		"federation russie":          {rus},
		"Syria":                      {syr},
		"Syrie":                      {syr},
		"Syrian Arab Republic":       {syr},
		"république arabe syrienne":  {syr},
		"Iran":                       {irn},
		"Congo":                      {cod, cog},
		"Democratic Republic of the": {cod},
		"RDC":                        {cod},
		"République démocratique":    {cod},
		"State of Palestine":         {pse},
		"État de Palestine":          {pse},
		"Palestine":                  {pse},
		"Maroc":                      {mar},
		"kingdom":                    {},
	} {
		if got := ids(s.Query(Query{Kind: "commitment", Text: q})); !slices.Equal(got, sorted(want...)) {
			t.Errorf("%q finds %v, want %v", q, got, sorted(want...))
		}
	}
}

// A party titled by a country's name sorts by the name shown: the display name in the
// query's language.
func TestPartiesSortByTheCountryNameShown(t *testing.T) {
	s := openTest(t, t.TempDir())
	rus := create(t, s, "party", map[string]any{"name": "Russie, Fédération de", "type": "country", "iso3": "RUS"})
	pse := create(t, s, "party", map[string]any{"name": "Palestine, State of", "type": "country", "iso3": "PSE"})
	qat := create(t, s, "party", map[string]any{"name": "Qatar", "type": "country", "iso3": "QAT"})
	order := func(lang string) []string {
		var out []string
		for _, it := range s.Query(Query{Kind: "party", Sort: "title", Lang: lang}).Items {
			out = append(out, it.ID)
		}
		return out
	}
	// Qatar, Russian Federation, State of Palestine; État de Palestine, Fédération de Russie, Qatar.
	if got, want := order("en"), []string{qat, rus, pse}; !slices.Equal(got, want) {
		t.Errorf("English order %v, want %v", got, want)
	}
	if got, want := order("fr"), []string{pse, rus, qat}; !slices.Equal(got, want) {
		t.Errorf("French order %v, want %v", got, want)
	}
}

// A summary of the previous encoding (6, before the display names) is rebuilt from its record
// at open: the party is found by its display name again, and check finds nothing stale.
func TestSummaryOfAnotherVersionIsRebuiltAtOpen(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	rus := create(t, s, "party", map[string]any{"name": "Russian Federation", "type": "country", "iso3": "RUS"})
	c := create(t, s, "commitment", map[string]any{"title": "Readmission talks", "status": "agreed", "towards": []string{rus}})
	// What version 6 held: the ISO names only, in the version 6 encoding.
	old, ok := s.Summary(rus)
	if !ok {
		t.Fatal("no summary")
	}
	old.Words = wordsOf("Russian Federation", "Russie, Fédération de", "RUS")
	old.Labels = []Label{{Key: rus, Words: old.Words}}
	enc := old.encode()
	enc[0] = 6
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(summaryKey(rus), enc) }); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openTest(t, dir)
	if got := ids(s.Query(Query{Kind: "commitment", Text: "Russia"})); !slices.Equal(got, []string{c}) {
		t.Errorf("after reopening, Russia finds %v", got)
	}
	var stored []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(summaryKey(rus))
		if err == nil {
			stored, err = item.ValueCopy(nil)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := decodeSummary(stored); err != nil || stored[0] != summaryVersion || !slices.Contains(got.Words, "russia") {
		t.Errorf("the stored summary was not rebuilt: version %d, words %v, %v", stored[0], got.Words, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}
