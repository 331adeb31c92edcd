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
)

// TestBrowserCSVHostileFiles: two files from outside that the attack pass found, on the CSV
// screen in French and in English. A header of 200,000 empty columns is one problem for the
// file (it was 400,000 problems and seconds of work; a 5 MB one took 5 GB), and its row the
// other; a funding cell that writes "amount" twice is refused naming the key (the last was
// stored silently). Nothing can be imported.
func TestBrowserCSVHostileFiles(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data, files := t.TempDir(), t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)

	wide := filepath.Join(files, "wide.csv")
	twice := filepath.Join(files, "twice.csv")
	if err := os.WriteFile(wide, []byte("title,status"+strings.Repeat(",", 200000)+"\nA,agreed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(twice, []byte("title,status,funding\n"+
		`Returns,agreed,"[{""amount"": 1000, ""currency"": ""EUR"", ""state"": ""pledged"", ""amount"": 99999999}]"`+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	problems := func(file string, want []string) {
		t.Helper()
		p.step("upload", chromedp.SetUploadFiles(chromedp.CSS(tid("csv-input")), []string{file}))
		p.wait("problems", fmt.Sprintf(`document.querySelector('[data-testid="csv-preview"]')?.dataset.errors === "%d"`, len(want)))
		got := p.eval("problems", `JSON.stringify([...document.querySelectorAll('[data-testid="csv-problem"]')].map(li => li.dataset.row + '/' + li.dataset.column + ' ' + li.textContent.trim()))`)
		if b, _ := json.Marshal(want); got != string(b) {
			p.fail("problems", fmt.Errorf("got  %s\nwant %s", got, b))
		}
		if p.eval("import offered", `String(!!document.querySelector('[data-testid="csv-import"]:not([disabled])'))`) != "false" {
			p.fail("import", fmt.Errorf("a refused file can be imported"))
		}
	}
	open := func(lang string) {
		apiCall(t, srv, "Settings", "SetLanguage", lang)
		p.step("open", chromedp.Navigate(srv.URL))
		p.wait("app ready", p.exists(tid("app-ready")))
		p.wait("language", fmt.Sprintf(`document.documentElement.lang === %q`, lang))
		p.click("nav-csv")
		p.wait("csv page", p.exists(tid("page-csv")))
		p.choose("csv-kind", "commitment")
	}

	open("fr")
	problems(wide, []string{
		"1/ Ligne 1 : l’en-tête a 200 002 colonnes, plus que les 1 000 qu’un fichier peut avoir : vérifiez que c’est bien le fichier voulu (un export de tous les types en a moins de 100) et supprimez les colonnes vides à sa fin",
		"2/ Ligne 2 : n’a pas autant de cellules que l’en-tête (2 au lieu de 200 002) : donnez à chaque ligne une cellule par colonne (une cellule qui contient le séparateur se met entre guillemets)",
	})
	p.shot("csv-11-wide-header-fr")
	problems(twice, []string{
		`2/funding Ligne 2, colonne funding : « [{"amount": 1000, "currency": "EUR", "state": "pledged", "amount": 99999999}] » donne « amount » deux fois dans une même entrée : écrivez-le une seule fois, avec la valeur voulue`,
	})
	p.shot("csv-12-key-twice-fr")

	open("en")
	problems(wide, []string{
		"1/ Row 1: the header has 200,002 columns, more than the 1,000 a file may have: check that this is the file meant (an export of every kind has fewer than 100), and remove the empty columns at its end",
		"2/ Row 2: does not have as many cells as the header (2 instead of 200,002): give each row one cell per column (a cell that holds the separator goes in quotes)",
	})
	p.shot("csv-11-wide-header-en")
	problems(twice, []string{
		`2/funding Row 2, column funding: “[{"amount": 1000, "currency": "EUR", "state": "pledged", "amount": 99999999}]” gives “amount” twice in one entry: write it once, with the value meant`,
	})
	p.shot("csv-12-key-twice-en")
	if n := listTotal(t, srv, "Returns"); n != 0 {
		t.Errorf("%d records imported", n)
	}
}

// TestBrowserHostileContactAddress: an e-mail address may hold ?, & and = before its @, and a
// contact's comes from anyone's bundle. Linked as written, "desk?cc=…&body=…@mfa.gov.tn"
// opened a message copied to someone else with a body written for the reader. The link is
// percent-encoded, so it writes to the address shown, on the record's page and in the brief.
func TestBrowserHostileContactAddress(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	const email = "desk?cc=someone%40elsewhere.org&body=Hi@mfa.gov.tn"
	var tun struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(apiCall(t, srv, "Records", "Add", "party", map[string]any{"name": "Tunisia", "type": "country", "iso3": "TUN",
		"contacts": []map[string]string{{"name": "Migration desk", "email": email}}}), &tun)
	const want = "mailto:desk%3Fcc%3Dsomeone%2540elsewhere.org%26body%3DHi@mfa.gov.tn"
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	for _, c := range []struct{ where, hash, shot string }{
		{"record", "#/record/" + tun.ID, "contact-mailto-record-en"},
		{"brief", "#/brief?country=TUN", "contact-mailto-brief-en"},
	} {
		p.goHash(c.hash)
		p.wait(c.where, `!!document.querySelector('a[href^="mailto:"]')`)
		got := p.eval(c.where, `JSON.stringify([...document.querySelectorAll('a[href^="mailto:"]')].map(a => [a.getAttribute('href'), a.textContent]))`)
		var links [][]string
		if err := json.Unmarshal([]byte(got), &links); err != nil || len(links) != 1 || links[0][0] != want || links[0][1] != email {
			p.fail(c.where, fmt.Errorf("links %s, want one to %s shown as %s", got, want, email))
		}
		p.eval("scroll", `document.querySelector('a[href^="mailto:"]').scrollIntoView({block: 'center'}); 'ok'`)
		p.shot(c.shot)
	}
}
