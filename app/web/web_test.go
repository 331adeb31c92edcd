package web

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"dossier/app/service"
	"dossier/app/service/registry"
)

const testToken = "t0ken"

func newTestServer(t *testing.T, withIdentity bool) (*httptest.Server, *service.App) {
	t.Helper()
	app, err := service.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	if withIdentity {
		if _, err := app.Init("Amina Benali", "delegate", "EU"); err != nil {
			t.Fatal(err)
		}
	}
	assets := fstest.MapFS{
		"index.html":      {Data: []byte("<!doctype html><title>Dossier</title><div id=app></div>")},
		"assets/app-1.js": {Data: []byte("console.log(1)")},
	}
	return serve(t, registry.New(app, registry.Browser), assets), app
}

// serve starts browser mode over d on a loopback port, as `dossier serve` does.
func serve(t *testing.T, d *registry.Dispatcher, assets fs.FS) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	srv.Config.Handler = New(d, assets, testToken, srv.Listener.Addr().String())
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

type reply struct {
	status int
	Result json.RawMessage `json:"result"`
	Error  *service.Error  `json:"error"`
}

func call(t *testing.T, srv *httptest.Server, token, svc, method string, args ...any) reply {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"service": svc, "method": method, "args": args})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/call", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set(TokenHeader, token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r reply
	data, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatalf("%s.%s: response is not JSON: %v\n%s", svc, method, err, data)
	}
	r.status = resp.StatusCode
	return r
}

func TestTokenRequired(t *testing.T) {
	srv, _ := newTestServer(t, true)
	for _, tok := range []string{"", "wrong", testToken + "x"} {
		r := call(t, srv, tok, "Meta", "Schema")
		if r.status != http.StatusForbidden || r.Error == nil || r.Error.Code != CodeUnauthorized {
			t.Fatalf("token %q: got %d %+v, want 403 unauthorized", tok, r.status, r.Error)
		}
	}
	if r := call(t, srv, testToken, "Meta", "Schema"); r.status != 200 || r.Error != nil {
		t.Fatalf("with the token: %d %+v", r.status, r.Error)
	}
	// The token travels only in its header: in the address of a call (where it would land in
	// logs and history) it is refused.
	resp, err := srv.Client().Get(srv.URL + "/api/ping?token=" + testToken)
	if err != nil || resp.StatusCode != http.StatusForbidden {
		t.Fatalf("ping with ?token=: %v %v, want 403", err, resp.Status)
	}
	resp.Body.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/api/ping", nil)
	req.Header.Set(TokenHeader, testToken)
	if resp, err = srv.Client().Do(req); err != nil || resp.StatusCode != 200 {
		t.Fatalf("ping with the header: %v %v", err, resp.Status)
	}
	resp.Body.Close()
}

func TestStaticFilesAndHeaders(t *testing.T) {
	srv, _ := newTestServer(t, false)
	for _, p := range []string{"/", "/?token=" + testToken, "/records/commitment"} {
		resp, err := srv.Client().Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "<div id=app>") {
			t.Fatalf("GET %s: %d %q", p, resp.StatusCode, b)
		}
		if resp.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Fatalf("GET %s: the token could leak through Referer", p)
		}
	}
	resp, _ := srv.Client().Get(srv.URL + "/assets/app-1.js")
	if resp.StatusCode != 200 {
		t.Fatalf("asset: %d", resp.StatusCode)
	}
	resp.Body.Close()
	resp, _ = srv.Client().Get(srv.URL + "/assets/missing.js")
	if resp.StatusCode != 404 {
		t.Fatalf("missing asset: %d", resp.StatusCode)
	}
	resp.Body.Close()
	// A folder of the assets is no page of files: it loads the app, as any address without an
	// extension does, never a listing of what was built.
	for _, p := range []string{"/assets/", "/assets"} {
		resp, _ = srv.Client().Get(srv.URL + p)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(b), "<div id=app>") || strings.Contains(string(b), "app-1.js") {
			t.Fatalf("GET %s: %d %q, want the app, not a listing", p, resp.StatusCode, b)
		}
	}
}

