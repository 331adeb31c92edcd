package service

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/store"
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
		// A file that says each row's kind (every export does), read as one kind: its columns
		// of other kinds are no mistake of the file, so the advice is to read the kind column,
		// once, not to remove each column (the walk of 4 December 2026: the CSV screen, which
		// starts at Commitments, told a secretariat to remove 12 columns of a full export).
		{"columns of other kinds, in a file with a kind column", "commitment", []CSVInput{{R: strings.NewReader("kind,title,status,start,venue\ncommitment,A,agreed,,\nmeeting,B,,2026-11-30,Dakar\n")}},
			1, "kind", "csv_kind_column_not_read", map[string]string{"kind": "commitment", "columns": "start, venue"},
			"gives each row's kind, but the rows were all read as commitment records, of which start, venue are not fields: import the file without naming a kind"},
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
			if c.code == "csv_kind_column_not_read" && len(rep.Errors) != 1 {
				t.Errorf("the kind column's advice and more: %+v", rep.Errors)
			}
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

// TestCSVCellRefusalsCarryProblems: every refusal of a cell — a reference by name, a
// framework item, a name column beside its ids, a JSON cell, a list entry, a party role, an
// id kept for Dossier's own records — and every encoding refusal carries its rule as a code
// and values (the value as written, what it could be, where in a list cell), which the
// screen words in the reader's language; the English words are the problem's.
func TestCSVCellRefusalsCarryProblems(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	add := func(kind, js string) string {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatal(err)
		}
		r, err := recs.Add(kind, m)
		if err != nil {
			t.Fatal(err)
		}
		return r.ID
	}
	tun := add("party", `{"name":"Tunisia","type":"country","iso3":"TUN"}`)
	mar1 := add("party", `{"name":"Kingdom of Morocco","type":"country","iso3":"MAR"}`)
	mar2 := add("party", `{"name":"Morocco","type":"country","iso3":"MAR"}`)
	mou := add("partnership", `{"title":"EU–Tunisia MoU","type":"bilateral","status":"active"}`)
	rabat, sahel := newID(), newID() // ids of no record held
	twoMoroccos := []domain.Candidate{{Label: "Kingdom of Morocco", ISO3: "MAR", ID: mar1}, {Label: "Morocco", ISO3: "MAR", ID: mar2}}
	partyKeys := "id, iso3, country_names, name, acronym"
	type want struct {
		row    int
		column string
		code   string
		params map[string]string
	}
	cand := func(kv []string, cs []domain.Candidate) map[string]string {
		return domain.P("x", domain.CandidateParams(kv, cs)...).Params
	}
	q := func(s string) string { return strings.ReplaceAll(s, "'", `"`) } // JSON cells, written with ' for "
	cases := []struct {
		name, kind, file string
		want             []want
	}{
		{"references by name", "commitment",
			"title,status,partnership,towards\n" +
				"A,agreed,EU-Tunisia MoU,Tunisa\n" +
				"B,agreed,Atlantis,MAR\n",
			[]want{
				{2, "partnership", "csv_ref_near", cand([]string{"value", "EU-Tunisia MoU", "kind", "partnership", "keys", "id, title"},
					[]domain.Candidate{{Label: "EU–Tunisia MoU", ID: mou}})},
				{2, "towards", "csv_ref_near", cand([]string{"value", "Tunisa", "kind", "party", "keys", partyKeys},
					[]domain.Candidate{{Label: "Tunisia", ISO3: "TUN", ID: tun}})},
				{3, "partnership", "csv_ref_unknown", map[string]string{"value": "Atlantis", "kind": "partnership", "keys": "id, title"}},
				{3, "towards", "csv_ref_ambiguous", cand([]string{"value", "MAR", "kind", "party"}, twoMoroccos)},
			}},
		{"a row of the import as a candidate", "",
			"kind,name,type,title,status,towards\n" +
				"party,Mauretania,country,,,\n" +
				"commitment,,,C,agreed,Mauritania\n",
			[]want{{3, "towards", "csv_ref_near", cand([]string{"value", "Mauritania", "kind", "party", "keys", partyKeys},
				[]domain.Candidate{{Label: "Mauretania", Row: 2}})}}},
		{"references inside list cells", "commitment",
			"title,status,funding,indicators\n" +
				q("A,agreed,\"[{''amount'': 5, ''currency'': ''EUR'', ''state'': ''pledged'', ''country'': ''Atlantis''}]\",") +
				q("\"[{''name'': ''n'', ''values'': [{''actual'': 1, ''as_of'': ''2020-01-01''}, {''actual'': 2, ''as_of'': ''2021-01-01'', ''country'': ''MAR''}]}]\"\n"),
			[]want{
				{2, "funding", "csv_ref_unknown", map[string]string{"at": "1.country", "value": "Atlantis", "kind": "party", "keys": partyKeys}},
				{2, "indicators", "csv_ref_ambiguous", func() map[string]string {
					m := cand([]string{"value", "MAR", "kind", "party"}, twoMoroccos)
					m["at"] = "1.values.2.country"
					return m
				}()},
			}},
		{"framework items", "commitment",
			"title,status,framework_items\nA,agreed,GCM-99\nB,agreed,XYZ-1\n",
			[]want{
				{2, "framework_items", "csv_item_unknown_in", map[string]string{"value": "GCM-99", "framework": "GCM", "more": "0",
					"items": "GCM-1, GCM-2, GCM-3, GCM-4, GCM-5, GCM-6, GCM-7, GCM-8, GCM-9, GCM-10, GCM-11, GCM-12, GCM-13, GCM-14, GCM-15, GCM-16, GCM-17, GCM-18, GCM-19, GCM-20, GCM-21, GCM-22, GCM-23"}},
				{3, "framework_items", "csv_item_unknown", map[string]string{"value": "XYZ-1", "frameworks": "GCM, JVAP", "more": "0"}},
			}},
		{"name columns that say otherwise", "commitment",
			"title,status,partnership,partnership_name,committed_by,committed_by_names\n" +
				"A,agreed," + mou + ",Other title,,\n" +
				"B,agreed,,," + tun + ",Tunisia; Morocco\n" +
				"C,agreed,,," + tun + "," + mar1 + "\n",
			[]want{
				{2, "partnership_name", "csv_names_other", map[string]string{"value": "Other title", "id": mou, "label": "EU–Tunisia MoU", "field": "partnership", "column": "partnership_name"}},
				{3, "committed_by_names", "csv_names_count", map[string]string{"count": "2", "ids": "1", "field": "committed_by", "column": "committed_by_names"}},
				{4, "committed_by_names", "csv_names_id", map[string]string{"value": mar1, "id": tun, "field": "committed_by", "column": "committed_by_names"}},
			}},
		{"a role that says otherwise", "partnership",
			"title,type,status,parties,parties_names\nP,bilateral,active," + tun + ":lead,Tunisia:member\n",
			[]want{{2, "parties_names", "csv_names_role", map[string]string{"value": "Tunisia", "role": "member", "field_role": "lead", "field": "parties", "column": "parties_names"}}}},
		{"a party without a role", "partnership",
			"title,type,status,parties\nP,bilateral,active,nocolon\n",
			[]want{{2, "parties", "party_role_syntax", map[string]string{"value": "nocolon", "list": "party_role", "allowed": "lead, member, observer, funding, implementing"}}}},
		{"JSON cells", "commitment",
			"title,status,funding,indicators\n" +
				"A,agreed,not json,\n" +
				q("B,agreed,\"[{''amount'': ''12,5'', ''currency'': ''EUR'', ''state'': ''pledged''}]\",\n") +
				q("C,agreed,\"[{''amount'': 1e400, ''currency'': ''EUR'', ''state'': ''pledged''}]\",\n") +
				q("D,agreed,,\"[{''name'': ''n'', ''baseline'': ''about ten''}]\"\n") +
				// A key twice: the decoder kept the last, so the cell's start (1000) was not what was stored.
				q("E,agreed,\"[{''amount'': 1000, ''currency'': ''EUR'', ''state'': ''pledged'', ''\\u0061mount'': 99999999}]\",\n") +
				q("F,agreed,,\"[{''name'': ''n'', ''values'': [{''as_of'': ''2020-01-01'', ''actual'': 1, ''actual'': 2}]}]\"\n") +
				q("G,agreed,\"[{''amount'': 5000000, ''currency'': ''FCFA'', ''state'': ''pledged''}]\",\n"),
			[]want{
				{2, "funding", "json_invalid", map[string]string{"value": "not json", "char": "2", "example": jsonExamples["funding"]}},
				{3, "funding", "entry_not_number_suggest", map[string]string{"at": "1.amount", "value": `"12,5"`, "suggest": "12.5"}},
				{4, "funding", "json_number_range", map[string]string{"value": "1e400"}},
				{5, "indicators", "entry_not_number", map[string]string{"at": "1.baseline", "value": `"about ten"`}},
				{6, "funding", "json_key_twice", map[string]string{"key": "amount",
					"value": `[{"amount": 1000, "currency": "EUR", "state": "pledged", "\u0061mount": 99999999}]`}},
				{7, "indicators", "json_key_twice", map[string]string{"key": "actual",
					"value": `[{"name": "n", "values": [{"as_of": "2020-01-01", "actual": 1, "actual": 2}]}]`}},
				{8, "funding", "currency_cfa", map[string]string{"value": "FCFA"}},
			}},
		// A name of a row refused before it could be named (its kind, its id) says that row,
		// the one cause to fix, not "names no partnership"; a name of nothing still says so.
		{"a row naming a refused row", "",
			"kind,id,title,type,status,partnership,committed_by\n" +
				"partnershp,,Dialogue de Rabat,regional_dialogue,active,,\n" +
				"partnership,xyz,MoU Sahel,bilateral,active,,\n" +
				"commitment,,A,,agreed,Dialogue de Rabat,\n" +
				"commitment,,B,,agreed,MoU Sahel,\n" +
				"commitment,,C,,agreed,Atlantis,\n",
			[]want{
				{2, "kind", "csv_kind_unknown", map[string]string{"value": "partnershp", "kinds": kindNames()}},
				{3, "id", "csv_id_invalid", map[string]string{"value": "xyz"}},
				{4, "partnership", "csv_ref_refused_row", map[string]string{"value": "Dialogue de Rabat", "kind": "partnership", "row": "2"}},
				{5, "partnership", "csv_ref_refused_row", map[string]string{"value": "MoU Sahel", "kind": "partnership", "row": "3"}},
				{6, "partnership", "csv_ref_unknown", map[string]string{"value": "Atlantis", "kind": "partnership", "keys": "id, title"}},
			}},
		// The same by the refused row's id (a new record's id written in the file, as an
		// export of another store has it); an id of a record held here is that record.
		{"a row naming a refused row by its id", "",
			"kind,id,title,type,status,partnership,committed_by\n" +
				"partnershp," + rabat + ",Dialogue de Rabat,regional_dialogue,active,,\n" +
				"partnershp," + mou + ",EU–Tunisia MoU,bilateral,active,,\n" +
				"pary," + sahel + ",Sahel Alliance,,,,\n" +
				"commitment,,A,,agreed," + strings.ToUpper(rabat) + ",\n" +
				"commitment,,B,,agreed," + mou + ",\n" +
				"commitment,,C,,agreed,," + sahel + "\n",
			[]want{
				{2, "kind", "csv_kind_unknown", map[string]string{"value": "partnershp", "kinds": kindNames()}},
				{3, "kind", "csv_kind_unknown", map[string]string{"value": "partnershp", "kinds": kindNames()}},
				{4, "kind", "csv_kind_unknown", map[string]string{"value": "pary", "kinds": kindNames()}},
				{5, "partnership", "csv_ref_refused_row", map[string]string{"value": strings.ToUpper(rabat), "kind": "partnership", "row": "2"}},
				{7, "committed_by", "csv_ref_refused_row", map[string]string{"value": sahel, "kind": "party", "row": "4"}},
			}},
		{"a row naming a row of another kind refused", "commitment",
			"kind,title,status,partnership\n" +
				"partnership,Processus de Khartoum,active,\n" +
				"commitment,A,agreed,Processus de Khartoum\n",
			[]want{
				{2, "kind", "csv_kind_contradicts", map[string]string{"says": "partnership", "kind": "commitment"}},
				{3, "partnership", "csv_ref_refused_row", map[string]string{"value": "Processus de Khartoum", "kind": "partnership", "row": "2"}},
			}},
		{"an id Dossier keeps for itself", "commitment",
			"id,title,status\n01900000-0000-8000-8000-000000000001,A,agreed\n",
			[]want{{2, "id", "csv_id_reserved", map[string]string{"value": "01900000-0000-8000-8000-000000000001"}}}},
	}
	encodings := []struct {
		name string
		data []byte
		row  int
		code string
		kv   map[string]string
	}{
		{"UTF-32", []byte{0xFF, 0xFE, 0, 0, 'a'}, 1, "csv_enc_utf32", map[string]string{"encoding": "UTF-32", "byte": "0"}},
		{"BOM, then not UTF-8", []byte("\xef\xbb\xbftitle\n\xff\n"), 2, "csv_enc_bom_not_utf8", map[string]string{"encoding": "UTF-8 with BOM", "byte": "9", "value": "0xFF"}},
		{"UTF-16 cut short", []byte{0xFF, 0xFE, 't', 0, 'i'}, 1, "csv_enc_utf16_odd", map[string]string{"encoding": "UTF-16 LE", "byte": "4"}},
		{"UTF-16 half pair", []byte{0xFF, 0xFE, 't', 0, 0x00, 0xDC}, 1, "csv_enc_utf16_half", map[string]string{"encoding": "UTF-16 LE", "byte": "4"}},
		{"NUL", []byte("title\nA\x00\n"), 2, "csv_enc_nul", map[string]string{"encoding": "UTF-8", "byte": "7"}},
		{"U+FFFD", []byte("title\nT\uFFFDrkiye\n"), 2, "csv_enc_replacement", map[string]string{"encoding": "UTF-8", "byte": "7"}},
		{"mixed", []byte("title\nT\xfcrkiye \xc3\xa9\n"), 2, "csv_enc_mixed", map[string]string{"encoding": "Windows-1252", "byte": "7", "value": "0xFC", "char": "é", "char_byte": "14"}},
		{"undefined", []byte("title\nA\x81\n"), 2, "csv_enc_undefined", map[string]string{"encoding": "Windows-1252", "byte": "7", "value": "0x81"}},
		{"not Western", []byte("title\n\xc0\xc1\xc2\n"), 2, "csv_enc_not_western", map[string]string{"encoding": "Windows-1252", "byte": "6"}},
		{"Turkish", []byte("title\nA\xd0\n"), 2, "csv_enc_turkish", map[string]string{"encoding": "Windows-1252", "byte": "7", "value": "0xD0", "char": "Ð"}},
		{"Central European", []byte("title\nWroc\xb3aw\n"), 2, "csv_enc_central_european", map[string]string{"encoding": "Windows-1252", "byte": "10", "value": "0xB3", "char": "³"}},
	}
	for _, e := range encodings {
		cases = append(cases, struct {
			name, kind, file string
			want             []want
		}{"encoding: " + e.name, "commitment", string(e.data), []want{{e.row, "", e.code, e.kv}}})
	}
	before, _ := app.Store.StateHash()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, err := (&CSV{App: app}).Preview(c.kind, "f.csv", []byte(c.file))
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range v.Errors { // every problem, the expected ones or not, has a code of its own
				if e.Problem == nil || e.Problem.Code == "text" || e.Message != e.Problem.Text() {
					t.Errorf("row %d, column %q: %+v %q", e.Row, e.Column, e.Problem, e.Message)
				}
			}
			for _, w := range c.want {
				e := findCell(v.Errors, w.row, w.column)
				if e == nil {
					t.Fatalf("no problem at row %d, column %q: %+v", w.row, w.column, v.Errors)
				}
				checkProblem(t, *e, w.code, w.params, e.Message)
			}
			if len(v.Errors) != len(c.want) {
				t.Errorf("%d problems, want %d: %+v", len(v.Errors), len(c.want), v.Errors)
			}
		})
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Error("a preview stored something")
	}
}

