//go:build e2e

package web

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// A search of symbols only finds nothing, in the quick search and in a list's text filter,
// and says so in the reader's language; before, it listed every record.
func TestBrowserSymbolsSearchFindsNothing(t *testing.T) {
	p := englishSample(t)
	for _, lang := range []string{"en", "fr"} {
		if lang == "fr" {
			p.goHash("#/settings")
			p.choose("settings-language", "fr")
			p.wait("french", `document.documentElement.lang === "fr"`)
		}
		p.goHash("#/commitments")
		p.wait("rows", p.exists(`[data-testid="page-list"] [data-testid="list-row"]`))
		p.enter("list-filter", "—")
		p.wait("symbols applied", `location.hash.includes("q=")`)
		p.wait("no row", `!document.querySelector('[data-testid="page-list"] [data-testid="list-row"]')`)
		p.shot("search-symbols-list-" + lang)
		p.enter("list-filter", "")
		p.wait("rows back", p.exists(`[data-testid="page-list"] [data-testid="list-row"]`))

		p.step("ctrl+k", chromedp.KeyEvent("k", chromedp.KeyModifiers(chromedp.ModifierCtrl)))
		p.wait("quick search open", p.exists(tid("quick-search-input")))
		p.step("type symbols", chromedp.SendKeys(chromedp.CSS(tid("quick-search-input")), "***"))
		none := map[string]string{"en": "Nothing found.", "fr": "Aucun résultat."}[lang]
		p.wait("nothing found", `[...document.querySelectorAll('[data-testid="quick-search"] .empty')].some(e => e.textContent.trim() === `+js(none)+`)`)
		if p.eval("results", `String(document.querySelectorAll('[data-testid="quick-search-result"]').length)`) != "0" {
			t.Errorf("%s: the quick search of *** lists records", lang)
		}
		p.shot("search-symbols-quick-" + lang)
		p.step("escape", chromedp.KeyEvent("\x1b"))
	}
}
