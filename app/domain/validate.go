package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	_ "time/tzdata"
	"unicode"
	"unicode/utf8" // time zones must validate on machines without a zoneinfo database

	"github.com/go-playground/validator/v10"

	"dossier/app/internal/textcap"
)

// ErrInvalid is the sentinel every validation failure wraps.
var ErrInvalid = errors.New("invalid record")

// ValidationError lists, per field, what is wrong: as a Problem (a code and its values, which
// the UI words in the reader's language) and in plain English words (Fields, from the same
// Problem). Field names are the JSON names, with a path for nested values
// ("indicators[0].unit").
type ValidationError struct {
	Kind     Kind
	Fields   map[string]string
	Problems map[string]Problem `json:"-"`
}

// Set records a field's problem, both as code and as English text, unless the field already
// has one (the first rule broken is the one told).
func (e *ValidationError) Set(field string, p Problem) {
	if _, seen := e.Fields[field]; seen {
		return
	}
	if e.Fields == nil {
		e.Fields = map[string]string{}
	}
	if e.Problems == nil {
		e.Problems = map[string]Problem{}
	}
	e.Fields[field] = p.Text()
	e.Problems[field] = p
}

// Problem returns a field's problem; a message without one (built by hand) is told as the
// code "text" carrying the English.
func (e *ValidationError) Problem(field string) Problem {
	if p, ok := e.Problems[field]; ok {
		return p
	}
	return P("text", "text", e.Fields[field])
}

// ProblemErr builds a one-field validation error.
func ProblemErr(kind Kind, field string, p Problem) *ValidationError {
	e := &ValidationError{Kind: kind}
	e.Set(field, p)
	return e
}

func (e *ValidationError) Error() string {
	names := make([]string, 0, len(e.Fields))
	for n := range e.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names)) // an imported change may name thousands of fields: show a few
	for i, n := range names[:min(len(names), textcap.Items)] {
		parts[i] = n + ": " + e.Fields[n]
	}
	return fmt.Sprintf("%s is not valid: %s", e.Kind, textcap.Join(parts, "; ", textcap.Items))
}

func (e *ValidationError) Unwrap() error { return ErrInvalid }

// FieldErr builds a one-field validation error from English words alone (no code: the UI
// shows the words as they are). Prefer ProblemErr.
func FieldErr(kind Kind, field, msg string) *ValidationError {
	return &ValidationError{Kind: kind, Fields: map[string]string{field: msg}}
}

// Lookup answers the questions validation asks of the store.
type Lookup interface {
	// KindOf returns the kind of a live (not deleted) record.
	KindOf(id string) (Kind, bool)
	// FrameworkItemExists reports whether a framework record defines the item code.
	FrameworkItemExists(code string) bool
}

var (
	validate   = newValidator()
	dateRE     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	codeRE     = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	activeLkp  Lookup // set only while validateMu is held: validator rules cannot take arguments
	validateMu sync.Mutex
)

