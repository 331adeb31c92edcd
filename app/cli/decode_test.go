package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"dossier/app/service"
)

func TestDecodeObject(t *testing.T) {
	cases := []struct {
		in, field, want string // field named by the error; want: a fragment of its message
	}{
		{`{"title":"x"}`, "", ""},
		{` {"title":"Côte d'Ivoire","n":1.5,"a":[1,{"b":null}]} `, "", ""},
		{``, "stdin", "must be one JSON object"},
		{`[]`, "stdin", "must be one JSON object"},
		{`"title"`, "stdin", "must be one JSON object"},
		{`{"title":}`, "stdin", "not valid JSON at byte"},
		{`{"title":"x"`, "stdin", "not valid JSON"},
		{`{"title":"x"} {}`, "stdin", "data after the object"},
		{`{"title":"x","title":"y"}`, "title", "given twice"},
		{`{"funding":[{"amount":1000,"currency":"EUR","amount":99999999}]}`, "funding", `gives "amount" twice in one entry`},
		{`{"title":"x",}`, "stdin", "not valid JSON"},
		{`{1:2}`, "stdin", "not valid JSON"},
	}
	for _, c := range cases {
		got, err := DecodeObject([]byte(c.in), "stdin")
		if c.field == "" {
			if err != nil || got == nil {
				t.Errorf("%q: %v", c.in, err)
			}
			continue
		}
		se := service.AsError(err)
		if err == nil || se.Code != service.CodeInvalid || !strings.Contains(se.Fields[c.field], c.want) {
			t.Errorf("%q: want %s error containing %q, got %v", c.in, c.field, c.want, err)
		}
	}
	big := `{"text":"` + strings.Repeat("a", 8<<20) + `"}`
	if _, err := DecodeObject([]byte(big), "stdin"); err == nil {
		t.Error("an object over 8 MiB was accepted")
	}
}

func FuzzDecodeObject(f *testing.F) {
	for _, s := range []string{`{"title":"x","status":"agreed"}`, `{"a":[1,2,{"b":"c"}]}`, `{"a":1,"a":2}`, `{`, `[]`, `{"x":"\u00e9"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		obj, err := DecodeObject(data, "stdin")
		if err != nil {
			if service.AsError(err).Code != service.CodeInvalid {
				t.Fatalf("error is not an input error: %v", err)
			}
			return
		}
		for k, v := range obj {
			if !json.Valid(v) {
				t.Fatalf("field %q holds invalid JSON %q", k, v)
			}
		}
	})
}
