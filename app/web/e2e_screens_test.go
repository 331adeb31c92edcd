//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dossier/app/oplog"
	"dossier/app/service"
)

// One walk over every screen, in English and in French, at 1280×800 and 1024×700: each is
// saved to artifacts/screens/<screen>-<lang>-<size>.png for people to look at, and each
// screen is checked in both languages by axe-core (frontend/node_modules, a devDependency). A serious or critical violation fails
// the test, each listed with its rule, screen and elements, as does a select that leaves its
// arrow to the engine or cuts its choice (selectsCut). On the way it checks the list's
// Columns menu, the tooltip on a cut title and the sidebar that folds under 1200 px
// (issue 12, item 7).

// screenIDs are the records the walk opens.
type screenIDs struct{ commitment, meeting, longTitle string }

// seedScreens gives the walk something on every screen: the sample data, an edited
// commitment (two history entries) and one whose title no column can hold.
func seedScreens(t *testing.T, dir string) screenIDs {
	t.Helper()
	a, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if _, err := a.Init("Amina Benali", "delegate", "European Union"); err != nil {
		t.Fatal(err)
	}
	if _, err := (&service.Demo{App: a}).Load(); err != nil {
		t.Fatal(err)
	}
	r := &service.Records{App: a}
	first := func(kind string) service.ItemView {
		l, err := r.List(service.Query{Kind: kind, Limit: 1})
		if err != nil || len(l.Items) == 0 {
			t.Fatalf("no sample %s: %v", kind, err)
		}
		return l.Items[0]
	}
	c, m, pa := first("commitment"), first("meeting"), first("partnership")
	mar, err := r.List(service.Query{Kind: "party", Country: "MAR", Limit: 1})
	if err != nil || len(mar.Items) == 0 {
		t.Fatalf("no sample party of Morocco: %v", err)
	}
	if _, err := r.Update(c.ID, map[string]json.RawMessage{"status": oplog.MustCanon("stalled")}); err != nil {
		t.Fatal(err)
	}
	lv, err := r.Add("commitment", map[string]json.RawMessage{
		"title":        oplog.MustCanon("Joint programme for the voluntary return and sustainable reintegration of migrants stranded along the Central Mediterranean route, with community projects"),
		"status":       oplog.MustCanon("in_progress"),
		"committed_by": oplog.MustCanon([]string{mar.Items[0].ID}),
		"partnership":  oplog.MustCanon(pa.ID),
	})
	if err != nil {
		t.Fatal(err)
	}
	return screenIDs{commitment: c.ID, meeting: m.ID, longTitle: lv.ID}
}

// axeScript is axe-core's browser build, injected into each page.
func axeScript(t *testing.T) string {
	t.Helper()
	p := filepath.Join(moduleRoot(t), "frontend", "node_modules", "axe-core", "axe.min.js")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatalf("axe-core is missing (%v): run `npm ci` in frontend/", err)
	}
	return string(b)
}

type walkScreen struct {
	name  string
	hash  string
	ready string // JavaScript: true once the screen shows its data
	open  string // optional test id clicked after ready (a dialog)
	shown string // JavaScript: true once what `open` opens is shown
}

