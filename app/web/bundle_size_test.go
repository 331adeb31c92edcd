package web

import (
	"compress/gzip"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"dossier/app/internal/clitest"
)

// FrontendBudget is the frontend's budget (README, "Performance"): every file the browser
// may load from frontend/dist (scripts, styles, pages, data such as the map's shapes)
// compressed with gzip -9, added up. The map's chunk counts although only map screens load it.
const FrontendBudget = 300 * 1000

// bundleSize measures the built frontend; a dist without index.html is a failure that says
// how to build it.
func bundleSize(tb testing.TB) (files int, raw, gz int64) {
	tb.Helper()
	root, err := clitest.ModuleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	dist := filepath.Join(root, "frontend", "dist")
	if _, err := os.Stat(filepath.Join(dist, "index.html")); err != nil {
		tb.Fatal("frontend/dist is not built: run `make frontend`")
	}
	err = fs.WalkDir(os.DirFS(dist), ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		switch filepath.Ext(path) {
		case ".js", ".mjs", ".css", ".html", ".json", ".svg", ".wasm":
		default:
			return nil
		}
		b, err := os.ReadFile(filepath.Join(dist, path))
		if err != nil {
			return err
		}
		cw := &countWriter{}
		w, _ := gzip.NewWriterLevel(cw, gzip.BestCompression)
		_, _ = w.Write(b)
		_ = w.Close()
		raw += int64(len(b))
		gz += cw.n
		files++
		return nil
	})
	if err != nil {
		tb.Fatal(err)
	}
	if gz > FrontendBudget {
		tb.Errorf("frontend bundle: %d bytes gzip -9 in %d files, over the budget of %d", gz, files, FrontendBudget)
	}
	return files, raw, gz
}

type countWriter struct{ n int64 }

func (c *countWriter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

// BenchmarkFrontendBundle reports the built frontend's gzip size for `make bench` (which
// builds it first) and fails over the budget.
func BenchmarkFrontendBundle(b *testing.B) {
	var gz int64
	for b.Loop() {
		_, _, gz = bundleSize(b)
	}
	b.ReportMetric(float64(gz)/1000, "gzip-kB")
	b.ReportMetric(FrontendBudget/1000, "budget-kB")
}
