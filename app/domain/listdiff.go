package domain

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
	"strings"
)

// What differs between the values of a conflict on a list field (a commitment's funding or
// indicators), entry by entry, so that the Conflicts screen, the record page and the brief
// mark it instead of leaving a secretariat to compare two long lists by eye. One rule for
// all three: the service serves it with the conflict, the brief prints it; both word it.
//
// How an entry is matched across values (docs/model.md, "Conflicts on a list field"): first
// an equal entry, wherever it stands (so a reordered list shows nothing changed); then
//   - funding: by (party, currency, state), the k-th such line of one value with the k-th of
//     the other (two equal tranches stay two); then the lines left, by (party, currency), in
//     order, so a pledge that became a disbursement reads as one line whose state changed;
//   - indicators: by name (spaces around it and case aside), the k-th with the k-th.
//
// An entry unmatched is added (only in this value) or removed (in another value, not here).

// EntryMark is what an entry of one value is against the other value(s) of the conflict.
type EntryMark string

// The marks of an entry.
const (
	EntrySame    EntryMark = "same"    // each other value holds it alike
	EntryAdded   EntryMark = "added"   // only in this value (or alike only where another holds it)
	EntryChanged EntryMark = "changed" // matched in another value, with parts that differ
	EntryRemoved EntryMark = "removed" // in another value, with no match in this one
)

// EntryDiff is one entry of a value of a conflict on a list field, marked against the other
// value(s). The entry itself is Values[Value][Entry] of the conflict: this value's, or for
// "removed" another's.
type EntryDiff struct {
	Mark EntryMark `json:"mark"`
	// Parts are, for "changed", the parts that differ, in the rule's order: funding amount,
	// state, instrument, as_of, source; indicators name, unit, baseline, target, since,
	// values, source, note.
	Parts []string `json:"parts,omitempty"`
	Value int      `json:"value"` // the index of the value the entry stands in
	Entry int      `json:"entry"` // its index in that value's list
}

// diffRule is how the entries of one list field are matched and compared.
type diffRule struct {
	keys  []func(e map[string]any) string // tried in order: an entry is matched by the first key that finds a partner
	parts []string                        // the parts compared, in the order they are named
	part  func(e map[string]any, p string) string
}

var diffRules = map[string]diffRule{
	"funding": {
		keys: []func(map[string]any) string{wholeOf,
			func(e map[string]any) string {
				return scalar(e["country"]) + "\x00" + scalar(e["currency"]) + "\x00" + scalar(e["state"])
			},
			func(e map[string]any) string { return scalar(e["country"]) + "\x00" + scalar(e["currency"]) }},
		parts: []string{"amount", "state", "instrument", "as_of", "source"},
		part:  func(e map[string]any, p string) string { return scalar(e[p]) },
	},
	"indicators": {
		keys:  []func(map[string]any) string{wholeOf, func(e map[string]any) string { return strings.ToLower(strings.TrimSpace(scalar(e["name"]))) }},
		parts: []string{"name", "unit", "baseline", "target", "since", "values", "source", "note"},
		part: func(e map[string]any, p string) string {
			if p == "values" {
				// The single value of earlier versions is one more value of the series.
				return whole([]any{e["actual"], e["as_of"], orEmpty(e["values"])})
			}
			return scalar(e[p])
		},
	},
}

// IsDiffed says whether a conflict on field is diffed entry by entry; other fields are shown whole.
func IsDiffed(field string) bool {
	_, ok := diffRules[field]
	return ok
}

// listEntry is one object of a list value and its index in the list.
type listEntry struct {
	i int
	e map[string]any
}

// listEntries reads a list value's objects; anything else (not a list, an entry that is not
// an object) counts as nothing, as a value the domain would refuse.
func listEntries(raw json.RawMessage) []listEntry {
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	var out []listEntry
	for i, it := range items {
		d := json.NewDecoder(bytes.NewReader(it))
		d.UseNumber()
		var e map[string]any
		if d.Decode(&e) != nil || e == nil {
			continue
		}
		out = append(out, listEntry{i, e})
	}
	return out
}

// DiffEntries marks each entry of values[index] against every other value: same when an
// equal entry stands in each of them; added when none holds a matching entry; changed
// otherwise, with the parts that differ from those that hold one (or added, when the ones
// that match are equal and another value lacks it). Then the entries of the other values with
// no match here, marked removed (an entry alike in several values once, as many times as one
// of them holds it). Nil for a field not diffed.
func DiffEntries(field string, values []json.RawMessage, index int) []EntryDiff {
	rule, ok := diffRules[field]
	if !ok || index < 0 || index >= len(values) {
		return nil
	}
	lists := make([][]listEntry, len(values))
	for i, v := range values {
		lists[i] = listEntries(v)
	}
	return diffEntries(rule, lists, index)
}

