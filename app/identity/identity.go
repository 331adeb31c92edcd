// Package identity holds this installation's keys and the identity cards by which
// installations recognise each other. The formats are specified in docs/identity.md.
//
// Each installation has an Ed25519 key (signs operations, checkpoints and bundles; its
// KeyID is the author id everywhere) and an age X25519 key (bundles can be encrypted to
// it). Private keys stay in identity.key, mode 0600; only the Card leaves the machine.
package identity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"dossier/app/domain"
	"dossier/app/internal/atomicfile"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"filippo.io/age"

	"dossier/app/version"
)

// Roles of an installation.
const (
	RoleDelegate    = "delegate"
	RoleSecretariat = "secretariat"
)

// Files in the identity directory.
const (
	publicFileName  = "identity.json"
	privateFileName = "identity.key"
)

// ErrNoIdentity is returned by Load when the directory holds no identity yet.
var ErrNoIdentity = errors.New("no identity on this installation: run `dossier init --name NAME` first")

// ExistsError is returned by Create when an identity is already there: replacing it would
// silently turn this installation into a stranger to everyone who trusts it.
type ExistsError struct {
	Path string // the existing file
}

func (e *ExistsError) Error() string {
	return fmt.Sprintf("an identity already exists (%s); Dossier will not replace it, because everyone who trusts this installation would stop recognising it; to start over on purpose, move %s somewhere else first", e.Path, filepath.Dir(e.Path))
}

// FieldError is returned by Create for an unacceptable name, role or delegation.
type FieldError struct {
	Field   string // "name", "role" or "delegation"
	Reason  string
	Problem domain.Problem // Reason as a code and values, for the screens to word
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("identity: %s %s", e.Field, e.Reason)
}

// Identity is this installation: its public details and its private keys.
type Identity struct {
	card Card // without Signature; Card() signs a copy
	priv ed25519.PrivateKey
	age  *age.X25519Identity
}

