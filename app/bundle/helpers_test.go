package bundle

import (
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"testing"
	"time"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
)

// testSigner is an identity made from a fixed seed, so that tests and vectors are
// reproducible. Its card is built and self-signed as docs/identity.md specifies.
type testSigner struct {
	priv ed25519.PrivateKey
	card identity.Card
	age  *age.X25519Identity
}

func newSigner(t testing.TB, seedByte byte, name, role string, ageID *age.X25519Identity) *testSigner {
	t.Helper()
	seed := bytes.Repeat([]byte{seedByte}, ed25519.SeedSize)
	priv := ed25519.NewKeyFromSeed(seed)
	if ageID == nil {
		var err error
		if ageID, err = age.GenerateX25519Identity(); err != nil {
			t.Fatal(err)
		}
	}
	c := identity.Card{Version: identity.CardVersion, Name: name, Role: role, Delegation: "Test",
		PublicKey: priv.Public().(ed25519.PublicKey), AgeRecipient: ageID.Recipient().String(),
		CreatedAt: time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC), Signature: make([]byte, 64)}
	full := identity.EncodeCard(c)
	i := bytes.Index(full, []byte(",\n  \"signature\""))
	unsigned := append(append([]byte{}, full[:i]...), "\n}\n"...)
	c.Signature = ed25519.Sign(priv, append([]byte("dossier identity card v1\n"), unsigned...))
	if _, err := identity.DecodeCard(identity.EncodeCard(c)); err != nil {
		t.Fatalf("test card does not decode: %v", err)
	}
	return &testSigner{priv: priv, card: c, age: ageID}
}

func (s *testSigner) KeyID() string          { return identity.KeyID(s.card.PublicKey) }
func (s *testSigner) Card() identity.Card    { return s.card }
func (s *testSigner) Sign(msg []byte) []byte { return ed25519.Sign(s.priv, msg) }

const baseWall = int64(1772357400000) // 2026-03-01T09:30:00Z

// chain makes n operations of s, numbered from `from`, following prev, each setting a
// field of one of a few records; seen is the version vector they carry.
func chain(t testing.TB, s *testSigner, from uint64, prev string, n int, seen oplog.VV) ([]*oplog.Op, [][]byte) {
	t.Helper()
	var ops []*oplog.Op
	var raws [][]byte
	for i := 0; i < n; i++ {
		seq := from + uint64(i)
		op := &oplog.Op{V: oplog.Version, Author: s.KeyID(), Seq: seq, Prev: prev, Clock: oplog.Clock{Wall: baseWall + int64(seq)*1000},
			Seen: seen, Type: oplog.OpUpdate, Kind: "commitment", Record: fmt.Sprintf("00000000-0000-7000-8000-%012d", seq%3),
			Set: map[string]json.RawMessage{"title": oplog.MustCanon(fmt.Sprintf("Commitment %d by %s", seq, s.card.Name))}}
		if seq <= 3 {
			op.Type = oplog.OpCreate
		}
		raw, err := oplog.Encode(op)
		if err != nil {
			t.Fatal(err)
		}
		if op, err = oplog.Decode(raw); err != nil {
			t.Fatal(err)
		}
		ops, raws = append(ops, op), append(raws, raw)
		prev = oplog.Hash(raw)
	}
	return ops, raws
}

// run makes a run of n operations of s from `from`, checkpointed.
func run(t testing.TB, s *testSigner, from uint64, prev string, n int, seen oplog.VV) Run {
	ops, raws := chain(t, s, from, prev, n, seen)
	return Run{Author: s.KeyID(), Ops: ops, Raws: raws, Checkpoint: SignCheckpoint(s, ops[n-1].Seq, oplog.Hash(raws[n-1]))}
}

func encode(t testing.TB, s *testSigner, runs []Run, opt Options) []byte {
	t.Helper()
	var b bytes.Buffer
	if _, err := Encode(&b, s, runs, opt); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// inflate decompresses a whole body, as the tests need it to build seeds and forgeries; the
// package itself only ever streams (Walk).
func inflate(body []byte, n int64) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(body)), n+1))
	if err == nil && int64(len(raw)) != n {
		err = fmt.Errorf("the body inflates to %d bytes, not %d", len(raw), n)
	}
	return raw, err
}
