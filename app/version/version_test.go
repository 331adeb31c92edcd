package version

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestDescribe(t *testing.T) {
	vcs := func(rev, at, modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Path: "dossier", Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs", Value: "git"}, {Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: at}, {Key: "vcs.modified", Value: modified}}}
	}
	const rev = "94b3204d18de56239654839bba9f842d424eb725"
	for _, c := range []struct {
		name                  string
		bi                    *debug.BuildInfo
		ldV, ldC, ldD         string
		version, commit, date string
		modified              bool
		madeBy                string
	}{
		{name: "no build information", version: Devel, madeBy: Devel},
		{name: "a test binary", bi: &debug.BuildInfo{Main: debug.Module{Path: "dossier", Version: "(devel)"}}, version: Devel, madeBy: Devel},
		{name: "a checkout", bi: vcs(rev, "2026-12-01T21:50:27Z", "false"),
			version: Devel, commit: rev, date: "2026-12-01T21:50:27Z", madeBy: "devel+94b3204d18de"},
		{name: "a checkout with changes", bi: vcs(rev, "2026-12-01T21:50:27Z", "true"),
			version: Devel, commit: rev, date: "2026-12-01T21:50:27Z", modified: true, madeBy: "devel+94b3204d18de"},
		{name: "a pseudo-version is not a release", bi: &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261201215027-94b3204d18de+dirty"}},
			version: Devel, madeBy: Devel},
		{name: "a tagged module", bi: &debug.BuildInfo{Main: debug.Module{Version: "v0.3.1"}}, version: "0.3.1", madeBy: "0.3.1"},
		{name: "a release (make dist)", bi: vcs("ffff", "2020-01-01T00:00:00Z", "true"), ldV: "v0.1.0", ldC: rev, ldD: "2026-12-02T10:00:00Z",
			version: "0.1.0", commit: rev, date: "2026-12-02T10:00:00Z", madeBy: "0.1.0"},
		{name: "a release from a changed checkout", ldV: "0.1.0", ldC: rev + "-modified",
			version: "0.1.0", commit: rev, modified: true, madeBy: "0.1.0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			in := describe(c.bi, c.ldV, c.ldC, c.ldD)
			if in.Version != c.version || in.Commit != c.commit || in.Date != c.date || in.Modified != c.modified || in.MadeBy != c.madeBy {
				t.Fatalf("got %+v", in)
			}
			if !MadeByRE.MatchString(in.MadeBy) {
				t.Fatalf("made_by %q does not fit %s", in.MadeBy, MadeByRE)
			}
		})
	}
}

func TestGet(t *testing.T) {
	in := Get()
	if in.StoreFormat != StoreFormat || in.BundleFormat != BundleFormat || in.BackupFormat != BackupFormat || in.CardFormat != CardFormat {
		t.Fatalf("formats: %+v", in)
	}
	if !MadeByRE.MatchString(MadeBy()) || !strings.Contains(in.Platform, "/") || !strings.HasPrefix(in.Go, "go") {
		t.Fatalf("info: %+v", in)
	}
	// Written formats are read, and the default is among them.
	read := BundleFormatsRead()
	for _, f := range append(BundleFormatsWritten(), BundleFormat) {
		found := false
		for _, r := range read {
			found = found || r == f
		}
		if !found {
			t.Fatalf("format %d is written but not read (%v)", f, read)
		}
	}
	in.BundleFormatsRead[0] = 99 // callers get copies
	if BundleFormatsRead()[0] == 99 {
		t.Fatal("the formats read can be changed by a caller")
	}
}

func TestSanitize(t *testing.T) {
	for in, want := range map[string]string{
		"0.1.0":                   "0.1.0",
		"1.2.3-rc.1+abc":          "1.2.3-rc.1+abc",
		"":                        "0",
		"-x":                      "0x",
		"1.0 beta":                "1.0_beta",
		"0.1\n\x1b[31m":           "0.1___31m",
		"é1":                      "01",
		strings.Repeat("9", 100):  strings.Repeat("9", 64),
		"v1.0/../../etc":          "v1.0_.._.._etc",
		"1.0\u202e":               "1.0_",
		"devel+94b3204d18de":      "devel+94b3204d18de",
		"Dossier_for_Windows~1.2": "Dossier_for_Windows~1.2",
	} {
		got := Sanitize(in)
		if got != want || !MadeByRE.MatchString(got) {
			t.Errorf("Sanitize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMessages(t *testing.T) {
	if got := NewerMessage("0.9.0", 2); got != "made by Dossier 0.9.0 (format 2): update Dossier to read it" {
		t.Fatal(got)
	}
	if got := NewerFormatMessage("0.9.0", "store format", 7); got != "made by Dossier 0.9.0 (store format 7): update Dossier to read it" {
		t.Errorf("NewerFormatMessage = %q", got)
	}
	if got := NewerMessage("", 12); got != "made by a newer Dossier (format 12): update Dossier to read it" {
		t.Fatal(got)
	}
	if Name("") != "an earlier Dossier" || Name("0.1.0") != "Dossier 0.1.0" {
		t.Fatal(Name(""), Name("0.1.0"))
	}
}

func TestSameStateHash(t *testing.T) {
	// Literal formats: that 3 to 6 make the same records is a claim (docs/storage.md, "Which
	// hashes compare"); the next store format must decide it again here.
	for format, want := range map[int]bool{-1: false, 0: false, 1: false, 2: false, 3: true, 4: true, 5: true, 6: true, 7: false} {
		if got := SameStateHash(format); got != want {
			t.Errorf("SameStateHash(%d) = %v, want %v", format, got, want)
		}
	}
}
