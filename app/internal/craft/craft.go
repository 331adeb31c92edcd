// Package craft builds operations and bundles as an attacker holding one valid key would:
// signed and chained correctly, with whatever content it likes. Tests use it to show that a
// signature is not enough to get a change in (docs/trust.md, "What a key holder can do").
package craft

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"dossier/app/bundle"
	"dossier/app/oplog"
)

// Chain continues one author's chain of operations.
type Chain struct {
	Signer bundle.Signer
	Seq    uint64   // the last sequence number written
	Prev   string   // the hash of that operation ("" before the first)
	Seen   oplog.VV // what the author claims to have seen of others
	Clock  oplog.Clock
	ops    []*oplog.Op
	raws   [][]byte
}

// Continue starts after what a store holds of the signer: its last sequence and hash.
func Continue(s bundle.Signer, seq uint64, prev string, seen oplog.VV) *Chain {
	return &Chain{Signer: s, Seq: seq, Prev: prev, Seen: seen.Clone()}
}

// Values turns Go values into canonical JSON field values.
func Values(m map[string]any) map[string]json.RawMessage {
	if len(m) == 0 {
		return nil
	}
	out := map[string]json.RawMessage{}
	for k, v := range m {
		if r, ok := v.(json.RawMessage); ok {
			out[k] = r
			continue
		}
		out[k] = oplog.MustCanon(v)
	}
	return out
}

// Op appends an operation. Its clock is now, after the chain's last stamp, unless at is set.
func (c *Chain) Op(typ oplog.OpType, kind, record string, set map[string]any, add map[string][]any, at *oplog.Clock) *oplog.Op {
	clock := oplog.Clock{Wall: time.Now().UnixMilli()}
	if clock.Compare(c.Clock) <= 0 {
		clock = oplog.Clock{Wall: c.Clock.Wall, Logical: c.Clock.Logical + 1}
	}
	if at != nil {
		clock = *at
	}
	c.Clock = clock
	op := &oplog.Op{V: oplog.Version, Author: c.Signer.KeyID(), Seq: c.Seq + 1, Prev: c.Prev, Clock: clock, Seen: c.Seen.Clone(),
		Type: typ, Kind: kind, Record: record, Set: Values(set)}
	if len(add) > 0 {
		op.Add = map[string][]json.RawMessage{}
		for f, elems := range add {
			for _, e := range elems {
				op.Add[f] = append(op.Add[f], oplog.MustCanon(e))
			}
		}
	}
	op, raw, err := oplog.EncodeCanonical(op)
	if err != nil {
		panic(fmt.Sprintf("craft: %v", err))
	}
	c.Seq, c.Prev = op.Seq, oplog.Hash(raw)
	c.ops, c.raws = append(c.ops, op), append(c.raws, raw)
	return op
}

// Run is the chain's operations since the last Run, with the author's signed checkpoint.
func (c *Chain) Run() bundle.Run {
	r := bundle.Run{Author: c.Signer.KeyID(), Ops: c.ops, Raws: c.raws, Checkpoint: bundle.SignCheckpoint(c.Signer, c.Seq, c.Prev)}
	c.ops, c.raws = nil, nil
	return r
}

// Bundle encodes runs as a bundle signed by the exporter.
func Bundle(exporter bundle.Signer, holds oplog.VV, runs ...bundle.Run) []byte {
	var buf bytes.Buffer
	if _, err := bundle.Encode(&buf, exporter, runs, bundle.Options{Holds: holds}); err != nil {
		panic(fmt.Sprintf("craft: %v", err))
	}
	return buf.Bytes()
}
