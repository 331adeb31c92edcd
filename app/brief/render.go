package brief

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"dossier/app/domain"
	"dossier/app/internal/atomicfile"
)

// The section titles, in order, in English (Lang.t translates them); the on-screen brief uses
// the same words.
var Sections = []string{
	"At a glance",
	"Since the last meeting",
	"Next steps",
	"Money",
	"Partnerships and dialogues",
	"Commitments",
	"Meetings",
	"Talking points",
	"Contacts",
	"Open conflicts",
	"Provenance",
}

// annexTitle is the title of the last, unnumbered-in-Sections part: the texts shortened in
// the brief, whole. It is printed only when a text was shortened.
const annexTitle = "Annex: full texts"

// RenderJSON writes the facts as the on-screen brief reads them.
func RenderJSON(w io.Writer, f *Facts) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(f)
}

// RenderPDF writes one brief as an A4 PDF in language l.
func RenderPDF(w io.Writer, f *Facts, l Lang) error {
	_, err := renderBrief(w, f, l)
	return err
}

// WritePDF writes one brief to path durably (temporary file, fsync, rename).
func WritePDF(path string, f *Facts, l Lang) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return RenderPDF(w, f, l) })
}

// PackOptions describe the cover of a pack.
type PackOptions struct {
	Title    string // default "Country briefs" (in Lang)
	Subtitle string // e.g. the meeting the pack is for
	Marking  string // default: the first brief's marking
	Lang     Lang   // the language of the pack; "" is English
	Meeting  bool   // the pack is for a meeting (its cover says "Meeting pack")
	// The meeting's days and venue, written under its title on the cover (MeetingCover);
	// empty ones are left out.
	Days     Days
	Venue    string
	Progress func(done, total int)
}

// RenderPack writes several briefs in one PDF with a cover and a table of contents; each
// brief starts on a new page and has an entry in the PDF outline.
func RenderPack(ctx context.Context, w io.Writer, briefs []*Facts, po PackOptions) error {
	_, err := renderPack(ctx, w, briefs, po)
	return err
}

// WritePack writes a pack to path durably.
func WritePack(ctx context.Context, path string, briefs []*Facts, po PackOptions) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return RenderPack(ctx, w, briefs, po) })
}

func renderBrief(w io.Writer, f *Facts, l Lang) (pages int, err error) {
	if f == nil {
		return 0, errors.New("no brief to render")
	}
	if l == "" {
		l = English
	}
	defer recoverPDF(&err)
	d := newDoc(l.f("Country brief: %s", l.country(f.Header)), f.Header.GeneratedBy, f.Header.Marking, l)
	d.p.SetCreationDate(f.Header.GeneratedAt)
	d.p.SetModificationDate(f.Header.GeneratedAt)
	d.p.SetSubject(l.country(f.Header)+" ("+f.Header.ISO3+"), "+l.longDateOf(f.Header.Date), true)
	d.brief(f, false)
	return d.output(w)
}

func renderPack(ctx context.Context, w io.Writer, briefs []*Facts, po PackOptions) (pages int, err error) {
	if len(briefs) == 0 {
		return 0, errors.New("a pack needs at least one brief")
	}
	defer recoverPDF(&err)
	first := briefs[0]
	l := po.Lang
	if l == "" {
		l = English
	}
	if po.Title == "" {
		po.Title = l.t("Country briefs")
	}
	if po.Marking == "" {
		po.Marking = first.Header.Marking
	}
	d := newDoc(po.Title, first.Header.GeneratedBy, po.Marking, l)
	d.p.SetCreationDate(first.Header.GeneratedAt)
	d.p.SetModificationDate(first.Header.GeneratedAt)
	d.p.SetSubject(po.Subtitle, true)

	d.runLeft, d.runRight = po.Title, l.longDateOf(first.Header.Date)
	d.footLeft = "Dossier · " + l.t("state") + " " + first.Provenance.StateHashShort
	d.cover(briefs, po)

	// Reserve the contents pages; they are filled in once every brief's first page is known.
	const tocFirstY, tocEntryH = marginTop + 16, 10.5
	perPage := int(math.Floor((pageH - marginBottom - tocFirstY) / tocEntryH))
	tocPages := (len(briefs) + perPage - 1) / perPage
	tocStart := d.p.PageCount() + 1
	for range tocPages {
		d.runLeft = po.Title + " · " + l.t("Contents")
		d.addPage()
	}
	starts := make([]int, len(briefs))
	links := make([]int, len(briefs))
	for i, f := range briefs {
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		links[i] = d.p.AddLink()
		d.brief(f, true)
		starts[i] = d.briefStart
		d.p.SetLink(links[i], marginTop, starts[i])
		if po.Progress != nil {
			po.Progress(i+1, len(briefs))
		}
	}
	last := d.p.PageCount()

	// Contents.
	for i, f := range briefs {
		page := tocStart + i/perPage
		d.p.SetPage(page)
		d.p.SetFont(family, "B", 1) // force the font onto this page
		d.fill(colWhite)
		if i%perPage == 0 {
			st := style{bold: true, size: 16, color: colNavy}
			d.text(marginL, marginTop, contentW, line{l.t("Contents"), st}, "L")
			d.draw(colNavy)
			d.p.SetLineWidth(0.4)
			d.p.Line(marginL, marginTop+9, pageW-marginR, marginTop+9)
		}
		y := tocFirstY + float64(i%perPage)*tocEntryH
		name := l.country(f.Header) + " (" + f.Header.ISO3 + ")"
		pg := itoa(starts[i])
		d.setStyle(stBodyB)
		pw := d.p.GetStringWidth(pg)
		nameSt := stBodyB
		for nameSt.size > 5 && len(d.wrap(name, nameSt, contentW-pw-12)) > 1 {
			nameSt.size -= 0.5 // a very long party name is set smaller, never cut
		}
		nameLines := d.wrap(name, nameSt, contentW-pw-12)
		for j, l := range nameLines {
			d.text(marginL, y+float64(j)*l.st.lineH(), contentW-pw-12, l, "L")
		}
		d.setStyle(nameSt)
		nw := d.p.GetStringWidth(nameLines[0].text)
		d.draw(colRule)
		d.p.SetLineWidth(0.2)
		d.p.SetDashPattern([]float64{0.4, 1.2}, 0)
		d.p.Line(marginL+nw+2, y+3.2, pageW-marginR-pw-2, y+3.2)
		d.p.SetDashPattern([]float64{}, 0)
		d.text(pageW-marginR-pw-1, y, pw+1, line{pg, stBodyB}, "R")
		d.text(marginL, y+stBody.lineH(), contentW-pw-20, line{packSummary(f, l), stSmall}, "L")
		d.p.Link(marginL, y, contentW, tocEntryH-1, links[i])
	}
	d.p.SetPage(last)
	return d.output(w)
}

