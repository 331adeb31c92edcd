//go:build e2e

package web

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserLongNameDownload: an installation named with 100 Georgian letters (300 bytes)
// exports a bundle in browser mode. Its name, made from the installation's, passes the 255
// bytes of a file name, and the browser saves into its own folder, where the person cannot
// choose a shorter name: the bundle downloads under a shortened name (its start, a hash tag,
// .dossier; docs/storage.md, "File names longer than a file name may be"), which the page
// shows; in English and in French. Before, the export was refused with "choose another
// folder".
func TestBrowserLongNameDownload(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	name := strings.Repeat("ქ", 100)
	runCLI(t, bin, "init", "--name", name, "--role", "delegate", "--data", data)
	cliStdin(t, bin, `{"title": "Reception centres", "status": "agreed"}`, "record", "add", "commitment", "--data", data)
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 900))
	p.wait("app ready", p.exists(tid("app-ready")))
	seen := map[string]bool{}
	export := func(lang string) {
		p.click("nav-sync")
		p.wait("sync page", p.exists(tid("page-sync")))
		p.click("sync-scope-all") // the second export finds nothing new otherwise, and writes no file
		p.click("sync-export")
		file := filepath.Base(p.download(dl, regexp.MustCompile(`^dossier-ქ+-[0-9a-f]{8}\.dossier$`), seen))
		if len(file) > 255 || !utf8.ValidString(file) {
			p.fail("name "+lang, fmt.Errorf("downloaded as %q (%d bytes)", file, len(file)))
		}
		p.wait("shown "+lang, fmt.Sprintf(`(%s).includes(%s)`, p.textOf("sync-export-result"), js(file)))
		// Nothing of the result is outside its box: the name of 100 letters wraps.
		if over := p.eval("overflow "+lang, `(() => { const r = document.querySelector('[data-testid="sync-export-result"]'); return String(r.scrollWidth > r.clientWidth); })()`); over != "false" {
			p.fail("wraps "+lang, fmt.Errorf("the export result is wider than its box"))
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-export-result"]').scrollIntoView({block: 'center'}); return ''; })()`)
		p.shot("long-name-download-" + lang)
	}
	export("en")
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	export("fr")
}
