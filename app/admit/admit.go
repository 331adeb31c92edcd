// Package admit decides whether one change may enter the operation log. Every change passes
// it, wherever it comes from: a form, a CSV row, the sample data, a bundle or a backup. A
// signature proves who wrote a change, not that it is sane, so a change from a trusted
// laptop is checked as if it had been typed in the form (docs/trust.md, "What is checked").
package admit

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// Rule names what a refused change broke.
type Rule string

const (
	RuleClock      Rule = "clock"       // stamped further ahead than oplog.MaxClockAhead
	RuleKind       Rule = "kind"        // not a record kind this version knows
	RuleKindChange Rule = "kind_change" // names another kind than the record has
	RuleNoRecord   Rule = "no_record"   // changes a record that does not exist
	RuleReserved   Rule = "reserved"    // a system record or a reserved id
	RuleFields     Rule = "fields"      // unknown field, wrong shape or value refused
)

// ErrRefused is matched by every *Error.
var ErrRefused = errors.New("change refused")

// Error says which change was refused and why, in words a delegate understands.
type Error struct {
	Author string
	Seq    uint64
	Record string
	Kind   string
	Rule   Rule
	Fields map[string]string // RuleFields: field path -> what is wrong
	// Problems are Fields as codes and values, for the UI to word (RuleFields).
	Problems map[string]domain.Problem
	Reason   string            // the other rules, in English
	Params   map[string]string // the values Reason names, for the UI to word with Rule
	Ahead    time.Duration     // RuleClock: how far ahead of this machine's clock
	At       time.Time         // RuleClock: the change's stamp
	Newer    bool              // a later Dossier may know the kind, field or value
}

func (e *Error) Error() string {
	return fmt.Sprintf("change %d from %s on %s %s: %s", e.Seq, e.Author, e.Kind, e.Record, e.What())
}

// What is the reason alone, without naming the change.
func (e *Error) What() string {
	if e.Rule != RuleFields {
		return e.Reason
	}
	names := make([]string, 0, len(e.Fields))
	for n := range e.Fields {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + ": " + e.Fields[n]
	}
	return strings.Join(parts, "; ")
}

func (e *Error) Unwrap() error { return ErrRefused }

// Rules are what a change is checked against besides itself.
type Rules struct {
	// Now bounds clocks: a change stamped more than oplog.MaxClockAhead ahead is refused.
	// Nil for local changes, whose stamps come from this machine's own clock.
	Now func() time.Time
	// Lookup answers references; nil leaves them to whole-record validation.
	Lookup domain.Lookup
	// System checks a change of a system record (sys_ kinds); nil refuses them all.
	System func(op *oplog.Op) error
}

// Reserved reports whether ordinary records may not use an id: version 8 UUIDs are kept for
// Dossier's own records (trust statements), whose ids are derived from what they are about.
func Reserved(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.Version() == 8
}

// Change checks one operation against the record it changes (prior is nil when the record
// does not exist yet). It returns nil or an *Error.
func (r Rules) Change(op *oplog.Op, prior *oplog.Record) error {
	refuse := func(rule Rule, reason string, kv ...string) *Error {
		return &Error{Author: op.Author, Seq: op.Seq, Record: op.Record, Kind: op.Kind, Rule: rule, Reason: reason, Params: domain.P("", kv...).Params}
	}
	if r.Now != nil {
		// In milliseconds: a stamp near MaxInt64 would overflow a Duration.
		if ms := op.Clock.Wall - r.Now().UnixMilli(); ms > oplog.MaxClockAhead.Milliseconds() {
			ahead := time.Duration(math.MaxInt64)
			if ms < math.MaxInt64/int64(time.Millisecond) {
				ahead = time.Duration(ms) * time.Millisecond
			}
			e := refuse(RuleClock, fmt.Sprintf("it is stamped %s ahead of this computer's clock", Span(ahead)),
				"minutes", strconv.FormatInt(int64(ahead/time.Minute), 10), "at", op.Clock.Time().UTC().Format(time.RFC3339))
			e.Ahead, e.At = ahead, op.Clock.Time()
			return e
		}
	}
	if prior != nil && prior.Kind != "" && prior.Kind != op.Kind {
		return refuse(RuleKindChange, fmt.Sprintf("the record is a %s, the change says it is a %s: a record never changes kind", prior.Kind, op.Kind), "is", prior.Kind, "says", op.Kind)
	}
	if prior == nil && op.Type != oplog.OpCreate {
		return refuse(RuleNoRecord, fmt.Sprintf("it changes record %s, which does not exist: nothing creates it", op.Record), "record", op.Record)
	}
	if strings.HasPrefix(op.Kind, "sys_") {
		if r.System == nil {
			return refuse(RuleReserved, "records of kind "+op.Kind+" are kept by Dossier itself and cannot be changed this way", "kind", op.Kind)
		}
		if err := r.System(op); err != nil {
			return refuse(RuleReserved, err.Error(), "text", err.Error())
		}
		return nil
	}
	kind, ok := domain.ParseKind(op.Kind)
	if !ok {
		e := refuse(RuleKind, fmt.Sprintf("%q is not a record kind this version of Dossier knows", op.Kind), "kind", op.Kind)
		e.Newer = true
		return e
	}
	if Reserved(op.Record) {
		return refuse(RuleReserved, fmt.Sprintf("record id %s is reserved for Dossier's own records (version 8 ids)", op.Record), "record", op.Record)
	}
	if err := r.fields(kind, op, prior); err != nil {
		e := refuse(RuleFields, "")
		var ve *domain.ValidationError
		if !errors.As(err, &ve) {
			e.Reason = err.Error()
			e.Fields = map[string]string{"value": err.Error()}
			e.Problems = map[string]domain.Problem{"value": domain.P("text", "text", err.Error())}
			return e
		}
		e.Fields, e.Problems = ve.Fields, map[string]domain.Problem{}
		for f := range ve.Fields {
			p := ve.Problem(f)
			e.Problems[f] = p
			if p.Code == "unknown_field" || p.Code == "enum" {
				e.Newer = true
			}
		}
		return e
	}
	return nil
}

