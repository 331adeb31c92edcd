package service

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/identity"
)

// A refused record reaches the caller with each field's rule as a code and values, beside the
// English words made from them: the UI words the code, the CLI prints the words.
func TestInvalidRecordCarriesProblems(t *testing.T) {
	r := &Records{App: testApp(t)}
	cases := []struct {
		name   string
		kind   string
		fields map[string]json.RawMessage
		want   map[string]string // field -> code
	}{
		{"empty", "commitment", map[string]json.RawMessage{}, map[string]string{"title": "required", "status": "required"}},
		{"30 February", "commitment", map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`), "due": json.RawMessage(`"2026-02-30"`)},
			map[string]string{"due": "date_nonexistent"}},
		{"a status not in the list", "commitment", map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"maybe"`)},
			map[string]string{"status": "enum"}},
		{"an end before the start", "partnership", map[string]json.RawMessage{"title": json.RawMessage(`"P"`), "status": json.RawMessage(`"active"`),
			"type": json.RawMessage(`"bilateral"`), "start": json.RawMessage(`"2024-03-07"`), "end": json.RawMessage(`"2024-03-01"`)},
			map[string]string{"end": "end_before_start"}},
	}
	for _, c := range cases {
		_, err := r.Add(c.kind, c.fields)
		var se *Error
		if !errors.As(err, &se) || se.Code != CodeInvalid {
			t.Fatalf("%s: got %v, want an invalid error", c.name, err)
		}
		se = AsError(err)
		for f, code := range c.want {
			p, ok := se.Problems[f]
			if !ok || p.Code != code {
				t.Errorf("%s: %s: problem %+v, want code %q (fields %v)", c.name, f, p, code, se.Fields)
				continue
			}
			if se.Fields[f] != p.Text() {
				t.Errorf("%s: %s: words %q are not the problem's %q", c.name, f, se.Fields[f], p.Text())
			}
		}
		b, _ := json.Marshal(se)
		if !strings.Contains(string(b), `"problems":{`) {
			t.Errorf("%s: the wire error carries no problems: %s", c.name, b)
		}
	}
	_, err := r.Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`), "due": json.RawMessage(`"2026-02-30"`)})
	p := AsError(err).Problems["due"]
	if p.Params["day"] != "30" || p.Params["month"] != "2" || p.Params["year"] != "2026" || p.Params["days"] != "28" {
		t.Errorf("30 February's values: %v", p.Params)
	}
}

// Cutting an error to its bounds keeps the problems of the fields it keeps, and no other.
func TestBoundedKeepsProblemsOfKeptFields(t *testing.T) {
	e := &Error{Code: CodeInvalid, Message: "m", Fields: map[string]string{}, Problems: map[string]domain.Problem{}}
	for i := 0; i < MaxFields+20; i++ {
		f := fmt.Sprintf("f%03d", i)
		e.Fields[f], e.Problems[f] = "is required", domain.P("required")
	}
	out := AsError(e)
	if len(out.Problems) != MaxFields {
		t.Fatalf("%d problems after cutting to %d fields", len(out.Problems), MaxFields)
	}
	for f := range out.Problems {
		if _, ok := out.Fields[f]; !ok {
			t.Errorf("a problem for %s, a field cut away", f)
		}
	}
}

// A CSV row refused by a field rule names the rule as a code too, for the screen to word.
func TestCSVCellErrorsCarryProblems(t *testing.T) {
	app := testApp(t)
	rep, err := (&CSV{App: app}).Import("commitment", strings.NewReader("title,status,due\nA,agreed,2026-02-30\n,agreed,\n"))
	if err == nil {
		t.Fatal("a row with 30 February and one without a title were imported")
	}
	codes := map[string]string{}
	for _, e := range rep.Errors {
		if e.Problem == nil {
			t.Errorf("row %d, column %s: no problem code (%s)", e.Row, e.Column, e.Message)
			continue
		}
		codes[fmt.Sprintf("%d.%s", e.Row, e.Column)] = e.Problem.Code
		if e.Message != e.Problem.Text() {
			t.Errorf("row %d: words %q are not the problem's %q", e.Row, e.Message, e.Problem.Text())
		}
	}
	if codes["2.due"] != "date_nonexistent" || codes["3.title"] != "required" {
		t.Errorf("problem codes by row and column: %v", codes)
	}
}

// A refused name, role or delegation of a new identity carries its problem code too.
func TestIdentityFieldErrorsCarryProblems(t *testing.T) {
	for _, c := range []struct{ name, role, field, code string }{
		{"", "delegate", "name", "text_empty"},
		{"Amina", "admin", "role", "role_invalid"},
		{"Am\x00ina", "delegate", "name", "text_control"},
	} {
		_, err := identity.Create(t.TempDir(), c.name, c.role, "")
		if err == nil {
			t.Fatalf("%q %q: accepted", c.name, c.role)
		}
		se := AsError(err)
		if p := se.Problems[c.field]; p.Code != c.code || se.Fields[c.field] != p.Text() {
			t.Errorf("%q %q: problem %+v, fields %v; want %s on %s", c.name, c.role, se.Problems, se.Fields, c.code, c.field)
		}
	}
}
