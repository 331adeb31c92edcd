//go:build stress

package bundle

import (
	"testing"

	"dossier/app/identity"
)

// `make stress`: every one of the 255 possible changes of every byte.
func TestTamperStress(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	all := make([]byte, 255)
	for i := range all {
		all[i] = byte(i + 1)
	}
	t.Run("signed", func(t *testing.T) { tamper(t, encode(t, sec, runs[:1], Options{}), all) })
	t.Run("encrypted", func(t *testing.T) {
		tamper(t, encode(t, sec, runs[:1], Options{To: []identity.Card{del.card}, Encrypt: true}), all, del.age)
	})
}
