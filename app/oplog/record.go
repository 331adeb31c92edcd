package oplog

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
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
	// First: the operation had seen no write of this register (a create, a first add).
	First bool `json:"f,omitempty"`
	// Seen is a delete's version vector: which edits its author knew it was deleting.
	Seen VV `json:"seen,omitempty"`
	// Ctx is the write's context in its register: per author, the highest sequence among
	// that author's writes of the register that the operation had seen (none: a first write).
	Ctx VV `json:"ctx,omitempty"`
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

func (w Write) sameOp(o *Op) bool { return w.Author == o.Author && w.Seq == o.Seq }

func (w Write) mark() Mark {
	return Mark{Author: w.Author, Seq: w.Seq, Key: valueKey(w.Value), Ctx: w.Ctx}
}

// Mark names a write a register no longer shows, its value and its context.
type Mark struct {
	Author string `json:"a"`
	Seq    uint64 `json:"s"`
	Key    string `json:"k"`             // valueKey of the value
	Ctx    VV     `json:"ctx,omitempty"` // Write.Ctx
}

func (m Mark) sameOp(o *Op) bool { return m.Author == o.Author && m.Seq == o.Seq }

// Past is what a register keeps of writes it no longer shows, so that equal values written
// concurrently count as one write whatever the order (docs/storage.md, "Merge rules").
type Past struct {
	// Seen: per author and value, the latest write a later write has seen.
	Seen []Mark `json:"seen,omitempty"`
	// Twins: writes replaced as twins that nobody has seen yet; at most one per author (the
	// author's next write of the register sees it).
	Twins []Mark `json:"twins,omitempty"`
	// Older: by author, the sequences of the register's writes no head or mark names any
	// more (an older write of a value the author wrote again), so that contexts stay exact.
	Older Seqs `json:"older,omitempty"`
}

// Seqs lists sequences by author.
type Seqs map[string][]uint64

// valueKey names a value in a Mark: the value itself, or # and a digest when it is long.
func valueKey(v json.RawMessage) string {
	if len(v) <= 64 {
		return string(v)
	}
	sum := sha256.Sum256(v)
	return "#" + hex.EncodeToString(sum[:16])
}

// keyOf reports whether key is valueKey(v), without making the key of a short value.
func keyOf(key string, v json.RawMessage) bool {
	if len(v) <= 64 {
		return key == string(v)
	}
	return key == valueKey(v)
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
	ID   string                        `json:"id"`
	Kind string                        `json:"kind"`
	Regs map[string][]Write            `json:"regs"`
	Sets map[string]map[string][]Write `json:"sets,omitempty"`
	// What registers keep of replaced first writes (Past), by field and, for sets, element.
	RegsPast map[string]*Past            `json:"regs_past,omitempty"`
	SetsPast map[string]map[string]*Past `json:"sets_past,omitempty"`
	Created  Stamp                       `json:"created"`
	Updated  Stamp                       `json:"updated"`
}

// Change is what one operation did to one field, as a person reads it in history.
type Change struct {
	Field string          `json:"field"`
	Old   json.RawMessage `json:"old"`
	New   json.RawMessage `json:"new"`
	// AddWins: elements of a set field that this operation and another, neither having seen
	// the other, added and removed; they stay (add wins). Old equals New when the operation
	// is the removal that lost.
	AddWins []AddWin `json:"add_wins,omitempty"`
	// What a record's history adds (store.History), not Apply: Concurrent, the key ids of the
	// authors of other changes of this field that this one and they had not seen each other;
	// Unseen, Old is such a change's value, which this one did not overwrite; Wrote, the value
	// this change wrote when the field shows another (a concurrent change's).
	Concurrent []string        `json:"concurrent,omitempty"`
	Unseen     bool            `json:"unseen,omitempty"`
	Wrote      json.RawMessage `json:"wrote,omitempty"`
	// Settled (store.History too): the values of the conflict on this field that this change
	// settled, as its author's Dossier showed them when it was made (it had seen them all),
	// winner first. The value kept is Wrote, else New; the others were set aside.
	Settled []Side `json:"settled,omitempty"`
}

// Side is one value of a conflict: who wrote it, and when (RFC 3339 UTC, as a history entry's).
// Edited: on "deleted", a side that is a change made without knowing of the deletion (value
// false, as Record.Edited), not a restore.
type Side struct {
	Value  json.RawMessage `json:"value"`
	Author string          `json:"author"`
	At     string          `json:"at"`
	Edited bool            `json:"edited,omitempty"`
}

