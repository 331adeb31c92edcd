package domain

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// blanks are texts that show nothing: each must be refused where a text is required, as an
// empty one is.
var blanks = map[string]string{
	"a space":                " ",
	"spaces":                 "     ",
	"a tab":                  "\t",
	"CR LF":                  "\r\n",
	"a line feed":            "\n",
	"no-break space":         "\u00a0",
	"narrow no-break space":  "\u202f",
	"ideographic space":      "\u3000",
	"em space and LF":        "\u2003\n",
	"zero-width space":       "\u200b",
	"byte-order mark":        "\ufeff",
	"a mix of all of them":   " \t\r\n\u00a0\u202f\u2028\u200b\u2060",
	"word joiner and spaces": "\u2060  ",
}

func TestIsBlank(t *testing.T) {
	for name, s := range blanks {
		if !IsBlank(s) {
			t.Errorf("%s %q: not blank", name, s)
		}
	}
	for _, s := range []string{"a", " a ", "\u00a0Libya\u00a0", "\t-", "·", "\u200bx", "0"} {
		if IsBlank(s) {
			t.Errorf("%q: blank", s)
		}
	}
	if !IsBlank("") {
		t.Error(`"" is not blank`)
	}
}

// requiredTexts lists the paths of the required texts of a struct type: JSON keys, "0" for
// the first entry of a list (every list of a valid example has one).
func requiredTexts(t reflect.Type, prefix []string) [][]string {
	var out [][]string
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := strings.Split(sf.Tag.Get("json"), ",")[0]
		rules := strings.Split(sf.Tag.Get("validate"), ",")
		path := append(append([]string{}, prefix...), name)
		switch {
		case sf.Type.Kind() == reflect.String && len(rules) > 0 && rules[0] == "required":
			out = append(out, path)
		case sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.String &&
			strings.Contains(sf.Tag.Get("validate"), "dive,required"):
			out = append(out, append(path, "0"))
		case sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct:
			out = append(out, requiredTexts(sf.Type.Elem(), append(path, "0"))...)
		}
	}
	return out
}

