package bundle

import (
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"strings"
	"testing"

	"dossier/app/identity"
	"dossier/app/oplog"
)

// walkLog records a Visitor's calls as text, in order.
func walkLog(stopAt int, stop error) (*[]string, Visitor) {
	var calls []string
	add := func(s string) error {
		if calls = append(calls, s); len(calls) == stopAt {
			return stop
		}
		return nil
	}
	return &calls, Visitor{
		Run: func(a string, first, count uint64) error { return add(fmt.Sprintf("run %s %d %d", a, first, count)) },
		Op: func(op *oplog.Op, raw []byte) error {
			return add(fmt.Sprintf("op %s %d %x", op.Author, op.Seq, oplog.Hash(raw)))
		},
		End: func(cp Checkpoint) error {
			return add(fmt.Sprintf("end %s %d %s %x", cp.Author, cp.Seq, cp.Head, cp.Sig))
		},
	}
}

// WalkAhead makes the very calls Walk makes, in the same order, and returns the same result:
// for a sound bundle, for one whose body goes wrong part of the way, and for a caller that
// stops (anywhere, including within the reader's first hand-over and at a checkpoint).
func TestWalkAheadIsWalk(t *testing.T) {
	sec := newSigner(t, 1, "Secretariat", identity.RoleSecretariat, nil)
	var runs []Run
	for i := range 3 {
		s := newSigner(t, byte(40+i), fmt.Sprintf("Delegate %d", i), identity.RoleDelegate, nil)
		runs = append(runs, run(t, s, 1, "", 200+i*70, nil))
	}
	data := encode(t, sec, runs, Options{})
	o, err := Open(data, nil, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("the caller stops")
	for _, at := range []int{0, 1, 5, 128, 129, 202, 203, 400, 1_000_000} {
		want, v := walkLog(at, stop)
		werr := o.Walk(v)
		got, v := walkLog(at, stop)
		gerr := o.WalkAhead(v)
		if gerr != werr || strings.Join(*got, "\n") != strings.Join(*want, "\n") {
			t.Fatalf("stopping at call %d: WalkAhead made %d calls and returned %v; Walk %d and %v", at, len(*got), gerr, len(*want), werr)
		}
	}

	// A body whose 251st change does not decode: the same calls before the same refusal.
	sr := newSigner(t, 60, "Delegate X", identity.RoleDelegate, nil)
	long := run(t, sr, 1, "", 400, nil)
	raw := rawRun(long, func(i int, b []byte) []byte {
		if i == 250 {
			return bytes.Repeat([]byte("x"), len(b))
		}
		return b
	})
	var body bytes.Buffer
	w, _ := flate.NewWriter(&body, 5)
	w.Write(raw)
	w.Close()
	o, err = Open(signBody(t, sec, headerFor(long), body.Bytes(), int64(len(raw))), nil, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	want, v := walkLog(0, nil)
	werr := o.Walk(v)
	got, v := walkLog(0, nil)
	gerr := o.WalkAhead(v)
	if werr == nil || gerr == nil || gerr.Error() != werr.Error() || strings.Join(*got, "\n") != strings.Join(*want, "\n") {
		t.Fatalf("a wrong body: WalkAhead %d calls, %v; Walk %d calls, %v", len(*got), gerr, len(*want), werr)
	}
	if len(*want) == 0 {
		t.Fatal("the wrong body made no call: the test shows nothing")
	}
}
