package brief

import (
	"math"
	"sort"

	"dossier/app/domain"
	"dossier/app/geo"
)

// The picture at the top of "At a glance": a locator map beside the commitments by status,
// then the country's money by state per currency, all drawn as vectors (docs/brief.md).
const (
	mapW, mapH = 62.0, 40.0 // the locator's frame
	barRowH    = 4.1        // one bar and its label
	barH       = 2.6
	// minStep is the shortest step of a map's outline, in mm: finer detail is below what
	// 1:110m data holds at this size, and each step costs file size and time.
	minStep = 0.25
)

var stValue = style{bold: true, size: 7, color: colInk}

var (
	colSea      = rgb{234, 240, 246}
	colLand     = rgb{222, 219, 211}
	colDisputed = rgb{140, 138, 132}
	// Money bars darken as an amount goes from pledged to disbursed (domain.FundingStates order).
	colStates = []rgb{{176, 194, 216}, {112, 142, 182}, {66, 98, 142}, colNavy}
)

// westernSahara is drawn over Morocco, whose 1:110m shape covers it (docs/charts.md).
const westernSahara = "732"

func (d *doc) picture(f *Facts) {
	d.flushHeads(mapH + 12)
	y0 := d.p.GetY()
	left := d.locator(f, marginL, y0)
	right := d.statusBars(f.Glance, marginL+mapW+8, y0, contentW-mapW-8)
	d.p.SetXY(marginL, max(left, right)+3)
	d.moneyBars(f)
}

// locator draws the map frame at (x, y) with its legend and source under it, and returns the
// y below them.
func (d *doc) locator(f *Facts, x, y float64) float64 {
	l := d.l
	d.fill(colSea)
	d.p.Rect(x, y, mapW, mapH, "F")
	shapes, err := geo.Countries()
	c, _ := domain.CountryByCode(f.Header.ISO3)
	me, ok := shapes[c.Numeric]
	if err != nil || !ok {
		// The smallest states have no shape at 1:110m; the screen says the same.
		msg := l.f("%s: too small to show at this map’s scale.", l.country(f.Header))
		lines := d.wrap(msg, stSmall, mapW-8)
		ly := y + mapH/2 - float64(len(lines))*stSmall.lineH()/2
		for _, ln := range lines {
			d.text(x+4, ly, mapW-8, ln, "C")
			ly += stSmall.lineH()
		}
	} else {
		d.drawMap(shapes, me, x, y)
	}
	d.draw(colRule)
	d.p.SetLineWidth(0.2)
	d.p.Rect(x, y, mapW, mapH, "D")

	// Legend: the country and its neighbours (when drawn), then the source.
	ly := y + mapH + 1.5
	sw := 2.6
	if !ok || err != nil {
		return d.mapSource(x, ly)
	}
	d.fill(colNavy)
	d.p.Rect(x, ly+0.5, sw, sw, "F")
	// The whole name, on as many lines as it takes: "République démocratique du Congo" cut
	// to its first line read "République".
	names := d.wrap(l.country(f.Header), stSmall, mapW/2-sw-2)
	for i, name := range names {
		d.text(x+sw+1.2, ly+float64(i)*stSmall.lineH(), mapW/2-sw-2, name, "L")
	}
	d.fill(colLand)
	d.p.Rect(x+mapW/2, ly+0.5, sw, sw, "F")
	d.text(x+mapW/2+sw+1.2, ly, mapW/2-sw-1.2, line{l.t("Other countries"), stSmall}, "L")
	return d.mapSource(x, ly+float64(max(len(names), 1))*stSmall.lineH()+0.4)
}

func (d *doc) mapSource(x, ly float64) float64 {
	l := d.l
	src := style{size: 5.5, color: colMuted}
	for _, ln := range d.wrap(l.t("Natural Earth 1:110m. Boundaries are not an endorsement."), src, mapW) {
		d.text(x, ly, mapW, ln, "L")
		ly += src.lineH()
	}
	return ly
}

