package bundle

// What each bundle format may hold. A Dossier admits a change only if every field and value
// in it is one its model knows (app/admit), so a change that uses a field added after a
// reader's release is refused by that reader however the bundle is framed. Each format
// therefore fixes the model its readers know: schema/N.json, written when format N was the
// newest and never changed afterwards. An export picks the oldest format that holds every
// change it carries (docs/bundle-format.md, "What each format may hold").

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"sync"

	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

// Schema is what a reader of one bundle format admits in a change: for each record kind,
// its fields. System kinds (trust statements) are listed by name: their shape is fixed by
// their own package.
type Schema struct {
	Format      int                               `json:"format"`
	Comment     string                            `json:"comment"`
	SystemKinds []string                          `json:"system_kinds"`
	Kinds       map[string]map[string]SchemaField `json:"kinds"`
}

// SchemaField is one field: its type as app/domain names it, whether a record must have
// it, the element of a set, the values of an enum (or of a set of them), and the fields of
// each element of a list of objects.
type SchemaField struct {
	Type     string                 `json:"type"`
	Required bool                   `json:"required,omitempty"`
	Elem     string                 `json:"elem,omitempty"`
	Options  []string               `json:"options,omitempty"`
	Columns  map[string]SchemaField `json:"columns,omitempty"`
}

//go:embed schema/*.json
var schemaFiles embed.FS

var schemas = func() map[int]*Schema {
	m := map[int]*Schema{}
	for _, f := range version.BundleFormatsWritten() {
		data, err := schemaFiles.ReadFile(fmt.Sprintf("schema/%d.json", f))
		if err != nil {
			continue // TestNewestSchemaIsTheModel fails (and -update-schema writes the newest)
		}
		s := &Schema{}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(s); err != nil || s.Format != f {
			panic(fmt.Sprintf("schema/%d.json: format %d, %v", f, s.Format, err))
		}
		m[f] = s
	}
	return m
}()

// SchemaOf is what a reader of format f admits, or nil for a format this build does not write.
func SchemaOf(f int) *Schema { return schemas[f] }

// ChangeFormatError says that a change cannot go in any bundle format the recipients read:
// their Dossier would refuse it.
type ChangeFormatError struct {
	Name   string // the recipient's name
	Reads  []int
	Author string
	Seq    uint64
	What   Unheld
}

func (e *ChangeFormatError) Error() string {
	return fmt.Sprintf("%s's Dossier reads bundle format %s, which cannot hold change %d of %s: it uses %s",
		e.Name, FormatsText(e.Reads), e.Seq, e.Author, e.What)
}

// FormatsText lists bundle formats for messages: "1", "1, 2".
func FormatsText(fs []int) string { return formats(fs) }

// Unheld is what in a change a reader of a format would not know.
type Unheld struct {
	Reason string // "kind", "field", "value", "type" (a value of another type) or "required"
	Kind   string
	Field  string // a field, or "list.column" inside the elements of a list or set
	Value  string // for "value": the value of the closed list the reader lacks
}

func (u Unheld) String() string {
	switch u.Reason {
	case "kind":
		return fmt.Sprintf("records of kind %q", u.Kind)
	case "value":
		return fmt.Sprintf("the value %q of the field %q of %s", u.Value, u.Field, u.Kind)
	case "type":
		return fmt.Sprintf("a value of another type in the field %q of %s", u.Field, u.Kind)
	case "required":
		return fmt.Sprintf("a %s without the field %q, which it requires", u.Kind, u.Field)
	}
	return fmt.Sprintf("the field %q of %s", u.Field, u.Kind)
}

// FormatForRuns chooses the format of a bundle of runs: the oldest this build writes that
// every recipient reads (all formats without recipients) and that holds every change. The
// newest format holds every change this build stored (its schema is the model's, which
// TestNewestSchemaIsTheModel keeps so), so changes are only checked against older ones.
func FormatForRuns(recipients []identity.Card, runs []Run) (int, error) {
	if _, err := FormatFor(recipients); err != nil {
		return 0, err
	}
	written := version.BundleFormatsWritten()
	newest := written[len(written)-1]
	var candidates []int
	for _, f := range written {
		all := true
		for _, c := range recipients {
			all = all && slices.Contains(c.ReadsFormats(), f)
		}
		if all {
			candidates = append(candidates, f)
		}
	}
	var failed *ChangeFormatError
	for _, f := range candidates {
		if f == newest {
			return f, nil
		}
		if schemas[f] == nil {
			continue
		}
		author, seq, what := schemas[f].holdsRuns(runs, schemas[newest])
		if what == nil {
			return f, nil
		}
		failed = &ChangeFormatError{Author: author, Seq: seq, What: *what}
		// Name a recipient who does not read the newest format: the one who must update.
		for _, c := range recipients {
			if !slices.Contains(c.ReadsFormats(), newest) {
				failed.Name, failed.Reads = c.Name, slices.Clone(c.ReadsFormats())
			}
		}
	}
	if failed == nil { // unreachable: FormatFor found a format every recipient reads
		return 0, fmt.Errorf("no bundle format for these recipients")
	}
	return 0, failed
}

