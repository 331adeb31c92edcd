package cli_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// import --dry-run through the binary: the human report lists each record created with its
// fields and author, --json carries the same, nothing is written, and the import that
// follows creates the records the preview listed.
func TestImportDryRunThroughTheBinary(t *testing.T) {
	s := t.TempDir()
	must(t, run(t, s, "", "init", "--name", "Secretariat", "--role", "secretariat"))
	a := initDir(t)
	id := must(t, run(t, a, `{"title":"Search and rescue coordination","status":"agreed"}`, "record", "add", "commitment"))
	card := filepath.Join(t.TempDir(), "a.card")
	must(t, run(t, a, "", "identity", "--card", card))
	bundle := filepath.Join(t.TempDir(), "a.dossier")
	must(t, run(t, a, "", "export", "--all", "--out", bundle))
	must(t, run(t, s, "", "trust", "add", card, "--yes"))
	before := must(t, run(t, s, "", "state-hash"))

	out := must(t, run(t, s, "", "import", bundle, "--dry-run"))
	for _, w := range []string{"DRY RUN, nothing written", "OK: it can be imported", "1 created", `created commitment "Search and rescue coordination" (` + id + ")", "title: Search and rescue coordination   by A. Benali"} {
		if !strings.Contains(out, w) {
			t.Errorf("the dry run does not say %q:\n%s", w, out)
		}
	}
	var reps []service.BundleReport
	if err := json.Unmarshal([]byte(must(t, run(t, s, "", "import", bundle, "--dry-run", "--json"))), &reps); err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || reps[0].Preview == nil || len(reps[0].Preview.Records) != 1 || reps[0].Preview.Records[0].Record != id || !reps[0].Preview.Records[0].Created {
		t.Fatalf("--json: %+v", reps)
	}
	if after := must(t, run(t, s, "", "state-hash")); after != before {
		t.Fatal("the dry run changed the data")
	}
	must(t, run(t, s, "", "import", bundle))
	if got := must(t, run(t, s, "", "record", "show", id)); !strings.Contains(got, "Search and rescue coordination") {
		t.Fatalf("the import did not create the previewed record: %s", got)
	}
	// Now nothing is new; a bundle that would be refused exits 1 and says why.
	if out := must(t, run(t, s, "", "import", bundle, "--dry-run")); !strings.Contains(out, "nothing new") {
		t.Fatalf("second dry run: %s", out)
	}
	stranger := initDir(t)
	sb := filepath.Join(t.TempDir(), "stranger.dossier")
	must(t, run(t, stranger, "", "export", "--all", "--out", sb))
	r := run(t, s, "", "import", sb, "--dry-run")
	if r.code != 1 || !strings.Contains(r.err, "would be refused") || !strings.Contains(r.out, "REFUSED") {
		t.Fatalf("stranger's dry run: exit %d\n%s%s", r.code, r.out, r.err)
	}
}
