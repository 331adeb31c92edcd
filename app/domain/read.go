package domain

import (
	"encoding/json"
	"reflect"
	"sort"
)

// Read decodes a stored record for display and for the store's index (country pages, briefs,
// index summaries): the one reader of stored records. Stored records passed Validate when they
// were written, but a newer installation may have written fields this version does not know,
// or in a shape it does not read: such a field is left out (and named in left) rather than
// hiding the whole record, so every reader shows the same record. A field whose objects only
// carry members this version does not know (a newer version's funding entry with a field of
// its own) is read without them, and named in left too. It returns nil only for an unknown kind.
func Read(kind Kind, fields map[string]json.RawMessage) (rec any, left []string) {
	rec, verr := Decode(kind, fields)
	if verr == nil {
		return rec, nil // nearly every record: one decode, no copy of the fields
	}
	if len(verr.Fields) == 0 {
		return nil, nil // an unknown kind
	}
	known := make(map[string]json.RawMessage, len(fields))
	for name, v := range fields {
		if _, bad := verr.Fields[name]; bad {
			left = append(left, name)
		} else {
			known[name] = v
		}
	}
	if rec, verr = Decode(kind, known); verr != nil {
		return nil, nil // not reached: each field decodes on its own
	}
	for _, name := range left {
		readIgnoringUnknown(rec, kind, name, fields[name])
	}
	sort.Strings(left)
	return rec, left
}

// readIgnoringUnknown sets a known field that Decode refused from its value read as
// encoding/json reads it, ignoring object members it does not know; a value of another shape
// (a string for a list, a string for a number) leaves the field empty.
func readIgnoringUnknown(rec any, kind Kind, name string, raw json.RawMessage) {
	f, ok := FieldOf(kind, name)
	if !ok {
		return
	}
	field := reflect.ValueOf(rec).Elem().Field(f.index)
	v := reflect.New(field.Type())
	if json.Unmarshal(raw, v.Interface()) == nil {
		field.Set(v.Elem())
	}
}