// TestCSVRefusalsOfTheWholeFileCarryProblems: a file over the screen's limit and an unknown
// kind are refused as errors, not cells, with their problems too.
func TestCSVRefusalsOfTheWholeFileCarryProblems(t *testing.T) {
	s := &CSV{App: testApp(t)}
	_, err := s.Preview("", "big.csv", make([]byte, MaxCSVUpload+1))
	e := AsError(err)
	if p, ok := e.Problems["file"]; !ok || p.Code != "csv_upload_too_big" || p.Params["size_bytes"] != strconv.Itoa(MaxCSVUpload+1) || e.Fields["file"] != p.Text() {
		t.Errorf("%+v", e)
	}
	_, err = s.Preview("widget", "w.csv", []byte("title\nA\n"))
	e = AsError(err)
	if p, ok := e.Problems["kind"]; !ok || p.Code != "not_a_kind" || p.Params["value"] != "widget" {
		t.Errorf("%+v", e)
	}
	_, err = readCSV(strings.NewReader("0123456789"), 5)
	e = AsError(err)
	if p, ok := e.Problems["file"]; !ok || p.Code != "csv_file_over" || p.Params["limit_bytes"] != "5" {
		t.Errorf("%+v", e)
	}
}

// The same party file imported twice: each party row without an id whose name and ISO3 code
// are a held party's is refused, naming it, and nothing is stored; a party of the same name
// with another code, or a row that gives the held id, is not.
func TestCSVPartyAlreadyHeldIsRefused(t *testing.T) {
	app := testApp(t)
	parties := "name,type,iso3\nMorocco,country,MAR\nEuropean Union,regional_organisation,\n"
	if _, err := (&CSV{App: app}).ImportFiles("party", CSVInput{R: strings.NewReader(parties)}); err != nil {
		t.Fatal(err)
	}
	before, _ := app.Store.Counts()
	rep, err := (&CSV{App: app}).ImportFiles("party", CSVInput{R: strings.NewReader(parties + "Morocco,country,\n")})
	if err == nil {
		t.Fatal("the same parties were imported twice")
	}
	morocco := app.Store.Query(store.Query{Kind: "party", Text: "Morocco"}).Items[0]
	e := findCell(rep.Errors, 2, "name")
	if e == nil {
		t.Fatalf("no problem on row 2's name: %+v", rep.Errors)
	}
	checkProblem(t, *e, "csv_party_held", map[string]string{"name": "Morocco", "id": morocco.ID},
		`"Morocco" is already a party here (id `+morocco.ID+`): to change it, write its id in the id column; if this file was imported before, import only its new rows`)
	if findCell(rep.Errors, 3, "name") == nil {
		t.Errorf("a party without an ISO3 code imported twice is not refused: %+v", rep.Errors)
	}
	if findCell(rep.Errors, 4, "name") != nil {
		t.Errorf("a Morocco party without the code MAR is refused as the held one: %+v", rep.Errors)
	}
	if after, _ := app.Store.Counts(); after != before {
		t.Errorf("%d changes stored by a refused import", after-before)
	}
	// With the held id, the row updates it.
	if _, err := (&CSV{App: app}).ImportFiles("party", CSVInput{R: strings.NewReader("id,name,type,iso3\n" + morocco.ID + ",Morocco,country,MAR\n")}); err != nil {
		t.Fatalf("a row with the held id: %v", err)
	}
}