func (s *Schema) holdsRuns(runs []Run, newest *Schema) (author string, seq uint64, what *Unheld) {
	var d *schemaDiff // nil: every field checked
	if newest != nil {
		d = diffs.get(s, newest)
	}
	for _, r := range runs {
		for _, op := range r.Ops {
			if w := s.holds(op, d); w != nil {
				return r.Author, op.Seq, w
			}
		}
	}
	return "", 0, nil
}

// Holds says what in op a reader of this format would not know (nil when it knows it all):
// a kind, a field, a value of a closed list, a value of another type, or a create without
// a field the reader requires.
func (s *Schema) Holds(op *oplog.Op) *Unheld { return s.holds(op, nil) }

// holds checks op; with changed (what differs from the newest format, changedFrom), only the
// fields that differ are looked at: a change this build stored fits the newest format, so a
// field defined the same way in both fits this one too. An export of 200,000 changes then
// costs a few map lookups per change rather than decoding every value.
func (s *Schema) holds(op *oplog.Op, changed *schemaDiff) *Unheld {
	if slices.Contains(s.SystemKinds, op.Kind) {
		return nil
	}
	fields, ok := s.Kinds[op.Kind]
	if !ok {
		return &Unheld{Reason: "kind", Kind: op.Kind}
	}
	var differs map[string]bool
	if changed != nil {
		differs = changed.fields[op.Kind]
		if !touches(op, differs) && (op.Type != oplog.OpCreate || len(changed.required[op.Kind]) == 0) {
			return nil // without sorting or allocating: the usual case
		}
	}
	skip := func(name string) bool { return changed != nil && !differs[name] }
	for _, name := range sortedKeys(op.Set) {
		if skip(name) {
			continue
		}
		f, ok := fields[name]
		if !ok {
			return &Unheld{Reason: "field", Kind: op.Kind, Field: name}
		}
		if w := f.holds(op.Set[name], op.Kind, name); w != nil {
			return w
		}
	}
	for _, m := range []map[string][]json.RawMessage{op.Add, op.Remove} {
		for _, name := range sortedKeys(m) {
			if skip(name) {
				continue
			}
			f, ok := fields[name]
			if !ok || f.Type != "set" {
				return &Unheld{Reason: "field", Kind: op.Kind, Field: name}
			}
			for _, e := range m[name] {
				if w := f.holdsElem(e, op.Kind, name); w != nil {
					return w
				}
			}
		}
	}
	if op.Type == oplog.OpCreate {
		for _, name := range sortedKeys(fields) {
			if changed != nil && !changed.required[op.Kind][name] {
				continue
			}
			if v, ok := op.Set[name]; fields[name].Required && (!ok || isNull(v)) {
				return &Unheld{Reason: "required", Kind: op.Kind, Field: name}
			}
		}
	}
	return nil
}

// touches says whether op sets, adds to or removes from any of the fields.
func touches(op *oplog.Op, fields map[string]bool) bool {
	for name := range op.Set {
		if fields[name] {
			return true
		}
	}
	for name := range op.Add {
		if fields[name] {
			return true
		}
	}
	for name := range op.Remove {
		if fields[name] {
			return true
		}
	}
	return false
}

// diffs keeps each format's difference from the newest, computed once.
var diffs = &diffCache{m: map[[2]int]*schemaDiff{}}

type diffCache struct {
	mu sync.Mutex
	m  map[[2]int]*schemaDiff
}

func (c *diffCache) get(s, newest *Schema) *schemaDiff {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := [2]int{s.Format, newest.Format}
	if c.m[k] == nil {
		c.m[k] = s.changedFrom(newest)
	}
	return c.m[k]
}

