package bundle

import (
	"errors"

	"dossier/app/oplog"
)

// WalkAhead is Walk with the decompression and decoding done by a goroutine of its own, at
// most a few hundred operations (and at most ~100 KB of them) ahead of v, whose callbacks run in the caller's goroutine and
// in the body's order: with a second core, reading the next operations overlaps with what v
// does with this one (an import checks and writes it). v's first error stops the reading and
// is returned; otherwise Walk's own result is.
func (o *Opened) WalkAhead(v Visitor) error {
	events := make(chan []walkEvent, 2)
	done := make(chan struct{})
	walked := make(chan error, 1)
	go func() {
		defer close(events)
		var batch []walkEvent
		size := 0
		send := func() error {
			select {
			case events <- batch:
				batch, size = make([]walkEvent, 0, walkBatch), 0
				return nil
			case <-done:
				return errWalkStopped
			}
		}
		add := func(e walkEvent) error {
			if batch, size = append(batch, e), size+len(e.raw); len(batch) < walkBatch && size < walkBatchBytes {
				return nil
			}
			return send()
		}
		err := o.Walk(Visitor{
			Run: func(author string, first, count uint64) error {
				return add(walkEvent{run: &walkRun{author, first, count}})
			},
			Op: func(op *oplog.Op, raw []byte) error { return add(walkEvent{op: op, raw: raw}) },
			End: func(cp Checkpoint) error {
				// A checkpoint ends a run: hand it over at once, so that the caller can verify
				// it before it has to wait for more.
				if err := add(walkEvent{end: &cp}); err != nil || len(batch) == 0 {
					return err
				}
				return send()
			},
		})
		// What was read before a refusal is handed over first, as Walk would have visited it:
		// the caller may refuse one of those changes before the body's fault is reached.
		if len(batch) > 0 && err != errWalkStopped {
			if serr := send(); serr != nil {
				err = serr
			}
		}
		walked <- err
	}()
	defer func() {
		close(done)
		for range events { // the reader stops at its next hand-over
		}
	}()
	for batch := range events {
		for _, e := range batch {
			if err := e.visit(v); err != nil {
				return err
			}
		}
	}
	return <-walked
}

// A hand-over holds at most walkBatch operations or walkBatchBytes of them, and two wait:
// what is decoded ahead stays within a few hundred KB even of operations an attacker made as
// large as the limits allow (a decoded operation takes a few times its bytes).
const (
	walkBatch      = 128
	walkBatchBytes = 32 << 10
)

var errWalkStopped = errors.New("the walk's caller stopped")

type walkRun struct {
	author       string
	first, count uint64
}

// walkEvent is one of a Visitor's calls: a run begins, an operation, a run's checkpoint.
type walkEvent struct {
	run *walkRun
	op  *oplog.Op
	raw []byte
	end *Checkpoint
}

func (e walkEvent) visit(v Visitor) error {
	switch {
	case e.run != nil && v.Run != nil:
		return v.Run(e.run.author, e.run.first, e.run.count)
	case e.op != nil && v.Op != nil:
		return v.Op(e.op, e.raw)
	case e.end != nil && v.End != nil:
		return v.End(*e.end)
	}
	return nil
}