// TestCSVListEntryProblemsNameTheColumn: a rule broken inside a list or set cell (a theme, an
// indicator's unit, a funding line's currency, a session's end) names the column as the
// header does, never the validator's path ("themes[1]"), and for a list the entry beside it,
// counted from 1 as a person counts. A set has no order (it is stored sorted): its column
// alone, the message quoting the value. The English words (the command line's) and the
// screen's come from the same values: column, at, and the problem.
func TestCSVListEntryProblemsNameTheColumn(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	if _, err := recs.Add("party", map[string]json.RawMessage{"name": json.RawMessage(`"Tunisia"`), "type": json.RawMessage(`"country"`), "iso3": json.RawMessage(`"TUN"`)}); err != nil {
		t.Fatal(err)
	}
	const commitments = "title;status;due;themes;funding;indicators\n"
	cases := []struct {
		name, kind, file string
		column, at       string
		code             string
		where            string // as the command line prints it, before the message
	}{
		{"a theme that is none", "commitment",
			commitments + `Search and rescue training;agreed;2026-12-31;"piracy; border_management";;` + "\n",
			"themes", "", "enum", "row 2, column themes"},
		{"the same in a JSON array", "commitment",
			commitments + `Search and rescue training;agreed;;"[""trafficking"", ""Trafficking in human beings""]";;` + "\n",
			"themes", "", "enum", "row 2, column themes"},
		{"an indicator's unit", "commitment",
			commitments + `Returns;in_progress;;;;"[{""name"": ""Voluntary returns assisted"", ""baseline"": 1200, ""target"": 5000}]"` + "\n",
			"indicators", "1.unit", "unit_required", "row 2, column indicators: entry 1, unit"},
		{"an indicator's value given twice, in the second indicator", "commitment",
			commitments + `Returns;in_progress;;;;"[{""name"": ""Reintegration"", ""unit"": ""people""}, {""name"": ""Returns"", ""unit"": ""people"", ""values"": [{""actual"": 1, ""as_of"": ""2024-01-01""}, {""actual"": 2, ""as_of"": ""2024-01-01""}]}]"` + "\n",
			"indicators", "2.values.2.as_of", "value_twice", "row 2, column indicators: entry 2, values entry 2, as_of"},
		{"a funding line's currency", "commitment",
			commitments + `Border equipment;agreed;;;"[{""amount"": 46300000, ""currency"": ""EURO"", ""state"": ""pledged""}]";` + "\n",
			"funding", "1.currency", "currency", "row 2, column funding: entry 1, currency"},
		{"a session's end", "meeting",
			"title,start,sessions\nRegional review,2020-11-12,\"[{\"\"title\"\": \"\"Roundtable 4\"\", \"\"start\"\": \"\"2020-11-13T13:30:00+01:00\"\", \"\"end\"\": \"\"2020-11-13T12:00:00+01:00\"\"}]\"\n",
			"sessions", "1.end", "session_end_before_start", "row 2, column sessions: entry 1, end"},
		{"a party twice", "partnership",
			"title,type,status,parties\nEU–Tunisia MoU,bilateral,active,TUN:lead; TUN:member\n",
			"parties", "", "party_twice", "row 2, column parties"},
		{"a plain column has no entry", "commitment",
			commitments + "Reception centres;agreed;2026-02-30;;;\n",
			"due", "", "date_nonexistent", "row 2, column due"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := (&CSV{App: app}).Import(c.kind, strings.NewReader(c.file))
			if err == nil {
				t.Fatal("accepted")
			}
			if len(rep.Errors) != 1 {
				t.Fatalf("want one problem: %+v", rep.Errors)
			}
			e := rep.Errors[0]
			if e.Row != 2 || e.Column != c.column || e.At != c.at || e.Problem == nil || e.Problem.Code != c.code || e.Message != e.Problem.Text() {
				t.Fatalf("got %+v %+v, want column %q at %q, code %s", e, e.Problem, c.column, c.at, c.code)
			}
			if want := c.where + ": " + e.Message; !strings.Contains(err.Error(), "\n  "+want) {
				t.Errorf("the message does not say %q:\n%s", want, err)
			}
			if strings.Contains(err.Error(), "[") {
				t.Errorf("a path in the words: %s", err)
			}
			for k := range AsError(err).Fields {
				if strings.Contains(k, "[") {
					t.Errorf("field key %q is a path", k)
				}
			}
		})
	}
}

