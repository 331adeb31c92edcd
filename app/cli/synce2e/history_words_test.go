package synce2e

import (
	"encoding/json"
	"fmt"
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

// `record history` says that a resolution settled a conflict, which value it kept and whose,
// and every value it set aside with its author, at the place that resolved and at the one
// that imported the resolution; a new value is said to be one (docs/storage.md, "History").
// Until 3 December 2026 it read as an ordinary edit, `status: "delivered" → "in_progress"`.
func TestHistorySaysWhatAResolutionSetAside(t *testing.T) {
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
	n := 0
	send := func(from, to *install) {
		n++
		f := filepath.Join(dir, fmt.Sprintf("%d.dossier", n))
		from.must(t, "export", "--out", f)
		to.must(t, "import", f)
	}
	send(a, b)
	// Offline, A and B change the status and the due date; each then imports the other's.
	a.must(t, "record", "set", id, "status=delivered", "due=2027-09-30")
	b.must(t, "record", "set", id, "status=in_progress", "due=2027-12-31")
	send(a, b)
	send(b, a)
	// A keeps B's status, and a due date of neither; B imports the resolutions.
	a.must(t, "resolve", id, "status", "--pick", b.key)
	a.must(t, "resolve", id, "due", "--value", "2028-03-31")
	send(a, b)
	for _, in := range []*install{a, b} {
		h := in.must(t, "record", "history", id)
		for _, w := range []string{
			`status: resolved the conflict: kept "in_progress" (B. Okafor); set aside "delivered" (A. Benali)`,
			`due: resolved the conflict with a new value, "2028-03-31"; set aside "2027-12-31" (B. Okafor) and "2027-09-30" (A. Benali)`,
		} {
			if !strings.Contains(h, w) && !strings.Contains(h, strings.Replace(w, `"2027-12-31" (B. Okafor) and "2027-09-30" (A. Benali)`, `"2027-09-30" (A. Benali) and "2027-12-31" (B. Okafor)`, 1)) {
				t.Errorf("%s's history does not say %q:\n%s", in.name, w, h)
			}
		}
		var entries []struct {
			Type    string `json:"type"`
			Changes []struct {
				Field   string `json:"field"`
				Settled []struct {
					Value  any    `json:"value"`
					Author string `json:"author"`
				} `json:"settled"`
			} `json:"changes"`
		}
		mustJSON(t, in.run(t, "record", "history", id, "--json"), &entries)
		settled := 0
		for _, e := range entries {
			for _, c := range e.Changes {
				if len(c.Settled) > 0 {
					settled++
					if e.Type != "resolve" || len(c.Settled) != 2 {
						t.Errorf("%s: a %s change of %s settles %+v", in.name, e.Type, c.Field, c.Settled)
					}
				}
			}
		}
		if settled != 2 {
			t.Errorf("%s: %d changes settle a conflict in --json, want 2", in.name, settled)
		}
	}
}

// `conflicts` and `record show` name the countries of the funding entries in conflict, as
// `record show` writes a field ("EUR 4,000,000 committed, for Niger (0190…)"), never a bare
// id, which a secretariat choosing between two delegates' figures cannot read (the walk of
// 4 December 2026: "for 01a24278-1a43-71b0-…"); the losing value's country too.
func TestConflictsNameTheCountriesOfFundingEntries(t *testing.T) {
	a := newInstall(t, "A. Benali", "delegate")
	b := newInstall(t, "B. Okafor", "delegate")
	a.trust(t, b)
	b.trust(t, a)
	add := func(kind string, v map[string]any) string {
		body, _ := json.Marshal(v)
		id := must(t, dossier(t, a.dir, string(body), "record", "add", kind))
		return id[strings.LastIndex(id, " ")+1:]
	}
	sen := add("party", map[string]any{"name": "Sénégal", "type": "country", "iso3": "SEN"})
	ner := add("party", map[string]any{"name": "Niger", "type": "country", "iso3": "NER"})
	id := add("commitment", map[string]any{"title": "Réintégration", "status": "agreed"})
	dir := t.TempDir()
	start := filepath.Join(dir, "start.dossier")
	a.must(t, "export", "--out", start)
	b.must(t, "import", start)
	funding := func(country string, amount int) string {
		return fmt.Sprintf(`funding=[{"amount": %d, "currency": "EUR", "state": "committed", "country": %q}]`, amount, country)
	}
	a.must(t, "record", "set", id, funding(sen, 3000000))
	b.must(t, "record", "set", id, funding(ner, 4000000))
	fb := filepath.Join(dir, "b.dossier")
	b.must(t, "export", "--out", fb)
	a.must(t, "import", fb)
	for _, out := range []string{a.must(t, "conflicts"), a.must(t, "record", "show", id)} {
		for _, w := range []string{"EUR 3,000,000 committed, for Sénégal (" + sen + ")", "EUR 4,000,000 committed, for Niger (" + ner + ")"} {
			if !strings.Contains(out, w) {
				t.Errorf("no %q in:\n%s", w, out)
			}
		}
		if strings.Contains(out, "for "+sen) || strings.Contains(out, "for "+ner) {
			t.Errorf("a country by its bare id:\n%s", out)
		}
	}
}
