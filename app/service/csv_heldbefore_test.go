package service

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"dossier/app/oplog"
	"dossier/app/store"
)

// heldBefore reads a record's history once: a bundle that changed one field of a record
// 40,000 times (a crafted one, or years of a busy indicator) is checked in a moment for each
// cell of a sheet's row. Each change looked back to the start of its bundle to learn whether
// it was the bundle's first of the field, which made the check quadratic (about 8 × 10⁸ steps
// here, seconds a cell).
func TestHeldBeforeIsLinearInALongBundle(t *testing.T) {
	const n = 40000
	hist := make([]store.Entry, n)
	for i := range hist {
		hist[i] = store.Entry{Author: "K", Type: oplog.OpUpdate, Origin: "bundle 0190 from K", Changes: []oplog.Change{{Field: "title",
			Old: json.RawMessage(fmt.Sprintf("%q", fmt.Sprint("v", i))), New: json.RawMessage(fmt.Sprintf("%q", fmt.Sprint("v", i+1)))}}}
	}
	never := func(json.RawMessage) bool { return false }
	start := time.Now()
	if heldBefore(hist, n-1, "title", never) {
		t.Fatal("a value never held was found")
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("heldBefore over one bundle of %d changes of a field took %v", n, d)
	}
	// The rule itself is kept: the value before the bundle, and after it, count; one held
	// only between two of its changes does not.
	is := func(v string) func(json.RawMessage) bool {
		return func(r json.RawMessage) bool { return string(r) == fmt.Sprintf("%q", v) }
	}
	hist[n-1].Origin = "bundle 0191 from K" // the last change came in a later bundle
	for v, want := range map[string]bool{"v0": true, "v1": false, fmt.Sprint("v", n-1): true, fmt.Sprint("v", n-2): false} {
		if got := heldBefore(hist, n-1, "title", is(v)); got != want {
			t.Errorf("held %s before the last change: %v, want %v", v, got, want)
		}
	}
}
