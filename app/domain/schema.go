package domain

import (
	"reflect"
	"strconv"
	"strings"
)

// FieldType says how a field's value is shaped, for parsers (CLI, CSV) and forms.
type FieldType string

const (
	TypeText     FieldType = "text"     // a string
	TypeLongText FieldType = "longtext" // a string shown as a paragraph
	TypeEnum     FieldType = "enum"     // one value of a closed list
	TypeDate     FieldType = "date"     // YYYY-MM-DD
	TypeDateTime FieldType = "datetime" // RFC 3339 with offset
	// TypeDateOrDateTime is a date (YYYY-MM-DD: all day) or a date and time with an offset.
	TypeDateOrDateTime FieldType = "date_or_datetime"
	TypeRef            FieldType = "ref"    // a record id
	TypeNumber         FieldType = "number" // a JSON number (columns of lists only)
	TypeList           FieldType = "list"   // a JSON array replaced as a whole (indicators, sessions, points, items)
	TypeSet            FieldType = "set"    // changed element by element with add and remove
)

// Field describes one field of a kind.
type Field struct {
	Name     string    `json:"name"`
	Label    string    `json:"label"`
	Type     FieldType `json:"type"`
	Required bool      `json:"required"`
	Ref      Kind      `json:"ref,omitempty"`     // for refs and sets of refs
	Options  []Option  `json:"options,omitempty"` // for enums and sets of enums
	Elem     string    `json:"elem,omitempty"`    // for sets: "string", "party_role", "framework_item" (codes such as GCM-7) or "attachment"
	// Columns describe the fields of each element of a list of objects (indicators,
	// funding, sessions, items), with the same types, rules and options.
	Columns []Field `json:"columns,omitempty"`
	index   int
	max     int    // validate's max=N: characters for text, entries for sets and lists
	format  string // the validate rule a value's text follows (iso3, currency, timezone, amount…), if any
}

// FreeText says whether a field holds text as people write it (a title, a note), kept exactly
// as given, rather than a code with a format (an ISO3 code, a time-zone name), which readers
// trim.
func (f Field) FreeText() bool {
	return (f.Type == TypeText || f.Type == TypeLongText) && f.format == ""
}

// Format names the rule validation checks a value's form with ("iso3", "currency",
// "timezone", "amount", "email_address"…), or "" for free text, enums, dates and references
// (whose types say it). Help texts describe a field by it.
func (f Field) Format() string { return f.format }

// MaxItems is the most entries a set or list field may hold (0: no bound).
func (f Field) MaxItems() int {
	if f.Type != TypeSet && f.Type != TypeList {
		return 0
	}
	return f.max
}

var enumLists = map[string][]Option{
	"party_type":         PartyTypes,
	"party_role":         PartyRoles,
	"partnership_type":   PartnershipTypes,
	"partnership_status": PartnershipStatuses,
	"commitment_type":    CommitmentTypes,
	"commitment_status":  CommitmentStatuses,
	"theme":              Themes,
	"funding_instrument": FundingInstruments,
	"funding_state":      FundingStates,
}

var schemas = func() map[Kind][]Field {
	m := map[Kind][]Field{}
	for _, k := range Kinds {
		m[k] = buildSchema(reflect.TypeOf(newRecord(k)).Elem())
	}
	return m
}()

// goFieldNames maps, per kind, the Go name of each field (what the validator names) to its
// JSON name.
var goFieldNames = func() map[Kind]map[string]string {
	m := map[Kind]map[string]string{}
	for _, k := range Kinds {
		rt := reflect.TypeOf(newRecord(k)).Elem()
		m[k] = map[string]string{}
		for _, f := range schemas[k] {
			m[k][rt.Field(f.index).Name] = f.Name
		}
	}
	return m
}()

// Schema lists the fields of a kind in display order.
func Schema(k Kind) []Field { return schemas[k] }

// FieldOf finds a field of a kind by its JSON name.
func FieldOf(k Kind, name string) (Field, bool) {
	for _, f := range schemas[k] {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

func buildSchema(t reflect.Type) []Field {
	var out []Field
	for i := 0; i < t.NumField(); i++ {
		sf := t.Field(i)
		name := strings.Split(sf.Tag.Get("json"), ",")[0]
		v := sf.Tag.Get("validate")
		d := sf.Tag.Get("dossier")
		f := Field{Name: name, Label: labelOf(name), index: i}
		f.Required = strings.HasPrefix(v, "required")
		for _, part := range strings.Split(d, ",") {
			if ref, ok := strings.CutPrefix(part, "ref="); ok {
				f.Ref = Kind(ref)
			}
		}
		enum := ""
		for _, rule := range strings.Split(v, ",") {
			if e, ok := strings.CutPrefix(rule, "enum="); ok {
				enum = e
			}
			if m, ok := strings.CutPrefix(rule, "max="); ok && f.max == 0 {
				f.max, _ = strconv.Atoi(m)
			}
			switch {
			case rule == "" || rule == "required" || rule == "notblank" || rule == "omitempty" || rule == "dive" || rule == "uuid",
				strings.HasPrefix(rule, "max="), strings.HasPrefix(rule, "enum="), strings.Contains(rule, "date"):
			case f.format == "":
				f.format = rule
			}
		}
		switch {
		case strings.Contains(d, "set"):
			f.Type = TypeSet
			f.Elem = "string"
			if sf.Type.Elem() == reflect.TypeOf(PartyRole{}) {
				f.Elem = "party_role"
				f.Ref = KindParty
				f.Options = PartyRoles
			}
			if sf.Type.Elem() == reflect.TypeOf(Attachment{}) {
				f.Elem = "attachment"
				f.Columns = buildSchema(sf.Type.Elem())
			}
			if strings.Contains(v, "framework_item") { // importers resolve codes, help names them
				f.Elem = "framework_item"
			}
		case sf.Type.Kind() == reflect.Slice:
			f.Type = TypeList
			if sf.Type.Elem().Kind() == reflect.Struct {
				f.Columns = buildSchema(sf.Type.Elem())
			}
		case f.Ref != "":
			f.Type = TypeRef
		case isNumber(sf.Type):
			f.Type = TypeNumber
		case enum != "":
			f.Type = TypeEnum
		case strings.Contains(v, "date_or_datetime"):
			f.Type = TypeDateOrDateTime
		case strings.Contains(v, "datetime"):
			f.Type = TypeDateTime
		case strings.Contains(v, "date"):
			f.Type = TypeDate
		case strings.Contains(d, "long"):
			f.Type = TypeLongText
		default:
			f.Type = TypeText
		}
		if enum != "" {
			f.Options = enumLists[enum]
		}
		out = append(out, f)
	}
	return out
}

func isNumber(t reflect.Type) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float64, reflect.Float32, reflect.Int, reflect.Int64, reflect.Int32:
		return true
	}
	return false
}

func labelOf(name string) string {
	special := map[string]string{"iso3": "ISO 3166-1 alpha-3 code", "as_of": "As of", "time_zone": "Time zone"}
	if l, ok := special[name]; ok {
		return l
	}
	s := strings.ReplaceAll(name, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}
