// Command dossier is both the desktop application (no command: the window) and the command
// line (`dossier help`). No command opens the store before the window's startup hook.
package main

import (
	"embed"
	"io/fs"
	"os"

	"dossier/app/cli"
	"dossier/app/desktop"
)

//go:embed all:frontend/dist
var assets embed.FS

func main() {
	dist, err := fs.Sub(assets, "frontend/dist")
	if err != nil {
		panic(err)
	}
	if len(os.Args) == 1 {
		os.Exit(desktop.Run(dist))
	}
	os.Exit(cli.Run(os.Args[1:], &cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Assets: dist}))
}
