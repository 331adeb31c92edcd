package service

import (
	"encoding/json"
	"testing"

	"dossier/app/oplog"
)

// The sample data breaks no rule: a record page says so only when something is to mend.
func TestSampleRecordsShowNoProblems(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	l, err := r.List(Query{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total < 20 {
		t.Fatalf("%d sample records", l.Total)
	}
	for _, it := range l.Items {
		v, err := r.Get(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if v.Problems != nil {
			t.Errorf("%s %s: %+v", v.Kind, v.Title, v.Problems)
		}
	}
}

// A record as held that breaks a rule says which, by field path, on its page: here a meeting
// whose start and end two changes moved apart, each of which passed alone.
func TestRecordViewNamesTheRulesItBreaks(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	held := func(fields map[string]any) *oplog.Record { return heldRecord(t, a, "meeting", fields) }
	if v := r.view(held(map[string]any{"title": "Senior officials", "start": "2026-03-10", "end": "2026-03-11"})); v.Problems != nil {
		t.Fatalf("a valid meeting: %+v", v.Problems)
	}
	v := r.view(held(map[string]any{"title": "Senior officials", "start": "2026-03-10", "end": "2026-03-01"}))
	if v.Problems["end"].Code != "end_before_start" || len(v.Problems) != 1 {
		t.Fatalf("problems %+v, want end_before_start on end", v.Problems)
	}
}

// A system record (a trust statement) has no rules of the forms: its view names none.
func TestSystemRecordViewNamesNoRules(t *testing.T) {
	a := openDemo(t)
	v := (&Records{App: a}).view(heldRecord(t, a, "sys_trust", map[string]any{"subject": "C28E933D04BD7A3F", "trusted": true}))
	if v.Problems != nil {
		t.Fatalf("%+v", v.Problems)
	}
}

// heldRecord is a record of kind as a store would hold it after one change setting fields,
// whatever today's rules say of them.
func heldRecord(t *testing.T, a *App, kind string, fields map[string]any) *oplog.Record {
	t.Helper()
	op := &oplog.Op{V: oplog.Version, Author: a.Identity.KeyID(), Seq: 1, Clock: oplog.Clock{Wall: 1}, Type: oplog.OpCreate,
		Kind: kind, Record: "0193a1c4-5e00-7000-8000-0000000000e1", Set: map[string]json.RawMessage{}}
	for k, v := range fields {
		op.Set[k] = oplog.MustCanon(v)
	}
	rec := oplog.NewRecord(op.Record)
	if _, err := rec.Apply(op); err != nil {
		t.Fatal(err)
	}
	return rec
}

// An item that a framework record defines is a reference to that framework, not a rule of the
// record that cites it: the record page names no problem, and the Conflicts screen does not
// list it (it did both: the check ran without the store, where only shipped items exist).
func TestItemOfAFrameworkRecordBreaksNoRule(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	if _, err := r.Add("framework", map[string]json.RawMessage{"code": json.RawMessage(`"NP"`), "title": json.RawMessage(`"New Pact"`),
		"items": json.RawMessage(`[{"code": "NP-1", "number": 1, "title": "Screening"}]`)}); err != nil {
		t.Fatal(err)
	}
	c, err := r.Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"Screening at the border"`), "status": json.RawMessage(`"agreed"`),
		"framework_items": json.RawMessage(`["NP-1"]`)})
	if err != nil {
		t.Fatal(err)
	}
	if c.Problems != nil {
		t.Errorf("the record page: %+v", c.Problems)
	}
	if bs, err := r.Breaking(); err != nil || len(bs.Items) != 0 {
		t.Errorf("records that break a rule: %+v %v", bs, err)
	}
}