// AddWin is one set element kept because an add and a removal had not seen each other.
type AddWin struct {
	Element json.RawMessage `json:"element"`
	Adder   string          `json:"adder"`   // key id of the add that keeps it
	Remover string          `json:"remover"` // key id of the removal that lost
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
	changes := make([]Change, 0, len(o.Set)+len(o.Add)+len(o.Remove)+1)
	switch o.Type {
	case OpDelete:
		changes = r.applyReg(changes, o, deletedField, jsonTrue)
	case OpRestore:
		changes = r.applyReg(changes, o, deletedField, jsonFalse)
	}
	for _, f := range sortedKeys(o.Set) {
		changes = r.applyReg(changes, o, f, o.Set[f])
	}
	setFields := map[string]bool{}
	for f := range o.Add {
		setFields[f] = true
	}
	for f := range o.Remove {
		setFields[f] = true
	}
	for _, f := range sortedKeys(setFields) {
		changes = r.applySet(changes, o, f)
	}
	if len(changes) == 0 {
		return nil, nil // no change a person would see: nil, which callers test for
	}
	return changes, nil
}

// applyReg writes v to the register of a scalar field or the tombstone.
func (r *Record) applyReg(changes []Change, o *Op, field string, v json.RawMessage) []Change {
	old := r.regValue(field)
	w := Write{Author: o.Author, Seq: o.Seq, Clock: o.Clock, Value: v}
	if field == deletedField && o.Type == OpDelete && len(o.Seen) > 0 {
		w.Seen = o.Seen.Clone()
	}
	var past *Past
	r.Regs[field], past = write(r.Regs[field], r.RegsPast[field], o, w)
	r.RegsPast = putPast(r.RegsPast, field, past)
	if nv := r.regValue(field); !bytes.Equal(old, nv) {
		changes = append(changes, Change{Field: displayName(field), Old: old, New: nv})
	}
	return changes
}

// applySet writes the operation's removals, then its additions, to the elements of a set
// field. (An element both removed and added by one operation stays removed: its second write
// is the same operation's, already applied.)
func (r *Record) applySet(changes []Change, o *Op, f string) []Change {
	old := r.SetValue(f)
	if r.Sets == nil {
		r.Sets = map[string]map[string][]Write{}
	}
	if r.Sets[f] == nil {
		r.Sets[f] = map[string][]Write{}
	}
	pasts := r.SetsPast[f]
	elem := func(e, v json.RawMessage) {
		var past *Past
		r.Sets[f][string(e)], past = write(r.Sets[f][string(e)], pasts[string(e)], o, Write{Author: o.Author, Seq: o.Seq, Clock: o.Clock, Value: v})
		pasts = putPast(pasts, string(e), past)
	}
	for _, e := range o.Remove[f] {
		elem(e, jsonFalse)
	}
	for _, e := range o.Add[f] {
		elem(e, jsonTrue)
	}
	if len(pasts) > 0 {
		if r.SetsPast == nil {
			r.SetsPast = map[string]map[string]*Past{}
		}
		r.SetsPast[f] = pasts
	}
	wins := r.addWins(f, o)
	if nv := r.SetValue(f); !bytes.Equal(old, nv) || len(wins) > 0 {
		changes = append(changes, Change{Field: f, Old: old, New: nv, AddWins: wins})
	}
	return changes
}

// addWins lists the elements of set field f that o wrote and whose heads now both add and
// remove: o's removal lost to an add it had not seen, or o's add beat such a removal.
func (r *Record) addWins(f string, o *Op) []AddWin {
	var out []AddWin
	for _, e := range sortedKeys(r.Sets[f]) {
		var adder, remover, mine *Write
		for i, h := range r.Sets[f][e] {
			switch {
			case h.sameOp(o):
				mine = &r.Sets[f][e][i]
			case bytes.Equal(h.Value, jsonTrue) && adder == nil:
				adder = &r.Sets[f][e][i]
			case bytes.Equal(h.Value, jsonFalse) && remover == nil:
				remover = &r.Sets[f][e][i]
			}
		}
		switch {
		case mine == nil:
		case bytes.Equal(mine.Value, jsonFalse) && adder != nil:
			out = append(out, AddWin{Element: json.RawMessage(e), Adder: adder.Author, Remover: o.Author})
		case bytes.Equal(mine.Value, jsonTrue) && remover != nil:
			out = append(out, AddWin{Element: json.RawMessage(e), Adder: o.Author, Remover: remover.Author})
		}
	}
	return out
}

func putPast(m map[string]*Past, k string, p *Past) map[string]*Past {
	if p == nil || len(p.Seen)+len(p.Twins)+len(p.Older) == 0 {
		delete(m, k)
		return m
	}
	if m == nil {
		m = map[string]*Past{}
	}
	m[k] = p
	return m
}

