package identity

import (
	"bytes"
	"crypto/ed25519"
	"dossier/app/internal/atomicfile"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

func TestCreateLoad(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	before := time.Now().UTC().Truncate(time.Second)
	id, err := Create(dir, "  Amina Benali ", RoleDelegate, "Morocco")
	if err != nil {
		t.Fatal(err)
	}
	c := id.Card()
	if c.Name != "Amina Benali" || c.Role != RoleDelegate || c.Delegation != "Morocco" {
		t.Errorf("card = %+v", c)
	}
	if c.CreatedAt.Before(before) || c.CreatedAt.After(time.Now()) || c.CreatedAt.Location() != time.UTC || c.CreatedAt.Nanosecond() != 0 {
		t.Errorf("CreatedAt = %v", c.CreatedAt)
	}
	if len(id.KeyID()) != 16 || strings.ToUpper(id.KeyID()) != id.KeyID() || id.KeyID() != KeyID(c.PublicKey) {
		t.Errorf("KeyID = %q", id.KeyID())
	}

	loaded, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.KeyID() != id.KeyID() || !bytes.Equal(EncodeCard(loaded.Card()), EncodeCard(c)) {
		t.Error("loaded identity differs from the created one")
	}
	if _, err := DecodeCard(EncodeCard(loaded.Card())); err != nil {
		t.Errorf("own card does not decode: %v", err)
	}

	msg := []byte("test context\nhello")
	if !ed25519.Verify(loaded.Public(), msg, id.Sign(msg)) {
		t.Error("signature by the created identity does not verify with the loaded key")
	}

	// What is encrypted to the card's recipient opens with the loaded age identity.
	r, err := age.ParseX25519Recipient(c.AgeRecipient)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w, _ := age.Encrypt(&buf, r)
	io.WriteString(w, "bundle")
	w.Close()
	rd, err := age.Decrypt(&buf, loaded.AgeIdentity())
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(rd); string(got) != "bundle" {
		t.Errorf("decrypted %q", got)
	}

	// Callers cannot change the identity through what it hands out.
	pub := id.Public()
	pub[0] ^= 1
	c.PublicKey[1] ^= 1
	if !ed25519.Verify(id.Public(), msg, id.Sign(msg)) {
		t.Error("mutating returned keys changed the identity")
	}
}

func TestCreateFilesAndPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	dir := filepath.Join(t.TempDir(), "data")
	id, err := Create(dir, "Amina Benali", RoleSecretariat, "")
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{dir: 0o700 | os.ModeDir, filepath.Join(dir, "identity.key"): 0o600, filepath.Join(dir, "identity.json"): 0o644} {
		info, err := os.Stat(name)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != want {
			t.Errorf("%s: mode %v, want %v", name, info.Mode(), want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("directory holds %d entries, want identity.json and identity.key only", len(entries))
	}
	// identity.json is public: it must not hold private material either.
	pubFile, _ := os.ReadFile(filepath.Join(dir, "identity.json"))
	for form, enc := range encodings(id.priv.Seed()) {
		if bytes.Contains(pubFile, enc) {
			t.Errorf("identity.json contains the seed as %s", form)
		}
	}
	if bytes.Contains(pubFile, []byte(id.age.String())) {
		t.Error("identity.json contains the age secret key")
	}
}

func TestLoadRefusesOpenPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no Unix permission bits")
	}
	dir := t.TempDir()
	if _, err := Create(dir, "Amina Benali", RoleDelegate, "Morocco"); err != nil {
		t.Fatal(err)
	}
	key := filepath.Join(dir, "identity.key")
	for _, mode := range []os.FileMode{0o640, 0o604, 0o644, 0o660, 0o700, 0o610} {
		os.Chmod(key, mode)
		_, err := Load(dir)
		if mode&0o077 == 0 {
			if err != nil {
				t.Errorf("mode %04o: %v", mode, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), "chmod 600 "+key) || !strings.Contains(err.Error(), "other accounts") {
			t.Errorf("mode %04o: err = %v, want a refusal telling to chmod 600", mode, err)
		}
	}
}

func TestLoadNoIdentity(t *testing.T) {
	for _, dir := range []string{t.TempDir(), filepath.Join(t.TempDir(), "missing")} {
		_, err := Load(dir)
		if !errors.Is(err, ErrNoIdentity) {
			t.Fatalf("Load(%s) = %v, want ErrNoIdentity", dir, err)
		}
		if !strings.Contains(err.Error(), "run `dossier init --name NAME` first") {
			t.Errorf("message %q does not say what to do", err)
		}
	}
}

func TestLoadPartialOrMismatched(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, err := Create(d, "Amina Benali", RoleDelegate, "Morocco"); err != nil {
			t.Fatal(err)
		}
	}
	// Public file from another identity.
	data, _ := os.ReadFile(filepath.Join(b, "identity.json"))
	os.WriteFile(filepath.Join(a, "identity.json"), data, 0o644)
	if _, err := Load(a); err == nil || !strings.Contains(err.Error(), "does not belong") {
		t.Errorf("mismatched pair: %v", err)
	}

	// Only the key: not ErrNoIdentity, since `dossier init` would refuse anyway.
	os.Remove(filepath.Join(a, "identity.json"))
	if _, err := Load(a); err == nil || errors.Is(err, ErrNoIdentity) || !strings.Contains(err.Error(), "identity.json is missing") {
		t.Errorf("key only: %v", err)
	}
	// Only the public file.
	os.Remove(filepath.Join(b, "identity.key"))
	if _, err := Load(b); err == nil || errors.Is(err, ErrNoIdentity) || !strings.Contains(err.Error(), "private key") {
		t.Errorf("public file only: %v", err)
	}
}

