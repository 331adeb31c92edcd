package cli

// Sync commands: identity cards, trust, export, import, bundle inspect, forks.

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"dossier/app/service"
	"dossier/app/store"
	"dossier/app/version"
)

func init() {
	register(
		&command{name: "trust add", usage: "CARDFILE [--yes] [--accept-role-change] [--accept-name-change]", summary: "trust an identity card after comparing its fingerprint with its owner",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.boolFlag("yes", "do not ask for confirmation (the fingerprint was compared already)")
				c.boolFlag("accept-role-change", "the card's role differs from the one trusted for its key, and that change was checked with its owner")
				c.boolFlag("accept-name-change", "with --yes: the card's name or delegation differs from the one trusted for its key, and that change is expected")
				jsonFlag(fs, c)
			}, run: runTrustAdd},
		&command{name: "trust list", usage: "[--json]", summary: "list the keys this installation knows: trusted, revoked, and who vouches for them",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runTrustList},
		&command{name: "trust revoke", usage: "KEYID", summary: "stop accepting a key's changes beyond those already held (travels in bundles)",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runTrustRevoke},
		&command{name: "export", usage: "--out FILE [--to CARDFILE|KEYID]... [--all] [--sign-only] [--leave-out-files]",
			summary: "write a signed bundle of the changes the recipients lack (encrypted to them with --to)",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("out", "", "the .dossier file to write (required)")
				c.multiFlag("to", "a recipient's identity card file or trusted key id (repeat for several); the bundle is encrypted to them")
				c.boolFlag("all", "export everything held, not only what the recipients lack")
				c.boolFlag("sign-only", "with --to: sign but do not encrypt")
				c.boolFlag("leave-out-files", "export the changes without the attachments over a limit (listed; recipients see them as not yet received) instead of refusing")
				jsonFlag(fs, c)
			}, run: runExport},
		&command{name: "import", usage: "FILE... [--dry-run] [--json]", summary: "verify bundles completely, then import each all or nothing; exits 1 if any is refused; --dry-run shows what would change, record by record, and writes nothing",
			flags: func(fs *flag.FlagSet, c *ctx) {
				jsonFlag(fs, c)
				c.boolFlag("dry-run", "show what importing would create, change, raise as conflicts or refuse, record by record, and write nothing")
			}, run: runImport},
		&command{name: "bundle inspect", usage: "FILE [--json]", summary: "show a bundle's header, authors, sizes and whether it would be accepted, without importing",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runBundleInspect},
		&command{name: "forks", usage: "[--json]", summary: "show the evidence of forks: authors with two different changes under one number",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runForks},
	)
}

// writeCard is `dossier identity --card FILE`.
func writeCard(env *Env, c *ctx, app *service.App, path string) error {
	v, err := (&service.Sync{App: app}).WriteCard(path)
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	fmt.Fprintf(env.Stdout, "Wrote the identity card of %s (%s) to %s.\nfingerprint: %s\n", v.Name, v.Role, path, v.Fingerprint)
	fmt.Fprintln(env.Stdout, "Give the file to the others; when they trust it, read them this fingerprint so they can compare.")
	return nil
}

func printCard(w io.Writer, v *service.CardView) {
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "  name\t%s\n", v.Name)
	fmt.Fprintf(tw, "  role\t%s\n", v.Role)
	if v.Delegation != "" {
		fmt.Fprintf(tw, "  delegation\t%s\n", v.Delegation)
	}
	fmt.Fprintf(tw, "  key id\t%s\n", v.KeyID)
	fmt.Fprintf(tw, "  fingerprint\t%s\n", v.Fingerprint)
	fmt.Fprintf(tw, "  status\t%s\n", trustWords(v))
	for _, ch := range v.Changes {
		fmt.Fprintf(tw, "  CHANGE\t%s: %s → %s (as trusted here → as this card says)\n", ch.Field, ch.Old, ch.New)
	}
	tw.Flush()
	if roleChange(v) {
		fmt.Fprintln(w, "  A secretariat vouches for others: everyone it trusts is trusted here too.")
	}
}

func roleChange(v *service.CardView) bool {
	for _, ch := range v.Changes {
		if ch.Field == "role" {
			return true
		}
	}
	return false
}

// byWho words who vouched for or revoked a card: "you" first (this installation), then names.
func byWho(you bool, names string) string {
	if you && names != "" {
		return "you, " + names
	}
	if you {
		return "you"
	}
	return names
}

