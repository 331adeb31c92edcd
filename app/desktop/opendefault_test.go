package desktop

import (
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// fakeOpener puts an xdg-open first (and alone) on PATH that records its argument in a file,
// and exits with code. pkg/browser runs xdg-open on Linux and the BSDs; macOS runs open and
// Windows rundll32, which a shell script cannot stand in for.
func fakeOpener(t *testing.T, code int) (record string) {
	t.Helper()
	if runtime.GOOS == "darwin" || runtime.GOOS == "windows" {
		t.Skipf("the system opener on %s is not xdg-open", runtime.GOOS)
	}
	bin := t.TempDir()
	record = filepath.Join(t.TempDir(), "argument")
	script := "#!/bin/sh\nprintf '%s' \"$1\" > '" + record + "'\nexit " + string(rune('0'+code)) + "\n"
	if err := os.WriteFile(filepath.Join(bin, "xdg-open"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", bin)
	return record
}

// The opener gets the file as a file:// URL that decodes to its path, also for names with
// spaces, "%", "#" and "?" (which an unescaped URL would garble or cut).
func TestOpenDefaultRunsTheSystemOpener(t *testing.T) {
	record := fakeOpener(t, 0)
	dir := t.TempDir()
	for _, name := range []string{"MoU EU-Libya signed.pdf", "100% report #2?.pdf", "procès-verbal.odt"} {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := openDefault(path); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		arg, err := os.ReadFile(record)
		if err != nil {
			t.Fatalf("%s: the opener did not run: %v", name, err)
		}
		u, err := url.Parse(string(arg))
		if err != nil {
			t.Errorf("%s: the opener got %q, not a URL: %v", name, arg, err)
		} else if u.Scheme != "file" || u.Path != path || u.Fragment != "" || u.RawQuery != "" {
			t.Errorf("%s: the opener got %q (path %q)", name, arg, u.Path)
		}
		_ = os.Remove(record)
	}
}

// An opener that fails is reported, naming the file, rather than taken for success.
func TestOpenDefaultReportsAFailure(t *testing.T) {
	fakeOpener(t, 3)
	err := openDefault(filepath.Join(t.TempDir(), "minutes.pdf"))
	if err == nil || !strings.Contains(err.Error(), "no application could open minutes.pdf") {
		t.Fatalf("got %v", err)
	}
}
