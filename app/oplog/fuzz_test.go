package oplog

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzDecodeOp: Decode never panics, every refusal is ErrMalformed, and every accepted input
// is the canonical encoding of what it decodes to. The seed corpus is in
// testdata/fuzz/FuzzDecodeOp (regenerate with `go test ./app/oplog -run TestVectors -update`).
func FuzzDecodeOp(f *testing.F) {
	f.Add([]byte(baseOp))
	f.Fuzz(func(t *testing.T, b []byte) {
		o, err := Decode(b)
		// The hand-written reader and encoding/json accept the same bytes, as the same op.
		if slow, serr := decodeSlow(b); (serr == nil) != (err == nil) || err == nil && !reflect.DeepEqual(o, slow) {
			t.Fatalf("hand-written and reflective decoders disagree: %v / %v", err, serr)
		}
		if err != nil {
			if o != nil {
				t.Fatalf("operation returned with error %v", err)
			}
			var de *DecodeError
			if !errors.Is(err, ErrMalformed) || !errors.As(err, &de) {
				t.Fatalf("error is not a malformed-operation DecodeError: %T %v", err, err)
			}
			if de.Offset > len(b) && de.Offset != MaxOpSize {
				t.Fatalf("offset %d beyond the input (%d bytes)", de.Offset, len(b))
			}
			return
		}
		enc, err := Encode(o)
		if err != nil {
			t.Fatalf("decoded but does not encode: %v", err)
		}
		if !bytes.Equal(enc, b) {
			t.Fatalf("Encode(Decode(b)) != b\n   b: %q\n enc: %q", b, enc)
		}
		if err := o.Check(); err != nil {
			t.Fatalf("decoded but Check fails: %v", err)
		}
		// Applying a decoded operation to a fresh record never panics either.
		r := NewRecord(o.Record)
		if _, err := r.Apply(o); err != nil {
			t.Fatalf("apply to a fresh record: %v", err)
		}
		if _, err := r.Encode(); err != nil {
			t.Fatalf("encode record: %v", err)
		}
	})
}

// FuzzDecodeRecord: the hand-written record reader never panics, and whatever it accepts,
// encoding/json decodes to the same record (the reader only ever declines, leaving the rest
// to encoding/json). Seeds: testdata/fuzz/FuzzDecodeRecord and the records below.
func FuzzDecodeRecord(f *testing.F) {
	r := benchRecord(f)
	enc, _ := r.Encode()
	f.Add(enc)
	r2 := NewRecord(rec2)
	c := newChain(authB)
	mustApply(f, r2, c.next(f, Op{Type: OpCreate, Kind: "commitment", Record: rec2, Set: sets("title", `"a\"b\u2028"`), Add: elems("themes", `"x"`, `"y"`)}))
	mustApply(f, r2, c.next(f, Op{Type: OpDelete, Kind: "commitment", Record: rec2, Seen: VV{authA: 2}}))
	enc2, _ := r2.Encode()
	f.Add(enc2)
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, ok := parseRecord(append([]byte(nil), b...))
		if !ok {
			return
		}
		var slow Record
		if err := json.Unmarshal(b, &slow); err != nil {
			t.Fatalf("the hand-written reader accepts what encoding/json refuses (%v): %q", err, b)
		}
		if !reflect.DeepEqual(fast, &slow) {
			t.Fatalf("readers disagree on %q\nfast %#v\nslow %#v", b, fast, &slow)
		}
	})
}

// FuzzQuickCanon: quickCanon never calls a value canonical that Canon would change.
func FuzzQuickCanon(f *testing.F) {
	for _, s := range []string{`"x"`, `1`, `-12`, `0`, `-0`, `01`, `1.5`, `1e3`, `true`, `null`, `[]`, `{}`,
		`[1,"a",{"amount":150000000,"currency":"EUR","state":"pledged"}]`, `{"b":1,"a":2}`, `{"a":1,"a":2}`,
		`{"a":[{"b":[true,false,null]}]}`, `"\u00e9"`, `"é"`, `[1 ]`, `{"a" :1}`, `9007199254740993`, `123456789012345`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, v []byte) {
		if !quickCanon(v) {
			return
		}
		c, err := Canon(v)
		if err != nil || string(c) != string(v) {
			t.Fatalf("quickCanon says %q is canonical; Canon says %q, %v", v, c, err)
		}
	})
}

