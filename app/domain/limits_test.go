package domain

import (
	"fmt"
	"strings"
	"testing"

	"dossier/app/internal/textcap"
)

// TestValidationMessageIsBounded: an imported change may name thousands of unknown fields; the
// message names a few and counts the rest (Fields keeps them all, for forms).
func TestValidationMessageIsBounded(t *testing.T) {
	for _, n := range []int{textcap.Items, textcap.Items + 1, 15000} {
		e := &ValidationError{Kind: KindCommitment, Fields: map[string]string{}}
		for i := 0; i < n; i++ {
			e.Fields[fmt.Sprintf("f%05d", i)] = "is not a field of commitment"
		}
		msg := e.Error()
		cut := strings.Contains(msg, fmt.Sprintf("… and %d more", n-textcap.Items))
		if cut != (n > textcap.Items) || len(msg) > 1000 || !strings.HasPrefix(msg, "commitment is not valid: f00000: ") {
			t.Errorf("%d fields: cut=%v, %d bytes: %.200q", n, cut, len(msg), msg)
		}
	}
}
