package domain

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// The cases the frontend's listdiff.test.ts pinned when the rule lived there, one for one.

func eurLine(amount float64, state string, extra ...string) map[string]any {
	e := map[string]any{"amount": amount, "currency": "EUR", "state": state}
	for i := 0; i+1 < len(extra); i += 2 {
		e[extra[i]] = extra[i+1]
	}
	return e
}

func rawValues(t testing.TB, vs ...any) []json.RawMessage {
	out := make([]json.RawMessage, len(vs))
	for i, v := range vs {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = b
	}
	return out
}

// markList is a diff as "mark:part:part" per entry.
func markList(d []EntryDiff) []string {
	out := []string{}
	for _, x := range d {
		out = append(out, strings.Join(append([]string{string(x.Mark)}, x.Parts...), ":"))
	}
	return out
}

type list = []any

func TestDiffEntries(t *testing.T) {
	a1 := list{eurLine(1_000_000, "pledged"), eurLine(500_000, "disbursed", "as_of", "2026-11-30"), eurLine(70, "committed", "country", "p-libya")}
	b1 := list{eurLine(1_000_000, "pledged"), eurLine(600_000, "disbursed", "as_of", "2026-12-01")}
	retA := list{map[string]any{"name": "Returns", "unit": "people", "target": 60000, "values": list{map[string]any{"actual": 53000, "as_of": "2026-11-13"}}}, map[string]any{"name": "Trainings", "target": 10}}
	retB := list{map[string]any{"name": " returns ", "unit": "people", "target": 65000, "values": list{map[string]any{"actual": 54000, "as_of": "2026-11-20"}}}, map[string]any{"name": "Trainings", "target": 10}}
	for _, tc := range []struct {
		name   string
		field  string
		values []any
		index  int
		want   []string
	}{
		{"a line whose amount changed, equal lines same, the added one", "funding", list{a1, b1}, 0, []string{"same", "changed:amount:as_of", "added"}},
		{"and from the other side, the removed one", "funding", list{a1, b1}, 1, []string{"same", "changed:amount:as_of", "removed"}},
		{"a pledge that became a disbursement is one line whose state changed", "funding",
			list{list{eurLine(1_000_000, "pledged")}, list{eurLine(1_000_000, "disbursed", "as_of", "2026-12-01")}}, 0, []string{"changed:state:as_of"}},
		{"a line for another party or in another currency is another line", "funding",
			list{list{eurLine(10, "pledged", "country", "p-niger"), map[string]any{"amount": 10, "currency": "USD", "state": "pledged"}}, list{eurLine(10, "pledged", "country", "p-mali"), eurLine(10, "pledged")}},
			0, []string{"added", "added", "removed", "removed"}},
		{"two equal tranches stay two: a third one is added", "funding", list{list{eurLine(5, "pledged"), eurLine(5, "pledged"), eurLine(5, "pledged")}, list{eurLine(5, "pledged"), eurLine(5, "pledged")}}, 0, []string{"same", "same", "added"}},
		{"and removed from the other side", "funding", list{list{eurLine(5, "pledged"), eurLine(5, "pledged"), eurLine(5, "pledged")}, list{eurLine(5, "pledged"), eurLine(5, "pledged")}}, 1, []string{"same", "same", "removed"}},
		{"indicators by name, case and spaces aside, naming the parts", "indicators", list{retA, retB}, 0, []string{"changed:name:target:values", "same"}},
		{"the single value of earlier versions is a value", "indicators",
			list{list{map[string]any{"name": "Returns", "actual": 5, "as_of": "2026-01-01"}}, list{map[string]any{"name": "Returns", "actual": 5, "as_of": "2026-02-01"}}}, 0, []string{"changed:values"}},
		{"three values: same only when each other holds it equal", "funding",
			list{list{eurLine(1, "pledged"), eurLine(2, "committed")}, list{eurLine(1, "pledged"), eurLine(2, "committed")}, list{eurLine(1, "pledged")}}, 0, []string{"same", "added"}},
		{"three values, from the short one", "funding",
			list{list{eurLine(1, "pledged"), eurLine(2, "committed")}, list{eurLine(1, "pledged"), eurLine(2, "committed")}, list{eurLine(1, "pledged")}}, 2, []string{"same", "removed"}},
		{"an empty value has every entry of the other removed", "funding", list{nil, list{eurLine(1, "pledged")}}, 0, []string{"removed"}},
		// Two equal tranches the other value holds and this one lacks are two lines removed,
		// not one (the Conflicts screen and the brief said one tranche); alike in two other
		// values, an entry is still removed once.
		{"two equal tranches removed are two", "funding", list{nil, list{eurLine(5, "pledged"), eurLine(5, "pledged")}}, 0, []string{"removed", "removed"}},
		{"two equal tranches removed, a third value holding one of them", "funding",
			list{nil, list{eurLine(5, "pledged"), eurLine(5, "pledged")}, list{eurLine(5, "pledged")}}, 0, []string{"removed", "removed"}},
		{"one entry lacking here, held alike by two other values, is removed once", "funding",
			list{list{eurLine(1, "pledged")}, list{eurLine(1, "pledged"), eurLine(2, "pledged")}, list{eurLine(1, "pledged"), eurLine(2, "pledged")}}, 0, []string{"same", "removed"}},
		{"an equal line is matched wherever it stands, before pairing by identity", "funding",
			list{list{eurLine(5, "pledged"), eurLine(10, "pledged")}, list{eurLine(10, "pledged"), eurLine(7, "pledged")}}, 0, []string{"changed:amount", "same"}},
		{"a number is compared by its value", "funding", list{list{eurLine(1e6, "pledged")}, json.RawMessage(`[{"amount":1000000.0,"currency":"EUR","state":"pledged"}]`)}, 0, []string{"same"}},
		{"the difference in the fifth line shows", "funding",
			list{list{eurLine(1, "pledged"), eurLine(2, "pledged"), eurLine(3, "pledged"), eurLine(4, "pledged"), eurLine(5, "committed")},
				list{eurLine(1, "pledged"), eurLine(2, "pledged"), eurLine(3, "pledged"), eurLine(4, "pledged"), eurLine(6, "committed")}}, 0,
			[]string{"same", "same", "same", "same", "changed:amount"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := DiffEntries(tc.field, rawValues(t, tc.values...), tc.index)
			if m := markList(got); !slices.Equal(m, tc.want) {
				t.Fatalf("%q, want %q", m, tc.want)
			}
		})
	}
}

