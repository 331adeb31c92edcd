package brief

import (
	"strings"
	"time"
	"unicode"

	"dossier/app/domain"
)

// excerptRunes is how much of a commitment's text or a partnership's summary a row holds;
// longer texts are cut at a sentence end and printed whole in the annex.
const excerptRunes = 420

// cut shortens text to at most excerptRunes runes at the end of a sentence (or, with no
// sentence end past a third of it, at a word), reporting whether it did.
func cut(text string) (string, bool) {
	text = strings.TrimSpace(text)
	r := []rune(text)
	if len(r) <= excerptRunes {
		return text, false
	}
	end := -1
	for i := excerptRunes - 1; i >= excerptRunes/3; i-- {
		if strings.ContainsRune(".!?…", r[i]) && (i+1 == len(r) || unicode.IsSpace(r[i+1])) {
			end = i + 1
			break
		}
	}
	if end < 0 {
		end = excerptRunes
		for end > excerptRunes/3 && !unicode.IsSpace(r[end]) {
			end--
		}
	}
	return strings.TrimSpace(string(r[:end])) + " …", true
}

// excerpt is the text a row prints: whole, or cut with a pointer to the annex.
func (l Lang) excerpt(text string) string {
	s, cutOff := cut(text)
	if cutOff {
		s += " (" + l.t("full text in the annex") + ")"
	}
	return s
}

type annexText struct{ title, text string }

// annexTexts are the partnership summaries and commitment texts the rows shortened.
func annexTexts(f *Facts) []annexText {
	var out []annexText
	for _, p := range f.Partnerships {
		if _, c := cut(p.Summary); c {
			out = append(out, annexText{p.Title, strings.TrimSpace(p.Summary)})
		}
	}
	for _, c := range f.Commitments.All() {
		if _, cc := cut(c.Text); cc {
			out = append(out, annexText{c.Title, strings.TrimSpace(c.Text)})
		}
	}
	return out
}

func (d *doc) annex(texts []annexText) {
	d.lead(d.l.t("The texts shortened in the brief, in full."), stSmall, 2)
	for _, a := range texts {
		d.lead(d.l.title(a.title), stBodyB, 0)
		d.block(a.text, stBody, 0) // an entry that fits on a page is not split
		d.gap(3)
	}
}

// nbspDate holds a short date together ("30 Jun 2018").
func (l Lang) nbspDate(t time.Time) string { return strings.ReplaceAll(l.shortTime(t), " ", nbsp) }

func (d *doc) since(f *Facts) {
	s, l := f.Since, d.l
	switch {
	case s.From == "":
		d.none(l.f("No meeting of %s before the date of this brief is recorded, so there is nothing to compare with.", l.countryIn("de", f.Header)))
		return
	case s.Meeting != nil:
		d.lead(l.f("Changes to the records of this brief since the start of %s (%s), latest first.", l.title(s.Meeting.Title), l.days(s.Meeting.StartDay, s.Meeting.EndDay)), stBody, 1.5)
	default:
		from, _ := time.Parse(time.RFC3339, s.From)
		d.lead(l.f("Changes to the records of this brief since %s, latest first.", l.longDate(from)), stBody, 1.5)
	}
	if len(s.Changes) == 0 {
		d.none(l.t("Nothing has changed since then."))
		return
	}
	t := d.newTable(l.sinceTitle(s), column{l.t("Date"), 0.15, "L"}, column{l.t("Record"), 0.37, "L"},
		column{l.t("Change"), 0.33, "L"}, column{l.t("By"), 0.15, "L"})
	t.begin()
	for _, c := range s.Changes {
		rs := rowPlain
		if c.What == "conflict" {
			rs = rowFlagged
		}
		t.row(rs, cellText{{l.nbspDate(c.At), stCell}}, cellText{{l.titleOf(c.Kind, c.Record), stCellB}, {l.label("kind", kindLabels, c.Kind), stSmall}},
			cellText{{l.change(c), stCell}}, cellText{{c.Author, stCell}})
	}
	t.end()
	if s.More > 0 {
		d.none(l.plural(s.More, "earlier change is not shown.", "earlier changes are not shown."))
	}
}

// sinceTitle is section 2's title. It names the date the changes start from when a date was
// asked for (--since, the Brief screen's "Changes since"): "Since the last meeting" would
// promise a meeting the section does not start at. Starting at a meeting, or with nothing to
// compare with, it is "Since the last meeting"; the sentence under it names the meeting. The
// Brief screen titles the section alike (sinceTitle in frontend/src/lib/brief.ts).
func (l Lang) sinceTitle(s Since) string {
	if s.Meeting != nil || s.From == "" {
		return l.t("Since the last meeting")
	}
	from, err := time.Parse(time.RFC3339, s.From)
	if err != nil {
		return l.t("Since the last meeting")
	}
	return l.f("Since %s", l.longDate(from.UTC()))
}

