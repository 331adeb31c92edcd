//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"dossier/app/service"
)

// TestBrowserInterventionCountriesProposed: the intervention form proposes the meeting's
// country as the intervention's country tags, with a hint saying why (docs/model.md,
// "Interventions: countries proposed from the meeting"). A walk found the Tunisia brief without
// the intervention spoken at the EU–Tunisia Migration Dialogue, organised by Tunisia: it had no
// tag and its points did not name Tunisia. The proposal follows the meeting while untouched,
// never comes back once removed, never changes an intervention's own tags, and a form opened
// from the meeting and left untouched asks nothing on leaving.
func TestBrowserInterventionCountriesProposed(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	party := func(key string) string { return service.DemoID("party/" + key) }
	addMeeting := func(fields map[string]any) string {
		t.Helper()
		b, _ := json.Marshal(fields)
		add := exec.Command(bin, "record", "add", "meeting", "--data", data)
		add.Stdin = strings.NewReader(string(b))
		out, err := add.CombinedOutput()
		if err != nil {
			t.Fatalf("record add meeting: %v\n%s", err, out)
		}
		return strings.TrimSpace(string(out))
	}
	dialogue := addMeeting(map[string]any{"title": "EU–Tunisia Migration Dialogue", "start": "2024-05-14", "venue": "Tunis",
		"organiser": party("TUN"), "participants": []string{party("EU"), party("EEAS"), party("TUN")}})
	addMeeting(map[string]any{"title": "EU–Morocco Migration Dialogue", "start": "2024-06-10", "venue": "Rabat",
		"organiser": party("MAR"), "participants": []string{party("EU"), party("MAR")}})
	srv := startServe(t, bin, data)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))

	// The tags as the chips show them, and the hint under the field.
	chips := `[...(document.getElementById('f-countries')?.closest('.field')?.querySelectorAll('.chip span') ?? [])].map(s => s.textContent.trim()).join('|')`
	note := p.textOf("field-note-countries")
	pick := func(query, title string) {
		t.Helper()
		p.typeInto("field-meeting", query)
		sel := fmt.Sprintf(`[...document.querySelectorAll('#f-meeting-list li[role=option]')].find(li => li.textContent.includes(%s))`, js(title))
		p.wait("option "+title, "!!"+sel)
		p.eval("pick "+title, fmt.Sprintf(`(() => { %s.dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); return ""; })()`, sel))
		p.wait("picked "+title, fmt.Sprintf(`document.querySelector('[data-testid="field-meeting"]').value === %s`, js(title)))
	}
	// settled waits long enough for a proposal that should not come: the server answers in
	// milliseconds, and a proposal that came would be seen by the checks after it.
	settled := func() { time.Sleep(1500 * time.Millisecond) }

	// The page behaves as a focused window, where the form's first field takes the focus.
	if _, err := chromedp.Call(p.ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatal(err)
	}
	// "Add an intervention" on the dialogue's page: Tunisia is proposed, and said so.
	p.goHash("#/new/intervention?meeting=" + dialogue)
	p.wait("Tunisia proposed", fmt.Sprintf(`%s === "Tunisia (TUN)"`, chips))
	// The meeting the form opened with is shown by its title, although the field has the focus
	// before the title comes (a walk found it empty, as if no meeting were chosen).
	p.wait("the meeting shown", `document.querySelector('[data-testid="field-meeting"]').value === "EU–Tunisia Migration Dialogue"`)
	if got := p.eval("note", note); got != "Proposed from the meeting’s organiser: Tunisia. Remove it if the intervention does not concern that country." {
		t.Errorf("the hint under the countries reads %q", got)
	}
	p.shot("proposed-countries-en")
	// Untouched, the form leaves without asking: the proposal is not the delegate's work.
	jsClick(p, "nav-home")
	p.wait("left without a question", p.exists(tid("page-home")))

	// Saved with the proposal kept: the intervention is Tunisia's (checked at the end).
	p.goHash("#/new/intervention?meeting=" + dialogue)
	p.wait("Tunisia proposed again", fmt.Sprintf(`%s === "Tunisia (TUN)"`, chips))
	jsClick(p, "field-points")
	p.step("type a point", chromedp.KeyEvent("Returns and reintegration remain a shared priority."))
	jsClick(p, "form-save")
	p.wait("saved", p.exists(tid("page-record")))
	id := p.eval("record id", `document.querySelector('[data-testid="page-record"]').dataset.id || ""`)

	// A new intervention: the proposal follows the meeting while untouched.
	p.goHash("#/new/intervention")
	p.wait("form", p.exists(tid("record-form")))
	pick("Tunisia", "EU–Tunisia Migration Dialogue")
	p.wait("Tunisia proposed on choosing", fmt.Sprintf(`%s === "Tunisia (TUN)"`, chips))
	pick("Morocco Migration", "EU–Morocco Migration Dialogue")
	p.wait("Morocco replaces Tunisia", fmt.Sprintf(`%s === "Morocco (MAR)" && (%s).includes("organiser: Morocco")`, chips, note))
	// Removed, it never comes back: choosing a meeting again leaves the tags alone.
	p.eval("remove Morocco", `document.getElementById('f-countries').closest('.field').querySelector('.chip .x').click(); ""`)
	p.wait("no tags", fmt.Sprintf(`%s === ""`, chips))
	pick("Tunisia", "EU–Tunisia Migration Dialogue")
	settled()
	if got := p.eval("tags after removing", chips); got != "" {
		t.Errorf("after the delegate removed the proposal, choosing a meeting set the tags to %q", got)
	}
	if got := p.eval("no note", note); got != "" {
		t.Errorf("a hint with no proposal: %q", got)
	}
	jsClick(p, "nav-home")
	p.wait("leave question", p.exists(`[data-testid="leave-confirm"][open]`))
	jsClick(p, "leave-discard")
	p.wait("home", p.exists(tid("page-home")))

	// An existing intervention keeps its own tags: Libya stays when its meeting changes.
	sample := service.DemoID("intervention/unece-2020-rt4-eu")
	p.goHash("#/record/" + sample + "/edit")
	p.wait("edit form", fmt.Sprintf(`%s === "Libya (LBY)"`, chips))
	pick("Tunisia", "EU–Tunisia Migration Dialogue")
	settled()
	if got := p.eval("own tags", chips); got != "Libya (LBY)" {
		t.Errorf("choosing a meeting changed an intervention's own tags to %q", got)
	}
	jsClick(p, "nav-home")
	p.wait("leave question (edit)", p.exists(`[data-testid="leave-confirm"][open]`))
	jsClick(p, "leave-discard")
	p.wait("home (edit)", p.exists(tid("page-home")))

	// French: the hint in French, the country in French.
	p.goHash("#/settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.goHash("#/new/intervention?meeting=" + dialogue)
	p.wait("Tunisie proposée", fmt.Sprintf(`%s === "Tunisie (TUN)"`, chips))
	if got := p.eval("note (fr)", note); got != "Proposé d’après l’organisateur de la réunion : Tunisie. Retirez ce pays si l’intervention ne le concerne pas." {
		t.Errorf("the French hint reads %q", got)
	}
	p.shot("proposed-countries-fr")

	srv.stop(t)
	var shown struct {
		Fields struct {
			Countries []string `json:"countries"`
		} `json:"fields"`
	}
	if err := json.Unmarshal([]byte(runCLI(t, bin, "record", "show", id, "--json", "--data", data)), &shown); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(shown.Fields.Countries, []string{"TUN"}) {
		t.Errorf("the saved intervention's countries are %v, want [TUN]", shown.Fields.Countries)
	}
	if out := runCLI(t, bin, "record", "list", "intervention", "--country", "TUN", "--data", data); !strings.Contains(out, id) {
		t.Errorf("the intervention saved with the proposal is not listed for Tunisia:\n%s", out)
	}
}

