//go:build e2e

package web

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/jezek/xgb/xproto"
)

// closeButtonAt asks the same frontend, in headless Chromium at the window's size, where the
// close question's "Close Dossier" button is: a commitment form with a title typed in, then
// the window's close event fired by hand (a stand-in for Wails' runtime, which a browser does
// not have). It also screenshots that question, as the browser draws it.
func closeButtonAt(t *testing.T, bin, data, lang string, w, h int) (x, y int) {
	t.Helper()
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	ctx := browser(t)
	defer func() { _ = chromedp.Cancel(ctx) }()
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("viewport", chromedp.EmulateViewport(int64(w), int64(h)))
	if _, err := chromedp.Call(ctx, cdppage.AddScriptToEvaluateOnNewDocument, cdppage.AddScriptToEvaluateOnNewDocumentParams{
		Source: `window.runtime = { EventsOn(name, cb) { (window.__events ??= {})[name] = cb; return () => {}; } };`}); err != nil {
		t.Fatalf("runtime stand-in: %v", err)
	}
	p.step("open", chromedp.Navigate(srv.URL+"#/new/commitment"))
	p.wait("form", p.exists(tid("field-title")))
	p.typeInto("field-title", "Unsaved when the window closes")
	p.eval("close event", `window.__events["dossier:close"](); ""`)
	p.wait("close question", p.exists(tid("leave-close")))
	p.shot("close-question-browser-" + lang)
	pos := p.eval("rect", fmt.Sprintf(`(() => { const r = document.querySelector(%s).getBoundingClientRect();
		return Math.round(r.left + r.width / 2) + "," + Math.round(r.top + r.height / 2); })()`, js(tid("leave-close"))))
	xs, ys, _ := strings.Cut(pos, ",")
	x, _ = strconv.Atoi(xs)
	y, _ = strconv.Atoi(ys)
	return x, y
}

// askClose sends the window what a window manager sends for its close button or Alt+F4: the
// WM_DELETE_WINDOW client message (Xvfb runs no window manager, so no Alt+F4 to press).
func (s *screen) askClose(id string) {
	s.t.Helper()
	s.grab() // connects
	atom := func(name string) xproto.Atom {
		r, err := xproto.InternAtom(s.x, false, uint16(len(name)), name).Reply()
		if err != nil {
			s.t.Fatalf("X atom %s: %v", name, err)
		}
		return r.Atom
	}
	win, err := strconv.ParseUint(id, 10, 32)
	if err != nil {
		s.t.Fatalf("window id %q: %v", id, err)
	}
	ev := xproto.ClientMessageEvent{Format: 32, Window: xproto.Window(win), Type: atom("WM_PROTOCOLS"),
		Data: xproto.ClientMessageDataUnionData32New([]uint32{uint32(atom("WM_DELETE_WINDOW")), 0, 0, 0, 0})}
	if err := xproto.SendEventChecked(s.x, false, xproto.Window(win), xproto.EventMaskNoEvent, string(ev.Bytes())).Check(); err != nil {
		s.t.Fatalf("send WM_DELETE_WINDOW: %v", err)
	}
}

// until grabs the screen until ok holds, and returns that screenshot. Unlike settle it waits
// for no stillness: a focused field's caret blinks on a form for seconds.
func (s *screen) until(name string, ok func(*image.RGBA) bool, timeout time.Duration) *image.RGBA {
	s.t.Helper()
	deadline := time.Now().Add(timeout)
	var img *image.RGBA
	for time.Now().Before(deadline) {
		if img = s.grab(); ok(img) {
			return img
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.save("FAIL-"+name, img)
	s.t.Fatalf("%s: not on the screen within %v", name, timeout)
	return nil
}

// fileHolding is the first file under dir that holds text (UTF-8, or UTF-16 as WebKit keeps
// localStorage values), "" if none.
func fileHolding(t *testing.T, dir, text string) string {
	t.Helper()
	utf16 := make([]byte, 0, 2*len(text))
	for _, c := range []byte(text) { // ASCII text
		utf16 = append(utf16, c, 0)
	}
	found := ""
	_ = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || found != "" {
			return nil
		}
		if b, err := os.ReadFile(path); err == nil && (bytes.Contains(b, []byte(text)) || bytes.Contains(b, utf16)) {
			found = path
		}
		return nil
	})
	return found
}

