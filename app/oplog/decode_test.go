package oplog

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const hashX = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// baseOp is a valid canonical operation that the decoder cases break one way at a time.
var baseOp = `{"v":1,"author":"AAAAAAAAAAAAAAAA","seq":2,"prev":"` + hashX + `","clock":{"w":1700000000000,"l":3},"seen":{"BBBBBBBBBBBBBBBB":4},"type":"update","kind":"commitment","record":"` + rec1 + `","set":{"status":"agreed","title":"Return"},"add":{"themes":["border_management","trafficking"]},"remove":{"themes":["root_causes"]}}`

type decodeCase struct {
	name   string
	in     string
	field  string // expected DecodeError.Field ("" = not checked)
	offset int    // expected DecodeError.Offset (-2 = not checked)
	reason string // substring of the message
}

// replace returns base with old replaced by new once, failing if old is absent.
func replace(t testing.TB, base, old, new string) string {
	t.Helper()
	if !strings.Contains(base, old) {
		t.Fatalf("%q not in %s", old, base)
	}
	return strings.Replace(base, old, new, 1)
}

// at is the offset of the first occurrence of marker in s.
func at(t testing.TB, s, marker string) int {
	t.Helper()
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("%q not in %s", marker, s)
	}
	return i
}

func decodeCases(t testing.TB) []decodeCase {
	r := func(old, new string) string { return replace(t, baseOp, old, new) }
	const noOff = -2
	nonCanon := "not in canonical form"
	cs := []decodeCase{
		// Valid JSON, wrong bytes: the offset is the first byte that differs.
		{"space after colon", r(`"v":1`, `"v": 1`), "", 5, nonCanon},
		{"space after comma", r(`"v":1,`, `"v":1, `), "", 7, nonCanon},
		{"leading space", " " + baseOp, "", 0, nonCanon},
		{"trailing newline", baseOp + "\n", "", len(baseOp), nonCanon},
		{"pretty clock", r(`{"w":1700000000000,"l":3}`, "{\n\"w\":1700000000000,\"l\":3}"), "", at(t, baseOp, `"w"`), nonCanon},
		{"struct keys out of order", r(`{"v":1,"author":"AAAAAAAAAAAAAAAA",`, `{"author":"AAAAAAAAAAAAAAAA","v":1,`), "", 2, nonCanon},
		{"set keys unsorted", r(`"status":"agreed","title":"Return"`, `"title":"Return","status":"agreed"`), "", at(t, baseOp, `"status"`) + 1, nonCanon},
		{"unsorted keys inside a value", r(`"title":"Return"`, `"title":{"b":1,"a":2}`), "", at(t, baseOp, `"Return"`) + 2, nonCanon},
		{"duplicate key", r(`"seq":2,`, `"seq":2,"seq":2,`), "", at(t, baseOp, `"prev"`) + 1, nonCanon},
		{"duplicate key in a value", r(`"title":"Return"`, `"title":{"a":1,"a":1}`), "", at(t, baseOp, `"Return"`) + 6, nonCanon},
		{"case-folded key", r(`"author"`, `"Author"`), "", 8, nonCanon},
		{"number not canonical", r(`"title":"Return"`, `"title":1.0`), "", at(t, baseOp, `"Return"`) + 1, nonCanon},
		{"number exponent", r(`"seq":2`, `"seq":2e0`), "", noOff, ""}, // refused either way (wrong type or not canonical)
		{"escaped html", r(`"Return"`, `"\u003cReturn"`), "", at(t, baseOp, `"Return"`) + 1, nonCanon},
		{"needless escape", r(`"Return"`, `"R\u0065turn"`), "", at(t, baseOp, `"Return"`) + 2, nonCanon},
		{"invalid utf-8", r(`"Return"`, "\"Ret\xffurn\""), "", at(t, baseOp, `"Return"`) + 4, nonCanon},
		{"set elements unsorted", r(`["border_management","trafficking"]`, `["trafficking","border_management"]`), "", at(t, baseOp, `"border_management"`) + 1, nonCanon},
		{"set elements duplicated", r(`["root_causes"]`, `["root_causes","root_causes"]`), "", at(t, baseOp, `"root_causes"]`) + len(`"root_causes"`), nonCanon},
		{"empty set map", r(`"set":{"status":"agreed","title":"Return"},`, `"set":{},`), "", at(t, baseOp, `"set"`) + 1, nonCanon},
		{"seen null", r(`"seen":{"BBBBBBBBBBBBBBBB":4}`, `"seen":null`), "", at(t, baseOp, `"seen"`) + 7, nonCanon},
		{"trailing bracket", baseOp + "]", "", len(baseOp), nonCanon},

		// Not one JSON object.
		{"trailing data", baseOp + baseOp, "", len(baseOp), "trailing data"},
		{"trailing value", baseOp + " 1", "", noOff, "trailing data"},
		{"empty", "", "", 0, "empty"},
		{"truncated", baseOp[:len(baseOp)/2], "", len(baseOp) / 2, "truncated"},
		{"not an object", `["v",1]`, "", noOff, "cannot unmarshal array"},
		{"syntax error", r(`"seq":2`, `"seq":2x`), "", at(t, baseOp, `,"prev"`) + 1, "invalid character"},
		{"unknown field", r(`"v":1,`, `"v":1,"x":2,`), "x", noOff, "not a field"},
		{"unknown field in clock", r(`"l":3}`, `"l":3,"tz":1}`), "tz", noOff, "not a field"},

		// Wrong types.
		{"version as string", r(`"v":1`, `"v":"1"`), "v", noOff, "cannot unmarshal"},
		{"seq as string", r(`"seq":2`, `"seq":"2"`), "seq", noOff, "cannot unmarshal"},
		{"seq negative", r(`"seq":2`, `"seq":-2`), "seq", noOff, "cannot unmarshal"},
		{"seq beyond uint64", r(`"seq":2`, `"seq":18446744073709551616`), "seq", noOff, "cannot unmarshal"},
		{"clock as array", r(`{"w":1700000000000,"l":3}`, `[1700000000000,3]`), "clock", noOff, "cannot unmarshal"},
		{"logical beyond uint32", r(`"l":3`, `"l":4294967296`), "clock.l", noOff, "cannot unmarshal"},
		{"set as array", r(`"set":{"status":"agreed","title":"Return"}`, `"set":["agreed"]`), "set", noOff, "cannot unmarshal"},
		{"add element not a list", r(`"add":{"themes":["border_management","trafficking"]}`, `"add":{"themes":"trafficking"}`), "add", noOff, "cannot unmarshal"},
		{"seen as list", r(`"seen":{"BBBBBBBBBBBBBBBB":4}`, `"seen":["BBBBBBBBBBBBBBBB"]`), "seen", noOff, "cannot unmarshal"},

		// Well-formed JSON, wrong content.
		{"version 2", r(`"v":1`, `"v":2`), "v", -1, "update Dossier"},
		{"author lower case", r(`"author":"AAAAAAAAAAAAAAAA"`, `"author":"aaaaaaaaaaaaaaaa"`), "author", -1, "16-digit upper-case hex"},
		{"author short", r(`"author":"AAAAAAAAAAAAAAAA"`, `"author":"AAAA"`), "author", -1, "16-digit"},
		{"author empty", r(`"author":"AAAAAAAAAAAAAAAA"`, `"author":""`), "author", -1, "key id"},
		{"record upper case", r(rec1, strings.ToUpper(rec1)), "record", -1, "lower-case UUID"},
		{"record not a uuid", r(rec1, "commitment-1"), "record", -1, "UUID"},
		{"seq 0", r(`"seq":2,"prev":"`+hashX+`"`, `"seq":0,"prev":""`), "seq", -1, "must start at 1"},
		{"seq 1 with prev", r(`"seq":2`, `"seq":1`), "prev", -1, "must be empty"},
		{"seq 2 without prev", r(hashX, ""), "prev", -1, "64-digit hex hash"},
		{"prev upper case", r(hashX, strings.ToUpper(hashX)), "prev", -1, "64-digit hex hash"},
		{"prev short", r(hashX, hashX[:63]), "prev", -1, "64-digit hex hash"},
		{"clock zero", r(`"w":1700000000000`, `"w":0`), "clock", -1, "positive"},
		{"clock negative", r(`"w":1700000000000`, `"w":-5`), "clock", -1, "positive"},
		{"type unknown", r(`"type":"update"`, `"type":"merge"`), "type", -1, `"merge" is not an operation type`},
		{"kind upper case", r(`"kind":"commitment"`, `"kind":"Commitment"`), "kind", -1, "lower-case record kind"},
		{"seen own author", r(`"BBBBBBBBBBBBBBBB":4`, `"AAAAAAAAAAAAAAAA":4`), "seen", -1, "other authors"},
		{"seen zero", r(`"BBBBBBBBBBBBBBBB":4`, `"BBBBBBBBBBBBBBBB":0`), "seen", -1, "at least 1"},
		{"seen bad author", r(`"BBBBBBBBBBBBBBBB":4`, `"bob":4`), "seen", -1, "other authors"},
		{"set tombstone", r(`"status":"agreed"`, `"$deleted":true,"status":"agreed"`), "set", -1, `"$deleted" is not a field name`},
		{"set field upper case", r(`"status":"agreed"`, `"Status":"agreed"`), "set", -1, `"Status" is not a field name`},
		{"add empty list", r(`["border_management","trafficking"]`, `[]`), "add/remove", -1, `"themes"`},
		{"delete with values", r(`"type":"update"`, `"type":"delete"`), "type", -1, "carry no field values"},
		{"update without values", r(`,"set":{"status":"agreed","title":"Return"},"add":{"themes":["border_management","trafficking"]},"remove":{"themes":["root_causes"]}`, ``), "set", -1, "changes no field"},
		{"value out of range", r(`"title":"Return"`, `"title":1e400`), "", -1, "out of range"},

		// Size.
		{"too large", `{"v":1,"author":"` + strings.Repeat(" ", MaxOpSize) + `"}`, "", MaxOpSize, "the limit is"},
	}
	return cs
}

