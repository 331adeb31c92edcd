package identity

import (
	"crypto/ecdh"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
)

// KeyID returns the author id of a signing key: the first 8 bytes of SHA-256(pub) as 16
// uppercase hex characters. Short enough to show in lists and messages, long enough that
// two installations of one delegation will never collide by accident. It is not meant to
// resist a deliberate collision: trust is decided on the Fingerprint.
func KeyID(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	return strings.ToUpper(hex.EncodeToString(sum[:8]))
}

// Fingerprint returns the form of a signing key that two people read to each other to
// decide trust: the first 20 bytes of SHA-256(pub) cut into eight 20-bit numbers, each
// reduced modulo 100000 and written as 5 digits, groups separated by one space, e.g.
// "19463 99896 04439 86543 92760 58350 31209 64005". Digits because they are read aloud
// across languages; about 133 bits, so a matching fingerprint means the same key.
func Fingerprint(pub ed25519.PublicKey) string {
	sum := sha256.Sum256(pub)
	n := new(big.Int).SetBytes(sum[:20])
	var b strings.Builder
	mask := big.NewInt(1<<20 - 1)
	for i := range 8 {
		chunk := new(big.Int).Rsh(n, uint(160-20*(i+1)))
		chunk.And(chunk, mask)
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%05d", chunk.Int64()%100000)
	}
	return b.String()
}

var (
	// p = 2^255 - 19, the field of Curve25519 and Ed25519.
	fieldP = new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 255), big.NewInt(19))
	// probe is a fixed X25519 key; its clamped scalar is a multiple of 8, so its shared
	// secret with a point is all zeros exactly when the point has small order.
	probe, _ = ecdh.X25519().NewPrivateKey(make([]byte, 32))
)

// weakEd25519Key reports whether pub is a non-canonical or small-order point. Such keys
// accept signatures that anyone can forge (for the identity point, R = identity and S = 0
// verify for every message), so a card carrying one proves nothing about its owner.
// The check maps the Edwards y to the Montgomery u = (1+y)/(1-y) and asks X25519, which
// refuses small-order inputs, instead of shipping a list of encodings.
func weakEd25519Key(pub []byte) bool {
	if len(pub) != ed25519.PublicKeySize {
		return true
	}
	be := make([]byte, 32)
	for i := range 32 {
		be[i] = pub[31-i]
	}
	be[0] &= 0x7f // drop the sign bit of x
	y := new(big.Int).SetBytes(be)
	if y.Cmp(fieldP) >= 0 {
		return true
	}
	one := big.NewInt(1)
	den := new(big.Int).Sub(one, y)
	den.Mod(den, fieldP)
	if den.Sign() == 0 { // y = 1: the identity point
		return true
	}
	u := new(big.Int).Add(one, y)
	u.Mul(u, new(big.Int).ModInverse(den, fieldP))
	u.Mod(u, fieldP)
	ub := u.FillBytes(make([]byte, 32))
	for i, j := 0, 31; i < j; i, j = i+1, j-1 {
		ub[i], ub[j] = ub[j], ub[i]
	}
	remote, err := ecdh.X25519().NewPublicKey(ub)
	if err != nil {
		return true
	}
	_, err = probe.ECDH(remote)
	return err != nil
}
