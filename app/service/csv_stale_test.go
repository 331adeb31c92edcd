package service_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// A CSV file exported before a delegate's change arrived does not undo that change when it is
// imported again for another edit: the cell that still holds the field's earlier value is
// refused, naming who changed it and when, and nothing of the file is stored (the walk of
// 4 December 2026: a secretariat exported its commitments, imported Amina's bundle setting
// one to "delivered", changed a due date in the sheet, imported it, and Amina's status was
// back to "in progress" without a word). A cell changed on purpose, a field nobody else
// touched, and a field the secretariat itself changed since, go through as before.
func TestCSVFromBeforeADelegatesChangeDoesNotUndoIt(t *testing.T) {
	s, a, _, _ := office(t)
	tunisia := s.addCommitment("Budget support to Tunisia")
	niger := s.addCommitment("Border management in Niger")
	s.set(tunisia, "due", "2026-12-31")
	s.set(niger, "due", "2027-01-31")
	a.imp(s.export(service.ExportOptions{}))
	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "monday.csv")
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	// Amina marks one delivered, clears a due date and adds a theme; the secretariat imports
	// her bundle.
	a.set(tunisia, "status", "delivered")
	a.set(niger, "due", "")
	if _, err := (&service.Records{App: a.app}).AddTo(tunisia, "themes", raw("border_management")); err != nil {
		t.Fatal(err)
	}
	s.imp(a.export(service.ExportOptions{}))

	// In the sheet from before, the secretariat changes the other commitment's title only.
	monday := readFile(t, file)
	edited := bytes.Replace(monday, []byte("Border management in Niger"), []byte("Border management and rescue in Niger"), 1)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "monday.csv", R: bytes.NewReader(edited)})
	if err == nil {
		t.Fatalf("a file from before Amina's changes was imported: %+v", rep)
	}
	got := map[string]string{}
	for _, e := range rep.Errors {
		if e.Problem == nil || e.Problem.Code != "csv_stale_value" {
			t.Errorf("another problem: %+v", e)
			continue
		}
		got[e.Column] = e.Message
	}
	for _, col := range []string{"status", "due", "themes"} {
		if m := got[col]; !strings.Contains(m, "A. Benali") || !strings.Contains(m, "export the file again") {
			t.Errorf("column %s: %q", col, m)
		}
	}
	if len(got) != 3 {
		t.Errorf("refused cells: %v", got)
	}
	if s.field(tunisia, "status") != `"delivered"` || s.field(niger, "title") != `"Border management in Niger"` {
		t.Errorf("something was stored: %s, %s", s.field(tunisia, "status"), s.field(niger, "title"))
	}

	// Exported again, the same edit goes through and Amina's changes stay.
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	fresh := bytes.Replace(readFile(t, file), []byte("Border management in Niger"), []byte("Border management and rescue in Niger"), 1)
	if rep, err := csv.ImportFiles("", service.CSVInput{Name: "tuesday.csv", R: bytes.NewReader(fresh)}); err != nil || rep.Updated != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
	// A value typed on purpose, one the field never held, is an edit like any other; and
	// fields the secretariat itself changed since the export (Tunisia's title here, Niger's by
	// tuesday.csv) may be set back from a sheet.
	s.set(tunisia, "title", "Budget support to Tunisia (2026)")
	back := bytes.Replace(readFile(t, file), []byte(";delivered;"), []byte(";stalled;"), 1)
	if rep, err := csv.ImportFiles("", service.CSVInput{Name: "wednesday.csv", R: bytes.NewReader(back)}); err != nil || rep.Updated != 2 {
		t.Fatalf("%v %+v", err, rep)
	}
	if s.field(tunisia, "status") != `"stalled"` || s.field(tunisia, "title") != `"Budget support to Tunisia"` {
		t.Errorf("after wednesday.csv: %s, %s", s.field(tunisia, "status"), s.field(tunisia, "title"))
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A sheet imported again never settles a conflict (docs/csv.md, "A file older than a
// change"): a cell that repeats the value the field shows is no decision, and the conflict
// stays open with both values (until 4 December 2026 the import wrote it, which set the other
// value aside without a word: an unchanged export imported again closed every conflict of its
// rows); a cell with another value is refused, to be settled where both values are shown.
func TestCSVDoesNotSettleConflicts(t *testing.T) {
	s, a, b, _ := office(t)
	id := s.addCommitment("Reintegration programme")
	start := s.export(service.ExportOptions{})
	a.imp(start)
	b.imp(start)
	a.set(id, "status", "in_progress")
	b.set(id, "status", "stalled")
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	if cs := s.conflicts(); len(cs) != 1 {
		t.Fatalf("conflicts: %+v", cs)
	}
	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "sheet.csv")
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	sheet := readFile(t, file)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "sheet.csv", R: bytes.NewReader(sheet)})
	if err != nil || rep.Updated != 0 || rep.Unchanged != 1 {
		t.Fatalf("the sheet as exported: %v %+v", err, rep)
	}
	if cs := s.conflicts(); len(cs) != 1 || len(cs[0].Values) != 2 {
		t.Fatalf("the sheet as exported settled the conflict: %+v", cs)
	}
	shown := strings.Trim(s.field(id, "status"), `"`)
	other := bytes.Replace(sheet, []byte(";"+shown+";"), []byte(";delivered;"), 1)
	rep, err = csv.ImportFiles("", service.CSVInput{Name: "sheet.csv", R: bytes.NewReader(other)})
	if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "status" || rep.Errors[0].Problem == nil ||
		rep.Errors[0].Problem.Code != "csv_field_in_conflict" || !strings.Contains(rep.Errors[0].Message, "A. Benali") || !strings.Contains(rep.Errors[0].Message, "B. Okafor") {
		t.Fatalf("another value for the conflicted field: %v %+v", err, rep)
	}
	if cs := s.conflicts(); len(cs) != 1 || len(cs[0].Values) != 2 {
		t.Fatalf("a refused sheet settled the conflict: %+v", cs)
	}
}