func TestDecodeRefuses(t *testing.T) {
	if _, err := Decode([]byte(baseOp)); err != nil {
		t.Fatalf("base operation: %v", err)
	}
	for _, c := range decodeCases(t) {
		t.Run(c.name, func(t *testing.T) {
			o, err := Decode([]byte(c.in))
			if err == nil {
				t.Fatalf("accepted: %+v", o)
			}
			if o != nil {
				t.Errorf("returned an operation with the error")
			}
			if !errors.Is(err, ErrMalformed) {
				t.Errorf("error does not wrap ErrMalformed: %v", err)
			}
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("not a *DecodeError: %T %v", err, err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "malformed operation") || !strings.Contains(msg, c.reason) {
				t.Errorf("message %q lacks %q", msg, c.reason)
			}
			if de.Reason == "" {
				t.Errorf("no reason")
			}
			if c.field != "" && de.Field != c.field {
				t.Errorf("field %q, want %q (%s)", de.Field, c.field, msg)
			}
			if c.field != "" && !strings.Contains(msg, "field "+c.field) {
				t.Errorf("message %q does not name field %s", msg, c.field)
			}
			if c.offset != -2 && de.Offset != c.offset {
				t.Errorf("offset %d, want %d (%s)", de.Offset, c.offset, msg)
			}
			if de.Offset >= 0 && !strings.Contains(msg, fmt.Sprintf("(byte %d)", de.Offset)) {
				t.Errorf("message %q does not give byte %d", msg, de.Offset)
			}
			if de.Offset > len(c.in) {
				t.Errorf("offset %d beyond the input (%d bytes)", de.Offset, len(c.in))
			}
		})
	}
}

