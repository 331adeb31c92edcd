package synce2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Equal values written concurrently never cause a later false conflict (docs/storage.md,
// "Merge rules"), through the binary: two delegates hold the same commitment; each, offline,
// marks it agreed; they swap bundles; then one marks it delivered. Neither place shows a
// conflict: the other's "agreed" is exactly what "delivered" overwrote. B has done other work
// before (a record of its own), so its change had seen more than A's, though not more of this
// field. A change over a value the other never saw still conflicts.
func TestEqualValuesThenChangedIsNoConflict(t *testing.T) {
	a := newInstall(t, "A. Benali", "delegate")
	b := newInstall(t, "B. Okafor", "delegate")
	a.trust(t, b)
	b.trust(t, a)
	const (
		agreed = "0190a5d0-0000-7000-8000-0000000000b1"
		other  = "0190a5d0-0000-7000-8000-0000000000b2"
	)
	file := filepath.Join(t.TempDir(), "commitments.csv")
	csv := "id,title,status,due\n" +
		agreed + ",Return,proposed,2026-06-30\n" +
		other + ",Reception,proposed,2026-06-30\n"
	if err := os.WriteFile(file, []byte(csv), 0o600); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	swap := func(name string) {
		t.Helper()
		fa, fb := filepath.Join(dir, name+"-a.dossier"), filepath.Join(dir, name+"-b.dossier")
		a.must(t, "export", "--out", fa)
		b.must(t, "export", "--out", fb)
		a.must(t, "import", fb)
		b.must(t, "import", fa)
	}
	a.must(t, "csv", "import", "commitment", file)
	fa := filepath.Join(dir, "start.dossier")
	a.must(t, "export", "--out", fa)
	b.must(t, "import", fa)
	b.must(t, "record", "set", other, "title=Reception centres") // B's own work first

	// Offline: both mark it agreed; B also changes the other record's status, over a value A
	// changes too (a real disagreement). A's work reaches B, not yet B's work A.
	a.must(t, "record", "set", agreed, "status=agreed")
	b.must(t, "record", "set", agreed, "status=agreed")
	a.must(t, "record", "set", other, "status=agreed")
	b.must(t, "record", "set", other, "status=in_progress")
	fa = filepath.Join(dir, "agreed.dossier")
	a.must(t, "export", "--out", fa)
	b.must(t, "import", fa)
	if out := b.must(t, "conflicts"); strings.Count(out, "field ") != 1 || !strings.Contains(out, "field status") || !strings.Contains(out, other) {
		t.Fatalf("B, want one conflict on %s's status:\n%s", other, out)
	}
	// A, not having seen B's "agreed", marks the commitment delivered; then the two swap.
	a.must(t, "record", "set", agreed, "status=delivered")
	swap("later")
	for _, d := range []*install{a, b} {
		out := d.must(t, "conflicts")
		if strings.Count(out, "field ") != 1 || !strings.Contains(out, other) {
			t.Fatalf("%s: want only the conflict on %s:\n%s", d.name, other, out)
		}
	}
	// The history says the two status changes of the other record did not see each other.
	if h := a.must(t, "record", "history", other); !strings.Contains(h, "at the same time as B. Okafor's change") ||
		!strings.Contains(h, "at the same time as A. Benali's change") {
		t.Fatalf("history:\n%s", h)
	}
	b.must(t, "resolve", other, "status", "--pick", a.key)
	fb := filepath.Join(dir, "settled.dossier")
	b.must(t, "export", "--out", fb)
	a.must(t, "import", fb)
	for _, d := range []*install{a, b} {
		if out := d.must(t, "conflicts"); out != "No open conflicts." {
			t.Fatalf("%s: a false conflict after a change over equal values:\n%s", d.name, out)
		}
		var rec struct {
			Fields map[string]any
		}
		mustJSON(t, d.run(t, "record", "show", agreed, "--json"), &rec)
		if rec.Fields["status"] != "delivered" {
			t.Fatalf("%s: status %v", d.name, rec.Fields["status"])
		}
	}
	if ha, hb := a.hash(t), b.hash(t); ha != hb {
		t.Fatalf("state A %s, B %s", ha, hb)
	}
	for _, d := range []*install{a, b} {
		d.must(t, "check")
	}
}
