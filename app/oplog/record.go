package oplog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
)

// deletedField is the register that holds the tombstone.
const deletedField = "$deleted"

var (
	jsonTrue  = json.RawMessage("true")
	jsonFalse = json.RawMessage("false")
)

// Write is one operation's write to a register: a field value, a set element's presence, or
// the tombstone.
type Write struct {
	Author string          `json:"a"`
	Seq    uint64          `json:"s"`
	Clock  Clock           `json:"c"`
	Value  json.RawMessage `json:"v"`
}

// after orders writes by (clock, author): the last writer wins.
func (w Write) after(o Write) bool {
	if c := w.Clock.Compare(o.Clock); c != 0 {
		return c > 0
	}
	if w.Author != o.Author {
		return w.Author > o.Author
	}
	return w.Seq > o.Seq
}

// Stamp records who did something and when.
type Stamp struct {
	Author string `json:"a"`
	Seq    uint64 `json:"s"`
	Clock  Clock  `json:"c"`
}

// Record is the materialised state of one record: for every register, the writes that no
// later write has seen (its heads). One head is a settled value; several heads with
// different values are a conflict, kept until a write that has seen them all.
type Record struct {
	ID      string                        `json:"id"`
	Kind    string                        `json:"kind"`
	Regs    map[string][]Write            `json:"regs"`
	Sets    map[string]map[string][]Write `json:"sets,omitempty"`
	Created Stamp                         `json:"created"`
	Updated Stamp                         `json:"updated"`
}

// Change is what one operation did to one field, as a person reads it in history.
type Change struct {
	Field string          `json:"field"`
	Old   json.RawMessage `json:"old"`
	New   json.RawMessage `json:"new"`
}

// Conflict is a field with concurrent writes that no one has settled yet.
type Conflict struct {
	Field  string  `json:"field"`
	Values []Write `json:"values"` // winner first
}

// ErrKindMismatch refuses an operation that names a record with another kind.
var ErrKindMismatch = errors.New("operation kind does not match the record")

// NewRecord returns an empty record.
func NewRecord(id string) *Record {
	return &Record{ID: id, Regs: map[string][]Write{}}
}

// Apply applies an operation to the record and returns the changes a person would see.
// Operations must arrive in causal order (everything an operation has seen is applied before
// it), which the store guarantees; then the result does not depend on the order of
// concurrent operations.
func (r *Record) Apply(o *Op) ([]Change, error) {
	if r.Kind == "" {
		r.Kind = o.Kind
	} else if r.Kind != o.Kind {
		return nil, fmt.Errorf("%w: record %s is a %s, the operation says %s", ErrKindMismatch, r.ID, r.Kind, o.Kind)
	}
	stamp := Stamp{o.Author, o.Seq, o.Clock}
	if r.Created.Author == "" || stampBefore(stamp, r.Created) {
		r.Created = stamp
	}
	if r.Updated.Author == "" || stampBefore(r.Updated, stamp) {
		r.Updated = stamp
	}
	var changes []Change
	reg := func(field string, v json.RawMessage) {
		old := r.regValue(field)
		r.Regs[field] = writeHeads(r.Regs[field], o, v)
		if nv := r.regValue(field); !bytes.Equal(old, nv) {
			changes = append(changes, Change{Field: displayName(field), Old: old, New: nv})
		}
	}
	switch o.Type {
	case OpDelete:
		reg(deletedField, jsonTrue)
	case OpRestore:
		reg(deletedField, jsonFalse)
	}
	for _, f := range sortedKeys(o.Set) {
		reg(f, o.Set[f])
	}
	setFields := map[string]bool{}
	for f := range o.Add {
		setFields[f] = true
	}
	for f := range o.Remove {
		setFields[f] = true
	}
	for _, f := range sortedKeys(setFields) {
		old := r.SetValue(f)
		if r.Sets == nil {
			r.Sets = map[string]map[string][]Write{}
		}
		if r.Sets[f] == nil {
			r.Sets[f] = map[string][]Write{}
		}
		for _, e := range o.Remove[f] {
			r.Sets[f][string(e)] = writeHeads(r.Sets[f][string(e)], o, jsonFalse)
		}
		for _, e := range o.Add[f] {
			r.Sets[f][string(e)] = writeHeads(r.Sets[f][string(e)], o, jsonTrue)
		}
		if nv := r.SetValue(f); !bytes.Equal(old, nv) {
			changes = append(changes, Change{Field: f, Old: old, New: nv})
		}
	}
	return changes, nil
}

