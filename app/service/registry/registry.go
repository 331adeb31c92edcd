// Package registry is the one list of services the UI can call, and the dispatcher that both
// transports use: browser mode (app/web, JSON over loopback HTTP) and the desktop window
// (app/desktop, one Wails-bound method). docs/api.md describes the contract.
//
// The list is an explicit allow-list: a service method is callable only when its entry names
// it, with the transports that may call it. Browser mode never gets a method that takes a
// path on this computer (service.Path): it moves files as bytes. The window may pass paths,
// which come from the native dialogs of the desktop adapter.
//
// The TypeScript types of the frontend are generated from this list (app/internal/wiregen):
//
//go:generate go run dossier/app/internal/wiregen/cmd/wiregen -out ../../../frontend/src/lib/generated/types.ts
package registry

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"
	"maps"
	"reflect"
	"runtime/debug"
	"slices"
	"sort"
	"strings"
	"sync"

	"dossier/app/service"
)

// Access says which transports may call a method.
type Access uint8

const (
	// Window is the desktop window (app/desktop): the app's own embedded frontend, whose
	// paths come from the native dialogs.
	Window Access = 1 << iota
	// Browser is browser mode (app/web), reached over HTTP on loopback: never a path, files
	// travel as bytes.
	Browser
	// Both transports.
	Both = Window | Browser
)

func (a Access) String() string {
	switch a {
	case Window:
		return "window"
	case Browser:
		return "browser"
	case Both:
		return "window and browser"
	}
	return fmt.Sprintf("Access(%d)", uint8(a))
}

// Methods is an allow-list: method name → the transports that may call it.
type Methods map[string]Access

// Entry is one service: a name the frontend calls it by, the struct whose methods it calls,
// and the allow-list of those methods.
type Entry struct {
	Name string
	Impl any
	// Methods lists the callable methods. Any other method of Impl cannot be called, however
	// it is spelled.
	Methods Methods
	// Exclusive names methods that replace shared state (e.g. reopen the store): they run
	// alone, while every other call waits.
	Exclusive []string
}

// Services lists every area, bound to one open data directory, with its allow-list.
//
// Path-taking methods (Admin.Backup and Restore, CSV.Export, Sync.Import, Brief.SavePack,
// Brief.WriteEach…) that no screen uses are for the command line only, which calls the
// services directly: they are in no list.
func Services(a *service.App) []Entry {
	return []Entry{
		{Name: "Records", Impl: &service.Records{App: a}, Methods: Methods{
			"Get": Both, "Add": Both, "Update": Both, "AddTo": Both, "RemoveFrom": Both, "Delete": Both,
			"Restore": Both, "List": Both, "History": Both, "Conflicts": Both, "Breaking": Both, "Resolve": Both, "UndoResolve": Both, "Check": Both,
			"ProposedCountries": Both}},
		// Attachments: bytes for browser mode, the window's dialog paths beside them.
		{Name: "Files", Impl: &service.Files{App: a}, Methods: Methods{
			"List": Both, "AttachData": Both, "Detach": Both, "Data": Both,
			"Attach": Window, "SaveTo": Window, "OpenCopy": Window}},
		{Name: "Meta", Impl: &service.Meta{App: a}, Methods: Methods{"Schema": Both, "TimeZones": Both}},
		{Name: "Settings", Impl: &service.Settings{App: a}, Exclusive: []string{"Init"},
			Methods: Methods{"Get": Both, "SetLanguage": Both, "Init": Both, "About": Both, "FileLimits": Both, "SetFileLimits": Both}},
		{Name: "Admin", Impl: &service.Admin{App: a}, Methods: Methods{"StateHash": Both, "Check": Both}},
		{Name: "Demo", Impl: &service.Demo{App: a}, Methods: Methods{"Load": Both}},
		{Name: "Home", Impl: &service.Home{App: a}, Methods: Methods{"Summary": Both, "Charts": Both}},
		{Name: "Country", Impl: &service.Country{App: a}, Methods: Methods{"Get": Both, "List": Both}},
		{Name: "Funding", Impl: &service.Funding{App: a}, Methods: Methods{"Totals": Both}},
		// The CSV screen: bytes for browser mode, the window's dialog paths beside them.
		// CSV.Export and ExportFile (a path) and CSV.Import (a reader) are the command line's.
		{Name: "CSV", Impl: &service.CSV{App: a}, Methods: Methods{
			"Limits": Both, "Preview": Both, "PreviewChosen": Both, "ImportData": Both, "ExportData": Both,
			"PreviewFile": Window, "PreviewChosenFile": Window, "ImportFile": Window, "SaveExport": Window}},
		// The audit file: bytes for a download, the window's dialog path beside them.
		{Name: "Audit", Impl: &service.Audit{App: a}, Methods: Methods{"ExportData": Both, "SaveExport": Window}},
		// Each path method of the window beside its bytes twin for browser mode.
		{Name: "Sync", Impl: &service.Sync{App: a}, Methods: Methods{
			"ImportFileReport": Window, "ImportDataReport": Both,
			"StartImportFile": Window, "StartImport": Both, "ImportStatus": Both, "CancelImport": Both,
			"Inspect": Window, "InspectData": Both, "PreviewFile": Window, "PreviewData": Both,
			"Export": Window, "ExportData": Both,
			"WriteCard": Window, "CardData": Both,
			"ReadCard": Window, "ReadCardData": Both,
			"TrustCard": Window, "TrustCardData": Both,
			"Forks": Both, "Revoke": Both, "TrustList": Both}},
		{Name: "Brief", Impl: &service.Brief{App: a}, Methods: Methods{
			"Facts": Both, "PDF": Both, "SavePDF": Window, "MeetingCountries": Both,
			"StartPack": Both, "StartSavePack": Window, "PackStatus": Both, "CancelPack": Both, "PackResult": Both}},
	}
}

