package web

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dossier/app/service"
	"dossier/app/service/registry"
)

// oddSvc answers values that JSON cannot carry, and errors far larger than any screen.
type oddSvc struct{}

func (oddSvc) NaN() (float64, error)            { return math.NaN(), nil }
func (oddSvc) Inf() (map[string]float64, error) { return map[string]float64{"x": math.Inf(1)}, nil }
func (oddSvc) FarFuture() (time.Time, error)    { return time.Unix(math.MaxInt64/1000, 0), nil } // the MaxInt64 clock
func (oddSvc) Fine() (map[string]string, error) { return map[string]string{"a": "<b>"}, nil }
func (oddSvc) Nothing() error                   { return nil }
func (oddSvc) HugeMessage() error               { return service.Invalid("x", strings.Repeat("é", 3<<20)) }
func (oddSvc) ManyFields() (int, error)         { return 0, manyFields(40000) }
func (oddSvc) JustInside() error {
	return &service.Error{Code: service.CodeFailed, Message: strings.Repeat("m", service.MaxMessage)}
}
func (oddSvc) JustOutside() error {
	return &service.Error{Code: service.CodeFailed, Message: strings.Repeat("m", service.MaxMessage+1)}
}
func (oddSvc) Plain() (string, error) { return "", fmt.Errorf("%s", strings.Repeat("x", 1<<20)) }

func manyFields(n int) *service.Error {
	e := &service.Error{Code: service.CodeInvalid, Message: "many", Fields: map[string]string{}}
	for i := 0; i < n; i++ {
		e.Fields[fmt.Sprintf("f%05d", i)] = strings.Repeat("v", 1000)
	}
	return e
}

func oddServer(t *testing.T) *httptest.Server {
	t.Helper()
	methods := registry.Methods{}
	for _, m := range []string{"NaN", "Inf", "FarFuture", "Fine", "Nothing", "HugeMessage", "ManyFields", "JustInside", "JustOutside", "Plain"} {
		methods[m] = registry.Browser
	}
	return serve(t, registry.NewFrom([]registry.Entry{{Name: "Odd", Impl: oddSvc{}, Methods: methods}}, registry.Browser), nil)
}

