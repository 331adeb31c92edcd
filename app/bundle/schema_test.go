package bundle

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite schema/N.json of the newest bundle format from app/domain (only while no Dossier reading format N was given to anyone)")

// schemaFromModel is the schema of today's model, as schema/N.json records it.
func schemaFromModel(format int) *Schema {
	var conv func(f domain.Field) SchemaField
	conv = func(f domain.Field) SchemaField {
		sf := SchemaField{Type: string(f.Type), Required: f.Required, Elem: f.Elem}
		for _, o := range f.Options {
			sf.Options = append(sf.Options, o.Value)
		}
		for _, c := range f.Columns {
			if sf.Columns == nil {
				sf.Columns = map[string]SchemaField{}
			}
			sf.Columns[c.Name] = conv(c)
		}
		return sf
	}
	s := &Schema{Format: format, SystemKinds: []string{"sys_trust"} /* trust.Kind: app/trust imports this package; its test checks the name */, Kinds: map[string]map[string]SchemaField{},
		Comment: fmt.Sprintf("What a Dossier that reads bundle format %d admits in a change: written from app/domain when format %d was the newest (go test ./app/bundle -update-schema), never changed once a Dossier reading it was given to anyone (docs/bundle-format.md, \"What each format may hold\").", format, format)}
	for _, k := range domain.Kinds {
		fields := map[string]SchemaField{}
		for _, f := range domain.Schema(k) {
			fields[f.Name] = conv(f)
		}
		s.Kinds[string(k)] = fields
	}
	return s
}

