// Package platform is the desktop adapter's side of the contract: what the window needs from
// the window system (native dialogs, print), and the Platform service that exposes it to the
// window's frontend. It does not import Wails (app/desktop/run.go implements Platform with
// it), so the contract generator and the tests of browser mode can read it.
package platform

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"sync"

	"dossier/app/internal/atomicfile"
	"dossier/app/service"
	"dossier/app/service/registry"
)

// Platform is what the desktop needs from the window system: native dialogs, events, print
// and quit. run.go implements it with the Wails runtime; tests use a fake, so everything
// here builds and tests without Wails or GTK. dir is the folder a dialog opens in ("": the
// system's choice).
type Platform interface {
	OpenFile(title, pattern, dir string) (string, error)
	OpenFiles(title, pattern, dir string) ([]string, error)
	SaveFile(title, defaultName, dir string) (string, error)
	Message(title, text string) error
	Emit(event string, data ...any)
	Print()
	Quit()
	// OpenDefault opens a file with the system's default application for it.
	OpenDefault(path string) error
}

// LaunchFile is a file the system opened Dossier with (a double click).
type LaunchFile struct {
	Path service.Path `json:"path"`
	Kind string       `json:"kind"` // "bundle" (a .dossier: Sync inspects it) or "card" (Trust reads it)
}

// Service exposes the native dialogs and printing to the frontend as the service
// "Platform" (desktop only; browser mode has no such service).
type Service struct {
	P Platform

	closer *Closer // nil: no window to close (the contract generator)

	mu       sync.Mutex
	launched *LaunchFile
	lastDir  string // the folder of the last file chosen in a dialog (folder)
}

// Entry is the registry entry of the Platform service, for a window opened with launched
// (nil when it was opened without a file) and closed through closer: the window alone may
// call it.
func Entry(p Platform, launched *LaunchFile, closer *Closer) (registry.Entry, *Service) {
	s := &Service{P: p, launched: launched, closer: closer}
	return registry.Entry{Name: "Platform", Impl: s, Methods: registry.Methods{
		"OpenFile": registry.Window, "OpenFiles": registry.Window, "SaveFile": registry.Window, "SaveData": registry.Window, "Print": registry.Window, "OpenDefault": registry.Window,
		"Launched": registry.Window, "Closing": registry.Window, "Quit": registry.Window}}, s
}

// Closing is the page's answer to the event dossier:close (the window was asked to close):
// unsaved says whether a form has unsaved work. Without any the window closes; with some the
// page asks the delegate, and the window stays until Quit (docs/platforms.md, "Closing the
// window with unsaved work").
func (s *Service) Closing(unsaved bool) error {
	if s.closer != nil {
		s.closer.Answer(unsaved)
	}
	return nil
}

// Quit closes the window: the delegate chose to close it with unsaved work, which stays
// as a draft.
func (s *Service) Quit() error {
	if s.closer != nil {
		s.closer.Quit()
	}
	return nil
}

// Launched is the file the system opened Dossier with (a double click on a bundle or a
// card), once: null afterwards, and when the window was opened without one.
func (s *Service) Launched() (*LaunchFile, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.launched
	s.launched = nil
	return f, nil
}

// Open hands the window a file the system asks the running program to open (macOS passes a
// double-clicked file as an event): the frontend gets it from Launched.
func (s *Service) Open(f *LaunchFile) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.launched = f
}

// folder is where the next dialog opens: the folder of the last file chosen in any dialog
// of this window, so that a delegate who exported to a USB stick finds it again to import the
// secretariat's bundle or save a brief, instead of starting from the working folder each time
// (docs/platforms.md, "File dialogs"). "" (the system's choice) before any choice, and when
// that folder is gone (the stick was removed).
func (s *Service) folder() string {
	s.mu.Lock()
	dir := s.lastDir
	s.mu.Unlock()
	if dir == "" {
		return ""
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return ""
	}
	return dir
}

// chose remembers the folder of a file a dialog returned (nothing for a cancel).
func (s *Service) chose(path string) {
	if path == "" {
		return
	}
	s.mu.Lock()
	s.lastDir = filepath.Dir(path)
	s.mu.Unlock()
}

// OpenFile asks for a file to open; pattern is e.g. "*.dossier" or "*.csv;*.txt". "" if cancelled.
func (s *Service) OpenFile(title, pattern string) (service.Path, error) {
	path, err := s.P.OpenFile(title, pattern, s.folder())
	s.chose(path)
	return path, err
}

// OpenFiles asks for one or more files to open (e.g. the bundles to import). [] if cancelled.
func (s *Service) OpenFiles(title, pattern string) ([]service.Path, error) {
	paths, err := s.P.OpenFiles(title, pattern, s.folder())
	if len(paths) > 0 {
		s.chose(paths[0])
	}
	if paths == nil {
		paths = []service.Path{}
	}
	return paths, err
}

// SaveFile asks where to save a file. "" if cancelled.
func (s *Service) SaveFile(title, defaultName string) (service.Path, error) {
	path, err := s.P.SaveFile(title, service.FitName(defaultName), s.folder())
	s.chose(path)
	return path, err
}

// SaveData asks where to save a file the frontend made (a chart as PNG or SVG) and writes
// its bytes (base64) there; "" if cancelled. The path comes from the dialog, never from the
// caller, so the page cannot write where the person did not choose.
func (s *Service) SaveData(title, defaultName, data string) (service.Path, error) {
	b, err := base64.StdEncoding.DecodeString(data)
	if err != nil {
		return "", service.Invalid("data", "the file's bytes are not base64: "+err.Error())
	}
	path, err := s.SaveFile(title, defaultName)
	if err != nil || path == "" {
		return "", err
	}
	if err := atomicfile.WriteBytes(path, b, 0o644); err != nil {
		return "", service.AsError(err)
	}
	return path, nil
}

// Print opens the system print dialog for the current page.
func (s *Service) Print() error {
	s.P.Print()
	return nil
}

// OpenDefault opens a file (an attachment written by Files.OpenCopy) with the system's
// default application for its type.
func (s *Service) OpenDefault(path service.Path) error { return s.P.OpenDefault(path) }
