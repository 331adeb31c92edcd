//go:build e2e

package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserFormValidation is issue 12, item 5, in a real browser: an empty form names every
// required field on the first submit; "2026-02-30" is told that 30 February does not exist (in
// English and in French), not to write YYYY-MM-DD; a meeting start typed as its placeholder
// shows ("2026-03-10 13:30") is stored in RFC 3339 with the offset of the meeting's zone. In
// French, dates typed JJ/MM/AAAA are stored as the same ISO values and shown back so for
// editing, and 31/02/2026 is refused (docs/dates.md).
func TestBrowserFormValidation(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	// goTo leaves the current page, discarding a refused form when asked to.
	goTo := func(hash string) {
		t.Helper()
		p.eval("go "+hash, fmt.Sprintf(`(() => { location.hash = %s; return ""; })()`, js(hash)))
		p.eval("discard", `(() => { const b = document.querySelector('[data-testid="leave-confirm"][open] [data-testid="leave-discard"]'); if (b) b.click(); return ""; })()`)
	}
	pick := func(list, text string) {
		t.Helper()
		sel := fmt.Sprintf(`[...document.querySelectorAll('#%s li[role=option]')].find(li => li.textContent.includes(%s))`, list, js(text))
		p.wait("option "+text, "!!"+sel)
		p.eval("pick "+text, fmt.Sprintf(`(() => { %s.dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); return ""; })()`, sel))
	}
	has := func(id, text string) string {
		return fmt.Sprintf(`(%s).includes(%s)`, p.textOf(id), js(text))
	}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	// One submit of an empty form names Title and Status together.
	goTo("#/new/commitment")
	p.wait("form", p.exists(tid("record-form")))
	p.click("form-save")
	p.wait("every required field on the first submit", has("field-error-title", "is required")+" && "+has("field-error-status", "is required"))
	p.shot("valid-01-empty-en")

	// A well-formed date that names no day is told so, with the other errors of the form.
	p.typeInto("field-due", "2026-02-30")
	p.click("form-save")
	p.wait("30 February", has("field-error-due", "30 February does not exist")+" && !"+has("field-error-due", "YYYY-MM-DD")+
		" && "+has("field-error-title", "is required")+" && "+has("field-error-status", "is required"))
	p.shot("valid-02-impossible-date-en")

	// A title of blanks is no title (docs/model.md): no-break spaces, which the form trims, and
	// a zero-width space, which reaches the backend and is refused there as required.
	p.typeInto("field-due", "")
	p.choose("field-status", "agreed")
	p.typeInto("field-title", "\u00a0\u202f\u200b ")
	p.click("form-save")
	p.wait("blank title refused", has("field-error-title", "is required")+` && !document.querySelector('[data-testid="field-error-status"]') && !document.querySelector('[data-testid="page-record"]')`)
	p.shot("valid-02b-blank-title-en")

	// A meeting start and end typed as the placeholder shows, in Rome's winter time.
	goTo("#/new/meeting")
	p.wait("meeting form", p.exists(tid("field-time_zone")))
	p.typeInto("field-title", "Senior officials in Rome")
	p.typeInto("field-start", "2026-03-10 13:30")
	p.typeInto("field-end", "2026-03-10 17:00")
	p.typeInto("field-time_zone", "Rome")
	pick("f-time_zone-list", "Europe/Rome")
	p.wait("zone chosen", `document.querySelector('[data-testid="field-time_zone"]').value === "Europe/Rome"`)
	p.click("form-save")
	p.wait("meeting saved", p.exists(tid("page-record")))
	meeting := p.eval("meeting id", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)

	// The same in French.
	goTo("#/settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	goTo("#/new/commitment")
	p.wait("french form", p.exists(tid("record-form")))
	p.typeInto("field-due", "2026-02-30")
	p.click("form-save")
	p.wait("30 février", has("field-error-due", "le 30 février n’existe pas")+" && "+has("field-error-title", "est obligatoire")+" && "+has("field-error-status", "est obligatoire"))
	p.shot("valid-03-impossible-date-fr")
	p.typeInto("field-due", "")
	p.choose("field-status", "agreed")
	p.typeInto("field-title", "\u202f\u200b\u00a0")
	p.click("form-save")
	p.wait("blank title refused (fr)", has("field-error-title", "est obligatoire")+` && !document.querySelector('[data-testid="field-error-due"]') && !document.querySelector('[data-testid="page-record"]')`)
	p.shot("valid-03b-blank-title-fr")
	p.wait("French placeholder", `document.querySelector('[data-testid="field-due"]').placeholder === "JJ/MM/AAAA"`)
	p.typeInto("field-title", "Engagement daté à la française")
	p.choose("field-status", "agreed")
	p.typeInto("field-due", "31/02/2026")
	p.click("form-save")
	p.wait("31/02/2026 refused", has("field-error-due", "« 31/02/2026 » : le 31 février n’existe pas (février 2026 a 28 jours)"))
	p.shot("valid-05-jjmmaaaa-refused-fr")
	p.typeInto("field-due", "31/12/2026")
	p.click("form-save")
	p.wait("commitment saved", p.exists(tid("page-record")))
	commitment := p.eval("commitment id", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)
	p.click("record-edit")
	p.wait("shown back as typed, and read in words", `(document.querySelector('[data-testid="field-due"]') || {}).value === "31/12/2026" && document.body.textContent.includes("31 décembre 2026")`)
	p.eval("show the due date", `(() => { document.querySelector('[data-testid="field-due"]').scrollIntoView({block: "center"}); return ""; })()`)
	p.shot("valid-06-jjmmaaaa-edit-fr")
	goTo("#/new/meeting")
	p.wait("french meeting form", p.exists(tid("field-start")))
	p.typeInto("field-title", "Réunion")
	p.typeInto("field-start", "10/03/2026 13.30")
	p.click("form-save")
	p.wait("placeholder shape asked", has("field-error-start", "JJ/MM/AAAA HH:MM")+" && !"+has("field-error-start", "+01:00"))
	p.shot("valid-04-meeting-start-fr")
	p.typeInto("field-start", "10/03/2026 13h30")
	p.typeInto("field-end", "10/03/2026 17:00")
	p.typeInto("field-time_zone", "Rome")
	pick("f-time_zone-list", "Europe/Rome")
	p.wait("zone chosen (fr)", `document.querySelector('[data-testid="field-time_zone"]').value === "Europe/Rome"`)
	p.click("form-save")
	p.wait("French meeting saved", p.exists(tid("page-record")))
	meetingFR := p.eval("meeting id (fr)", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)

	srv.stop(t)
	for _, m := range []string{meeting, meetingFR} {
		f := recordFields(t, bin, data, m)
		if got := string(f["start"]); got != `"2026-03-10T13:30:00+01:00"` {
			t.Errorf("start stored as %s, want \"2026-03-10T13:30:00+01:00\"", got)
		}
		if got := string(f["end"]); got != `"2026-03-10T17:00:00+01:00"` {
			t.Errorf("end stored as %s, want \"2026-03-10T17:00:00+01:00\"", got)
		}
	}
	if got := string(recordFields(t, bin, data, commitment)["due"]); got != `"2026-12-31"` {
		t.Errorf("due typed 31/12/2026 in French stored as %s, want \"2026-12-31\"", got)
	}
}