func trustWords(v *service.CardView) string {
	switch v.Trust {
	case service.TrustSelf:
		return "this installation"
	case service.TrustTrusted:
		return "trusted (by " + byWho(v.ViaYou, v.Via) + ")"
	case service.TrustRevoked:
		return fmt.Sprintf("revoked by %s (changes up to %d accepted)", byWho(v.RevokedByYou, v.RevokedBy), v.RevokedAfter)
	case service.TrustConflict:
		if v.Via != "" || v.ViaYou { // trust list: one line per card, each with who vouches for it
			return "CONFLICT: another key is known under this key id; this card vouched for by " + byWho(v.ViaYou, v.Via)
		}
		return "CONFLICT: another key is known under this key id"
	}
	return "not trusted"
}

func runTrustAdd(env *Env, c *ctx) error {
	app, err := c.openArgs(1, "CARDFILE")
	if err != nil {
		return err
	}
	sy := &service.Sync{App: app}
	v, err := sy.ReadCard(c.args[0])
	if err != nil {
		return err
	}
	// A role change always needs its flag; a name or delegation change needs its flag only
	// with --yes, since the question below shows it (docs/trust.md, "Changed cards").
	accept := service.TrustAccept{RoleChange: c.b("accept-role-change"), NameChange: c.b("accept-name-change") || !c.b("yes")}
	if e := service.CardChangeRefusal(v, accept); e != nil {
		if !c.asJSON {
			fmt.Fprintf(env.Stdout, "Identity card in %s:\n", c.args[0])
			printCard(env.Stdout, v)
		}
		return e
	}
	if !c.b("yes") {
		fmt.Fprintf(env.Stdout, "Identity card in %s:\n", c.args[0])
		printCard(env.Stdout, v)
		question := "Trust this card?"
		if len(v.Changes) > 0 {
			question = "Trust this card, with the CHANGES above?"
		}
		fmt.Fprintf(env.Stdout, "Ask %s to read you their fingerprint (`dossier identity`), in person or by phone,\nand compare it with the one above, group by group.\n%s [y/N] ", v.Name, question)
		line, _ := bufio.NewReader(env.Stdin).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(line)); a != "y" && a != "yes" {
			fmt.Fprintln(env.Stdout)
			return &service.Error{Code: service.CodeRefused, Message: "not confirmed: nothing changed (after comparing the fingerprint, answer y, or give --yes)"}
		}
	}
	v, err = sy.TrustCard(c.args[0], accept)
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	fmt.Fprintf(env.Stdout, "Trusted %s (%s, key id %s).\nfingerprint: %s\n", v.Name, v.Role, v.KeyID, v.Fingerprint)
	if v.Role == "secretariat" {
		fmt.Fprintln(env.Stdout, "As a secretariat, the delegates it trusts will be trusted here too once its bundles are imported.")
	}
	return nil
}

func runTrustList(env *Env, c *ctx) error {
	get := func(app *service.App) ([]service.CardView, error) { return (&service.Sync{App: app}).TrustList() }
	return present(env, c, get, func(list []service.CardView) error {
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "KEY ID\tNAME\tROLE\tSTATUS\tFINGERPRINT")
		for i := range list {
			v := &list[i]
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.KeyID, v.Name, v.Role, trustWords(v), v.Fingerprint)
		}
		return tw.Flush()
	})
}

func runTrustRevoke(env *Env, c *ctx) error {
	app, err := c.openArgs(1, "KEYID")
	if err != nil {
		return err
	}
	v, err := (&service.Sync{App: app}).Revoke(c.args[0])
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	fmt.Fprintf(env.Stdout, "Revoked %s (%s): their changes after number %d are refused from now on.\nThe revocation travels in your next export.\n", v.Name, v.KeyID, v.RevokedAfter)
	return nil
}

