package oplog

import (
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"
)

// reader scans canonical JSON. Any surprise sets bad; the caller then falls back to
// encoding/json, which explains the error (jsonw.go).
type reader struct {
	b   []byte // owned by the result: strings and values share it
	i   int
	bad bool
}

func (r *reader) fail() { r.bad = true; r.i = len(r.b) }

// lit consumes s or fails.
func (r *reader) lit(s string) {
	if r.bad || len(r.b)-r.i < len(s) || string(r.b[r.i:r.i+len(s)]) != s {
		r.fail()
		return
	}
	r.i += len(s)
}

// peek reports whether the input continues with s, and consumes it if so.
func (r *reader) peek(s string) bool {
	if !r.bad && len(r.b)-r.i >= len(s) && string(r.b[r.i:r.i+len(s)]) == s {
		r.i += len(s)
		return true
	}
	return false
}

func (r *reader) next() byte {
	if r.bad || r.i >= len(r.b) {
		r.fail()
		return 0
	}
	c := r.b[r.i]
	r.i++
	return c
}

// strBytes reads a string and returns its decoded bytes (a slice of the input when it has
// no escapes).
func (r *reader) strBytes() []byte {
	if r.next() != '"' {
		r.fail()
		return nil
	}
	start := r.i
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			s := r.b[start:r.i]
			r.i++
			return s
		case c == '\\':
			return r.escaped(start)
		case c < 0x20:
			r.fail()
			return nil
		}
		r.i++
	}
	r.fail()
	return nil
}

// escaped finishes a string that has escapes, from its first byte at start.
func (r *reader) escaped(start int) []byte {
	out := append([]byte(nil), r.b[start:r.i]...)
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch {
		case c == '"':
			r.i++
			return out
		case c < 0x20:
			r.fail()
			return nil
		case c != '\\':
			out = append(out, c)
			r.i++
			continue
		}
		if r.i+1 >= len(r.b) {
			r.fail()
			return nil
		}
		e := r.b[r.i+1]
		r.i += 2
		switch e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			ru := r.hex4()
			if utf16.IsSurrogate(ru) {
				if !r.peek(`\u`) {
					ru = utf8.RuneError
				} else if ru2 := r.hex4(); utf16.DecodeRune(ru, ru2) != utf8.RuneError {
					ru = utf16.DecodeRune(ru, ru2)
				} else {
					r.fail() // rare enough to leave to encoding/json
					return nil
				}
			}
			out = utf8.AppendRune(out, ru)
		default:
			r.fail()
			return nil
		}
	}
	r.fail()
	return nil
}

func (r *reader) hex4() rune {
	if len(r.b)-r.i < 4 {
		r.fail()
		return 0
	}
	v, err := strconv.ParseUint(string(r.b[r.i:r.i+4]), 16, 16)
	if err != nil {
		r.fail()
		return 0
	}
	r.i += 4
	return rune(v)
}

// str reads a string; invalid UTF-8 is left to encoding/json (it would replace it).
func (r *reader) str() string {
	b := r.strBytes()
	if r.bad || !utf8.Valid(b) {
		r.fail()
		return ""
	}
	if len(b) == 0 {
		return ""
	}
	// The reader's input is its caller's own copy, never changed after: strings may share
	// it rather than each being copied (one allocation per decoded value, not one per string).
	return unsafe.String(&b[0], len(b))
}

// uint reads a canonical unsigned integer (no sign, no leading zero, no fraction).
func (r *reader) uint(bits int) uint64 {
	start := r.i
	for r.i < len(r.b) && r.b[r.i] >= '0' && r.b[r.i] <= '9' {
		r.i++
	}
	if r.bad || r.i == start || r.b[start] == '0' && r.i-start > 1 {
		r.fail()
		return 0
	}
	v, err := strconv.ParseUint(string(r.b[start:r.i]), 10, bits)
	if err != nil {
		r.fail()
	}
	return v
}

func (r *reader) int(bits int) int64 {
	neg := r.peek("-")
	v := r.uint(64)
	if r.bad || v > 1<<(bits-1)-1 {
		r.fail()
		return 0
	}
	if neg {
		return -int64(v)
	}
	return int64(v)
}

