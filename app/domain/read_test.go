package domain

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestRead(t *testing.T) {
	cases := []struct {
		name   string
		kind   Kind
		fields string
		title  string
		by     []string
		left   []string
	}{
		{"whole", KindCommitment, `{"title":"A","committed_by":["x"]}`, "A", []string{"x"}, nil},
		{"a field of a newer version", KindCommitment, `{"title":"A","priority":3}`, "A", nil, []string{"priority"}},
		{"a field in a shape this version does not read", KindCommitment, `{"title":"A","committed_by":"x"}`, "A", nil, []string{"committed_by"}},
		{"both", KindCommitment, `{"title":7,"committed_by":["x"],"zz":1}`, "", []string{"x"}, []string{"title", "zz"}},
		{"null is empty", KindCommitment, `{"title":null}`, "", nil, nil},
	}
	for _, tc := range cases {
		var f map[string]json.RawMessage
		if err := json.Unmarshal([]byte(tc.fields), &f); err != nil {
			t.Fatal(err)
		}
		rec, left := Read(tc.kind, f)
		c, ok := rec.(*Commitment)
		if !ok {
			t.Fatalf("%s: got %T", tc.name, rec)
		}
		if c.Title != tc.title || !slices.Equal(c.CommittedBy, tc.by) || !slices.Equal(left, tc.left) {
			t.Errorf("%s: got title %q, by %v, left %v", tc.name, c.Title, c.CommittedBy, left)
		}
	}
	if rec, _ := Read("nonsense", nil); rec != nil {
		t.Errorf("an unknown kind reads as %T", rec)
	}
}
