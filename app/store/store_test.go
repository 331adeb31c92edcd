package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/oplog"
)

const testAuthor = "0123456789ABCDEF"

func openTest(t testing.TB, dir string) *Store {
	t.Helper()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func js(v any) json.RawMessage { return oplog.MustCanon(v) }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func create(t testing.TB, s *Store, kind string, fields map[string]any) string {
	t.Helper()
	id := newID()
	d := Draft{Type: oplog.OpCreate, Kind: kind, Record: id, Set: map[string]json.RawMessage{}, Add: map[string][]json.RawMessage{}}
	for k, v := range fields {
		if f, ok := domain.FieldOf(domain.Kind(kind), k); ok && f.Type == domain.TypeSet {
			for _, e := range v.([]string) {
				d.Add[k] = append(d.Add[k], js(e))
			}
			continue
		}
		d.Set[k] = js(v)
	}
	if _, err := s.Save("", d); err != nil {
		t.Fatalf("create %s: %v", kind, err)
	}
	return id
}

func update(t testing.TB, s *Store, id string, set map[string]any) {
	t.Helper()
	d := Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{}}
	for k, v := range set {
		d.Set[k] = js(v)
	}
	if _, err := s.Save("", d); err != nil {
		t.Fatalf("update: %v", err)
	}
}

func TestSaveValidatesAndStoresNothingOnError(t *testing.T) {
	s := openTest(t, t.TempDir())
	create(t, s, "commitment", map[string]any{"title": "Ok", "status": "agreed"})
	before, _ := s.StateHash()
	cases := map[string]map[string]any{
		"status":         {"title": "x", "status": "maybe"},
		"title":          {"status": "agreed"},
		"due":            {"title": "x", "status": "agreed", "due": "2025-13-01"},
		"partnership":    {"title": "x", "status": "agreed", "partnership": newID()},
		"source_meeting": {"title": "x", "status": "agreed", "source_meeting": "not-a-uuid"},
	}
	for field, fields := range cases {
		d := Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{}}
		for k, v := range fields {
			d.Set[k] = js(v)
		}
		_, err := s.Save("", d)
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: want a validation error, got %v", field, err)
		}
		if _, ok := ve.Fields[field]; !ok {
			t.Errorf("%s: error does not name the field: %v", field, ve.Fields)
		}
	}
	after, _ := s.StateHash()
	if before != after {
		t.Fatal("a refused save changed the state")
	}
	if n, _ := s.Counts(); n != 1 {
		t.Fatalf("ops = %d, want 1", n)
	}
}

func TestBatchIsAllOrNothingAndReportsEveryDraft(t *testing.T) {
	s := openTest(t, t.TempDir())
	good := Draft{Type: oplog.OpCreate, Kind: "party", Record: newID(), Set: map[string]json.RawMessage{"name": js("EU"), "type": js("regional_organisation")}}
	bad1 := Draft{Type: oplog.OpCreate, Kind: "party", Record: newID(), Set: map[string]json.RawMessage{"name": js("X"), "type": js("country")}}
	bad2 := Draft{Type: oplog.OpCreate, Kind: "party", Record: newID(), Set: map[string]json.RawMessage{"type": js("other")}}
	_, err := s.Save("", good, bad1, bad2)
	var be *BatchError
	if !errors.As(err, &be) || len(be.Errors) != 2 || be.Errors[0].Index != 1 || be.Errors[1].Index != 2 {
		t.Fatalf("want errors for drafts 1 and 2, got %v", err)
	}
	if n, _ := s.Counts(); n != 0 {
		t.Fatalf("%d ops stored after a refused batch", n)
	}
}

func TestReferencesWithinABatch(t *testing.T) {
	s := openTest(t, t.TempDir())
	p := newID()
	c := newID()
	_, err := s.Save("",
		Draft{Type: oplog.OpCreate, Kind: "partnership", Record: p, Set: map[string]json.RawMessage{"title": js("Rabat Process"), "type": js("regional_dialogue"), "status": js("active")}},
		Draft{Type: oplog.OpCreate, Kind: "commitment", Record: c, Set: map[string]json.RawMessage{"title": js("C"), "status": js("agreed"), "partnership": js(p)}})
	if err != nil {
		t.Fatal(err)
	}
	// A reference to a record of the wrong kind is refused.
	_, err = s.Save("", Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{"title": js("D"), "status": js("agreed"), "partnership": js(c)}})
	if err == nil || !strings.Contains(err.Error(), "which is a commitment") {
		t.Fatalf("wrong-kind reference: %v", err)
	}
}

