//go:build e2e

package web

import (
	"encoding/json"
	"fmt"
	"image"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The real window walked through every screen and the main workflows, in English and in
// French: what a delegate sees in WebKitGTK, where the browser tests see headless Chromium.
// Where to click is measured in Chromium at the window's size (navRect's way); the window is
// then driven with xdotool only, and each screen is saved as artifacts/window-walk-*.png.

// spotQuery asks where elements are on one screen: hash is the screen, then/thenWait an
// optional script run there first (a click that opens something) and what to wait for after.
type spotQuery struct {
	hash, then, thenWait string
	sels                 map[string]string // name -> CSS selector
}

// spots measures, in headless Chromium at w×h, the centre of each selector of each query.
func spots(t *testing.T, bin, data string, w, h int, qs []spotQuery) map[string]image.Point {
	t.Helper()
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	ctx := browser(t)
	defer func() { _ = chromedp.Cancel(ctx) }()
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	p.step("viewport", chromedp.EmulateViewport(int64(w), int64(h)))
	p.step("open", chromedp.Navigate(srv.URL))
	p.wait("app ready", p.exists(tid("app-ready")))
	out := map[string]image.Point{}
	for _, q := range qs {
		p.eval("go "+q.hash, fmt.Sprintf(`(() => { location.hash = %s; return ""; })()`, js(q.hash)))
		for name, sel := range q.sels {
			if q.then == "" {
				p.wait(name, p.exists(sel))
			}
			_ = name
		}
		if q.then != "" {
			p.wait(q.hash+" before", q.thenWait)
			p.eval(q.hash+" then", q.then)
		}
		for name, sel := range q.sels {
			p.wait(name, p.exists(sel))
			pos := p.eval(name, fmt.Sprintf(`(() => { const r = document.querySelector(%s).getBoundingClientRect();
				return Math.round(r.left + r.width / 2) + "," + Math.round(r.top + r.height / 2); })()`, js(sel)))
			xs, ys, _ := strings.Cut(pos, ",")
			x, _ := strconv.Atoi(xs)
			y, _ := strconv.Atoi(ys)
			out[name] = image.Pt(x, y)
		}
	}
	return out
}

// setLanguage writes the language into the data directory's settings, keeping the rest.
func setLanguage(t *testing.T, data, lang string) {
	t.Helper()
	p := filepath.Join(data, "settings.json")
	m := map[string]any{}
	if b, err := os.ReadFile(p); err == nil {
		_ = json.Unmarshal(b, &m)
	}
	m["language"] = lang
	b, _ := json.Marshal(m)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// copyDir copies a closed data directory (cp -a), so each language starts from the same data.
func copyDir(t *testing.T, from string) string {
	t.Helper()
	to := filepath.Join(t.TempDir(), "data")
	if out, err := exec.Command("cp", "-a", from, to).CombinedOutput(); err != nil {
		t.Fatalf("cp -a: %v %s", err, out)
	}
	return to
}

// win is a running window and the screen it is on.
type win struct {
	*screen
	id     string
	exited chan error
	logs   *windowLog
	last   *image.RGBA
	lang   string
}

func startWindow(t *testing.T, sc *screen, bin, data string, args ...string) *win {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(sc.env(), "DOSSIER_DATA="+data, "XDG_DATA_HOME="+t.TempDir(), "XDG_CACHE_HOME="+t.TempDir(), "HOME="+t.TempDir())
	logs := &windowLog{}
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
			<-exited
		}
	})
	w := &win{screen: sc, exited: exited, logs: logs}
	w.id = sc.findWindow("Dossier", 30*time.Second, exited, logs)
	return w
}

func (w *win) click(at image.Point) {
	w.t.Helper()
	if out, err := w.xdo("mousemove", "--window", w.id, strconv.Itoa(at.X), strconv.Itoa(at.Y), "click", "1"); err != nil {
		w.t.Fatalf("xdotool click: %v %s", err, out)
	}
}

func (w *win) key(keys ...string) {
	w.t.Helper()
	if out, err := w.xdo(append([]string{"key", "--delay", "60"}, keys...)...); err != nil {
		w.t.Fatalf("xdotool key %v: %v %s", keys, err, out)
	}
}

func (w *win) typ(text string) {
	w.t.Helper()
	if out, err := w.xdo("type", "--delay", "20", text); err != nil {
		w.t.Fatalf("xdotool type: %v %s", err, out)
	}
}

