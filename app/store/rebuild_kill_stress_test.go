//go:build stress && unix

package store

import "testing"

// `make stress`: 50 kills during the rebuild of 20,000 summaries of version 7.
func TestKillDuringSummaryRebuildStress(t *testing.T) {
	killDuringRebuild(t, 20000, 50)
}
