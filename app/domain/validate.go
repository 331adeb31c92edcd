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
	"unicode/utf8" // time zones must validate on machines without a zoneinfo database

	"github.com/go-playground/validator/v10"

	"dossier/app/internal/textcap"
)

// ErrInvalid is the sentinel every validation failure wraps.
var ErrInvalid = errors.New("invalid record")

// ValidationError lists, per field, what is wrong in plain words. Field names are the JSON
// names, with a path for nested values ("indicators[0].unit").
type ValidationError struct {
	Kind   Kind
	Fields map[string]string
	// Rules names, per field, the rule broken ("unknown_field", "enum", "required", …), so
	// that an importer can tell a value a later version might know from a malformed one.
	Rules map[string]string `json:"-"`
}

func (e *ValidationError) rule(field, rule string) {
	if e.Rules == nil {
		e.Rules = map[string]string{}
	}
	e.Rules[field] = rule
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

// FieldErr builds a one-field validation error.
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
	// An amount has no more decimals than its currency has minor units (2 for EUR, 3 for TND,
	// 0 for JPY). Checked on the entry, which is always written whole, so imported changes
	// that write only the funding field are held to it too.
	v.RegisterStructValidation(func(sl validator.StructLevel) {
		f := sl.Current().Interface().(Funding)
		if c, ok := currencyByCode[f.Currency]; ok && f.Amount != nil && validAmount(*f.Amount) && decimals(*f.Amount) > c.Decimals {
			sl.ReportError(f.Amount, "amount", "Amount", "amount_decimals", f.Currency)
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
	return v
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
func impossibleDate(s string) string {
	m := wellFormedDate.FindStringSubmatch(s)
	if m == nil {
		m = wellFormedDateTime.FindStringSubmatch(s)
	}
	if m == nil {
		return ""
	}
	n := make([]int, len(m))
	for i := 1; i < len(m); i++ {
		n[i], _ = strconv.Atoi(m[i])
	}
	y, mo, d := n[1], n[2], n[3]
	if mo < 1 || mo > 12 {
		return fmt.Sprintf("%q: there is no month %s: write the month as 01 to 12", s, m[2])
	}
	month := time.Month(mo)
	last := time.Date(y, month+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 {
		return fmt.Sprintf("%q: there is no day 00: days start at 01", s)
	}
	if d > last {
		return fmt.Sprintf("%q: %d %s does not exist (%s %d has %d days)", s, d, month, month, y, last)
	}
	if len(m) > 4 {
		switch {
		case n[4] > 23:
			return fmt.Sprintf("%q: %s:%s is not a time of day: hours go from 00 to 23", s, m[4], m[5])
		case n[5] > 59, n[6] > 59:
			return fmt.Sprintf("%q: %s:%s is not a time of day: minutes go from 00 to 59", s, m[4], m[5])
		}
	}
	return ""
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
		return nil, FieldErr(kind, "kind", fmt.Sprintf("unknown record kind %q: use one of %s", kind, kindList()))
	}
	verr := &ValidationError{Kind: kind, Fields: map[string]string{}}
	rv := reflect.ValueOf(rec).Elem()
	for name, raw := range fields {
		f, ok := FieldOf(kind, name)
		if !ok {
			verr.Fields[name] = fmt.Sprintf("is not a field of %s; the fields are: %s", kind, strings.Join(fieldNames(kind), ", "))
			verr.rule(name, "unknown_field")
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
			verr.Fields[name] = shapeMessage(f, err)
			continue
		}
		if _, err := dec.Token(); err != io.EOF {
			verr.Fields[name] = shapeMessage(f, errors.New("more than one value"))
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

// Validate checks a record's complete field values: per-field rules, cross-field rules and,
// when lk is not nil, that references point to live records of the right kind.
func Validate(kind Kind, fields map[string]json.RawMessage, lk Lookup) error {
	rec, verr := Decode(kind, fields)
	if verr != nil {
		return verr
	}
	validateMu.Lock()
	activeLkp = lk
	err := validate.Struct(rec)
	activeLkp = nil
	validateMu.Unlock()
	out, err := fieldErrors(kind, err)
	if err != nil {
		return err
	}
	crossFieldRules(rec, out.Fields)
	if lk != nil {
		checkRefs(kind, rec, lk, out.Fields)
	}
	if len(out.Fields) > 0 {
		return out
	}
	return nil
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
		if _, seen := out.Fields[path]; !seen {
			out.Fields[path] = ruleMessage(fe)
			out.rule(path, fe.Tag())
		}
	}
	return out, nil
}

func crossFieldRules(rec any, errs map[string]string) {
	set := func(field, msg string) {
		if _, ok := errs[field]; !ok {
			errs[field] = msg
		}
	}
	switch r := rec.(type) {
	case *Party:
		if r.Type == "country" && r.ISO3 == "" {
			set("iso3", "is required for a country: give its ISO 3166-1 alpha-3 code, e.g. LBY for Libya")
		}
	case *Partnership:
		if r.Start != "" && r.End != "" && IsDate(r.Start) && IsDate(r.End) && r.End < r.Start {
			set("end", fmt.Sprintf("is before the start (%s): the end must be on or after the start", r.Start))
		}
		seen := map[string]bool{}
		for i, p := range r.Parties {
			if seen[p.Party] {
				set(fmt.Sprintf("parties[%d].party", i), "is listed twice: give each party one role")
			}
			seen[p.Party] = true
		}
	case *Commitment:
		for i, ind := range r.Indicators {
			if ind.Unit == "" && (ind.Baseline != nil || ind.Target != nil || ind.Actual != nil || len(ind.Values) > 0) {
				set(fmt.Sprintf("indicators[%d].unit", i), "is required when a baseline, target or actual value is given (e.g. \"people\", \"EUR\", \"%\")")
			}
			seen := map[[2]string]bool{}
			for j, v := range ind.Series() {
				k := [2]string{v.AsOf, v.Country}
				if seen[k] {
					path := fmt.Sprintf("indicators[%d].values[%d].as_of", i, j-len(ind.Series())+len(ind.Values))
					set(path, fmt.Sprintf("%s is given twice for the same country: give one value per date (and per country), or correct the date", v.AsOf))
				}
				seen[k] = true
			}
		}
	case *Meeting:
		switch {
		case r.Start == "" || r.End == "":
		case IsDate(r.Start) && IsDateTime(r.End), IsDateTime(r.Start) && IsDate(r.End):
			set("end", fmt.Sprintf("is written %s but the start (%s) %s: write both as dates (an all-day meeting) or both as dates and times", sortOf(r.End), r.Start, isSortOf(r.Start)))
		case IsDate(r.Start) && IsDate(r.End) && r.End < r.Start:
			set("end", fmt.Sprintf("is before the start (%s): the end must be on or after the start", r.Start))
		case IsDateTime(r.Start) && IsDateTime(r.End) && !endAfter(r.Start, r.End):
			set("end", fmt.Sprintf("is before the start (%s): the end must be after the start", r.Start))
		}
		for i, s := range r.Sessions {
			if s.Start != "" && s.End != "" && IsDateTime(s.Start) && IsDateTime(s.End) && !endAfter(s.Start, s.End) {
				set(fmt.Sprintf("sessions[%d].end", i), "is before the session's start: the end must be after the start")
			}
		}
	case *Framework:
		seen := map[string]bool{}
		for i, it := range r.Items {
			if seen[it.Code] {
				set(fmt.Sprintf("items[%d].code", i), fmt.Sprintf("%q is used twice: item codes must be unique", it.Code))
			}
			seen[it.Code] = true
		}
	}
}

func sortOf(s string) string {
	if IsDate(s) {
		return "as a date"
	}
	return "as a date and time"
}

func isSortOf(s string) string {
	if IsDate(s) {
		return "is a date"
	}
	return "has a time"
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
			if id != "" {
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

func checkRefs(kind Kind, rec any, lk Lookup, errs map[string]string) {
	for path, ref := range References(rec) {
		if _, bad := errs[path]; bad {
			continue
		}
		for _, id := range ref.IDs {
			k, ok := lk.KindOf(id)
			switch {
			case !ok:
				errs[path] = fmt.Sprintf("points to %s, which does not exist (or was deleted): give the id of an existing %s", id, ref.Kind)
			case k != ref.Kind:
				errs[path] = fmt.Sprintf("points to %s, which is a %s: give the id of a %s", id, k, ref.Kind)
			default:
				continue
			}
			break
		}
	}
}

func ruleMessage(fe validator.FieldError) string {
	switch fe.Tag() {
	case "required":
		return "is required"
	case "max":
		if fe.Kind() == reflect.Slice {
			return fmt.Sprintf("has too many entries (at most %s)", fe.Param())
		}
		return fmt.Sprintf("is too long (at most %s characters)", fe.Param())
	case "min":
		return fmt.Sprintf("must be at least %s", fe.Param())
	case "enum":
		return fmt.Sprintf("%q is not allowed: use one of %s", fe.Value(), strings.Join(values(enumLists[fe.Param()]), ", "))
	case "date", "datetime", "date_or_datetime":
		if msg := impossibleDate(fmt.Sprint(fe.Value())); msg != "" {
			return msg
		}
		switch fe.Tag() {
		case "date":
			return fmt.Sprintf("%q is not a date: write it as YYYY-MM-DD, e.g. 2025-03-31", fe.Value())
		case "datetime":
			return fmt.Sprintf("%q is not a date and time: write it as 2020-11-13T13:30:00+01:00 (with the offset)", fe.Value())
		}
		return fmt.Sprintf("%q is neither a date nor a date and time: write a date as 2020-11-13 (all day), or a date and time as 2020-11-13T13:30:00+01:00 (with the offset)", fe.Value())
	case "currency":
		return fmt.Sprintf("%q is not an ISO 4217 currency code: write three capital letters such as EUR, USD, GBP, XOF or TND", fe.Value())
	case "amount":
		return fmt.Sprintf("%v is not an amount: give a number from 0 to %s, without a currency sign or thousands separators", fe.Value(), AmountText(MaxAmount))
	case "amount_decimals":
		c := currencyByCode[fe.Param()]
		if c.Decimals == 0 {
			return fmt.Sprintf("has decimals, but %s amounts are whole numbers: round it", c.Code)
		}
		return fmt.Sprintf("has more than %d decimals, and %s amounts have at most %d: round it", c.Decimals, c.Code, c.Decimals)
	case "iso3":
		s, _ := fe.Value().(string)
		return fmt.Sprintf("%q is not an ISO 3166-1 alpha-3 country code: did you mean %s (%s)?", s, ClosestCountry(s).Alpha3, ClosestCountry(s).Name)
	case "uuid":
		return fmt.Sprintf("%q is not a record id: give the id (a UUID) of an existing record", fe.Value())
	case "framework_item":
		return fmt.Sprintf("%q is not a known framework item: use a code such as GCM-7 or JVAP-3, or add the item to a framework first", fe.Value())
	case "timezone":
		s, _ := fe.Value().(string)
		if z, ok := closestZone(s); ok {
			hint := z.City
			if z.Matched != "" {
				hint = z.Matched
			}
			return fmt.Sprintf("%q is not a time zone: use an IANA name such as %s (for %s); the form's picker finds zones by city or country", s, z.Zone, hint)
		}
		return fmt.Sprintf("%q is not a time zone: use an IANA name such as Europe/Brussels or Africa/Tripoli; the form's picker finds zones by city or country", s)
	case "code":
		return "may contain only letters, digits, dots, dashes and underscores, starting with a letter or digit"
	}
	return fmt.Sprintf("fails the rule %q", fe.Tag())
}

func shapeMessage(f Field, err error) string {
	var want string
	switch f.Type {
	case TypeSet:
		if f.Elem == "party_role" {
			want = `a list of {"party": ID, "role": ROLE} objects`
		} else {
			want = "a list of text values"
		}
	case TypeList:
		want = "a list (JSON array) of " + f.Name
	default:
		want = "text"
	}
	var ute *json.UnmarshalTypeError
	if errors.As(err, &ute) && ute.Field != "" {
		return fmt.Sprintf("has the wrong shape at %s (got %s): must be %s", ute.Field, ute.Value, want)
	}
	if strings.Contains(err.Error(), "unknown field") {
		return fmt.Sprintf("has %s: must be %s", strings.TrimPrefix(err.Error(), "json: "), want)
	}
	return "must be " + want
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
// rules (a required field cannot be emptied), and references must point to records lk knows
// of the right kind (lk nil: references are not checked). Rules that join several fields are
// left to whole-record validation: a merge of two valid edits may legitimately cross them.
func ValidateFields(kind Kind, fields map[string]json.RawMessage, lk Lookup) error {
	rec, verr := Decode(kind, fields)
	if verr != nil {
		return verr
	}
	rt := reflect.TypeOf(rec).Elem()
	// StructExcept rather than StructPartial: the latter skips the elements of lists.
	var others []string
	for _, f := range schemas[kind] {
		if _, ok := fields[f.Name]; !ok {
			others = append(others, rt.Field(f.index).Name)
		}
	}
	validateMu.Lock()
	activeLkp = lk
	err := validate.StructExcept(rec, others...)
	activeLkp = nil
	validateMu.Unlock()
	out, err := fieldErrors(kind, err)
	if err != nil {
		return err
	}
	if lk != nil {
		checkRefs(kind, rec, lk, out.Fields)
	}
	if len(out.Fields) > 0 {
		return out
	}
	return nil
}
