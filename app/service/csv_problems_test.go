package service

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"dossier/app/domain"
)

// TestCSVShapeRefusalsCarryProblems: every refusal of a file's own shape (header, rows, kind
// and id columns, quotes) names its rule as a code and values, for the CSV screen to word in
// the reader's language, and its English words, which the command line prints, are the
// problem's and read as before.
func TestCSVShapeRefusalsCarryProblems(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	party, err := recs.Add("party", map[string]json.RawMessage{"name": json.RawMessage(`"Republic of Tunisia"`), "type": json.RawMessage(`"country"`), "iso3": json.RawMessage(`"TUN"`)})
	if err != nil {
		t.Fatal(err)
	}
	gone, err := recs.Add("party", map[string]json.RawMessage{"name": json.RawMessage(`"Old Morocco"`), "type": json.RawMessage(`"other"`)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recs.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	const uid = "01900000-0000-7000-8000-000000000001"
	kinds := kindNames()
	cases := []struct {
		name, kind string
		files      []CSVInput // one file, named "", unless several
		row        int
		column     string
		code       string
		params     map[string]string
		message    string // the English words, as the command line prints them
	}{
		{"unknown column", "commitment", []CSVInput{{R: strings.NewReader("title,colour\nA,blue\n")}},
			1, "colour", "csv_column_unknown", map[string]string{"kind": "commitment"}, "is not a field of commitment: rename or remove the column"},
		{"unknown column, any kind", "", []CSVInput{{R: strings.NewReader("kind,title,colour\ncommitment,A,blue\n")}},
			1, "colour", "csv_column_unknown_any", nil, "is not a field of any record kind: rename or remove the column"},
		{"column twice", "commitment", []CSVInput{{R: strings.NewReader("title,Title ,status\nA,B,agreed\n")}},
			1, "title", "csv_column_twice", nil, "appears twice"},
		{"no kind column", "", []CSVInput{{R: strings.NewReader("title,status\nA,agreed\n")}},
			1, "", "csv_no_kind_column", map[string]string{"kinds": kinds},
			`has no kind column: add a column "kind" saying what each row is (` + kinds + `), or name the kind of every row: dossier csv import KIND FILE`},
		{"empty file", "commitment", []CSVInput{{R: strings.NewReader("")}},
			1, "", "csv_header_missing", nil, "the header row is missing or unreadable: the first row must name the columns (the file is empty)"},
		{"cells", "commitment", []CSVInput{{R: strings.NewReader("title,status\nA,agreed\nB\n")}},
			3, "", "csv_cell_count", map[string]string{"cells": "1", "header": "2"}, "has 1 cells, the header has 2"},
		{"kind empty", "", []CSVInput{{R: strings.NewReader("kind,title,status\n,A,agreed\n")}},
			2, "kind", "csv_kind_empty", map[string]string{"kinds": kinds}, "is empty: write what the row is (" + kinds + ")"},
		{"kind unknown", "", []CSVInput{{R: strings.NewReader("kind,title\nWidget ,A\n")}},
			2, "kind", "csv_kind_unknown", map[string]string{"value": "widget", "kinds": kinds}, `"widget" is not a record kind: use ` + kinds},
		{"kind contradicts", "commitment", []CSVInput{{R: strings.NewReader("kind,title,status\nparty,A,agreed\n")}},
			2, "kind", "csv_kind_contradicts", map[string]string{"says": "party", "kind": "commitment"},
			"says party, but the file was imported as commitment records: import it without naming a kind"},
		{"a field of another kind", "", []CSVInput{{R: strings.NewReader("kind,name,type,status\nparty,Libya,country,agreed\n")}},
			2, "status", "csv_not_field_of_row_kind", map[string]string{"kind": "party"}, "is not a field of party: leave it empty on party rows"},
		{"id not an id", "commitment", []CSVInput{{R: strings.NewReader("id,title,status\nnot-an-id,A,agreed\n")}},
			2, "id", "csv_id_invalid", map[string]string{"value": "not-an-id"}, `"not-an-id" is not a record id: leave it empty to create a new record`},
		{"id twice", "commitment", []CSVInput{{R: strings.NewReader("id,title,status\n" + uid + ",A,agreed\n" + uid + ",B,agreed\n")}},
			3, "id", "csv_id_twice", map[string]string{"row": "2"}, "is the same as row 2"},
		{"id twice, two files", "commitment", []CSVInput{
			{Name: "a.csv", R: strings.NewReader("id,title,status\n" + uid + ",A,agreed\n")},
			{Name: "b.csv", R: strings.NewReader("id,title,status\n" + uid + ",B,agreed\n")}},
			2, "id", "csv_id_twice_file", map[string]string{"file": "a.csv", "row": "2"}, "is the same as a.csv, row 2"},
		{"id of another kind", "commitment", []CSVInput{{R: strings.NewReader("id,title,status\n" + party.ID + ",A,agreed\n")}},
			2, "id", "csv_id_other_kind", map[string]string{"is": "party", "kind": "commitment"}, "is a party, not a commitment"},
		{"id deleted", "party", []CSVInput{{R: strings.NewReader("id,name,type\n" + gone.ID + ",Morocco,country\n")}},
			2, "id", "csv_id_deleted", map[string]string{"kind": "party", "title": "Old Morocco", "id": gone.ID},
			`party "Old Morocco" is deleted: restore it first (dossier record restore ` + gone.ID + `), or clear the id to create a new record`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := (&CSV{App: app}).ImportFiles(c.kind, c.files...)
			if err == nil {
				t.Fatal("accepted")
			}
			e := findCell(rep.Errors, c.row, c.column)
			if e == nil {
				t.Fatalf("no problem at row %d, column %q: %+v", c.row, c.column, rep.Errors)
			}
			checkProblem(t, *e, c.code, c.params, c.message)
		})
	}
	if n, _ := app.Store.Counts(); n != 3 { // the two parties and the deletion
		t.Errorf("%d changes stored", n)
	}
}

// TestCSVLimitsAndCirclesCarryProblems: the row limit and rows that refer to each other in a
// circle carry their codes too; one file names its rows by number, for each language to word.
func TestCSVLimitsAndCirclesCarryProblems(t *testing.T) {
	for _, multi := range []bool{false, true} {
		im := &csvImport{c: &CSV{App: testApp(t)}, only: domain.KindCommitment, multi: multi, nrows: MaxCSVRows, rep: &CSVReport{}}
		if err := im.read(0, CSVInput{Name: "a.csv", R: strings.NewReader("title,status\nA,agreed\n")}); err != nil || len(im.errs) != 1 {
			t.Fatalf("%v %+v", err, im.errs)
		}
		code, msg := "csv_too_many_rows", "the file has more than 100000 rows: split it"
		if multi {
			code, msg = "csv_too_many_rows_files", "the files have more than 100000 rows: split it"
		}
		checkProblem(t, im.errs[0], code, map[string]string{"max": "100000"}, msg)
	}

	a := &csvRow{file: "a.csv", row: 2, kind: domain.KindCommitment, id: "a"}
	b := &csvRow{file: "b.csv", row: 7, kind: domain.KindCommitment, id: "b"}
	a.deps, b.deps = []*csvRow{b}, []*csvRow{a}
	for _, c := range []struct {
		multi        bool
		code, rows   string
		inTheMessage string
	}{
		{false, "csv_cycle", "2, 7", "refers back to it (row 2; row 7): import one of them"},
		{true, "csv_cycle_files", "a.csv, row 2; b.csv, row 7", "refers back to it (a.csv, row 2; b.csv, row 7): import one of them"},
	} {
		im := &csvImport{multi: c.multi, rows: []*csvRow{a, b}, byID: map[string]*csvRow{"a": a, "b": b}, rep: &CSVReport{}}
		if im.order() != nil || len(im.errs) != 2 {
			t.Fatalf("%+v", im.errs)
		}
		for _, e := range im.errs {
			if !strings.Contains(e.Message, c.inTheMessage) {
				t.Errorf("%q", e.Message)
			}
			checkProblem(t, e, c.code, map[string]string{"rows": c.rows}, e.Message)
		}
	}
}

// TestCSVQuoteErrorsNameTheSpreadsheetRow: a quote error names the row as a spreadsheet shows
// it (a line break inside a quoted cell does not start a row), the column, and the lines of
// the file as extra help, and says how to write the cell.
func TestCSVQuoteErrorsNameTheSpreadsheetRow(t *testing.T) {
	const head = "kind,title,status,text\ncommitment,\"A\",agreed,\"line1\nline2\nline3\"\n"
	long := strings.Repeat("x", 120)
	cases := []struct {
		name, file string
		row        int
		column     string
		code       string
		params     map[string]string
		message    string
	}{
		{"a quote in a cell without quotes", head + "commitment,B,agreed,bad \"quote\" here\n", 3, "text", "csv_bare_quote",
			map[string]string{"line": "5", "char": "25", "example": `"bad ""quote"" here"`},
			`has a quote (") but does not start with one (line 5 of the file, character 25): put the whole cell in quotes and double each quote inside it: "bad ""quote"" here"`},
		{"the same, in a long cell", head + "commitment,B,agreed,bad \"quote\" " + long + "\n", 3, "text", "csv_bare_quote_long",
			map[string]string{"line": "5", "char": "25"},
			`has a quote (") but does not start with one (line 5 of the file, character 25): put the whole cell in quotes and double each quote inside it, e.g. "say ""yes"" here"`},
		{"characters, not bytes", head + "commitment,Réunion à Rabat \"bis\",agreed,x\n", 3, "title", "csv_bare_quote",
			map[string]string{"line": "5", "char": "28", "example": `"Réunion à Rabat ""bis"""`}, ""},
		{"text after a closing quote", head + "commitment,\"B\"x,agreed,y\n", 3, "title", "csv_quote_stray",
			map[string]string{"cell_line": "5", "line": "5", "char": "14"},
			`is in quotes (from line 5 of the file), but a quote inside it is not doubled, or something follows its closing quote (the quote on line 5, character 14): double each quote inside the cell (""), and put the separator right after the closing quote`},
		{"a quote not doubled, the cell spanning lines", head + "commitment,B,agreed,\"one\ntwo \"three\" four\"\n", 3, "text", "csv_quote_stray",
			map[string]string{"cell_line": "5", "line": "6", "char": "5"}, ""},
		{"a quote never closed", head + "commitment,B,agreed,\"never closed\nmore\ncommitment,C,agreed,z\n", 3, "text", "csv_quote_unclosed",
			map[string]string{"cell_line": "5"},
			`starts with a quote (line 5 of the file) that is never closed, so the rest of the file was read into this cell: end the cell with a quote, and double each quote inside it ("")`},
		{"never closed, after a cell on two lines", head + "commitment,\"B\nB\",agreed,\"never closed", 3, "text", "csv_quote_unclosed",
			map[string]string{"cell_line": "6"}, ""},
		{"in the header", "kind,ti\"tle\n", 1, "", "csv_bare_quote",
			map[string]string{"line": "1", "char": "8", "example": `"ti""tle"`}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := (&CSV{App: testApp(t)}).Import("", strings.NewReader(c.file))
			if err == nil {
				t.Fatal("accepted")
			}
			if len(rep.Errors) != 1 || rep.Errors[0].Row != c.row || rep.Errors[0].Column != c.column {
				t.Fatalf("problems %+v, want one at row %d, column %q", rep.Errors, c.row, c.column)
			}
			msg := c.message
			if msg == "" {
				msg = rep.Errors[0].Message
			}
			checkProblem(t, rep.Errors[0], c.code, c.params, msg)
		})
	}
}