func packSummary(f *Facts, l Lang) string {
	parts := []string{
		l.plural(f.Glance.Total, "commitment", "commitments"),
		l.plural(len(f.Partnerships), "partnership", "partnerships"),
	}
	if f.Glance.Overdue > 0 {
		parts = append(parts, l.plural(f.Glance.Overdue, "overdue", "overdue"))
	}
	if len(f.Conflicts) > 0 {
		parts = append(parts, l.plural(len(f.Conflicts), "open conflict", "open conflicts"))
	}
	return strings.Join(parts, " · ")
}

func (d *doc) output(w io.Writer) (int, error) {
	d.finish()
	if err := d.p.Error(); err != nil {
		return 0, fmt.Errorf("render PDF: %w", err)
	}
	n := d.p.PageCount()
	if err := d.p.Output(w); err != nil {
		return 0, fmt.Errorf("write PDF: %w", err)
	}
	return n, nil
}

// recoverPDF turns a panic inside the PDF library into an error.
func recoverPDF(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("render PDF: %v", r)
	}
}

// cover draws the first page of a pack.
func (d *doc) cover(briefs []*Facts, po PackOptions) {
	d.addPage()
	first := briefs[0]
	l := d.l
	y := 70.0
	d.fill(colNavy)
	d.p.Rect(marginL, y-8, 28, 1.6, "F")
	// French agrees "Prepared by" with what the cover calls the pack.
	kind, prepared := l.t("COUNTRY BRIEFS"), l.fIn("country briefs", "Prepared by")
	if po.Meeting {
		kind, prepared = l.t("MEETING PACK"), l.fIn("meeting pack", "Prepared by")
	}
	d.text(marginL, y, contentW, line{kind, style{bold: true, size: 9, color: colMuted}}, "L")
	d.p.SetXY(marginL, y+7)
	for _, l := range d.wrap(po.Title, style{bold: true, size: 26, color: colNavy}, contentW) {
		yy := d.p.GetY()
		d.text(marginL, yy, contentW, l, "L")
		d.p.SetY(yy + l.st.lineH())
	}
	if po.Subtitle != "" {
		d.gap(2)
		d.para(po.Subtitle, style{size: 13, color: colInk}, 0)
	}
	// Where and when the meeting is, as the brief's meeting tables write it.
	var when []string
	if po.Days.StartDay != "" {
		when = append(when, l.days(po.Days.StartDay, po.Days.EndDay))
	}
	if v := strings.TrimSpace(po.Venue); v != "" {
		when = append(when, v)
	}
	if len(when) > 0 {
		d.gap(1)
		d.para(strings.Join(when, " · "), style{size: 11, color: colInk}, 0)
	}
	d.gap(10)
	kv := [][2]string{
		{l.t("Date"), l.longDateOf(first.Header.Date)},
		{l.t("Countries"), l.plural(len(briefs), "country brief", "country briefs")},
		{prepared, first.Header.GeneratedBy},
		{l.t("Data as of"), l.dataAsOf(first.Provenance)},
		{l.t("State"), first.Provenance.StateHashShort},
	}
	for _, r := range kv {
		yy := d.p.GetY()
		d.text(marginL, yy, 35, line{r[0], style{size: 9, color: colMuted}}, "L")
		d.text(marginL+35, yy, contentW-35, line{r[1], style{size: 9, color: colInk}}, "L")
		d.p.SetY(yy + 5.5)
	}
	// The marking, boxed, near the foot of the cover.
	by := pageH - 70
	d.draw(colMarking)
	d.p.SetLineWidth(0.5)
	d.p.Rect(marginL, by, contentW, 16, "D")
	d.text(marginL, by+3, contentW, line{strings.ToUpper(d.marking), style{bold: true, size: 12, color: colMarking}}, "C")
	d.text(marginL, by+9.5, contentW, line{l.t("Handle, store and share according to this marking."), stSmall}, "C")
}

