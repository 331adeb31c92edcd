package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// Two delegates give Tunisia a role in one partnership at the same time; the secretariat's
// `dossier conflicts` lists the partnership after the open conflicts, worded as `record show`
// words it, and `record list --breaking` lists it; once mended, neither does
// (docs/model.md, "One party, two roles").
func TestConflictsListsRecordsThatBreakARule(t *testing.T) {
	files := t.TempDir()
	dirs, cards := map[string]string{}, map[string]string{}
	for _, n := range []string{"s", "a", "b"} {
		dirs[n], cards[n] = t.TempDir(), filepath.Join(files, n+".card")
		role := "delegate"
		if n == "s" {
			role = "secretariat"
		}
		must(t, run(t, dirs[n], "", "init", "--name", "Person "+n, "--role", role))
		must(t, run(t, dirs[n], "", "identity", "--card", cards[n]))
	}
	for _, x := range []string{"s", "a", "b"} {
		for _, y := range []string{"s", "a", "b"} {
			if x != y {
				must(t, run(t, dirs[x], "", "trust", "add", cards[y], "--yes"))
			}
		}
	}
	exchange := func(from, to string) string {
		t.Helper()
		bundle := filepath.Join(t.TempDir(), from+".dossier")
		must(t, run(t, dirs[from], "", "export", "--all", "--out", bundle))
		return must(t, run(t, dirs[to], "", "import", bundle))
	}
	s := dirs["s"]
	tun := must(t, run(t, s, `{"name":"Tunisia","type":"country","iso3":"TUN"}`, "record", "add", "party"))
	p := must(t, run(t, s, `{"title":"EU–Tunisia migration dialogue","type":"bilateral","status":"active"}`, "record", "add", "partnership"))
	exchange("s", "a")
	exchange("s", "b")
	must(t, run(t, dirs["a"], "", "record", "add-to", p, "parties", tun+":lead"))
	must(t, run(t, dirs["b"], "", "record", "add-to", p, "parties", tun+":member"))
	// The import that leaves the record breaking a rule says so, and where to see it; the one
	// before it, which leaves none, says nothing of rules (docs/api.md, "Import result").
	const left = "1 record left breaking a rule: run `dossier conflicts` to see what to mend"
	if out := exchange("a", "s"); strings.Contains(out, "breaking a rule") {
		t.Errorf("the first role alone: the import's report speaks of a rule:\n%s", out)
	}
	if out := exchange("b", "s"); !strings.Contains(out, left) || !strings.Contains(out, "none raised") {
		t.Errorf("the second role: want %q and no conflict raised in:\n%s", left, out)
	}

	out := must(t, run(t, s, "", "conflicts"))
	for _, want := range []string{"No open conflicts.", "RECORDS THAT BREAK A RULE", "partnership EU–Tunisia migration dialogue (" + p + "):", "parties[1].party: "} {
		if !strings.Contains(out, want) {
			t.Errorf("dossier conflicts: want %q in:\n%s", want, out)
		}
	}
	if !strings.Contains(out, "Tunisia") || !strings.Contains(out, "listed twice") {
		t.Errorf("dossier conflicts does not word the problem as record show does:\n%s", out)
	}
	if out := must(t, run(t, s, "", "record", "list", "partnership", "--breaking")); !strings.Contains(out, p) {
		t.Errorf("record list --breaking:\n%s", out)
	}
	must(t, run(t, s, "", "record", "remove-from", p, "parties", tun+":member"))
	if out := must(t, run(t, s, "", "conflicts")); strings.Contains(out, "BREAK A RULE") {
		t.Errorf("mended, still listed:\n%s", out)
	}
	if out := must(t, run(t, s, "", "record", "list", "partnership", "--breaking")); strings.Contains(out, p) {
		t.Errorf("mended, still listed by record list --breaking:\n%s", out)
	}
}
