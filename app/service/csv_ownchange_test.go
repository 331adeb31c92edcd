package service_test

import (
	"bytes"
	"encoding/csv"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/app/service"
)

// A sheet exported before a change made here, in the form, may set it back (its own user's
// undo), but not without a word (docs/csv.md, "A file older than a change", 5 December
// 2026): the secretariat exports its commitments at 10:00, marks one delivered in the form
// at 11:00, and at 12:00 imports the sheet, edited in Excel for another row. The status goes
// back to "agreed", as asked, and the report, the screen's view and its preview say so by
// row and column, with both values and the date of the change. Until then it was silent.
func TestCSVSettingBackOwnChangeWarns(t *testing.T) {
	s, a, _, _ := office(t)
	x := s.addCommitment("Coast guard training")
	y := s.addCommitment("Reintegration programme")
	csvs := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "commitments.csv")
	export := func() []byte {
		t.Helper()
		if _, err := csvs.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
			t.Fatal(err)
		}
		return readFile(t, file)
	}
	morning := export()
	rowX := sheetRow(t, morning, x)
	s.set(x, "status", "delivered")
	if _, err := (&service.Records{App: s.app}).AddTo(x, "themes", raw("border_management")); err != nil {
		t.Fatal(err)
	}
	hist, err := s.app.Store.History(x)
	if err != nil {
		t.Fatal(err)
	}
	// The dates of the two changes, status then themes, as the store holds them.
	asOf := hist[len(hist)-2].Clock.Time().UTC().Format(time.DateOnly)
	themesAsOf := hist[len(hist)-1].Clock.Time().UTC().Format(time.DateOnly)
	noon := bytes.Replace(morning, []byte("Reintegration programme"), []byte("Reintegration programme (2027)"), 1)

	check := func(what string, ws []service.CellError, count int) {
		t.Helper()
		if count != 2 || len(ws) != 2 {
			t.Fatalf("%s: %d warnings %+v, want status and themes", what, count, ws)
		}
		th, st := ws[0], ws[1] // in the file's column order: themes comes before status
		if st.Row != rowX || st.Column != "status" || st.Problem == nil || st.Problem.Code != "csv_sets_back_own_change" ||
			st.Problem.Params["value"] != "delivered" || st.Problem.Params["set"] != "agreed" || st.Problem.Params["as_of"] != asOf ||
			st.Problem.Params["kind"] != "commitment" {
			t.Errorf("%s: status warning %+v %+v", what, st, st.Problem)
		}
		want := `sets back “delivered”, this installation's change of ` + asOf + `, to “agreed”`
		if !strings.HasPrefix(st.Message, want) || !strings.Contains(st.Message, "export the file again") {
			t.Errorf("%s: %q", what, st.Message)
		}
		if th.Row != rowX || th.Column != "themes" || th.Problem == nil || th.Problem.Code != "csv_sets_back_own_change" ||
			th.Problem.Params["value"] != "border_management" || th.Problem.Params["set"] != "" || th.Problem.Params["as_of"] != themesAsOf {
			t.Errorf("%s: themes warning %+v %+v", what, th, th.Problem)
		}
		if !strings.Contains(th.Message, "to an empty cell") {
			t.Errorf("%s: %q", what, th.Message)
		}
	}
	view, err := csvs.Preview("commitment", "commitments.csv", noon)
	if err != nil || view.ErrorCount != 0 || view.Updated != 2 {
		t.Fatalf("preview: %v %+v", err, view)
	}
	check("preview", view.Warnings, view.WarningCount)
	if s.field(x, "status") != `"delivered"` {
		t.Fatalf("the preview stored: %s", s.field(x, "status"))
	}
	rep, err := csvs.ImportFiles("", service.CSVInput{Name: "commitments.csv", R: bytes.NewReader(noon)})
	if err != nil || !rep.Stored || rep.Updated != 2 {
		t.Fatalf("the import was refused: %v %+v", err, rep)
	}
	check("import", rep.Warnings, rep.WarningCount)
	if s.field(x, "status") != `"agreed"` || s.field(x, "themes") != `[]` || s.field(y, "title") != `"Reintegration programme (2027)"` {
		t.Errorf("after the import: %s %s %s", s.field(x, "status"), s.field(x, "themes"), s.field(y, "title"))
	}

	// A value the field never held is an edit, without a warning; so is a sheet exported
	// after the change, and a field nothing changed here since.
	s.set(x, "status", "delivered")
	view, err = csvs.Preview("commitment", "commitments.csv", setCell(t, noon, x, "status", "stalled"))
	if err != nil || view.ErrorCount != 0 || view.WarningCount != 0 || len(view.Warnings) != 0 {
		t.Errorf("a new value: %v %+v", err, view)
	}
	fresh := bytes.Replace(export(), []byte("Coast guard training"), []byte("Coast guard training (2027)"), 1)
	rep, err = csvs.ImportFiles("", service.CSVInput{Name: "fresh.csv", R: bytes.NewReader(fresh)})
	if err != nil || rep.Updated != 1 || rep.WarningCount != 0 || rep.Warnings != nil {
		t.Errorf("a sheet exported after the change: %v %+v", err, rep)
	}

	// A change another installation made is still refused, not warned of.
	a.imp(s.export(service.ExportOptions{}))
	before := export()
	a.set(x, "status", "stalled")
	s.imp(a.export(service.ExportOptions{}))
	edited := bytes.Replace(before, []byte("Reintegration programme (2027)"), []byte("Reintegration"), 1)
	rep, err = csvs.ImportFiles("", service.CSVInput{Name: "before.csv", R: bytes.NewReader(edited)})
	if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Problem == nil || rep.Errors[0].Problem.Code != "csv_stale_value" ||
		rep.Errors[0].Column != "status" || rep.WarningCount != 0 {
		t.Fatalf("another installation's change: %v %+v", err, rep)
	}
}

// setCell is an exported sheet with one cell of the record id's row changed.
func setCell(t *testing.T, sheet []byte, id, column, value string) []byte {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(sheet))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := slices.Index(rows[0], column)
	row := sheetRow(t, sheet, id)
	if col < 0 {
		t.Fatalf("no column %s", column)
	}
	rows[row-1][col] = value
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Comma = ';'
	if err := w.WriteAll(rows); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sheetRow is the CSV row (1: the header) of the record id in an exported sheet.
func sheetRow(t *testing.T, sheet []byte, id string) int {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(sheet))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for i, row := range rows {
		if len(row) > 1 && (row[0] == id || row[1] == id) {
			return i + 1
		}
	}
	t.Fatalf("%s is not in the sheet", id)
	return 0
}