// change words one change of "Since the last meeting".
func (l Lang) change(c RecordChange) string {
	switch c.What {
	case "created", "deleted", "restored":
		return capitalise(l.t(c.What))
	case "status":
		if c.SameTime {
			return l.f("Status: set to %s, at the same time as another change", l.quote(l.label("commitment_status", statusList(c.Kind), c.New)))
		}
		old := l.t("(none)")
		if c.Old != "" {
			old = l.label("commitment_status", statusList(c.Kind), c.Old)
		}
		return l.f("Status: %s → %s", old, l.label("commitment_status", statusList(c.Kind), c.New))
	case "due":
		old, nw := l.shortDate(c.Old), l.shortDate(c.New)
		if old == "" {
			old = l.t("(none)")
		}
		if nw == "" {
			nw = l.t("(none)")
		}
		if c.SameTime {
			return l.f("Due date: set to %s, at the same time as another change", nw)
		}
		return l.f("Due date: %s → %s", old, nw)
	case "funding":
		parts := make([]string, len(c.Funding))
		for i, fu := range c.Funding {
			parts[i] = l.funding(fu)
		}
		if c.SameTime {
			list := l.semicolons(parts)
			if len(parts) == 0 {
				list = l.t("(none)")
			}
			return l.f("Funding: set to %s, at the same time as another change", list)
		}
		if len(c.FundingBefore) > 0 {
			before := make([]string, len(c.FundingBefore))
			for i, fu := range c.FundingBefore {
				before[i] = l.funding(fu)
			}
			if len(parts) == 0 {
				return l.f("Funding removed: %s", l.semicolons(before))
			}
			return l.f("Funding changed: %s → %s", l.semicolons(before), l.semicolons(parts))
		}
		return l.f("Funding added: %s", l.semicolons(parts))
	case "conflict":
		return "⚠ " + l.f("New conflict: %s", l.fields(c))
	}
	return l.f("Edited: %s", l.fields(c))
}

// fields words the fields of a change as the screens do ("Status", "Statut"), never by their
// keys, which would put "status" on a French page.
func (l Lang) fields(c RecordChange) string {
	out := make([]string, len(c.Fields))
	for i, name := range c.Fields {
		out[i] = l.field(domain.Kind(c.Kind), name)
	}
	return strings.Join(out, ", ")
}

// statusList is the closed list a record kind's status comes from.
func statusList(kind string) []domain.Option {
	if kind == string(domain.KindPartnership) {
		return domain.PartnershipStatuses
	}
	return domain.CommitmentStatuses
}

func (d *doc) nextSteps(f *Facts) {
	n, l := f.NextSteps, d.l
	days := l.count(f.Glance.DueSoonDays)
	d.subsection(l.t("Falling due"), l.f("overdue, then due within %s days", days))
	if len(n.Overdue)+len(n.DueSoon) == 0 {
		d.none(l.f("No commitment is overdue or due within %s days.", days))
	} else {
		t := d.newTable(l.t("Falling due"), column{l.t("Due"), 0.15, "L"}, column{l.t("Commitment"), 0.49, "L"},
			column{l.t("Side"), 0.18, "L"}, column{l.t("Status"), 0.18, "L"})
		t.begin()
		for i, s := range append(append([]Step{}, n.Overdue...), n.DueSoon...) {
			due := cellText{{l.shortDate(s.Due), stCell}}
			rs := rowPlain
			if i < len(n.Overdue) {
				due, rs = cellText{{l.shortDate(s.Due), stOverdue}, {l.t("Overdue"), stFlag}}, rowFlagged
			}
			t.row(rs, due, cellText{{l.title(s.Commitment.Title), stCellB}}, cellText{{l.side(s.Side, f.Header), stCell}},
				cellText{{l.label("commitment_status", domain.CommitmentStatuses, s.Status), stCell}})
		}
		t.end()
		if more := n.MoreOverdue + n.MoreDueSoon; more > 0 {
			d.none(l.plural(more, "more commitment falling due is listed under Commitments.", "more commitments falling due are listed under Commitments."))
		}
	}
	d.subsection(l.t("Next meetings"), l.t("soonest first"))
	if len(f.Meetings.Next) == 0 {
		d.none(l.t("No next meeting is recorded."))
		return
	}
	t := d.newTable(l.t("Next meetings"), column{l.t("Dates"), 0.22, "L"}, column{l.t("Meeting"), 0.56, "L"}, column{l.t("Venue"), 0.22, "L"})
	t.begin()
	for _, m := range f.Meetings.Next {
		t.row(rowPlain, cellText{{l.days(m.StartDay, m.EndDay), stCell}}, cellText{{l.title(m.Title), stCellB}}, cellText{{m.Venue, stCell}})
	}
	t.end()
	if f.Meetings.MoreNext > 0 {
		d.none(l.plural(f.Meetings.MoreNext, "later meeting is not shown.", "later meetings are not shown."))
	}
}

// side names a commitment's side as the Commitments headings do.
func (l Lang) side(s string, h Header) string {
	switch s {
	case SideBy:
		return l.f("By %s", l.countryArt(h))
	case SideTowards:
		return l.f("Towards %s", l.countryArt(h))
	}
	return l.fIn("side", "Joint") // one commitment: "Conjoint", not the heading's "Conjoints"
}

