package service_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// An output path inside the data directory (a bundle dropped into files/, a backup over a
// Badger file, a brief beside them) is refused with path_in_data on its field, whatever way
// it names the place (a link to it, "..", the directory itself), and nothing is written
// there; the same names outside it, even beside it, are written.
func TestOutputInsideTheDataDirectoryIsRefused(t *testing.T) {
	a := sampleApp(t)
	data := a.DataDir
	var badgerFile string
	filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, "MANIFEST") {
			badgerFile = p
		}
		return nil
	})
	if badgerFile == "" {
		t.Fatal("no Badger MANIFEST in the data directory")
	}
	// What is in the data directory besides Badger's own folder, whose files Badger changes.
	entries := func() map[string]bool {
		seen := map[string]bool{}
		filepath.WalkDir(data, func(p string, d os.DirEntry, err error) error {
			if err == nil && p == filepath.Dir(badgerFile) {
				return filepath.SkipDir
			}
			if err == nil {
				seen[p] = true
			}
			return nil
		})
		return seen
	}
	manifest, _ := os.ReadFile(badgerFile)
	outside := t.TempDir()
	link := filepath.Join(outside, "link")
	if err := os.Symlink(data, link); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(outside, "sub")
	os.Mkdir(sub, 0o755)

	brief := &service.Brief{App: a}
	writers := map[string]func(path string) error{
		"export": func(p string) error {
			_, err := (&service.Sync{App: a}).Export(service.ExportOptions{Out: p, All: true})
			return err
		},
		"backup": func(p string) error { _, err := (&service.Admin{App: a}).Backup(p); return err },
		"brief":  func(p string) error { return brief.SavePDF("LBY", service.BriefOptions{}, p) },
		"pack": func(p string) error {
			return brief.SavePack(context.Background(), service.PackRequest{Countries: []string{"LBY"}}, p)
		},
		"pack job": func(p string) error {
			j, err := brief.StartSavePack(service.PackRequest{Countries: []string{"LBY"}}, p)
			if err != nil {
				return err
			}
			if j = waitPack(t, brief, j.ID); j.State != service.JobDone {
				return errors.New(j.State + ": " + p)
			}
			return nil
		},
		"csv": func(p string) error {
			_, err := (&service.CSV{App: a}).SaveExport(service.Query{Kind: "party"}, "", p)
			return err
		},
		"card":  func(p string) error { _, err := (&service.Sync{App: a}).WriteCard(p); return err },
		"audit": func(p string) error { _, err := (&service.Audit{App: a}).SaveExport("", "", p); return err },
		"briefs/": func(p string) error {
			_, err := brief.WriteEach(context.Background(), []string{"LBY"}, service.BriefOptions{}, p)
			return err
		},
	}
	inside := []string{
		filepath.Join(data, "out.file"),
		filepath.Join(data, "files", "out.file"),
		filepath.Join(data, "new folder", "deeper", "out.file"),
		filepath.Join(link, "files", "out.file"),
		filepath.Join(sub, "..", "link", "out.file"),
		badgerFile,
	}
	before := entries()
	for name, write := range writers {
		for _, p := range inside {
			err := write(p)
			var se *service.Error
			if !errors.As(err, &se) || len(se.Problems) != 1 {
				t.Errorf("%s to %s: %v", name, p, err)
				continue
			}
			for field, pr := range se.Problems {
				if pr.Code != "path_in_data" || pr.Params["folder"] != data || !strings.Contains(se.Message, "data folder") {
					t.Errorf("%s to %s: %s %+v (%s)", name, p, field, pr, se.Message)
				}
			}
		}
		if name == "briefs/" {
			if err := write(data); err == nil {
				t.Errorf("briefs written into the data directory itself")
			}
		}
	}
	for p := range entries() {
		if !before[p] {
			t.Errorf("written in the data directory: %s", p)
		}
	}
	if now, _ := os.ReadFile(badgerFile); string(now) != string(manifest) {
		t.Error("the Badger MANIFEST was overwritten")
	}
	// Outside, beside the data directory (a name it begins), every one writes.
	for name, write := range writers {
		dir := filepath.Join(data+"-out", strings.TrimSuffix(name, "/"))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := write(filepath.Join(dir, "out.file")); err != nil {
			t.Errorf("%s beside the data directory: %v", name, err)
		}
	}
}