// writeHeads adds the operation's write and drops every head it had seen.
func writeHeads(heads []Write, o *Op, v json.RawMessage) []Write {
	out := heads[:0:0]
	for _, h := range heads {
		if h.Author == o.Author && h.Seq == o.Seq {
			return heads // already applied
		}
		if !o.HasSeen(h.Author, h.Seq) {
			out = append(out, h)
		}
	}
	out = append(out, Write{Author: o.Author, Seq: o.Seq, Clock: o.Clock, Value: v})
	sort.Slice(out, func(i, j int) bool { return out[i].after(out[j]) })
	return out
}

func stampBefore(a, b Stamp) bool {
	return Write{Author: b.Author, Seq: b.Seq, Clock: b.Clock}.after(Write{Author: a.Author, Seq: a.Seq, Clock: a.Clock})
}

func (r *Record) regValue(field string) json.RawMessage {
	if h := r.Regs[field]; len(h) > 0 {
		return h[0].Value
	}
	return nil
}

// Deleted reports whether the record is tombstoned.
func (r *Record) Deleted() bool { return bytes.Equal(r.regValue(deletedField), jsonTrue) }

// Value returns a field's current value: the winning write of a register, or the present
// elements of a set as a sorted JSON array. Nil when never written.
func (r *Record) Value(field string) json.RawMessage {
	if _, ok := r.Sets[field]; ok {
		return r.SetValue(field)
	}
	return r.regValue(field)
}

// SetValue returns the present elements of a set field as a sorted JSON array: an element is
// present when any of its heads adds it (concurrent add and remove: the add wins).
func (r *Record) SetValue(field string) json.RawMessage {
	elems, ok := r.Sets[field]
	if !ok {
		return nil
	}
	var present []string
	for e, heads := range elems {
		for _, h := range heads {
			if bytes.Equal(h.Value, jsonTrue) {
				present = append(present, e)
				break
			}
		}
	}
	sort.Strings(present)
	var b bytes.Buffer
	b.WriteByte('[')
	for i, e := range present {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(e)
	}
	b.WriteByte(']')
	return b.Bytes()
}

// Fields returns every field's current value (tombstone excluded).
func (r *Record) Fields() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for f := range r.Regs {
		if f != deletedField {
			out[f] = r.regValue(f)
		}
	}
	for f := range r.Sets {
		out[f] = r.SetValue(f)
	}
	return out
}

// Conflicts lists the registers whose heads disagree, by field name. A tombstone conflict
// (deleted by one, restored by another) is reported as field "deleted".
func (r *Record) Conflicts() []Conflict {
	var out []Conflict
	for _, f := range sortedKeys(r.Regs) {
		heads := r.Regs[f]
		if len(heads) < 2 {
			continue
		}
		distinct := false
		for _, h := range heads[1:] {
			if !bytes.Equal(h.Value, heads[0].Value) {
				distinct = true
				break
			}
		}
		if distinct {
			out = append(out, Conflict{Field: displayName(f), Values: append([]Write(nil), heads...)})
		}
	}
	return out
}

// Heads returns the current heads of a field, winner first; a resolve must have seen them all.
func (r *Record) Heads(field string) []Write {
	if field == "deleted" {
		field = deletedField
	}
	return r.Regs[field]
}

func displayName(field string) string {
	if field == deletedField {
		return "deleted"
	}
	return field
}

// Encode returns the canonical bytes of the materialised record; replicas holding the same
// operations produce the same bytes.
func (r *Record) Encode() ([]byte, error) { return marshal(r) }

// DecodeRecord reads a stored record.
func DecodeRecord(b []byte) (*Record, error) {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, err
	}
	if r.Regs == nil {
		r.Regs = map[string][]Write{}
	}
	return &r, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
