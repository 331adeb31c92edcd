package service

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/store"
)

func testApp(t testing.TB) *App {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true, Author: "0123456789ABCDEF", AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &App{Store: st}
}

func TestCSVImportTable(t *testing.T) {
	cases := []struct {
		name, csv string
		created   int
		errs      []string // fragments expected in the error
	}{
		{"comma", "title,status,due\nA,agreed,2026-01-01\nB,proposed,\n", 2, nil},
		{"semicolon with BOM", "\ufefftitle;status;themes\nA;agreed;\"border_management; trafficking\"\n", 1, nil},
		{"quoted newline", "title,status,text\n\"A\",agreed,\"line 1\nline 2\"\n", 1, nil},
		{"unknown column", "title,colour\nA,blue\n", 0, []string{"row 1, column colour: is not a field of commitment"}},
		{"duplicate column", "title,title,status\nA,B,agreed\n", 0, []string{"appears twice"}},
		{"short row", "title,status\nA\n", 0, []string{"row 2: has 1 cells, the header has 2"}},
		{"bad values", "title,status,due,themes\n,agreed,2026-01-01,\nX,maybe,soon,fishing\n", 0,
			[]string{"row 2, column title: is required", "row 3, column status", "row 3, column due", "row 3, column themes: \"fishing\" is not allowed"}},
		{"bad id", "id,title,status\nnot-an-id,A,agreed\n", 0, []string{"row 2, column id"}},
		{"empty", "", 0, []string{"row 1: the header row is missing"}},
		{"bad quote", "title,status\n\"A,agreed\n", 0, []string{"row 2, column title: starts with a quote (line 2 of the file) that is never closed"}},
		{"bad party role", "title,type,status,parties\nP,bilateral,active,nocolon\n", 0, []string{"PARTY:ROLE"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := testApp(t)
			kind := "commitment"
			if strings.Contains(c.csv, "parties") {
				kind = "partnership"
			}
			rep, err := (&CSV{App: app}).Import(kind, strings.NewReader(c.csv))
			if len(c.errs) == 0 {
				if err != nil || rep.Created != c.created {
					t.Fatalf("rep %+v err %v", rep, err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, want := range c.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("missing %q in %v", want, err)
				}
			}
			if n, _ := app.Store.Counts(); n != 0 {
				t.Fatalf("%d changes stored from a refused file", n)
			}
		})
	}
}

func FuzzCSVImport(f *testing.F) {
	for _, s := range []string{
		"title,status\nA,agreed\n",
		"title;status;themes\nA;agreed;trafficking;border_management\n",
		"id,title,status,indicators\n,A,agreed,\"[{\"\"name\"\":\"\"n\"\",\"\"unit\"\":\"\"people\"\",\"\"actual\"\":1}]\"\n",
		"title,status\n\"unterminated\n",
		"\ufefftitle,due\nX,2026-02-30\n",
		"kind;name;type;iso3;title;status;towards\ncommitment;;;;A;agreed;TUN\nparty;Tunisia;country;TUN;;;\n",
		"title;status;partnership;partnership_name\nA;agreed;;Rabat Process\n'=1;agreed;;\n",
		"name,type\nT\xfcrkiye,country\nC\xf4te d\x92Ivoire,country\n",
		"kind;name;type;iso3;title;status;funding;indicators\nparty;Niger;country;NER;;;;\ncommitment;;;;A;agreed;\"[{\"\"amount\"\":1,\"\"currency\"\":\"\"EUR\"\",\"\"state\"\":\"\"pledged\"\",\"\"country\"\":\"\"Niger\"\"}]\";\"[{\"\"name\"\":\"\"n\"\",\"\"unit\"\":\"\"people\"\",\"\"values\"\":[{\"\"actual\"\":1,\"\"as_of\"\":\"\"2025-01-01\"\",\"\"country\"\":\"\"NER\"\"}]}]\"\n",
		"\xff\xfet\x00i\x00t\x00l\x00e\x00\n\x00",
		// Refusals of cells and files, each with its problem code (csv_problems_test.go).
		"title,status,framework_items,funding\nA,agreed,GCM-99,\"[{\"\"amount\"\": \"\"12,5\"\"}]\"\nB,agreed,gcm-7,not json\n",
		"kind,title,type,status,parties,parties_names\npartnership,P,bilateral,active,nocolon,\npartnership,Q,bilateral,active,TUN:lead,Tunisia:member\n",
		"title,status\nT\xfcrkiye \xc3\xa9,agreed\n",
		"id,title,status\n01900000-0000-8000-8000-000000000001,A,agreed\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		app := testApp(t)
		before, _ := app.Store.StateHash()
		kind := "commitment"
		if len(data)%2 == 1 { // the kind column decides
			kind = ""
		}
		rep, err := (&CSV{App: app}).Import(kind, strings.NewReader(string(data)))
		if err != nil {
			if after, _ := app.Store.StateHash(); after != before {
				t.Fatal("a refused import changed the state")
			}
			if AsError(err).Code != CodeInvalid {
				t.Fatalf("not an input error: %v", err)
			}
			if rep != nil && (rep.Stored || len(rep.Errors) == 0) {
				t.Fatalf("a refusal whose report has no problem: %+v", rep)
			}
			// Every problem has a code of its own, for the screen to word in the reader's
			// language, and its English words are the code's (docs/csv.md, "Problems in the
			// reader's language").
			for _, e := range rep.Errors {
				if e.Problem == nil || e.Problem.Code == "text" || e.Message != e.Problem.Text() {
					t.Fatalf("row %d, column %q: %q without a code of its own (%+v)", e.Row, e.Column, e.Message, e.Problem)
				}
			}
			return
		}
		if got := dump(t, app); strings.ContainsRune(got, '\uFFFD') {
			t.Fatalf("U+FFFD stored:\n%s", got)
		}
	})
}

