package brief

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/domain"
)

// No heading ends a page: whatever number of commitments pushes the "Towards Niger" heading
// down the page, the page that carries it also carries its table header and its first row
// (and the "Commitments" section heading carries the "By Niger" part with its first row).
// Read per page with pdftotext, in English and French.
func TestNoOrphanHeadings(t *testing.T) {
	f := newFixture(t)
	ner := f.party("Niger", "country", "NER", "")
	eu := f.party("European Union", "eu_institution", "", "EU")
	for _, tt := range []string{"A", "B", "C"} {
		// A tall first row (a long title) is what used to leave the heading behind.
		f.rec(domain.KindCommitment, map[string]any{"title": "Towards row " + tt + ": " + strings.Repeat("support to the reception and protection of migrants in transit ", 3),
			"status": "agreed", "due": "2030-01-01", "committed_by": []string{eu}, "towards": []string{ner}})
	}
	orphans := 0
	for k := 1; k <= 26; k++ {
		f.rec(domain.KindCommitment, map[string]any{"title": fmt.Sprintf("By row %02d", k), "status": "proposed", "due": "2029-01-01",
			"committed_by": []string{ner}, "towards": []string{eu}})
		b := mustAssemble(t, f.st, "NER")
		for _, l := range []Lang{English, French} {
			pdf := renderLang(t, b, l)
			if dir := os.Getenv("BRIEF_DUMP"); dir != "" && k == 20 {
				os.WriteFile(filepath.Join(dir, "orphan-"+string(l)+".pdf"), pdf, 0o644)
			}
			pages := strings.Split(strings.TrimRight(pdftotext(t, pdf, "-layout"), "\f"), "\f")
			name := l.countryArt(b.Header)
			checks := []struct{ heading, first string }{
				{l.f("Towards %s", name) + " (3)", "Towards row A"},
				{l.f("By %s", name) + " (" + l.count(k) + ")", "By row 01"},
				{itoa(sectionNumber("Commitments")) + " " + l.t("Commitments"), "By row 01"},
			}
			for _, c := range checks {
				found := false
				for i, p := range pages {
					flatP := strings.ReplaceAll(norm1(p), "\u00a0", " ")
					at := strings.Index(flatP, c.heading)
					if at < 0 {
						continue
					}
					found = true
					rest := flatP[at:]
					if !strings.Contains(rest, l.t("Commitment")) || !strings.Contains(rest, c.first) {
						orphans++
						t.Errorf("%s, %d by-commitments: page %d ends with %q without its first row %q:\n%s", l, k, i+1, c.heading, c.first, rest)
					}
				}
				if !found {
					t.Errorf("%s, %d by-commitments: no page has %q", l, k, c.heading)
				}
			}
		}
	}
}

// sectionNumber is a section's number in the brief.
func sectionNumber(title string) int {
	for i, s := range Sections {
		if s == title {
			return i + 1
		}
	}
	return 0
}

func renderLang(t *testing.T, f *Facts, l Lang) []byte {
	t.Helper()
	var b strings.Builder
	if err := RenderPDF(&b, f, l); err != nil {
		t.Fatal(err)
	}
	return []byte(b.String())
}

// An amount and its currency are never split over two lines, at any column width the amount
// fits in (a narrower one breaks every word between characters). The code comes first in
// English ("EUR 40,000,000"), after the amount in French ("40 000 000 EUR").
func TestAmountNeverSplits(t *testing.T) {
	d := newDoc("t", "a", "m", English)
	d.addPage()
	for _, l := range []Lang{English, French} {
		amount := l.money("EUR", 40000000)
		text := "Funding: " + amount + " committed, " + l.quantity(2500000, "EUR") + " pledged"
		d.setStyle(stCell)
		from := math.Ceil(d.p.GetStringWidth(amount)*2) / 2
		for w := from; w <= 120; w += 0.5 {
			for _, ln := range d.wrap(text, stCell, w) {
				first, last := ln.text[:1], ln.text[len(ln.text)-1:]
				split := strings.HasSuffix(ln.text, "EUR") || strings.Contains("0123456789", first)
				if l == French {
					split = strings.HasPrefix(ln.text, "EUR") || strings.Contains("0123456789", last)
				}
				if split {
					t.Fatalf("%s, width %.1f: %q splits an amount from its currency", l, w, ln.text)
				}
			}
		}
	}
}

