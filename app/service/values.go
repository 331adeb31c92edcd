package service

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"dossier/app/domain"
)

// ParseValue turns the text a person typed for a field (a CLI argument, a CSV cell) into its
// JSON value: free text as is (spaces around it kept; blank is empty), codes and other values
// trimmed; set-valued fields as a JSON array or items separated by ";" (party roles written
// PARTY-ID:ROLE); list fields (indicators, sessions, points, items) as JSON.
func ParseValue(kind domain.Kind, field, text string) (json.RawMessage, error) {
	f, ok := domain.FieldOf(kind, field)
	if !ok {
		names := []string{}
		for _, sf := range domain.Schema(kind) {
			names = append(names, sf.Name)
		}
		return nil, InvalidP(field, domain.P("unknown_field", "kind", string(kind), "fields", strings.Join(names, ", ")))
	}
	if f.FreeText() {
		// Free text is kept as written, so that a CSV round trip is exact: an exported cell that
		// starts with a tab or CR (neutralised, then un-neutralised on import) or with spaces
		// comes back the same. Only a blank cell is empty.
		if strings.TrimSpace(text) == "" {
			text = ""
		}
		b, _ := json.Marshal(text)
		return b, nil
	}
	text = strings.TrimSpace(text)
	switch f.Type {
	case domain.TypeSet:
		if strings.HasPrefix(text, "[") {
			return jsonValue(field, text)
		}
		parts := []any{}
		for _, p := range strings.Split(text, ";") {
			p = strings.TrimSpace(p)
			if p == "" {
				continue
			}
			if f.Elem == "party_role" {
				party, role, ok := SplitPartyRole(p)
				if !ok {
					return nil, InvalidP(field, domain.P("party_role_syntax", "value", p, "list", "party_role", "allowed", optionValues(f.Options)))
				}
				parts = append(parts, map[string]string{"party": strings.TrimSpace(party), "role": strings.TrimSpace(role)})
			} else {
				parts = append(parts, p)
			}
		}
		b, _ := json.Marshal(parts)
		return b, nil
	case domain.TypeList:
		if text == "" {
			return json.RawMessage("[]"), nil
		}
		if field == "points" && !strings.HasPrefix(text, "[") {
			b, _ := json.Marshal(strings.Split(text, "\n"))
			return b, nil
		}
		return jsonValue(field, text)
	}
	b, _ := json.Marshal(text)
	return b, nil
}

// SplitPartyRole cuts "PARTY:ROLE" at its last colon: roles have none, names may.
func SplitPartyRole(s string) (party, role string, ok bool) {
	i := strings.LastIndex(s, ":")
	if i < 0 {
		return "", "", false
	}
	return s[:i], s[i+1:], true
}

func optionValues(opts []domain.Option) string {
	vs := make([]string, len(opts))
	for i, o := range opts {
		vs[i] = o.Value
	}
	return strings.Join(vs, ", ")
}

// jsonExamples show, per list field, how its JSON is written.
var jsonExamples = map[string]string{
	"funding":  `[{"amount": 46300000, "currency": "EUR", "state": "pledged"}]`,
	"sessions": `[{"title": "Roundtable 4", "start": "2020-11-13T13:30:00+01:00"}]`,
	"contacts": `[{"name": "Migration desk", "function": "Ministry of Foreign Affairs", "email": "migration@mfa.gov.tn", "phone": "+216 71 000 000"}]`,
}

// jsonValue reads a cell written as JSON: it must be valid, and its numbers must be ones the
// store can hold (float64: 1e400 is not), so that the refusal names the cell, not the save.
func jsonValue(field, text string) (json.RawMessage, error) {
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	if err == nil {
		if _, more := dec.Token(); more != io.EOF {
			err = &json.SyntaxError{Offset: dec.InputOffset() + 1}
		}
	}
	if err != nil {
		ex, ok := jsonExamples[field]
		if !ok {
			ex = `[{"name": "Returns", "unit": "people", "values": [{"actual": 53000, "as_of": "2020-11-13"}]}]`
		}
		// Where it goes wrong, as a character of the cell: encoding/json counts bytes read.
		at := int64(len(text))
		var se *json.SyntaxError
		if errors.As(err, &se) {
			at = min(max(se.Offset, 1), at)
		}
		char := utf8.RuneCountInString(text[:at])
		return nil, InvalidP(field, domain.P("json_invalid", "value", text, "char", strconv.Itoa(max(char, 1)), "example", ex))
	}
	if n, ok := outOfRange(v); ok {
		return nil, InvalidP(field, domain.P("json_number_range", "value", n))
	}
	if k, ok := JSONKeyTwice(text); ok {
		return nil, InvalidP(field, domain.P("json_key_twice", "value", text, "key", k))
	}
	return json.RawMessage(text), nil
}

