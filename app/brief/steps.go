package brief

import (
	"encoding/json"
	"slices"
	"sort"
	"time"

	"dossier/app/domain"
	"dossier/app/store"
)

// build is one brief being assembled: assembleOnce runs its steps, one per section, in order;
// each step reads what the earlier ones found (the country's parties, the commitments shown).
type build struct {
	a           *assembler
	c           domain.Country
	opt         Options
	asOf        time.Time
	today, soon string // YYYY-MM-DD: the brief's date and the end of its "due soon" window
	f           *Facts
	u           *used

	mine        map[string]bool // the country's party records
	commitments map[string]bool // commitments the brief shows
	markings    map[string]bool // handling markings of the items shown
	cited       map[string]bool // framework items the commitments cite
	indicators  []Indicator     // the country's own indicators with an actual value
	money       domain.Totals   // the country's money
	sharedMoney domain.Totals   // money for the commitments' countries together
	sideMoney   map[domain.Side]*domain.Totals
	partMoney   map[string]*[2]domain.Totals // per partnership: the country's, shared
	partTitles  map[string]string
}

// assembleOnce reads one brief from the current state, section by section.
func (a *assembler) assembleOnce(c domain.Country, opt Options) *Facts {
	b := a.newBuild(c, opt)
	b.parties()
	b.partnerships()
	b.commitmentList()
	b.glance()
	b.moneySplit()
	b.nextSteps()
	b.meetings()
	b.talkingPoints()
	b.contacts()
	b.since()
	b.conflicts()
	b.provenance()
	return b.f
}

// newBuild fills in the options' defaults and the header.
func (a *assembler) newBuild(c domain.Country, opt Options) *build {
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	generated := now()
	asOf := opt.AsOf
	if asOf.IsZero() {
		asOf = generated
	}
	if opt.Marking == "" {
		opt.Marking = DefaultMarking
	}
	if opt.DueSoonDays <= 0 {
		opt.DueSoonDays = DefaultDueSoonDays
	}
	if opt.GeneratedBy == "" {
		opt.GeneratedBy = "Dossier"
		if au := a.st.Author(); au != "" {
			opt.GeneratedBy = a.st.Name(au)
		}
	}
	b := &build{a: a, c: c, opt: opt, asOf: asOf, today: asOf.Format(time.DateOnly),
		soon: asOf.AddDate(0, 0, opt.DueSoonDays).Format(time.DateOnly), f: &Facts{}, u: &used{seen: map[string]bool{}},
		mine: map[string]bool{}, commitments: map[string]bool{}, markings: map[string]bool{}, cited: map[string]bool{},
		sideMoney: map[domain.Side]*domain.Totals{}, partMoney: map[string]*[2]domain.Totals{}, partTitles: map[string]string{}}
	b.f.Header = Header{Country: c.Name, ISOName: c.Name, ISO3: c.Alpha3, ISO2: c.Alpha2, ArticleFR: domain.ArticleFR(c.Alpha3), Date: b.today,
		AsOf: asOf, Marking: opt.Marking, GeneratedBy: opt.GeneratedBy,
		GeneratedAt: generated, Parties: []Ref{}, ItemMarkings: []string{}}
	return b
}

// parties finds the country's party records; the first one of type country names it.
func (b *build) parties() {
	var countryNamed []string
	for _, s := range b.a.queryAll(store.Query{Kind: string(domain.KindParty), Country: b.c.Alpha3, Sort: "title"}) {
		if s.ISO3 != b.c.Alpha3 {
			continue
		}
		b.mine[s.ID] = true
		b.u.add(s.ID)
		b.f.Header.Parties = append(b.f.Header.Parties, Ref{ID: s.ID, Title: s.Title})
		if p, ok := b.a.load(s.ID).val.(*domain.Party); ok && p.Type == "country" {
			countryNamed = append(countryNamed, p.Name)
		}
	}
	if len(countryNamed) > 0 {
		b.f.Header.Country = countryNamed[0]
	}
}