func newValidator() *validator.Validate {
	v := validator.New(validator.WithRequiredStructEnabled())
	v.RegisterTagNameFunc(func(f reflect.StructField) string {
		return strings.Split(f.Tag.Get("json"), ",")[0]
	})
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(v.RegisterValidation("date", func(fl validator.FieldLevel) bool { return IsDate(fl.Field().String()) }))
	must(v.RegisterValidation("datetime", func(fl validator.FieldLevel) bool { return IsDateTime(fl.Field().String()) }))
	must(v.RegisterValidation("date_or_datetime", func(fl validator.FieldLevel) bool {
		return IsDate(fl.Field().String()) || IsDateTime(fl.Field().String())
	}))
	must(v.RegisterValidation("currency", func(fl validator.FieldLevel) bool {
		_, ok := currencyByCode[fl.Field().String()]
		return ok
	}))
	must(v.RegisterValidation("amount", func(fl validator.FieldLevel) bool { return validAmount(fl.Field().Float()) }))
	must(v.RegisterValidation("indicator_value", func(fl validator.FieldLevel) bool { return validIndicatorValue(fl.Field().Float()) }))
	// An amount has no more decimals than its currency has minor units (2 for EUR, 3 for TND,
	// 0 for JPY). Checked on the entry, which is always written whole, so imported changes
	// that write only the funding field are held to it too.
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		f := sl.Current().Interface().(Funding)
		if c, ok := currencyByCode[f.Currency]; ok && f.Amount != nil && validAmount(*f.Amount) {
			switch {
			case decimals(*f.Amount) > c.Decimals:
				sl.ReportError(f.Amount, "amount", "Amount", "amount_decimals", f.Currency)
			case *f.Amount > maxAmountIn(c):
				sl.ReportError(f.Amount, "amount", "Amount", "amount_exact", f.Currency)
			}
		}
	}, Funding{})
	must(v.RegisterValidation("iso3", func(fl validator.FieldLevel) bool {
		c, ok := countryByAlpha3[fl.Field().String()]
		return ok && c.Alpha3 == fl.Field().String()
	}))
	must(v.RegisterValidation("code", func(fl validator.FieldLevel) bool { return codeRE.MatchString(fl.Field().String()) }))
	must(v.RegisterValidation("enum", func(fl validator.FieldLevel) bool {
		return hasValue(enumLists[fl.Param()], fl.Field().String())
	}))
	must(v.RegisterValidation("framework_item", func(fl validator.FieldLevel) bool {
		code := fl.Field().String()
		if _, ok := referenceItems[code]; ok {
			return true
		}
		return activeLkp != nil && activeLkp.FrameworkItemExists(code)
	}))
	must(v.RegisterValidation("timezone", func(fl validator.FieldLevel) bool { return IsTimeZone(fl.Field().String()) }))
	must(v.RegisterValidation("email_address", func(fl validator.FieldLevel) bool { return IsEmail(fl.Field().String()) }))
	must(v.RegisterValidation("phone", func(fl validator.FieldLevel) bool { return IsPhone(fl.Field().String()) }))
	must(v.RegisterValidation("file_name", func(fl validator.FieldLevel) bool { return IsFileName(fl.Field().String()) }))
	must(v.RegisterValidation("media_type", func(fl validator.FieldLevel) bool { return IsMediaType(fl.Field().String()) }))
	must(v.RegisterValidation("sha256_hex", func(fl validator.FieldLevel) bool { return IsSHA256(fl.Field().String()) }))
	must(v.RegisterValidation("key_id", func(fl validator.FieldLevel) bool { return keyIDRE.MatchString(fl.Field().String()) }))
	// notblank follows required on every required text: a title of spaces or line breaks is
	// as missing as an empty one (it lists as an empty row), and is reported as "required".
	// A tag of its own because validator/v10 does not let required be registered again.
	must(v.RegisterValidation("notblank", func(fl validator.FieldLevel) bool { return !IsBlank(fl.Field().String()) }))
	return v
}

// IsBlank reports whether s shows nothing: it is empty or made only of Unicode white space
// (spaces, tabs, line breaks, U+00A0, U+202F…) and the zero-width characters U+200B–U+200D,
// U+2060 and U+FEFF. A required text that is blank is missing (the rule notblank).
func IsBlank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !(r >= 0x200b && r <= 0x200d) && r != 0x2060 && r != 0xfeff {
			return false
		}
	}
	return true
}

// IsDate reports whether s is a calendar date written YYYY-MM-DD.
func IsDate(s string) bool {
	if !dateRE.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

var (
	wellFormedDate     = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})$`)
	wellFormedDateTime = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$`)
)