func TestBrowserScreens(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	ids := seedScreens(t, data)
	axe := axeScript(t)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	out := filepath.Join(p.dir, "screens")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}

	rows := p.exists(tid("list-row"))
	listReady := fmt.Sprintf(`%s && (%s || !!document.querySelector('.list-page .empty'))`, p.exists(tid("page-list")), rows)
	screens := []walkScreen{
		{name: "home", hash: "#/", ready: p.exists(tid("home-count-commitment"))},
		{name: "commitments", hash: "#/commitments", ready: rows},
		{name: "partnerships", hash: "#/partnerships", ready: listReady},
		{name: "meetings", hash: "#/meetings", ready: listReady},
		{name: "interventions", hash: "#/interventions", ready: listReady},
		{name: "parties", hash: "#/parties", ready: listReady},
		{name: "frameworks", hash: "#/frameworks", ready: listReady},
		{name: "columns", hash: "#/commitments", ready: rows, open: "list-columns", shown: p.exists(tid("list-columns-panel"))},
		{name: "countries", hash: "#/countries", ready: p.exists(tid("page-countries"))},
		{name: "country", hash: "#/country/MAR", ready: p.exists(tid("page-country"))},
		{name: "record", hash: "#/record/" + ids.commitment, ready: `document.querySelectorAll('[data-testid="record-history"] li.entry').length >= 2`},
		{name: "edit", hash: "#/record/" + ids.commitment + "/edit", ready: p.exists(tid("record-form"))},
		{name: "pack", hash: "#/record/" + ids.meeting, ready: p.exists(tid("record-meeting-pack")), open: "record-meeting-pack", shown: p.exists(tid("pack-country"))},
		{name: "conflicts", hash: "#/conflicts", ready: p.exists(tid("page-conflicts"))},
		{name: "sync", hash: "#/sync", ready: p.exists(tid("page-sync"))},
		{name: "trust", hash: "#/trust", ready: p.exists(tid("page-trust"))},
		{name: "brief", hash: "#/brief", ready: p.exists(tid("page-brief"))},
		{name: "brief-country", hash: "#/brief?country=MAR", ready: p.exists(tid("brief-print"))},
		{name: "csv", hash: "#/csv", ready: p.exists(tid("page-csv"))},
		{name: "settings", hash: "#/settings", ready: p.exists(tid("settings-language"))},
	}
	for _, k := range []string{"commitment", "partnership", "meeting", "intervention", "party", "framework"} {
		screens = append(screens, walkScreen{name: "new-" + k, hash: "#/new/" + k, ready: p.exists(tid("record-form"))})
	}

	sizes := []struct{ w, h int64 }{{1280, 800}, {1024, 700}}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	goTo := func(hash string) {
		t.Helper()
		p.eval("go "+hash, fmt.Sprintf(`(() => { location.hash = %s; return ""; })()`, js(hash)))
	}
	// settled: two frames after the screen's data, so the picture is the one a person sees.
	settled := func(name string) {
		t.Helper()
		p.step("settle "+name, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 60))))`, chromedp.EvalAwaitPromise))
	}

	var problems []string
	checked, axeTime, start := 0, time.Duration(0), time.Now()
	for _, lang := range []string{"en", "fr"} {
		goTo("#/settings")
		p.wait("settings", p.exists(tid("settings-language")))
		p.choose("settings-language", lang)
		p.wait("language "+lang, fmt.Sprintf(`document.documentElement.lang === %s`, js(lang)))
		for _, size := range sizes {
			p.step("viewport", chromedp.EmulateViewport(size.w, size.h))
			tag := fmt.Sprintf("%s-%dx%d", lang, size.w, size.h)
			for _, sc := range screens {
				goTo(sc.hash)
				p.wait(sc.name+" "+tag, sc.ready)
				if sc.open != "" {
					p.click(sc.open)
					p.wait(sc.name+" open "+tag, sc.shown)
				}
				settled(sc.name)
				shot, err := chromedp.Run(p.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					p.fail("screenshot "+sc.name, err)
				}
				if err := os.WriteFile(filepath.Join(out, sc.name+"-"+tag+".png"), shot, 0o644); err != nil {
					t.Fatal(err)
				}
				// axe at the narrow size only: it is where the sidebar folds and text wraps
				// most, and once per screen and language keeps the walk short.
				if size.w < 1200 {
					t0 := time.Now()
					problems = append(problems, runAxe(p, axe, sc.name+" "+tag)...)
					axeTime += time.Since(t0)
					checked++
				}
				problems = append(problems, selectsCut(p, sc.name+" "+tag)...)
				if sc.open != "" {
					p.step("close "+sc.name, chromedp.KeyEvent("\x1b"))
				}
			}
			if lang == "en" {
				checkNarrowRail(p, size.w)
			}
		}
		if lang == "en" {
			checkColumnsAndTips(p, goTo, ids)
		}
	}
	t.Logf("%d screens checked by axe-core in %v (walk %v), screenshots in %s", checked, axeTime.Round(time.Millisecond), time.Since(start).Round(time.Millisecond), out)
	if len(problems) > 0 {
		t.Errorf("axe-core found %d serious or critical violations, or selects cut:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// selectsCut lists the visible selects of the screen that leave their arrow to the engine, or
// whose chosen option does not fit beside their own arrow. A native arrow is the engine's:
// WebKitGTK's (the window on Linux) is wider than Chromium's, so a label that fitted here was
// cut in the window ("Any currenc"); an arrow drawn by the app, inside the select's padding,
// makes what is measured here what the window shows (docs/platforms.md).
func selectsCut(p *page, where string) []string {
	p.t.Helper()
	var cut []string
	out := p.eval("selects "+where, `(() => {
		const c = document.createElement('canvas').getContext('2d'), out = [];
		for (const el of document.querySelectorAll('select')) {
			if (el.getClientRects().length === 0) continue;
			const cs = getComputedStyle(el), name = el.dataset.testid || el.id || el.getAttribute('aria-label') || el.className;
			if ((cs.appearance || cs.webkitAppearance) !== 'none') { out.push(name + ': the engine draws its arrow'); continue; }
			c.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
			const text = (el.options[el.selectedIndex] || {}).text || '';
			const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
			if (c.measureText(text).width > room + 0.5) out.push(name + ': "' + text + '" does not fit');
		}
		return JSON.stringify(out);
	})()`)
	if err := json.Unmarshal([]byte(out), &cut); err != nil {
		p.t.Fatal(err)
	}
	for i := range cut {
		cut[i] = "  " + where + ": select " + cut[i]
	}
	return cut
}

// runAxe injects axe-core once per page and returns its serious and critical violations.
func runAxe(p *page, axe, where string) []string {
	p.t.Helper()
	if p.eval("axe loaded?", `typeof window.axe === "object" ? "yes" : "no"`) != "yes" {
		p.step("inject axe", chromedp.Evaluate[chromedp.Void](axe+";0"))
	}
	type node struct {
		Target []any  `json:"target"`
		HTML   string `json:"html"`
	}
	type violation struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []node `json:"nodes"`
	}
	var found []violation
	res, err := chromedp.Run(p.ctx, chromedp.Evaluate[string](`axe.run(document, {resultTypes: ['violations']}).then(r => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	if err != nil {
		p.fail("axe "+where, err)
	}
	if err := json.Unmarshal([]byte(res), &found); err != nil {
		p.t.Fatalf("axe result: %v", err)
	}
	var out []string
	for _, v := range found {
		if v.Impact != "serious" && v.Impact != "critical" {
			continue
		}
		var targets []string
		for i, n := range v.Nodes {
			if i == 4 {
				targets = append(targets, fmt.Sprintf("… %d more", len(v.Nodes)-4))
				break
			}
			targets = append(targets, fmt.Sprint(n.Target...))
		}
		out = append(out, fmt.Sprintf("  %s: %s (%s) %s — %s", where, v.ID, v.Impact, v.Help, strings.Join(targets, ", ")))
	}
	return out
}

