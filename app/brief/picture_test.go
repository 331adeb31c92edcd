package brief

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/geo"
)

// pictureFixture is Libya with commitments in several statuses, one overdue, and money in
// three currencies and several states.
func pictureFixture(tb testing.TB) *fixture {
	f := newFixture(tb)
	eu := f.party("European Union", "regional_organisation", "", "EU")
	lby := f.party("Libya", "country", "LBY", "")
	f.party("Malta", "country", "MLT", "")
	for i, st := range []string{"agreed", "agreed", "in_progress", "delivered", "in_progress", "in_progress", "stalled"} {
		f.rec(domain.KindCommitment, map[string]any{"title": "Libya commitment " + itoa(i), "status": st, "committed_by": []string{eu},
			"towards": []string{lby}, "due": "2020-0" + itoa(1+i) + "-15"})
	}
	f.rec(domain.KindCommitment, map[string]any{"title": "Libya programme", "status": "agreed", "committed_by": []string{eu}, "towards": []string{lby},
		"funding": []map[string]any{
			{"amount": 90000000, "currency": "EUR", "state": "pledged"},
			{"amount": 40000000, "currency": "EUR", "state": "committed"},
			{"amount": 12500000.5, "currency": "EUR", "state": "disbursed"},
			{"amount": 12500000, "currency": "USD", "state": "committed"},
			{"amount": 700000, "currency": "GBP", "state": "contracted"},
		}})
	return f
}

type word struct {
	x0, y0, x1, y1 float64
	text           string
}

// pageWords reads page 1's words and their boxes (points) back from the PDF.
func pageWords(t *testing.T, pdf []byte) []word {
	t.Helper()
	out := pdftotext(t, pdf, "-bbox", "-f", "1", "-l", "1")
	re := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	var ws []word
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		ws = append(ws, word{v[0], v[1], v[2], v[3], strings.ReplaceAll(html.UnescapeString(m[5]), "\u00a0", " ")})
	}
	return ws
}

// lines joins the words inside x0..x1 (points) into lines, top to bottom.
func lines(ws []word, x0, x1 float64) []string {
	type ln struct {
		y  float64
		ws []word
	}
	var out []*ln
	for _, w := range ws {
		if w.x0 < x0 || w.x1 > x1 {
			continue
		}
		var hit *ln
		for _, l := range out {
			if math.Abs(l.y-w.y0) < 1.5 {
				hit = l
			}
		}
		if hit == nil {
			hit = &ln{y: w.y0}
			out = append(out, hit)
		}
		hit.ws = append(hit.ws, w)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].y < out[j].y })
	texts := make([]string, len(out))
	for i, l := range out {
		sort.Slice(l.ws, func(a, b int) bool { return l.ws[a].x0 < l.ws[b].x0 })
		var parts []string
		for _, w := range l.ws {
			parts = append(parts, w.text)
		}
		texts[i] = strings.Join(parts, " ")
	}
	return texts
}

func has(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Page 1 draws the commitments by status and the money by state as bars whose labels and
// figures are the brief's facts, in both languages, with the map's and the states' legends.
func TestPagePictureBars(t *testing.T) {
	f := pictureFixture(t)
	b := mustAssemble(t, f.st, "LBY")
	if len(b.Glance.Funding) != 5 || b.Glance.Overdue == 0 {
		t.Fatalf("fixture: funding %v, overdue %d", b.Glance.Funding, b.Glance.Overdue)
	}
	const k = 72 / 25.4
	for _, l := range []Lang{English, French} {
		var buf bytes.Buffer
		if err := RenderPDF(&buf, b, l); err != nil {
			t.Fatal(err)
		}
		ws := pageWords(t, buf.Bytes())
		right := lines(ws, (marginL+mapW+4)*k, (pageW-marginR)*k+1)
		if !has(right, l.t("Commitments by status")) {
			t.Errorf("%s: no status chart title in %q", l, right)
		}
		for _, s := range b.Glance.ByStatus {
			if want := l.label("commitment_status", domain.CommitmentStatuses, s.Status) + " " + l.count(s.Count); !has(right, want) {
				t.Errorf("%s: no bar %q in %q", l, want, right)
			}
		}
		for _, want := range []string{l.t("Overdue") + " " + l.count(b.Glance.Overdue),
			l.f("Due within %s days", l.count(b.Glance.DueSoonDays)) + " " + l.count(b.Glance.DueSoon)} {
			if !has(right, want) {
				t.Errorf("%s: no bar %q in %q", l, want, right)
			}
		}
		// The money bars: two currencies to a row, each bar "state amount".
		colW := (contentW - 8) / 2
		money := append(lines(ws, marginL*k-1, (marginL+colW+4)*k), lines(ws, (marginL+colW+4)*k, (pageW-marginR)*k+1)...)
		for _, m := range b.Glance.Funding {
			v, _ := m.Amount.Float64()
			want := l.label("funding_state", domain.FundingStates, m.State) + " " + strings.ReplaceAll(l.money(m.Currency, v), "\u00a0", " ")
			if !has(money, want) {
				t.Errorf("%s: no money bar %q in %q", l, want, money)
			}
		}
		all := strings.Join(lines(ws, 0, pageW*k), "\n")
		legend := []string{l.t("Money for the country, by state"), l.t("Other countries"), l.country(b.Header)}
		for _, o := range domain.FundingStates {
			legend = append(legend, l.label("funding_state", domain.FundingStates, o.Value))
		}
		for _, s := range legend {
			if !strings.Contains(all, s) {
				t.Errorf("%s: page 1 lacks the legend label %q", l, s)
			}
		}
		var again bytes.Buffer
		if err := RenderPDF(&again, b, l); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
			t.Errorf("%s: the same facts give different bytes (%v)", l, err)
		}
	}
}

