package service_test

// Attacks by a delegate whose key the secretariat trusts (issue: imported changes are hostile
// until checked). Each bundle is crafted with the delegate's real key, chained and signed
// correctly; each must be refused with nothing written, and the secretariat must go on working.

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"dossier/app/bundle"
	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/service"
)

// chain continues n's own chain as n's store holds it.
func (n *node) chain() *craft.Chain {
	seq, head := n.app.Store.Head(n.key)
	seen := n.app.Store.VV()
	delete(seen, n.key)
	return craft.Continue(n.app.Identity, seq, head, seen)
}

// crafted writes a bundle of runs signed by n.
func (n *node) crafted(runs ...bundle.Run) string {
	n.t.Helper()
	n.n++
	p := filepath.Join(n.t.TempDir(), fmt.Sprintf("crafted-%d.dossier", n.n))
	if err := os.WriteFile(p, craft.Bundle(n.app.Identity, n.app.Store.VV(), runs...), 0o600); err != nil {
		n.t.Fatal(err)
	}
	return p
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// survives checks that s still works after a refusal: it reopens, passes check, saves, and
// imports an honest bundle from a.
func survives(t *testing.T, s, a *node) {
	t.Helper()
	s.reopen()
	s.check()
	s.addCommitment("Still working after the refusal")
	a.addCommitment("An honest change")
	rep := s.imp(a.export(service.ExportOptions{}))
	if rep.Status != service.StatusImported {
		t.Fatalf("honest bundle after the attack: %+v", rep)
	}
	s.check()
}

func TestAttackInvalidValuesAreRefused(t *testing.T) {
	s, a, _, _ := office(t)
	s.imp(a.export(service.ExportOptions{})) // a's trust in s
	party := newID()
	valid := map[string]any{"title": "Returns", "status": "agreed"}
	with := func(k string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range valid {
			m[kk] = vv
		}
		m[k] = v
		return m
	}
	existing := a.addCommitment("Existing commitment")
	s.imp(a.export(service.ExportOptions{}))
	cases := []struct {
		name, problem, msg string
		typ                oplog.OpType
		kind, record       string
		set                map[string]any
		add                map[string][]any
	}{
		{"status maybe", service.ProblemNeedsUpdate, `status: "maybe" is not allowed`, oplog.OpCreate, "commitment", newID(), with("status", "maybe"), nil},
		{"due yesterday", service.ProblemInvalidChange, `due: "yesterday" is not a date`, oplog.OpCreate, "commitment", newID(), with("due", "yesterday"), nil},
		{"title object", service.ProblemInvalidChange, "title: must be text", oplog.OpCreate, "commitment", newID(), with("title", map[string]any{"a": 1}), nil},
		{"status number", service.ProblemInvalidChange, "status: must be text", oplog.OpCreate, "commitment", newID(), with("status", 3), nil},
		{"kind weapon", service.ProblemNeedsUpdate, `"weapon" is not a record kind`, oplog.OpCreate, "weapon", newID(), valid, nil},
		{"unknown field", service.ProblemNeedsUpdate, "calibre: is not a field of commitment", oplog.OpCreate, "commitment", newID(), with("calibre", "9mm"), nil},
		{"reference to nothing", service.ProblemInvalidChange, "partnership: points to", oplog.OpCreate, "commitment", newID(), with("partnership", newID()), nil},
		{"party of nothing", service.ProblemInvalidChange, "towards: points to", oplog.OpCreate, "commitment", newID(), valid, map[string][]any{"towards": {party}}},
		{"update bad status", service.ProblemNeedsUpdate, `status: "maybe"`, oplog.OpUpdate, "commitment", existing, map[string]any{"status": "maybe"}, nil},
		{"update empties title", service.ProblemInvalidChange, "title: is required", oplog.OpUpdate, "commitment", existing, map[string]any{"title": ""}, nil},
		{"set field by value", service.ProblemInvalidChange, "themes: is a set", oplog.OpUpdate, "commitment", existing, map[string]any{"themes": []string{"trafficking"}}, nil},
		{"update of nothing", service.ProblemInvalidChange, "does not exist", oplog.OpUpdate, "commitment", newID(), map[string]any{"title": "x"}, nil},
		{"reserved id", service.ProblemInvalidChange, "reserved", oplog.OpCreate, "commitment", service.TrustRecordID(s.key, "0123456789ABCDEF"), valid, nil},
		{"system kind", service.ProblemTrustStatement, "not a valid trust statement", oplog.OpCreate, "sys_trust", newID(), valid, nil},
		{"system kind unknown", service.ProblemTrustStatement, "sys_admin", oplog.OpCreate, "sys_admin", newID(), valid, nil},
		// A name that reads otherwise than it is: "invoice" U+202E "fdp.exe" shows as invoiceexe.pdf.
		{"attachment named backwards", service.ProblemInvalidChange, "cannot name a file", oplog.OpUpdate, "commitment", existing, nil,
			map[string][]any{"attachments": {map[string]any{"name": "invoice\u202efdp.exe", "type": "application/pdf", "size": 2,
				"sha256": strings.Repeat("ab", 32), "added_by": a.key, "added_at": "2026-12-04T10:00:00Z"}}}},
		// A float64 holds 999999999999999.99 as 1000000000000000: stored, the cents would go silently.
		{"amount past its cents", service.ProblemInvalidChange, "from 0 to 10000000000000", oplog.OpCreate, "commitment", newID(),
			with("funding", []any{map[string]any{"amount": 999999999999999.99, "currency": "EUR", "state": "pledged"}}), nil},
		// An indicator past a million billion (docs/model.md, "Indicators") printed as 1e+300.
		{"indicator past its bound", service.ProblemInvalidChange, "indicators[0].target: 1e+300 is out of bounds", oplog.OpCreate, "commitment", newID(),
			with("indicators", []any{map[string]any{"name": "Returns", "unit": "people", "target": 1e300}}), nil},
		{"indicator value past its bound", service.ProblemInvalidChange, "is out of bounds: an indicator's figure", oplog.OpUpdate, "commitment", existing,
			map[string]any{"indicators": []any{map[string]any{"name": "Returns", "unit": "people", "values": []any{map[string]any{"actual": -1e16, "as_of": "2026-01-01"}}}}}, nil},
		// "ſtate" (the long s) is taken for "state" by encoding/json and, sorted after it, wins:
		// shown pledged, counted disbursed.
		{"key that only looks like a field", service.ProblemInvalidChange, "only looks like one of", oplog.OpCreate, "commitment", newID(),
			with("funding", []any{map[string]any{"amount": 1000, "currency": "EUR", "state": "pledged", "ſtate": "disbursed"}}), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := a.chain()
			c.Op(tc.typ, tc.kind, tc.record, tc.set, tc.add, nil)
			s.refused(a.crafted(c.Run()), tc.problem, tc.msg)
		})
	}
	survives(t, s, a)
}

