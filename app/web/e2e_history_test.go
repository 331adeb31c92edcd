//go:build e2e

package web

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// cliStdin runs the CLI with stdin and fails the test on a non-zero exit.
func cliStdin(t *testing.T, bin, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("dossier %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

// TestBrowserHistoryConcurrent: two delegates change a commitment's status without having
// seen each other's change; at the secretariat the history marks each change "at the same
// time as" the other's, in English and French, and an intervention's talking points are a
// numbered list.
func TestBrowserHistoryConcurrent(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	sec, amina, bruno := threeOffices(t, bin)
	meeting := cliStdin(t, bin, `{"title": "Senior officials meeting", "start": "2026-03-10"}`, "record", "add", "meeting", "--data", sec)
	speech := cliStdin(t, bin, fmt.Sprintf(`{"meeting": %q, "speaker": "EU", "points": ["Hello world", "Return and reintegration come together"]}`, meeting),
		"record", "add", "intervention", "--data", sec)
	cliStdin(t, bin, `{"points": ["Hello world", "Return and reintegration come together", "A third point"]}`, "record", "set", speech, "--json", "-", "--data", sec)
	com := cliStdin(t, bin, `{"title": "Voluntary return from Libya", "status": "agreed"}`, "record", "add", "commitment", "--data", sec)
	bundles := t.TempDir()
	start := filepath.Join(bundles, "start.dossier")
	runCLI(t, bin, "export", "--out", start, "--data", sec)
	for _, d := range []string{amina, bruno} {
		runCLI(t, bin, "import", start, "--data", d)
	}
	// Offline, each marks it differently; then both bundles reach the secretariat.
	runCLI(t, bin, "record", "set", com, "status=delivered", "--data", amina)
	runCLI(t, bin, "record", "set", com, "status=in_progress", "--data", bruno)
	for i, d := range []string{amina, bruno} {
		f := filepath.Join(bundles, fmt.Sprintf("%d.dossier", i))
		runCLI(t, bin, "export", "--out", f, "--data", d)
		runCLI(t, bin, "import", f, "--data", sec)
	}

	srv := startServe(t, bin, sec)
	defer srv.stop(t)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 800))
	p.wait("app ready", p.exists(tid("app-ready")))
	history := func(id string) {
		p.goHash("#/record/" + id)
		p.wait("record page", p.exists(fmt.Sprintf(`[data-testid="page-record"][data-id=%q]`, id)))
		if p.eval("history tab", `String(!!document.querySelector('[data-testid="tab-history"]'))`) == "true" {
			p.click("tab-history")
		}
		p.wait("history", p.exists(tid("history-change")))
		p.eval("scroll to history", `document.querySelector('[data-testid="history-change"]').closest('ol').scrollIntoView(); ""`)
	}
	marks := `[...document.querySelectorAll('[data-testid="history-change"][data-field="status"] [data-testid="history-same-time"]')].map(e => e.textContent.trim().replace(/\s+/g, " "))`
	sameTime := func(want ...string) {
		t.Helper()
		cond := make([]string, len(want))
		for i, w := range want {
			cond[i] = fmt.Sprintf(`m.some(x => x.startsWith(%s))`, js(w))
		}
		p.wait("marks "+strings.Join(want, " / "), fmt.Sprintf(`(() => { const m = %s; return m.length === 2 && %s; })()`, marks, strings.Join(cond, " && ")))
	}

	history(com)
	sameTime("at the same time as Amina Benali’s change", "at the same time as Bruno Okafor’s change")
	// The change applied second here does not read as replacing the value it never saw.
	if got := p.eval("arrows", `String([...document.querySelectorAll('[data-testid="history-change"][data-field="status"]')].filter(e => e.querySelector('.old')).length)`); got != "1" {
		p.fail("old values", fmt.Errorf("%s status changes show an old value, want only the first applied", got))
	}
	p.shot("history-concurrent-en")
	history(speech)
	// Newest first: the edit (old points struck, then the new ones), then the create.
	points := `[...document.querySelectorAll('[data-testid="history-points"]')].map(l => [...l.querySelectorAll("li")].map(e => e.textContent).join("|")).join(" / ")`
	const want = `"Hello world|Return and reintegration come together|A third point / Hello world|Return and reintegration come together"`
	p.wait("points listed", fmt.Sprintf(`%s === %s`, points, want))
	if got := p.eval("old points", `[...document.querySelectorAll('[data-testid="history-points-old"] li')].length + ""`); got != "2" {
		p.fail("old points", fmt.Errorf("%s old points shown, want 2", got))
	}
	p.shot("history-points-en")

	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	history(com)
	sameTime("en même temps que la modification d’Amina Benali", "en même temps que la modification de Bruno Okafor")
	p.shot("history-concurrent-fr")
	history(speech)
	p.wait("points listed (fr)", fmt.Sprintf(`%s === %s`, points, want))
	p.shot("history-points-fr")
}