// TestCSVPartyTwiceNamesTheParty: a row naming one party twice says which, as its cell wrote
// it (the code, or the name when two spellings found the same party), not as an id the reader
// never typed; a partnership given by id (a script, the API) is named by that id.
func TestCSVPartyTwiceNamesTheParty(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	tun, err := recs.Add("party", map[string]json.RawMessage{"name": json.RawMessage(`"Tunisia"`), "type": json.RawMessage(`"country"`), "iso3": json.RawMessage(`"TUN"`)})
	if err != nil {
		t.Fatal(err)
	}
	file := "title,type,status,parties\n" +
		"EU–Tunisia MoU,bilateral,active,TUN:lead; TUN:member\n" +
		"Talent partnership,bilateral,active,TUN:lead; Tunisia:member\n"
	rep, err := (&CSV{App: app}).Import("partnership", strings.NewReader(file))
	if err == nil {
		t.Fatal("accepted")
	}
	for _, c := range []struct {
		row   int
		typed string
	}{{2, "TUN"}, {3, "Tunisia"}} {
		e := findCell(rep.Errors, c.row, "parties")
		if e == nil {
			t.Fatalf("no problem on row %d's parties: %+v", c.row, rep.Errors)
		}
		want := `"` + c.typed + `" is listed twice: give each party one role`
		checkProblem(t, *e, "party_twice", map[string]string{"value": c.typed}, want)
		if line := fmt.Sprintf("\n  row %d, column parties: %s", c.row, want); !strings.Contains(err.Error(), line) {
			t.Errorf("the command line does not say %q:\n%s", line, err)
		}
	}
	_, err = recs.Add("partnership", map[string]json.RawMessage{
		"title": json.RawMessage(`"EU–Tunisia MoU"`), "type": json.RawMessage(`"bilateral"`), "status": json.RawMessage(`"active"`),
		"parties": json.RawMessage(`[{"party":"` + tun.ID + `","role":"lead"},{"party":"` + tun.ID + `","role":"member"}]`),
	})
	var found bool
	for path, p := range AsError(err).Problems {
		if p.Code == "party_twice" {
			found = true
			if p.Params["value"] != tun.ID {
				t.Errorf("%s: %+v, want the id given", path, p)
			}
		}
	}
	if !found {
		t.Errorf("no party_twice for the id given twice: %v", err)
	}
}

