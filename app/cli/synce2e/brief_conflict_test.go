package synce2e

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Issue 11's acceptance through the binary: a three-way conflict reaches the secretariat's
// brief as one, with its three values and their authors, in English and French ("Three
// people", "Trois personnes"), on sample data extended with a commitment towards Libya that
// has funding.
func TestBriefThreeWayConflict(t *testing.T) {
	s := newInstall(t, "Secretariat", "secretariat")
	ds := []*install{newInstall(t, "A. Benali", "delegate"), newInstall(t, "B. Okafor", "delegate"), newInstall(t, "C. Haddad", "delegate")}
	s.trust(t, ds...)
	for _, d := range ds {
		d.trust(t, s)
	}
	s.must(t, "demo")
	var parties struct{ Items []struct{ ID string } }
	mustJSON(t, s.run(t, "record", "list", "party", "--q", "Libya", "--json"), &parties)
	if len(parties.Items) == 0 {
		t.Fatal("the sample data has no party for Libya")
	}
	eu := ""
	var eus struct{ Items []struct{ ID string } }
	mustJSON(t, s.run(t, "record", "list", "party", "--q", "European Union", "--json"), &eus)
	if len(eus.Items) > 0 {
		eu = eus.Items[0].ID
	}
	body, _ := json.Marshal(map[string]any{"title": "Search and rescue coordination centre in Tripoli", "status": "agreed", "due": "2027-06-30",
		"committed_by": []string{eu}, "towards": []string{parties.Items[0].ID},
		"funding": []map[string]any{{"amount": 12000000, "currency": "EUR", "instrument": "grant", "state": "pledged", "as_of": "2026-03-01"}}})
	r := dossier(t, s.dir, string(body), "record", "add", "commitment")
	id := strings.TrimSpace(must(t, r))
	if i := strings.LastIndex(id, " "); i >= 0 {
		id = id[i+1:]
	}
	dir := t.TempDir()
	first := filepath.Join(dir, "first.dossier")
	s.must(t, "export", "--out", first)
	var files []string
	for i, d := range ds {
		d.must(t, "import", first)
		d.must(t, "record", "set", id, "status="+[]string{"in_progress", "stalled", "delivered"}[i])
		f := filepath.Join(dir, d.key+".dossier")
		d.must(t, "export", "--out", f)
		files = append(files, f)
	}
	s.must(t, append([]string{"import"}, files...)...)
	for lang, want := range map[string][]string{
		"en": {"Three people", "In progress", "Stalled", "Delivered", "A. Benali", "B. Okafor", "C. Haddad", "EUR 12,000,000"},
		"fr": {"Trois personnes", "En cours", "Au point mort", "Réalisé", "A. Benali", "B. Okafor", "C. Haddad", "12 000 000 EUR"},
	} {
		pdf := filepath.Join(t.TempDir(), "lby-"+lang+".pdf")
		s.must(t, "brief", "--country", "LBY", "--lang", lang, "--out", pdf)
		out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext (poppler-utils, installed by `make deps`): %v", err)
		}
		flat := strings.ReplaceAll(strings.Join(strings.Fields(string(out)), " "), "\u00a0", " ")
		for _, w := range want {
			if !strings.Contains(flat, w) {
				t.Errorf("the %s Libya brief lacks %q", lang, w)
			}
		}
		if lang == "fr" && strings.Contains(flat, "For official use") {
			t.Errorf("the French Libya brief names the default marking in English")
		}
	}
}