func TestHistoryListsEachChange(t *testing.T) {
	s := openTest(t, t.TempDir())
	id := create(t, s, "commitment", map[string]any{"title": "Returns", "status": "proposed"})
	update(t, s, id, map[string]any{"status": "agreed"})
	update(t, s, id, map[string]any{"due": "2026-06-30"})
	update(t, s, id, map[string]any{"status": "in_progress", "title": "Voluntary returns"})
	h, err := s.History(id)
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 4 {
		t.Fatalf("history has %d entries, want 4", len(h))
	}
	last := h[3]
	if last.AuthorName != "Tester" || last.Type != oplog.OpUpdate || len(last.Changes) != 2 {
		t.Fatalf("last entry: %+v", last)
	}
	got := map[string]string{}
	for _, c := range last.Changes {
		got[c.Field] = string(c.Old) + "→" + string(c.New)
	}
	if got["status"] != `"agreed"→"in_progress"` || got["title"] != `"Returns"→"Voluntary returns"` {
		t.Fatalf("changes: %v", got)
	}
	if h[2].Changes[0].Old != nil || string(h[2].Changes[0].New) != `"2026-06-30"` {
		t.Fatalf("a first value has no old value: %+v", h[2].Changes)
	}
}

func TestDeleteRestore(t *testing.T) {
	s := openTest(t, t.TempDir())
	id := create(t, s, "party", map[string]any{"name": "Libya", "type": "country", "iso3": "LBY"})
	if _, err := s.Save("", Draft{Type: oplog.OpDelete, Record: id}); err != nil {
		t.Fatal(err)
	}
	if p := s.Query(Query{Kind: "party"}); p.Total != 0 {
		t.Fatal("deleted record still listed")
	}
	if p := s.Query(Query{Kind: "party", Deleted: true}); p.Total != 1 {
		t.Fatal("deleted record not listed among deleted")
	}
	if _, err := s.Save("", Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"name": js("x")}}); !errors.Is(err, ErrConflict) {
		t.Fatalf("update of a deleted record: %v", err)
	}
	if _, err := s.Save("", Draft{Type: oplog.OpRestore, Record: id}); err != nil {
		t.Fatal(err)
	}
	if p := s.Query(Query{Kind: "party", Country: "LBY"}); p.Total != 1 {
		t.Fatal("restored record not listed")
	}
}

