package web

// The RPC contract as browser mode enforces it (docs/api.md, "Browser mode"): only methods
// that take no path on this computer, only from this server's own page, only JSON bodies;
// and the frontend's generated types match the Go services.

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dossier/app/internal/clitest"
	"dossier/app/internal/wiregen"
	"dossier/app/service"
	"dossier/app/service/registry"
)

var (
	contractOnce sync.Once
	contract     *wiregen.Contract
	contractErr  error
)

// loadContract reads the allow-list's Go types once (go/packages, a few seconds).
func loadContract(t *testing.T) *wiregen.Contract {
	t.Helper()
	contractOnce.Do(func() { contract, contractErr = wiregen.Load(wiregen.Entries()) })
	if contractErr != nil {
		t.Fatal(contractErr)
	}
	return contract
}

// TestGeneratedTypesAreCurrent: frontend/src/lib/generated/types.ts is what `go generate
// ./app/service/registry/` writes from the services as they are now.
func TestGeneratedTypesAreCurrent(t *testing.T) {
	want, err := loadContract(t).TypeScript()
	if err != nil {
		t.Fatal(err)
	}
	root, err := clitest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(root, "frontend", "src", "lib", "generated", "types.ts")
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v: run `go generate ./app/service/registry/`", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		i := 0
		for i < len(gl) && i < len(wl) && gl[i] == wl[i] {
			i++
		}
		line := func(l []string) string {
			if i < len(l) {
				return l[i]
			}
			return "(end of file)"
		}
		t.Fatalf("%s is stale: run `go generate ./app/service/registry/` and commit it\nfirst difference, line %d:\n  file:      %s\n  generated: %s",
			file, i+1, line(gl), line(wl))
	}
}

// TestNoPathReachesBrowserMode walks the parameters of every method browser mode may call,
// with the types go/types gives them, and finds no path on this computer: no service.Path
// anywhere in them, and no string named like a path. The same walk does find the paths of
// the window's methods, so it is not blind.
func TestNoPathReachesBrowserMode(t *testing.T) {
	c := loadContract(t)
	served := registry.New(&service.App{}, registry.Browser).Methods()
	var browser []string
	for _, m := range c.Methods {
		if m.Access&registry.Browser == 0 {
			continue
		}
		browser = append(browser, m.Key())
		if p := m.Paths(); len(p) > 0 {
			t.Errorf("%s is open to browser mode but takes a path on this computer: %s", m.Key(), strings.Join(p, ", "))
		}
	}
	if !slices.Equal(browser, served) {
		t.Fatalf("the contract's browser methods %v are not those browser mode serves %v", browser, served)
	}
	if len(browser) < 30 {
		t.Fatalf("only %d browser methods: the contract was not read", len(browser))
	}
	window := map[string][]string{}
	for _, m := range c.Methods {
		window[m.Key()] = m.Paths()
	}
	for key, want := range map[string]string{
		"Sync.ImportFileReport": "path", "Sync.Inspect": "path", "Sync.WriteCard": "path", "Sync.ReadCard": "path",
		"Sync.TrustCard": "path", "Sync.Export": "opt.out", "Brief.SavePDF": "path", "Brief.StartSavePack": "path",
	} {
		if !slices.Contains(window[key], want) {
			t.Errorf("%s: the walk found %q, want %q among them", key, window[key], want)
		}
	}
}

