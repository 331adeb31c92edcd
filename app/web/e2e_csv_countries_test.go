//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A CSV's country cells are read by the one reader of a country from text
// (domain.ReadCountry, docs/csv.md "Countries"): a party's ISO3 cell takes "Tunisie" or "tn";
// "NA", which a sheet writes for no answer as often as for Namibia, is refused saying both
// readings and what to write; a text that is no country is refused with the nearest, and
// "N/A" as naming none. In the reader's language, French then English.
func TestBrowserCSVCountryCells(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	apiCall(t, srv, "Settings", "SetLanguage", "fr")

	sheet := filepath.Join(files, "parties.csv")
	if err := os.WriteFile(sheet, []byte("name,type,iso3\n"+
		"Garde nationale tunisienne,country,Tunisie\n"+
		"Gendarmerie sénégalaise,country,sn\n"+
		"Police namibienne,country,NA\n"+
		"Garde d’Atlantide,country,Atlantide\n"+
		"Garde sans pays,country,N/A\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	problems := func(p *page, n int) []string {
		p.wait("problems", fmt.Sprintf(`document.querySelector('[data-testid="csv-preview"]')?.dataset.errors === "%d"`, n))
		var out []string
		got := p.eval("problems", `JSON.stringify([...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim()))`)
		if err := json.Unmarshal([]byte(got), &out); err != nil {
			p.fail("problems", err)
		}
		return out
	}
	check := func(p *page, got []string, want []*regexp.Regexp) {
		if len(got) != len(want) {
			p.fail("problems", fmt.Errorf("%d problems, want %d:\n%s", len(got), len(want), strings.Join(got, "\n")))
		}
		for i, re := range want {
			if !re.MatchString(got[i]) {
				p.fail("problems", fmt.Errorf("problem %d:\n got %s\nwant %s", i+1, got[i], re))
			}
		}
	}
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("french", `document.documentElement.lang === "fr"`)
	p.click("nav-csv")
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "party")
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{sheet}))
	p.wait("preview", p.exists(tid("csv-preview")))
	// Rows 2 and 3 ("Tunisie", "sn") are read; the suggestion is named in French.
	check(p, problems(p, 3), []*regexp.Regexp{
		regexp.MustCompile(`^4/iso3 Ligne 4, colonne iso3 : « NA » est un code ISO 3166-1 alpha-2, celui de NAM \(Namibie\), mais les tableaux l’écrivent aussi pour une case sans réponse \(non disponible, non communiqué, sans objet\) : si c’est bien ce pays, écrivez NAM ou son nom ; sinon, retirez-le$`),
		regexp.MustCompile(`^5/iso3 Ligne 5, colonne iso3 : « Atlantide » n’est pas un pays : indiquez son code ISO 3166-1 alpha-3 ou son nom ; vouliez-vous dire [A-Z]{3} \(.+\) \?$`),
		// "N/A" names no country, and none is offered (it offered Nigeria).
		regexp.MustCompile(`^6/iso3 Ligne 6, colonne iso3 : « N/A » ne nomme aucun pays : les tableaux l’écrivent pour une case sans réponse ; retirez-le, ou écrivez le code ISO 3166-1 alpha-3 du pays ou son nom$`),
	})
	p.shot("csv-countries-fr")

	apiCall(t, srv, "Settings", "SetLanguage", "en")
	p.step("reload", chromedp.Reload())
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("english", `document.documentElement.lang === "en"`)
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "party")
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{sheet}))
	p.wait("preview", p.exists(tid("csv-preview")))
	check(p, problems(p, 3), []*regexp.Regexp{
		regexp.MustCompile(`^4/iso3 Row 4, column iso3: “NA” is an ISO 3166-1 alpha-2 code, that of NAM \(Namibia\), but tables also write it for an empty answer \(not available, not applicable\): if that country is meant, write NAM or its name; if not, leave it out$`),
		regexp.MustCompile(`^5/iso3 Row 5, column iso3: “Atlantide” is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean [A-Z]{3} \(.+\)\?$`),
		regexp.MustCompile(`^6/iso3 Row 6, column iso3: “N/A” names no country: tables write it for an empty answer; leave it out, or write the country’s ISO 3166-1 alpha-3 code or its name$`),
	})
	p.shot("csv-countries-en")
}
