//go:build !unix

// Package procstat reads what the process has spent, for benchmarks that report it beside
// their wall time.
package procstat

import "time"

// CPUTime is not measured here: benchmarks report 0.
func CPUTime() time.Duration { return 0 }
