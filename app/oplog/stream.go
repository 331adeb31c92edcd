package oplog

import (
	"fmt"
	"sort"
	"strings"
)

// Stream is Continue for operations that arrive one author's run after another and are not
// kept in memory (a streaming import). Add checks each operation against what is held as it
// arrives; Stream keeps only what ordering needs: the changes of other authors a new
// operation had seen beyond what is held and beyond what an earlier operation of its run
// had seen (memory grows with the authors and their imports, not with the operations).
// Order then gives a causal order of the new operations as spans of each author's run. The
// decisions and errors are Continue's: a held operation that differs is a fork at once; a
// new operation that does not follow its author's head is a fork, reported after any gap, as
// Continue reports it; with Declare, a gap that can never be filled is reported at once.
type Stream struct {
	held  Held
	have  VV
	runs  []*streamRun
	index map[string]int
	fork  *ForkError
	// declared is the most each author's operations may reach in the batch (a bundle's
	// signed header); nil while not known.
	declared VV
	// need is the current run's highest dependency kept so far on each other author: a
	// later operation of the run that had seen no more adds nothing to the order.
	need  map[string]uint64
	needR int
	names map[string]string // the key ids met, held once (intern)
	deps  int               // dependencies kept, across runs
	// Known counts the operations given that were already held, byte for byte.
	Known int
}

// MaxStreamDeps bounds the dependencies a Stream keeps: pairs (an operation, a change of
// another author in the same batch that it had seen and that is not held), after those
// implied by an earlier operation of the same run are dropped. An author's seen vector
// grows only when it imports, so an honest bundle keeps a few per author and import; 1 Mi
// pairs (about 32 MiB) is far beyond that (docs/bundle-format.md, "Limits").
const MaxStreamDeps = 1 << 20

// DepsError: the batch's operations depend on each other in more places than MaxStreamDeps.
type DepsError struct {
	Author string // whose operation passed the bound
	Seq    uint64
	Limit  int
}

func (e *DepsError) Error() string {
	return fmt.Sprintf("change %d of %s passes the limit of %d dependencies between the changes of one bundle (what each had seen of the others)", e.Seq, e.Author, e.Limit)
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
	return &Stream{held: held, have: VV{}, index: map[string]int{}, needR: -1, names: map[string]string{}}
}

// Declare gives the most each author's operations may reach in the batch (a bundle's signed
// header, `contents`). A change seen beyond both what is held and what is declared can never
// arrive: Add reports it as a gap at once, and keeps nothing of it.
func (s *Stream) Declare(contents VV) {
	s.declared = contents
}

func (s *Stream) head(a string) uint64 {
	if n, ok := s.have[a]; ok {
		return n
	}
	n, _ := s.held.Head(a)
	s.have[s.intern(a)] = n
	return n
}

// Add checks the next operation. Each author's operations must come in order, without
// repeats. It reports whether the operation is new (to be applied) rather than held.
func (s *Stream) Add(op *Op, raw []byte) (fresh bool, err error) {
	a := op.Author
	i, ok := s.index[a]
	if !ok {
		i = len(s.runs)
		a = s.intern(a)
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
	return true, s.depend(i, op)
}

// depend keeps what operation op of run i had seen that is neither held nor implied by an
// earlier operation of the run, or reports at once what can never arrive (a gap).
func (s *Stream) depend(i int, op *Op) error {
	if s.needR != i {
		s.needR, s.need = i, map[string]uint64{}
	}
	r := s.runs[i]
	var gaps []Gap
	for b, n := range op.Seen {
		h := s.head(b)
		if n <= h || n <= s.need[b] {
			continue
		}
		if s.declared != nil && n > s.declared[b] {
			gaps = append(gaps, Gap{b, max(h, s.declared[b]) + 1, n})
			continue
		}
		if s.deps++; s.deps > MaxStreamDeps {
			return &DepsError{Author: op.Author, Seq: op.Seq, Limit: MaxStreamDeps}
		}
		b = s.intern(b)
		s.need[b] = n
		r.deps = append(r.deps, dep{op.Seq, b, n})
	}
	if len(gaps) > 0 {
		sort.Slice(gaps, func(i, j int) bool { return gaps[i].Author < gaps[j].Author })
		return &GapError{Gaps: gaps}
	}
	return nil
}

// intern returns the author's key id as a string the stream holds already, so that a
// dependency does not pin the bytes of the operation that named it.
func (s *Stream) intern(a string) string {
	if k, ok := s.names[a]; ok {
		return k
	}
	k := strings.Clone(a)
	s.names[k] = k
	return k
}

// First is the sequence of the author's first new operation given, or 0.
func (s *Stream) First(author string) uint64 {
	if i, ok := s.index[author]; ok {
		return s.runs[i].from
	}
	return 0
}

// Last is the number and the hash of the author's last operation given, or 0 and "".
func (s *Stream) Last(author string) (uint64, string) {
	if i, ok := s.index[author]; ok {
		return s.runs[i].last, s.runs[i].lastHash
	}
	return 0, ""
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
