package service_test

// Attacks that grow one record with changes each valid alone (docs/trust.md, "What a holder of
// one valid key can do"): a set past its maximum one element at a time, and a record past
// what the store can hold. Each is refused before anything is written.

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"dossier/app/bundle"
	"dossier/app/domain"
	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/service"
)

// refusedChange asserts an invalid_change refusal of change seq (0: any) of author on record,
// whose field has problem code.
func refusedChange(t *testing.T, rep *service.BundleReport, err error, author *node, seq uint64, record, field, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("imported: %+v", rep)
	}
	if rep.Problem != service.ProblemInvalidChange || rep.Change == nil {
		t.Fatalf("refused as %s: %s", rep.Problem, rep.Message)
	}
	ch := rep.Change
	if seq != 0 && ch.Seq != seq || ch.Record != record || ch.Author != author.name || ch.Problems[field].Code != code {
		t.Fatalf("refused change %d by %s on %s (%+v); want change %d by %s on %s, %s: %s; message %q",
			ch.Seq, ch.Author, ch.Record, ch.Problems, seq, author.name, record, field, code, rep.Message)
	}
}

// partiesOf creates n parties in chain c and returns their ids.
func partiesOf(c *craft.Chain, n int) []string {
	parties := make([]string, n)
	for i := range parties {
		parties[i] = newID()
		c.Op(oplog.OpCreate, "party", parties[i], map[string]any{"name": "Party " + parties[i][:8], "type": "international_organisation"}, nil, nil)
	}
	return parties
}

// A set grown one element per change past its maximum (towards: at most 200). Each change is
// valid alone; the 201st makes the set, as its author saw it, one a form refuses. Refused,
// nothing written, and the secretariat's own edits still follow the same rule.
func TestAttackStreamSetPastItsMaximum(t *testing.T) {
	s, lo, hi := streamOffice(t)
	c := chainFor(s, lo)
	parties := partiesOf(c, 210)
	s.imp(lo.crafted(c.Run())) // the parties alone are fine
	c = chainFor(s, lo)
	id := newID()
	c.Op(oplog.OpCreate, "commitment", id, validCommitment, nil, nil)
	for _, p := range parties {
		c.Op(oplog.OpUpdate, "commitment", id, nil, map[string][]any{"towards": {p}}, nil)
	}
	first, _ := s.app.Store.Head(lo.key)
	before := s.hash()
	rep, err := s.sy.ImportFile(lo.crafted(c.Run()))
	refusedChange(t, rep, err, lo, first+1+201, id, "towards", "too_many_merged")
	if got := rep.Change.Problems["towards"].Params; got["count"] != "201" || got["max"] != "200" {
		t.Errorf("params %v, want count 201, max 200", got)
	}
	if s.hash() != before {
		t.Fatal("a refused bundle changed the state")
	}
	// Locally, one party at a time, the 201st is refused the same way.
	rs := &service.Records{App: s.app}
	mine, err := rs.AddWithID("commitment", newID(), map[string]json.RawMessage{"title": raw("Mine"), "status": raw("agreed"), "towards": raw(parties[:200])})
	if err != nil {
		t.Fatal(err)
	}
	_, err = rs.Update(mine.ID, map[string]json.RawMessage{"towards": raw(parties[:201])})
	var ve *domain.ValidationError
	if !errors.As(err, &ve) || ve.Problem("towards").Code != "too_many_merged" {
		t.Fatalf("a local 201st party: %v", err)
	}
	survives(t, s, hi) // lo's own installation never made the crafted changes
}