// partnerships lists the partnerships and dialogues the country takes part in, active first.
func (b *build) partnerships() {
	b.f.Partnerships = []Partnership{}
	for _, s := range b.a.queryAll(store.Query{Kind: string(domain.KindPartnership), Country: b.c.Alpha3}) {
		l := b.a.load(s.ID)
		p, ok := l.val.(*domain.Partnership)
		if !ok {
			continue
		}
		var roles, others []string
		otherRoles := map[string][]string{}
		for _, pr := range p.Parties {
			if b.mine[pr.Party] {
				if !slices.Contains(roles, pr.Role) {
					roles = append(roles, pr.Role)
				}
				continue
			}
			if _, ok := otherRoles[pr.Party]; !ok {
				others = append(others, pr.Party)
			}
			if !slices.Contains(otherRoles[pr.Party], pr.Role) {
				otherRoles[pr.Party] = append(otherRoles[pr.Party], pr.Role)
			}
		}
		if len(roles) == 0 {
			continue
		}
		b.u.add(s.ID)
		b.f.Partnerships = append(b.f.Partnerships, Partnership{ID: s.ID, Title: p.Title, Type: p.Type, Roles: roles,
			Status: p.Status, Summary: p.Summary, Start: p.Start, End: p.End, Others: b.a.otherParties(others, otherRoles),
			FrameworkItems: nonNil(sortItems(p.FrameworkItems)), Themes: nonNil(p.Themes), Conflicted: len(l.rec.Conflicts()) > 0,
			Documents: documents(p.Attachments)})
	}
	sort.SliceStable(b.f.Partnerships, func(i, j int) bool {
		pi, pj := b.f.Partnerships[i], b.f.Partnerships[j]
		if c := slices.Compare(partnershipRank(pi), partnershipRank(pj)); c != 0 {
			return c < 0
		}
		return fold(pi.Title) < fold(pj.Title)
	})
}

// partnershipRank orders a country's partnerships as a reader looks for them: the bilateral
// ones first (those the country leads before the others), then by type in the list's order
// (regional dialogues before funds), then the country's role, then active before concluded.
func partnershipRank(p Partnership) []int {
	bilateral := 2
	if p.Type == "bilateral" {
		bilateral = 1
		if slices.Contains(p.Roles, "lead") {
			bilateral = 0
		}
	}
	role := len(domain.PartyRoles)
	for _, r := range p.Roles {
		role = min(role, optionIndex(domain.PartyRoles, r))
	}
	statusRank := map[string]int{"active": 0, "exploratory": 1, "suspended": 2, "concluded": 3}
	status, ok := statusRank[p.Status]
	if !ok {
		status = len(statusRank)
	}
	return []int{bilateral, optionIndex(domain.PartnershipTypes, p.Type), role, status}
}

// optionIndex is v's place in a closed list; values not in it come last.
func optionIndex(opts []domain.Option, v string) int {
	for i, o := range opts {
		if o.Value == v {
			return i
		}
	}
	return len(opts)
}

// commitmentList puts each of the country's commitments on its side (domain.CommitmentSide),
// soonest due first, and the framework items they cite.
func (b *build) commitmentList() {
	f := b.f
	f.Commitments = Commitments{By: []Commitment{}, Towards: []Commitment{}, Joint: []Commitment{}}
	for _, s := range b.a.queryAll(store.Query{Kind: string(domain.KindCommitment), Country: b.c.Alpha3}) {
		out, side, ok := b.commitment(s)
		if !ok {
			continue
		}
		switch side {
		case domain.SideBy:
			f.Commitments.By = append(f.Commitments.By, out)
		case domain.SideTowards:
			f.Commitments.Towards = append(f.Commitments.Towards, out)
		default:
			f.Commitments.Joint = append(f.Commitments.Joint, out)
		}
	}
	for _, list := range [][]Commitment{f.Commitments.By, f.Commitments.Towards, f.Commitments.Joint} {
		sort.SliceStable(list, func(i, j int) bool {
			di, dj := list[i].Due, list[j].Due
			if di != dj {
				if di == "" || dj == "" {
					return dj == ""
				}
				return di < dj
			}
			if ti, tj := fold(list[i].Title), fold(list[j].Title); ti != tj {
				return ti < tj
			}
			return list[i].ID < list[j].ID
		})
	}
	for m := range b.markings {
		f.Header.ItemMarkings = append(f.Header.ItemMarkings, m)
	}
	sort.Strings(f.Header.ItemMarkings)
	f.Frameworks = b.a.frameworkItems(b.cited)
}

