package oplog

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

// seenOf is a seen vector of n distinct other authors.
func seenOf(n int) VV {
	v := make(VV, n)
	for i := 0; i < n; i++ {
		v[fmt.Sprintf("B%015X", i)] = 1
	}
	return v
}

// TestSeenVectorBound: a seen vector of MaxSeen authors is accepted, one more is refused
// with a short message naming the field, the count and the limit, by Check and by Decode.
func TestSeenVectorBound(t *testing.T) {
	cases := []struct {
		name string
		n    int
		ok   bool
	}{
		{"none", 0, true},
		{"a real network", 300, true},
		{"just inside", MaxSeen, true},
		{"just outside", MaxSeen + 1, false},
		{"crafted", 40000, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o := &Op{V: Version, Author: authA, Seq: 1, Clock: Clock{Wall: baseWall}, Seen: seenOf(c.n),
				Type: OpCreate, Kind: "commitment", Record: rec1, Set: sets("title", `"Return"`)}
			err := o.Check()
			if c.ok {
				if err != nil {
					t.Fatalf("%d authors refused: %v", c.n, err)
				}
				raw, err := Encode(o)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := Decode(raw); err != nil {
					t.Fatalf("decode of %d authors: %v", c.n, err)
				}
				return
			}
			var de *DecodeError
			if !errors.As(err, &de) || de.Field != "seen" {
				t.Fatalf("%d authors: got %v, want a refusal of field seen", c.n, err)
			}
			msg := err.Error()
			if !strings.Contains(msg, fmt.Sprint(c.n)) || !strings.Contains(msg, fmt.Sprint(MaxSeen)) || len(msg) > 200 {
				t.Errorf("message should name %d and the limit %d, briefly: %q", c.n, MaxSeen, msg)
			}
			raw, err := marshal(o) // canonical except for the bound: Decode must refuse it the same way
			if err != nil {
				t.Fatal(err)
			}
			if _, err := Decode(raw); !errors.As(err, &de) || de.Field != "seen" {
				t.Errorf("Decode of %d authors: %v", c.n, err)
			}
		})
	}
}
