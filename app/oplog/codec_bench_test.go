package oplog

// The benchmark that chose the canonical encoding (docs/storage.md, "Encodings"): one
// operation and one record, each encoded and decoded strictly (the decoder refuses what is
// not the canonical form, so it re-encodes and compares), by
//   - reflect: encoding/json, as Dossier did before;
//   - hand:    the hand-written canonical JSON writer and reader (jsonw.go, jsonr.go);
//   - cbor:    deterministic CBOR (github.com/fxamacker/cbor/v2, core deterministic
//              encoding; duplicate keys and unknown fields refused; field values kept as
//              byte strings of their canonical JSON, since the domain's values are JSON).

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/fxamacker/cbor/v2"
)

// benchOp is a commitment created as a delegate types one: the shape of
// BenchmarkApply100kLocalOps and BenchmarkImport100k.
func benchOp(tb testing.TB) *Op {
	c := newChain(authA)
	c.next(tb, Op{Type: OpCreate, Kind: "commitment", Record: rec2, Set: sets("title", `"x"`)})
	return c.next(tb, Op{Type: OpCreate, Kind: "commitment", Record: rec1, Seen: VV{authB: 1204, authC: 77},
		Set: map[string]json.RawMessage{
			"title":  MustCanon("reception legislation smuggling 4711"),
			"text":   MustCanon(strings.Repeat("readmission ", 20)),
			"status": raw(`"agreed"`), "due": raw(`"2026-05-17"`)},
		Add: map[string][]json.RawMessage{"themes": {raw(`"border_management"`)}}})
}

func benchRecord(tb testing.TB) *Record {
	o := benchOp(tb)
	r := NewRecord(o.Record)
	mustApply(tb, r, o)
	u := *o
	u.Type, u.Seq, u.Clock.Wall = OpUpdate, o.Seq+1, o.Clock.Wall+5
	u.Set = map[string]json.RawMessage{"status": raw(`"delivered"`)}
	u.Add = nil
	mustApply(tb, r, &u)
	return r
}

var (
	cborEnc, _ = cbor.CoreDetEncOptions().EncMode()
	cborDec, _ = cbor.DecOptions{DupMapKey: cbor.DupMapKeyEnforcedAPF, IndefLength: cbor.IndefLengthForbidden,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField}.DecMode()
)

// cborDecodeStrict decodes and refuses any encoding but the deterministic one.
func cborDecodeStrict[T any](b []byte) (*T, error) {
	var v T
	if err := cborDec.Unmarshal(b, &v); err != nil {
		return nil, err
	}
	again, err := cborEnc.Marshal(&v)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(again, b) {
		return nil, errors.New("not in canonical form")
	}
	return &v, nil
}

func BenchmarkCodec(b *testing.B) {
	o := benchOp(b)
	rec := benchRecord(b)
	opJSON := mustEncode(b, o)
	recJSON, _ := rec.Encode()
	opCBOR, _ := cborEnc.Marshal(o)
	recCBOR, _ := cborEnc.Marshal(rec)
	if _, err := cborDecodeStrict[Op](opCBOR); err != nil {
		b.Fatal(err)
	}
	if _, err := cborDecodeStrict[Record](recCBOR); err != nil {
		b.Fatal(err)
	}
	run := func(name string, size int, fn func() error) {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := fn(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size), "bytes")
		})
	}
	run("op/reflect", len(opJSON), func() error {
		c, _, err := EncodeCanonical(o)
		if err != nil {
			return err
		}
		raw := marshalReflect(c)
		_, err = decodeSlow(raw)
		return err
	})
	run("op/hand", len(opJSON), func() error {
		raw, err := Encode(o)
		if err == nil {
			_, err = Decode(raw)
		}
		return err
	})
	run("op/cbor", len(opCBOR), func() error {
		c, _, err := EncodeCanonical(o)
		if err != nil {
			return err
		}
		raw, err := cborEnc.Marshal(c)
		if err == nil {
			var d *Op
			if d, err = cborDecodeStrict[Op](raw); err == nil {
				err = d.Check()
			}
		}
		return err
	})
	run("record/reflect", len(recJSON), func() error {
		raw := marshalReflect(rec)
		var r Record
		return json.Unmarshal(raw, &r)
	})
	run("record/hand", len(recJSON), func() error {
		raw, err := rec.Encode()
		if err == nil {
			_, err = DecodeRecord(raw)
		}
		return err
	})
	run("record/cbor", len(recCBOR), func() error {
		raw, err := cborEnc.Marshal(rec)
		if err == nil {
			var r Record
			err = cborDec.Unmarshal(raw, &r) // stored state: no canonical check on read
		}
		return err
	})
}

func marshalReflect(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}
