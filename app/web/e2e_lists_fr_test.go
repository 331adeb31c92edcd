//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dossier/app/service"
)

// frenchSample starts `dossier serve` on the sample data and opens it in French.
func frenchSample(t *testing.T) *page {
	t.Helper()
	p := englishSample(t)
	p.goHash("#/settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	return p
}

// englishSample starts `dossier serve` on the sample data and opens it (in English).
func englishSample(t *testing.T) *page {
	t.Helper()
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	return p
}

// TestBrowserListBestMatch: a list offers "Best match" ("Pertinence") in its Sort menu while
// words are typed in its search box, keeps its own order until it is chosen, and goes back to
// its kind's order when the words are cleared. In English, then in French.
func TestBrowserListBestMatch(t *testing.T) {
	p := englishSample(t)
	best := service.DemoID("commitment/search-rescue") // "Strengthening search and rescue capacities"
	offered := `[...document.querySelectorAll('[data-testid="filter-sort"] option')].some(o => o.value === "relevance")`
	sortValue := `document.querySelector('[data-testid="filter-sort"]').value`
	firstRow := `(document.querySelector('[data-testid="page-list"] [data-testid="list-row"]') || {dataset: {}}).dataset.id`
	for _, lang := range []string{"en", "fr"} {
		if lang == "fr" {
			p.goHash("#/settings")
			p.choose("settings-language", "fr")
			p.wait("french", `document.documentElement.lang === "fr"`)
		}
		p.goHash("#/commitments")
		p.wait("rows", p.exists(`[data-testid="page-list"] [data-testid="list-row"]`))
		if p.eval("offered without words", "String("+offered+")") != "false" {
			t.Errorf("%s: best match is offered with no words typed", lang)
		}
		p.enter("list-filter", "search rescue")
		p.wait("words applied", `location.hash.includes("q=search")`)
		p.wait("best match offered", offered)
		if got := p.eval("sort kept", sortValue); got != "date" {
			t.Errorf("%s: typing words changed the order to %q", lang, got)
		}
		p.choose("filter-sort", "relevance")
		p.wait("best match chosen", `location.hash.includes("sort=relevance")`)
		p.wait("title match first", firstRow+` === `+js(best))
		p.shot("list-best-match-" + lang)
		p.enter("list-filter", "")
		p.wait("words cleared", `!location.hash.includes("q=")`)
		p.wait("kind's order back", sortValue+` === "date" && !(`+offered+`)`)
	}
}

// enter types a value into an input as a person does and leaves it (its change event).
func (p *page) enter(id, value string) {
	p.t.Helper()
	p.wait("see "+id, p.exists(tid(id)))
	p.eval("enter "+id, fmt.Sprintf(`(() => { const el = document.querySelector(%s); el.focus(); el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); el.blur(); return ''; })()`,
		js(tid(id)), js(value)))
}

// TestBrowserListDateFilters: a list's date filter that cannot be read keeps its text and its
// message until that filter is typed again or the filters are cleared. Changing the other
// date (or any filter) once removed the message and the red border but left "31/02/2027" in
// the field, not applied, so the list read as filtered to a date it was not filtered to.
func TestBrowserListDateFilters(t *testing.T) {
	p := frenchSample(t)
	value := func(id string) string {
		return p.eval("value of "+id, fmt.Sprintf(`document.querySelector(%s).value`, js(tid(id))))
	}
	p.goHash("#/commitments")
	p.wait("list", p.exists(tid("filter-to")))

	p.enter("filter-from", "1/1/2026")
	p.wait("from applied", `location.hash.includes("from=2026-01-01")`)
	if got := value("filter-from"); got != "01/01/2026" {
		t.Errorf("the applied date shows %q, want 01/01/2026", got)
	}
	p.enter("filter-to", "31/02/2027")
	p.wait("to refused", p.exists(tid("filter-to-error")))
	if got := p.eval("message", p.textOf("filter-to-error")); got != "Au : « 31/02/2027 » : le 31 février n’existe pas (février 2027 a 28 jours)" {
		t.Errorf("the refused date is told %q", got)
	}

	// Another filter changes: the refused date keeps its message.
	p.enter("filter-from", "02/01/2026")
	p.wait("from applied again", `location.hash.includes("from=2026-01-02")`)
	p.choose("filter-status", "proposed")
	p.wait("status applied", `location.hash.includes("status=proposed")`)
	if got := value("filter-to"); got != "31/02/2027" {
		t.Errorf("the refused date now shows %q", got)
	}
	if !p.has(tid("filter-to-error")) || p.eval("invalid", `document.querySelector('[data-testid="filter-to"]').getAttribute('aria-invalid')`) != "true" {
		t.Errorf("the refused date %q lost its message after another filter changed", value("filter-to"))
	}
	p.shot("list-date-refused-kept")

	// Typed again, it is applied and its message goes.
	p.enter("filter-to", "28/02/2027")
	p.wait("to applied", `location.hash.includes("to=2027-02-28")`)
	p.wait("message gone", "!"+p.exists(tid("filter-to-error")))

	// A refused date and "Clear filters": both fields are empty, with no message.
	p.enter("filter-to", "31/02/2027")
	p.wait("to refused again", p.exists(tid("filter-to-error")))
	jsClick(p, "filter-clear")
	p.wait("filters cleared", `!location.hash.includes("?")`)
	if from, to := value("filter-from"), value("filter-to"); from != "" || to != "" || p.has(tid("filter-to-error")) {
		t.Errorf("after clearing the filters the dates show %q and %q (message shown: %v)", from, to, p.has(tid("filter-to-error")))
	}

	// A link with a date that is not one: told in French under the filters, not applied, and
	// the list is shown (the service's English refusal was a toast over an empty list).
	p.goHash("#/meetings?from=2026-02-30")
	p.wait("link date refused", p.exists(tid("filter-from-error")))
	p.wait("rows", p.exists(`[data-testid="page-list"] [data-testid="list-row"]`))
	if got := p.eval("message", p.textOf("filter-from-error")); got != "Du : « 2026-02-30 » : le 30 février n’existe pas (février 2026 a 28 jours)" {
		t.Errorf("the link's date is told %q", got)
	}
	if got := value("filter-from"); got != "2026-02-30" { // as the message quotes it, not "30/02/2026"
		t.Errorf("the link's date shows %q", got)
	}
	if toast := p.eval("toast", `[...document.querySelectorAll('[data-testid="toast"]')].map(e => e.textContent).join(' | ')`); toast != "" {
		t.Errorf("a toast says %q", toast)
	}
	p.shot("list-date-from-link")
}

func (p *page) has(sel string) bool {
	p.t.Helper()
	return p.eval("has "+sel, fmt.Sprintf(`String(!!document.querySelector(%s))`, js(sel))) == "true"
}

// shownCut lists the selects under root whose chosen option is wider than the box shows,
// and the inputs whose placeholder is, measured with the element's own font.
func (p *page) shownCut(root string, skip ...string) []string {
	p.t.Helper()
	var cut []string
	out := p.eval("measure "+root, fmt.Sprintf(`(() => {
		const c = document.createElement('canvas').getContext('2d');
		const skip = %s, out = [];
		const fits = (el, text) => {
			const cs = getComputedStyle(el);
			c.font = cs.fontWeight + ' ' + cs.fontSize + ' ' + cs.fontFamily;
			const room = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
			return c.measureText(text).width <= room + 0.5;
		};
		for (const el of document.querySelectorAll(%s + ' select, ' + %s + ' input[placeholder]')) {
			if (skip.includes(el.dataset.testid) || el.getClientRects().length === 0) continue;
			const text = el.tagName === 'SELECT' ? (el.options[el.selectedIndex] || {}).text || '' : el.placeholder;
			if (!fits(el, text)) out.push((el.dataset.testid || el.id) + ': ' + text);
		}
		return JSON.stringify(out);
	})()`, jsList(skip), js(root), js(root)))
	if err := json.Unmarshal([]byte(out), &cut); err != nil {
		p.t.Fatal(err)
	}
	return cut
}

func jsList(xs []string) string {
	if xs == nil {
		xs = []string{}
	}
	b, _ := json.Marshal(xs)
	return string(b)
}

// TestBrowserFrenchFiltersFit: the lists' filters show their French labels whole at 1280×800
// and 1024×700 ("Date, la plus proche d’abord" showed as "Date, la plus proche", the text
// filter "Filtrer par mots des intitulés, textes, par").
func TestBrowserFrenchFiltersFit(t *testing.T) {
	p := frenchSample(t)
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {1024, 700}} {
		p.step("viewport", chromedp.EmulateViewport(size.w, size.h))
		for _, route := range []string{"#/commitments", "#/partnerships", "#/meetings", "#/interventions", "#/parties"} {
			p.goHash(route)
			p.wait("list "+route, p.exists(`[data-testid="page-list"] [data-testid="list-row"]`))
			if cut := p.shownCut(`[data-testid="page-list"]`); len(cut) > 0 {
				t.Errorf("%s at %d×%d: cut: %q", route, size.w, size.h, cut)
				p.shot(fmt.Sprintf("fr-filters-cut-%s-%d", route[2:], size.w))
			}
		}
	}
}

