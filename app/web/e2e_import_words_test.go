//go:build e2e

package web

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserImportReportWords: a secretariat imports a bundle from a delegate it does not
// trust yet. What to do fits a secretariat, which introduces delegates (trust their card, not
// "import the secretariat's bundle"); once the card is trusted, the same bundle imports and
// its report counts one change and one record in the singular; in English and in French.
func TestBrowserImportReportWords(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	sec, x := t.TempDir(), t.TempDir()
	runCLI(t, bin, "init", "--name", "Secretariat", "--role", "secretariat", "--data", sec)
	runCLI(t, bin, "init", "--name", "Xavier Dupont", "--role", "delegate", "--data", x)
	card := filepath.Join(t.TempDir(), "xavier.card")
	runCLI(t, bin, "identity", "--card", card, "--data", x)
	cliStdin(t, bin, `{"title": "Reception centres", "status": "agreed"}`, "record", "add", "commitment", "--data", x)
	bundle := filepath.Join(t.TempDir(), "xavier.dossier")
	runCLI(t, bin, "export", "--out", bundle, "--data", x)

	srv := startServe(t, bin, sec)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 1000))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.click("nav-sync")
	p.wait("sync page", p.exists(tid("page-sync")))
	upload := func() {
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-import-input")), []string{bundle}))
	}
	todo := func(lang, want string) {
		p.wait("refused "+lang, p.exists(`[data-testid="sync-report"][data-status="refused"] [data-testid="sync-refusal-todo"]`))
		got := strings.TrimSpace(p.eval("todo "+lang, `document.querySelector('[data-testid="sync-refusal-todo"]').textContent`))
		if got != want {
			p.fail("what to do "+lang, &mismatch{got, want})
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-report"]').scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("import-words-unknown-author-" + lang)
	}
	counts := func(lang string, want ...string) {
		p.wait("imported "+lang, p.exists(`[data-testid="sync-report"][data-status="imported"]`))
		got := p.eval("counts "+lang, `JSON.stringify([...document.querySelectorAll('[data-testid="sync-report"][data-status="imported"] .counts .c')].map(c => [...c.children].map(e => e.textContent.trim()).join(' ')))`)
		var tiles []string
		_ = json.Unmarshal([]byte(got), &tiles)
		if strings.Join(tiles, " | ") != strings.Join(want, " | ") {
			p.fail("counts "+lang, &mismatch{strings.Join(tiles, " | "), strings.Join(want, " | ")})
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-report"][data-status="imported"]').scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("import-words-counts-" + lang)
	}

	upload()
	todo("en", "Ask them for their identity card, compare the fingerprint with them in person or by phone, and trust the card in Identity & trust; then import this bundle again.")
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-sync")
	todo("fr", "Demandez-lui sa carte d’identité, comparez-en l’empreinte avec son titulaire, de vive voix ou par téléphone, puis faites confiance à cette carte dans « Identité et confiance » ; importez ensuite ce paquet à nouveau.")

	text, err := os.ReadFile(card)
	if err != nil {
		t.Fatal(err)
	}
	apiCall(t, srv, "Sync", "TrustCardData", "xavier.card", string(text))
	upload()
	counts("fr", "1 nouvelle modification", "0 déjà détenue", "1 fiche créée", "0 fiche mise à jour", "0 conflit soulevé")
	p.click("nav-settings")
	p.choose("settings-language", "en")
	p.wait("english", `document.documentElement.lang === "en"`)
	p.click("nav-sync")
	counts("en", "1 new change", "0 already held", "1 record created", "0 records updated", "0 conflicts raised")
}

type mismatch struct{ got, want string }

func (m *mismatch) Error() string { return "got " + js(m.got) + ", want " + js(m.want) }