// mapPixels renders page 1's map frame at 72 dpi and counts its pixels of the country's
// colour, the other countries' and the sea's.
func mapPixels(t *testing.T, pdf []byte) (country, land, sea int) {
	t.Helper()
	const k = 72 / 25.4
	top := -1.0
	for _, w := range pageWords(t, pdf) {
		// The status chart's title starts level with the frame (its glyphs about 1 mm lower).
		if w.text == "Commitments" && w.x0 > (marginL+mapW)*k && top < 0 {
			top = w.y0 - 1*k
		}
	}
	if top < 0 {
		t.Fatal("no status chart beside the map on page 1")
	}
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Fatal("pdftoppm is not installed: install poppler-utils; this test looks at the map")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, pdf, 0o600)
	x, y := int(math.Round(marginL*k))+3, int(top)+3
	w, h := int(math.Round(mapW*k))-6, int(math.Round(mapH*k))-6
	out, err := exec.Command(bin, "-r", "72", "-f", "1", "-l", "1", "-x", itoa(x), "-y", itoa(y), "-W", itoa(w), "-H", itoa(h), in).Output()
	if err != nil {
		t.Fatal(err)
	}
	var pw, ph, maxv int
	n, _ := fmt.Sscanf(string(out), "P6\n%d %d\n%d\n", &pw, &ph, &maxv)
	if n != 3 || pw*ph*3 > len(out) {
		t.Fatalf("not a PPM: %q", out[:min(20, len(out))])
	}
	px := out[len(out)-pw*ph*3:]
	near := func(i int, c rgb) bool {
		return math.Abs(float64(int(px[i])-c.r))+math.Abs(float64(int(px[i+1])-c.g))+math.Abs(float64(int(px[i+2])-c.b)) < 12
	}
	for i := 0; i < len(px); i += 3 {
		switch {
		case near(i, colNavy):
			country++
		case near(i, colLand):
			land++
		case near(i, colSea):
			sea++
		}
	}
	return
}

// The locator is drawn: Libya in the country's colour among other countries and sea; Malta,
// too small for 1:110m, says so instead of drawing a country.
func TestPagePictureMap(t *testing.T) {
	f := pictureFixture(t)
	country, land, sea := mapPixels(t, renderPDF(t, mustAssemble(t, f.st, "LBY")))
	total := float64(country + land + sea)
	if float64(country) < total*0.04 || float64(land) < total*0.2 || float64(sea) < total*0.1 {
		t.Errorf("Libya's map: %d country, %d land, %d sea pixels", country, land, sea)
	}
	mlt := mustAssemble(t, f.st, "MLT")
	pdf := renderPDF(t, mlt)
	if text := flat(t, pdf); !strings.Contains(text, "Malta: too small to show at this map’s scale.") {
		t.Errorf("Malta's map does not say why it is empty")
	}
	if c, _, _ := mapPixels(t, pdf); c != 0 {
		t.Errorf("Malta's map has %d pixels of a country", c)
	}
}

// Every map shape is a country of the app's reference list, matched by its ISO numeric code,
// as on the screens (docs/charts.md).
func TestMapShapesAreCountries(t *testing.T) {
	shapes, err := geo.Countries()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, c := range domain.Countries() {
		known[c.Numeric] = true
	}
	for code, s := range shapes {
		if !known[code] {
			t.Errorf("shape %s (%s) is no country of the reference list", code, s.Name)
		}
	}
}

func TestSimplify(t *testing.T) {
	type p struct{ x, y float64 }
	xy := func(q p) (float64, float64) { return q.x, q.y }
	for _, c := range []struct {
		name string
		in   []p
		want []bool
	}{
		{"a straight line keeps its ends", []p{{0, 0}, {1, 0.01}, {2, 0}, {3, -0.01}, {4, 0}}, []bool{true, false, false, false, true}},
		{"a corner is kept", []p{{0, 0}, {1, 0}, {2, 0}, {2, 1}, {2, 2}}, []bool{true, false, true, false, true}},
		{"a closed ring keeps its corners", []p{{0, 0}, {2.5, 0}, {5, 0}, {5, 5}, {0, 5}, {0, 0}}, []bool{true, false, true, true, true, true}},
		{"a bump over half the step is kept", []p{{0, 0}, {1, 0}, {2, minStep}, {3, 0}, {4, 0}}, []bool{true, false, true, false, true}},
	} {
		if got := simplify(c.in, xy); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
