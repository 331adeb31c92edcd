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
func Run(_ fs.FS) int {
	cli.Run([]string{"help"}, &cli.Env{Stdout: os.Stderr, Stderr: os.Stderr})
	fmt.Fprintln(os.Stderr, "\nThis build of dossier has no window: build it with `make build-desktop` (or run `dossier serve` for the browser).")
	return cli.ExitInvalid
}
