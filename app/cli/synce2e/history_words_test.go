package synce2e

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// `record history` does not word a change made at the same time as another as "— → value"
// (which reads as "was empty"): the change that found a value it had not seen, and the one
// whose value lost, are each "set to" their value, with the other's author named
// (docs/storage.md, "History").
func TestHistoryWordsConcurrentChangesAsSetTo(t *testing.T) {
	a := newInstall(t, "A. Benali", "delegate")
	b := newInstall(t, "B. Okafor", "delegate")
	a.trust(t, b)
	b.trust(t, a)
	body, _ := json.Marshal(map[string]any{"title": "Return", "status": "proposed", "due": "2027-06-30"})
	id := must(t, dossier(t, a.dir, string(body), "record", "add", "commitment"))
	if i := strings.LastIndex(id, " "); i >= 0 {
		id = id[i+1:]
	}
	dir := t.TempDir()
	start := filepath.Join(dir, "start.dossier")
	a.must(t, "export", "--out", start)
	b.must(t, "import", start)
	// Offline, A then B change the status; each then imports the other's change.
	a.must(t, "record", "set", id, "status=delivered")
	b.must(t, "record", "set", id, "status=in_progress")
	fa, fb := filepath.Join(dir, "a.dossier"), filepath.Join(dir, "b.dossier")
	a.must(t, "export", "--out", fa)
	b.must(t, "export", "--out", fb)
	a.must(t, "import", fb)
	b.must(t, "import", fa)

	for _, c := range []struct {
		in   *install
		want []string
	}{
		// At A, B's change came second and found A's "delivered", which it had never seen.
		{a, []string{`status: "proposed" → "delivered", at the same time as B. Okafor's change`, `status: set to "in_progress", at the same time as A. Benali's change`}},
		// At B, A's change came second and lost to B's (a later clock).
		{b, []string{`status: "proposed" → "in_progress", at the same time as A. Benali's change`, `status: set to "delivered", at the same time as B. Okafor's change; the field shows "in_progress"`}},
	} {
		h := c.in.must(t, "record", "history", id)
		for _, w := range c.want {
			if !strings.Contains(h, w) {
				t.Errorf("%s's history does not say %q:\n%s", c.in.name, w, h)
			}
		}
		if strings.Contains(h, `status: — → "delivered"`) || strings.Contains(h, `status: — → "in_progress"`) || strings.Contains(h, "wrote") {
			t.Errorf("%s's history words a concurrent change as replacing nothing:\n%s", c.in.name, h)
		}
	}
}