// TestBrowserRestoredDraftKeepsRemovedProposal: a country the delegate removed from the
// proposal stays removed when the form's draft is restored after a reload. The restored
// draft holds the meeting and no tags, which is how the form looks before any proposal: it
// proposed Tunisia again, undoing the delegate's removal with nothing new chosen.
func TestBrowserRestoredDraftKeepsRemovedProposal(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--delegation", "EU", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	party := func(key string) string { return service.DemoID("party/" + key) }
	b, _ := json.Marshal(map[string]any{"title": "EU–Tunisia Migration Dialogue", "start": "2024-05-14", "venue": "Tunis",
		"organiser": party("TUN"), "participants": []string{party("EU"), party("TUN")}})
	add := exec.Command(bin, "record", "add", "meeting", "--data", data)
	add.Stdin = strings.NewReader(string(b))
	if out, err := add.CombinedOutput(); err != nil {
		t.Fatalf("record add meeting: %v\n%s", err, out)
	}
	srv := startServe(t, bin, data)
	acceptBeforeUnload(t, ctx)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	chips := `[...(document.getElementById('f-countries')?.closest('.field')?.querySelectorAll('.chip span') ?? [])].map(s => s.textContent.trim()).join('|')`

	p.goHash("#/new/intervention")
	p.wait("form", p.exists(tid("record-form")))
	p.typeInto("field-meeting", "Tunisia")
	sel := `[...document.querySelectorAll('#f-meeting-list li[role=option]')].find(li => li.textContent.includes("EU–Tunisia Migration Dialogue"))`
	p.wait("option", "!!"+sel)
	p.eval("pick", fmt.Sprintf(`(() => { %s.dispatchEvent(new MouseEvent('mousedown', {bubbles: true})); return ""; })()`, sel))
	p.wait("Tunisia proposed", fmt.Sprintf(`%s === "Tunisia (TUN)"`, chips))
	p.eval("remove Tunisia", `document.getElementById('f-countries').closest('.field').querySelector('.chip .x').click(); ""`)
	p.wait("no tags", fmt.Sprintf(`%s === ""`, chips))
	p.wait("draft kept", `Object.keys(localStorage).some(k => k.startsWith('dossier.draft.'))`)

	p.step("reload", chromedp.Reload())
	p.wait("draft offered", p.exists(tid("draft-offer")))
	jsClick(p, "draft-restore")
	p.wait("meeting restored", `document.querySelector('[data-testid="field-meeting"]').value === "EU–Tunisia Migration Dialogue"`)
	time.Sleep(1500 * time.Millisecond) // a proposal that should not come would arrive in this time
	if got := p.eval("tags after restoring", chips); got != "" {
		t.Errorf("restoring the draft set the tags the delegate had emptied to %q", got)
	}
}
