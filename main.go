// Command dossier is both the desktop application (no command, or a double-clicked .dossier
// or .card file: the window) and the command line (`dossier help`). No command opens the
// store before the window's startup hook.
package main

import (
	"embed"
	"io/fs"
	"os"

	"dossier/app/cli"
	"dossier/app/console"
	"dossier/app/desktop"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err)
	}
	if file, window := desktop.Launch(os.Args[1:]); window {
		os.Exit(desktop.Run(dist, file))
	}
	console.Attach() // the Windows build is a GUI program: print in the terminal that started it
	os.Exit(cli.Run(os.Args[1:], &cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Assets: dist}))
}
