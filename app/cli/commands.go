package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"

	"dossier/app/domain"
	"dossier/app/internal/csvtext"
	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
	"dossier/app/version"
)

func init() {
	register(
		&command{name: "init", usage: "--name NAME [--role delegate|secretariat] [--delegation TEXT]",
			summary: "create this installation's identity (name, role, signing key)",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("name", "", "your name as others will see it (required)")
				c.strFlag("role", "delegate", "delegate or secretariat")
				c.strFlag("delegation", "", "the delegation you belong to")
				jsonFlag(fs, c)
			}, run: runInit},
		&command{name: "identity", usage: "[--card FILE] [--json]", summary: "show this installation's name, role, key id and fingerprint; --card writes its identity card",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("card", "", "write this installation's identity card to FILE, to give to others")
				jsonFlag(fs, c)
			}, run: runIdentity},
		&command{name: "demo", usage: "", summary: "load the sample data (2020 UNECE regional review of the GCM); loading it again changes nothing",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runDemo},
		&command{name: "record add", usage: "KIND < record.json", summary: "add a record of KIND (party, framework, partnership, commitment, meeting, intervention) from one JSON object on stdin; prints its id",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runAdd, help: recordAddHelp},
		&command{name: "record set", usage: "ID FIELD=VALUE... | ID --json -", summary: "change fields of a record (set-valued fields: VALUE is a;b;c or a JSON array)",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("json", "", "read the fields to change as one JSON object from this file (- for stdin)")
			}, run: runSet},
		&command{name: "record add-to", usage: "ID FIELD VALUE", summary: "add one value to a set-valued field (themes, parties, framework_items…)", run: runAddTo},
		&command{name: "record remove-from", usage: "ID FIELD VALUE", summary: "remove one value from a set-valued field", run: runRemoveFrom},
		&command{name: "record delete", usage: "ID", summary: "delete a record (it can be restored; its history is kept)", run: runDelete},
		&command{name: "record restore", usage: "ID", summary: "restore a deleted record", run: runRestore},
		&command{name: "record show", usage: "ID [--json]", summary: "show a record with its open conflicts",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runShow},
		&command{name: "record list", usage: "KIND [--country ISO3|NAME] [--status S] [--theme T] [--framework ITEM] [--q TEXT] [--sort S] [--lang en|fr] [--limit N] [--json]",
			summary: "list records of a kind with filters, text search and paging",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("country", "", "a country involved: its ISO 3166-1 code of three or two letters (TUN, tn) or its name in English or French (Tunisie, Côte d’Ivoire), as brief --country")
				c.strFlag("party", "", "id of a party involved")
				c.strFlag("status", "", "status (e.g. agreed, in_progress)")
				c.strFlag("theme", "", "theme (e.g. border_management)")
				c.strFlag("framework", "", "framework item (e.g. GCM-7, JVAP-3)")
				c.strFlag("partnership", "", "id of a partnership")
				c.strFlag("meeting", "", "id of a meeting")
				c.strFlag("currency", "", "commitments with funding in this ISO 4217 currency (e.g. EUR)")
				c.boolFlag("has-funding", "commitments with funding recorded")
				c.boolFlag("breaking", "records that break a rule as held (two changes made at the same time that each passed alone): see `dossier conflicts`")
				c.strFlag("from", "", "list date on or after YYYY-MM-DD (due date, start; an intervention's meeting's start)")
				c.strFlag("to", "", "list date on or before YYYY-MM-DD")
				c.strFlag("q", "", "words to search: titles, texts and points, and the names of the parties, partnerships, countries, themes and framework items a record refers to")
				c.strFlag("sort", "title", "title, date, -date, updated, -updated, status or relevance (the best matches of --q first)")
				c.strFlag("lang", "", "the language whose alphabetical order titles follow: en or fr (default: the language chosen in Settings)")
				c.boolFlag("deleted", "list deleted records")
				c.intFlag("limit", store.DefaultLimit, fmt.Sprintf("rows per page, 1 to %d", store.MaxLimit))
				c.intFlag("offset", 0, fmt.Sprintf("rows to skip, 0 to %d", store.MaxOffset))
				jsonFlag(fs, c)
			}, run: runList},
		&command{name: "record history", usage: "ID [--json]", summary: "every change of a record: when, who, which field, old and new value",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runHistory},
		&command{name: "conflicts", usage: "[--json]", summary: "list open conflicts (concurrent edits nobody has settled), then the records that break a rule; --json: the conflicts",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runConflicts},
		&command{name: "resolve", usage: "ID FIELD (--pick AUTHOR_KEYID | --value V)", summary: "settle a conflict by keeping one author's value or writing a new one",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("pick", "", "key id of the author whose value to keep")
				c.strFlag("value", "", "a new value (text, or JSON for lists)")
			}, run: runResolve},
		&command{name: "csv export", usage: "KIND[,KIND…]|all --out FILE [--delimiter ,|;|tab] [--json]",
			summary: "write records to a CSV file for Excel: a kind and an id column, names next to referenced ids, formulas neutralised",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("out", "", "CSV file to write (required)")
				c.strFlag("delimiter", csvtext.DelimiterName(csvtext.DefaultDelimiter()),
					"\",\", \";\" or \"tab\"; the default is \";\" when the locale (LC_ALL, else LC_NUMERIC, else LANG) writes a decimal comma, as Excel expects there, else \",\"")
				jsonFlag(fs, c)
			}, run: runCSVExport},
		&command{name: "history export", usage: "--out FILE [--since YYYY-MM-DD] [--delimiter ,|;|tab] [--json]",
			summary: "write the audit file: one row per field change of every record (when, who, record, field, old and new value, origin, concurrent or not)",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("out", "", "CSV file to write (required)")
				c.strFlag("since", "", "the first day to include (UTC); empty: every change")
				c.strFlag("delimiter", csvtext.DelimiterName(csvtext.DefaultDelimiter()), "\",\", \";\" or \"tab\"")
				jsonFlag(fs, c)
			}, run: runHistoryExport},
		&command{name: "csv import", usage: "[KIND] [KIND=]FILE... [--json]",
			summary: "import CSV files as one batch: rows with an existing id update it, references by id or name, stored in dependency order; every row is checked first, one bad cell stores nothing",
			flags: func(fs *flag.FlagSet, c *ctx) {
				fs.BoolVar(&c.asJSON, "json", false, "print the full report as JSON: encodings, counts and every problem")
			}, run: runCSVImport},
		&command{name: "state-hash", usage: "", summary: "print the digest of all records; replicas with the same changes print the same", run: runStateHash},
		&command{name: "check", usage: "[--json]", summary: "recompute every record from the log and compare",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runCheck},
		&command{name: "backup", usage: "--out FILE", summary: "write every change to a backup file signed by this installation (keys are not in it: keep identity.json and identity.key apart)",
			flags: func(fs *flag.FlagSet, c *ctx) { c.strFlag("out", "", "backup file to write (required)") }, run: runBackup},
		&command{name: "restore", usage: "FILE --card MAKER.card | FILE --own [--json]",
			summary: "check a signed backup against the card of the installation that made it, then load it into an empty data directory",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("card", "", "identity card of the installation that made the backup (written there with: dossier identity --card FILE); compare its fingerprint with theirs first")
				c.boolFlag("own", "the backup was made by this installation: check it with the identity in this data directory")
				jsonFlag(fs, c)
			}, run: runRestoreBackup},
	)
}