// fields checks what the operation writes: a create as a whole record, an update field by
// field (cross-field rules are left to whole-record validation, since a merge of two valid
// edits may cross them), the sets it adds to by their size once it is made, and removed set
// elements for their shape alone.
func (r Rules) fields(kind domain.Kind, op *oplog.Op, prior *oplog.Record) error {
	written := map[string]json.RawMessage{}
	bad := &domain.ValidationError{Kind: kind}
	for name, v := range op.Set {
		if f, ok := domain.FieldOf(kind, name); ok && f.Type == domain.TypeSet {
			bad.Set(name, domain.P("set_written"))
			continue
		}
		written[name] = v
	}
	sets := func(m map[string][]json.RawMessage, into map[string]json.RawMessage) {
		for name, elems := range m {
			if f, ok := domain.FieldOf(kind, name); ok && f.Type != domain.TypeSet {
				bad.Set(name, domain.P("not_a_set"))
				continue
			}
			into[name] = arrayOf(elems)
		}
	}
	sets(op.Add, written)
	removed := map[string]json.RawMessage{}
	sets(op.Remove, removed)
	if len(bad.Fields) > 0 {
		return bad
	}
	if op.Type == oplog.OpCreate {
		if err := domain.Validate(kind, written, r.Lookup); err != nil {
			return err
		}
	} else if len(written) > 0 {
		if err := domain.ValidateFields(kind, written, r.Lookup); err != nil {
			return err
		}
		if err := grown(kind, op, prior); err != nil {
			return err
		}
		if err := joined(kind, op, prior); err != nil {
			return err
		}
	}
	// Who attached a file is the change's author: no one can credit a file to someone else.
	for _, e := range op.Add[domain.FieldAttachments] {
		var a domain.Attachment
		if json.Unmarshal(e, &a) == nil && a.AddedBy != op.Author {
			bad.Set(domain.FieldAttachments, domain.P("attachment_author", "value", a.AddedBy, "author", op.Author))
			return bad
		}
	}
	if len(removed) > 0 {
		// Shape alone: an element must come off whatever its value, such as an item of a
		// framework typed in (known only to the lookup) or of one deleted since.
		if _, verr := domain.Decode(kind, removed); verr != nil {
			return verr
		}
	}
	return nil
}

// grown refuses an update that adds to a set past the set's maximum. Each update adds a few
// elements, so checking what it writes alone lets a run of updates build a set no form would
// save. The size is the record's once the update is made, as its author saw the record
// (oplog.Record.SetSizeSeen): elements added concurrently, which the author could not see,
// do not count, so two valid offline edits are never refused for what they make together.
func grown(kind domain.Kind, op *oplog.Op, prior *oplog.Record) error {
	if prior == nil {
		return nil
	}
	bad := &domain.ValidationError{Kind: kind}
	for name := range op.Add {
		f, _ := domain.FieldOf(kind, name)
		if max := f.MaxItems(); max > 0 && f.Type == domain.TypeSet {
			if n := prior.SetSizeSeen(name, op); n > max {
				bad.Set(name, domain.P("too_many_merged", "count", strconv.Itoa(n), "max", strconv.Itoa(max)))
			}
		}
	}
	if len(bad.Fields) > 0 {
		return bad
	}
	return nil
}

// joined refuses an update that adds to a set of objects what breaks a rule of the set, as
// its author saw it once the update is made (a party named twice in a partnership, with two
// roles): what no form saves, whether the change adds both or adds the second to the first
// it had seen. Elements added concurrently do not count, as in grown.
func joined(kind domain.Kind, op *oplog.Op, prior *oplog.Record) error {
	if prior == nil {
		return nil
	}
	for name := range op.Add {
		// A set of plain values holds each once by its nature; one of objects (a party and its
		// role) can hold one party twice.
		if f, _ := domain.FieldOf(kind, name); f.Type != domain.TypeSet || f.Elem == "string" || f.Elem == "framework_item" {
			continue
		}
		seen := prior.SetSeen(name, op)
		if len(seen) < 2 {
			continue
		}
		// Sorted, as a set is stored, so every replica names the same element.
		slices.SortFunc(seen, func(a, b json.RawMessage) int { return bytes.Compare(a, b) })
		if err := domain.JoinedRules(kind, map[string]json.RawMessage{name: arrayOf(seen)}); err != nil {
			return err
		}
	}
	return nil
}

func arrayOf(elems []json.RawMessage) json.RawMessage {
	b := []byte{'['}
	for i, e := range elems {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, e...)
	}
	return append(b, ']')
}

// Span words a duration for people: "74 years", "3 days", "5 hours".
func Span(d time.Duration) string {
	day := 24 * time.Hour
	plural := func(n int64, unit string) string {
		if n == 1 {
			return "1 " + unit
		}
		return fmt.Sprintf("%d %ss", n, unit)
	}
	switch {
	case d >= 365*day:
		return plural(int64(d/(365*day)), "year")
	case d >= day:
		return plural(int64(d/day), "day")
	case d >= time.Hour:
		return plural(int64(d/time.Hour), "hour")
	}
	return plural(int64(d/time.Minute), "minute")
}
