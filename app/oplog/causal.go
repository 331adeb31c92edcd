package oplog

import (
	"fmt"
	"sort"
)

// Gap is a run of an author's operations that must be applied before another.
type Gap struct {
	Author   string
	From, To uint64
}

func (g Gap) String() string {
	if g.From == g.To {
		return fmt.Sprintf("change %d from %s", g.From, g.Author)
	}
	return fmt.Sprintf("changes %d–%d from %s", g.From, g.To, g.Author)
}

// Missing returns what a replica holding `have` lacks before it may apply o: the author's
// earlier operations and everything o's author had seen. A nil result means o is ready (or,
// when have[o.Author] >= o.Seq, already held).
func Missing(have VV, o *Op) []Gap {
	var gaps []Gap
	if h := have[o.Author]; h+1 < o.Seq {
		gaps = append(gaps, Gap{o.Author, h + 1, o.Seq - 1})
	}
	for _, a := range sortedKeys(o.Seen) {
		if h := have[a]; h < o.Seen[a] {
			gaps = append(gaps, Gap{a, h + 1, o.Seen[a]})
		}
	}
	return gaps
}

// CausalOrder sorts operations so that each comes after its author's earlier operations and
// after everything it had seen that is in the set. Operations whose dependencies are neither
// held (have) nor in the set are returned separately with their gaps.
func CausalOrder(have VV, ops []*Op) (ordered []*Op, blocked map[Ref][]Gap) {
	queues := map[string][]*Op{}
	for _, o := range ops {
		queues[o.Author] = append(queues[o.Author], o)
	}
	authors := sortedKeys(queues)
	for _, a := range authors {
		q := queues[a]
		sort.Slice(q, func(i, j int) bool { return q[i].Seq < q[j].Seq })
	}
	vv := have.Clone()
	for progress := true; progress; {
		progress = false
		for _, a := range authors {
			q := queues[a]
			for len(q) > 0 {
				o := q[0]
				if vv[a] >= o.Seq { // duplicate of something held or earlier in the set
					q = q[1:]
					continue
				}
				if len(Missing(vv, o)) > 0 {
					break
				}
				ordered = append(ordered, o)
				vv[a] = o.Seq
				q = q[1:]
				progress = true
			}
			queues[a] = q
		}
	}
	for _, a := range authors {
		for _, o := range queues[a] {
			if blocked == nil {
				blocked = map[Ref][]Gap{}
			}
			blocked[o.Ref()] = Missing(vv, o)
		}
	}
	return ordered, blocked
}
