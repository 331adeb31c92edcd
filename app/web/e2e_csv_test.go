//go:build e2e

package web

import (
	"bytes"
	"encoding/csv"
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

// TestBrowserCSV is issue 12's "a CSV imported through the screen": a Windows-1252 file
// with semicolons is checked first (the encoding, the separator, its rows, the problems by
// row and column, Import disabled), the corrected file is imported, its records appear in
// the list, the list exports them with its filter, and the screen works in French.
func TestBrowserCSV(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)

	// What Excel writes for "CSV" on a French Windows: Windows-1252 and semicolons.
	cp1252 := func(s string) []byte {
		r := strings.NewReplacer("è", "\xe8", "é", "\xe9", "’", "\x92", "à", "\xe0", "ô", "\xf4", "ê", "\xea")
		return []byte(r.Replace(s))
	}
	bad := filepath.Join(files, "engagements-faux.csv")
	good := filepath.Join(files, "engagements.csv")
	head := "title;status;due;text\n"
	if err := os.WriteFile(bad, cp1252(head+
		"Accès aux droits des migrants;agreed;2027-03-31;Première étape\n"+
		"Centre d’accueil à Sfax;peut-être;2027-06-30;\n"+
		"Formation des garde-côtes;proposed;2027-02-30;\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, cp1252(head+
		"Accès aux droits des migrants;agreed;2027-03-31;Première étape\n"+
		"Centre d’accueil à Sfax;proposed;2027-06-30;\n"+
		"Formation des garde-côtes;proposed;2027-02-28;\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	dl := t.TempDir()
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dl}); err != nil {
		t.Fatalf("downloads: %v", err)
	}
	seen := map[string]bool{}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.click("nav-csv")
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "commitment")

	upload := func(path string) {
		p.t.Helper()
		p.eval("forget the last preview", `(() => { const v = document.querySelector('[data-testid="csv-preview"]'); if (v) v.remove(); return ''; })()`)
		p.step("upload "+filepath.Base(path), chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{path}))
		p.wait("preview of "+filepath.Base(path), p.exists(tid("csv-preview")))
	}
	problems := func(lang string, wantWhere []string) {
		p.t.Helper()
		p.wait("problems "+lang, `document.querySelector('[data-testid="csv-preview"]').dataset.errors === "2"`)
		got := p.eval("problems "+lang, `JSON.stringify({
			enc: document.querySelector('[data-testid="csv-encoding"]').textContent.trim(),
			encValue: document.querySelector('[data-testid="csv-encoding"]').dataset.value,
			delim: document.querySelector('[data-testid="csv-delimiter"]').dataset.value,
			rows: document.querySelector('[data-testid="csv-rows"]').dataset.value,
			where: [...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.querySelector('b').textContent.trim()),
			bad: [...document.querySelectorAll('[data-testid="csv-table"] td[data-bad]')].map(td => td.closest('tr').dataset.row + ':' + td.textContent),
			importDisabled: document.querySelector('[data-testid="csv-import"]').disabled,
			shown: document.querySelector('[data-testid="csv-table"]').textContent.includes('Centre d’accueil à Sfax'),
		})`)
		want := fmt.Sprintf(`"encValue":"Windows-1252","delim":";","rows":"3","where":[%q,%q],"bad":["3:peut-être","4:2027-02-30"],"importDisabled":true,"shown":true}`,
			"3/status "+wantWhere[0], "4/due "+wantWhere[1])
		if !strings.HasSuffix(got, want) {
			p.fail("problems "+lang, fmt.Errorf("got  %s\nwant …%s", got, want))
		}
	}

	// 1. The bad file: read as Windows-1252 with ";", two problems on their cells, no Import.
	upload(bad)
	problems("en", []string{"Row 3, column status:", "Row 4, column due:"})
	if enc := p.eval("encoding", `document.querySelector('[data-testid="csv-encoding"]').textContent.trim()`); enc != "Windows-1252 (Western European), converted" {
		p.fail("encoding label", fmt.Errorf("%q", enc))
	}
	p.shot("csv-01-problems-en")
	if n := listTotal(t, srv, "Accès aux droits des migrants"); n != 0 {
		p.fail("preview stored", fmt.Errorf("%d records after a preview", n))
	}

	// 2. The corrected file: no problem, Import, then the records are in the list.
	upload(good)
	p.wait("clean", `document.querySelector('[data-testid="csv-preview"]').dataset.errors === "0" && !!document.querySelector('[data-testid="csv-ok"]')`)
	if txt := p.eval("will", p.textOf("csv-ok")); !strings.Contains(txt, "New: 3") {
		p.fail("counts", fmt.Errorf("%q", txt))
	}
	p.shot("csv-02-clean-en")
	p.click("csv-import")
	p.wait("imported", p.exists(tid("csv-imported")))
	p.shot("csv-03-imported-en")
	if n := listTotal(t, srv, "Accès aux droits des migrants"); n != 1 {
		p.fail("imported", fmt.Errorf("%d records named as the file's first row", n))
	}
	p.click("csv-open-list")
	p.wait("list", `!!document.querySelector('[data-testid="page-list"][data-kind="commitment"]')`)
	p.typeInto("list-filter", "Sfax")
	p.wait("imported record listed", `document.querySelector('[data-testid="page-list"]').textContent.includes('Centre d’accueil à Sfax')`)
	p.shot("csv-04-list-en")

	// 3. Export CSV from the list: its filter is kept.
	p.click("list-export-csv")
	file := p.download(dl, regexp.MustCompile(`^dossier-commitments-filtered-\d{4}-\d\d-\d\d-\d{4}\.csv$`), seen)
	rows := readCSV(t, file)
	if len(rows) != 2 || rows[1][0] != "commitment" || !containsCell(rows[1], "Centre d’accueil à Sfax") {
		p.fail("export", fmt.Errorf("want the header and the one listed commitment, got %q", rows))
	}

	// 4. French: the same check in French words; export every party from the screen.
	p.click("nav-settings")
	p.choose("settings-language", "fr")
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-csv")
	p.wait("csv page fr", p.exists(tid("page-csv")))
	p.choose("csv-kind", "commitment")
	upload(bad)
	problems("fr", []string{"Ligne 3, colonne status :", "Ligne 4, colonne due :"})
	if enc := p.eval("encoding fr", `document.querySelector('[data-testid="csv-encoding"]').textContent.trim()`); enc != "Windows-1252 (Europe occidentale), converti" {
		p.fail("encoding label fr", fmt.Errorf("%q", enc))
	}
	p.shot("csv-05-problems-fr")
	p.choose("csv-export-kind", "party")
	p.choose("csv-export-delimiter", ";")
	p.click("csv-export")
	file = p.download(dl, regexp.MustCompile(`^dossier-parties-\d{4}-\d\d-\d\d-\d{4}\.csv$`), seen)
	p.wait("export result fr", fmt.Sprintf(`(%s).includes("fiches exportées")`, p.textOf("csv-export-result")))
	p.shot("csv-06-export-fr")
	if b, _ := os.ReadFile(file); !bytes.HasPrefix(b, []byte("\ufeffkind;id;")) {
		p.fail("party export", fmt.Errorf("%.80q", b))
	}

	// The audit file from the screen: every field change, one row each, with the separator
	// chosen above; the three commitments imported in English are in it.
	p.click("audit-export")
	file = p.download(dl, regexp.MustCompile(`^dossier-audit-\d{4}-\d\d-\d\d-\d{4}\.csv$`), seen)
	p.wait("audit result fr", fmt.Sprintf(`(%s).includes("modifications de champ exportées")`, p.textOf("audit-result")))
	audit := readCSV(t, file)
	if len(audit) < 4 || strings.Join(audit[0][:4], ",") != "at,author,author_key,operation" || audit[1][3] != "create" {
		p.fail("audit file", fmt.Errorf("%q", audit))
	}
}

