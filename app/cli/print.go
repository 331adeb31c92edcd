package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strings"

	"dossier/app/domain"
	"dossier/app/service"
)

func init() {
	register(&command{name: "brief",
		usage:   "--country ISO3 --out FILE.pdf | --countries A,B,C --out DIR | --pack (--countries A,B,C | --meeting ID) --out FILE.pdf [--marking TEXT] [--as-of DATE] [--lang en|fr] [--since DATE | --since-meeting ID]",
		summary: "print country briefs to PDF: one brief, one file per country, or a pack with a cover and contents",
		flags: func(fs *flag.FlagSet, c *ctx) {
			c.strFlag("country", "", "the country: its ISO 3166-1 code of three or two letters (TUN, tn) or its name in English or French (Tunisie, Côte d’Ivoire)")
			c.strFlag("countries", "", "several codes, separated by commas")
			c.strFlag("meeting", "", "id of a meeting: brief the countries among its participants")
			c.boolFlag("pack", "write one PDF with a cover and a table of contents")
			c.strFlag("out", "", "the PDF to write (a directory with --countries and no --pack)")
			c.strFlag("marking", "", "the marking printed on every page (default \"For official use\")")
			c.strFlag("as-of", "", "the brief's date, YYYY-MM-DD (default today)")
			c.strFlag("lang", "", "the language of the PDF: en or fr (default: the language chosen in Settings)")
			c.strFlag("since", "", "list the changes since this date, YYYY-MM-DD (default: since the country's last meeting)")
			c.strFlag("since-meeting", "", "list the changes since the start of this meeting (an id)")
			c.boolFlag("json", "print the brief's facts as JSON instead of writing a PDF (one country)")
		}, run: runBrief})
}

func runBrief(env *Env, c *ctx) error {
	if len(c.args) > 0 {
		return usagef("unexpected argument %q", c.args[0])
	}
	var countries []string
	for _, s := range strings.Split(c.s("countries"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			countries = append(countries, s)
		}
	}
	one := strings.TrimSpace(c.s("country"))
	switch {
	case one != "" && (len(countries) > 0 || c.s("meeting") != "" || c.b("pack")):
		return usagef("give --country for one brief, or --countries/--meeting (with --pack for one PDF)")
	case one == "" && len(countries) == 0 && c.s("meeting") == "":
		return usagef("name a country (--country LBY), several (--countries LBY,TUN) or a meeting (--meeting ID)")
	case c.s("meeting") != "" && !c.b("pack"):
		return usagef("--meeting makes a pack: add --pack")
	case c.s("out") == "" && !(one != "" && c.b("json")):
		return usagef("--out is required")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	b := &service.Brief{App: app}
	opts := service.BriefOptions{Marking: c.s("marking"), AsOf: c.s("as-of"), Language: c.s("lang"), Since: c.s("since"), SinceMeeting: c.s("since-meeting")}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	switch {
	case one != "" && c.b("json"):
		f, err := b.Facts(one, opts)
		if err != nil {
			return err
		}
		return printJSON(env.Stdout, f)
	case one != "":
		if err := b.SavePDF(one, opts, c.s("out")); err != nil {
			return err
		}
		// Say which country the input was taken for ("Russia" is the Russian Federation), by
		// its English display name, as the command line speaks English.
		name := strings.ToUpper(one)
		if co, err := domain.ReadCountry(one); err == nil {
			name = co.Name + " (" + co.Alpha3 + ")"
		}
		fmt.Fprintf(env.Stdout, "Wrote the brief for %s to %s.\n", name, c.s("out"))
	case c.b("pack"):
		if err := b.SavePack(ctx, service.PackRequest{Countries: countries, Meeting: c.s("meeting"), Options: opts}, c.s("out")); err != nil {
			return err
		}
		fmt.Fprintf(env.Stdout, "Wrote the pack to %s.\n", c.s("out"))
	default:
		paths, err := b.WriteEach(ctx, countries, opts, c.s("out"))
		if err != nil {
			return err
		}
		for _, p := range paths {
			fmt.Fprintln(env.Stdout, "Wrote", p)
		}
	}
	return nil
}
