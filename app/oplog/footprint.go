package oplog

import (
	"bytes"
	"encoding/json"
)

// Footprint is, per field an operation writes, the bytes the record's encoding spends on the
// registers it writes (for a set field, the elements it adds or removes). Measured before and
// after Apply, it tells how much the operation grew the record without encoding all of it,
// so that a store can refuse a record too large to keep before anything is written. (What it
// leaves out, a field's wrappers and the stamps, is bounded per record.)
func (r *Record) Footprint(o *Op) map[string]int {
	out := map[string]int{}
	key := func(k string) int { return sizeString(k) + 2 } // quoted, colon, comma
	reg := func(field string) {
		n, k := 0, key(field)
		if h, ok := r.Regs[field]; ok {
			n += k + sizeWrites(h)
		}
		if p := r.RegsPast[field]; p != nil {
			n += k + sizePast(p)
		}
		out[displayName(field)] += n
	}
	if o.Type == OpDelete || o.Type == OpRestore {
		reg(deletedField)
	}
	for f := range o.Set {
		reg(f)
	}
	elems := func(f string, es []json.RawMessage) {
		n := 0
		for _, e := range es {
			k := key(string(e))
			if h, ok := r.Sets[f][string(e)]; ok {
				n += k + sizeWrites(h)
			}
			if p := r.SetsPast[f][string(e)]; p != nil {
				n += k + sizePast(p)
			}
		}
		out[f] += n
	}
	for f, es := range o.Add {
		elems(f, es)
	}
	for f, es := range o.Remove {
		elems(f, es)
	}
	return out
}

// SetSizeSeen is how many elements set field f holds once o is applied, as o's author saw
// the record: an element counts when o adds it (and does not also remove it), or when a head
// that adds it is a write o had seen and o does not remove it. Writes o had not seen
// (concurrent ones) do not count, so two valid offline edits that together pass a maximum
// are never held against either; a run of one author's changes, each of which sees the one
// before, is counted whole. Call it on the record before o is applied; it depends only on o
// and what o had seen, so on every replica it gives the same answer (causal delivery).
func (r *Record) SetSizeSeen(f string, o *Op) int {
	removed := map[string]bool{}
	for _, e := range o.Remove[f] {
		removed[string(e)] = true
	}
	n := 0
	counted := map[string]bool{}
	for _, e := range o.Add[f] {
		if !removed[string(e)] && !counted[string(e)] {
			counted[string(e)] = true
			n++
		}
	}
	for e, heads := range r.Sets[f] {
		if removed[e] || counted[e] {
			continue
		}
		for _, h := range heads {
			if bytes.Equal(h.Value, jsonTrue) && o.HasSeen(h.Author, h.Seq) {
				n++
				break
			}
		}
	}
	return n
}