// brief draws one country brief starting on a new page.
func (d *doc) brief(f *Facts, inPack bool) {
	h, l := f.Header, d.l
	d.runLeft = l.t("Country brief") + " · " + l.country(h) + " (" + h.ISO3 + ")"
	d.runRight = l.longDateOf(h.Date)
	d.marking = l.marking(h.Marking)
	d.footLeft = "Dossier · " + l.t("state") + " " + f.Provenance.StateHashShort
	d.addPage()
	d.briefStart = d.p.PageNo()
	if inPack {
		d.p.Bookmark(l.country(h)+" ("+h.ISO3+")", 0, marginTop)
	}
	d.titleBlock(f)
	level := 0
	if inPack {
		level = 1
	}
	draw := map[string]func(*Facts){
		"At a glance": d.glance, "Since the last meeting": d.since, "Next steps": d.nextSteps, "Money": d.money,
		"Partnerships and dialogues": d.partnerships, "Commitments": d.commitments, "Meetings": d.meetings,
		"Talking points": d.talkingPoints, "Contacts": d.contacts, "Open conflicts": d.conflicts, "Provenance": d.provenance,
	}
	for i, title := range Sections {
		shown := l.t(title)
		if title == "Since the last meeting" {
			shown = l.sinceTitle(f.Since)
		}
		d.section(i+1, shown, level)
		draw[title](f)
	}
	if texts := annexTexts(f); len(texts) > 0 {
		d.section(len(Sections)+1, l.t(annexTitle), level)
		d.annex(texts)
	}
	d.flushHeads(0) // nothing waits for the next brief's page
}

func (d *doc) titleBlock(f *Facts) {
	h, lg := f.Header, d.l
	y := marginTop + 1
	d.text(marginL, y, contentW, line{lg.t("COUNTRY BRIEF"), style{bold: true, size: 8, color: colMuted}}, "L")
	d.p.SetXY(marginL, y+4.5)
	for _, l := range d.wrap(lg.country(h), style{bold: true, size: 22, color: colNavy}, contentW) {
		yy := d.p.GetY()
		d.text(marginL, yy, contentW, l, "L")
		d.p.SetY(yy + l.st.lineH())
	}
	sub := "ISO 3166-1 " + h.ISO3 + " · " + h.ISO2
	if _, ok := named(h); !ok {
		sub += " · " + lg.countryName(h) // the title is the party's own: say which country it is
	}
	d.para(sub, style{size: 9, color: colMuted}, 0)
	d.gap(2.5)
	cols := [][2]string{{lg.t("Date of brief"), lg.longDateOf(h.Date)}, {lg.t("Prepared by"), h.GeneratedBy},
		{lg.t("Data as of"), lg.dataAsOf(f.Provenance)}, {lg.t("Marking"), lg.marking(h.Marking)}}
	yy := d.p.GetY()
	w := contentW / float64(len(cols))
	maxH := 0.0
	for i, c := range cols {
		x := marginL + float64(i)*w
		d.text(x, yy, w-3, line{c[0], stSmall}, "L")
		ly := yy + stSmall.lineH()
		for _, l := range d.wrap(c[1], stBodyB, w-3) {
			d.text(x, ly, w-3, l, "L")
			ly += l.st.lineH()
		}
		maxH = max(maxH, ly-yy)
	}
	d.p.SetXY(marginL, yy+maxH+1.5)
	if len(h.ItemMarkings) > 0 {
		marks := make([]string, len(h.ItemMarkings))
		for i, m := range h.ItemMarkings {
			marks[i] = lg.marking(m)
		}
		d.para(lg.f("Contains items marked: %s. Observe the strictest marking when sharing.", strings.Join(marks, ", ")), stFlag, 0)
	}
	if len(f.Conflicts) > 0 {
		d.para("⚠ "+lg.plural(len(f.Conflicts), "figure in this brief is disputed", "figures in this brief are disputed")+
			lg.t(": see Open conflicts before quoting."), stFlag, 0)
	}
	d.gap(1.5)
}

