package service

import (
	"os"
	"runtime"
	"testing"
)

// TestDataDirFor: every platform's rule, run on whatever platform the tests run on (the
// Windows and macOS builds are cross-compiled and not run here: docs/platforms.md).
func TestDataDirFor(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, c := range []struct {
		name, goos string
		env        func(string) string
		home, want string
	}{
		{"windows", "windows", env("APPDATA", `C:\Users\Amina\AppData\Roaming`, "USERPROFILE", `C:\Users\Amina`), `C:\Users\Amina`,
			`C:\Users\Amina\AppData\Roaming\Dossier`},
		{"windows, APPDATA with a trailing separator", "windows", env("APPDATA", `D:\Profiles\abenali\AppData\Roaming\`), `C:\Users\abenali`,
			`D:\Profiles\abenali\AppData\Roaming\Dossier`},
		{"windows, a roaming profile on a share", "windows", env("APPDATA", `\\fs01\profiles$\abenali\AppData\Roaming`), `C:\Users\abenali`,
			`\\fs01\profiles$\abenali\AppData\Roaming\Dossier`},
		{"windows, no APPDATA", "windows", env("USERPROFILE", `C:\Users\Amina`), `C:\Users\Amina`, `C:\Users\Amina\AppData\Roaming\Dossier`},
		{"windows, nothing but a home", "windows", env(), `C:\Users\Amina`, `C:\Users\Amina\AppData\Roaming\Dossier`},
		{"windows, DOSSIER_DATA wins", "windows", env("DOSSIER_DATA", `E:\dossier-test`, "APPDATA", `C:\x`), `C:\Users\Amina`, `E:\dossier-test`},
		{"macOS", "darwin", env("XDG_DATA_HOME", "/ignored"), "/Users/amina", "/Users/amina/Library/Application Support/Dossier"},
		{"linux", "linux", env(), "/home/amina", "/home/amina/.local/share/dossier"},
		{"linux, XDG_DATA_HOME", "linux", env("XDG_DATA_HOME", "/data/amina"), "/home/amina", "/data/amina/dossier"},
		{"linux, a relative XDG_DATA_HOME is ignored (XDG spec)", "linux", env("XDG_DATA_HOME", "data"), "/home/amina", "/home/amina/.local/share/dossier"},
		{"linux, DOSSIER_DATA wins", "linux", env("DOSSIER_DATA", "/tmp/d", "XDG_DATA_HOME", "/x"), "/home/amina", "/tmp/d"},
		{"freebsd", "freebsd", env(), "/home/amina", "/home/amina/.local/share/dossier"},
		{"another system", "plan9", env(), "/usr/amina", "/usr/amina/.dossier"},
	} {
		if got := DataDirFor(c.goos, c.env, c.home); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
	// And on this machine, the program's own answer follows the same rule.
	home, _ := os.UserHomeDir()
	if got, want := DefaultDataDir(), DataDirFor(runtime.GOOS, os.Getenv, home); got != want {
		t.Fatalf("DefaultDataDir %q, DataDirFor %q", got, want)
	}
}
