package service_test

// Attacks on the streaming import (docs/storage.md, "Streaming import"): bundles whose runs
// arrive out of causal order (a run of a lower key id that had seen changes of a higher one
// later in the body), two authors touching the same record in one bundle, and chains or
// checkpoints that are wrong. Each test fails if the attack gets something in.

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"dossier/app/bundle"
	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/service"
)

// streamOffice is an office where s has imported both delegates' trust in it, and lo/hi are
// a and b sorted by key id: hi's run comes after lo's in every bundle.
func streamOffice(t *testing.T) (s, lo, hi *node) {
	s, a, b, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	lo, hi = a, b
	if hi.key < lo.key {
		lo, hi = hi, lo
	}
	return s, lo, hi
}

// chainFor continues n's chain as s holds it, having seen what s holds of others.
func chainFor(s, n *node) *craft.Chain {
	seq, head := s.app.Store.Head(n.key)
	seen := s.app.Store.VV()
	delete(seen, n.key)
	return craft.Continue(n.app.Identity, seq, head, seen)
}

var validCommitment = map[string]any{"title": "Valid commitment", "status": "proposed"}

// An update that arrives before the create it follows (non-causal arrival) is applied after
// it, as if the create had come first in its own bundle.
func TestAttackStreamUpdateBeforeCreate(t *testing.T) {
	s, lo, hi := streamOffice(t)
	id := newID()
	ch := chainFor(s, hi)
	ch.Op(oplog.OpCreate, "commitment", id, map[string]any{"title": "Created by hi", "status": "proposed"}, nil, nil)
	cl := chainFor(s, lo)
	cl.Seen[hi.key] = ch.Seq
	cl.Op(oplog.OpUpdate, "commitment", id, map[string]any{"title": "Updated by lo"}, nil, nil)
	rep := s.imp(lo.crafted(cl.Run(), ch.Run()))
	if rep.Status != service.StatusImported {
		t.Fatalf("%+v", rep)
	}
	if got := s.field(id, "title"); !strings.Contains(got, "Updated by lo") {
		t.Fatalf("title %s", got)
	}
	s.check()
	s.reopen()
	s.check()
	if got := s.field(id, "title"); !strings.Contains(got, "Updated by lo") {
		t.Fatalf("after reopen: title %s", got)
	}
}

// A kind-changing update (or create) that arrives before the create of the record, from
// another author in the same bundle, is refused as it would be in causal order.
func TestAttackStreamKindChangeNonCausal(t *testing.T) {
	for _, typ := range []oplog.OpType{oplog.OpUpdate, oplog.OpCreate} {
		t.Run(string(typ), func(t *testing.T) {
			s, lo, hi := streamOffice(t)
			id := newID()
			ch := chainFor(s, hi)
			ch.Op(oplog.OpCreate, "commitment", id, validCommitment, nil, nil)
			cl := chainFor(s, lo)
			cl.Seen[hi.key] = ch.Seq
			cl.Op(typ, "meeting", id, map[string]any{"title": "Now a meeting", "start": "2026-01-01"}, nil, nil)
			s.refused(lo.crafted(cl.Run(), ch.Run()), service.ProblemInvalidChange, "never changes kind")
			survives(t, s, lo)
		})
	}
}

// Two authors create the same id as two kinds, concurrently, in one bundle: whichever comes
// first, the second is refused (a record never changes kind), in both causal orders.
func TestAttackStreamConcurrentCreatesTwoKinds(t *testing.T) {
	for _, seen := range []bool{false, true} {
		name := "concurrent"
		if seen {
			name = "lo saw hi"
		}
		t.Run(name, func(t *testing.T) {
			s, lo, hi := streamOffice(t)
			id := newID()
			ch := chainFor(s, hi)
			ch.Op(oplog.OpCreate, "meeting", id, map[string]any{"title": "A meeting", "start": "2026-01-01"}, nil, nil)
			cl := chainFor(s, lo)
			if seen {
				cl.Seen[hi.key] = ch.Seq
			}
			cl.Op(oplog.OpCreate, "commitment", id, validCommitment, nil, nil)
			rep, err := s.sy.ImportFile(lo.crafted(cl.Run(), ch.Run()))
			if err == nil {
				sum, _ := s.app.Store.Summary(id)
				t.Fatalf("imported two creates of one id as two kinds: %+v; the record is now a %s", rep, sum.Kind)
			}
			if !strings.Contains(rep.Message, "never changes kind") {
				t.Fatalf("refused for another reason: %s", rep.Message)
			}
			survives(t, s, lo)
		})
	}
}