// write applies one operation's write w to a register with heads and past, and returns the
// new heads and past (docs/storage.md, "Merge rules"). A write is replaced when a later write
// has seen it, or when a later write has seen its twin: a write of the same value whose
// context covers its own (every write of the register it had seen, the twin had seen too).
// Replacement only ever goes to a write with a strictly larger context, so some write always
// stays. Past keeps, per author and value, the latest write someone has seen, which suffices
// to recognise every twin of a replaced write however late it arrives; so heads are, in every
// causal order, the writes no write has seen and no seen write is a twin of.
func write(heads []Write, past *Past, o *Op, w Write) ([]Write, *Past) {
	if len(heads) == 0 && past == nil {
		// The register's first write (most writes: every field of a creation): it has seen
		// nothing, replaces nothing and has no twin to be replaced by.
		w.Ctx, w.First = nil, true
		return []Write{w}, nil
	}
	if past == nil {
		past = &Past{}
	}
	if applied(heads, past, o) {
		return heads, past
	}
	w.Ctx = context(heads, past, o)
	w.First = len(w.Ctx) == 0
	live := make([]Write, 0, len(heads)+1)
	for _, h := range heads {
		if o.HasSeen(h.Author, h.Seq) {
			past.seen(h.mark())
		} else {
			live = append(live, h)
		}
	}
	var twins []Mark
	for _, m := range past.Twins {
		if o.HasSeen(m.Author, m.Seq) {
			past.seen(m)
		} else {
			twins = append(twins, m)
		}
	}
	out := make([]Write, 0, len(live)+1) // never heads' array: the caller's record keeps it
	for _, h := range append(live, w) {
		if past.replacesTwin(h.Value, h.Ctx) {
			twins = append(twins, h.mark())
		} else {
			out = append(out, h)
		}
	}
	sortWrites(out)
	sortMarks(past.Seen)
	sortMarks(twins)
	past.Twins = twins
	return out, past
}

// applied reports whether o has written the register already.
func applied(heads []Write, past *Past, o *Op) bool {
	for _, h := range heads {
		if h.sameOp(o) {
			return true
		}
	}
	for _, marks := range [2][]Mark{past.Seen, past.Twins} {
		for _, m := range marks {
			if m.sameOp(o) {
				return true
			}
		}
	}
	_, found := slices.BinarySearch(past.Older[o.Author], o.Seq)
	return found
}

// context is o's context in the register: per author, the highest sequence among the
// register's writes that o had seen. Every write of the register is a head, a mark or in Older.
func context(heads []Write, past *Past, o *Op) VV {
	ctx := VV{}
	see := func(author string, seq uint64) {
		if o.HasSeen(author, seq) && seq > ctx[author] {
			ctx[author] = seq
		}
	}
	for _, h := range heads {
		see(h.Author, h.Seq)
	}
	for _, marks := range [2][]Mark{past.Seen, past.Twins} {
		for _, m := range marks {
			see(m.Author, m.Seq)
		}
	}
	for a, seqs := range past.Older {
		for _, s := range seqs {
			see(a, s)
		}
	}
	if len(ctx) == 0 {
		return nil
	}
	return ctx
}

// seen records that a later write has seen m. An earlier write of the same author and value
// is no longer needed to recognise twins (m's context covers it), so only its sequence stays.
func (p *Past) seen(m Mark) {
	for i, s := range p.Seen {
		if s.Author == m.Author && s.Key == m.Key {
			if s.Seq > m.Seq { // cannot happen in causal order; keep the latest
				s, m = m, s
			}
			p.Seen[i] = m
			if p.Older == nil {
				p.Older = Seqs{}
			}
			p.Older[s.Author] = append(p.Older[s.Author], s.Seq)
			slices.Sort(p.Older[s.Author])
			return
		}
	}
	p.Seen = append(p.Seen, m)
}

// replacesTwin reports whether a write of value v with context ctx has a twin someone has
// seen: a seen write of the same value whose context covers ctx. (Such a twin was not seen
// by the write: its own context does not hold itself.)
func (p *Past) replacesTwin(v json.RawMessage, ctx VV) bool {
	for _, t := range p.Seen {
		if keyOf(t.Key, v) && covers(t.Ctx, ctx) {
			return true
		}
	}
	return false
}

// covers reports whether context a includes context b.
func covers(a, b VV) bool {
	for author, seq := range b {
		if a[author] < seq {
			return false
		}
	}
	return true
}

