package domain

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// TestSetPlainMatchesDecoder: the fast path of Decode sets exactly what encoding/json sets,
// and leaves to it whatever it does not handle.
func TestSetPlainMatchesDecoder(t *testing.T) {
	type named string
	inputs := []string{`""`, `"a"`, `"Côte d’Ivoire"`, `"a\"b"`, `"a\\b"`, `"\u00e9"`, "\"a\tb\"", "\"\xff\"", `"a,b"`, `1`, `null`, `["x"]`,
		`[]`, `["a"]`, `["a","b"]`, `["a,b","c"]`, `[ "a"]`, `["a",]`, `["a" ,"b"]`, `["a\"","b"]`, `[1]`, `["a"`, `"a"]`, `[","]`, `["",""]`, `[""]`}
	targets := []any{"", named(""), []string(nil), []named(nil)}
	accepted := 0
	for _, tgt := range targets {
		for _, in := range inputs {
			typ := reflect.TypeOf(tgt)
			fast := reflect.New(typ).Elem()
			if !setPlain(fast, json.RawMessage(in)) {
				continue
			}
			accepted++
			slow := reflect.New(typ)
			dec := json.NewDecoder(bytes.NewReader([]byte(in)))
			if err := dec.Decode(slow.Interface()); err != nil {
				t.Errorf("%T %s: fast path accepted what the decoder refuses: %v", tgt, in, err)
				continue
			}
			if !reflect.DeepEqual(fast.Interface(), slow.Elem().Interface()) {
				t.Errorf("%T %s: fast %#v, decoder %#v", tgt, in, fast.Interface(), slow.Elem().Interface())
			}
		}
	}
	if accepted < 20 {
		t.Fatalf("the fast path took %d of the inputs: it is not used", accepted)
	}
}
