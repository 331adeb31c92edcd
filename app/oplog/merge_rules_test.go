package oplog

import (
	"reflect"
	"slices"
	"strings"
	"testing"
)

// everyOrder applies the operations in every causal order (an operation after its author's
// earlier ones and everything it had seen, among those given), requires byte-identical
// records, and returns the record and the changes each operation reported in the first order.
func everyOrder(t *testing.T, ops ...*Op) (*Record, map[Ref][]Change) {
	t.Helper()
	var want string
	var first map[Ref][]Change
	orders := 0
	var walk func(done map[Ref]bool, order []*Op)
	walk = func(done map[Ref]bool, order []*Op) {
		if len(order) == len(ops) {
			r := NewRecord(rec1)
			changes := map[Ref][]Change{}
			for _, o := range order {
				changes[o.Ref()] = mustApply(t, r, o)
			}
			got := encodeRecord(t, r)
			if orders == 0 {
				want, first = got, changes
			} else if got != want {
				t.Fatalf("order %v gives\n%s\nthe first order gave\n%s", refs(order), got, want)
			}
			orders++
			return
		}
		for _, o := range ops {
			if done[o.Ref()] {
				continue
			}
			ready := true
			for _, p := range ops {
				if p != o && !done[p.Ref()] && sawWrite(o, p) {
					ready = false
				}
			}
			if ready {
				done[o.Ref()] = true
				walk(done, append(order, o))
				done[o.Ref()] = false
			}
		}
	}
	walk(map[Ref]bool{}, nil)
	r := NewRecord(rec1)
	for _, o := range ops { // one order, to return a record built the usual way
		mustApply(t, r, o)
	}
	if orders < 2 {
		t.Fatalf("only %d order", orders)
	}
	return r, first
}

func conflictFields(r *Record) string {
	var fs []string
	for _, c := range r.Conflicts() {
		fs = append(fs, c.Field)
	}
	return strings.Join(fs, ",")
}

// The same CSV imported at two places is two creates with the same values; renaming the record
// at one place is then a plain change, in every order.
func TestEqualFirstValuesAreOneWrite(t *testing.T) {
	a1 := op(authA, 1, 0, nil, OpCreate, sets("title", `"Return"`, "status", `"proposed"`), elems("themes", `"trafficking"`), nil)
	b1 := op(authB, 1, 1, nil, OpCreate, sets("title", `"Return"`, "status", `"proposed"`), elems("themes", `"trafficking"`), nil)
	a2 := op(authA, 2, 2, nil, OpUpdate, sets("title", `"Return and reintegration"`), nil, elems("themes", `"trafficking"`))
	r, _ := everyOrder(t, a1, b1, a2)
	if c := conflictFields(r); c != "" {
		t.Errorf("conflicts on %s after renaming a record imported twice", c)
	}
	if v := string(r.Value("title")); v != `"Return and reintegration"` || len(r.Heads("title")) != 1 {
		t.Errorf("title %s heads %s", v, jsonOf(r.Heads("title")))
	}
	// The theme both imports added and one place removed is gone: the twin add counts as seen.
	if v := string(r.Value("themes")); v != `[]` {
		t.Errorf("themes %s", v)
	}
	// B's create is kept as a twin until someone sees it, then as seen: one mark per author.
	if p := r.RegsPast["title"]; p == nil || len(p.Seen) != 1 || p.Seen[0].Author != authA || len(p.Twins) != 1 || p.Twins[0].Author != authB {
		t.Errorf("past of title %s", jsonOf(p))
	}
	// The status nobody changed: two equal heads, no conflict.
	if hs := r.Heads("status"); len(hs) != 2 || !hs[0].First || !hs[1].First {
		t.Errorf("status heads %s", jsonOf(hs))
	}

	// A third place that had received only B's create renames it too: a real disagreement.
	c1 := op(authC, 1, 3, VV{authB: 1}, OpUpdate, sets("title", `"Voluntary return"`), nil, nil)
	r, _ = everyOrder(t, a1, b1, a2, c1)
	if c := conflictFields(r); c != "title" {
		t.Errorf("conflicts %q, want title", c)
	}
	// Once someone has seen both renames and settled, B's twin is seen too: the past holds
	// every write replaced, one per author and value, and no twin.
	d1 := op(authD, 1, 4, VV{authA: 2, authB: 1, authC: 1}, OpResolve, sets("title", `"Voluntary return"`), nil, nil)
	r, _ = everyOrder(t, a1, b1, a2, c1, d1)
	if p := r.RegsPast["title"]; conflictFields(r) != "" || p == nil || len(p.Seen) != 4 || len(p.Twins) != 0 {
		t.Errorf("after resolve: conflicts %q past %s", conflictFields(r), jsonOf(p))
	}
}

