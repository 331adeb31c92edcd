package brief

import (
	"encoding/json"
	"slices"
	"sort"
	"time"

	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/store"
)

// sinceChanges is how many changes "Since the last meeting" shows; the rest are counted.
const sinceChanges = 15

// nextStepsShown is how many overdue, and how many due-soon, commitments Next steps lists.
const nextStepsShown = 10

// addMoney adds one amount of a commitment on side to the side's totals and to its
// partnership's (the country's own, or shared when the amount is not split).
func (b *build) addMoney(side domain.Side, partnership string, fe domain.Funding, from string, shared bool) {
	if !shared {
		if b.sideMoney[side] == nil {
			b.sideMoney[side] = &domain.Totals{}
		}
		b.sideMoney[side].AddFunding([]domain.Funding{fe}, from)
	}
	if partnership == "" {
		return
	}
	if b.partMoney[partnership] == nil {
		b.partMoney[partnership] = &[2]domain.Totals{}
	}
	i := 0
	if shared {
		i = 1
	}
	b.partMoney[partnership][i].AddFunding([]domain.Funding{fe}, from)
}

// moneySplit lists the country's money by side and per partnership, the country's
// partnerships in their order first, then the others its commitments belong to by title.
func (b *build) moneySplit() {
	m := &b.f.Money
	list := func(s domain.Side) []domain.MoneyTotal {
		if t := b.sideMoney[s]; t != nil {
			return t.List()
		}
		return []domain.MoneyTotal{}
	}
	m.From, m.Towards, m.Joint = list(domain.SideBy), list(domain.SideTowards), list(domain.SideJoint)
	m.Partnerships = []PartnershipMoney{}
	rank := map[string]int{}
	for i, p := range b.f.Partnerships {
		rank[p.ID] = i + 1
	}
	var ids []string
	for id := range b.partMoney {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		ri, rj := rank[ids[i]], rank[ids[j]]
		if (ri == 0) != (rj == 0) {
			return ri != 0
		}
		if ri != rj {
			return ri < rj
		}
		if ti, tj := fold(b.partTitles[ids[i]]), fold(b.partTitles[ids[j]]); ti != tj {
			return ti < tj
		}
		return ids[i] < ids[j]
	})
	for _, id := range ids {
		t := b.partMoney[id]
		m.Partnerships = append(m.Partnerships, PartnershipMoney{Partnership: Ref{ID: id, Title: b.partTitles[id]}, Totals: t[0].List(), Shared: t[1].List()})
	}
}

// nextSteps lists the commitments that are overdue or fall due within the window, soonest first.
func (b *build) nextSteps() {
	n := &b.f.NextSteps
	n.Overdue, n.DueSoon = []Step{}, []Step{}
	for _, c := range b.f.Commitments.All() {
		s := Step{Commitment: Ref{ID: c.ID, Title: c.Title}, Due: c.Due, Status: c.Status, Side: c.Side}
		switch {
		case c.Overdue:
			n.Overdue = append(n.Overdue, s)
		case c.DueSoon:
			n.DueSoon = append(n.DueSoon, s)
		}
	}
	for _, l := range [][]Step{n.Overdue, n.DueSoon} {
		sort.SliceStable(l, func(i, j int) bool {
			if l[i].Due != l[j].Due {
				return l[i].Due < l[j].Due
			}
			return fold(l[i].Commitment.Title) < fold(l[j].Commitment.Title)
		})
	}
	if len(n.Overdue) > nextStepsShown {
		n.Overdue, n.MoreOverdue = n.Overdue[:nextStepsShown], len(n.Overdue)-nextStepsShown
	}
	if len(n.DueSoon) > nextStepsShown {
		n.DueSoon, n.MoreDueSoon = n.DueSoon[:nextStepsShown], len(n.DueSoon)-nextStepsShown
	}
}

// contacts lists the contact points recorded on the country's parties, in the header's order.
func (b *build) contacts() {
	b.f.Contacts = []PartyContacts{}
	for _, p := range b.f.Header.Parties {
		if pr, ok := b.a.load(p.ID).val.(*domain.Party); ok && len(pr.Contacts) > 0 {
			b.f.Contacts = append(b.f.Contacts, PartyContacts{Party: p, Contacts: pr.Contacts})
		}
	}
}

