package desktop

import (
	"os"
	"strings"
)

// Launch kinds: the file types Dossier registers with the system (the .deb's MIME types,
// the Windows installer's file associations, docs/platforms.md).
const (
	LaunchBundle = "bundle" // a .dossier bundle: the window opens Sync and inspects it
	LaunchCard   = "card"   // a .card identity card: the window opens Trust and reads it
)

// LaunchFile is a file the system opened Dossier with (a double click).
type LaunchFile struct {
	Path string `json:"path"`
	Kind string `json:"kind"`
}

// Launch decides from the command line (without the program name) whether this start is
// the window's: no argument (the Start menu, a desktop entry, a Dock icon), one file of a
// type Dossier registers (a double click: the system passes the file's path), or macOS's
// -psn_… argument of a Finder launch. Anything else is a command for the command line, so
// `dossier demo` prints, and `dossier import x.dossier` imports.
func Launch(args []string) (file *LaunchFile, window bool) {
	switch {
	case len(args) == 0:
		return nil, true
	case len(args) == 1 && strings.HasPrefix(args[0], "-psn_"):
		return nil, true
	case len(args) != 1:
		return nil, false
	}
	kind := ""
	switch lower := strings.ToLower(args[0]); {
	case strings.HasSuffix(lower, ".dossier"):
		kind = LaunchBundle
	case strings.HasSuffix(lower, ".card"), strings.HasSuffix(lower, ".card.json"):
		kind = LaunchCard
	default:
		return nil, false
	}
	if info, err := os.Stat(args[0]); err != nil || !info.Mode().IsRegular() {
		return nil, false // not a file: let the command line say what is wrong
	}
	return &LaunchFile{Path: args[0], Kind: kind}, true
}
