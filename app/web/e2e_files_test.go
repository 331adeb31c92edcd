//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserFiles is issue 12's "Files": a bundle's download name carries the time and the
// day's number, a second export with nothing new downloads nothing and says why, a refusal
// shows words first with the technical detail folded away, and a resolution is undone by a
// new operation (in English and in French).
func TestBrowserFiles(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	o := twoOffices(t, bin, "Secretariat", true)
	dataA, dataS, cardS, amina := o.dataA, o.dataS, o.cardS, o.amina
	srvA, srvS := startServe(t, bin, dataA), startServe(t, bin, dataS)

	// Two conflicts on Amina's side: both change the status of two commitments.
	var list struct {
		Items []struct{ ID string } `json:"items"`
	}
	_ = json.Unmarshal(apiCall(t, srvA, "Records", "List", map[string]any{"kind": "commitment"}), &list)
	if len(list.Items) < 2 {
		t.Fatal("fewer than two sample commitments")
	}
	ids := []string{list.Items[0].ID, list.Items[1].ID}
	for _, id := range ids {
		apiCall(t, srvS, "Records", "Update", id, map[string]any{"status": "delivered"})
		apiCall(t, srvA, "Records", "Update", id, map[string]any{"status": "stalled"})
	}
	var f struct {
		Data string `json:"data"`
	}
	_ = json.Unmarshal(apiCall(t, srvS, "Sync", "ExportData", map[string]any{"name": "s.dossier", "to": []string{amina.KeyID}}), &f)
	apiCall(t, srvA, "Sync", "ImportDataReport", "s.dossier", f.Data)

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	seen := map[string]bool{}
	p.step("open", chromedp.Navigate(srvA.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	// 1. Export for the secretariat: the name has the time and number 1; again: nothing new.
	p.click("nav-sync")
	p.wait("sync page", p.exists(tid("page-sync")))
	p.click("sync-recipient")
	p.click("sync-export")
	p.download(dl, regexp.MustCompile(`^dossier-amina-benali-\d{4}-\d\d-\d\d-\d{4}-1\.dossier$`), seen)
	p.wait("export result", p.exists(tid("sync-export-result")))
	p.click("sync-export")
	p.wait("nothing new", fmt.Sprintf(`(%s).includes("Nothing new for Secretariat since your last export on")`, p.textOf("sync-export-nothing")))
	time.Sleep(time.Second) // give a wrong download the time to land before counting
	if entries, _ := os.ReadDir(dl); len(entries) != 1 {
		p.fail("nothing new", fmt.Errorf("%d files in the downloads folder, want the first bundle only", len(entries)))
	}
	p.shot("files-01-nothing-new")

	refusal := func(lang, summary string) {
		p.step("upload a card as a bundle", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-import-input")), []string{cardS}))
		p.wait("refusal "+lang, p.exists(`[data-testid="sync-report"][data-status="refused"] [data-testid="sync-refusal-detail"]`))
		got := p.eval("refusal "+lang, `(() => { const r = document.querySelector('[data-testid="sync-report"][data-status="refused"]');
			const d = r.querySelector('[data-testid="sync-refusal-detail"]');
			return JSON.stringify({open: d.open, summary: d.querySelector('summary').textContent.trim(), detail: d.textContent,
				words: r.querySelector('[data-testid="sync-refusal-title"]').textContent + r.querySelector('[data-testid="sync-refusal-todo"]').textContent}); })()`)
		var r struct {
			Open                   bool
			Summary, Detail, Words string
		}
		_ = json.Unmarshal([]byte(got), &r)
		if r.Open || r.Summary != summary || !strings.Contains(r.Detail, "at byte") || strings.Contains(r.Words, "byte") || r.Words == "" {
			p.fail("refusal "+lang, fmt.Errorf("%s", got))
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-report"][data-status="refused"]').scrollIntoView({block: 'center'}); return ''; })()`)
		p.shot("files-02-refusal-" + lang)
		p.eval("unfold", `(() => { document.querySelector('[data-testid="sync-refusal-detail"]').open = true; return ''; })()`)
		p.shot("files-03-refusal-detail-" + lang)
	}
	status := func(id string) (string, int) {
		var v struct {
			Fields map[string]string `json:"fields"`
		}
		_ = json.Unmarshal(apiCall(t, srvA, "Records", "Get", id), &v)
		var h []json.RawMessage
		_ = json.Unmarshal(apiCall(t, srvA, "Records", "History", id), &h)
		return v.Fields["status"], len(h)
	}
	undo := func(lang, undone string) {
		p.goHash("#/conflicts")
		p.wait("conflict with its base "+lang, p.exists(`[data-testid="conflict"] [data-testid="conflict-base"]`))
		p.shot("files-04-conflict-base-" + lang)
		id := p.eval("record", `document.querySelector('[data-testid="conflict"]').dataset.record`)
		before, n := status(id)
		offers := `document.querySelectorAll('[data-testid="toast"] button.act').length`
		hadOffers := p.eval("undo offers before "+lang, `String(`+offers+`)`)
		p.eval("keep the other value", `(() => { document.querySelector('[data-testid="conflict"] li:not(.winning) [data-testid="conflict-pick"]').click(); return ''; })()`)
		p.wait("undo offer "+lang, offers+` > `+hadOffers)
		p.shot("files-05-undo-offer-" + lang)
		if got, _ := status(id); got == before {
			p.fail("resolve", fmt.Errorf("status still %q", got))
		}
		// The English round's "undone" toast may still be up, reworded in French (toasts are
		// worded when shown): wait for one more than there were, not for any.
		undoneToasts := fmt.Sprintf(`[...document.querySelectorAll('[data-testid="toast"]')].filter(x => x.textContent.includes(%s)).length`, js(undone))
		had := p.eval("undone toasts before "+lang, `String(`+undoneToasts+`)`)
		p.eval("undo", `(() => { [...document.querySelectorAll('[data-testid="toast"] button.act')].pop().click(); return ''; })()`)
		p.wait("undone "+lang, undoneToasts+` > `+had)
		if got, m := status(id); got != before || m != n+2 {
			p.fail("undo", fmt.Errorf("status %q (want %q), %d history entries (want %d: the resolution and its undo)", got, before, m, n+2))
		}
	}

	// 2. English: the refusal, then a resolution undone.
	refusal("en", "Technical detail")
	undo("en", "Resolution undone")

	// 3. French: the same with the other conflict.
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-sync")
	p.wait("sync fr", p.exists(tid("page-sync")))
	refusal("fr", "Détail technique")
	undo("fr", "Résolution annulée")
	srvA.stop(t)
	srvS.stop(t)
}
