package oplog

// Hand-written writers and readers of the canonical JSON of operations and records. They
// produce exactly the bytes encoding/json produced (compact, struct fields in declaration
// order, map keys sorted, no HTML escaping), without reflection and with one buffer per
// encoding: encoding and decoding were most of the cost of applying and importing changes
// (docs/storage.md, "Encodings"). The readers accept only the canonical form and report
// failure without a reason; the callers then run the reflective decoder, which words the
// error, so the strictness and the messages are those of encoding/json.

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"sync"
	"unicode/utf8"
)

const hexDigits = "0123456789abcdef"

// appendString writes s as encoding/json does with HTML escaping off.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			if b >= 0x20 && b != '"' && b != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch b {
			case '\\', '"':
				dst = append(dst, '\\', b)
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
			}
			i++
			start = i
			continue
		}
		c, size := utf8.DecodeRuneInString(s[i:])
		if c == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if c == '\u2028' || c == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendRaw writes a value already in canonical form (json.RawMessage; nil is null).
func appendRaw(dst []byte, v json.RawMessage) []byte {
	if len(v) == 0 {
		return append(dst, "null"...)
	}
	return append(dst, v...)
}

func appendClock(dst []byte, c Clock) []byte {
	dst = append(dst, `{"w":`...)
	dst = strconv.AppendInt(dst, c.Wall, 10)
	dst = append(dst, `,"l":`...)
	dst = strconv.AppendUint(dst, uint64(c.Logical), 10)
	return append(dst, '}')
}

// appendVV writes a version vector; nil is null, as encoding/json writes a nil map.
func appendVV(dst []byte, v VV) []byte {
	if v == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	var arr [16]string
	for i, k := range keysInto(arr[:0], v) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		dst = strconv.AppendUint(dst, v[k], 10)
	}
	return append(dst, '}')
}

// appendOp writes an operation whose values are canonical (EncodeCanonical made them so).
func appendOp(dst []byte, o *Op) []byte {
	dst = append(dst, `{"v":`...)
	dst = strconv.AppendInt(dst, int64(o.V), 10)
	dst = append(dst, `,"author":`...)
	dst = appendString(dst, o.Author)
	dst = append(dst, `,"seq":`...)
	dst = strconv.AppendUint(dst, o.Seq, 10)
	dst = append(dst, `,"prev":`...)
	dst = appendString(dst, o.Prev)
	dst = append(dst, `,"clock":`...)
	dst = appendClock(dst, o.Clock)
	dst = append(dst, `,"seen":`...)
	dst = appendVV(dst, o.Seen)
	dst = append(dst, `,"type":`...)
	dst = appendString(dst, string(o.Type))
	dst = append(dst, `,"kind":`...)
	dst = appendString(dst, o.Kind)
	dst = append(dst, `,"record":`...)
	dst = appendString(dst, o.Record)
	if len(o.Set) > 0 {
		dst = append(dst, `,"set":{`...)
		var arr [16]string
		for i, k := range keysInto(arr[:0], o.Set) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			dst = appendRaw(dst, o.Set[k])
		}
		dst = append(dst, '}')
	}
	for _, m := range [2]struct {
		name string
		sets map[string][]json.RawMessage
	}{{`,"add":{`, o.Add}, {`,"remove":{`, o.Remove}} {
		if len(m.sets) == 0 {
			continue
		}
		dst = append(dst, m.name...)
		var arr [16]string
		for i, k := range keysInto(arr[:0], m.sets) {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendString(dst, k)
			dst = append(dst, ':')
			dst = appendRawList(dst, m.sets[k])
		}
		dst = append(dst, '}')
	}
	return append(dst, '}')
}

func appendRawList(dst []byte, l []json.RawMessage) []byte {
	if l == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, e := range l {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendRaw(dst, e)
	}
	return append(dst, ']')
}

func appendStamp(dst []byte, s Stamp) []byte {
	dst = append(dst, `{"a":`...)
	dst = appendString(dst, s.Author)
	dst = append(dst, `,"s":`...)
	dst = strconv.AppendUint(dst, s.Seq, 10)
	dst = append(dst, `,"c":`...)
	dst = appendClock(dst, s.Clock)
	return append(dst, '}')
}

