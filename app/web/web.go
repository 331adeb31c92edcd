// Package web is browser mode: it serves the built frontend and the services (through the
// same registry as the desktop window, limited to the methods open to browser mode) as JSON
// on a loopback address. docs/api.md is the contract.
//
// Every request must name this server in Host (DNS rebinding) and, when it carries an Origin,
// come from this server's own page; every call carries the per-run token in a header and a
// JSON body.
package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier/app/domain"
	"dossier/app/internal/textcap"
	"dossier/app/service"
	"dossier/app/service/registry"
)

// TokenHeader carries the per-run token on every API call.
const TokenHeader = "X-Dossier-Token"

// Error codes of browser mode, beside the services' (docs/api.md, "Errors").
const (
	// CodeUnauthorized: a call without the right token.
	CodeUnauthorized = "unauthorized"
	// CodeForbidden: a request whose Host is not this server's loopback address and port, or
	// whose Origin is not this server's page (another site, or DNS rebinding).
	CodeForbidden = "forbidden"
	// CodeUnsupportedType: a call whose body is not declared as application/json.
	CodeUnsupportedType = "unsupported_media_type"
)

// ContentSecurityPolicy keeps the page to its own files: scripts only from this server,
// requests only to it (a script injected through data could not send anything elsewhere), no
// frames. Styles may be inline (Svelte sets style attributes; the brief's print style is a
// <style>). The desktop window's pages carry it too (app/desktop).
const ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
	"frame-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"

// MaxRequest bounds the size of one API call's body.
const MaxRequest = 32 << 20

// NewToken returns 32 random bytes in hex.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return hex.EncodeToString(b), nil
}

// CheckLoopback refuses listen addresses that are not on the loopback interface.
func CheckLoopback(addr string) (string, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "", fmt.Errorf("%q is not HOST:PORT (e.g. 127.0.0.1:8080): %v", addr, err)
	}
	if host == "localhost" {
		host = "127.0.0.1"
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		shown := host
		if shown == "" {
			shown = "every interface"
		}
		return "", fmt.Errorf("refusing to listen on %s: browser mode only serves this computer, use a loopback address such as 127.0.0.1:%s", shown, portOr(port))
	}
	return net.JoinHostPort(ip.String(), port), nil
}

func portOr(p string) string {
	if p == "" || p == "0" {
		return "8080"
	}
	return p
}

// Listen checks that addr is loopback and listens on it.
func Listen(addr string) (net.Listener, error) {
	a, err := CheckLoopback(addr)
	if err != nil {
		return nil, err
	}
	return net.Listen("tcp", a)
}

// Server is the HTTP handler of browser mode.
type Server struct {
	token  string
	disp   *registry.Dispatcher
	assets fs.FS
	files  http.Handler
	hosts  []string // the Host values that name this server
	origin string   // this server's page, as browsers send it in Origin
}

// New makes the handler of a server listening on addr (its listener's address: a loopback
// IP and the real port): static files from assets (the built frontend) and POST /api/call.
// The dispatcher must be the one built for registry.Browser, so that no method closed to
// browser mode exists here at all.
func New(d *registry.Dispatcher, assets fs.FS, token, addr string) *Server {
	if d.Transport() != registry.Browser {
		panic("web: browser mode needs the dispatcher built for registry.Browser")
	}
	host, port, err := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); err != nil || ip == nil || !ip.IsLoopback() || port == "" || port == "0" {
		panic(fmt.Sprintf("web: %q is not the loopback address and port of a listener", addr))
	}
	self := net.JoinHostPort(host, port)
	s := &Server{token: token, disp: d, assets: assets, origin: "http://" + self,
		// localhost cannot be rebound to another site, and people type it.
		hosts: []string{self, net.JoinHostPort("localhost", port)}}
	if assets != nil {
		s.files = http.FileServerFS(assets)
	}
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer") // the first URL carries the token
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	if e := s.foreign(r); e != nil {
		writeError(w, e)
		return
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.api(w, r)
		return
	}
	s.static(w, r)
}

