package oplog

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// reflective is the encoding the hand-written writers replace: encoding/json, HTML escaping
// off, no trailing newline. The hand-written bytes must equal it, so that the test vectors,
// the stored records and every state hash stay what they were.
func reflective(t testing.TB, v any) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// awkward strings: escapes, control characters, HTML characters (not escaped), non-ASCII,
// the two line separators JSON escapes, invalid UTF-8.
var awkward = []string{"", "plain", `quo"te`, `back\slash`, "tab\tnl\nbs\bff\fcr\r", "\x00\x01\x1f", "<a href='x'>&amp;</a>",
	"Côte d’Ivoire — 東京", "line\u2028para\u2029", "bad\xffutf8\xc3", "\U0001F600"}

func checkRecordCodec(t *testing.T, r *Record) {
	t.Helper()
	got, err := r.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if want := reflective(t, r); !bytes.Equal(got, want) {
		t.Fatalf("record %s: hand-written encoding differs at %s\n got %s\nwant %s", r.ID, firstDiff(got, want), got, want)
	}
	if _, ok := parseRecord(got); !ok {
		t.Fatalf("record %s: the hand-written reader refuses its own encoding", r.ID)
	}
	fast, err := DecodeRecord(got)
	if err != nil {
		t.Fatal(err)
	}
	var slow Record
	if err := json.Unmarshal(got, &slow); err != nil {
		t.Fatal(err)
	}
	if slow.Regs == nil {
		slow.Regs = map[string][]Write{}
	}
	if !reflect.DeepEqual(fast, &slow) {
		t.Fatalf("record %s: hand-written decoding differs from encoding/json\nfast %#v\nslow %#v", r.ID, fast, &slow)
	}
	if again, _ := fast.Encode(); !bytes.Equal(again, got) {
		t.Fatalf("record %s: decode then encode changed the bytes", r.ID)
	}
}

func TestHandCodecMatchesEncodingJSON(t *testing.T) {
	for _, s := range awkward {
		if got, want := appendString(nil, s), reflective(t, s); !bytes.Equal(got, want) {
			t.Errorf("string %q: got %s, want %s", s, got, want)
		}
	}
	c := newChain(authA)
	r := NewRecord(rec1)
	for i, s := range awkward {
		o := c.next(t, Op{Type: OpUpdate, Kind: "commitment", Record: rec1,
			Set: map[string]json.RawMessage{"title": MustCanon(s), "n": raw(`{"b":[1,2.5,-3e2],"a":null}`)},
			Add: map[string][]json.RawMessage{"themes": {MustCanon(s), MustCanon("x" + s)}}})
		if i == 0 {
			o.Type = OpCreate
		}
		if i%3 == 2 {
			o.Remove = map[string][]json.RawMessage{"themes": {MustCanon(awkward[i-1])}}
		}
		enc := mustEncode(t, o)
		canon, _, _ := EncodeCanonical(o)
		if want := reflective(t, canon); !bytes.Equal(enc, want) {
			t.Fatalf("op %d: hand-written encoding differs at %s\n got %s\nwant %s", i, firstDiff(enc, want), enc, want)
		}
		if _, ok := parseOp(enc); !ok {
			t.Fatalf("op %d: the hand-written reader refuses its own encoding", i)
		}
		fast, err := Decode(enc)
		if err != nil {
			t.Fatalf("op %d: %v", i, err)
		}
		slow, err := decodeSlow(enc)
		if err != nil {
			t.Fatalf("op %d: %v", i, err)
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("op %d: hand-written decoding differs\nfast %#v\nslow %#v", i, fast, slow)
		}
		mustApply(t, r, o)
		checkRecordCodec(t, r)
	}
	del := c.next(t, Op{Type: OpDelete, Kind: "commitment", Record: rec1, Seen: VV{authB: 3}})
	mustApply(t, r, del)
	checkRecordCodec(t, r)
}

// TestHandDecoderAgrees: every decoder case (decode_test.go) is refused by the hand-written
// path too, so the reflective decoder gives its reason; both accept the vectors alike.
func TestHandDecoderAgrees(t *testing.T) {
	for _, c := range decodeCases(t) {
		_, err1 := Decode([]byte(c.in))
		_, err2 := decodeSlow([]byte(c.in))
		if (err1 == nil) != (err2 == nil) {
			t.Errorf("%s: Decode %v, reflective %v", c.name, err1, err2)
		}
		if err1 != nil && !errors.Is(err1, ErrMalformed) {
			t.Errorf("%s: %v is not ErrMalformed", c.name, err1)
		}
	}
}

// TestShapesMatchTheirExpressions: the hand-written shape checks of Check say what the
// regular expressions they replaced said.
func TestShapesMatchTheirExpressions(t *testing.T) {
	cases := []struct {
		re *regexp.Regexp
		fn func(string) bool
	}{
		{regexp.MustCompile(`^[0-9A-F]{16}$`), isAuthor},
		{regexp.MustCompile(`^[0-9a-f]{64}$`), isHash},
		{regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`), isUUID},
		{regexp.MustCompile(`^[a-z][a-z_]{0,31}$`), isKind},
		{regexp.MustCompile(`^\$?[a-z][a-z0-9_]{0,63}$`), isField},
	}
	inputs := []string{"", "$", "$a", "$$a", "a", "A", "_a", "a_", "a-b", "a1", "1a", "commitment", "sys_trust", authA, strings.ToLower(authA),
		authA + "0", authA[:15], hashX, strings.ToUpper(hashX), hashX[:63], rec1, strings.ToUpper(rec1), strings.ReplaceAll(rec1, "-", "_"),
		strings.Repeat("a", 32), strings.Repeat("a", 33), strings.Repeat("a", 64), strings.Repeat("a", 65), "é", "a\n", "aé"}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := "aAf9F_-$é0z"
	for range 20000 {
		b := make([]byte, rng.IntN(70))
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(b))
	}
	for _, c := range cases {
		for _, in := range inputs {
			if c.re.MatchString(in) != c.fn(in) {
				t.Errorf("%s on %q: expression %v, function %v", c.re, in, c.re.MatchString(in), c.fn(in))
			}
		}
	}
}
