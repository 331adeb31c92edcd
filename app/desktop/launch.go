package desktop

import (
	"os"
	"strings"

	"dossier/app/desktop/platform"
)

// Launch kinds: the file types Dossier registers with the system (the .deb's MIME types,
// the Windows installer's file associations, docs/platforms.md).
const (
	LaunchBundle = "bundle" // a .dossier bundle: the window opens Sync and inspects it
	LaunchCard   = "card"   // a .card identity card: the window opens Trust and reads it
)

// LaunchFile is a file the system opened Dossier with (a double click).
type LaunchFile = platform.LaunchFile

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
	f := launchFile(args[0])
	return f, f != nil // not such a file: let the command line say what is wrong
}

// launchFile is the file at path if it is one of the types Dossier opens, else nil.
func launchFile(path string) *LaunchFile {
	kind := ""
	switch lower := strings.ToLower(path); {
	case strings.HasSuffix(lower, ".dossier"):
		kind = LaunchBundle
	case strings.HasSuffix(lower, ".card"), strings.HasSuffix(lower, ".card.json"):
		kind = LaunchCard
	default:
		return nil
	}
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() {
		return nil
	}
	return &LaunchFile{Path: path, Kind: kind}
}

// openFile is a file the system asks the running program to open (macOS passes a
// double-clicked file as an event, not as an argument): the frontend gets it from Launched,
// which it asks once it has started. Files of other types are ignored.
func (b *Bridge) openFile(path string) {
	f := launchFile(path)
	if f == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.platform != nil {
		b.platform.Open(f)
		return
	}
	b.launch = f
}