func TestLoadDamaged(t *testing.T) {
	cases := map[string]struct{ file, data, want string }{
		"key not json":      {"identity.key", "garbage", "damaged"},
		"key unknown field": {"identity.key", `{"version":1,"ed25519_seed":"","age_identity":"","x":1}`, "damaged"},
		"key bad seed":      {"identity.key", `{"version":1,"ed25519_seed":"AAAA","age_identity":""}`, "ed25519_seed"},
		"public bad role":   {"identity.json", "", "role"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			if _, err := Create(dir, "Amina Benali", RoleDelegate, "Morocco"); err != nil {
				t.Fatal(err)
			}
			p := filepath.Join(dir, tc.file)
			data := []byte(tc.data)
			if tc.data == "" {
				old, _ := os.ReadFile(p)
				data = bytes.Replace(old, []byte(`"delegate"`), []byte(`"king"`), 1)
			}
			if err := atomicfile.WriteBytes(p, data, 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want mention of %q", err, tc.want)
			}
		})
	}
}

func TestCreateRefusesExisting(t *testing.T) {
	dir := t.TempDir()
	first, err := Create(dir, "Amina Benali", RoleDelegate, "Morocco")
	if err != nil {
		t.Fatal(err)
	}
	keyBefore, _ := os.ReadFile(filepath.Join(dir, "identity.key"))

	_, err = Create(dir, "Someone Else", RoleSecretariat, "")
	var ee *ExistsError
	if !errors.As(err, &ee) || ee.Path != filepath.Join(dir, "identity.key") {
		t.Fatalf("second Create: %v, want *ExistsError for identity.key", err)
	}
	if !strings.Contains(err.Error(), "will not replace it") {
		t.Errorf("message %q does not explain", err)
	}
	keyAfter, _ := os.ReadFile(filepath.Join(dir, "identity.key"))
	if !bytes.Equal(keyBefore, keyAfter) {
		t.Fatal("refused Create changed the private key")
	}
	if id, err := Load(dir); err != nil || id.KeyID() != first.KeyID() {
		t.Fatalf("after refused Create: %v", err)
	}

	// Either file alone is enough to refuse: never overwrite a key whose public half is lost.
	for _, keep := range []string{"identity.key", "identity.json"} {
		d := t.TempDir()
		if _, err := Create(d, "Amina Benali", RoleDelegate, ""); err != nil {
			t.Fatal(err)
		}
		for _, f := range []string{"identity.key", "identity.json"} {
			if f != keep {
				os.Remove(filepath.Join(d, f))
			}
		}
		if _, err := Create(d, "Amina Benali", RoleDelegate, ""); !errors.As(err, &ee) || ee.Path != filepath.Join(d, keep) {
			t.Errorf("with only %s: %v", keep, err)
		}
	}
}

func TestCreateValidates(t *testing.T) {
	cases := []struct{ name, role, delegation, field, want string }{
		{"", RoleDelegate, "", "name", "empty"},
		{"   ", RoleDelegate, "", "name", "empty"},
		{"Am\u202eina", RoleDelegate, "", "name", "U+202E"},
		{"Amina\nBenali", RoleDelegate, "", "name", "U+000A"},
		{strings.Repeat("a", 101), RoleDelegate, "", "name", "limit is 100"},
		{"Amina", "", "", "role", "not a role"},
		{"Amina", "admin", "", "role", `use "delegate" or "secretariat"`},
		{"Amina", " delegate", "", "role", "not a role"},
		{"Amina", RoleDelegate, "Mo\x00rocco", "delegation", "U+0000"},
		{"Amina", RoleDelegate, strings.Repeat("é", 101), "delegation", "limit"},
		{"Amina", RoleDelegate, "\xff", "delegation", "UTF-8"},
	}
	for _, tc := range cases {
		dir := t.TempDir()
		_, err := Create(dir, tc.name, tc.role, tc.delegation)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Create(%q, %q, %q) = %v, want %s error mentioning %q", tc.name, tc.role, tc.delegation, err, tc.field, tc.want)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("refused Create left %d files", len(entries))
		}
	}
}
