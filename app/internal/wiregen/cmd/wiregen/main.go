// Command wiregen writes the frontend's TypeScript types of the RPC contract
// (frontend/src/lib/generated/types.ts) from the Go services: `go generate
// ./app/service/registry/`.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"dossier/app/internal/atomicfile"
	"dossier/app/internal/wiregen"
)

func main() {
	out := flag.String("out", "", "the TypeScript file to write")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "wiregen: give -out FILE.ts")
		os.Exit(2)
	}
	ts, err := wiregen.Generate()
	if err != nil {
		fmt.Fprintln(os.Stderr, "wiregen:", err)
		os.Exit(1)
	}
	if old, err := os.ReadFile(*out); err == nil && bytes.Equal(old, ts) {
		return
	}
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "wiregen:", err)
		os.Exit(1)
	}
	if err := atomicfile.WriteBytes(*out, ts, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "wiregen:", err)
		os.Exit(1)
	}
}
