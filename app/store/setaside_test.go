package store

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/oplog"
)

// A committed batch that can never be applied (here a kind clash after 1,500 valid creates,
// as an older version could stage) is set aside whole at open: the store opens, holds none
// of it, says why, and goes on working.
func TestUnfinishableBatchIsSetAsideWhole(t *testing.T) {
	dir := t.TempDir()
	s := openTest(t, dir)
	target := create(t, s, "commitment", map[string]any{"title": "A commitment", "status": "agreed"})
	before, _ := s.StateHash()
	const other = "FEDCBA9876543210"
	var ps []pending
	chainOf(t, other, 1501, func(i int, op *oplog.Op) {
		if i == 1501 {
			op.Type, op.Kind, op.Record, op.Set = oplog.OpUpdate, "meeting", target, map[string]json.RawMessage{"title": js("now a meeting")}
		}
	}, &ps)
	if _, err := s.stage(ps, "bundle X from "+other); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for round := 0; round < 2; round++ {
		s = openTest(t, dir)
		if h, _ := s.StateHash(); h != before {
			t.Fatalf("round %d: the set-aside batch changed the records", round)
		}
		if n, _ := s.Head(other); n != 0 {
			t.Fatalf("round %d: %d changes of the batch applied", round, n)
		}
		sas, err := s.SetAsides()
		if err != nil || len(sas) != 1 {
			t.Fatalf("round %d: set aside %+v %v", round, sas, err)
		}
		sa := sas[0]
		if sa.Changes != 1501 || sa.Applied != 0 || !strings.Contains(sa.Reason, "never changes kind") || sa.Origin != "bundle X from "+other {
			t.Fatalf("set aside: %+v", sa)
		}
		if problems, err := s.Check(); err != nil || len(problems) > 0 {
			t.Fatalf("check: %v %v", problems, err)
		}
		create(t, s, "commitment", map[string]any{"title": "Saved after recovery", "status": "agreed"})
		before, _ = s.StateHash()
		s.Close()
	}
}
