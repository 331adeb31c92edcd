// Package oplog defines the operation: the only way anything changes in Dossier. Operations
// are canonically encoded, hash-chained per author, stamped with a hybrid logical clock and
// the version vector of what their author had seen; applying them to records is
// deterministic, and concurrent writes to one field surface as conflicts.
package oplog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Version is the operation encoding version.
const Version = 1

// MaxOpSize bounds one encoded operation.
const MaxOpSize = 1 << 20

// MaxSeen bounds the authors in one operation's seen vector. A seen vector names every other
// installation whose changes its author had seen, so its size is the size of the network: a
// few hundred installations (delegations and a secretariat) at most. 4096 leaves ample room,
// and it refuses a crafted vector of tens of thousands of authors, whose refusal would
// otherwise list each of them (docs/storage.md, "Limits").
const MaxSeen = 4096

// OpType says what an operation does to its record.
type OpType string

const (
	OpCreate  OpType = "create"  // sets the record's kind and its first field values
	OpUpdate  OpType = "update"  // sets fields, adds to and removes from sets
	OpDelete  OpType = "delete"  // tombstones the record
	OpRestore OpType = "restore" // lifts the tombstone
	OpResolve OpType = "resolve" // an update written to settle a conflict; it has seen every side
)

var opTypes = map[OpType]bool{OpCreate: true, OpUpdate: true, OpDelete: true, OpRestore: true, OpResolve: true}

// VV is a version vector: for each author key id, the highest sequence number seen.
type VV map[string]uint64

// Clone copies a version vector.
func (v VV) Clone() VV {
	out := make(VV, len(v))
	for k, n := range v {
		out[k] = n
	}
	return out
}

// Op is one signed-by-chain change. Field order here is the canonical encoding order.
type Op struct {
	V      int                          `json:"v"`
	Author string                       `json:"author"`
	Seq    uint64                       `json:"seq"`
	Prev   string                       `json:"prev"`
	Clock  Clock                        `json:"clock"`
	Seen   VV                           `json:"seen"`
	Type   OpType                       `json:"type"`
	Kind   string                       `json:"kind"`
	Record string                       `json:"record"`
	Set    map[string]json.RawMessage   `json:"set,omitempty"`
	Add    map[string][]json.RawMessage `json:"add,omitempty"`
	Remove map[string][]json.RawMessage `json:"remove,omitempty"`
}

// Ref names an operation by author and sequence.
type Ref struct {
	Author string
	Seq    uint64
}

func (o *Op) Ref() Ref { return Ref{o.Author, o.Seq} }

// HasSeen reports whether this operation's author had seen the operation ref when writing it.
func (o *Op) HasSeen(author string, seq uint64) bool {
	if author == o.Author {
		return seq < o.Seq
	}
	return o.Seen[author] >= seq
}

// ErrMalformed is the sentinel for every operation that cannot be decoded or is not canonical.
var ErrMalformed = errors.New("malformed operation")

// DecodeError says where an operation's bytes are wrong.
type DecodeError struct {
	Offset int    // first byte that differs from the canonical form, or -1
	Field  string // the field at fault, when known
	Reason string
}

func (e *DecodeError) Error() string {
	s := "malformed operation"
	if e.Field != "" {
		s += ": field " + e.Field
	}
	if e.Offset >= 0 {
		s += fmt.Sprintf(" (byte %d)", e.Offset)
	}
	return s + ": " + e.Reason
}

func (e *DecodeError) Unwrap() error { return ErrMalformed }

// The shapes of an operation's identifiers. They were regular expressions; these loops say
// the same (the comments give the expression) at a fiftieth of the cost, and Check runs once
// per operation decoded.

// isAuthor: ^[0-9A-F]{16}$
func isAuthor(s string) bool { return len(s) == 16 && allBytes(s, isUpperHex) }

// isHash: ^[0-9a-f]{64}$
func isHash(s string) bool { return len(s) == 64 && allBytes(s, isLowerHex) }

// isUUID: ^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < 36; i++ {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if s[i] != '-' {
				return false
			}
		} else if !isLowerHex(s[i]) {
			return false
		}
	}
	return true
}

