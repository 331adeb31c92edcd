package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"dossier/app/oplog"
)

// Validate answers what Save would, with the same error, and writes nothing; a batch it
// accepts, Save stores.
func TestValidateIsSaveWithoutTheWrite(t *testing.T) {
	s := openTest(t, t.TempDir())
	held := create(t, s, "commitment", map[string]any{"title": "Ok", "status": "agreed"})
	draft := func(typ oplog.OpType, id string, fields map[string]any) Draft {
		d := Draft{Type: typ, Kind: "commitment", Record: id, Set: map[string]json.RawMessage{}}
		for k, v := range fields {
			d.Set[k] = js(v)
		}
		return d
	}
	cases := map[string][]Draft{
		"one bad create":     {draft(oplog.OpCreate, newID(), map[string]any{"title": "x", "status": "maybe"})},
		"an update emptying": {draft(oplog.OpUpdate, held, map[string]any{"title": ""})},
		"a batch, two bad": {draft(oplog.OpCreate, newID(), map[string]any{"title": "a", "status": "agreed"}),
			draft(oplog.OpCreate, newID(), map[string]any{"status": "agreed"}),
			draft(oplog.OpCreate, newID(), map[string]any{"title": "c", "status": "agreed", "due": "2025-02-30"})},
		"good": {draft(oplog.OpCreate, newID(), map[string]any{"title": "new", "status": "agreed"}),
			draft(oplog.OpUpdate, held, map[string]any{"title": "Ok 2"})},
	}
	for name, drafts := range cases {
		t.Run(name, func(t *testing.T) {
			before, _ := s.StateHash()
			verr := s.Validate(drafts...)
			if after, _ := s.StateHash(); after != before {
				t.Fatal("Validate changed the state")
			}
			_, serr := s.Save("", drafts...)
			if (verr == nil) != (serr == nil) || verr != nil && (verr.Error() != serr.Error() || reflect.TypeOf(verr) != reflect.TypeOf(serr)) {
				t.Fatalf("Validate: %v\nSave:     %v", verr, serr)
			}
			if after, _ := s.StateHash(); (after == before) != (serr != nil) {
				t.Fatalf("Save stored %v with error %v", after != before, serr)
			}
		})
	}
	if err := (&Store{}).Validate(); err != ErrNoAuthor {
		t.Fatalf("no author: %v", err)
	}
}
