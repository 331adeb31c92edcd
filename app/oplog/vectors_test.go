package oplog

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/vectors and the FuzzDecodeOp seed corpus")

const vectorsFile = "testdata/vectors/ops.json"

// vector is one checked-in canonical encoding test vector: the operation as given to Encode
// (values deliberately not canonical), its canonical bytes and their hash.
type vector struct {
	Name      string          `json:"name"`
	Note      string          `json:"note"`
	Op        json.RawMessage `json:"op"`
	Canonical string          `json:"canonical"`
	Hash      string          `json:"hash"`
}

// vectorCases are the inputs of the vectors. Author, sequence and prev are filled in per
// author, so the vectors also form valid hash chains.
func vectorCases() []struct {
	name, note string
	op         Op
} {
	return []struct {
		name, note string
		op         Op
	}{
		{"create-set", "a create with plain field values; seen is empty, not omitted", Op{
			Author: authA, Clock: Clock{Wall: baseWall}, Type: OpCreate, Kind: "commitment", Record: rec1,
			Set: sets("title", `"Voluntary humanitarian return from Libya"`, "status", `"agreed"`, "due", `"2025-12-31"`),
		}},
		{"update-add-remove", "set elements are canonicalised, sorted and de-duplicated", Op{
			Author: authA, Clock: Clock{Wall: baseWall + 5, Logical: 2}, Seen: VV{authB: 4, authC: 1}, Type: OpUpdate, Kind: "commitment", Record: rec1,
			Set:    sets("status", `"in_progress"`),
			Add:    elems("themes", `"trafficking"`, `"migrant_smuggling"`, `"trafficking"`, `"border_management"`, `"migrant_smuggling"`),
			Remove: elems("themes", `"root_causes"`, `"asylum_reception"`),
		}},
		{"unicode", "non-ASCII text is written as UTF-8, escaped input is unescaped", Op{
			Author: authB, Clock: Clock{Wall: baseWall + 7}, Type: OpCreate, Kind: "party", Record: rec2,
			Set: sets("name", `"C\u00f4te d'Ivoire"`, "notes", `"Россия, Ελλάδα, Türkiye — “quotes” 🇪🇺"`, "iso3", `"CIV"`),
		}},
		{"numbers", "numbers are float64 as encoding/json writes them: 1.0→1, 1.50→1.5, 5.3e4→53000, 1E21→1e+21", Op{
			Author: authB, Clock: Clock{Wall: baseWall + 8}, Type: OpUpdate, Kind: "party", Record: rec2,
			Set: sets("one", `1.0`, "one_and_half", `1.50`, "returns", `5.3e4`, "big", `1E21`, "neg", `-0.25`, "plain", `53000`),
		}},
		{"html", "<, > and & are not escaped", Op{
			Author: authC, Clock: Clock{Wall: baseWall + 9}, Type: OpCreate, Kind: "commitment", Record: rec3,
			Set: sets("title", `"<b>Smuggling & trafficking</b>"`, "text", `"\u003ci\u003eescaped\u003c/i\u003e \u0026 plain <>&"`),
			Add: elems("themes", `"\u0026"`, `"<"`),
		}},
		{"nested-objects", "object keys are sorted at every depth, array order is kept", Op{
			Author: authC, Clock: Clock{Wall: baseWall + 10, Logical: 1}, Seen: VV{authA: 2}, Type: OpUpdate, Kind: "commitment", Record: rec3,
			Set: sets("indicators", `[{"unit":"people","name":"VHR from Libya","target":53000,"baseline":0,"as_of":"2020-10-31"},{"z":{"y":1,"x":[{"b":2,"a":1}]},"name":"second"}]`),
			Add: elems("parties", `{"role":"lead","party":"0190a5d0-0000-7000-8000-00000000000a"}`, `{"party":"0190a5d0-0000-7000-8000-00000000000a","role":"lead"}`),
		}},
		{"delete", "delete carries no field values", Op{
			Author: authA, Clock: Clock{Wall: baseWall + 20}, Seen: VV{authC: 2}, Type: OpDelete, Kind: "commitment", Record: rec3,
		}},
		{"restore", "restore carries no field values", Op{
			Author: authA, Clock: Clock{Wall: baseWall + 21}, Seen: VV{authC: 2}, Type: OpRestore, Kind: "commitment", Record: rec3,
		}},
		{"resolve", "a resolve is an update that has seen every side", Op{
			Author: authB, Clock: Clock{Wall: baseWall + 30, Logical: 4294967295}, Seen: VV{authA: 4, authC: 2}, Type: OpResolve, Kind: "commitment", Record: rec1,
			Set: sets("title", `"Agreed wording"`, "marking", `null`, "flag", `true`, "empty", `""`, "list", `[]`, "obj", `{}`),
		}},
	}
}

func buildVectors(t *testing.T) []vector {
	t.Helper()
	chains := map[string]*chain{}
	var out []vector
	for _, c := range vectorCases() {
		ch := chains[c.op.Author]
		if ch == nil {
			ch = newChain(c.op.Author)
			chains[c.op.Author] = ch
		}
		o := c.op
		o.V, o.Seq, o.Prev = Version, ch.seq+1, ch.prev
		in, err := marshal(&o) // the input as given, values as written
		if err != nil {
			t.Fatal(err)
		}
		canon := mustEncode(t, &o)
		ch.seq, ch.prev = o.Seq, Hash(canon)
		out = append(out, vector{Name: c.name, Note: c.note, Op: in, Canonical: string(canon), Hash: Hash(canon)})
	}
	return out
}

