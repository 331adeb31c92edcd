package brief

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/store"
)

// What changed since a date: records created, a status changed by two people who had not
// seen each other's change, and the conflict it left; nothing after a later date; and, with
// no meeting and no date, a sentence saying there is nothing to compare with.
func TestSinceLastMeeting(t *testing.T) {
	st, id := conflictFixture(t)
	opt := testOptions()
	opt.Since = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := Assemble(st, "LBY", opt)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range b.Since.Changes {
		if c.Record.ID == id {
			kinds[c.What]++
		}
	}
	if kinds["created"] != 1 || kinds["status"] != 2 || kinds["conflict"] != 1 {
		t.Fatalf("changes to the disputed commitment: %v in %+v", kinds, b.Since.Changes)
	}
	for i := 1; i < len(b.Since.Changes); i++ {
		if b.Since.Changes[i].At.After(b.Since.Changes[i-1].At) {
			t.Fatalf("changes are not latest first: %+v", b.Since.Changes)
		}
	}
	for _, l := range []Lang{English, French} {
		text := flat(t, renderLang(t, b, l))
		// A date was asked for: the section is titled with it.
		if strings.Contains(text, norm1(l.t("Since the last meeting"))) {
			t.Errorf("%s: a brief since a date is titled %q", l, l.t("Since the last meeting"))
		}
		for _, want := range []string{"2 " + l.f("Since %s", l.longDate(opt.Since)), l.f("Status: %s → %s", l.label("commitment_status", domain.CommitmentStatuses, "agreed"),
			l.label("commitment_status", domain.CommitmentStatuses, "stalled")), l.f("New conflict: %s", l.field(domain.KindCommitment, "status")), "Secretariat", l.longDate(opt.Since),
			// Open conflicts words the competing values as the forms do.
			l.quote(l.label("commitment_status", domain.CommitmentStatuses, "stalled"))} {
			if !strings.Contains(text, norm1(want)) {
				t.Errorf("%s: the since section lacks %q", l, want)
			}
		}
	}

	opt.Since = time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)
	b, _ = Assemble(st, "LBY", opt)
	if b.Since.From == "" || len(b.Since.Changes) != 0 || !strings.Contains(flat(t, renderPDF(t, b)), "Nothing has changed since then.") {
		t.Errorf("since 2100: %+v", b.Since)
	}
	b = mustAssemble(t, st, "LBY") // no meeting, no date
	if b.Since.From != "" || !strings.Contains(flat(t, renderPDF(t, b)), "No meeting of Libya before the date of this brief is recorded") {
		t.Errorf("no meeting: %+v", b.Since)
	}
	if fr := flat(t, renderLang(t, b, French)); !strings.Contains(fr, "Aucune réunion de la Libye antérieure") {
		t.Errorf("French, no meeting: %s", fr)
	}
}

