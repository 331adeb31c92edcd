package service

import (
	"encoding/json"
	"testing"
)

// Check names every problem Add or Update would refuse, with the same errors, and stores
// nothing: a form asks it when its own checks found something, so that one save names every
// problem (a screen walk had a form reveal its problems over three saves).
func TestRecordsCheckNamesEveryProblemAndStoresNothing(t *testing.T) {
	a := openDemo(t)
	r := &Records{App: a}
	before, _ := a.Store.Counts()
	raw := func(s string) json.RawMessage { return json.RawMessage(s) }
	err := r.Check("commitment", "", map[string]json.RawMessage{"title": raw(`"Coast guard training"`),
		"funding": raw(`[{"amount":1234.567}]`)})
	ae := AsError(err)
	if ae == nil || ae.Code != CodeInvalid || ae.Fields["status"] == "" || ae.Fields["funding[0].currency"] == "" || ae.Fields["funding[0].state"] == "" {
		t.Fatalf("new commitment: %+v", ae)
	}
	if err := r.Check("commitment", "", map[string]json.RawMessage{"title": raw(`"Coast guard training"`), "status": raw(`"agreed"`)}); err != nil {
		t.Fatalf("a valid new commitment: %v", err)
	}
	page, err := r.List(Query{Kind: "commitment", Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatal(err)
	}
	id := page.Items[0].ID
	ae = AsError(r.Check("commitment", id, map[string]json.RawMessage{"due": raw(`"2026-02-30"`), "status": raw(`"finished"`)}))
	if ae == nil || ae.Fields["due"] == "" || ae.Fields["status"] == "" {
		t.Fatalf("an update: %+v", ae)
	}
	if after, _ := a.Store.Counts(); after != before {
		t.Fatalf("Check stored something: %d changes, had %d", after, before)
	}
}
