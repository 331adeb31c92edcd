package service_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/app/bundle"
	"dossier/app/oplog"
	"dossier/app/service"
)

// seenBundle writes a bundle signed by a's real key whose last change claims to have seen n
// other installations, none of which an importer holds.
func seenBundle(t *testing.T, a *node, n int) string {
	t.Helper()
	id := a.addCommitment("Return and reintegration")
	seq, head := a.app.Store.Head(a.key)
	run := bundle.Run{Author: a.key}
	if err := a.app.Store.Ops(a.key, 1, seq, func(op *oplog.Op, raw []byte) error {
		run.Ops, run.Raws = append(run.Ops, op), append(run.Raws, raw)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	seen := oplog.VV{}
	for i := 1; len(seen) < n; i++ {
		if k := fmt.Sprintf("%016X", i); k != a.key {
			seen[k] = 1
		}
	}
	op := &oplog.Op{V: oplog.Version, Author: a.key, Seq: seq + 1, Prev: head, Clock: oplog.Clock{Wall: time.Now().UnixMilli()},
		Seen: seen, Type: oplog.OpUpdate, Kind: "commitment", Record: id, Set: map[string]json.RawMessage{"title": raw("Changed")}}
	opRaw, err := oplog.Encode(op) // encodes without checking, as a hostile program would
	if err != nil {
		t.Fatal(err)
	}
	run.Ops, run.Raws = append(run.Ops, op), append(run.Raws, opRaw)
	run.Checkpoint = bundle.SignCheckpoint(a.app.Identity, op.Seq, oplog.Hash(opRaw))
	path := filepath.Join(t.TempDir(), fmt.Sprintf("seen-%d.dossier", n))
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := bundle.Encode(f, a.app.Identity, []bundle.Run{run}, bundle.Options{Holds: a.app.Store.VV()}); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestHugeSeenVectorIsRefusedBriefly: a trusted delegate's bundle whose change claims to have
// seen more installations than the limit is refused as malformed, in one short sentence; at
// the limit, it is refused for the changes it lacks, naming ten gaps and counting the rest
// (a 40,000-author vector used to produce a 2.8 MB message). Nothing is stored either way.
func TestHugeSeenVectorIsRefusedBriefly(t *testing.T) {
	s := newNode(t, "Secretariat", "secretariat")
	a := newNode(t, "A. Benali", "delegate")
	s.trusts(a)
	cases := []struct {
		n       int
		problem string
		msg     string
	}{
		{oplog.MaxSeen, service.ProblemMissing, fmt.Sprintf("… and %d more", oplog.MaxSeen-10)},
		{oplog.MaxSeen + 1, bundle.ProblemMalformed, fmt.Sprintf("names %d other installations; the limit is %d", oplog.MaxSeen+1, oplog.MaxSeen)},
		{40000, bundle.ProblemMalformed, fmt.Sprintf("names 40000 other installations; the limit is %d", oplog.MaxSeen)},
	}
	for _, c := range cases {
		rep := s.refused(seenBundle(t, a, c.n), c.problem, c.msg)
		if len(rep.Message) > 2048 {
			t.Errorf("%d authors: the refusal is %d bytes: %.300q", c.n, len(rep.Message), rep.Message)
		}
		t.Logf("%d authors: %s", c.n, rep.Message)
	}
}