func TestDecodeAccepts(t *testing.T) {
	o, err := Decode([]byte(baseOp))
	if err != nil {
		t.Fatal(err)
	}
	if o.Author != authA || o.Seq != 2 || o.Prev != hashX || o.Clock != (Clock{1700000000000, 3}) ||
		o.Seen[authB] != 4 || o.Type != OpUpdate || o.Kind != "commitment" || o.Record != rec1 ||
		string(o.Set["title"]) != `"Return"` || len(o.Add["themes"]) != 2 || string(o.Remove["themes"][0]) != `"root_causes"` {
		t.Errorf("decoded %+v", o)
	}
	if o.Ref() != (Ref{authA, 2}) {
		t.Errorf("ref %v", o.Ref())
	}
	if !o.HasSeen(authA, 1) || o.HasSeen(authA, 2) || !o.HasSeen(authB, 4) || o.HasSeen(authB, 5) || o.HasSeen(authC, 1) {
		t.Errorf("HasSeen wrong")
	}
	// An operation at exactly the size limit is not refused for its size.
	pad := MaxOpSize - len(baseOp) - len(`,"notes":""`)
	big := replace(t, baseOp, `"status":"agreed"`, `"notes":"`+strings.Repeat("x", pad)+`","status":"agreed"`)
	if len(big) != MaxOpSize {
		t.Fatalf("len %d", len(big))
	}
	if _, err := Decode([]byte(big)); err != nil {
		t.Errorf("op of exactly MaxOpSize bytes: %v", err)
	}
	if _, err := Decode([]byte(big + " ")); err == nil || !strings.Contains(err.Error(), "limit") {
		t.Errorf("op of MaxOpSize+1 bytes: %v", err)
	}
}

