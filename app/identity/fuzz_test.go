package identity

import (
	"bytes"
	"crypto/ed25519"
	"errors"
	"strings"
	"testing"
)

// FuzzDecodeCard checks that DecodeCard never panics, that every refusal is a *CardError
// matching ErrInvalidCard with a problem code, and that whatever it accepts is canonical and correctly signed.
// Seeds: testdata/fuzz/FuzzDecodeCard (regenerate with -update) plus the fixture below.
func FuzzDecodeCard(f *testing.F) {
	_, card := fixture(f)
	f.Add(card)
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCard(data)
		if err != nil {
			var ce *CardError
			if !errors.As(err, &ce) || !errors.Is(err, ErrInvalidCard) {
				t.Fatalf("error %v (%T) is not a *CardError matching ErrInvalidCard", err, err)
			}
			if !strings.HasPrefix(ce.Problem.Code, "card_") {
				t.Fatalf("refusal %v has no card problem code (%q)", err, ce.Problem.Code)
			}
			if ce.Offset > len(data) && ce.Offset != MaxCardSize {
				t.Fatalf("offset %d beyond input of %d bytes", ce.Offset, len(data))
			}
			return
		}
		if !bytes.Equal(EncodeCard(c), data) {
			t.Fatal("accepted a card that does not re-encode to the same bytes")
		}
		if !ed25519.Verify(c.PublicKey, signedBytes(c), c.Signature) {
			t.Fatal("accepted a card whose signature does not verify")
		}
		if len(data) > MaxCardSize {
			t.Fatal("accepted an oversized card")
		}
	})
}