func findCell(errs []CellError, row int, column string) *CellError {
	for i, e := range errs {
		if e.Row == row && e.Column == column {
			return &errs[i]
		}
	}
	return nil
}

func checkProblem(t *testing.T, e CellError, code string, params map[string]string, message string) {
	t.Helper()
	if e.Problem == nil {
		t.Fatalf("row %d, column %q: no problem code (%s)", e.Row, e.Column, e.Message)
	}
	if e.Problem.Code != code || !reflect.DeepEqual(e.Problem.Params, params) {
		t.Errorf("row %d, column %q: problem %+v, want %s %v", e.Row, e.Column, *e.Problem, code, params)
	}
	if e.Message != message || e.Message != e.Problem.Text() {
		t.Errorf("row %d, column %q: words %q, problem's %q, want %q", e.Row, e.Column, e.Message, e.Problem.Text(), message)
	}
}

// TestCSVRefusedHeaderStillReadsRows: a header with an unknown column does not hide a quote
// error or a short row further down: every problem of the file's shape is listed at once, and
// the rows are read for the screen's sample, though none is made into a record.
func TestCSVRefusedHeaderStillReadsRows(t *testing.T) {
	file := "kind,title,status,colour,text\n" +
		"commitment,\"A\",agreed,blue,\"line1\nline2\"\n" +
		"commitment,B\n" +
		"commitment,C,agreed,red,bad \"quote\" here\n"
	v, err := (&CSV{App: testApp(t)}).Preview("", "f.csv", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range v.Errors {
		code := ""
		if e.Problem != nil {
			code = e.Problem.Code
		}
		got = append(got, fmt.Sprintf("%d/%s %s", e.Row, e.Column, code))
	}
	want := []string{"1/colour csv_column_unknown_any", "3/ csv_cell_count", "4/text csv_bare_quote"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
	if v.File.Rows != 2 || len(v.Rows) != 2 || v.Rows[0].Row != 2 || v.Rows[1].Row != 3 {
		t.Errorf("rows read %d, sample %+v", v.File.Rows, v.Rows)
	}
	// Imported, the same file stores nothing: the state is as before.
	app := testApp(t)
	before, _ := app.Store.StateHash()
	if _, err := (&CSV{App: app}).Import("", strings.NewReader(file)); err == nil {
		t.Fatal("a file with a refused header was imported")
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Errorf("a refused file changed the state: %s, was %s", after, before)
	}
}