func (d *doc) glance(f *Facts) {
	g, l := f.Glance, d.l
	c := f.Commitments
	name := l.countryArt(f.Header)
	recorded := "%s are recorded: %s by %s, %s towards it and %s joint; %s overdue and %s due in the next %s days."
	if l.singular(g.Total) {
		recorded = "%s is recorded: %s by %s, %s towards it and %s joint; %s overdue and %s due in the next %s days."
	}
	part := l.plural(len(f.Partnerships), "partnership or dialogue", "partnerships and dialogues")
	takes := l.f("%s takes part in %s.", capitalise(name), part)
	if l.countryPlural(f.Header) {
		takes = l.fIn("plural", "%s takes part in %s.", capitalise(name), part)
	}
	sum := takes + " " +
		l.f(recorded, capitalise(l.plural(g.Total, "commitment", "commitments")), l.count(len(c.By)), name, l.count(len(c.Towards)),
			l.count(len(c.Joint)), l.count(g.Overdue), l.count(g.DueSoon), l.count(g.DueSoonDays))
	d.para(sum, stBody, 0)
	d.gap(3)

	d.picture(f)

	if len(g.Funding)+len(g.SharedFunding) > 0 {
		d.subsection(l.t("Funding"), l.t("per currency and state, never converted"))
		t := d.newTable(l.t("Funding"), column{l.t("Currency"), 0.14, "L"}, column{l.t("State"), 0.18, "L"}, column{l.t("For the country"), 0.24, "R"},
			column{l.t("Part of multi-country commitments"), 0.24, "R"}, column{l.t("Commitments"), 0.20, "R"})
		t.begin()
		for _, r := range fundingRows(g.Funding, g.SharedFunding, f.Commitments.All(), l) {
			t.row(rowPlain, cellText{{r[0], stCellB}}, cellText{{r[1], stCell}}, cellText{{r[2], stCellB}}, cellText{{r[3], stCell}}, cellText{{r[4], stCell}})
		}
		t.end()
	}

	d.subsection(l.t("Key indicators"), l.t("latest value of each indicator"))
	if len(g.Indicators) == 0 {
		d.none(l.t("No indicator values are recorded for these commitments."))
		return
	}
	t := d.newTable(l.t("Key indicators"),
		column{l.t("Indicator"), 0.27, "L"}, column{l.t("Latest value"), 0.17, "R"}, column{l.t("Baseline → target"), 0.18, "L"},
		column{l.t("Period"), 0.16, "L"}, column{l.t("Commitment"), 0.22, "L"})
	t.begin()
	for _, in := range g.Indicators {
		name := cellText{{in.Name, stCellB}}
		if in.Status != "" {
			name = append(name, span{l.label("commitment_status", domain.CommitmentStatuses, in.Status), stSmall})
		}
		if in.Note != "" {
			name = append(name, span{in.Note, stSmall})
		}
		t.row(rowPlain, name, cellText{{l.keyValue(in), stCellB}}, cellText{{l.keyTarget(in), stCell}},
			cellText{{l.indicatorPeriod(in), stCell}}, cellText{{l.title(in.Commitment.Title), stSmall}})
	}
	t.end()
	if g.MoreIndicators > 0 {
		d.none(l.plural(g.MoreIndicators, "more indicator is listed with its commitment.", "more indicators are listed with their commitments."))
	}
}

// fundingRows lines up the country's totals and the shared ones by currency and state. The
// last column counts the commitments of the row once each: one commitment with an amount for
// the country and a multi-country amount in the same currency and state is one commitment,
// not the sum of the two columns' counts (the country page shows the two apart).
func fundingRows(own, shared []domain.MoneyTotal, cms []Commitment, l Lang) [][5]string {
	type key struct{ cur, state string }
	var keys []key
	rows := map[key]*[5]string{}
	add := func(ts []domain.MoneyTotal, col int) {
		for _, m := range ts {
			k := key{m.Currency, m.State}
			if rows[k] == nil {
				keys = append(keys, k)
				rows[k] = &[5]string{m.Currency, l.label("funding_state", domain.FundingStates, m.State)}
			}
			f, _ := m.Amount.Float64()
			rows[k][col] = l.money(m.Currency, f)
		}
	}
	add(own, 2)
	add(shared, 3)
	// The brief's commitments carry only the entries that count for the country, own or shared.
	var both domain.Totals
	for _, cm := range cms {
		for _, fu := range cm.Funding {
			both.AddFunding([]domain.Funding{fu.Funding}, cm.ID)
		}
	}
	counts := map[key]int{}
	for _, m := range both.List() {
		counts[key{m.Currency, m.State}] = m.Commitments
	}
	rank := map[string]int{}
	for i, o := range domain.FundingStates {
		rank[o.Value] = i
	}
	sort.SliceStable(keys, func(i, j int) bool {
		if keys[i].cur != keys[j].cur {
			return keys[i].cur < keys[j].cur
		}
		return rank[keys[i].state] < rank[keys[j].state]
	})
	out := make([][5]string, len(keys))
	for i, k := range keys {
		rows[k][4] = l.count(counts[k])
		out[i] = *rows[k]
	}
	return out
}

func capitalise(s string) string {
	for _, r := range s {
		return string(unicode.ToUpper(r)) + s[utf8.RuneLen(r):]
	}
	return s
}

