//go:build e2e

package web

import (
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserInterventionCountries: the Interventions list names and filters countries as the
// country page counts them (docs/brief.md, "Talking points"). An intervention that names
// South Sudan only in its points showed an empty "Pays" cell, and the list filtered for
// South Sudan missed it, though the South Sudan page showed its point.
func TestBrowserInterventionCountries(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	add := exec.Command(bin, "record", "add", "intervention", "--data", data)
	add.Stdin = strings.NewReader(`{"meeting": "3d10c765-a377-5aca-bdd6-4f200aa17395", "speaker": "IGAD secretariat",
		"points": ["Returns to South Sudan have resumed along the corridor."]}`)
	out, err := add.CombinedOutput()
	if err != nil {
		t.Fatalf("record add: %v\n%s", err, out)
	}
	id := strings.TrimSpace(string(out))
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.goHash("#/settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)

	row := fmt.Sprintf(`document.querySelector('[data-testid="list-row"][data-id=%s]')`, js(id))
	p.goHash("#/interventions")
	p.wait("row", "!!"+row)
	if got := p.eval("cell", fmt.Sprintf(`%s.querySelector('[data-testid="list-country"]').textContent.trim()`, row)); got != "Soudan du Sud" {
		t.Errorf("the Pays cell of an intervention naming South Sudan in a point reads %q, want \"Soudan du Sud\"", got)
	}
	p.shot("interventions-countries-fr")

	listed := func(code string) []string {
		p.goHash("#/interventions?country=" + code)
		p.wait("filtered "+code, fmt.Sprintf(`location.hash.includes("country=%s") && document.querySelector('[data-testid="filter-country"]').value === %s`, code, js(code)))
		// The list has settled when its count says how many rows it shows.
		p.wait("rows "+code, `(() => { const rows = document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]').length;
			return rows > 0 && document.querySelector('[data-testid="page-list"]').textContent.includes(rows === 1 ? '1 fiche' : rows + ' fiches'); })()`)
		ids := p.eval("ids "+code, `[...document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]')].map(r => r.dataset.id).sort().join(' ')`)
		return strings.Fields(ids)
	}
	onPage := func(code string) []string {
		p.goHash("#/country/" + code)
		p.wait("page "+code, p.exists(tid("country-points"))+fmt.Sprintf(` && location.hash === "#/country/%s"`, code))
		p.wait("points "+code, `document.querySelectorAll('[data-testid="country-points"] .tp').length > 0`)
		ids := p.eval("page ids "+code, `[...document.querySelectorAll('[data-testid="country-points"] .tp-head > a')].map(a => a.getAttribute('href').split('/').pop()).sort().join(' ')`)
		return strings.Fields(ids)
	}
	for _, code := range []string{"SSD", "SDN"} {
		// The page first: a list read as soon as its count matches its rows can still be the
		// unfiltered list of the step before (the demo's interventions and this one are as
		// many as the rows it would show), so the filtered list is given time to become the
		// page's set, and compared once it has or once that time is up.
		pg := onPage(code)
		p.goHash("#/interventions?country=" + code)
		want := strings.Join(pg, " ")
		check := fmt.Sprintf(`[...document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]')].map(r => r.dataset.id).sort().join(' ') === %s`, js(want))
		_, _ = chromedp.Run(p.ctx, chromedp.Poll[chromedp.Void](check, chromedp.WithPollingTimeout(10*time.Second), chromedp.WithPollingInterval(50*time.Millisecond)))
		l := listed(code)
		if !slices.Equal(l, pg) {
			t.Errorf("%s: the list filtered for it shows %v, its page %v", code, l, pg)
		}
		if slices.Contains(l, id) != (code == "SSD") {
			t.Errorf("%s: the intervention naming South Sudan is listed: %v", code, slices.Contains(l, id))
		}
	}
	listed("SSD")
	p.shot("interventions-ssd-fr")
}
