//go:build e2e

package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserFocusedFieldNotUnderTheSaveBar: moving through a long form with Tab never leaves
// the focused field hidden behind the form's sticky Save and Cancel bar. A walk of the window
// at 1280×800 found the new funding row's fields, and an indicator's, focused under the bar:
// the page did not scroll to them. The scrolling pane keeps room for the bar
// (scroll-padding-bottom).
func TestBrowserFocusedFieldNotUnderTheSaveBar(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.goHash("#/new/commitment")
	p.wait("form", p.exists(tid("record-form")))
	p.eval("focus the title", `document.querySelector('[data-testid="record-form"] input')?.focus(); ""`)
	// Where the focused element is against the bar: "" when it is clear of it.
	hidden := `(() => {
		const el = document.activeElement, bar = document.querySelector('[data-testid="record-form"] .footer');
		if (!el || !bar || bar.contains(el) || !document.querySelector('[data-testid="record-form"]').contains(el)) return "";
		const r = el.getBoundingClientRect(), b = bar.getBoundingClientRect();
		return r.bottom > b.top + 1 ? (el.id || el.getAttribute('aria-label') || el.tagName) + " bottom " + Math.round(r.bottom) + " under the bar at " + Math.round(b.top) : "";
	})()`
	var under []string
	for i := 0; i < 60; i++ {
		p.step("tab", chromedp.KeyEvent(kb.Tab))
		if s := p.eval("where", hidden); s != "" {
			under = append(under, s)
		}
	}
	// A funding row added from a button near the bottom of the pane: its first field, focused by
	// the form, is scrolled clear of the bar too.
	for i := 0; i < 3; i++ {
		p.eval("add an amount", `(() => { const b = document.getElementById('f-funding'); b.scrollIntoView({block: 'end'}); b.click(); return ""; })()`)
		p.wait("the new row focused", `!!document.activeElement && document.activeElement.id.startsWith('f-funding-')`)
		if s := p.eval("where", hidden); s != "" {
			under = append(under, "after adding an amount: "+s)
		}
	}
	if len(under) > 0 {
		p.shot("focus-under-bar")
		t.Fatalf("fields focused under the save bar: %s", strings.Join(under, "; "))
	}
}

// TestBrowserListLabelAddsNothing: the label of a list with no entry yet (talking points,
// funding) points at its Add button, so that the label and the first problem lead there; a
// click on the label focuses the button and adds nothing. A walk of the window found a click
// on "Talking points" adding an empty point, which the save then refused.
func TestBrowserListLabelAddsNothing(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	for _, c := range []struct{ hash, field, entries string }{
		{"#/new/intervention", "f-points", `document.querySelectorAll('textarea[id^="f-points"]').length`},
		{"#/new/commitment", "f-funding", `document.querySelectorAll('[id^="f-funding-"][id$="-amount"]').length`},
	} {
		p.goHash(c.hash)
		p.wait("form", p.exists(`label[for="`+c.field+`"]`))
		p.step("click the label of "+c.field, chromedp.Click(chromedp.CSS(`label[for="`+c.field+`"]`)))
		p.wait("the add button focused", `document.activeElement?.id === "`+c.field+`" && document.activeElement.tagName === "BUTTON"`)
		if n := p.eval("entries", `String(`+c.entries+`)`); n != "0" {
			t.Errorf("%s: a click on the label added %s entries", c.field, n)
		}
		p.goHash("#/")
		p.wait("home", p.exists(tid("page-home")))
	}
}

// TestBrowserFormFieldsShowWhole: a record form's date placeholders and chosen options show
// whole at 1280×800 and 1024×700, in English and in French. A walk of the window found the
// meeting's Start showing "YYYY-MM-DD or YYYY-MM-DD HH:" and a funding line's currency "USD —
// US Doll".
func TestBrowserFormFieldsShowWhole(t *testing.T) {
	p := frenchSample(t)
	for _, lang := range []string{"fr", "en"} {
		p.goHash("#/settings")
		p.choose("settings-language", lang)
		p.wait(lang, `document.documentElement.lang === "`+lang+`"`)
		for _, size := range []struct{ w, h int64 }{{1280, 800}, {1024, 700}} {
			p.step("viewport", chromedp.EmulateViewport(size.w, size.h))
			for _, kind := range []string{"commitment", "meeting", "partnership", "intervention", "party", "framework"} {
				p.goHash("#/new/" + kind)
				p.wait("form "+kind, p.exists(tid("record-form")))
				if kind == "commitment" { // a funding line in US dollars: its currency shown whole
					p.eval("add an amount", `(() => { document.getElementById('f-funding').click(); return ""; })()`)
					p.wait("the new row", `!!document.querySelector('select[id^="f-funding-0-currency"]')`)
					p.eval("dollars", `(() => { const s = document.querySelector('select[id^="f-funding-0-currency"]'); s.value = "USD";
						s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()`)
				}
				if size.w == 1024 && (kind == "commitment" || kind == "meeting") {
					p.eval("to the row", `(() => { document.querySelector('select[id^="f-funding-0-currency"], #f-start')?.scrollIntoView({block: 'center'}); return ""; })()`)
					p.shot(fmt.Sprintf("form-whole-%s-%s", kind, lang))
				}
				if cut := p.shownCut(`[data-testid="record-form"]`); len(cut) > 0 {
					t.Errorf("%s form, %s, %d×%d: cut: %q", kind, lang, size.w, size.h, cut)
					p.shot(fmt.Sprintf("form-cut-%s-%s-%d", kind, lang, size.w))
				}
				p.goHash("#/")
				if p.has(`[data-testid="leave-confirm"][open]`) {
					p.click("leave-discard")
				}
				p.wait("home", p.exists(tid("page-home")))
			}
		}
	}
}