func (d *doc) partnerships(f *Facts) {
	l := d.l
	if len(f.Partnerships) == 0 {
		if l.countryPlural(f.Header) {
			d.none(l.fIn("plural", "No partnership or dialogue with %s as a party is recorded.", l.countryArt(f.Header)))
		} else {
			d.none(l.f("No partnership or dialogue with %s as a party is recorded.", l.countryArt(f.Header)))
		}
		return
	}
	t := d.newTable(l.t("Partnerships and dialogues"),
		column{l.t("Partnership or dialogue"), 0.41, "L"}, column{l.t("Type"), 0.15, "L"}, column{l.f("Role of %s", l.countryIn("de", f.Header)), 0.15, "L"},
		column{l.t("Status"), 0.12, "L"}, column{l.t("Period"), 0.17, "L"})
	t.begin()
	for _, p := range f.Partnerships {
		cell := cellText{{l.title(p.Title), stCellB}}
		if p.Summary != "" {
			cell = append(cell, span{l.excerpt(p.Summary), stText})
		}
		if len(p.Others) > 0 {
			cell = append(cell, span{l.f("With %s", l.othersWithRoles(p.Others)), stSmall})
		}
		if len(p.Themes) > 0 {
			themes := make([]string, len(p.Themes))
			for i, th := range p.Themes {
				themes[i] = l.label("theme", domain.Themes, th)
			}
			cell = append(cell, span{l.f("Themes: %s", l.semicolons(themes)), stSmall})
		}
		if len(p.FrameworkItems) > 0 { // codes, as the screen shows them
			cell = append(cell, span{l.f("Framework: %s", strings.Join(p.FrameworkItems, ", ")), stSmall})
		}
		if len(p.Documents) > 0 {
			docs := make([]string, len(p.Documents))
			for i, doc := range p.Documents {
				docs[i] = doc.Name
			}
			cell = append(cell, span{l.f("Documents: %s", l.semicolons(docs)), stSmall})
		}
		rs := rowPlain
		if p.Conflicted {
			rs = rowFlagged
			cell = append(cell, span{"⚠ " + l.t("Open conflict: see Open conflicts"), stFlag})
		}
		roles := make([]string, len(p.Roles))
		for i, r := range p.Roles {
			roles[i] = l.label("party_role", domain.PartyRoles, r)
		}
		t.row(rs, cell, cellText{{l.label("partnership_type", domain.PartnershipTypes, p.Type), stCell}}, cellText{{strings.Join(roles, ", "), stCell}},
			cellText{{l.label("partnership_status", domain.PartnershipStatuses, p.Status), stCell}}, cellText{{l.periodOf(p.Start, p.End, p.Status), stCell}})
	}
	t.end()
}

func (d *doc) commitments(f *Facts) {
	l := d.l
	name := l.countryArt(f.Header)
	groups := []struct {
		title, note string
		list        []Commitment
	}{
		{l.f("By %s", name), l.f("promises made by %s alone", name), f.Commitments.By},
		{l.f("Towards %s", name), l.f("promises others made to %s", name), f.Commitments.Towards},
		{l.t("Joint"), l.f("made by %s with others, or by and towards it", name), f.Commitments.Joint},
	}
	for _, g := range groups {
		d.subsection(g.title+" ("+l.count(len(g.list))+")", g.note)
		if len(g.list) == 0 {
			d.none(l.t("None recorded."))
			continue
		}
		t := d.newTable(l.f("%s: %s", l.t("Commitments"), g.title), // French: "Engagements : Envers la Libye"
			column{l.t("Commitment"), 0.41, "L"}, column{l.t("Parties"), 0.21, "L"}, column{l.t("Framework"), 0.12, "L"},
			column{l.t("Status"), 0.12, "L"}, column{l.t("Due"), 0.14, "L"})
		t.begin()
		for _, c := range g.list {
			d.commitmentRow(t, c)
		}
		t.end()
	}
	if len(f.Frameworks) > 0 {
		d.subsection(l.t("Framework items cited"), "")
		t := d.newTable(l.t("Framework items cited"), column{l.t("Item"), 0.12, "L"}, column{l.t("Title"), 0.88, "L"})
		t.begin()
		for _, it := range f.Frameworks {
			t.row(rowPlain, cellText{{it.Code, stCellB}}, cellText{{l.itemTitle(it.Code, it.Title), stCell}})
		}
		t.end()
	}
}