var (
	errorType   = reflect.TypeFor[error]()
	contextType = reflect.TypeFor[context.Context]()
	rawType     = reflect.TypeFor[json.RawMessage]()
)

type method struct {
	name      string
	fn        reflect.Value // bound method value
	ctx       bool          // first parameter is a context.Context
	in        []reflect.Type
	exclusive bool
}

// Dispatcher calls, by name and with JSON arguments, the methods one transport may call.
type Dispatcher struct {
	mu        sync.RWMutex
	transport Access
	methods   map[string]*method
}

// New builds the dispatcher of one transport (Window or Browser) over the services of an
// app plus any extra entries (the desktop adds Platform: native dialogs, printing).
func New(a *service.App, transport Access, extra ...Entry) *Dispatcher {
	return NewFrom(append(Services(a), extra...), transport)
}

// NewFrom builds the dispatcher of one transport over the given entries: the methods their
// allow-lists open to it. An allow-list naming a method that does not exist or cannot travel
// as JSON (readers, functions, variadic parameters…) is a bug, and panics.
func NewFrom(entries []Entry, transport Access) *Dispatcher {
	if transport != Window && transport != Browser {
		panic(fmt.Sprintf("registry: a dispatcher serves one transport, Window or Browser, not %v", transport))
	}
	d := &Dispatcher{transport: transport, methods: map[string]*method{}}
	for _, e := range entries {
		v := reflect.ValueOf(e.Impl)
		for _, x := range e.Exclusive {
			if _, ok := e.Methods[x]; !ok {
				panic(fmt.Sprintf("registry: %s.%s is exclusive but not in the allow-list", e.Name, x))
			}
		}
		for _, name := range slices.Sorted(maps.Keys(e.Methods)) {
			access := e.Methods[name]
			if access&^Both != 0 || access == 0 {
				panic(fmt.Sprintf("registry: %s.%s: access %v is neither Window, Browser nor Both", e.Name, name, access))
			}
			m := v.MethodByName(name)
			if !m.IsValid() {
				panic(fmt.Sprintf("registry: %s.%s is in the allow-list but %T has no such method", e.Name, name, e.Impl))
			}
			mm, ok := bind(m, name)
			if !ok {
				panic(fmt.Sprintf("registry: %s.%s is in the allow-list but its parameters or results cannot travel as JSON", e.Name, name))
			}
			if access&transport == 0 {
				continue
			}
			mm.exclusive = slices.Contains(e.Exclusive, name)
			d.methods[e.Name+"."+name] = mm
		}
	}
	return d
}

// Transport is the transport this dispatcher serves.
func (d *Dispatcher) Transport() Access { return d.transport }

func bind(fn reflect.Value, name string) (*method, bool) {
	ft := fn.Type()
	switch ft.NumOut() {
	case 1:
		if ft.Out(0) != errorType {
			return nil, false
		}
	case 2:
		if ft.Out(1) != errorType || !jsonable(ft.Out(0)) {
			return nil, false
		}
	default:
		return nil, false
	}
	m := &method{name: name, fn: fn}
	for i := 0; i < ft.NumIn(); i++ {
		in := ft.In(i)
		if i == 0 && in == contextType {
			m.ctx = true
			continue
		}
		if ft.IsVariadic() || !jsonable(in) {
			return nil, false
		}
		m.in = append(m.in, in)
	}
	return m, true
}

