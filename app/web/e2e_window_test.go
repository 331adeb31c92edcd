//go:build e2e

package web

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/jezek/xgb"
	"github.com/jezek/xgb/xproto"
)

// The real window: the desktop build (Wails, WebKitGTK 4.1) started under Xvfb, found with
// xdotool, screenshotted straight from the X server, clicked, screenshotted again.

const desktopTags = "desktop,production,webkit2_41"

// xvfb starts a virtual screen and returns its DISPLAY.
func xvfb(t *testing.T, w, h int) string {
	t.Helper()
	exe := need(t, "Xvfb")
	r, wr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, "-displayfd", "3", "-screen", "0", fmt.Sprintf("%dx%dx24", w, h), "-nolisten", "tcp", "-ac")
	cmd.ExtraFiles = []*os.File{wr}
	if err := cmd.Start(); err != nil {
		t.Fatalf("Xvfb: %v", err)
	}
	wr.Close()
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	num := make(chan string, 1)
	go func() {
		buf := make([]byte, 32)
		n, _ := r.Read(buf)
		num <- strings.TrimSpace(string(buf[:n]))
	}()
	select {
	case d := <-num:
		if d == "" {
			t.Fatal("Xvfb reported no display")
		}
		return ":" + d
	case <-time.After(20 * time.Second):
		t.Fatal("Xvfb did not start in 20 s")
	}
	return ""
}

type screen struct {
	t       *testing.T
	display string
	xdotool string
	x       *xgb.Conn
}

// env is the window's environment: this process's, on the test's display, with a UTF-8 locale
// when none is set, as a desktop session has (GTK's dialogs translate nothing under C).
func (s *screen) env() []string {
	env := append(os.Environ(), "DISPLAY="+s.display)
	if os.Getenv("LANG") == "" && os.Getenv("LC_ALL") == "" {
		env = append(env, "LANG=C.UTF-8")
	}
	return env
}

func (s *screen) xdo(args ...string) (string, error) {
	cmd := exec.Command(s.xdotool, args...)
	cmd.Env = s.env()
	out, err := cmd.CombinedOutput()
	return strings.TrimSpace(string(out)), err
}

// grab screenshots the whole screen straight from the X server (GetImage on the root
// window): a few milliseconds, where starting ImageMagick's import took 70–400 ms on a
// loaded machine and so blurred every figure by that much.
func (s *screen) grab() *image.RGBA {
	s.t.Helper()
	if s.x == nil {
		c, err := xgb.NewConnDisplay(s.display)
		if err != nil {
			s.t.Fatalf("connect to X %s: %v", s.display, err)
		}
		s.x = c
		s.t.Cleanup(c.Close)
	}
	root := xproto.Setup(s.x).DefaultScreen(s.x)
	w, h := int(root.WidthInPixels), int(root.HeightInPixels)
	reply, err := xproto.GetImage(s.x, xproto.ImageFormatZPixmap, xproto.Drawable(root.Root), 0, 0, uint16(w), uint16(h), 0xffffffff).Reply()
	if err != nil {
		s.t.Fatalf("X GetImage: %v", err)
	}
	if len(reply.Data) < w*h*4 {
		s.t.Fatalf("X GetImage: %d bytes for %dx%d (the screen is not 24/32-bit)", len(reply.Data), w, h)
	}
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < w*h; i++ { // BGRX -> RGBA
		px := reply.Data[i*4 : i*4+4]
		img.Pix[i*4], img.Pix[i*4+1], img.Pix[i*4+2], img.Pix[i*4+3] = px[2], px[1], px[0], 0xff
	}
	return img
}

func (s *screen) save(name string, img image.Image) string {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		s.t.Fatal(err)
	}
	p := filepath.Join(artifacts(s.t), "window-"+name+".png")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		s.t.Fatal(err)
	}
	return p
}

// colours counts the distinct colours of an image (sampled every other pixel).
func colours(img *image.RGBA) int {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			o := img.PixOffset(x, y)
			seen[uint32(img.Pix[o])<<16|uint32(img.Pix[o+1])<<8|uint32(img.Pix[o+2])] = true
		}
	}
	return len(seen)
}

// changed is the fraction of pixels that differ between two screenshots.
func changed(a, b *image.RGBA) float64 {
	if a.Bounds() != b.Bounds() {
		return 1
	}
	if bytes.Equal(a.Pix, b.Pix) {
		return 0
	}
	diff, total := 0, 0
	for i := 0; i+3 < len(a.Pix); i += 8 { // every other pixel
		total++
		if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
			diff++
		}
	}
	return float64(diff) / float64(total)
}

