//go:build !desktop

// Package desktop is the Wails adapter. This file is the build without the window (no
// `desktop` tag): it says so and fails, rather than pretending to start.
package desktop

import (
	"fmt"
	"io/fs"
	"os"

	"dossier/app/cli"
)

// Run explains that this binary has no window and exits with the usage code.
func Run(_ fs.FS, launch *LaunchFile) int {
	if launch != nil {
		what := map[string]string{LaunchBundle: "import it with `dossier import " + launch.Path + "` (or look inside first: `dossier bundle inspect`)",
			LaunchCard: "trust it with `dossier trust add " + launch.Path + "`"}[launch.Kind]
		fmt.Fprintf(os.Stderr, "This build of dossier has no window to open %s in: %s.\n", launch.Path, what)
		return cli.ExitInvalid
	}
	cli.Run([]string{"help"}, &cli.Env{Stdout: os.Stderr, Stderr: os.Stderr})
	fmt.Fprintln(os.Stderr, "\nThis build of dossier has no window: build it with `make build-desktop` (or run `dossier serve` for the browser).")
	return cli.ExitInvalid
}
