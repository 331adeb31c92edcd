//go:build e2e

package web

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserPartyWithTwoRoles: two delegates give Tunisia a role in one partnership at the
// same time, one "lead", one "member"; the secretariat's copy holds both (a set keeps both
// adds). The record page lists both and says that Tunisia is listed twice; the form shows
// both rows and, when saved, says it under the second; removing that row saves the edit. Lists keyed by the
// party alone drew one row for the two, and removing one removed both. The import that
// brings the second role says, on the Sync screen, that it left a record breaking a rule.
func TestBrowserPartyWithTwoRoles(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	sec, amina, bruno := threeOffices(t, bin)
	tun := cliStdin(t, bin, `{"name": "Tunisia", "type": "country", "iso3": "TUN"}`, "record", "add", "party", "--data", sec)
	dialogue := cliStdin(t, bin, `{"title": "EU–Tunisia migration dialogue", "type": "bilateral", "status": "active"}`, "record", "add", "partnership", "--data", sec)
	bundles := t.TempDir()
	start := filepath.Join(bundles, "start.dossier")
	runCLI(t, bin, "export", "--out", start, "--data", sec)
	for i, d := range []string{amina, bruno} {
		runCLI(t, bin, "import", start, "--data", d)
		role := []string{"lead", "member"}[i]
		runCLI(t, bin, "record", "add-to", dialogue, "parties", tun+":"+role, "--data", d)
	}
	var second string // Bruno's bundle, imported on the Sync screen
	for i, d := range []string{amina, bruno} {
		f := filepath.Join(bundles, fmt.Sprintf("%d.dossier", i))
		runCLI(t, bin, "export", "--out", f, "--data", d)
		if i == 0 {
			runCLI(t, bin, "import", f, "--data", sec)
		}
		second = f
	}

	srv := startServe(t, bin, sec)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	acceptBeforeUnload(t, ctx)
	// The import that leaves the dialogue breaking a rule says so: the bundle's count and line,
	// and the summary's, each with a link to the Conflicts screen (docs/api.md, "Import result").
	apiCall(t, srv, "Settings", "SetLanguage", "en")
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 1000))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.click("nav-sync")
	p.wait("sync page", p.exists(tid("page-sync")))
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-import-input")), []string{second}))
	tile := `[...document.querySelectorAll('[data-testid="sync-count-breaking"] span')].map(e => e.textContent.trim()).join(' ')`
	bundleLine := `(document.querySelector('[data-testid="sync-report-breaking-link"]') || {parentElement: {}}).parentElement.textContent || ""`
	links := `[...document.querySelectorAll('[data-testid="sync-breaking-link"], [data-testid="sync-report-breaking-link"]')].map(a => a.getAttribute('href') + " " + a.textContent.trim()).join(" | ")`
	report := func(lang, count, summary, line, link string) {
		p.wait("report "+lang, fmt.Sprintf(`(%s).includes(%q)`, p.textOf("sync-breaking"), summary))
		for _, c := range []struct{ what, expr, want string }{
			{"count", tile, count},
			{"line", bundleLine, line},
			{"links", links, "#/conflicts " + link + " | #/conflicts " + link},
		} {
			if got := strings.Join(strings.Fields(p.eval(c.what+" "+lang, c.expr)), " "); !strings.Contains(got, c.want) {
				p.fail(c.what+" "+lang, fmt.Errorf("%q, want %q", got, c.want))
			}
		}
		if got := p.eval("conflicts "+lang, p.textOf("sync-count-conflicts")); !strings.HasPrefix(strings.TrimSpace(got), "0") {
			p.fail("conflicts "+lang, fmt.Errorf("%q, want 0 conflicts raised: neither add replaced the other", got))
		}
		// Scrolled until it stays: the screen just shown may still move to its top.
		p.wait("scroll "+lang, `(() => {
			const e = document.querySelector('[data-testid="sync-report-breaking-link"]'), r = e.getBoundingClientRect();
			if (r.top > 0 && r.bottom < innerHeight) return (window.stillInView = (window.stillInView || 0) + 1) >= 5;
			e.scrollIntoView({block: 'center'});
			window.stillInView = 0;
			return false;
		})()`)
		p.shot("party-two-roles-import-" + lang)
	}
	report("en", "1 record now breaking a rule", "After the import, 1 record breaks a rule", "After this bundle, 1 record breaks a rule.", "See what to mend")
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-sync")
	report("fr", "1 fiche qui enfreint désormais une règle", "Après l’import, 1 fiche enfreint une règle", "Après ce paquet, 1 fiche enfreint une règle.", "Voir quoi corriger")
	p.click("sync-breaking-link")
	p.wait("to the conflicts", fmt.Sprintf(`!!document.querySelector('[data-testid="breaking-record"][data-id=%q]')`, dialogue))

	// The command line says it too, naming the party as it names references (with the data
	// directory free: serve holds it while it runs).
	srv.stop(t)
	show := runCLI(t, bin, "record", "show", dialogue, "--data", sec)
	if !strings.Contains(show, "BREAKS A RULE") || !strings.Contains(show, `"Tunisia (`+tun+`)" is listed twice`) {
		t.Fatalf("record show:\n%s", show)
	}
	srv = startServe(t, bin, sec)
	defer srv.stop(t)
	// The Conflicts screen gathers it, worded as on its page, and the sidebar's badge and the
	// dashboard's tile count it (docs/model.md, "One party, two roles").
	listed := `[...document.querySelectorAll('[data-testid="breaking-record"]')].map(s => s.dataset.id + ": " + s.textContent.replace(/\s+/g, " ").trim()).join(" | ")`
	badge := `(document.querySelector('[data-testid="nav-conflicts"] .count') || {}).textContent || ""`
	for _, c := range []struct{ lang, title, twice, tile, mark string }{
		{"fr", "Fiches qui enfreignent une règle", "« Tunisie » figure deux fois", "1 fiche enfreint une règle", "enfreint une règle"},
		{"en", "Records that break a rule", "“Tunisia” is listed twice", "1 record breaks a rule", "breaks a rule"},
	} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("conflicts "+c.lang, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"#/conflicts"), chromedp.EmulateViewport(1280, 800))
		p.wait("breaking "+c.lang, fmt.Sprintf(`(%s).includes(%q)`, listed, dialogue+": "))
		got := p.eval("breaking "+c.lang, listed)
		if strings.Count(got, dialogue) != 1 || !strings.Contains(got, c.twice) || !strings.Contains(got, "EU–Tunisia migration dialogue") {
			p.fail("breaking "+c.lang, fmt.Errorf("%q, want the dialogue once with %q", got, c.twice))
		}
		if h := p.eval("section "+c.lang, p.textOf("breaking-records")); !strings.Contains(h, c.title) {
			p.fail("section "+c.lang, fmt.Errorf("%q, want %q", h, c.title))
		}
		p.wait("badge "+c.lang, fmt.Sprintf(`(%s).trim() === "1"`, badge))
		p.shot("party-two-roles-conflicts-" + c.lang)
		p.goHash("#/")
		p.wait("tile "+c.lang, fmt.Sprintf(`(%s).includes(%q)`, p.textOf("home-breaking"), c.tile))
		// The dashboard's recent changes mark the dialogue's row as the lists do, and no other.
		p.wait("recent mark "+c.lang, fmt.Sprintf(`[...document.querySelectorAll('[data-testid="home-recent"] [data-testid="list-breaks"]')].map(m => m.closest('a').dataset.id + " " + m.textContent.trim()).join(" | ") === %q`, dialogue+" "+c.mark))
		p.shot("party-two-roles-home-" + c.lang)
		p.goHash("#/partnerships")
		p.wait("list mark "+c.lang, fmt.Sprintf(`(%s).includes(%q)`, p.textOf("list-breaks"), c.mark))
		p.shot("party-two-roles-list-" + c.lang)
	}
	rows := `[...document.querySelectorAll('[data-testid="page-record"] ul.plain li')].map(li => li.textContent.replace(/\s+/g, " ").trim()).join(" | ")`
	formRows := `document.querySelectorAll('[data-testid="record-form"] .roles ul li').length`
	for _, c := range []struct{ lang, twice string }{{"fr", "« Tunisie » figure deux fois"}, {"en", "“Tunisia” is listed twice"}} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("record "+c.lang, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"#/record/"+dialogue), chromedp.EmulateViewport(1280, 800))
		p.wait("record page "+c.lang, fmt.Sprintf(`(%s).split(" | ").filter(s => s.includes("Tunisi")).length === 2`, rows))
		// The page says what the next save will ask for, before anyone edits.
		p.wait("problems "+c.lang, fmt.Sprintf(`(%s).includes(%q)`, p.textOf("record-problems"), c.twice))
		p.shot("party-two-roles-record-" + c.lang)
		p.goHash("#/record/" + dialogue + "/edit")
		p.wait("form "+c.lang, fmt.Sprintf(`%s === 2`, formRows))
		p.setField("title", "EU–Tunisia strategic dialogue")
		jsClick(p, "form-save")
		p.wait("twice "+c.lang, fmt.Sprintf(`(%s).includes(%q)`, p.textOf("field-error-parties[1]"), c.twice))
		p.shot("party-two-roles-refused-" + c.lang)
		if c.lang == "fr" {
			p.leaveForm()
		}
	}
	// Remove the second row ("member"): the first stays, and the edit is saved.
	p.eval("remove member", `(() => { document.querySelectorAll('[data-testid="record-form"] .roles ul li')[1].querySelector('button').click(); return ''; })()`)
	p.wait("one row", fmt.Sprintf(`%s === 1`, formRows))
	jsClick(p, "form-save")
	p.wait("saved", fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"]') && (%s).includes("strategic")`, p.textOf("record-title")))
	if p.eval("problems gone", `String(!!document.querySelector('[data-testid="record-problems"]'))`) != "false" {
		p.fail("problems gone", fmt.Errorf("the mended record still says it breaks a rule"))
	}
	got := p.eval("parties", rows)
	if strings.Count(got, "Tunisia") != 1 || !strings.Contains(got, "Lead") {
		p.fail("parties", fmt.Errorf("%q, want Tunisia once, as lead", got))
	}
	p.shot("party-two-roles-saved-en")
	// Mended: the Conflicts screen lists nothing more, and nothing is counted.
	p.goHash("#/conflicts")
	p.wait("conflicts after", `!!document.querySelector('[data-testid="page-conflicts"]')`)
	p.wait("mended", fmt.Sprintf(`(%s) === "" && (%s) === "" && !document.querySelector('[data-testid="breaking-records"]')`, listed, badge))
	p.shot("party-two-roles-conflicts-mended-en")
	p.goHash("#/")
	p.wait("recent after", fmt.Sprintf(`!!document.querySelector('[data-testid="home-recent"] a[data-id=%q]') && !document.querySelector('[data-testid="list-breaks"]')`, dialogue))
}