// Two delegates each add 105 parties to one commitment offline, neither seeing the other's
// change: each change is valid as its author saw the record, so both import, although the
// merge holds 210. Refusing the second would refuse an honest change its author can never
// take back (it is in their chain).
func TestConcurrentSetAddsPastTheMaximumImport(t *testing.T) {
	s, lo, hi := streamOffice(t)
	c := chainFor(s, lo)
	parties := partiesOf(c, 210)
	id := newID()
	c.Op(oplog.OpCreate, "commitment", id, validCommitment, nil, nil)
	s.imp(lo.crafted(c.Run()))
	add := func(ps []string) map[string][]any {
		out := []any{}
		for _, p := range ps {
			out = append(out, p)
		}
		return map[string][]any{"towards": out}
	}
	cl, ch := chainFor(s, lo), chainFor(s, hi)
	cl.Op(oplog.OpUpdate, "commitment", id, nil, add(parties[:105]), nil)
	ch.Op(oplog.OpUpdate, "commitment", id, nil, add(parties[105:]), nil)
	s.imp(lo.crafted(cl.Run()))
	if rep := s.imp(hi.crafted(ch.Run())); rep.Status != service.StatusImported {
		t.Fatalf("the concurrent change: %+v", rep)
	}
	var towards []string
	if err := json.Unmarshal([]byte(s.field(id, "towards")), &towards); err != nil || len(towards) != 210 {
		t.Fatalf("towards holds %d parties (%v), want the 210 of both changes", len(towards), err)
	}
	s.check()
}

// Removals of elements never added are admitted for their shape alone, and each leaves a
// removal in the record (dropping them would change what later merges show: docs/storage.md,
// "Record size"). A trusted delegate grows one record past what Badger stores in one value
// (32 MiB). The change that takes the record past store.MaxRecordBytes is refused, named,
// before anything is written; the store reopens and passes check.
func TestAttackStreamRemovalTombstonesGrowARecord(t *testing.T) {
	if testing.Short() {
		t.Skip("a 15 MB body")
	}
	s, lo, _ := streamOffice(t)
	c := chainFor(s, lo)
	id := newID()
	c.Op(oplog.OpCreate, "commitment", id, validCommitment, nil, nil)
	const perOp, ops = 24000, 15
	path := func() string {
		run := c.Run()
		for i := 0; i < ops; i++ {
			rm := make([]json.RawMessage, perOp)
			for j := range rm {
				rm[j] = oplog.MustCanon(newID())
			}
			op := &oplog.Op{V: oplog.Version, Author: lo.key, Seq: c.Seq + 1, Prev: c.Prev, Clock: oplog.Clock{Wall: time.Now().UnixMilli(), Logical: uint32(i + 1)},
				Seen: c.Seen.Clone(), Type: oplog.OpUpdate, Kind: "commitment", Record: id, Remove: map[string][]json.RawMessage{"towards": rm}}
			op, raw, err := oplog.EncodeCanonical(op)
			if err != nil {
				t.Fatal(err)
			}
			run.Ops, run.Raws = append(run.Ops, op), append(run.Raws, raw)
			c.Seq, c.Prev = op.Seq, oplog.Hash(raw)
		}
		run.Checkpoint = bundle.SignCheckpoint(lo.app.Identity, c.Seq, c.Prev)
		return lo.crafted(run)
	}()
	first, _ := s.app.Store.Head(lo.key)
	before := s.hash()
	rep, err := s.sy.ImportFile(path)
	// Each change adds about 2.5 MB of removals: one of the later ones passes 16 MiB.
	refusedChange(t, rep, err, lo, 0, id, "towards", "record_too_large")
	if n := rep.Change.Seq; n < first+5 || n > first+1+ops {
		t.Errorf("refused change %d, want one of the removing changes past the 3rd", n)
	}
	if s.hash() != before {
		t.Error("a refused import changed the state")
	}
	s.close()
	app, oerr := service.Open(s.dir)
	if oerr != nil {
		t.Fatalf("the store does not open after the import: %v", oerr)
	}
	if sa, _ := app.Store.SetAsides(); len(sa) != 0 {
		t.Errorf("a batch was set aside: %+v", sa)
	}
	app.Close()
	s.open()
	survives(t, s, lo)
}
