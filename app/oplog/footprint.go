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
	for _, u := range Units(o) {
		out[u.Name()] += r.UnitSize(u)
	}
	return out
}

// A Unit is one register an operation writes: a field's, or one element's of a set field.
// Its size changes only when an operation that writes it is applied, so a caller may keep
// the size measured after one change as the size before the next.
type Unit struct {
	Field string
	Elem  string // the element's canonical JSON, for a set field
	set   bool
}

// Name is the field a unit's size is reported under (Footprint).
func (u Unit) Name() string {
	if u.set {
		return u.Field
	}
	return displayName(u.Field)
}

// Key identifies the unit within its record.
func (u Unit) Key() string {
	if u.set {
		return u.Field + "\x00" + u.Elem
	}
	return u.Field
}

// Units lists the registers o writes, as Footprint measures them (an element both added and
// removed is listed, and counted, twice).
func Units(o *Op) []Unit {
	var out []Unit
	if o.Type == OpDelete || o.Type == OpRestore {
		out = append(out, Unit{Field: deletedField})
	}
	for f := range o.Set {
		out = append(out, Unit{Field: f})
	}
	for _, m := range [2]map[string][]json.RawMessage{o.Add, o.Remove} {
		for f, es := range m {
			for _, e := range es {
				out = append(out, Unit{Field: f, Elem: string(e), set: true})
			}
		}
	}
	return out
}

// UnitSize is the bytes the record's encoding spends on a unit.
func (r *Record) UnitSize(u Unit) int {
	var heads []Write
	var past *Past
	held := false
	if u.set {
		heads, held = r.Sets[u.Field][u.Elem]
		past = r.SetsPast[u.Field][u.Elem]
	} else {
		heads, held = r.Regs[u.Field]
		past = r.RegsPast[u.Field]
	}
	n, key := 0, sizeString(u.Elem)+2 // quoted, colon, comma
	if !u.set {
		key = sizeString(u.Field) + 2
	}
	if held {
		n += key + sizeWrites(heads)
	}
	if past != nil {
		n += key + sizePast(past)
	}
	return n
}

// SetSizeSeen is how many elements set field f holds once o is applied, as o's author saw
// the record (SetSeen). Call it on the record before o is applied; it depends only on o
// and what o had seen, so on every replica it gives the same answer (causal delivery).
func (r *Record) SetSizeSeen(f string, o *Op) int { return len(r.SetSeen(f, o)) }

// SetSeen is the elements set field f holds once o is applied, as o's author saw the record,
// in no particular order: an element counts when o adds it (and does not also remove it), or
// when a head that adds it is a write o had seen and o does not remove it. Writes o had not
// seen (concurrent ones) do not count, so two valid offline edits that together pass a rule
// of the set (a maximum, a party named twice) are never held against either; a run of one
// author's changes, each of which sees the one before, is counted whole. Call it on the
// record before o is applied.
func (r *Record) SetSeen(f string, o *Op) []json.RawMessage {
	removed := map[string]bool{}
	for _, e := range o.Remove[f] {
		removed[string(e)] = true
	}
	var out []json.RawMessage
	counted := map[string]bool{}
	for _, e := range o.Add[f] {
		if !removed[string(e)] && !counted[string(e)] {
			counted[string(e)] = true
			out = append(out, e)
		}
	}
	for e, heads := range r.Sets[f] {
		if removed[e] || counted[e] {
			continue
		}
		for _, h := range heads {
			if bytes.Equal(h.Value, jsonTrue) && o.HasSeen(h.Author, h.Seq) {
				out = append(out, json.RawMessage(e))
				break
			}
		}
	}
	return out
}
