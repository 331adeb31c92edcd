package identity

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"filippo.io/age"
)

// go test ./app/identity -run TestVectors -update rewrites the expected files. Only do that
// for a deliberate format change, and bump CardVersion with it.
var update = flag.Bool("update", false, "rewrite testdata vectors and fuzz seed corpus")

// vector is one entry of testdata/vectors.json: inputs, then expected outputs.
type vector struct {
	File        string `json:"file"`         // expected card bytes, in testdata/
	Ed25519Seed string `json:"ed25519_seed"` // hex
	AgeIdentity string `json:"age_identity"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Delegation  string `json:"delegation"`
	CreatedAt   string `json:"created_at"`
	KeyID       string `json:"key_id"`
	Fingerprint string `json:"fingerprint"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vs []vector
	if err := strictJSON(data, &vs); err != nil {
		t.Fatal(err)
	}
	return vs
}

func (v vector) identity(t testing.TB) *Identity {
	t.Helper()
	seed, err := hex.DecodeString(v.Ed25519Seed)
	if err != nil {
		t.Fatal(err)
	}
	ageID, err := age.ParseX25519Identity(v.AgeIdentity)
	if err != nil {
		t.Fatal(err)
	}
	created, err := time.Parse(time.RFC3339, v.CreatedAt)
	if err != nil {
		t.Fatal(err)
	}
	id, err := newIdentity(seed, ageID, v.Name, v.Role, v.Delegation, created)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// fixture is the first vector's identity and canonical card, the base for mutation tests.
func fixture(t testing.TB) (*Identity, []byte) {
	t.Helper()
	id := loadVectors(t)[0].identity(t)
	return id, EncodeCard(id.Card())
}

func TestVectors(t *testing.T) {
	vs := loadVectors(t)
	if *update {
		for i := range vs {
			id := vs[i].identity(t)
			vs[i].KeyID, vs[i].Fingerprint = id.KeyID(), Fingerprint(id.Public())
			if err := os.WriteFile(filepath.Join("testdata", vs[i].File), EncodeCard(id.Card()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		out, _ := json.MarshalIndent(vs, "", "  ")
		if err := os.WriteFile(filepath.Join("testdata", "vectors.json"), append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		writeFuzzCorpus(t)
	}
	for _, v := range vs {
		t.Run(v.File, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join("testdata", v.File))
			if err != nil {
				t.Fatal(err)
			}
			id := v.identity(t)
			if got := EncodeCard(id.Card()); !bytes.Equal(got, want) {
				t.Errorf("EncodeCard differs from %s:\n got: %s\nwant: %s", v.File, got, want)
			}
			c, err := DecodeCard(want)
			if err != nil {
				t.Fatalf("DecodeCard: %v", err)
			}
			if c.Name != v.Name || c.Role != v.Role || c.Delegation != v.Delegation || c.CreatedAt.Format(time.RFC3339) != v.CreatedAt || c.AgeRecipient != id.AgeIdentity().Recipient().String() {
				t.Errorf("decoded card %+v does not match the vector inputs", c)
			}
			if got := KeyID(c.PublicKey); got != v.KeyID {
				t.Errorf("KeyID = %s, want %s", got, v.KeyID)
			}
			if got := Fingerprint(c.PublicKey); got != v.Fingerprint {
				t.Errorf("Fingerprint = %s, want %s", got, v.Fingerprint)
			}
		})
	}
}

// Known answers computed independently (Python hashlib) for the all-zero 32-byte key.
func TestKeyIDAndFingerprintKnownAnswer(t *testing.T) {
	pub := make(ed25519.PublicKey, 32)
	if got, want := KeyID(pub), "66687AADF862BD77"; got != want {
		t.Errorf("KeyID = %s, want %s", got, want)
	}
	if got, want := Fingerprint(pub), "19463 99896 04439 86543 92760 58350 31209 64005"; got != want {
		t.Errorf("Fingerprint = %q, want %q", got, want)
	}
}

// writeFuzzCorpus stores the vector cards and a few near-misses as the checked-in seed
// corpus, so that fuzzing starts next to the interesting boundaries.
func writeFuzzCorpus(t *testing.T) {
	_, card := fixture(t)
	s := string(card)
	seeds := map[string]string{
		"valid":         s,
		"crlf":          strings.ReplaceAll(s, "\n", "\r\n"),
		"no-final-lf":   strings.TrimSuffix(s, "\n"),
		"unknown-field": strings.Replace(s, "{\n", "{\n  \"email\": \"a@b\",\n", 1),
		"duplicate":     strings.Replace(s, "  \"role\"", "  \"name\": \"X\",\n  \"role\"", 1),
		"escaped":       strings.Replace(s, "\"Amina", "\"\\u0041mina", 1),
		"version-2":     strings.Replace(s, "\"version\": 1", "\"version\": 2", 1),
		"nested":        strings.Replace(s, "\"delegation\": \"Morocco\"", "\"delegation\": {\"a\": [1]}", 1),
		"empty":         "",
		"object":        "{}",
	}
	if old, err := os.ReadFile(filepath.Join("testdata", "card-1-before-reads.json")); err == nil {
		seeds["before-reads"] = string(old)
	} else {
		t.Fatal(err)
	}
	for _, v := range loadVectors(t)[1:] {
		b, err := os.ReadFile(filepath.Join("testdata", v.File))
		if err != nil {
			t.Fatal(err)
		}
		seeds[strings.TrimSuffix(v.File, ".json")] = string(b)
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeCard")
	for name, data := range seeds {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(data))
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
