//go:build e2e

package web

import (
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCountryAddress: the country page's address is typed by people too, and is read
// as every country a person writes (domain.ReadCountry, through Country.Get): "#/country/tunisie",
// "#/country/Tunisia" and "#/country/TN" open Tunisia's page, where only "#/country/TUN" did
// ("tunisie" was "not an ISO 3166-1 alpha-3 country code", under the label of a party's code
// field). One that is no country says so as a brief or a CSV cell does, with the countries
// suggested, in the screen's language.
func TestBrowserCountryAddress(t *testing.T) {
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "E2E Tester", "--data", data)
	runCLI(t, bin, "demo", "--data", data)
	srv := startServe(t, bin, data)
	defer srv.stop(t)

	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	// Each address from Home, so that the page waited for is the one the address opened.
	open := func(hash string) {
		p.t.Helper()
		p.goHash("#/")
		p.wait("home", p.exists(tid("page-home")))
		p.goHash(hash)
		p.wait(hash, fmt.Sprintf(`location.hash === %s && !!document.querySelector('[data-testid="page-country"] h1')`, js(hash)))
	}
	country := func(hash, code, name string) {
		p.t.Helper()
		open(hash)
		p.wait(hash+" read", fmt.Sprintf(`!!document.querySelector('[data-testid="page-country"][data-code="%s"] [data-testid="country-points"]') && document.querySelector('[data-testid="country-name"]')?.textContent === %s`, code, js(name)))
	}
	refused := func(hash, heading, want string) {
		p.t.Helper()
		open(hash)
		alert := `document.querySelector('[data-testid="page-country"] [role="alert"]')?.textContent ?? ""`
		p.wait(hash+" refused", alert+` !== ""`)
		if got := p.eval(hash, alert); got != want {
			p.fail(hash, fmt.Errorf("says %q\nwant %q", got, want))
		}
		if got := p.eval(hash, `document.querySelector('[data-testid="page-country"] h1').textContent`); got != heading {
			p.fail(hash, fmt.Errorf("heading %q, want %q", got, heading))
		}
	}

	for _, hash := range []string{"#/country/tunisie", "#/country/Tunisia", "#/country/TN", "#/country/tun", "#/country/Tunisie"} {
		country(hash, "TUN", "Tunisia")
	}
	country("#/country/C%C3%B4te%20d'Ivoire", "CIV", "Côte d'Ivoire")
	p.shot("country-address-en")
	// A list's country filter in the address is read alike, and its picker shows the country
	// read (it showed "Any country" over a list filtered for Tunisia).
	p.goHash("#/commitments?country=tunisie")
	p.wait("list picker", `document.querySelector('[data-testid="filter-country"]')?.value === "TUN"`)
	refused("#/country/Tunisiaa", "Tunisiaa", "“Tunisiaa” is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean TUN (Tunisia)?")
	refused("#/country/Korea", "Korea", "“Korea” is part of the names of 2 countries: KOR (South Korea), PRK (North Korea); write the ISO 3166-1 alpha-3 code or the whole name of the one you mean")
	p.shot("country-address-refused-en")

	apiCall(t, srv, "Settings", "SetLanguage", "fr")
	p.step("reload", chromedp.Reload())
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait("french", `document.documentElement.lang === "fr"`)
	country("#/country/tunisie", "TUN", "Tunisie")
	p.shot("country-address-fr")
	refused("#/country/Tunisiaa", "Tunisiaa", "« Tunisiaa » n’est pas un pays : indiquez son code ISO 3166-1 alpha-3 ou son nom ; vouliez-vous dire TUN (Tunisie) ?")
	refused("#/country/Cor%C3%A9e", "Corée", "« Corée » fait partie du nom de 2 pays : KOR (Corée du Sud), PRK (Corée du Nord) ; écrivez le code ISO 3166-1 alpha-3 ou le nom complet du pays voulu")
	p.shot("country-address-refused-fr")
}