// listTotal counts the commitments whose words match q, through the API.
func listTotal(t *testing.T, s *served, q string) int {
	var l struct {
		Total int `json:"total"`
	}
	if err := json.Unmarshal(apiCall(t, s, "Records", "List", map[string]any{"kind": "commitment", "q": q}), &l); err != nil {
		t.Fatal(err)
	}
	return l.Total
}

func readCSV(t *testing.T, path string) [][]string {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff"))))
	r.Comma = ','
	if bytes.Count(b[:bytes.IndexByte(b, '\n')], []byte(";")) > bytes.Count(b[:bytes.IndexByte(b, '\n')], []byte(",")) {
		r.Comma = ';'
	}
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
}

func containsCell(row []string, v string) bool {
	for _, c := range row {
		if c == v {
			return true
		}
	}
	return false
}

// TestBrowserCSVShapeInFrench: on a French screen, a file with an unknown column and a quote
// error further down shows both problems at once in French: the column's, and the quote's
// on the row as a spreadsheet numbers it (a cell above spans two lines of the file) with the
// line of the file as extra help and the cell written as it should be.
func TestBrowserCSVShapeInFrench(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	apiCall(t, srv, "Settings", "SetLanguage", "fr")

	file := filepath.Join(files, "engagements.csv")
	if err := os.WriteFile(file, []byte("title,status,colour,text\n"+
		"\"Accès aux droits\",agreed,bleu,\"Première étape\ndeuxième étape\"\n"+
		"Formation,proposed,rouge,bad \"quote\" here\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-csv")
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "commitment")
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{file}))
	p.wait("preview", p.exists(tid("csv-preview")))
	p.wait("problems", `document.querySelector('[data-testid="csv-preview"]').dataset.errors === "2"`)
	got := p.eval("problems", `JSON.stringify([...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim()))`)
	want := []string{
		"1/colour Ligne 1, colonne colour : n’est pas un champ des fiches de type engagement : renommez ou supprimez la colonne",
		`3/text Ligne 3, colonne text : contient un guillemet (") mais ne commence pas par un guillemet (ligne 4 du fichier, caractère 30) : mettez toute la cellule entre guillemets et doublez chaque guillemet qu’elle contient : "bad ""quote"" here"`,
	}
	if b, _ := json.Marshal(want); got != string(b) {
		p.fail("problems", fmt.Errorf("got  %s\nwant %s", got, b))
	}
	p.shot("csv-07-shape-fr")
}

