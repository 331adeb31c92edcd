//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"dossier/app/service"
)

// identityJSON is what `dossier init --json` prints.
type identityJSON struct {
	Name        string `json:"name"`
	KeyID       string `json:"key_id"`
	Fingerprint string `json:"fingerprint"`
}

func initJSON(t *testing.T, bin string, args ...string) identityJSON {
	t.Helper()
	var id identityJSON
	if err := json.Unmarshal([]byte(runCLI(t, bin, append([]string{"init", "--json"}, args...)...)), &id); err != nil {
		t.Fatal(err)
	}
	return id
}

// apiCall calls a service of a running `dossier serve` as the page does.
func apiCall(t *testing.T, s *served, service, method string, args ...any) json.RawMessage {
	t.Helper()
	token := s.URL[strings.Index(s.URL, "token=")+6:]
	base := strings.TrimSuffix(s.URL[:strings.Index(s.URL, "?")], "/")
	if args == nil {
		args = []any{}
	}
	body, _ := json.Marshal(map[string]any{"service": service, "method": method, "args": args})
	req, _ := http.NewRequest(http.MethodPost, base+"/api/call", strings.NewReader(string(body)))
	req.Header.Set(TokenHeader, token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r struct {
		Result json.RawMessage `json:"result"`
		Error  json.RawMessage `json:"error"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil || r.Error != nil {
		t.Fatalf("%s.%s: %v %s", service, method, err, r.Error)
	}
	return r.Result
}

// downloads waits for a new finished file in dir whose name matches re.
func (p *page) download(dir string, re *regexp.Regexp, seen map[string]bool) string {
	p.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			n := e.Name()
			if seen[n] || strings.HasSuffix(n, ".crdownload") || !re.MatchString(n) {
				continue
			}
			if info, err := e.Info(); err == nil && info.Size() > 0 {
				seen[n] = true
				return filepath.Join(dir, n)
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	p.fail("download "+re.String(), fmt.Errorf("no file matching %s in %s (have %v)", re, dir, names))
	return ""
}

// goHash opens a route of the app in the current page.
func (p *page) goHash(hash string) {
	p.t.Helper()
	p.eval("go "+hash, fmt.Sprintf(`(() => { location.hash = %s; return ''; })()`, js(hash)))
}

// TestBrowserBriefTrustSync is docs/api.md's second scenario: a country brief from the
// country page, identity cards exchanged and trusted through the pages, an encrypted bundle
// exported as a download by one `dossier serve` and imported into another through the file
// input, a conflict raised by an import and followed to the inbox, and a meeting pack.
func TestBrowserBriefTrustSync(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	dataA, dataS := t.TempDir(), t.TempDir()
	amina := initJSON(t, bin, "--name", "Amina Benali", "--delegation", "European Union", "--data", dataA)
	sec := initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", dataS)
	runCLI(t, bin, "demo", "--data", dataA)
	srvA, srvS := startServe(t, bin, dataA), startServe(t, bin, dataS)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	seen := map[string]bool{}
	open := func(s *served) {
		p.step("open", chromedp.Navigate(s.URL))
		p.wait("app ready", p.exists(tid("app-ready")))
	}
	upload := func(id, file string) {
		p.step("upload into "+id, chromedp.SetUploadFiles(chromedp.CSS(tid(id)), []string{file}))
	}
	// Screenshots without the toasts of earlier steps over the content.
	shot := func(name string) {
		p.eval("clear toasts", `(() => { document.querySelectorAll('[data-testid="toast"] button.x').forEach(b => b.click()); return ''; })()`)
		p.wait("toasts gone", `!document.querySelector('[data-testid="toast"]')`)
		p.shot(name)
	}
	start := time.Now()

	// 1. Libya's page → Brief: the same facts as the PDF, on screen.
	open(srvA)
	p.click("nav-brief")
	p.wait("brief picker", `document.querySelectorAll('[data-testid="brief-country-option"]').length >= 10`)
	shot("09-brief-picker")
	p.goHash("#/country/LBY")
	p.wait("country page", p.exists(`[data-testid="page-country"][data-code="LBY"]`))
	p.click("country-brief")
	p.wait("brief of Libya", fmt.Sprintf(`!!document.querySelector('[data-testid="page-brief"][data-country="LBY"]') && (%s).includes("AU-EU-UN Task Force") && (%s).includes("53,000")`,
		p.textOf("brief-doc"), p.textOf("brief-section-glance")))
	for _, s := range []string{"glance", "since", "next", "money", "partnerships", "commitments", "meetings", "points", "contacts", "conflicts", "provenance"} {
		p.wait("section "+s, p.exists(tid("brief-section-"+s)))
	}
	shot("10-brief")
	p.click("brief-save-pdf")
	if pdf, _ := os.ReadFile(p.download(dl, regexp.MustCompile(`^brief-LBY-.*\.pdf$`), seen)); !strings.HasPrefix(string(pdf), "%PDF-") {
		p.fail("brief PDF", fmt.Errorf("the download is not a PDF"))
	}

	// 2. Identity & trust shows the fingerprint in its groups; the card downloads.
	p.click("nav-trust")
	p.wait("trust page", p.exists(tid("page-trust")))
	fp := func(id string) string {
		return p.eval("fingerprint "+id, fmt.Sprintf(`[...document.querySelectorAll('[data-testid=%q] .digits')].map(e => e.textContent).join(' ')`, id))
	}
	if got := fp("trust-fingerprint"); got != amina.Fingerprint {
		p.fail("own fingerprint", fmt.Errorf("page shows %q, identity is %q", got, amina.Fingerprint))
	}
	shot("11-trust")
	p.click("trust-export-card")
	cardA := p.download(dl, regexp.MustCompile(`^amina-benali\.card$`), seen)

	// 3. The secretariat trusts Amina's card after the fingerprint is confirmed, and hands out its own.
	open(srvS)
	p.click("nav-trust")
	p.wait("trust page S", p.exists(tid("page-trust")))
	upload("trust-file-input", cardA)
	p.wait("candidate", fmt.Sprintf(`(%s).includes("Amina Benali")`, p.textOf("trust-candidate-name")))
	if got := fp("trust-candidate-fingerprint"); got != amina.Fingerprint {
		p.fail("candidate fingerprint", fmt.Errorf("page shows %q, card is %q", got, amina.Fingerprint))
	}
	if p.eval("accept disabled", `String(document.querySelector('[data-testid="trust-accept"]').disabled)`) != "true" {
		p.fail("confirmation", fmt.Errorf("Trust is enabled before the fingerprint is confirmed"))
	}
	shot("12-trust-candidate")
	p.click("trust-confirm")
	p.click("trust-accept")
	p.wait("Amina trusted", fmt.Sprintf(`!!document.querySelector('[data-testid="trust-row"][data-key=%q][data-trust="trusted"]')`, amina.KeyID))
	p.click("trust-export-card")
	cardS := p.download(dl, regexp.MustCompile(`^secretariat\.card$`), seen)

	// 4. Amina trusts the secretariat and exports an encrypted bundle for it (a download).
	open(srvA)
	p.click("nav-trust")
	p.wait("trust page A", p.exists(tid("page-trust")))
	upload("trust-file-input", cardS)
	p.wait("candidate S", fmt.Sprintf(`(%s).includes("Secretariat")`, p.textOf("trust-candidate-name")))
	p.click("trust-confirm")
	p.click("trust-accept")
	p.wait("S trusted", fmt.Sprintf(`!!document.querySelector('[data-testid="trust-row"][data-key=%q][data-trust="trusted"]')`, sec.KeyID))
	p.click("nav-sync")
	p.wait("sync page", p.exists(tid("page-sync")))
	p.click("sync-recipient")
	p.wait("encrypt by default", `document.querySelector('[data-testid="sync-encrypt"]').checked && document.querySelector('[data-testid="sync-scope-lack"]').checked`)
	p.click("sync-export")
	bundle1 := p.download(dl, regexp.MustCompile(`^dossier-amina-benali-.*\.dossier$`), seen)
	p.wait("export result", fmt.Sprintf(`(%s).includes("Secretariat")`, p.textOf("sync-export-result")))
	shot("13-sync-export")

	// 5. The secretariat imports it through the file input: the report.
	open(srvS)
	p.click("nav-sync")
	p.wait("sync page S", p.exists(tid("page-sync")))
	upload("sync-import-input", bundle1)
	p.wait("report", `!!document.querySelector('[data-testid="sync-report"][data-status="imported"]')`)
	created := p.eval("created", p.textOf("sync-count-created"))
	if !strings.Contains(p.eval("exporter", p.textOf("sync-report-exporter")), "Amina Benali") || strings.HasPrefix(strings.TrimSpace(created), "0") {
		p.fail("report", fmt.Errorf("exporter or records created wrong (created %q)", created))
	}
	shot("14-sync-report")

	// 6. Both change the same commitment's status; Amina's import of the secretariat's bundle
	// raises a conflict, and the report links to the inbox.
	var list struct {
		Items []struct{ ID string } `json:"items"`
	}
	_ = json.Unmarshal(apiCall(t, srvA, "Records", "List", map[string]any{"kind": "commitment", "q": "Voluntary humanitarian returns"}), &list)
	if len(list.Items) == 0 {
		t.Fatal("no sample commitment on voluntary returns")
	}
	apiCall(t, srvS, "Records", "Update", list.Items[0].ID, map[string]any{"status": "delivered"})
	apiCall(t, srvA, "Records", "Update", list.Items[0].ID, map[string]any{"status": "stalled"})
	p.click("sync-recipient")
	p.click("sync-export")
	bundle2 := p.download(dl, regexp.MustCompile(`^dossier-secretariat-.*\.dossier$`), seen)
	open(srvA)
	p.click("nav-sync")
	p.wait("sync page A", p.exists(tid("page-sync")))
	upload("sync-import-input", bundle2)
	p.wait("conflict link", p.exists(tid("sync-conflicts-link")))
	shot("15-sync-conflicts")
	p.click("sync-conflicts-link")
	p.wait("inbox", fmt.Sprintf(`!!document.querySelector('[data-testid="page-conflicts"] [data-testid="conflict-record"][data-id=%q]')`, list.Items[0].ID))

	// 7. Inspecting the same bundle again: nothing new, nothing imported.
	p.click("nav-sync")
	p.wait("sync page again", p.exists(tid("page-sync")))
	upload("sync-inspect-input", bundle2)
	p.wait("inspection", `!!document.querySelector('[data-testid="sync-inspection"] [data-testid="sync-report"][data-status="nothing_new"]')`)
	// A file that is not a bundle is refused, with what to do.
	upload("sync-import-input", cardS)
	p.wait("refusal", `!!document.querySelector('[data-testid="sync-report"][data-status="refused"] [data-testid="sync-refusal"]')`)
	shot("15b-sync-refused")

	// 8. A meeting pack: the seed's meeting has no country participant; Libya is added.
	p.goHash("#/record/" + service.DemoID("meeting/unece-2020"))
	p.click("record-meeting-pack")
	p.wait("pack dialog", p.exists(tid("pack-dialog")+"[open]"))
	p.typeInto("pack-add-country", "Libya")
	p.wait("country options", `!!document.querySelector('#pack-add-country-list [role="option"]')`)
	shot("16a-pack-picker")
	p.step("pick Libya", chromedp.KeyEvent("\r"))
	p.wait("Libya in the pack", p.exists(`[data-testid="pack-country"][data-code="LBY"]`))
	p.click("pack-start")
	p.wait("pack done", p.exists(tid("pack-done")))
	if pdf, _ := os.ReadFile(p.download(dl, regexp.MustCompile(`^meeting-pack-.*\.pdf$`), seen)); !strings.HasPrefix(string(pdf), "%PDF-") {
		p.fail("pack PDF", fmt.Errorf("the download is not a PDF"))
	}
	shot("16-meeting-pack")
	p.step("close pack", chromedp.KeyEvent("\x1b"))

	// 9. The same screens in French.
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-sync")
	p.wait("sync fr", p.exists(tid("sync-report")))
	shot("17-sync-fr")
	p.goHash("#/brief?country=LBY")
	// French digit groups are joined by a no-break space, as on paper.
	p.wait("brief fr", fmt.Sprintf(`(%s).includes("Éléments de langage") && (%s).includes("53\u00a0000")`, p.textOf("brief-doc"), p.textOf("brief-section-glance")))
	shot("18-brief-fr")
	// The commitment in conflict is flagged in its row and listed under Open conflicts.
	row := fmt.Sprintf(`[data-testid="brief-commitment"][data-id=%q]`, list.Items[0].ID)
	p.wait("disputed row", fmt.Sprintf(`(() => { const r = document.querySelector(%s); return !!r && r.classList.contains('conflicted') && !!document.querySelector('[data-testid="brief-conflict"]'); })()`, js(row)))
	p.eval("scroll to row", fmt.Sprintf(`(() => { document.querySelector(%s).scrollIntoView({block: 'center'}); return ''; })()`, js(row)))
	shot("18b-brief-disputed-fr")
	p.click("nav-trust")
	p.wait("trust fr", p.exists(tid("trust-row")))
	shot("19-trust-fr")
	// Revoking asks first.
	p.click("trust-revoke")
	p.wait("revoke dialog", p.exists(tid("confirm-dialog")+"[open]"))
	shot("20-revoke-fr")
	p.click("confirm-ok")
	p.wait("revoked", fmt.Sprintf(`!!document.querySelector('[data-testid="trust-row"][data-key=%q][data-trust="revoked"]')`, sec.KeyID))
	metric(t, "browser brief, trust and sync scenario", "%v", time.Since(start).Round(time.Millisecond))

	srvA.stop(t)
	srvS.stop(t)
	for _, d := range []string{dataA, dataS} {
		if out := runCLI(t, bin, "check", "--data", d); !strings.Contains(strings.ToLower(out), "ok") {
			t.Errorf("check %s: %s", d, out)
		}
	}
}