func TestQueryFiltersTextSortAndPaging(t *testing.T) {
	s := openTest(t, t.TempDir())
	lby := create(t, s, "party", map[string]any{"name": "Libya", "type": "country", "iso3": "LBY"})
	civ := create(t, s, "party", map[string]any{"name": "Côte d'Ivoire", "type": "country", "iso3": "CIV"})
	for i := 0; i < 30; i++ {
		status := []string{"agreed", "proposed", "stalled"}[i%3]
		towards := []string{lby}
		if i%2 == 1 {
			towards = []string{civ}
		}
		create(t, s, "commitment", map[string]any{"title": fmt.Sprintf("Commitment %02d on border management", i), "status": status,
			"towards": towards, "themes": []string{"border_management"}, "due": fmt.Sprintf("2026-%02d-01", i%12+1),
			"framework_items": []string{"GCM-11"}})
	}
	create(t, s, "commitment", map[string]any{"title": "Search and rescue", "status": "agreed", "text": "Sauvetage en mer près de la Côte"})
	cases := []struct {
		q    Query
		want int
	}{
		{Query{Kind: "commitment"}, 31},
		{Query{Kind: "commitment", Status: "agreed"}, 11},
		{Query{Kind: "commitment", Country: "LBY"}, 15},
		{Query{Kind: "commitment", Country: "CIV", Status: "stalled"}, 5},
		{Query{Kind: "commitment", Theme: "border_management"}, 30},
		{Query{Kind: "commitment", FrameworkItem: "GCM-11"}, 30},
		{Query{Kind: "commitment", Text: "bord manag"}, 30},
		{Query{Kind: "commitment", Text: "cote"}, 16}, // 15 towards Côte d'Ivoire, 1 whose text names the coast
		{Query{Kind: "commitment", Text: "sauvetage cote"}, 1},
		{Query{Kind: "commitment", Text: "rescue"}, 1},
		{Query{Kind: "commitment", Text: "nothing-like-this"}, 0},
		{Query{Kind: "commitment", DateFrom: "2026-11-01"}, 4},
		{Query{Kind: "party", Text: "côte"}, 1},
		{Query{Kind: "commitment", Party: lby}, 15},
	}
	for _, c := range cases {
		if got := s.Query(c.q).Total; got != c.want {
			t.Errorf("%+v: total %d, want %d", c.q, got, c.want)
		}
	}
	p1 := s.Query(Query{Kind: "commitment", Limit: 10, Sort: "title"})
	p2 := s.Query(Query{Kind: "commitment", Limit: 10, Offset: 10, Sort: "title"})
	if p1.Total != 31 || len(p1.Items) != 10 || p1.Items[0].Title != "Commitment 00 on border management" || p2.Items[0].Title != "Commitment 10 on border management" {
		t.Fatalf("paging: %d %q %q", p1.Total, p1.Items[0].Title, p2.Items[0].Title)
	}
	d := s.Query(Query{Kind: "commitment", Sort: "-date", Limit: 1})
	if d.Items[0].Date != "2026-12-01" {
		t.Fatalf("-date sort: %q", d.Items[0].Date)
	}
}

func TestReopenKeepsEverythingAndCheckPasses(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	id := create(t, s, "commitment", map[string]any{"title": "Durable", "status": "agreed"})
	update(t, s, id, map[string]any{"status": "delivered"})
	h1, _ := s.StateHash()
	s.Close()
	s = openTest(t, dir)
	h2, _ := s.StateHash()
	if h1 != h2 {
		t.Fatal("state changed across reopen")
	}
	if p := s.Query(Query{Kind: "commitment", Status: "delivered"}); p.Total != 1 {
		t.Fatal("index not reloaded")
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
	// A new save continues the chain.
	update(t, s, id, map[string]any{"title": "Durable 2"})
	if problems, _ := s.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
}

func TestSecondOpenIsRefusedClearly(t *testing.T) {
	dir := t.TempDir()
	openTest(t, dir)
	_, err := Open(dir, Options{})
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "Dossier is already open on this data directory") {
		t.Fatalf("second open: %v", err)
	}
}

