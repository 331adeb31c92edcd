//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dossier/app/service"
)

// record reads a record with the CLI, once serve has stopped.
func recordFields(t *testing.T, bin, data, id string) map[string]json.RawMessage {
	t.Helper()
	var v struct {
		Fields map[string]json.RawMessage `json:"fields"`
	}
	out := runCLI(t, bin, "record", "show", id, "--json", "--data", data)
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("record show %s: %v\n%s", id, err, out)
	}
	return v.Fields
}

// TestBrowserMoneyAndMeetings goes through the forms of docs/model.md: a commitment with an
// amount for Niger, and an all-day meeting of the Rabat Process found in Geneva's time zone
// through the picker; then the commitment page, the country page and the meeting form are
// photographed in English and French (artifacts/browser-model-*.png).
func TestBrowserMoneyAndMeetings(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	goTo := func(hash string) {
		t.Helper()
		p.eval("go "+hash, fmt.Sprintf(`(() => { location.hash = %s; return ""; })()`, js(hash)))
	}
	// pick chooses the option of a combobox that contains text (options arrive as one types).
	pick := func(list, text string) {
		t.Helper()
		sel := fmt.Sprintf(`[...document.querySelectorAll('#%s li[role=option]')].find(li => li.textContent.includes(%s))`, list, js(text))
		p.wait("option "+text, "!!"+sel)
		p.eval("pick "+text, fmt.Sprintf(`(() => { %s.dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); return ""; })()`, sel))
	}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	// A commitment with one amount: 46,300,000 EUR committed for Niger as a trust-fund contribution.
	niger := service.DemoID("party/NER")
	p.click("nav-commitment")
	p.click("list-new")
	p.wait("form", p.exists(tid("record-form")))
	p.typeInto("field-title", "Niger reintegration envelope")
	p.choose("field-status", "agreed")
	p.click("field-funding")
	p.wait("funding row", p.exists(tid("field-funding-0-amount")))
	p.typeInto("field-funding-0-amount", "46,300,000")
	p.choose("field-funding-0-currency", "EUR")
	p.choose("field-funding-0-state", "committed")
	p.choose("field-funding-0-instrument", "trust_fund_contribution")
	p.typeInto("field-funding-0-as_of", "2017-07-28")
	p.choose("field-funding-0-country", niger)
	p.click("form-save")
	p.wait("commitment saved", fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"]') && (%s).includes("EUR 46,300,000") && (%s).includes("Niger")`,
		p.textOf("record-field-funding"), p.textOf("record-field-funding")))
	commitment := p.eval("commitment id", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)

	// An all-day meeting: a timed end beside a date start is refused under the field, then
	// the dates are saved as dates. The time zone is found by typing "Geneva".
	p.click("nav-meeting")
	p.click("list-new")
	p.wait("meeting form", p.exists(tid("record-form")))
	p.typeInto("field-title", "Senior officials' meeting of the Rabat Process")
	p.typeInto("field-start", "2024-06-10")
	p.typeInto("field-end", "2024-06-12 17:00")
	p.typeInto("field-partnership", "Rabat")
	pick("f-partnership-list", "Rabat Process")
	p.typeInto("field-outcome", "Conclusions on legal pathways adopted.")
	p.typeInto("field-time_zone", "Geneva")
	// The offset is the one on the meeting's day: summer time in June, whatever today is.
	p.wait("zone option", `[...document.querySelectorAll('#f-time_zone-list li[role=option]')].some(li => li.textContent.includes("Geneva — Europe/Zurich") && li.textContent.includes("UTC+02:00"))`)
	p.shot("model-03-meeting-form-en")
	pick("f-time_zone-list", "Europe/Zurich")
	p.wait("zone chosen", `document.querySelector('[data-testid="field-time_zone"]').value === "Europe/Zurich"`)
	p.click("form-save")
	p.wait("mixed dates refused", fmt.Sprintf(`(%s).includes("both as dates")`, p.textOf("field-error-end")))
	p.typeInto("field-end", "2024-06-12")
	p.click("form-save")
	p.wait("meeting saved", fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"]') && (%s).includes("10 June 2024") && /all day/.test(%s) && (%s).includes("Rabat Process")`,
		p.textOf("record-field-start"), p.textOf("record-field-start"), p.textOf("record-field-partnership")))
	meeting := p.eval("meeting id", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)

	// The pages a delegate reads, in English then in French.
	sample := service.DemoID("commitment/eutf-sahel-reintegration")
	photos := func(lang string) {
		t.Helper()
		p.wait("toasts gone "+lang, `!document.querySelector('[data-testid="toast"]')`)
		goTo("#/record/" + sample)
		p.wait("sample commitment "+lang, fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"][data-id=%q] [data-testid="funding-entry"]')`, sample))
		p.shot("model-01-commitment-" + lang)
		// Its indicator, with its source and its values by country.
		// Scrolled on every try: the page may still lay itself out after it first shows.
		p.wait("indicator source "+lang, fmt.Sprintf(`(() => { const e = document.querySelector('[data-testid="record-field-indicators"]'); if (!e) return false;
			e.scrollIntoView(); return Math.abs(e.getBoundingClientRect().top) < 50 && (%s).includes("Sample figures") && (%s).includes("Niger"); })()`,
			p.textOf("record-field-indicators"), p.textOf("record-field-indicators")))
		// The history words the amounts as money, not as JSON.
		hist := `document.querySelector('[data-testid="history-change"][data-field="funding"]')?.textContent ?? ""`
		money := map[string]string{"en": "EUR 150,000,000 · Pledged", "fr": "150 000 000 EUR · Annoncé"}[lang]
		p.wait("history funding "+lang, fmt.Sprintf(`(%s).includes(%s) && !(%s).includes('"amount"')`, hist, js(money), hist))
		p.shot("model-04-commitment-indicators-" + lang)
		p.wait("scroll to history funding "+lang, `(() => { const e = document.querySelector('[data-testid="history-change"][data-field="funding"]');
			e.scrollIntoView({block: "center"}); return Math.abs(e.getBoundingClientRect().top - innerHeight / 2) < innerHeight / 2; })()`)
		p.shot("model-07-commitment-history-" + lang)
		// The all-day meeting saved above: its dates, partnership and outcome.
		goTo("#/record/" + meeting)
		p.wait("meeting page "+lang, fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"][data-id=%q]') && (%s).includes("Conclusions on legal pathways adopted.") && (%s).includes("2024")`,
			meeting, p.textOf("record-field-outcome"), p.textOf("record-field-start")))
		p.shot("model-05-meeting-" + lang)
		// A partnership: its source, and the money of its commitments.
		eutf := service.DemoID("partnership/eutf-africa")
		goTo("#/record/" + eutf)
		p.wait("partnership page "+lang, fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"][data-id=%q] [data-testid="partnership-funding"]') && (%s).includes("Valletta")`,
			eutf, p.textOf("record-field-source")))
		p.shot("model-06-partnership-" + lang)
		// Last, as the checks after photos read it: the country page with its totals.
		goTo("#/country/NER")
		p.wait("country "+lang, p.exists(tid("country-funding-totals")))
		p.shot("model-02-country-" + lang)
	}
	photos("en")
	// Niger's own money is its total (the sample's 40,000,000 and the 46,300,000 typed in the
	// form, for Niger though the commitment is towards no one); the regional envelope is apart.
	p.wait("country totals", fmt.Sprintf(`(%s).includes("EUR 86,300,000") && (%s).includes("EUR 150,000,000") && !(%s).includes("EUR 150,000,000")`,
		p.textOf("country-funding-totals"), p.textOf("country-funding-shared"), p.textOf("country-funding-totals")))

	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	photos("fr")
	p.wait("french amounts", fmt.Sprintf(`(%s).includes("86 300 000 EUR") && (%s).includes("Engagé")`, p.textOf("country-funding-totals"), p.textOf("country-funding-totals")))
	goTo("#/new/meeting")
	p.wait("french meeting form", p.exists(tid("field-time_zone")))
	p.typeInto("field-title", "Réunion à Genève")
	p.typeInto("field-start", "2024-06-10")
	p.typeInto("field-time_zone", "Genève")
	p.wait("french zone option", `[...document.querySelectorAll('#f-time_zone-list li[role=option]')].some(li => li.textContent.includes("Europe/Zurich") && li.textContent.includes("Suisse") && li.textContent.includes("UTC+02:00"))`)
	p.shot("model-03-meeting-form-fr")

	srv.stop(t)
	f := recordFields(t, bin, data, commitment)
	var funding []map[string]any
	if err := json.Unmarshal(f["funding"], &funding); err != nil || len(funding) != 1 {
		t.Fatalf("funding stored: %s %v", f["funding"], err)
	}
	want := map[string]any{"amount": 4.63e7, "currency": "EUR", "state": "committed", "instrument": "trust_fund_contribution", "as_of": "2017-07-28", "country": niger}
	for k, v := range want {
		if funding[0][k] != v {
			t.Errorf("funding %s = %v, want %v", k, funding[0][k], v)
		}
	}
	m := recordFields(t, bin, data, meeting)
	for k, v := range map[string]string{"start": `"2024-06-10"`, "end": `"2024-06-12"`, "time_zone": `"Europe/Zurich"`,
		"partnership": `"` + service.DemoID("partnership/rabat") + `"`, "outcome": `"Conclusions on legal pathways adopted."`} {
		if got := strings.TrimSpace(string(m[k])); got != v {
			t.Errorf("meeting %s = %s, want %s", k, got, v)
		}
	}
}
