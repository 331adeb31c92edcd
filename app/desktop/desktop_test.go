package desktop

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
	"dossier/app/web"
)

type fakePlatform struct {
	messages []string
	quit     bool
	printed  int
}

func (f *fakePlatform) OpenFile(title, pattern, dir string) (string, error) {
	return "/tmp/in.dossier", nil
}
func (f *fakePlatform) OpenFiles(title, pattern, dir string) ([]string, error) {
	return []string{"/tmp/a.dossier", "/tmp/b.dossier"}, nil
}
func (f *fakePlatform) SaveFile(title, defaultName, dir string) (string, error) {
	return "/tmp/" + defaultName, nil
}
func (f *fakePlatform) Message(title, text string) error {
	f.messages = append(f.messages, text)
	return nil
}
func (f *fakePlatform) Emit(string, ...any)      {}
func (f *fakePlatform) Print()                   { f.printed++ }
func (f *fakePlatform) Quit()                    { f.quit = true }
func (f *fakePlatform) OpenDefault(string) error { return nil }

// decode reads a bridge result: the JSON the window receives.
func decode[T any](t *testing.T, res any) T {
	t.Helper()
	var v T
	raw, ok := res.(json.RawMessage)
	if !ok {
		t.Fatalf("the bridge answered %T, want the encoded JSON", res)
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("the bridge answered %s: %v", raw, err)
	}
	return v
}

func TestBridgeCalls(t *testing.T) {
	dir := t.TempDir()
	b, p := NewBridge(), &fakePlatform{}
	if !b.start(context.Background(), p, dir) {
		t.Fatalf("start failed: %v", p.messages)
	}
	defer b.close()
	res, err := b.Call("Settings", "Init", []json.RawMessage{json.RawMessage(`"Amina Benali"`), json.RawMessage(`"delegate"`)})
	if err != nil {
		t.Fatal(err)
	}
	if v := decode[service.SettingsView](t, res); v.Identity == nil || v.Identity.Name != "Amina Benali" {
		t.Fatalf("init: %+v", v)
	}
	if _, err := b.Call("Demo", "Load", nil); err != nil {
		t.Fatal(err)
	}
	res, err = b.Call("Records", "List", []json.RawMessage{json.RawMessage(`{"kind":"commitment"}`)})
	if err != nil || decode[service.ListView](t, res).Total == 0 {
		t.Fatalf("list: %v %v", res, err)
	}
	// Errors are the JSON of the typed error, for the rejected promise.
	_, err = b.Call("Records", "Add", []json.RawMessage{json.RawMessage(`"commitment"`), json.RawMessage(`{"title":"x","status":"agreed","due":"31/12/2025"}`)})
	var e service.Error
	if err == nil || json.Unmarshal([]byte(err.Error()), &e) != nil || e.Code != "invalid" || e.Fields["due"] == "" {
		t.Fatalf("typed error: %v", err)
	}
	// The platform service reaches the native side.
	res, err = b.Call("Platform", "SaveFile", []json.RawMessage{json.RawMessage(`"Save"`), json.RawMessage(`"brief.pdf"`)})
	if err != nil || decode[string](t, res) != "/tmp/brief.pdf" {
		t.Fatalf("save dialog: %v %v", res, err)
	}
	res, err = b.Call("Platform", "OpenFiles", []json.RawMessage{json.RawMessage(`"Import"`), json.RawMessage(`"*.dossier"`)})
	if err != nil || len(decode[[]string](t, res)) != 2 {
		t.Fatalf("open several files: %v %v", res, err)
	}
	// Sync and Brief are bound like every service.
	if _, err := b.Call("Sync", "TrustList", nil); err != nil {
		t.Fatalf("Sync.TrustList: %v", err)
	}
	if _, err := b.Call("Brief", "Facts", []json.RawMessage{json.RawMessage(`"LBY"`), json.RawMessage(`{}`)}); err != nil {
		t.Fatalf("Brief.Facts: %v", err)
	}
	if _, err := b.Call("Platform", "Print", nil); err != nil || p.printed != 1 {
		t.Fatalf("print: %v", err)
	}
	// The window may call the methods that take a path (from its dialogs); methods in no
	// allow-list are not found here either.
	card := filepath.Join(t.TempDir(), "amina.card.json")
	arg, _ := json.Marshal(card)
	if _, err := b.Call("Sync", "WriteCard", []json.RawMessage{arg}); err != nil {
		t.Fatalf("Sync.WriteCard: %v", err)
	}
	res, err = b.Call("Sync", "ReadCard", []json.RawMessage{arg})
	if err != nil || decode[service.CardView](t, res).Name != "Amina Benali" {
		t.Fatalf("Sync.ReadCard: %v %v", res, err)
	}
	for _, m := range [][2]string{{"Admin", "Backup"}, {"Admin", "Restore"}, {"CSV", "Export"}, {"Sync", "Import"}, {"Brief", "WriteEach"}} {
		_, err := b.Call(m[0], m[1], []json.RawMessage{arg})
		if err == nil || !strings.Contains(err.Error(), `"code":"not_found"`) {
			t.Errorf("%s.%s in the window: %v, want not_found", m[0], m[1], err)
		}
	}
}