// impossibleDate explains a date or date-time that is written in the right shape but names
// a day or time that does not exist ("2026-02-30"): telling its writer to "write it as
// YYYY-MM-DD", which they did, would not help. It returns "" for anything else.
func impossibleDate(s string) (Problem, bool) {
	m := wellFormedDate.FindStringSubmatch(s)
	if m == nil {
		m = wellFormedDateTime.FindStringSubmatch(s)
	}
	if m == nil {
		return Problem{}, false
	}
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	y, mo, d := n[1], n[2], n[3]
	if mo < 1 || mo > 12 {
		return P("month_invalid", "value", s, "month", m[2]), true
	}
	month := time.Month(mo)
	last := time.Date(y, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 {
		return P("day_zero", "value", s), true
	}
	if d > last {
		return P("date_nonexistent", "value", s, "day", strconv.Itoa(d), "month", strconv.Itoa(int(month)), "year", strconv.Itoa(y), "days", strconv.Itoa(last)), true
	}
	if len(m) > 4 {
		switch {
		case n[4] > 23:
			return P("hour_invalid", "value", s, "hour", m[4], "minute", m[5]), true
		case n[5] > 59:
			return P("minute_invalid", "value", s, "hour", m[4], "minute", m[5]), true
		case n[6] > 59: // a leap second (:60) too: Go's time, and so every clock here, has none
			return P("second_invalid", "value", s, "hour", m[4], "minute", m[5], "second", m[6]), true
		}
	}
	return Problem{}, false
}

// slashedDate is a date written with slashes, as a spreadsheet set to a European or an
// American locale saves it in a CSV file: 13/02/2024, 2/3/2024, 12/31/2026.
var slashedDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})$`)

// slashedDateProblem explains a date written with slashes (docs/csv.md, "Dates"): the day it
// names read day first, or month first, and the YYYY-MM-DD to write. It is refused either
// way, and never read: 02/03/2024 is 2 March in Paris and London and 3 February in
// Washington, and nothing in a file says which. When both readings are real days (and
// differ), the problem gives both; a reading that names no day is left out, so 13/02/2024
// can only be 13 February. false when neither reading is a day.
func slashedDateProblem(s string) (Problem, bool) {
	m := slashedDate.FindStringSubmatch(s)
	if m == nil {
		return Problem{}, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	day := func(d, mo int) (string, bool) {
		t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
		return t.Format(time.DateOnly), mo >= 1 && mo <= 12 && d >= 1 && t.Day() == d
	}
	dayFirst, okDM := day(a, b)
	monthFirst, okMD := day(b, a)
	switch {
	case okDM && okMD && a != b:
		return P("date_ambiguous", "value", s, "year", m[3],
			"day", strconv.Itoa(a), "month", strconv.Itoa(b), "date", dayFirst,
			"day2", strconv.Itoa(b), "month2", strconv.Itoa(a), "date2", monthFirst), true
	case okDM:
		return P("date_day_first", "value", s, "day", strconv.Itoa(a), "month", strconv.Itoa(b), "year", m[3], "date", dayFirst), true
	case okMD:
		return P("date_month_first", "value", s, "day", strconv.Itoa(b), "month", strconv.Itoa(a), "year", m[3], "date", monthFirst), true
	}
	return Problem{}, false
}

// DateProblem says why s, given where a date (YYYY-MM-DD) is wanted, is not one: a day that
// does not exist, a date written with slashes (day or month first), or another shape. The
// fields of records (through the validator) and the date options of lists, briefs and the
// audit all word a bad date by it. The zero Problem and false for a date.
func DateProblem(s string) (Problem, bool) {
	if IsDate(s) {
		return Problem{}, false
	}
	return dateProblem(s, "date"), true
}

// dateProblem words a value refused by the rule tag ("date", "datetime" or
// "date_or_datetime").
func dateProblem(v, tag string) Problem {
	if p, ok := impossibleDate(v); ok {
		return p
	}
	// A date a spreadsheet wrote with slashes: said so, with the date to write. Not for a
	// date and time, whose answer is not a date.
	if p, ok := slashedDateProblem(v); ok && tag != "datetime" {
		return p
	}
	return P(tag+"_invalid", "value", v)
}

// IsTimeZone reports whether s is an IANA time-zone name known to Go's embedded database.
func IsTimeZone(s string) bool {
	_, err := time.LoadLocation(s)
	return err == nil && s != "Local" && s != ""
}

// IsDateTime reports whether s is an RFC 3339 date and time with an offset.
func IsDateTime(s string) bool {
	_, err := time.Parse(time.RFC3339, s)
	return err == nil
}

// Decode turns stored field values into the typed record, collecting one message per field
// whose JSON has the wrong shape (unknown fields included).
func Decode(kind Kind, fields map[string]json.RawMessage) (any, *ValidationError) {
	rec := newRecord(kind)
	if rec == nil {
		return nil, ProblemErr(kind, "kind", P("unknown_kind", "value", string(kind), "kinds", kindList()))
	}
	verr := &ValidationError{Kind: kind, Fields: map[string]string{}}
	rv := reflect.ValueOf(rec).Elem()
	for name, raw := range fields {
		f, ok := FieldOf(kind, name)
		if !ok {
			verr.Set(name, P("unknown_field", "kind", string(kind), "fields", strings.Join(fieldNames(kind), ", ")))
			continue
		}
		if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
			continue
		}
		if setPlain(rv.Field(f.index), raw) {
			continue
		}
		target := reflect.New(rv.Field(f.index).Type())
		dec := json.NewDecoder(bytes.NewReader(raw))
		dec.DisallowUnknownFields()
		if err := dec.Decode(target.Interface()); err != nil {
			if p, ok := entryProblem(f, raw); ok {
				verr.Set(name, p)
			} else {
				verr.Set(name, shapeProblem(f, err))
			}
			continue
		}
		if _, err := dec.Token(); err != io.EOF {
			verr.Set(name, shapeProblem(f, errors.New("more than one value")))
			continue
		}
		if k, plain, ok := lookalikeKey(raw); ok {
			verr.Set(name, P("json_key_lookalike", "key", k, "name", plain))
			continue
		}
		rv.Field(f.index).Set(target.Elem())
	}
	if len(verr.Fields) > 0 {
		return nil, verr
	}
	return rec, nil
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// setPlain sets a string field, or a list of strings, from a value made of plain JSON
// strings (no escapes), as the decoder would, and says whether it did. Most values are such
// strings, and a decoder per field cost more than the rest of the validation.
func setPlain(field reflect.Value, raw json.RawMessage) bool {
	t := field.Type()
	if reflect.PointerTo(t).Implements(jsonUnmarshaler) {
		return false
	}
	switch {
	case t.Kind() == reflect.String:
		s, ok := plainJSONString(raw)
		if ok {
			field.SetString(s)
		}
		return ok
	case t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.String && !reflect.PointerTo(t.Elem()).Implements(jsonUnmarshaler):
		if len(raw) < 2 || raw[0] != '[' || raw[len(raw)-1] != ']' {
			return false
		}
		body := raw[1 : len(raw)-1]
		list := reflect.MakeSlice(t, 0, bytes.Count(body, []byte{','})+1)
		for len(body) > 0 {
			end := bytes.IndexByte(body[min(1, len(body)):], '"') + 2 // the closing quote, +1
			if body[0] != '"' || end < 2 || end > len(body) {
				return false
			}
			s, ok := plainJSONString(body[:end])
			if !ok {
				return false
			}
			list = reflect.Append(list, reflect.ValueOf(s).Convert(t.Elem()))
			if body = body[end:]; len(body) > 0 {
				if body[0] != ',' || len(body) == 1 {
					return false
				}
				body = body[1:]
			}
		}
		field.Set(list)
		return true
	}
	return false
}

// plainJSONString reads a JSON string without escapes or control characters.
func plainJSONString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c < 0x20 || c == '"' || c == '\\' {
			return "", false
		}
	}
	if !utf8.Valid(body) {
		return "", false
	}
	return string(body), true
}

// OwnProblems are the rules of its own a record's complete field values break, by field path,
// or nil: Validate with references aside. What other records say is no fault of this one: a
// reference to a record deleted since, an item code that a framework record defined (it is
// a reference to that framework, which may be deleted or not yet imported), so every item
// code counts as defined. A record's page and the index's flag of records that break a
// rule are this (docs/model.md, "One party, two roles").
//
// read, when not nil, is the record Read made of fields leaving none out (Decode's): it is
// not decoded a second time (an import summarises every record it writes).
func OwnProblems(kind Kind, fields map[string]json.RawMessage, read any) map[string]Problem {
	var err error
	if read != nil {
		err = validateDecoded(kind, read, fields, ownRules{})
	} else {
		err = Validate(kind, fields, ownRules{})
	}
	var ve *ValidationError
	if errors.As(err, &ve) && len(ve.Problems) > 0 {
		return ve.Problems
	}
	return nil
}

// ownRules is OwnProblems' lookup: every framework item is defined, and Validate checks no
// reference with it.
type ownRules struct{}

func (ownRules) KindOf(string) (Kind, bool)      { return "", false }
func (ownRules) FrameworkItemExists(string) bool { return true }

// Validate checks a record's complete field values: per-field rules, cross-field rules and,
// when lk is not nil, that references point to live records of the right kind.
func Validate(kind Kind, fields map[string]json.RawMessage, lk Lookup) error {
	rec, verr := Decode(kind, fields)
	if verr != nil {
		return alsoTheRest(verr, fields, func(rest map[string]json.RawMessage) error { return Validate(kind, rest, lk) })
	}
	return validateDecoded(kind, rec, fields, lk)
}

// validateDecoded is Validate of fields that Decode made rec of.
func validateDecoded(kind Kind, rec any, fields map[string]json.RawMessage, lk Lookup) error {
	validateMu.Lock()
	activeLkp = lk
	err := validate.Struct(rec)
	activeLkp = nil
	validateMu.Unlock()
	out, err := fieldErrors(kind, err)
	if err != nil {
		return err
	}
	crossFieldRules(rec, out)
	if _, own := lk.(ownRules); lk != nil && !own {
		checkRefs(kind, rec, lk, out)
	}
	for name, raw := range fields {
		if c, ok := controlChar(raw); ok {
			out.Set(name, P("text_control", "char", fmt.Sprintf("U+%04X", c)))
		}
	}
	if len(out.Fields) > 0 {
		return out
	}
	return nil
}

// controlChar finds a control character in the strings of a field's JSON: a C0 control but
// tab, line feed and carriage return (JSON escapes them: \u0000), DEL or a C1 control
// (written raw or escaped). Such a character is never text a person typed; it breaks the CSV
// export (a NUL makes the file binary) and prints as nothing, hiding what a value says.
func controlChar(raw []byte) (rune, bool) {
	if bytes.IndexByte(raw, '\\') < 0 && bytes.IndexByte(raw, 0x7f) < 0 && bytes.IndexByte(raw, 0xc2) < 0 {
		return 0, false
	}
	control := func(r rune) bool { return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f }
	for i := 0; i < len(raw); {
		if raw[i] == '\\' && i+1 < len(raw) {
			if raw[i+1] == 'u' && i+6 <= len(raw) {
				if v, err := strconv.ParseUint(string(raw[i+2:i+6]), 16, 32); err == nil && control(rune(v)) {
					return rune(v), true
				}
				i += 6
				continue
			}
			switch raw[i+1] { // JSON's short escapes of controls: backspace and form feed
			case 'b':
				return '\b', true
			case 'f':
				return '\f', true
			}
			i += 2
			continue
		}
		r, n := utf8.DecodeRune(raw[i:])
		if control(r) {
			return r, true
		}
		i += n
	}
	return 0, false
}

// fieldErrors turns the validator's result into one message per field path (the first rule
// broken), with the rule's name.
func fieldErrors(kind Kind, err error) (*ValidationError, error) {
	out := &ValidationError{Kind: kind, Fields: map[string]string{}}
	var ves validator.ValidationErrors
	if !errors.As(err, &ves) {
		return out, err
	}
	for _, fe := range ves {
		path := fe.Namespace()
		if i := strings.IndexByte(path, '.'); i >= 0 {
			path = path[i+1:]
		}
		out.Set(path, ruleProblem(fe))
	}
	return out, nil
}

func crossFieldRules(rec any, errs *ValidationError) {
	set := errs.Set
	switch r := rec.(type) {
	case *Party:
		if r.Type == "country" && r.ISO3 == "" {
			set("iso3", P("iso3_required"))
		}
	case *Partnership:
		if r.Start != "" && r.End != "" && IsDate(r.Start) && IsDate(r.End) && r.End < r.Start {
			set("end", P("end_before_start", "start", r.Start))
		}
		seen := map[string]bool{}
		for i, p := range r.Parties {
			if seen[p.Party] {
				// The party as given (an id; a CSV import puts back the text its cell wrote):
				// a set's problem names its value, not its place (the set is stored sorted).
				set(fmt.Sprintf("parties[%d].party", i), P("party_twice", "value", p.Party))
			}
			seen[p.Party] = true
		}
	case *Commitment:
		for i, ind := range r.Indicators {
			if IsBlank(ind.Unit) && (ind.Baseline != nil || ind.Target != nil || ind.Actual != nil || len(ind.Values) > 0) {
				set(fmt.Sprintf("indicators[%d].unit", i), P("unit_required"))
			}
			seen := map[[2]string]bool{}
			for j, v := range ind.Series() {
				k := [2]string{v.AsOf, v.Country}
				if seen[k] {
					path := fmt.Sprintf("indicators[%d].values[%d].as_of", i, j-len(ind.Series())+len(ind.Values))
					set(path, P("value_twice", "as_of", v.AsOf))
				}
				seen[k] = true
			}
		}
	case *Meeting:
		switch {
		case r.Start == "" || r.End == "":
		case IsDate(r.Start) && IsDateTime(r.End):
			set("end", P("end_time_start_date", "start", r.Start))
		case IsDateTime(r.Start) && IsDate(r.End):
			set("end", P("end_date_start_time", "start", r.Start))
		case IsDate(r.Start) && IsDate(r.End) && r.End < r.Start:
			set("end", P("end_before_start", "start", r.Start))
		case IsDateTime(r.Start) && IsDateTime(r.End) && !endAfter(r.Start, r.End):
			set("end", P("end_not_after_start", "start", r.Start))
		}
		for i, s := range r.Sessions {
			if s.Start != "" && s.End != "" && IsDateTime(s.Start) && IsDateTime(s.End) && !endAfter(s.Start, s.End) {
				set(fmt.Sprintf("sessions[%d].end", i), P("session_end_before_start"))
			}
		}
	case *Framework:
		seen := map[string]bool{}
		for i, it := range r.Items {
			if seen[it.Code] {
				set(fmt.Sprintf("items[%d].code", i), P("item_code_twice", "value", it.Code))
			}
			seen[it.Code] = true
		}
	}
}

func endAfter(start, end string) bool {
	s, _ := time.Parse(time.RFC3339, start)
	e, _ := time.Parse(time.RFC3339, end)
	return !e.Before(s)
}

// References returns, for each reference-valued field path of a record, the ids it points to
// and the kind they must have.
func References(rec any) map[string]struct {
	Kind Kind
	IDs  []string
} {
	out := map[string]struct {
		Kind Kind
		IDs  []string
	}{}
	add := func(path string, k Kind, ids ...string) {
		var nonEmpty []string
		for _, id := range ids {
			if !IsBlank(id) { // a blank id is refused as missing (notblank), not as pointing nowhere
				nonEmpty = append(nonEmpty, id)
			}
		}
		if len(nonEmpty) > 0 {
			e := out[path]
			e.Kind = k
			e.IDs = append(e.IDs, nonEmpty...)
			out[path] = e
		}
	}
	switch r := rec.(type) {
	case *Partnership:
		for _, p := range r.Parties {
			add("parties", KindParty, p.Party)
		}
	case *Commitment:
		add("partnership", KindPartnership, r.Partnership)
		add("committed_by", KindParty, r.CommittedBy...)
		add("towards", KindParty, r.Towards...)
		add("source_meeting", KindMeeting, r.SourceMeeting)
		for i, f := range r.Funding {
			add(fmt.Sprintf("funding[%d].country", i), KindParty, f.Country)
		}
		for i, in := range r.Indicators {
			for j, v := range in.Values {
				add(fmt.Sprintf("indicators[%d].values[%d].country", i, j), KindParty, v.Country)
			}
		}
	case *Meeting:
		add("partnership", KindPartnership, r.Partnership)
		add("organiser", KindParty, r.Organiser)
		add("participants", KindParty, r.Participants...)
	case *Intervention:
		add("meeting", KindMeeting, r.Meeting)
		add("on_behalf_of", KindParty, r.OnBehalfOf...)
		add("commitments", KindCommitment, r.Commitments...)
	}
	return out
}

func checkRefs(kind Kind, rec any, lk Lookup, errs *ValidationError) {
	for path, ref := range References(rec) {
		if _, bad := errs.Fields[path]; bad {
			continue
		}
		for _, id := range ref.IDs {
			k, ok := lk.KindOf(id)
			switch {
			case !ok:
				errs.Set(path, P("reference_missing", "id", id, "kind", string(ref.Kind)))
			case k != ref.Kind:
				errs.Set(path, P("reference_kind", "id", id, "is", string(k), "kind", string(ref.Kind)))
			default:
				continue
			}
			break
		}
	}
}

func ruleProblem(fe validator.FieldError) Problem {
	v := fmt.Sprint(fe.Value())
	switch fe.Tag() {
	case "required", "notblank":
		return P("required")
	case "max":
		if fe.Kind() == reflect.Slice {
			return P("too_many", "max", fe.Param())
		}
		return P("too_long", "max", fe.Param())
	case "min":
		return P("min", "min", fe.Param())
	case "enum":
		p := P("enum", "value", v, "list", fe.Param())
		// Whole, not cut as values from outside are: the list is the schema's (the themes
		// are longer than MaxParam), and a message that cut it would hide the values to use.
		p.Params["allowed"] = strings.Join(values(enumLists[fe.Param()]), ", ")
		return p
	case "date", "datetime", "date_or_datetime":
		return dateProblem(v, fe.Tag())
	case "currency":
		return CurrencyProblem(v)
	case "amount":
		return P("amount", "value", figureText(fe.Value()), "max", AmountText(MaxAmount))
	case "indicator_value":
		return P("indicator_value", "value", figureText(fe.Value()), "max", AmountText(MaxIndicatorValue))
	case "amount_exact":
		return P("amount", "value", figureText(fe.Value()), "max", AmountText(maxAmountIn(currencyByCode[fe.Param()])))
	case "amount_decimals":
		c := currencyByCode[fe.Param()]
		if c.Decimals == 0 {
			return P("amount_whole", "currency", c.Code)
		}
		return P("amount_decimals", "currency", c.Code, "decimals", strconv.Itoa(c.Decimals))
	case "iso3":
		c := ClosestCountry(v)
		return P("iso3", "value", v, "suggest", c.Alpha3, "suggest_name", c.Name)
	case "uuid":
		return P("uuid", "value", v)
	case "framework_item":
		return P("framework_item", "value", v)
	case "timezone":
		if z, ok := closestZone(v); ok {
			hint := z.City
			if z.Matched != "" {
				hint = z.Matched
			}
			return P("timezone_suggest", "value", v, "zone", z.Zone, "hint", hint)
		}
		return P("timezone", "value", v)
	case "email_address":
		return P("email", "value", v)
	case "phone":
		return P("phone", "value", v)
	case "code":
		return P("code")
	case "file_name", "media_type", "sha256_hex", "key_id":
		return P(fe.Tag(), "value", v)
	}
	return P("rule", "rule", fe.Tag())
}

// entryProblem finds, in a list value the decoder refused, the first entry whose field holds
// the wrong kind of JSON value (text where a number goes: "amount": "12,5"), and names the
// entry, the field and the value as written, with what to write. ok is false when the fault
// is elsewhere (the value is no list, a field is unknown): shapeProblem tells those.
func entryProblem(f Field, raw json.RawMessage) (Problem, bool) {
	if f.Type != TypeList {
		return Problem{}, false
	}
	return listEntryProblem(f.Columns, raw, "")
}

func listEntryProblem(cols []Field, raw json.RawMessage, at string) (Problem, bool) {
	var elems []json.RawMessage
	if json.Unmarshal(raw, &elems) != nil {
		return Problem{}, false
	}
	for i, el := range elems {
		path := at + strconv.Itoa(i+1)
		if jsonKind(el) == "null" {
			continue // the decoder takes null as an empty entry
		}
		if len(cols) == 0 { // a list of texts (points)
			if jsonKind(el) != "text" {
				return P("entry_not_text", "at", path, "value", string(el)), true
			}
			continue
		}
		var obj map[string]json.RawMessage
		if jsonKind(el) != "object" || json.Unmarshal(el, &obj) != nil {
			example, _ := json.Marshal(cols[0].Name)
			return P("entry_not_object", "at", path, "value", string(el), "example", "{"+string(example)+": …}"), true
		}
		for _, c := range cols {
			v, ok := obj[c.Name]
			if !ok || jsonKind(v) == "null" {
				continue
			}
			want := "text"
			switch c.Type {
			case TypeNumber:
				want = "number"
			case TypeList:
				want = "list"
			}
			if got := jsonKind(v); got != want {
				if want == "number" {
					if n, ok := numberMeant(v); ok {
						return P("entry_not_number_suggest", "at", path+"."+c.Name, "value", string(v), "suggest", n), true
					}
				}
				return P("entry_not_"+want, "at", path+"."+c.Name, "value", string(v)), true
			}
			if c.Type == TypeList {
				if p, ok := listEntryProblem(c.Columns, v, path+"."+c.Name+"."); ok {
					return p, true
				}
			}
		}
	}
	return Problem{}, false
}

// alsoTheRest adds to the fields Decode refused the problems of the others, which validate
// checks once they decode: a CSV row or a form with an amount written "12,5" and a date
// written 31/12/2026 is told both at once, not the date after the amount is fixed. A field
// keeps the first problem found (the shape; not the "required" its absence then breaks).
func alsoTheRest(verr *ValidationError, fields map[string]json.RawMessage, validate func(map[string]json.RawMessage) error) *ValidationError {
	rest := make(map[string]json.RawMessage, len(fields))
	for name, v := range fields {
		if _, bad := verr.Fields[name]; !bad {
			rest[name] = v
		}
	}
	if len(rest) == 0 || len(rest) == len(fields) {
		return verr
	}
	var more *ValidationError
	if errors.As(validate(rest), &more) {
		names := make([]string, 0, len(more.Fields))
		for f := range more.Fields {
			names = append(names, f)
		}
		sort.Strings(names)
		for _, f := range names {
			verr.Set(f, more.Problem(f))
		}
	}
	return verr
}

// jsonKind names the kind of a JSON value from its first byte: text, number, list, object,
// bool or null.
func jsonKind(v json.RawMessage) string {
	t := bytes.TrimSpace(v)
	if len(t) == 0 {
		return ""
	}
	switch t[0] {
	case '"':
		return "text"
	case '[':
		return "list"
	case '{':
		return "object"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// numberMeant reads a number written as text the way people write it where a comma marks
// decimals or spaces group thousands ("12,5", "5 000 000"), and returns it as JSON writes
// numbers, when that reading is the only one: "1,000" (a thousand, or one) is left unread.
func numberMeant(v json.RawMessage) (string, bool) {
	var s string
	if json.Unmarshal(v, &s) != nil {
		return "", false
	}
	s = strings.TrimSpace(s)
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if strings.Count(s, ",") == 1 && !strings.Contains(s, ".") {
		if _, frac, _ := strings.Cut(s, ","); len(frac) == 3 {
			return "", false
		}
		s = strings.Replace(s, ",", ".", 1)
	}
	if s == "" || strings.ContainsAny(s, ",eEinfINFxX_") {
		return "", false
	}
	if _, err := strconv.ParseFloat(s, 64); err != nil || !json.Valid([]byte(s)) {
		return "", false // "5." or "+5" parse, but are no JSON numbers
	}
	return s, true
}

var unknownFieldRE = regexp.MustCompile(`unknown field "([^"]*)"`)

