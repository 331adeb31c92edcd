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
		{"a list with an element of another shape", KindCommitment, `{"title":"A","committed_by":["x",5]}`, "A", nil, []string{"committed_by"}},
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

// A newer version's members of a field's objects (a funding entry's "tranche") are ignored:
// the field is read without them, and named in left, rather than left out whole.
func TestReadIgnoresNewerMembers(t *testing.T) {
	var f map[string]json.RawMessage
	js := `{"title":"A","funding":[{"amount":1500000,"currency":"EUR","state":"pledged","tranche":2}],` +
		`"indicators":[{"name":"Returns","values":[{"actual":5,"as_of":"2020-01-01","region":"x"}]}],"towards":["x"],"zz":1}`
	if err := json.Unmarshal([]byte(js), &f); err != nil {
		t.Fatal(err)
	}
	rec, left := Read(KindCommitment, f)
	c := rec.(*Commitment)
	if len(c.Funding) != 1 || *c.Funding[0].Amount != 1500000 || c.Funding[0].Currency != "EUR" || len(c.Indicators) != 1 ||
		*c.Indicators[0].Values[0].Actual != 5 || !slices.Equal(c.Towards, []string{"x"}) {
		t.Errorf("read %+v", c)
	}
	if !slices.Equal(left, []string{"funding", "indicators", "zz"}) {
		t.Errorf("left %v", left)
	}
	// A member of another shape still leaves the field out whole.
	f["funding"] = json.RawMessage(`[{"amount":"1500000","currency":"EUR","state":"pledged","tranche":2}]`)
	if rec, _ := Read(KindCommitment, f); rec.(*Commitment).Funding != nil {
		t.Errorf("funding of another shape read as %+v", rec.(*Commitment).Funding)
	}
}
