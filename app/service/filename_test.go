package service

import (
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// A name Dossier proposes fits the 255 bytes of a file name with room for a browser's
// ".crdownload" and " (1)" (fitNameBytes, 239): cut between two characters of
// any width (never before an accent that combines with the letter before it), the extension
// kept, a tag of the whole name's hash added so that names differing past the cut differ.
func TestFitName(t *testing.T) {
	georgian := strings.Repeat("ქართული", 20) // 140 letters, 3 bytes each
	amharic := strings.Repeat("የኢትዮጵያ", 30)   // 150 letters, 3 bytes each
	greek := strings.Repeat("Ελλάδα-", 30)    // 2 bytes a letter
	emoji := strings.Repeat("🌍", 70)          // 4 bytes each
	nfd := strings.Repeat("e\u0301", 130)     // e + combining acute: 3 bytes a letter
	for _, tc := range []struct {
		name, in, ext string
		same          bool // fits already: unchanged
	}{
		{"short", "dossier-amina-benali-2026-12-04-1630-1.dossier", ".dossier", true},
		{"239 bytes", strings.Repeat("a", 231) + ".dossier", ".dossier", true},
		{"240 bytes", strings.Repeat("a", 232) + ".dossier", ".dossier", false},
		{"Georgian bundle", "dossier-" + georgian + "-2026-12-04-1630-1.dossier", ".dossier", false},
		{"Amharic card", amharic + ".card", ".card", false},
		{"Greek pdf", greek + ".pdf", ".pdf", false},
		{"emoji", emoji + ".png", ".png", false},
		{"combining accents", nfd + ".txt", ".txt", false},
		{"no extension", georgian + georgian, "", false},
		{"a dot in a title is no extension", "Rapport. " + georgian + " suite du rapport", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := FitName(tc.in)
			if tc.same {
				if got != tc.in {
					t.Fatalf("a name that fits was changed: %q", got)
				}
				return
			}
			if len(got) > fitNameBytes || !utf8.ValidString(got) || !strings.HasSuffix(got, tc.ext) {
				t.Fatalf("%q: %d bytes, valid %v, want at most %d ending %q", got, len(got), utf8.ValidString(got), fitNameBytes, tc.ext)
			}
			stem := strings.TrimSuffix(got, tc.ext)
			if i := strings.LastIndexByte(stem, '-'); i < 0 || len(stem)-i != 9 || !strings.HasPrefix(tc.in, stem[:i]) {
				t.Fatalf("%q: not the start of the name, a dash and 8 hex digits", got)
			}
			if strings.HasSuffix(stem[:strings.LastIndexByte(stem, '-')], "e") && strings.Contains(tc.in, "\u0301") {
				t.Errorf("%q: an accent was cut from its letter", got)
			}
			if FitName(tc.in) != got {
				t.Errorf("not the same name twice")
			}
			if other := FitName(tc.in[:len(tc.in)-len(tc.ext)] + "x" + tc.ext); other == got {
				t.Errorf("two names that differ past the cut give one name: %q", got)
			}
		})
	}
}

// A bundle downloaded in browser mode, named after an installation whose name is 100
// Georgian letters (300 bytes), is exported under a shortened name; before, the temporary
// file with that name could not be written and the export was refused with "choose another
// folder", which a browser user cannot do.
func TestExportDataFitsALongName(t *testing.T) {
	name := strings.Repeat("ქ", 100)
	sy := &Sync{App: initApp(t, name, "delegate")}
	if _, err := (&Records{App: sy.App}).Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"Reception centres"`), "status": json.RawMessage(`"agreed"`)}); err != nil {
		t.Fatal(err)
	}
	want := "dossier-" + fileSlug(name, "") + "-2026-12-04-1630-1.dossier" // as the Sync screen names it
	f, err := sy.ExportData(ExportDataOptions{Name: want})
	if err != nil {
		t.Fatalf("%d bytes: %v", len(want), err)
	}
	if len(f.Name) > fitNameBytes || !strings.HasSuffix(f.Name, ".dossier") || f.Report.File != f.Name || len(f.Data) == 0 {
		t.Fatalf("downloaded as %q (%d bytes), report %q, %d bytes of data", f.Name, len(f.Name), f.Report.File, len(f.Data))
	}
	if c, err := sy.CardData(); err != nil || len(c.Name) > fitNameBytes || !strings.HasSuffix(c.Name, ".card") {
		t.Fatalf("card downloaded as %q (%v)", c.Name, err)
	}
}

// A path the person chose whose name is longer than a file name may be is refused with what
// to do about it (a shorter name), not "choose another folder".
func TestPathWithANameTooLong(t *testing.T) {
	dir := t.TempDir()
	name := strings.Repeat("Ελλάδα ", 22) + ".csv" // 290 bytes
	err := (*App)(nil).writeFileAt("path", filepath.Join(dir, name), 0o600, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
	var se *Error
	if !errors.As(err, &se) {
		t.Fatalf("%v", err)
	}
	p := se.Problems["path"]
	if p.Code != "path_name_too_long" || p.Params["bytes"] != "290" || p.Params["max"] != "255" || !strings.HasPrefix(p.Params["name"], "Ελλάδα Ελλάδα") {
		t.Fatalf("%+v", p)
	}
	if !strings.Contains(se.Message, "choose a shorter name") || strings.Contains(se.Message, "another folder") {
		t.Errorf("message: %s", se.Message)
	}
}

// Names from another system are proposed in a form every usual file system writes as it
// reads: Windows takes ":" for a stream, refuses <>"|?*, drops trailing dots and spaces, and
// keeps device names (docs/storage.md, "Files").
func TestFitNameIsPortable(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Réunion 10:30.pdf", "Réunion 10_30.pdf"},
		{"report.exe:x.pdf", "report.exe_x.pdf"},
		{`Q&A "draft" <v2>|final?*.docx`, "Q&A _draft_ _v2__final__.docx"},
		{"minutes.pdf.", "minutes.pdf"},
		{"minutes.pdf . ", "minutes.pdf"},
		{"CON.pdf", "CON_.pdf"},
		{"nul.txt", "nul_.txt"},
		{"Com1.tar.gz", "Com1_.tar.gz"},
		{"aux", "aux_"},
		{"console.pdf", "console.pdf"},
		{"COM¹.pdf", "COM¹_.pdf"}, // Windows reads ¹²³ as digits
		{"lpt³.txt", "lpt³_.txt"},
		{"CONIN$.txt", "CONIN$_.txt"},
		{"conout$", "conout$_"},
		{"COM10.pdf", "COM10.pdf"},
		{"Accord UE–Tunisie (signé).pdf", "Accord UE–Tunisie (signé).pdf"},
		{"...", "_"},
	} {
		if got := FitName(tc.in); got != tc.want {
			t.Errorf("FitName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
