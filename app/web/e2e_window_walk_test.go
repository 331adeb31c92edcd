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
	"syscall"
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

// p0 is a script that is true once sel is on the page.
func p0(sel string) string { return fmt.Sprintf(`!!document.querySelector(%s)`, js(sel)) }

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
	cmd    *exec.Cmd
	exited chan error
	logs   *windowLog
	last   *image.RGBA
	lang   string
}

func startWindow(t *testing.T, sc *screen, bin, data, dir string, args ...string) *win {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir // GTK's save dialog starts there
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
	w := &win{screen: sc, cmd: cmd, exited: exited, logs: logs}
	w.id = sc.findWindow("Dossier", 30*time.Second, exited, logs)
	return w
}

func (w *win) click(at image.Point) {
	w.t.Helper()
	if out, err := w.xdo("mousemove", "--window", w.id, strconv.Itoa(at.X), strconv.Itoa(at.Y), "click", "1"); err != nil {
		w.t.Fatalf("xdotool click: %v %s", err, out)
	}
	// Then away, over the page's top margin: a pointer left on a link paints its hover (and,
	// in the folded sidebar, its title as a GTK tooltip window that takes the next click).
	if out, err := w.xdo("mousemove", "--window", w.id, "700", "4"); err != nil {
		w.t.Fatalf("xdotool mousemove: %v %s", err, out)
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
	// WebKitGTK hands keys to the page through GTK's input method, after the clicks: the
	// last letters of a title typed at 20 ms a key, then a click at once into the date,
	// landed in the date ("ng31/03/2027"). No hand is that quick. A fixed 250 ms was not
	// enough on a slower machine (5 December 2026: "aining2027-03-31"), so the screen must
	// stop changing first: every letter drawn.
	w.untilDrawn()
}

// untilDrawn waits until the screen has not changed for 400 ms, but for a caret blinking (a
// change no wider than 3 px) or GTK's overlay scrollbar fading; 10 s at most, as a screen
// that never settles fails at the next shot.
func (w *win) untilDrawn() {
	w.t.Helper()
	time.Sleep(100 * time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	last, since := w.grab(), time.Now()
	for time.Now().Before(deadline) && time.Since(since) < 400*time.Millisecond {
		time.Sleep(30 * time.Millisecond)
		g := w.grab()
		if box := changedBox(last, g); box.Dx() > 3 && box.Min.X < g.Bounds().Max.X-scrollbarStrip {
			last, since = g, time.Now()
		}
	}
}

// shot waits for the screen to change from the last shot and settle, and saves it.
func (w *win) shot(name string) *image.RGBA {
	w.t.Helper()
	prev := w.last
	// Changed from the last shot, then still for 600 ms but for a caret blinking (a change
	// no wider than 3 px) or GTK's overlay scrollbar fading.
	deadline := time.Now().Add(30 * time.Second)
	var img *image.RGBA
	var since time.Time
	for {
		if time.Now().After(deadline) {
			w.save("FAIL-"+w.lang+"-"+name, w.grab())
			w.t.Fatalf("%s: the screen did not change and settle in 30 s", name)
		}
		g := w.grab()
		switch {
		case colours(g) < notBlank || (prev != nil && changed(prev, g) <= 0.002):
		case img == nil:
			img, since = g, time.Now()
		default:
			if box := changedBox(img, g); box.Dx() > 3 && box.Min.X < g.Bounds().Max.X-scrollbarStrip {
				img, since = g, time.Now()
			} else if time.Since(since) >= 600*time.Millisecond {
				img = g
				goto done
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
done:
	w.last = img
	w.t.Logf("screenshot %s", w.save("walk-"+w.lang+"-"+name, img.SubImage(w.bounds())))
	return img
}

// dialog waits for the system's dialog titled title (a GTK file chooser) and returns its id.
func (w *win) dialog(title string) string {
	w.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if out, err := w.xdo("search", "--onlyvisible", "--name", "^"+title+"$"); err == nil && out != "" {
			ids := strings.Fields(out)
			time.Sleep(500 * time.Millisecond) // its contents, drawn after it maps
			return ids[len(ids)-1]
		}
		time.Sleep(100 * time.Millisecond)
	}
	w.save("FAIL-dialog-"+w.lang, w.grab())
	w.t.Fatalf("no dialog titled %q in 20 s; the window's log:\n%s", title, w.logs)
	return ""
}

// bounds is where the window is on the screen (GTK centres it on the tall screen).
func (w *win) bounds() image.Rectangle {
	w.t.Helper()
	out, err := w.xdo("getwindowgeometry", "--shell", w.id)
	if err != nil {
		w.t.Fatalf("xdotool getwindowgeometry: %v %s", err, out)
	}
	v := map[string]int{}
	for _, l := range strings.Fields(out) {
		k, n, _ := strings.Cut(l, "=")
		v[k], _ = strconv.Atoi(n)
	}
	return image.Rect(v["X"], v["Y"], v["X"]+v["WIDTH"], v["Y"]+v["HEIGHT"])
}

// resize sets the window's size (Xvfb runs no window manager; GTK keeps it on the screen).
func (w *win) resize(width, height int) {
	w.t.Helper()
	if out, err := w.xdo("windowsize", w.id, strconv.Itoa(width), strconv.Itoa(height)); err != nil {
		w.t.Fatalf("xdotool windowsize: %v %s", err, out)
	}
	time.Sleep(700 * time.Millisecond)
}

// TestWindowWalkEnglish and TestWindowWalkFrench: every screen of the real window, and the
// main workflows a delegate goes through in it, in each language (one test each, so that
// each stays under a minute).
func TestWindowWalkEnglish(t *testing.T) { windowWalk(t, "en") }
func TestWindowWalkFrench(t *testing.T)  { windowWalk(t, "fr") }

func windowWalk(t *testing.T, lang string) {
	const w, h, tall = 1280, 800, 1400
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
	if err := json.Unmarshal([]byte(runCLI(t, bin, "record", "list", "meeting", "--q", "Rabat", "--limit", "1", "--json", "--data", o.dataA)), &list); err != nil || len(list.Items) == 0 {
		t.Fatalf("no sample meeting: %v", err)
	}
	m := list.Items[0]
	runCLI(t, bin, "record", "set", c.ID, "status=delivered", "--data", o.dataS)
	runCLI(t, bin, "record", "set", c.ID, "status=stalled", "--data", o.dataA)
	bundle := filepath.Join(o.dir, "from-secretariat.dossier")
	runCLI(t, bin, "export", "--out", bundle, "--to", o.cardA, "--data", o.dataS)
	if err := os.Remove(filepath.Join(o.dir, "b1.dossier")); err != nil { // the bundle is the folder's only one
		t.Fatal(err)
	}

	data := o.dataA
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
		{hash: "#/brief?country=MAR", sels: map[string]string{"brief-save-pdf": tid("brief-save-pdf"), "brief-print": tid("brief-print")}},
		{hash: "#/record/" + m.ID, sels: map[string]string{"pack": tid("record-meeting-pack")}},
		{hash: "#/settings", sels: map[string]string{"settings-language": tid("settings-language")}},
		{hash: "#/sync", sels: map[string]string{"sync-import": tid("sync-import")}},
	})
	for k, v := range spots(t, bin, imported, w, h, []spotQuery{
		{hash: "#/conflicts", sels: map[string]string{"conflict-other": `[data-testid="conflict"] li:not(.winning) [data-testid="conflict-pick"]`}},
	}) {
		at[k] = v
	}
	// The new commitment's form, measured on a viewport tall enough for the whole form: on a
	// short one, the added amount scrolled the form and moved every field below it.
	for k, v := range spots(t, bin, data, w, tall, []spotQuery{
		{hash: "#/new/commitment", sels: map[string]string{"due": tid("field-due"), "funding": tid("field-funding"), "status": tid("field-status")}},
		{hash: "#/new/commitment", then: `(() => { document.querySelector('[data-testid="field-funding"]').click(); return ""; })()`, thenWait: p0(tid("field-funding")),
			sels: map[string]string{"amount": tid("field-funding-0-amount"), "currency": tid("field-funding-0-currency"), "state": tid("field-funding-0-state")}},
	}) {
		at["new-"+k] = v
	}

	sc := &screen{t: t, xdotool: need(t, "xdotool")}
	sc.display = xvfb(t, w, tall)
	wn := startWindow(t, sc, bin, data, o.dir)
	wn.lang = lang
	wn.settle("start", time.Now(), func(img *image.RGBA) bool { return colours(img) >= notBlank }, 1500*time.Millisecond, 60*time.Second)
	wn.last = nil
	wn.shot("home")
	for _, n := range nav[1:] {
		wn.click(at["nav-"+n])
		wn.shot(n)
	}
	// Ctrl+K: a country by its name in the window's language; Esc closes the search.
	wn.key("ctrl+k")
	wn.shot("search")
	wn.key("Escape")
	wn.shot("search-closed")
	wn.key("ctrl+k")
	wn.typ(map[string]string{"en": "Morocco", "fr": "Maroc"}[lang])
	wn.shot("search-typed")
	wn.key("Return")
	wn.shot("country")
	// A record through the search, then its edit form: the title changed, Ctrl+Enter saves.
	wn.key("ctrl+k")
	wn.typ(c.Title)
	time.Sleep(500 * time.Millisecond) // the results, asked for as the words are typed
	wn.key("Return")
	wn.shot("record")
	wn.click(at["record-edit"])
	wn.shot("edit")
	wn.click(at["edit-title"])
	wn.key("End")
	wn.typ(" (edited)")
	wn.key("ctrl+Return")
	wn.shot("edited")

	// A meeting's pack: a <dialog>, closed with Esc.
	wn.key("ctrl+k")
	wn.typ(m.Title)
	time.Sleep(500 * time.Millisecond) // the results, asked for as the words are typed
	wn.key("Return")
	wn.shot("meeting-record")
	wn.click(at["pack"])
	wn.shot("pack")
	wn.key("Escape")
	wn.shot("pack-closed")

	// A brief saved as PDF through the system's save dialog.
	wn.click(at["nav-brief"])
	wn.shot("brief-again")
	wn.click(at["brief-MAR"])
	wn.shot("brief-MAR")
	// Print: GTK's print dialog over the window (Esc cancels it), titled by GTK in the
	// language chosen in Settings, not the system's (dialogLanguage, docs/platforms.md).
	wn.click(at["brief-print"])
	wn.dialog(map[string]string{"en": "Print", "fr": "Imprimer"}[lang])
	wn.shot("brief-print")
	wn.key("Escape")
	wn.shot("brief-printed")
	wn.click(at["brief-save-pdf"])
	wn.dialog(map[string]string{"en": "Save the brief", "fr": "Enregistrer la fiche"}[lang])
	wn.shot("brief-dialog")
	// The name only: GTK saves in the working folder, the bundle's. A path typed into
	// the dialog is completed as it is typed, and the completion lands among the
	// letters typed after it ("/tmp/TeststWindowWalk…").
	pdf := filepath.Join(o.dir, "walk-brief-"+lang+".pdf")
	wn.key("ctrl+a")
	wn.typ(filepath.Base(pdf))
	time.Sleep(300 * time.Millisecond)
	wn.key("Return")
	wn.shot("brief-saved")
	// The file is the brief of Morocco, in the window's language.
	if out, err := exec.Command(need(t, "pdftotext"), "-enc", "UTF-8", pdf, "-").Output(); err != nil {
		t.Errorf("the brief saved through the dialog: %v", err)
	} else if words := map[string]string{"en": "COUNTRY BRIEF", "fr": "FICHE PAYS"}[lang]; !strings.Contains(string(out), words) || !strings.Contains(string(out), map[string]string{"en": "Morocco", "fr": "Maroc"}[lang]) {
		t.Errorf("the brief saved through the dialog does not say %q and the country's name:\n%.600s", words, out)
	}

	// Sync: import the secretariat's bundle through the system's open dialog.
	wn.click(at["nav-sync"])
	wn.shot("sync-again")
	wn.click(at["sync-import"])
	wn.dialog(map[string]string{"en": "Import bundles", "fr": "Importer des paquets"}[lang])
	wn.shot("sync-dialog")
	// The dialog opens in the folder of the last file chosen (the brief's), where the
	// bundle is the only .dossier file: the first of the list.
	wn.key("Home", "Return")
	wn.shot("sync-imported")
	// The conflict it brought, resolved by keeping the other value.
	wn.click(at["nav-conflicts"])
	wn.shot("conflicts-open")
	wn.click(at["conflict-other"])
	wn.shot("conflict-resolved")

	// A new commitment with money and a date: N on the list, on a window tall enough
	// for the whole form.
	wn.click(at["nav-commitment"])
	wn.shot("list-again")
	// The list's keys: / to filter, ↓ to the first row, Enter to open it.
	wn.key("slash")
	wn.typ("smuggling")
	wn.shot("list-filtered")
	wn.key("Down", "Return")
	wn.shot("list-opened")
	wn.click(at["nav-commitment"])
	wn.shot("list-back")
	wn.resize(w, tall)
	wn.key("n")
	wn.shot("new")
	wn.typ("Window walk: coast guard training")
	wn.click(at["new-due"])
	wn.typ(map[string]string{"en": "2027-03-31", "fr": "31/03/2027"}[lang])
	wn.click(at["new-funding"])
	wn.shot("new-funding-row")
	wn.click(at["new-amount"])
	wn.typ(map[string]string{"en": "1,250,000", "fr": "1 250 000"}[lang])
	wn.click(at["new-currency"])
	wn.shot("new-currency-open")
	wn.typ("EUR")
	wn.key("Return")
	wn.click(at["new-state"])
	wn.typ(map[string]string{"en": "Committed", "fr": "Engagé"}[lang])
	wn.key("Return")
	wn.click(at["new-status"])
	wn.typ(map[string]string{"en": "Agreed", "fr": "Convenu"}[lang])
	wn.key("Return")
	wn.shot("new-filled")
	wn.key("ctrl+Return")
	wn.shot("new-saved")
	wn.resize(w, h)

	// Settings: the language switched with the select, by keyboard.
	wn.click(at["nav-settings"])
	wn.shot("settings-again")
	wn.click(at["settings-language"])
	wn.shot("language-open")
	wn.key(map[string]string{"en": "Down", "fr": "Up"}[lang], "Return")
	wn.shot("language-switched")

	// What the window did is in the data: closed, the data directory says so through the
	// command line. English quits with Ctrl+Q (nothing is unsaved: no question), French with
	// SIGTERM, as a logout does.
	how := map[string]string{"en": "Ctrl+Q", "fr": "SIGTERM"}[lang]
	if lang == "en" {
		wn.key("ctrl+q")
	} else {
		_ = wn.cmd.Process.Signal(syscall.SIGTERM)
	}
	select {
	case err := <-wn.exited:
		if err != nil {
			t.Errorf("the window quit by %s with %v", how, err)
		}
	case <-time.After(20 * time.Second):
		t.Fatalf("the window did not quit within 20 s of %s", how)
	}
	var edited, created struct {
		Items []struct {
			ID string `json:"id"`
		} `json:"items"`
	}
	_ = json.Unmarshal([]byte(runCLI(t, bin, "record", "list", "commitment", "--q", "edited", "--json", "--data", data)), &edited)
	_ = json.Unmarshal([]byte(runCLI(t, bin, "record", "list", "commitment", "--q", "Window walk", "--json", "--data", data)), &created)
	var rec struct {
		Title  string `json:"title"`
		Fields struct {
			Status  string `json:"status"`
			Due     string `json:"due"`
			Funding []struct {
				Amount          float64
				Currency, State string
			} `json:"funding"`
		} `json:"fields"`
	}
	if len(edited.Items) != 1 || edited.Items[0].ID != c.ID {
		t.Errorf("the edited title is not stored: %+v", edited.Items)
	} else if _ = json.Unmarshal([]byte(runCLI(t, bin, "record", "show", c.ID, "--json", "--data", data)), &rec); rec.Fields.Status != "delivered" {
		t.Errorf("the conflict resolved by keeping the secretariat's value left the status %q", rec.Fields.Status)
	}
	if len(created.Items) != 1 {
		t.Fatalf("the new commitment is not stored (%d found)", len(created.Items))
	}
	rec.Fields.Funding = nil
	_ = json.Unmarshal([]byte(runCLI(t, bin, "record", "show", created.Items[0].ID, "--json", "--data", data)), &rec)
	if f := rec.Fields; rec.Title != "Window walk: coast guard training" || f.Status != "agreed" || f.Due != "2027-03-31" ||
		len(f.Funding) != 1 || f.Funding[0].Amount != 1250000 || f.Funding[0].Currency != "EUR" || f.Funding[0].State != "committed" {
		t.Errorf("the new commitment is stored as %+v", rec)
	}
	if out := runCLI(t, bin, "conflicts", "--json", "--data", data); strings.Contains(out, c.ID) {
		t.Errorf("the conflict is still open:\n%s", out)
	}
	if b, _ := os.ReadFile(filepath.Join(data, "settings.json")); !strings.Contains(string(b), map[string]string{"en": `"fr"`, "fr": `"en"`}[lang]) {
		t.Errorf("the language chosen in Settings is not kept: %s", b)
	}
}
