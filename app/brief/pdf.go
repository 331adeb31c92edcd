package brief

import (
	_ "embed"
	"strings"
	"unicode"
	"unicode/utf8"

	"codeberg.org/go-pdf/fpdf"
)

// The embedded fonts: DejaVu Sans from Debian's fonts-dejavu-core (licence in fonts/LICENSE).
// They cover Latin, Greek and Cyrillic, so Côte d'Ivoire, Türkiye, Россия and Ελλάδα print.
var (
	//go:embed fonts/DejaVuSans.ttf
	fontRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	fontBold []byte
)

const family = "dejavu"

// Page geometry in millimetres (A4 portrait).
const (
	pageW        = 210.0
	pageH        = 297.0
	marginL      = 18.0
	marginR      = 18.0
	marginTop    = 24.0 // content starts below the running header
	marginBottom = 20.0 // content stops above the running footer
	contentW     = pageW - marginL - marginR
	ptMM         = 25.4 / 72
)

// The palette: muted ink, one navy for structure, one burgundy for markings and warnings.
type rgb struct{ r, g, b int }

var (
	colInk      = rgb{33, 37, 41}
	colMuted    = rgb{96, 104, 114}
	colNavy     = rgb{28, 54, 89}
	colRule     = rgb{190, 198, 208}
	colHeadFill = rgb{231, 236, 243}
	colZebra    = rgb{246, 247, 249}
	colMarking  = rgb{122, 31, 31}
	colFlag     = rgb{150, 52, 18}
	colFlagFill = rgb{252, 238, 228}
	colWhite    = rgb{255, 255, 255}
)

// style is how a run of text is set.
type style struct {
	bold  bool
	size  float64 // points
	color rgb
}

func (s style) lineH() float64 { return s.size * ptMM * 1.32 }

var (
	stBody    = style{size: 8.5, color: colInk}
	stBodyB   = style{bold: true, size: 8.5, color: colInk}
	stCell    = style{size: 8, color: colInk}
	stCellB   = style{bold: true, size: 8, color: colInk}
	stSmall   = style{size: 7, color: colMuted}
	stText    = style{size: 7.5, color: colInk} // a commitment's or partnership's own words
	stHead    = style{bold: true, size: 7.5, color: colNavy}
	stFlag    = style{bold: true, size: 7.5, color: colFlag}
	stOverdue = style{bold: true, size: 8, color: colMarking}
)

// pdf is fpdf with every text that reaches it made printable. fpdf's Unicode fonts reach only
// the Basic Multilingual Plane (widths are a table of 65,536), and one character past it (an
// emoji, a flag, 𝔘) panicked the whole brief: one emoji in one title, typed here or in anyone's
// bundle, and the country's brief and every pack with it could no longer be printed. The
// methods that take text are wrapped here, so that no call can forget.
type pdf struct{ *fpdf.Fpdf }

// printable writes a character the fonts cannot reach as U+FFFD, which they print: the reader
// sees that something is missing, where dropping it would change the text unseen.
func printable(s string) string {
	for _, r := range s {
		if r > 0xFFFF {
			return strings.Map(func(r rune) rune {
				if r > 0xFFFF {
					return utf8.RuneError
				}
				return r
			}, s)
		}
	}
	return s
}

func (p pdf) CellFormat(w, h float64, txt, border string, ln int, align string, fill bool, link int, linkStr string) {
	p.Fpdf.CellFormat(w, h, printable(txt), border, ln, align, fill, link, linkStr)
}
func (p pdf) GetStringWidth(s string) float64           { return p.Fpdf.GetStringWidth(printable(s)) }
func (p pdf) Bookmark(txt string, level int, y float64) { p.Fpdf.Bookmark(printable(txt), level, y) }
func (p pdf) SetTitle(s string, isUTF8 bool)            { p.Fpdf.SetTitle(printable(s), isUTF8) }
func (p pdf) SetAuthor(s string, isUTF8 bool)           { p.Fpdf.SetAuthor(printable(s), isUTF8) }
func (p pdf) SetSubject(s string, isUTF8 bool)          { p.Fpdf.SetSubject(printable(s), isUTF8) }