// By default the section starts at the country's last meeting before the brief's date; a
// meeting pack starts at the previous meeting of the same partnership, or else of the series.
func TestSinceDefaultsAndPreviousMeeting(t *testing.T) {
	f := newFixture(t)
	tun := f.party("Tunisia", "country", "TUN", "")
	eu := f.party("European Union", "eu_institution", "", "EU")
	p := f.rec(domain.KindPartnership, map[string]any{"title": "EU–Tunisia MoU", "type": "bilateral", "status": "active",
		"parties": []domain.PartyRole{role(eu, "lead"), role(tun, "member")}})
	m1 := f.rec(domain.KindMeeting, map[string]any{"title": "Dialogue 2019", "partnership": p, "start": "2019-05-02", "participants": []string{tun}})
	m2 := f.rec(domain.KindMeeting, map[string]any{"title": "Dialogue 2020", "partnership": p, "start": "2020-10-01", "participants": []string{tun}})
	f.rec(domain.KindMeeting, map[string]any{"title": "Other process", "start": "2020-09-01", "series": "Other"})
	s1 := f.rec(domain.KindMeeting, map[string]any{"title": "Series 1", "start": "2018-01-01", "series": "Rabat Process"})
	s2 := f.rec(domain.KindMeeting, map[string]any{"title": "Series 2", "start": "2019-01-01", "series": "Rabat Process"})
	b := mustAssemble(t, f.st, "TUN")
	if b.Since.Meeting == nil || b.Since.Meeting.ID != m2 || !strings.HasPrefix(b.Since.From, "2020-10-01") {
		t.Errorf("default since: %+v", b.Since)
	}
	// A country that took part in no meeting: the last meeting of one of its partnerships.
	mar := f.party("Morocco", "country", "MAR", "")
	rabat := f.rec(domain.KindPartnership, map[string]any{"title": "Rabat Process", "type": "regional_dialogue", "status": "active",
		"parties": []domain.PartyRole{role(eu, "member"), role(mar, "lead")}})
	cadiz := f.rec(domain.KindMeeting, map[string]any{"title": "Cádiz", "partnership": rabat, "start": "2020-06-13", "participants": []string{eu}})
	f.rec(domain.KindMeeting, map[string]any{"title": "Later", "partnership": rabat, "start": "2021-06-13", "participants": []string{eu}})
	if b := mustAssemble(t, f.st, "MAR"); b.Since.Meeting == nil || b.Since.Meeting.ID != cadiz {
		t.Errorf("Morocco's since: %+v", b.Since)
	}
	for _, c := range []struct{ of, want string }{{m2, m1}, {s2, s1}} {
		if got, ok := PreviousMeeting(f.st, c.of); !ok || got != c.want {
			t.Errorf("PreviousMeeting(%s) = %s, %v; want %s", c.of, got, ok, c.want)
		}
	}
	if _, ok := PreviousMeeting(f.st, m1); ok {
		t.Error("the first meeting of a partnership has a previous one")
	}
	opt := testOptions()
	opt.SinceMeeting = "01234567-89ab-7def-8123-456789abcdef"
	if _, err := Assemble(f.st, "TUN", opt); err == nil || !strings.Contains(err.Error(), "since-meeting") {
		t.Errorf("an unknown --since-meeting: %v", err)
	}
}

// A long text is cut at the end of a sentence, never in a word, and said to be in the annex.
func TestCutAtASentence(t *testing.T) {
	long := strings.Repeat("Tunisia readmits only its own nationals. ", 15)
	s, cut1 := cut(long)
	if !cut1 || !strings.HasSuffix(s, "nationals. …") || len([]rune(s)) > excerptRunes+2 {
		t.Errorf("cut: %v %q", cut1, s)
	}
	if s, c := cut("Short text."); c || s != "Short text." {
		t.Errorf("a short text is cut: %q", s)
	}
	words := strings.Repeat("word ", 200)
	if s, _ := cut(words); !strings.HasSuffix(s, "word …") {
		t.Errorf("no sentence end: %q", s)
	}
	if got := English.excerpt(long); !strings.HasSuffix(got, "(full text in the annex)") {
		t.Errorf("excerpt: %q", got)
	}
}

// When the list is cut, a status change is kept before the creations around it.
func TestSinceKeepsWhatMoved(t *testing.T) {
	f := newFixture(t)
	tun := f.party("Tunisia", "country", "TUN", "")
	first := f.rec(domain.KindCommitment, map[string]any{"title": "Budget support", "status": "agreed", "towards": []string{tun}})
	if _, err := f.st.Save("", store.Draft{Type: oplog.OpUpdate, Record: first, Set: map[string]json.RawMessage{"status": raw(t, "in_progress")}}); err != nil {
		t.Fatal(err)
	}
	for i := range sinceChanges + 5 {
		f.rec(domain.KindCommitment, map[string]any{"title": "Later " + seq3(i), "status": "proposed", "towards": []string{tun}})
	}
	opt := testOptions()
	opt.Since = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := Assemble(f.st, "TUN", opt)
	if err != nil {
		t.Fatal(err)
	}
	// The party, the first commitment (created, then its status) and the later ones.
	if total := 1 + 2 + sinceChanges + 5; len(b.Since.Changes) != sinceChanges || b.Since.More != total-sinceChanges {
		t.Fatalf("%d changes shown, %d more", len(b.Since.Changes), b.Since.More)
	}
	found := false
	for i, c := range b.Since.Changes {
		found = found || c.What == "status" && c.Record.ID == first
		if i > 0 && c.At.After(b.Since.Changes[i-1].At) {
			t.Fatal("not latest first")
		}
	}
	if !found {
		t.Errorf("the status change was cut: %+v", b.Since.Changes)
	}
}

