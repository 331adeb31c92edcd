package admit_test

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"dossier/app/admit"
	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/trust"
)

// picker hands out choices driven by the fuzzer's bytes; when they run out it picks the first.
type picker struct{ b []byte }

func (p *picker) n(max int) int {
	if len(p.b) == 0 || max <= 0 {
		return 0
	}
	v := int(p.b[0])
	p.b = p.b[1:]
	return v % max
}

func pick[T any](p *picker, pool []T) T { return pool[p.n(len(pool))] }

// fieldPool is every field name of every kind, and a few no kind has.
func fieldPool() []string {
	seen := map[string]bool{}
	var out []string
	for _, k := range domain.Kinds {
		for _, f := range domain.Schema(k) {
			if !seen[f.Name] && f.Name != domain.FieldAttachments {
				seen[f.Name] = true
				out = append(out, f.Name)
			}
		}
	}
	// attachments, added to every kind later, goes last so that the seeds' indices hold.
	return append(out, "colour", "subject", "trusted", "$deleted", "", domain.FieldAttachments)
}

var valuePool = []string{
	`"EUR 210 million for Mauritania migration package"`, `""`, `null`, `3`, `-0.5`, `1e400`, `true`, `{}`,
	`{"en":"EUR 210 million"}`, `[]`, `[""]`, `"border_management"`, `["border_management"]`, `"agreed"`, `"maybe"`, `"country"`,
	`"2026-12-31"`, `"2026-02-30"`, `"yesterday"`, `"2024-03-07T09:00:00+00:00"`, `"Africa/Nouakchott"`, `"Local"`,
	`"MRT"`, `"MAU"`, `"GCM-11"`, `"NPMA-3"`, `"GCM-99"`, q(idMRT), q(idMeeting), q(idGone), q(trustID), `[` + q(idEU) + `]`,
	`[{"name":"Funds disbursed","unit":"EUR million","target":210}]`, `[{"name":""}]`, `[{"target":1}]`, `[null]`,
	`[{"party":"` + idMRT + `","role":"lead"}]`, `{"party":"` + idMRT + `","role":"co_chair"}`, `{"party":7}`,
	`[{"title":"Legal pathways","start":"2024-03-07T10:00:00+00:00","end":"2024-03-07T09:00:00+00:00"}]`,
	`[{"code":"NPMA-3","title":"Asylum procedure"},{"code":"NPMA-3","title":"Twice"}]`,
	`"\u0000"`, `"x`, `}`, ``,
}

// FuzzChange builds a change from the fuzzer's bytes (kind, type, record, field names and
// values from pools, and the fuzzer's own strings as names and values) and checks it
// against a prior record under varied rules. Change must never panic, every refusal must
// be an *admit.Error that says why, and what it accepts must keep the promises the rules
// make: bounded clocks, no kind change, no reserved id, and a create that validates whole.
// Seed corpus: testdata/fuzz/FuzzChange.
func FuzzChange(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s.sel, s.name, s.value, s.wall)
	}
	f.Fuzz(func(t *testing.T, sel []byte, name, value string, wall int64) {
		changeFromBytes(t, sel, name, value, wall)
	})
}

// The seeds reach what they say: the promises of an accepted change are checked, not only
// refusals.
func TestFuzzSeedsReachTheirOutcome(t *testing.T) {
	for i, s := range fuzzSeeds {
		if err := changeFromBytes(t, s.sel, s.name, s.value, s.wall); (err == nil) != s.accepted {
			t.Errorf("seed %d: accepted %v, want %v (%v)", i, err == nil, s.accepted, err)
		}
	}
}

// The pools a fuzzed change is drawn from; an empty entry stands for the fuzzer's own string.
var (
	fields = fieldPool()
	kinds  = []string{"party", "framework", "partnership", "commitment", "meeting", "intervention",
		trust.Kind, "sys_settings", "weapon", ""}
	types   = []oplog.OpType{oplog.OpCreate, oplog.OpUpdate, oplog.OpDelete, oplog.OpRestore, oplog.OpResolve, "merge"}
	records = []string{idNew, idCommitment, trustID, "0195f3a0-0000-8000-8000-00000000a001", "not-a-uuid", ""}
	system  = []func(*oplog.Op) error{nil, func(*oplog.Op) error { return nil }, func(*oplog.Op) error { return errors.New("no") }}
)

// fuzzSeeds reach every outcome: accepted creates and updates (where the promises are
// checked), refusals of each kind, and the system rules. Their bytes index the pools above:
// a field added to the schema shifts the field indices after it (party contacts moved every
// field from "code" on by one).
var fuzzSeeds = []struct {
	sel         []byte
	name, value string
	wall        int64
	accepted    bool
}{
	// A country by its ISO code: name, type country, iso3 MRT; no prior; clock bound; lookup.
	{[]byte{0, 0, 0, 0, 3, 0, 0, 1, 15, 2, 22, 0, 0, 0, 0, 0, 1}, "", "", 0, true},
	// A commitment with a title and status, adding a theme and a party it is towards.
	{[]byte{0, 3, 0, 0, 2, 8, 0, 14, 13, 2, 13, 1, 11, 21, 1, 27, 0, 0, 0, 0, 1}, "", "", 0, true},
	// An update of a held commitment setting status maybe: refused, a later version may know it.
	{[]byte{1, 3, 1, 0, 1, 14, 14, 0, 0, 1, 3, 0, 0, 1}, "", "", 0, false},
	// The same update removing the fuzzer's own value from themes: shape only, accepted.
	{[]byte{1, 3, 1, 0, 0, 0, 1, 13, 1, 44, 0, 1, 3, 0, 0, 1}, "", `"climate_mobility"`, 0, true},
	// A trust statement at its reserved id, the system rules accepting it.
	{[]byte{0, 6, 2, 0, 1, 0, 30, 0, 0, 0, 1, 0, 1}, "", "", 0, true},
	// A kind of the fuzzer's own, stamped at the largest clock there is, with no clock bound.
	{[]byte{0, 9, 0, 6, 1, 0, 0, 0, 0, 0, 0, 1, 1}, "weapon", "", math.MaxInt64, false},
	// A commitment at a reserved id.
	{[]byte{0, 3, 3, 0, 2, 8, 0, 14, 13, 0, 0, 0, 0, 0, 1}, "", "", 0, false},
}