func runInit(env *Env, c *ctx) error {
	if len(c.args) > 0 {
		return usagef("unexpected argument %q", c.args[0])
	}
	if strings.TrimSpace(c.s("name")) == "" {
		return service.Invalid("name", "is required: dossier init --name \"Your Name\"")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	v, err := app.Init(c.s("name"), c.s("role"), c.s("delegation"))
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	fmt.Fprintf(env.Stdout, "Created the identity of %s (%s).\nkey id:      %s\nfingerprint: %s\ndata:        %s\n", v.Name, v.Role, v.KeyID, v.Fingerprint, v.DataDir)
	return nil
}

func runIdentity(env *Env, c *ctx) error {
	app, err := c.open()
	if err != nil {
		return err
	}
	if path := c.s("card"); path != "" {
		return writeCard(env, c, app, path)
	}
	v, err := app.IdentityView()
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	fmt.Fprintf(env.Stdout, "name:        %s\nrole:        %s\ndelegation:  %s\nkey id:      %s\nfingerprint: %s\ndata:        %s\n", v.Name, v.Role, v.Delegation, v.KeyID, v.Fingerprint, v.DataDir)
	return nil
}

func runDemo(env *Env, c *ctx) error {
	get := func(app *service.App) (*service.DemoReport, error) { return (&service.Demo{App: app}).Load() }
	return present(env, c, get, func(rep *service.DemoReport) error {
		if rep.Created == 0 {
			fmt.Fprintf(env.Stdout, "The sample data is already loaded (%d records); nothing changed.\n", rep.Present)
		} else {
			fmt.Fprintf(env.Stdout, "Loaded %d sample records (2020 UNECE regional review of the GCM).\n", rep.Created)
		}
		return nil
	})
}

// readObject reads one JSON object, refusing anything else with a message naming the input.
func readObject(r io.Reader, name string) (map[string]json.RawMessage, error) {
	data, err := io.ReadAll(io.LimitReader(r, 8<<20+1))
	if err != nil {
		return nil, err
	}
	return DecodeObject(data, name)
}

// DecodeObject parses one JSON object of field values, strictly.
func DecodeObject(data []byte, name string) (map[string]json.RawMessage, error) {
	if len(data) > 8<<20 {
		return nil, service.Invalid(name, "is larger than 8 MiB")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return nil, service.Invalid(name, "must be one JSON object, e.g. {\"title\": \"…\", \"status\": \"agreed\"}")
	}
	out := map[string]json.RawMessage{}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, service.Invalid(name, fmt.Sprintf("is not valid JSON at byte %d: %v", dec.InputOffset(), err))
		}
		key, _ := tok.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, service.Invalid(name, fmt.Sprintf("is not valid JSON at byte %d (field %q): %v", dec.InputOffset(), key, err))
		}
		if _, dup := out[key]; dup {
			return nil, service.Invalid(key, "is given twice")
		}
		if k, dup := service.JSONKeyTwice(string(v)); dup { // inside a value too, as in a CSV cell
			return nil, service.InvalidP(key, domain.P("json_key_twice", "value", string(v), "key", k))
		}
		out[key] = v
	}
	if _, err := dec.Token(); err != nil {
		return nil, service.Invalid(name, fmt.Sprintf("is not valid JSON at byte %d: %v", dec.InputOffset(), err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, service.Invalid(name, fmt.Sprintf("has data after the object at byte %d", dec.InputOffset()))
	}
	return out, nil
}

func runAdd(env *Env, c *ctx) error {
	if err := needArgs(c, 1, "KIND"); err != nil {
		return err
	}
	if _, ok := domain.ParseKind(c.args[0]); !ok {
		return service.Invalid("kind", fmt.Sprintf("%q is not a record kind: use party, framework, partnership, commitment, meeting or intervention", c.args[0]))
	}
	fields, err := readObject(env.Stdin, "stdin")
	if err != nil {
		return err
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	v, err := (&service.Records{App: app}).Add(c.args[0], fields)
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	fmt.Fprintln(env.Stdout, v.ID)
	return nil
}

func runSet(env *Env, c *ctx) error {
	if len(c.args) < 1 {
		return usagef("expected ID and FIELD=VALUE pairs")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	recs := &service.Records{App: app}
	cur, err := recs.Get(c.args[0])
	if err != nil {
		return err
	}
	values := map[string]json.RawMessage{}
	if src := c.s("json"); src != "" {
		if len(c.args) > 1 {
			return usagef("give either FIELD=VALUE pairs or --json, not both")
		}
		r := env.Stdin
		if src != "-" {
			f, err := os.Open(src)
			if err != nil {
				return err
			}
			defer f.Close()
			r = f
		}
		if values, err = readObject(r, "json"); err != nil {
			return err
		}
	} else {
		if len(c.args) < 2 {
			return usagef("expected at least one FIELD=VALUE")
		}
		for _, a := range c.args[1:] {
			field, text, ok := strings.Cut(a, "=")
			if !ok {
				return usagef("%q is not FIELD=VALUE", a)
			}
			v, err := service.ParseValue(domain.Kind(cur.Kind), field, text)
			if err != nil {
				return err
			}
			values[field] = v
		}
	}
	v, err := recs.Update(c.args[0], values)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Saved %s.\n", store.EnglishTitle(v.Title, v.Parts))
	return nil
}

func setElement(c *ctx, add bool) error {
	app, err := c.openArgs(3, "ID FIELD VALUE")
	if err != nil {
		return err
	}
	recs := &service.Records{App: app}
	cur, err := recs.Get(c.args[0])
	if err != nil {
		return err
	}
	raw, err := service.ParseValue(domain.Kind(cur.Kind), c.args[1], c.args[2])
	if err != nil {
		return err
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil || len(elems) != 1 {
		return service.Invalid(c.args[1], "give exactly one value (this command adds or removes one element)")
	}
	if add {
		_, err = recs.AddTo(c.args[0], c.args[1], elems[0])
	} else {
		_, err = recs.RemoveFrom(c.args[0], c.args[1], elems[0])
	}
	return err
}

func runAddTo(env *Env, c *ctx) error      { return setElement(c, true) }
func runRemoveFrom(env *Env, c *ctx) error { return setElement(c, false) }

func runDelete(env *Env, c *ctx) error  { return tombstone(env, c, true) }
func runRestore(env *Env, c *ctx) error { return tombstone(env, c, false) }

func tombstone(env *Env, c *ctx, del bool) error {
	app, err := c.openArgs(1, "ID")
	if err != nil {
		return err
	}
	recs := &service.Records{App: app}
	var v *service.RecordView
	if del {
		v, err = recs.Delete(c.args[0])
	} else {
		v, err = recs.Restore(c.args[0])
	}
	if err != nil {
		return err
	}
	word := "Restored"
	if del {
		word = "Deleted"
	}
	fmt.Fprintf(env.Stdout, "%s %s.\n", word, store.EnglishTitle(v.Title, v.Parts))
	return nil
}

func runShow(env *Env, c *ctx) error {
	if err := needArgs(c, 1, "ID"); err != nil {
		return err
	}
	get := func(app *service.App) (*service.RecordView, error) {
		return (&service.Records{App: app}).Get(c.args[0])
	}
	return present(env, c, get, func(v *service.RecordView) error {
		w := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintf(w, "%s\t%s\n", v.Kind, store.EnglishTitle(v.Title, v.Parts))
		fmt.Fprintf(w, "id\t%s\n", v.ID)
		if v.Deleted {
			fmt.Fprintf(w, "deleted\tyes (dossier record restore %s)\n", v.ID)
		}
		for _, f := range domain.Schema(domain.Kind(v.Kind)) {
			if raw, ok := v.Fields[f.Name]; ok {
				for i, line := range showValue(f, raw, v.Names) {
					name := f.Name
					if i > 0 {
						name = "" // one referenced record per line, under the field's name
					}
					fmt.Fprintf(w, "%s\t%s\n", name, oneLine(line))
				}
			}
		}
		fmt.Fprintf(w, "created\t%s by %s\n", v.Created.At, v.Created.AuthorName)
		fmt.Fprintf(w, "updated\t%s by %s\n", v.Updated.At, v.Updated.AuthorName)
		w.Flush()
		for _, cf := range v.Conflicts {
			fmt.Fprintf(env.Stdout, "CONFLICT on %s:\n", cf.Field)
			for _, val := range cf.Values {
				mark := " "
				if val.Winning {
					mark = "*"
				}
				fmt.Fprintf(env.Stdout, "  %s %s  by %s (%s) at %s%s\n", mark, historyValue(domain.Kind(cf.Kind), cf.Field, val.Value, cf.Names), val.AuthorName, val.Author, val.At, editedWords(val))
			}
			fmt.Fprintf(env.Stdout, "  settle it: dossier resolve %s %s --pick KEYID | --value V\n", v.ID, cf.Field)
		}
		if len(v.Problems) > 0 {
			fmt.Fprintln(env.Stdout, "BREAKS A RULE (often two changes made at the same time that each passed alone); every save of this record is refused until it is mended:")
			for _, path := range slices.Sorted(maps.Keys(v.Problems)) {
				fmt.Fprintf(env.Stdout, "  %s: %s\n", path, oneLine(namedProblem(v.Problems[path], v.Names).Text()))
			}
		}
		return nil
	})
}

// namedProblem writes a record's id in a problem as `record show` writes references: its
// title, then the id in brackets.
func namedProblem(p domain.Problem, names map[string]string) domain.Problem {
	id := p.Params["value"]
	if names[id] == "" {
		return p
	}
	out := domain.Problem{Code: p.Code, Params: maps.Clone(p.Params)}
	out.Params["value"] = names[id] + " (" + id + ")"
	return out
}

// showValue writes a field's value for reading, as lines: references one per line, as the
// name of the record with its id in brackets (--json keeps the bare ids, and the names apart);
// lists whose entries hold references (funding, indicators) one entry per line, with the
// references written the same way inside.
func showValue(f domain.Field, raw json.RawMessage, names map[string]string) []string {
	named := func(id string) string {
		n := []rune(names[id])
		if len(n) == 0 {
			return id
		}
		if len(n) > 100 { // the line is cut at 160 characters: the id must stay whole
			n = append(n[:99], '…')
		}
		return string(n) + " (" + id + ")"
	}
	switch f.Name {
	case "funding": // amounts in words, amount and state first (a JSON line was cut before its state)
		var fs []domain.Funding
		if json.Unmarshal(raw, &fs) == nil {
			return fundingLines(fs, named)
		}
	case "indicators":
		var ins []domain.Indicator
		if json.Unmarshal(raw, &ins) == nil {
			return indicatorLines(ins, named)
		}
	}
	if service.ListHoldsRefs(f) { // one entry per line, its countries named
		var elems []json.RawMessage
		if json.Unmarshal(service.MapListRefs(f, raw, named), &elems) == nil {
			lines := make([]string, len(elems))
			for i, e := range elems {
				lines[i] = string(e)
			}
			return lines
		}
	}
	if f.Ref == "" {
		if s := service.FormatValue(f, raw); s != "" {
			return []string{s}
		}
		return nil
	}
	var lines []string
	if f.Elem == "party_role" {
		var prs []domain.PartyRole
		_ = json.Unmarshal(raw, &prs)
		for _, pr := range prs {
			lines = append(lines, named(pr.Party)+", "+pr.Role)
		}
		return lines
	}
	for _, id := range service.RefIDs(f, raw) {
		lines = append(lines, named(id))
	}
	return lines
}

// fundingLines: one amount per line, "EUR 90,000,000 pledged, trust_fund_contribution, as of
// 2017-04-12, for Libya (ID); source: …", the words being the values the CLI accepts.
func fundingLines(fs []domain.Funding, named func(string) string) []string {
	lines := make([]string, len(fs))
	for i, f := range fs {
		parts := []string{f.Currency + " " + amountText(f.Amount) + " " + f.State}
		if f.Instrument != "" {
			parts = append(parts, f.Instrument)
		}
		if f.AsOf != "" {
			parts = append(parts, "as of "+f.AsOf)
		}
		if f.Country != "" {
			parts = append(parts, "for "+named(f.Country))
		}
		lines[i] = strings.Join(parts, ", ")
		if f.Source != "" {
			lines[i] += "; source: " + f.Source
		}
	}
	return lines
}

// indicatorLines: an indicator's name, unit, baseline and target on one line, then each value
// of its series on its own line, latest first, with the country it is for.
func indicatorLines(ins []domain.Indicator, named func(string) string) []string {
	var lines []string
	for _, in := range ins {
		head := in.Name
		if in.Unit != "" {
			head += " (" + in.Unit + ")"
		}
		var parts []string
		if in.Baseline != nil {
			parts = append(parts, "baseline "+amountText(in.Baseline))
		}
		if in.Target != nil {
			parts = append(parts, "target "+amountText(in.Target))
		}
		if in.Since != "" {
			parts = append(parts, "since "+in.Since)
		}
		if len(parts) > 0 {
			head += ": " + strings.Join(parts, ", ")
		}
		if in.Source != "" {
			head += "; source: " + in.Source
		}
		if in.Note != "" {
			head += "; " + in.Note
		}
		lines = append(lines, head)
		vs := in.Series()
		sort.SliceStable(vs, func(i, j int) bool { return vs[i].AsOf > vs[j].AsOf })
		for _, v := range vs {
			line := "  " + amountText(v.Actual) + " as of " + v.AsOf
			if v.Country != "" {
				line += ", " + named(v.Country)
			}
			if v.Note != "" {
				line += "; " + v.Note
			}
			lines = append(lines, line)
		}
	}
	return lines
}

// fundingCell is a commitment's money in a list row, as the window's list column: per currency,
// the total at the furthest state reached ("EUR 58,000,000 disbursed"), the first currency
// only, with how many more there are.
func fundingCell(as []service.Amount) string {
	if len(as) == 0 {
		return ""
	}
	rank := func(s string) int {
		return slices.IndexFunc(domain.FundingStates, func(o domain.Option) bool { return o.Value == s })
	}
	best := as[0]
	currencies := map[string]bool{}
	for _, a := range as {
		currencies[a.Currency] = true
		if a.Currency == best.Currency && rank(a.State) > rank(best.State) {
			best = a
		}
	}
	cell := best.Currency + " " + groupDigits(best.Amount.String()) + " " + best.State
	if n := len(currencies) - 1; n > 0 {
		cell += fmt.Sprintf(" (+%d currenc%s)", n, map[bool]string{true: "y", false: "ies"}[n == 1])
	}
	return cell
}

// amountText writes a number as given, its whole part grouped by thousands.
func amountText(v *float64) string {
	if v == nil {
		return "—"
	}
	return groupDigits(domain.AmountText(*v))
}

// groupDigits groups a decimal number's whole part by thousands: 90000000.5 → 90,000,000.5.
func groupDigits(s string) string {
	var b strings.Builder
	if rest, neg := strings.CutPrefix(s, "-"); neg {
		b.WriteByte('-')
		s = rest
	}
	whole, frac, _ := strings.Cut(s, ".")
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return b.String()
}

// valueText writes a value on one line: amounts and indicators in words, entry after entry
// (whole: a cut JSON line hid an amount's state), anything else as its JSON, cut.
func valueText(field string, raw json.RawMessage) string {
	id := func(id string) string { return id }
	switch field {
	case "funding":
		var fs []domain.Funding
		if json.Unmarshal(raw, &fs) == nil && len(fs) > 0 {
			return strings.Join(fundingLines(fs, id), "; ")
		}
	case "indicators":
		var ins []domain.Indicator
		if json.Unmarshal(raw, &ins) == nil && len(ins) > 0 {
			return strings.Join(indicatorLines(ins, id), "; ")
		}
	}
	return oneLine(string(raw))
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > 160 {
		return string(r[:159]) + "…"
	}
	return s
}

func runList(env *Env, c *ctx) error {
	app, err := c.openArgs(1, "KIND")
	if err != nil {
		return err
	}
	q := service.Query{Kind: c.args[0], Country: c.s("country"), Party: c.s("party"), Status: c.s("status"), Theme: c.s("theme"),
		FrameworkItem: c.s("framework"), Partnership: c.s("partnership"), Meeting: c.s("meeting"), DateFrom: c.s("from"), DateTo: c.s("to"),
		Currency: c.s("currency"), HasFunding: c.b("has-funding"), Breaking: c.b("breaking"),
		Text: c.s("q"), Sort: c.s("sort"), Lang: c.s("lang"), Deleted: c.b("deleted"), Limit: c.i("limit"), Offset: c.i("offset")}
	if q.Limit == 0 { // the API reads 0 as "the default page"; on the command line it is a mistake
		return service.Invalid("--limit", fmt.Sprintf("0 is out of range: give between 1 and %d rows per page", store.MaxLimit))
	}
	page, err := (&service.Records{App: app}).List(q)
	if err != nil {
		return asListFlags(err)
	}
	if c.asJSON {
		return printJSON(env.Stdout, page)
	}
	w := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	money := q.Kind == string(domain.KindCommitment)
	if money {
		fmt.Fprintln(w, "ID\tTITLE\tSTATUS\tDATE\tFUNDING\t")
	} else {
		fmt.Fprintln(w, "ID\tTITLE\tSTATUS\tDATE\t")
	}
	for _, it := range page.Items {
		flag := ""
		if it.Conflicts > 0 {
			flag = "  (conflict)"
		}
		if money {
			flag = fundingCell(it.Funding) + "\t" + flag
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", it.ID, oneLine(store.EnglishTitle(it.Title, it.Parts)), it.Status, it.Date, flag)
	}
	w.Flush()
	if money && !q.Deleted { // before the count, which stays the last line
		t, err := (&service.Funding{App: app}).Totals(q)
		if err != nil {
			return asListFlags(err)
		}
		printTotals(env.Stdout, t)
	}
	fmt.Fprintf(env.Stdout, "%d of %d\n", len(page.Items), page.Total)
	return nil
}

// listFlags are the flags of `record list` by the name the service gives the filter (the
// list query's JSON name), so that a refusal names what the user typed: `--to`, not date_to.
var listFlags = map[string]string{"country": "--country", "party": "--party", "status": "--status", "theme": "--theme",
	"framework_item": "--framework", "partnership": "--partnership", "meeting": "--meeting", "date_from": "--from",
	"date_to": "--to", "currency": "--currency", "has_funding": "--has-funding", "text": "--q", "q": "--q", "sort": "--sort",
	"lang": "--lang", "limit": "--limit", "offset": "--offset"}

// asListFlags renames the fields of a list's refusal to the flags they came from.
func asListFlags(err error) error {
	var se *service.Error
	if !errors.As(err, &se) || len(se.Fields) == 0 {
		return err
	}
	out := *se
	out.Fields, out.Problems = map[string]string{}, nil
	for f, msg := range se.Fields {
		if fl, ok := listFlags[f]; ok {
			f = fl
		}
		out.Fields[f] = msg
	}
	for f, p := range se.Problems {
		if fl, ok := listFlags[f]; ok {
			f = fl
		}
		if out.Problems == nil {
			out.Problems = map[string]domain.Problem{}
		}
		out.Problems[f] = p
	}
	if len(se.Fields) == 1 {
		for f, msg := range out.Fields {
			out.Message = f + ": " + msg
		}
	}
	return &out
}

// printTotals adds up the money of every commitment the list's filters select (all pages),
// per currency and state, never converted: `--partnership ID` gives a partnership's totals.
// Amounts of commitments towards several countries are not split, so with --country they are
// the money of the commitments involving the country, not the country's share.
func printTotals(w io.Writer, t *service.FundingTotalsView) {
	if len(t.Totals) == 0 {
		return
	}
	plural := map[bool]string{true: "", false: "s"}[t.Commitments == 1]
	fmt.Fprintf(w, "funding of the %d commitment%s selected (%d with funding), per currency and state, never converted:\n", t.Commitments, plural, t.Funded)
	var cur string
	var line []string
	flush := func() {
		if cur != "" {
			fmt.Fprintf(w, "  %s  %s\n", cur, strings.Join(line, "; "))
		}
	}
	for _, m := range t.Totals { // ordered by currency, then state
		if m.Currency != cur {
			flush()
			cur, line = m.Currency, nil
		}
		line = append(line, groupDigits(m.Amount.String())+" "+m.State)
	}
	flush()
}

func runHistory(env *Env, c *ctx) error {
	if err := needArgs(c, 1, "ID"); err != nil {
		return err
	}
	var kind domain.Kind // the record's, for naming the records its values refer to
	get := func(app *service.App) ([]service.HistoryEntry, error) {
		recs := &service.Records{App: app}
		if v, err := recs.Get(c.args[0]); err == nil {
			kind = domain.Kind(v.Kind)
		}
		return recs.History(c.args[0])
	}
	return present(env, c, get, func(h []service.HistoryEntry) error {
		for _, e := range h {
			valueText := func(field string, raw json.RawMessage) string { return historyValue(kind, field, raw, e.RefNames) }
			fmt.Fprintf(env.Stdout, "%s  %s (%s)  %s  [%s]\n", e.At, e.AuthorName, e.Author, e.Type, e.Origin)
			if len(e.Changes) == 0 && e.Type == "update" { // it repeats values already here (the same edit made at two places)
				fmt.Fprintln(env.Stdout, "    (nothing to show: the record already had these values)")
			}
			for _, ch := range e.Changes {
				old := "—"
				if len(ch.Old) > 0 {
					old = valueText(ch.Field, ch.Old)
				}
				// A change made at the same time as another is "set to" its value: the value
				// before it, had it seen one, was not the one replay order puts there, and
				// "— →" would read as "was empty" (docs/storage.md, "History").
				switch {
				case len(ch.Settled) > 0: // what the conflict was, not the value replay order put before it
					shows := ""
					if ch.Wrote != nil {
						shows = "; the field shows " + valueText(ch.Field, ch.New)
					}
					fmt.Fprintf(env.Stdout, "    %s: %s%s%s\n", ch.Field, settledWords(e, ch, valueText), sameTimeWords(e, ch.Concurrent), shows)
				case ch.Wrote != nil:
					fmt.Fprintf(env.Stdout, "    %s: set to %s%s; the field shows %s\n", ch.Field, valueText(ch.Field, ch.Wrote), sameTimeWords(e, ch.Concurrent), valueText(ch.Field, ch.New))
				case ch.Unseen:
					fmt.Fprintf(env.Stdout, "    %s: set to %s%s\n", ch.Field, valueText(ch.Field, ch.New), sameTimeWords(e, ch.Concurrent))
				default:
					fmt.Fprintf(env.Stdout, "    %s: %s → %s%s\n", ch.Field, old, valueText(ch.Field, ch.New), sameTimeWords(e, ch.Concurrent))
				}
				for _, aw := range ch.AddWins {
					fmt.Fprintf(env.Stdout, "      kept %s: added by %s, removed by %s, neither having seen the other (an add wins)\n",
						oneLine(string(aw.Element)), e.Names[aw.Adder], e.Names[aw.Remover])
				}
			}
		}
		return nil
	})
}

// historyValue is a value of a record's history as `record show` writes it: a reference by
// the name of the record with its id in brackets; other values as valueText writes them.
func historyValue(k domain.Kind, field string, raw json.RawMessage, names map[string]string) string {
	for _, f := range domain.Schema(k) {
		if f.Name == field && (f.Ref != "" || service.ListHoldsRefs(f)) && len(raw) > 0 && string(raw) != "null" {
			if lines := showValue(f, raw, names); len(lines) > 0 {
				return strings.Join(lines, "; ")
			}
		}
	}
	return valueText(field, raw)
}

// settledWords says which conflict a change settled (docs/storage.md, "History"): the value
// kept, whose it was, and every value set aside with its authors: "resolved the conflict:
// kept "in_progress" (B. Okafor); set aside "delivered" (A. Benali)", or "resolved the
// conflict with a new value, …" when the value kept was none of them.
func settledWords(e service.HistoryEntry, ch oplog.Change, valueText func(string, json.RawMessage) string) string {
	if ch.Field == "deleted" {
		return deletionSettledWords(e, ch)
	}
	kept := ch.New
	if ch.Wrote != nil {
		kept = ch.Wrote
	}
	words := func(v json.RawMessage) string { // a list's entries, held together: they are joined by "; " too
		s := valueText(ch.Field, v)
		if !strings.HasPrefix(s, `"`) {
			s = `"` + s + `"`
		}
		return s
	}
	var keptBy []string
	var values []json.RawMessage // set aside, winner first
	by := map[string][]string{}
	for _, sd := range ch.Settled {
		name := e.Names[sd.Author]
		if name == "" {
			name = sd.Author
		}
		if bytes.Equal(sd.Value, kept) {
			keptBy = append(keptBy, name)
			continue
		}
		if _, ok := by[string(sd.Value)]; !ok {
			values = append(values, sd.Value)
		}
		by[string(sd.Value)] = append(by[string(sd.Value)], name)
	}
	aside := make([]string, len(values))
	for i, v := range values {
		aside[i] = words(v) + " (" + strings.Join(by[string(v)], " and ") + ")"
	}
	head := "resolved the conflict with a new value, " + words(kept)
	if len(keptBy) > 0 {
		head = "resolved the conflict: kept " + words(kept) + " (" + strings.Join(keptBy, " and ") + ")"
	}
	return head + "; set aside " + strings.Join(aside, " and ")
}

// deletionSettledWords is settledWords for a conflict on "deleted", settled by a delete or a
// restore: what became of the record and whose side that was, then each side set aside — a
// deletion, the changes made without knowing of it (Side.Edited), a restore — with its
// authors: "resolved the conflict: kept it deleted (A. Benali); set aside the changes made
// without knowing of the deletion (B. Okafor)" (docs/storage.md, "History").
func deletionSettledWords(e service.HistoryEntry, ch oplog.Change) string {
	deleted := string(ch.New) == "true"
	side := func(sd oplog.Side) string {
		switch {
		case string(sd.Value) == "true":
			return "the deletion"
		case sd.Edited:
			return "the changes made without knowing of the deletion"
		}
		return "the restore"
	}
	var keptBy, order []string
	edits := true // every side kept is an edit: the record came back with them
	by := map[string][]string{}
	for _, sd := range ch.Settled {
		name := e.Names[sd.Author]
		if name == "" {
			name = sd.Author
		}
		if (string(sd.Value) == "true") == deleted {
			keptBy, edits = append(keptBy, name), edits && sd.Edited
			continue
		}
		s := side(sd)
		if _, ok := by[s]; !ok {
			order = append(order, s)
		}
		by[s] = append(by[s], name)
	}
	head := "kept it deleted"
	switch {
	case !deleted && edits && len(keptBy) > 0:
		head = "restored it with the changes made without knowing of the deletion"
	case !deleted:
		head = "restored it"
	}
	if len(keptBy) > 0 {
		head += " (" + strings.Join(keptBy, " and ") + ")"
	}
	aside := make([]string, len(order))
	for i, s := range order {
		aside[i] = s + " (" + strings.Join(by[s], " and ") + ")"
	}
	return "resolved the conflict: " + head + "; set aside " + strings.Join(aside, " and ")
}

// sameTimeWords says that a change was made without seeing other changes of its field.
func sameTimeWords(e service.HistoryEntry, concurrent []string) string {
	if len(concurrent) == 0 {
		return ""
	}
	names := make([]string, len(concurrent))
	for i, k := range concurrent {
		names[i] = e.Names[k]
		if names[i] == "" {
			names[i] = k
		}
	}
	return ", at the same time as " + strings.Join(names, " and ") + "'s change"
}

// runConflicts lists what needs the secretariat's attention: the open conflicts, then the
// records that break a rule as held, worded as `record show` words them (docs/model.md, "One
// party, two roles"). --json keeps its shape, the conflicts; `record list KIND --breaking
// --json` lists the others. A list cut at the service's cap says so, as the dashboard's
// counts are of all.
func runConflicts(env *Env, c *ctx) error {
	var recs *service.Records
	var list service.ConflictList
	get := func(app *service.App) ([]service.ConflictView, error) {
		recs = &service.Records{App: app}
		var err error
		list, err = recs.Conflicts()
		return list.Items, err
	}
	return present(env, c, get, func(cs []service.ConflictView) error {
		if len(cs) == 0 {
			fmt.Fprintln(env.Stdout, "No open conflicts.")
		}
		if list.Records < list.Total {
			fmt.Fprintf(env.Stdout, "The conflicts of %d of the %d records with open conflicts are listed: resolve these to see the others.\n", list.Records, list.Total)
		}
		for _, cf := range cs {
			fmt.Fprintf(env.Stdout, "%s %s (%s), field %s:\n", cf.Kind, store.EnglishTitle(cf.Title, cf.Parts), cf.Record, cf.Field)
			for _, v := range cf.Values {
				// References by name, with the id, as `record show` writes them (a funding
				// entry "for Niger (0190…)", not a bare id).
				fmt.Fprintf(env.Stdout, "  %s  by %s (%s) at %s%s\n", historyValue(domain.Kind(cf.Kind), cf.Field, v.Value, cf.Names), v.AuthorName, v.Author, v.At, editedWords(v))
			}
		}
		bs, err := recs.Breaking()
		if err != nil || len(bs.Items) == 0 {
			return err
		}
		fmt.Fprintln(env.Stdout, "\nRECORDS THAT BREAK A RULE (often two changes made at the same time that each passed alone); every save of one is refused until it is mended:")
		if bs.Records < bs.Total {
			fmt.Fprintf(env.Stdout, "%d of %d records shown: mend these to see the others.\n", bs.Records, bs.Total)
		}
		for _, b := range bs.Items {
			fmt.Fprintf(env.Stdout, "%s %s (%s):\n", b.Kind, store.EnglishTitle(b.Title, b.Parts), b.Record)
			for _, path := range slices.Sorted(maps.Keys(b.Problems)) {
				fmt.Fprintf(env.Stdout, "  %s: %s\n", path, oneLine(namedProblem(b.Problems[path], b.Names).Text()))
			}
		}
		return nil
	})
}

// editedWords explains a side of a conflict on "deleted" that is a change, not a restore.
func editedWords(v service.ConflictValue) string {
	if v.Edited {
		return " (changed it without knowing of the deletion: --pick restores it with the change)"
	}
	return ""
}

func runResolve(env *Env, c *ctx) error {
	app, err := c.openArgs(2, "ID FIELD")
	if err != nil {
		return err
	}
	recs := &service.Records{App: app}
	var value json.RawMessage
	if c.s("value") != "" {
		cur, err := recs.Get(c.args[0])
		if err != nil {
			return err
		}
		if c.args[1] == "deleted" {
			value = json.RawMessage(c.s("value"))
		} else if value, err = service.ParseValue(domain.Kind(cur.Kind), c.args[1], c.s("value")); err != nil {
			return err
		}
	}
	v, err := recs.Resolve(c.args[0], c.args[1], c.s("pick"), value)
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Resolved %s on %s.\n", c.args[1], store.EnglishTitle(v.Title, v.Parts))
	return nil
}

func runCSVExport(env *Env, c *ctx) error {
	if err := needArgs(c, 1, "KIND (or several separated by commas, or all)"); err != nil {
		return err
	}
	if c.s("out") == "" {
		return usagef("--out FILE is required")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	rep, err := (&service.CSV{App: app}).ExportFile(service.CSVExport{Kinds: strings.Split(c.args[0], ","), Path: c.s("out"), Delimiter: c.s("delimiter")})
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, rep)
	}
	var counts []string
	for _, k := range domain.Kinds {
		if n, ok := rep.Kinds[string(k)]; ok {
			counts = append(counts, fmt.Sprintf("%d %s", n, k))
		}
	}
	fmt.Fprintf(env.Stdout, "Wrote %s to %s (%s; delimiter %s).\n", count(rep.Rows, "record", "records"), rep.Path, strings.Join(counts, ", "), rep.Delimiter)
	return nil
}

func runHistoryExport(env *Env, c *ctx) error {
	if c.s("out") == "" {
		return usagef("--out FILE is required")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	rep, err := (&service.Audit{App: app}).SaveExport(c.s("since"), c.s("delimiter"), c.s("out"))
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, rep)
	}
	fmt.Fprintf(env.Stdout, "Wrote %s (%s) to %s (delimiter %s).\n", count(rep.Rows, "field change", "field changes"), count(rep.Changes, "change", "changes"), rep.Path, rep.Delimiter)
	return nil
}

// runCSVImport: `csv import KIND FILE...` names the kind of every row; KIND=FILE names the
// kind of one file's rows; otherwise each file's kind column says. A first argument that is
// a kind name is the kind.
func runCSVImport(env *Env, c *ctx) error {
	args, kind := c.args, ""
	if len(args) > 0 {
		if _, ok := domain.ParseKind(args[0]); ok {
			kind, args = args[0], args[1:]
		}
	}
	if len(args) == 0 {
		return usagef("name the file(s) to import: dossier csv import [KIND] FILE...")
	}
	var inputs []service.CSVInput
	for _, arg := range args {
		path, fileKind := arg, ""
		if k, p, ok := strings.Cut(arg, "="); ok {
			if _, isKind := domain.ParseKind(k); isKind {
				path, fileKind = p, k
			}
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		inputs = append(inputs, service.CSVInput{Name: path, Kind: fileKind, R: f})
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	rep, err := (&service.CSV{App: app}).ImportFiles(kind, inputs...)
	if !c.asJSON && rep != nil {
		csvWarnings(env.Stderr, rep)
	}
	if c.asJSON && rep != nil {
		if perr := printJSON(env.Stdout, rep); perr != nil && err == nil {
			return perr
		}
	}
	if err != nil || c.asJSON {
		return err
	}
	for _, f := range rep.Files {
		fmt.Fprintf(env.Stdout, "Read %s as %s (delimiter %s): %s.\n", f.Name, f.Encoding, f.Delimiter, count(f.Rows, "row", "rows"))
	}
	fmt.Fprintf(env.Stdout, "Imported: %d created, %d updated, %d unchanged.\n", rep.Created, rep.Updated, rep.Unchanged)
	return nil
}

// csvWarnings prints, on stderr, the cells an import stores but the reader should look at (a
// value set back over this installation's own later change: docs/csv.md, "A file older than a
// change"). They do not stop the import, and the exit code stays 0.
func csvWarnings(w io.Writer, rep *service.CSVReport) {
	if rep.WarningCount == 0 {
		return
	}
	multi := len(rep.Files) > 1
	for _, c := range rep.Warnings {
		fmt.Fprintf(w, "warning: %s\n", c.Line(multi))
	}
	if more := rep.WarningCount - len(rep.Warnings); more > 0 {
		fmt.Fprintf(w, "warning: … and %d more (the --json report lists the first %d)\n", more, len(rep.Warnings))
	}
	if rep.Stored {
		it := "it"
		if rep.WarningCount > 1 {
			it = "them"
		}
		fmt.Fprintf(w, "%s set back to what the field held before this installation's change: if that was not meant, set %s again (dossier record history ID shows both values).\n",
			count(rep.WarningCount, "value was", "values were"), it)
	}
}

func runStateHash(env *Env, c *ctx) error {
	app, err := c.open()
	if err != nil {
		return err
	}
	h, err := (&service.Admin{App: app}).StateHash()
	if err != nil {
		return err
	}
	fmt.Fprintln(env.Stdout, h)
	return nil
}

func runCheck(env *Env, c *ctx) error {
	app, err := c.open()
	if err != nil {
		return err
	}
	rep, err := (&service.Admin{App: app}).Check()
	if err != nil {
		return err
	}
	if c.asJSON {
		if err := printJSON(env.Stdout, rep); err != nil {
			return err
		}
	} else {
		for _, p := range rep.Problems {
			fmt.Fprintln(env.Stdout, "problem:", p)
		}
		for _, sa := range rep.SetAside {
			fmt.Fprintln(env.Stdout, "set aside:", sa.Message)
		}
		fmt.Fprintf(env.Stdout, "%s from %s; state %s\n", count(int(rep.Ops), "change", "changes"), count(rep.Authors, "author", "authors"), rep.StateHash)
		if rep.FilesReclaimed.Files > 0 {
			fmt.Fprintf(env.Stdout, "reclaimed %s no record refers to (%s)\n", attachmentFiles(rep.FilesReclaimed.Files), count(int(rep.FilesReclaimed.Bytes), "byte", "bytes"))
		}
	}
	if !rep.OK {
		return fmt.Errorf("the store is inconsistent (%d problems)", len(rep.Problems))
	}
	if !c.asJSON {
		fmt.Fprintln(env.Stdout, "OK")
	}
	return nil
}

func runBackup(env *Env, c *ctx) error {
	if c.s("out") == "" {
		return usagef("--out FILE is required")
	}
	app, err := c.open()
	if err != nil {
		return err
	}
	h, err := (&service.Admin{App: app}).Backup(c.s("out"))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s and %s (%s) to %s (state %s).\n", count(int(h.Ops), "change", "changes"), attachmentFiles(len(h.Files)), count(int(h.FilesBytes), "byte", "bytes"), c.s("out"), h.StateHash)
	return nil
}

func attachmentFiles(n int) string { return count(n, "attachment file", "attachment files") }

// count writes a number with its noun in the singular for 1 and the plural otherwise:
// "1 change", "0 changes", "2 changes".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// runRestoreBackup does not open the data directory first: a refused backup must leave a
// new directory as empty as it was.
func runRestoreBackup(env *Env, c *ctx) error {
	if err := needArgs(c, 1, "FILE"); err != nil {
		return err
	}
	rep, err := service.RestoreDataDir(c.dataDir, service.RestoreOptions{File: c.args[0], Card: c.s("card"), Own: c.b("own")})
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, rep)
	}
	fmt.Fprintf(env.Stdout, "Restored %s by %s, %s, %s (state %s).\n", count(int(rep.Ops), "change", "changes"), count(rep.Authors, "author", "authors"),
		count(rep.Records, "record", "records"), attachmentFiles(rep.Files), rep.StateHash)
	fmt.Fprintf(env.Stdout, "The backup was made on %s by %s (%s), fingerprint %s, with %s; every change was checked against its author's signed checkpoint.\n",
		rep.CreatedAt, rep.Maker.Name, rep.Maker.KeyID, rep.Maker.Fingerprint, version.Name(rep.MadeBy))
	if rep.Own {
		fmt.Fprint(env.Stdout, ownRestoreAdvice(rep.OwnLast, rep.CreatedAt))
	}
	return nil
}

// ownRestoreAdvice warns whoever restored their own backup before their first change: a
// change made after the backup and sent to anyone is not in it, and a new change here would
// take its number, which every peer holding it refuses as a fork (docs/storage.md,
// "Restoring").
func ownRestoreAdvice(last uint64, made string) string {
	held := "none of your own changes"
	if last > 0 {
		held = fmt.Sprintf("your changes up to number %d", last)
	}
	return fmt.Sprintf("Before you change anything here: this backup holds %s, as of %s. If you made changes after it and exported them, "+
		"import a bundle that holds them first (the secretariat's latest, or the one you sent): a change made here now would take "+
		"the number of one your peers already hold, and they would refuse it as a fork.\n", held, made)
}