// drawMap draws every shape the frame shows, the country over its neighbours, clipped to the
// frame.
func (d *doc) drawMap(shapes map[string]geo.Shape, me geo.Shape, x, y float64) {
	loc := geo.NewLocator(me)
	half := mapH / 2 // Locator units: the frame's shorter half-side is 1
	cx, cy := x+mapW/2, y+mapH/2
	// The frame's corner, in degrees from the centre: what lies beyond cannot show.
	corner := math.Hypot(mapW/mapH, 1) * 2 * math.Sin(loc.Radius*math.Pi/360)
	reach := 180.0
	if corner < 2 {
		reach = 2 * math.Asin(corner/2) * 180 / math.Pi
	}
	codes := make([]string, 0, len(shapes))
	for k := range shapes {
		codes = append(codes, k)
	}
	sort.Strings(codes) // the same bytes every time
	d.p.ClipRect(x, y, mapW, mapH, false)
	d.p.SetLineWidth(0.15)
	d.draw(colWhite)
	d.fill(colLand)
	for _, k := range codes {
		if k != me.Numeric && k != westernSahara {
			d.mapShape(loc.Outline(shapes[k], reach), cx, cy, half, "B*")
		}
	}
	d.fill(colNavy)
	rings := loc.Outline(me, reach)
	d.mapShape(rings, cx, cy, half, "B*")
	if ws, ok := shapes[westernSahara]; ok {
		d.fill(colLand)
		if me.Numeric == westernSahara {
			d.fill(colNavy)
		}
		d.draw(colDisputed)
		d.p.SetDashPattern([]float64{0.5, 0.5}, 0)
		d.mapShape(loc.Outline(ws, reach), cx, cy, half, "B*")
		d.p.SetDashPattern([]float64{}, 0)
	}
	// A country a few millimetres wide is ringed, so the eye finds it.
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			x0, x1 = min(x0, p[0]), max(x1, p[0])
			y0, y1 = min(y0, p[1]), max(y1, p[1])
		}
	}
	if w, h := (x1-x0)*half, (y1-y0)*half; w < 6 && h < 6 {
		d.draw(colMarking)
		d.p.SetLineWidth(0.35)
		d.p.Circle(cx+(x0+x1)/2*half, cy-(y0+y1)/2*half, max(3.2, math.Hypot(w, h)/2+1.2), "D")
	}
	d.p.ClipEnd()
}

// mapShape draws one shape's projected rings as one path (holes by the even-odd rule). A
// shape whose box misses the frame is left out. Positions beyond the frame are pulled onto a
// rectangle 5 mm outside it, where runs of them along one side become one line, and positions
// closer than minStep to the last are dropped: the frame shows the same, and the file carries
// what the eye can see.
func (d *doc) mapShape(rings [][][2]float64, cx, cy, half float64, op string) {
	const margin = 5.0
	lx, ly := mapW/2+margin, mapH/2+margin
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, r := range rings {
		for _, p := range r {
			x0, x1 = min(x0, p[0]*half), max(x1, p[0]*half)
			y0, y1 = min(y0, -p[1]*half), max(y1, -p[1]*half)
		}
	}
	if x1 < -mapW/2 || x0 > mapW/2 || y1 < -mapH/2 || y0 > mapH/2 {
		return
	}
	type pt struct{ x, y float64 }
	side := func(a, b, c pt) bool { // three positions on one side of the rectangle
		return (a.x == b.x && b.x == c.x && math.Abs(a.x) == lx) || (a.y == b.y && b.y == c.y && math.Abs(a.y) == ly)
	}
	drawn := false
	var pts []pt
	for _, r := range rings {
		pts = pts[:0]
		for _, p := range r {
			q := pt{max(-lx, min(lx, p[0]*half)), max(-ly, min(ly, -p[1]*half))}
			n := len(pts)
			switch {
			case n > 0 && math.Abs(q.x-pts[n-1].x) < minStep && math.Abs(q.y-pts[n-1].y) < minStep:
			case n > 1 && side(pts[n-2], pts[n-1], q):
				pts[n-1] = q
			default:
				pts = append(pts, q)
			}
		}
		if len(pts) < 3 {
			continue
		}
		keep := simplify(pts, func(q pt) (float64, float64) { return q.x, q.y })
		d.p.MoveTo(cx+pts[0].x, cy+pts[0].y)
		for i, q := range pts[1:] {
			if keep[i+1] {
				d.p.LineTo(cx+q.x, cy+q.y)
			}
		}
		d.p.ClosePath()
		drawn = true
	}
	if drawn {
		d.p.DrawPath(op)
	}
}