func shapeProblem(f Field, err error) Problem {
	want := "text"
	switch f.Type {
	case TypeSet:
		want = "texts"
		if f.Elem == "party_role" {
			want = "party_roles"
		}
	case TypeList:
		want = "list"
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) && ute.Field != "" {
		return P("shape_at", "at", ute.Field, "got", ute.Value, "want", want, "of", f.Name)
	}
	if m := unknownFieldRE.FindStringSubmatch(err.Error()); m != nil {
		return P("shape_unknown_field", "name", m[1], "want", want, "of", f.Name)
	}
	return P("shape", "want", want, "of", f.Name)
}

func fieldNames(k Kind) []string {
	var out []string
	for _, f := range schemas[k] {
		out = append(out, f.Name)
	}
	return out
}

func kindList() string {
	s := make([]string, len(Kinds))
	for i, k := range Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// ValidateFields checks some fields of a record of a kind, as one change writes them: each
// name must be a field of the kind, each value must have the field's shape and pass its own
// rules (a required field cannot be emptied, no control character), and references must
// point to records lk knows of the right kind (lk nil: references are not checked). Rules
// that join values are checked when the change writes every value they join (JoinedRules);
// those joining a value written with one held are left to whole-record validation: a merge
// of two valid edits may legitimately cross them.
func ValidateFields(kind Kind, fields map[string]json.RawMessage, lk Lookup) error {
	if knownValid(kind, fields) {
		// Each value is valid alone; two of them may still break a rule together (a partnership's
		// start and end, both dates the memo knows). Of the rules that join enums and dates,
		// each reports on "end" or "iso3" (crossFieldRules), so a change of a status and a due
		// date, an import's most common, is not decoded again for them.
		if _, end := fields["end"]; len(fields) > 1 && (end || fields["iso3"] != nil) {
			if jerr := JoinedRules(kind, fields); jerr != nil {
				return jerr
			}
		}
		return nil
	}
	rec, verr := Decode(kind, fields)
	if verr != nil {
		return alsoTheRest(verr, fields, func(rest map[string]json.RawMessage) error { return ValidateFields(kind, rest, lk) })
	}
	// Filtered, not StructPartial, which skips the elements of lists; and not StructExcept,
	// which builds a name for every field left out, for every change.
	jsonNames := goFieldNames[kind]
	skip := func(ns []byte) bool {
		top := ns[bytes.IndexByte(ns, '.')+1:] // past the struct's own name
		if bytes.ContainsAny(top, ".[") {
			return false // inside a field written, which was not skipped
		}
		name, ok := jsonNames[string(top)]
		if !ok {
			return false
		}
		_, written := fields[name]
		return !written
	}
	validateMu.Lock()
	activeLkp = lk
	err := validate.StructFiltered(rec, skip)
	activeLkp = nil
	validateMu.Unlock()
	out, err := fieldErrors(kind, err)
	if err != nil {
		return err
	}
	if lk != nil {
		checkRefs(kind, rec, lk, out)
	}
	joinedRules(rec, fields, out)
	for name, raw := range fields {
		if c, ok := controlChar(raw); ok {
			out.Set(name, P("text_control", "char", fmt.Sprintf("U+%04X", c)))
		}
	}
	if len(out.Fields) > 0 {
		return out
	}
	rememberValid(kind, fields)
	return nil
}

// JoinedRules checks the rules that join values (crossFieldRules) over the fields given
// alone: two items of one framework with one code, a session that ends before it starts, a
// party named twice, an end before a start both written. One change that writes every value
// a rule joins breaks it whatever else the record holds, and no merge made it: found by an
// attack pass (5 December 2026), a trusted author's update could write what no form saves.
// A problem on a field not given (a country's iso3 when only its type is) is not reported,
// nor are values that do not decode: their shape is ValidateFields' to tell. Admission also
// calls it on a set as the change's author saw it (admit.joined), elements held included.
func JoinedRules(kind Kind, fields map[string]json.RawMessage) *ValidationError {
	out := &ValidationError{Kind: kind}
	rec, verr := Decode(kind, fields)
	if verr != nil {
		return nil
	}
	joinedRules(rec, fields, out)
	if len(out.Fields) > 0 {
		return out
	}
	return nil
}

func joinedRules(rec any, fields map[string]json.RawMessage, out *ValidationError) {
	joined := &ValidationError{}
	crossFieldRules(rec, joined)
	for path, p := range joined.Problems {
		if _, given := fields[topField(path)]; given {
			out.Set(path, p)
		}
	}
}

// topField is the field a problem's path starts with: "indicators" of "indicators[0].unit".
func topField(path string) string {
	if i := strings.IndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return path
}

// valueRules remembers enum and date values ValidateFields found valid for a kind's field.
// Their rules read the value alone (no lookup, no other field, no list that changes), so the
// verdict cannot change; and an import writes the same statuses and dates again and again,
// each judged through the reflective validator. Bounded: emptied when full.
var valueRules = struct {
	sync.Mutex
	valid map[string]bool
}{valid: map[string]bool{}}

const valueRulesMax = 4096

// valueRuleKey is the memo's key for a field's value, or false for a field it does not keep.
func valueRuleKey(kind Kind, name string, v json.RawMessage) (string, bool) {
	f, ok := FieldOf(kind, name)
	if !ok || f.Type != TypeEnum && f.Type != TypeDate || len(v) > 64 {
		return "", false
	}
	return string(kind) + "\x00" + name + "\x00" + string(v), true
}

// knownValid reports whether every field written is a value found valid before.
func knownValid(kind Kind, fields map[string]json.RawMessage) bool {
	if len(fields) == 0 {
		return false
	}
	valueRules.Lock()
	defer valueRules.Unlock()
	for name, v := range fields {
		k, ok := valueRuleKey(kind, name, v)
		if !ok || !valueRules.valid[k] {
			return false
		}
	}
	return true
}

func rememberValid(kind Kind, fields map[string]json.RawMessage) {
	valueRules.Lock()
	defer valueRules.Unlock()
	for name, v := range fields {
		if k, ok := valueRuleKey(kind, name, v); ok {
			if len(valueRules.valid) >= valueRulesMax {
				clear(valueRules.valid)
			}
			valueRules.valid[k] = true
		}
	}
}