// doc wraps fpdf with the brief's page furniture and layout helpers.
type doc struct {
	p pdf

	// Running header context of the page being started; recorded per page for the footers,
	// which are drawn once the page count is known.
	runLeft, runRight, marking string
	footLeft                   string
	pages                      []pageInfo // index 0 is page 1

	l          Lang // the language the document is written in
	curStyle   style
	briefStart int // first page of the brief being drawn
	// table header to repeat after a page break inside a table
	repeat func()
	// headings not drawn yet: they go down with what follows them (see flushHeads)
	heads []heading
}

// heading is a section or subsection title waiting for the content it introduces.
type heading struct {
	h    float64
	draw func()
}

// flushHeads draws the waiting headings where need millimetres of what follows them fit under
// them too, starting a new page first if not: a heading never sits alone at a page's foot.
func (d *doc) flushHeads(need float64) {
	hs := d.heads
	d.heads = nil
	total := need
	for _, h := range hs {
		total += h.h
	}
	d.room(total)
	for _, h := range hs {
		h.draw()
	}
}

// keep draws the waiting headings with a block of whole millimetres that follows them: all of
// it on one page when headings and block fit on a page (starting a new page if the space left
// is too short), else with the block's first part (first: an intervention's first point), or,
// when even that is taller than a page, with least (its first lines). Heights are measured
// with the same wrapping the block is drawn with (wrap), so the block is never split where it
// need not be.
func (d *doc) keep(whole, first, least float64) {
	heads := 0.0
	for _, h := range d.heads {
		heads += h.h
	}
	page := d.bottom() - marginTop
	switch {
	case heads+whole <= page:
		d.flushHeads(whole)
	case heads+first <= page:
		d.flushHeads(first)
	default:
		d.flushHeads(least)
	}
}

type pageInfo struct{ marking, footLeft string }

func newDoc(title, author, marking string, l Lang) *doc {
	p := pdf{fpdf.New("P", "mm", "A4", "")}
	p.SetMargins(marginL, marginTop, marginR)
	p.SetAutoPageBreak(true, marginBottom)
	p.SetCellMargin(0)
	p.AddUTF8FontFromBytes(family, "", fontRegular)
	p.AddUTF8FontFromBytes(family, "B", fontBold)
	p.SetTitle(title, true)
	p.SetAuthor(author, true)
	p.SetCreator("Dossier", true)
	p.SetProducer("Dossier (fpdf)", true)
	p.SetLang(string(l))
	p.SetCatalogSort(true)
	d := &doc{p: p, marking: l.marking(marking), l: l}
	p.SetHeaderFuncMode(d.header, true)
	return d
}

func (d *doc) setStyle(s style) {
	st := ""
	if s.bold {
		st = "B"
	}
	// fpdf writes the font into the page at every SetFont: set it only when it changes (a
	// sixth of a long brief's time). fpdf's own state is asked, not d.curStyle, because
	// AddPage and SetPage change it behind our back.
	if pt, _ := d.p.GetFontSize(); pt != s.size || d.p.GetFontStyle() != st || d.p.GetFontFamily() != family {
		d.p.SetFont(family, st, s.size)
	}
	if r, g, b := d.p.GetTextColor(); r != s.color.r || g != s.color.g || b != s.color.b {
		d.p.SetTextColor(s.color.r, s.color.g, s.color.b)
	}
	d.curStyle = s
}

func (d *doc) fill(c rgb) { d.p.SetFillColor(c.r, c.g, c.b) }
func (d *doc) draw(c rgb) { d.p.SetDrawColor(c.r, c.g, c.b) }

func (d *doc) addPage() {
	d.p.AddPage()
}