func TestTypedErrors(t *testing.T) {
	srv, _ := newTestServer(t, true)
	cases := []struct {
		svc, method string
		args        []any
		status      int
		code, field string
	}{
		{"Records", "Add", []any{"commitment", map[string]any{"title": "Train border guards", "status": "agreed", "due": "2025-13-40"}}, 400, "invalid", "due"},
		{"Records", "Add", []any{"starship", map[string]any{"title": "x"}}, 400, "invalid", "kind"},
		{"Records", "Get", []any{"0190f7a2-0000-7000-8000-000000000000"}, 404, "not_found", ""},
		{"Records", "Nope", nil, 404, "not_found", ""},
		{"Nope", "List", nil, 404, "not_found", ""},
		{"Records", "Get", []any{1, 2}, 400, "invalid", ""},
		{"Records", "Get", []any{map[string]any{}}, 400, "invalid", ""},
		{"Records", "List", []any{map[string]any{"kind": "commitment", "date_from": "soon"}}, 400, "invalid", "date_from"},
		{"Country", "Get", []any{"LBA"}, 400, "invalid", "country"}, // read as a brief reads its country (domain.ReadCountry)
		{"Settings", "SetLanguage", []any{"de"}, 400, "invalid", "language"},
	}
	for _, c := range cases {
		r := call(t, srv, testToken, c.svc, c.method, c.args...)
		if r.status != c.status || r.Error == nil || r.Error.Code != c.code || r.Error.Message == "" {
			t.Errorf("%s.%s%v: got %d %+v, want %d %s", c.svc, c.method, c.args, r.status, r.Error, c.status, c.code)
			continue
		}
		if c.field != "" && r.Error.Fields[c.field] == "" {
			t.Errorf("%s.%s: no message for field %q in %+v", c.svc, c.method, c.field, r.Error)
		}
	}
	// Writes before an identity exists say so.
	srv2, _ := newTestServer(t, false)
	r := call(t, srv2, testToken, "Records", "Add", "commitment", map[string]any{"title": "x", "status": "agreed"})
	if r.status != http.StatusConflict || r.Error == nil || r.Error.Code != service.CodeNoIdentity {
		t.Fatalf("add without identity: %d %+v", r.status, r.Error)
	}
	// Malformed bodies and wrong methods.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/call", strings.NewReader("{not json"))
	req.Header.Set(TokenHeader, testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, _ := srv.Client().Do(req)
	if resp.StatusCode != 400 {
		t.Fatalf("bad JSON: %d", resp.StatusCode)
	}
	resp.Body.Close()
	req, _ = http.NewRequest(http.MethodGet, srv.URL+"/api/call", nil)
	req.Header.Set(TokenHeader, testToken)
	resp, _ = srv.Client().Do(req)
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Fatalf("GET /api/call: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

func TestRecordRoundTrip(t *testing.T) {
	srv, _ := newTestServer(t, true)
	var rec service.RecordView
	r := call(t, srv, testToken, "Records", "Add", "commitment", map[string]any{
		"title": "Train 300 border guards", "status": "agreed", "due": "2026-03-31", "themes": []string{"border_management"}})
	if r.Error != nil {
		t.Fatalf("add: %+v", r.Error)
	}
	_ = json.Unmarshal(r.Result, &rec)
	if rec.ID == "" || rec.Title != "Train 300 border guards" || rec.Created.AuthorName != "Amina Benali" {
		t.Fatalf("add returned %+v", rec)
	}
	r = call(t, srv, testToken, "Records", "Update", rec.ID, map[string]any{"status": "in_progress"})
	if r.Error != nil {
		t.Fatalf("update: %+v", r.Error)
	}
	r = call(t, srv, testToken, "Records", "Get", rec.ID)
	_ = json.Unmarshal(r.Result, &rec)
	if string(rec.Fields["status"]) != `"in_progress"` {
		t.Fatalf("status after update: %s", rec.Fields["status"])
	}
	var list service.ListView
	r = call(t, srv, testToken, "Records", "List", map[string]any{"q": "border guards"})
	_ = json.Unmarshal(r.Result, &list)
	if list.Total != 1 || list.Items[0].ID != rec.ID || list.Items[0].Status != "in_progress" {
		t.Fatalf("quick search: %+v", list)
	}
	var hist []struct {
		Type    string `json:"type"`
		Changes []struct {
			Field string          `json:"field"`
			Old   json.RawMessage `json:"old"`
			New   json.RawMessage `json:"new"`
		} `json:"changes"`
	}
	r = call(t, srv, testToken, "Records", "History", rec.ID)
	_ = json.Unmarshal(r.Result, &hist)
	if len(hist) != 2 || hist[1].Type != "update" || hist[1].Changes[0].Field != "status" {
		t.Fatalf("history: %s", r.Result)
	}
	// Delete, restore, and the empty-argument convention (Resolve's value as null).
	if r = call(t, srv, testToken, "Records", "Delete", rec.ID); r.Error != nil {
		t.Fatalf("delete: %+v", r.Error)
	}
	if r = call(t, srv, testToken, "Records", "Restore", rec.ID); r.Error != nil {
		t.Fatalf("restore: %+v", r.Error)
	}
	r = call(t, srv, testToken, "Records", "Resolve", rec.ID, "status", "", nil)
	if r.Error == nil || r.Error.Code != "invalid" || r.Error.Fields["field"] == "" {
		t.Fatalf("resolve without conflict: %+v", r.Error)
	}
}

func TestLoopbackOnly(t *testing.T) {
	for _, a := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0", "127.0.0.2:8080"} {
		if _, err := CheckLoopback(a); err != nil {
			t.Errorf("%s refused: %v", a, err)
		}
	}
	for _, a := range []string{":8080", "0.0.0.0:8080", "[::]:8080", "192.168.1.10:8080", "example.org:80", "8080"} {
		_, err := CheckLoopback(a)
		if err == nil {
			t.Errorf("%s accepted", a)
			continue
		}
		if a != "8080" && !strings.Contains(err.Error(), "refusing to listen") {
			t.Errorf("%s: unclear error %v", a, err)
		}
	}
	if ln, err := Listen("0.0.0.0:0"); err == nil {
		ln.Close()
		t.Fatal("Listen on 0.0.0.0 succeeded")
	}
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
}