// Every refusal a causal bundle gets is also given when the bad change comes on the
// re-admission path (the first change of the bundle arrived before what it had seen).
func TestAttackStreamInvalidValuesNonCausal(t *testing.T) {
	future := oplog.Clock{Wall: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()}
	maxc := oplog.Clock{Wall: math.MaxInt64, Logical: math.MaxUint32}
	cases := []struct {
		name, problem, msg string
		typ                oplog.OpType
		kind               string
		record             func(s, lo, hi *node) string
		set                map[string]any
		at                 *oplog.Clock
	}{
		{"status maybe", service.ProblemNeedsUpdate, `status: "maybe"`, oplog.OpCreate, "commitment", nil, map[string]any{"title": "x", "status": "maybe"}, nil},
		{"title object", service.ProblemInvalidChange, "title: must be text", oplog.OpCreate, "commitment", nil, map[string]any{"title": map[string]any{"a": 1}, "status": "agreed"}, nil},
		{"update of nothing", service.ProblemInvalidChange, "does not exist", oplog.OpUpdate, "commitment", nil, map[string]any{"title": "x"}, nil},
		{"reserved id (held trust record)", service.ProblemInvalidChange, "never changes kind", oplog.OpCreate, "commitment", func(s, lo, hi *node) string { return service.TrustRecordID(s.key, hi.key) }, validCommitment, nil},
		{"squat the exporter's trust record", service.ProblemInvalidChange, "", oplog.OpUpdate, "commitment", func(s, lo, hi *node) string { return service.TrustRecordID(s.key, lo.key) }, map[string]any{"title": "x"}, nil},
		{"clock 2100", service.ProblemClockAhead, "ahead", oplog.OpCreate, "commitment", nil, validCommitment, &future},
		{"clock max", service.ProblemClockAhead, "ahead", oplog.OpCreate, "commitment", nil, validCommitment, &maxc},
		{"reference to nothing", service.ProblemInvalidChange, "partnership: points to", oplog.OpCreate, "commitment", nil, map[string]any{"title": "x", "status": "agreed", "partnership": newID()}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, lo, hi := streamOffice(t)
			ch := chainFor(s, hi)
			ch.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
			cl := chainFor(s, lo)
			cl.Seen[hi.key] = ch.Seq // lo's run arrives before what it had seen
			cl.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
			id := newID()
			if tc.record != nil {
				id = tc.record(s, lo, hi)
			}
			cl.Op(tc.typ, tc.kind, id, tc.set, nil, tc.at)
			path := lo.crafted(cl.Run(), ch.Run())
			before := s.hash()
			rep, err := s.sy.ImportFile(path)
			if err == nil {
				t.Fatalf("imported: %+v", rep)
			}
			if tc.msg != "" && (rep.Problem != tc.problem || !strings.Contains(rep.Message, tc.msg)) {
				t.Fatalf("refused as %s: %q; want %s containing %q", rep.Problem, rep.Message, tc.problem, tc.msg)
			}
			if s.hash() != before {
				t.Fatal("a refused bundle changed the state")
			}
			survives(t, s, lo)
		})
	}
}

