package desktop

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestLaunch: what opens the window and what runs a command, as main decides it on every
// platform (a double click on Windows passes the file's path, as on Linux).
func TestLaunch(t *testing.T) {
	dir := t.TempDir()
	file := func(name string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bundle, card, oldCard, upper := file("from Amina.dossier"), file("amina.card"), file("amina.card.json"), file("PACK.DOSSIER")
	for _, c := range []struct {
		name   string
		args   []string
		window bool
		file   *LaunchFile
	}{
		{"no argument: the Start menu, a desktop entry", nil, true, nil},
		{"a double-clicked bundle", []string{bundle}, true, &LaunchFile{Path: bundle, Kind: LaunchBundle}},
		{"a double-clicked card", []string{card}, true, &LaunchFile{Path: card, Kind: LaunchCard}},
		{"a card as the window used to name them", []string{oldCard}, true, &LaunchFile{Path: oldCard, Kind: LaunchCard}},
		{"Windows: extensions in capitals", []string{upper}, true, &LaunchFile{Path: upper, Kind: LaunchBundle}},
		{"macOS Finder", []string{"-psn_0_1234567"}, true, nil},
		{"a command", []string{"demo"}, false, nil},
		{"a command about a bundle", []string{"import", bundle}, false, nil},
		{"a bundle that is not there", []string{filepath.Join(dir, "missing.dossier")}, false, nil},
		{"a directory named like a bundle", []string{dir + "/x.dossier/"}, false, nil},
		{"another file type", []string{file("notes.txt")}, false, nil},
		{"help", []string{"--help"}, false, nil},
	} {
		f, w := Launch(c.args)
		if w != c.window || (f == nil) != (c.file == nil) || (f != nil && *f != *c.file) {
			t.Errorf("%s: Launch(%q) = %+v, %v", c.name, c.args, f, w)
		}
	}
}

// TestLaunchedFileReachesTheWindowOnce: the frontend asks which file the window was opened
// with, and is told once.
func TestLaunchedFileReachesTheWindowOnce(t *testing.T) {
	b, p := NewBridgeWith(&LaunchFile{Path: "/tmp/x.dossier", Kind: LaunchBundle}), &fakePlatform{}
	if !b.start(context.Background(), p, t.TempDir()) {
		t.Fatalf("start: %v", p.messages)
	}
	defer b.close()
	if f := decode[*LaunchFile](t, mustCall(t, b, "Platform", "Launched")); f == nil || f.Path != "/tmp/x.dossier" || f.Kind != "bundle" {
		t.Fatalf("first: %+v", f)
	}
	if f := decode[*LaunchFile](t, mustCall(t, b, "Platform", "Launched")); f != nil {
		t.Fatalf("second: %+v", f)
	}
}

// TestOpenFileEvent: a file the system hands over while starting (macOS) reaches the
// frontend the same way, whether it comes before or after the data directory opens.
func TestOpenFileEvent(t *testing.T) {
	dir := t.TempDir()
	bundle, other := filepath.Join(dir, "a.dossier"), filepath.Join(dir, "a.txt")
	for _, p := range []string{bundle, other} {
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, early := range []bool{true, false} {
		b, p := NewBridge(), &fakePlatform{}
		if early {
			b.openFile(bundle)
		}
		if !b.start(context.Background(), p, t.TempDir()) {
			t.Fatalf("start: %v", p.messages)
		}
		if !early {
			b.openFile(other) // ignored: not a type Dossier opens
			b.openFile(bundle)
		}
		if f := decode[*LaunchFile](t, mustCall(t, b, "Platform", "Launched")); f == nil || f.Path != bundle || f.Kind != LaunchBundle {
			t.Fatalf("early %v: %+v", early, f)
		}
		b.close()
	}
}