// A record made by one operation and never changed is told as created without replaying its
// history; what it tells is what its history tells, for every record of a store with edits,
// a conflict and changes imported from another author.
func TestSinceCreatedOnlyWithoutHistory(t *testing.T) {
	st, _ := conflictFixture(t)
	b := newAssembler(st).newBuild(domain.Country{Alpha3: "LBY", Name: "Libya"}, testOptions())
	from := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	shortcut, replayed := 0, 0
	for _, k := range domain.Kinds {
		for _, s := range b.a.queryAll(store.Query{Kind: string(k)}) {
			rec := b.a.load(s.ID).rec
			if rec.Created == rec.Updated {
				shortcut++
			} else {
				replayed++
			}
			got, want := b.recordChanges(s.ID, rec, from), b.historyChanges(s.ID, rec, from)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s %s: told %+v, its history tells %+v", k, s.Title, got, want)
			}
		}
	}
	if shortcut == 0 || replayed == 0 {
		t.Errorf("%d records made by one operation, %d changed since: the fixture must hold both", shortcut, replayed)
	}
}

// A change names its fields as the screens do, in the reader's language, never by their keys
// (found walking the product, 3 December 2026: "Nouveau conflit sur status" on a French page).
func TestChangeNamesFieldsInTheReadersWords(t *testing.T) {
	for _, tc := range []struct {
		l          Lang
		what, want string
	}{
		{English, "conflict", "⚠ New conflict: Status"},
		{French, "conflict", "⚠ Nouveau conflit : Statut"},
		{English, "edited", "Edited: Summary, Title"},
		{French, "edited", "Modifié : Résumé, Intitulé"},
	} {
		fields := []string{"status"}
		if tc.what == "edited" {
			fields = []string{"summary", "title"}
		}
		c := RecordChange{Kind: string(domain.KindCommitment), What: tc.what, Fields: fields}
		if got := tc.l.change(c); got != tc.want {
			t.Errorf("%s %s: %q, want %q", tc.l, tc.what, got, tc.want)
		}
	}
}

// Two people change a commitment's status and funding offline, neither seeing the other's
// change. "Since the last meeting" says what each wrote, never an "old → new" whose old value
// is the other's, which its author never saw (the walk of 4 December 2026: the French brief
// read "Statut : En cours → Au point mort" for Bruno Okafor, who had changed "Convenu", and
// "Financement ajouté" for entries he had not added); whether the change read last won or lost, as the record's history on screen.
func TestSinceSaysWhatEachWroteAtTheSameTime(t *testing.T) {
	for _, otherFirst := range []bool{false, true} {
		a := openStore(t, testAuthor, "Amina")
		const other = "FEDCBA9876543210"
		bst := openStore(t, other, "Bruno")
		fa := &fixture{tb: t, st: a}
		sen := fa.party("Senegal", "country", "SEN", "")
		eu := fa.party("European Union", "eu_institution", "", "EU")
		eur := func(amount float64, state string) domain.Funding {
			return domain.Funding{Amount: fp(amount), Currency: "EUR", State: state, Country: sen}
		}
		c := fa.rec(domain.KindCommitment, map[string]any{"title": "Reintegration programme", "status": "agreed", "committed_by": []string{eu},
			"towards": []string{sen}, "funding": []domain.Funding{eur(12000000, "committed")}})
		copyOps(t, a, bst, testAuthor)
		update := func(st *store.Store, status string, funding []domain.Funding) {
			d := store.Draft{Type: oplog.OpUpdate, Record: c, Set: map[string]json.RawMessage{"status": raw(t, status), "funding": raw(t, funding)}}
			if _, err := st.Save("", d); err != nil {
				t.Fatal(err)
			}
		}
		amina := []domain.Funding{eur(12000000, "committed"), eur(3000000, "disbursed")}
		bruno := []domain.Funding{eur(12000000, "committed"), eur(4000000, "pledged")}
		if otherFirst { // Amina's change is the later one and wins: Bruno's, read after hers, loses
			update(bst, "stalled", bruno)
			time.Sleep(5 * time.Millisecond)
			update(a, "in_progress", amina)
		} else {
			update(a, "in_progress", amina)
			update(bst, "stalled", bruno)
		}
		copyOps(t, bst, a, other)
		if err := a.SetName(other, "Bruno"); err != nil {
			t.Fatal(err)
		}
		opt := testOptions()
		opt.Since = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
		b, err := Assemble(a, "SEN", opt)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, ch := range b.Since.Changes {
			if ch.Record.ID != c || ch.What == "created" || ch.What == "conflict" {
				continue
			}
			got[ch.Author] = append(got[ch.Author], English.change(ch))
		}
		st := func(v string) string { return English.label("commitment_status", domain.CommitmentStatuses, v) }
		money := func(fs ...domain.Funding) string {
			parts := make([]string, len(fs))
			for i, f := range fs {
				parts[i] = English.funding(Funding{Funding: f, CountryName: "Senegal"}) // whose money it is
			}
			return English.semicolons(parts)
		}
		// Amina's change is applied first here, so its old values are the ones she saw. Bruno's
		// is read after hers, whether it won or lost: what he wrote, at the same time as another.
		if shown := b.Commitments.Towards[0].Status; shown != map[bool]string{false: "stalled", true: "in_progress"}[otherFirst] {
			t.Fatalf("Bruno's imported first=%v: the status shown is %q", otherFirst, shown)
		}
		want := map[string][]string{
			"Amina": {English.f("Status: %s → %s", st("agreed"), st("in_progress")), English.f("Funding added: %s", money(eur(3000000, "disbursed")))},
			"Bruno": {English.f("Status: set to %s, at the same time as another change", English.quote(st("stalled"))),
				English.f("Funding: set to %s, at the same time as another change", money(bruno...))},
		}
		for who, w := range want {
			g := got[who]
			slices.Sort(g)
			slices.Sort(w)
			if !slices.Equal(g, w) {
				t.Errorf("Bruno's imported first=%v: %s's changes read\n  %q\nwant\n  %q", otherFirst, who, g, w)
			}
		}
		text := flat(t, renderLang(t, b, French))
		for _, w := range []string{"Statut : valeur saisie « ", "en même temps qu’une autre modification"} {
			if !strings.Contains(text, w) {
				t.Errorf("the French brief lacks %q: %s", w, text)
			}
		}
	}
}