// A sheet exported after a record came from another installation may clear what that
// installation wrote when it created it: no sheet holding the row can be older than its
// creation, so the empty value before a create is not an earlier value of the sheet's (a
// cleared due date and a cleared set of themes were refused as csv_stale_value).
func TestCSVClearsWhatAnotherInstallationWroteAtCreation(t *testing.T) {
	s, a, _, _ := office(t)
	v, err := (&service.Records{App: a.app}).Add("commitment", map[string]json.RawMessage{"title": raw("Search and rescue training"),
		"status": raw("agreed"), "due": raw("2027-06-30"), "themes": raw([]string{"border_management"})})
	if err != nil {
		t.Fatal(err)
	}
	s.imp(a.export(service.ExportOptions{}))
	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "fresh.csv")
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	sheet := bytes.Replace(readFile(t, file), []byte(";2027-06-30;"), []byte(";;"), 1)
	sheet = bytes.Replace(sheet, []byte(";border_management;"), []byte(";;"), 1)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "fresh.csv", R: bytes.NewReader(sheet)})
	if err != nil || rep.Updated != 1 {
		t.Fatalf("clearing a fresh sheet's cells: %v %+v", err, rep)
	}
	if got := s.field(v.ID, "due"); got != "" && got != `""` {
		t.Errorf("due %s, want cleared", got)
	}
	if got := s.field(v.ID, "themes"); got != "" && got != "[]" {
		t.Errorf("themes %s, want cleared", got)
	}
}