// TestBrowserFrenchPackFits: the meeting pack's options show their French placeholders whole
// ("Par défaut : Réservé à un usage officiel" was cut at "Réservé à un").
func TestBrowserFrenchPackFits(t *testing.T) {
	p := frenchSample(t)
	p.goHash("#/meetings")
	p.wait("meetings", p.exists(`[data-testid="page-list"] [data-testid="list-row"]`))
	id := p.eval("meeting", `[...document.querySelectorAll('[data-testid="list-row"]')].find(r => r.textContent.includes('Rabat Process')).dataset.id`)
	for _, size := range []struct{ w, h int64 }{{1280, 800}, {1024, 700}} {
		p.step("viewport", chromedp.EmulateViewport(size.w, size.h))
		p.goHash("#/record/" + id)
		jsClick(p, "record-meeting-pack")
		p.wait("pack", p.exists(`[data-testid="pack-dialog"][open] [data-testid="pack-country"]`))
		if cut := p.shownCut(`[data-testid="pack-dialog"]`); len(cut) > 0 {
			t.Errorf("meeting pack at %d×%d: cut: %q", size.w, size.h, cut)
			p.shot(fmt.Sprintf("fr-pack-cut-%d", size.w))
		}
		p.eval("close", `(() => { document.querySelector('[data-testid="pack-dialog"] header button').click(); return ''; })()`)
		p.wait("pack closed", `!document.querySelector('[data-testid="pack-dialog"][open]')`)
	}
}

