package service_test

// Updates that write what no form saves, by rules that join values (docs/trust.md, "Every
// change is checked"): found by the attack pass of 5 December 2026. An update was checked
// field by field, and the rules joining values (two items of one code, a session that ends
// before it starts, a party named twice) were left to whole-record validation, which an
// import does not run; so were control characters. Each is now refused, nothing written.

import (
	"strings"
	"testing"

	"dossier/app/oplog"
	"dossier/app/service"
)

func TestAttackUpdatesBreakingJoinedRules(t *testing.T) {
	s, lo, hi := streamOffice(t)
	c := chainFor(s, lo)
	fw, mt, cm, pt, pa, pa2 := newID(), newID(), newID(), newID(), newID(), newID()
	c.Op(oplog.OpCreate, "framework", fw, map[string]any{"code": "XF", "title": "X framework", "items": []any{map[string]any{"code": "1", "title": "One"}}}, nil, nil)
	c.Op(oplog.OpCreate, "meeting", mt, map[string]any{"title": "Review", "start": "2026-01-01"}, nil, nil)
	c.Op(oplog.OpCreate, "commitment", cm, validCommitment, nil, nil)
	c.Op(oplog.OpCreate, "party", pa, map[string]any{"name": "IOM", "type": "international_organisation"}, nil, nil)
	c.Op(oplog.OpCreate, "party", pa2, map[string]any{"name": "UNHCR", "type": "international_organisation"}, nil, nil)
	c.Op(oplog.OpCreate, "partnership", pt, map[string]any{"title": "Task force", "type": "bilateral", "status": "active"}, nil, nil)
	s.imp(lo.crafted(c.Run()))
	role := func(party, role string) map[string]any { return map[string]any{"party": party, "role": role} }
	cases := []struct {
		name, kind, id string
		set            map[string]any
		add            map[string][]any
		field, code    string
	}{
		{"an item code twice", "framework", fw, map[string]any{"items": []any{map[string]any{"code": "1", "title": "One"}, map[string]any{"code": "1", "title": "Other"}}}, nil,
			"items[1].code", "item_code_twice"},
		{"a session that ends before it starts", "meeting", mt, map[string]any{"sessions": []any{map[string]any{"title": "Roundtable", "start": "2026-01-01T10:00:00Z", "end": "2026-01-01T09:00:00Z"}}}, nil,
			"sessions[0].end", "session_end_before_start"},
		{"a meeting's end before its start, both written", "meeting", mt, map[string]any{"start": "2026-02-01", "end": "2026-01-01"}, nil, "end", "end_before_start"},
		{"a partnership's end before its start, both written", "partnership", pt, map[string]any{"start": "2026-02-01", "end": "2026-01-01"}, nil, "end", "end_before_start"},
		// Two figures for one date: which one the brief counts depends on the order it reads them.
		{"an indicator's date twice", "commitment", cm, map[string]any{"indicators": []any{map[string]any{"name": "Returns", "unit": "people",
			"values": []any{map[string]any{"actual": 1, "as_of": "2026-01-01"}, map[string]any{"actual": 1000, "as_of": "2026-01-01"}}}}}, nil,
			"indicators[0].values[1].as_of", "value_twice"},
		{"an indicator's target without a unit", "commitment", cm, map[string]any{"indicators": []any{map[string]any{"name": "Returns", "target": 5}}}, nil,
			"indicators[0].unit", "unit_required"},
		{"a country without its code, both written", "party", pa2, map[string]any{"type": "country", "iso3": ""}, nil, "iso3", "iso3_required"},
		// A NUL makes the CSV export a binary file; the form refuses it.
		{"a title with a NUL", "commitment", cm, map[string]any{"title": "Returns\u0000 of 1,000"}, nil, "title", "text_control"},
		{"a party with two roles in one change", "partnership", pt, nil, map[string][]any{"parties": {role(pa, "lead"), role(pa, "member")}}, "parties", "party_twice"},
	}
	before := s.hash()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := chainFor(s, lo)
			op := c.Op(oplog.OpUpdate, tc.kind, tc.id, tc.set, tc.add, nil)
			rep, err := s.sy.ImportFile(lo.crafted(c.Run()))
			refusedOn(t, rep, err, op, tc.field, tc.code)
			if s.hash() != before {
				t.Fatal("a refused bundle changed the state")
			}
		})
	}

	// A second role for a party the author had seen in the partnership, in a later change.
	c = chainFor(s, lo)
	c.Op(oplog.OpUpdate, "partnership", pt, nil, map[string][]any{"parties": {role(pa, "lead")}}, nil)
	second := c.Op(oplog.OpUpdate, "partnership", pt, nil, map[string][]any{"parties": {role(pa, "member")}}, nil)
	rep, err := s.sy.ImportFile(lo.crafted(c.Run()))
	refusedOn(t, rep, err, second, "parties", "party_twice")
	survives(t, s, hi) // hi's own installation never made the crafted changes

	// Two delegates who each add the party offline, with different roles, both made a valid
	// change: the merge names it twice, and stays visible as a rule broken, not refused.
	cl, ch := chainFor(s, lo), chainFor(s, hi)
	cl.Op(oplog.OpUpdate, "partnership", pt, nil, map[string][]any{"parties": {role(pa, "lead")}}, nil)
	ch.Op(oplog.OpUpdate, "partnership", pt, nil, map[string][]any{"parties": {role(pa, "member")}}, nil)
	s.imp(lo.crafted(cl.Run()))
	if rep := s.imp(hi.crafted(ch.Run())); rep.Status != service.StatusImported {
		t.Fatalf("the concurrent change: %+v", rep)
	}
	if got := s.field(pt, "parties"); strings.Count(got, pa) != 2 {
		t.Fatalf("parties %s, want the party with both roles", got)
	}
	s.check()
}

// refusedOn asserts an invalid_change refusal of op, with problem code on field (a path, or
// a set's name for a problem on any of its elements).
func refusedOn(t *testing.T, rep *service.BundleReport, err error, op *oplog.Op, field, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("imported: %+v", rep)
	}
	if rep.Problem != service.ProblemInvalidChange || rep.Change == nil {
		t.Fatalf("refused as %s: %s", rep.Problem, rep.Message)
	}
	ch := rep.Change
	if ch.Seq != op.Seq || ch.Record != op.Record {
		t.Fatalf("refused change %d on %s, want %d on %s: %s", ch.Seq, ch.Record, op.Seq, op.Record, rep.Message)
	}
	for path, p := range ch.Problems {
		if (path == field || strings.HasPrefix(path, field+"[")) && p.Code == code {
			return
		}
	}
	t.Fatalf("problems %+v, want %s on %s; message %q", ch.Problems, code, field, rep.Message)
}