// seed loads a few parties and partnerships that the cases below refer to by name.
func seed(t *testing.T, app *App) {
	t.Helper()
	data := "kind;name;type;iso3;acronym;title;status;parties\n" +
		"party;Tunisia;country;TUN;;;;\n" +
		"party;European Union;regional_organisation;;EU;;;\n" +
		"party;Morocco;country;MAR;;;;\n" +
		"party;Kingdom of Morocco;country;MAR;;;;\n" +
		"partnership;;bilateral;;;EU–Tunisia MoU;active;EU:lead\n" +
		"partnership;;regional_dialogue;;;Rabat Process;active;MAR:lead\n"
	if rep, err := (&CSV{App: app}).Import("", strings.NewReader(data)); err == nil || !strings.Contains(err.Error(), `"MAR" could be any of 2`) {
		t.Fatalf("an ambiguous ISO3 code in the same import: %v %+v", err, rep)
	}
	data = strings.Replace(data, "MAR:lead", "Kingdom of Morocco:lead", 1)
	if rep, err := (&CSV{App: app}).Import("", strings.NewReader(data)); err != nil || rep.Created != 6 {
		t.Fatalf("seed: %v %+v", err, rep)
	}
}

func TestCSVImportRefusals(t *testing.T) {
	cases := []struct {
		name  string
		kind  string
		files []string
		errs  []string // fragments of the message, in order of the problems
	}{
		{"unknown name", "commitment", []string{"title,status,towards\nA,agreed,Atlantis\n"},
			[]string{`row 2, column towards: "Atlantis" names no party: give its id, ISO3 code`}},
		{"near name", "commitment", []string{"title,status,partnership\nA,agreed,EU-Tunisia MoU\n"},
			[]string{`row 2, column partnership: "EU-Tunisia MoU" names no partnership; did you mean EU–Tunisia MoU (id `}},
		{"ambiguous ISO3", "commitment", []string{"title,status,towards\nA,agreed,Tunisia;MAR\n"},
			[]string{`row 2, column towards: "MAR" could be any of 2 party records: Kingdom of Morocco (ISO3 MAR, id `, "Morocco (ISO3 MAR, id ", "write the id"}},
		{"name column alone, unknown", "commitment", []string{"title,status,partnership_name\nA,agreed,Khartoum Process\n"},
			[]string{`row 2, column partnership_name: "Khartoum Process" names no partnership`}},
		{"unknown framework item", "commitment", []string{"title,status,framework_items\nA,agreed,GCM-24\n"},
			[]string{`row 2, column framework_items: "GCM-24" is not a framework item; the items of GCM are GCM-1, GCM-2`}},
		{"no kind column", "", []string{"title,status\nA,agreed\n"},
			[]string{`row 1: has no kind column: add a column "kind"`}},
		{"bad kind", "", []string{"kind,title,status\npromise,A,agreed\n,B,agreed\n"},
			[]string{`row 2, column kind: "promise" is not a record kind`, "row 3, column kind: is empty"}},
		{"cell of another kind", "", []string{"kind,name,type,status\nparty,Chad,country,active\n"},
			[]string{"row 2, column status: is not a field of party: leave it empty on party rows"}},
		{"kind column against the kind named", "commitment", []string{"kind,title,status\nparty,A,agreed\n"},
			[]string{"row 2, column kind: says party, but the file was imported as commitment records"}},
		{"the same id in two files", "commitment", []string{"id,title,status\n01900000-0000-7000-8000-0000000000aa,A,agreed\n", "id,title,status\n01900000-0000-7000-8000-0000000000AA,B,agreed\n"},
			[]string{"file 2, row 2, column id: is the same as file 1, row 2"}},
		{"Cyrillic bytes", "party", []string{"name,type\n\xcc\xee\xf1\xea\xe2\xe0,country\n"},
			[]string{"row 2: cannot be read as Windows-1252: byte 10:", `save it again as "CSV UTF-8"`}},
		{"damage from an earlier conversion", "party", []string{"name,type\nT\uFFFDrkiye,country\n"},
			[]string{"row 2: cannot be read as UTF-8: byte 11: the character U+FFFD"}},
		{"validation of the store, by row", "", []string{"kind,title,status,name,type\ncommitment,A,maybe,,\nparty,,,Chad,nation\n"},
			[]string{"row 2, column status", "row 3, column type"}},
		{"unknown country in a funding entry", "commitment", []string{"title;status;funding\nA;agreed;" +
			`"[{""amount"":1,""currency"":""EUR"",""state"":""pledged"",""country"":""Tunisie""},{""amount"":2,""currency"":""EUR"",""state"":""pledged"",""country"":""Atlantis""}]"` + "\n"},
			[]string{`row 2, column funding: entry 2, country: "Atlantis" names no party: give its id, ISO3 code`}},
		{"near country in a funding entry", "commitment", []string{"title;status;funding\nA;agreed;" +
			`"[{""amount"":1,""currency"":""EUR"",""state"":""pledged"",""country"":""Europe""}]"` + "\n"},
			[]string{`row 2, column funding: entry 1, country: "Europe" names no party; did you mean European Union (id `}},
		{"ambiguous country in an indicator value", "commitment", []string{"title;status;indicators\nA;agreed;" +
			`"[{""name"":""Returns"",""values"":[{""actual"":1,""as_of"":""2025-01-01"",""country"":""TUN""},{""actual"":2,""as_of"":""2025-01-01"",""country"":""MAR""}]}]"` + "\n"},
			[]string{`row 2, column indicators: entry 1, values entry 2, country: "MAR" could be any of 2 party records: Kingdom of Morocco (ISO3 MAR, id `, "write the id"}},
		{"a bad amount is listed with a bad reference", "commitment", []string{"title;status;towards;funding\nA;agreed;Atlantis;" +
			`"[{""amount"":-5,""currency"":""EUR"",""state"":""pledged"",""country"":""TUN""}]"` + "\n"},
			[]string{`row 2, column towards: "Atlantis" names no party`, "row 2, column funding: entry 1, amount: -5 is not an amount"}},
		{"every problem at once, in row order", "", []string{"kind,title,status,name,type,towards,due\n" +
			"commitment,A,maybe,,,Atlantis,soon\nparty,,,Chad,nation,,\ncommitment,B,agreed,,,Chad,\nparty,,agreed,Niger,country,,\n"},
			[]string{"row 2, column status", "row 2, column towards", "row 2, column due", "row 3, column type", "row 5, column status: is not a field of party"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := testApp(t)
			seed(t, app)
			before, _ := app.Store.StateHash()
			var in []CSVInput
			for _, f := range c.files {
				in = append(in, CSVInput{R: strings.NewReader(f)})
			}
			rep, err := (&CSV{App: app}).ImportFiles(c.kind, in...)
			if err == nil {
				t.Fatalf("accepted: %+v", rep)
			}
			if rep == nil || rep.Stored || len(rep.Errors) == 0 {
				t.Errorf("report %+v", rep)
			}
			at := 0
			for _, want := range c.errs {
				i := strings.Index(err.Error()[at:], want)
				if i < 0 {
					t.Errorf("missing %q (in this order) in:\n%v", want, err)
					continue
				}
				at += i
			}
			if after, _ := app.Store.StateHash(); after != before {
				t.Fatal("a refused import changed the state")
			}
		})
	}
}