// The same value written by two installations is no conflict (the Conflicts screen shows
// none): a sheet may change it, and a sheet from before both changes is refused as stale
// (the cell was refused as csv_field_in_conflict, to be settled where there was nothing to
// settle, and the stale check passed over the field).
func TestCSVFieldTwoInstallationsSetAlike(t *testing.T) {
	s, a, b, _ := office(t)
	id := s.addCommitment("Labour mobility scheme")
	start := s.export(service.ExportOptions{})
	a.imp(start)
	b.imp(start)
	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "sheet.csv")
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	before := readFile(t, file)
	a.set(id, "status", "delivered")
	b.set(id, "status", "delivered")
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	if cs := s.conflicts(); len(cs) != 0 {
		t.Fatalf("conflicts: %+v", cs)
	}
	old := bytes.Replace(before, []byte("Labour mobility scheme"), []byte("Labour mobility scheme (pilot)"), 1)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "before.csv", R: bytes.NewReader(old)})
	if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Problem == nil || rep.Errors[0].Problem.Code != "csv_stale_value" {
		t.Fatalf("a sheet from before both changes: %v %+v", err, rep)
	}
	if got := s.field(id, "status"); got != `"delivered"` {
		t.Fatalf("status %s after a stale sheet", got)
	}
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	fresh := bytes.Replace(readFile(t, file), []byte(";delivered;"), []byte(";stalled;"), 1)
	if rep, err := csv.ImportFiles("", service.CSVInput{Name: "fresh.csv", R: bytes.NewReader(fresh)}); err != nil || rep.Updated != 1 {
		t.Fatalf("a fresh sheet's new status: %v %+v", err, rep)
	}
	if got := s.field(id, "status"); got != `"stalled"` {
		t.Errorf("status %s, want stalled", got)
	}
}

// A sheet from before a delegate added a theme does not remove it because the secretariat
// added another since: the delegate's addition is still a change the sheet is older than (the
// check looked at the set's last change only, the secretariat's own, and let the sheet remove
// Amina's theme without a word).
func TestCSVFromBeforeAnAdditionElsewhereThenOneHere(t *testing.T) {
	s, a, _, _ := office(t)
	id := s.addCommitment("Reception capacity")
	a.imp(s.export(service.ExportOptions{}))
	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "monday.csv")
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	if _, err := (&service.Records{App: a.app}).AddTo(id, "themes", raw("border_management")); err != nil {
		t.Fatal(err)
	}
	s.imp(a.export(service.ExportOptions{}))
	if _, err := (&service.Records{App: s.app}).AddTo(id, "themes", raw("asylum_reception")); err != nil {
		t.Fatal(err)
	}
	monday := bytes.Replace(readFile(t, file), []byte("Reception capacity"), []byte("Reception capacity in Libya"), 1)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "monday.csv", R: bytes.NewReader(monday)})
	if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "themes" || rep.Errors[0].Problem == nil ||
		rep.Errors[0].Problem.Code != "csv_stale_value" || !strings.Contains(rep.Errors[0].Message, "A. Benali") {
		t.Fatalf("a sheet from before Amina's theme: %v %+v", err, rep)
	}
	if got := s.field(id, "themes"); !strings.Contains(got, "border_management") {
		t.Errorf("themes %s: Amina's was removed", got)
	}
}

// A sheet from before a delegate added an indicator does not remove it because the
// secretariat edited the indicators since (its form wrote the list whole, the delegate's
// indicator in it): the delegate's change is still one the sheet is older than (a value
// this installation wrote last let the sheet set the field back without a word).
func TestCSVFromBeforeAChangeElsewhereThenOneHere(t *testing.T) {
	s, a, _, _ := office(t)
	id := s.addCommitment("Return and reintegration")
	a.imp(s.export(service.ExportOptions{}))
	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "monday.csv")
	if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
		t.Fatal(err)
	}
	amina := map[string]any{"name": "Returns assisted", "unit": "people", "target": 5000}
	a.set(id, "indicators", []any{amina})
	s.imp(a.export(service.ExportOptions{}))
	s.set(id, "indicators", []any{amina, map[string]any{"name": "Reintegration plans", "unit": "plans", "target": 800}})
	monday := bytes.Replace(readFile(t, file), []byte("Return and reintegration"), []byte("Return and sustainable reintegration"), 1)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "monday.csv", R: bytes.NewReader(monday)})
	if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "indicators" || rep.Errors[0].Problem == nil ||
		rep.Errors[0].Problem.Code != "csv_stale_value" || !strings.Contains(rep.Errors[0].Message, "A. Benali") {
		t.Fatalf("a sheet from before Amina's indicator: %v %+v", err, rep)
	}
	if got := s.field(id, "indicators"); !strings.Contains(got, "Returns assisted") {
		t.Errorf("indicators %s: Amina's was removed", got)
	}
}