// Two authors interleaved: lo's changes had seen hi's first change, hi's second change had
// seen lo's first. The only causal order is hi1, lo1, hi2; each updates a record the
// previous one created. It must import, and equal the same changes imported in causal order.
func TestAttackStreamInterleaved(t *testing.T) {
	s, lo, hi := streamOffice(t)
	r1, r2 := newID(), newID()
	ch := chainFor(s, hi)
	ch.Op(oplog.OpCreate, "commitment", r1, map[string]any{"title": "hi1", "status": "proposed"}, nil, nil)
	cl := chainFor(s, lo)
	cl.Seen[hi.key] = ch.Seq
	cl.Op(oplog.OpCreate, "commitment", r2, map[string]any{"title": "lo1", "status": "proposed"}, nil, nil)
	cl.Op(oplog.OpUpdate, "commitment", r1, map[string]any{"title": "hi1 by lo"}, nil, nil)
	ch.Seen[lo.key] = cl.Seq
	ch.Op(oplog.OpUpdate, "commitment", r2, map[string]any{"title": "lo1 by hi"}, nil, nil)
	runL, runH := cl.Run(), ch.Run()
	path := lo.crafted(runL, runH)
	rep := s.imp(path)
	if rep.Status != service.StatusImported || rep.New != 4 {
		t.Fatalf("%+v", rep)
	}
	if a, b := s.field(r1, "title"), s.field(r2, "title"); !strings.Contains(a, "hi1 by lo") || !strings.Contains(b, "lo1 by hi") {
		t.Fatalf("titles %s %s", a, b)
	}
	s.check()
	s.reopen()
	s.check()

}

// A run whose first new change does not chain to the author's held head (a fork), or skips
// a number (a gap), is refused with nothing kept, even when every change is otherwise valid
// and the checkpoint is the author's own signature.
func TestAttackStreamChainBreaks(t *testing.T) {
	t.Run("fork", func(t *testing.T) {
		s, lo, _ := streamOffice(t)
		lo.addCommitment("held by s")
		s.imp(lo.export(service.ExportOptions{}))
		seq, _ := s.app.Store.Head(lo.key)
		c := craft.Continue(lo.app.Identity, seq, strings.Repeat("ab", 32), s.app.Store.VV())
		delete(c.Seen, lo.key)
		for i := 0; i < 300; i++ {
			c.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		}
		s.refused(lo.crafted(c.Run()), service.ProblemFork, "")
	})
	t.Run("gap", func(t *testing.T) {
		s, lo, _ := streamOffice(t)
		seq, head := s.app.Store.Head(lo.key)
		c := craft.Continue(lo.app.Identity, seq+1, head, s.app.Store.VV())
		delete(c.Seen, lo.key)
		c.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		s.refused(lo.crafted(c.Run()), service.ProblemMissing, "")
	})
	t.Run("fork of the second author, non-causal", func(t *testing.T) {
		s, lo, hi := streamOffice(t)
		seq, _ := s.app.Store.Head(hi.key)
		ch := craft.Continue(hi.app.Identity, seq, strings.Repeat("cd", 32), s.app.Store.VV())
		delete(ch.Seen, hi.key)
		ch.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		cl := chainFor(s, lo)
		cl.Seen[hi.key] = ch.Seq
		cl.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		s.refused(lo.crafted(cl.Run(), ch.Run()), service.ProblemFork, "")
	})
}

