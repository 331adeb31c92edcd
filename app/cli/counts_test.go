package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Counts of one are worded in the singular: a delegate who exports the one change of the
// day reads "1 change", not "1 changes" (found by the secretariat's walk of 3 December 2026).
func TestCountsOfOneAreSingular(t *testing.T) {
	a, b := initDir(t), t.TempDir()
	must(t, run(t, b, "", "init", "--name", "J. Dupont", "--role", "delegate"))
	files := t.TempDir()
	cardA, cardB := filepath.Join(files, "a.card"), filepath.Join(files, "b.card")
	must(t, run(t, a, "", "identity", "--card", cardA))
	must(t, run(t, b, "", "identity", "--card", cardB))
	must(t, run(t, a, "", "trust", "add", cardB, "--yes"))
	must(t, run(t, b, "", "trust", "add", cardA, "--yes")) // B's one change: a trust statement

	bundle := filepath.Join(files, "b.dossier")
	csvFile := filepath.Join(files, "one.csv")
	if err := os.WriteFile(csvFile, []byte("title,status\nCoast guard training,agreed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(files, "b.bak")
	restored := t.TempDir()
	for _, c := range []struct {
		data string
		args []string
		want string
	}{
		{b, []string{"export", "--out", bundle}, ": 1 change, "},
		{b, []string{"check"}, "1 change from 1 author; state "},
		{a, []string{"import", bundle}, "1 trust statement (see"},
		{b, []string{"backup", "--out", backup}, "Wrote 1 change and 0 attachment files ("},
		{restored, []string{"restore", backup, "--card", cardB}, "Restored 1 change by 1 author, 0 records, "},
		{a, []string{"csv", "import", "commitment", csvFile}, "(delimiter ,): 1 row."},
		{a, []string{"csv", "export", "commitment", "--out", filepath.Join(files, "out.csv")}, "Wrote 1 record to "},
	} {
		out := must(t, run(t, c.data, "", c.args...))
		if !strings.Contains(out, c.want) {
			t.Errorf("dossier %s: want %q in:\n%s", strings.Join(c.args, " "), c.want, out)
		}
	}
}