// TestCSVImportUpdatesAndDeleted: rows with a held id update it; a deleted record is named
// and not silently recreated; natural keys see the import's own renames.
func TestCSVImportUpdatesAndDeleted(t *testing.T) {
	app := testApp(t)
	seed(t, app)
	tun := app.Store.Query(store.Query{Kind: "party", Country: "TUN"}).Items[0].ID
	// Rename Tunisia and refer to it by its new name in the same import.
	data := "kind,id,name,type,title,status,towards\n" +
		"party," + tun + ",Republic of Tunisia,country,,,\n" +
		"commitment,,,,Coast guard training,agreed,Republic of Tunisia\n"
	rep, err := (&CSV{App: app}).Import("", strings.NewReader(data))
	if err != nil || rep.Created != 1 || rep.Updated != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
	if _, err := (&Records{App: app}).Delete(tun); err != nil {
		t.Fatal(err)
	}
	rep, err = (&CSV{App: app}).Import("party", strings.NewReader("id,name,type\n"+tun+",Tunisia,country\n"))
	if err == nil || !strings.Contains(err.Error(), `row 2, column id: party "Republic of Tunisia" is deleted: restore it first`) {
		t.Fatalf("a deleted record: %v %+v", err, rep)
	}
	// A deleted party is not a candidate for a name.
	if _, err := (&CSV{App: app}).Import("commitment", strings.NewReader("title,status,towards\nB,agreed,TUN\n")); err == nil || !strings.Contains(err.Error(), `"TUN" names no party`) {
		t.Fatalf("a deleted party was found by name: %v", err)
	}
}