// foreign refuses a request that does not name this server in Host, or that a page of
// another origin sent. A site whose name an attacker points at 127.0.0.1 (DNS rebinding)
// sends its own name in Host; a page of another site sends its origin. Requests without an
// Origin (a typed address, a GET of the page) pass: browsers send one with every POST.
func (s *Server) foreign(r *http.Request) *service.Error {
	host := strings.ToLower(r.Host)
	if !slices.Contains(s.hosts, host) {
		return &service.Error{Code: CodeForbidden, Message: fmt.Sprintf(
			"this Dossier answers only at %s (the request named %q): open the link printed by `dossier serve`", s.origin, textcap.Cut(r.Host, 200))}
	}
	if o, ok := r.Header["Origin"]; ok && (len(o) != 1 || !s.ownOrigin(o[0])) {
		return &service.Error{Code: CodeForbidden, Message: fmt.Sprintf(
			"a page of another site (%q) cannot use this Dossier: open the link printed by `dossier serve`", textcap.Cut(strings.Join(o, ", "), 200))}
	}
	return nil
}

// ownOrigin: the origin of this server's page, under either name it answers to.
func (s *Server) ownOrigin(o string) bool {
	for _, h := range s.hosts {
		if strings.EqualFold(o, "http://"+h) {
			return true
		}
	}
	return false
}

// authorized: the token travels only in its header, never in the address of a call.
func (s *Server) authorized(r *http.Request) bool {
	t := r.Header.Get(TokenHeader)
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// jsonBody: a call declares its body as JSON. A form or text/plain body is what a page of
// another site can send without asking the browser first, so it is refused before reading.
func jsonBody(r *http.Request) *service.Error {
	mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err == nil && mt == "application/json" {
		if cs, ok := params["charset"]; !ok || strings.EqualFold(cs, "utf-8") {
			return nil
		}
	}
	return &service.Error{Code: CodeUnsupportedType, Message: fmt.Sprintf(
		"a call's body must be JSON, sent with Content-Type: application/json (got %q)", textcap.Cut(r.Header.Get("Content-Type"), 200))}
}

// callRequest is the body of POST /api/call.
type callRequest struct {
	Service string            `json:"service"`
	Method  string            `json:"method"`
	Args    []json.RawMessage `json:"args"`
}

func (s *Server) api(w http.ResponseWriter, r *http.Request) {
	if !s.authorized(r) {
		writeError(w, &service.Error{Code: CodeUnauthorized,
			Message: "this page needs the link printed by `dossier serve` (with ?token=…); open that link again"})
		return
	}
	switch r.URL.Path {
	case "/api/ping":
		writeJSON(w, http.StatusOK, map[string]any{"result": "ok"})
		return
	case "/api/call":
	default:
		writeError(w, &service.Error{Code: service.CodeNotFound, Message: "no such API endpoint: " + r.URL.Path})
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeJSON(w, http.StatusMethodNotAllowed, map[string]any{"error": &service.Error{Code: service.CodeInvalid, Message: "use POST"}})
		return
	}
	if e := jsonBody(r); e != nil {
		writeError(w, e)
		return
	}
	var req callRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequest))
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		// A refusal of the call as a whole, worded by the screens from its code ("request").
		p := domain.P("request_too_large", "limit", fmt.Sprintf("%d MiB", mbe.Limit>>20), "limit_bytes", strconv.FormatInt(mbe.Limit, 10))
		writeError(w, &service.Error{Code: service.CodeInvalid,
			Message:  fmt.Sprintf("the call is larger than %d bytes (%d MiB), the limit of browser mode: for a larger file use the command line (`dossier import FILE`) or the desktop window", mbe.Limit, mbe.Limit>>20),
			Fields:   map[string]string{"request": p.Text()},
			Problems: map[string]domain.Problem{"request": p}})
		return
	}
	if err == nil {
		err = json.Unmarshal(body, &req)
	}
	if err != nil {
		writeError(w, &service.Error{Code: service.CodeInvalid,
			Message: fmt.Sprintf(`the call must be JSON {"service": "...", "method": "...", "args": [...]}: %v`, err)})
		return
	}
	result, serr := s.disp.CallJSON(r.Context(), req.Service, req.Method, req.Args)
	if serr != nil {
		writeError(w, serr)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"result": result})
}