func appendWrites(dst []byte, ws []Write) []byte {
	if ws == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, w := range ws {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"a":`...)
		dst = appendString(dst, w.Author)
		dst = append(dst, `,"s":`...)
		dst = strconv.AppendUint(dst, w.Seq, 10)
		dst = append(dst, `,"c":`...)
		dst = appendClock(dst, w.Clock)
		dst = append(dst, `,"v":`...)
		dst = appendRaw(dst, w.Value)
		if w.First {
			dst = append(dst, `,"f":true`...)
		}
		if len(w.Seen) > 0 {
			dst = append(dst, `,"seen":`...)
			dst = appendVV(dst, w.Seen)
		}
		if len(w.Ctx) > 0 {
			dst = append(dst, `,"ctx":`...)
			dst = appendVV(dst, w.Ctx)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendMarks(dst []byte, ms []Mark) []byte {
	dst = append(dst, '[')
	for i, m := range ms {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"a":`...)
		dst = appendString(dst, m.Author)
		dst = append(dst, `,"s":`...)
		dst = strconv.AppendUint(dst, m.Seq, 10)
		dst = append(dst, `,"k":`...)
		dst = appendString(dst, m.Key)
		if len(m.Ctx) > 0 {
			dst = append(dst, `,"ctx":`...)
			dst = appendVV(dst, m.Ctx)
		}
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendPast(dst []byte, p *Past) []byte {
	if p == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '{')
	sep := false
	if len(p.Seen) > 0 {
		dst = append(dst, `"seen":`...)
		dst = appendMarks(dst, p.Seen)
		sep = true
	}
	if len(p.Twins) > 0 {
		if sep {
			dst = append(dst, ',')
		}
		dst = append(dst, `"twins":`...)
		dst = appendMarks(dst, p.Twins)
		sep = true
	}
	if len(p.Older) > 0 {
		if sep {
			dst = append(dst, ',')
		}
		dst = append(dst, `"older":`...)
		dst = appendMap(dst, p.Older, appendUints)
	}
	return append(dst, '}')
}

func appendUints(dst []byte, us []uint64) []byte {
	if us == nil {
		return append(dst, "null"...)
	}
	dst = append(dst, '[')
	for i, u := range us {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = strconv.AppendUint(dst, u, 10)
	}
	return append(dst, ']')
}

// appendMap writes a map with sorted keys; nil is null.
func appendMap[V any](dst []byte, m map[string]V, val func([]byte, V) []byte) []byte {
	if m == nil {
		return append(dst, "null"...)
	}
	var arr [16]string
	dst = append(dst, '{')
	for i, k := range keysInto(arr[:0], m) {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendString(dst, k)
		dst = append(dst, ':')
		dst = val(dst, m[k])
	}
	return append(dst, '}')
}

// appendRecord writes a record as encoding/json wrote the Record struct.
func appendRecord(dst []byte, r *Record) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, r.ID)
	dst = append(dst, `,"kind":`...)
	dst = appendString(dst, r.Kind)
	dst = append(dst, `,"regs":`...)
	dst = appendMap(dst, r.Regs, appendWrites)
	if len(r.Sets) > 0 {
		dst = append(dst, `,"sets":`...)
		dst = appendMap(dst, r.Sets, func(d []byte, m map[string][]Write) []byte { return appendMap(d, m, appendWrites) })
	}
	if len(r.RegsPast) > 0 {
		dst = append(dst, `,"regs_past":`...)
		dst = appendMap(dst, r.RegsPast, appendPast)
	}
	if len(r.SetsPast) > 0 {
		dst = append(dst, `,"sets_past":`...)
		dst = appendMap(dst, r.SetsPast, func(d []byte, m map[string]*Past) []byte { return appendMap(d, m, appendPast) })
	}
	dst = append(dst, `,"created":`...)
	dst = appendStamp(dst, r.Created)
	dst = append(dst, `,"updated":`...)
	dst = appendStamp(dst, r.Updated)
	return append(dst, '}')
}

// keysInto appends m's keys to buf, sorted; with a buffer on the caller's stack, a small
// map's keys cost no allocation.
func keysInto[V any](buf []string, m map[string]V) []string {
	for k := range m {
		buf = append(buf, k)
	}
	slices.Sort(buf)
	return buf
}

// canonicalHeader reports whether head is the canonical encoding of o's fields before its
// writes (what appendOp writes of an operation without writes, but its closing brace).
func canonicalHeader(o *Op, head []byte) bool {
	if o.Seen == nil {
		return false
	}
	h := *o
	h.Set, h.Add, h.Remove = nil, nil, nil
	var arr [512]byte
	enc := appendOp(arr[:0], &h)
	return bytes.Equal(enc[:len(enc)-1], head)
}

// canonicalBytes reports whether b is the canonical encoding of o, which the reader produced
// from b: values canonical, sets sorted without duplicates, and the same bytes once written.
func canonicalBytes(o *Op, b []byte) bool {
	if o.Seen == nil || !isCanonMap(o.Set) || !isCanonSets(o.Add) || !isCanonSets(o.Remove) {
		return false
	}
	bp := verifyBufs.Get().(*[]byte)
	out := appendOp((*bp)[:0], o)
	same := bytes.Equal(out, b)
	if cap(out) <= 64<<10 {
		*bp = out
		verifyBufs.Put(bp)
	}
	return same
}

var verifyBufs = sync.Pool{New: func() any { b := make([]byte, 0, 2048); return &b }}
