package store

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// searchFixture holds a small portfolio whose records refer to each other.
type searchFixture struct {
	tun, iom, ptn, fw, onTun, byIOM, inPtn, onItem string
}

func newSearchFixture(t *testing.T, s *Store) searchFixture {
	var f searchFixture
	f.tun = create(t, s, "party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN"})
	f.iom = create(t, s, "party", map[string]any{"name": "International Organization for Migration", "acronym": "IOM", "type": "international_organisation"})
	f.ptn = create(t, s, "partnership", map[string]any{"title": "Mediterranean Talent Partnership", "type": "bilateral", "status": "active"})
	f.fw = create(t, s, "framework", map[string]any{"code": "NPMA", "title": "New Pact on Migration and Asylum",
		"items": []map[string]any{{"code": "NPMA-4", "number": 4, "title": "Pre-entry screening"}}})
	f.onTun = create(t, s, "commitment", map[string]any{"title": "Coast guard training", "status": "agreed", "towards": []string{f.tun},
		"themes": []string{"return_readmission_reintegration"}})
	f.byIOM = create(t, s, "commitment", map[string]any{"title": "Voluntary returns", "status": "in_progress", "committed_by": []string{f.iom},
		"framework_items": []string{"GCM-21"}})
	f.inPtn = create(t, s, "commitment", map[string]any{"title": "Skills mobility scheme", "status": "proposed", "partnership": f.ptn})
	f.onItem = create(t, s, "commitment", map[string]any{"title": "Screening centres", "status": "proposed", "framework_items": []string{"NPMA-4"}})
	return f
}

func ids(p Page) []string {
	out := []string{}
	for _, it := range p.Items {
		out = append(out, it.ID)
	}
	slices.Sort(out)
	return out
}

func sorted(xs ...string) []string { return slices.Sorted(slices.Values(xs)) }

func TestTextSearchFindsWhatRecordsReferTo(t *testing.T) {
	s := openTest(t, t.TempDir())
	f := newSearchFixture(t, s)
	cases := []struct {
		q    string
		want []string
	}{
		{"Tunisia", []string{f.onTun}},
		{"tunisie", []string{f.onTun}}, // the French name of the party's country
		{"TUN", []string{f.onTun}},
		{"IOM", []string{f.byIOM}},
		{"international organization", []string{f.byIOM}},
		{"talent partnership", []string{f.inPtn}},
		{"readmission", []string{f.onTun, f.byIOM}}, // the theme's English label; GCM-21's title
		{"réadmission retour", []string{f.onTun}},   // its French label, accents or not
		{"GCM-21", []string{f.byIOM}},               // a shipped item's code…
		{"dignified return", []string{f.byIOM}},     // …and title
		{"NPMA-4", []string{f.onItem}},              // an item a framework record defines: its code…
		{"pre-entry", []string{f.onItem}},           // …its title…
		{"new pact asylum", []string{f.onItem}},     // …and its framework's title
		{"screening", []string{f.onItem}},           // own title and item title: found once
		{"tunisia voluntary", []string{}},           // every word must match, own or referred to
		{"organization returns", []string{f.byIOM}}, // one word referred to, one its own
	}
	for _, c := range cases {
		if got := ids(s.Query(Query{Kind: "commitment", Text: c.q})); !slices.Equal(got, sorted(c.want...)) {
			t.Errorf("%q: %d hits %v, want %v", c.q, len(got), got, c.want)
		}
	}
}

