package desktop

import (
	"context"
	"encoding/json"
	"sync"
	"time"

	"dossier/app/desktop/platform"
	"dossier/app/service"
	"dossier/app/service/registry"
)

// LockedMessage is what the window says when another Dossier has the data directory.
const LockedMessage = "Dossier is already open on this data directory"

// Platform is what the desktop needs from the window system (platform.Platform).
type Platform = platform.Platform

// Bridge is the one struct bound into the window: the frontend calls
// window.go.desktop.Bridge.Call(service, method, args) and gets the same JSON as browser mode.
// Errors reject the promise with the JSON text of the typed error.
type Bridge struct {
	launch   *LaunchFile // the file the window was opened with, if any
	platform *platform.Service
	closer   *platform.Closer // decides whether a close goes through (run.go's OnBeforeClose)
	ready    chan struct{}
	once     sync.Once
	mu       sync.Mutex
	app      *service.App
	disp     *registry.Dispatcher
	startErr *service.Error
	ctx      context.Context
}

// NewBridge returns a bridge whose calls wait until start has opened the data directory.
func NewBridge() *Bridge {
	return &Bridge{ready: make(chan struct{}), ctx: context.Background(), closer: platform.NewCloser(platform.CloseWait)}
}

// NewBridgeWith is NewBridge for a window opened with a file (Launch).
func NewBridgeWith(launch *LaunchFile) *Bridge {
	b := NewBridge()
	b.launch = launch
	return b
}

// StartTimeout bounds how long a call waits for the data directory to open.
var StartTimeout = 60 * time.Second

// Call runs one service method (see docs/api.md).
func (b *Bridge) Call(svc, method string, args []json.RawMessage) (any, error) {
	select {
	case <-b.ready:
	case <-time.After(StartTimeout):
		return nil, jsonError(&service.Error{Code: service.CodeFailed, Message: "the data directory is still opening; try again"})
	}
	if b.startErr != nil {
		return nil, jsonError(b.startErr)
	}
	// Encoded here, not by Wails: Wails ends the whole process when it cannot encode an answer.
	res, err := b.disp.CallJSON(b.ctx, svc, method, args)
	if err != nil {
		return nil, jsonError(err)
	}
	return res, nil
}

// rpcError is an error whose text is the JSON of the typed error, which is what Wails passes
// to the rejected promise.
type rpcError struct{ e *service.Error }

func (r rpcError) Error() string { return registry.ErrorJSON(r.e) }
func (r rpcError) Unwrap() error { return r.e }

func jsonError(e *service.Error) error { return rpcError{e} }

// start opens the data directory (from the window's startup hook). If another process holds
// it, the user is told in a native dialog and the window quits; start reports false.
func (b *Bridge) start(ctx context.Context, p Platform, dataDir string) bool {
	defer b.once.Do(func() { close(b.ready) })
	if ctx != nil {
		b.ctx = ctx
	}
	b.closer.Attach(p)
	app, err := service.Open(dataDir)
	if err != nil {
		se := service.AsError(err)
		b.startErr = se
		msg := se.Message
		if se.Code == service.CodeLocked {
			msg = LockedMessage + " (" + dataDir + ").\n\nClose the other Dossier window first, or start this one with another DOSSIER_DATA."
		}
		_ = p.Message("Dossier", msg)
		b.closer.Quit() // decided: the page is not asked (it could not answer without a store)
		return false
	}
	b.mu.Lock()
	b.app = app
	entry, svc := platform.Entry(p, b.launch, b.closer)
	b.platform = svc
	b.disp = registry.New(app, registry.Window, entry)
	b.mu.Unlock()
	return true
}

// close releases the data directory (from the window's shutdown hook).
func (b *Bridge) close() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.app == nil {
		return nil
	}
	err := b.app.Close()
	b.app = nil
	return err
}
