//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// TestBrowserInterventionDateFilters: the Interventions list filters by its meeting's date
// ("Meeting from" / "Réunion du", "To" / "Au"), the date its rows show, in English and
// French; Export CSV writes the rows the filters leave; a date that is not one is told with
// the filter's name, as on the other lists. The list offered no date filters (an
// intervention has no date of its own). A reader who had chosen columns before the Meeting
// and Meeting date columns existed sees them (they showed to nobody who had chosen).
func TestBrowserInterventionDateFilters(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	initJSON(t, bin, "--name", "Amina Benali", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	add := func(kind string, fields map[string]any) string {
		var rec struct {
			ID string `json:"id"`
		}
		if err := json.Unmarshal(apiCall(t, srv, "Records", "Add", kind, fields), &rec); err != nil || rec.ID == "" {
			t.Fatalf("add %s: %v", kind, err)
		}
		return rec.ID
	}
	rabat := add("meeting", map[string]any{"title": "Rabat senior officials", "start": "2024-03-05T09:00:00+01:00", "end": "2024-03-06T17:00:00+01:00", "time_zone": "Africa/Casablanca"})
	cadiz := add("meeting", map[string]any{"title": "Cadiz ministerial", "start": "2022-12-13", "end": "2022-12-14"})
	geneva := add("meeting", map[string]any{"title": "Geneva regional review", "start": "2020-11-12"})
	ivRabat := add("intervention", map[string]any{"meeting": rabat, "speaker": "EEAS", "points": []string{"Returns"}})
	ivCadiz := add("intervention", map[string]any{"meeting": cadiz, "speaker": "AU Commission", "points": []string{"Mobility"}})
	ivGeneva := add("intervention", map[string]any{"meeting": geneva, "speaker": "UNECE", "points": []string{"Data"}})

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	rows := func() []string {
		var ids []string
		_ = json.Unmarshal([]byte(p.eval("rows", `JSON.stringify([...document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]')].map(r => r.dataset.id))`)), &ids)
		slices.Sort(ids)
		return ids
	}
	want := func(ids ...string) []string { slices.Sort(ids); return ids }
	for _, c := range []struct {
		lang, from, to, label, bad, badMsg, meetingCol, dateCol string
	}{
		{"en", "2022-12-13", "2024-03-05", "Meeting from", "2024-02-30", "Meeting from: “2024-02-30”: 30 February does not exist (February 2024 has 29 days)", "Meeting", "Meeting date"},
		{"fr", "13/12/2022", "05/03/2024", "Réunion du", "30/02/2024", "Réunion du : « 30/02/2024 » : le 30 février n’existe pas (février 2024 a 29 jours)", "Réunion", "Date"},
	} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		// A folder per language: both files have the same name within a minute.
		dl, seen := t.TempDir(), map[string]bool{}
		if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
			Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
			t.Fatalf("downloads: %v", err)
		}
		// Columns chosen before the list had Meeting and Meeting date: a plain list of ids.
		p.step("open "+c.lang, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL))
		p.eval("old column choice", `(() => { localStorage.setItem('dossier.columns.intervention', '["parties","updated"]'); return ''; })()`)
		p.step("reload "+c.lang, chromedp.Reload())
		p.wait("app ready "+c.lang, p.exists(tid("app-ready")))
		p.wait("lang "+c.lang, fmt.Sprintf(`document.documentElement.lang === %q`, c.lang))
		p.goHash("#/interventions")
		p.wait("rows "+c.lang, `document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]').length === 3`)
		heads := p.eval("headings", `[...document.querySelectorAll('[data-testid="page-list"] .thead span')].map(s => s.textContent.trim()).join('|')`)
		if !strings.Contains("|"+heads+"|", "|"+c.meetingCol+"|") || !strings.Contains("|"+heads+"|", "|"+c.dateCol+"|") {
			t.Errorf("%s: after a column choice saved before them, the headings are %q, want %q and %q among them", c.lang, heads, c.meetingCol, c.dateCol)
		}
		if got := p.eval("from label", `document.querySelector('[data-testid="filter-from"]').closest('label').querySelector('.lbl').innerText.trim()`); got != c.label {
			t.Errorf("%s: the From filter is labelled %q, want %q", c.lang, got, c.label)
		}

		// From the Cadiz meeting's first day: Cadiz and Rabat, not Geneva.
		p.enter("filter-from", c.from)
		p.wait("from applied "+c.lang, `location.hash.includes("from=2022-12-13")`)
		p.wait("two rows "+c.lang, `document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]').length === 2`)
		if got := rows(); !slices.Equal(got, want(ivCadiz, ivRabat)) {
			t.Errorf("%s: from %s the list shows %v, want Cadiz's and Rabat's", c.lang, c.from, got)
		}
		// To the Rabat meeting's first day, inclusive; then to the day before it.
		p.enter("filter-to", c.to)
		p.wait("to applied "+c.lang, `location.hash.includes("to=2024-03-05")`)
		p.wait("rows in range "+c.lang, `document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]').length === 2`)
		p.shot("interventions-dates-" + c.lang)
		p.click("list-export-csv")
		file := p.download(dl, regexp.MustCompile(`^dossier-interventions-filtered-\d{4}-\d\d-\d\d-\d{4}\.csv$`), seen)
		var exported []string
		for _, r := range readCSV(t, file)[1:] {
			exported = append(exported, r[1])
		}
		slices.Sort(exported)
		if !slices.Equal(exported, want(ivCadiz, ivRabat)) {
			t.Errorf("%s: Export CSV wrote %v, want the two rows listed", c.lang, exported)
		}
		p.goHash("#/interventions?from=2022-12-14&to=2024-03-04")
		p.wait("none in range "+c.lang, `!document.querySelector('[data-testid="page-list"] [data-testid="list-row"]')`)

		// A date that is not one: told under the filters with the filter's name, not applied.
		p.goHash("#/interventions?to=2024-03-05")
		p.wait("to only "+c.lang, `document.querySelectorAll('[data-testid="page-list"] [data-testid="list-row"]').length === 3`)
		p.enter("filter-from", c.bad)
		p.wait("from refused "+c.lang, p.exists(tid("filter-from-error")))
		if got := p.eval("message", p.textOf("filter-from-error")); got != c.badMsg {
			t.Errorf("%s: the refused date is told %q, want %q", c.lang, got, c.badMsg)
		}
		if got := rows(); !slices.Equal(got, want(ivCadiz, ivRabat, ivGeneva)) {
			t.Errorf("%s: a refused date filtered the list: %v", c.lang, got)
		}
		p.shot("interventions-dates-refused-" + c.lang)
	}
}