// value returns the extent of one JSON value. It only finds where the value ends; the
// caller checks it is canonical (Canon), which also refuses invalid values.
func (r *reader) value() json.RawMessage {
	if r.bad || r.i >= len(r.b) {
		r.fail()
		return nil
	}
	start := r.i
	depth := 0
	for r.i < len(r.b) {
		c := r.b[r.i]
		switch c {
		case '"':
			r.strBytes()
			if r.bad {
				return nil
			}
		case '{', '[':
			depth++
			r.i++
		case '}', ']':
			if depth == 0 {
				r.fail()
				return nil
			}
			depth--
			r.i++
		case ',', ':':
			if depth == 0 {
				r.fail()
				return nil
			}
			r.i++
		default:
			for r.i < len(r.b) && r.b[r.i] != ',' && r.b[r.i] != '}' && r.b[r.i] != ']' && r.b[r.i] != ':' && r.b[r.i] != '"' && r.b[r.i] != '{' && r.b[r.i] != '[' {
				r.i++
			}
		}
		if depth == 0 {
			return r.b[start:r.i]
		}
	}
	r.fail()
	return nil
}

func (r *reader) clock() Clock {
	r.lit(`{"w":`)
	w := r.int(64)
	r.lit(`,"l":`)
	l := r.uint(32)
	r.lit("}")
	return Clock{Wall: w, Logical: uint32(l)}
}

// object calls fn for each key of an object (or for none when it is null and null is
// allowed), with the reader on the key's value.
func (r *reader) object(nullOK bool, fn func(key string)) (null bool) {
	if nullOK && r.peek("null") {
		return true
	}
	r.lit("{")
	if r.peek("}") {
		return false
	}
	for !r.bad {
		k := r.str()
		r.lit(":")
		fn(k)
		if !r.peek(",") {
			break
		}
	}
	r.lit("}")
	return false
}

func (r *reader) vv() VV {
	v := VV{}
	if r.object(true, func(k string) { v[k] = r.uint(64) }) {
		return nil
	}
	return v
}

// parseHeader reads an operation's fields up to its record: everything but its writes.
func parseHeader(r *reader) *Op {
	o := &Op{}
	r.lit(`{"v":`)
	o.V = int(r.int(64))
	r.lit(`,"author":`)
	o.Author = r.str()
	r.lit(`,"seq":`)
	o.Seq = r.uint(64)
	r.lit(`,"prev":`)
	o.Prev = r.str()
	r.lit(`,"clock":`)
	o.Clock = r.clock()
	r.lit(`,"seen":`)
	o.Seen = r.vv()
	r.lit(`,"type":`)
	o.Type = OpType(r.str())
	r.lit(`,"kind":`)
	o.Kind = r.str()
	r.lit(`,"record":`)
	o.Record = r.str()
	return o
}

// parseOp reads an operation in the shape appendOp writes. Values are slices of b.
func parseOp(b []byte) (*Op, bool) {
	r := &reader{b: b}
	o := parseHeader(r)
	if r.peek(`,"set":`) {
		o.Set = map[string]json.RawMessage{}
		r.object(false, func(k string) { o.Set[k] = r.value() })
	}
	sets := func() map[string][]json.RawMessage {
		m := map[string][]json.RawMessage{}
		r.object(false, func(k string) {
			r.lit("[")
			l := []json.RawMessage{}
			for !r.bad {
				l = append(l, r.value())
				if !r.peek(",") {
					break
				}
			}
			r.lit("]")
			m[k] = l
		})
		return m
	}
	if r.peek(`,"add":`) {
		o.Add = sets()
	}
	if r.peek(`,"remove":`) {
		o.Remove = sets()
	}
	r.lit("}")
	if r.bad || r.i != len(b) {
		return nil, false
	}
	return o, true
}

