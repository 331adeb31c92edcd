package domain

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzValidateJSON: any JSON object given as the fields of a commitment is validated
// without panicking, and every refusal is a *ValidationError naming at least one field.
// Seed corpus: testdata/fuzz/FuzzValidateJSON.
func FuzzValidateJSON(f *testing.F) {
	f.Add([]byte(`{"title":"x","status":"agreed"}`))
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
			}
			_ = err.Error()
		}
	})
}
