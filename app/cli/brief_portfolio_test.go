package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/internal/portfolio"
)

// portfolioDir is a data directory holding the realistic portfolio, imported from its CSV files.
func portfolioDir(t *testing.T) string {
	t.Helper()
	d := initDir(t)
	dir := t.TempDir()
	files, err := portfolio.Write(portfolio.Sheets(), false, ',', portfolio.UTF8)
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for _, f := range files {
		p := filepath.Join(dir, f.Name)
		if err := os.WriteFile(p, f.Data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, f.Kind+"="+p)
	}
	if rep, r := importJSON(t, d, args...); r.code != 0 || !rep.Stored {
		t.Fatalf("import: exit %d %+v\n%s", r.code, rep, r.err)
	}
	return d
}

// briefText renders one country's brief and returns its text with the lines joined.
func briefText(t *testing.T, d, country, lang string) string {
	t.Helper()
	pdf := filepath.Join(t.TempDir(), country+".pdf")
	must(t, run(t, d, "", "brief", "--country", country, "--lang", lang, "--out", pdf))
	return strings.ReplaceAll(strings.Join(strings.Fields(pdfText(t, pdf)), " "), "\u00a0", " ")
}

// inOrder reports whether each of want occurs in text after the one before it.
func inOrder(text string, want ...string) bool {
	at := 0
	for _, w := range want {
		i := strings.Index(text[at:], w)
		if i < 0 {
			return false
		}
		at += i + len(w)
	}
	return true
}

// The bilateral partnerships come first (before regional dialogues and funds, whatever their
// titles), and the other parties keep their roles, in English and French.
func TestBriefPartnershipOrderAndRoles(t *testing.T) {
	d := portfolioDir(t)
	egy := briefText(t, d, "EGY", "en")
	_, egyParts, _ := strings.Cut(egy, "Partnerships and dialogues Partnership or dialogue")
	if !inOrder(egyParts, "EU–Egypt Strategic", "Talent Partnership with Egypt", "Khartoum Process", "EU Trust Fund for Africa") {
		t.Errorf("Egypt's partnerships are not bilateral first: %s", egyParts)
	}
	for _, want := range []string{"With European Union (lead)", "Germany (member)", "International Organization for Migration (implementing)"} {
		if !strings.Contains(egyParts, want) {
			t.Errorf("Egypt's partnerships lack %q", want)
		}
	}
	tun := briefText(t, d, "TUN", "en")
	_, tunParts, _ := strings.Cut(tun, "Partnerships and dialogues Partnership or dialogue")
	if !inOrder(tunParts, "EU–Tunisia MoU", "Talent Partnership with Tunisia", "EU Trust Fund for Africa") {
		t.Errorf("Tunisia's partnerships: %s", tunParts)
	}
	fr := briefText(t, d, "EGY", "fr")
	// A country party named by its English ISO name reads in French, with its article; other
	// names as recorded and quoted, as after "de" (docs/brief.md); ordered by the French names
	// (Allemagne before European Union, where Germany came after it), "et" before the last.
	for _, want := range []string{"Avec l’Allemagne (membre), « European Union » (chef de file) et « International Organization for Migration » (mise en œuvre)",
		"Avec l’Allemagne (membre), l’Érythrée (membre), l’Éthiopie (membre), « European Union » (membre)"} {
		if !strings.Contains(fr, want) {
			t.Errorf("the French Egypt brief lacks %q: %s", want, fr)
		}
	}
}