// isKind: ^[a-z][a-z_]{0,31}$
func isKind(s string) bool {
	return len(s) >= 1 && len(s) <= 32 && isLower(s[0]) && allBytes(s, func(c byte) bool { return isLower(c) || c == '_' })
}

// isField: ^\$?[a-z][a-z0-9_]{0,63}$
func isField(s string) bool {
	if len(s) > 0 && s[0] == '$' {
		s = s[1:]
	}
	return len(s) >= 1 && len(s) <= 64 && isLower(s[0]) &&
		allBytes(s, func(c byte) bool { return isLower(c) || c >= '0' && c <= '9' || c == '_' })
}

func isLower(c byte) bool    { return c >= 'a' && c <= 'z' }
func isLowerHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' }
func isUpperHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }

func allBytes(s string, ok func(byte) bool) bool {
	for i := 0; i < len(s); i++ {
		if !ok(s[i]) {
			return false
		}
	}
	return true
}

// Encode returns the canonical bytes of an operation: compact JSON, struct fields in the
// order above, map keys sorted, every field value itself canonical (see Canon).
func Encode(o *Op) ([]byte, error) {
	_, raw, err := EncodeCanonical(o)
	return raw, err
}

// EncodeCanonical returns the canonical form of an operation (values canonical, sets sorted
// and deduplicated) with its bytes, so a writer can apply exactly what it encoded without
// decoding it again.
func EncodeCanonical(o *Op) (*Op, []byte, error) {
	c := *o
	var err error
	if c.Set, err = canonMap(o.Set); err != nil {
		return nil, nil, err
	}
	if c.Add, err = canonSets(o.Add); err != nil {
		return nil, nil, err
	}
	if c.Remove, err = canonSets(o.Remove); err != nil {
		return nil, nil, err
	}
	if c.Seen == nil {
		c.Seen = VV{}
	}
	return &c, appendOp(make([]byte, 0, opSizeHint(&c)), &c), nil
}

// opSizeHint guesses an operation's encoded size, so that encoding allocates once.
func opSizeHint(o *Op) int {
	n := 220 + 26*len(o.Seen)
	for k, v := range o.Set {
		n += len(k) + len(v) + 4
	}
	for _, m := range [2]map[string][]json.RawMessage{o.Add, o.Remove} {
		for k, l := range m {
			n += len(k) + 6
			for _, e := range l {
				n += len(e) + 1
			}
		}
	}
	return n
}

// Hash is the hex SHA-256 of an operation's canonical bytes; the next operation of the same
// author carries it as Prev.
func Hash(encoded []byte) string {
	sum := sha256.Sum256(encoded)
	return hex.EncodeToString(sum[:])
}

// Decode parses canonical operation bytes and checks that they are well formed. Bytes that
// parse but are not in canonical form are refused, so one operation has one encoding.
func Decode(b []byte) (*Op, error) {
	if len(b) > MaxOpSize {
		return nil, &DecodeError{Offset: MaxOpSize, Reason: fmt.Sprintf("operation is %d bytes, the limit is %d", len(b), MaxOpSize)}
	}
	// The hand-written reader accepts exactly the canonical bytes of a valid operation; for
	// anything else the reflective decoder below finds and words the fault.
	own := append([]byte(nil), b...) // values are slices of it; the caller may reuse b
	if o, ok := parseOp(own); ok && o.Check() == nil && canonicalBytes(o, b) {
		return o, nil
	}
	return decodeSlow(b)
}

// DecodeHeader reads an operation's fields up to its record (author, number, clock, seen,
// type, kind, record), not its writes: for bytes Decode has already accepted, read back by
// the store that admitted them and needs only to file them (an apply that took the records
// the admission derived). It refuses, in Decode's words, what Decode would refuse of the
// header (a field out of shape, a form that is not canonical, bytes past MaxOpSize); it does
// not read the writes.
func DecodeHeader(b []byte) (*Op, error) {
	if len(b) > MaxOpSize {
		return Decode(b)
	}
	r := &reader{b: append([]byte(nil), b...)} // strings are slices of it; the caller may reuse b
	o := parseHeader(r)
	if r.bad || r.i >= len(b) || o.checkHeader() != nil || !canonicalHeader(o, b[:r.i]) {
		return Decode(b) // for the fault, in Decode's words
	}
	return o, nil
}

