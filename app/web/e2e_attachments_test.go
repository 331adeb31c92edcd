//go:build e2e

package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserAttachments is issue 13's "Attachments": a file a delegate attaches on the record
// page reaches the secretariat through an encrypted bundle, with its hash verified, and opens
// (downloads) there byte for byte; a file left out by the limit shows as not yet received;
// the section in English and in French.
func TestBrowserAttachments(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	o := twoOffices(t, bin, "Secretariat", false)
	dataA, dataS, dir, sec := o.dataA, o.dataS, o.dir, o.sec
	srvA, srvS := startServe(t, bin, dataA), startServe(t, bin, dataS)
	var rec, lby struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(apiCall(t, srvA, "Records", "Add", "party", map[string]any{"name": "Libya", "type": "country", "iso3": "LBY"}), &lby)
	_ = json.Unmarshal(apiCall(t, srvA, "Records", "Add", "partnership", map[string]any{
		"title": "EU–Libya migration dialogue", "type": "bilateral", "status": "active",
		"parties": []map[string]string{{"party": lby.ID, "role": "member"}}}), &rec)
	mou := append([]byte("%PDF-1.4\n% the signed memorandum of understanding\n"), bytes.Repeat([]byte("article "), 4000)...)
	mouPath := filepath.Join(dir, "MoU EU-Libya signed.pdf")
	if err := os.WriteFile(mouPath, mou, 0o600); err != nil {
		t.Fatal(err)
	}

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	// 1. Amina attaches the MoU on the partnership's page.
	p.step("open", chromedp.Navigate(srvA.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.goHash("#/record/" + rec.ID)
	p.wait("attachments section", p.exists(tid("record-attachments")))
	p.step("attach", chromedp.SetUploadFiles(chromedp.CSS(tid("attach-input")), []string{mouPath}))
	p.wait("attached", `!!document.querySelector('[data-testid="attachment"][data-received="true"]')`)
	p.wait("history names the file", `(() => { const h = document.querySelector('[data-testid="record-history"]').textContent;
		return h.includes('MoU EU-Libya signed.pdf') && !h.includes('sha256'); })()`)
	p.shot("attachments-01-delegate-en")

	// 2. A second file, then a limit below it: the export leaves it out.
	notePath := filepath.Join(dir, "photo of page 3.jpg")
	if err := os.WriteFile(notePath, bytes.Repeat([]byte{0xFF, 0xD8, 0xFF, 0xE0}, 30000), 0o600); err != nil {
		t.Fatal(err)
	}
	p.step("attach 2", chromedp.SetUploadFiles(chromedp.CSS(tid("attach-input")), []string{notePath}))
	p.wait("two attached", `document.querySelectorAll('[data-testid="attachment"]').length === 2`)
	apiCall(t, srvA, "Settings", "SetFileLimits", 100000, 0)
	var ex struct {
		Data   string `json:"data"`
		Report struct {
			Encrypted bool `json:"encrypted"`
			Format    int  `json:"format"`
			Files     []struct {
				Name string `json:"name"`
			} `json:"files"`
			Left []struct {
				Name   string `json:"name"`
				Reason string `json:"reason"`
			} `json:"files_left_out"`
		} `json:"report"`
	}
	raw := apiCall(t, srvA, "Sync", "ExportData", map[string]any{"name": "a.dossier", "to": []string{sec.KeyID}, "leave_out_files": true})
	if err := json.Unmarshal(raw, &ex); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	if !ex.Report.Encrypted || ex.Report.Format != 2 || len(ex.Report.Files) != 1 || len(ex.Report.Left) != 1 || ex.Report.Left[0].Reason != "per_file" {
		t.Fatalf("export report: %s", raw)
	}

	// 3. The secretariat imports it: the file is verified and kept; the other is not yet received.
	var rep struct {
		Status    string `json:"status"`
		Encrypted bool   `json:"encrypted"`
		Files     int    `json:"files"`
		FilesKept int    `json:"files_kept"`
	}
	raw = apiCall(t, srvS, "Sync", "ImportDataReport", "a.dossier", ex.Data)
	if err := json.Unmarshal(raw, &rep); err != nil || rep.Status != "imported" || !rep.Encrypted || rep.Files != 1 || rep.FilesKept != 1 {
		t.Fatalf("import: %s", raw)
	}
	p.step("open secretariat", chromedp.Navigate(srvS.URL))
	p.wait("app ready S", p.exists(tid("app-ready")))
	p.goHash("#/record/" + rec.ID)
	p.wait("received", `!!document.querySelector('[data-testid="attachment"][data-received="true"]') && !!document.querySelector('[data-testid="attachment-missing"]')`)
	if got := p.eval("missing", p.textOf("attachment-missing")); !strings.Contains(got, "not yet received") {
		p.fail("missing", fmt.Errorf("%q", got))
	}
	p.eval("scroll", `(() => { document.querySelector('[data-testid="record-attachments"]').scrollIntoView({block: 'center'}); return ''; })()`)
	p.shot("attachments-02-secretariat-en")
	p.eval("open", `(() => { document.querySelector('[data-testid="attachment-open"]').click(); return ''; })()`)
	got := p.download(dl, regexp.MustCompile(`^MoU EU-Libya signed\.pdf$`), map[string]bool{})
	if b, _ := os.ReadFile(got); !bytes.Equal(b, mou) {
		p.fail("download", fmt.Errorf("the downloaded file (%d bytes) differs from the one attached (%d bytes)", len(b), len(mou)))
	}

	// 4. The Libya brief lists the partnership's documents.
	p.goHash("#/brief?country=LBY")
	p.wait("brief documents", fmt.Sprintf(`(%s).includes("Documents: MoU EU-Libya signed.pdf; photo of page 3.jpg")`, p.textOf("brief-documents")))
	p.eval("scroll", `(() => { document.querySelector('[data-testid="brief-documents"]').scrollIntoView({block: 'center'}); return ''; })()`)
	p.shot("attachments-04-brief-en")

	// 5. French.
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.goHash("#/record/" + rec.ID)
	p.wait("attachments fr", fmt.Sprintf(`(%s).includes("pas encore reçu")`, p.textOf("attachment-missing")))
	p.eval("scroll", `(() => { document.querySelector('[data-testid="record-attachments"]').scrollIntoView({block: 'center'}); return ''; })()`)
	p.shot("attachments-03-secretariat-fr")
	srvA.stop(t)
	srvS.stop(t)
}