// sinceFrom is where "Since the last meeting" starts: the instant asked for, the start of the
// meeting asked for, or the start of the country's last meeting before the brief's date (or,
// when the country took part in none, of the last meeting of one of its partnerships).
func (b *build) sinceFrom() (time.Time, *MeetingRef) {
	id := b.opt.SinceMeeting
	if id == "" && b.opt.Since.IsZero() {
		if len(b.f.Meetings.Recent) > 0 {
			id = b.f.Meetings.Recent[0].ID
		} else {
			id = b.lastPartnershipMeeting()
		}
	}
	if id != "" {
		if m, ok := b.a.meeting(id); ok {
			return meetingStart(m), &MeetingRef{ID: id, Title: m.Title, Days: MeetingDays(m)}
		}
	}
	return b.opt.Since, nil
}

// lastPartnershipMeeting is the last meeting before the brief's date of a partnership the
// country takes part in, "" when there is none.
func (b *build) lastPartnershipMeeting() string {
	mine := map[string]bool{}
	for _, p := range b.f.Partnerships {
		mine[p.ID] = true
	}
	best, bestStart := "", time.Time{}
	for _, s := range b.a.queryAll(store.Query{Kind: string(domain.KindMeeting)}) {
		m, ok := b.a.meeting(s.ID)
		if !ok || !mine[m.Partnership] {
			continue
		}
		if st := meetingStart(m); st.Before(b.asOf) && (best == "" || st.After(bestStart)) {
			best, bestStart = s.ID, st
		}
	}
	return best
}

// since lists the changes to the brief's records from sinceFrom, latest first, from their
// history: created, deleted or restored, a new status or due date, funding entries added,
// other fields edited, and conflicts that arose.
func (b *build) since() {
	s := &b.f.Since
	s.Changes = []RecordChange{}
	from, m := b.sinceFrom()
	if from.IsZero() {
		return
	}
	s.From, s.Meeting = from.UTC().Format(time.RFC3339), m
	var all []RecordChange
	for _, id := range b.u.order {
		l := b.a.load(id)
		if l.rec == nil || l.rec.Updated.Clock.Time().Before(from) {
			continue // nothing written since (Updated is the latest write)
		}
		all = append(all, b.recordChanges(id, l.rec, from)...)
	}
	// When there are more than can be shown, what moved (status, due date, money, conflicts,
	// deletions) is kept before what was merely created or edited; then latest first.
	sort.SliceStable(all, func(i, j int) bool {
		if si, sj := substantive(all[i]), substantive(all[j]); si != sj {
			return si
		}
		return all[i].At.After(all[j].At)
	})
	if len(all) > sinceChanges {
		s.More = len(all) - sinceChanges
		all = all[:sinceChanges]
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.After(all[j].At) })
	s.Changes = append(s.Changes, all...)
}

// recordChanges reads one record's history from an instant. For a record created since then,
// "created" stands for its other edits; its status, due date and funding changes are still told.
func (b *build) recordChanges(id string, rec *oplog.Record, from time.Time) []RecordChange {
	if rec.Created == rec.Updated {
		// One operation made the record and none changed it since (Created is its earliest
		// operation, Updated its latest): its creation is all its history holds, told without
		// replaying it. Most records of a brief are so; it halves the time to assemble one.
		return []RecordChange{{At: rec.Created.Clock.Time().UTC(), Author: b.a.st.Name(rec.Created.Author),
			Record: recordRef(id, b.a.load(id)), Kind: rec.Kind, What: "created"}}
	}
	return b.historyChanges(id, rec, from)
}