func diffEntries(rule diffRule, lists [][]listEntry, index int) []EntryDiff {
	mine := lists[index]
	matched := make([]int, len(mine))
	parts := make([]map[string]bool, len(mine))
	out := []EntryDiff{}
	var removed []EntryDiff
	// An entry lacking here is removed as many times as one other value holds it unmatched:
	// two equal tranches are two lines, and an entry alike in two other values is one.
	removedN := map[string]int{}
	others := 0
	for vi, other := range lists {
		if vi == index {
			continue
		}
		others++
		m := pair(rule, mine, other)
		back := make([]bool, len(other))
		for i, j := range m {
			if j < 0 {
				continue
			}
			back[j] = true
			matched[i]++
			for _, p := range rule.parts {
				if rule.part(mine[i].e, p) != rule.part(other[j].e, p) {
					if parts[i] == nil {
						parts[i] = map[string]bool{}
					}
					parts[i][p] = true
				}
			}
		}
		here := map[string]int{}
		for j, e := range other {
			if back[j] {
				continue
			}
			k := wholeOf(e.e)
			if here[k]++; here[k] > removedN[k] {
				removedN[k] = here[k]
				removed = append(removed, EntryDiff{Mark: EntryRemoved, Value: vi, Entry: e.i})
			}
		}
	}
	for i, e := range mine {
		d := EntryDiff{Value: index, Entry: e.i}
		for _, p := range rule.parts {
			if parts[i][p] {
				d.Parts = append(d.Parts, p)
			}
		}
		switch {
		case len(d.Parts) > 0:
			d.Mark = EntryChanged
		case matched[i] == others:
			d.Mark = EntrySame
		default:
			d.Mark = EntryAdded
		}
		out = append(out, d)
	}
	return append(out, removed...)
}

// pair pairs the entries of a with those of b: for each index of a, the index in b or -1.
func pair(rule diffRule, a, b []listEntry) []int {
	match := make([]int, len(a))
	for i := range match {
		match[i] = -1
	}
	taken := make([]bool, len(b))
	for _, key := range rule.keys {
		free := map[string][]int{}
		for j, e := range b {
			if !taken[j] {
				k := key(e.e)
				free[k] = append(free[k], j)
			}
		}
		for i, e := range a {
			if match[i] >= 0 {
				continue
			}
			k := key(e.e)
			q := free[k]
			if len(q) == 0 {
				continue
			}
			match[i], taken[q[0]], free[k] = q[0], true, q[1:]
		}
	}
	return match
}

// OnlyOrderDiffers says whether the values hold the same entries alike and differ only in
// their order: every entry of each is then "same", and the entries are shown in order,
// unfolded, saying so, rather than folding everything into a conflict that shows no difference.
func OnlyOrderDiffers(field string, values []json.RawMessage) bool {
	rule, ok := diffRules[field]
	if !ok {
		return false
	}
	lists := make([][]listEntry, len(values))
	for i, v := range values {
		lists[i] = listEntries(v)
	}
	orders := map[string]bool{}
	for i, l := range lists {
		for _, d := range diffEntries(rule, lists, i) {
			if d.Mark != EntrySame {
				return false
			}
		}
		var b strings.Builder
		for _, e := range l {
			b.WriteString(wholeOf(e.e))
			b.WriteByte(',')
		}
		orders[b.String()] = true
	}
	return len(orders) > 1
}

// wholeOf is an entry as a whole, its keys in order: equal entries, equal texts.
func wholeOf(e map[string]any) string { return whole(e) }

func whole(v any) string {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kb, _ := json.Marshal(k)
			b.Write(kb)
			b.WriteByte(':')
			b.WriteString(whole(x[k]))
		}
		b.WriteByte('}')
		return b.String()
	case []any:
		s := make([]string, len(x))
		for i, e := range x {
			s[i] = whole(e)
		}
		return "[" + strings.Join(s, ",") + "]"
	case json.Number:
		return number(x)
	case nil:
		return "null"
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// scalar is a part's value as compared: a text as written, a number by its value (1e6 is
// 1000000), nothing as "", a list or an object as a whole.
func scalar(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return number(x)
	case bool:
		return strconv.FormatBool(x)
	}
	return whole(v)
}

// number is a JSON number by its value, as a float64 (what every number the domain holds is).
func number(n json.Number) string {
	if f, err := n.Float64(); err == nil {
		return strconv.FormatFloat(f, 'g', -1, 64)
	}
	return n.String()
}

func orEmpty(v any) any {
	if v == nil {
		return []any{}
	}
	return v
}
