package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// A sheet exported before a change made here, imported again, sets the change back: the
// import goes through (exit 0), and stderr says which row and column, both values and what
// to do; with --json the report holds the warning (docs/csv.md, "A file older than a
// change", 5 December 2026). Until then the command printed only the counts.
func TestCSVImportWarnsOfAValueSetBack(t *testing.T) {
	d := initDir(t)
	id := must(t, run(t, d, `{"title":"Coast guard training","status":"agreed"}`, "record", "add", "commitment"))
	sheet := filepath.Join(t.TempDir(), "commitments.csv")
	must(t, run(t, d, "", "csv", "export", "commitment", "--out", sheet))
	must(t, run(t, d, "", "record", "set", id, "status=delivered"))

	r := run(t, d, "", "csv", "import", "commitment", sheet)
	if r.code != 0 || !strings.Contains(r.out, "Imported: 0 created, 1 updated, 0 unchanged.") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
	if !strings.Contains(r.err, "warning: row 2, column status: sets back “delivered”, this installation's change of ") ||
		!strings.Contains(r.err, ", to “agreed”, the value before it: this file may be older than that change.") ||
		!strings.Contains(r.err, "1 value was set back to what the field held before this installation's change") ||
		strings.Contains(r.out, "warning") {
		t.Errorf("stderr:\n%s\nstdout:\n%s", r.err, r.out)
	}
	if got := must(t, run(t, d, "", "record", "show", id, "--json")); !strings.Contains(got, `"status": "agreed"`) && !strings.Contains(got, `"status":"agreed"`) {
		t.Errorf("the status was not set back: %s", got)
	}

	// The same again, in JSON: the warning is in the report, not on stderr.
	must(t, run(t, d, "", "record", "set", id, "status=delivered"))
	rep, r := importJSON(t, d, "commitment", sheet)
	var full struct {
		Warnings     []service.CellError `json:"warnings"`
		WarningCount int                 `json:"warning_count"`
	}
	if err := json.Unmarshal([]byte(r.out), &full); err != nil {
		t.Fatal(err)
	}
	if r.code != 0 || !rep.Stored || full.WarningCount != 1 || len(full.Warnings) != 1 || full.Warnings[0].Row != 2 || full.Warnings[0].Column != "status" ||
		full.Warnings[0].Problem == nil || full.Warnings[0].Problem.Code != "csv_sets_back_own_change" || full.Warnings[0].Problem.Params["value"] != "delivered" {
		t.Errorf("--json: exit %d %+v\n%s%s", r.code, full, r.out, r.err)
	}
	if strings.Contains(r.err, "warning") {
		t.Errorf("--json printed the warning on stderr too: %s", r.err)
	}

	// A sheet exported after the change says nothing more than the counts.
	must(t, run(t, d, "", "csv", "export", "commitment", "--out", sheet))
	b, _ := os.ReadFile(sheet)
	if err := os.WriteFile(sheet, []byte(strings.Replace(string(b), "Coast guard training", "Coast guard training (2027)", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := run(t, d, "", "csv", "import", "commitment", sheet); r.code != 0 || r.err != "" {
		t.Errorf("a fresh sheet: exit %d\n%s%s", r.code, r.out, r.err)
	}
}