// simplify marks the positions of a line to keep so that none left out is farther than
// minStep/2 from the line through those kept (Douglas–Peucker): at this size an outline
// needs about half of 1:110m's positions to look the same.
func simplify[P any](pts []P, xy func(P) (float64, float64)) []bool {
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	stack := [][2]int{{0, len(pts) - 1}}
	for len(stack) > 0 {
		a, b := stack[len(stack)-1][0], stack[len(stack)-1][1]
		stack = stack[:len(stack)-1]
		ax, ay := xy(pts[a])
		bx, by := xy(pts[b])
		dx, dy := bx-ax, by-ay
		n := math.Hypot(dx, dy)
		far, at := 0.0, -1
		for i := a + 1; i < b; i++ {
			x, y := xy(pts[i])
			dist := math.Hypot(x-ax, y-ay)
			if n > 0 {
				dist = math.Abs(dy*(x-ax)-dx*(y-ay)) / n
			}
			if dist > far {
				far, at = dist, i
			}
		}
		if at >= 0 && far > minStep/2 {
			keep[at] = true
			stack = append(stack, [2]int{a, at}, [2]int{at, b})
		}
	}
	return keep
}

// bar is one labelled bar of a chart.
type bar struct {
	label, value string
	v            float64
	color        rgb
}

// statusBars draws "Commitments by status": one bar per status (zeros included), then overdue
// and due soon, at (x, y) in width w; it returns the y below them.
func (d *doc) statusBars(g Glance, x, y, w float64) float64 {
	l := d.l
	d.text(x, y, w, line{l.t("Commitments by status"), stHead}, "L")
	y += stHead.lineH() + 0.8
	var bars []bar
	top := 0.0
	for _, s := range g.ByStatus {
		bars = append(bars, bar{l.label("commitment_status", domain.CommitmentStatuses, s.Status), l.count(s.Count), float64(s.Count), colNavy})
		top = max(top, float64(s.Count))
	}
	overdue := colNavy
	if g.Overdue > 0 {
		overdue = colMarking
	}
	due := []bar{
		{l.t("Overdue"), l.count(g.Overdue), float64(g.Overdue), overdue},
		{l.f("Due within %s days", l.count(g.DueSoonDays)), l.count(g.DueSoon), float64(g.DueSoon), colNavy},
	}
	labelW := d.labelWidth(append(bars[:len(bars):len(bars)], due...), w)
	// Overdue and due soon are on the statuses' scale, under a rule: they are among them.
	y = d.bars(bars, x, y, w, labelW, top)
	d.draw(colRule)
	d.p.SetLineWidth(0.15)
	d.p.Line(x, y+0.3, x+w, y+0.3)
	return d.bars(due, x, y+1, w, labelW, top)
}

// labelWidth is the width of the widest label, at most 40% of w.
func (d *doc) labelWidth(bs []bar, w float64) float64 {
	d.setStyle(stSmall)
	lw := 0.0
	for _, b := range bs {
		lw = max(lw, d.p.GetStringWidth(b.label))
	}
	return min(lw+2, w*0.4)
}