// snapshot is every file under dir with its content and modification time.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		data := ""
		if !d.IsDir() {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			data = string(b)
		}
		out[p] = info.ModTime().Format(time.RFC3339Nano) + " " + data
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestPathMethodsCannotBeCalledOverHTTP calls, over HTTP and with the token, every method
// that takes a path (the window's, and the command line's), pointed at files of a directory:
// each is not found, and not one file is read into an answer, written, or touched.
func TestPathMethodsCannotBeCalledOverHTTP(t *testing.T) {
	srv, app := newTestServer(t, true)
	rec := call(t, srv, testToken, "Records", "Add", "commitment", map[string]any{"title": "Secret plan", "status": "agreed"})
	if rec.Error != nil {
		t.Fatal(rec.Error)
	}
	dir := t.TempDir()
	secret := filepath.Join(dir, "secret.card.json")
	if err := os.WriteFile(secret, []byte(`{"canary":"c4n4ry-7f3a"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(dir, "own.card.json")
	if _, err := (&service.Sync{App: app}).WriteCard(card); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(dir, "own.backup")
	if _, err := (&service.Admin{App: app}).Backup(backup); err != nil {
		t.Fatal(err)
	}
	out := func(name string) string { return filepath.Join(dir, "out", name) }
	before := snapshot(t, dir)
	hashBefore, _ := (&service.Admin{App: app}).StateHash()

	for _, c := range []struct {
		svc, method string
		args        []any
	}{
		{"Admin", "Restore", []any{map[string]any{"file": backup, "card": card}}},
		{"Admin", "Restore", []any{map[string]any{"file": backup, "own": true}}},
		{"Admin", "Backup", []any{out("b.backup")}},
		{"CSV", "Export", []any{"commitment", out("c.csv")}},
		{"CSV", "Export", []any{"commitment", secret}},
		{"Sync", "WriteCard", []any{out("w.card.json")}},
		{"Sync", "WriteCard", []any{secret}},
		{"Sync", "ReadCard", []any{secret}},
		{"Sync", "ReadCard", []any{"/etc/shadow"}},
		{"Sync", "TrustCard", []any{secret, map[string]any{}}},
		{"Sync", "Export", []any{map[string]any{"out": out("e.dossier"), "to": []string{card}}}},
		{"Sync", "ImportFileReport", []any{secret}},
		{"Sync", "ImportFile", []any{secret}},
		{"Sync", "Inspect", []any{secret}},
		{"Sync", "PreviewFile", []any{secret}},
		{"Sync", "Preview", []any{secret}},
		{"Sync", "Import", []any{secret}},
		{"Brief", "SavePDF", []any{"LBY", map[string]any{}, out("b.pdf")}},
		{"Brief", "SavePack", []any{map[string]any{"countries": []string{"LBY"}}, out("p.pdf")}},
		{"Brief", "StartSavePack", []any{map[string]any{"countries": []string{"LBY"}}, out("p.pdf")}},
		{"Brief", "WriteEach", []any{[]string{"LBY"}, map[string]any{}, out("each")}},
		{"Platform", "OpenFile", []any{"Open", "*"}},
		{"Records", "AddWithID", []any{"commitment", "0190f7a2-0000-7000-8000-000000000001", map[string]any{"title": "x"}}},
	} {
		r := call(t, srv, testToken, c.svc, c.method, c.args...)
		if r.status != http.StatusNotFound || r.Error == nil || r.Error.Code != service.CodeNotFound {
			t.Errorf("%s.%s over HTTP: %d %+v %s, want 404 not_found", c.svc, c.method, r.status, r.Error, r.Result)
		}
		if strings.Contains(string(r.Result), "c4n4ry") || (r.Error != nil && strings.Contains(r.Error.Message, "c4n4ry")) {
			t.Errorf("%s.%s answered with the content of a file", c.svc, c.method)
		}
	}
	// The one export open to browser mode names recipients by key id only.
	r := call(t, srv, testToken, "Sync", "ExportData", map[string]any{"name": "x.dossier", "to": []string{secret}})
	if r.status != http.StatusBadRequest || r.Error == nil || r.Error.Fields["to"] == "" || strings.Contains(r.Error.Message, "c4n4ry") {
		t.Errorf("ExportData to a card path: %d %+v, want 400 invalid on to", r.status, r.Error)
	}
	if after := snapshot(t, dir); !maps(before, after) {
		t.Errorf("files changed under %s:\nbefore %v\nafter  %v", dir, before, after)
	}
	if h, _ := (&service.Admin{App: app}).StateHash(); h != hashBefore {
		t.Error("the store changed")
	}
}

func maps(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// do sends one call with the given Host, Origin and Content-Type ("" leaves a header out).
func do(t *testing.T, url, host, origin, ctype string) (int, *service.Error) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url+"/api/call", strings.NewReader(`{"service":"Meta","method":"Schema","args":[]}`))
	req.Header.Set(TokenHeader, testToken)
	if host != "" {
		req.Host = host
	}
	if origin != "" {
		req.Header.Set("Origin", origin)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	var r struct {
		Error *service.Error `json:"error"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("host %q origin %q type %q: the answer is not JSON: %s", host, origin, ctype, body)
	}
	return resp.StatusCode, r.Error
}

// TestForeignHostAndOrigin: a request that names another server in Host (DNS rebinding) or
// comes from another origin's page is refused with 403 and the typed error, the page's own
// requests pass.
func TestForeignHostAndOrigin(t *testing.T) {
	srv, _ := newTestServer(t, true)
	self := srv.Listener.Addr().String()
	_, port, _ := net.SplitHostPort(self)
	const json = "application/json"
	for _, c := range []struct{ host, origin string }{
		{"attacker.example:" + port, ""}, // a rebound name
		{"attacker.example", ""},         // without a port
		{"127.0.0.1:1", ""},              // another port
		{"127.0.0.2:" + port, ""},        // another loopback address
		{"localhost.attacker.example:" + port, ""},
		{"", "http://attacker.example"}, // another site's page
		{"", "http://attacker.example:" + port},
		{"", "http://127.0.0.1:1"}, // a page of another local server
		{"", "https://" + self},    // another scheme
		{"", "null"},               // a sandboxed frame, a file
		{"", "http://" + self + ".attacker.example"},
	} {
		status, e := do(t, srv.URL, c.host, c.origin, json)
		if status != http.StatusForbidden || e == nil || e.Code != CodeForbidden || e.Message == "" {
			t.Errorf("host %q origin %q: %d %+v, want 403 forbidden", c.host, c.origin, status, e)
		}
	}
	for _, c := range []struct{ host, origin string }{
		{"", ""}, {"", "http://" + self}, {"localhost:" + port, "http://localhost:" + port}, {"LOCALHOST:" + port, ""},
	} {
		if status, e := do(t, srv.URL, c.host, c.origin, json); status != 200 || e != nil {
			t.Errorf("host %q origin %q: %d %+v, want 200", c.host, c.origin, status, e)
		}
	}
	// The page itself is refused under a foreign name, in the same shape.
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/", nil)
	req.Host = "attacker.example:" + port
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), `"code":"forbidden"`) || strings.Contains(string(body), "<div id=app>") {
		t.Errorf("the page under a foreign Host: %d %s", resp.StatusCode, body)
	}
}