// TestCSVDayFirstDates: a file from a spreadsheet that wrote its dates with slashes (Excel on a
// French or British computer, "CSV (séparateur : point-virgule)") is refused, nothing stored,
// each cell named by row and column and said to be day first, month first or either, with the
// YYYY-MM-DD to write; an ambiguous one is never read either way.
func TestCSVDayFirstDates(t *testing.T) {
	app := testApp(t)
	file := "title;status;due;funding\n" +
		"Centre d’accueil à Sfax;agreed;13/02/2024;\n" +
		"Formation des garde-côtes;agreed;02/03/2024;\n" +
		`Border equipment;agreed;2026-12-31;"[{""amount"": 46300000, ""currency"": ""EUR"", ""state"": ""pledged"", ""as_of"": ""31/01/2025""}]"` + "\n" +
		"Visa desk;agreed;12/31/2026;\n"
	rep, err := (&CSV{App: app}).Import("commitment", strings.NewReader(file))
	if err == nil {
		t.Fatal("accepted")
	}
	cases := []struct {
		row        int
		column, at string
		code       string
		params     map[string]string
		printed    string // the command line's line
	}{
		{2, "due", "", "date_day_first", map[string]string{"value": "13/02/2024", "day": "13", "month": "2", "year": "2024", "date": "2024-02-13"},
			`row 2, column due: "13/02/2024" is written day first, DD/MM/YYYY (13 February 2024): write it as YYYY-MM-DD, here 2024-02-13 (`},
		{3, "due", "", "date_ambiguous", map[string]string{"value": "02/03/2024", "year": "2024", "day": "2", "month": "3", "date": "2024-03-02", "day2": "3", "month2": "2", "date2": "2024-02-03"},
			`row 3, column due: "02/03/2024" could be day first (2 March 2024) or month first (3 February 2024), and Dossier does not guess: write it as YYYY-MM-DD, 2024-03-02 for 2 March or 2024-02-03 for 3 February`},
		{4, "funding", "1.as_of", "date_day_first", map[string]string{"value": "31/01/2025", "day": "31", "month": "1", "year": "2025", "date": "2025-01-31"},
			`row 4, column funding: entry 1, as_of: "31/01/2025" is written day first, DD/MM/YYYY (31 January 2025): write it as YYYY-MM-DD, here 2025-01-31 (`},
		{5, "due", "", "date_month_first", map[string]string{"value": "12/31/2026", "day": "31", "month": "12", "year": "2026", "date": "2026-12-31"},
			`row 5, column due: "12/31/2026" is written month first, MM/DD/YYYY (31 December 2026): write it as YYYY-MM-DD, here 2026-12-31 (`},
	}
	if len(rep.Errors) != len(cases) {
		t.Fatalf("%d problems, want %d: %+v", len(rep.Errors), len(cases), rep.Errors)
	}
	for i, c := range cases {
		e := rep.Errors[i]
		if e.Row != c.row || e.Column != c.column || e.At != c.at {
			t.Errorf("problem %d at row %d, column %q, %q; want row %d, column %q, %q", i, e.Row, e.Column, e.At, c.row, c.column, c.at)
		}
		checkProblem(t, e, c.code, c.params, e.Message)
		if !strings.Contains(err.Error(), "\n  "+c.printed) {
			t.Errorf("the command line's words lack %q:\n%s", c.printed, err)
		}
	}
	if n, _ := app.Store.Counts(); n != 0 {
		t.Errorf("%d changes stored", n)
	}
}

