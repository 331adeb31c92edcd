// Package cli is Dossier's command line: every command parses its flags, calls app/service,
// and prints either text for people or JSON for scripts. Exit codes: 0 success, 1 the
// operation failed, 2 usage or validation error.
package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strings"

	"dossier/app/service"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitFailed  = 1
	ExitInvalid = 2
)

// Env is what a command runs with.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Assets         fs.FS // the built frontend, for `serve`
}

type command struct {
	name    string
	usage   string // arguments after the command name
	summary string
	run     func(env *Env, c *ctx) error
	flags   func(fs *flag.FlagSet, c *ctx)
	writes  bool                             // the command changes the store: refusals say that nothing was stored
	help    func(w io.Writer, args []string) // more help after the flags, given the arguments
}

// ctx carries one invocation's parsed flags and opened app.
type ctx struct {
	cmd     *command
	fs      *flag.FlagSet
	args    []string
	dataDir string
	asJSON  bool
	str     map[string]*string
	boolean map[string]*bool
	integer map[string]*int
	multi   map[string]*multiFlag
	app     *service.App
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (c *ctx) s(name string) string { return *c.str[name] }
func (c *ctx) b(name string) bool   { return *c.boolean[name] }
func (c *ctx) i(name string) int    { return *c.integer[name] }

func (c *ctx) strFlag(name, def, usage string) {
	c.str[name] = c.fs.String(name, def, usage)
}
func (c *ctx) boolFlag(name, usage string) { c.boolean[name] = c.fs.Bool(name, false, usage) }
func (c *ctx) intFlag(name string, def int, usage string) {
	c.integer[name] = c.fs.Int(name, def, usage)
}
func (c *ctx) multiFlag(name, usage string) {
	m := &multiFlag{}
	c.multi[name] = m
	c.fs.Var(m, name, usage)
}

// usageError is a mistake in how a command was called.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{fmt.Sprintf(format, a...)} }

// open opens the data directory (once per invocation).
func (c *ctx) open() (*service.App, error) {
	if c.app != nil {
		return c.app, nil
	}
	app, err := service.Open(c.dataDir)
	if err != nil {
		return nil, err
	}
	c.app = app
	return app, nil
}

var commands []*command

func register(cmds ...*command) {
	for _, c := range cmds {
		switch c.name {
		case "init", "demo", "record add", "record set", "record add-to", "record remove-from", "record delete",
			"record restore", "resolve", "csv import", "restore", "import", "trust add", "trust revoke":
			c.writes = true
		}
	}
	commands = append(commands, cmds...)
}

func find(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

// Run executes one command line (without the program name) and returns the exit code.
func Run(args []string, env *Env) int {
	if env.Stdin == nil {
		env.Stdin = os.Stdin
	}
	if len(args) > 0 && (args[0] == "--version" || args[0] == "-version") {
		args = append([]string{"version"}, args[1:]...)
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "--help" || args[0] == "-h" {
		if len(args) > 1 {
			if c, rest := resolve(args[1:]); c != nil {
				printCommandHelp(env.Stdout, c, newCtx(c), rest)
				return ExitOK
			}
			if isGroup(args[1]) {
				printGroupHelp(env.Stdout, args[1])
				return ExitOK
			}
		}
		printHelp(env.Stdout)
		if len(args) == 0 {
			return ExitInvalid
		}
		return ExitOK
	}
	cmd, rest := resolve(args)
	if cmd == nil && isGroup(args[0]) {
		if len(args) > 1 && isHelpWord(args[1]) {
			printGroupHelp(env.Stdout, args[0])
			return ExitOK
		}
		if len(args) == 1 {
			fmt.Fprintf(env.Stderr, "dossier %s: name a command\n\n", args[0])
		} else {
			fmt.Fprintf(env.Stderr, "dossier: unknown command %q\n\n", args[0]+" "+args[1])
		}
		printGroupHelp(env.Stderr, args[0])
		return ExitInvalid
	}
	if cmd == nil {
		fmt.Fprintf(env.Stderr, "dossier: unknown command %q\n\n", strings.Join(args[:min(2, len(args))], " "))
		printHelp(env.Stderr)
		return ExitInvalid
	}
	c := newCtx(cmd)
	c.fs.SetOutput(io.Discard)
	pos, err := parseInterleaved(c.fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(env.Stdout, cmd, c, pos)
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "dossier %s: %v\n", cmd.name, err)
		fmt.Fprintf(env.Stderr, "usage: dossier %s %s (see `dossier %s --help`)\n", cmd.name, cmd.usage, cmd.name)
		return ExitInvalid
	}
	c.args = pos
	if c.dataDir == "" {
		c.dataDir = service.DefaultDataDir()
	}
	err = cmd.run(env, c)
	if c.app != nil {
		if cerr := c.app.Close(); cerr != nil && err == nil {
			err = cerr
		}
	}
	return report(env, cmd, err)
}

func report(env *Env, cmd *command, err error) int {
	if err == nil {
		return ExitOK
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "dossier %s: %s\nusage: dossier %s %s (see `dossier %s --help`)\n", cmd.name, ue.msg, cmd.name, cmd.usage, cmd.name)
		return ExitInvalid
	}
	se := service.AsError(err)
	if se.Code == service.CodeInvalid && len(se.Fields) > 0 && !strings.Contains(se.Message, "\n") {
		names := make([]string, 0, len(se.Fields))
		for f := range se.Fields {
			names = append(names, f)
		}
		sort.Strings(names)
		if cmd.writes {
			fmt.Fprintf(env.Stderr, "dossier %s: refused, nothing was stored:\n", cmd.name)
		} else {
			fmt.Fprintf(env.Stderr, "dossier %s: refused:\n", cmd.name)
		}
		for _, f := range names {
			fmt.Fprintf(env.Stderr, "  %s: %s\n", f, se.Fields[f])
		}
	} else {
		fmt.Fprintf(env.Stderr, "dossier %s: %s\n", cmd.name, se.Message)
	}
	if se.Code == service.CodeInvalid {
		return ExitInvalid
	}
	return ExitFailed
}

func newCtx(cmd *command) *ctx {
	c := &ctx{cmd: cmd, fs: flag.NewFlagSet(cmd.name, flag.ContinueOnError), str: map[string]*string{},
		boolean: map[string]*bool{}, integer: map[string]*int{}, multi: map[string]*multiFlag{}}
	c.fs.StringVar(&c.dataDir, "data", "", "data directory (default: $DOSSIER_DATA, else "+service.DefaultDataDir()+")")
	if cmd.flags != nil {
		cmd.flags(c.fs, c)
	}
	return c
}

// resolve finds the command for "record add" style two-word names first, then one word.
func resolve(args []string) (*command, []string) {
	if len(args) >= 2 {
		if c := find(args[0] + " " + args[1]); c != nil {
			return c, args[2:]
		}
	}
	if c := find(args[0]); c != nil {
		return c, args[1:]
	}
	return nil, nil
}

// parseInterleaved accepts flags before, between and after positional arguments; "--" ends flags.
// On --help it returns the positional arguments before it too, for help that depends on them.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return pos, err
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "Dossier — partnerships, commitments, meetings and talking points, offline.")
	fmt.Fprintln(w, "\nusage: dossier COMMAND [ARGS] [--data DIR]\n\ncommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-22s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\n`dossier COMMAND --help` explains one command, `dossier GROUP --help` (record, csv, trust, bundle) one group. The desktop build opens the window when run with no command.")
}

