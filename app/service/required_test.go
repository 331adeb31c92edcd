package service

import (
	"encoding/json"
	"errors"
	"testing"

	"dossier/app/domain"
)

// An empty form and a partly filled one are both told every missing required field on the
// first submit, not one field per submit.
func TestAddNamesEveryRequiredField(t *testing.T) {
	r := &Records{App: testApp(t)}
	for _, k := range domain.Kinds {
		var want []string
		for _, f := range domain.Schema(k) {
			if f.Required {
				want = append(want, f.Name)
			}
		}
		for _, c := range []struct {
			name   string
			fields map[string]json.RawMessage
		}{
			{"empty", map[string]json.RawMessage{}},
			{"blanks", map[string]json.RawMessage{"title": json.RawMessage(`""`), "status": json.RawMessage(`null`)}},
		} {
			_, err := r.Add(string(k), c.fields)
			var se *Error
			if !errors.As(err, &se) || se.Code != CodeInvalid {
				t.Fatalf("%s %s: got %v, want an invalid error", k, c.name, err)
			}
			for _, n := range want {
				if se.Fields[n] != "is required" {
					t.Errorf("%s %s: field %s: got %q, want \"is required\" (all: %v)", k, c.name, n, se.Fields[n], se.Fields)
				}
			}
		}
	}
	// With the title given, the other required fields are still all named.
	_, err := r.Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"Return desk"`)})
	var se *Error
	if !errors.As(err, &se) || se.Fields["status"] == "" || se.Fields["title"] != "" {
		t.Fatalf("commitment with title only: got %v", err)
	}
}
