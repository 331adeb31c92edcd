package service_test

import (
	"strings"
	"testing"

	"dossier/app/oplog"
)

// A signed change that blanks a required text (a commitment's title made of no-break and
// narrow no-break spaces, a party's name of line breaks, a new meeting titled with a tab) is
// refused like any invalid change, naming the change, the record and the field, and nothing
// of the bundle is written, not even the valid changes before it (docs/model.md, "Blank
// text").
func TestBundleChangeThatBlanksARequiredTextIsRefused(t *testing.T) {
	s, lo, _ := streamOffice(t)
	com, party := newID(), newID()
	c := chainFor(s, lo)
	c.Op(oplog.OpCreate, "commitment", com, validCommitment, nil, nil)
	c.Op(oplog.OpCreate, "party", party, map[string]any{"name": "IOM", "type": "international_organisation"}, nil, nil)
	s.imp(lo.crafted(c.Run()))
	for _, tc := range []struct {
		name, kind, record, field string
		create                    bool
		value                     string
	}{
		{"title of no-break spaces", "commitment", com, "title", false, "\u00a0\u202f"},
		{"name of line breaks", "party", party, "name", false, "\r\n\r\n"},
		{"new meeting titled with a tab", "meeting", newID(), "title", true, "\t"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := chainFor(s, lo)
			c.Op(oplog.OpUpdate, "commitment", com, map[string]any{"status": "agreed"}, nil, nil) // valid, before it
			if tc.create {
				c.Op(oplog.OpCreate, tc.kind, tc.record, map[string]any{tc.field: tc.value, "start": "2026-12-03"}, nil, nil)
			} else {
				c.Op(oplog.OpUpdate, tc.kind, tc.record, map[string]any{tc.field: tc.value}, nil, nil)
			}
			first, _ := s.app.Store.Head(lo.key)
			before := s.hash()
			rep, err := s.sy.ImportFile(lo.crafted(c.Run()))
			refusedChange(t, rep, err, lo, first+2, tc.record, tc.field, "required")
			if !strings.Contains(rep.Message, tc.field+": is required") || !strings.Contains(rep.Message, tc.record) || !strings.Contains(rep.Message, "nothing was imported") {
				t.Errorf("message %q does not name the record, the field and what happened", rep.Message)
			}
			if s.hash() != before {
				t.Fatal("a refused bundle changed the state")
			}
			if got := s.field(com, "status"); !strings.Contains(got, "proposed") {
				t.Errorf("status %s: the valid change before the refused one was applied", got)
			}
		})
	}
	if got := s.field(com, "title"); !strings.Contains(got, "Valid commitment") {
		t.Errorf("title %s", got)
	}
}