// TestBrowserCountriesWithRecords: the Countries screen and the Brief screen count the same
// countries "in your records" (Country.List), a country that only an intervention's points
// name included. The Countries screen counted party records only: 18 against the Brief's 19
// once an intervention said "Cooperation with Ghana on returns".
func TestBrowserCountriesWithRecords(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	add := exec.Command(bin, "record", "add", "intervention", "--data", data)
	add.Stdin = strings.NewReader(`{"meeting": "3d10c765-a377-5aca-bdd6-4f200aa17395", "speaker": "Test speaker", "points": ["Cooperation with Ghana on returns"]}`)
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("record add: %v\n%s", err, out)
	}
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	p.goHash("#/brief")
	p.wait("brief picker", p.exists(tid("brief-with-records")))
	brief := p.eval("brief count", `document.querySelector('[data-testid="brief-with-records"]').dataset.count`)
	p.goHash("#/countries")
	p.wait("countries", p.exists(tid("countries-with-records"))+` && document.querySelector('[data-testid="countries-with-records"]').dataset.count !== "0"`)
	p.typeInto("countries-filter", "Ghana")
	p.wait("Ghana", p.exists(`[data-testid="country-row"][data-code="GHA"]`))
	countries := p.eval("countries count", `document.querySelector('[data-testid="countries-with-records"]').dataset.count`)
	if countries != brief || brief != "19" {
		t.Errorf("countries in your records: %s on the Countries screen, %s on the Brief screen, want 19 on both", countries, brief)
	}
	if !p.has(`[data-testid="country-row"][data-code="GHA"] .badge`) {
		t.Errorf("Ghana, named in an intervention's points, is not marked as in your records")
	}
	p.shot("countries-ghana")
}
