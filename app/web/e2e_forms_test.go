//go:build e2e

package web

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserTalkingPointsAndDrafts is issue 12, items 1 and 2, in a real browser: "Hello world"
// typed right after "Add a point" is stored whole, Enter at the end of a point starts the next
// and Shift+Enter breaks the line; a dirty form asks before Home, Back, Esc or a picker's Open
// link leave it; a reload asks through beforeunload, and the draft kept in localStorage is
// offered back afterwards. Screenshots of the question and the offer, in English and French.
func TestBrowserTalkingPointsAndDrafts(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}

	// A reload with unsaved work opens the browser's beforeunload question: count it, accept it.
	unloadAsked := acceptBeforeUnload(t, ctx)

	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	jsClick(p, "nav-settings")
	jsClick(p, "load-sample")
	p.wait("sample loaded", p.exists(tid("toast")))
	jsClick(p, "nav-meeting")
	p.wait("meeting list", p.exists(`[data-testid="page-list"][data-kind="meeting"] [data-testid="list-row"]`))
	meeting := p.eval("a meeting", `document.querySelector('[data-testid="list-row"]').dataset.id || ""`)
	if meeting == "" {
		p.fail("a meeting", fmt.Errorf("the meeting rows carry no data-id"))
	}
	formHash := "#/new/intervention?meeting=" + meeting
	newForm := fmt.Sprintf(`location.hash = %s; ""`, js(formHash))
	points := `JSON.stringify([...document.querySelectorAll('[data-testid^="field-points"]')].filter(e => e.tagName === 'TEXTAREA').map(e => e.value))`

	// 2. "Add a point" focuses the new point: the space in "Hello world" is text, not a click.
	p.eval("new intervention", newForm)
	p.wait("form", p.exists(tid("record-form")))
	jsClick(p, "field-points")
	p.step("type the first point", chromedp.KeyEvent("Hello world"))
	p.step("Enter at the end adds a point", chromedp.KeyEvent(kb.Enter))
	p.step("type the second point", chromedp.KeyEvent("Second"))
	p.step("Shift+Enter breaks the line", chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierShift)))
	p.step("type the second line", chromedp.KeyEvent("line"))
	if got := p.eval("points", points); got != `["Hello world","Second\nline"]` {
		p.fail("points", fmt.Errorf("points are %s, want [\"Hello world\",\"Second\\nline\"]", got))
	}

	// 1. Home, Back and Esc ask; staying keeps every word.
	jsClick(p, "nav-home")
	p.wait("leave question on Home", p.exists(`[data-testid="leave-confirm"][open]`))
	p.shot("forms-leave-confirm-en")
	jsClick(p, "leave-stay")
	p.eval("back", `history.back(); ""`)
	p.wait("leave question on Back", p.exists(`[data-testid="leave-confirm"][open]`))
	jsClick(p, "leave-stay")
	p.eval("focus the form", `document.querySelector('[data-testid="field-points"]').focus(); ""`)
	p.step("Esc", chromedp.KeyEvent(kb.Escape))
	p.wait("leave question on Esc", p.exists(`[data-testid="leave-confirm"][open]`))
	jsClick(p, "leave-stay")
	// The picker's "Open" link (reached by Tab, pressed with Enter) is a link like any other.
	p.eval("open link", `document.querySelector('[data-testid="record-form"] a[href^="#/record/"]').click(); ""`)
	p.wait("leave question on Open", p.exists(`[data-testid="leave-confirm"][open]`))
	jsClick(p, "leave-stay")
	p.wait("still the form", `!document.querySelector('[data-testid="leave-confirm"][open]') && !!document.querySelector('[data-testid="record-form"]')`)
	if got := p.eval("points kept", points); got != `["Hello world","Second\nline"]` {
		p.fail("points kept", fmt.Errorf("after staying, points are %s", got))
	}

	// Reload or close: the page's beforeunload handler asks (the browser shows its own question).
	if got := p.eval("beforeunload", `(() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return String(e.defaultPrevented); })()`); got != "true" {
		p.fail("beforeunload", fmt.Errorf("a dirty form does not stop a reload (defaultPrevented %s)", got))
	}
	// Reload anyway (the browser's question is accepted): the draft is offered.
	p.step("reload", chromedp.Reload())
	p.wait("draft offered", p.exists(tid("draft-offer")))
	if unloadAsked.Load() == 0 {
		t.Errorf("reload with unsaved work did not ask (no beforeunload dialog)")
	}
	p.shot("forms-draft-offer-en")
	jsClick(p, "draft-restore")
	p.wait("draft restored", fmt.Sprintf(`%s === %s`, points, js(`["Hello world","Second\nline"]`)))
	jsClick(p, "form-save")
	p.wait("saved", p.exists(tid("page-record")))
	id := p.eval("record id", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)
	if left := p.eval("draft cleared", `String(Object.keys(localStorage).filter(k => k.startsWith('dossier.draft.')).length)`); left != "0" {
		t.Errorf("%s drafts left after saving", left)
	}

	// 3. The meeting pack's picker: "Ger" then Enter adds Germany, not Algeria (which contains
	// "ger" and sorts first). Morocco is a participant of this meeting already, so not "Mor".
	p.eval("meeting page", fmt.Sprintf(`location.hash = %s; ""`, js("#/record/"+meeting)))
	jsClick(p, "record-meeting-pack")
	p.wait("pack dialog", p.exists(tid("pack-dialog")+"[open]"))
	p.eval("focus the picker", `document.querySelector('[data-testid="pack-add-country"]').focus(); ""`)
	// Enter comes right after the typing, as a fast typist's does: it must pick from the answer
	// for "Ger", not from the options still shown for "G" or "Ge".
	p.step("type Ger", chromedp.KeyEvent("Ger"))
	p.step("Enter", chromedp.KeyEvent(kb.Enter))
	p.wait("Germany added", p.exists(`[data-testid="pack-country"][data-code="DEU"]`))
	if p.eval("no Algeria", "String("+p.exists(`[data-testid="pack-country"][data-code="DZA"]`)+")") == "true" {
		p.fail("no Algeria", fmt.Errorf(`"Ger" and Enter added Algeria`))
	}
	p.step("type Comoros", chromedp.KeyEvent("Comoros"))
	p.step("Enter", chromedp.KeyEvent(kb.Enter))
	p.wait("Comoros added", p.exists(`[data-testid="pack-country"][data-code="COM"]`))
	p.wait("empty brief warning", fmt.Sprintf(`(%s).includes("Comoros")`, p.textOf("pack-empty-warning")))
	p.shot("forms-pack-empty-warning-en")
	p.step("close the pack", chromedp.KeyEvent(kb.Escape))
	p.wait("pack closed", `!document.querySelector('[data-testid="pack-dialog"][open]')`)

	// French: the same question and offer, in French.
	jsClick(p, "nav-settings")
	p.wait("settings", p.exists(tid("settings-language")))
	p.eval("choose French", `(() => { const el = document.querySelector('[data-testid="settings-language"]'); el.value = "fr";
		el.dispatchEvent(new Event('change', {bubbles: true})); return ""; })()`)
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.eval("new intervention", newForm)
	p.wait("form (fr)", p.exists(tid("record-form")))
	jsClick(p, "field-points")
	p.step("type a point (fr)", chromedp.KeyEvent("Bonjour"))
	jsClick(p, "nav-home")
	p.wait("leave question (fr)", p.exists(`[data-testid="leave-confirm"][open]`))
	if txt := p.eval("french question", p.textOf("leave-confirm")); !strings.Contains(txt, "Quitter sans enregistrer") {
		p.fail("french question", fmt.Errorf("the question reads %q", txt))
	}
	p.shot("forms-leave-confirm-fr")
	jsClick(p, "leave-stay")
	p.step("reload (fr)", chromedp.Reload())
	p.wait("draft offered (fr)", p.exists(tid("draft-offer")))
	p.shot("forms-draft-offer-fr")
	jsClick(p, "draft-discard")
	p.wait("offer gone", `!document.querySelector('[data-testid="draft-offer"]')`)
	jsClick(p, "nav-home")
	p.wait("clean form leaves without asking", p.exists(tid("page-home")))

	srv.stop(t)
	out := runCLI(t, bin, "record", "show", id, "--json", "--data", data)
	if !strings.Contains(out, `"Hello world"`) || !strings.Contains(out, `"Second\nline"`) {
		t.Errorf("the saved intervention does not hold the points as typed:\n%s", out)
	}
}

// jsClick clicks by test id from the page itself, so that a modal's open state or a pending
// render never makes the click land elsewhere.
func jsClick(p *page, id string) {
	p.t.Helper()
	p.wait("see "+id, p.exists(tid(id)))
	p.eval("click "+id, fmt.Sprintf(`document.querySelector(%s).click(); ""`, js(tid(id))))
}
