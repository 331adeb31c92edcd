package desktop

import (
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"

	"github.com/pkg/browser"
)

// openDefault hands a file to the system (xdg-open, open, the Windows file protocol
// handler), which opens it with the default application for its type. pkg/browser is what
// Wails itself opens URLs with; it reports a failure, where Wails's BrowserOpenURL only logs.
// Outside the desktop build tag, so that a test runs it without GTK.
func openDefault(path string) error {
	abs, err := filepath.Abs(path)
	if err == nil {
		err = browser.OpenURL(fileURL(abs))
	}
	if err != nil {
		return fmt.Errorf("no application could open %s: %w", filepath.Base(path), err)
	}
	return nil
}

// fileURL is the file:// URL of an absolute path, escaped: xdg-open and open decode %XX, so
// an attachment named "100% report #2.pdf" reaches the application as that file (browser.
// OpenFile writes the path unescaped, and xdg-open then reads "%" and "#" as URL syntax).
// Windows's handler keeps the plain path, as before.
func fileURL(abs string) string {
	if runtime.GOOS == "windows" {
		return "file://" + abs
	}
	return (&url.URL{Scheme: "file", Path: abs}).String()
}