func (d *doc) money(f *Facts) {
	m, g, l := f.Money, f.Glance, d.l
	if len(m.From)+len(m.Towards)+len(m.Joint)+len(g.SharedFunding) == 0 {
		d.none(l.t("No amount is recorded on the commitments of this brief."))
		return
	}
	d.lead(l.t("Amounts per currency and state, never converted between currencies nor added across states."), stSmall, 1.5)
	d.subsection(l.t("By side"), "")
	const amountCol = 0.19
	t := d.newTable(l.t("By side"), column{l.t("Currency"), 0.10, "L"}, column{l.t("State"), 0.14, "L"},
		column{capitalise(l.f("From %s", l.countryIn("de", f.Header))), amountCol, "R"}, column{l.f("Towards %s", l.countryArt(f.Header)), amountCol, "R"},
		column{l.t("Joint"), amountCol, "R"}, column{l.t("Part of multi-country commitments"), amountCol, "R"})
	rows := moneyRows(l, m.From, m.Towards, m.Joint, g.SharedFunding)
	var amounts []string
	for _, r := range rows {
		amounts = append(amounts, r[2:]...)
	}
	amountSt := d.fitting(amounts, stCellB, contentW*amountCol-2*t.padX)
	t.begin()
	for _, r := range rows {
		cells := []cellText{{{r[0], stCellB}}, {{r[1], stCell}}}
		for _, v := range r[2:] {
			cells = append(cells, cellText{{v, amountSt}})
		}
		t.row(rowPlain, cells...)
	}
	t.end()
	d.subsection(l.t("Per partnership"), l.t("the country's own amounts, and the multi-country commitments it is part of"))
	if len(m.Partnerships) == 0 {
		d.none(l.t("No commitment with money belongs to a partnership."))
		return
	}
	t = d.newTable(l.t("Per partnership"), column{l.t("Partnership"), 0.40, "L"}, column{l.t("For the country"), 0.30, "L"}, column{l.t("Part of multi-country commitments"), 0.30, "L"})
	t.begin()
	for _, p := range m.Partnerships {
		t.row(rowPlain, cellText{{l.title(p.Partnership.Title), stCellB}}, l.moneyLines(p.Totals, stCellB), l.moneyLines(p.Shared, stCell))
	}
	t.end()
}

// fitting is style st, set smaller when one of texts (amounts, held together by no-break
// spaces) is wider than w: an amount is never broken, even a thousand billions in a narrow column.
func (d *doc) fitting(texts []string, st style, w float64) style {
	for st.size > 5 {
		d.setStyle(st)
		fits := true
		for _, s := range texts {
			if d.p.GetStringWidth(s) > w {
				fits = false
				break
			}
		}
		if fits {
			break
		}
		st.size -= 0.5
	}
	return st
}

// moneyLines are totals one per line: "EUR 40,000,000 committed".
func (l Lang) moneyLines(ts []domain.MoneyTotal, st style) cellText {
	out := cellText{}
	for _, m := range ts {
		v, _ := m.Amount.Float64()
		out = append(out, span{l.money(m.Currency, v) + " " + strings.ToLower(l.label("funding_state", domain.FundingStates, m.State)), st})
	}
	return out
}

// moneyRows lines up several lists of totals by currency and state: currency, state, then
// one amount per list ("" where it has none).
func moneyRows(l Lang, lists ...[]domain.MoneyTotal) [][]string {
	var t domain.Totals
	for _, ts := range lists {
		for _, m := range ts {
			t.Add(m.Currency, m.State, "0", "") // the union of currency and state, in List order
		}
	}
	var out [][]string
	for _, k := range t.List() {
		row := []string{k.Currency, l.label("funding_state", domain.FundingStates, k.State)}
		for _, ts := range lists {
			v := ""
			for _, m := range ts {
				if m.Currency == k.Currency && m.State == k.State {
					f, _ := m.Amount.Float64()
					v = l.money(m.Currency, f)
				}
			}
			row = append(row, v)
		}
		out = append(out, row)
	}
	return out
}

func (d *doc) contacts(f *Facts) {
	l := d.l
	if len(f.Contacts) == 0 {
		d.none(l.f("No contact point is recorded for the parties of %s.", l.countryIn("de", f.Header)))
		return
	}
	t := d.newTable(l.t("Contacts"), column{l.t("Party"), 0.14, "L"}, column{l.t("Name"), 0.19, "L"}, column{l.t("Function"), 0.24, "L"},
		column{l.t("E-mail"), 0.25, "L"}, column{l.t("Phone"), 0.18, "L"})
	t.begin()
	for _, pc := range f.Contacts {
		for i, c := range pc.Contacts {
			party := cellText{}
			if i == 0 {
				party = cellText{{l.party(pc.Party.Title), stCellB}} // "Tunisie" in French, as the screen shows it
			}
			t.row(rowPlain, party, cellText{{c.Name, stCellB}}, cellText{{c.Function, stCell}}, cellText{{c.Email, stCell}},
				cellText{{strings.ReplaceAll(c.Phone, " ", nbsp), stCell}})
		}
	}
	t.end()
}