// decodeSlow decodes with encoding/json and explains why bytes are refused.
func decodeSlow(b []byte) (*Op, error) {
	var o Op
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&o); err != nil {
		de := &DecodeError{Offset: -1, Reason: err.Error()}
		var se *json.SyntaxError
		var te *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.EOF):
			de.Offset, de.Reason = 0, "empty: there is no operation"
		case errors.Is(err, io.ErrUnexpectedEOF):
			de.Offset, de.Reason = len(b), "truncated: the operation ends early"
		case errors.As(err, &se):
			de.Offset = int(se.Offset)
		case errors.As(err, &te):
			de.Offset, de.Field = int(te.Offset), te.Field
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			de.Field, _ = strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
			de.Reason = "is not a field of an operation"
		}
		return nil, de
	}
	if dec.More() {
		return nil, &DecodeError{Offset: int(dec.InputOffset()), Reason: "trailing data after the operation"}
	}
	if err := o.Check(); err != nil {
		return nil, err
	}
	canon, err := Encode(&o)
	if err != nil {
		return nil, &DecodeError{Offset: -1, Reason: err.Error()}
	}
	if !bytes.Equal(canon, b) {
		i := 0
		for i < len(canon) && i < len(b) && canon[i] == b[i] {
			i++
		}
		return nil, &DecodeError{Offset: i, Reason: "not in canonical form"}
	}
	return &o, nil
}

// Check verifies the structural rules of an operation (not its signature or chain).
func (o *Op) Check() error {
	if err := o.checkHeader(); err != nil {
		return err
	}
	return o.checkWrites()
}

// checkHeader is Check's half on the fields before the writes.
func (o *Op) checkHeader() error {
	bad := func(field, reason string) error { return &DecodeError{Offset: -1, Field: field, Reason: reason} }
	switch {
	case o.V != Version:
		return bad("v", fmt.Sprintf("version %d is not supported (this build reads version %d): update Dossier", o.V, Version))
	case !isAuthor(o.Author):
		return bad("author", "must be a 16-digit upper-case hex key id")
	case o.Seq == 0:
		return bad("seq", "must start at 1")
	case o.Seq == 1 && o.Prev != "":
		return bad("prev", "must be empty for an author's first operation")
	case o.Seq > 1 && !isHash(o.Prev):
		return bad("prev", "must be the 64-digit hex hash of the author's previous operation")
	case o.Clock.Wall <= 0:
		return bad("clock", "wall time must be positive")
	case !opTypes[o.Type]:
		return bad("type", fmt.Sprintf("%q is not an operation type", o.Type))
	case !isKind(o.Kind):
		return bad("kind", "must be a lower-case record kind")
	case !isUUID(o.Record):
		return bad("record", "must be a lower-case UUID")
	}
	if len(o.Seen) > MaxSeen {
		return bad("seen", fmt.Sprintf("names %d other installations; the limit is %d (a real network has a few hundred installations)", len(o.Seen), MaxSeen))
	}
	for a, n := range o.Seen {
		if !isAuthor(a) || a == o.Author || n == 0 {
			return bad("seen", "entries must name other authors with a sequence of at least 1")
		}
	}
	return nil
}

// checkWrites is Check's half on the operation's writes.
func (o *Op) checkWrites() error {
	bad := func(field, reason string) error { return &DecodeError{Offset: -1, Field: field, Reason: reason} }
	for f := range o.Set {
		if !isField(f) || f[0] == '$' {
			return bad("set", fmt.Sprintf("%q is not a field name", f))
		}
	}
	for _, m := range []map[string][]json.RawMessage{o.Add, o.Remove} {
		for f, elems := range m {
			if !isField(f) || f[0] == '$' || len(elems) == 0 {
				return bad("add/remove", fmt.Sprintf("%q is not a set field with elements", f))
			}
		}
	}
	switch o.Type {
	case OpDelete, OpRestore:
		if len(o.Set)+len(o.Add)+len(o.Remove) != 0 {
			return bad("type", "delete and restore carry no field values")
		}
	case OpCreate, OpUpdate, OpResolve:
		if len(o.Set)+len(o.Add)+len(o.Remove) == 0 {
			return bad("set", "the operation changes no field")
		}
	}
	return nil
}

