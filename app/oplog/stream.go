package oplog

import (
	"fmt"
	"sort"
)

// Stream is Continue for operations that arrive one author's run after another and are not
// kept in memory (a streaming import). Add checks each operation against what is held as it
// arrives; Stream keeps, per new operation, only what ordering needs: the changes of other
// authors it had seen beyond what is held. Order then gives a causal order of the new
// operations as spans of each author's run. The decisions and errors are Continue's: a held
// operation that differs is a fork at once; a new operation that does not follow its
// author's head is a fork, reported after any gap, as Continue reports it.
type Stream struct {
	held  Held
	have  VV
	runs  []*streamRun
	index map[string]int
	fork  *ForkError
	// Known counts the operations given that were already held, byte for byte.
	Known int
}

// Span is a range of one author's new operations, From to To inclusive.
type Span struct {
	Author   string
	From, To uint64
}

type streamRun struct {
	author   string
	from, to uint64 // the new operations; from == 0 while there is none
	last     uint64 // the last sequence given
	lastRaw  []byte // its bytes: the predecessor of the next one, for fork evidence
	lastHash string
	deps     []dep // by seq
}

// dep: operation seq had seen change n of author.
type dep struct {
	seq    uint64
	author string
	n      uint64
}

// NewStream starts a streaming continuity check over what held holds.
func NewStream(held Held) *Stream {
	return &Stream{held: held, have: VV{}, index: map[string]int{}}
}

func (s *Stream) head(a string) uint64 {
	if n, ok := s.have[a]; ok {
		return n
	}
	n, _ := s.held.Head(a)
	s.have[a] = n
	return n
}

// Add checks the next operation. Each author's operations must come in order, without
// repeats. It reports whether the operation is new (to be applied) rather than held.
func (s *Stream) Add(op *Op, raw []byte) (fresh bool, err error) {
	a := op.Author
	i, ok := s.index[a]
	if !ok {
		i = len(s.runs)
		s.index[a] = i
		s.runs = append(s.runs, &streamRun{author: a})
	}
	r := s.runs[i]
	if r.last != 0 && op.Seq != r.last+1 {
		return false, fmt.Errorf("change %d of %s comes after change %d: each author's changes must come in order", op.Seq, a, r.last)
	}
	have := s.head(a)
	prevRaw, prevHash := r.lastRaw, r.lastHash
	r.last, r.lastRaw, r.lastHash = op.Seq, raw, Hash(raw)
	if op.Seq <= have {
		got, err := s.held.Raw(a, op.Seq)
		if err != nil {
			return false, err
		}
		if string(got) != string(raw) {
			return false, &ForkError{Author: a, Seq: op.Seq, Held: got, Other: raw}
		}
		s.Known++
		return false, nil
	}
	if r.from == 0 {
		r.from = op.Seq
		if op.Seq == have+1 {
			_, prevHash = s.held.Head(a)
			prevRaw = nil
		} else {
			prevHash = "" // a gap before it: Order says so
		}
	}
	r.to = op.Seq
	if op.Seq == r.from && op.Seq > have+1 {
		// nothing to chain to
	} else if op.Prev != prevHash && s.fork == nil {
		if prevRaw == nil {
			if prevRaw, err = s.held.Raw(a, op.Seq-1); err != nil {
				return false, err
			}
		}
		s.fork = &ForkError{Author: a, Seq: op.Seq - 1, Held: prevRaw, Other: raw}
	}
	for b, n := range op.Seen {
		if n > s.head(b) {
			r.deps = append(r.deps, dep{op.Seq, b, n})
		}
	}
	return true, nil
}

// First is the sequence of the author's first new operation given, or 0.
func (s *Stream) First(author string) uint64 {
	if i, ok := s.index[author]; ok {
		return s.runs[i].from
	}
	return 0
}

// Order returns the new operations in a causal order, as spans, or a *GapError naming what
// is neither held nor given, or the first *ForkError found.
func (s *Stream) Order() ([]Span, error) {
	if gaps := s.gaps(); len(gaps) > 0 {
		return nil, &GapError{Gaps: gaps}
	}
	runs := make([]*streamRun, 0, len(s.runs))
	for _, r := range s.runs {
		if r.from != 0 {
			runs = append(runs, r)
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].author < runs[j].author })
	vv := s.have.Clone()
	next := make([]uint64, len(runs))
	nd := make([]int, len(runs)) // next dependency to look at
	for i, r := range runs {
		next[i] = r.from
	}
	var spans []Span
	left := len(runs)
	for progress := true; progress && left > 0; {
		progress = false
		for i, r := range runs {
			start := next[i]
			for next[i] <= r.to && ready(r, next[i], &nd[i], vv) {
				vv[r.author] = next[i]
				next[i]++
			}
			if next[i] > start {
				progress = true
				spans = append(spans, Span{r.author, start, next[i] - 1})
				if next[i] > r.to {
					left--
				}
			}
		}
	}
	if left > 0 {
		return nil, &GapError{} // they claim to have seen each other
	}
	if s.fork != nil {
		return nil, s.fork
	}
	return spans, nil
}

// ready reports whether everything operation seq had seen is applied; *k is the first of
// r's dependencies not yet passed.
func ready(r *streamRun, seq uint64, k *int, vv VV) bool {
	for j := *k; j < len(r.deps) && r.deps[j].seq == seq; j++ {
		if vv[r.deps[j].author] < r.deps[j].n {
			return false
		}
	}
	for *k < len(r.deps) && r.deps[*k].seq == seq {
		*k++
	}
	return true
}

// gaps lists what is neither held nor given, as Continue's missingGaps does: per author, the
// changes before the first one given, and those seen beyond the last one given.
func (s *Stream) gaps() []Gap {
	upTo := VV{}
	for _, r := range s.runs {
		if r.from == 0 {
			continue
		}
		upTo[r.author] = max(upTo[r.author], r.to)
		for _, d := range r.deps {
			upTo[d.author] = max(upTo[d.author], d.n)
		}
	}
	var gaps []Gap
	for _, a := range sortedKeys(upTo) {
		next := s.head(a) + 1
		if i, ok := s.index[a]; ok && s.runs[i].from != 0 {
			r := s.runs[i]
			if r.from > next {
				gaps = append(gaps, Gap{a, next, r.from - 1})
			}
			next = max(next, r.to+1)
		}
		if upTo[a] >= next {
			gaps = append(gaps, Gap{a, next, upTo[a]})
		}
	}
	return gaps
}