// parseRecord reads a record in the shape appendRecord writes. b is the caller's to keep:
// values are slices of it.
func parseRecord(b []byte) (*Record, bool) {
	r := &reader{b: b}
	rec := &Record{}
	r.lit(`{"id":`)
	rec.ID = r.str()
	r.lit(`,"kind":`)
	rec.Kind = r.str()
	r.lit(`,"regs":`)
	rec.Regs = map[string][]Write{}
	if r.object(true, func(k string) { rec.Regs[k] = r.writes() }) {
		rec.Regs = nil
	}
	if r.peek(`,"sets":`) {
		rec.Sets = map[string]map[string][]Write{}
		r.object(true, func(f string) {
			m := map[string][]Write{}
			if r.object(true, func(e string) { m[e] = r.writes() }) {
				m = nil
			}
			rec.Sets[f] = m
		})
	}
	if r.peek(`,"regs_past":`) {
		rec.RegsPast = map[string]*Past{}
		r.object(true, func(f string) { rec.RegsPast[f] = r.past() })
	}
	if r.peek(`,"sets_past":`) {
		rec.SetsPast = map[string]map[string]*Past{}
		r.object(true, func(f string) {
			m := map[string]*Past{}
			if r.object(true, func(e string) { m[e] = r.past() }) {
				m = nil
			}
			rec.SetsPast[f] = m
		})
	}
	r.lit(`,"created":`)
	rec.Created = r.stamp()
	r.lit(`,"updated":`)
	rec.Updated = r.stamp()
	r.lit("}")
	if r.bad || r.i != len(b) {
		return nil, false
	}
	return rec, true
}

func (r *reader) stamp() Stamp {
	var s Stamp
	r.lit(`{"a":`)
	s.Author = r.str()
	r.lit(`,"s":`)
	s.Seq = r.uint(64)
	r.lit(`,"c":`)
	s.Clock = r.clock()
	r.lit("}")
	return s
}

func (r *reader) writes() []Write {
	if r.peek("null") {
		return nil
	}
	r.lit("[")
	ws := make([]Write, 0, 1)
	if r.peek("]") {
		return ws
	}
	for !r.bad {
		var w Write
		r.lit(`{"a":`)
		w.Author = r.str()
		r.lit(`,"s":`)
		w.Seq = r.uint(64)
		r.lit(`,"c":`)
		w.Clock = r.clock()
		r.lit(`,"v":`)
		if w.Value = r.value(); !r.bad && !json.Valid(w.Value) {
			r.fail() // as encoding/json would refuse it
		}
		if r.peek(`,"f":true`) {
			w.First = true
		}
		if r.peek(`,"seen":`) {
			w.Seen = r.vv()
		}
		if r.peek(`,"ctx":`) {
			w.Ctx = r.vv()
		}
		r.lit("}")
		ws = append(ws, w)
		if !r.peek(",") {
			break
		}
	}
	r.lit("]")
	return ws
}

func (r *reader) marks() []Mark {
	r.lit("[")
	var ms []Mark
	for !r.bad {
		var m Mark
		r.lit(`{"a":`)
		m.Author = r.str()
		r.lit(`,"s":`)
		m.Seq = r.uint(64)
		r.lit(`,"k":`)
		m.Key = r.str()
		if r.peek(`,"ctx":`) {
			m.Ctx = r.vv()
		}
		r.lit("}")
		ms = append(ms, m)
		if !r.peek(",") {
			break
		}
	}
	r.lit("]")
	return ms
}

func (r *reader) past() *Past {
	if r.peek("null") {
		return nil
	}
	p := &Past{}
	r.lit("{")
	// The keys in appendPast's order, each optional, separated by commas.
	sep := false
	key := func(k string) bool {
		if sep {
			if !r.peek(`,"` + k + `":`) {
				return false
			}
		} else if !r.peek(`"` + k + `":`) {
			return false
		}
		sep = true
		return true
	}
	if key("seen") {
		p.Seen = r.marks()
	}
	if key("twins") {
		p.Twins = r.marks()
	}
	if key("older") {
		p.Older = Seqs{}
		r.object(false, func(k string) { p.Older[k] = r.uints() })
	}
	r.lit("}")
	return p
}

func (r *reader) uints() []uint64 {
	if r.peek("null") {
		return nil
	}
	r.lit("[")
	us := []uint64{}
	if r.peek("]") {
		return us
	}
	for !r.bad {
		us = append(us, r.uint(64))
		if !r.peek(",") {
			break
		}
	}
	r.lit("]")
	return us
}
