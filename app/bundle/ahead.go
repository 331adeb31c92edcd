package bundle

import (
	"dossier/app/internal/ahead"
	"dossier/app/oplog"
)

// WalkAhead is Walk with the decompression and decoding done by a goroutine of its own, a
// bounded window ahead of v (walkBatch, walkBatchBytes), whose callbacks
// run in the caller's goroutine and in the body's order: with a second core, reading the
// next operations overlaps with what v does with this one (an import checks and writes it).
// v's first error stops the reading and is returned; otherwise Walk's own result is.
func (o *Opened) WalkAhead(v Visitor) error {
	return ahead.Run(walkBatch, walkBatchBytes, func(emit func(walkEvent, int) error) error {
		return o.Walk(Visitor{
			Run: func(author string, first, count uint64) error {
				return emit(walkEvent{run: &walkRun{author, first, count}}, 0)
			},
			Op: func(op *oplog.Op, raw []byte) error { return emit(walkEvent{op: op, raw: raw}, len(raw)) },
			// A checkpoint ends a run: handed over at once, so that the caller can verify it
			// before it waits for more.
			End: func(cp Checkpoint) error { return emit(walkEvent{end: &cp}, walkBatchBytes) },
		})
	}, func(e walkEvent) error { return e.visit(v) })
}

// A hand-over holds at most walkBatch operations or walkBatchBytes of them, and two wait,
// besides the one being read and the one being visited: about 100 KB of ordinary operations
// ahead. An operation at the size limit (oplog.MaxOpSize, 1 MiB) is a hand-over of its own,
// so an attacker's largest hold four of them, a few MiB with their decoded copies, never a
// number that grows with the bundle.
const (
	walkBatch      = 128
	walkBatchBytes = 32 << 10
)

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
