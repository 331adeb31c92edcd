package oplog

import (
	"encoding/json"
	"testing"
)

// Test authors (16 upper-case hex digits) and records (lower-case UUIDs).
const (
	authA = "AAAAAAAAAAAAAAAA"
	authB = "BBBBBBBBBBBBBBBB"
	authC = "CCCCCCCCCCCCCCCC"
	authD = "DDDDDDDDDDDDDDDD"
	authE = "EEEEEEEEEEEEEEEE"

	rec1 = "0190a5d0-0000-7000-8000-000000000001"
	rec2 = "0190a5d0-0000-7000-8000-000000000002"
	rec3 = "0190a5d0-0000-7000-8000-000000000003"
	rec4 = "0190a5d0-0000-7000-8000-000000000004"

	baseWall = int64(1_700_000_000_000) // 2023-11-14T22:13:20Z
)

func raw(s string) json.RawMessage { return json.RawMessage(s) }

// sets builds a Set map from field/raw-JSON pairs.
func sets(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = raw(kv[i+1])
	}
	return m
}

// elems builds an Add/Remove map with one field and raw-JSON elements.
func elems(field string, es ...string) map[string][]json.RawMessage {
	out := make([]json.RawMessage, len(es))
	for i, e := range es {
		out[i] = raw(e)
	}
	return map[string][]json.RawMessage{field: out}
}

// chain hands out an author's operations with sequence numbers and hash links filled in.
type chain struct {
	author string
	seq    uint64
	prev   string
}

func newChain(author string) *chain { return &chain{author: author} }

// next completes o (version, author, seq, prev), checks that its canonical bytes decode back to
// the same bytes, and returns the decoded (canonical) operation.
func (c *chain) next(t testing.TB, o Op) *Op {
	t.Helper()
	o.V, o.Author, o.Seq, o.Prev = Version, c.author, c.seq+1, c.prev
	if o.Clock.Wall == 0 {
		o.Clock = Clock{Wall: baseWall + int64(o.Seq)}
	}
	if o.Kind == "" {
		o.Kind = "commitment"
	}
	b, err := Encode(&o)
	if err != nil {
		t.Fatalf("encode %s/%d: %v", o.Author, o.Seq, err)
	}
	d, err := Decode(b)
	if err != nil {
		t.Fatalf("decode %s/%d: %v\n%s", o.Author, o.Seq, err, b)
	}
	c.seq, c.prev = o.Seq, Hash(b)
	return d
}

func mustEncode(t testing.TB, o *Op) []byte {
	t.Helper()
	b, err := Encode(o)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

func mustApply(t testing.TB, r *Record, o *Op) []Change {
	t.Helper()
	ch, err := r.Apply(o)
	if err != nil {
		t.Fatalf("apply %s/%d: %v", o.Author, o.Seq, err)
	}
	return ch
}