// checkNarrowRail: under 1200 px the sidebar shows icons, and its toggle (aria-expanded)
// shows the labels again; at 1280 px it has labels and no toggle.
func checkNarrowRail(p *page, width int64) {
	p.t.Helper()
	p.wait("home for the rail", p.exists(tid("nav-rail")))
	railWidth := `document.querySelector('[data-testid="nav-rail"]').getBoundingClientRect().width`
	if width >= 1200 {
		if p.eval("wide rail", fmt.Sprintf(`(%s) > 200 && !document.querySelector('[data-testid="nav-toggle"]') ? "ok" : "no"`, railWidth)) != "ok" {
			p.fail("wide rail", fmt.Errorf("at %d px the sidebar should show its labels and no toggle", width))
		}
		return
	}
	toggle := `document.querySelector('[data-testid="nav-toggle"]')`
	p.wait("folded rail", fmt.Sprintf(`(%s) < 80 && %s.getAttribute('aria-expanded') === 'false' && !!%s.getAttribute('aria-label')`, railWidth, toggle, toggle))
	p.click("nav-toggle")
	p.wait("unfolded rail", fmt.Sprintf(`(%s) > 200 && %s.getAttribute('aria-expanded') === 'true'`, railWidth, toggle))
	p.click("nav-toggle")
	p.wait("folded again", fmt.Sprintf(`(%s) < 80`, railWidth))
}

// checkColumnsAndTips: the Columns menu adds country, parties and partnership to the
// commitments list, remembered across a reload; a title cut by the column gets its tooltip.
func checkColumnsAndTips(p *page, goTo func(string), ids screenIDs) {
	p.t.Helper()
	p.step("viewport", chromedp.EmulateViewport(1024, 700))
	goTo("#/commitments?q=" + "stranded")
	row := fmt.Sprintf(`document.querySelector('[data-testid="list-row"][data-id=%s]')`, js(ids.longTitle))
	p.wait("long title row", "!!"+row)
	for _, c := range []string{"country", "parties", "partnership"} {
		p.click("list-columns")
		p.wait("columns panel", p.exists(tid("column-"+c)))
		if p.eval("column "+c, fmt.Sprintf(`document.querySelector('[data-testid="column-%s"]').checked ? "on" : "off"`, c)) == "off" {
			p.click("column-" + c)
		}
		p.step("close columns", chromedp.KeyEvent("\x1b"))
	}
	p.step("reload", chromedp.Reload())
	p.wait("list again", "!!"+row)
	cell := func(id string) string {
		return fmt.Sprintf(`(%s.querySelector('[data-testid="%s"]')?.textContent ?? "")`, row, id)
	}
	p.wait("columns kept across a reload", fmt.Sprintf(`%s.includes("Morocco") && %s.trim() !== "" && %s.trim() !== ""`,
		cell("list-country"), cell("list-parties"), cell("list-partnership")))
	// The cut title gets its full text as a tooltip when the pointer reaches it.
	got := p.eval("tooltip", fmt.Sprintf(`(() => { const el = %s.querySelector('.title');
		el.dispatchEvent(new PointerEvent('pointerover', {bubbles: true}));
		return (el.scrollWidth > el.clientWidth ? "cut:" : "whole:") + (el.getAttribute('title') || ""); })()`, row))
	if !strings.HasPrefix(got, "cut:Joint programme for the voluntary return") || !strings.HasSuffix(got, "community projects") {
		p.fail("tooltip", fmt.Errorf("the cut title's tooltip is %q", got))
	}
	p.shot("screens-columns-1024")
	// Back to the defaults, so a later run starts as a new user does.
	p.eval("reset columns", `(() => { localStorage.removeItem('dossier.columns.commitment'); return ""; })()`)
}