// changedBox is the rectangle where a and b differ (empty when they do not), for the log: it
// tells which part of the screen painted late.
func changedBox(a, b *image.RGBA) image.Rectangle {
	var box image.Rectangle
	if a == nil || a.Bounds() != b.Bounds() {
		return b.Bounds()
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := a.PixOffset(x, y)
			if a.Pix[i] != b.Pix[i] || a.Pix[i+1] != b.Pix[i+1] || a.Pix[i+2] != b.Pix[i+2] {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

// scrollbarStrip is the width, at the window's right edge, of GTK's overlay scrollbar.
const scrollbarStrip = 10

const notBlank = 40 // distinct colours: text anti-aliasing gives hundreds; a blank or single-colour window a handful

// settle waits until the screen stops changing (no change for `quiet`), and returns it.
// The time of a change is when the grab that first saw it returned, an upper bound that the
// few milliseconds of a grab keep tight.
// Each change is logged against `from`, so the log shows what painted when.
func (s *screen) settle(name string, from time.Time, ok func(*image.RGBA) bool, quiet, timeout time.Duration) (*image.RGBA, time.Time) {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var last *image.RGBA
	var since time.Time
	for time.Now().Before(deadline) {
		img := s.grab()
		now := time.Now()
		if last == nil || changed(last, img) > 0 {
			box := changedBox(last, img)
			if last != nil && box.Min.X >= img.Bounds().Max.X-scrollbarStrip {
				// GTK's overlay scrollbar fading out at the right edge (for a second or more
				// after content appears): not the page painting.
				last = img
				continue
			}
			s.t.Logf("%s: the screen changed at +%v (%d colours, in %v)", name, now.Sub(from).Round(time.Millisecond), colours(img), box)
			last, since = img, now
		} else if ok(img) && now.Sub(since) >= quiet {
			return last, since
		}
		time.Sleep(10 * time.Millisecond)
	}
	if last != nil {
		s.save("FAIL-"+name, last)
		s.t.Fatalf("%s: the screen did not settle in %v (colours %d)", name, timeout, colours(last))
	}
	s.t.Fatalf("%s: no screenshot in %v", name, timeout)
	return nil, time.Time{}
}

// navRect asks the same frontend, served in headless Chromium at the window's size, where a
// navigation item is (the window shows the same page at the same size).
func navRect(t *testing.T, bin, data, id string, w, h int) (x, y int) {
	t.Helper()
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	ctx := browser(t)
	// Closed before the window starts: a browser left open would share the CPU with the
	// window being measured.
	defer func() { _ = chromedp.Cancel(ctx) }()
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("viewport", chromedp.EmulateViewport(int64(w), int64(h)))
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	p.wait(id, p.exists(tid(id)))
	pos := p.eval("rect", fmt.Sprintf(`(() => { const r = document.querySelector(%s).getBoundingClientRect();
		return Math.round(r.left + r.width / 2) + "," + Math.round(r.top + r.height / 2); })()`, js(tid(id))))
	xs, ys, _ := strings.Cut(pos, ",")
	x, _ = strconv.Atoi(xs)
	y, _ = strconv.Atoi(ys)
	return x, y
}

// findWindow waits for a top-level window named exactly name and returns its id. When the
// window never appears, or its process ends first, the failure carries the process's own log:
// without it, a window that did not start under load cannot be told from one that crashed.
func (s *screen) findWindow(name string, timeout time.Duration, exited chan error, logs *windowLog) string {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		out, err := s.xdo("search", "--onlyvisible", "--name", "^"+name+"$")
		if err == nil && out != "" {
			ids := strings.Fields(out)
			return ids[len(ids)-1]
		}
		select {
		case err := <-exited:
			exited <- err // for the caller's own wait
			// Whether the display still answers tells a display that went away (an Xvfb killed
			// from outside, once seen while other tests shared the machine) from a window that failed.
			geom, gerr := s.xdo("getdisplaygeometry")
			s.t.Fatalf("the process exited (%v) before a window named %q appeared (display %s: %q %v); its log:\n%s", err, name, s.display, geom, gerr, logs)
		case <-time.After(50 * time.Millisecond):
		}
	}
	s.t.Fatalf("no window named %q appeared in %v; the process's log:\n%s", name, timeout, logs)
	return ""
}

// windowLog is a window process's output, read by the test while the process still writes it.
type windowLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *windowLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *windowLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func TestWindowSmoke(t *testing.T) {
	const w, h = 1280, 800
	sc := &screen{t: t, xdotool: need(t, "xdotool")}
	sc.display = xvfb(t, w, h)

	bin := os.Getenv("DOSSIER_DESKTOP_BIN") // scripts/test-e2e.sh builds build/bin/dossier
	if bin == "" {
		bin = buildBinary(t, desktopTags)
	}
	data := t.TempDir()
	t0 := time.Now()
	seedCommitments(t, data, 10_000)
	metric(t, "seed 10k commitments", "%v", time.Since(t0).Round(time.Millisecond))
	navX, navY := navRect(t, bin, data, "nav-commitment", w, h)

	win := exec.Command(bin)
	win.Env = append(sc.env(), "DOSSIER_DATA="+data)
	logs := &windowLog{}
	win.Stdout, win.Stderr = logs, logs
	start := time.Now()
	if err := win.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- win.Wait() }()
	t.Cleanup(func() {
		if win.ProcessState == nil {
			_ = win.Process.Kill()
		}
	})

	id := sc.findWindow("Dossier", 30*time.Second, exited, logs)
	mapped := time.Since(start)
	geom, _ := sc.xdo("getwindowgeometry", id)
	t.Logf("window %s: %s", id, strings.ReplaceAll(geom, "\n", "; "))

	// The home screen's charts and lists come after its first paint, later under load: 1.5 s
	// of stillness, so that the click's change is the list and not a late chart. (The time
	// taken is the last change's, not the end of the wait.)
	home, homeAt := sc.settle("start", start, func(img *image.RGBA) bool { return colours(img) >= notBlank }, 1500*time.Millisecond, 60*time.Second)
	p1 := sc.save("1-start", home)
	metric(t, "window start to mapped", "%v", mapped.Round(time.Millisecond))
	metric(t, "window start to first screen painted (10k commitments)", "%v (%d colours)", homeAt.Sub(start).Round(time.Millisecond), colours(home))
	if n := colours(home); n < notBlank {
		t.Fatalf("the window looks blank: %d colours (%s)\n%s", n, p1, logs.String())
	}

	// Click "Commitments" in the sidebar; the list must replace the home screen.
	clickAt := time.Now()
	if out, err := sc.xdo("mousemove", "--window", id, strconv.Itoa(navX), strconv.Itoa(navY), "click", "1"); err != nil {
		t.Fatalf("xdotool click: %v %s", err, out)
	}
	list, listAt := sc.settle("after-click", clickAt, func(img *image.RGBA) bool { return changed(home, img) > 0.02 && colours(img) >= notBlank },
		700*time.Millisecond, 30*time.Second)
	p2 := sc.save("2-commitments", list)
	frac := changed(home, list)
	metric(t, "window click Commitments to list painted (10k commitments)", "%v (%.0f%% of pixels changed)", listAt.Sub(clickAt).Round(time.Millisecond), frac*100)
	// The test waits for the home screen to stay still before clicking; without that wait a
	// delegate who clicks at once sees the list after first paint + click-to-list.
	metric(t, "window start to first list painted (10k commitments)", "%v (first screen %v + click to list %v)",
		(homeAt.Sub(start) + listAt.Sub(clickAt)).Round(time.Millisecond), homeAt.Sub(start).Round(time.Millisecond), listAt.Sub(clickAt).Round(time.Millisecond))
	t.Logf("screenshots: %s %s", p1, p2)

	// A second window on the same data directory says so and quits.
	second := exec.Command(bin)
	second.Env = append(sc.env(), "DOSSIER_DATA="+data)
	var logs2 bytes.Buffer
	second.Stdout, second.Stderr = &logs2, &logs2
	if err := second.Start(); err != nil {
		t.Fatal(err)
	}
	secondDone := make(chan error, 1)
	go func() { secondDone <- second.Wait() }()
	dialogSeen := false
	deadline := time.Now().Add(30 * time.Second)
	for !dialogSeen && time.Now().Before(deadline) {
		out, _ := sc.xdo("search", "--onlyvisible", "--name", "Dossier")
		if len(strings.Fields(out)) >= 2 || strings.Contains(logs2.String(), "already open") {
			dialogSeen = true
			break
		}
		select {
		case err := <-secondDone:
			secondDone <- err
			deadline = time.Now()
		case <-time.After(100 * time.Millisecond):
		}
	}
	time.Sleep(500 * time.Millisecond)
	sc.save("3-locked", sc.grab())
	_, _ = sc.xdo("key", "Return")
	select {
	case err := <-secondDone:
		if err == nil {
			t.Errorf("the second window exited 0 on a locked data directory")
		}
		if !dialogSeen {
			t.Errorf("the second window quit without showing its dialog:\n%s", logs2.String())
		}
	case <-time.After(20 * time.Second):
		_ = second.Process.Kill()
		t.Errorf("the second window did not quit after its dialog (dialog seen: %v):\n%s", dialogSeen, logs2.String())
	}

	// Quit the first window as a session logout does (SIGTERM): the shutdown hook closes the
	// data directory, and the process exits 0.
	_ = win.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the window exited with %v on SIGTERM:\n%s", err, logs.String())
		}
	case <-time.After(20 * time.Second):
		_ = win.Process.Kill()
		<-exited
		t.Errorf("the window did not quit within 20 s of SIGTERM")
	}
	out := runCLI(t, bin, "check", "--data", data)
	t.Logf("check after the window: %s", strings.TrimSpace(out))
}