func runExport(env *Env, c *ctx) error {
	if len(c.args) > 0 {
		return usagef("unexpected argument %q (recipients are given with --to)", c.args[0])
	}
	if c.s("out") == "" {
		return usagef("--out FILE is required")
	}
	if c.b("sign-only") && len(*c.multi["to"]) == 0 {
		return usagef("--sign-only goes with --to")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	rep, err := (&service.Sync{App: app}).Export(service.ExportOptions{Out: c.s("out"), To: *c.multi["to"], All: c.b("all"), SignOnly: c.b("sign-only"), LeaveOutFiles: c.b("leave-out-files")})
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, rep)
	}
	if rep.Nothing {
		// Exit 0: nothing was wrong, there was only nothing to send (docs/api.md, "Nothing new").
		fmt.Fprintf(env.Stdout, "Nothing written: %s (use --all to write everything).\n", rep.Message)
		return nil
	}
	how := "signed"
	if rep.Encrypted {
		var names []string
		for _, p := range rep.Recipients {
			names = append(names, p.Name)
		}
		how = "signed and encrypted for " + strings.Join(names, ", ")
	}
	fmt.Fprintf(env.Stdout, "Wrote %s: %s, %s, bundle format %d, %s.\n", rep.File, count(int(rep.Ops), "change", "changes"), count(int(rep.Bytes), "byte", "bytes"), rep.Format, how)
	for _, a := range rep.Authors {
		fmt.Fprintf(env.Stdout, "  %s (%s): %s\n", a.Name, a.Author, rangeWords(a.From, a.To))
	}
	for _, a := range rep.Withheld {
		fmt.Fprintf(env.Stdout, "  not included: %s (%s) %s, held here without their signed checkpoint (restored from a backup?): import their bundle again to relay them\n", a.Name, a.Author, rangeWords(a.From, a.To))
	}
	for _, f := range rep.Files {
		fmt.Fprintf(env.Stdout, "  file: %s (%d bytes)\n", f.Name, f.Bytes)
	}
	for _, f := range rep.FilesLeftOut {
		fmt.Fprintf(env.Stdout, "  file left out: %s (%s): its recipients will see it as not yet received until a later export to them carries it\n", f.Name, leftOutWords[f.Reason])
	}
	return nil
}

var leftOutWords = map[string]string{
	"not_held":         "its bytes have not reached this installation",
	"per_file":         "over the limit per file",
	"per_bundle":       "over the limit per bundle",
	"recipient_format": "a recipient's Dossier does not read bundles that carry files",
}

func rangeWords(from, to uint64) string {
	if from == to {
		return fmt.Sprintf("change %d", from)
	}
	return fmt.Sprintf("changes %d–%d", from, to)
}