// A checkpoint signed by another key than the author's, on a trusted author's run (early
// verification) and on the run of an author the bundle does not introduce.
func TestAttackStreamForgedCheckpoint(t *testing.T) {
	t.Run("trusted author, exporter's signature", func(t *testing.T) {
		s, lo, hi := streamOffice(t)
		// lo forges hi's changes: ops carry hi's key id, the checkpoint is lo's signature
		// relabelled as hi's.
		seq, head := s.app.Store.Head(hi.key)
		seen := s.app.Store.VV()
		delete(seen, hi.key)
		c := craft.Continue(forger{lo.app.Identity, hi.key}, seq, head, seen)
		c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "Forged", "status": "agreed"}, nil, nil)
		r := c.Run()
		s.refused(lo.crafted(r), service.ProblemSignature, "")
		survives(t, s, lo)
	})
	t.Run("trusted author, non-causal, forged run first", func(t *testing.T) {
		s, lo, hi := streamOffice(t)
		// hi really writes a change; lo forges a run under... its own name is real; forge hi.
		ch := chainFor(s, hi)
		ch.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		seq, head := s.app.Store.Head(lo.key)
		seen := s.app.Store.VV()
		delete(seen, lo.key)
		seen[hi.key] = ch.Seq
		c := craft.Continue(forger{hi.app.Identity, lo.key}, seq, head, seen)
		c.Op(oplog.OpCreate, "commitment", newID(), map[string]any{"title": "Forged", "status": "agreed"}, nil, nil)
		s.refused(hi.crafted(c.Run(), ch.Run()), service.ProblemSignature, "")
		survives(t, s, lo)
	})
}

// forger signs with one key but claims another key id.
type forger struct {
	bundle.Signer
	id string
}

func (f forger) KeyID() string { return f.id }

// A reference to a framework item that another author's framework, later in the body,
// defines: accepted when the referring change had seen the framework (it is then admitted
// after it), refused when it had not (in causal order it refers to nothing), whatever the
// arrival order.
func TestAttackStreamFrameworkItemNonCausal(t *testing.T) {
	for _, seen := range []bool{true, false} {
		t.Run(fmt.Sprintf("seen=%v", seen), func(t *testing.T) {
			s, lo, hi := streamOffice(t)
			ch := chainFor(s, hi)
			ch.Op(oplog.OpCreate, "framework", newID(), map[string]any{"code": "ZZF", "title": "Z framework",
				"items": []map[string]any{{"code": "ZZF-1", "number": 1, "title": "Item one"}}}, nil, nil)
			cl := chainFor(s, lo)
			if seen {
				cl.Seen[hi.key] = ch.Seq
			}
			id := newID()
			cl.Op(oplog.OpCreate, "commitment", id, validCommitment, map[string][]any{"framework_items": {"ZZF-1"}}, nil)
			rep, err := s.sy.ImportFile(lo.crafted(cl.Run(), ch.Run()))
			if seen && err != nil {
				t.Fatalf("refused a reference to an item defined by what it had seen: %s", rep.Message)
			}
			if !seen {
				if err == nil {
					t.Fatalf("imported a reference to an item its author had not seen defined: %+v", rep)
				}
				t.Logf("refused: %s", rep.Message)
			}
			s.check()
		})
	}
}

// Two authors create the same id as the same kind, concurrently, in one bundle. A local save
// never creates an id twice; the import must either refuse, or keep one record that passes
// check and reopens, whether or not one had seen the other.
func TestAttackStreamDoubleCreateSameKind(t *testing.T) {
	for _, seen := range []bool{false, true} {
		t.Run(fmt.Sprintf("seen=%v", seen), func(t *testing.T) {
			s, lo, hi := streamOffice(t)
			id := newID()
			ch := chainFor(s, hi)
			ch.Op(oplog.OpCreate, "commitment", id, map[string]any{"title": "hi's", "status": "agreed"}, nil, nil)
			cl := chainFor(s, lo)
			if seen {
				cl.Seen[hi.key] = ch.Seq
			}
			cl.Op(oplog.OpCreate, "commitment", id, map[string]any{"title": "lo's", "status": "proposed"}, nil, nil)
			rep, err := s.sy.ImportFile(lo.crafted(cl.Run(), ch.Run()))
			t.Logf("err=%v status=%s created=%d updated=%d conflicts=%d title=%s", err, rep.Status, rep.Created, rep.Updated, rep.Conflicts, func() string {
				if err != nil {
					return ""
				}
				return s.field(id, "title")
			}())
			s.check()
			s.reopen()
			s.check()
		})
	}
}