// TestCSVOrderRefusesCircles: rows that need each other to be stored first are refused by
// name (the schema has no such pair today; a kind added later might).
func TestCSVOrderRefusesCircles(t *testing.T) {
	a := &csvRow{file: "a.csv", row: 2, kind: domain.KindCommitment, id: "a"}
	b := &csvRow{file: "b.csv", row: 7, kind: domain.KindCommitment, id: "b"}
	c := &csvRow{file: "a.csv", row: 3, kind: domain.KindParty, id: "c"}
	a.deps, b.deps = []*csvRow{b}, []*csvRow{a, c}
	im := &csvImport{multi: true, rows: []*csvRow{a, b, c}, byID: map[string]*csvRow{"a": a, "b": b, "c": c}, rep: &CSVReport{}}
	if order := im.order(); order != nil || len(im.errs) != 2 {
		t.Fatalf("order %v, problems %+v", order, im.errs)
	}
	for _, e := range im.errs {
		if !strings.Contains(e.Message, "refers back to it (a.csv, row 2; b.csv, row 7)") {
			t.Errorf("%+v", e)
		}
	}
	// Without the circle: the party first, then b, then a.
	a.deps = nil
	im = &csvImport{rows: []*csvRow{a, b, c}, byID: map[string]*csvRow{"a": a, "b": b, "c": c}, rep: &CSVReport{}}
	b.deps = []*csvRow{a, c}
	order := im.order()
	if len(order) != 3 || order[0] != c || order[1] != a || order[2] != b {
		t.Fatalf("order %v", order)
	}
}

// TestCSVImportTotalSize: the files of one import are bounded together, like one file.
func TestCSVImportTotalSize(t *testing.T) {
	im := &csvImport{c: &CSV{App: testApp(t)}, multi: true, bytes: MaxCSVBytes - 5, rep: &CSVReport{}}
	err := im.read(1, CSVInput{Name: "b.csv", R: strings.NewReader("title\nabcdefgh\n")})
	if e := AsError(err); e == nil || e.Code != CodeInvalid || !strings.Contains(e.Message, "b.csv: with the files before it, this import is over the limit of 256 MiB") {
		t.Fatalf("%v", err)
	}
}

// TestCSVNamesWithSeparators: a title with ";" and a name with ":" survive the name columns:
// the export writes such a list as JSON, and party roles are cut at the last colon.
func TestCSVNamesWithSeparators(t *testing.T) {
	app := testApp(t)
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Comma = ';'
	w.WriteAll([][]string{
		{"kind", "name", "type", "title", "status", "parties", "meeting", "start", "commitments"},
		{"party", "IOM: UN Migration", "international_organisation", "", "", "", "", "", ""},
		{"partnership", "", "bilateral", "Returns; reintegration", "active", "IOM: UN Migration:implementing", "", "", ""},
		{"commitment", "", "", "Returns; reintegration (phase 1)", "agreed", "", "", "", ""},
		{"meeting", "", "", "Senior officials", "", "", "", "2026-03-10T09:00:00+01:00", ""},
		{"intervention", "", "", "", "", "", "Senior officials", "", `["Returns; reintegration (phase 1)"]`},
	})
	data := b.String()
	rep, err := (&CSV{App: app}).Import("", strings.NewReader(data))
	if err != nil || rep.Created != 5 {
		t.Fatalf("%v %+v", err, rep)
	}
	path := filepath.Join(t.TempDir(), "all.csv")
	if _, err := (&CSV{App: app}).ExportFile(CSVExport{Path: path, Delimiter: ","}); err != nil {
		t.Fatal(err)
	}
	out, _ := os.ReadFile(path)
	for _, want := range []string{`IOM: UN Migration:implementing`, `"[""Returns; reintegration (phase 1)""]"`} {
		if !strings.Contains(string(out), want) {
			t.Errorf("the export lacks %s:\n%s", want, out)
		}
	}
	before, _ := app.Store.StateHash()
	f, _ := os.Open(path)
	defer f.Close()
	if rep, err := (&CSV{App: app}).Import("", f); err != nil || rep.Unchanged != 5 {
		t.Fatalf("re-import: %v %+v", err, rep)
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Fatal("the round trip changed the state")
	}
}
