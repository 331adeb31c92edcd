//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"dossier/app/service"
)

// seedDue adds, before serve starts, commitments towards Libya and Tunisia that fall due
// around today (the charts look twelve months ahead), one of them overdue and one with money.
func seedDue(t *testing.T, data string) (nextMonth string) {
	t.Helper()
	app, err := service.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	now := time.Now()
	// The 10th of a month, so the month is the one meant whatever today's day.
	month := func(n int) string {
		return time.Date(now.Year(), now.Month()+time.Month(n), 10, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
	q := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	r := &service.Records{App: app}
	for _, c := range []struct {
		title, status, due, towards string
		funding                     string
	}{
		{"Migrant resource centre in Tripoli", "agreed", month(1), "party/LBY", `[{"amount":4500000,"currency":"EUR","state":"committed"}]`},
		{"Report on alternatives to detention", "in_progress", month(-2), "party/LBY", ""},
		{"Labour mobility pilot", "agreed", month(3), "party/TUN", ""},
	} {
		f := map[string]json.RawMessage{"title": q(c.title), "status": q(c.status), "due": q(c.due),
			"towards": q([]string{service.DemoID(c.towards)}), "themes": q([]string{"human_rights"}), "framework_items": q([]string{"GCM-7"})}
		if c.funding != "" {
			f["funding"] = json.RawMessage(c.funding)
		}
		if _, err := r.Add("commitment", f); err != nil {
			t.Fatalf("seed %q: %v", c.title, err)
		}
	}
	return month(1)[:7]
}

// TestBrowserMapAndCharts: the Countries map renders with shaded countries and the hover
// names them; a click on Libya opens its page, which has its locator map; on the Libya page
// and on Home every chart renders and its table alternative holds the same numbers as its
// bars; a chart saves as SVG and PNG (downloads in browser mode). Screenshots in English and
// French at 1280×800 (artifacts/browser-map-*.png).
func TestBrowserMapAndCharts(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	nextMonth := seedDue(t, data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	// The map: countries with commitments are shaded (a class and a colour other than the
	// unshaded one), Libya among them with the figure the service gives.
	p.goHash("#/countries")
	p.wait("map drawn", `document.querySelector('[data-testid="world-map"]')?.dataset.ready === "1"`)
	var list []service.CountrySummary
	if err := json.Unmarshal(apiCall(t, srv, "Country", "List"), &list); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{}
	for _, c := range list {
		if c.Commitments > 0 {
			want[c.Alpha3] = c.Commitments
		}
	}
	var shaded map[string]string // code → "value fill"
	raw := p.eval("shaded", `JSON.stringify(Object.fromEntries([...document.querySelectorAll('[data-testid="map-country"]')]
		.filter(e => Number(e.dataset.class) >= 0).map(e => [e.dataset.code, e.dataset.value + " " + e.getAttribute("fill")])))`)
	if err := json.Unmarshal([]byte(raw), &shaded); err != nil {
		t.Fatal(err)
	}
	if len(shaded) < 5 || len(shaded) != len(want) {
		t.Fatalf("%d countries shaded, %d have commitments: %v / %v", len(shaded), len(want), shaded, want)
	}
	for code, n := range want {
		v := strings.Fields(shaded[code])
		if len(v) != 2 || v[0] != strconv.Itoa(n) || v[1] == "#e6e3dc" {
			t.Errorf("%s on the map: %q, want %d commitments and a shade", code, shaded[code], n)
		}
	}
	lby := `document.querySelector('[data-testid="map-country"][data-code="LBY"]')`
	p.eval("hover Libya", fmt.Sprintf(`(() => { const r = %s.getBoundingClientRect();
		%s.dispatchEvent(new MouseEvent('mousemove', {bubbles: true, clientX: r.x + r.width / 2, clientY: r.y + r.height / 2})); return ""; })()`, lby, lby))
	// Reachable by keyboard: a country with figures is a focusable link named with them.
	p.wait("focusable", fmt.Sprintf(`%s.tabIndex === 0 && %s.getAttribute("aria-label") === "Libya: %d commitments"`, lby, lby, want["LBY"]))
	p.wait("tooltip", fmt.Sprintf(`(%s).includes("Libya") && (%s).includes("%d commitments")`, p.textOf("map-tip"), p.textOf("map-tip"), want["LBY"]))
	// By money: EUR committed shades Libya (the seeded 4,500,000 among its amounts).
	p.choose("map-measure", "money:EUR")
	p.choose("map-state", "committed")
	p.wait("money shading", fmt.Sprintf(`Number(%s.dataset.value) >= 4500000 && Number(%s.dataset.class) >= 0`, lby, lby))
	p.choose("map-measure", "commitments")
	p.wait("back to counts", fmt.Sprintf(`%s.dataset.value === "%d"`, lby, want["LBY"]))
	p.shot("map-countries-en")

	// A real click on Libya's shape opens its page, with the locator map.
	p.step("click Libya", chromedp.Click(chromedp.CSS(`[data-testid="map-country"][data-code="LBY"]`)))
	p.wait("Libya page", `document.querySelector('[data-testid="page-country"]')?.dataset.code === "LBY"`)
	p.wait("Libya named", fmt.Sprintf(`(%s) === "Libya"`, p.textOf("country-name")))
	p.wait("locator", `document.querySelector('[data-testid="locator-map"]')?.dataset.ready === "1" && !!document.querySelector('[data-testid="locator-country"]')`)
	p.shot("map-libya-en")

	var charts service.ChartsView
	if err := json.Unmarshal(apiCall(t, srv, "Home", "Charts", "LBY"), &charts); err != nil {
		t.Fatal(err)
	}
	if charts.Commitments != want["LBY"] {
		t.Errorf("Libya: the charts count %d commitments, the map %d", charts.Commitments, want["LBY"])
	}
	checkCharts(t, p, "Libya", charts)
	// Libya's due chart: the overdue one, and next month's.
	due := chartData(t, p, "due")
	if due.bars["earlier"] != "1" || due.bars[nextMonth] != "1" {
		t.Errorf("Libya's due chart: %v, want 1 overdue and 1 in %s", due.bars, nextMonth)
	}
	p.eval("charts in view", `(() => { document.querySelector('[data-testid="charts"]').scrollIntoView(); return ""; })()`)
	p.shot("map-libya-charts-en")

	// Saved as SVG and PNG: downloads in browser mode.
	seen := map[string]bool{}
	p.step("save svg", chromedp.Click(chromedp.CSS(`[data-chart="status"] [data-testid="chart-save-svg"]`)))
	svg, _ := os.ReadFile(p.download(dl, regexp.MustCompile(`\.svg$`), seen))
	if !strings.Contains(string(svg), "<svg") || !strings.Contains(string(svg), "Commitments by status") || strings.Count(string(svg), `data-testid="chart-bar"`) != len(charts.ByStatus) {
		t.Errorf("saved SVG: %.300s", svg)
	}
	p.step("save png", chromedp.Click(chromedp.CSS(`[data-chart="status"] [data-testid="chart-save-png"]`)))
	png, _ := os.ReadFile(p.download(dl, regexp.MustCompile(`\.png$`), seen))
	if len(png) < 1000 || string(png[1:4]) != "PNG" {
		t.Errorf("saved PNG: %d bytes, starts %q", len(png), png[:min(8, len(png))])
	}

	// Home: the whole portfolio.
	p.goHash("#/")
	p.wait("home charts", p.exists(tid("charts")))
	if err := json.Unmarshal(apiCall(t, srv, "Home", "Charts", ""), &charts); err != nil {
		t.Fatal(err)
	}
	checkCharts(t, p, "Home", charts)
	p.eval("top", `(() => { document.querySelector('main').scrollTop = 0; return ""; })()`)
	p.shot("map-home-en")
	p.eval("charts in view", `(() => { document.querySelector('[data-testid="charts"]').scrollIntoView(); return ""; })()`)
	p.shot("map-home-charts-en")

	// French: the same screens, worded in French.
	p.goHash("#/settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.goHash("#/countries")
	p.wait("carte", `document.querySelector('[data-testid="world-map"]')?.dataset.ready === "1" && document.body.innerText.includes("Colorer selon")`)
	p.shot("map-countries-fr")
	p.goHash("#/country/LBY")
	p.wait("Libye", fmt.Sprintf(`(%s) === "Libye" && (%s).includes("Engagements par statut")`, p.textOf("country-name"), p.textOf("charts")))
	p.wait("situation", `document.querySelector('[data-testid="locator-map"]')?.dataset.ready === "1"`)
	p.shot("map-libya-fr")
	p.eval("graphiques", `(() => { document.querySelector('[data-testid="charts"]').scrollIntoView(); return ""; })()`)
	p.shot("map-libya-charts-fr")
	p.goHash("#/")
	p.wait("accueil", fmt.Sprintf(`(%s).includes("Montants par état")`, p.textOf("charts")))
	p.shot("map-home-fr")
	p.eval("graphiques", `(() => { document.querySelector('[data-testid="charts"]').scrollIntoView(); return ""; })()`)
	p.shot("map-home-charts-fr")
}

type chartSeen struct {
	bars, cells map[string]string // key → data-value
	text        map[string]string // key → the table cell's text
	summary     string
}

// chartData reads one chart: its bars' data, its table's cells, its summary.
func chartData(t *testing.T, p *page, id string) chartSeen {
	t.Helper()
	sel := fmt.Sprintf(`[data-testid="chart"][data-chart=%q]`, id)
	p.wait("chart "+id, p.exists(sel))
	raw := p.eval("read chart "+id, fmt.Sprintf(`(() => { const c = document.querySelector(%s);
		const bars = Object.fromEntries([...c.querySelectorAll('[data-testid="chart-bar"]')].map(b => [b.dataset.key, b.dataset.value]));
		const rows = [...c.querySelectorAll('[data-testid="chart-row"]')];
		const cells = Object.fromEntries(rows.map(r => [r.dataset.key, r.querySelector('[data-testid="chart-cell"]').dataset.value]));
		const text = Object.fromEntries(rows.map(r => [r.dataset.key, r.querySelector('[data-testid="chart-cell"]').textContent]));
		const s = c.querySelector('[data-testid="chart-summary"]');
		return JSON.stringify({bars, cells, text, summary: s ? s.textContent : ""}); })()`, js(sel)))
	var v struct {
		Bars, Cells, Text map[string]string
		Summary           string
	}
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	return chartSeen{bars: v.Bars, cells: v.Cells, text: v.Text, summary: v.Summary}
}

var nonDigits = regexp.MustCompile(`[^0-9]`)

// checkCharts: each chart's bars are the service's counts, and its table holds the same
// numbers, as data and as the text a reader sees.
func checkCharts(t *testing.T, p *page, where string, c service.ChartsView) {
	t.Helper()
	counts := func(cs []service.Count) map[string]string {
		m := map[string]string{}
		for _, x := range cs {
			m[x.Key] = strconv.Itoa(x.N)
		}
		return m
	}
	for _, ch := range []struct {
		id   string
		want map[string]string // nil: not compared with the service (money, months)
	}{
		{"status", counts(c.ByStatus)}, {"theme", counts(c.ByTheme)}, {"objective", counts(c.ByObjective)}, {"money", nil}, {"due", nil},
	} {
		got := chartData(t, p, ch.id)
		if len(got.bars) == 0 || got.summary == "" {
			t.Errorf("%s, chart %s: %d bars, summary %q", where, ch.id, len(got.bars), got.summary)
			continue
		}
		if fmt.Sprint(got.bars) != fmt.Sprint(got.cells) {
			t.Errorf("%s, chart %s: bars %v, table %v", where, ch.id, got.bars, got.cells)
		}
		for k, v := range got.bars {
			// The reader's text: "6", "EUR 4,500,000" (whole amounts in the sample).
			if nonDigits.ReplaceAllString(got.text[k], "") != nonDigits.ReplaceAllString(v, "") {
				t.Errorf("%s, chart %s, %s: the table says %q, the bar %s", where, ch.id, k, got.text[k], v)
			}
		}
		if ch.want != nil && fmt.Sprint(got.bars) != fmt.Sprint(ch.want) {
			t.Errorf("%s, chart %s: bars %v, the service counts %v", where, ch.id, got.bars, ch.want)
		}
	}
	// The table alternative opens.
	sel := `[data-chart="status"] [data-testid="chart-table"]`
	p.step("table of "+where, chromedp.Click(chromedp.CSS(`[data-chart="status"] [data-testid="chart-table-toggle"]`)))
	p.wait("table shown", fmt.Sprintf(`!document.querySelector(%s).hidden`, js(sel)))
}