// publicFile is identity.json. The version lets a later Dossier migrate it.
type publicFile struct {
	Version    int    `json:"version"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	Delegation string `json:"delegation"`
	Ed25519    string `json:"ed25519"` // standard base64
	Age        string `json:"age"`
	CreatedAt  string `json:"created_at"` // RFC 3339, UTC, whole seconds
}

// privateFile is identity.key.
type privateFile struct {
	Version     int    `json:"version"`
	Ed25519Seed string `json:"ed25519_seed"` // standard base64 of the 32-byte RFC 8032 seed
	AgeIdentity string `json:"age_identity"` // "AGE-SECRET-KEY-1…"
}

// Create makes a new identity in dir (created 0700 if missing) and stores it durably.
// Name and delegation are trimmed; delegation may be empty.
func Create(dir, name, role, delegation string) (*Identity, error) {
	for _, f := range []string{privateFileName, publicFileName} {
		p := filepath.Join(dir, f)
		if _, err := os.Lstat(p); err == nil {
			return nil, &ExistsError{Path: p}
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("identity: checking %s: %w", p, err)
		}
	}
	seed := make([]byte, ed25519.SeedSize)
	if _, err := rand.Read(seed); err != nil {
		return nil, fmt.Errorf("identity: generating key: %w", err)
	}
	ageID, err := age.GenerateX25519Identity()
	if err != nil {
		return nil, fmt.Errorf("identity: generating age key: %w", err)
	}
	id, err := newIdentity(seed, ageID, name, role, delegation, time.Now())
	if err != nil {
		return nil, err
	}
	if err := id.save(dir); err != nil {
		return nil, err
	}
	return id, nil
}

// newIdentity builds an identity from given key material; Create uses fresh randomness,
// tests use fixed seeds to produce the checked-in vectors.
func newIdentity(seed []byte, ageID *age.X25519Identity, name, role, delegation string, created time.Time) (*Identity, error) {
	name, delegation = strings.TrimSpace(name), strings.TrimSpace(delegation)
	if p, bad := textProblem(name, true); bad {
		return nil, &FieldError{Field: "name", Reason: p.Text(), Problem: p}
	}
	if p, bad := roleProblem(role); bad {
		return nil, &FieldError{Field: "role", Reason: p.Text(), Problem: p}
	}
	if p, bad := textProblem(delegation, false); bad {
		return nil, &FieldError{Field: "delegation", Reason: p.Text(), Problem: p}
	}
	if len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("identity: Ed25519 seed is %d bytes, want %d", len(seed), ed25519.SeedSize)
	}
	priv := ed25519.NewKeyFromSeed(seed)
	return &Identity{
		card: Card{
			Version:      CardVersion,
			Name:         name,
			Role:         role,
			Delegation:   delegation,
			PublicKey:    priv.Public().(ed25519.PublicKey),
			AgeRecipient: ageID.Recipient().String(),
			CreatedAt:    created.UTC().Truncate(time.Second),
			// What this build reads, not what the build that made the identity read: the
			// card is signed afresh from identity.json each time, so it follows upgrades.
			Reads: version.BundleFormatsRead(),
		},
		priv: priv,
		age:  ageID,
	}, nil
}

// save writes the private file first: a crash in between leaves a key without its public
// file, which Create refuses to overwrite and Load reports, rather than losing a key.
func (id *Identity) save(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("identity: creating %s: %w", dir, err)
	}
	priv, err := json.MarshalIndent(privateFile{
		Version:     1,
		Ed25519Seed: base64.StdEncoding.EncodeToString(id.priv.Seed()),
		AgeIdentity: id.age.String(),
	}, "", "  ")
	if err != nil {
		return err
	}
	pub, err := json.MarshalIndent(publicFile{
		Version:    1,
		Name:       id.card.Name,
		Role:       id.card.Role,
		Delegation: id.card.Delegation,
		Ed25519:    base64.StdEncoding.EncodeToString(id.card.PublicKey),
		Age:        id.card.AgeRecipient,
		CreatedAt:  id.card.CreatedAt.Format(timeLayout),
	}, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, privateFileName), append(priv, '\n'), 0o600); err != nil {
		return fmt.Errorf("identity: writing %s: %w", privateFileName, err)
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, publicFileName), append(pub, '\n'), 0o644); err != nil {
		return fmt.Errorf("identity: writing %s: %w", publicFileName, err)
	}
	return nil
}

// Load reads the identity in dir. It returns an error wrapping ErrNoIdentity when there is
// none, and refuses a private key file that other users could read.
func Load(dir string) (*Identity, error) {
	pubPath, privPath := filepath.Join(dir, publicFileName), filepath.Join(dir, privateFileName)
	pubData, pubErr := os.ReadFile(pubPath)
	info, privErr := os.Stat(privPath)
	pubMissing, privMissing := errors.Is(pubErr, fs.ErrNotExist), errors.Is(privErr, fs.ErrNotExist)
	switch {
	case pubErr != nil && !pubMissing:
		return nil, fmt.Errorf("identity: %w", pubErr)
	case privErr != nil && !privMissing:
		return nil, fmt.Errorf("identity: %w", privErr)
	case pubMissing && privMissing:
		return nil, fmt.Errorf("%w (looked in %s)", ErrNoIdentity, dir)
	case privMissing:
		return nil, fmt.Errorf("identity: %s exists but the private key %s is missing: restore identity.key from a backup of this installation; if it is lost, move %s away and run `dossier init` to make a new identity, which others must trust again", pubPath, privPath, dir)
	case pubMissing:
		return nil, fmt.Errorf("identity: the private key %s exists but %s is missing: restore identity.json from a backup; do not delete identity.key", privPath, pubPath)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("identity: %s is not a regular file", privPath)
	}
	// Windows reports no Unix permission bits; the data directory's ACL protects it there.
	if perm := info.Mode().Perm(); runtime.GOOS != "windows" && perm&0o077 != 0 {
		return nil, fmt.Errorf("identity: the private key %s can be used by other accounts on this computer (permissions %04o, must be 0600): run `chmod 600 %s`; if others may have copied it, make a new identity", privPath, perm, privPath)
	}
	privData, err := os.ReadFile(privPath)
	if err != nil {
		return nil, fmt.Errorf("identity: %w", err)
	}

	var pf privateFile
	if err := strictJSON(privData, &pf); err != nil {
		return nil, fmt.Errorf("identity: %s is damaged (%v): restore it from a backup", privPath, err)
	}
	var uf publicFile
	if err := strictJSON(pubData, &uf); err != nil {
		return nil, fmt.Errorf("identity: %s is damaged (%v): restore it from a backup", pubPath, err)
	}
	if pf.Version != 1 || uf.Version != 1 {
		return nil, fmt.Errorf("identity: files in %s have format version %d/%d, this Dossier reads 1: update Dossier", dir, uf.Version, pf.Version)
	}
	seed, err := base64.StdEncoding.Strict().DecodeString(pf.Ed25519Seed)
	if err != nil || len(seed) != ed25519.SeedSize {
		return nil, fmt.Errorf("identity: %s: ed25519_seed is not a base64 %d-byte seed: restore the file from a backup", privPath, ed25519.SeedSize)
	}
	ageID, err := age.ParseX25519Identity(pf.AgeIdentity)
	if err != nil {
		return nil, fmt.Errorf("identity: %s: age_identity: %v: restore the file from a backup", privPath, err)
	}
	created, err := time.Parse(time.RFC3339, uf.CreatedAt)
	if err != nil {
		return nil, fmt.Errorf("identity: %s: created_at: %v", pubPath, err)
	}
	id, err := newIdentity(seed, ageID, uf.Name, uf.Role, uf.Delegation, created)
	if err != nil {
		return nil, fmt.Errorf("identity: %s: %w", pubPath, err)
	}
	// The public file is what others were shown; it must describe this very key.
	if base64.StdEncoding.EncodeToString(id.card.PublicKey) != uf.Ed25519 || id.card.AgeRecipient != uf.Age {
		return nil, fmt.Errorf("identity: %s does not belong to the private key %s (the keys differ): restore the matching pair from a backup", pubPath, privPath)
	}
	return id, nil
}

func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("unexpected data after the JSON object")
	}
	return nil
}

// Sign signs msg with the installation's Ed25519 key. msg should begin with a context
// string naming its purpose, so a signature made for one purpose cannot be reused for
// another; "dossier identity card v1\n" is reserved for cards.
func (id *Identity) Sign(msg []byte) []byte {
	return ed25519.Sign(id.priv, msg)
}

// KeyID is the author id of this installation.
func (id *Identity) KeyID() string { return KeyID(id.card.PublicKey) }

// Public returns a copy of the Ed25519 public key.
func (id *Identity) Public() ed25519.PublicKey {
	return bytes.Clone(id.card.PublicKey)
}

// AgeIdentity returns the key that decrypts bundles encrypted to this installation.
func (id *Identity) AgeIdentity() *age.X25519Identity { return id.age }

// Card returns this installation's self-signed public card.
func (id *Identity) Card() Card {
	c := id.card
	c.PublicKey = bytes.Clone(c.PublicKey)
	c.Signature = ed25519.Sign(id.priv, signedBytes(c))
	return c
}