// TestWindowCloseAsks: closing the real window with unsaved edits asks with the app's own
// question (EN and FR); Stay keeps the window and the edits; Close Dossier exits 0; a SIGTERM
// while the question is open exits promptly (docs/platforms.md, "Closing the window with
// unsaved work").
func TestWindowCloseAsks(t *testing.T) {
	const w, h = 1280, 800
	bin := os.Getenv("DOSSIER_DESKTOP_BIN") // scripts/test-e2e.sh builds build/bin/dossier
	if bin == "" {
		bin = buildBinary(t, desktopTags)
	}
	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			sc := &screen{t: t, xdotool: need(t, "xdotool")}
			sc.display = xvfb(t, w, h)
			data := t.TempDir()
			seedCommitments(t, data, 0)
			if err := os.WriteFile(filepath.Join(data, "settings.json"), []byte(`{"language":"`+lang+`"}`), 0o600); err != nil {
				t.Fatal(err)
			}
			navX, navY := navRect(t, bin, data, "nav-commitment", w, h)
			closeX, closeY := closeButtonAt(t, bin, data, lang, w, h)

			win := exec.Command(bin)
			// A profile of its own: the page's drafts (localStorage) start empty.
			profile := t.TempDir()
			win.Env = append(sc.env(), "DOSSIER_DATA="+data, "XDG_DATA_HOME="+profile, "XDG_CACHE_HOME="+t.TempDir())
			logs := &windowLog{}
			win.Stdout, win.Stderr = logs, logs
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
			running := func(what string, d time.Duration) {
				t.Helper()
				select {
				case err := <-exited:
					exited <- err
					t.Fatalf("%s: the window exited (%v):\n%s", what, err, logs.String())
				case <-time.After(d):
				}
			}
			exits := func(what string, d time.Duration) {
				t.Helper()
				start := time.Now()
				select {
				case err := <-exited:
					if err != nil {
						t.Errorf("%s: the window exited with %v:\n%s", what, err, logs.String())
					}
					metric(t, "window "+what+" to exit", "%v", time.Since(start).Round(time.Millisecond))
				case <-time.After(d):
					_ = win.Process.Kill()
					<-exited
					t.Fatalf("%s: the window did not exit within %v:\n%s", what, d, logs.String())
				}
			}
			key := func(keys ...string) {
				t.Helper()
				if out, err := sc.xdo(append([]string{"key", "--delay", "80"}, keys...)...); err != nil {
					t.Fatalf("xdotool key %v: %v %s", keys, err, out)
				}
			}

			id := sc.findWindow("Dossier", 30*time.Second, exited, logs)
			start := time.Now()
			home, _ := sc.settle(lang+"-start", start, func(img *image.RGBA) bool { return colours(img) >= notBlank }, 1500*time.Millisecond, 60*time.Second)
			if out, err := sc.xdo("mousemove", "--window", id, strconv.Itoa(navX), strconv.Itoa(navY), "click", "1"); err != nil {
				t.Fatalf("xdotool click: %v %s", err, out)
			}
			list, _ := sc.settle(lang+"-list", time.Now(), func(img *image.RGBA) bool { return changed(home, img) > 0.02 }, 700*time.Millisecond, 30*time.Second)
			key("n") // a new record of the list's kind; the form focuses its first field, the title
			sc.until(lang+"-form", func(img *image.RGBA) bool { return changed(list, img) > 0.02 }, 30*time.Second)
			time.Sleep(time.Second) // the form's fields, drawn after its frame
			if out, err := sc.xdo("type", "--delay", "30", "Unsaved when the window closes"); err != nil {
				t.Fatalf("xdotool type: %v %s", err, out)
			}
			time.Sleep(1500 * time.Millisecond)
			form := sc.grab()
			sc.save("close-"+lang+"-1-form", form)

			// The close: the page asks (the backdrop dims the whole window), and keeps asking
			// past the page's 1 s to answer.
			dimmed := func(img *image.RGBA) bool { return changed(form, img) > 0.2 }
			sc.askClose(id)
			sc.until(lang+"-asked", dimmed, 30*time.Second)
			running("asked", 2*time.Second)
			p := sc.save("close-"+lang+"-2-asked", sc.until(lang+"-asked", dimmed, time.Second))
			t.Logf("the question: %s", p)

			// Stay (Esc, the dialog's default): the window and the edits are as they were.
			key("Escape")
			sc.save("close-"+lang+"-3-stayed", sc.until(lang+"-stayed", func(img *image.RGBA) bool { return changed(form, img) < 0.01 }, 30*time.Second))
			running("stayed", 1500*time.Millisecond)

			// Ctrl+Q asks the same question; Stay again.
			key("ctrl+q")
			sc.save("close-"+lang+"-4-quit-asked", sc.until(lang+"-quit-asked", dimmed, 30*time.Second))
			running("asked by Ctrl+Q", 1500*time.Millisecond)
			key("Escape")
			sc.until(lang+"-stayed-after-quit", func(img *image.RGBA) bool { return changed(form, img) < 0.01 }, 30*time.Second)
			running("stayed after Ctrl+Q", 1500*time.Millisecond)

			// Asked again; then Close Dossier (English), or a SIGTERM while asked (French).
			sc.askClose(id)
			sc.until(lang+"-asked-again", dimmed, 30*time.Second)
			running("asked again", 1500*time.Millisecond)
			if lang == "en" {
				if out, err := sc.xdo("mousemove", "--window", id, strconv.Itoa(closeX), strconv.Itoa(closeY), "click", "1"); err != nil {
					t.Fatalf("xdotool click: %v %s", err, out)
				}
				exits("Close Dossier", 10*time.Second)
				// Closing is not discarding: the page's storage on disk holds the draft.
				if f := fileHolding(t, profile, "Unsaved when the window closes"); f == "" {
					t.Errorf("no file under the window's profile %s holds the draft", profile)
				} else {
					t.Logf("the draft is kept in %s", f)
				}
			} else {
				_ = win.Process.Signal(syscall.SIGTERM)
				exits("SIGTERM with unsaved edits", 5*time.Second)
			}
			out := runCLI(t, bin, "check", "--data", data)
			t.Logf("check after the window: %s", strings.TrimSpace(out))
		})
	}
}
