//go:build e2e

package web

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dossier/app/version"
)

// TestBrowserAbout: Settings → About Dossier shows what a release build was given (version,
// commit, date: make dist links them in) and the file formats, in English and in French.
func TestBrowserAbout(t *testing.T) {
	ctx := browser(t)
	const commit = "94b3204d18de56239654839bba9f842d424eb725"
	bin := filepath.Join(t.TempDir(), "dossier")
	build := exec.Command("go", "build", "-ldflags",
		"-X dossier/app/version.version=9.8.7 -X dossier/app/version.commit="+commit+" -X dossier/app/version.date=2026-12-02T10:00:00Z", "-o", bin, ".")
	build.Dir = moduleRoot(t)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	data := t.TempDir()
	initJSON(t, bin, "--name", "Amina Benali", "--delegation", "European Union", "--data", data)
	srv := startServe(t, bin, data)

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.click("nav-settings")
	p.wait("about", p.exists(tid("about-formats")))
	list := func(ns []int) string { return strings.Trim(strings.ReplaceAll(fmt.Sprint(ns), " ", ", "), "[]") }
	reads, writes := list(version.BundleFormatsRead()), list(version.BundleFormatsWritten())
	for _, c := range []struct{ lang, formats, date string }{
		{"en", fmt.Sprintf("data %d, bundles written %s (the oldest each recipient reads), read %s, backups %d, identity cards %d", version.StoreFormat, writes, reads, version.BackupFormat, version.CardFormat), "2026"},
		{"fr", fmt.Sprintf("données %d, paquets écrits %s (le plus ancien que lit chaque destinataire), lus %s, sauvegardes %d, cartes d’identité %d", version.StoreFormat, writes, reads, version.BackupFormat, version.CardFormat), "2026"},
	} {
		if c.lang == "fr" {
			// A toast shown before the language changes reads in the new one.
			p.click("settings-files-save")
			p.wait("toast", `[...document.querySelectorAll('[data-testid="toast"]')].some((x) => x.textContent.includes("Limits saved"))`)
			p.choose("settings-language", "fr")
			p.wait("french", `document.documentElement.lang === "fr"`)
			p.wait("toast in French", `[...document.querySelectorAll('[data-testid="toast"]')].some((x) => x.textContent.includes("Limites enregistrées : 25 Mo par fichier"))`)
		}
		if got := strings.TrimSpace(p.eval("version", p.textOf("about-version"))); got != "Dossier 9.8.7" {
			p.fail(c.lang+" version", fmt.Errorf("%q", got))
		}
		if got := strings.TrimSpace(p.eval("formats", p.textOf("about-formats"))); got != c.formats {
			p.fail(c.lang+" formats", fmt.Errorf("%q, want %q", got, c.formats))
		}
		about := p.eval("about", p.textOf("settings-about"))
		for _, want := range []string{commit[:12], c.date, "linux/"} {
			if !strings.Contains(about, want) {
				p.fail(c.lang+" about", fmt.Errorf("%q lacks %q", about, want))
			}
		}
		p.step("scroll", chromedp.ScrollIntoView(chromedp.CSS(tid("settings-about"))))
		p.shot("about-" + c.lang)
	}
}
