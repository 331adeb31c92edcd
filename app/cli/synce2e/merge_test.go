package synce2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The merge rules of docs/storage.md through the binary. Two delegates import the same CSV
// file (same ids, same values) and then work offline: one renames a record, the other
// removes a theme from another — plain changes at the secretariat, no conflict. One deletes
// two records while the other edits them: each is a conflict on "deleted", settled one way
// and the other. One removes a theme the other removed and added back: the add wins, and the
// history says so. Everyone ends with the same state.
func TestMergeRulesThroughTheBinary(t *testing.T) {
	s := newInstall(t, "Secretariat", "secretariat")
	a := newInstall(t, "A. Benali", "delegate")
	b := newInstall(t, "B. Okafor", "delegate")
	s.trust(t, a, b)
	for _, d := range []*install{a, b} {
		must(t, dossier(t, d.dir, "y\n", "trust", "add", s.card))
	}
	const (
		renamed = "0190a5d0-0000-7000-8000-0000000000a1"
		pruned  = "0190a5d0-0000-7000-8000-0000000000a2"
		back    = "0190a5d0-0000-7000-8000-0000000000a3"
		gone    = "0190a5d0-0000-7000-8000-0000000000a4"
		kept    = "0190a5d0-0000-7000-8000-0000000000a5"
	)
	file := filepath.Join(t.TempDir(), "commitments.csv")
	csv := "id,title,status,due,themes\n" +
		renamed + ",Return,proposed,2026-06-30,trafficking\n" +
		pruned + ",Reception,proposed,2026-06-30,trafficking;border_management\n" +
		back + ",Smuggling,agreed,2026-06-30,migrant_smuggling;trafficking\n" +
		gone + ",Visas,agreed,2026-06-30,visa_facilitation\n" +
		kept + ",Search and rescue,agreed,2026-06-30,saving_lives_at_sea\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	// The file imported at both places: twin creates.
	a.must(t, "csv", "import", "commitment", file)
	b.must(t, "csv", "import", "commitment", file)
	// Offline work.
	a.must(t, "record", "set", renamed, "title=Return and reintegration")
	b.must(t, "record", "remove-from", pruned, "themes", "border_management")
	a.must(t, "record", "remove-from", back, "themes", "trafficking")
	b.must(t, "record", "remove-from", back, "themes", "trafficking")
	b.must(t, "record", "add-to", back, "themes", "trafficking")
	a.must(t, "record", "delete", gone)
	b.must(t, "record", "set", gone, "status=in_progress")
	a.must(t, "record", "delete", kept)
	b.must(t, "record", "set", kept, "status=delivered")

	dir := t.TempDir()
	fa, fb := filepath.Join(dir, "a.dossier"), filepath.Join(dir, "b.dossier")
	a.must(t, "export", "--out", fa)
	b.must(t, "export", "--out", fb)
	out := s.must(t, "import", fa, fb)
	if !strings.Contains(out, "conflicts  2 raised") {
		t.Fatalf("import: %s", out)
	}

	// Imported twice, then renamed at one place: a plain change.
	var rec struct {
		Title     string
		Deleted   bool
		Fields    map[string]any
		Conflicts []struct {
			Field  string
			Values []struct {
				Value   any
				Author  string
				Edited  bool
				Winning bool
			}
		}
	}
	mustJSON(t, s.run(t, "record", "show", renamed, "--json"), &rec)
	if rec.Title != "Return and reintegration" || len(rec.Conflicts) != 0 {
		t.Fatalf("renamed: %+v", rec)
	}
	rec.Conflicts = nil
	mustJSON(t, s.run(t, "record", "show", pruned, "--json"), &rec)
	if th := rec.Fields["themes"].([]any); len(th) != 1 || th[0] != "trafficking" || len(rec.Conflicts) != 0 {
		t.Fatalf("pruned: %+v", rec)
	}

	// Deleted at one place, edited at the other: a conflict on "deleted", the record still
	// deleted meanwhile, out of lists.
	for _, id := range []string{gone, kept} {
		rec.Conflicts = nil
		mustJSON(t, s.run(t, "record", "show", id, "--json"), &rec)
		if !rec.Deleted || len(rec.Conflicts) != 1 || rec.Conflicts[0].Field != "deleted" || len(rec.Conflicts[0].Values) != 2 {
			t.Fatalf("%s: %+v", id, rec)
		}
		del, edit := rec.Conflicts[0].Values[0], rec.Conflicts[0].Values[1]
		if del.Author != a.key || del.Value != true || !del.Winning || del.Edited || edit.Author != b.key || edit.Value != false || !edit.Edited {
			t.Fatalf("%s: sides %+v", id, rec.Conflicts[0].Values)
		}
		if strings.Contains(s.must(t, "record", "list", "commitment"), id) {
			t.Fatalf("%s is listed while deleted", id)
		}
	}
	show := s.must(t, "record", "show", gone)
	if !strings.Contains(show, "CONFLICT on deleted") || !strings.Contains(show, "changed it without knowing of the deletion") {
		t.Fatalf("show:\n%s", show)
	}
	conflicts := s.must(t, "conflicts")
	if strings.Count(conflicts, "field deleted") != 2 || strings.Count(conflicts, "field ") != 2 {
		t.Fatalf("conflicts:\n%s", conflicts)
	}
	// Settle one by keeping the edit (the record comes back with it), the other by keeping
	// the deletion.
	s.must(t, "resolve", gone, "deleted", "--pick", b.key)
	s.must(t, "resolve", kept, "deleted", "--pick", a.key)
	rec.Conflicts = nil
	mustJSON(t, s.run(t, "record", "show", gone, "--json"), &rec)
	if rec.Deleted || len(rec.Conflicts) != 0 || rec.Fields["status"] != "in_progress" {
		t.Fatalf("restored with the edit: %+v", rec)
	}
	rec.Conflicts = nil
	mustJSON(t, s.run(t, "record", "show", kept, "--json"), &rec)
	if !rec.Deleted || len(rec.Conflicts) != 0 || rec.Fields["status"] != "delivered" {
		t.Fatalf("kept deleted: %+v", rec)
	}
	if out := s.must(t, "conflicts"); out != "No open conflicts." {
		t.Fatal(out)
	}
	// The history says which way each was settled, and what was set aside (until 4 December
	// 2026 the delete and the restore read as ordinary ones).
	for id, want := range map[string]string{
		gone: "deleted: resolved the conflict: restored it with the changes made without knowing of the deletion (B. Okafor); set aside the deletion (A. Benali)",
		kept: "deleted: resolved the conflict: kept it deleted (A. Benali); set aside the changes made without knowing of the deletion (B. Okafor)",
	} {
		if h := s.must(t, "record", "history", id); !strings.Contains(h, want) {
			t.Errorf("the history of %s does not say %q:\n%s", id, want, h)
		}
	}
	// The audit file tells the two settling changes apart, with what each set aside.
	audit := filepath.Join(t.TempDir(), "audit.csv")
	s.must(t, "history", "export", "--out", audit)
	raw, err := os.ReadFile(audit)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		gone: ",restore,commitment," + gone + ",Visas,deleted,true,false,",
		kept: ",delete,commitment," + kept + ",Search and rescue,deleted,true,true,",
	} {
		aside := map[string]string{gone: ",yes,true: A. Benali (" + a.key + ")", kept: ",yes,false: B. Okafor (" + b.key + ")"}[id]
		found := false
		for _, line := range strings.Split(string(raw), "\n") {
			found = found || strings.Contains(line, want) && strings.HasSuffix(line, aside)
		}
		if !found {
			t.Errorf("the audit file has no row %q…%q:\n%s", want, aside, raw)
		}
	}

	// Removed at one place, removed and added back at the other: the add wins, and the
	// history of the record says so.
	rec.Conflicts = nil
	mustJSON(t, s.run(t, "record", "show", back, "--json"), &rec)
	if th := rec.Fields["themes"].([]any); len(th) != 2 {
		t.Fatalf("back: %+v", rec)
	}
	var hist []struct {
		Author  string
		Changes []struct {
			Field   string
			AddWins []struct{ Element, Adder, Remover string } `json:"add_wins"`
		}
		Names map[string]string
	}
	mustJSON(t, s.run(t, "record", "history", back, "--json"), &hist)
	shown := 0
	for _, e := range hist {
		for _, c := range e.Changes {
			for _, aw := range c.AddWins {
				if c.Field != "themes" || aw.Element != "trafficking" || aw.Adder != b.key || aw.Remover != a.key ||
					e.Names[a.key] != "A. Benali" || e.Names[b.key] != "B. Okafor" {
					t.Fatalf("add wins: %+v in %+v", aw, e)
				}
				shown++
			}
		}
	}
	if shown != 1 {
		t.Fatalf("%d add-wins notes in the history: %+v", shown, hist)
	}
	// B's removal repeats A's: its entry says there is nothing to show, rather than nothing.
	if h := s.must(t, "record", "history", back); !strings.Contains(h, "kept \"trafficking\": added by B. Okafor, removed by A. Benali") ||
		!strings.Contains(h, "(nothing to show: the record already had these values)") {
		t.Fatalf("history:\n%s", h)
	}

	// Everyone converges.
	cons := filepath.Join(dir, "consolidated.dossier")
	s.must(t, "export", "--out", cons)
	for _, d := range []*install{a, b} {
		d.must(t, "import", cons)
	}
	want := s.hash(t)
	for _, d := range []*install{a, b} {
		if got := d.hash(t); got != want {
			t.Fatalf("%s: state %s, secretariat %s", d.name, got, want)
		}
		if out := d.must(t, "conflicts"); out != "No open conflicts." {
			t.Fatalf("%s: %s", d.name, out)
		}
	}
	for _, d := range []*install{s, a, b} {
		d.must(t, "check")
	}
}
