package store

import (
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// A word with an apostrophe, ' or ’, is held as its parts and joined (domain.JoinApostrophes);
// a query keeps its parts. So "d'Ivoire" is found by "ivoire", "d'ivoire" and "divoire".
func TestWordsWithApostrophes(t *testing.T) {
	for _, c := range []struct{ text, words, query string }{
		{"Côte d’Ivoire", "cote d divoire ivoire", "cote d ivoire"},
		{"Côte d'Ivoire", "cote d divoire ivoire", "cote d ivoire"},
		{"cote divoire", "cote divoire", "cote divoire"},
		{"l’Union européenne", "europeenne l lunion union", "europeenne l union"},
		{"lUnion europeenne", "europeenne lunion", "europeenne lunion"},
		{"qu'il aujourd’hui", "aujourd aujourdhui hui il qu quil", "aujourd hui il qu"},
		{"Morocco's", "morocco moroccos s", "morocco s"},
		{"Lao People’s Democratic Republic", "democratic lao people peoples republic s", "democratic lao people republic s"},
		{"rock'n'roll", "n rock rocknroll roll", "n rock roll"},
		// Not inside a word: quotes, a lone apostrophe, one before a space or a digit's end.
		{"'quoted' d' Ivoire ’", "d ivoire quoted", "d ivoire quoted"},
		{"l''Union", "l union", "l union"},
		// Decomposed accents (macOS): the accent belongs to the letter before the apostrophe.
		{"Ke\u0301'ba", "ba ke keba", "ba ke"},
		// A code glued to an elision is the text's code, not a new one.
		{"l'GCM-5", "5 gcm gcm-5$ l lgcm", "gcm-5$ l"},
	} {
		if got := strings.Join(Words(c.text), " "); got != c.words {
			t.Errorf("Words(%q) = %q, want %q", c.text, got, c.words)
		}
		if got := strings.Join(QueryWords(c.text), " "); got != c.query {
			t.Errorf("QueryWords(%q) = %q, want %q", c.text, got, c.query)
		}
	}
}

// A French talking point, a commitment's title and a party all write Côte d’Ivoire with one
// apostrophe or the other; every way of typing it finds them, and nothing else.
func TestSearchFindsElisionsTypedWithOrWithoutTheApostrophe(t *testing.T) {
	s := openTest(t, t.TempDir())
	civ := create(t, s, "party", map[string]any{"name": "Côte d’Ivoire", "type": "country", "iso3": "CIV"})
	eu := create(t, s, "party", map[string]any{"name": "Union européenne", "acronym": "UE", "type": "eu_institution"})
	m := create(t, s, "meeting", map[string]any{"title": "Processus de Rabat, réunion des hauts fonctionnaires", "start": "2026-03-10"})
	point := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "Délégation de l’Union européenne",
		"on_behalf_of": []string{eu},
		"points": []string{"Le partenariat avec la Côte d’Ivoire sur la réintégration durable se poursuit, qu’il s’agisse du retour volontaire ou de l’accueil.",
			"L’Union européenne rappelle son engagement au titre du Pacte."}})
	title := create(t, s, "commitment", map[string]any{"title": "Appui aux gardes-côtes de Côte d'Ivoire", "status": "agreed"})
	towards := create(t, s, "commitment", map[string]any{"title": "Reintegration support", "status": "agreed", "towards": []string{civ}})
	other := create(t, s, "commitment", map[string]any{"title": "Divers: dialogue on visas with Ivory Coast partners", "status": "proposed"})
	_ = other

	find := func(kind, q string) []string { return ids(s.Query(Query{Kind: kind, Text: q, Limit: MaxLimit})) }
	for _, q := range []string{"côte d'ivoire", "cote d’ivoire", "cote divoire", "Cote dIvoire", "ivoire", "d'ivoire", "divoire"} {
		if got, want := find("commitment", q), sorted(title, towards); !slices.Equal(got, want) {
			t.Errorf("commitments for %q: %v, want %v", q, got, want)
		}
		if got := find("intervention", q); !slices.Equal(got, []string{point}) {
			t.Errorf("interventions for %q: %v, want %v", q, got, []string{point})
		}
		if got := find("party", q); !slices.Equal(got, []string{civ}) {
			t.Errorf("parties for %q: %v, want %v", q, got, []string{civ})
		}
	}
	for _, q := range []string{"lUnion europeenne", "l'union européenne", "l’Union", "quil sagisse", "qu'il", "laccueil"} {
		if got := find("intervention", q); !slices.Equal(got, []string{point}) {
			t.Errorf("interventions for %q: %v, want %v", q, got, []string{point})
		}
	}
	// A joined word is found by its prefix, not inside another word: "voire" is no "divoire".
	if got := find("commitment", "voire"); len(got) != 0 {
		t.Errorf("voire found %v", got)
	}
}

// A summary of version 7, whose words had no joined form, is rebuilt at open: "cote divoire"
// finds the talking point again, the stored summary is of today's version, and check finds
// nothing stale.
func TestSummaryOfVersion7IsRebuiltWithJoinedWords(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	m := create(t, s, "meeting", map[string]any{"title": "Processus de Rabat", "start": "2026-03-10"})
	point := create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "UE",
		"points": []string{"Le partenariat avec la Côte d’Ivoire se poursuit."}})
	// What version 7 held: the same words without the joined ones.
	rec, err := s.Get(point)
	if err != nil {
		t.Fatal(err)
	}
	old := summarise(rec)
	if !slices.Contains(old.Words, "divoire") {
		t.Fatalf("today's summary has no joined word: %v", old.Words)
	}
	old.Words = slices.DeleteFunc(slices.Clone(old.Words), func(w string) bool { return w == "divoire" })
	enc := old.encode()
	enc[0] = 7
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(summaryKey(point), enc) }); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openTest(t, dir)
	if got := ids(s.Query(Query{Kind: "intervention", Text: "cote divoire"})); !slices.Equal(got, []string{point}) {
		t.Errorf("after reopening, cote divoire finds %v", got)
	}
	var stored []byte
	if err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(summaryKey(point))
		if err == nil {
			stored, err = item.ValueCopy(nil)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if got, err := decodeSummary(stored); err != nil || stored[0] != summaryVersion || !slices.Contains(got.Words, "divoire") {
		t.Errorf("the stored summary was not rebuilt: version %d, words %v, %v", stored[0], got.Words, err)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
}