// header draws the running header: the marking, then what the page belongs to and its date.
func (d *doc) header() {
	d.pages = append(d.pages, pageInfo{marking: d.marking, footLeft: d.footLeft})
	d.fill(colWhite)
	d.setStyle(style{bold: true, size: 7.5, color: colMarking})
	d.p.SetXY(marginL, 7)
	d.p.CellFormat(contentW, 4, strings.ToUpper(d.marking), "", 0, "C", false, 0, "")
	d.setStyle(stSmall)
	d.p.SetXY(marginL, 13)
	d.p.CellFormat(contentW*0.7, 4, d.fit(d.runLeft, stSmall, contentW*0.68), "", 0, "L", false, 0, "")
	d.p.SetXY(marginL+contentW*0.7, 13)
	d.p.CellFormat(contentW*0.3, 4, d.runRight, "", 0, "R", false, 0, "")
	d.draw(colRule)
	d.p.SetLineWidth(0.2)
	d.p.Line(marginL, 18, pageW-marginR, 18)
	d.p.SetXY(marginL, marginTop)
}

// finish draws every page's footer (marking, provenance, "Page n of N") now that the page
// count is known. Fonts and colours are set explicitly because the page's own state is
// whatever it ended with.
func (d *doc) finish() {
	d.flushHeads(0)
	n := d.p.PageCount()
	auto, bm := d.p.GetAutoPageBreak()
	d.p.SetAutoPageBreak(false, bm)
	for i := 1; i <= n; i++ {
		info := pageInfo{marking: d.marking}
		if i-1 < len(d.pages) {
			info = d.pages[i-1]
		}
		d.p.SetPage(i)
		d.p.SetFont(family, "B", 1) // force the font to be set on this page
		d.fill(colWhite)
		d.draw(colRule)
		d.p.SetLineWidth(0.2)
		y := pageH - 15
		d.p.Line(marginL, y, pageW-marginR, y)
		d.setStyle(stSmall)
		d.p.SetXY(marginL, y+1.5)
		d.p.CellFormat(contentW*0.4, 4, info.footLeft, "", 0, "L", false, 0, "")
		d.p.SetXY(marginL+contentW*0.6, y+1.5)
		d.p.CellFormat(contentW*0.4, 4, d.l.f("Page %d of %d", i, n), "", 0, "R", false, 0, "")
		d.setStyle(style{bold: true, size: 7.5, color: colMarking})
		d.p.SetXY(marginL+contentW*0.3, y+6)
		d.p.CellFormat(contentW*0.4, 4, strings.ToUpper(info.marking), "", 0, "C", false, 0, "")
	}
	d.p.SetPage(n)
	d.p.SetAutoPageBreak(auto, bm)
}

func itoa(n int) string { return English.count(n) }

// bottom is the lowest y content may reach.
func (d *doc) bottom() float64 { return pageH - marginBottom }

// room makes sure h millimetres fit below the current position, starting a new page if not.
// It reports whether a page was started.
func (d *doc) room(h float64) bool {
	if d.p.GetY()+h > d.bottom() {
		d.addPage()
		if d.repeat != nil {
			d.repeat()
		}
		return true
	}
	return false
}

// line is one wrapped line with its style.
type line struct {
	text string
	st   style
}

// wrap breaks text into lines no wider than w in style s. Explicit newlines are kept; a word
// wider than the line is broken between characters. Every character of the input appears in
// the output (spaces at a break are the only thing dropped).
func (d *doc) wrap(text string, s style, w float64) []line {
	d.setStyle(s)
	var out []line
	space := d.p.GetStringWidth(" ")
	for _, hard := range strings.Split(strings.ReplaceAll(text, "\r", ""), "\n") {
		// A no-break space (French digit groups) holds its neighbours together.
		words := strings.FieldsFunc(hard, func(r rune) bool { return unicode.IsSpace(r) && r != '\u00a0' })
		if len(words) == 0 {
			out = append(out, line{"", s})
			continue
		}
		var cur strings.Builder
		curW := 0.0
		flush := func() {
			out = append(out, line{cur.String(), s})
			cur.Reset()
			curW = 0
		}
		for _, word := range words {
			ww := d.p.GetStringWidth(word)
			if cur.Len() > 0 && curW+space+ww <= w {
				cur.WriteByte(' ')
				cur.WriteString(word)
				curW += space + ww
				continue
			}
			if cur.Len() > 0 {
				flush()
			}
			for ww > w { // break an over-long word
				cut, cw := 0, 0.0
				for i, r := range word {
					rw := d.p.GetStringWidth(string(r))
					if cw+rw > w && i > 0 {
						break
					}
					cw += rw
					cut = i + utf8.RuneLen(r)
				}
				out = append(out, line{word[:cut], s})
				word = word[cut:]
				ww = d.p.GetStringWidth(word)
			}
			cur.WriteString(word)
			curW = ww
		}
		if cur.Len() > 0 {
			flush()
		}
	}
	return out
}