func (d *doc) commitmentRow(t *table, c Commitment) {
	l := d.l
	cell := cellText{{l.title(c.Title), stCellB}}
	if c.Text != "" {
		cell = append(cell, span{l.excerpt(c.Text), stText})
	}
	if c.Partnership != nil {
		cell = append(cell, span{l.f("Partnership: %s", l.title(c.Partnership.Title)), stSmall})
	}
	if c.SourceMeeting != nil {
		cell = append(cell, span{l.f("Source: %s", l.title(c.SourceMeeting.Title)+", "+strings.ReplaceAll(l.days(c.SourceMeeting.StartDay, c.SourceMeeting.EndDay), " ", nbsp)), stSmall})
	}
	if c.SourceDocument != "" {
		cell = append(cell, span{l.f("Document: %s", c.SourceDocument), stSmall})
	}
	for _, in := range c.Indicators {
		cell = append(cell, span{"▸ " + l.indicatorLine(in), style{size: 7, color: colInk}})
	}
	for _, fu := range c.Funding {
		s := "▸ " + l.f("Funding: %s", l.funding(fu))
		if fu.Shared {
			s = "▸ " + l.f("Funding: %s", l.sharedFunding(fu.Funding))
		}
		cell = append(cell, span{s, style{size: 7, color: colInk}})
	}
	if c.Marking != "" {
		cell = append(cell, span{l.f("Marked: %s", l.marking(c.Marking)), stFlag})
	}
	rs := rowPlain
	if c.Conflicted {
		rs = rowFlagged
		fields := make([]string, len(c.ConflictFields))
		for i, name := range c.ConflictFields {
			fields[i] = l.field(domain.KindCommitment, name)
		}
		cell = append(cell, span{"⚠ " + l.f("Disputed (%s): see Open conflicts", strings.Join(fields, ", ")), stFlag})
	}
	parties := cellText{}
	if len(c.CommittedBy) > 0 {
		parties = append(parties, span{l.fIn("parties", "By %s", l.partiesIn("", c.CommittedBy)), stCell})
	}
	if len(c.Towards) > 0 {
		parties = append(parties, span{l.f("To %s", l.partiesIn("", c.Towards)), stSmall})
	}
	disputed := func(field string) bool { return slices.Contains(c.ConflictFields, field) }
	statusLabel := l.label("commitment_status", domain.CommitmentStatuses, c.Status)
	status := cellText{{statusLabel, stCell}}
	if disputed("status") {
		status = cellText{{statusLabel, stCellB}, {"⚠ " + l.t("disputed"), stFlag}}
	}
	if c.Type != "" {
		status = append(status, span{l.label("commitment_type", domain.CommitmentTypes, c.Type), stSmall})
	}
	dueLabel := l.shortDate(c.Due)
	due := cellText{{dueLabel, stCell}}
	switch {
	case dueLabel == "":
		due = cellText{{l.t("no date"), stSmall}}
	case c.Overdue:
		due = cellText{{dueLabel, stOverdue}, {l.t("Overdue"), stFlag}}
	case c.DueSoon:
		due = append(due, span{l.t("Due soon"), stSmall})
	}
	if disputed("due") {
		due = append(due, span{"⚠ " + l.t("disputed"), stFlag})
	}
	t.row(rs, cell, parties, cellText{{strings.Join(c.FrameworkItems, ", "), stCell}}, status, due)
}

func (d *doc) meetings(f *Facts) {
	m, l := f.Meetings, d.l
	d.subsection(l.t("Recent meetings"), l.t("latest first"))
	d.meetingTable(l.t("Recent meetings"), m.Recent)
	if m.EarlierCount > 0 {
		d.none(l.plural(m.EarlierCount, "earlier meeting is not shown.", "earlier meetings are not shown."))
	}
	d.subsection(l.t("Next meetings"), l.t("soonest first"))
	d.meetingTable(l.t("Next meetings"), m.Next)
	if m.MoreNext > 0 {
		d.none(l.plural(m.MoreNext, "later meeting is not shown.", "later meetings are not shown."))
	}
}

func (d *doc) meetingTable(caption string, list []Meeting) {
	l := d.l
	if len(list) == 0 {
		d.none(l.t("None recorded."))
		return
	}
	t := d.newTable(caption, column{l.t("Meeting"), 0.38, "L"}, column{l.t("Dates"), 0.18, "L"}, column{l.t("Venue"), 0.14, "L"}, column{l.t("Sessions"), 0.30, "L"})
	t.begin()
	for _, m := range list {
		cell := cellText{{l.title(m.Title), stCellB}}
		if m.Series != "" {
			cell = append(cell, span{m.Series, stSmall})
		}
		if m.Organiser != "" {
			cell = append(cell, span{l.f("Organised by %s", l.partyIn("", m.Organiser)), stSmall})
		}
		if m.Outcome != "" {
			cell = append(cell, span{l.f("Outcome: %s", m.Outcome), stSmall})
		}
		rs := rowPlain
		if m.Conflicted {
			rs = rowFlagged
			cell = append(cell, span{"⚠ " + l.t("Open conflict: see Open conflicts"), stFlag})
		}
		sess := cellText{}
		for _, s := range m.Sessions {
			sess = append(sess, span{s.Title, stCell})
			if tl := l.sessionTime(s.Start, s.End); tl != "" {
				sess = append(sess, span{tl, stSmall})
			}
		}
		t.row(rs, cell, cellText{{l.days(m.StartDay, m.EndDay), stCell}}, cellText{{m.Venue, stCell}}, sess)
	}
	t.end()
}