// Table of what quickCanon vouches for and what it leaves to Canon.
func TestQuickCanon(t *testing.T) {
	yes := []string{`"Tunis"`, `0`, `-7`, `150000000`, `123456789012345`, `true`, `false`, `null`, `[]`, `{}`,
		`[{"amount":150000000,"currency":"EUR","instrument":"grant","state":"pledged"}]`, `{"a":{"b":[1,2]}}`}
	no := []string{`-0`, `01`, `1.5`, `1e3`, `1234567890123456`, `"a\"b"`, `"\u00e9"`, `{"b":1,"a":2}`, `{"a":1,"a":2}`,
		`[1 ]`, `{"a" :1}`, `[1,]`, `{"a":1,}`, `tru`, `[`, `"`, `1 `, ``}
	for _, s := range yes {
		if !quickCanon([]byte(s)) {
			t.Errorf("quickCanon(%s) = false", s)
		}
		if c, err := Canon([]byte(s)); err != nil || string(c) != s {
			t.Errorf("%s is in the table as canonical, Canon gives %s %v", s, c, err)
		}
	}
	for _, s := range no {
		if quickCanon([]byte(s)) {
			t.Errorf("quickCanon(%s) = true", s)
		}
	}
}

// FuzzDecodeHeader: DecodeHeader never panics, accepts whatever Decode accepts with the same
// header, and refuses only with Decode's error. Seeds: testdata/fuzz/FuzzDecodeHeader.
func FuzzDecodeHeader(f *testing.F) {
	f.Add([]byte(baseOp))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, herr := DecodeHeader(b)
		o, err := Decode(b)
		switch {
		case err == nil && herr != nil:
			t.Fatalf("Decode accepts what DecodeHeader refuses: %v", herr)
		case herr != nil && herr.Error() != err.Error():
			t.Fatalf("DecodeHeader refuses in other words than Decode: %v / %v", herr, err)
		case err == nil:
			o.Set, o.Add, o.Remove = nil, nil, nil
			if !reflect.DeepEqual(h, o) {
				t.Fatalf("headers differ:\n%+v\n%+v", h, o)
			}
		case herr == nil:
			if h.Set != nil || h.Add != nil || h.Remove != nil {
				t.Fatal("a header holds writes")
			}
			if cerr := h.checkHeader(); cerr != nil {
				t.Fatalf("a header that fails its checks: %v", cerr)
			}
			// What Decode refuses, DecodeHeader accepts only for the writes: the header it
			// read is canonical, the very bytes the encoder writes for it.
			enc := appendOp(nil, h)
			if !bytes.HasPrefix(b, enc[:len(enc)-1]) {
				t.Fatalf("accepted a header that is not canonical:\n%q", b)
			}
		}
	})
}

// DecodeHeader's table: what it reads, and what it refuses.
func TestDecodeHeader(t *testing.T) {
	o, err := Decode([]byte(baseOp))
	if err != nil {
		t.Fatal(err)
	}
	h, err := DecodeHeader([]byte(baseOp))
	if err != nil {
		t.Fatal(err)
	}
	if h.Author != o.Author || h.Seq != o.Seq || h.Record != o.Record || h.Kind != o.Kind || h.Type != o.Type ||
		h.Clock != o.Clock || !reflect.DeepEqual(h.Seen, o.Seen) || h.Prev != o.Prev {
		t.Fatalf("header %+v, decoded %+v", h, o)
	}
	if h.Set != nil || h.Add != nil || h.Remove != nil {
		t.Fatalf("the header holds writes: %+v", h)
	}
	for name, b := range map[string]string{
		"empty":           ``,
		"cut in the head": baseOp[:40],
		"head only":       baseOp[:strings.Index(baseOp, `,"set"`)],
		"bad author":      strings.Replace(baseOp, `"author":"`, `"author":"x`, 1),
		"not json":        `hello`,
		"escaped author":  strings.Replace(baseOp, `"author":"A`, `"author":"\u0041`, 1),
		"seen out of order": strings.Replace(baseOp, `"seen":{"BBBBBBBBBBBBBBBB":4}`,
			`"seen":{"CCCCCCCCCCCCCCCC":1,"BBBBBBBBBBBBBBBB":4}`, 1),
		"seen twice": strings.Replace(baseOp, `"seen":{"BBBBBBBBBBBBBBBB":4}`,
			`"seen":{"BBBBBBBBBBBBBBBB":4,"BBBBBBBBBBBBBBBB":9}`, 1),
		"too large": baseOp[:len(baseOp)-1] + strings.Repeat(" ", MaxOpSize) + "}",
	} {
		if _, err := DecodeHeader([]byte(b)); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: %v is not ErrMalformed", name, err)
		}
	}
}