// A removed entry names where it stands: the other value's list and its index there.
func TestDiffEntriesPointsAtTheEntry(t *testing.T) {
	a := list{eurLine(1_000_000, "pledged"), eurLine(500_000, "disbursed", "as_of", "2026-11-30"), eurLine(70, "committed", "country", "p-libya")}
	b := list{eurLine(1_000_000, "pledged"), eurLine(600_000, "disbursed", "as_of", "2026-12-01")}
	d := DiffEntries("funding", rawValues(t, a, b), 1)
	if got := d[2]; got.Mark != EntryRemoved || got.Value != 0 || got.Entry != 2 {
		t.Fatalf("removed: %+v, want value 0 entry 2", got)
	}
	if got := d[1]; got.Value != 1 || got.Entry != 1 {
		t.Fatalf("changed: %+v, want value 1 entry 1", got)
	}
	// Equal lines first: the changed line of a is its first, the 5.
	d = DiffEntries("funding", rawValues(t, list{eurLine(5, "pledged"), eurLine(10, "pledged")}, list{eurLine(10, "pledged"), eurLine(7, "pledged")}), 0)
	if d[0].Entry != 0 || d[0].Mark != EntryChanged {
		t.Fatalf("%+v, want the 5 changed", d[0])
	}
	if DiffEntries("title", rawValues(t, "a", "b"), 0) != nil {
		t.Fatal("a field not diffed gives a diff")
	}
}