// TestCSVHeaderOfTooManyColumnsIsOneProblem: a header is checked column by column and every
// problem kept and sorted, so a header of 200,000 empty columns (a few hundred KB) made
// 400,000 problems (5 MB of commas: 10 million and 5 GB; 300,000 unknown names: four minutes
// of work). Past MaxCSVColumns it is one problem for the file, for the preview and the import
// alike; at the limit the columns are still checked one by one.
func TestCSVHeaderOfTooManyColumnsIsOneProblem(t *testing.T) {
	app := testApp(t)
	wide := "title,status" + strings.Repeat(",", 200000) + "\nA,agreed\n"
	v, err := (&CSV{App: app}).Preview("commitment", "wide.csv", []byte(wide))
	if err != nil {
		t.Fatal(err)
	}
	rep, ierr := (&CSV{App: app}).ImportFiles("commitment", CSVInput{Name: "wide.csv", R: strings.NewReader(wide)})
	if ierr == nil {
		t.Fatal("imported")
	}
	for name, errs := range map[string][]CellError{"preview": v.Errors, "import": rep.Errors} {
		if len(errs) != 2 { // the header, and the row's cells (2, not 200,002)
			t.Fatalf("%s: %d problems, want the header's and the row's: %.500v", name, len(errs), errs)
		}
		checkProblem(t, errs[0], "csv_too_many_columns", map[string]string{"columns": "200002", "max": "1000"},
			"the header has 200002 columns, more than the 1000 a file may have: check that this is the file meant (an export of every kind has fewer than 100), and remove the empty columns at its end")
		checkProblem(t, errs[1], "csv_cell_count", map[string]string{"cells": "2", "header": "200002"}, "has 2 cells, the header has 200002")
	}
	if v.ErrorCount != 2 {
		t.Errorf("preview counts %d problems", v.ErrorCount)
	}
	// The screen's sample stops there too: 200,000 header cells stopped the page; so do a
	// row's 200,000 cells under a header of two.
	wideRow := "title,status\nA,agreed" + strings.Repeat(",x", 200000) + "\n"
	w, err := (&CSV{App: app}).Preview("commitment", "row.csv", []byte(wideRow))
	if err != nil {
		t.Fatal(err)
	}
	if len(v.Columns) != MaxCSVColumns || len(v.Rows) != 1 || len(v.Rows[0].Cells) != 2 || len(w.Rows) != 1 || len(w.Rows[0].Cells) != MaxCSVColumns {
		t.Errorf("the sample: %d columns, %d cells; %d cells in the wide row", len(v.Columns), len(v.Rows[0].Cells), len(w.Rows[0].Cells))
	}
	atLimit := "title,status" + strings.Repeat(",x", MaxCSVColumns-2) + "\n"
	v, err = (&CSV{App: app}).Preview("commitment", "limit.csv", []byte(atLimit))
	if err != nil {
		t.Fatal(err)
	}
	if e := findCell(v.Errors, 1, "x"); v.ErrorCount != 2*(MaxCSVColumns-2)-1 || e == nil || e.Problem.Code != "csv_column_unknown" {
		t.Errorf("at the limit: %d problems, first %+v", v.ErrorCount, e)
	}
	if n, _ := app.Store.Counts(); n != 0 {
		t.Errorf("%d changes stored", n)
	}
}

