//go:build ignore

// gen.go embeds the frontend's country outlines for the printed maps: it checks that
// world-atlas's countries-110m.json decodes, then writes it gzipped next to geo.go, so Go and
// the screens draw the same file. Run with `go generate ./app/geo` after `npm ci` in frontend/.
package main

import (
	"bytes"
	"compress/gzip"
	"log"
	"os"

	"dossier/app/geo"
)

const src = "../../frontend/node_modules/world-atlas/countries-110m.json"

func main() {
	data, err := os.ReadFile(src)
	if err != nil {
		log.Fatalf("%v (run npm ci in frontend/ first)", err)
	}
	if _, err := geo.Decode(data, "countries"); err != nil {
		log.Fatal(err)
	}
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("countries-110m.json.gz", b.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