// historyChanges reads the changes of a record from its history (store.History).
func (b *build) historyChanges(id string, rec *oplog.Record, from time.Time) []RecordChange {
	hist, err := b.a.st.History(id)
	if err != nil {
		return nil
	}
	ref := recordRef(id, b.a.load(id))
	var out []RecordChange
	created := false
	for _, e := range hist {
		at := e.Clock.Time().UTC()
		if at.Before(from) {
			continue
		}
		base := RecordChange{At: at, Author: e.AuthorName, Record: ref, Kind: rec.Kind}
		switch e.Type {
		case oplog.OpCreate:
			created = true
			base.What = "created"
			out = append(out, base)
			continue
		case oplog.OpDelete:
			base.What = "deleted"
			out = append(out, base)
			continue
		case oplog.OpRestore:
			base.What = "restored"
			out = append(out, base)
			continue
		}
		var edited []string
		for _, c := range e.Changes {
			// A change made without seeing another of the same field (store.History: Unseen,
			// Wrote) is told by what its author wrote: the value replay put before it is the
			// other's, which they never changed, and the field may show the other's value.
			sameTime, wrote := c.Unseen || len(c.Wrote) > 0, c.New
			if len(c.Wrote) > 0 {
				wrote = c.Wrote
			}
			switch c.Field {
			case "status", "due":
				ch := base
				ch.What, ch.New, ch.SameTime = c.Field, jsonString(wrote), sameTime
				if !sameTime {
					ch.Old = jsonString(c.Old)
				}
				out = append(out, ch)
			case "funding":
				if sameTime {
					ch := base
					added, _ := fundingDelta(nil, wrote)
					ch.What, ch.Funding, ch.SameTime = "funding", b.fundingNamed(added), true
					out = append(out, ch)
				} else if added, removed := fundingDelta(c.Old, c.New); len(added)+len(removed) > 0 {
					ch := base
					ch.What, ch.Funding, ch.FundingBefore = "funding", b.fundingNamed(added), b.fundingNamed(removed)
					out = append(out, ch)
				} else {
					edited = append(edited, c.Field)
				}
			default:
				if !slices.Contains(edited, c.Field) {
					edited = append(edited, c.Field)
				}
			}
		}
		if len(edited) > 0 && !created { // a record created since is news as a whole
			ch := base
			ch.What, ch.Fields = "edited", edited
			out = append(out, ch)
		}
	}
	for _, cf := range rec.Conflicts() {
		latest := cf.Values[0]
		for _, w := range cf.Values {
			if w.Clock.Time().After(latest.Clock.Time()) {
				latest = w
			}
		}
		if at := latest.Clock.Time().UTC(); !at.Before(from) {
			out = append(out, RecordChange{At: at, Author: b.a.st.Name(latest.Author), Record: ref, Kind: rec.Kind, What: "conflict", Fields: []string{cf.Field}})
		}
	}
	return out
}

// substantive changes are kept first when the list is cut.
func substantive(c RecordChange) bool { return c.What != "created" && c.What != "edited" }

func jsonString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	return s
}

// fundingNamed names the party each amount is for: a change's line says nothing of whose
// money it is, and a multi-country commitment's amounts differ by it alone.
func (b *build) fundingNamed(fs []Funding) []Funding {
	for i := range fs {
		fs[i].CountryName = b.a.partyTitle(fs[i].Country)
	}
	return fs
}

// fundingDelta returns the funding entries of new that old does not hold (a new state, a new
// tranche, a changed amount) and those of old that new does not (what was changed or
// removed), each entry counted as often as it is written, so that a second equal tranche is one
// added.
func fundingDelta(old, new json.RawMessage) (added, removed []Funding) {
	var before, after []domain.Funding
	_ = json.Unmarshal(old, &before)
	if json.Unmarshal(new, &after) != nil {
		return nil, nil
	}
	key := func(f domain.Funding) string { k, _ := json.Marshal(f); return string(k) }
	count := map[string]int{}
	for _, f := range before {
		count[key(f)]++
	}
	for _, f := range after {
		if k := key(f); count[k] > 0 {
			count[k]--
		} else {
			added = append(added, Funding{Funding: f})
		}
	}
	for _, f := range before {
		if k := key(f); count[k] > 0 {
			count[k]--
			removed = append(removed, Funding{Funding: f})
		}
	}
	return added, removed
}