func (d *doc) talkingPoints(f *Facts) {
	l := d.l
	name := l.countryArt(f.Header)
	if len(f.TalkingPoints) == 0 {
		d.none(l.f("No intervention on behalf of %s or mentioning it is recorded.", l.countryIn("de", f.Header)))
		return
	}
	for _, tp := range f.TalkingPoints {
		title := l.title(tp.Meeting.Title)
		if tp.Meeting.StartDay != "" {
			title += ", " + l.days(tp.Meeting.StartDay, tp.Meeting.EndDay)
		}
		// The title and what says whose points they are go down with the first point's first
		// lines, as headings do.
		d.lead(title, stBodyB, 0)
		var meta []string
		if tp.Session != "" {
			meta = append(meta, tp.Session)
		}
		if tp.Speaker != "" {
			meta = append(meta, l.f("speaker %s", tp.Speaker))
		}
		if len(tp.OnBehalfOf) > 0 {
			// French repeats "de" before each, contracted: "au nom du Maroc et de la Tunisie".
			meta = append(meta, l.f("on behalf of %s", l.partiesIn("de", tp.OnBehalfOf)))
		}
		switch tp.Why {
		case "on_behalf":
			meta = append(meta, l.t("its own points"))
		case "mentions":
			meta = append(meta, l.f("points that mention %s", name))
		case "tagged":
			meta = append(meta, l.f("all points (the intervention concerns %s)", name))
		}
		if len(meta) > 0 {
			d.lead(capitalise(strings.Join(meta, " · ")), stSmall, 0)
		}
		if tp.Conflicted {
			d.lead("⚠ "+l.t("This intervention has an open conflict: see Open conflicts."), stFlag, 0)
		}
		// The intervention is one block (keep): whole on one page when it fits on one, else its
		// title with its whole first point, and each later point whole when it fits on a page.
		const indent = 8.0
		wrapped := make([][]line, len(tp.Points))
		heights := make([]float64, len(tp.Points))
		whole := 1.0 // the gap under the title
		for i, p := range tp.Points {
			wrapped[i] = d.wrap(p.Text, stBody, contentW-indent)
			heights[i] = float64(len(wrapped[i])) * stBody.lineH()
			whole += heights[i]
			if i > 0 {
				whole++ // the gap between points
			}
		}
		first, least := 1.0, 1.0
		if len(tp.Points) > 0 {
			first += heights[0]
			least += float64(min(2, len(wrapped[0]))) * stBody.lineH()
		}
		d.keep(whole, first, least)
		d.gap(1)
		page := d.bottom() - marginTop
		for i, p := range tp.Points {
			if i > 0 && heights[i] <= page {
				d.room(heights[i])
			}
			for j, l := range wrapped[i] {
				d.room(stBody.lineH())
				y := d.p.GetY()
				if j == 0 {
					d.text(marginL+1, y, 6, line{d.l.count(p.N) + ".", style{bold: true, size: 8.5, color: colNavy}}, "R")
				}
				d.text(marginL+indent, y, contentW-indent, l, "L")
				d.p.SetXY(marginL, y+stBody.lineH())
			}
			d.gap(1)
		}
		d.gap(2.5)
	}
}

func (d *doc) conflicts(f *Facts) {
	l := d.l
	if len(f.Conflicts) == 0 {
		d.none(l.t("No open conflicts on the records in this brief."))
		return
	}
	d.lead(l.f("%s changed these fields without seeing each other's change. The brief shows the first value; "+
		"check with the authors, or resolve the conflict, before quoting it.", l.conflictAuthors(f.Conflicts)), stBody, 2)
	t := d.newTable(l.t("Open conflicts"), column{l.t("Record"), 0.32, "L"}, column{l.t("Field"), 0.14, "L"}, column{l.t("Values (shown first)"), 0.54, "L"})
	t.begin()
	for _, c := range f.Conflicts {
		rec := cellText{{l.titleOf(c.Kind, c.Record), stCellB}, {l.label("kind", kindLabels, c.Kind), stSmall}}
		vals := cellText{}
		for i, v := range c.Values {
			st := stCell
			if i == 0 {
				st = stCellB
			}
			if entries, notes := l.conflictEntries(v); len(entries)+len(notes) > 0 {
				for _, s := range entries {
					vals = append(vals, span{"▸ " + s, st})
				}
				for _, s := range notes { // "… and 2 more", "3 more entries alike": not entries
					vals = append(vals, span{s, stCell})
				}
			} else {
				vals = append(vals, span{l.quote(l.conflictValue(c, v.Value)), st})
			}
			vals = append(vals, span{v.Author + ", " + l.stamp(v.At), stSmall})
		}
		t.row(rowFlagged, rec, cellText{{l.field(domain.Kind(c.Kind), c.Field), stCell}}, vals)
	}
	t.end()
}

// conflictValue words a competing value as the forms do: a closed list's value by its label
// ("Au point mort", not "stalled"), a date as the brief writes dates, and the facts' words for
// no value and for a deletion in the reader's language; other values as written.
func (l Lang) conflictValue(c Conflict, v string) string {
	switch {
	case c.Field == "deleted":
		return capitalise(l.t(v))
	case v == "(empty)":
		return l.t(v)
	}
	if f, ok := domain.FieldOf(domain.Kind(c.Kind), c.Field); ok {
		switch f.Type {
		case domain.TypeEnum:
			return l.label(c.Kind+"_"+c.Field, f.Options, v)
		case domain.TypeDate:
			return l.shortDate(v)
		}
	}
	return v
}