// shot waits for the screen to change from the last shot and settle, and saves it.
func (w *win) shot(name string) *image.RGBA {
	w.t.Helper()
	prev := w.last
	img, _ := w.settle(name, time.Now(), func(img *image.RGBA) bool {
		return colours(img) >= notBlank && (prev == nil || changed(prev, img) > 0.002)
	}, 600*time.Millisecond, 30*time.Second)
	w.last = img
	w.t.Logf("screenshot %s", w.save("walk-"+w.lang+"-"+name, img))
	return img
}

// TestWindowWalk: every screen of the real window, in English and in French, and the main
// workflows a delegate goes through in it.
func TestWindowWalk(t *testing.T) {
	const w, h = 1280, 800
	bin := os.Getenv("DOSSIER_DESKTOP_BIN")
	if bin == "" {
		bin = buildBinary(t, desktopTags)
	}
	o := twoOffices(t, bin, "Secretariat", true)
	var list struct {
		Items []struct {
			ID    string `json:"id"`
			Title string `json:"title"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(runCLI(t, bin, "record", "list", "commitment", "--limit", "1", "--json", "--data", o.dataA)), &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("no sample commitment: %v", err)
	}
	c := list.Items[0]
	runCLI(t, bin, "record", "set", c.ID, "status=delivered", "--data", o.dataS)
	runCLI(t, bin, "record", "set", c.ID, "status=stalled", "--data", o.dataA)
	bundle := filepath.Join(o.dir, "from-secretariat.dossier")
	runCLI(t, bin, "export", "--out", bundle, "--to", o.cardA, "--data", o.dataS)

	for _, lang := range []string{"en", "fr"} {
		t.Run(lang, func(t *testing.T) {
			data := copyDir(t, o.dataA)
			setLanguage(t, data, lang)
			// Where the conflict's buttons are: measured on a copy that has imported the bundle.
			imported := copyDir(t, data)
			runCLI(t, bin, "import", bundle, "--data", imported)
			nav := []string{"home", "countries", "commitment", "partnership", "meeting", "intervention", "party", "framework", "conflicts", "sync", "brief", "csv", "trust", "settings"}
			home := map[string]string{}
			for _, n := range nav {
				home["nav-"+n] = tid("nav-" + n)
			}
			at := spots(t, bin, data, w, h, []spotQuery{
				{hash: "#/", sels: home},
				{hash: "#/record/" + c.ID, sels: map[string]string{"record-edit": tid("record-edit")}},
				{hash: "#/record/" + c.ID + "/edit", sels: map[string]string{"edit-title": tid("field-title"), "edit-save": tid("form-save")}},
				{hash: "#/brief", sels: map[string]string{"brief-MAR": `[data-testid="brief-country-option"][data-code="MAR"]`}},
				{hash: "#/brief?country=MAR", sels: map[string]string{"brief-save-pdf": tid("brief-save-pdf")}},
				{hash: "#/settings", sels: map[string]string{"settings-language": tid("settings-language")}},
				{hash: "#/sync", sels: map[string]string{"sync-import": tid("sync-import")}},
			})
			for k, v := range spots(t, bin, imported, w, h, []spotQuery{
				{hash: "#/conflicts", sels: map[string]string{"conflict-other": `[data-testid="conflict"] li:not(.winning) [data-testid="conflict-pick"]`}},
			}) {
				at[k] = v
			}

			sc := &screen{t: t, xdotool: need(t, "xdotool")}
			sc.display = xvfb(t, w, h)
			wn := startWindow(t, sc, bin, data)
			wn.lang = lang
			wn.settle("start", time.Now(), func(img *image.RGBA) bool { return colours(img) >= notBlank }, 1500*time.Millisecond, 60*time.Second)
			wn.last = nil
			wn.shot("home")
			for _, n := range nav[1:] {
				wn.click(at["nav-"+n])
				wn.shot(n)
			}
			// Ctrl+K: a country by its name in the window's language.
			wn.key("ctrl+k")
			wn.shot("search")
			wn.typ(map[string]string{"en": "Morocco", "fr": "Maroc"}[lang])
			wn.shot("search-typed")
			wn.key("Return")
			wn.shot("country")
			// A record through the search, then its edit form.
			wn.key("ctrl+k")
			wn.typ(c.Title)
			time.Sleep(800 * time.Millisecond)
			wn.key("Return")
			wn.shot("record")
			wn.click(at["record-edit"])
			wn.shot("edit")
		})
	}
}
