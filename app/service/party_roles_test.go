package service_test

import (
	"encoding/json"
	"errors"
	"testing"

	"dossier/app/service"
)

// TestConcurrentRolesForOnePartyAreBothKept: two delegates give Tunisia a role in one
// partnership at the same time. The secretariat keeps both adds (no change is dropped, no
// conflict is raised), any edit then asks for one role, naming the second entry, and removing
// it mends the record (docs/model.md, "One party, two roles").
func TestConcurrentRolesForOnePartyAreBothKept(t *testing.T) {
	s, a, b, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	recs := &service.Records{App: s.app}
	tun, err := recs.Add("party", map[string]json.RawMessage{"name": raw("Tunisia"), "type": raw("country"), "iso3": raw("TUN")})
	if err != nil {
		t.Fatal(err)
	}
	p, err := recs.Add("partnership", map[string]json.RawMessage{"title": raw("EU–Tunisia migration dialogue"), "type": raw("bilateral"), "status": raw("active")})
	if err != nil {
		t.Fatal(err)
	}
	roster := s.export(service.ExportOptions{})
	a.imp(roster)
	b.imp(roster)
	lead := raw(map[string]string{"party": tun.ID, "role": "lead"})
	member := raw(map[string]string{"party": tun.ID, "role": "member"})
	if _, err := (&service.Records{App: a.app}).AddTo(p.ID, "parties", lead); err != nil {
		t.Fatal(err)
	}
	if _, err := (&service.Records{App: b.app}).AddTo(p.ID, "parties", member); err != nil {
		t.Fatal(err)
	}
	if rep := s.imp(a.export(service.ExportOptions{})); rep.Breaking != 0 {
		t.Fatalf("the first role alone: the report counts %d records breaking a rule, want 0", rep.Breaking)
	}
	breaking(t, recs, "")
	second := b.export(service.ExportOptions{})
	if rep, err := s.sy.PreviewFile(service.Path(second)); err != nil || rep.Breaking != 1 {
		t.Fatalf("preview of the second role: %+v %v, want 1 record breaking a rule", rep, err)
	}
	// The import's report says the record it left breaking a rule (docs/api.md, "Import result").
	if rep := s.imp(second); rep.Breaking != 1 || rep.Conflicts != 0 {
		t.Fatalf("the second role: the report counts %d records breaking a rule and %d conflicts, want 1 and 0", rep.Breaking, rep.Conflicts)
	}
	if rep := s.imp(second); rep.Breaking != 0 {
		t.Fatalf("the second role again: %d records breaking a rule, want 0 (nothing new)", rep.Breaking)
	}

	want := `[{"party":"` + tun.ID + `","role":"lead"},{"party":"` + tun.ID + `","role":"member"}]`
	if got := s.field(p.ID, "parties"); got != want {
		t.Fatalf("parties %s, want both roles %s", got, want)
	}
	if cs := s.conflicts(); len(cs) != 0 {
		t.Fatalf("conflicts %+v, want none: neither add replaced the other", cs)
	}
	s.check()
	// The record page says so before anyone edits it.
	v, err := recs.Get(p.ID)
	if err != nil || v.Problems["parties[1].party"].Code != "party_twice" || len(v.Problems) != 1 {
		t.Fatalf("the record as held: %+v %v, want party_twice on parties[1].party", v.Problems, err)
	}
	// The Conflicts screen lists it, and the dashboard counts it, from the index.
	breaking(t, recs, p.ID)
	// A later change to it that leaves it breaking the rule is not counted again: it was so
	// before that import.
	a.set(p.ID, "summary", "Talks on mobility and returns")
	if rep := s.imp(a.export(service.ExportOptions{})); rep.Updated != 1 || rep.Breaking != 0 {
		t.Fatalf("an edit of a record that already broke a rule: %d updated, %d breaking a rule, want 1 and 0", rep.Updated, rep.Breaking)
	}
	breaking(t, recs, p.ID)

	_, err = recs.Update(p.ID, map[string]json.RawMessage{"title": raw("EU–Tunisia strategic dialogue")})
	var e *service.Error
	if !errors.As(err, &e) || e.Problems["parties[1].party"].Code != "party_twice" {
		t.Fatalf("edit: %v, want party_twice on parties[1].party", err)
	}
	if _, err := recs.RemoveFrom(p.ID, "parties", member); err != nil {
		t.Fatal(err)
	}
	if _, err := recs.Update(p.ID, map[string]json.RawMessage{"title": raw("EU–Tunisia strategic dialogue")}); err != nil {
		t.Fatalf("edit after one role was removed: %v", err)
	}
	if got := s.field(p.ID, "parties"); got != `[{"party":"`+tun.ID+`","role":"lead"}]` {
		t.Fatalf("parties %s", got)
	}
	if v, err := recs.Get(p.ID); err != nil || v.Problems != nil {
		t.Fatalf("mended: %+v %v", v.Problems, err)
	}
	breaking(t, recs, "")
	// The delegates converge on the mended record.
	mended := s.export(service.ExportOptions{})
	a.imp(mended)
	if a.hash() != s.hash() {
		t.Fatal("the delegate's copy differs from the secretariat's")
	}
}

// breaking checks what lists the records that break a rule: Records.Breaking (the Conflicts
// screen's section), the list query and the dashboard's count. id "" wants none; else the
// partnership whose second entry gives Tunisia another role.
func breaking(t *testing.T, recs *service.Records, id string) {
	t.Helper()
	list, err := recs.Breaking()
	if err != nil {
		t.Fatal(err)
	}
	bs := list.Items
	l, err := recs.List(service.Query{Breaking: true})
	if err != nil {
		t.Fatal(err)
	}
	h, err := (&service.Home{App: recs.App}).Summary()
	if err != nil {
		t.Fatal(err)
	}
	if id == "" {
		if len(bs) != 0 || l.Total != 0 || h.Breaking != 0 {
			t.Fatalf("records that break a rule %+v, list %d, dashboard %d: want none", bs, l.Total, h.Breaking)
		}
		return
	}
	if len(bs) != 1 || bs[0].Record != id || bs[0].Kind != "partnership" || bs[0].Title != "EU–Tunisia migration dialogue" ||
		bs[0].Problems["parties[1].party"].Code != "party_twice" || len(bs[0].Problems) != 1 {
		t.Fatalf("records that break a rule %+v, want the partnership %s with party_twice on parties[1].party", bs, id)
	}
	if l.Total != 1 || l.Items[0].ID != id || !l.Items[0].Breaks || h.Breaking != 1 {
		t.Fatalf("list %+v, dashboard %d: want the partnership, marked, counted once", l.Items, h.Breaking)
	}
	// The dashboard's rows carry the flag for their mark (ItemRows.svelte) as the list's do.
	marked := 0
	for _, it := range h.Recent {
		if it.Breaks {
			if it.ID != id {
				t.Fatalf("recent changes: %s marked as breaking a rule, want only %s", it.ID, id)
			}
			marked++
		}
	}
	if marked != 1 {
		t.Fatalf("recent changes %+v: want the partnership marked once", h.Recent)
	}
}
