package store

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"

	"dossier/app/oplog"
)

// The admitter keeps each register's size after a change as its size before the next: the
// sizes it tracks over a thousand random changes by three authors (registers, set elements
// added and removed, deletes and restores) are those measured afresh at every change, and
// those of the record's encoding within the bound Footprint leaves out.
func TestKeptRegisterSizesAreMeasuredSizes(t *testing.T) {
	s := openTest(t, t.TempDir())
	defer s.Close()
	kept := s.newAdmitter()
	defer kept.close()
	rng := rand.New(rand.NewSource(5))
	authors := []string{"AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCC"}
	recK, recF := oplog.NewRecord("r"), oplog.NewRecord("r")
	seq, vv := map[string]uint64{}, oplog.VV{}
	sizeK, sizeF := 0, 0
	for i := 0; i < 1000; i++ {
		a := authors[rng.Intn(len(authors))]
		seq[a]++
		seen := oplog.VV{}
		for o, n := range vv {
			if o != a && rng.Intn(3) > 0 {
				seen[o] = n
			}
		}
		op := &oplog.Op{Author: a, Seq: seq[a], Clock: oplog.Clock{Wall: int64(i + 1)}, Seen: seen, Type: oplog.OpUpdate, Kind: "k", Record: "r"}
		switch rng.Intn(4) {
		case 0:
			op.Set = map[string]json.RawMessage{"title": js(fmt.Sprint("t", rng.Intn(5))), "status": js("agreed")}
		case 1:
			op.Add = map[string][]json.RawMessage{"s": {js(fmt.Sprint(rng.Intn(20))), js(fmt.Sprint(rng.Intn(20) + 20))}}
		case 2:
			op.Remove = map[string][]json.RawMessage{"s": {js(fmt.Sprint(rng.Intn(40)))}}
		case 3:
			op.Type = oplog.OpDelete
			if rng.Intn(2) == 0 {
				op.Type = oplog.OpRestore
			}
		}
		var err error
		if sizeK, err = kept.applySized(recK, op, sizeK); err != nil {
			t.Fatal(err)
		}
		fresh := s.newAdmitter() // nothing kept: every register measured before and after
		sizeF, err = fresh.applySized(recF, op, sizeF)
		fresh.close()
		if err != nil {
			t.Fatal(err)
		}
		if sizeK != sizeF {
			t.Fatalf("change %d: kept sizes say %d bytes, measured ones %d", i, sizeK, sizeF)
		}
		vv[a] = seq[a]
	}
	if len(kept.sizes) == 0 {
		t.Fatal("no size was kept: the test shows nothing")
	}
}
