package trust

import (
	"slices"
	"testing"

	"dossier/app/bundle"
	"dossier/app/version"
)

// TestTrustStatementsInEveryBundleFormat: every bundle format's schema names trust
// statements as a system kind (their shape is this package's), so exports never leave them
// out for an older reader.
func TestTrustStatementsInEveryBundleFormat(t *testing.T) {
	for _, f := range version.BundleFormatsWritten() {
		if !slices.Contains(bundle.SchemaOf(f).SystemKinds, Kind) {
			t.Fatalf("bundle format %d's schema does not name %q", f, Kind)
		}
	}
}
