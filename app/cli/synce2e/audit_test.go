package synce2e

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// checkAudit reads the audit file of an install after the round trip: every change of the
// log once (one row per field it changed), the two status changes that did not see each other
// marked concurrent with each other, origins told apart, and the --since filter.
func checkAudit(t *testing.T, d *install, commitment string, local string, a, b *install) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "audit.csv")
	out := d.must(t, "history", "export", "--out", file, "--delimiter", ";")
	if !strings.Contains(out, "field changes") {
		t.Fatalf("history export: %s", out)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(raw, []byte("\ufeff")) {
		t.Fatalf("the audit file has no byte-order mark for Excel")
	}
	cr := csv.NewReader(bytes.NewReader(raw[3:]))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"at", "author", "author_key", "operation", "kind", "record", "title", "field", "old", "new", "origin", "concurrent", "concurrent_with", "change", "settled", "set_aside"}
	if !slices.Equal(rows[0], want) {
		t.Fatalf("header %q", rows[0])
	}
	col := map[string]int{}
	for i, c := range rows[0] {
		col[c] = i
	}
	var check struct{ Ops int }
	mustJSON(t, d.run(t, "check", "--json"), &check)
	changes, cells := map[string]bool{}, map[string]bool{}
	var concurrent, settled []string
	for _, r := range rows[1:] {
		// A change is its author and number: "at" is to the second, and one author can make two
		// changes of a record in a second (an edit, then a resolve).
		key := r[col["author_key"]] + "/" + r[col["change"]]
		changes[key] = true
		cell := key + "/" + r[col["field"]]
		if cells[cell] {
			t.Fatalf("a field change is listed twice: %q", r)
		}
		cells[cell] = true
		if r[col["origin"]] == "" || r[col["author"]] == "" {
			t.Fatalf("a row without origin or author: %q", r)
		}
		if r[col["author_key"]] != local && !strings.HasPrefix(r[col["origin"]], "bundle ") {
			t.Fatalf("a change by %s at %s reads as local: %q", r[col["author_key"]], d.name, r)
		}
		if r[col["concurrent"]] == "yes" {
			concurrent = append(concurrent, r[col["record"]]+" "+r[col["field"]]+" "+r[col["author_key"]]+" with "+r[col["concurrent_with"]])
		}
		switch r[col["settled"]] {
		case "yes":
			settled = append(settled, r[col["operation"]]+" "+r[col["record"]]+" "+r[col["field"]]+" "+r[col["new"]]+", set aside "+r[col["set_aside"]])
		case "no":
			if r[col["set_aside"]] != "" {
				t.Fatalf("a change that settled nothing sets aside %q", r)
			}
		default:
			t.Fatalf("settled is neither yes nor no: %q", r)
		}
	}
	// The secretariat kept Amina's status: the one change that settled a conflict, and what
	// it set aside, by whom (until 4 December 2026 the file did not tell a resolution apart).
	if want := "resolve " + commitment + " status delivered, set aside stalled: B. Okafor (" + b.key + ")"; len(settled) != 1 || settled[0] != want {
		t.Fatalf("%s: settled rows %q, want %q", d.name, settled, want)
	}
	if len(changes) != check.Ops {
		t.Fatalf("%s: the audit lists %d changes, the log holds %d", d.name, len(changes), check.Ops)
	}
	if len(concurrent) != 2 ||
		!strings.Contains(strings.Join(concurrent, "\n"), commitment+" status "+a.key+" with B. Okafor ("+b.key+")") ||
		!strings.Contains(strings.Join(concurrent, "\n"), commitment+" status "+b.key+" with A. Benali ("+a.key+")") {
		t.Fatalf("%s: concurrent rows:\n%s", d.name, strings.Join(concurrent, "\n"))
	}
	// A day after every change: the header alone. A day that does not exist: refused, by name.
	later := filepath.Join(t.TempDir(), "later.csv")
	d.must(t, "history", "export", "--out", later, "--since", "2999-01-01")
	if raw, _ := os.ReadFile(later); strings.Count(string(raw), "\n") != 1 {
		t.Fatalf("--since 2999-01-01 kept rows:\n%s", raw)
	}
	if r := d.run(t, "history", "export", "--out", later, "--since", "1 March"); r.code != 2 || !strings.Contains(r.err, "since") || !strings.Contains(r.err, "YYYY-MM-DD") {
		t.Fatalf("a bad --since: %s", r)
	}
}