func printCommandHelp(w io.Writer, cmd *command, c *ctx, args []string) {
	fmt.Fprintf(w, "usage: dossier %s %s\n\n%s\n\nflags:\n", cmd.name, cmd.usage, cmd.summary)
	c.fs.SetOutput(w)
	c.fs.PrintDefaults()
	if cmd.help != nil {
		cmd.help(w, args)
	}
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func jsonFlag(fs *flag.FlagSet, c *ctx) { fs.BoolVar(&c.asJSON, "json", false, "print JSON") }

// present opens the data directory, gets a result, and prints it: as JSON with --json,
// otherwise through text.
func present[T any](env *Env, c *ctx, get func(*service.App) (T, error), text func(T) error) error {
	app, err := c.open()
	if err != nil {
		return err
	}
	v, err := get(app)
	if err != nil {
		return err
	}
	if c.asJSON {
		return printJSON(env.Stdout, v)
	}
	return text(v)
}

// openArgs checks the number of arguments, then opens the data directory.
func (c *ctx) openArgs(n int, what string) (*service.App, error) {
	if err := needArgs(c, n, what); err != nil {
		return nil, err
	}
	return c.open()
}

func needArgs(c *ctx, n int, what string) error {
	if len(c.args) != n {
		return usagef("expected %s, got %d argument(s)", what, len(c.args))
	}
	return nil
}
