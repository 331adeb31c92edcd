//go:build linux

package synce2e

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"dossier/app/identity"
	"dossier/app/internal/craft"
)

// peakRSS runs the binary on a data directory and returns its exit code, its output and the
// peak resident memory of the process, in MiB (getrusage of the child).
func peakRSS(t *testing.T, data string, args ...string) (int, string, float64) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "DOSSIER_DATA="+data)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		t.Skip("no rusage for child processes on this system: peak memory cannot be measured")
	}
	return code, out.String(), float64(ru.Maxrss) / 1024 // Linux reports KiB
}

// A 1 GiB decompression bomb, correctly signed, is refused whether its author is unknown
// (before the body is touched) or trusted (as soon as the body outgrows its header): the
// process stays far under 256 MB, and a refusal costs at most 64 MB above a refused bundle
// that is tiny.
func TestDecompressionBombsAreRefusedInBoundedMemory(t *testing.T) {
	sec := newInstall(t, "Secretariat", "secretariat")
	del := newInstall(t, "A. Benali", "delegate")
	stranger := newInstall(t, "Mallory", "delegate")
	sec.trust(t, del)
	idOf := func(in *install) *identity.Identity {
		id, err := identity.Load(in.dir)
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	const gib = 1 << 30
	small := write("small.dossier", craft.Bomb(idOf(stranger), stranger.key, 1, 4096, 4096))
	unknown := write("unknown-bomb.dossier", craft.Bomb(idOf(stranger), stranger.key, 1000, gib, gib))
	trusted := write("trusted-bomb.dossier", craft.Bomb(idOf(del), del.key, 1000, gib, gib))
	lying := write("lying-bomb.dossier", craft.Bomb(idOf(del), del.key, 1000, 256<<10, gib))
	before := sec.hash(t)

	code, out, idle := peakRSS(t, sec.dir, "import", small)
	if code == 0 || !strings.Contains(out, "unknown author") {
		t.Fatalf("a stranger's small bundle: exit %d\n%s", code, out)
	}
	t.Logf("a refused tiny bundle: peak %.0f MiB", idle)
	for _, tc := range []struct{ name, file, want string }{
		{"unknown author", unknown, "unknown author"},
		{"trusted author", trusted, "refused"},
		{"trusted author, lying header", lying, "refused"},
	} {
		code, out, peak := peakRSS(t, sec.dir, "import", tc.file)
		t.Logf("%s: exit %d, peak %.0f MiB: %s", tc.name, code, peak, strings.TrimSpace(out))
		if code == 0 || !strings.Contains(out, tc.want) {
			t.Fatalf("%s: exit %d\n%s", tc.name, code, out)
		}
		if peak > 256 {
			t.Fatalf("%s: peak RSS %.0f MiB, the bound is 256 MB", tc.name, peak)
		}
		if peak-idle > 64 {
			t.Fatalf("%s: peak RSS %.0f MiB is %.0f MiB above a refused tiny bundle (%.0f MiB); the bound is 64 MB", tc.name, peak, peak-idle, idle)
		}
		code, out, peak = peakRSS(t, sec.dir, "bundle", "inspect", tc.file)
		if peak > 256 || peak-idle > 64 {
			t.Fatalf("%s: inspect peaks at %.0f MiB (exit %d: %s)", tc.name, peak, code, out)
		}
	}
	if after := sec.hash(t); after != before {
		t.Fatal("a refused bomb changed the records")
	}
	sec.must(t, "check")
}
