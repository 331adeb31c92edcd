//go:build stress && unix

package synce2e

import "testing"

// `make stress`: the full-size crash test, 50 kills during the import of 50,000 changes.
func TestKillDuringImportStress(t *testing.T) {
	killDuringImport(t, 50000, 50)
}