// TestBrowserCSVCellsInFrench: on a French screen, the problems of a file's cells are all in
// French, each naming the value and what to write: a name that names no party (with the party
// it probably means), a date written the French way (said to be day first, with the date to
// write), a funding line's currency (by its column and entry), an amount written with a decimal comma
// (with the number to write), an unknown framework item; and a file that is not text in one
// encoding names the byte and says how to save it. The same file on an English screen says the
// same in English.
func TestBrowserCSVCellsInFrench(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	apiCall(t, srv, "Settings", "SetLanguage", "fr")

	cells := filepath.Join(files, "engagements.csv")
	if err := os.WriteFile(cells, []byte("title,status,due,towards,framework_items,funding\n"+
		"Formation des garde-côtes,agreed,31/12/2026,Tunisa,GCM-99,\"[{\"\"amount\"\": \"\"12,5\"\", \"\"currency\"\": \"\"EUR\"\", \"\"state\"\": \"\"pledged\"\"}]\"\n"+
		// A title of blanks in quotes is text, and no title (docs/model.md); a funding line's
		// currency that is none, named by its column and entry, not "funding[0].currency".
		"\" \u00a0\u202f \",agreed,,,,\"[{\"\"amount\"\": 1000, \"\"currency\"\": \"\"EURO\"\", \"\"state\"\": \"\"pledged\"\"}]\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// UTF-8 damaged in one place: ü written as Windows-1252 (0xFC) in a file of UTF-8.
	mixed := filepath.Join(files, "melange.csv")
	if err := os.WriteFile(mixed, []byte("title,status\nT\xfcrkiye,agreed\nCôte d’Ivoire,agreed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	problems := func(p *page, n int) []string {
		p.wait("problems", fmt.Sprintf(`document.querySelector('[data-testid="csv-preview"]')?.dataset.errors === "%d"`, n))
		var out []string
		got := p.eval("problems", `JSON.stringify([...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim()))`)
		if err := json.Unmarshal([]byte(got), &out); err != nil {
			p.fail("problems", err)
		}
		return out
	}
	check := func(p *page, got []string, want []*regexp.Regexp) {
		if len(got) != len(want) {
			p.fail("problems", fmt.Errorf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n")))
		}
		for i, re := range want {
			if !re.MatchString(got[i]) {
				p.fail("problems", fmt.Errorf("problem %d:\n got %s\nwant %s", i+1, got[i], re))
			}
		}
	}
	id := `[0-9a-f-]{36}`
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-csv")
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "commitment")
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{cells}))
	p.wait("preview", p.exists(tid("csv-preview")))
	// In the file's column order (title, status, due, towards, framework_items, funding), row by row.
	check(p, problems(p, 6), []*regexp.Regexp{
		regexp.MustCompile(`^2/due Ligne 2, colonne due : « 31/12/2026 » est écrite jour en premier, JJ/MM/AAAA \(31 décembre 2026\) : écrivez-la AAAA-MM-JJ, soit 2026-12-31 \(Dossier ne lit pas les dates à barres obliques : 03/04 est le 3 avril dans certains pays et le 4 mars dans d’autres\)$`),
		regexp.MustCompile(`^2/towards Ligne 2, colonne towards : « Tunisa » ne désigne aucune fiche de type partie\. Vouliez-vous dire Tunisia \(ISO3 TUN, identifiant ` + id + `\) \? Les noms doivent être écrits exactement comme ils sont enregistrés \(ou donnez son identifiant, son code ISO3, son nom de pays en anglais ou en français, son nom ou son sigle\)$`),
		regexp.MustCompile(`^2/framework_items Ligne 2, colonne framework_items : « GCM-99 » n’est pas un élément de cadre ; les éléments de GCM sont GCM-1, GCM-2, .*, GCM-23$`),
		regexp.MustCompile(`^2/funding Ligne 2, colonne funding : élément 1, amount : "12,5" n’est pas un nombre : écrivez-le sans guillemets, avec un point \(pas une virgule\) avant les décimales et sans séparateur de milliers : 12\.5$`),
		regexp.MustCompile(`^3/title Ligne 3, colonne title : est obligatoire$`),
		regexp.MustCompile(`^3/funding Ligne 3, colonne funding : élément 1, currency : « EURO » n’est pas un code de devise ISO 4217 : `),
	})
	p.shot("csv-08-cells-fr")

	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{mixed}))
	p.wait("preview", p.exists(tid("csv-preview")))
	check(p, problems(p, 1), []*regexp.Regexp{
		regexp.MustCompile(`^2/ Ligne 2 : le fichier ne peut pas être lu en Windows-1252 \(octet 14\) : l’octet 0xFC n’est pas de l’UTF-8, mais le fichier contient ailleurs des caractères UTF-8 \(« ô » à l’octet 29\), il est donc abîmé ou mêle plusieurs encodages : enregistrez-le à nouveau au format « CSV UTF-8 » \(dans Excel : Fichier › Enregistrer sous › CSV UTF-8 \(délimité par des virgules\)\) et importez ce fichier$`),
	})
	p.shot("csv-09-encoding-fr")

	apiCall(t, srv, "Settings", "SetLanguage", "en")
	p.step("reload", chromedp.Reload())
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("english", `document.documentElement.lang === "en"`)
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "commitment")
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{cells}))
	p.wait("preview", p.exists(tid("csv-preview")))
	check(p, problems(p, 6), []*regexp.Regexp{
		regexp.MustCompile(`^2/due Row 2, column due: “31/12/2026” is written day first, DD/MM/YYYY \(31 December 2026\): write it as YYYY-MM-DD, here 2026-12-31 \(`),
		regexp.MustCompile(`^2/towards Row 2, column towards: “Tunisa” names no party record\. Did you mean Tunisia \(ISO3 TUN, id ` + id + `\)\?`),
		regexp.MustCompile(`^2/framework_items Row 2, column framework_items: “GCM-99” is not a framework item; the items of GCM are GCM-1, `),
		regexp.MustCompile(`^2/funding Row 2, column funding: entry 1, amount: "12,5" is not a number: .*: 12\.5$`),
		regexp.MustCompile(`^3/title Row 3, column title: is required$`),
		regexp.MustCompile(`^3/funding Row 3, column funding: entry 1, currency: “EURO” is not an ISO 4217 currency code: `),
	})
	p.shot("csv-10-cells-en")
}