// Equal values written concurrently after earlier ones (two delegates both marking a
// commitment agreed) are no conflict, and a later change that saw one of them replaces both:
// the other's value is exactly what it overwrote.
func TestEqualLaterValuesAreOneWrite(t *testing.T) {
	a1 := op(authA, 1, 0, nil, OpCreate, sets("title", `"Return"`, "status", `"proposed"`), nil, nil)
	a2 := op(authA, 2, 1, nil, OpUpdate, sets("status", `"agreed"`), nil, nil)
	b1 := op(authB, 1, 2, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	r, _ := everyOrder(t, a1, a2, b1)
	if conflictFields(r) != "" || len(r.Heads("status")) != 2 {
		t.Errorf("equal values: conflicts %q heads %s", conflictFields(r), jsonOf(r.Heads("status")))
	}
	a3 := op(authA, 3, 3, nil, OpUpdate, sets("status", `"delivered"`), nil, nil)
	r, _ = everyOrder(t, a1, a2, b1, a3)
	if hs := r.Heads("status"); conflictFields(r) != "" || len(hs) != 1 || hs[0].Seq != 3 || string(r.Value("status")) != `"delivered"` {
		t.Errorf("a change after one of two equal values: conflicts %q heads %s", conflictFields(r), jsonOf(hs))
	}
	// B's write stays a twin until B (or anyone) sees it; it is never a head again.
	if p := r.RegsPast["status"]; p == nil || len(p.Twins) != 1 || p.Twins[0].Author != authB {
		t.Errorf("past of status %s", jsonOf(p))
	}
	// The same when the change comes from a third place that had seen only A's value, and when
	// B changes it after seeing only its own.
	c1 := op(authC, 1, 4, VV{authA: 2}, OpUpdate, sets("status", `"in_progress"`), nil, nil)
	if r, _ := everyOrder(t, a1, a2, b1, c1); conflictFields(r) != "" || string(r.Value("status")) != `"in_progress"` {
		t.Errorf("third place: conflicts %q status %s", conflictFields(r), r.Value("status"))
	}
	b2 := op(authB, 2, 5, VV{authA: 1}, OpUpdate, sets("status", `"delivered"`), nil, nil)
	if r, _ := everyOrder(t, a1, a2, b1, b2); conflictFields(r) != "" || len(r.Heads("status")) != 1 {
		t.Errorf("B's change: conflicts %q heads %s", conflictFields(r), jsonOf(r.Heads("status")))
	}
	// Two later changes, each after one of the twins: equal, no conflict (two heads) ...
	if r, _ := everyOrder(t, a1, a2, b1, a3, b2); conflictFields(r) != "" || len(r.Heads("status")) != 2 {
		t.Errorf("equal later changes: conflicts %q heads %s", conflictFields(r), jsonOf(r.Heads("status")))
	}
	// ... different, a real conflict.
	b3 := op(authB, 2, 5, VV{authA: 1}, OpUpdate, sets("status", `"in_progress"`), nil, nil)
	if r, _ := everyOrder(t, a1, a2, b1, a3, b3); conflictFields(r) != "status" {
		t.Errorf("different later changes: conflicts %q", conflictFields(r))
	}
	// A twin that had seen more than the value the change overwrote is a decision of its own:
	// B set "agreed" over C's "in_progress", which A never saw, so A's change conflicts with it.
	c0 := op(authC, 1, 1, VV{authA: 1}, OpUpdate, sets("status", `"in_progress"`), nil, nil)
	bc := op(authB, 1, 2, VV{authA: 1, authC: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	if r, _ := everyOrder(t, a1, a2, c0, bc, a3); conflictFields(r) != "status" {
		t.Errorf("twin with a larger context: conflicts %q", conflictFields(r))
	}
	// A first value written again by someone who had seen it is a new decision, not a twin.
	b1 = op(authB, 1, 2, VV{authA: 1}, OpResolve, sets("title", `"Return"`), nil, nil)
	a2 = op(authA, 2, 3, nil, OpUpdate, sets("title", `"Return and reintegration"`), nil, nil)
	if r, _ := everyOrder(t, a1, b1, a2); conflictFields(r) != "title" {
		t.Errorf("conflicts %q", conflictFields(r))
	}
}

// A twin arriving long after the value it repeats was overwritten, several times over, is
// still recognised: a delegate offline since the create marks the commitment agreed, which
// the other place had done and moved past.
func TestLateTwinIsRecognised(t *testing.T) {
	a1 := op(authA, 1, 0, nil, OpCreate, sets("status", `"proposed"`), nil, nil)
	a2 := op(authA, 2, 1, nil, OpUpdate, sets("status", `"agreed"`), nil, nil)
	a3 := op(authA, 3, 2, nil, OpUpdate, sets("status", `"in_progress"`), nil, nil)
	a4 := op(authA, 4, 3, nil, OpUpdate, sets("status", `"agreed"`), nil, nil)
	a5 := op(authA, 5, 4, nil, OpUpdate, sets("status", `"delivered"`), nil, nil)
	b1 := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	r, _ := everyOrder(t, a1, a2, a3, a4, a5, b1)
	if conflictFields(r) != "" || string(r.Value("status")) != `"delivered"` {
		t.Errorf("conflicts %q status %s", conflictFields(r), r.Value("status"))
	}
	// A's first "agreed" is kept only as a sequence: its second has a larger context.
	if p := r.RegsPast["status"]; p == nil || !slices.Equal(p.Older[authA], []uint64{2}) {
		t.Errorf("past %s", jsonOf(p))
	}
}

// Twins must never leave a register without a value. Here each place's second decision saw a
// twin of the other's: P deleted then restored, Q restored then deleted. Both decisions stay,
// as a conflict.
func TestTwinsNeverEmptyARegister(t *testing.T) {
	a1 := op(authA, 1, 0, nil, OpCreate, sets("title", `"Return"`), nil, nil)
	p1 := op(authB, 1, 1, VV{authA: 1}, OpDelete, nil, nil, nil)
	q1 := op(authC, 1, 2, VV{authA: 1}, OpRestore, nil, nil, nil)
	q2 := op(authC, 2, 3, VV{authA: 1}, OpDelete, nil, nil, nil)
	p2 := op(authB, 2, 4, VV{authA: 1}, OpRestore, nil, nil, nil)
	r, _ := everyOrder(t, a1, p1, q1, q2, p2)
	hs := r.Regs[deletedField]
	if len(hs) != 2 || hs[0].Author != authB || string(hs[0].Value) != "false" || hs[1].Author != authC || string(hs[1].Value) != "true" {
		t.Fatalf("tombstone heads %s", jsonOf(hs))
	}
	if r.Deleted() || conflictFields(r) != "deleted" {
		t.Errorf("deleted %v conflicts %q", r.Deleted(), conflictFields(r))
	}
}

// An edit concurrent with a delete puts the record in conflict on "deleted": it stays deleted,
// and both sides can be kept.
func TestDeleteAgainstEdit(t *testing.T) {
	a1 := create()
	edit := op(authB, 1, 5, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	del := op(authC, 1, 3, VV{authA: 1}, OpDelete, nil, nil, nil)
	r, _ := everyOrder(t, a1, edit, del)
	if !r.Deleted() || string(r.Value("status")) != `"agreed"` {
		t.Fatalf("deleted %v status %s", r.Deleted(), r.Value("status"))
	}
	cs := r.Conflicts()
	if len(cs) != 1 || cs[0].Field != "deleted" || len(cs[0].Values) != 2 {
		t.Fatalf("conflicts %s", jsonOf(cs))
	}
	want := []Write{
		{Author: authC, Seq: 1, Clock: del.Clock, Value: raw("true"), First: true, Seen: VV{authA: 1}},
		{Author: authB, Seq: 1, Clock: edit.Clock, Value: raw("false")},
	}
	if !reflect.DeepEqual(cs[0].Values, want) || !reflect.DeepEqual(r.Heads("deleted"), want) {
		t.Errorf("sides %s, want %s", jsonOf(cs[0].Values), jsonOf(want))
	}
	// Keep the edit: a restore that has seen both brings the record back with it.
	restore := op(authA, 2, 9, VV{authB: 1, authC: 1}, OpRestore, nil, nil, nil)
	r, _ = everyOrder(t, a1, edit, del, restore)
	if r.Deleted() || conflictFields(r) != "" || string(r.Value("status")) != `"agreed"` {
		t.Errorf("restored: deleted %v conflicts %q status %s", r.Deleted(), conflictFields(r), r.Value("status"))
	}
	// Keep it deleted: a delete that has seen the edit.
	again := op(authA, 2, 9, VV{authB: 1, authC: 1}, OpDelete, nil, nil, nil)
	r, _ = everyOrder(t, a1, edit, del, again)
	if !r.Deleted() || conflictFields(r) != "" {
		t.Errorf("kept deleted: deleted %v conflicts %q", r.Deleted(), conflictFields(r))
	}
	// A delete that had seen the edit: no conflict.
	seenDel := op(authC, 1, 9, VV{authA: 1, authB: 1}, OpDelete, nil, nil, nil)
	if r := applyAll(t, a1, edit, seenDel); conflictFields(r) != "" {
		t.Errorf("delete after the edit: conflicts %q", conflictFields(r))
	}
	// The delete's own author's earlier edits are seen; a later one is not.
	own := op(authA, 2, 1, nil, OpUpdate, sets("title", `"x"`), nil, nil)
	ownDel := op(authA, 3, 2, nil, OpDelete, nil, nil, nil)
	if r := applyAll(t, a1, own, ownDel); conflictFields(r) != "" {
		t.Errorf("own delete: conflicts %q", conflictFields(r))
	}
	after := op(authA, 4, 3, nil, OpUpdate, sets("title", `"y"`), nil, nil)
	if r := applyAll(t, a1, own, ownDel, after); conflictFields(r) != "deleted" {
		t.Errorf("an edit of a deleted record made after the delete: conflicts %q", conflictFields(r))
	}
	// A set element added without knowing of the delete counts too; one side per author, its
	// latest change.
	add := op(authB, 2, 6, VV{authA: 1}, OpUpdate, nil, elems("themes", `"root_causes"`), nil)
	r, _ = everyOrder(t, a1, edit, add, del)
	if cs := r.Conflicts(); len(cs) != 1 || len(cs[0].Values) != 2 || cs[0].Values[1].Seq != 2 {
		t.Errorf("sides %s", jsonOf(cs))
	}
	// A value equal to one the delete had seen brings nothing new: no conflict.
	a2 := op(authA, 2, 1, nil, OpUpdate, sets("status", `"agreed"`), nil, nil)
	b1 := op(authB, 1, 2, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, nil)
	d := op(authC, 1, 3, VV{authA: 2}, OpDelete, nil, nil, nil)
	if r, _ := everyOrder(t, a1, a2, b1, d); !r.Deleted() || conflictFields(r) != "" {
		t.Errorf("equal value: deleted %v conflicts %q", r.Deleted(), conflictFields(r))
	}
	// Twin deletes: a restore that saw one of them restores the record, no conflict.
	d1 := op(authB, 1, 2, VV{authA: 1}, OpDelete, nil, nil, nil)
	d2 := op(authC, 1, 3, VV{authA: 1}, OpDelete, nil, nil, nil)
	res := op(authD, 1, 4, VV{authA: 1, authB: 1}, OpRestore, nil, nil, nil)
	if r, _ := everyOrder(t, a1, d1, d2, res); r.Deleted() || conflictFields(r) != "" {
		t.Errorf("twin deletes: deleted %v conflicts %q", r.Deleted(), conflictFields(r))
	}
}

// Add wins, and says so in the changes of whichever of the two is applied second.
func TestAddWinsIsReported(t *testing.T) {
	add := op(authB, 1, 5, VV{authA: 1}, OpUpdate, nil, elems("themes", `"trafficking"`, `"border_management"`), nil)
	rem := op(authC, 1, 9, VV{authA: 1}, OpUpdate, sets("status", `"agreed"`), nil, elems("themes", `"trafficking"`))
	// The removal applied second lost: its change names the element, the field is unchanged.
	r := applyAll(t, create(), add)
	ch := mustApply(t, r, rem)
	want := []Change{
		{Field: "status", Old: raw(`"proposed"`), New: raw(`"agreed"`)},
		{Field: "themes", Old: raw(`["border_management","trafficking"]`), New: raw(`["border_management","trafficking"]`),
			AddWins: []AddWin{{Element: raw(`"trafficking"`), Adder: authB, Remover: authC}}},
	}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("removal applied second: %s", jsonOf(ch))
	}
	// The add applied second beat the removal.
	r = applyAll(t, create(), rem)
	ch = mustApply(t, r, add)
	want = []Change{{Field: "themes", Old: raw(`[]`), New: raw(`["border_management","trafficking"]`),
		AddWins: []AddWin{{Element: raw(`"trafficking"`), Adder: authB, Remover: authC}}}}
	if !reflect.DeepEqual(ch, want) {
		t.Errorf("add applied second: %s", jsonOf(ch))
	}
	// Nothing is reported when the removal had seen the add.
	seen := op(authC, 1, 9, VV{authA: 1, authB: 1}, OpUpdate, nil, nil, elems("themes", `"trafficking"`))
	r = applyAll(t, create(), add)
	if ch := mustApply(t, r, seen); len(ch) != 1 || ch[0].AddWins != nil {
		t.Errorf("removal that had seen the add: %s", jsonOf(ch))
	}
}