// rawCall posts one call and returns the status and the body as sent.
func rawCall(t *testing.T, srv *httptest.Server, method string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/call", strings.NewReader(`{"service":"Odd","method":"`+method+`","args":[]}`))
	req.Header.Set(TokenHeader, testToken)
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// TestAnswerThatCannotBeEncodedIsAnError: no API answer is an empty 200. A result JSON cannot
// carry is a 500 with the typed error, naming the method.
func TestAnswerThatCannotBeEncodedIsAnError(t *testing.T) {
	srv := oddServer(t)
	for _, m := range []string{"NaN", "Inf", "FarFuture"} {
		status, body := rawCall(t, srv, m)
		var r struct {
			Result json.RawMessage `json:"result"`
			Error  *service.Error  `json:"error"`
		}
		if err := json.Unmarshal(body, &r); err != nil {
			t.Fatalf("%s: the body is not JSON (%v): %q", m, err, body)
		}
		if status != http.StatusInternalServerError || r.Error == nil || r.Error.Code != service.CodeFailed ||
			!strings.Contains(r.Error.Message, "Odd."+m) || r.Result != nil {
			t.Errorf("%s: got %d %s, want 500 with a failed error naming the method", m, status, body)
		}
	}
	// Values that encode are sent as before (no HTML escapes), and error-only methods answer null.
	if status, body := rawCall(t, srv, "Fine"); status != 200 || string(body) != `{"result":{"a":"<b>"}}`+"\n" {
		t.Errorf("Fine: %d %q", status, body)
	}
	if status, body := rawCall(t, srv, "Nothing"); status != 200 || string(body) != `{"result":null}`+"\n" {
		t.Errorf("Nothing: %d %q", status, body)
	}
}

// TestErrorsAreBounded: whatever a method returns, the error sent is a few KiB at most, and
// says what was left out.
func TestErrorsAreBounded(t *testing.T) {
	srv := oddServer(t)
	const maxBody = service.MaxMessage + service.MaxFields*(service.MaxFieldName+service.MaxFieldText+100) + 1024
	cases := []struct {
		method string
		status int
		cut    bool // the message says bytes were left out
	}{
		{"HugeMessage", http.StatusBadRequest, true},
		{"ManyFields", http.StatusBadRequest, false},
		{"JustInside", http.StatusInternalServerError, false},
		{"JustOutside", http.StatusInternalServerError, true},
		{"Plain", http.StatusInternalServerError, true},
	}
	for _, c := range cases {
		status, body := rawCall(t, srv, c.method)
		var r struct{ Error *service.Error }
		if err := json.Unmarshal(body, &r); err != nil || r.Error == nil {
			t.Fatalf("%s: %v %.200q", c.method, err, body)
		}
		if status != c.status || len(body) > maxBody {
			t.Errorf("%s: status %d, %d bytes (bound %d)", c.method, status, len(body), maxBody)
		}
		if got := strings.Contains(r.Error.Message, "more bytes not shown"); got != c.cut {
			t.Errorf("%s: message cut = %v, want %v (%d bytes)", c.method, got, c.cut, len(r.Error.Message))
		}
		if len(r.Error.Fields) > service.MaxFields+1 {
			t.Errorf("%s: %d fields", c.method, len(r.Error.Fields))
		}
		for k, v := range r.Error.Fields {
			if len(k) > service.MaxFieldName || len(v) > service.MaxFieldText {
				t.Errorf("%s: field %.20q is %d+%d bytes", c.method, k, len(k), len(v))
			}
		}
	}
	_, body := rawCall(t, srv, "ManyFields")
	var r struct{ Error *service.Error }
	_ = json.Unmarshal(body, &r)
	if r.Error.Fields[service.FieldsCut] != fmt.Sprintf("and %d more", 40000-service.MaxFields) || r.Error.Fields["f00000"] == "" {
		t.Errorf("fields left out are not counted: %v", r.Error.Fields[service.FieldsCut])
	}
}

// TestListRangesThroughTheAPI: the offset that used to answer a 500 "makeslice" is a 400 with
// a field error, as is any offset or limit outside its range.
func TestListRangesThroughTheAPI(t *testing.T) {
	srv, _ := newTestServer(t, true)
	cases := []struct {
		query map[string]any
		field string
	}{
		{map[string]any{"kind": "commitment", "offset": 9223372036854775000}, "offset"},
		{map[string]any{"kind": "commitment", "offset": -1}, "offset"},
		{map[string]any{"kind": "commitment", "limit": 10001}, "limit"},
		{map[string]any{"kind": "commitment", "offset": 10_000_000, "limit": 10000}, ""},
	}
	for _, c := range cases {
		r := call(t, srv, testToken, "Records", "List", c.query)
		if c.field == "" {
			if r.status != 200 || r.Error != nil {
				t.Errorf("%v: %d %+v", c.query, r.status, r.Error)
			}
			continue
		}
		if r.status != http.StatusBadRequest || r.Error == nil || !strings.Contains(r.Error.Fields[c.field], "out of range") {
			t.Errorf("%v: %d %+v, want 400 on %s", c.query, r.status, r.Error, c.field)
		}
	}
}

// TestRequestBodyLimit: a call of exactly MaxRequest bytes is read; one byte more is refused
// as invalid input, naming the limit.
func TestRequestBodyLimit(t *testing.T) {
	srv := oddServer(t)
	call := `{"service":"Odd","method":"Fine","args":[]}`
	for _, c := range []struct {
		size   int
		status int
	}{{MaxRequest, http.StatusOK}, {MaxRequest + 1, http.StatusBadRequest}} {
		body := call + strings.Repeat(" ", c.size-len(call)) // trailing spaces are valid JSON
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/call", strings.NewReader(body))
		req.Header.Set(TokenHeader, testToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.status {
			t.Errorf("%d bytes: %d %s, want %d", c.size, resp.StatusCode, data, c.status)
		}
		if c.status != http.StatusOK && !strings.Contains(string(data), fmt.Sprint(MaxRequest)) {
			t.Errorf("%d bytes: the refusal does not name the limit: %s", c.size, data)
		}
		// The screens word it from its code, in the reader's language.
		if c.status != http.StatusOK && !strings.Contains(string(data), `"problems":{"request":{"code":"request_too_large","params":{"limit":"32 MiB","limit_bytes":"`+fmt.Sprint(MaxRequest)+`"}}}`) {
			t.Errorf("%d bytes: the refusal has no problem code: %s", c.size, data)
		}
	}
}

// TestSlowAndIdleConnectionsAreClosed: a local program that knows no token cannot hold
// connections for ever, one goroutine and one file descriptor each, until Dossier cannot open
// its own files: one that sends a request and then nothing, and one that trickles a body the
// server reads (the server reads a small unread body before answering, to reuse the
// connection, even when it refuses the call).
func TestSlowAndIdleConnectionsAreClosed(t *testing.T) {
	oldRead, oldIdle := readTimeout, idleTimeout
	readTimeout, idleTimeout = 300*time.Millisecond, 300*time.Millisecond
	t.Cleanup(func() { readTimeout, idleTimeout = oldRead, oldIdle })
	app, err := service.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { app.Close() })
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ln, New(registry.New(app, registry.Browser), nil, testToken, ln.Addr().String()))
	}()
	t.Cleanup(func() { cancel(); <-done })
	addr := ln.Addr().String()

	closed := func(name, request string, answered bool) {
		t.Helper()
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := io.WriteString(c, request); err != nil {
			t.Fatal(err)
		}
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		r := bufio.NewReader(c)
		if answered {
			resp, err := http.ReadResponse(r, nil)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		if _, err := io.Copy(io.Discard, r); err != nil { // nil at EOF: the server closed it
			t.Errorf("%s: the connection was still open after 5 s (%v)", name, err)
		}
	}
	closed("idle after a request", "GET / HTTP/1.1\r\nHost: "+addr+"\r\n\r\n", true)
	closed("a body trickled", "POST /api/call HTTP/1.1\r\nHost: "+addr+"\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{", false)
}