// A list's Export CSV asked for with a filter value no record can have (a status typed into
// the address) is refused in the reader's language, naming the filter and the values to pick
// from with their labels, in a toast, and downloads nothing; in English too.
func TestBrowserListExportRefusedFilterInFrench(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	for _, c := range []struct{ lang, want string }{
		{"fr", "Statut : « maybe » n’est pas un statut possible pour ce type de fiche (engagement) : choisissez parmi Proposé (proposed), Convenu (agreed)"},
		{"en", "Status: “maybe” is not a commitment status: pick one of Proposed (proposed), Agreed (agreed)"},
	} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("open "+c.lang, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"#/commitments?status=maybe"))
		p.wait("app ready "+c.lang, p.exists(tid("app-ready")))
		p.wait("lang "+c.lang, fmt.Sprintf(`document.documentElement.lang === %q`, c.lang))
		p.wait("list refused "+c.lang, p.exists(tid("toast")))
		// The list's own refusal goes; the one left is the export's.
		p.eval("dismiss", `(() => { document.querySelectorAll('[data-testid="toast"] button').forEach(b => b.click()); return ''; })()`)
		p.wait("no toast", `!document.querySelector('[data-testid="toast"]')`)
		p.click("list-export-csv")
		p.wait("export refused "+c.lang, p.exists(tid("toast")))
		if got := p.eval("toast", p.textOf("toast")); !strings.Contains(got, c.want) {
			p.fail("export refusal "+c.lang, fmt.Errorf("got  %q\nwant …%s…", got, c.want))
		}
		p.shot("csv-08-list-export-refused-" + c.lang)
	}
}

