//go:build e2e

package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserIndicatorPastItsBound: a baseline of ten million billion typed in the form is
// refused under the field, in the reader's language, naming the figure as typed and the
// bound (docs/model.md, "Indicators"); a negative figure is saved. Photographed in English
// and French (artifacts/browser-bounds-*.png).
func TestBrowserIndicatorPastItsBound(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	errAt := "field-error-indicators[0].baseline"
	try := func(lang, baseline string, want ...string) {
		t.Helper()
		p.click("nav-commitment")
		p.click("list-new")
		p.wait("form "+lang, p.exists(tid("record-form")))
		p.typeInto("field-title", "Voluntary humanitarian returns")
		p.choose("field-status", "agreed")
		p.click("field-indicators")
		p.wait("indicator row "+lang, p.exists(tid("field-indicators-0-name")))
		p.typeInto("field-indicators-0-name", "Returns assisted")
		p.typeInto("field-indicators-0-unit", "people")
		p.typeInto("field-indicators-0-baseline", baseline)
		p.click("form-save")
		conds := make([]string, len(want))
		for i, w := range want {
			conds[i] = fmt.Sprintf("(%s).includes(%s)", p.textOf(errAt), js(w))
		}
		p.wait("bound told "+lang, strings.Join(conds, " && "))
		p.wait("toasts gone "+lang, `!document.querySelector('[data-testid="toast"]')`)
		p.eval("scroll "+lang, fmt.Sprintf(`(() => { document.querySelector(%s).scrollIntoView({block: "center"}); return ""; })()`, js(tid(errAt))))
		p.shot("bounds-01-indicator-" + lang)
	}
	try("en", "10,000,000,000,000,000", "10000000000000000 is out of bounds", "from -1000000000000000 to 1000000000000000")

	// Corrected to a negative figure (a decrease), it is saved.
	p.typeInto("field-indicators-0-baseline", "-1,250.5")
	p.click("form-save")
	p.wait("saved", fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"]') && (%s).includes("-1,250.5")`, p.textOf("record-field-indicators")))

	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	try("fr", "10 000 000 000 000 000", "10000000000000000 est hors des bornes", "de -1000000000000000 à 1000000000000000")
}