func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Canon returns the canonical form of a JSON value: compact, object keys sorted, numbers as
// float64 formatted by encoding/json (integers beyond 2^53 lose precision), no HTML escaping.
func Canon(raw json.RawMessage) (json.RawMessage, error) {
	if plainString(raw) {
		return raw, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("not valid JSON: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("not one JSON value: there is more after the first value")
	}
	v, err := normNumbers(v)
	if err != nil {
		return nil, err
	}
	return marshal(v)
}

// plainString reports whether raw is a JSON string that the encoder would write unchanged:
// no escapes, no control characters, valid UTF-8, no U+2028/U+2029. Most field values are,
// and skipping the decode for them makes writes several times cheaper.
func plainString(raw []byte) bool {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return false
	}
	body := raw[1 : len(raw)-1]
	for _, c := range body {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	if !utf8.Valid(body) {
		return false
	}
	return !bytes.Contains(body, []byte("\u2028")) && !bytes.Contains(body, []byte("\u2029"))
}

// MustCanon is Canon of a Go value, for values built in code.
func MustCanon(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	c, err := Canon(b)
	if err != nil {
		panic(err)
	}
	return c
}

func normNumbers(v any) (any, error) {
	switch t := v.(type) {
	case json.Number:
		f, err := t.Float64()
		if err != nil {
			return nil, fmt.Errorf("number %s is out of range", t)
		}
		return f, nil
	case map[string]any:
		for k, e := range t {
			n, err := normNumbers(e)
			if err != nil {
				return nil, err
			}
			t[k] = n
		}
	case []any:
		for i, e := range t {
			n, err := normNumbers(e)
			if err != nil {
				return nil, err
			}
			t[i] = n
		}
	}
	return v, nil
}

func canonMap(m map[string]json.RawMessage) (map[string]json.RawMessage, error) {
	if len(m) == 0 {
		return nil, nil
	}
	if isCanonMap(m) {
		return m, nil // the usual case: nothing to copy
	}
	out := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		c, err := Canon(v)
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", k, err)
		}
		out[k] = c
	}
	return out, nil
}

// canonSets canonicalises set elements, sorts them and drops duplicates.
func canonSets(m map[string][]json.RawMessage) (map[string][]json.RawMessage, error) {
	if len(m) == 0 {
		return nil, nil
	}
	if isCanonSets(m) {
		return m, nil
	}
	out := make(map[string][]json.RawMessage, len(m))
	for k, elems := range m {
		seen := map[string]bool{}
		var cs []json.RawMessage
		for _, e := range elems {
			c, err := Canon(e)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", k, err)
			}
			if !seen[string(c)] {
				seen[string(c)] = true
				cs = append(cs, c)
			}
		}
		sort.Slice(cs, func(i, j int) bool { return bytes.Compare(cs[i], cs[j]) < 0 })
		out[k] = cs
	}
	return out, nil
}

// isCanonMap reports whether every value is already canonical.
func isCanonMap(m map[string]json.RawMessage) bool {
	for _, v := range m {
		if !isCanon(v) {
			return false
		}
	}
	return true
}

// isCanonSets reports whether every set is non-empty, canonical, sorted and without
// duplicates.
func isCanonSets(m map[string][]json.RawMessage) bool {
	for _, elems := range m {
		if len(elems) == 0 {
			return false
		}
		for i, e := range elems {
			if !isCanon(e) || i > 0 && bytes.Compare(elems[i-1], e) >= 0 {
				return false
			}
		}
	}
	return true
}

// isCanon reports whether a value is already in canonical form.
func isCanon(v json.RawMessage) bool {
	if plainString(v) || quickCanon(v) {
		return true
	}
	c, err := Canon(v)
	return err == nil && bytes.Equal(c, v)
}