func runImport(env *Env, c *ctx) error {
	if len(c.args) == 0 {
		return usagef("expected one or more bundle files")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	sy := &service.Sync{App: app}
	if c.b("dry-run") {
		return runImportPreview(env, c, sy)
	}
	pl := &progressLine{w: env.Stderr}
	if isTerminal(env.Stderr) {
		sy.Watch = pl.Watch
	}
	reps, err := sy.Import(c.args...)
	pl.Stop()
	if c.asJSON {
		if perr := printJSON(env.Stdout, reps); perr != nil {
			return perr
		}
	} else {
		for _, r := range reps {
			printBundleReport(env.Stdout, r, false)
		}
	}
	for _, r := range reps {
		if r != nil && r.Status == service.StatusRefused {
			fmt.Fprintf(env.Stderr, "dossier import: %s: refused: %s\n", r.File, r.Message)
		}
	}
	return err
}

func runBundleInspect(env *Env, c *ctx) error {
	app, err := c.openArgs(1, "FILE")
	if err != nil {
		return err
	}
	rep, err := (&service.Sync{App: app}).Inspect(c.args[0])
	if err != nil {
		return err
	}
	if c.asJSON {
		if err := printJSON(env.Stdout, rep); err != nil {
			return err
		}
	} else {
		printBundleReport(env.Stdout, rep, true)
	}
	if rep.Status == service.StatusRefused {
		return &service.Error{Code: service.CodeRefused, Message: c.args[0] + ": importing it would be refused: " + rep.Message}
	}
	return nil
}

func printBundleReport(w io.Writer, r *service.BundleReport, inspect bool) {
	if r == nil {
		return
	}
	status := map[string]string{service.StatusImported: "imported", service.StatusNothing: "nothing new (already imported)",
		service.StatusRefused: "REFUSED, nothing was imported", service.StatusOK: "OK: it can be imported"}[r.Status]
	if inspect && r.Status == service.StatusNothing {
		status = "OK: everything in it is already held"
	}
	if inspect && r.Status == service.StatusRefused {
		status = "REFUSED: importing it would be refused"
	}
	fmt.Fprintf(w, "%s: %s\n", r.File, status)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	if r.Bundle != "" {
		fmt.Fprintf(tw, "  bundle\t%s, format %d, created %s by %s\n", r.Bundle, r.Format, r.CreatedAt, version.Name(r.MadeBy))
	} else if r.Format > 0 && r.MadeBy != "" {
		fmt.Fprintf(tw, "  bundle\tformat %d, made by Dossier %s\n", r.Format, r.MadeBy)
	}
	if r.Exporter != nil {
		who := r.Exporter.Name
		if who != r.Exporter.KeyID {
			who += " (" + r.Exporter.KeyID + ")"
		}
		if r.Exporter.Role != "" {
			who += ", " + r.Exporter.Role
		}
		fmt.Fprintf(tw, "  exporter\t%s, %s\n", who, trustOf(r.Exporter.Trust))
		if c := r.Exporter.Claims; c != nil {
			said := slices.DeleteFunc([]string{c.Name, c.Role, c.Delegation}, func(s string) bool { return s == "" })
			fmt.Fprintf(tw, "  their card says\t%s (their own words: compare the fingerprint with them before trusting)\n", strings.Join(said, ", "))
		}
		if inspect || r.Exporter.Claims != nil {
			fmt.Fprintf(tw, "  fingerprint\t%s\n", r.Exporter.Fingerprint)
		}
	}
	if r.Encrypted {
		var names []string
		for _, p := range r.Recipients {
			names = append(names, p.Name+" ("+p.KeyID+")")
		}
		fmt.Fprintf(tw, "  encrypted\tfor %s\n", strings.Join(names, ", "))
	} else if r.Bundle != "" {
		fmt.Fprintf(tw, "  encrypted\tno (signed only)\n")
	}
	if inspect && r.Bundle != "" {
		fmt.Fprintf(tw, "  sizes\t%d bytes file, %d bytes compressed body, %d bytes uncompressed\n", r.FileBytes, r.BodyBytes, r.RawBytes)
	}
	for i, a := range r.Authors {
		label := ""
		if i == 0 {
			label = "authors"
		}
		name := a.Name
		if a.NameClaimed {
			name += " (name not verified)"
		}
		fmt.Fprintf(tw, "  %s\t%s (%s): %s, %d new, %d already known; %s, checkpoint %s\n", label, name, a.Author, rangeWords(a.From, a.To), a.New, a.Known, trustOf(a.Trust), a.Checkpoint)
	}
	if r.Bundle != "" && r.Status != service.StatusRefused {
		fmt.Fprintf(tw, "  changes\t%d new, %d already known\n", r.New, r.Known)
		if !inspect {
			fmt.Fprintf(tw, "  records\t%d created, %d updated\n", r.Created, r.Updated)
			if r.Trust > 0 {
				fmt.Fprintf(tw, "  trust\t%s (see `dossier trust list`)\n", count(r.Trust, "trust statement", "trust statements"))
			}
			if r.Conflicts > 0 {
				fmt.Fprintf(tw, "  conflicts\t%d raised: see `dossier conflicts`\n", r.Conflicts)
			} else {
				fmt.Fprintf(tw, "  conflicts\tnone raised\n")
			}
			// Only when some: a record breaking a rule after an import is rare, and a line
			// saying none under every import would be noise (docs/api.md, "Import result").
			if r.Breaking > 0 {
				fmt.Fprintf(tw, "  rules\t%s left breaking a rule: run `dossier conflicts` to see what to mend\n", count(r.Breaking, "record", "records"))
			}
		}
	}
	tw.Flush()
	if r.Status == service.StatusRefused {
		fmt.Fprintf(w, "  why: %s\n", r.Message)
	}
	for _, warning := range r.Warnings {
		fmt.Fprintf(w, "  warning: %s\n", warning)
	}
	if r.Fork != nil {
		printFork(w, r.Fork)
	}
}

func trustOf(s string) string {
	switch s {
	case service.TrustSelf:
		return "this installation"
	case "", service.TrustUnknown:
		return "NOT TRUSTED"
	}
	return s
}

func printFork(w io.Writer, f *service.ForkView) {
	fmt.Fprintf(w, "  FORK by %s (%s) at change %d: %s\n", f.AuthorName, f.Author, f.Seq, f.Note)
	for _, side := range []struct {
		label string
		op    *service.OpView
	}{{"held here", f.Held}, {"other", f.Other}} {
		o := side.op
		fmt.Fprintf(w, "    %-9s change %d at %s: %s %s %s %s\n", side.label, o.Seq, o.At, o.Type, o.Kind, o.Record, store.EnglishTitle(o.Title, o.Parts))
		fmt.Fprintf(w, "    %-9s writes %s\n", "", oneLine(o.Writes))
		fmt.Fprintf(w, "    %-9s hash %s, follows %s\n", "", o.Hash, o.Prev)
	}
}

func runForks(env *Env, c *ctx) error {
	get := func(app *service.App) ([]service.ForkView, error) { return (&service.Sync{App: app}).Forks() }
	return present(env, c, get, func(fs []service.ForkView) error {
		if len(fs) == 0 {
			fmt.Fprintln(env.Stdout, "No forks.")
			return nil
		}
		for i := range fs {
			printFork(env.Stdout, &fs[i])
		}
		fmt.Fprintln(env.Stdout, "Each fork is proof that the author's installation wrote two different histories (a restored backup, or a copied data directory). Their bundles stay refused: ask them to make a new identity.")
		return nil
	})
}
