package cli

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"dossier/app/version"
)

func init() {
	register(&command{name: "version", usage: "[--json]",
		summary: "this build's version, commit and date, and the formats it reads and writes",
		flags:   func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runVersion})
}

// runVersion opens nothing: it describes the program, not a data directory.
func runVersion(env *Env, c *ctx) error {
	if len(c.args) > 0 {
		return usagef("unexpected argument %q", c.args[0])
	}
	in := version.Get()
	if c.asJSON {
		return printJSON(env.Stdout, in)
	}
	printVersion(env.Stdout, in)
	return nil
}

func printVersion(w io.Writer, in version.Info) {
	fmt.Fprintf(w, "Dossier %s\n", in.Version)
	commit := in.Commit
	switch {
	case commit == "":
		commit = "unknown (built without version control information)"
	case in.Modified:
		commit += " with uncommitted changes"
	}
	fmt.Fprintf(w, "commit   %s\n", commit)
	if in.Date != "" {
		fmt.Fprintf(w, "date     %s\n", in.Date)
	}
	fmt.Fprintf(w, "built    with %s for %s\n", in.Go, in.Platform)
	fmt.Fprintf(w, "formats  store %d, bundle written %s (the oldest each recipient reads), read %s, backup %d, identity card %d\n",
		in.StoreFormat, joinInts(in.BundleFormatsWritten), joinInts(in.BundleFormatsRead), in.BackupFormat, in.CardFormat)
	fmt.Fprintf(w, "files    written by this build record %q as their writer\n", in.MadeBy)
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = fmt.Sprint(n)
	}
	return strings.Join(parts, ", ")
}
