package service_test

import (
	"testing"

	"dossier/app/oplog"
	"dossier/app/service"
)

// The conflict names the value both edits started from. A resolution is undone by a new resolve operation that restores the value that was winning
// before it; the history keeps both operations, and a second undo redoes.
func TestUndoResolveWritesANewResolution(t *testing.T) {
	s, a, b, _ := office(t)
	id := s.addCommitment("Assistance at disembarkation points")
	b0 := s.export(service.ExportOptions{})
	a.imp(b0)
	b.imp(b0)
	a.set(id, "status", "delivered")
	b.set(id, "status", "stalled")
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	cs := s.conflicts()
	if len(cs) != 1 || cs[0].Field != "status" {
		t.Fatalf("conflicts: %+v", cs)
	}
	var winner, loser service.ConflictValue
	for _, v := range cs[0].Values {
		if v.Winning {
			winner = v
		} else {
			loser = v
		}
	}
	if winner.Author == "" || loser.Author == "" {
		t.Fatalf("values: %+v", cs[0].Values)
	}
	// Both edits started from "agreed": the card shows it, on the list and on the record.
	if cs[0].Base == nil || string(cs[0].Base.Value) != `"agreed"` {
		t.Fatalf("base: %+v", cs[0].Base)
	}
	if v, _ := (&service.Records{App: s.app}).Get(id); len(v.Conflicts) != 1 || v.Conflicts[0].Base == nil || string(v.Conflicts[0].Base.Value) != `"agreed"` {
		t.Fatalf("record's conflict base: %+v", v.Conflicts)
	}
	rs := &service.Records{App: s.app}

	// Nothing to undo before a resolution, nor while the conflict is open.
	if _, err := rs.UndoResolve(id, "status"); service.AsError(err).Code != service.CodeInvalid {
		t.Fatalf("undo of an open conflict: %v", err)
	}
	if _, err := rs.Resolve(id, "status", loser.Author, nil); err != nil {
		t.Fatal(err)
	}
	if got := s.field(id, "status"); got != string(loser.Value) {
		t.Fatalf("resolved to %s, want %s", got, loser.Value)
	}
	before, _ := rs.History(id)
	v, err := rs.UndoResolve(id, "status")
	if err != nil {
		t.Fatal(err)
	}
	if string(v.Fields["status"]) != string(winner.Value) || len(v.Conflicts) != 0 {
		t.Fatalf("after undo: %s %+v, want %s", v.Fields["status"], v.Conflicts, winner.Value)
	}
	after, _ := rs.History(id)
	if len(after) != len(before)+1 {
		t.Fatalf("history: %d entries, want %d (one new operation)", len(after), len(before)+1)
	}
	for i := range before { // nothing rewritten
		if before[i].Author != after[i].Author || before[i].Seq != after[i].Seq || before[i].Type != after[i].Type {
			t.Fatalf("entry %d changed: %+v → %+v", i, before[i], after[i])
		}
	}
	last := after[len(after)-1]
	if last.Type != oplog.OpResolve || last.Author != s.key || len(last.Changes) != 1 || string(last.Changes[0].Old) != string(loser.Value) {
		t.Fatalf("the undo: %+v", last)
	}
	// Undo again: redo.
	if v, err = rs.UndoResolve(id, "status"); err != nil || string(v.Fields["status"]) != string(loser.Value) {
		t.Fatalf("redo: %v %s", err, v.Fields["status"])
	}
	// After an ordinary edit there is nothing to undo.
	s.set(id, "status", "agreed")
	if _, err := rs.UndoResolve(id, "status"); service.AsError(err).Code != service.CodeInvalid {
		t.Fatalf("undo after an edit: %v", err)
	}
	// The undo travels like any change: A gets the same value.
	a.imp(s.export(service.ExportOptions{To: []string{a.key}}))
	if a.field(id, "status") != s.field(id, "status") {
		t.Fatalf("A has %s, S %s", a.field(id, "status"), s.field(id, "status"))
	}
}
