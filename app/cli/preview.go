package cli

// `dossier import --dry-run`: the import preview (docs/trust.md, "Import preview").

import (
	"encoding/json"
	"fmt"
	"io"

	"dossier/app/internal/textcap"
	"dossier/app/service"
)

// runImportPreview previews each file against the data as it is now and writes nothing. It
// exits 1 when any file would be refused, as the import would.
func runImportPreview(env *Env, c *ctx, sy *service.Sync) error {
	reps, err := sy.Preview(c.args...)
	if err != nil {
		return err
	}
	if c.asJSON {
		if err := printJSON(env.Stdout, reps); err != nil {
			return err
		}
	} else {
		for _, r := range reps {
			printPreview(env.Stdout, r)
		}
		if len(reps) > 1 {
			fmt.Fprintln(env.Stdout, "Each file was previewed against the data as it is now, not after the files before it: a file that builds on an earlier one shows as missing changes until that one is imported.")
		}
	}
	refused := 0
	for _, r := range reps {
		if r.Status == service.StatusRefused {
			refused++
			fmt.Fprintf(env.Stderr, "dossier import --dry-run: %s: would be refused: %s\n", r.File, r.Message)
		}
	}
	if refused > 0 {
		return &service.Error{Code: service.CodeRefused, Message: fmt.Sprintf("%d of %d bundles would be refused; nothing was imported", refused, len(reps))}
	}
	return nil
}

// printPreview is the human report: the bundle as the import reports it, then each record.
func printPreview(w io.Writer, r *service.BundleReport) {
	fmt.Fprintf(w, "DRY RUN, nothing written. ")
	printBundleReport(w, r, false)
	p := r.Preview
	if p == nil || r.Status == service.StatusRefused {
		if r.Change != nil {
			ch := r.Change
			fmt.Fprintf(w, "  refused change: %d from %s, %s %s %s (%s)\n", ch.Seq, ch.Author, ch.Kind, ch.Record, ch.Title, ch.Rule)
			for f, pr := range ch.Problems {
				fmt.Fprintf(w, "    %s: %s\n", f, pr.Code)
			}
		}
		return
	}
	for _, rec := range p.Records {
		what := "changed"
		if rec.Created {
			what = "created"
		}
		fmt.Fprintf(w, "  %s %s %q (%s)\n", what, rec.Kind, rec.Title, rec.Record)
		for _, ch := range rec.Changes {
			if rec.Created {
				fmt.Fprintf(w, "      %s: %s   by %s, %s\n", ch.Field, shortValue(ch.New), ch.AuthorName, ch.At)
			} else {
				fmt.Fprintf(w, "      %s: %s → %s   by %s, %s\n", ch.Field, shortValue(ch.Old), shortValue(ch.New), ch.AuthorName, ch.At)
			}
		}
		if rec.MoreChanges > 0 {
			fmt.Fprintf(w, "      and %d more changes\n", rec.MoreChanges)
		}
		for _, cf := range rec.Conflicts {
			fmt.Fprintf(w, "      CONFLICT on %s:", cf.Field)
			for i, v := range cf.Values {
				sep := ","
				if i == 0 {
					sep = ""
				}
				fmt.Fprintf(w, "%s %s by %s", sep, shortValue(v.Value), v.AuthorName)
			}
			fmt.Fprintln(w, " (the first is shown until someone resolves it)")
		}
	}
	if p.More > 0 {
		fmt.Fprintf(w, "  and %d more records\n", p.More)
	}
}

// shortValue shows a JSON value on one line: a text without its quotes, an empty value as —.
func shortValue(v json.RawMessage) string {
	if len(v) == 0 || string(v) == "null" || string(v) == `""` || string(v) == "[]" {
		return "—"
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return oneLine(textcap.Cut(s, 80))
	}
	return oneLine(textcap.Cut(string(v), 80))
}
