//go:build stress && linux

package service_test

import "testing"

// `make stress`: the acceptance bound of issue 9, a 200,000-change bundle by 10 authors
// imported under 256 MiB of peak resident memory, GOMEMLIMIT unset.
func TestImportMemoryBoundStress(t *testing.T) {
	if mib := importPeakRSS(t, 10, 20_000); mib >= 256 {
		t.Fatalf("peak RSS %.1f MiB, the bound is 256 MiB", mib)
	}
}
