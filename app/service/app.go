package service

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"

	"dossier/app/identity"
	"dossier/app/store"
)

// App is one open data directory: the identity (if any) and the store.
type App struct {
	DataDir  string
	Identity *identity.Identity // nil before `dossier init`
	Store    *store.Store
}

// DefaultDataDir is DOSSIER_DATA, else the per-user data directory.
func DefaultDataDir() string {
	if d := os.Getenv("DOSSIER_DATA"); d != "" {
		return d
	}
	home, _ := os.UserHomeDir()
	switch runtime.GOOS {
	case "linux", "freebsd", "openbsd", "netbsd":
		if x := os.Getenv("XDG_DATA_HOME"); x != "" {
			return filepath.Join(x, "dossier")
		}
		return filepath.Join(home, ".local", "share", "dossier")
	default:
		if d, err := os.UserConfigDir(); err == nil {
			return filepath.Join(d, "Dossier")
		}
		return filepath.Join(home, ".dossier")
	}
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