// A bundle whose valid changes come with one indicator past its bound is refused whole: the
// valid commitment before it is not imported either.
func TestAttackIndicatorPastItsBoundRefusesTheBundle(t *testing.T) {
	s, a, _, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	c := a.chain()
	c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "Valid commitment", "status": "proposed"}, nil, nil)
	bad := c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "Returns", "status": "agreed",
		"indicators": []any{map[string]any{"name": "Returns", "unit": "people", "baseline": 0, "target": 1e300}}}, nil, nil)
	s.refused(a.crafted(c.Run()), service.ProblemInvalidChange,
		fmt.Sprintf("change %d from A. Benali (%s) on commitment %s is not valid (indicators[0].target: 1e+300 is out of bounds", bad.Seq, a.key, bad.Record))
	survives(t, s, a)
}

func TestAttackKindClashAfterManyValidChanges(t *testing.T) {
	s, a, _, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	target := a.addCommitment("A commitment, not a meeting")
	s.imp(a.export(service.ExportOptions{}))
	c := a.chain()
	for i := 0; i < 1500; i++ {
		c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "Valid commitment", "status": "proposed"}, nil, nil)
	}
	clash := c.Op(oplog.OpUpdate, "meeting", target, map[string]any{"title": "Now a meeting"}, nil, nil)
	rep := s.refused(a.crafted(c.Run()), service.ProblemInvalidChange, fmt.Sprintf("change %d from A. Benali", clash.Seq))
	if !strings.Contains(rep.Message, `commitment "A commitment, not a meeting"`) || !strings.Contains(rep.Message, "never changes kind") {
		t.Fatalf("message: %s", rep.Message)
	}
	if rep.Status != service.StatusRefused {
		t.Fatal(rep.Status)
	}
	survives(t, s, a)
}

