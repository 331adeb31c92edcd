package service

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"dossier/app/domain"
	"dossier/app/internal/csvtext"
	"dossier/app/internal/portfolio"
	"dossier/app/store"
)

func importPortfolio(t *testing.T, app *App, files []portfolio.File) (*CSVReport, error) {
	t.Helper()
	var in []CSVInput
	for _, f := range files {
		in = append(in, CSVInput{Name: f.Name, Kind: f.Kind, R: bytes.NewReader(f.Data)})
	}
	return (&CSV{App: app}).ImportFiles("", in...)
}

// dump lists every live record with references written as the names of what they point to
// (inside JSON cells too, as exports write them), so that two stores with different ids but
// the same content dump the same.
func dump(t *testing.T, app *App) string {
	t.Helper()
	c := &CSV{App: app}
	keys := newExportKeys(app.Store)
	var lines []string
	for _, k := range domain.Kinds {
		page := app.Store.Query(store.Query{Kind: string(k), Limit: store.MaxLimit})
		for _, s := range page.Items {
			rec, err := app.Store.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			parts := []string{string(k)}
			for _, f := range domain.Schema(k) {
				v := keys.format(f, rec.Value(f.Name))
				if f.Ref != "" {
					v = c.names(f, rec.Value(f.Name))
				}
				if f.Type == domain.TypeSet { // sets are held in id order, which differs between stores
					elems := strings.Split(v, "; ")
					sort.Strings(elems)
					v = strings.Join(elems, "; ")
				}
				if v != "" {
					parts = append(parts, f.Name+"="+v)
				}
			}
			lines = append(lines, strings.Join(parts, " | "))
		}
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func oneRecord(t *testing.T, app *App, kind, text string) *RecordView {
	t.Helper()
	for _, s := range app.Store.Query(store.Query{Kind: kind, Limit: store.MaxLimit}).Items {
		if s.Title == text {
			v, err := (&Records{App: app}).Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
	}
	t.Fatalf("no %s titled %q", kind, text)
	return nil
}

func idOf(t *testing.T, app *App, kind, title string) string {
	return oneRecord(t, app, kind, title).ID
}

// TestCSVPortfolioVariants: a secretariat's portfolio, written with names and never ids,
// imports the same from one file per kind (given in the wrong order) or one mixed file, with
// commas, semicolons or tabs, in UTF-8, UTF-8 with BOM, UTF-16 or Windows-1252; every import
// says the encoding it used, and no accent is lost.
func TestCSVPortfolioVariants(t *testing.T) {
	sheets := portfolio.Sheets()
	total := portfolio.Rows(sheets)
	if total < 80 || len(sheets[0].Rows) < 30 || len(sheets[4].Rows) < 40 {
		t.Fatalf("the portfolio is too small to be realistic: %d records", total)
	}
	variants := []struct {
		name    string
		mixed   bool
		delim   rune
		enc     string
		reverse bool
	}{
		{"per kind, comma, UTF-8, files in reverse", false, ',', portfolio.UTF8, true},
		{"per kind, semicolon, UTF-8 with BOM", false, ';', portfolio.UTF8BOM, false},
		{"one file, semicolon, Windows-1252", true, ';', portfolio.CP1252, false},
		{"one file, tab, UTF-16 LE", true, '\t', portfolio.UTF16LE, false},
		{"per kind, semicolon, UTF-16 BE", false, ';', portfolio.UTF16BE, false},
	}
	var want string
	for _, v := range variants {
		t.Run(v.name, func(t *testing.T) {
			files, err := portfolio.Write(sheets, v.mixed, v.delim, v.enc)
			if err != nil {
				t.Fatal(err)
			}
			if v.reverse {
				for i, j := 0, len(files)-1; i < j; i, j = i+1, j-1 {
					files[i], files[j] = files[j], files[i]
				}
			}
			app := testApp(t)
			rep, err := importPortfolio(t, app, files)
			if err != nil {
				t.Fatalf("refused: %v\n%+v", err, rep.Errors)
			}
			if !rep.Stored || rep.Created != total || rep.Updated+rep.Unchanged != 0 || len(rep.Files) != len(files) {
				t.Fatalf("report %+v, want %d created", rep, total)
			}
			for i, f := range rep.Files {
				enc := v.enc
				if v.enc != portfolio.UTF16LE && v.enc != portfolio.UTF16BE && v.enc != portfolio.UTF8BOM && !hasHighByte(files[i].Data) {
					enc = csvtext.UTF8 // ASCII alone is UTF-8
				}
				if f.Encoding != enc || f.Delimiter != string(v.delim) && !(v.delim == '\t' && f.Delimiter == "tab") {
					t.Errorf("%s read as %s with %q, want %s with %q", f.Name, f.Encoding, f.Delimiter, enc, v.delim)
				}
			}
			got := dump(t, app)
			if strings.ContainsRune(got, '\uFFFD') || !strings.Contains(got, "Türkiye") || !strings.Contains(got, "Côte d'Ivoire") || !strings.Contains(got, "EU–Tunisia MoU") {
				t.Fatalf("accents lost:\n%s", got)
			}
			if want == "" {
				want = got
			} else if got != want {
				t.Fatalf("this variant stored something else:\n%s\n\nthe first stored:\n%s", got, want)
			}
		})
	}
}

func hasHighByte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

func loadPortfolio(t *testing.T) *App {
	t.Helper()
	files, err := portfolio.Write(portfolio.Sheets(), false, ';', portfolio.CP1252)
	if err != nil {
		t.Fatal(err)
	}
	app := testApp(t)
	if rep, err := importPortfolio(t, app, files); err != nil {
		t.Fatalf("%v\n%+v", err, rep.Errors)
	}
	return app
}

// TestCSVPortfolioReferences: the names in the files became the right references.
func TestCSVPortfolioReferences(t *testing.T) {
	app := loadPortfolio(t)
	tun := oneRecord(t, app, "party", "Tunisia").ID
	eu := oneRecord(t, app, "party", "European Union").ID
	mou := oneRecord(t, app, "partnership", "EU–Tunisia MoU")
	if got := string(mou.Fields["parties"]); !strings.Contains(got, `{"party":"`+eu+`","role":"lead"}`) || !strings.Contains(got, `{"party":"`+tun+`","role":"member"}`) {
		t.Errorf("EU–Tunisia MoU parties: %s", got)
	}
	if got := string(mou.Fields["framework_items"]); got != `["EUTF-3","GCM-10"]` && got != `["GCM-10","EUTF-3"]` {
		t.Errorf("framework items: %s", got)
	}
	budget := oneRecord(t, app, "commitment", "EUR 150 million budget support to Tunisia")
	if string(budget.Fields["towards"]) != `["`+tun+`"]` || string(budget.Fields["partnership"]) != `"`+mou.ID+`"` {
		t.Errorf("budget support: %s", budget.Fields)
	}
	if got := string(oneRecord(t, app, "partnership", "EU–Mauritania Migration Partnership").Fields["framework_items"]); !strings.Contains(got, `"GCM-9"`) {
		t.Errorf("gcm-9 was not read as GCM-9: %s", got)
	}
	meeting := idOf(t, app, "meeting", "EU–Mauritania Joint Committee")
	if got := string(oneRecord(t, app, "commitment", "EUR 210 million for the EU–Mauritania partnership").Fields["source_meeting"]); got != `"`+meeting+`"` {
		t.Errorf("source meeting %s, want %s", got, meeting)
	}
	iv := app.Store.Query(store.Query{Kind: "intervention", Meeting: idOf(t, app, "meeting", "EU–Tunisia Migration Dialogue, Tunis 2025")})
	if iv.Total != 1 {
		t.Fatalf("interventions at the Tunis dialogue: %d", iv.Total)
	}
	// Libya: the Trust Fund programme, the humanitarian returns, the data on missing migrants,
	// and the North Africa programme that names Libya only in its funding split.
	for country, want := range map[string]int{"CIV": 3, "TUR": 2, "LBY": 4} {
		if got := app.Store.Query(store.Query{Kind: "commitment", Country: country}).Total; got != want {
			t.Errorf("commitments involving %s: %d, want %d", country, got, want)
		}
	}
	if got := app.Store.Query(store.Query{Text: "Türkiye", Kind: "party"}).Total; got != 1 {
		t.Errorf("search for Türkiye finds %d parties", got)
	}
}

func readExport(t *testing.T, path string) ([]string, [][]string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\uFEFF")) {
		t.Fatal("the export has no byte-order mark: Excel would read its accents wrongly")
	}
	r := csv.NewReader(bytes.NewReader(data[3:]))
	r.Comma = ';'
	all, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return all[0], all[1:]
}

func writeCSV(t *testing.T, path string, header []string, rows [][]string, enc string) {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.WriteAll(append([][]string{header}, rows...))
	data := b.Bytes()
	if enc == portfolio.CP1252 {
		var err error
		if data, err = charmap.Windows1252.NewEncoder().Bytes(data); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func col(header []string, name string) int {
	for i, h := range header {
		if h == name {
			return i
		}
	}
	panic("no column " + name)
}

func importPath(t *testing.T, app *App, path string) (*CSVReport, error) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	return (&CSV{App: app}).ImportFiles("", CSVInput{Name: filepath.Base(path), R: f})
}

// TestCSVPortfolioRoundTrip: export everything with ";", as for French Excel; the names stand
// next to the ids and formulas are neutralised; importing the file unchanged, or re-saved by
// Excel as Windows-1252, changes nothing; editing a name column moves a reference, and
// editing it while leaving the id beside it is refused.
func TestCSVPortfolioRoundTrip(t *testing.T) {
	app := loadPortfolio(t)
	total := portfolio.Rows(portfolio.Sheets())
	before, _ := app.Store.StateHash()
	path := filepath.Join(t.TempDir(), "all.csv")
	rep, err := (&CSV{App: app}).ExportFile(CSVExport{Kinds: []string{"all"}, Path: path, Delimiter: ";"})
	if err != nil || rep.Rows != total || rep.Kinds["commitment"] != len(portfolio.Sheets()[4].Rows) {
		t.Fatalf("export: %+v %v", rep, err)
	}
	header, rows := readExport(t, path)
	title, pname, pid := col(header, "title"), col(header, "partnership_name"), col(header, "partnership")
	seen := map[string]bool{}
	for _, r := range rows {
		seen[r[title]] = true
		if r[pid] != "" && r[pname] == "" {
			t.Errorf("%s: partnership %s without its name", r[title], r[pid])
		}
	}
	for _, want := range []string{"'+2,000 resettlement places offered by Spain", "'-10% irregular departures on the Atlantic route (target)",
		"'@IOM_GMDAC data portal on migration flows", `'=HYPERLINK("http://example.org/eutf","EUTF annual report") as the source of record`} {
		if !seen[want] {
			t.Errorf("the export lacks the neutralised cell %q", want)
		}
	}
	for _, r := range rows {
		for _, cell := range r {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("a cell starts a formula: %q", cell)
			}
		}
	}

	// Unchanged, then as Excel re-saves it in Windows-1252.
	for _, enc := range []string{portfolio.UTF8, portfolio.CP1252} {
		p := filepath.Join(t.TempDir(), "resaved.csv")
		writeCSV(t, p, header, rows, enc)
		rep, err := importPath(t, app, p)
		if err != nil || rep.Unchanged != total || rep.Created+rep.Updated != 0 {
			t.Fatalf("%s: re-import %+v %v", enc, rep, err)
		}
		if after, _ := app.Store.StateHash(); after != before {
			t.Fatalf("%s: re-importing the export changed the state", enc)
		}
	}

	// Move a commitment to another partnership by its name alone.
	edited := make([][]string, len(rows))
	const moved = "Legal pathways for Mauritanian workers to Spain"
	for i, r := range rows {
		edited[i] = append([]string(nil), r...)
		if r[title] == moved {
			edited[i][pid], edited[i][pname] = "", "Rabat Process"
		}
	}
	p := filepath.Join(t.TempDir(), "moved.csv")
	writeCSV(t, p, header, edited, portfolio.CP1252)
	if rep, err := importPath(t, app, p); err != nil || rep.Updated != 1 || rep.Unchanged != total-1 {
		t.Fatalf("moving by name: %+v %v", rep, err)
	}
	if got, want := string(oneRecord(t, app, "commitment", moved).Fields["partnership"]), `"`+idOf(t, app, "partnership", "Rabat Process")+`"`; got != want {
		t.Fatalf("partnership %s, want %s", got, want)
	}

	// A name changed next to an unchanged id is refused: which one did the user mean?
	const other = "Skills mobility scheme for Moroccan technicians"
	for i, r := range rows {
		if r[title] == other {
			edited[i][pname] = "Khartoum Process"
		}
	}
	writeCSV(t, p, header, edited, portfolio.CP1252)
	hash, _ := app.Store.StateHash()
	rep2, err := importPath(t, app, p)
	if err == nil || len(rep2.Errors) != 1 || rep2.Errors[0].Column != "partnership_name" ||
		!strings.Contains(rep2.Errors[0].Message, `says "Khartoum Process" where partnership points to`) || !strings.Contains(rep2.Errors[0].Message, "(Talent Partnership with Morocco)") {
		t.Fatalf("a mismatched name column: %v %+v", err, rep2)
	}
	if after, _ := app.Store.StateHash(); after != hash {
		t.Fatal("a refused import changed the state")
	}
}

// TestCSVReportListsEveryProblem: the report has every problem; the message shows 20 and
// points to it, and stays within the bounds of an error.
func TestCSVReportListsEveryProblem(t *testing.T) {
	app := testApp(t)
	var b strings.Builder
	b.WriteString("title;status;towards\n")
	for i := 0; i < 70; i++ {
		fmt.Fprintf(&b, "Commitment %d;agreed;Atlantis %d\n", i, i)
	}
	rep, err := (&CSV{App: app}).Import("commitment", strings.NewReader(b.String()))
	if err == nil || rep == nil || rep.Stored || len(rep.Errors) != 70 {
		t.Fatalf("%v; %+v", err, rep)
	}
	for i, e := range rep.Errors {
		if e.Row != i+2 || e.Column != "towards" || !strings.Contains(e.Message, fmt.Sprintf(`"Atlantis %d" names no party`, i)) {
			t.Fatalf("problem %d: %+v", i, e)
		}
	}
	se := AsError(err)
	if !strings.Contains(se.Message, "… and 50 more (the --json report lists every one)") || len(se.Message) > MaxMessage || len(se.Fields) > MaxFields+1 {
		t.Fatalf("message: %d bytes, %d fields\n%s", len(se.Message), len(se.Fields), se.Message)
	}
}
