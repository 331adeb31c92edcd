package service_test

import (
	"encoding/json"
	"testing"

	"dossier/app/service"
)

// TestConflictListsSayWhenCut: Records.Conflicts and Records.Breaking read at most 10,000
// records while the dashboard counts all; a cut list carries how many records it holds of how
// many, the dashboard's counts, so the Conflicts screen says "2 of 3 … shown" instead of
// disagreeing with the dashboard silently (here with the cap lowered to 2).
func TestConflictListsSayWhenCut(t *testing.T) {
	s, a, b, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	recs := &service.Records{App: s.app}
	var ids []string
	for _, title := range []string{"Returns", "Reintegration", "Search and rescue"} {
		ids = append(ids, s.addCommitment(title))
	}
	tun, err := recs.Add("party", map[string]json.RawMessage{"name": raw("Tunisia"), "type": raw("country"), "iso3": raw("TUN")})
	if err != nil {
		t.Fatal(err)
	}
	var dialogues []string
	for _, title := range []string{"EU–Tunisia dialogue", "Tunisia labour mobility", "Tunisia border talks"} {
		p, err := recs.Add("partnership", map[string]json.RawMessage{"title": raw(title), "type": raw("bilateral"), "status": raw("active")})
		if err != nil {
			t.Fatal(err)
		}
		dialogues = append(dialogues, p.ID)
	}
	start := s.export(service.ExportOptions{})
	a.imp(start)
	b.imp(start)
	// Offline, each changes the status of the three commitments, and gives Tunisia a role in
	// the three partnerships (two roles: each record then breaks a rule).
	for _, id := range ids {
		a.set(id, "status", "in_progress")
		b.set(id, "status", "stalled")
	}
	for _, p := range dialogues {
		for _, d := range []struct {
			n    *node
			role string
		}{{a, "lead"}, {b, "member"}} {
			if _, err := (&service.Records{App: d.n.app}).AddTo(p, "parties", raw(map[string]string{"party": tun.ID, "role": d.role})); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	h, err := (&service.Home{App: s.app}).Summary()
	if err != nil || h.Conflicts != 3 || h.Breaking != 3 {
		t.Fatalf("dashboard: %d records with conflicts, %d breaking a rule (%v); want 3 and 3", h.Conflicts, h.Breaking, err)
	}

	cs, err := recs.Conflicts()
	if err != nil || len(cs.Items) != 3 || cs.Records != 3 || cs.Total != 3 {
		t.Fatalf("uncut conflicts: %d listed of %d records, total %d (%v); want 3 of 3, 3", len(cs.Items), cs.Records, cs.Total, err)
	}
	defer service.SetListCap(2)()
	cs, err = recs.Conflicts()
	if err != nil || len(cs.Items) != 2 || cs.Records != 2 || cs.Total != h.Conflicts {
		t.Fatalf("cut conflicts: %d listed of %d records, total %d (%v); want 2 of 2, total %d as the dashboard", len(cs.Items), cs.Records, cs.Total, err, h.Conflicts)
	}
	bs, err := recs.Breaking()
	if err != nil || len(bs.Items) != 2 || bs.Records != 2 || bs.Total != h.Breaking {
		t.Fatalf("cut breaking: %d listed of %d records, total %d (%v); want 2 of 2, total %d as the dashboard", len(bs.Items), bs.Records, bs.Total, err, h.Breaking)
	}
}