func TestLockedDataDirectory(t *testing.T) {
	dir := t.TempDir()
	other, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	b, p := NewBridge(), &fakePlatform{}
	if b.start(context.Background(), p, dir) {
		t.Fatal("start succeeded on a locked directory")
	}
	if !p.quit || len(p.messages) != 1 || !strings.Contains(p.messages[0], LockedMessage) {
		t.Fatalf("locked: quit=%v messages=%q", p.quit, p.messages)
	}
	_, err = b.Call("Records", "List", nil)
	if err == nil || !strings.Contains(err.Error(), `"code":"locked"`) {
		t.Fatalf("call after a failed start: %v", err)
	}
}

// TestOnlyDesktopImportsWails keeps the core free of Wails (and so of GTK): every package
// under app/ except app/desktop must build and test without it, with or without the
// desktop tags.
func TestOnlyDesktopImportsWails(t *testing.T) {
	if testing.Short() {
		t.Skip("go list over the module")
	}
	for _, tags := range []string{"", "desktop,production,webkit2_41"} {
		out, err := exec.Command("go", "list", "-tags", tags, "-f", "{{.ImportPath}}", "dossier/app/...").Output()
		if err != nil {
			t.Fatalf("go list: %v", err)
		}
		for _, pkg := range strings.Fields(string(out)) {
			if pkg == "dossier/app/desktop" {
				continue
			}
			deps, err := exec.Command("go", "list", "-tags", tags, "-deps", "-test", "-f", "{{.ImportPath}}", pkg).Output()
			if err != nil {
				t.Fatalf("go list -deps %s: %v", pkg, err)
			}
			for _, d := range strings.Fields(string(deps)) {
				if strings.HasPrefix(d, "github.com/wailsapp/") || d == "dossier/app/desktop" {
					t.Errorf("%s (tags %q) depends on %s: only main.go and app/desktop may use Wails", pkg, tags, d)
					break
				}
			}
		}
	}
}

// TestWindowPagesCarryTheContentSecurityPolicy: the window's pages are served with browser
// mode's policy (run.go wires secured into Wails's asset server; TestWindowSmoke shows the
// window still works under it).
func TestWindowPagesCarryTheContentSecurityPolicy(t *testing.T) {
	h := secured(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("<!doctype html>")) }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if got := rec.Header().Get("Content-Security-Policy"); got != web.ContentSecurityPolicy || !strings.Contains(got, "script-src 'self'") {
		t.Errorf("Content-Security-Policy %q", got)
	}
	if rec.Header().Get("X-Content-Type-Options") != "nosniff" || rec.Body.String() != "<!doctype html>" {
		t.Errorf("headers %v, body %q", rec.Header(), rec.Body.String())
	}
}