func TestOnlyOrderDiffers(t *testing.T) {
	for _, tc := range []struct {
		field  string
		values []any
		want   bool
	}{
		{"funding", list{list{eurLine(1, "pledged"), eurLine(2, "pledged")}, list{eurLine(2, "pledged"), eurLine(1, "pledged")}}, true},
		{"funding", list{list{eurLine(1, "pledged"), eurLine(2, "pledged")}, list{eurLine(1, "pledged"), eurLine(2, "pledged")}}, false},
		{"funding", list{list{eurLine(1, "pledged"), eurLine(2, "pledged")}, list{eurLine(2, "pledged"), eurLine(3, "pledged")}}, false},
		{"indicators", list{list{map[string]any{"name": "A"}, map[string]any{"name": "B"}}, list{map[string]any{"name": "B"}, map[string]any{"name": "A"}}}, true},
		{"title", list{"a", "b"}, false},
	} {
		if got := OnlyOrderDiffers(tc.field, rawValues(t, tc.values...)); got != tc.want {
			t.Errorf("%s %v: %v, want %v", tc.field, tc.values, got, tc.want)
		}
	}
}

// FuzzDiffEntries: any two values diff without panicking; each entry of a value stands once,
// in order, before the removed ones; a value diffed with itself is all alike; and the two
// sides agree: as many lines changed on each, and a side has removed entries exactly when
// the other has added ones.
func FuzzDiffEntries(f *testing.F) {
	f.Add(true, []byte(`[{"amount":1,"currency":"EUR","state":"pledged"},{"amount":2,"currency":"EUR","state":"pledged"}]`), []byte(`[{"amount":2,"currency":"EUR","state":"pledged"},{"amount":3,"currency":"EUR","state":"committed","as_of":"2026-01-01"}]`))
	f.Add(false, []byte(`[{"name":"Returns","actual":5},{"name":" returns ","values":[{"actual":1,"as_of":"2026-01-01"}]}]`), []byte(`[{"name":"RETURNS"},1,null,{"name":{"x":[1e400]}}]`))
	f.Add(true, []byte(`null`), []byte(`[{},{},{"country":"p"}]`))
	f.Fuzz(func(t *testing.T, funding bool, a, b []byte) {
		field := "indicators"
		if funding {
			field = "funding"
		}
		values := []json.RawMessage{a, b}
		rule := diffRules[field]
		count := map[EntryMark][2]int{}
		for side := range 2 {
			d := DiffEntries(field, values, side)
			mine := listEntries(values[side])
			if len(d) < len(mine) {
				t.Fatalf("side %d: %d marks for %d entries", side, len(d), len(mine))
			}
			for i, x := range d {
				if i < len(mine) {
					if x.Value != side || x.Entry != mine[i].i || x.Mark == EntryRemoved {
						t.Fatalf("side %d entry %d: %+v", side, i, x)
					}
				} else if x.Mark != EntryRemoved || x.Value != 1-side {
					t.Fatalf("side %d, after its entries: %+v", side, x)
				}
				if (x.Mark == EntryChanged) != (len(x.Parts) > 0) {
					t.Fatalf("parts %v on %s", x.Parts, x.Mark)
				}
				last := -1
				for _, p := range x.Parts {
					k := slices.Index(rule.parts, p)
					if k <= last {
						t.Fatalf("parts %v not in the rule's order %v", x.Parts, rule.parts)
					}
					last = k
				}
				c := count[x.Mark]
				c[side]++
				count[x.Mark] = c
			}
			for _, x := range DiffEntries(field, []json.RawMessage{values[side], values[side]}, 0) {
				if x.Mark != EntrySame {
					t.Fatalf("a value against itself: %+v", x)
				}
			}
		}
		if c := count[EntryChanged]; c[0] != c[1] {
			t.Fatalf("changed %d on one side, %d on the other", c[0], c[1])
		}
		for side := range 2 {
			if (count[EntryRemoved][side] > 0) != (count[EntryAdded][1-side] > 0) || count[EntryRemoved][side] > count[EntryAdded][1-side] {
				t.Fatalf("side %d: %d removed, the other %d added", side, count[EntryRemoved][side], count[EntryAdded][1-side])
			}
		}
		_ = OnlyOrderDiffers(field, values)
	})
}
