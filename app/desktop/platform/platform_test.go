package platform

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"dossier/app/service"
)

// dialog answers every save dialog with one path ("" is a cancel).
type dialog struct {
	Platform
	path string
}

func (d dialog) SaveFile(title, defaultName string) (string, error) { return d.path, nil }

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
