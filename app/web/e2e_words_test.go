//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dossier/app/service"
)

// TestBrowserWordsOfConflictsMoneyAndCSV: wordings found missing by the walks of 4 December
// 2026, on the screen, in English and French. Amina and Bruno change a commitment's funding
// line for Libya and its indicator offline; at the secretariat, the Conflicts screen words
// each indicator side with the date of its value (as the record page and the brief do), the
// brief's Open conflicts names the country a funding line is for, and its amounts follow the
// language's rule (46 300 000 EUR in French), the screen as the PDF it saves (screenMatchesPDF);
// a CSV row naming a party twice says which, as the cell wrote it.
func TestBrowserWordsOfConflictsMoneyAndCSV(t *testing.T) {
	ctx := browser(t)
	pdftotext := need(t, "pdftotext")
	bin := buildBinary(t, "")
	sec, amina, bruno := threeOffices(t, bin)
	records := func(data string, do func(r *service.Records)) {
		t.Helper()
		app, err := service.Open(data)
		if err != nil {
			t.Fatal(err)
		}
		defer app.Close()
		do(&service.Records{App: app})
	}
	raw := func(v any) json.RawMessage { b, _ := json.Marshal(v); return b }
	must := func(v *service.RecordView, err error) *service.RecordView {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Each funding value holds a line both leave alone (folded as identical on the Conflicts
	// screen); Bruno adds a disbursement (added in his value, removed in Amina's).
	funding := func(lby string, amount float64, more ...map[string]any) json.RawMessage {
		return raw(append([]map[string]any{{"amount": amount, "currency": "EUR", "state": "committed", "country": lby, "as_of": "2026-11-30"},
			{"amount": 2000000, "currency": "EUR", "state": "pledged"}}, more...))
	}
	indicators := func(actual float64, asOf string) json.RawMessage {
		return raw([]map[string]any{{"name": "Officers trained", "unit": "people", "target": 5000, "values": []map[string]any{{"actual": actual, "as_of": asOf}}},
			{"name": "Boats handed over", "unit": "boats", "target": 10}})
	}
	var lby, cm string
	records(amina, func(r *service.Records) {
		lby = must(r.Add("party", map[string]json.RawMessage{"name": raw("Libya"), "type": raw("country"), "iso3": raw("LBY")})).ID
		eu := must(r.Add("party", map[string]json.RawMessage{"name": raw("European Union"), "type": raw("eu_institution")})).ID
		cm = must(r.Add("commitment", map[string]json.RawMessage{"title": raw("Coast guard training"), "status": raw("agreed"),
			"committed_by": raw([]string{eu}), "towards": raw([]string{lby}), "funding": funding(lby, 6000000), "indicators": indicators(1200, "2026-06-30")})).ID
	})
	bundles := t.TempDir()
	first := filepath.Join(bundles, "first.dossier")
	runCLI(t, bin, "export", "--out", first, "--data", amina)
	runCLI(t, bin, "import", first, "--data", sec)
	consolidated := filepath.Join(bundles, "consolidated.dossier") // Bruno learns Amina's key from it
	runCLI(t, bin, "export", "--out", consolidated, "--data", sec)
	runCLI(t, bin, "import", consolidated, "--data", bruno)
	// Offline, each changes the amount and reports a new figure.
	records(amina, func(r *service.Records) {
		must(r.Update(cm, map[string]json.RawMessage{"funding": funding(lby, 6500000), "indicators": indicators(1500, "2026-11-13")}))
	})
	records(bruno, func(r *service.Records) {
		must(r.Update(cm, map[string]json.RawMessage{"funding": funding(lby, 7000000, map[string]any{"amount": 500000, "currency": "EUR", "state": "disbursed", "as_of": "2026-12-01"}),
			"indicators": indicators(1400, "2026-10-01")}))
	})
	for i, d := range []string{amina, bruno} {
		f := filepath.Join(bundles, fmt.Sprintf("%d.dossier", i))
		runCLI(t, bin, "export", "--out", f, "--data", d)
		runCLI(t, bin, "import", f, "--data", sec)
	}
	twice := filepath.Join(t.TempDir(), "partnerships.csv")
	if err := os.WriteFile(twice, []byte("title,type,status,parties\nEU–Libya dialogue,bilateral,active,LBY:lead; Libya:member\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	srv := startServe(t, bin, sec)
	defer srv.stop(t)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 900))
	p.wait("app ready", p.exists(tid("app-ready")))
	words := map[string]struct {
		indicators, funding []string
		csv, since          string
	}{
		"en": {
			[]string{"Officers trained: 1,500 people; target 5,000 people; as of 13 Nov 2026", "Officers trained: 1,400 people; target 5,000 people; as of 1 Oct 2026"},
			[]string{"EUR 6,500,000 committed · Libya · as of 30 Nov 2026", "EUR 7,000,000 committed · Libya · as of 30 Nov 2026"},
			"“Libya” is listed twice: give each party one role", "2 Since 1 January 2020"},
		"fr": {
			[]string{"Officers trained : 1 500 people ; cible 5 000 people ; au 13 nov. 2026", "Officers trained : 1 400 people ; cible 5 000 people ; au 1er oct. 2026"},
			[]string{"6 500 000 EUR engagé · Libye · au 30 nov. 2026", "7 000 000 EUR engagé · Libye · au 30 nov. 2026"},
			"« Libya » figure deux fois : donnez un seul rôle à chaque partie", "2 Depuis le 1er janvier 2020"},
	}
	// norm: the screen's no-break and narrow no-break spaces as spaces, for comparing words.
	const norm = `.replace(/[\u00a0\u202f]/g, ' ')`
	for _, lang := range []string{"en", "fr"} {
		w := words[lang]
		if lang == "fr" {
			p.click("nav-settings")
			p.choose("settings-language", "fr")
			p.wait("french", `document.documentElement.lang === "fr"`)
		}
		// 1. The Conflicts screen: each indicator side with the date of its value.
		p.goHash("#/conflicts")
		card := `document.querySelector('[data-testid="conflict"][data-field="indicators"]')`
		p.wait("indicator sides "+lang, fmt.Sprintf(`(() => { const c = %s; if (!c) return false; c.scrollIntoView({block: "center"});
			const s = c.innerText%s; return s.includes(%s) && s.includes(%s); })()`, card, norm, js(w.indicators[0]), js(w.indicators[1])))
		p.shot("words-conflicts-indicators-" + lang)
		// Each value's entries are marked against the other's: the Libya line's amount changed,
		// Bruno's disbursement added in his value and removed in Amina's, the pledge folded as
		// identical; the indicator whose value changed is marked, the other folded.
		p.eval("funding card "+lang, `(() => { document.querySelector('[data-testid="conflict"][data-field="funding"]').scrollIntoView({block: "center"}); return ''; })()`)
		marks := p.eval("marks "+lang, `[...document.querySelectorAll('[data-testid="conflict"][data-field="funding"] .values > li, [data-testid="conflict"][data-field="indicators"] .values > li')].map(li =>
			li.closest('[data-testid="conflict"]').dataset.field + " " + li.querySelector('.author').textContent + ": " +
			[...li.querySelectorAll('[data-testid="conflict-entry"]')].map(e => e.dataset.mark + "(" + e.dataset.parts + ") " + e.querySelector('.mark').textContent).join(", ") +
			" | " + (li.querySelector('[data-testid="conflict-same"] summary')?.textContent ?? "")).sort().join("\n")`+norm)
		want := map[string]string{
			"en": "funding Amina Benali: changed(amount) Changed: amount, removed() Removed | 1 identical line\n" +
				"funding Bruno Okafor: changed(amount) Changed: amount, added() Added | 1 identical line\n" +
				"indicators Amina Benali: changed(values) Changed: values over time | 1 identical indicator\n" +
				"indicators Bruno Okafor: changed(values) Changed: values over time | 1 identical indicator",
			"fr": "funding Amina Benali: changed(amount) Modification : montant, removed() Retrait | 1 ligne identique\n" +
				"funding Bruno Okafor: changed(amount) Modification : montant, added() Ajout | 1 ligne identique\n" +
				"indicators Amina Benali: changed(values) Modification : valeurs dans le temps | 1 indicateur identique\n" +
				"indicators Bruno Okafor: changed(values) Modification : valeurs dans le temps | 1 indicateur identique",
		}[lang]
		if marks != want {
			p.fail("marks "+lang, &mismatch{marks, want})
		}
		p.shot("words-conflicts-funding-marks-" + lang)
		// The record page's conflict view marks them alike.
		p.goHash("#/record/" + cm)
		p.wait("record page marks "+lang, `(() => { const c = document.querySelector('[data-testid="page-record"] [data-testid="conflict"][data-field="funding"]'); if (!c) return false;
			c.scrollIntoView({block: "start"}); return document.querySelectorAll('[data-testid="page-record"] [data-testid="conflict-entry"]').length === 6 &&
			document.querySelectorAll('[data-testid="page-record"] [data-testid="conflict-same"]').length === 4; })()`)
		p.shot("words-record-conflict-marks-" + lang)

		// 2. The brief: the funding line's country in Open conflicts, amounts by the language's rule.
		p.goHash("#/brief?country=LBY&since=2020-01-01")
		entries := `[...document.querySelectorAll('[data-testid="brief-conflict-entries"]')].map(e => e.innerText).join('\n')`
		p.wait("funding sides "+lang, fmt.Sprintf(`(() => { const s = (%s)%s; return s.includes(%s) && s.includes(%s); })()`, entries, norm, js(w.funding[0]), js(w.funding[1])))
		p.eval("scroll to conflicts", `(() => { document.querySelector('[data-testid="brief-section-conflicts"]').scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("words-brief-conflicts-" + lang)
		p.eval("scroll to money", `(() => { document.querySelector('[data-testid="brief-section-money"]')?.scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("words-brief-money-" + lang)
		// A disputed commitment's flag reads as on paper (it was "Disputed (…)" on screen and
		// "DISPUTED (…): see Open conflicts" on paper).
		flag := map[string]string{"en": "⚠ Disputed (Funding, Indicators): see Open conflicts", "fr": "⚠ Contesté (Financement, Indicateurs) : voir Conflits ouverts"}[lang]
		flags := p.eval("flags "+lang, `[...document.querySelectorAll('[data-testid="brief-commitment"] .flag')].map(f => f.innerText.replace(/\s+/g, " ").trim()).join(" | ")`)
		if !strings.Contains(flags, flag) {
			p.fail("flag "+lang, &mismatch{flags, flag})
		}
		screenMatchesPDF(t, p, ctx, lang, "LBY", t.TempDir(), []string{"brief-conflict-entries", "brief-money-row", "brief-glance-totals-row", "brief-change"}, pdftotext, "", w.since)

		// 3. A CSV row naming a party twice says which.
		p.click("nav-csv")
		p.wait("csv page", p.exists(tid("page-csv")))
		p.choose("csv-kind", "partnership")
		p.eval("forget the last preview", `(() => { const v = document.querySelector('[data-testid="csv-preview"]'); if (v) v.remove(); return ''; })()`)
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{twice}))
		p.wait("party twice "+lang, fmt.Sprintf(`(() => { const e = document.querySelector('[data-testid="csv-problem"][data-column="parties"]'); return !!e && e.innerText%s.includes(%s); })()`, norm, js(w.csv)))
		p.shot("words-csv-party-twice-" + lang)
	}
}
