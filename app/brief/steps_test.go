package brief

import (
	"testing"

	"dossier/app/domain"
)

// Assemble is one step per section (steps.go, news.go). Each runs and is checked alone, after
// the steps it reads from, and fills its own section only: a step that reached into another
// section, or needed one not yet run, fails here.
func TestSectionsStepByStep(t *testing.T) {
	lf := libyaFixture(t)
	c, _ := domain.CountryByCode("LBY")
	a := newAssembler(lf.st)
	if err := a.loadShared(); err != nil { // the records every brief reads (interventions, names)
		t.Fatal(err)
	}
	b := a.newBuild(c, testOptions())
	f := b.f
	ids := func(rs []Commitment) (out []string) {
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}

	b.parties()
	if !b.mine[lf.lby] || b.mine[lf.ner] || len(f.Partnerships) != 0 {
		t.Fatalf("parties: mine %v, partnerships %d", b.mine, len(f.Partnerships))
	}
	b.partnerships()
	var titles []string
	for _, p := range f.Partnerships {
		titles = append(titles, p.Title)
	}
	if len(titles) != 2 || titles[0] != "AU-EU-UN Task Force" || len(f.Commitments.All()) != 0 {
		t.Fatalf("partnerships: %q, commitments %d", titles, len(f.Commitments.All()))
	}
	b.commitmentList()
	if by, to, jo := ids(f.Commitments.By), ids(f.Commitments.Towards), ids(f.Commitments.Joint); len(by) != 1 || by[0] != lf.coast ||
		len(to) != 2 || len(jo) != 1 || jo[0] != lf.border || f.Glance.Total != 0 {
		t.Fatalf("commitments: by %v towards %v joint %v; glance total %d before its step", by, to, jo, f.Glance.Total)
	}
	b.glance()
	// 20 November 2020: the disembarkation points (agreed, due 30 June) are overdue, the coast
	// guard (due 15 January 2021) due soon; the delivered border plan is neither.
	if f.Glance.Total != 4 || f.Glance.Overdue != 1 || f.Glance.DueSoon != 1 || len(f.NextSteps.Overdue) != 0 {
		t.Fatalf("glance: %+v; next steps before their step: %+v", f.Glance, f.NextSteps)
	}
	b.nextSteps()
	if len(f.NextSteps.Overdue) != 1 || f.NextSteps.Overdue[0].Commitment.ID != lf.disembark ||
		len(f.NextSteps.DueSoon) != 1 || f.NextSteps.DueSoon[0].Commitment.ID != lf.coast || len(f.Meetings.Next) != 0 {
		t.Fatalf("next steps: %+v; meetings before their step: %+v", f.NextSteps, f.Meetings)
	}
	b.meetings()
	if len(f.Meetings.Next) != 1 || f.Meetings.Next[0].ID != lf.next || len(f.Meetings.Recent) == 0 || f.Meetings.Recent[0].ID != lf.som {
		t.Fatalf("meetings: %+v", f.Meetings)
	}
	b.talkingPoints()
	if len(f.TalkingPoints) != 1 || f.TalkingPoints[0].Intervention.ID != lf.intervention {
		t.Fatalf("talking points: %+v", f.TalkingPoints)
	}
	b.since()
	// By default the changes start at the country's last meeting before the brief's date.
	if f.Since.Meeting == nil || f.Since.Meeting.ID != lf.som || len(f.Conflicts) != 0 || f.Provenance.Records != 0 {
		t.Fatalf("since: %+v; conflicts and provenance before their steps: %d, %+v", f.Since, len(f.Conflicts), f.Provenance)
	}
	b.provenance()
	if f.Provenance.Records == 0 || f.Provenance.StateHashShort == "" {
		t.Fatalf("provenance: %+v", f.Provenance)
	}
}
