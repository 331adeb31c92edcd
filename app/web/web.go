// Package web is browser mode: it serves the built frontend and the services (through the
// same registry as the desktop window) as JSON on a loopback address, guarded by a per-run
// token. docs/api.md is the contract.
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
	"net"
	"net/http"
	"path"
	"strings"
	"time"

	"dossier/app/service"
	"dossier/app/service/registry"
)

// TokenHeader carries the per-run token on every API call.
const TokenHeader = "X-Dossier-Token"

// CodeUnauthorized is the error code of a call without the right token.
const CodeUnauthorized = "unauthorized"

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
}

// New makes the handler: static files from assets (the built frontend) and POST /api/call.
func New(d *registry.Dispatcher, assets fs.FS, token string) *Server {
	s := &Server{token: token, disp: d, assets: assets}
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
	if strings.HasPrefix(r.URL.Path, "/api/") {
		s.api(w, r)
		return
	}
	s.static(w, r)
}

func (s *Server) authorized(r *http.Request) bool {
	t := r.Header.Get(TokenHeader)
	if t == "" {
		t = r.URL.Query().Get("token")
	}
	return t != "" && subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
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
	var req callRequest
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxRequest))
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		writeError(w, &service.Error{Code: service.CodeInvalid,
			Message: fmt.Sprintf("the call is larger than %d bytes (%d MiB), the limit of browser mode: for a larger file use the command line (`dossier import FILE`) or the desktop window", mbe.Limit, mbe.Limit>>20)})
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
	case CodeUnauthorized:
		return http.StatusForbidden
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
	if _, err := fs.Stat(s.assets, name); err != nil {
		if path.Ext(name) != "" && name != "index.html" {
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

// Serve runs the server on ln until ctx is done, then shuts down gracefully.
func Serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
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