// A record made and changed in one bundle showed, here, only what the bundle left: the values
// it held between the delegate's changes were never on this installation's screen nor in a
// sheet exported here, so a sheet exported after the import may clear or change them (a due
// date the delegate set after creating the commitment, cleared in the sheet, was refused as
// the value from before the delegate's change: the empty due date the commitment was created
// with; so was the status it was created with, typed back). A sheet exported before a later
// bundle is still refused as older than that bundle's change.
func TestCSVRecordMadeAndChangedInOneBundle(t *testing.T) {
	s, a, _, _ := office(t)
	id := a.addCommitment("Search and rescue training")
	a.set(id, "due", "2027-06-30")
	a.set(id, "status", "in_progress")
	s.imp(a.export(service.ExportOptions{}))

	csv := &service.CSV{App: s.app}
	file := filepath.Join(t.TempDir(), "fresh.csv")
	export := func() []byte {
		t.Helper()
		if _, err := csv.ExportFile(service.CSVExport{Kinds: []string{"commitment"}, Path: service.Path(file), Delimiter: ";"}); err != nil {
			t.Fatal(err)
		}
		return readFile(t, file)
	}
	sheet := bytes.Replace(export(), []byte(";in_progress;2027-06-30;"), []byte(";agreed;;"), 1)
	rep, err := csv.ImportFiles("", service.CSVInput{Name: "fresh.csv", R: bytes.NewReader(sheet)})
	if err != nil || rep.Updated != 1 {
		t.Fatalf("a sheet exported after the bundle: %v %+v", err, rep)
	}
	if got := s.field(id, "due"); got != "" && got != `""` {
		t.Errorf("due %s, want cleared", got)
	}
	if got := s.field(id, "status"); got != `"agreed"` {
		t.Errorf("status %s, want agreed", got)
	}

	// Exported now, the sheet is older than the delegate's next bundle, which changes the
	// status twice: it may not set it back to what it showed here before that bundle.
	before := export()
	a.imp(s.export(service.ExportOptions{}))
	a.set(id, "status", "stalled")
	a.set(id, "status", "delivered")
	s.imp(a.export(service.ExportOptions{}))
	old := bytes.Replace(before, []byte("Search and rescue training"), []byte("Search and rescue training (2027)"), 1)
	rep, err = csv.ImportFiles("", service.CSVInput{Name: "before.csv", R: bytes.NewReader(old)})
	if err == nil || len(rep.Errors) != 1 || rep.Errors[0].Column != "status" || rep.Errors[0].Problem == nil ||
		rep.Errors[0].Problem.Code != "csv_stale_value" || !strings.Contains(rep.Errors[0].Message, "A. Benali") {
		t.Fatalf("a sheet from before the second bundle: %v %+v", err, rep)
	}
	if got := s.field(id, "status"); got != `"delivered"` {
		t.Errorf("status %s after a stale sheet", got)
	}
	// The status the second bundle held between its changes was never shown here either.
	mid := bytes.Replace(export(), []byte(";delivered;"), []byte(";stalled;"), 1)
	if rep, err := csv.ImportFiles("", service.CSVInput{Name: "mid.csv", R: bytes.NewReader(mid)}); err != nil || rep.Updated != 1 {
		t.Fatalf("a value held only inside the second bundle: %v %+v", err, rep)
	}
}