// TestBrowserCSVFileWithAKindColumn: a full export chosen while the screen says
// "Commitments" was refused row by row (its parties are not commitments). A file whose header
// has a kind column is read by it, with a word saying so; a kind the reader then picks stands.
// The chosen file is checked once (the screen checked it as commitments, then by its kind
// column: twice the work on a 10,000-row export).
func TestBrowserCSVFileWithAKindColumn(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	file := filepath.Join(files, "dossier-export.csv")
	if err := os.WriteFile(file, []byte("kind,name,type,title,status\n"+
		"party,Réseau Migrants Sahel,civil_society,,\n"+
		"commitment,,,Formation des garde-côtes,proposed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	state := `JSON.stringify({kind: document.querySelector('[data-testid="csv-kind"]').value,
		note: !!document.querySelector('[data-testid="csv-kind-from-file"]'),
		errors: document.querySelector('[data-testid="csv-preview"]')?.dataset.errors})`
	for _, c := range []struct{ lang, note string }{
		{"en", "This file has a kind column: its rows are read by it."},
		{"fr", "Ce fichier a une colonne kind : ses lignes sont lues d’après elle."},
	} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("open", chromedp.Navigate(srv.URL))
		p.wait("app ready", p.exists(tid("app-ready")))
		p.wait("language", fmt.Sprintf(`document.documentElement.lang === %q`, c.lang))
		p.click("nav-csv")
		p.wait("csv page", p.exists(tid("page-csv")))
		if got := p.eval("kind at start", `document.querySelector('[data-testid="csv-kind"]').value`); got != "commitment" {
			p.fail("kind at start", fmt.Errorf("%q", got))
		}
		p.eval("count the checks", `(() => {
			window.csvChecks = 0;
			const f = window.fetch;
			window.fetch = (url, init) => {
				const call = JSON.parse(init?.body ?? '{}');
				if (call.service === 'CSV' && call.method?.startsWith('Preview')) window.csvChecks++;
				return f(url, init);
			};
			return '';
		})()`)
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{file}))
		p.wait("preview", p.exists(tid("csv-preview")))
		if got := p.eval("read by the kind column", state); got != `{"kind":"","note":true,"errors":"0"}` {
			p.fail("read by the kind column", fmt.Errorf("%s", got))
		}
		if got := p.eval("checks", `String(window.csvChecks)`); got != "1" {
			p.fail("checked once", fmt.Errorf("%s checks of the chosen file", got))
		}
		if got := p.eval("note", p.textOf("csv-kind-from-file")); !strings.HasPrefix(got, c.note) {
			p.fail("note", fmt.Errorf("%q", got))
		}
		p.shot("csv-13-kind-column-" + c.lang)
		// The reader may still read the rows as one kind: the file is checked again as that,
		// and the choice is not undone.
		p.choose("csv-kind", "commitment")
		p.wait("checked as commitments", `document.querySelector('[data-testid="csv-preview"]')?.dataset.errors === "1"`)
		if got := p.eval("the reader's choice stands", state); got != `{"kind":"commitment","note":false,"errors":"1"}` {
			p.fail("the reader's choice stands", fmt.Errorf("%s", got))
		}
		if got := p.eval("checks", `String(window.csvChecks)`); got != "2" {
			p.fail("checked again once", fmt.Errorf("%s checks", got))
		}
	}
}

// TestBrowserCSVFrancCFAAndRefusedRow: the secretariat's two sheets, on the CSV screen in
// French and English. "FCFA" is refused naming both francs CFA (XOF, XAF) and their countries,
// never guessed; a commitment naming a partnership whose own row was refused says that row,
// not that the partnership does not exist, by its title or by its id.
func TestBrowserCSVFrancCFAAndRefusedRow(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	file := filepath.Join(files, "engagements.csv")
	if err := os.WriteFile(file, []byte("kind,id,title,type,status,partnership,funding\n"+
		"partnership,xyz,Dialogue de Rabat,regional_dialogue,active,,\n"+
		`commitment,,Réintégration au Sénégal,,agreed,Dialogue de Rabat,"[{""amount"": 5000000, ""currency"": ""FCFA"", ""state"": ""pledged""}]"`+"\n"+
		"partenariat,0190a4b2-7c3e-7d41-9a5b-3c2d1e0f9a87,Processus de Khartoum,regional_dialogue,active,,\n"+
		"commitment,,Retours volontaires,,agreed,0190a4b2-7c3e-7d41-9a5b-3c2d1e0f9a87,\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"fr", []string{
			"2/id Ligne 2, colonne id : « xyz » n’est pas un identifiant de fiche : laissez la cellule vide pour créer une nouvelle fiche",
			"3/partnership Ligne 3, colonne partnership : « Dialogue de Rabat » désigne la fiche de type partenariat de la ligne 2, qui est refusée : corrigez d’abord cette ligne, et celle-ci sera lue avec elle",
			"3/funding Ligne 3, colonne funding : élément 1, currency : « FCFA » est le franc CFA, qui est deux devises : écrivez XOF pour le franc CFA de la BCEAO (Sénégal, Côte d’Ivoire, Mali, Niger, Burkina Faso, Bénin, Togo, Guinée-Bissau) ou XAF pour celui de la BEAC (Cameroun, Tchad, République centrafricaine, Congo, Gabon, Guinée équatoriale)",
			"4/kind Ligne 4, colonne kind : « partenariat » n’est pas un type de fiche : écrivez l’un de ceux-ci : party (partie), framework (cadre), partnership (partenariat), commitment (engagement), meeting (réunion), intervention",
			"5/partnership Ligne 5, colonne partnership : « 0190a4b2-7c3e-7d41-9a5b-3c2d1e0f9a87 » désigne la fiche de type partenariat de la ligne 4, qui est refusée : corrigez d’abord cette ligne, et celle-ci sera lue avec elle",
		}},
		{"en", []string{
			"2/id Row 2, column id: “xyz” is not a record id: leave it empty to create a new record",
			"3/partnership Row 3, column partnership: “Dialogue de Rabat” names the partnership record of row 2, which is refused: fix that row first, and this one is read with it",
			"3/funding Row 3, column funding: entry 1, currency: “FCFA” is the franc CFA, which is two currencies: write XOF for the franc CFA of the BCEAO (Senegal, Côte d’Ivoire, Mali, Niger, Burkina Faso, Benin, Togo, Guinea-Bissau) or XAF for that of the BEAC (Cameroon, Chad, Central African Republic, Congo, Gabon, Equatorial Guinea)",
			"4/kind Row 4, column kind: “partenariat” is not a kind of record: write one of party, framework, partnership, commitment, meeting, intervention",
			"5/partnership Row 5, column partnership: “0190a4b2-7c3e-7d41-9a5b-3c2d1e0f9a87” names the partnership record of row 4, which is refused: fix that row first, and this one is read with it",
		}},
	} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("open", chromedp.Navigate(srv.URL))
		p.wait("app ready", p.exists(tid("app-ready")))
		p.wait("language", fmt.Sprintf(`document.documentElement.lang === %q`, c.lang))
		p.click("nav-csv")
		p.wait("csv page", p.exists(tid("page-csv")))
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{file}))
		p.wait("problems", `document.querySelector('[data-testid="csv-preview"]')?.dataset.errors === "5"`)
		got := p.eval("problems", `JSON.stringify([...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim()))`)
		if b, _ := json.Marshal(c.want); got != string(b) {
			p.fail("problems", fmt.Errorf("got  %s\nwant %s", got, b))
		}
		p.eval("problems in view", `(document.querySelector('[data-testid="csv-problem"]').scrollIntoView({block: 'center'}), '')`)
		p.shot("csv-14-cfa-refused-row-" + c.lang)
	}
}