// TestOnlyJSONBodies: text/plain, forms and bodies without a type, which a page of another
// site can send without the browser asking first, are refused with 415 before being read.
func TestOnlyJSONBodies(t *testing.T) {
	srv, _ := newTestServer(t, true)
	for _, ct := range []string{"", "text/plain", "text/plain; charset=utf-8", "application/x-www-form-urlencoded",
		"multipart/form-data; boundary=x", "application/json; charset=latin1", "application/jsonx", "application/json-patch+json"} {
		status, e := do(t, srv.URL, "", "", ct)
		if status != http.StatusUnsupportedMediaType || e == nil || e.Code != CodeUnsupportedType || !strings.Contains(e.Message, "application/json") {
			t.Errorf("Content-Type %q: %d %+v, want 415 %s", ct, status, e, CodeUnsupportedType)
		}
	}
	for _, ct := range []string{"application/json", "application/json; charset=utf-8", "Application/JSON; charset=UTF-8"} {
		if status, e := do(t, srv.URL, "", "", ct); status != 200 || e != nil {
			t.Errorf("Content-Type %q: %d %+v, want 200", ct, status, e)
		}
	}
}

// TestContentSecurityPolicy: the page may talk only to its own server.
func TestContentSecurityPolicy(t *testing.T) {
	srv, _ := newTestServer(t, false)
	resp, err := srv.Client().Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'self'", "script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
}