func jsonable(t reflect.Type) bool {
	if t == rawType {
		return true
	}
	switch t.Kind() {
	case reflect.Func, reflect.Chan, reflect.Interface, reflect.UnsafePointer, reflect.Complex64, reflect.Complex128:
		return t.Kind() == reflect.Interface && t.NumMethod() == 0 // `any` is fine
	case reflect.Pointer, reflect.Slice, reflect.Array:
		return jsonable(t.Elem())
	case reflect.Map:
		return t.Key().Kind() == reflect.String && jsonable(t.Elem())
	}
	return true
}

// Methods lists the "Service.Method" names this dispatcher calls, sorted.
func (d *Dispatcher) Methods() []string {
	out := make([]string, 0, len(d.methods))
	for k := range d.methods {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Call runs one method. args are its parameters in order, as JSON; missing trailing ones are
// zero values. The result is the method's first result (nil for error-only methods). Every
// failure is a *service.Error.
func (d *Dispatcher) Call(ctx context.Context, svc, name string, args []json.RawMessage) (result any, err *service.Error) {
	m, ok := d.methods[svc+"."+name]
	if !ok {
		return nil, &service.Error{Code: service.CodeNotFound, Message: fmt.Sprintf("there is no method %s.%s", svc, name)}
	}
	if len(args) > len(m.in) {
		return nil, &service.Error{Code: service.CodeInvalid,
			Message: fmt.Sprintf("%s.%s takes %d argument(s), got %d", svc, name, len(m.in), len(args))}
	}
	in := make([]reflect.Value, 0, len(m.in)+1)
	if m.ctx {
		if ctx == nil {
			ctx = context.Background()
		}
		in = append(in, reflect.ValueOf(ctx))
	}
	for i, t := range m.in {
		p := reflect.New(t)
		if i < len(args) {
			raw := strings.TrimSpace(string(args[i]))
			switch {
			case raw == "" || raw == "null":
				// zero value: nil RawMessage, nil pointer, "" …
			case t == rawType:
				p.Elem().SetBytes([]byte(raw))
			default:
				if e := json.Unmarshal([]byte(raw), p.Interface()); e != nil {
					return nil, &service.Error{Code: service.CodeInvalid,
						Message: fmt.Sprintf("argument %d of %s.%s must be %s: %v", i+1, svc, name, describe(t), e)}
				}
			}
		}
		in = append(in, p.Elem())
	}
	if m.exclusive {
		d.mu.Lock()
		defer d.mu.Unlock()
	} else {
		d.mu.RLock()
		defer d.mu.RUnlock()
	}
	defer func() {
		if r := recover(); r != nil {
			result, err = nil, &service.Error{Code: service.CodeFailed,
				Message: fmt.Sprintf("%s.%s failed unexpectedly: %v", svc, name, r)}
			log.Printf("dossier: panic in %s.%s: %v\n%s", svc, name, r, debug.Stack())
		}
	}()
	out := m.fn.Call(in)
	last := out[len(out)-1]
	if !last.IsNil() {
		return nil, service.AsError(last.Interface().(error))
	}
	if len(out) == 2 {
		return out[0].Interface(), nil
	}
	return nil, nil
}

// CallJSON runs one method like Call and returns its result already encoded as JSON, which is
// what both transports send. A result that cannot be encoded (a NaN, a time past the year
// 9999) is a failed call with the typed error, never an empty answer that looks like success.
func (d *Dispatcher) CallJSON(ctx context.Context, svc, name string, args []json.RawMessage) (json.RawMessage, *service.Error) {
	res, serr := d.Call(ctx, svc, name, args)
	if serr != nil {
		return nil, serr
	}
	raw, err := Encode(res)
	if err != nil {
		log.Printf("dossier: the answer of %s.%s cannot be encoded: %v", svc, name, err)
		return nil, service.AsError(&service.Error{Code: service.CodeFailed,
			Message: fmt.Sprintf("%s.%s ran, but its answer cannot be sent (%v): reload the page to see the current state; this is a bug in Dossier, please report it with this message", svc, name, err)})
	}
	return raw, nil
}

// Encode is the JSON of a result as the transports send it: compact, without HTML escapes.
func Encode(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func describe(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Map, reflect.Struct, reflect.Pointer:
		return "an object"
	}
	return t.String()
}

// ErrorJSON is the JSON text of a typed error (bounded by service.AsError), as the desktop
// rejects promises with.
func ErrorJSON(e *service.Error) string {
	b, err := json.Marshal(service.AsError(e))
	if err != nil {
		return `{"code":"failed","message":"error"}`
	}
	return string(b)
}
