//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCSVSetBack: a sheet exported before a change made here in the form, imported
// on the CSV screen, sets the change back; the check says so above the Import button, by row
// and column with both values as the screen shows them and the date of the change, in English
// and in French, marks the cells, and the button says what it does. The import goes through,
// and the list of what was set back stays (docs/csv.md, "A file older than a change",
// 5 December 2026: until then the check showed only counts).
func TestBrowserCSVSetBack(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	var rec struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(apiCall(t, srv, "Records", "Add", "commitment", map[string]any{"title": "Coast guard training", "status": "agreed", "due": "2027-03-31"}), &rec)
	apiCall(t, srv, "Records", "Add", "commitment", map[string]any{"title": "Reintegration programme", "status": "proposed"})
	var exported struct {
		Data []byte `json:"data"`
	}
	_ = json.Unmarshal(apiCall(t, srv, "CSV", "ExportData", map[string]any{"kind": "commitment", "sort": "title"}, ";"), &exported)
	file := filepath.Join(files, "commitments.csv")
	if err := os.WriteFile(file, exported.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	row := 0
	for i, r := range readCSV(t, file) {
		if len(r) > 1 && containsCell(r, rec.ID) {
			row = i + 1
		}
	}
	if row == 0 {
		t.Fatalf("the record is not in the sheet")
	}

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	date := `\d{1,2}(er)? [^ ]+ \d{4}` // the day of the change, in the reader's words
	for _, c := range []struct {
		lang, button, done string
		want               []string
	}{
		{"en", "Import and set back 2 values", fmt.Sprintf(`^%d/status Row %d, column status: set back to “Agreed”, replacing “Delivered” \(your change of %s\)$`, row, row, date), []string{
			fmt.Sprintf(`^%d/status Row %d, column status: sets back “Delivered” \(your change of %s\) to “Agreed”, the value before it: `, row, row, date),
			fmt.Sprintf(`^%d/due Row %d, column due: sets back “30 June 2027” \(your change of %s\) to “31 March 2027”, the value before it: this file may be older than that change\. Import it only to undo the change on purpose; otherwise export the file again$`, row, row, date),
		}},
		{"fr", "Importer et rétablir 2 anciennes valeurs", fmt.Sprintf(`^%d/status Ligne %d, colonne status : a remis « Convenu » à la place de « Réalisé » \(votre modification du %s\)$`, row, row, date), []string{
			fmt.Sprintf(`^%d/status Ligne %d, colonne status : remplace « Réalisé » \(votre modification du %s\) par « Convenu », `, row, row, date),
			fmt.Sprintf(`^%d/due Ligne %d, colonne due : remplace « 30 juin 2027 » \(votre modification du %s\) par « 31 mars 2027 », la valeur d’avant : ce fichier est peut-être plus ancien que cette modification\. Importez-le seulement pour annuler volontairement cette modification ; sinon, exportez à nouveau le fichier$`, row, row, date),
		}},
	} {
		// The change made here, after the export: in the form (the API the form calls).
		apiCall(t, srv, "Records", "Update", rec.ID, map[string]any{"status": "delivered", "due": "2027-06-30"})
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("open", chromedp.Navigate(srv.URL))
		p.wait("app ready", p.exists(tid("app-ready")))
		p.wait("language", fmt.Sprintf(`document.documentElement.lang === %q`, c.lang))
		p.click("nav-csv")
		p.wait("csv page", p.exists(tid("page-csv")))
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{file}))
		p.wait("warnings", `document.querySelector('[data-testid="csv-warnings"]')?.dataset.count === "2"`)
		var got []string
		_ = json.Unmarshal([]byte(p.eval("warnings", `JSON.stringify([...document.querySelectorAll('[data-testid="csv-warning"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim().replace(/\s+/g, ' ')))`)), &got)
		if len(got) != len(c.want) {
			p.fail("warnings", fmt.Errorf("%d warnings: %q", len(got), got))
		}
		for i, w := range c.want {
			if !regexp.MustCompile(w).MatchString(got[i]) {
				p.fail("warnings", fmt.Errorf("got  %q\nwant %s", got[i], w))
			}
		}
		if b := p.eval("button", `document.querySelector('[data-testid="csv-import"]').textContent.trim()`); b != c.button {
			p.fail("button", fmt.Errorf("the Import button says %q, want %q", b, c.button))
		}
		if n := p.eval("cells", `String(document.querySelectorAll('td[data-warned]').length)`); n != "2" {
			p.fail("cells", fmt.Errorf("%s cells marked", n))
		}
		p.eval("in view", `(document.querySelector('[data-testid="csv-warnings"]').scrollIntoView({block: 'start'}), '')`)
		p.shot("csv-15-set-back-" + c.lang)
		p.eval("cells in view", `(document.querySelector('td[data-warned]').scrollIntoView({block: 'nearest', inline: 'center'}), '')`)
		p.shot("csv-15-set-back-cells-" + c.lang)

		p.click("csv-import")
		p.wait("imported", p.exists(tid("csv-imported")))
		if n := p.eval("after", `document.querySelector('[data-testid="csv-warnings"]')?.dataset.count ?? ''`); n != "2" {
			p.fail("after", fmt.Errorf("after the import the warnings say %q", n))
		}
		// Once stored, what was done, not whether to do it.
		first := p.eval("after", `(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim().replace(/\s+/g, ' '))(document.querySelector('[data-testid="csv-warning"]'))`)
		if !regexp.MustCompile(c.done).MatchString(first) {
			p.fail("after", fmt.Errorf("got  %q\nwant %s", first, c.done))
		}
		var after struct {
			Fields map[string]json.RawMessage `json:"fields"`
		}
		_ = json.Unmarshal(apiCall(t, srv, "Records", "Get", rec.ID), &after)
		if string(after.Fields["status"]) != `"agreed"` || string(after.Fields["due"]) != `"2027-03-31"` {
			t.Fatalf("after the import: %v", after.Fields)
		}
		p.shot("csv-16-set-back-imported-" + c.lang)
	}
}