// schemaDiff is what a reader of an older format would check differently from the newest:
// per kind, the fields the newest defines otherwise (or that the older lacks), and the
// fields the older requires that the newest does not.
type schemaDiff struct {
	fields   map[string]map[string]bool
	required map[string]map[string]bool
}

func (s *Schema) changedFrom(newest *Schema) *schemaDiff {
	d := &schemaDiff{fields: map[string]map[string]bool{}, required: map[string]map[string]bool{}}
	for kind, nf := range newest.Kinds {
		of := s.Kinds[kind]
		d.fields[kind], d.required[kind] = map[string]bool{}, map[string]bool{}
		for name, f := range nf {
			if o, ok := of[name]; !ok || !reflect.DeepEqual(o, f) {
				d.fields[kind][name] = true
			}
		}
		for name, o := range of {
			if o.Required && !nf[name].Required {
				d.required[kind][name] = true
			}
		}
	}
	return d
}

var (
	dateRE     = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
	dateTimeRE = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}T`)
)

func (f SchemaField) holds(v json.RawMessage, kind, path string) *Unheld {
	if isNull(v) {
		return nil
	}
	bad := &Unheld{Reason: "type", Kind: kind, Field: path}
	var s string
	isString := json.Unmarshal(v, &s) == nil
	switch f.Type {
	case "text", "longtext", "ref", "date_or_datetime":
		if !isString {
			return bad
		}
	case "date":
		if !isString || !dateRE.MatchString(s) {
			return bad
		}
	case "datetime":
		if !isString || !dateTimeRE.MatchString(s) {
			return bad
		}
	case "number":
		var n float64
		if json.Unmarshal(v, &n) != nil {
			return bad
		}
	case "enum":
		if !isString {
			return bad
		}
		if !slices.Contains(f.Options, s) {
			return &Unheld{Reason: "value", Kind: kind, Field: path, Value: s}
		}
	case "set", "list":
		var elems []json.RawMessage
		if json.Unmarshal(v, &elems) != nil {
			return bad
		}
		for _, e := range elems {
			var w *Unheld
			if f.Type == "set" {
				w = f.holdsElem(e, kind, path)
			} else if f.Columns != nil {
				w = holdsObject(f.Columns, e, kind, path)
			}
			if w != nil {
				return w
			}
		}
	default: // a type this reader does not know
		return bad
	}
	return nil
}

// holdsElem checks one element of a set: a string (of a closed list when there are
// options), or an object (a party and its role; an attachment).
func (f SchemaField) holdsElem(e json.RawMessage, kind, path string) *Unheld {
	switch f.Elem {
	case "string", "framework_item":
		var s string
		if json.Unmarshal(e, &s) != nil {
			return &Unheld{Reason: "type", Kind: kind, Field: path}
		}
		if len(f.Options) > 0 && !slices.Contains(f.Options, s) {
			return &Unheld{Reason: "value", Kind: kind, Field: path, Value: s}
		}
	case "party_role":
		cols := map[string]SchemaField{"party": {Type: "ref", Required: true}, "role": {Type: "enum", Required: true, Options: f.Options}}
		return holdsObject(cols, e, kind, path)
	default:
		if f.Columns == nil {
			return &Unheld{Reason: "type", Kind: kind, Field: path}
		}
		return holdsObject(f.Columns, e, kind, path)
	}
	return nil
}

// holdsObject checks one element of a list or set of objects; its fields are named
// "list.field".
func holdsObject(cols map[string]SchemaField, e json.RawMessage, kind, path string) *Unheld {
	var obj map[string]json.RawMessage
	if json.Unmarshal(e, &obj) != nil || obj == nil {
		return &Unheld{Reason: "type", Kind: kind, Field: path}
	}
	for _, k := range sortedKeys(obj) {
		c, ok := cols[k]
		if !ok {
			return &Unheld{Reason: "field", Kind: kind, Field: path + "." + k}
		}
		if w := c.holds(obj[k], kind, path+"."+k); w != nil {
			return w
		}
	}
	for _, k := range sortedKeys(cols) {
		if v, ok := obj[k]; cols[k].Required && (!ok || isNull(v)) {
			return &Unheld{Reason: "required", Kind: kind, Field: path + "." + k}
		}
	}
	return nil
}

func isNull(v json.RawMessage) bool {
	return len(bytes.TrimSpace(v)) == 0 || string(bytes.TrimSpace(v)) == "null"
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