// conflictEntries words the entries of a list value in Open conflicts as the record's own
// section words them (funding lines, indicators, sessions; points and contacts as written),
// those that differ from the other value(s) after their mark ("Changed: amount — EUR …"),
// then the notes: "… and 2 more", "3 more entries alike" (folded), or that only the order
// differs. None for any other value.
func (l Lang) conflictEntries(v ConflictValue) (entries, notes []string) {
	// unshown: the parts of an entry its line does not print (a source, a note), given when a
	// mark names them changed, or "Changed: source" would point at nothing on the page.
	var unshown []map[string]string
	for _, fu := range v.Funding {
		entries = append(entries, l.funding(fu))
		unshown = append(unshown, map[string]string{"source": fu.Source})
	}
	for _, in := range v.Indicators {
		entries = append(entries, l.indicatorLine(in))
		unshown = append(unshown, map[string]string{"source": in.Source, "note": in.Note})
	}
	for i, m := range v.Marks {
		if i >= len(entries) {
			break
		}
		entries[i] = l.entryMark(m) + " — " + entries[i]
		for _, p := range m.Parts {
			if text, ok := unshown[i][p]; ok {
				if domain.IsBlank(text) {
					text = l.t("(empty)")
				}
				entries[i] += " · " + l.f("%s: %s", capitalise(l.entryPart(p)), clip(text, conflictValueRunes))
			}
		}
	}
	for _, s := range v.Sessions {
		if tl := l.sessionTime(s.Start, s.End); tl != "" {
			entries = append(entries, s.Title+" ("+tl+")")
		} else {
			entries = append(entries, s.Title)
		}
	}
	entries = append(entries, v.Entries...)
	if v.More > 0 && len(entries) > 0 {
		ctx := "" // French: « … et 1 autre », « … et 3 autres »
		if l.singular(v.More) {
			ctx = "one"
		}
		notes = append(notes, l.fIn(ctx, "… and %s more", l.count(v.More)))
	}
	if v.Alike > 0 {
		notes = append(notes, l.plural(v.Alike, "more entry alike", "more entries alike"))
	}
	if v.Reordered {
		notes = append(notes, l.t("The same entries as the other value, in another order."))
	}
	return entries, notes
}

// entryMark words what an entry is against the other value(s), as the Conflicts screen does.
func (l Lang) entryMark(m ConflictMark) string {
	switch m.Mark {
	case domain.EntryAdded:
		return l.t("Added")
	case domain.EntryRemoved:
		return l.t("Removed")
	}
	parts := make([]string, len(m.Parts))
	for i, p := range m.Parts {
		parts[i] = l.entryPart(p)
	}
	return l.f("Changed: %s", strings.Join(parts, ", "))
}

// entryPart words a part of a funding line or an indicator that differs (the screens' column
// names, in lower case); a code it does not know is written as it is.
func (l Lang) entryPart(p string) string {
	switch p {
	case "amount":
		return l.fIn("part", "amount")
	case "state":
		return l.fIn("part", "state")
	case "instrument":
		return l.fIn("part", "instrument")
	case "as_of":
		return l.fIn("part", "as of")
	case "source":
		return l.fIn("part", "source")
	case "name":
		return l.fIn("part", "indicator")
	case "unit":
		return l.fIn("part", "unit")
	case "baseline":
		return l.fIn("part", "baseline")
	case "target":
		return l.fIn("part", "target")
	case "since":
		return l.fIn("part", "counted since")
	case "values":
		return l.fIn("part", "values over time")
	case "note":
		return l.fIn("part", "note")
	}
	return p
}

// generated says when the facts were assembled and by whom: "13 Nov 2020 14:05 UTC by
// A. Benali", "13 nov. 2020 14:05 UTC par A. Benali". The Brief screen writes the same line
// (brief.generated_line); in UTC, as "Data as of", so that screen and paper agree wherever
// they are read.
func (l Lang) generated(h Header) string {
	if h.GeneratedBy == "" {
		return l.stamp(h.GeneratedAt)
	}
	return l.f("%s by %s", l.stamp(h.GeneratedAt), h.GeneratedBy)
}

var kindLabels = []domain.Option{
	{Value: "party", Label: "Party"}, {Value: "framework", Label: "Framework"}, {Value: "partnership", Label: "Partnership"},
	{Value: "commitment", Label: "Commitment"}, {Value: "meeting", Label: "Meeting"}, {Value: "intervention", Label: "Intervention"},
}

func (d *doc) provenance(f *Facts) {
	p, l := f.Provenance, d.l
	var authors []string
	for _, a := range p.Authors {
		authors = append(authors, a.Name+" ("+a.ID+"), "+l.plural(a.Records, "record", "records"))
	}
	if len(authors) == 0 {
		authors = []string{l.t("none")}
	}
	rows := [][2]string{
		{l.t("Data as of"), l.dataAsOf(p)},
		{l.t("State hash"), p.StateHashShort + "… " + l.t("(first 16 of 64 hex digits, as printed by dossier state-hash)")},
		{l.t("Records drawn on"), l.count(p.Records)},
		{l.t("Operations held"), l.count(int(p.Operations))},
		{l.t("Contributing authors"), strings.Join(authors, "\n")},
		{l.t("Generated"), l.generated(f.Header)},
	}
	t := d.newTable("Provenance", column{"", 0.25, "L"}, column{"", 0.75, "L"})
	whole := 0.0
	for _, r := range rows {
		cells := []cellText{{{r[0], style{bold: true, size: 8, color: colMuted}}}, {{r[1], stCell}}}
		t.row(rowPlain, cells...)
		whole += t.height(t.layout(cells))
	}
	// A few short rows that read as one block: they go down whole with their heading (a line
	// more, as drawRow wants a line and a half free before it starts a row).
	d.flushHeads(min(whole+stCell.lineH(), d.bottom()-marginTop-20))
	t.end()
}
