package oplog

import (
	"fmt"
	"slices"
	"sort"

	"dossier/app/internal/textcap"
)

// Held is what a replica holds of each author's chain, as Continue needs to know it.
type Held interface {
	// Head returns the author's last sequence number held and that operation's hash.
	Head(author string) (uint64, string)
	// Raw returns the canonical bytes of a held operation.
	Raw(author string, seq uint64) ([]byte, error)
}

// GapError refuses operations whose predecessors are neither held nor among them.
type GapError struct{ Gaps []Gap }

func (e *GapError) Error() string {
	if len(e.Gaps) == 0 {
		return "the changes cannot be put in order: they claim to have seen each other"
	}
	parts := make([]string, len(e.Gaps)) // only the shown ones are formatted
	for i, g := range e.Gaps[:min(len(e.Gaps), textcap.Items)] {
		parts[i] = g.String()
	}
	return textcap.Join(parts, ", ", textcap.Items) + " are missing: import the earlier bundle first"
}

// ForkError reports an author with two histories: two different operations at one sequence,
// or an operation that follows a different predecessor than the one held (Seq is then the
// predecessor's number, Held its bytes and Other the operation that does not follow it).
type ForkError struct {
	Author      string
	Seq         uint64
	Held, Other []byte
}

func (e *ForkError) Error() string {
	return fmt.Sprintf("fork: author %s has two different operations numbered %d", e.Author, e.Seq)
}

// Continuation is what a set of operations adds to a replica.
type Continuation struct {
	Ordered []*Op          // the new operations, in an order to apply them
	Raw     map[Ref][]byte // the canonical bytes of every operation given
	Known   int            // operations already held, byte for byte
}

// Continue decides how operations (with their canonical bytes) continue what a replica holds:
// operations already held must be the very ones held, each author's new operations must chain
// to the head held, and everything a new operation depends on must be held or among them.
// It is the one continuity and fork check, for imports, restores and inspection alike.
func Continue(held Held, ops []*Op, raws [][]byte) (*Continuation, error) {
	c := &Continuation{Raw: make(map[Ref][]byte, len(ops))}
	have := VV{}
	var fresh []*Op
	for i, op := range ops {
		if _, ok := have[op.Author]; !ok {
			have[op.Author], _ = held.Head(op.Author)
		}
		if prev, ok := c.Raw[op.Ref()]; ok {
			if string(prev) != string(raws[i]) {
				return nil, &ForkError{Author: op.Author, Seq: op.Seq, Held: prev, Other: raws[i]}
			}
			continue
		}
		c.Raw[op.Ref()] = raws[i]
		if op.Seq <= have[op.Author] {
			got, err := held.Raw(op.Author, op.Seq)
			if err != nil {
				return nil, err
			}
			if string(got) != string(raws[i]) {
				return nil, &ForkError{Author: op.Author, Seq: op.Seq, Held: got, Other: raws[i]}
			}
			c.Known++
			continue
		}
		fresh = append(fresh, op)
	}
	for _, op := range fresh {
		for a := range op.Seen {
			if _, ok := have[a]; !ok {
				have[a], _ = held.Head(a)
			}
		}
	}
	ordered, blocked := CausalOrder(have, fresh)
	if len(blocked) > 0 {
		return nil, &GapError{Gaps: missingGaps(have, fresh)}
	}
	heads := map[string]string{}
	for _, op := range ordered {
		h, ok := heads[op.Author]
		if !ok {
			_, h = held.Head(op.Author)
		}
		if op.Prev != h {
			seq := op.Seq - 1
			prev := c.Raw[Ref{op.Author, seq}]
			if prev == nil {
				var err error
				if prev, err = held.Raw(op.Author, seq); err != nil {
					return nil, err
				}
			}
			return nil, &ForkError{Author: op.Author, Seq: seq, Held: prev, Other: c.Raw[op.Ref()]}
		}
		heads[op.Author] = Hash(c.Raw[op.Ref()])
	}
	c.Ordered = ordered
	return c, nil
}

// missingGaps lists exactly what is neither held nor given: for each author, every sequence
// number up to the highest one given or seen that is missing, as ranges.
func missingGaps(have VV, fresh []*Op) []Gap {
	given := map[string][]uint64{}
	upTo := VV{}
	for _, op := range fresh {
		given[op.Author] = append(given[op.Author], op.Seq)
		upTo[op.Author] = max(upTo[op.Author], op.Seq)
		for a, n := range op.Seen {
			upTo[a] = max(upTo[a], n)
		}
	}
	var gaps []Gap
	for _, a := range sortedKeys(upTo) {
		seqs := given[a]
		slices.Sort(seqs)
		next := have[a] + 1
		for _, s := range seqs {
			if s > next {
				gaps = append(gaps, Gap{a, next, s - 1})
			}
			next = max(next, s+1)
		}
		if upTo[a] >= next {
			gaps = append(gaps, Gap{a, next, upTo[a]})
		}
	}
	sort.SliceStable(gaps, func(i, j int) bool { return gaps[i].Author < gaps[j].Author })
	return gaps
}
