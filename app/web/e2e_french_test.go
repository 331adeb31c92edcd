//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// catalogue reads one of the UI's message catalogues (frontend/src/lib/i18n/LANG.ts): key ->
// message, one entry a line.
func catalogue(t *testing.T, lang string) map[string]string {
	t.Helper()
	src, err := os.ReadFile(filepath.Join(moduleRoot(t), "frontend", "src", "lib", "i18n", lang+".ts"))
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`^\s*'([^']+)':\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"),?\s*$`)
	unescape := strings.NewReplacer(`\'`, `'`, `\"`, `"`, `\\`, `\`)
	out := map[string]string{}
	for _, line := range strings.Split(string(src), "\n") {
		if m := entry.FindStringSubmatch(line); m != nil {
			out[m[1]] = unescape.Replace(m[2] + m[3])
		}
	}
	if len(out) < 500 {
		t.Fatalf("%s.ts: read only %d messages: has its layout changed?", lang, len(out))
	}
	return out
}

// frenchAllowed are English catalogue values a French screen may show: proper nouns, codes
// and words French shares with English in that use. Each says why.
var frenchAllowed = map[string]string{
	"Dossier": "the product's name",
}

// englishMatcher finds, among strings shown on a French screen, the English catalogue's
// messages that French words differently.
type englishMatcher struct {
	exact     map[string]string // message -> key
	templates []englishTemplate
}

type englishTemplate struct {
	key string
	re  *regexp.Regexp
}

var placeholderRE = regexp.MustCompile(`\{\w+\}`)

func newEnglishMatcher(en, fr map[string]string) *englishMatcher {
	french := map[string]bool{}
	for _, v := range fr {
		french[v] = true
	}
	m := &englishMatcher{exact: map[string]string{}}
	keys := make([]string, 0, len(en))
	for k := range en {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := en[k]
		// An option's code shown instead of its label ("human_rights"): codes with an
		// underscore cannot be mistaken for words of the data.
		if strings.HasPrefix(k, "opt.") {
			if code := k[strings.LastIndexByte(k, '.')+1:]; strings.Contains(code, "_") {
				m.exact[code] = k + " (the code, not its label)"
			}
		}
		if v == fr[k] || french[v] || frenchAllowed[v] != "" {
			continue // the same words in both languages
		}
		if !placeholderRE.MatchString(v) {
			m.exact[v] = k
			continue
		}
		// A message with values: matched whole, values standing for anything. Only when its
		// own words are enough to tell it from data ("{n} B" is not).
		literal := placeholderRE.ReplaceAllString(v, "")
		if len(regexp.MustCompile(`\p{L}`).FindAllString(literal, -1)) < 8 {
			continue
		}
		parts := placeholderRE.Split(v, -1)
		for i := range parts {
			parts[i] = regexp.QuoteMeta(parts[i])
		}
		m.templates = append(m.templates, englishTemplate{key: k, re: regexp.MustCompile(`^` + strings.Join(parts, `.+?`) + `$`)})
	}
	return m
}

// find returns, for each shown string that is an English message, the message's key.
func (m *englishMatcher) find(shown []string) map[string]string {
	hits := map[string]string{}
	for _, s := range shown {
		if k, ok := m.exact[s]; ok {
			hits[s] = k
			continue
		}
		for _, tp := range m.templates {
			if tp.re.MatchString(s) {
				hits[s] = tp.key
				break
			}
		}
	}
	return hits
}

// visibleText is every string a reader can see or hear on the page: each text node of a
// visible element (folded details included: one click shows them), each line of the page's
// text, the title, aria-label, placeholder and alt attributes, and the document's title.
const visibleText = `(() => {
	const out = new Set();
	const add = (s) => { s = (s || '').replace(/\s+/g, ' ').trim(); if (s) out.add(s); };
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walker.nextNode(); n; n = walker.nextNode()) {
		const el = n.parentElement;
		if (!el || el.closest('script, style, noscript, template')) continue;
		const folded = el.closest('details:not([open])');
		const shown = el.tagName === 'OPTION' || folded || !el.checkVisibility || el.checkVisibility();
		if (shown) add(n.textContent);
	}
	for (const line of document.body.innerText.split('\n')) add(line);
	for (const el of document.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
		if (el.checkVisibility && !el.checkVisibility() && el.tagName !== 'OPTION') continue;
		for (const a of ['title', 'aria-label', 'placeholder', 'alt']) add(el.getAttribute(a));
	}
	add(document.title);
	return JSON.stringify([...out]);
})()`

// TestBrowserFrenchEverywhere is issue 12, item 4: every screen in French shows no message
// of the English catalogue that French words differently: home, the lists of each kind,
// countries and a country, a record of each kind with its history, the meeting pack dialog,
// quick search, an edit form and a new
// form with its errors (the browser's own and the service's, worded from codes), conflicts,
// Sync with refused bundles (a file that is no bundle, and a signed change the service
// refuses), Identity & trust, a brief, Settings, a few at 1024×700, and a new installation's
// setup with its error. A screenshot and the text of each are kept in artifacts/.
func TestBrowserFrenchEverywhere(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	o := twoOffices(t, bin, "Karim Haddad", true)
	dataA, dataS, files, cardS, amina := o.dataA, o.dataS, o.dir, o.cardS, o.amina
	srvA, srvS := startServe(t, bin, dataA), startServe(t, bin, dataS)

	// A conflict on Amina's side, and changes that came from the secretariat's bundle.
	ids := map[string]string{}
	for _, kind := range []string{"party", "framework", "partnership", "commitment", "meeting", "intervention"} {
		var list struct {
			Items []struct{ ID string } `json:"items"`
		}
		_ = json.Unmarshal(apiCall(t, srvA, "Records", "List", map[string]any{"kind": kind}), &list)
		if len(list.Items) == 0 {
			t.Fatalf("no sample %s", kind)
		}
		ids[kind] = list.Items[0].ID
	}
	apiCall(t, srvS, "Records", "Update", ids["commitment"], map[string]any{"status": "delivered"})
	apiCall(t, srvA, "Records", "Update", ids["commitment"], map[string]any{"status": "stalled"})
	var f struct {
		Data string `json:"data"`
	}
	_ = json.Unmarshal(apiCall(t, srvS, "Sync", "ExportData", map[string]any{"name": "s.dossier", "to": []string{amina.KeyID}}), &f)
	apiCall(t, srvA, "Sync", "ImportDataReport", "s.dossier", f.Data)
	srvS.stop(t)

	// A change signed by the trusted secretariat that no form would make: 30 February.
	crafted := filepath.Join(files, "crafted.dossier")
	craftedUpdate(t, dataS, ids["commitment"], map[string]any{"due": "2026-02-30"}, crafted)

	en, fr := catalogue(t, "en"), catalogue(t, "fr")
	english := newEnglishMatcher(en, fr)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srvA.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)

	var found []string
	check := func(name string) {
		t.Helper()
		// Let the screen's data arrive and render.
		p.wait("settled "+name, `!document.querySelector('[aria-busy="true"]')`)
		p.shot("fr-" + name)
		var shown []string
		if err := json.Unmarshal([]byte(p.eval("text of "+name, visibleText)), &shown); err != nil {
			t.Fatal(err)
		}
		if len(shown) < 5 {
			p.fail(name, fmt.Errorf("only %d strings on the screen: %q", len(shown), shown))
		}
		// Kept beside the screenshot, for a reader to look for English the catalogue does not
		// hold (data is English in the sample; the backend's words should not be).
		if err := os.WriteFile(filepath.Join(p.dir, "browser-fr-"+name+".txt"), []byte(strings.Join(shown, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		hits := english.find(shown)
		for s, k := range hits {
			found = append(found, fmt.Sprintf("%s: %q (en %s; fr %q)", name, s, k, fr[strings.Fields(k)[0]]))
		}
	}
	screen := func(name, hash, marker string) {
		t.Helper()
		p.goHash(hash)
		p.leaveForm()
		p.wait(name, p.exists(marker))
		check(name)
	}

	screen("home", "#/", tid("page-home"))
	for _, l := range []string{"commitments", "partnerships", "meetings", "interventions", "parties", "frameworks"} {
		screen("list-"+l, "#/"+l, `[data-testid="page-list"] [data-testid="list-row"]`)
	}
	screen("countries", "#/countries", tid("page-countries"))
	screen("country", "#/country/MAR", tid("page-country"))
	for kind, id := range ids {
		screen("record-"+kind, "#/record/"+id, tid("page-record"))
	}
	// A country party named by its English ISO name reads as the country's French name.
	p.goHash("#/record/" + ids["commitment"])
	p.wait("Libye", `document.querySelector('[data-testid="page-record"]') && document.body.innerText.includes("Libye") &&
		![...document.querySelectorAll('[data-testid="page-record"] *')].some(e => e.children.length === 0 && e.textContent.trim() === "Libya")`)

	// The meeting pack dialog and quick search.
	screen("record-meeting-again", "#/record/"+ids["meeting"], tid("record-meeting-pack"))
	jsClick(p, "record-meeting-pack")
	p.wait("pack dialog", p.exists(tid("pack-start")))
	check("meeting-pack")
	p.eval("close the pack dialog", `(() => { [...document.querySelectorAll('dialog[open] button')].find(b => b.textContent.trim() === 'Fermer').click(); return ''; })()`)
	p.wait("pack closed", `!document.querySelector('dialog[open] [data-testid="pack-start"]')`)
	jsClick(p, "nav-search")
	p.typeInto("quick-search-input", "Libya")
	p.wait("search results", p.exists(tid("quick-search-result")))
	check("quick-search")
	p.eval("close search", `(() => { document.querySelector('[data-testid="quick-search-input"]').dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true})); return ''; })()`)
	p.wait("search closed", `!document.querySelector('[data-testid="quick-search-input"]') || !document.querySelector('[data-testid="quick-search-input"]').checkVisibility()`)

	screen("edit-commitment", "#/record/"+ids["commitment"]+"/edit", tid("page-form"))

	// A new commitment sent empty: every required field is told, in French.
	screen("new-commitment", "#/new/commitment", tid("page-form"))
	jsClick(p, "form-save")
	p.wait("errors shown", `document.querySelectorAll('[aria-invalid="true"]').length >= 2`)
	check("new-commitment-errors")

	// A new partnership that ends before it starts: the service's problem, worded here.
	p.goHash("#/new/partnership")
	p.wait("partnership form", p.exists(tid("page-form")))
	p.setField("title", "Partenariat d’essai")
	p.setField("start", "2024-03-07")
	p.setField("end", "2024-03-01")
	for _, sel := range []string{"status", "type"} {
		p.eval("choose "+sel, fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid="field-%s"]');
			if (el && el.tagName === 'SELECT') { el.value = el.options[el.options.length - 1].value;
			el.dispatchEvent(new Event('change', {bubbles: true})); } return ''; })()`, sel))
	}
	jsClick(p, "form-save")
	p.wait("the service's problem in French", `document.body.innerText.includes("précède le début")`)
	check("new-partnership-service-error")

	screen("conflicts", "#/conflicts", `[data-testid="conflict"]`)

	// Sync: a file that is no bundle, and a signed change the service refuses, worded.
	screen("sync", "#/sync", tid("page-sync"))
	p.step("upload a card as a bundle", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-import-input")), []string{cardS}))
	p.wait("refused", p.exists(`[data-testid="sync-report"][data-status="refused"]`))
	p.step("upload the crafted bundle", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-import-input")), []string{crafted}))
	p.wait("refused change worded", fmt.Sprintf(`[...document.querySelectorAll('[data-testid="sync-refusal-why"]')].some(e => e.textContent.includes(%s))`, js("Le 30 février n’existe pas")))
	p.eval("scroll", `(() => { [...document.querySelectorAll('[data-testid="sync-refusal-why"]')].pop().scrollIntoView({block: 'center'}); return ''; })()`)
	check("sync-refused")

	screen("trust", "#/trust", tid("page-trust"))
	screen("brief", "#/brief?country=MAR", `[data-testid="brief-marking-top"]`)
	if got := p.eval("marking", p.textOf("brief-marking-top")); got != "RÉSERVÉ À UN USAGE OFFICIEL" {
		t.Errorf("the brief's default marking reads %q in French", got)
	}
	screen("settings", "#/settings", tid("page-settings"))
	jsClick(p, "settings-check")
	p.wait("check result", p.exists(`[data-testid="page-settings"] .result`))
	jsClick(p, "load-sample")
	p.wait("sample loaded again", p.exists(tid("toast")))
	check("settings-check-and-sample")

	// The narrow window: the same screens at 1024×700.
	p.step("narrow", chromedp.EmulateViewport(1024, 700))
	screen("home-1024", "#/", tid("page-home"))
	screen("list-commitments-1024", "#/commitments", `[data-testid="page-list"] [data-testid="list-row"]`)
	screen("record-commitment-1024", "#/record/"+ids["commitment"], tid("page-record"))
	screen("sync-1024", "#/sync", tid("page-sync"))
	screen("brief-1024", "#/brief?country=MAR", `[data-testid="brief-marking-top"]`)

	// A new installation's first screen, in French, told its name is missing.
	srvN := startServe(t, bin, t.TempDir())
	p.step("open a new installation", chromedp.Navigate(srvN.URL))
	p.wait("setup", p.exists(tid("page-setup")))
	p.choose("setup-language", "fr")
	p.wait("french setup", `document.documentElement.lang === "fr"`)
	check("setup")
	jsClick(p, "setup-save")
	p.wait("setup error", p.exists(tid("field-error-name")))
	if got := p.eval("setup error", p.textOf("field-error-name")); got != fr["rule.text_empty"] {
		t.Errorf("an empty name is told %q in French, want %q", got, fr["rule.text_empty"])
	}
	check("setup-errors")
	srvN.stop(t)

	sort.Strings(found)
	if len(found) > 0 {
		t.Errorf("%d English strings on French screens (translate them, or allow-list a proper noun in frenchAllowed):\n%s", len(found), strings.Join(found, "\n"))
	}
	srvA.stop(t)
}

// setField types a value into a form field by its name and tells the framework.
func (p *page) setField(name, value string) {
	p.t.Helper()
	got := p.eval("set "+name, fmt.Sprintf(`(() => { const el = document.querySelector('[data-testid="field-%s"]') || document.getElementById('f-%s');
		if (!el) return 'missing';
		el.focus(); el.value = %s; el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true}));
		el.blur(); return el.value; })()`, name, name, js(value)))
	if got != value {
		p.fail("set "+name, fmt.Errorf("the field %s holds %q after setting %q", name, got, value))
	}
}

// leaveForm drops a form's unsaved work and its kept draft, so that the next screen opens
// without the question.
func (p *page) leaveForm() {
	p.t.Helper()
	p.eval("forget drafts", `(() => { for (const k of Object.keys(localStorage)) if (k.startsWith('dossier.draft.')) localStorage.removeItem(k); return ''; })()`)
	p.wait("the question, if any, is up", `document.readyState === 'complete'`)
	p.eval("close question", `(() => { const b = document.querySelector('[data-testid="leave-confirm"][open] [data-testid="leave-discard"]'); if (b) b.click(); return ''; })()`)
}
