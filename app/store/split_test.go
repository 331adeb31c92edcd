package store

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSplitASCIIMatchesUnicode: the ASCII fast path finds the same words and codes as the
// general one, on random text made of letters, digits and the separators codes use.
func TestSplitASCIIMatchesUnicode(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	alphabet := "aZgcmJVAP059-._ /,'\"\t\n#$"
	texts := []string{"", "GCM-5", "jvap3", "GCM-50 and gcm_5.", "a-1b", "x.9.9", "-5", "Return 2026-05-17", "ab-"}
	for range 20000 {
		b := make([]byte, rng.IntN(40))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		texts = append(texts, string(b))
	}
	for _, text := range texts {
		w1, c1 := split(text)
		w2, c2 := splitUnicode(text)
		if !slices.Equal(w1, w2) || !slices.Equal(c1, c2) {
			t.Fatalf("%q: ASCII path %q %q, general %q %q", text, w1, c1, w2, c2)
		}
	}
}
