//go:build desktop

package desktop

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"strings"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/mac"
	"github.com/wailsapp/wails/v2/pkg/runtime"

	"dossier/app/cli"
	"dossier/app/service"
)

// Run opens the window. The data directory is opened in the startup hook, never before
// wails.Run (binding generation runs main).
func Run(assets fs.FS, launch *LaunchFile) int {
	b := NewBridgeWith(launch)
	code := cli.ExitOK
	// SIGTERM (logout, shutdown) and SIGINT are Wails's own: it quits the main loop and the
	// shutdown hook closes the data directory. A second handler here that quit too raced it
	// (gtk_main_quit on a loop already ending: SIGSEGV); watchSignals only lets the close
	// through the question, and the Closer lets one close through, once.
	stopSignals := func() {}
	defer func() { stopSignals() }()
	dialogLanguage(service.DefaultDataDir(), true) // before GTK starts
	err := wails.Run(&options.App{
		Title:            "Dossier",
		Width:            1280,
		Height:           800,
		MinWidth:         1024,
		MinHeight:        640,
		BackgroundColour: &options.RGBA{R: 248, G: 250, B: 252, A: 255},
		AssetServer:      &assetserver.Options{Assets: assets, Middleware: secured},
		// macOS hands a double-clicked file to the running program as an event; Windows and
		// Linux pass it as the argument (Launch). Not yet run on a Mac (docs/platforms.md).
		Mac: &mac.Options{OnFileOpen: b.openFile},
		OnStartup: func(ctx context.Context) {
			stopSignals = watchSignals(b.closer)
			if !b.start(ctx, &wailsPlatform{ctx: ctx}, service.DefaultDataDir()) {
				code = cli.ExitFailed
			}
		},
		// Every close (the title bar, Alt+F4, runtime.Quit, Wails' own signal handling) asks
		// the Closer: with unsaved work the page asks first (docs/platforms.md).
		OnBeforeClose: func(context.Context) bool { return b.closer.BeforeClose() },
		OnShutdown: func(context.Context) {
			if err := b.close(); err != nil {
				fmt.Fprintln(os.Stderr, "dossier: closing the data directory:", err)
				code = cli.ExitFailed
			}
		},
		Bind: []any{b},
		// Software rendering: it draws on any graphics driver (a GPU policy of Always shows a
		// blank window on some, wailsapp/wails#2977, which is why Wails defaults to Never when
		// no Linux options are given), and it measured faster for these screens
		// (docs/performance.md, "Window speed").
		Linux: &linux.Options{ProgramName: "dossier", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, "dossier: the window failed:", err)
		return cli.ExitFailed
	}
	return code
}

// wailsPlatform is Platform over the Wails runtime.
type wailsPlatform struct{ ctx context.Context }

func filters(pattern string) []runtime.FileFilter {
	if pattern == "" {
		return nil
	}
	return []runtime.FileFilter{{DisplayName: strings.ReplaceAll(pattern, ";", ", "), Pattern: pattern}}
}

func (w *wailsPlatform) OpenFile(title, pattern, dir string) (string, error) {
	dialogLanguage(service.DefaultDataDir(), false)
	return runtime.OpenFileDialog(w.ctx, runtime.OpenDialogOptions{Title: title, Filters: filters(pattern), DefaultDirectory: dir})
}

func (w *wailsPlatform) OpenFiles(title, pattern, dir string) ([]string, error) {
	dialogLanguage(service.DefaultDataDir(), false)
	return runtime.OpenMultipleFilesDialog(w.ctx, runtime.OpenDialogOptions{Title: title, Filters: filters(pattern), DefaultDirectory: dir})
}

func (w *wailsPlatform) SaveFile(title, defaultName, dir string) (string, error) {
	dialogLanguage(service.DefaultDataDir(), false)
	return runtime.SaveFileDialog(w.ctx, runtime.SaveDialogOptions{Title: title, DefaultFilename: defaultName, DefaultDirectory: dir, CanCreateDirectories: true})
}

func (w *wailsPlatform) Message(title, text string) error {
	_, err := runtime.MessageDialog(w.ctx, runtime.MessageDialogOptions{Type: runtime.ErrorDialog, Title: title, Message: text})
	return err
}

func (w *wailsPlatform) Emit(event string, data ...any) { runtime.EventsEmit(w.ctx, event, data...) }
func (w *wailsPlatform) Print() {
	dialogLanguage(service.DefaultDataDir(), false)
	runtime.WindowPrint(w.ctx)
}
func (w *wailsPlatform) Quit() { runtime.Quit(w.ctx) }

// OpenDefault opens the file with the system's default application (opendefault.go).
func (w *wailsPlatform) OpenDefault(path string) error { return openDefault(path) }