// withValue returns the JSON of v with the value at path (below its first key) set to s.
func withValue(t *testing.T, raw string, path []string, s string) string {
	t.Helper()
	if len(path) == 0 {
		b, _ := json.Marshal(s)
		return string(b)
	}
	var v any
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatal(err)
	}
	cur := v
	for i, k := range path {
		last := i == len(path)-1
		switch c := cur.(type) {
		case []any:
			n, _ := strconv.Atoi(k)
			if last {
				c[n] = s
			}
			cur = c[n]
		case map[string]any:
			if last {
				c[k] = s
			}
			cur = c[k]
		default:
			t.Fatalf("%s: no %s in %s", strings.Join(path, "."), k, raw)
		}
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// problemPath is a path as ValidationError names it: indicators[0].values[0].as_of.
func problemPath(path []string) string {
	var b strings.Builder
	for i, k := range path {
		if _, err := strconv.Atoi(k); err == nil && i > 0 {
			b.WriteString("[" + k + "]")
			continue
		}
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(k)
	}
	return b.String()
}

// Every required text of every kind, at the top of a record and inside its lists, refuses
// each kind of blank with the problem of an empty value ("is required"), whether the record
// is validated whole (a form, a created record) or the field alone (an update, a bundle's
// change, a CSV row that sets it).
func TestBlankRequiredTextIsRequired(t *testing.T) {
	for _, k := range Kinds {
		targets := requiredTexts(reflect.TypeOf(newRecord(k)).Elem(), nil)
		if len(targets) == 0 {
			t.Fatalf("%s: no required text found", k)
		}
		for _, path := range targets {
			at := problemPath(path)
			ex := validExamples[k]
			check := func(what string, s string) (Problem, string) {
				fields := fieldsOf(ex)
				fields[path[0]] = json.RawMessage(withValue(t, ex[path[0]], path[1:], s))
				var whole, alone *ValidationError
				if err := Validate(k, fields, lookup); !errors.As(err, &whole) {
					t.Fatalf("%s %s = %s %q: Validate gives %v", k, at, what, s, err)
				}
				// Twice alone: the second time must not be taken from ValidateFields' memo.
				for range 2 {
					err := ValidateFields(k, map[string]json.RawMessage{path[0]: fields[path[0]]}, lookup)
					if !errors.As(err, &alone) {
						t.Fatalf("%s %s = %s %q: ValidateFields gives %v", k, at, what, s, err)
					}
				}
				pw, pa := whole.Problem(at), alone.Problem(at)
				if pw.Code != pa.Code || whole.Fields[at] != alone.Fields[at] {
					t.Errorf("%s %s = %s: whole %v (%q), alone %v (%q)", k, at, what, pw, whole.Fields[at], pa, alone.Fields[at])
				}
				if len(whole.Fields) != 1 {
					t.Errorf("%s %s = %s: other problems too: %v", k, at, what, whole.Fields)
				}
				return pw, whole.Fields[at]
			}
			empty, emptyWords := check("empty", "")
			if empty.Code != "required" || !strings.Contains(emptyWords, "is required") {
				t.Errorf("%s %s empty: %v %q", k, at, empty, emptyWords)
			}
			for name, s := range blanks {
				if p, words := check(name, s); p.Code != empty.Code || words != emptyWords {
					t.Errorf("%s %s = %s: %v %q, want %v %q as for an empty value", k, at, name, p, words, empty, emptyWords)
				}
			}
		}
	}
}

// A text that is not blank is taken as written: spaces around a word are the author's.
func TestRequiredTextWithSpacesAroundIsKept(t *testing.T) {
	for _, s := range []string{" Rabat Process ", "\u00a0Libya", "\tKhartoum\r\n"} {
		b, _ := json.Marshal(s)
		if err := ValidateFields(KindPartnership, map[string]json.RawMessage{"title": b}, nil); err != nil {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// The memo of values found valid (enum and date fields) cannot let a blank through: a valid
// status remembered, then the same field blank, is refused; and a blank is never remembered.
func TestBlankIsNotRememberedValid(t *testing.T) {
	status := map[string]json.RawMessage{"status": json.RawMessage(`"active"`)}
	if err := ValidateFields(KindPartnership, status, nil); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		err := ValidateFields(KindPartnership, map[string]json.RawMessage{"status": json.RawMessage(`"\u00a0"`)}, nil)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Problem("status").Code != "required" {
			t.Fatalf("blank status: %v", err)
		}
	}
	if knownValid(KindPartnership, map[string]json.RawMessage{"status": json.RawMessage(`"\u00a0"`)}) {
		t.Error("a blank status was remembered valid")
	}
}

// A field added later with `required` and no `notblank` would accept a text of blanks again.
func TestEveryRequiredTextIsNotBlank(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(rt reflect.Type) {
		if seen[rt] {
			return
		}
		seen[rt] = true
		for i := 0; i < rt.NumField(); i++ {
			sf := rt.Field(i)
			tag := sf.Tag.Get("validate")
			text := sf.Type.Kind() == reflect.String || sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.String
			if text && strings.Contains(","+tag+",", ",required,") && !strings.Contains(tag, "required,notblank") {
				t.Errorf("%s.%s: validate %q: a required text needs notblank right after required", rt.Name(), sf.Name, tag)
			}
			if sf.Type.Kind() == reflect.Slice && sf.Type.Elem().Kind() == reflect.Struct {
				walk(sf.Type.Elem())
			}
		}
	}
	for _, k := range Kinds {
		walk(reflect.TypeOf(newRecord(k)).Elem())
	}
	walk(reflect.TypeOf(FrameworkItem{}))
	if len(seen) < 10 {
		t.Errorf("walked only %d types", len(seen))
	}
}

// A unit made of blanks is no unit: a figure still needs one.
func TestBlankUnitIsNoUnit(t *testing.T) {
	err := Validate(KindCommitment, fieldsOf(map[string]string{
		"title": `"Returns"`, "status": `"agreed"`,
		"indicators": `[{"name":"Returnees","unit":"\u00a0 ","target":4000}]`}), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problem("indicators[0].unit").Code != "unit_required" {
		t.Fatalf("blank unit: %v", err)
	}
}
