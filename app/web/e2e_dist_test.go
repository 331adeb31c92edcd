//go:build e2e && dist

package web

import (
	"bytes"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The installed package (scripts/dist-check.sh installs the .deb, then runs this with
// DOSSIER_INSTALLED_BIN set): its window opens under Xvfb, on its own, on a double-clicked
// bundle (Sync, inspecting it) and on a double-clicked card (Trust, reading it).
// Screenshots: artifacts/installed-*.png.

// window starts the installed binary with args on data and returns the settled screen.
func (s *screen) window(t *testing.T, bin, data, name string, args ...string) *image.RGBA {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(s.env(), "DOSSIER_DATA="+data)
	logs := &windowLog{}
	cmd.Stdout, cmd.Stderr = logs, logs
	started := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	defer func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case err := <-exited:
			if err != nil {
				t.Errorf("%s: the window exited with %v on SIGTERM:\n%s", name, err, logs.String())
			}
		case <-time.After(20 * time.Second):
			_ = cmd.Process.Kill()
			t.Errorf("%s: the window did not quit within 20 s of SIGTERM", name)
		}
	}()
	s.findWindow("Dossier", 30*time.Second, exited, logs)
	img, _ := s.settle(name, started, func(img *image.RGBA) bool { return colours(img) >= notBlank }, 1500*time.Millisecond, 60*time.Second)
	var shot bytes.Buffer
	if err := png.Encode(&shot, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(artifacts(t), "installed-"+name+".png")
	if err := os.WriteFile(p, shot.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s: %s (%d colours)", name, p, colours(img))
	select {
	case err := <-exited:
		t.Fatalf("%s: the window exited (%v):\n%s", name, err, logs.String())
	default:
	}
	return img
}

func TestInstalledWindow(t *testing.T) {
	bin := os.Getenv("DOSSIER_INSTALLED_BIN")
	if bin == "" {
		t.Fatal("DOSSIER_INSTALLED_BIN is not set: scripts/dist-check.sh installs the .deb and sets it")
	}
	bundle, card := os.Getenv("DOSSIER_CHECK_BUNDLE"), os.Getenv("DOSSIER_CHECK_CARD")
	const w, h = 1280, 800
	sc := &screen{t: t, xdotool: need(t, "xdotool")}
	sc.display = xvfb(t, w, h)

	data := t.TempDir()
	runCLI(t, bin, "init", "--name", "Secretariat", "--role", "secretariat", "--data", data)
	runCLI(t, bin, "demo", "--data", data)

	home := sc.window(t, bin, data, "1-home")
	if bundle == "" || card == "" {
		t.Fatal("DOSSIER_CHECK_BUNDLE and DOSSIER_CHECK_CARD name a bundle and a card to open (scripts/dist-check.sh sets them)")
	}
	for _, c := range []struct{ name, file string }{{"2-bundle", bundle}, {"3-card", card}} {
		img := sc.window(t, bin, data, c.name, c.file)
		if frac := changed(home, img); frac < 0.02 {
			t.Errorf("%s: the window opened on %s looks like the home screen (%.1f%% of pixels differ)", c.name, c.file, frac*100)
		}
	}
	// Opening files imported and trusted nothing, and the data is whole.
	if out := runCLI(t, bin, "check", "--data", data); !strings.HasSuffix(strings.TrimSpace(out), "OK") {
		t.Fatalf("check after the windows: %s", out)
	}
	if out := runCLI(t, bin, "trust", "list", "--data", data); strings.Contains(out, "Amina") {
		t.Fatalf("opening a card trusted it:\n%s", out)
	}
}