// TestCSVProblemsPastTheLimitAreCounted: every problem kept its words (about a kilobyte), so
// a 10 MB file of bad rows held 1.1 million of them, 1.3 GB. The first MaxCSVProblems are
// kept, the rest counted, on the screen and in the report; nothing is stored.
func TestCSVProblemsPastTheLimitAreCounted(t *testing.T) {
	app := testApp(t)
	var b strings.Builder
	b.WriteString("title,status,due,type,themes\n")
	const rows = 3000 // four problems each: 12,000
	for i := 0; i < rows; i++ {
		b.WriteString("A,maybe,yesterday,weapon,nothemes\n")
	}
	file := b.String()
	rep, err := (&CSV{App: app}).ImportFiles("commitment", CSVInput{Name: "bad.csv", R: strings.NewReader(file)})
	if err == nil {
		t.Fatal("imported")
	}
	if len(rep.Errors) != MaxCSVProblems || rep.More != 4*rows-MaxCSVProblems {
		t.Errorf("%d problems listed, %d more; want %d and %d", len(rep.Errors), rep.More, MaxCSVProblems, 4*rows-MaxCSVProblems)
	}
	if msg := AsError(err).Message; !strings.Contains(msg, "12000 problems, nothing stored") || !strings.Contains(msg, "… and 11980 more (the --json report lists the first 10000)") {
		t.Errorf("message: %.300s", msg)
	}
	v, err := (&CSV{App: app}).Preview("commitment", "bad.csv", []byte(file))
	if err != nil {
		t.Fatal(err)
	}
	if v.ErrorCount != 4*rows || len(v.Errors) != MaxPreviewErrors || v.Errors[0].Row != 2 {
		t.Errorf("preview: %d problems counted, %d listed, first at row %d", v.ErrorCount, len(v.Errors), v.Errors[0].Row)
	}
	if n, _ := app.Store.Counts(); n != 0 {
		t.Errorf("%d changes stored", n)
	}
}

