package store

import (
	"encoding/json"
	"testing"

	"dossier/app/oplog"
)

// An item of a framework the delegation typed in (not one of the built-in reference
// frameworks) can be taken off a commitment again, as it was put on: a removal is checked
// for its shape, not against what the store holds.
func TestRemoveTypedInFrameworkItem(t *testing.T) {
	s := openTest(t, t.TempDir())
	create(t, s, "framework", map[string]any{"code": "NPMA", "title": "New Pact on Migration and Asylum",
		"items": []map[string]any{{"code": "NPMA-3", "number": 3, "title": "Asylum procedure"}}})
	id := create(t, s, "commitment", map[string]any{"title": "EUR 210 million for Mauritania migration package",
		"status": "agreed", "framework_items": []string{"NPMA-3", "GCM-11"}})
	d := Draft{Type: oplog.OpUpdate, Record: id, Remove: map[string][]json.RawMessage{"framework_items": {js("NPMA-3")}}}
	if _, err := s.Save("", d); err != nil {
		t.Fatalf("untagging NPMA-3: %v", err)
	}
	rec, err := s.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(rec.Value("framework_items")); got != `["GCM-11"]` {
		t.Errorf("framework items after the removal: %s", got)
	}
}
