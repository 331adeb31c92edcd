package service

import (
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"

	"dossier/app/identity"
	"dossier/app/store"
)

// App is one open data directory: the identity (if any) and the store.
type App struct {
	DataDir  string
	Identity *identity.Identity // nil before `dossier init`
	Store    *store.Store
}

// DefaultDataDir is DOSSIER_DATA, else the per-user data directory (DataDirFor).
func DefaultDataDir() string {
	home, _ := os.UserHomeDir()
	return DataDirFor(runtime.GOOS, os.Getenv, home)
}

// DataDirFor is the data directory on a platform, from its environment and the user's home
// directory: DOSSIER_DATA when set, else the platform's place for a user's application data
// (docs/platforms.md). It takes the platform as a parameter so that every platform's rule
// is tested wherever the tests run.
//
//	windows   %APPDATA%\Dossier (the roaming profile: it follows a user between a ministry's machines)
//	darwin    ~/Library/Application Support/Dossier
//	linux/BSD $XDG_DATA_HOME/dossier, else ~/.local/share/dossier
func DataDirFor(goos string, getenv func(string) string, home string) string {
	if d := getenv("DOSSIER_DATA"); d != "" {
		return d
	}
	switch goos {
	case "windows":
		// Built with Windows separators whatever the platform running this, so that the
		// rule is the same in tests on Linux as in the program on Windows.
		join := func(parts ...string) string { return strings.Join(parts, `\`) }
		if d := getenv("APPDATA"); d != "" {
			return join(strings.TrimRight(d, `\/`), "Dossier")
		}
		if p := getenv("USERPROFILE"); p != "" {
			return join(strings.TrimRight(p, `\/`), "AppData", "Roaming", "Dossier")
		}
		return join(strings.TrimRight(home, `\/`), "AppData", "Roaming", "Dossier")
	case "darwin", "ios":
		return path.Join(home, "Library", "Application Support", "Dossier")
	case "linux", "freebsd", "openbsd", "netbsd", "dragonfly", "solaris", "illumos", "aix":
		if x := getenv("XDG_DATA_HOME"); x != "" && path.IsAbs(x) {
			return path.Join(x, "dossier")
		}
		return path.Join(home, ".local", "share", "dossier")
	}
	return path.Join(home, ".dossier")
}

// Open opens a data directory. A missing identity is not an error: reading works without
// one, and writes say to run init first.
func Open(dataDir string) (*App, error) {
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, AsError(fmt.Errorf("create data directory %s: %w", dataDir, err))
	}
	id, err := identity.Load(dataDir)
	if err != nil && !errors.Is(err, identity.ErrNoIdentity) {
		return nil, AsError(err)
	}
	st, err := store.Open(filepath.Join(dataDir, "db"), storeOptions(id))
	if err != nil {
		var le *store.LockedError
		if errors.As(err, &le) {
			le.Dir = dataDir
		}
		return nil, AsError(err)
	}
	return &App{DataDir: dataDir, Identity: id, Store: st}, nil
}

// storeOptions are how every part of the service opens a store: as this installation's
// author, with the rules for system records.
func storeOptions(id *identity.Identity) store.Options {
	opt := store.Options{System: checkSystemChange}
	if id != nil {
		opt.Author, opt.AuthorName = id.KeyID(), id.Card().Name
	}
	return opt
}

// Close releases the data directory.
func (a *App) Close() error { return a.Store.Close() }

// Init creates this installation's identity and reopens the store with it as author.
func (a *App) Init(name, role, delegation string) (*IdentityView, error) {
	if role == "" {
		role = identity.RoleDelegate
	}
	id, err := identity.Create(a.DataDir, name, role, delegation)
	if err != nil {
		return nil, AsError(err)
	}
	if err := a.Store.Close(); err != nil {
		return nil, AsError(err)
	}
	st, err := store.Open(filepath.Join(a.DataDir, "db"), storeOptions(id))
	if err != nil {
		return nil, AsError(err)
	}
	a.Store, a.Identity = st, id
	return a.IdentityView()
}

// IdentityView is what the UI and `dossier identity` show.
type IdentityView struct {
	Name        string `json:"name"`
	Role        string `json:"role"`
	Delegation  string `json:"delegation"`
	KeyID       string `json:"key_id"`
	Fingerprint string `json:"fingerprint"`
	CreatedAt   string `json:"created_at"`
	DataDir     string `json:"data_dir"`
}

// IdentityView describes this installation.
func (a *App) IdentityView() (*IdentityView, error) {
	if a.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	c := a.Identity.Card()
	return &IdentityView{Name: c.Name, Role: c.Role, Delegation: c.Delegation, KeyID: a.Identity.KeyID(),
		Fingerprint: identity.Fingerprint(c.PublicKey), CreatedAt: c.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), DataDir: a.DataDir}, nil
}