// Status is the HTTP status for an error code.
func Status(code string) int {
	switch code {
	case service.CodeInvalid:
		return http.StatusBadRequest
	case CodeUnauthorized, CodeForbidden:
		return http.StatusForbidden
	case CodeUnsupportedType:
		return http.StatusUnsupportedMediaType
	case service.CodeNotFound:
		return http.StatusNotFound
	case service.CodeConflict, service.CodeNoIdentity, service.CodeLocked:
		return http.StatusConflict
	case service.CodeDiskFull:
		return http.StatusInsufficientStorage
	}
	return http.StatusInternalServerError
}

// writeError sends a typed error, bounded in size by service.AsError like every error that
// reaches the user.
func writeError(w http.ResponseWriter, e *service.Error) {
	e = service.AsError(e)
	writeJSON(w, Status(e.Code), map[string]any{"error": e})
}

// encodeFailed is the answer when even an answer cannot be encoded: a typed error, never an
// empty 200.
const encodeFailed = `{"error":{"code":"failed","message":"the answer cannot be encoded as JSON: this is a bug in Dossier, please report it"}}` + "\n"

// writeJSON encodes v before writing anything, so that a value that cannot be encoded is a
// 500 with the typed error shape rather than a status already sent with an empty body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := registry.Encode(v)
	if err != nil {
		status, body = http.StatusInternalServerError, json.RawMessage(encodeFailed)
	} else {
		body = append(body, '\n')
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

const notBuilt = `<!doctype html><meta charset="utf-8"><title>Dossier</title>
<p>The frontend of this build is missing: run <code>make frontend</code>, then build again.</p>`

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if s.assets == nil {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = io.WriteString(w, notBuilt)
		return
	}
	name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	// A folder is not served as a listing of what was built: like any address without a file,
	// it loads the app.
	if fi, err := fs.Stat(s.assets, name); err != nil || fi.IsDir() {
		if err != nil && path.Ext(name) != "" && name != "index.html" {
			http.NotFound(w, r)
			return
		}
		name = "index.html" // client-side routes load the app
	}
	if name == "index.html" {
		data, err := fs.ReadFile(s.assets, "index.html")
		if err != nil {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, notBuilt)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		_, _ = w.Write(data)
		return
	}
	if strings.HasPrefix(name, "assets/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable") // hashed names
	}
	s.files.ServeHTTP(w, r)
}

// How long a connection may take to send one request, body included, and stay open between
// two. Any local program can connect, token or not: without them, one that sent a request and
// then nothing, or trickled a body (the server reads a small unread body before answering,
// even a refusal), held a goroutine and a file descriptor for ever, and enough of them leave
// Dossier unable to open its own files. A call's body (at most MaxRequest) comes from this
// computer, in well under a second; a browser opens a new connection when one was closed.
var (
	readTimeout = 2 * time.Minute
	idleTimeout = 2 * time.Minute
)

// Serve runs the server on ln until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: readTimeout, IdleTimeout: idleTimeout}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := srv.Shutdown(sctx)
	if e := <-errc; e != nil && !errors.Is(e, http.ErrServerClosed) && err == nil {
		err = e
	}
	return err
}

// URL is the address to open, with the token.
func URL(ln net.Listener, token string) string {
	return fmt.Sprintf("http://%s/?token=%s", ln.Addr().String(), token)
}
