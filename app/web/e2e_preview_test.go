//go:build e2e

package web

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// previewRow is what the Sync screen lists of one record in an import preview.
type previewRow struct {
	Record    string   `json:"record"`
	Created   bool     `json:"created"`
	Fields    []string `json:"fields"`
	Conflicts []string `json:"conflicts"`
}

// TestBrowserImportPreview is issue 13's "the preview lists exactly what the following import
// does": the secretariat previews a delegate's bundle (a new commitment, a title edited, a
// status edited here too: a conflict), the data does not change, the rows are the same in
// English and French, and the import then changes exactly the records and fields listed and
// raises the conflicts listed.
func TestBrowserImportPreview(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	o := twoOffices(t, bin, "Secretariat", true)
	dataA, dataS, cards, sec := o.dataA, o.dataS, o.dir, o.sec
	srvA, srvS := startServe(t, bin, dataA), startServe(t, bin, dataS)

	var list struct {
		Items []struct{ ID string } `json:"items"`
	}
	_ = json.Unmarshal(apiCall(t, srvA, "Records", "List", map[string]any{"kind": "commitment"}), &list)
	if len(list.Items) < 2 {
		t.Fatal("fewer than two sample commitments")
	}
	edited, contested := list.Items[0].ID, list.Items[1].ID
	var added struct{ ID string }
	_ = json.Unmarshal(apiCall(t, srvA, "Records", "Add", "commitment", map[string]any{"title": "Joint training of coast guards, Gulf of Sirte", "status": "proposed"}), &added)
	apiCall(t, srvA, "Records", "Update", edited, map[string]any{"title": "Assistance at disembarkation points, revised"})
	apiCall(t, srvA, "Records", "Update", contested, map[string]any{"status": "stalled"})
	apiCall(t, srvS, "Records", "Update", contested, map[string]any{"status": "delivered"})
	var f struct {
		Data   string `json:"data"`
		Report struct {
			Bundle string `json:"bundle"`
		} `json:"report"`
	}
	_ = json.Unmarshal(apiCall(t, srvA, "Sync", "ExportData", map[string]any{"name": "a.dossier", "to": []string{sec.KeyID}}), &f)
	raw, err := base64.StdEncoding.DecodeString(f.Data)
	if err != nil || f.Report.Bundle == "" {
		t.Fatalf("export: %v %q", err, f.Report.Bundle)
	}
	b2 := filepath.Join(cards, "amina-2.dossier")
	if err := os.WriteFile(b2, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	hash := func() string { return string(apiCall(t, srvS, "Admin", "StateHash")) }
	before := hash()

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srvS.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	preview := func(lang string) []previewRow {
		p.click("nav-sync")
		p.wait("sync page", p.exists(tid("page-sync")))
		p.shot("preview-button-" + lang)
		p.step("upload for preview", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-preview-input")), []string{b2}))
		p.wait("preview "+lang, p.exists(`[data-testid="sync-preview-result"] [data-testid="preview-record"]`))
		got := p.eval("read the preview", `JSON.stringify([...document.querySelectorAll('[data-testid="preview-record"]')].map(r => ({
			record: r.dataset.record, created: r.dataset.created === 'true',
			fields: [...r.querySelectorAll('[data-testid="preview-change"]')].map(c => c.dataset.field),
			conflicts: [...r.querySelectorAll('[data-testid="preview-conflict"]')].map(c => c.dataset.field)})))`)
		var rows []previewRow
		if err := json.Unmarshal([]byte(got), &rows); err != nil {
			p.fail("read the preview", err)
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-preview-result"]').scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("preview-" + lang)
		if more := p.eval("more", `String(!!document.querySelector('[data-testid="preview-more"]'))`); more != "false" {
			p.fail("preview "+lang, fmt.Errorf("a bundle of three records says there are more"))
		}
		return rows
	}
	rows := preview("en")
	if hash() != before {
		t.Fatal("the preview changed the data")
	}
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	if fr := preview("fr"); !reflect.DeepEqual(fr, rows) {
		t.Fatalf("the French preview lists other rows:\n%v\n%v", fr, rows)
	}
	if hash() != before {
		t.Fatal("the preview changed the data")
	}
	byID := map[string]previewRow{}
	for _, r := range rows {
		byID[r.Record] = r
	}
	if len(rows) != 3 || !byID[added.ID].Created || byID[edited].Created || len(byID[contested].Conflicts) != 1 {
		t.Fatalf("preview rows: %+v (want %s created, %s edited, a conflict on %s)", rows, added.ID, edited, contested)
	}

	// Import from the preview, then compare with what the import did, record by record.
	open := openConflicts(t, srvS)
	p.click("sync-preview-import")
	p.wait("imported", p.exists(`[data-testid="sync-report"][data-status="imported"]`))
	p.shot("preview-imported-fr")
	did := importedBy(t, srvS, f.Report.Bundle, open)
	sortRows(rows)
	sortRows(did)
	if !reflect.DeepEqual(rows, did) {
		t.Fatalf("the preview listed\n%+v\nthe import did\n%+v", rows, did)
	}

	// A change signed by Amina that no form would make (30 February): the preview refuses it
	// as the import does, with the same problem and the same change, worded in both languages.
	srvA.stop(t)
	crafted := filepath.Join(cards, "crafted.dossier")
	craftedUpdate(t, dataA, edited, map[string]any{"due": "2026-02-30"}, crafted)
	before = hash()
	refused := func(lang string) {
		p.click("nav-sync")
		p.step("upload for preview", chromedp.SetUploadFiles(chromedp.CSS(tid("sync-preview-input")), []string{crafted}))
		p.wait("refused preview "+lang, p.exists(`[data-testid="sync-preview-result"] [data-testid="sync-report"][data-status="refused"] [data-testid="sync-refusal-title"]`))
		if p.eval("no rows", `String(document.querySelectorAll('[data-testid="preview-record"], [data-testid="sync-preview-import"]').length)`) != "0" {
			p.fail("refused preview "+lang, fmt.Errorf("a refused bundle lists records or offers to import"))
		}
		p.eval("scroll", `(() => { document.querySelector('[data-testid="sync-preview-result"]').scrollIntoView({block: 'start'}); return ''; })()`)
		p.shot("preview-refused-" + lang)
	}
	refused("fr")
	p.click("nav-settings")
	p.choose("settings-language", "en")
	p.wait("english", `document.documentElement.lang === "en"`)
	refused("en")
	if hash() != before {
		t.Fatal("the refused preview changed the data")
	}
	var pv, im struct {
		Status  string          `json:"status"`
		Problem string          `json:"problem"`
		Change  json.RawMessage `json:"change"`
	}
	data, _ := os.ReadFile(crafted)
	_ = json.Unmarshal(apiCall(t, srvS, "Sync", "PreviewData", "crafted.dossier", data), &pv)
	_ = json.Unmarshal(apiCall(t, srvS, "Sync", "ImportDataReport", "crafted.dossier", data), &im)
	if pv.Status != "refused" || pv.Problem != "invalid_change" || im.Status != "refused" || pv.Problem != im.Problem || string(pv.Change) != string(im.Change) {
		t.Fatalf("preview %+v\nimport %+v", pv, im)
	}
}

// importedBy lists, from every record's history and the open conflicts, what the bundle did:
// the records it touched, whether it created them, the fields each change set (as the
// preview orders them), and the conflicts open on them that it raised.
func importedBy(t *testing.T, s *served, bundle string, before map[string]bool) []previewRow {
	t.Helper()
	var out []previewRow
	raised := map[string][]string{}
	for k := range openConflicts(t, s) {
		if !before[k] {
			rec, field, _ := strings.Cut(k, "/")
			raised[rec] = append(raised[rec], field)
		}
	}
	for _, kind := range []string{"party", "framework", "partnership", "commitment", "meeting", "intervention"} {
		var list struct {
			Items []struct{ ID string } `json:"items"`
		}
		_ = json.Unmarshal(apiCall(t, s, "Records", "List", map[string]any{"kind": kind, "limit": 1000}), &list)
		for _, it := range list.Items {
			var h []struct {
				Bundle  string `json:"bundle"`
				Changes []struct {
					Field string          `json:"field"`
					Old   json.RawMessage `json:"old"`
					New   json.RawMessage `json:"new"`
					Wrote json.RawMessage `json:"wrote"`
				} `json:"changes"`
			}
			_ = json.Unmarshal(apiCall(t, s, "Records", "History", it.ID), &h)
			// History is in the order the store applied the changes: the first created it.
			row := previewRow{Record: it.ID, Created: len(h) > 0 && h[0].Bundle == bundle, Fields: []string{}, Conflicts: []string{}}
			touched := false
			for i := range h {
				if h[i].Bundle != bundle {
					continue
				}
				touched = true
				for _, c := range h[i].Changes {
					if len(c.Wrote) > 0 && string(c.Old) == string(c.New) {
						continue // lost to a concurrent change: no field changes, a conflict is raised
					}
					row.Fields = append(row.Fields, c.Field)
				}
			}
			if !touched {
				continue
			}
			row.Conflicts = append(row.Conflicts, raised[it.ID]...)
			out = append(out, row)
		}
	}
	return out
}

// openConflicts is the open conflicts as "record/field".
func openConflicts(t *testing.T, s *served) map[string]bool {
	t.Helper()
	var cs struct {
		Items []struct {
			Record string `json:"record"`
			Field  string `json:"field"`
		} `json:"items"`
	}
	if err := json.Unmarshal(apiCall(t, s, "Records", "Conflicts"), &cs); err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, c := range cs.Items {
		out[c.Record+"/"+c.Field] = true
	}
	return out
}

func sortRows(rows []previewRow) {
	sort.Slice(rows, func(i, j int) bool { return rows[i].Record < rows[j].Record })
	for i := range rows {
		if rows[i].Fields == nil {
			rows[i].Fields = []string{}
		}
		if rows[i].Conflicts == nil {
			rows[i].Conflicts = []string{}
		}
		sort.Strings(rows[i].Conflicts)
	}
}
