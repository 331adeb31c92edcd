package registry

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/service"
)

type demoSvc struct{}

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
	d := NewFrom([]Entry{{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"Echo": Both, "Ctx": Both, "Fail": Both, "Boom": Both}}}, Browser)
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
		{"NoError", nil, service.CodeNotFound},
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

// TestAllowList: only the methods an entry lists are callable, each only by the transports
// it names; a list naming a method that does not exist or cannot travel as JSON is a bug
// found when the dispatcher is built.
func TestAllowList(t *testing.T) {
	entries := []Entry{{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"Echo": Both, "Ctx": Window, "Fail": Browser}}}
	if got := NewFrom(entries, Browser).Methods(); !slices.Equal(got, []string{"Demo.Echo", "Demo.Fail"}) {
		t.Errorf("browser: %v", got)
	}
	if got := NewFrom(entries, Window).Methods(); !slices.Equal(got, []string{"Demo.Ctx", "Demo.Echo"}) {
		t.Errorf("window: %v", got)
	}
	// Boom exists and travels as JSON, but is not listed: not found, like a made-up name.
	_, err := NewFrom(entries, Browser).Call(context.Background(), "Demo", "Boom", nil)
	if err == nil || err.Code != service.CodeNotFound {
		t.Errorf("unlisted method: %+v", err)
	}
	_, err = NewFrom(entries, Browser).Call(context.Background(), "Demo", "Ctx", nil)
	if err == nil || err.Code != service.CodeNotFound {
		t.Errorf("window-only method over the browser: %+v", err)
	}
	for name, bad := range map[string][]Entry{
		"missing method":     {{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"Nope": Both}}},
		"function parameter": {{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"Hidden": Both}}},
		"no error result":    {{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"NoError": Both}}},
		"no access":          {{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"Echo": 0}}},
		"exclusive unlisted": {{Name: "Demo", Impl: &demoSvc{}, Methods: Methods{"Echo": Both}, Exclusive: []string{"Boom"}}},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			NewFrom(bad, Browser)
		}()
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Error("a dispatcher for both transports at once was built")
			}
		}()
		NewFrom(entries, Both)
	}()
}

// TestServicesAllowList: the real list builds for both transports (every listed method
// exists and travels as JSON), the screens' methods are there, and the methods that take a
// path on this computer are the window's only.
func TestServicesAllowList(t *testing.T) {
	browser, window := New(&service.App{}, Browser).Methods(), New(&service.App{}, Window).Methods()
	for _, want := range []string{"Records.Get", "Records.Add", "Records.Update", "Records.AddTo", "Records.RemoveFrom",
		"Records.Delete", "Records.Restore", "Records.List", "Records.History", "Records.Conflicts", "Records.Breaking", "Records.Resolve", "Records.ProposedCountries",
		"Meta.Schema", "Settings.Get", "Settings.SetLanguage", "Settings.Init", "Admin.StateHash", "Admin.Check",
		"Demo.Load", "Home.Summary", "Home.Charts", "Country.Get", "Country.List",
		"Sync.ImportDataReport", "Sync.InspectData", "Sync.ExportData", "Sync.Forks", "Sync.CardData", "Sync.ReadCardData",
		"Sync.TrustCardData", "Sync.Revoke", "Sync.TrustList", "Sync.StartImport", "Sync.ImportStatus", "Sync.CancelImport",
		"Brief.Facts", "Brief.PDF", "Brief.MeetingCountries", "Brief.StartPack", "Brief.PackStatus", "Brief.CancelPack", "Brief.PackResult"} {
		if !slices.Contains(browser, want) || !slices.Contains(window, want) {
			t.Errorf("%s is not callable by both transports", want)
		}
	}
	for _, w := range []string{"Sync.ImportFileReport", "Sync.StartImportFile", "Sync.Inspect", "Sync.Export", "Sync.WriteCard", "Sync.ReadCard",
		"Sync.TrustCard", "Brief.SavePDF", "Brief.StartSavePack"} {
		if !slices.Contains(window, w) || slices.Contains(browser, w) {
			t.Errorf("%s should be the window's only", w)
		}
	}
	for _, none := range []string{"Admin.Backup", "Admin.Restore", "CSV.Export", "CSV.Import", "Sync.Import", "Sync.ImportFile",
		"Brief.SavePack", "Brief.WriteEach", "Records.AddWithID"} {
		if slices.Contains(window, none) || slices.Contains(browser, none) {
			t.Errorf("%s is callable, but no screen needs it: it is for the command line", none)
		}
	}
}
