package oplog

import (
	"fmt"
	"math"
	"testing"
)

// Every size is the length of the encoding it stands for, on the values a record holds after
// a thousand random changes by three authors (heads, concurrent writes, pasts of every kind).
func TestSizesAreTheEncodings(t *testing.T) {
	rec := NewRecord("r")
	authors := []string{"AAAAAAAAAAAAAAAA", "BBBBBBBBBBBBBBBB", "CCCCCCCCCCCCCCCC"}
	values := []string{"agreed", "Côte d'Ivoire", "a \"quoted\" \\ word", "tab\there", "line\u2028sep", "\x01", "€ 150,000"}
	randomChanges(11, 1000, authors, values, func(_ int, o *Op) {
		if _, err := rec.Apply(o); err != nil {
			t.Fatal(err)
		}
		for f, h := range rec.Regs {
			checkSize(t, "writes of "+f, sizeWrites(h), appendWrites(nil, h))
		}
		for f, p := range rec.RegsPast {
			checkSize(t, "past of "+f, sizePast(p), appendPast(nil, p))
		}
		for f, es := range rec.Sets {
			for e, h := range es {
				checkSize(t, "writes of "+f+" "+e, sizeWrites(h), appendWrites(nil, h))
			}
		}
		for f, es := range rec.SetsPast {
			for e, p := range es {
				checkSize(t, "past of "+f+" "+e, sizePast(p), appendPast(nil, p))
			}
		}
	})
	// And what no change above made.
	checkSize(t, "no writes", sizeWrites(nil), appendWrites(nil, nil))
	checkSize(t, "no past", sizePast(nil), appendPast(nil, nil))
	checkSize(t, "an empty past", sizePast(&Past{}), appendPast(nil, &Past{}))
	checkSize(t, "older only", sizePast(&Past{Older: Seqs{"A": {1, 22}, "B": nil}}), appendPast(nil, &Past{Older: Seqs{"A": {1, 22}, "B": nil}}))
	checkSize(t, "no vv", sizeVV(nil), appendVV(nil, nil))
	checkSize(t, "an empty vv", sizeVV(VV{}), appendVV(nil, VV{}))
	for _, c := range []Clock{{}, {Wall: -5}, {Wall: math.MaxInt64, Logical: math.MaxUint32}, {Wall: math.MinInt64 + 1}} {
		checkSize(t, fmt.Sprint(c.Wall), sizeClock(c), appendClock(nil, c))
	}
}

func checkSize(t *testing.T, what string, size int, enc []byte) {
	t.Helper()
	if size != len(enc) {
		t.Fatalf("%s: size %d, encoding %d bytes: %s", what, size, len(enc), enc)
	}
}

// FuzzSizesAreTheEncodings: for any string, number and clock, a write, a mark and a version
// vector made of them measure as they encode. Seeds: testdata/fuzz/FuzzSizesAreTheEncodings.
func FuzzSizesAreTheEncodings(f *testing.F) {
	f.Add("Tunisia", int64(1700000000000), uint64(3), []byte(`"agreed"`))
	f.Add("a\"b\\c\x00\x1f\u2028\u2029\xff\xfe é €", int64(-1), uint64(math.MaxUint64), []byte(nil))
	f.Fuzz(func(t *testing.T, s string, i int64, u uint64, v []byte) {
		if i == math.MinInt64 {
			i++ // a clock's wall is positive; the sign of the least int64 has no positive
		}
		checkSize(t, "string", sizeString(s), appendString(nil, s))
		checkSize(t, "int", sizeInt(i), []byte(fmt.Sprint(i)))
		checkSize(t, "uint", sizeUint(u), []byte(fmt.Sprint(u)))
		c := Clock{Wall: i, Logical: uint32(u)}
		vv := VV{s: u, s + "x": 1}
		w := []Write{{Author: s, Seq: u, Clock: c, Value: v, First: u%2 == 0, Seen: vv, Ctx: vv}, {Author: s, Clock: c}}
		checkSize(t, "writes", sizeWrites(w), appendWrites(nil, w))
		m := []Mark{{Author: s, Seq: u, Key: s, Ctx: vv}, {Key: s}}
		p := &Past{Seen: m, Twins: m[:1], Older: Seqs{s: {u, 1}}}
		checkSize(t, "past", sizePast(p), appendPast(nil, p))
	})
}