// commitment is one commitment as the brief shows it, with the figures that are the
// country's; ok is false when it is unreadable or not the country's.
func (b *build) commitment(s store.Summary) (out Commitment, side domain.Side, ok bool) {
	a := b.a
	l := a.load(s.ID)
	cm, ok := l.val.(*domain.Commitment)
	if !ok {
		return out, side, false
	}
	side = domain.CommitmentSide(cm, func(id string) bool { return b.mine[id] })
	if side == domain.SideNone {
		return out, side, false
	}
	b.u.add(s.ID)
	b.commitments[s.ID] = true
	open := cm.Status != "delivered" && cm.Status != "withdrawn"
	out = Commitment{ID: s.ID, Title: cm.Title, Text: cm.Text, Side: string(side), Type: cm.Type, Status: cm.Status, Due: cm.Due,
		Overdue: open && cm.Due != "" && cm.Due < b.today, DueSoon: open && cm.Due != "" && cm.Due >= b.today && cm.Due <= b.soon,
		CommittedBy: a.partyNames(cm.CommittedBy), Towards: a.partyNames(cm.Towards), FrameworkItems: nonNil(sortItems(cm.FrameworkItems)),
		SourceDocument: cm.SourceDocument, Marking: cm.Marking, Indicators: []Indicator{}, ConflictFields: []string{}}
	if cm.Partnership != "" {
		title := "(deleted partnership)"
		if s, ok := a.st.Summary(cm.Partnership); ok && !s.Deleted {
			title = s.Title
		}
		out.Partnership = &Ref{ID: cm.Partnership, Title: title}
		b.partTitles[cm.Partnership] = title
	}
	if m, ok := a.meeting(cm.SourceMeeting); ok {
		out.SourceMeeting = &MeetingRef{ID: cm.SourceMeeting, Title: m.Title, Days: MeetingDays(m)}
	}
	for _, it := range out.FrameworkItems {
		b.cited[it] = true
	}
	if cm.Marking != "" {
		b.markings[cm.Marking] = true
	}
	// Figures for another country are left out; figures for the commitment's countries
	// together are shown as shared and never become the country's key figures.
	countries := a.countriesInvolved(cm)
	scope := func(party string) domain.Scope {
		return domain.FigureScope(party, func(id string) bool { return b.mine[id] }, countries)
	}
	for _, in := range cm.Indicators {
		ind := indicator(in, scope, Ref{ID: s.ID, Title: cm.Title})
		ind.Status = cm.Status
		out.Indicators = append(out.Indicators, ind)
		// A target with no value yet is a pledge: a key figure too, in its commitment's state.
		if (ind.Actual != nil || ind.Target != nil) && !ind.Shared {
			b.indicators = append(b.indicators, ind)
		}
	}
	out.Funding = []Funding{}
	for _, fe := range cm.Funding {
		switch scope(fe.Country) {
		case domain.ScopeCountry:
			out.Funding = append(out.Funding, Funding{Funding: fe})
			b.money.AddFunding([]domain.Funding{fe}, s.ID)
			b.addMoney(side, cm.Partnership, fe, s.ID, false)
		case domain.ScopeShared:
			out.Funding = append(out.Funding, Funding{Funding: fe, Shared: true})
			b.sharedMoney.AddFunding([]domain.Funding{fe}, s.ID)
			b.addMoney(side, cm.Partnership, fe, s.ID, true)
		}
	}
	for _, cf := range l.rec.Conflicts() {
		out.ConflictFields = append(out.ConflictFields, cf.Field)
	}
	out.Conflicted = len(out.ConflictFields) > 0
	return out, side, true
}

// glance counts the commitments by status and due date, and keeps the key figures.
func (b *build) glance() {
	f := b.f
	counts := map[string]int{}
	for _, cm := range f.Commitments.All() {
		counts[cm.Status]++
		f.Glance.Total++
		if cm.Overdue {
			f.Glance.Overdue++
		}
		if cm.DueSoon {
			f.Glance.DueSoon++
		}
	}
	for _, o := range domain.CommitmentStatuses {
		f.Glance.ByStatus = append(f.Glance.ByStatus, StatusCount{Status: o.Value, Count: counts[o.Value]})
	}
	f.Glance.DueSoonDays = b.opt.DueSoonDays
	f.Glance.Indicators, f.Glance.MoreIndicators = latestIndicators(b.indicators)
	f.Glance.Funding, f.Glance.SharedFunding = b.money.List(), b.sharedMoney.List()
}

