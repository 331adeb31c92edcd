package oplog

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// op builds an operation directly (no chain) for record tests.
func op(author string, seq uint64, wall int64, seen VV, typ OpType, set map[string]json.RawMessage, add, remove map[string][]json.RawMessage) *Op {
	return &Op{V: Version, Author: author, Seq: seq, Clock: Clock{Wall: baseWall + wall}, Seen: seen, Type: typ,
		Kind: "commitment", Record: rec1, Set: set, Add: add, Remove: remove}
}

func applyAll(t *testing.T, ops ...*Op) *Record {
	t.Helper()
	r := NewRecord(rec1)
	for _, o := range ops {
		mustApply(t, r, o)
	}
	return r
}

func encodeRecord(t *testing.T, r *Record) string {
	t.Helper()
	b, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// bothOrders applies a common prefix, then x and y in both orders, and checks the records
// are byte-identical; it returns the record.
func bothOrders(t *testing.T, prefix []*Op, x, y *Op) *Record {
	t.Helper()
	r1 := applyAll(t, append(append(append([]*Op{}, prefix...), x), y)...)
	r2 := applyAll(t, append(append(append([]*Op{}, prefix...), y), x)...)
	if a, b := encodeRecord(t, r1), encodeRecord(t, r2); a != b {
		t.Fatalf("order matters:\n%s\n%s", a, b)
	}
	return r1
}

func create() *Op {
	return op(authA, 1, 0, nil, OpCreate, sets("title", `"Return"`, "status", `"proposed"`), elems("themes", `"trafficking"`), nil)
}

func TestApplyCreate(t *testing.T) {
	r := NewRecord(rec1)
	ch := mustApply(t, r, create())
	want := []Change{
		{Field: "status", Old: nil, New: raw(`"proposed"`)},
		{Field: "title", Old: nil, New: raw(`"Return"`)},
		{Field: "themes", Old: nil, New: raw(`["trafficking"]`)},
	}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("changes %s, want %s", jsonOf(ch), jsonOf(want))
	}
	if r.Kind != "commitment" || r.ID != rec1 || r.Deleted() {
		t.Errorf("record %+v", r)
	}
	if r.Created != (Stamp{authA, 1, Clock{Wall: baseWall}}) || r.Updated != r.Created {
		t.Errorf("stamps %+v %+v", r.Created, r.Updated)
	}
	fields := r.Fields()
	if len(fields) != 3 || string(fields["title"]) != `"Return"` || string(fields["themes"]) != `["trafficking"]` {
		t.Errorf("fields %s", jsonOf(fields))
	}
	if r.Value("missing") != nil || r.SetValue("title") != nil || string(r.Value("themes")) != `["trafficking"]` {
		t.Errorf("Value/SetValue wrong")
	}
	if c := r.Conflicts(); c != nil {
		t.Errorf("conflicts %v", c)
	}
}

func jsonOf(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestApplySequentialUpdateChanges(t *testing.T) {
	r := applyAll(t, create())
	// Same value again: no change reported.
	ch := mustApply(t, r, op(authA, 2, 1, nil, OpUpdate, sets("title", `"Return"`, "status", `"agreed"`), nil, nil))
	if want := []Change{{Field: "status", Old: raw(`"proposed"`), New: raw(`"agreed"`)}}; !reflect.DeepEqual(ch, want) {
		t.Errorf("changes %s", jsonOf(ch))
	}
	// Another author who had seen everything overwrites: a plain change, no conflict.
	ch = mustApply(t, r, op(authB, 1, 2, VV{authA: 2}, OpUpdate, sets("status", `"delivered"`),
		elems("themes", `"border_management"`), elems("themes", `"trafficking"`)))
	want := []Change{
		{Field: "status", Old: raw(`"agreed"`), New: raw(`"delivered"`)},
		{Field: "themes", Old: raw(`["trafficking"]`), New: raw(`["border_management"]`)},
	}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("changes %s", jsonOf(ch))
	}
	if len(r.Heads("status")) != 1 || r.Conflicts() != nil {
		t.Errorf("sequential writes left heads %v", r.Heads("status"))
	}
	if r.Updated != (Stamp{authB, 1, Clock{Wall: baseWall + 2}}) || r.Created.Author != authA {
		t.Errorf("stamps %+v %+v", r.Created, r.Updated)
	}
	// Removing an absent element and adding a present one change nothing visible.
	ch = mustApply(t, r, op(authB, 2, 3, VV{authA: 2}, OpUpdate, nil, elems("themes", `"border_management"`), elems("themes", `"asylum_reception"`)))
	if ch != nil {
		t.Errorf("changes %s", jsonOf(ch))
	}
	// Null is a value like any other.
	ch = mustApply(t, r, op(authB, 3, 4, VV{authA: 2}, OpUpdate, sets("title", `null`), nil, nil))
	if want := []Change{{Field: "title", Old: raw(`"Return"`), New: raw(`null`)}}; !reflect.DeepEqual(ch, want) {
		t.Errorf("changes %s", jsonOf(ch))
	}
}

