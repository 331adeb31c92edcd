package store

import (
	"encoding/json"
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dossier/app/domain"
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

// A create that admit judged whole is not judged a second time at the end of its batch,
// unless something later in the batch can change the verdict: a record it refers to deleted,
// or the framework whose item it names changed. Then one Save refuses what the same changes
// would leave refused in two.
func TestABatchJudgesItsCreatesAgainWhenTheGroundMoves(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	party, fw := newID(), newID()
	base := []Draft{
		{Type: oplog.OpCreate, Kind: "party", Record: party, Set: map[string]json.RawMessage{"name": js("Ghana"), "type": js("country"), "iso3": js("GHA")}},
		{Type: oplog.OpCreate, Kind: "framework", Record: fw, Set: map[string]json.RawMessage{"code": js("NP"), "title": js("New Pact"),
			"items": js([]map[string]any{{"code": "NP-5", "title": "Solidarity"}})}},
	}
	commitment := func() Draft {
		return Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
			Set: map[string]json.RawMessage{"title": js("Reception centres"), "status": js("agreed")},
			Add: map[string][]json.RawMessage{"committed_by": {js(party)}, "framework_items": {js("NP-5")}}}
	}
	// Sound as it stands: the commitment is judged once, by admit.
	if err := s.Validate(append(slices.Clone(base), commitment())...); err != nil {
		t.Fatalf("a sound batch refused: %v", err)
	}
	for name, tc := range map[string]struct {
		last  Draft
		field string
	}{
		"the party it names is deleted": {Draft{Type: oplog.OpDelete, Record: party}, "committed_by"},
		"its framework item is removed": {Draft{Type: oplog.OpUpdate, Record: fw,
			Set: map[string]json.RawMessage{"items": js([]map[string]any{{"code": "NP-6", "title": "Returns"}})}}, "framework_items"},
	} {
		err := s.Validate(append(slices.Clone(base), commitment(), tc.last)...)
		var be *BatchError
		var ve *domain.ValidationError
		if !errors.As(err, &be) || len(be.Errors) != 1 || be.Errors[0].Index != 2 || !errors.As(be.Errors[0].Err, &ve) ||
			!slices.ContainsFunc(slices.Collect(maps.Keys(ve.Fields)), func(f string) bool { return strings.HasPrefix(f, tc.field) }) {
			t.Errorf("%s: %v, want the commitment (change 3) refused on %s", name, err, tc.field)
		}
	}
}
