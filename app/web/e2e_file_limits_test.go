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
)

// TestBrowserFileLimits is issue 13's "a limit per file (25 MB by default, in settings) and per
// bundle": the Settings screen shows both limits in MB, refuses a limit out of range in the
// field's words, saves one the service reads back, and an attach over the new limit is then
// refused with the limit named; the section in English and in French.
func TestBrowserFileLimits(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, dir := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Amina Benali", "--delegation", "European Union", "--data", data)
	srv := startServe(t, bin, data)
	var rec struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(apiCall(t, srv, "Records", "Add", "party", map[string]any{"name": "Libya", "type": "country", "iso3": "LBY"}), &rec)
	big := filepath.Join(dir, "scan of the MoU.pdf")
	if err := os.WriteFile(big, make([]byte, 2<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	limits := func() (perFile, perBundle int64) {
		var l struct {
			PerFile   int64 `json:"per_file"`
			PerBundle int64 `json:"per_bundle"`
		}
		raw := apiCall(t, srv, "Settings", "FileLimits")
		if err := json.Unmarshal(raw, &l); err != nil {
			t.Fatalf("%v: %s", err, raw)
		}
		return l.PerFile, l.PerBundle
	}

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.click("nav-settings")
	p.wait("defaults", `(() => { const f = document.querySelector('[data-testid="settings-per-file"]');
		const b = document.querySelector('[data-testid="settings-per-bundle"]'); return f && f.value === "25" && b && b.value === "200"; })()`)

	// Out of range: the field says why and what to do, and nothing is saved.
	p.typeInto("settings-per-file", "0")
	p.click("settings-files-save")
	p.wait("range refused", p.exists(tid("field-error-per_file")))
	if got := p.eval("range", p.textOf("field-error-per_file")); !strings.Contains(got, "0 MB is not a limit") || !strings.Contains(got, "400 MB") {
		p.fail("range", fmt.Errorf("%q", got))
	}
	if f, _ := limits(); f != 25<<20 {
		p.fail("range", fmt.Errorf("the refused limit was saved: %d", f))
	}
	p.eval("scroll", `(() => { document.querySelector('[data-testid="settings-files"]').scrollIntoView({block: 'center'}); return ''; })()`)
	p.shot("file-limits-01-refused-en")

	// 1 MB per file: saved, read back by the service, and an attach of 2 MB is refused naming it.
	p.typeInto("settings-per-file", "1")
	p.click("settings-files-save")
	p.wait("saved", `!document.querySelector('[data-testid="field-error-per_file"]') && [...document.querySelectorAll('[data-testid="toast"]')].some((x) => x.textContent.includes("1 MB per file"))`)
	if f, b := limits(); f != 1<<20 || b != 200<<20 {
		p.fail("saved", fmt.Errorf("the service reads %d per file, %d per bundle", f, b))
	}
	p.goHash("#/record/" + rec.ID)
	p.wait("attachments section", p.exists(tid("record-attachments")))
	p.step("attach", chromedp.SetUploadFiles(chromedp.CSS(tid("attach-input")), []string{big}))
	p.wait("attach refused", p.exists(tid("attach-error")))
	if got := p.eval("attach refused", p.textOf("attach-error")); !strings.Contains(got, "scan of the MoU.pdf") || !strings.Contains(got, "limit of 1 MB per file") {
		p.fail("attach refused", fmt.Errorf("%q", got))
	}
	if n := p.eval("none attached", `String(document.querySelectorAll('[data-testid="attachment"]').length)`); n != "0" {
		p.fail("none attached", fmt.Errorf("%s attachments after a refused attach", n))
	}

	// French: the screen and its refusal.
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.wait("limits fr", fmt.Sprintf(`(%s).includes("Fichier le plus grand (Mo)")`, p.textOf("settings-files")))
	p.typeInto("settings-per-bundle", "500")
	p.click("settings-files-save")
	p.wait("range refused fr", p.exists(tid("field-error-per_bundle")))
	if got := p.eval("range fr", p.textOf("field-error-per_bundle")); !strings.Contains(got, "500 Mo n’est pas une limite") || !strings.Contains(got, "400 Mo") {
		p.fail("range fr", fmt.Errorf("%q", got))
	}
	p.eval("scroll", `(() => { document.querySelector('[data-testid="settings-files"]').scrollIntoView({block: 'center'}); return ''; })()`)
	p.shot("file-limits-02-refused-fr")
	srv.stop(t)
}
