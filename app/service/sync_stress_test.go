//go:build stress

package service_test

import (
	"os"
	"testing"

	"dossier/app/service"
)

// `make stress`: more byte values through the whole import path, state checked each time.
func TestTamperingStress(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("Small")
	signed, _ := os.ReadFile(a.export(service.ExportOptions{All: true}))
	enc, _ := os.ReadFile(a.export(service.ExportOptions{All: true, To: []string{s.card}}))
	m := []byte{0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff}
	t.Run("signed", func(t *testing.T) { tamperAll(t, s, signed, m) })
	t.Run("encrypted", func(t *testing.T) { tamperAll(t, s, enc, m) })
}