func TestLargeBatchGoesThroughTheJournal(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	var drafts []Draft
	for i := 0; i < 3000; i++ {
		drafts = append(drafts, Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
			Set: map[string]json.RawMessage{"title": js(fmt.Sprintf("Row %d %s", i, strings.Repeat("text ", 40))), "status": js("agreed")}})
	}
	res, err := s.Save("bulk", drafts...)
	if err != nil {
		t.Fatal(err)
	}
	if res.New != 3000 || len(res.Created) != 3000 {
		t.Fatalf("result: new %d created %d", res.New, len(res.Created))
	}
	if p := s.Query(Query{Kind: "commitment", Limit: 1}); p.Total != 3000 {
		t.Fatalf("listed %d", p.Total)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

func TestInterruptedJournalIsFinishedOrDropped(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(n int, seq0 uint64, prev string) ([]pending, string) {
		var ps []pending
		for i := 0; i < n; i++ {
			op := &oplog.Op{V: 1, Author: testAuthor, Seq: seq0 + uint64(i), Prev: prev, Clock: oplog.Clock{Wall: 1700000000000 + int64(seq0) + int64(i)},
				Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{"title": js("t"), "status": js("agreed")}}
			raw, _ := oplog.Encode(op)
			prev = oplog.Hash(raw)
			ps = append(ps, pending{op: op, raw: raw, hash: prev})
		}
		return ps, prev
	}
	// Batch A: staged and committed (marker written) but not applied: must be finished on open.
	a, prev := mk(700, 1, "")
	if _, err := s.stage(a, "A"); err != nil {
		t.Fatal(err)
	}
	// Batch B: staged without a marker: must be dropped on open.
	b, _ := mk(300, 701, prev)
	batchB, err := s.stage(b, "B")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.db.Update(func(txn *badgerTxn) error { return txn.Delete(journalKey(batchB)) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	if n, _ := s.Counts(); n != 700 {
		t.Fatalf("after recovery %d ops, want exactly batch A's 700", n)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}

func TestImportRefusesGapsAndForks(t *testing.T) {
	src := openTest(t, t.TempDir())
	id := create(t, src, "commitment", map[string]any{"title": "A", "status": "agreed"})
	update(t, src, id, map[string]any{"status": "stalled"})
	update(t, src, id, map[string]any{"status": "delivered"})
	var ops []*oplog.Op
	var raws [][]byte
	src.Ops(testAuthor, 1, 3, func(op *oplog.Op, raw []byte) error {
		ops, raws = append(ops, op), append(raws, raw)
		return nil
	})
	dst, err := Open(t.TempDir(), Options{Author: "FEDCBA9876543210", AuthorName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	_, err = dst.Import(ops[1:], raws[1:], "later")
	var ge *GapError
	if !errors.As(err, &ge) || !strings.Contains(err.Error(), "change 1 from "+testAuthor) {
		t.Fatalf("gap: %v", err)
	}
	if _, err := dst.Import(ops[:1], raws[:1], "first"); err != nil {
		t.Fatal(err)
	}
	res, err := dst.Import(ops, raws, "all")
	if err != nil || res.New != 2 || res.Known != 1 {
		t.Fatalf("import: %+v %v", res, err)
	}
	again, err := dst.Import(ops, raws, "replay")
	if err != nil || again.New != 0 || again.Known != 3 {
		t.Fatalf("replay: %+v %v", again, err)
	}
	// A different operation 2 by the same author is a fork.
	forged := *ops[1]
	forged.Set = map[string]json.RawMessage{"status": js("withdrawn")}
	fraw, _ := oplog.Encode(&forged)
	_, err = dst.Import([]*oplog.Op{&forged}, [][]byte{fraw}, "forged")
	var fe *ForkError
	if !errors.As(err, &fe) || fe.Seq != 2 {
		t.Fatalf("fork: %v", err)
	}
	forks, _ := dst.Forks()
	if len(forks) != 1 {
		t.Fatalf("fork evidence: %d", len(forks))
	}
	a, _ := src.StateHash()
	b, _ := dst.StateHash()
	if a != b {
		t.Fatal("replicas differ")
	}
}

func TestConcurrentWritesConflictAndResolve(t *testing.T) {
	a := openTest(t, t.TempDir())
	b, err := Open(t.TempDir(), Options{Author: "FEDCBA9876543210", AuthorName: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	sync := func(from, to *Store) {
		t.Helper()
		for author, n := range from.VV() {
			var ops []*oplog.Op
			var raws [][]byte
			from.Ops(author, 1, n, func(op *oplog.Op, raw []byte) error {
				ops, raws = append(ops, op), append(raws, raw)
				return nil
			})
			if _, err := to.Import(ops, raws, "sync"); err != nil {
				t.Fatal(err)
			}
		}
	}
	id := create(t, a, "commitment", map[string]any{"title": "Shared", "status": "proposed"})
	sync(a, b)
	update(t, a, id, map[string]any{"status": "agreed"})
	update(t, b, id, map[string]any{"status": "stalled"})
	sync(a, b)
	sync(b, a)
	for _, s := range []*Store{a, b} {
		rec, _ := s.Get(id)
		if c := rec.Conflicts(); len(c) != 1 || c[0].Field != "status" || len(c[0].Values) != 2 {
			t.Fatalf("conflicts: %+v", c)
		}
		if p := s.Query(Query{Conflicted: true}); p.Total != 1 {
			t.Fatal("conflict not in the index")
		}
	}
	ha, _ := a.StateHash()
	hb, _ := b.StateHash()
	if ha != hb {
		t.Fatal("replicas differ")
	}
	if _, err := a.Save("", Draft{Type: oplog.OpResolve, Record: id, Set: map[string]json.RawMessage{"status": js("agreed")}}); err != nil {
		t.Fatal(err)
	}
	sync(a, b)
	for _, s := range []*Store{a, b} {
		rec, _ := s.Get(id)
		if c := rec.Conflicts(); len(c) != 0 {
			t.Fatalf("conflict left after resolve: %+v", c)
		}
	}
}

func TestQueryByMentionedCommitmentAndSystemKindsHidden(t *testing.T) {
	s := openTest(t, t.TempDir())
	m := create(t, s, "meeting", map[string]any{"title": "Review", "start": "2020-11-12T09:00:00+01:00"})
	c := create(t, s, "commitment", map[string]any{"title": "Returns", "status": "agreed"})
	create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "EEAS", "commitments": []string{c}})
	create(t, s, "intervention", map[string]any{"meeting": m, "speaker": "AU"})
	if p := s.Query(Query{Kind: "intervention", Commitment: c}); p.Total != 1 || p.Items[0].Parts == nil || p.Items[0].Parts.Speaker != "EEAS" {
		t.Fatalf("by commitment: %+v", p)
	}
	draft := Draft{Type: oplog.OpCreate, Kind: "sys_trust", Record: newID(), Set: map[string]json.RawMessage{"card": js("x")}}
	if _, err := s.Save("", draft); err == nil {
		t.Fatal("a system record was saved without a system rule")
	}
	s.opt.System = func(*oplog.Op) error { return nil }
	if _, err := s.Save("", draft); err != nil {
		t.Fatal(err)
	}
	if p := s.Query(Query{}); p.Total != 4 {
		t.Fatalf("a kind-less query lists %d records, want the 4 user records", p.Total)
	}
}

func TestTextSearchBeforeAndAfterTheDeferredIndexIsBuilt(t *testing.T) {
	ix := newIndex()
	for i, title := range []string{"Côte d'Ivoire border posts", "Search and rescue", "Border management in Libya"} {
		s := Summary{ID: fmt.Sprintf("id-%d", i), Kind: "commitment", Title: title, Words: Words(title)}
		ix.mu.Lock()
		ix.putLocked(s, true)
		ix.mu.Unlock()
	}
	for _, phase := range []string{"pending", "built"} {
		if got := ix.query(Query{Kind: "commitment", Text: "bord"}).Total; got != 2 {
			t.Fatalf("%s: %d hits for bord, want 2", phase, got)
		}
		if got := ix.query(Query{Kind: "commitment", Text: "cote bord"}).Total; got != 1 {
			t.Fatalf("%s: %d hits for cote bord, want 1", phase, got)
		}
		ix.buildPending()
		if ix.npending != 0 {
			t.Fatal("words still pending after the build")
		}
	}
}

func TestSummariesOfAnotherVersionAreRebuilt(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	id := create(t, s, "commitment", map[string]any{"title": "Rebuilt", "status": "agreed"})
	if err := s.db.Update(func(txn *badgerTxn) error { return txn.Set(summaryKey(id), []byte{99, 1, 2}) }); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openTest(t, dir)
	if p := s.Query(Query{Kind: "commitment", Text: "rebuilt"}); p.Total != 1 {
		t.Fatalf("the stale summary was not rebuilt: %+v", p)
	}
	if problems, _ := s.Check(); len(problems) > 0 {
		t.Fatal(problems)
	}
}

func TestFrameworkItemsOfRecordedFrameworks(t *testing.T) {
	s := openTest(t, t.TempDir())
	fw := create(t, s, "framework", map[string]any{"code": "NP", "title": "New Pact",
		"items": []map[string]any{{"code": "NP-1", "number": 1, "title": "Screening"}}})
	create(t, s, "commitment", map[string]any{"title": "Uses NP-1", "status": "agreed", "framework_items": []string{"NP-1"}})
	if _, err := s.Save("", Draft{Type: oplog.OpDelete, Record: fw}); err != nil {
		t.Fatal(err)
	}
	d := Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(), Set: map[string]json.RawMessage{"title": js("x"), "status": js("agreed")},
		Add: map[string][]json.RawMessage{"framework_items": {js("NP-1")}}}
	if _, err := s.Save("", d); err == nil {
		t.Fatal("an item of a deleted framework was accepted")
	}
}

// A change that settled a conflict says so in the history, with every value of the conflict
// as its author's Dossier showed them: the same in every replica and causal order, even for
// two resolutions made at once, each of which settled the conflict it saw (docs/storage.md,
// "History"). Found walking the product, 3 December 2026: a resolution read as an ordinary
// edit "stalled → in_progress", and Amina's "delivered", set aside, was named nowhere.
func TestHistorySaysWhichConflictAChangeSettled(t *testing.T) {
	const kb, kc = "FEDCBA9876543210", "0011223344556677"
	a := openTest(t, t.TempDir())
	b, err := Open(t.TempDir(), Options{Author: kb, AuthorName: "B"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	c, err := Open(t.TempDir(), Options{Author: kc, AuthorName: "C"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sync := func(from, to *Store) {
		t.Helper()
		for author, n := range from.VV() {
			var ops []*oplog.Op
			var raws [][]byte
			from.Ops(author, to.VV()[author]+1, n, func(op *oplog.Op, raw []byte) error {
				ops, raws = append(ops, op), append(raws, raw)
				return nil
			})
			if _, err := to.Import(ops, raws, "sync"); err != nil {
				t.Fatal(err)
			}
		}
	}
	resolve := func(s *Store, id string, v any) {
		t.Helper()
		if _, err := s.Save("", Draft{Type: oplog.OpResolve, Record: id, Set: map[string]json.RawMessage{"status": js(v)}}); err != nil {
			t.Fatal(err)
		}
	}
	id := create(t, a, "commitment", map[string]any{"title": "Shared", "status": "proposed", "due": "2027-06-30"})
	sync(a, b)
	sync(a, c)
	update(t, a, id, map[string]any{"status": "delivered"})
	update(t, b, id, map[string]any{"status": "stalled"})
	for _, p := range [][2]*Store{{a, b}, {b, a}, {a, c}, {b, c}} {
		sync(p[0], p[1])
	}
	// A keeps neither value, and C, at the same time, keeps B's.
	resolve(a, id, "in_progress")
	resolve(c, id, "stalled")
	sync(c, a)
	sync(a, c)
	sync(a, b)

	type side struct{ value, author string }
	for _, s := range []*Store{a, b, c} {
		h, err := s.History(id)
		if err != nil {
			t.Fatal(err)
		}
		settled := map[string][]side{}
		for _, e := range h {
			for _, ch := range e.Changes {
				if len(ch.Settled) == 0 {
					continue
				}
				if ch.Field != "status" || e.Type != oplog.OpResolve {
					t.Errorf("%s: %s's %s change of %s settles %+v", s.opt.AuthorName, e.Author, e.Type, ch.Field, ch.Settled)
				}
				for _, sd := range ch.Settled {
					settled[e.Author] = append(settled[e.Author], side{string(sd.Value), sd.Author})
				}
				kept := ch.New
				if ch.Wrote != nil {
					kept = ch.Wrote
				}
				if want := map[string]string{testAuthor: `"in_progress"`, kc: `"stalled"`}[e.Author]; string(kept) != want {
					t.Errorf("%s: %s kept %s, want %s", s.opt.AuthorName, e.Author, kept, want)
				}
			}
		}
		want := []side{{`"delivered"`, testAuthor}, {`"stalled"`, kb}}
		for _, au := range []string{testAuthor, kc} {
			got := settled[au]
			slices.SortFunc(got, func(x, y side) int { return strings.Compare(x.value, y.value) })
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s's resolution settled %v, want %v", s.opt.AuthorName, au, got, want)
			}
		}
		if len(settled) != 2 {
			t.Errorf("%s: %d changes settle a conflict, want the 2 resolutions: %v", s.opt.AuthorName, len(settled), settled)
		}
	}
}
