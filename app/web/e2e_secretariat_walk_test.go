//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/encoding/charmap"
)

// TestBrowserSecretariatWalkFrench is the francophone secretariat's day of 4 December 2026,
// on its French screens: a Windows-1252 sheet with ';' and accents makes the portfolio; two
// delegates change a regional programme offline, one the status the other also changes, one
// its due date; their bundles come in. The sheet from the morning, edited and imported again,
// is refused on the due date Amina changed since (it would have undone it), naming her, and
// on the status in conflict (it would have settled it); and the brief of Senegal words Bruno's status as what he wrote at the same time as another
// change, never "En cours → Au point mort", with each amount's country.
func TestBrowserSecretariatWalkFrench(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	sec, amina, bruno := threeOffices(t, bin)
	dir := t.TempDir()
	write1252 := func(name, text string) string {
		b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	runCLI(t, bin, "csv", "import", write1252("portefeuille.csv", "kind;name;type;iso3;title;status;towards;funding;due\n"+
		"party;Sénégal;country;SEN;;;;;\n"+
		"party;Niger;country;NER;;;;;\n"+
		"party;Côte d'Ivoire;country;CIV;;;;;\n"+
		`commitment;;;;Programme régional de réintégration;agreed;"Sénégal; Niger; Côte d’Ivoire";"[{""amount"":12000000,""currency"":""EUR"",""state"":""committed"",""country"":""Sénégal""},{""amount"":6500000000,""currency"":""XOF"",""state"":""committed"",""country"":""Côte d’Ivoire""}]";2027-06-30`+"\n"), "--data", sec)
	start := filepath.Join(dir, "start.dossier")
	runCLI(t, bin, "export", "--out", start, "--data", sec)
	runCLI(t, bin, "import", start, "--data", amina)
	runCLI(t, bin, "import", start, "--data", bruno)
	morning := filepath.Join(dir, "matin.csv")
	runCLI(t, bin, "csv", "export", "commitment", "--out", morning, "--delimiter", ";", "--data", sec)
	var list struct{ Items []struct{ ID string } }
	if err := json.Unmarshal([]byte(runCLI(t, bin, "record", "list", "commitment", "--json", "--data", sec)), &list); err != nil || len(list.Items) != 1 {
		t.Fatalf("%v %+v", err, list)
	}
	id := list.Items[0].ID
	runCLI(t, bin, "record", "set", id, "status=in_progress", "due=2027-12-31", "--data", amina)
	runCLI(t, bin, "record", "set", id, "status=stalled", "--data", bruno)
	for _, d := range []string{amina, bruno} {
		f := filepath.Join(dir, filepath.Base(d)+".dossier")
		runCLI(t, bin, "export", "--out", f, "--data", d)
		runCLI(t, bin, "import", f, "--data", sec)
	}
	sheet, err := os.ReadFile(morning)
	if err != nil {
		t.Fatal(err)
	}
	// In the morning's sheet, only the title is changed; its due date is from before Amina's.
	edited := filepath.Join(dir, "matin-modifié.csv")
	if err := os.WriteFile(edited, []byte(strings.Replace(string(sheet), "Programme régional de réintégration;", "Programme régional de réintégration (Sahel);", 1)), 0o600); err != nil {
		t.Fatal(err)
	}

	srv := startServe(t, bin, sec)
	defer srv.stop(t)
	apiCall(t, srv, "Settings", "SetLanguage", "fr")
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL), chromedp.EmulateViewport(1280, 900))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("french", `document.documentElement.lang === "fr"`)

	p.click("nav-csv")
	p.wait("csv page", p.exists(tid("page-csv")))
	p.choose("csv-kind", "")
	p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{edited}))
	p.wait("preview", p.exists(tid("csv-preview")))
	p.wait("problems", `document.querySelector('[data-testid="csv-preview"]').dataset.errors === "2"`)
	got := p.eval("problems", `[...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim()).join(' | ')`)
	for _, want := range []string{"2/due Ligne 2, colonne due : contient la valeur d’avant la modification faite par Amina Benali le ",
		"exportez à nouveau le fichier",
		// The status both delegates changed is in conflict: the sheet's "agreed" settles nothing.
		"2/status Ligne 2, colonne status : a un conflit ouvert (valeurs saisies par ", "tranchez-le d’abord dans l’écran Conflits"} {
		if !strings.Contains(got, want) {
			p.fail("stale sheet", &mismatch{got, "… " + want + " …"})
		}
	}
	p.eval("scroll", `(() => { document.querySelector('[data-testid="csv-preview"]').scrollIntoView({block: 'start'}); return ''; })()`)
	p.shot("secretariat-walk-stale-sheet-fr")

	p.goHash("#/brief?country=SEN&since=2026-01-01") // Senegal has no meeting to start from
	p.wait("brief", p.exists(tid("brief-change")))
	changes := p.eval("since", `[...document.querySelectorAll('[data-testid="brief-change"]')].map(r => [...r.children].map(c => c.textContent.replace(/\s+/g, ' ').trim()).join(' ')).join(' | ')`)
	for _, want := range []string{"Statut : valeur saisie « Au point mort », en même temps qu’une autre modification Bruno Okafor",
		"Statut : Convenu → En cours Amina Benali", "Échéance : 30 juin 2027 → 31 déc. 2027 Amina Benali"} {
		if !strings.Contains(changes, want) {
			p.fail("since", fmt.Errorf("no %q in %s", want, changes))
		}
	}
	if strings.Contains(changes, "En cours → Au point mort") {
		p.fail("since", fmt.Errorf("Bruno's status reads as changing Amina's: %s", changes))
	}
	p.eval("scroll", `(() => { document.querySelector('[data-testid="brief-change"]').closest('table').scrollIntoView({block: 'center'}); return ''; })()`)
	p.shot("secretariat-walk-brief-since-fr")
}
