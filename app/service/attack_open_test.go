//go:build openbreaks

// Attacks on the streaming import that break today (docs/trust.md, "Open breaks"): each test
// fails while its break is open. `make open-breaks` runs them; `make test` does not, so that CI
// stays a statement of what holds.

package service_test

import (
	"dossier/app/bundle"
	"encoding/json"
	"testing"
	"time"

	"dossier/app/oplog"
	"dossier/app/service"
)

// A set grown one element per change past its maximum (towards: max=200). Each change is
// valid alone (admit checks what a change writes, field by field); the record they make is
// one a local save refuses. The test fails if the import keeps a commitment with more than
// 200 parties in towards that the secretariat can then no longer save locally.
func TestAttackStreamSetPastItsMaximum(t *testing.T) {
	s, lo, _ := streamOffice(t)
	c := chainFor(s, lo)
	parties := make([]string, 210)
	for i := range parties {
		parties[i] = newID()
		c.Op(oplog.OpCreate, "party", parties[i], map[string]any{"name": "Party " + newID()[:8], "type": "international_organisation"}, nil, nil)
	}
	id := newID()
	c.Op(oplog.OpCreate, "commitment", id, validCommitment, nil, nil)
	for _, p := range parties {
		c.Op(oplog.OpUpdate, "commitment", id, nil, map[string][]any{"towards": {p}}, nil)
	}
	// Locally, the 201st element is refused.
	rs := &service.Records{App: lo.app}
	if _, err := rs.AddWithID("commitment", newID(), map[string]json.RawMessage{"title": raw("x"), "status": raw("agreed"), "towards": raw(parties[:201])}); err == nil {
		t.Log("note: a local create with 201 parties towards was accepted")
	}
	rep, err := s.sy.ImportFile(lo.crafted(c.Run()))
	if err != nil {
		t.Logf("refused: %s", rep.Message)
		return
	}
	var towards []string
	if err := json.Unmarshal([]byte(s.field(id, "towards")), &towards); err != nil {
		t.Fatal(err)
	}
	t.Logf("imported; towards holds %d parties", len(towards))
	if len(towards) > 200 {
		_, uerr := (&service.Records{App: s.app}).Update(id, map[string]json.RawMessage{"title": raw("An ordinary edit")})
		crep, cerr := (&service.Admin{App: s.app}).Check()
		t.Logf("check after the import: ok=%v err=%v", crep != nil && crep.OK, cerr)
		t.Fatalf("the import kept %d parties in towards (max 200); a local edit of the record then says: %v", len(towards), uerr)
	}
}

// Removals of elements never added are admitted for their shape alone, and each leaves a
// removal in the record: a trusted delegate grows one record past what Badger stores in one
// value (ValueLogFileSize, 32 MiB). The write fails when the batch is applied, after its
// commit marker. The test fails if the import is not refused cleanly, or if the store cannot
// be reopened afterwards.
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
	before := s.hash()
	rep, err := s.sy.ImportFile(path)
	t.Logf("err=%v status=%s problem=%s msg=%.300s", err != nil, rep.Status, rep.Problem, rep.Message)
	if err == nil {
		rec, gerr := s.app.Store.Get(id)
		if gerr == nil {
			b, _ := json.Marshal(rec)
			t.Logf("imported; the record is %d MiB", len(b)>>20)
		}
	} else if s.hash() != before {
		t.Error("a refused import changed the state")
	}
	s.close()
	app, oerr := service.Open(s.dir)
	if oerr != nil {
		t.Fatalf("the store does not open after the import: %v", oerr)
	}
	app.Close()
	s.open()
	s.check()
}