// French quotation marks hold to what they quote: no line starts with "»" or ends with "«",
// at any column width (the walk of 4 December 2026 found "« Au point mort / », en même
// temps…" in the French brief's "Since the last meeting").
func TestFrenchQuotesNeverSplit(t *testing.T) {
	d := newDoc("t", "a", "m", French)
	d.addPage()
	text := French.f("Status: set to %s, at the same time as another change", French.quote("Au point mort"))
	d.setStyle(stCell)
	from := math.Ceil(d.p.GetStringWidth(French.quote("Au point mort"))*2) / 2
	for w := from; w <= 120; w += 0.5 {
		for _, ln := range d.wrap(text, stCell, w) {
			if s := strings.TrimSpace(ln.text); strings.HasPrefix(s, "»") || strings.HasSuffix(s, "«") {
				t.Fatalf("width %.1f: %q splits a quotation mark from what it quotes", w, ln.text)
			}
		}
	}
}

// A lead (the sentence under a heading that says what the table holds, an annex entry's
// title) goes down with what follows it: wherever the heading falls on the page, the page
// that carries the heading and its lead also carries the table's first row, and an annex
// entry's title the first lines of its text. (The French "Since the last meeting" heading
// once ended page 1 with only its sentence under it.)
func TestLeadKeepsWithWhatFollows(t *testing.T) {
	for y := 180.0; y <= pageH-marginBottom; y += 1.5 {
		d := newDoc("t", "a", "m", English)
		d.addPage()
		d.p.SetY(y)
		d.section(2, "Since the last meeting", 0)
		d.lead("Changes to the records of this brief since 1 December 2026, latest first.", stBody, 1.5)
		tb := d.newTable("Since the last meeting", column{"Date", 0.2, "L"}, column{"Record", 0.8, "L"})
		tb.begin()
		tb.row(rowPlain, cellText{{"2 Dec 2026", stCell}}, cellText{{"FIRSTROW", stCell}, {"Commitment", stSmall}})
		tb.row(rowPlain, cellText{{"2 Dec 2026", stCell}}, cellText{{"SECONDROW", stCell}})
		tb.end()
		d.lead("Annex title of a commitment", stBodyB, 0)
		d.para("FIRSTLINE "+strings.Repeat("of a long commitment text that wraps over several lines ", 12), stBody, 0)
		d.finish()
		var b strings.Builder
		if err := d.p.Output(&b); err != nil {
			t.Fatal(err)
		}
		pages := strings.Split(pdftotext(t, []byte(b.String()), "-layout"), "\f")
		for _, c := range []struct{ head, with string }{
			{"Since the last meeting", "FIRSTROW"}, {"latest first.", "FIRSTROW"}, {"Annex title", "FIRSTLINE"},
		} {
			for i, p := range pages {
				if strings.Contains(p, c.head) && !strings.Contains(p, "(continued)") && !strings.Contains(p, c.with) {
					t.Errorf("started at y=%.1f mm: page %d carries %q without %q:\n%s", y, i+1, c.head, c.with, p)
				}
			}
		}
	}
}

// Provenance's few short rows read as one block: wherever its heading falls, the page that
// carries it carries all of them.
func TestProvenanceGoesDownWhole(t *testing.T) {
	f := &Facts{Header: Header{GeneratedBy: "Desk officer", GeneratedAt: asOf},
		Provenance: Provenance{StateHashShort: "16e03bd915356bbf", Records: 8, Operations: 167, Authors: []Author{{ID: "3CFD33E99230B5A8", Name: "Desk officer", Records: 8}}}}
	for y := 190.0; y <= pageH-marginBottom; y += 2 {
		d := newDoc("t", "a", "m", English)
		d.addPage()
		d.p.SetY(y)
		d.section(11, "Provenance", 0)
		d.provenance(f)
		d.finish()
		var b strings.Builder
		if err := d.p.Output(&b); err != nil {
			t.Fatal(err)
		}
		for i, p := range strings.Split(pdftotext(t, []byte(b.String()), "-layout"), "\f") {
			if strings.Contains(p, "Provenance") && !strings.Contains(p, "Generated") {
				t.Errorf("started at y=%.1f mm: page %d carries the Provenance heading without its last row:\n%s", y, i+1, p)
			}
		}
	}
}