// Renaming a referenced record changes what the records referring to it are found by,
// whether the change is made here, imported from another installation, or found at open.
func TestRenamedReferencesChangeWhatReferringRecordsAreFoundBy(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	f := newSearchFixture(t, s)
	found := func(s *Store, q string) []string { return ids(s.Query(Query{Kind: "commitment", Text: q})) }
	expect := func(s *Store, when, q string, want ...string) {
		t.Helper()
		if got := found(s, q); !slices.Equal(got, sorted(want...)) {
			t.Errorf("%s: %q finds %v, want %v", when, q, got, want)
		}
	}

	update(t, s, f.iom, map[string]any{"name": "UN Migration Agency", "acronym": "UNMA"})
	update(t, s, f.ptn, map[string]any{"title": "Atlantic Skills Partnership"})
	update(t, s, f.fw, map[string]any{"items": []map[string]any{{"code": "NPMA-4", "number": 4, "title": "Border procedure"}}})
	expect(s, "renamed", "IOM")
	expect(s, "renamed", "organization")
	expect(s, "renamed", "agency", f.byIOM)
	expect(s, "renamed", "UNMA", f.byIOM)
	expect(s, "renamed", "talent")
	expect(s, "renamed", "atlantic", f.inPtn)
	expect(s, "renamed", "pre-entry")
	expect(s, "renamed", "border procedure", f.onItem)

	// A reference removed no longer finds; one added finds at once.
	d := Draft{Type: oplog.OpUpdate, Record: f.onTun, Remove: map[string][]json.RawMessage{"towards": {js(f.tun)}},
		Add: map[string][]json.RawMessage{"committed_by": {js(f.iom)}}}
	if _, err := s.Save("", d); err != nil {
		t.Fatal(err)
	}
	expect(s, "after changing references", "tunisia")
	expect(s, "after changing references", "agency", f.byIOM, f.onTun)

	// The same renames reach another installation by import.
	other, err := Open(t.TempDir(), Options{Author: "FEDCBA9876543210", AuthorName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	var ops []*oplog.Op
	var raws [][]byte
	seq, _ := s.Head(testAuthor)
	s.Ops(testAuthor, 1, seq, func(op *oplog.Op, raw []byte) error {
		ops, raws = append(ops, op), append(raws, raw)
		return nil
	})
	if _, err := other.Import(ops, raws, "bundle"); err != nil {
		t.Fatal(err)
	}
	expect(other, "imported", "agency", f.byIOM, f.onTun)
	expect(other, "imported", "organization")
	expect(other, "imported", "atlantic", f.inPtn)

	// Reopened: labels come back with the summaries, references with the deferred index.
	s.Close()
	s = openTest(t, dir)
	expect(s, "reopened, index building", "agency", f.byIOM, f.onTun)
	s.ix.buildPending()
	expect(s, "reopened, index built", "agency", f.byIOM, f.onTun)
	expect(s, "reopened, index built", "border procedure", f.onItem)
	update(t, s, f.iom, map[string]any{"name": "Migration Office"})
	expect(s, "renamed after reopening", "agency")
	expect(s, "renamed after reopening", "office", f.byIOM, f.onTun)
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

// A deleted party is still what its commitments name (record show prints it), so they are
// still found by it; the framework that defines an item being deleted likewise.
func TestDeletedReferencesStillFind(t *testing.T) {
	s := openTest(t, t.TempDir())
	f := newSearchFixture(t, s)
	if _, err := s.Save("", Draft{Type: oplog.OpDelete, Record: f.iom}); err != nil {
		t.Fatal(err)
	}
	if got := ids(s.Query(Query{Kind: "commitment", Text: "IOM"})); !slices.Equal(got, []string{f.byIOM}) {
		t.Fatalf("IOM after deleting the party: %v", got)
	}
}

// Records loaded at open wait for the text index; searches through references must give the
// same answers before and after it is built.
func TestReferencesBeforeAndAfterTheDeferredIndexIsBuilt(t *testing.T) {
	ix := newIndex()
	put := func(s Summary) {
		ix.mu.Lock()
		ix.putLocked(s, true)
		ix.mu.Unlock()
	}
	put(Summary{ID: "p1", Kind: "party", Title: "Morocco", Words: Words("Morocco MAR Maroc"), Labels: []Label{{Key: "p1", Words: Words("Morocco MAR Maroc")}}})
	for i := 0; i < 5; i++ {
		s := Summary{ID: fmt.Sprintf("c%d", i), Kind: "commitment", Title: fmt.Sprintf("Commitment %d", i), Words: Words(fmt.Sprintf("Commitment %d", i))}
		if i%2 == 0 {
			s.Parties = []string{"p1"}
		}
		put(s)
	}
	for _, phase := range []string{"pending", "built"} {
		if got := ix.query(Query{Kind: "commitment", Text: "maroc"}).Total; got != 3 {
			t.Fatalf("%s: %d hits for maroc, want 3", phase, got)
		}
		if got := ix.query(Query{Kind: "commitment", Text: "morocco commitment 4"}).Total; got != 1 {
			t.Fatalf("%s: %d hits for morocco commitment 4, want 1", phase, got)
		}
		ix.buildPending()
	}
	// Renamed after the build: the old name no longer finds, the new one does.
	ix.put(Summary{ID: "p1", Kind: "party", Title: "Zembla", Words: Words("Zembla"), Labels: []Label{{Key: "p1", Words: Words("Zembla")}}})
	if a, b := ix.query(Query{Kind: "commitment", Text: "maroc"}).Total, ix.query(Query{Kind: "commitment", Text: "zemb"}).Total; a != 0 || b != 3 {
		t.Fatalf("after the rename: maroc %d (want 0), zemb %d (want 3)", a, b)
	}
}

// A search that sorts the dictionary while the words loaded at open are still being indexed,
// and reads it after the last of them were: the dictionary then lacks their words, and the
// search found nothing ("0 of 0") for records that were there all along. A CLI command opens
// the store and searches at once, so this happened under load.
func TestSearchRacingTheDeferredIndexFindsEveryRecord(t *testing.T) {
	ix := newIndex()
	ix.mu.Lock()
	for i := range 3 {
		ix.putLocked(Summary{ID: fmt.Sprintf("c%d", i), Kind: "commitment", Title: "Border post at Ras Jedir",
			Words: Words(fmt.Sprintf("Border post at Ras Jedir %d", i))}, true)
	}
	ix.mu.Unlock()
	t.Cleanup(func() { afterDictionarySort = nil })
	afterDictionarySort = func() { ix.buildPending() } // the build ends between the sort and the read
	if got := ix.query(Query{Kind: "commitment", Text: "jedir"}).Total; got != 3 {
		t.Fatalf("%d hits for jedir while the text index was finished, want 3", got)
	}
	afterDictionarySort = nil
	ix.mu.Lock()
	ix.putLocked(Summary{ID: "c3", Kind: "commitment", Title: "Zarzis", Words: Words("Zarzis coastguard")}, false)
	ix.mu.Unlock()
	afterDictionarySort = func() { ix.put(Summary{ID: "c4", Kind: "commitment", Title: "Zuwara", Words: Words("Zuwara coastal")}) }
	// Both are in the index when the search reads it.
	if got := ix.query(Query{Kind: "commitment", Text: "coast"}).Total; got != 2 {
		t.Fatalf("%d hits for coast with a record saved between the sort and the read, want 2", got)
	}
}

func TestTitlesSortInTheUsersLanguage(t *testing.T) {
	s := openTest(t, t.TempDir())
	for _, name := range []string{"Cyprus", "Côte d'Ivoire", "Estonie", "Égypte", "Eswatini", "Danemark", "Fidji", "Érythrée", "costa rica"} {
		create(t, s, "party", map[string]any{"name": name, "type": "other"})
	}
	titles := func(lang string) []string {
		var out []string
		for _, it := range s.Query(Query{Kind: "party", Sort: "title", Lang: lang, Limit: 100}).Items {
			out = append(out, it.Title)
		}
		return out
	}
	want := []string{"costa rica", "Côte d'Ivoire", "Cyprus", "Danemark", "Égypte", "Érythrée", "Estonie", "Eswatini", "Fidji"}
	// In French, "Cyprus" (a country's English name) is shown, and sorts, as "Chypre".
	wantFR := append([]string{"Cyprus"}, slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == "Cyprus" })...)
	for _, lang := range []string{"en", "fr", ""} {
		want := want
		if lang == "fr" {
			want = wantFR
		}
		if got := titles(lang); !slices.Equal(got, want) {
			t.Errorf("lang %q: %q, want %q", lang, got, want)
		}
	}
	// A page cut from the middle follows the same order (the partial sort uses it too).
	p := s.Query(Query{Kind: "party", Sort: "title", Lang: "fr", Offset: 3, Limit: 3})
	if len(p.Items) != 3 || p.Items[0].Title != "Danemark" || p.Items[2].Title != "Érythrée" {
		t.Errorf("page 2: %+v", p.Items)
	}
}

func TestSummaryWithLabelsRoundTrips(t *testing.T) {
	in := Summary{ID: "x", Kind: "framework", Title: "GCM", Updated: -5, Items: []string{"GCM-1"}, Words: []string{"gcm"},
		Labels: []Label{{Key: "GCM-1", Words: []string{"1", "data", "gcm"}}, {Key: "GCM-2", Words: nil}}}
	out, err := decodeSummary(in.encode())
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(out) != fmt.Sprint(in) {
		t.Fatalf("round trip:\n%+v\n%+v", out, in)
	}
	enc := in.encode()
	for cut := 1; cut < len(enc); cut++ {
		if _, err := decodeSummary(enc[:cut]); err == nil {
			t.Fatalf("a summary cut at %d of %d bytes decoded", cut, len(enc))
		}
	}
}

// Amounts are found as typed, plainly or grouped, with their currency, never in exponent form.
func TestMoneyWords(t *testing.T) {
	amount := func(v float64) *float64 { return &v }
	cases := []struct {
		funding []domain.Funding
		want    []string
	}{
		{[]domain.Funding{{Amount: amount(1500000), Currency: "EUR"}}, []string{"000", "1", "1500000", "500", "eur"}},
		{[]domain.Funding{{Amount: amount(2500.5), Currency: "USD"}, {Amount: amount(12), Currency: "CHF"}}, []string{"12", "2", "2500", "5", "500", "chf", "usd"}},
		{[]domain.Funding{{Amount: amount(1e21), Currency: "EUR"}}, []string{"000", "1", "1000000000000000000000", "eur"}},
		{[]domain.Funding{{Currency: "EUR"}}, []string{"eur"}},
		{nil, nil},
	}
	for _, c := range cases {
		var tx text
		tx.money(c.funding)
		if got := wordsOf(tx.parts...); !slices.Equal(got, c.want) {
			t.Errorf("%+v: %q, want %q", c.funding, got, c.want)
		}
	}
}

// TestChangedRecordsAreNotFoundByTheirOldWords: postings are trusted without a second look
// only for records indexed once; a record whose words changed keeps stale postings, and a
// text query must not find it by its old words, nor miss it by its new ones.
func TestChangedRecordsAreNotFoundByTheirOldWords(t *testing.T) {
	ix := newIndex()
	put := func(id, title string, deferred bool) {
		ix.mu.Lock()
		ix.putLocked(Summary{ID: id, Kind: "commitment", Title: title, Words: Words(title)}, deferred)
		ix.mu.Unlock()
	}
	count := func(text string) int { return ix.query(Query{Kind: "commitment", Text: text}).Total }
	put("a", "Alpha border posts", true)
	put("b", "Alpha rescue", true)
	ix.buildPending()
	if got := count("alph"); got != 2 {
		t.Fatalf("%d hits for alph, want 2", got)
	}
	put("a", "Beta border posts", false)
	for text, want := range map[string]int{"alph": 1, "beta": 1, "alph bord": 0, "beta bord": 1, "resc": 1} {
		if got := count(text); got != want {
			t.Errorf("after the change: %d hits for %q, want %d", got, text, want)
		}
	}
}

// TestPackedFiltersBeyondTheirCodes: kinds and statuses are filtered on packed codes; past
// 254 distinct values they share one and are compared as strings, with the same answers.
func TestPackedFiltersBeyondTheirCodes(t *testing.T) {
	ix := newIndex()
	for i := 0; i < 300; i++ {
		ix.put(Summary{ID: fmt.Sprintf("id-%d", i), Kind: "commitment", Status: fmt.Sprintf("s%d", i), Title: "T", Words: Words("T")})
	}
	ix.put(Summary{ID: "gone", Kind: "commitment", Status: "s7", Deleted: true, Title: "T"})
	ix.put(Summary{ID: "sys", Kind: "sys_trust", Title: "T"})
	for _, i := range []int{0, 7, 253, 254, 255, 299} {
		if got := ix.query(Query{Kind: "commitment", Status: fmt.Sprintf("s%d", i)}).Total; got != 1 {
			t.Errorf("status s%d: %d records, want 1", i, got)
		}
	}
	for q, want := range map[Query]int{{Kind: "commitment", Status: "nowhere"}: 0, {Kind: "party"}: 0, {Kind: "commitment"}: 300,
		{Kind: "commitment", Deleted: true}: 1, {}: 300, {Kind: "sys_trust"}: 1, {Kind: "commitment", Text: "t"}: 300, {Kind: "commitment", Status: "s299", Text: "t"}: 1} {
		if got := ix.query(q).Total; got != want {
			t.Errorf("%+v: %d records, want %d", q, got, want)
		}
	}
}

// TestPagesAreSlicesOfTheWholeOrder: a page near the start (kept on a heap as records match)
// and a page further on (every match sorted) are both the slice of the whole ordered list.
func TestPagesAreSlicesOfTheWholeOrder(t *testing.T) {
	ix := newIndex()
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 1500; i++ {
		title := fmt.Sprintf("%s %s", words[rng.IntN(len(words))], words[rng.IntN(len(words))])
		ix.put(Summary{ID: fmt.Sprintf("id-%04d", i), Kind: "commitment", Status: []string{"agreed", "stalled"}[i%2], Title: title,
			Date: fmt.Sprintf("2026-%02d-01", rng.IntN(12)+1), Updated: int64(rng.IntN(100)), Words: Words(title)})
	}
	for _, q := range []Query{{Kind: "commitment"}, {Kind: "commitment", Text: "bo"}, {Kind: "commitment", Status: "agreed", Text: "re"}} {
		for _, sort := range []string{"", "date", "-date", "updated", "-updated", "status", SortRelevance} {
			q.Sort = sort
			all := q
			all.Limit = MaxLimit
			var whole []string
			for off := 0; ; off += MaxLimit {
				all.Offset = off
				p := ix.query(all)
				for _, it := range p.Items {
					whole = append(whole, it.ID)
				}
				if off+MaxLimit >= p.Total {
					break
				}
			}
			for _, page := range [][2]int{{0, 10}, {0, 50}, {37, 20}, {990, 30}, {1010, 40}, {1200, 500}, {len(whole) - 3, 10}} {
				q.Offset, q.Limit = page[0], page[1]
				p := ix.query(q)
				start := min(page[0], len(whole)) // an offset past the end gives an empty page
				end := min(page[0]+page[1], len(whole))
				if p.Total != len(whole) || len(p.Items) != end-start {
					t.Fatalf("%+v: total %d, %d items; want %d, %d", q, p.Total, len(p.Items), len(whole), end-start)
				}
				for i, it := range p.Items {
					if it.ID != whole[start+i] {
						t.Fatalf("%+v: item %d is %s, the whole order has %s", q, i, it.ID, whole[start+i])
					}
				}
			}
		}
	}
}

// A query made only of symbols has no word to look for: it finds nothing, never every record,
// by the index and by a scan alike, in the list's order and by relevance; blanks are no query.
func TestSymbolsOnlyQueryFindsNothing(t *testing.T) {
	s := openTest(t, t.TempDir())
	f := newSearchFixture(t, s)
	create(t, s, "commitment", map[string]any{"title": "Search and rescue — central Mediterranean 🚢 ***", "status": "agreed"})
	for _, q := range []string{"—", "***", "🚢", "🌍", " – ", "…", "+", "' \"", "\u00a0—\u00a0"} {
		for _, sort := range []string{"", SortRelevance} {
			for _, kind := range []string{"", "commitment"} {
				if p := s.Query(Query{Text: q, Sort: sort, Kind: kind}); p.Total != 0 || len(p.Items) != 0 {
					t.Errorf("%q (sort %q, kind %q) found %d records: %v", q, sort, kind, p.Total, ids(p))
				}
			}
		}
	}
	// Blanks are no query: every commitment is listed, as with an empty search field.
	all := s.Query(Query{Kind: "commitment"}).Total
	if p := s.Query(Query{Text: "  ", Kind: "commitment"}); p.Total != all || all < 5 {
		t.Errorf("blanks list %d commitments of %d", p.Total, all)
	}
	// Symbols beside a word are the word's query.
	if p := s.Query(Query{Text: "*** coast —"}); !slices.Equal(ids(p), []string{f.onTun}) {
		t.Errorf("symbols around a word: %v", ids(p))
	}
}