// bars draws labelled bars on one linear scale from zero (top, or the largest bar when top is
// 0): the label, the bar, and its value after it. It returns the y below the last bar.
func (d *doc) bars(bs []bar, x, y, w, labelW, top float64) float64 {
	valueW := 0.0
	for _, b := range bs {
		d.setStyle(stValue)
		valueW = max(valueW, d.p.GetStringWidth(b.value))
		top = max(top, b.v)
	}
	barW := w - labelW - valueW - 2
	for _, b := range bs {
		d.text(x, y, labelW, line{d.fit(b.label, stSmall, labelW-1), stSmall}, "L")
		bw := 0.0
		if top > 0 {
			bw = b.v / top * barW
		}
		if bw > 0 {
			d.fill(b.color)
			d.p.Rect(x+labelW, y+(barRowH-barH)/2, max(bw, 0.3), barH, "F")
		}
		d.text(x+labelW+bw+1, y, valueW+1, line{b.value, stValue}, "L")
		y += barRowH
	}
	return y
}

// moneyBars draws the country's money by state, one group per currency on its own scale, two
// groups to a row, with a legend of the states.
func (d *doc) moneyBars(f *Facts) {
	l := d.l
	type group struct {
		cur  string
		bars []bar
	}
	rank := map[string]int{}
	for i, o := range domain.FundingStates {
		rank[o.Value] = i
	}
	var groups []*group
	by := map[string]*group{}
	for _, m := range f.Glance.Funding {
		g := by[m.Currency]
		if g == nil {
			g = &group{cur: m.Currency}
			by[m.Currency] = g
			groups = append(groups, g)
		}
		v, _ := m.Amount.Float64()
		g.bars = append(g.bars, bar{l.label("funding_state", domain.FundingStates, m.State), l.money(m.Currency, v), v, colStates[rank[m.State]%len(colStates)]})
	}
	sort.SliceStable(groups, func(i, j int) bool { return groups[i].cur < groups[j].cur })

	head := func() {
		y := d.p.GetY()
		d.text(marginL, y, contentW, line{l.t("Money for the country, by state"), stHead}, "L")
		d.setStyle(stHead)
		tw := d.p.GetStringWidth(l.t("Money for the country, by state"))
		note := l.t("each currency on its own scale; multi-country amounts in the table")
		if len(groups) == 0 {
			note = ""
		}
		d.text(marginL+tw+2, y+0.3, contentW-tw-2, line{d.fit(note, stSmall, contentW-tw-2), stSmall}, "L")
		d.p.SetY(y + stHead.lineH() + 0.6)
	}
	if len(groups) == 0 {
		d.room(stHead.lineH() + stSmall.lineH() + 4)
		head()
		d.para(l.t("No amounts are recorded for the country."), stSmall, 0)
		d.gap(3)
		return
	}
	// Legend: the states, in their order, as they darken.
	legendH := stSmall.lineH() + 0.8
	rows := (len(groups) + 1) / 2
	firstH := stHead.lineH() + legendH + float64(len(groups[0].bars))*barRowH + 2
	d.room(firstH)
	head()
	y := d.p.GetY()
	lx := marginL
	for i, o := range domain.FundingStates {
		d.fill(colStates[i%len(colStates)])
		d.p.Rect(lx, y+0.5, 2.6, 2.6, "F")
		lab := l.label("funding_state", domain.FundingStates, o.Value)
		d.setStyle(stSmall)
		tw := d.p.GetStringWidth(lab)
		d.text(lx+3.6, y, tw+1, line{lab, stSmall}, "L")
		lx += 3.6 + tw + 5
	}
	d.p.SetY(y + legendH)
	colW := (contentW - 8) / 2
	var all []bar
	for _, g := range groups {
		all = append(all, g.bars...)
	}
	labelW := d.labelWidth(all, colW)
	for r := 0; r < rows; r++ {
		n := 0
		for _, g := range groups[r*2 : min(len(groups), r*2+2)] {
			n = max(n, len(g.bars))
		}
		h := float64(n)*barRowH + stCellB.lineH() + 1.5
		d.room(h)
		y := d.p.GetY()
		for c, g := range groups[r*2 : min(len(groups), r*2+2)] {
			x := marginL + float64(c)*(colW+8)
			d.text(x, y, colW, line{g.cur, stCellB}, "L")
			d.bars(g.bars, x, y+stCellB.lineH()+0.3, colW, labelW, 0)
		}
		d.p.SetY(y + h)
	}
	d.gap(2)
}
