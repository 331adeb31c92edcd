package domain

import (
	"encoding/json"
	"sort"
)

// Read decodes a stored record for display (country pages, briefs). Stored records passed
// Validate when they were written, but a newer installation may have written fields this
// version does not know, or in a shape it does not read: such a field is left out (and named
// in the result) rather than hiding the whole record, so every reader shows the same record.
// It returns nil only for an unknown kind.
func Read(kind Kind, fields map[string]json.RawMessage) (rec any, left []string) {
	known := make(map[string]json.RawMessage, len(fields))
	for name, v := range fields {
		if _, ok := FieldOf(kind, name); ok {
			known[name] = v
		} else {
			left = append(left, name)
		}
	}
	rec, verr := Decode(kind, known)
	if verr != nil && len(verr.Fields) > 0 {
		for name := range verr.Fields {
			delete(known, name)
			left = append(left, name)
		}
		rec, verr = Decode(kind, known)
	}
	if verr != nil {
		return nil, nil
	}
	sort.Strings(left)
	return rec, left
}