// A column title longer than its column wraps inside it: in French the funding table's
// "Partie d’engagements multi-pays" ran over "Pour le pays".
func TestHeaderTitlesStayInTheirColumns(t *testing.T) {
	for _, l := range []Lang{English, French} {
		d := newDoc("t", "a", "m", l)
		d.addPage()
		tb := d.newTable("", column{l.t("Currency"), 0.16, "L"}, column{l.t("For the country"), 0.20, "R"},
			column{l.t("Part of multi-country commitments"), 0.14, "R"}, column{l.t("Commitments"), 0.50, "R"})
		lines := tb.headerLines()
		for i, ls := range lines {
			_, w := tb.colX(i)
			for _, ln := range ls {
				d.setStyle(ln.st)
				if got := d.p.GetStringWidth(ln.text); got > w-2*tb.padX+0.01 {
					t.Errorf("%s: %q is %.1f mm wide in a column of %.1f mm", l, ln.text, got, w-2*tb.padX)
				}
			}
		}
		if len(lines[2]) < 2 || tb.headerHeight() < 2*stHead.lineH() {
			t.Errorf("%s: the long title did not wrap: %v (header %.1f mm)", l, lines[2], tb.headerHeight())
		}
	}
}

// An intervention's talking points read as one block: wherever the block starts on the page,
// an intervention that fits on one page is drawn whole on one page (on the next when the
// space left is too short), and one longer than a page keeps its title with its whole first
// point. Checked per page with pdftotext, in the block's two cases and in an annex entry,
// which is the same shape (a title and its text). The points of an intervention once began
// at a page's foot, the heading and first point there and the rest on the next page.
func TestInterventionKeepsTogether(t *testing.T) {
	point := func(tag string, n int) Point {
		return Point{N: n, Text: tag + "START " + strings.Repeat("the delegation recalls the partnership's commitments on returns and reintegration ", 3) + tag + "END"}
	}
	short := TalkingPoints{Meeting: MeetingRef{Title: "SHORTMEETING", Days: Days{StartDay: "2020-11-12"}}, Speaker: "Delegate", Why: "mentions"}
	for n := 1; n <= 6; n++ {
		short.Points = append(short.Points, point(fmt.Sprintf("S%d", n), n))
	}
	long := TalkingPoints{Meeting: MeetingRef{Title: "LONGMEETING", Days: Days{StartDay: "2020-11-13"}}, Speaker: "Delegate", Why: "mentions"}
	long.Points = append(long.Points, Point{N: 1, Text: "L1START " + strings.Repeat("a first point long enough to take several lines of the page ", 6) + "L1END"})
	for n := 2; n <= 40; n++ {
		long.Points = append(long.Points, point(fmt.Sprintf("L%d", n), n))
	}
	f := &Facts{Header: Header{Country: "Morocco", ISO3: "MAR"}, TalkingPoints: []TalkingPoints{short, long}}
	annex := []annexText{{"ANNEXTITLE", "AXSTART " + strings.Repeat("the full text of a commitment, with its caveats and conditions, ", 14) + "AXEND"}}
	// pagesOf draws part from y down and reads back each page's text.
	pagesOf := func(y float64, part func(d *doc)) []string {
		d := newDoc("t", "a", "m", English)
		d.addPage()
		d.p.SetY(y)
		part(d)
		d.finish()
		var b strings.Builder
		if err := d.p.Output(&b); err != nil {
			t.Fatal(err)
		}
		return strings.Split(pdftotext(t, []byte(b.String()), "-layout"), "\f")
	}
	for y := 150.0; y <= pageH-marginBottom; y += 3 {
		together := func(pages []string, what string, marks ...string) {
			onPage := func(s string) int {
				for i, p := range pages {
					if strings.Contains(p, s) {
						return i + 1
					}
				}
				t.Fatalf("started at y=%.1f mm: no page has %q", y, s)
				return 0
			}
			first := onPage(marks[0])
			for _, m := range marks[1:] {
				if p := onPage(m); p != first {
					t.Errorf("started at y=%.1f mm: %s: %q is on page %d, %q on page %d", y, what, marks[0], first, m, p)
				}
			}
		}
		pages := pagesOf(y, func(d *doc) {
			d.section(8, "Talking points", 0)
			d.talkingPoints(f)
		})
		shortMarks := []string{"SHORTMEETING"}
		for n := 1; n <= 6; n++ {
			shortMarks = append(shortMarks, fmt.Sprintf("S%dSTART", n), fmt.Sprintf("S%dEND", n))
		}
		together(pages, "the short intervention", shortMarks...)
		together(pages, "the long intervention's title and first point", "LONGMEETING", "L1START", "L1END")
		together(pages, "the section heading and its first intervention", "Talking points", "SHORTMEETING")
		pages = pagesOf(y, func(d *doc) {
			d.section(12, "Annex: full texts", 0)
			d.annex(annex)
		})
		together(pages, "the annex entry", "ANNEXTITLE", "AXSTART", "AXEND")
	}
}
