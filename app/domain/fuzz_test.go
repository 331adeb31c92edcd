package domain

import (
	"encoding/json"
	"errors"
	"testing"
	"unicode/utf8"
)

// FuzzValidateJSON: any JSON object given as the fields of a commitment is validated
// without panicking, and every refusal is a *ValidationError naming at least one field.
// Seed corpus: testdata/fuzz/FuzzValidateJSON.
func FuzzValidateJSON(f *testing.F) {
	f.Add([]byte(`{"title":"x","status":"agreed"}`))
	f.Add([]byte(`{"title":"x","status":"maybe","due":"31/12/2026","funding":[{"amount":"12,5","currency":"EUR","state":"pledged"}]}`))
	f.Add([]byte(`{"status":"agreed","indicators":[{"name":"n","values":[{"actual":"3,5","as_of":"2021-01-01"}]}],"colour":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(b, &fields); err != nil {
			return
		}
		for _, lk := range []Lookup{nil, lookup} {
			err := Validate(KindCommitment, fields, lk)
			if err == nil {
				continue
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) || len(ve.Fields) == 0 {
				t.Fatalf("refusal is not a ValidationError with fields: %T %v", err, err)
			}
			for k, m := range ve.Fields {
				if m == "" {
					t.Fatalf("empty message for %q", k)
				}
				// Each message is its problem's words, for the screens to word the code instead.
				if p, ok := ve.Problems[k]; !ok || p.Text() != m {
					t.Fatalf("%q: %q is not the words of its problem %+v", k, m, p)
				}
			}
			_ = err.Error()
		}
	})
}

// FuzzControlChar: the scan of a field's JSON for control characters finds one exactly when
// the decoded strings hold one (tab, line feed and carriage return aside).
func FuzzControlChar(f *testing.F) {
	for _, s := range []string{`"a\u0000b"`, `"ok"`, "\"\x7f\"", `"C:\\u0000"`, `["x","y\u0085"]`, `{"a":"\u0009"}`, `"\ud83d\ude00"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var v any
		if json.Unmarshal(raw, &v) != nil || !utf8.Valid(raw) {
			return
		}
		var has func(any) bool
		has = func(v any) bool {
			switch x := v.(type) {
			case string:
				for _, r := range x {
					if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f {
						return true
					}
				}
			case []any:
				for _, e := range x {
					if has(e) {
						return true
					}
				}
			case map[string]any:
				for k, e := range x {
					if has(k) || has(e) {
						return true
					}
				}
			}
			return false
		}
		if _, got := controlChar(raw); got != has(v) {
			t.Fatalf("%q: scan says %v, decoded says %v", raw, got, has(v))
		}
	})
}