func TestApplyLastWriterWins(t *testing.T) {
	base := []*Op{create()}
	// Concurrent: neither saw the other. The later clock wins whatever the order.
	early := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	late := op(authC, 1, 9, VV{authA: 1}, OpUpdate, sets("status", `"stalled"`), nil, nil)
	r := bothOrders(t, base, early, late)
	if v := string(r.Value("status")); v != `"stalled"` {
		t.Errorf("status %s, want the later clock's value", v)
	}
	// The later clock wins even from the smaller author id.
	lateA := op(authA, 2, 9, nil, OpUpdate, sets("status", `"stalled"`), nil, nil)
	earlyC := op(authC, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	if v := string(bothOrders(t, base, lateA, earlyC).Value("status")); v != `"stalled"` {
		t.Errorf("status %s", v)
	}
	// Same clock: the greater author id wins.
	tieB := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	tieC := op(authC, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"stalled"`), nil, nil)
	r = bothOrders(t, base, tieB, tieC)
	if v := string(r.Value("status")); v != `"stalled"` {
		t.Errorf("status %s, want C's", v)
	}
	hs := r.Heads("status")
	if len(hs) != 2 || hs[0].Author != authC || hs[1].Author != authB {
		t.Errorf("heads %s", jsonOf(hs))
	}
	// Same clock, logical part decides before the author.
	l1 := op(authC, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"stalled"`), nil, nil)
	l2 := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	l2.Clock.Logical = 1
	if v := string(bothOrders(t, base, l1, l2).Value("status")); v != `"agreed"` {
		t.Errorf("status %s, want the higher logical counter's", v)
	}
	// A write that has seen another replaces it even with an older clock (a skewed clock).
	first := op(authB, 1, 50, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	after := op(authC, 1, 10, VV{authA: 1, authB: 1}, OpUpdate, sets("status", `"withdrawn"`), nil, nil)
	r = applyAll(t, create(), first, after)
	if v := string(r.Value("status")); v != `"withdrawn"` || len(r.Heads("status")) != 1 {
		t.Errorf("status %s heads %d", v, len(r.Heads("status")))
	}
}

func TestApplyConflict(t *testing.T) {
	x := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("title", `"Return and reintegration"`), nil, nil)
	y := op(authC, 1, 6, VV{authA: 1}, OpUpdate, sets("title", `"Voluntary return"`), nil, nil)
	r := bothOrders(t, []*Op{create()}, x, y)
	cs := r.Conflicts()
	if len(cs) != 1 || cs[0].Field != "title" || len(cs[0].Values) != 2 {
		t.Fatalf("conflicts %s", jsonOf(cs))
	}
	if w := cs[0].Values[0]; w.Author != authC || string(w.Value) != `"Voluntary return"` || w.Clock.Wall != baseWall+6 {
		t.Errorf("winner %s", jsonOf(w))
	}
	if l := cs[0].Values[1]; l.Author != authB || l.Seq != 1 || string(l.Value) != `"Return and reintegration"` {
		t.Errorf("loser %s", jsonOf(l))
	}
	if string(r.Value("title")) != `"Voluntary return"` {
		t.Errorf("value %s", r.Value("title"))
	}
	// The loser applied second reports no change: the visible value did not move.
	r2 := applyAll(t, create(), y)
	if ch := mustApply(t, r2, x); ch != nil {
		t.Errorf("losing write reported %s", jsonOf(ch))
	}
	// A write that saw only one side does not settle the conflict.
	partial := op(authD, 1, 7, VV{authA: 1, authB: 1}, OpUpdate, sets("title", `"Partial"`), nil, nil)
	mustApply(t, r, partial)
	if cs := r.Conflicts(); len(cs) != 1 || len(cs[0].Values) != 2 || cs[0].Values[0].Author != authD {
		t.Errorf("after a partial write: %s", jsonOf(cs))
	}
	// A resolve that saw every head settles it.
	res := op(authA, 2, 8, VV{authB: 1, authC: 1, authD: 1}, OpResolve, sets("title", `"Voluntary return and reintegration"`), nil, nil)
	ch := mustApply(t, r, res)
	if r.Conflicts() != nil || len(r.Heads("title")) != 1 || string(r.Value("title")) != `"Voluntary return and reintegration"` {
		t.Errorf("after resolve: %s", jsonOf(r.Conflicts()))
	}
	if len(ch) != 1 || string(ch[0].Old) != `"Partial"` {
		t.Errorf("resolve changes %s", jsonOf(ch))
	}
}