// fit shortens text with an ellipsis to fit width w in style s; only page furniture (running
// headers, continuation labels) is fitted, content is always wrapped whole.
func (d *doc) fit(text string, s style, w float64) string {
	d.setStyle(s)
	if d.p.GetStringWidth(text) <= w {
		return text
	}
	r := []rune(text)
	for len(r) > 0 && d.p.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// text writes one line at (x, y) in style s.
func (d *doc) text(x, y, w float64, l line, align string) {
	d.setStyle(l.st)
	d.p.SetXY(x, y)
	d.p.CellFormat(w, l.st.lineH(), l.text, "", 0, align, false, 0, "")
}

// para writes wrapped text from the current position across pages, indented by indent.
func (d *doc) para(text string, s style, indent float64) {
	lines := d.wrap(text, s, contentW-indent)
	d.flushHeads(float64(min(2, len(lines))) * s.lineH())
	d.lines(lines, s, indent)
}

// block writes wrapped text as para does, but whole on one page with the headings waiting
// above it when they fit on a page together (keep): an annex entry's title and text.
func (d *doc) block(text string, s style, indent float64) {
	lines := d.wrap(text, s, contentW-indent)
	all := float64(len(lines)) * s.lineH()
	d.keep(all, all, float64(min(2, len(lines)))*s.lineH())
	d.lines(lines, s, indent)
}

// lines draws wrapped lines from the current position, a line at a time across pages.
func (d *doc) lines(lines []line, s style, indent float64) {
	for _, l := range lines {
		d.room(s.lineH())
		y := d.p.GetY()
		d.text(marginL+indent, y, contentW-indent, l, "L")
		d.p.SetXY(marginL, y+s.lineH())
	}
}

// lead is a short paragraph that introduces what follows it (what a table holds, an annex
// entry's title): like a heading it waits, with the space under it, and goes down with the
// first rows or lines of what follows, so it never ends a page without them.
func (d *doc) lead(text string, s style, gap float64) {
	lines := d.wrap(text, s, contentW)
	d.heads = append(d.heads, heading{float64(len(lines))*s.lineH() + gap, func() {
		for _, l := range lines {
			y := d.p.GetY()
			d.text(marginL, y, contentW, l, "L")
			d.p.SetXY(marginL, y+s.lineH())
		}
		d.gap(gap)
	}})
}

func (d *doc) gap(h float64) {
	if d.p.GetY()+h <= d.bottom() {
		d.p.SetY(d.p.GetY() + h)
	}
}

// ---- Tables ----

type column struct {
	title string
	width float64 // fraction of the content width
	align string  // L, R or C
}

// cellText is a cell's content: paragraphs, each in its own style.
type cellText []span

type span struct {
	text string
	st   style
}

// rowStyle marks rows that need attention.
type rowStyle int

const (
	rowPlain rowStyle = iota
	rowFlagged
)

type table struct {
	d       *doc
	cols    []column
	caption string // repeated above the header on continuation pages
	padX    float64
	padY    float64
	n       int
	header  bool       // begin was called: the table has a header row
	rows    []tableRow // drawn by end, once the first rows' height is known
}

type tableRow struct {
	rs    rowStyle
	cells []cellText
}

func (d *doc) newTable(caption string, cols ...column) *table {
	return &table{d: d, cols: cols, caption: caption, padX: 1.6, padY: 1.3}
}

func (t *table) colX(i int) (float64, float64) {
	x := marginL
	for j := 0; j < i; j++ {
		x += t.cols[j].width * contentW
	}
	return x, t.cols[i].width * contentW
}

// headerLines are the column titles wrapped to their columns: a title longer than its
// column (French runs longer) goes on two lines rather than over its neighbour.
func (t *table) headerLines() [][]line {
	out := make([][]line, len(t.cols))
	for i, c := range t.cols {
		_, w := t.colX(i)
		out[i] = t.d.wrap(c.title, stHead, w-2*t.padX)
	}
	return out
}

func (t *table) headerHeight() float64 {
	n := 1
	for _, ls := range t.headerLines() {
		n = max(n, len(ls))
	}
	return float64(n)*stHead.lineH() + 2*t.padY
}

// begin gives the table a header row.
func (t *table) begin() { t.header = true }

// row adds a row; end draws them.
func (t *table) row(rs rowStyle, cells ...cellText) {
	t.rows = append(t.rows, tableRow{rs, cells})
}

// end draws the waiting headings, the header and the rows, keeping the headings and the header
// together with the first row (its first lines if it is taller than a page) and with the
// second too when both fit on one page.
func (t *table) end() {
	d := t.d
	need := 0.0
	if t.header {
		need = t.headerHeight()
	}
	limit := d.bottom() - marginTop - need
	for _, h := range d.heads {
		limit -= h.h
	}
	fresh := d.bottom() - marginTop - t.headerHeight() - stSmall.lineH() - 1
	rows := 0.0
	for i, r := range t.rows[:min(2, len(t.rows))] {
		h := t.height(t.layout(r.cells))
		if h > fresh {
			h = 2*stCell.lineH() + 2*t.padY // a row taller than a page starts wherever two lines fit
		}
		if i > 0 && rows+h > limit {
			break
		}
		rows += h
	}
	d.flushHeads(need + rows)
	if t.header {
		t.drawHeader(false)
		d.repeat = func() { t.drawHeader(true) }
	}
	for _, r := range t.rows {
		t.drawRow(r.rs, r.cells...)
	}
	d.repeat = nil
	d.gap(3)
}

// layout wraps each cell's text to its column.
func (t *table) layout(cells []cellText) [][]line {
	lines := make([][]line, len(cells))
	for i, c := range cells {
		_, w := t.colX(i)
		for _, sp := range c {
			lines[i] = append(lines[i], t.d.wrap(sp.text, sp.st, w-2*t.padX)...)
		}
	}
	return lines
}

// height is a row's height drawn whole.
func (t *table) height(lines [][]line) float64 {
	full := 0.0
	for _, ls := range lines {
		h := 0.0
		for _, l := range ls {
			h += l.st.lineH()
		}
		full = max(full, h)
	}
	return full + 2*t.padY
}

func (t *table) drawHeader(continued bool) {
	d := t.d
	if continued && t.caption != "" {
		y := d.p.GetY()
		d.text(marginL, y, contentW, line{t.caption + " " + d.l.t("(continued)"), stSmall}, "L")
		d.p.SetY(y + stSmall.lineH() + 0.8)
	}
	y := d.p.GetY()
	h := t.headerHeight()
	d.fill(colHeadFill)
	d.p.Rect(marginL, y, contentW, h, "F")
	for i, ls := range t.headerLines() {
		x, w := t.colX(i)
		for j, l := range ls {
			d.text(x+t.padX, y+t.padY+float64(j)*stHead.lineH(), w-2*t.padX, l, t.cols[i].align)
		}
	}
	d.draw(colNavy)
	d.p.SetLineWidth(0.3)
	d.p.Line(marginL, y+h, pageW-marginR, y+h)
	d.p.SetXY(marginL, y+h)
}

// drawRow draws one row; a row taller than the space left continues on the next page under a
// repeated header, line by line, so nothing is cut.
func (t *table) drawRow(rs rowStyle, cells ...cellText) {
	d := t.d
	lines := t.layout(cells)
	full := t.height(lines)
	// Move the whole row to the next page when it fits there but not here.
	fresh := d.bottom() - marginTop - t.headerHeight() - stSmall.lineH() - 1
	if d.p.GetY()+full > d.bottom() && full <= fresh {
		d.room(full)
	}
	next := make([]int, len(cells))
	cont := false // this chunk continues a row begun on an earlier page
	for {
		y := d.p.GetY()
		avail := d.bottom() - y - 2*t.padY
		contH := 0.0
		if cont {
			contH = stSmall.lineH()
			avail -= contH
		}
		if avail < stCell.lineH()*1.5 {
			d.room(d.bottom()) // force a page
			continue
		}
		take := make([]int, len(cells))
		chunk := 0.0
		done := true
		for i, ls := range lines {
			h := 0.0
			j := next[i]
			for ; j < len(ls) && h+ls[j].st.lineH() <= avail; j++ {
				h += ls[j].st.lineH()
			}
			take[i] = j
			chunk = max(chunk, h)
			if j < len(ls) {
				done = false
			}
		}
		rh := chunk + contH + 2*t.padY
		switch {
		case rs == rowFlagged:
			d.fill(colFlagFill)
			d.p.Rect(marginL, y, contentW, rh, "F")
			d.fill(colFlag)
			d.p.Rect(marginL, y, 0.9, rh, "F")
		case t.n%2 == 1:
			d.fill(colZebra)
			d.p.Rect(marginL, y, contentW, rh, "F")
		}
		d.fill(colWhite)
		if cont && len(lines) > 0 && len(lines[0]) > 0 {
			x, w := t.colX(0)
			d.text(x+t.padX, y+t.padY, w-2*t.padX, line{d.fit("(continued) "+lines[0][0].text, stSmall, w-2*t.padX), stSmall}, "L")
		}
		for i, ls := range lines {
			x, w := t.colX(i)
			ly := y + t.padY + contH
			for _, l := range ls[next[i]:take[i]] {
				d.text(x+t.padX, ly, w-2*t.padX, l, t.cols[i].align)
				ly += l.st.lineH()
			}
			next[i] = take[i]
		}
		d.draw(colRule)
		d.p.SetLineWidth(0.15)
		d.p.Line(marginL, y+rh, pageW-marginR, y+rh)
		d.p.SetXY(marginL, y+rh)
		if done {
			break
		}
		d.room(d.bottom()) // continue on a new page
		cont = true
	}
	t.n++
}

// ---- Headings ----

// section starts a numbered section; it is drawn with what follows it (flushHeads), so never
// alone at the bottom of a page.
func (d *doc) section(n int, title string, level int) {
	d.heads = append(d.heads, heading{2 + 9, func() { d.drawSection(n, title, level) }})
}

func (d *doc) drawSection(n int, title string, level int) {
	d.gap(2)
	y := d.p.GetY()
	d.p.Bookmark(title, level, y)
	d.text(marginL, y, 10, line{itoa(n), style{bold: true, size: 12, color: colMuted}}, "L")
	d.text(marginL+8, y, contentW-8, line{title, style{bold: true, size: 12, color: colNavy}}, "L")
	d.draw(colNavy)
	d.p.SetLineWidth(0.4)
	d.p.Line(marginL, y+6.6, pageW-marginR, y+6.6)
	d.p.SetXY(marginL, y+9)
}

// subsection starts a titled part of a section, drawn with what follows it like a section.
func (d *doc) subsection(title, note string) {
	st := style{bold: true, size: 9.5, color: colNavy}
	d.heads = append(d.heads, heading{st.lineH() + 1.2, func() { d.drawSubsection(title, note, st) }})
}

func (d *doc) drawSubsection(title, note string, st style) {
	y := d.p.GetY()
	d.text(marginL, y, contentW, line{title, st}, "L")
	if note != "" {
		d.setStyle(st)
		tw := d.p.GetStringWidth(title)
		d.text(marginL+tw+2.5, y+0.6, contentW-tw-2.5, line{note, stSmall}, "L")
	}
	d.p.SetXY(marginL, y+st.lineH()+1.2)
}

// none writes the muted "nothing here" line of an empty part.
func (d *doc) none(text string) {
	d.para(text, stSmall, 0)
	d.gap(2.5)
}