func marshalVectors(t *testing.T, vs []vector) []byte {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(vs); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestVectors(t *testing.T) {
	want := marshalVectors(t, buildVectors(t))
	if *update {
		if err := os.WriteFile(vectorsFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		writeFuzzCorpus(t)
	}
	got, err := os.ReadFile(vectorsFile)
	if err != nil {
		t.Fatalf("%v (run `go test ./app/oplog -run TestVectors -update` to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date with vectorCases: if the change is intended, run `go test ./app/oplog -run TestVectors -update` and review the diff", vectorsFile)
	}

	// Re-encode every checked-in vector from its input, independently of vectorCases.
	var vs []vector
	dec := json.NewDecoder(bytes.NewReader(got))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&vs); err != nil {
		t.Fatal(err)
	}
	if len(vs) < 9 {
		t.Fatalf("only %d vectors", len(vs))
	}
	prev := map[string]string{}
	for _, v := range vs {
		t.Run(v.Name, func(t *testing.T) {
			var o Op
			d := json.NewDecoder(bytes.NewReader(v.Op))
			d.DisallowUnknownFields()
			if err := d.Decode(&o); err != nil {
				t.Fatalf("input: %v", err)
			}
			b, err := Encode(&o)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			if string(b) != v.Canonical {
				t.Errorf("canonical bytes differ\n got: %s\nwant: %s", b, v.Canonical)
			}
			sum := sha256.Sum256([]byte(v.Canonical))
			if h := hex.EncodeToString(sum[:]); h != v.Hash || Hash([]byte(v.Canonical)) != v.Hash {
				t.Errorf("hash: got %s, file says %s", h, v.Hash)
			}
			again, err := Decode([]byte(v.Canonical))
			if err != nil {
				t.Fatalf("the canonical bytes do not decode: %v", err)
			}
			if b2 := mustEncode(t, again); string(b2) != v.Canonical {
				t.Errorf("decode/encode is not the identity:\n got: %s\nwant: %s", b2, v.Canonical)
			}
			if p, ok := prev[o.Author]; ok && o.Prev != p {
				t.Errorf("prev %s does not link to the author's previous vector %s", o.Prev, p)
			}
			prev[o.Author] = v.Hash
			// Properties that hold whatever the expected bytes say.
			for _, bad := range []string{`\u003c`, `\u003e`, `\u0026`, "\n"} {
				if strings.Contains(v.Canonical, bad) {
					t.Errorf("canonical bytes contain %q", bad)
				}
			}
		})
	}
}

// TestVectorDetails pins the points the vectors exist for, in readable form.
func TestVectorDetails(t *testing.T) {
	byName := map[string]vector{}
	for _, v := range buildVectors(t) {
		byName[v.Name] = v
	}
	for name, wants := range map[string][]string{
		"create-set":        {`"seen":{}`, `"prev":""`, `"set":{"due":"2025-12-31","status":"agreed","title":"Voluntary humanitarian return from Libya"}}`},
		"update-add-remove": {`"seen":{"BBBBBBBBBBBBBBBB":4,"CCCCCCCCCCCCCCCC":1}`, `"add":{"themes":["border_management","migrant_smuggling","trafficking"]}`, `"remove":{"themes":["asylum_reception","root_causes"]}`},
		"unicode":           {`"name":"Côte d'Ivoire"`, `Россия, Ελλάδα, Türkiye — “quotes” 🇪🇺`},
		"numbers":           {`"big":1e+21`, `"neg":-0.25`, `"one":1,`, `"one_and_half":1.5`, `"plain":53000`, `"returns":53000`},
		"html":              {`"title":"<b>Smuggling & trafficking</b>"`, `"text":"<i>escaped</i> & plain <>&"`, `"add":{"themes":["&","<"]}`},
		"nested-objects":    {`{"as_of":"2020-10-31","baseline":0,"name":"VHR from Libya","target":53000,"unit":"people"}`, `{"name":"second","z":{"x":[{"a":1,"b":2}],"y":1}}`, `"add":{"parties":[{"party":"0190a5d0-0000-7000-8000-00000000000a","role":"lead"}]}`},
		"delete":            {`"type":"delete","kind":"commitment","record":"` + rec3 + `"}`},
		"resolve":           {`"l":4294967295`, `"type":"resolve"`, `"marking":null`, `"empty":""`, `"list":[]`, `"obj":{}`},
	} {
		v, ok := byName[name]
		if !ok {
			t.Fatalf("no vector %s", name)
		}
		for _, w := range wants {
			if !strings.Contains(v.Canonical, w) {
				t.Errorf("%s: canonical bytes lack %s\n%s", name, w, v.Canonical)
			}
		}
	}
}

// writeFuzzCorpus writes the FuzzDecodeOp seed corpus: every vector's canonical bytes and
// every decoder-table input.
func writeFuzzCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzDecodeOp")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	var seeds []string
	for _, v := range buildVectors(t) {
		seeds = append(seeds, v.Canonical)
	}
	for _, c := range decodeCases(t) {
		if len(c.in) <= 4096 {
			seeds = append(seeds, c.in)
		}
	}
	for _, s := range seeds {
		sum := sha256.Sum256([]byte(s))
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\n", strconv.Quote(s))
		if err := os.WriteFile(filepath.Join(dir, hex.EncodeToString(sum[:8])), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