// JSONKeyTwice finds a key written twice in one object of valid JSON, escapes read
// ("amount" and "\u0061mount" are one key). encoding/json keeps the last silently, so a
// cell that reads "amount": 1000 to whoever looks at its start could store the 99999999
// written after it; a bundle's values are canonical and cannot hold one.
func JSONKeyTwice(text string) (string, bool) {
	twice := ""
	domain.ObjectKeys(text, func(k string, before map[string]bool) bool {
		if before[k] {
			twice = k
		}
		return twice == ""
	})
	return twice, twice != ""
}

// outOfRange finds a number too large for a float64 (what the store keeps).
func outOfRange(v any) (string, bool) {
	switch t := v.(type) {
	case json.Number:
		if _, err := t.Float64(); err != nil {
			return t.String(), true
		}
	case []any:
		for _, e := range t {
			if n, ok := outOfRange(e); ok {
				return n, true
			}
		}
	case map[string]any:
		for _, e := range t {
			if n, ok := outOfRange(e); ok {
				return n, true
			}
		}
	}
	return "", false
}

// FormatValue is the inverse of ParseValue for CSV export.
func FormatValue(f domain.Field, raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch f.Type {
	case domain.TypeSet:
		if f.Elem == "party_role" {
			var prs []domain.PartyRole
			if json.Unmarshal(raw, &prs) == nil {
				parts := make([]string, len(prs))
				for i, pr := range prs {
					parts[i] = pr.Party + ":" + pr.Role
				}
				return strings.Join(parts, "; ")
			}
		}
		var ss []string
		if json.Unmarshal(raw, &ss) == nil {
			return strings.Join(ss, "; ")
		}
	case domain.TypeList:
		if string(raw) == "[]" {
			return ""
		}
		return string(raw)
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// listHoldsRefs says whether the elements of a list (as its Columns describe them) hold
// references, directly or in a list inside them.
func listHoldsRefs(cols []domain.Field) bool {
	for _, c := range cols {
		if c.Type == domain.TypeRef || c.Type == domain.TypeList && listHoldsRefs(c.Columns) {
			return true
		}
	}
	return false
}

// mapListRefs rewrites each reference inside a list value, in order: fn gets where it is
// (the entries from 1 and the fields on the way, dot-separated: "2." or "1.values.3.", which
// domain.EntryPath words), its column and its text, and returns what to write instead. A value that is not a list of objects, or a reference that is not a
// non-empty string, is left as it is: the validator names the shape. The value is returned
// unchanged when fn changes nothing, else re-encoded (the store keeps the canonical form,
// object keys sorted, whatever the order here).
func mapListRefs(cols []domain.Field, raw json.RawMessage, where string, fn func(where string, col domain.Field, text string) string) json.RawMessage {
	var elems []map[string]json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return raw
	}
	changed := false
	for i, el := range elems {
		at := where + strconv.Itoa(i+1) + "."
		for _, c := range cols {
			v, ok := el[c.Name]
			if !ok {
				continue
			}
			switch {
			case c.Type == domain.TypeRef:
				var s string
				if json.Unmarshal(v, &s) != nil || strings.TrimSpace(s) == "" {
					continue
				}
				if out := fn(at, c, s); out != s {
					el[c.Name], changed = marshalText(out), true
				}
			case c.Type == domain.TypeList && listHoldsRefs(c.Columns):
				if out := mapListRefs(c.Columns, v, at+c.Name+".", fn); !bytes.Equal(out, v) {
					el[c.Name], changed = out, true
				}
			}
		}
	}
	if !changed {
		return raw
	}
	return marshalText(elems)
}

// ListHoldsRefs says whether a list field's elements hold references (a funding entry's
// country, an indicator value's country).
func ListHoldsRefs(f domain.Field) bool { return f.Type == domain.TypeList && listHoldsRefs(f.Columns) }

// MapListRefs rewrites each reference inside a list field's value with fn (the value is
// returned as it is when the field holds none, or fn changes nothing).
func MapListRefs(f domain.Field, raw json.RawMessage, fn func(id string) string) json.RawMessage {
	if !ListHoldsRefs(f) {
		return raw
	}
	return mapListRefs(f.Columns, raw, "", func(_ string, _ domain.Field, text string) string { return fn(text) })
}