func TestAttackClocksFarAhead(t *testing.T) {
	for _, tc := range []struct {
		name string
		at   oplog.Clock
		msg  string
	}{
		{"2100", oplog.Clock{Wall: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()}, "years ahead"},
		{"MaxInt64", oplog.Clock{Wall: math.MaxInt64, Logical: math.MaxUint32}, "years ahead"},
		{"a day and a half", oplog.Clock{Wall: time.Now().Add(36 * time.Hour).UnixMilli()}, "1 day ahead"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, a, _, _ := office(t)
			s.imp(a.export(service.ExportOptions{}))
			c := a.chain()
			c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "From the future", "status": "agreed"}, nil, &tc.at)
			rep := s.refused(a.crafted(c.Run()), service.ProblemClockAhead, tc.msg)
			if want := "A. Benali's computer clock"; !strings.Contains(rep.Message, want) {
				t.Fatalf("message %q lacks %q", rep.Message, want)
			}
			survives(t, s, a)
			// The secretariat's own stamps stayed in the present.
			sc := s.addCommitment("Stamped now")
			rec, err := s.app.Store.Get(sc)
			if err != nil {
				t.Fatal(err)
			}
			if d := time.Until(rec.Created.Clock.Time()); d > time.Minute {
				t.Fatalf("a local stamp is %v ahead", d)
			}
		})
	}
	// A stamp within the bound is accepted.
	s, a, _, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	c := a.chain()
	at := oplog.Clock{Wall: time.Now().Add(2 * time.Hour).UnixMilli()}
	c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "Two hours ahead", "status": "agreed"}, nil, &at)
	if rep := s.imp(a.crafted(c.Run())); rep.Status != service.StatusImported {
		t.Fatalf("%+v", rep)
	}
}

// A delegate who occupies the id of a trust statement cannot stop the secretariat trusting or
// revoking, and cannot make the secretariat's bundles refused elsewhere.
func TestAttackSquattedTrustID(t *testing.T) {
	s, a, b, _ := office(t)
	x := newNode(t, "X. Newcomer", "delegate")
	s.imp(a.export(service.ExportOptions{}))
	c := a.chain()
	c.Op(oplog.OpCreate, "commitment", service.TrustRecordID(s.key, x.key), map[string]any{"title": "Squatter", "status": "agreed"}, nil, nil)
	s.refused(a.crafted(c.Run()), service.ProblemInvalidChange, "reserved")
	// Locally too: the id is refused to a form.
	if _, err := (&service.Records{App: a.app}).AddWithID("commitment", service.TrustRecordID(s.key, x.key), map[string]json.RawMessage{"title": raw("Squatter"), "status": raw("agreed")}); err == nil {
		t.Fatal("a reserved id was accepted locally")
	}
	s.trusts(x)
	rep := b.imp(s.export(service.ExportOptions{}))
	if rep.Status != service.StatusImported {
		t.Fatalf("%+v", rep)
	}
	if _, err := s.sy.Revoke(x.key); err != nil {
		t.Fatal(err)
	}
	survives(t, s, a)
}

// A trust statement cannot be deleted, restored or edited as an ordinary record, even by its
// own author: that used to make every recipient refuse the author for good.
func TestTrustRecordsAreNotOrdinaryRecords(t *testing.T) {
	s, a, _, _ := office(t)
	rec := &service.Records{App: s.app}
	id := service.TrustRecordID(s.key, a.key)
	if _, err := rec.Delete(id); err == nil || !strings.Contains(err.Error(), "dossier trust") {
		t.Fatalf("delete of a trust statement: %v", err)
	}
	if _, err := rec.Update(id, map[string]json.RawMessage{"trusted": raw(false)}); err == nil {
		t.Fatal("a trust statement was edited as a record")
	}
	// And the store itself refuses it, whatever the caller.
	c := s.chain()
	c.Op(oplog.OpDelete, service.KindTrust, id, nil, nil, nil)
	b := s.crafted(c.Run())
	a.refused(b, service.ProblemTrustStatement, "not a valid trust statement")
	// Trust goes on working.
	a.addCommitment("After the attempt")
	if rep := s.imp(a.export(service.ExportOptions{})); rep.Status != service.StatusImported {
		t.Fatalf("%+v", rep)
	}
}