// sortMarks orders marks by author, then sequence. A register's marks never share both (one
// operation writes a register once), so the order is total and any sort gives the same one.
func sortMarks(ms []Mark) {
	slices.SortFunc(ms, func(a, b Mark) int {
		return cmp.Or(strings.Compare(a.Author, b.Author), cmp.Compare(a.Seq, b.Seq))
	})
}

// sortWrites orders writes latest first (Write.after), a total order for distinct operations.
func sortWrites(ws []Write) {
	slices.SortFunc(ws, func(a, b Write) int {
		switch {
		case a.after(b):
			return -1
		case b.after(a):
			return 1
		}
		return 0
	})
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
// (deleted by one, restored or edited by another) is reported as field "deleted".
func (r *Record) Conflicts() []Conflict {
	var out []Conflict
	for _, f := range sortedKeys(r.Regs) {
		heads := r.Regs[f]
		if f == deletedField {
			heads = r.tombstoneSides()
		}
		if Disagree(heads) {
			out = append(out, Conflict{Field: displayName(f), Values: append([]Write(nil), heads...)})
		}
	}
	return out
}

// Disagree says whether a register's heads hold different values: an open conflict. Two
// installations that wrote the same value leave two heads and no conflict.
func Disagree(heads []Write) bool {
	for i := 1; i < len(heads); i++ {
		if !bytes.Equal(heads[i].Value, heads[0].Value) {
			return true
		}
	}
	return false
}

// Heads returns the current heads of a field, winner first; a resolve must have seen them all.
// For "deleted" they are the sides of the tombstone (tombstoneSides).
func (r *Record) Heads(field string) []Write {
	if field == "deleted" {
		return r.tombstoneSides()
	}
	return r.Regs[field]
}

// tombstoneSides is the tombstone's heads, winner first, followed, when a delete is among
// them, by one write `false` per author whose latest change no such delete had seen: keeping
// that side restores the record with the change (docs/storage.md, "Delete against edit").
func (r *Record) tombstoneSides() []Write {
	heads := r.Regs[deletedField]
	var dels []Write
	for _, h := range heads {
		if bytes.Equal(h.Value, jsonTrue) {
			dels = append(dels, h)
		}
	}
	if len(dels) == 0 {
		return heads
	}
	edits := r.unseenEdits(dels)
	if len(edits) == 0 {
		return heads
	}
	return append(append([]Write(nil), heads...), edits...)
}

// Edited reports whether w, a side of the conflict on "deleted", is a change made without
// knowing of the delete (keeping it restores the record) rather than a delete or a restore.
func (r *Record) Edited(w Write) bool {
	for _, h := range r.Regs[deletedField] {
		if h.Author == w.Author && h.Seq == w.Seq {
			return false
		}
	}
	return true
}

// unseenEdits returns, per author, the latest current value that none of the deletes had
// seen, directly or through an equal head of the same register, as a write of `false`.
func (r *Record) unseenEdits(dels []Write) []Write {
	saw := func(h Write) bool {
		for _, d := range dels {
			if h.Author == d.Author && h.Seq < d.Seq || h.Author != d.Author && d.Seen[h.Author] >= h.Seq {
				return true
			}
		}
		return false
	}
	latest := map[string]Write{}
	check := func(heads []Write) {
		covered := map[string]bool{}
		for _, h := range heads {
			if saw(h) {
				covered[string(h.Value)] = true
			}
		}
		for _, h := range heads {
			if l, ok := latest[h.Author]; !covered[string(h.Value)] && (!ok || h.after(l)) {
				latest[h.Author] = h
			}
		}
	}
	for f, heads := range r.Regs {
		if f != deletedField {
			check(heads)
		}
	}
	for _, elems := range r.Sets {
		for _, heads := range elems {
			check(heads)
		}
	}
	out := make([]Write, 0, len(latest))
	for _, h := range latest {
		out = append(out, Write{Author: h.Author, Seq: h.Seq, Clock: h.Clock, Value: jsonFalse})
	}
	sortWrites(out)
	return out
}

func displayName(field string) string {
	if field == deletedField {
		return "deleted"
	}
	return field
}

// Encode returns the canonical bytes of the materialised record; replicas holding the same
// operations produce the same bytes.
func (r *Record) Encode() ([]byte, error) { return appendRecord(make([]byte, 0, 1024), r), nil }

// DecodeRecord reads a stored record. b may be reused by the caller (Badger's value buffer).
func DecodeRecord(b []byte) (*Record, error) {
	if r, ok := parseRecord(append([]byte(nil), b...)); ok {
		if r.Regs == nil {
			r.Regs = map[string][]Write{}
		}
		return r, nil
	}
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