// changeFromBytes is the fuzz body; it returns Change's answer.
func changeFromBytes(t *testing.T, sel []byte, name, value string, wall int64) error {
	p := &picker{sel}
	nameOr := func(pool []string) string {
		if s := pick(p, pool); s != "" {
			return s
		}
		return name
	}
	valueOr := func() json.RawMessage {
		if v := pick(p, valuePool); v != "" {
			return json.RawMessage(v)
		}
		if p.n(2) == 0 {
			return json.RawMessage(value)
		}
		b, _ := json.Marshal(value)
		return b
	}
	o := &oplog.Op{V: oplog.Version, Author: author, Seq: 42, Type: pick(p, types), Kind: nameOr(kinds), Record: nameOr(records)}
	o.Clock.Wall = pick(p, []int64{now.UnixMilli(), now.Add(oplog.MaxClockAhead).UnixMilli(), now.Add(oplog.MaxClockAhead).UnixMilli() + 1,
		math.MaxInt64, math.MinInt64, 0, wall})
	for i, n := 0, p.n(4); i < n; i++ {
		if o.Set == nil {
			o.Set = map[string]json.RawMessage{}
		}
		o.Set[nameOr(fields)] = valueOr()
	}
	for _, m := range []*map[string][]json.RawMessage{&o.Add, &o.Remove} {
		for i, n := 0, p.n(3); i < n; i++ {
			if *m == nil {
				*m = map[string][]json.RawMessage{}
			}
			f := nameOr(fields)
			for j, k := 0, p.n(4); j < k; j++ {
				(*m)[f] = append((*m)[f], valueOr())
			}
			if (*m)[f] == nil {
				(*m)[f] = []json.RawMessage{}
			}
		}
	}
	var prior *oplog.Record
	if p.n(3) > 0 {
		prior = oplog.NewRecord(o.Record)
		c := &oplog.Op{Author: "0123456789ABCDEF", Seq: 7, Clock: oplog.Clock{Wall: 1}, Type: oplog.OpCreate, Kind: nameOr(kinds), Record: o.Record,
			Set: map[string]json.RawMessage{"title": json.RawMessage(`"EUR 210 million for Mauritania migration package"`), "status": json.RawMessage(`"agreed"`)}}
		if _, err := prior.Apply(c); err != nil {
			t.Fatal(err)
		}
	}
	rules := admit.Rules{System: pick(p, system)}
	if p.n(2) == 0 {
		rules.Now = func() time.Time { return now }
	}
	if p.n(3) > 0 {
		rules.Lookup = held
	}

	err := rules.Change(o, prior)
	if err != nil {
		var ae *admit.Error
		if !errors.As(err, &ae) || !errors.Is(err, admit.ErrRefused) {
			t.Fatalf("refusal is not an *admit.Error: %T %v", err, err)
		}
		if ae.What() == "" || err.Error() == "" {
			t.Fatalf("refusal without a reason: %#v", ae)
		}
		if ae.Rule == admit.RuleFields && len(ae.Fields) == 0 {
			t.Fatalf("field refusal names no field: %v", err)
		}
		return err
	}
	if rules.Now != nil && o.Clock.Wall > now.Add(oplog.MaxClockAhead).UnixMilli() {
		t.Fatalf("accepted a change stamped %v, beyond the bound", o.Clock)
	}
	if prior != nil && prior.Kind != "" && prior.Kind != o.Kind {
		t.Fatalf("accepted a %s change to a %s", o.Kind, prior.Kind)
	}
	if prior == nil && o.Type != oplog.OpCreate {
		t.Fatalf("accepted a %s of a record that does not exist", o.Type)
	}
	kind, ordinary := domain.ParseKind(o.Kind)
	if !ordinary {
		if rules.System == nil || len(o.Kind) < 4 || o.Kind[:4] != "sys_" {
			t.Fatalf("accepted kind %q", o.Kind)
		}
		return nil
	}
	if admit.Reserved(o.Record) {
		t.Fatalf("accepted a %s at reserved id %s", o.Kind, o.Record)
	}
	if o.Type == oplog.OpCreate {
		rec := oplog.NewRecord(o.Record)
		if _, err := rec.Apply(o); err != nil {
			t.Fatal(err)
		}
		if err := domain.Validate(kind, rec.Fields(), rules.Lookup); err != nil {
			t.Fatalf("accepted a create whose record is not valid: %v", err)
		}
	}
	return nil
}
