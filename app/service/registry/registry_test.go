package registry

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/service"
)

type demoSvc struct{ calls int }

func (d *demoSvc) Echo(s string, n int, raw json.RawMessage) (map[string]any, error) {
	return map[string]any{"s": s, "n": n, "raw_nil": raw == nil}, nil
}
func (d *demoSvc) Ctx(ctx context.Context, s string) (string, error) {
	if ctx == nil {
		return "", nil
	}
	return "ctx:" + s, nil
}
func (d *demoSvc) Fail() error           { return service.Invalid("title", "is required") }
func (d *demoSvc) Boom() (int, error)    { panic("boom") }
func (d *demoSvc) Hidden(f func()) error { return nil }
func (d *demoSvc) NoError() string       { return "" }

func TestDispatch(t *testing.T) {
	d := NewFrom([]Entry{{Name: "Demo", Impl: &demoSvc{}}})
	if got := d.Methods(); !slices.Equal(got, []string{"Demo.Boom", "Demo.Ctx", "Demo.Echo", "Demo.Fail"}) {
		t.Fatalf("methods: %v", got)
	}
	raw := func(s ...string) []json.RawMessage {
		out := []json.RawMessage{}
		for _, x := range s {
			out = append(out, json.RawMessage(x))
		}
		return out
	}
	res, err := d.Call(context.Background(), "Demo", "Echo", raw(`"a"`, `3`, `null`))
	if err != nil || res.(map[string]any)["n"] != 3 || res.(map[string]any)["raw_nil"] != true {
		t.Fatalf("echo: %v %v", res, err)
	}
	// Missing trailing arguments are zero values.
	if res, err = d.Call(context.Background(), "Demo", "Echo", nil); err != nil || res.(map[string]any)["s"] != "" {
		t.Fatalf("echo(): %v %v", res, err)
	}
	if res, err = d.Call(context.Background(), "Demo", "Ctx", raw(`"x"`)); err != nil || res != "ctx:x" {
		t.Fatalf("ctx: %v %v", res, err)
	}
	for _, c := range []struct {
		method string
		args   []json.RawMessage
		code   string
	}{
		{"Echo", raw(`1`), service.CodeInvalid},
		{"Echo", raw(`"a"`, `1`, `2`, `3`), service.CodeInvalid},
		{"Fail", nil, service.CodeInvalid},
		{"Boom", nil, service.CodeFailed},
		{"Hidden", nil, service.CodeNotFound},
	} {
		_, err := d.Call(context.Background(), "Demo", c.method, c.args)
		if err == nil || err.Code != c.code || err.Message == "" {
			t.Errorf("%s: %+v, want %s", c.method, err, c.code)
		}
	}
	_, err = d.Call(context.Background(), "Demo", "Fail", nil)
	var e service.Error
	if json.Unmarshal([]byte(ErrorJSON(err)), &e) != nil || e.Fields["title"] != "is required" {
		t.Fatalf("error JSON: %s", ErrorJSON(err))
	}
}

func TestEveryServiceIsCallable(t *testing.T) {
	d := New(&service.App{})
	for _, want := range []string{"Records.Get", "Records.Add", "Records.Update", "Records.AddTo", "Records.RemoveFrom",
		"Records.Delete", "Records.Restore", "Records.List", "Records.History", "Records.Conflicts", "Records.Resolve",
		"Meta.Schema", "Settings.Get", "Settings.SetLanguage", "Settings.Init", "Admin.StateHash", "Admin.Check",
		"Demo.Load", "Home.Summary", "Country.Get", "Country.List"} {
		if !slices.Contains(d.Methods(), want) {
			t.Errorf("%s is not callable", want)
		}
	}
	if slices.Contains(d.Methods(), "CSV.Import") {
		t.Error("CSV.Import takes a reader and cannot travel as JSON")
	}
}