// meetings keeps the last meetings before the brief's date and the next ones, counting the rest.
func (b *build) meetings() {
	f := b.f
	f.Meetings = Meetings{Recent: []Meeting{}, Next: []Meeting{}}
	type dated struct {
		m     Meeting
		start time.Time
	}
	var past, next []dated
	for _, s := range b.a.queryAll(store.Query{Kind: string(domain.KindMeeting), Country: b.c.Alpha3}) {
		l := b.a.load(s.ID)
		m, ok := l.val.(*domain.Meeting)
		if !ok {
			continue
		}
		b.u.add(s.ID)
		start := meetingStart(m)
		mt := Meeting{ID: s.ID, Title: m.Title, Series: m.Series, Start: m.Start, End: m.End, Days: MeetingDays(m),
			Venue: m.Venue, Outcome: m.Outcome, Sessions: sessions(m), Conflicted: len(l.rec.Conflicts()) > 0}
		if m.Organiser != "" {
			mt.Organiser = b.a.partyName(m.Organiser)
		}
		if start.Before(b.asOf) {
			past = append(past, dated{mt, start})
		} else {
			next = append(next, dated{mt, start})
		}
	}
	sort.SliceStable(past, func(i, j int) bool {
		if !past[i].start.Equal(past[j].start) {
			return past[i].start.After(past[j].start)
		}
		return past[i].m.ID < past[j].m.ID
	})
	sort.SliceStable(next, func(i, j int) bool {
		if !next[i].start.Equal(next[j].start) {
			return next[i].start.Before(next[j].start)
		}
		return next[i].m.ID < next[j].m.ID
	})
	for i, d := range past {
		if i < recentMeetings {
			f.Meetings.Recent = append(f.Meetings.Recent, d.m)
		} else {
			f.Meetings.EarlierCount++
		}
	}
	for i, d := range next {
		if i < nextMeetings {
			f.Meetings.Next = append(f.Meetings.Next, d.m)
		} else {
			f.Meetings.MoreNext++
		}
	}
}

// talkingPoints finds the interventions that speak for the country or name it.
func (b *build) talkingPoints() {
	scope := &domain.CountryScope{ISO3: b.c.Alpha3, Names: b.a.st.CountryNames(), Party: func(id string) bool { return b.mine[id] },
		Commitment: func(id string) bool { return b.commitments[id] }}
	b.f.TalkingPoints = b.a.talkingPoints(scope, b.u)
}

// conflicts lists the open conflicts on every record the brief draws on, commitments first.
func (b *build) conflicts() {
	f, a := b.f, b.a
	f.Conflicts = []Conflict{}
	for _, id := range b.u.order {
		l := a.load(id)
		if l.rec == nil {
			continue
		}
		ref := recordRef(id, l)
		for _, cf := range l.rec.Conflicts() {
			out := Conflict{Record: ref, Kind: l.rec.Kind, Field: cf.Field, Commitment: l.rec.Kind == string(domain.KindCommitment)}
			values := make([]json.RawMessage, len(cf.Values))
			for i, w := range cf.Values {
				values[i] = w.Value
			}
			for i, w := range cf.Values {
				v := conflictValue(l, ref, cf.Field, values, i, a.partyTitle)
				v.Author, v.At = a.st.Name(w.Author), w.Clock.Time().UTC()
				out.Values = append(out.Values, v)
			}
			f.Conflicts = append(f.Conflicts, out)
		}
	}
	kindRank := map[string]int{}
	for i, k := range []domain.Kind{domain.KindCommitment, domain.KindPartnership, domain.KindMeeting, domain.KindIntervention, domain.KindParty} {
		kindRank[string(k)] = i
	}
	sort.SliceStable(f.Conflicts, func(i, j int) bool {
		ci, cj := f.Conflicts[i], f.Conflicts[j]
		if ci.Kind != cj.Kind {
			return kindRank[ci.Kind] < kindRank[cj.Kind]
		}
		if ti, tj := fold(store.EnglishTitle(ci.Record.Title, ci.Record.Parts)), fold(store.EnglishTitle(cj.Record.Title, cj.Record.Parts)); ti != tj {
			return ti < tj
		}
		if ci.Record.ID != cj.Record.ID {
			return ci.Record.ID < cj.Record.ID
		}
		return ci.Field < cj.Field
	})
}

// provenance says which state of the data the brief shows and who wrote what it draws on.
func (b *build) provenance() {
	a := b.a
	b.f.Provenance = Provenance{DataAsOf: a.dataAsOf, StateHash: a.stateHash,
		StateHashShort: a.stateHash[:min(16, len(a.stateHash))], Records: len(b.u.order), Operations: a.ops, Authors: a.authors(b.u.order)}
}

// documents lists attachments oldest first, as a brief shows them.
func documents(as []domain.Attachment) []Document {
	as = slices.Clone(as)
	sort.SliceStable(as, func(i, j int) bool { return as[i].AddedAt < as[j].AddedAt })
	out := []Document{}
	for _, a := range as {
		out = append(out, Document{Name: a.Name, Type: a.Type, Size: a.Size})
	}
	return out
}