func TestApplyEqualConcurrentValuesAreNotAConflict(t *testing.T) {
	x := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	y := op(authC, 1, 6, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	r := bothOrders(t, []*Op{create()}, x, y)
	if cs := r.Conflicts(); cs != nil {
		t.Errorf("conflicts %s", jsonOf(cs))
	}
	if len(r.Heads("status")) != 2 || string(r.Value("status")) != `"agreed"` {
		t.Errorf("heads %s", jsonOf(r.Heads("status")))
	}
}

func TestApplyAddWins(t *testing.T) {
	base := []*Op{create()} // themes: trafficking
	add := op(authB, 1, 5, VV{authA: 1}, OpUpdate, nil, elems("themes", `"trafficking"`, `"border_management"`), nil)
	rem := op(authC, 1, 9, VV{authA: 1}, OpUpdate, nil, nil, elems("themes", `"trafficking"`))
	r := bothOrders(t, base, add, rem)
	if v := string(r.Value("themes")); v != `["border_management","trafficking"]` {
		t.Errorf("concurrent add and remove: %s, want the add to win", v)
	}
	// Two people adding different themes both win.
	a1 := op(authB, 1, 5, VV{authA: 1}, OpUpdate, nil, elems("themes", `"visa_facilitation"`), nil)
	a2 := op(authC, 1, 5, VV{authA: 1}, OpUpdate, nil, elems("themes", `"root_causes"`), nil)
	if v := string(bothOrders(t, base, a1, a2).Value("themes")); v != `["root_causes","trafficking","visa_facilitation"]` {
		t.Errorf("concurrent adds: %s", v)
	}
	// A remove that has seen the add removes it.
	seenRem := op(authC, 1, 9, VV{authA: 1, authB: 1}, OpUpdate, nil, nil, elems("themes", `"trafficking"`))
	r = applyAll(t, create(), add, seenRem)
	if v := string(r.Value("themes")); v != `["border_management"]` {
		t.Errorf("remove after add: %s", v)
	}
	// Sets never conflict.
	if r.Conflicts() != nil {
		t.Errorf("set conflict")
	}
	// Removing everything leaves an empty list, not a missing field.
	r = applyAll(t, create(), op(authA, 2, 1, nil, OpUpdate, nil, nil, elems("themes", `"trafficking"`)))
	if v := r.Value("themes"); string(v) != `[]` {
		t.Errorf("emptied set %q", v)
	}
	// Elements are any JSON value, kept in canonical byte order.
	r = applyAll(t, op(authA, 1, 0, nil, OpCreate, nil, elems("parties", `{"party":"p2","role":"lead"}`, `{"party":"p1","role":"member"}`), nil))
	if v := string(r.Value("parties")); v != `[{"party":"p1","role":"member"},{"party":"p2","role":"lead"}]` {
		t.Errorf("parties %s", v)
	}
}

func TestApplyDeleteRestore(t *testing.T) {
	r := applyAll(t, create())
	ch := mustApply(t, r, op(authA, 2, 1, nil, OpDelete, nil, nil, nil))
	if !r.Deleted() || !reflect.DeepEqual(ch, []Change{{Field: "deleted", Old: nil, New: raw("true")}}) {
		t.Errorf("delete: %v %s", r.Deleted(), jsonOf(ch))
	}
	if _, ok := r.Fields()["$deleted"]; ok {
		t.Errorf("Fields() exposes the tombstone")
	}
	if string(r.Value("title")) != `"Return"` {
		t.Errorf("a deleted record keeps its values")
	}
	ch = mustApply(t, r, op(authA, 3, 2, nil, OpRestore, nil, nil, nil))
	if r.Deleted() || !reflect.DeepEqual(ch, []Change{{Field: "deleted", Old: raw("true"), New: raw("false")}}) {
		t.Errorf("restore: %v %s", r.Deleted(), jsonOf(ch))
	}
	// Concurrent delete and restore: a conflict on "deleted"; the later clock decides.
	del := op(authB, 1, 10, VV{authA: 2}, OpDelete, nil, nil, nil)
	res := op(authC, 1, 11, VV{authA: 2}, OpRestore, nil, nil, nil)
	r = bothOrders(t, []*Op{create(), op(authA, 2, 1, nil, OpDelete, nil, nil, nil)}, del, res)
	if r.Deleted() {
		t.Errorf("the later restore should win")
	}
	cs := r.Conflicts()
	if len(cs) != 1 || cs[0].Field != "deleted" || len(r.Heads("deleted")) != 2 {
		t.Errorf("conflicts %s", jsonOf(cs))
	}
	// An update concurrent with a delete does not undo it, and is not silent: a conflict on
	// "deleted" (TestDeleteAgainstEdit).
	upd := op(authB, 1, 10, VV{authA: 1}, OpUpdate, sets("title", `"x"`), nil, nil)
	del2 := op(authC, 1, 5, VV{authA: 1}, OpDelete, nil, nil, nil)
	if r := bothOrders(t, []*Op{create()}, upd, del2); !r.Deleted() || string(r.Value("title")) != `"x"` || conflictFields(r) != "deleted" {
		t.Errorf("update concurrent with delete: deleted=%v conflicts %q", r.Deleted(), conflictFields(r))
	}
}

func TestApplyKindMismatch(t *testing.T) {
	r := applyAll(t, create())
	before := encodeRecord(t, r)
	o := op(authA, 2, 1, nil, OpUpdate, sets("title", `"x"`), nil, nil)
	o.Kind = "party"
	ch, err := r.Apply(o)
	if !errors.Is(err, ErrKindMismatch) || ch != nil {
		t.Fatalf("got %v, %v", ch, err)
	}
	if !strings.Contains(err.Error(), "is a commitment, the operation says party") {
		t.Errorf("message %q", err)
	}
	if encodeRecord(t, r) != before {
		t.Errorf("a refused operation changed the record")
	}
}

func TestApplyIdempotentForHeads(t *testing.T) {
	// Re-applying the operation that is the current head changes nothing.
	c := create()
	r := applyAll(t, c)
	before := encodeRecord(t, r)
	if ch := mustApply(t, r, c); ch != nil || encodeRecord(t, r) != before {
		t.Errorf("re-apply changed the record: %s", jsonOf(ch))
	}
}

func TestRecordEncodeDecode(t *testing.T) {
	r := bothOrders(t, []*Op{create()},
		op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("title", `"<b>&"`), elems("themes", `"root_causes"`), nil),
		op(authC, 1, 5, VV{authA: 1}, OpDelete, nil, nil, nil))
	b, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), `\u003c`) || !strings.HasPrefix(string(b), `{"id":"`+rec1+`","kind":"commitment","regs":{"$deleted":`) {
		t.Errorf("encoding %s", b)
	}
	r2, err := DecodeRecord(b)
	if err != nil {
		t.Fatal(err)
	}
	if b2, _ := r2.Encode(); string(b2) != string(b) {
		t.Errorf("decode/encode differs:\n%s\n%s", b, b2)
	}
	// Decoded records keep working.
	mustApply(t, r2, op(authA, 2, 20, VV{authB: 1, authC: 1}, OpRestore, nil, nil, nil))
	if r2.Deleted() {
		t.Errorf("restore on decoded record")
	}
	empty, err := DecodeRecord([]byte(`{"id":"x"}`))
	if err != nil || empty.Regs == nil {
		t.Errorf("DecodeRecord of an empty record: %v", err)
	}
	if _, err := DecodeRecord([]byte(`{`)); err == nil {
		t.Errorf("DecodeRecord accepted bad JSON")
	}
}
