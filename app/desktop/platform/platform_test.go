package platform

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
)

// dialog answers every save dialog with one path ("" is a cancel).
type dialog struct {
	Platform
	path string
}

func (d dialog) SaveFile(title, defaultName, dir string) (string, error) { return d.path, nil }

// TestSaveData: the bytes go where the dialog says, whole; a cancel writes nothing; bytes
// that are not base64 are refused before any dialog.
func TestSaveData(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "chart.svg")
	s := &Service{P: dialog{path: out}}
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><rect width="3" height="4"/></svg>`)
	path, err := s.SaveData("Save chart", "chart.svg", "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxyZWN0IHdpZHRoPSIzIiBoZWlnaHQ9IjQiLz48L3N2Zz4=")
	if err != nil || path != out {
		t.Fatalf("SaveData: %q %v", path, err)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, svg) {
		t.Fatalf("wrote %q", got)
	}
	if path, err := (&Service{P: dialog{}}).SaveData("Save chart", "chart.svg", "AAAA"); path != "" || err != nil {
		t.Fatalf("cancelled: %q %v", path, err)
	}
	_, err = s.SaveData("Save chart", "chart.png", "not base64!")
	if service.AsError(err).Fields["data"] == "" {
		t.Fatalf("bad base64: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Fatalf("files in the folder: %v", entries)
	}
}

// chooser answers dialogs with the next of its answers and records the folder each one
// was opened in.
type chooser struct {
	Platform
	answers [][]string // one per dialog; nil is a cancel
	opened  []string   // the dir each dialog was given
}

func (c *chooser) next(dir string) []string {
	c.opened = append(c.opened, dir)
	a := c.answers[0]
	c.answers = c.answers[1:]
	return a
}

func (c *chooser) first(dir string) string {
	if a := c.next(dir); len(a) > 0 {
		return a[0]
	}
	return ""
}

func (c *chooser) SaveFile(title, defaultName, dir string) (string, error) { return c.first(dir), nil }
func (c *chooser) OpenFile(title, pattern, dir string) (string, error)     { return c.first(dir), nil }
func (c *chooser) OpenFiles(title, pattern, dir string) ([]string, error)  { return c.next(dir), nil }

// TestDialogsRememberTheFolder: each dialog opens in the folder of the last file chosen in
// any dialog (a bundle exported to the stick, then the secretariat's bundle imported from
// it); a cancel keeps the folder; a folder that is gone (the stick removed) is not offered.
func TestDialogsRememberTheFolder(t *testing.T) {
	usb, docs := t.TempDir(), t.TempDir()
	gone := filepath.Join(t.TempDir(), "stick")
	if err := os.Mkdir(gone, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &chooser{answers: [][]string{
		{filepath.Join(usb, "mine.dossier")}, // export
		nil,                                  // a cancelled brief
		{filepath.Join(usb, "secretariat.dossier")}, // import
		{filepath.Join(docs, "brief-TUN.pdf")},      // a brief elsewhere
		{filepath.Join(gone, "x.card")},             // a card on a stick then removed
		nil,
	}}
	s := &Service{P: c}
	if _, err := s.SaveFile("Export", "mine.dossier"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFile("Save brief", "brief.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenFiles("Import", "*.dossier"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFile("Save brief", "brief.pdf"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.OpenFile("Open card", "*.card"); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveFile("Export", "mine.dossier"); err != nil {
		t.Fatal(err)
	}
	want := []string{"", usb, usb, usb, docs, ""}
	for i := range want {
		if c.opened[i] != want[i] {
			t.Errorf("dialog %d opened in %q, want %q (all: %q)", i+1, c.opened[i], want[i], c.opened)
		}
	}
}

// suggesting remembers the name the save dialog was given.
type suggesting struct {
	Platform
	name *string
}

func (d suggesting) SaveFile(title, defaultName, dir string) (string, error) {
	*d.name = defaultName
	return "", nil
}

// The save dialog suggests a name that can be saved: one longer than a file name may be
// (a bundle named after an installation of 100 Georgian letters) is shortened by
// service.FitName, its extension kept; a short one is suggested as it is.
func TestSaveFileSuggestsANameThatFits(t *testing.T) {
	var got string
	s := &Service{P: suggesting{name: &got}}
	long := "dossier-" + strings.Repeat("ქ", 100) + "-2026-12-04-1630-1.dossier"
	for name, want := range map[string]string{long: service.FitName(long), "brief-LBY-2026-12-04.pdf": "brief-LBY-2026-12-04.pdf"} {
		if _, err := s.SaveFile("Export", name); err != nil {
			t.Fatal(err)
		}
		if got != want || len(got) > service.MaxNameBytes {
			t.Errorf("suggested %q (%d bytes), want %q", got, len(got), want)
		}
	}
}