// TestNewestSchemaIsTheModel: the newest bundle format's schema is today's model. A field,
// a kind or a value of a closed list added to app/domain fails here: an older Dossier
// would refuse changes that use it, so it needs a new bundle format (docs/compatibility.md,
// "Changing a format"), whose schema is then written with -update-schema.
func TestNewestSchemaIsTheModel(t *testing.T) {
	written := version.BundleFormatsWritten()
	newest := written[len(written)-1]
	want := schemaFromModel(newest)
	if *updateSchema {
		data, err := json.MarshalIndent(want, "", " ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join("schema", fmt.Sprintf("%d.json", newest)), append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got := *SchemaOf(newest)
	got.Comment = want.Comment
	if !reflect.DeepEqual(&got, want) {
		g, _ := json.Marshal(got.Kinds)
		w, _ := json.Marshal(want.Kinds)
		t.Fatalf("app/domain no longer matches schema/%d.json: a Dossier that reads bundle format %d would refuse changes that use what was added. "+
			"Add bundle format %d (docs/compatibility.md, \"Changing a format\"), or, if no Dossier reading format %d was ever given to anyone, run go test ./app/bundle -run TestNewestSchemaIsTheModel -update-schema.\nschema: %s\nmodel:  %s",
			newest, newest, newest+1, newest, g, w)
	}
	for _, f := range written {
		if SchemaOf(f) == nil {
			t.Fatalf("format %d has no schema", f)
		}
	}
}

// fixtureOps are the changes of a compatibility fixture's bundle (testdata/compat).
func fixtureOps(t *testing.T, release string) []*oplog.Op {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "compat", release, "delegate.dossier"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Decode(data, nil, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var ops []*oplog.Op
	for _, r := range b.Runs {
		ops = append(ops, r.Ops...)
	}
	if len(ops) == 0 {
		t.Fatal("no changes")
	}
	return ops
}

// TestSchemaHolds: every change the 0.1.0 release wrote fits format 1 and 2; every change
// of 0.2.0's fixture fits format 2, and those using what 0.1.0 did not know do not fit 1.
func TestSchemaHolds(t *testing.T) {
	s1, s2 := SchemaOf(1), SchemaOf(2)
	for _, op := range fixtureOps(t, "0.1.0") {
		for _, s := range []*Schema{s1, s2} {
			if w := s.Holds(op); w != nil {
				t.Fatalf("format %d does not hold 0.1.0's change %d (%s %s): %s", s.Format, op.Seq, op.Type, op.Kind, w)
			}
		}
	}
	refused := map[string]int{}
	for _, op := range fixtureOps(t, "0.2.0") {
		if w := s2.Holds(op); w != nil {
			t.Fatalf("format 2 does not hold 0.2.0's change %d: %s", op.Seq, w)
		}
		if w := s1.Holds(op); w != nil {
			refused[w.String()]++
		}
	}
	// 0.2.0's demo gives partnerships a source, and the fixture attaches a file.
	for _, w := range []string{`the field "source" of partnership`, `the field "attachments" of commitment`} {
		if refused[w] == 0 {
			t.Fatalf("format 1 holds what 0.1.0 did not know (%s); refused: %v", w, refused)
		}
	}

	op := func(typ oplog.OpType, kind string, set string) *oplog.Op {
		o := &oplog.Op{Type: typ, Kind: kind, Seq: 1}
		if set != "" {
			if err := json.Unmarshal([]byte(set), &o.Set); err != nil {
				t.Fatal(err)
			}
		}
		return o
	}
	add := func(kind, field, elem string) *oplog.Op {
		return &oplog.Op{Type: oplog.OpUpdate, Kind: kind, Seq: 1, Add: map[string][]json.RawMessage{field: {json.RawMessage(elem)}}}
	}
	cases := []struct {
		op   *oplog.Op
		want string
	}{
		{op(oplog.OpUpdate, "commitment", `{"status":"agreed","due":"2027-01-31","title":"x"}`), ""},
		{op(oplog.OpUpdate, "commitment", `{"due":null,"text":null}`), ""},
		{op(oplog.OpUpdate, "sys_trust", `{"anything":1}`), ""},
		{op(oplog.OpCreate, "commitment", `{"title":"x","status":"proposed"}`), ""},
		{op(oplog.OpCreate, "commitment", `{"status":"proposed"}`), `a commitment without the field "title", which it requires`},
		{op(oplog.OpUpdate, "report", `{"title":"x"}`), `records of kind "report"`},
		{op(oplog.OpUpdate, "commitment", `{"colour":"red"}`), `the field "colour" of commitment`},
		{op(oplog.OpUpdate, "commitment", `{"status":"dreamt"}`), `the value "dreamt" of the field "status" of commitment`},
		{op(oplog.OpUpdate, "commitment", `{"status":3}`), `a value of another type in the field "status" of commitment`},
		{op(oplog.OpUpdate, "commitment", `{"due":"2027-01"}`), `a value of another type in the field "due" of commitment`},
		{op(oplog.OpUpdate, "meeting", `{"start":"2027-01-31"}`), `a value of another type in the field "start" of meeting`},
		{op(oplog.OpUpdate, "commitment", `{"themes":["saving_lives_at_sea","astrology"]}`), `the value "astrology" of the field "themes" of commitment`},
		{op(oplog.OpUpdate, "commitment", `{"indicators":[{"name":"Trained","target":200}]}`), ""},
		{op(oplog.OpUpdate, "commitment", `{"indicators":[{"name":"Trained","target":"200"}]}`), `a value of another type in the field "indicators.target" of commitment`},
		{op(oplog.OpUpdate, "commitment", `{"indicators":[{"name":"Trained","values":[]}]}`), `the field "indicators.values" of commitment`},
		{op(oplog.OpUpdate, "commitment", `{"indicators":[{"unit":"people"}]}`), `a commitment without the field "indicators.name", which it requires`},
		{add("commitment", "themes", `"saving_lives_at_sea"`), ""},
		{add("commitment", "themes", `"astrology"`), `the value "astrology" of the field "themes" of commitment`},
		{add("partnership", "parties", `{"party":"p","role":"lead"}`), ""},
		{add("partnership", "parties", `{"party":"p","role":"sponsor"}`), `the value "sponsor" of the field "parties.role" of partnership`},
		{add("commitment", "title", `"x"`), `the field "title" of commitment`},
	}
	for i, c := range cases {
		got := ""
		if w := s1.Holds(c.op); w != nil {
			got = w.String()
		}
		if got != c.want {
			t.Errorf("case %d: %q, want %q", i, got, c.want)
		}
	}
	if w := s1.Holds(cases[7].op); *w != (Unheld{Reason: "value", Kind: "commitment", Field: "status", Value: "dreamt"}) {
		t.Fatalf("%+v", w)
	}
}

// TestSchemaDiffAgreesWithTheFullCheck: on changes the newest format holds (both fixtures'),
// looking only at the fields that differ from the newest format finds what the full check
// finds.
func TestSchemaDiffAgreesWithTheFullCheck(t *testing.T) {
	s1, s2 := SchemaOf(1), SchemaOf(2)
	d := s1.changedFrom(s2)
	if !d.fields["partnership"]["source"] || d.fields["partnership"]["title"] || !d.fields["commitment"]["attachments"] {
		t.Fatalf("diff: %v", d.fields)
	}
	n, refused := 0, 0
	for _, release := range []string{"0.1.0", "0.2.0"} {
		for _, op := range fixtureOps(t, release) {
			full, fast := s1.Holds(op), s1.holds(op, d)
			if (full == nil) != (fast == nil) {
				t.Fatalf("%s change %d: full %v, fast %v", release, op.Seq, full, fast)
			}
			if full != nil {
				refused++
			}
			n++
		}
	}
	if refused == 0 || refused == n {
		t.Fatalf("%d of %d refused", refused, n)
	}
}

// BenchmarkFormatForRuns: choosing the format of an export of 0.1.0's changes, per change
// (all fit format 1, so every one is checked: the worst case).
func BenchmarkFormatForRuns(b *testing.B) {
	t := &testing.T{}
	ops := fixtureOps(t, "0.1.0")
	runs := []Run{{Author: "A", Ops: ops}}
	for b.Loop() {
		if f, err := FormatForRuns(nil, runs); err != nil || f != 1 {
			b.Fatal(f, err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ops)), "ns/change")
}

// TestFormatForRuns: a recipient who reads formats 1 and 2 gets format 1 when every change
// fits it, else format 2; one who reads only 1 gets nothing, told which change and why; no
// recipients: the oldest format that holds everything.
func TestFormatForRuns(t *testing.T) {
	old := fixtureOps(t, "0.1.0")
	now := fixtureOps(t, "0.2.0")
	card := func(name string, reads ...int) identity.Card { return identity.Card{Name: name, Reads: reads} }
	runsOf := func(ops []*oplog.Op) []Run { return []Run{{Author: "C4BB5CB9FFDA4BC6", Ops: ops}} }
	for _, c := range []struct {
		to   []identity.Card
		ops  []*oplog.Op
		want int
		err  string
	}{
		{nil, old, 1, ""},
		{nil, now, 2, ""},
		{[]identity.Card{card("A", 1, 2)}, old, 1, ""},
		{[]identity.Card{card("A", 1, 2)}, now, 2, ""},
		{[]identity.Card{card("A")}, old, 1, ""},
		{[]identity.Card{card("A", 1)}, old, 1, ""},
		{[]identity.Card{card("A", 2)}, old, 2, ""},
		{[]identity.Card{card("A", 1, 2), card("Amina Benali", 1)}, now, 0,
			`Amina Benali's Dossier reads bundle format 1, which cannot hold change `},
	} {
		got, err := FormatForRuns(c.to, runsOf(c.ops))
		if c.err != "" {
			var fe *ChangeFormatError
			if err == nil || !strings.Contains(err.Error(), c.err) || !strings.Contains(err.Error(), "of C4BB5CB9FFDA4BC6: it uses ") || !errorsAs(err, &fe) || fe.Name != "Amina Benali" {
				t.Fatalf("%v: %v", c.to, err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Fatalf("%v: format %d %v, want %d", c.to, got, err, c.want)
		}
	}
	// A card that reads no format written here is refused as before (FormatError).
	if _, err := FormatForRuns([]identity.Card{card("B", 9)}, runsOf(old)); err == nil || !strings.Contains(err.Error(), "newer than this Dossier writes") {
		t.Fatal(err)
	}
}

func errorsAs(err error, fe **ChangeFormatError) bool {
	e, ok := err.(*ChangeFormatError)
	*fe = e
	return ok
}