// A funding line whose amount changed is told as a change, "60 → 75", and a line taken out as
// removed: "Funding added: EUR 75,000,000 disbursed" for an amount corrected from 60 to 75
// million read as 75 million more (the walk of 5 December 2026, the French brief of Tunisia:
// « Financement ajouté : 75 000 000 EUR décaissé »). A line added is still told as added.
func TestSinceTellsAChangedAmountAsAChange(t *testing.T) {
	f := newFixture(t)
	tun := f.party("Tunisia", "country", "TUN", "")
	eur := func(amount float64, state string) domain.Funding {
		return domain.Funding{Amount: fp(amount), Currency: "EUR", State: state, Country: tun}
	}
	committed, d60, d75 := eur(150000000, "committed"), eur(60000000, "disbursed"), eur(75000000, "disbursed")
	c := f.rec(domain.KindCommitment, map[string]any{"title": "Budget support", "status": "agreed", "towards": []string{tun},
		"funding": []domain.Funding{committed, d60}})
	for _, v := range [][]domain.Funding{{committed, d75}, {committed, d75, d75}, {committed, d75}} {
		if _, err := f.st.Save("", store.Draft{Type: oplog.OpUpdate, Record: c, Set: map[string]json.RawMessage{"funding": raw(t, v)}}); err != nil {
			t.Fatal(err)
		}
		time.Sleep(2 * time.Millisecond) // one change after the other, latest first below
	}
	opt := testOptions()
	opt.Since = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	b, err := Assemble(f.st, "TUN", opt)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []Lang{English, French} {
		money := func(f domain.Funding) string { return l.funding(Funding{Funding: f, CountryName: "Tunisia"}) }
		var got []string
		for _, ch := range b.Since.Changes {
			if ch.Record.ID == c && ch.What == "funding" {
				got = append(got, l.change(ch))
			}
		}
		want := []string{ // latest first
			l.f("Funding removed: %s", money(d75)),
			l.f("Funding added: %s", money(d75)), // a second equal tranche
			l.f("Funding changed: %s → %s", money(d60), money(d75)),
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: the funding changes read\n  %q\nwant\n  %q", l, got, want)
		}
	}
	if fr := flat(t, renderLang(t, b, French)); !strings.Contains(fr, "Financement modifié : 60 000 000 EUR") {
		t.Errorf("the French brief lacks « Financement modifié : 60 000 000 EUR … »: %s", fr)
	}
}
