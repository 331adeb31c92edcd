// Package platform is the desktop adapter's side of the contract: what the window needs from
// the window system (native dialogs, print), and the Platform service that exposes it to the
// window's frontend. It does not import Wails (app/desktop/run.go implements Platform with
// it), so the contract generator and the tests of browser mode can read it.
package platform

import (
	"dossier/app/service"
	"dossier/app/service/registry"
)

// Platform is what the desktop needs from the window system: native dialogs, events, print
// and quit. run.go implements it with the Wails runtime; tests use a fake, so everything
// here builds and tests without Wails or GTK.
type Platform interface {
	OpenFile(title, pattern string) (string, error)
	OpenFiles(title, pattern string) ([]string, error)
	SaveFile(title, defaultName string) (string, error)
	Message(title, text string) error
	Emit(event string, data ...any)
	Print()
	Quit()
}

// Service exposes the native dialogs and printing to the frontend as the service
// "Platform" (desktop only; browser mode has no such service).
type Service struct{ P Platform }

// Entry is the registry entry of the Platform service: the window alone may call it.
func Entry(p Platform) registry.Entry {
	return registry.Entry{Name: "Platform", Impl: &Service{P: p}, Methods: registry.Methods{
		"OpenFile": registry.Window, "OpenFiles": registry.Window, "SaveFile": registry.Window, "Print": registry.Window}}
}

// OpenFile asks for a file to open; pattern is e.g. "*.dossier" or "*.csv;*.txt". "" if cancelled.
func (s *Service) OpenFile(title, pattern string) (service.Path, error) {
	return s.P.OpenFile(title, pattern)
}

// OpenFiles asks for one or more files to open (e.g. the bundles to import). [] if cancelled.
func (s *Service) OpenFiles(title, pattern string) ([]service.Path, error) {
	paths, err := s.P.OpenFiles(title, pattern)
	if paths == nil {
		paths = []service.Path{}
	}
	return paths, err
}

// SaveFile asks where to save a file. "" if cancelled.
func (s *Service) SaveFile(title, defaultName string) (service.Path, error) {
	return s.P.SaveFile(title, defaultName)
}

// Print opens the system print dialog for the current page.
func (s *Service) Print() error {
	s.P.Print()
	return nil
}