func TestEncodeRefusesBadValues(t *testing.T) {
	for name, o := range map[string]*Op{
		"set not json":    {Set: sets("title", `{`)},
		"set two values":  {Set: sets("title", `"a" "b"`)},
		"set trailing":    {Set: sets("title", `"a"]`)},
		"add not json":    {Add: elems("themes", `x`)},
		"remove too big":  {Remove: elems("themes", `1e999`)},
		"nested too big":  {Set: sets("indicators", `[{"target":-1e999}]`)},
		"empty value":     {Set: sets("title", ``)},
		"trailing object": {Set: sets("title", `{"a":1}}`)},
	} {
		if b, err := Encode(o); err == nil {
			t.Errorf("%s: encoded %s", name, b)
		}
	}
}

func TestCanon(t *testing.T) {
	for in, want := range map[string]string{
		` { "b" : [ 1.0 , 2.50, "x" ] , "a" : null } `: `{"a":null,"b":[1,2.5,"x"]}`,
		`"\u00e9\u003c\u2028"`:                         `"é<\u2028"`,
		`9007199254740993`:                             `9007199254740992`,
		`-0`:                                           `-0`,
		`1e-7`:                                         `1e-7`,
		`123456789012`:                                 `123456789012`,
		`true`:                                         `true`,
		`"\t"`:                                         `"\t"`,
	} {
		got, err := Canon(raw(in))
		if err != nil || string(got) != want {
			t.Errorf("Canon(%s) = %s, %v; want %s", in, got, err, want)
			continue
		}
		again, err := Canon(got)
		if err != nil || string(again) != string(got) {
			t.Errorf("Canon is not idempotent on %s: %s, %v", got, again, err)
		}
	}
	for _, bad := range []string{``, `   `, `{`, `"a" "b"`, `1 2`, `[1]]`, `{}}`, `nul`, `1e400`} {
		if got, err := Canon(raw(bad)); err == nil {
			t.Errorf("Canon(%q) accepted: %s", bad, got)
		}
	}
	if got := MustCanon(map[string]any{"z": 1.50, "a": "<&>"}); string(got) != `{"a":"<&>","z":1.5}` {
		t.Errorf("MustCanon: %s", got)
	}
	defer func() {
		if recover() == nil {
			t.Errorf("MustCanon of an unencodable value did not panic")
		}
	}()
	MustCanon(func() {})
}

func TestEncodeDoesNotModifyInput(t *testing.T) {
	o := &Op{V: 1, Author: authA, Seq: 1, Clock: Clock{Wall: baseWall}, Type: OpUpdate, Kind: "commitment", Record: rec1,
		Set: sets("t", `{ "b":1, "a":2 }`), Add: elems("s", `"y"`, `"x"`, `"y"`)}
	Encode(o)
	if string(o.Set["t"]) != `{ "b":1, "a":2 }` || len(o.Add["s"]) != 3 || string(o.Add["s"][0]) != `"y"` || o.Seen != nil {
		t.Errorf("Encode changed its input: %+v", o)
	}
}

func TestDecodeErrorString(t *testing.T) {
	for _, c := range []struct {
		e    DecodeError
		want string
	}{
		{DecodeError{Offset: -1, Reason: "r"}, "malformed operation: r"},
		{DecodeError{Offset: 7, Reason: "r"}, "malformed operation (byte 7): r"},
		{DecodeError{Offset: 0, Field: "seq", Reason: "r"}, "malformed operation: field seq (byte 0): r"},
	} {
		if got := c.e.Error(); got != c.want {
			t.Errorf("%q, want %q", got, c.want)
		}
	}
}
