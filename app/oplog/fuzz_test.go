package oplog

import (
	"bytes"
	"errors"
	"reflect"
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
