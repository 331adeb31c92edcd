package cli

import (
	"flag"
	"fmt"
	"text/tabwriter"

	"dossier/app/service"
)

func init() {
	register(
		&command{name: "record attach", usage: "ID FILE [--type MEDIA/TYPE] [--json]",
			summary: "attach a file to a record (kept by its SHA-256, carried in bundles to those who lack it)",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.strFlag("type", "", "the file's media type, e.g. application/pdf (default: from its extension)")
				jsonFlag(fs, c)
			}, run: runAttach},
		&command{name: "record detach", usage: "ID SHA256 [--json]", summary: "remove an attachment from a record (its bytes are reclaimed when no record refers to them)",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runDetach},
		&command{name: "record files", usage: "ID [--json]", summary: "list a record's attachments: name, size, who added them and when, and whether they were received",
			flags: func(fs *flag.FlagSet, c *ctx) { jsonFlag(fs, c) }, run: runFiles},
		&command{name: "record file", usage: "ID SHA256 --out FILE", summary: "write an attachment's bytes to FILE",
			flags: func(fs *flag.FlagSet, c *ctx) { c.strFlag("out", "", "the file to write (required)") }, run: runFileOut},
		&command{name: "files limits", usage: "[--per-file BYTES] [--per-bundle BYTES] [--json]",
			summary: "show or change the limits on attachments: per file (25 MB by default) and per bundle (200 MB)",
			flags: func(fs *flag.FlagSet, c *ctx) {
				c.intFlag("per-file", 0, "the largest file that can be attached or carried in a bundle, in bytes (0: unchanged)")
				c.intFlag("per-bundle", 0, "the most bytes of files one bundle carries (0: unchanged)")
				jsonFlag(fs, c)
			}, run: runFileLimits},
	)
}

func runAttach(env *Env, c *ctx) error {
	app, err := c.openArgs(2, "ID FILE")
	if err != nil {
		return err
	}
	v, err := (&service.Files{App: app}).Attach(c.args[0], c.args[1], c.s("type"))
	if err != nil {
		return err
	}
	return printFiles(env, c, v)
}

func runDetach(env *Env, c *ctx) error {
	app, err := c.openArgs(2, "ID SHA256")
	if err != nil {
		return err
	}
	v, err := (&service.Files{App: app}).Detach(c.args[0], c.args[1])
	if err != nil {
		return err
	}
	return printFiles(env, c, v)
}

func runFiles(env *Env, c *ctx) error {
	app, err := c.openArgs(1, "ID")
	if err != nil {
		return err
	}
	v, err := (&service.Files{App: app}).List(c.args[0])
	if err != nil {
		return err
	}
	return printFiles(env, c, v)
}

func runFileOut(env *Env, c *ctx) error {
	if c.s("out") == "" {
		return usagef("--out FILE is required")
	}
	app, err := c.openArgs(2, "ID SHA256")
	if err != nil {
		return err
	}
	a, err := (&service.Files{App: app}).SaveTo(c.args[0], c.args[1], c.s("out"))
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "Wrote %s: %s, %d bytes, SHA-256 %s.\n", c.s("out"), a.Name, a.Size, a.SHA256)
	return nil
}

func runFileLimits(env *Env, c *ctx) error {
	app, err := c.open()
	if err != nil {
		return err
	}
	st := &service.Settings{App: app}
	var l service.FileLimits
	if c.i("per-file") != 0 || c.i("per-bundle") != 0 {
		l, err = st.SetFileLimits(int64(c.i("per-file")), int64(c.i("per-bundle")))
	} else {
		l, err = st.FileLimits()
	}
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, l)
	}
	fmt.Fprintf(env.Stdout, "per file   %d bytes\nper bundle %d bytes\n", l.PerFile, l.PerBundle)
	return nil
}

func printFiles(env *Env, c *ctx, v *service.AttachmentsView) error {
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	if len(v.Files) == 0 {
		fmt.Fprintln(env.Stdout, "No attachments.")
		return nil
	}
	tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSIZE\tADDED BY\tADDED AT\tSHA-256\t")
	for _, f := range v.Files {
		state := ""
		if !f.Received {
			state = "not yet received"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", f.Name, f.Size, f.AddedByName, f.AddedAt, f.SHA256, state)
	}
	return tw.Flush()
}