// Across files, the refused row a name gives is told by file and row.
func TestCSVNameOfARefusedRowInAnotherFile(t *testing.T) {
	rep, err := (&CSV{App: testApp(t)}).ImportFiles("",
		CSVInput{Name: "partenariats.csv", R: strings.NewReader("kind,id,title,type,status\npartnership,xyz,MoU Sahel,bilateral,active\n")},
		CSVInput{Name: "engagements.csv", R: strings.NewReader("kind,title,status,partnership\ncommitment,A,agreed,MoU Sahel\n")})
	if err == nil || rep == nil {
		t.Fatalf("imported: %v %+v", err, rep)
	}
	var e *CellError
	for i := range rep.Errors {
		if rep.Errors[i].File == "engagements.csv" {
			e = &rep.Errors[i]
		}
	}
	if e == nil {
		t.Fatalf("no problem in engagements.csv: %+v", rep.Errors)
	}
	checkProblem(t, *e, "csv_ref_refused_row_file", map[string]string{"value": "MoU Sahel", "kind": "partnership", "file": "partenariats.csv", "row": "2"}, e.Message)
	if want := `"MoU Sahel" names the partnership of partenariats.csv, row 2, which is refused: fix that row first, and this one is read with it`; e.Message != want {
		t.Errorf("message %q, want %q", e.Message, want)
	}
	// By the row's id, the same.
	id := newID()
	rep, err = (&CSV{App: testApp(t)}).ImportFiles("",
		CSVInput{Name: "partenariats.csv", R: strings.NewReader("kind,id,title,type,status\npartnershp," + id + ",MoU Sahel,bilateral,active\n")},
		CSVInput{Name: "engagements.csv", R: strings.NewReader("kind,title,status,partnership\ncommitment,A,agreed," + id + "\n")})
	if err == nil || rep == nil || len(rep.Errors) != 2 || rep.Errors[1].File != "engagements.csv" {
		t.Fatalf("by id: %v %+v", err, rep)
	}
	checkProblem(t, rep.Errors[1], "csv_ref_refused_row_file", map[string]string{"value": id, "kind": "partnership", "file": "partenariats.csv", "row": "2"}, rep.Errors[1].Message)
}
