package admit_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"dossier/app/admit"
	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/trust"
)

// The records of a small EU–Mauritania migration partnership, as a secretariat holds them.
const (
	author = "5A3F9C2E7B1D4086" // the Mauritania desk's laptop

	idMRT         = "0195f3a0-0000-7000-8000-00000000a001" // party: Mauritania
	idEU          = "0195f3a0-0000-7000-8000-00000000a002" // party: European Union
	idESP         = "0195f3a0-0000-7000-8000-00000000a003" // party: Spain
	idPartnership = "0195f3a0-0000-7000-8000-00000000b001" // EU–Mauritania migration partnership
	idMeeting     = "0195f3a0-0000-7000-8000-00000000c001" // Nouakchott senior officials' meeting
	idCommitment  = "0195f3a0-0000-7000-8000-00000000d001" // an existing commitment
	idNew         = "0195f3a0-0000-7000-8000-00000000d002" // a record a change creates
	idGone        = "0195f3a0-0000-7000-8000-00000000dfff" // no such record (or deleted)
	idPartnerRec  = "0195f3a0-0000-7000-8000-00000000b002" // a partnership with dates
)

// trustID is the reserved record of the secretariat's statement about the desk's key.
var trustID = trust.RecordID("0123456789ABCDEF", author)

var now = time.Date(2026, 3, 1, 9, 30, 0, 0, time.UTC)

// lookup answers references from maps, as the store does from its index.
type lookup struct {
	kinds map[string]domain.Kind
	items map[string]bool
}

func (l lookup) KindOf(id string) (domain.Kind, bool) { k, ok := l.kinds[id]; return k, ok }

func (l lookup) FrameworkItemExists(code string) bool { return l.items[code] }

var held = lookup{
	kinds: map[string]domain.Kind{
		idMRT: domain.KindParty, idEU: domain.KindParty, idESP: domain.KindParty,
		idPartnership: domain.KindPartnership, idPartnerRec: domain.KindPartnership,
		idMeeting: domain.KindMeeting, idCommitment: domain.KindCommitment,
	},
	// NPMA-3 is an item of a framework a delegate typed in (the New Pact), not of the
	// reference frameworks built in.
	items: map[string]bool{"NPMA-3": true},
}

var (
	importRules = admit.Rules{Now: func() time.Time { return now }, Lookup: held}
	localRules  = admit.Rules{Lookup: held}
)

// op builds a change by the desk, stamped now, with field values as raw JSON pairs.
func op(typ oplog.OpType, kind, record string, set ...string) *oplog.Op {
	o := &oplog.Op{V: oplog.Version, Author: author, Seq: 42, Prev: strings.Repeat("ab", 32),
		Clock: oplog.Clock{Wall: now.UnixMilli()}, Type: typ, Kind: kind, Record: record}
	if len(set) > 0 {
		o.Set = map[string]json.RawMessage{}
		for i := 0; i < len(set); i += 2 {
			o.Set[set[i]] = json.RawMessage(set[i+1])
		}
	}
	return o
}

func elems(es []string) []json.RawMessage {
	out := make([]json.RawMessage, len(es))
	for i, e := range es {
		out[i] = json.RawMessage(e)
	}
	return out
}

func withAdd(o *oplog.Op, field string, es ...string) *oplog.Op {
	if o.Add == nil {
		o.Add = map[string][]json.RawMessage{}
	}
	o.Add[field] = elems(es)
	return o
}

func withRemove(o *oplog.Op, field string, es ...string) *oplog.Op {
	if o.Remove == nil {
		o.Remove = map[string][]json.RawMessage{}
	}
	o.Remove[field] = elems(es)
	return o
}

func stamped(o *oplog.Op, wall int64) *oplog.Op {
	o.Clock = oplog.Clock{Wall: wall}
	return o
}

// record is a held record made by a create of kind with the given fields.
func record(id, kind string, set ...string) *oplog.Record {
	r := oplog.NewRecord(id)
	c := op(oplog.OpCreate, kind, id, set...)
	c.Author, c.Seq = "0123456789ABCDEF", 7
	c.Clock = oplog.Clock{Wall: now.Add(-30 * 24 * time.Hour).UnixMilli()}
	if _, err := r.Apply(c); err != nil {
		panic(err)
	}
	return r
}

func q(id string) string { return `"` + id + `"` }

var (
	priorCommitment = record(idCommitment, "commitment",
		"title", `"EUR 210 million for Mauritania migration package"`, "status", `"agreed"`, "type", `"funding"`)
	priorPartnership = record(idPartnerRec, "partnership",
		"title", `"EU–Mauritania migration partnership"`, "type", `"bilateral"`, "status", `"active"`, "start", `"2024-03-07"`)
	priorTrust = record(trustID, trust.Kind, "subject", q(author), "trusted", "true")
	priorParty = record(trustID, "party", "name", `"Squatter"`, "type", `"other"`) // a squat written by an older version
)

// aCommitment is a complete, valid commitment as a delegate would write it.
func aCommitment() *oplog.Op {
	o := op(oplog.OpCreate, "commitment", idNew,
		"title", `"EUR 210 million for Mauritania migration package"`,
		"text", `"Grants for border management, asylum capacity and legal pathways, announced in Nouakchott on 7 March 2024."`,
		"partnership", q(idPartnership),
		"type", `"funding"`,
		"status", `"agreed"`,
		"due", `"2026-12-31"`,
		"source_meeting", q(idMeeting),
		"indicators", `[{"name":"Funds disbursed","unit":"EUR million","baseline":0,"target":210,"actual":60,"as_of":"2025-12-31"},{"name":"Narrative only"}]`,
	)
	withAdd(o, "committed_by", q(idEU), q(idESP))
	withAdd(o, "towards", q(idMRT))
	withAdd(o, "themes", `"border_management"`, `"legal_migration_mobility"`, `"asylum_reception"`)
	withAdd(o, "framework_items", `"GCM-11"`, `"NPMA-3"`)
	return o
}

// commitmentWith is a valid commitment create with one field's value replaced (or removed,
// for an empty value).
func commitmentWith(field, value string) *oplog.Op {
	o := op(oplog.OpCreate, "commitment", idNew, "title", `"EUR 210 million for Mauritania migration package"`, "status", `"agreed"`)
	if value == "" {
		delete(o.Set, field)
	} else {
		o.Set[field] = json.RawMessage(value)
	}
	return o
}

type admitCase struct {
	name   string
	rules  *admit.Rules // nil: importRules
	op     *oplog.Op
	prior  *oplog.Record
	rule   admit.Rule // "" when the change is accepted
	newer  bool
	fields []string // RuleFields: exactly the field paths named
	want   []string // words the reason must hold
}

var (
	systemAccepts = admit.Rules{Now: importRules.Now, Lookup: held, System: func(*oplog.Op) error { return nil }}
	systemRefuses = admit.Rules{Now: importRules.Now, Lookup: held, System: func(*oplog.Op) error {
		return errors.New("a trust statement must be on its author's own record about the subject")
	}}
)

func acceptCases() []admitCase {
	return []admitCase{
		{name: "a complete funding commitment", op: aCommitment()},
		{name: "a complete commitment, saved locally", rules: &localRules, op: aCommitment()},
		{name: "a country by its ISO 3166 code", op: op(oplog.OpCreate, "party", idNew,
			"name", `"Mauritania"`, "type", `"country"`, "iso3", `"MRT"`, "region", `"West Africa"`)},
		{name: "a meeting with sessions", op: op(oplog.OpCreate, "meeting", idNew,
			"title", `"EU–Mauritania senior officials' meeting"`, "start", `"2024-03-07T09:00:00+00:00"`, "end", `"2024-03-07T17:00:00+00:00"`,
			"time_zone", `"Africa/Nouakchott"`, "organiser", q(idEU),
			"sessions", `[{"title":"Legal pathways","start":"2024-03-07T10:00:00+00:00","end":"2024-03-07T11:30:00+00:00"}]`)},
		{name: "an intervention on behalf of the EU", op: withAdd(withAdd(op(oplog.OpCreate, "intervention", idNew,
			"meeting", q(idMeeting), "speaker", `"EU Special Envoy"`, "points", `["The package doubles support for search and rescue"]`),
			"on_behalf_of", q(idEU)), "countries", `"MRT"`, `"SEN"`, `"MLI"`)},
		{name: "update of the title only", prior: priorCommitment,
			op: op(oplog.OpUpdate, "commitment", idCommitment, "title", `"EUR 210 million for Mauritania migration package (2024–2027)"`)},
		{name: "update of the status only: other required fields are not asked for", prior: priorCommitment,
			op: op(oplog.OpUpdate, "commitment", idCommitment, "status", `"in_progress"`)},
		{name: "an optional field cleared with null", prior: priorCommitment,
			op: op(oplog.OpUpdate, "commitment", idCommitment, "due", `null`)},
		{name: "an optional field cleared with empty text", prior: priorCommitment,
			op: op(oplog.OpUpdate, "commitment", idCommitment, "due", `""`)},
		{name: "a theme added", prior: priorCommitment,
			op: withAdd(op(oplog.OpUpdate, "commitment", idCommitment), "themes", `"return_readmission_reintegration"`)},
		{name: "a party added and another removed", prior: priorCommitment,
			op: withRemove(withAdd(op(oplog.OpUpdate, "commitment", idCommitment), "committed_by", q(idESP)), "committed_by", q(idEU))},
		{name: "a theme removed", prior: priorCommitment,
			op: withRemove(op(oplog.OpUpdate, "commitment", idCommitment), "themes", `"border_management"`)},
		{name: "a party deleted since is removed: removals are not checked against the records held", prior: priorCommitment,
			op: withRemove(op(oplog.OpUpdate, "commitment", idCommitment), "towards", q(idGone))},
		{name: "an item of a typed-in framework is removed", prior: priorCommitment,
			op: withRemove(op(oplog.OpUpdate, "commitment", idCommitment), "framework_items", `"NPMA-3"`)},
		{name: "a theme unknown to this version is removed: removals are checked for shape alone", prior: priorCommitment,
			op: withRemove(op(oplog.OpUpdate, "commitment", idCommitment), "themes", `"climate_mobility"`)},
		{name: "an update that crosses a cross-field rule is left to whole-record validation", prior: priorPartnership,
			op: op(oplog.OpUpdate, "partnership", idPartnerRec, "end", `"2023-12-31"`)},
		{name: "delete", prior: priorCommitment, op: op(oplog.OpDelete, "commitment", idCommitment)},
		{name: "restore", prior: priorCommitment, op: op(oplog.OpRestore, "commitment", idCommitment)},
		{name: "resolve a conflict", prior: priorCommitment,
			op: op(oplog.OpResolve, "commitment", idCommitment, "status", `"delivered"`)},
		{name: "stamped exactly at the clock bound", op: stamped(aCommitment(), now.Add(oplog.MaxClockAhead).UnixMilli())},
		{name: "stamped years in the past", op: stamped(aCommitment(), time.Date(2019, 5, 2, 8, 0, 0, 0, time.UTC).UnixMilli())},
		{name: "a local change is not bounded by its own clock", rules: &localRules,
			op: stamped(aCommitment(), time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli())},
		{name: "a legacy (version 5) trust id is an ordinary id", op: op(oplog.OpCreate, "commitment",
			uuid.NewSHA1(uuid.MustParse("6f1c1a9e-6b7a-4c53-9a38-3f0d2d7c1b11"), []byte("x/y")).String(),
			"title", `"Returns"`, "status", `"proposed"`)},
		{name: "a trust statement the system rules accept", rules: &systemAccepts,
			op: op(oplog.OpCreate, trust.Kind, trustID, "subject", q(author))},
		{name: "a trust statement updated by the system rules", rules: &systemAccepts, prior: priorTrust,
			op: op(oplog.OpUpdate, trust.Kind, trustID, "trusted", "false")},
	}
}

func clockCases() []admitCase {
	in2100 := time.Date(2100, 3, 1, 9, 30, 0, 0, time.UTC)
	return []admitCase{
		{name: "one millisecond past the bound", op: stamped(aCommitment(), now.Add(oplog.MaxClockAhead).UnixMilli()+1),
			rule: admit.RuleClock, want: []string{"stamped 1 day ahead of this computer's clock"}},
		{name: "a laptop clock set to 2100", op: stamped(aCommitment(), in2100.UnixMilli()),
			rule: admit.RuleClock, want: []string{"74 years ahead"}},
		{name: "the largest stamp there is", op: stamped(aCommitment(), math.MaxInt64),
			rule: admit.RuleClock, want: []string{"292 years ahead"}},
		{name: "the clock is checked before anything else", op: stamped(op(oplog.OpCreate, "weapon", idNew, "calibre", `"9mm"`), in2100.UnixMilli()),
			rule: admit.RuleClock, want: []string{"74 years"}},
	}
}

func structureCases() []admitCase {
	return []admitCase{
		{name: "an update that names another kind", prior: priorCommitment,
			op:   op(oplog.OpUpdate, "meeting", idCommitment, "title", `"Now a meeting"`),
			rule: admit.RuleKindChange, want: []string{"the record is a commitment, the change says it is a meeting", "never changes kind"}},
		{name: "a create over an existing record of another kind", prior: priorCommitment,
			op:   op(oplog.OpCreate, "party", idCommitment, "name", `"Mauritania"`, "type", `"country"`, "iso3", `"MRT"`),
			rule: admit.RuleKindChange, want: []string{"is a commitment"}},
		{name: "a commitment turned into a trust statement", prior: priorCommitment,
			op:   op(oplog.OpUpdate, trust.Kind, idCommitment, "trusted", "true"),
			rule: admit.RuleKindChange, want: []string{"the change says it is a sys_trust"}},
		{name: "a trust statement edited as a commitment", prior: priorTrust, rules: &systemAccepts,
			op:   op(oplog.OpUpdate, "commitment", trustID, "title", `"Squatted"`),
			rule: admit.RuleKindChange, want: []string{"the record is a sys_trust"}},
		{name: "a trust statement deleted as a commitment", prior: priorTrust,
			op:   op(oplog.OpDelete, "commitment", trustID),
			rule: admit.RuleKindChange},
		{name: "an update of a record that does not exist",
			op:   op(oplog.OpUpdate, "commitment", idGone, "status", `"delivered"`),
			rule: admit.RuleNoRecord, want: []string{"it changes record " + idGone + ", which does not exist"}},
		{name: "a delete of a record that does not exist", op: op(oplog.OpDelete, "commitment", idGone), rule: admit.RuleNoRecord},
		{name: "a restore of a record that does not exist", op: op(oplog.OpRestore, "commitment", idGone), rule: admit.RuleNoRecord},
		{name: "a resolve of a record that does not exist", op: op(oplog.OpResolve, "commitment", idGone, "status", `"agreed"`), rule: admit.RuleNoRecord},
		{name: "a trust statement without system rules",
			op:   op(oplog.OpCreate, trust.Kind, trustID, "subject", q(author)),
			rule: admit.RuleReserved, want: []string{"records of kind sys_trust are kept by Dossier itself"}},
		{name: "a trust statement deleted without system rules", prior: priorTrust,
			op:   op(oplog.OpDelete, trust.Kind, trustID),
			rule: admit.RuleReserved, want: []string{"kept by Dossier itself"}},
		{name: "a trust statement the system rules refuse", rules: &systemRefuses,
			op:   op(oplog.OpCreate, trust.Kind, idNew, "subject", q(author)),
			rule: admit.RuleReserved, want: []string{"a trust statement must be on its author's own record about the subject"}},
		{name: "another system kind", op: op(oplog.OpCreate, "sys_settings", idNew, "theme", `"dark"`),
			rule: admit.RuleReserved, want: []string{"sys_settings"}},
		{name: "an unknown kind", op: op(oplog.OpCreate, "weapon", idNew, "calibre", `"9mm"`),
			rule: admit.RuleKind, newer: true, want: []string{`"weapon" is not a record kind this version of Dossier knows`}},
		{name: "a plural kind is no kind", op: op(oplog.OpCreate, "commitments", idNew, "title", `"x"`),
			rule: admit.RuleKind, newer: true},
		{name: "an ordinary record at a trust statement's id",
			op:   op(oplog.OpCreate, "commitment", trustID, "title", `"Squat"`, "status", `"agreed"`),
			rule: admit.RuleReserved, want: []string{"record id " + trustID + " is reserved", "version 8"}},
		{name: "an update of an ordinary record squatting a reserved id", prior: priorParty,
			op:   op(oplog.OpUpdate, "party", trustID, "name", `"Still squatting"`),
			rule: admit.RuleReserved},
		{name: "a delete of an ordinary record squatting a reserved id", prior: priorParty,
			op:   op(oplog.OpDelete, "party", trustID),
			rule: admit.RuleReserved},
	}
}

func fieldCases() []admitCase {
	upd := func(set ...string) *oplog.Op { return op(oplog.OpUpdate, "commitment", idCommitment, set...) }
	return []admitCase{
		// A create is checked as a whole record.
		{name: "create without its required status", op: commitmentWith("status", ""),
			rule: admit.RuleFields, fields: []string{"status"}, want: []string{"status: is required"}},
		{name: "create with status maybe", op: commitmentWith("status", `"maybe"`),
			rule: admit.RuleFields, newer: true, fields: []string{"status"}, want: []string{`"maybe" is not allowed: use one of proposed, agreed`}},
		{name: "create due yesterday", op: commitmentWith("due", `"yesterday"`),
			rule: admit.RuleFields, fields: []string{"due"}, want: []string{`"yesterday" is not a date`}},
		{name: "create due on 30 February", op: commitmentWith("due", `"2026-02-30"`),
			rule: admit.RuleFields, fields: []string{"due"}},
		{name: "create with a title that is an object", op: commitmentWith("title", `{"en":"EUR 210 million"}`),
			rule: admit.RuleFields, fields: []string{"title"}, want: []string{"must be text"}},
		{name: "create with a status that is a number", op: commitmentWith("status", `3`),
			rule: admit.RuleFields, fields: []string{"status"}, want: []string{"must be text"}},
		{name: "create with a title too long", op: commitmentWith("title", q(strings.Repeat("EUR 210 million ", 19))),
			rule: admit.RuleFields, fields: []string{"title"}, want: []string{"at most 300 characters"}},
		{name: "create with an unknown field", op: commitmentWith("colour", `"blue"`),
			rule: admit.RuleFields, newer: true, fields: []string{"colour"}, want: []string{"is not a field of commitment"}},
		{name: "create with a partnership that is not an id", op: commitmentWith("partnership", `"EU–Mauritania"`),
			rule: admit.RuleFields, fields: []string{"partnership"}, want: []string{"is not a record id"}},
		{name: "create pointing to a partnership that does not exist", op: commitmentWith("partnership", q(idGone)),
			rule: admit.RuleFields, fields: []string{"partnership"}, want: []string{"points to " + idGone + ", which does not exist"}},
		{name: "create pointing to a meeting as a partnership", op: commitmentWith("partnership", q(idMeeting)),
			rule: admit.RuleFields, fields: []string{"partnership"}, want: []string{"which is a meeting: give the id of a partnership"}},
		{name: "create with an indicator without a name", op: commitmentWith("indicators", `[{"name":"Funds disbursed"},{"unit":"people","target":4000}]`),
			rule: admit.RuleFields, fields: []string{"indicators[1].name"}, want: []string{"indicators[1].name: is required"}},
		{name: "create with a target without a unit (a cross-field rule)", op: commitmentWith("indicators", `[{"name":"Returnees reintegrated","target":4000}]`),
			rule: admit.RuleFields, fields: []string{"indicators[0].unit"}},
		{name: "create with themes given by value", op: commitmentWith("themes", `["border_management"]`),
			rule: admit.RuleFields, fields: []string{"themes"}, want: []string{"themes: is a set: it changes by adding and removing elements"}},
		{name: "create with a title added as a set", op: withAdd(commitmentWith("title", ""), "title", `"EUR 210 million"`),
			rule: admit.RuleFields, fields: []string{"title"}, want: []string{"title: is not a set"}},
		{name: "both shape mistakes are named together", op: withAdd(commitmentWith("themes", `["border_management"]`), "due", `"2026-12-31"`),
			rule: admit.RuleFields, fields: []string{"due", "themes"}},
		{name: "create with a theme a later version may know", op: withAdd(commitmentWith("type", `"funding"`), "themes", `"border_management"`, `"climate_mobility"`),
			rule: admit.RuleFields, newer: true, fields: []string{"themes[1]"}, want: []string{`"climate_mobility" is not allowed`}},
		{name: "create naming a party that does not exist", op: withAdd(commitmentWith("type", `"funding"`), "towards", q(idMRT), q(idGone)),
			rule: admit.RuleFields, fields: []string{"towards"}, want: []string{"points to " + idGone}},
		{name: "create naming a meeting as a party", op: withAdd(commitmentWith("type", `"funding"`), "committed_by", q(idMeeting)),
			rule: admit.RuleFields, fields: []string{"committed_by"}, want: []string{"which is a meeting: give the id of a party"}},
		{name: "create with an unknown framework item", op: withAdd(commitmentWith("type", `"funding"`), "framework_items", `"GCM-99"`),
			rule: admit.RuleFields, fields: []string{"framework_items[0]"}, want: []string{`"GCM-99" is not a known framework item`}},
		{name: "a country with a code that is not ISO 3166", op: op(oplog.OpCreate, "party", idNew, "name", `"Mauritania"`, "type", `"country"`, "iso3", `"MAU"`),
			rule: admit.RuleFields, fields: []string{"iso3"}, want: []string{`"MAU" is not an ISO 3166-1 alpha-3 country code: did you mean`}},
		{name: "a country without its code", op: op(oplog.OpCreate, "party", idNew, "name", `"Mauritania"`, "type", `"country"`),
			rule: admit.RuleFields, fields: []string{"iso3"}, want: []string{"is required for a country"}},
		{name: "a party with a type a later version may know", op: op(oplog.OpCreate, "party", idNew, "name", `"Frontex"`, "type", `"eu_agency"`),
			rule: admit.RuleFields, newer: true, fields: []string{"type"}},
		{name: "a partnership with a party role a later version may know",
			op:   withAdd(op(oplog.OpCreate, "partnership", idNew, "title", `"EU–Mauritania"`, "type", `"bilateral"`, "status", `"active"`), "parties", `{"party":"`+idMRT+`","role":"co_chair"}`),
			rule: admit.RuleFields, newer: true, fields: []string{"parties[0].role"}},

		// An update is checked field by field.
		{name: "update emptying the title", prior: priorCommitment, op: upd("title", `""`),
			rule: admit.RuleFields, fields: []string{"title"}, want: []string{"title: is required"}},
		{name: "update setting the status to null", prior: priorCommitment, op: upd("status", `null`),
			rule: admit.RuleFields, fields: []string{"status"}, want: []string{"status: is required"}},
		{name: "update with status maybe", prior: priorCommitment, op: upd("status", `"maybe"`),
			rule: admit.RuleFields, newer: true, fields: []string{"status"}},
		{name: "update with a date written the French way", prior: priorCommitment, op: upd("due", `"31/12/2026"`),
			rule: admit.RuleFields, fields: []string{"due"}, want: []string{"write it as YYYY-MM-DD"}},
		{name: "update with a title that is a list", prior: priorCommitment, op: upd("title", `["EUR", "210 million"]`),
			rule: admit.RuleFields, fields: []string{"title"}},
		{name: "update with an unknown field", prior: priorCommitment, op: upd("budget_line", `"BGUE-B2024-14.020230"`),
			rule: admit.RuleFields, newer: true, fields: []string{"budget_line"}},
		{name: "update pointing to a partnership that does not exist", prior: priorCommitment, op: upd("partnership", q(idGone)),
			rule: admit.RuleFields, fields: []string{"partnership"}, want: []string{"does not exist"}},
		{name: "update adding a meeting as a party", prior: priorCommitment, op: withAdd(upd(), "towards", q(idMeeting)),
			rule: admit.RuleFields, fields: []string{"towards"}},
		{name: "update adding a theme a later version may know", prior: priorCommitment, op: withAdd(upd(), "themes", `"climate_mobility"`),
			rule: admit.RuleFields, newer: true, fields: []string{"themes[0]"}},
		{name: "update replacing the themes by value", prior: priorCommitment, op: upd("themes", `["border_management"]`),
			rule: admit.RuleFields, fields: []string{"themes"}},
		{name: "update with an indicator without a name", prior: priorCommitment, op: upd("indicators", `[{"name":""}]`),
			rule: admit.RuleFields, fields: []string{"indicators[0].name"}},

		// Removed elements are checked for their shape.
		{name: "remove from a field that is not a set", prior: priorCommitment, op: withRemove(upd(), "title", `"EUR 210 million"`),
			rule: admit.RuleFields, fields: []string{"title"}, want: []string{"is not a set: it changes by a new value"}},
		{name: "remove an element of the wrong shape", prior: priorCommitment, op: withRemove(upd(), "committed_by", `{"party":"EU"}`),
			rule: admit.RuleFields, fields: []string{"committed_by"}, want: []string{"must be a list of text values"}},
		{name: "remove from an unknown field", prior: priorCommitment, op: withRemove(upd(), "donors", q(idEU)),
			rule: admit.RuleFields, newer: true, fields: []string{"donors"}},
	}
}

func TestChange(t *testing.T) {
	groups := map[string][]admitCase{
		"accepted": acceptCases(), "clock": clockCases(), "structure": structureCases(), "fields": fieldCases(),
	}
	for group, cases := range groups {
		for _, c := range cases {
			t.Run(group+"/"+c.name, func(t *testing.T) { checkCase(t, c) })
		}
	}
}

func checkCase(t *testing.T, c admitCase) {
	t.Helper()
	rules := importRules
	if c.rules != nil {
		rules = *c.rules
	}
	err := rules.Change(c.op, c.prior)
	if c.rule == "" {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	var ae *admit.Error
	if !errors.As(err, &ae) || !errors.Is(err, admit.ErrRefused) {
		t.Fatalf("want an *admit.Error (%s), got %T %v", c.rule, err, err)
	}
	if ae.Rule != c.rule || ae.Newer != c.newer {
		t.Fatalf("rule %s newer %v, want %s newer %v: %v", ae.Rule, ae.Newer, c.rule, c.newer, err)
	}
	if ae.Author != c.op.Author || ae.Seq != c.op.Seq || ae.Record != c.op.Record || ae.Kind != c.op.Kind {
		t.Errorf("the error names change %d of %s on %s %s, want %d of %s on %s %s",
			ae.Seq, ae.Author, ae.Kind, ae.Record, c.op.Seq, c.op.Author, c.op.Kind, c.op.Record)
	}
	what := ae.What()
	if what == "" {
		t.Fatal("empty reason")
	}
	if want := fmt.Sprintf("change %d from %s on %s %s: %s", c.op.Seq, c.op.Author, c.op.Kind, c.op.Record, what); err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	for _, w := range c.want {
		if !strings.Contains(what, w) {
			t.Errorf("reason %q does not say %q", what, w)
		}
	}
	if c.rule == admit.RuleFields {
		var got []string
		for f, msg := range ae.Fields {
			got = append(got, f)
			if msg == "" {
				t.Errorf("field %s has no message", f)
			}
		}
		if fmt.Sprint(sorted(got)) != fmt.Sprint(sorted(c.fields)) {
			t.Errorf("fields named %v, want %v (%s)", sorted(got), sorted(c.fields), what)
		}
	} else if len(ae.Fields) != 0 || ae.Reason == "" {
		t.Errorf("rule %s: fields %v, reason %q", ae.Rule, ae.Fields, ae.Reason)
	}
	if c.rule == admit.RuleClock {
		ahead := time.Duration(math.MaxInt64)
		if ms := c.op.Clock.Wall - now.UnixMilli(); ms < math.MaxInt64/int64(time.Millisecond) {
			ahead = time.Duration(ms) * time.Millisecond
		}
		if ae.Ahead != ahead || !ae.At.Equal(c.op.Clock.Time()) {
			t.Errorf("ahead %v at %v, want %v at %v", ae.Ahead, ae.At, ahead, c.op.Clock.Time())
		}
	} else if ae.Ahead != 0 || !ae.At.IsZero() {
		t.Errorf("rule %s carries a clock difference %v at %v", ae.Rule, ae.Ahead, ae.At)
	}
}

func sorted(s []string) []string {
	out := slices.Clone(s)
	slices.Sort(out)
	return out
}

// The clock bound follows the importer's clock, not a fixed date.
func TestClockBoundFollowsTheImportersClock(t *testing.T) {
	stamp := now.Add(30 * 24 * time.Hour) // a laptop a month ahead
	o := stamped(aCommitment(), stamp.UnixMilli())
	for _, c := range []struct {
		at     time.Time
		refuse bool
	}{
		{now, true},
		{stamp.Add(-oplog.MaxClockAhead - time.Millisecond), true},
		{stamp.Add(-oplog.MaxClockAhead), false},
		{stamp, false},
		{stamp.Add(365 * 24 * time.Hour), false},
	} {
		at := c.at
		err := admit.Rules{Now: func() time.Time { return at }, Lookup: held}.Change(o, nil)
		if (err != nil) != c.refuse {
			t.Errorf("importer's clock %v: refused %v, want %v (%v)", at, err != nil, c.refuse, err)
		}
	}
}

// Without a lookup, references are left to whole-record validation, but field rules hold.
func TestChangeWithoutLookup(t *testing.T) {
	r := admit.Rules{Now: importRules.Now}
	if err := r.Change(commitmentWith("partnership", q(idGone)), nil); err != nil {
		t.Errorf("a reference is checked without a lookup: %v", err)
	}
	var ae *admit.Error
	if err := r.Change(commitmentWith("status", `"maybe"`), nil); !errors.As(err, &ae) || ae.Rule != admit.RuleFields {
		t.Errorf("status maybe without a lookup: %v", err)
	}
}

// The system rules see the very change and are not asked about ordinary records.
func TestSystemRulesSeeTheChange(t *testing.T) {
	var asked []*oplog.Op
	r := admit.Rules{Now: importRules.Now, Lookup: held, System: func(o *oplog.Op) error {
		asked = append(asked, o)
		return nil
	}}
	st := op(oplog.OpCreate, trust.Kind, trustID, "subject", q(author))
	if err := r.Change(st, nil); err != nil {
		t.Fatal(err)
	}
	if err := r.Change(aCommitment(), nil); err != nil {
		t.Fatal(err)
	}
	if len(asked) != 1 || asked[0] != st {
		t.Errorf("system rules asked about %d changes, want the trust statement only", len(asked))
	}
}

func TestReserved(t *testing.T) {
	cases := []struct {
		id   string
		want bool
	}{
		{trust.RecordID("0123456789ABCDEF", author), true},
		{trust.RecordID(author, "0123456789ABCDEF"), true},
		{idCommitment, false},                                                            // version 7, what Dossier gives ordinary records
		{uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://example.org")).String(), false}, // version 5
		{uuid.NewMD5(uuid.NameSpaceURL, []byte("https://example.org")).String(), false},  // version 3
		{"8f14e45f-ceea-467a-9575-8c4d7e3a9b21", false},                                  // version 4
		{"00000000-0000-0000-0000-000000000000", false},
		{"0195f3a0-0000-8000-8000-00000000a001", true}, // any version 8 id, not only derived ones
		{"not a uuid", false},
		{"", false},
	}
	for _, c := range cases {
		if got := admit.Reserved(c.id); got != c.want {
			t.Errorf("Reserved(%q) = %v, want %v", c.id, got, c.want)
		}
	}
}

func TestSpan(t *testing.T) {
	day := 24 * time.Hour
	cases := []struct {
		d    time.Duration
		want string
	}{
		{0, "0 minutes"},
		{time.Minute, "1 minute"},
		{59 * time.Minute, "59 minutes"},
		{time.Hour, "1 hour"},
		{5*time.Hour + 59*time.Minute, "5 hours"},
		{day, "1 day"},
		{day + time.Millisecond, "1 day"},
		{3*day + 23*time.Hour, "3 days"},
		{364 * day, "364 days"},
		{365 * day, "1 year"},
		{74*365*day + 200*day, "74 years"},
		{math.MaxInt64, "292 years"},
	}
	for _, c := range cases {
		if got := admit.Span(c.d); got != c.want {
			t.Errorf("Span(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

func TestErrorWording(t *testing.T) {
	e := &admit.Error{Author: author, Seq: 1501, Record: idCommitment, Kind: "commitment", Rule: admit.RuleFields,
		Fields: map[string]string{"status": `"maybe" is not allowed`, "due": `"yesterday" is not a date`, "colour": "is not a field of commitment"}}
	want := `colour: is not a field of commitment; due: "yesterday" is not a date; status: "maybe" is not allowed`
	if e.What() != want {
		t.Errorf("What() = %q, want %q (fields sorted by name)", e.What(), want)
	}
	if got := e.Error(); got != "change 1501 from "+author+" on commitment "+idCommitment+": "+want {
		t.Errorf("Error() = %q", got)
	}
	k := &admit.Error{Author: author, Seq: 3, Record: idNew, Kind: "meeting", Rule: admit.RuleKindChange, Reason: "a record never changes kind"}
	if k.What() != "a record never changes kind" || !strings.HasSuffix(k.Error(), ": a record never changes kind") {
		t.Errorf("What() = %q, Error() = %q", k.What(), k.Error())
	}
	if !errors.Is(k, admit.ErrRefused) {
		t.Error("an *Error does not match ErrRefused")
	}
}

// An update that adds to a set is judged by the size the set has once it is made, as its
// author saw the record: a run of one author's updates cannot build a set past its maximum,
// and additions made concurrently elsewhere are not held against it.
func TestAddsCountTheSetOnceMade(t *testing.T) {
	ids := make([]string, 201)
	lk := lookup{kinds: map[string]domain.Kind{}}
	for i := range ids {
		ids[i] = fmt.Sprintf("0195f3a0-0000-7000-8000-%012x", 0xe000+i)
		lk.kinds[ids[i]] = domain.KindParty
	}
	rules := admit.Rules{Now: func() time.Time { return now }, Lookup: lk}
	rec := oplog.NewRecord(idCommitment)
	seq := uint64(0)
	op := func(who string, seen oplog.VV, add, remove []string) *oplog.Op {
		seq++
		o := &oplog.Op{V: oplog.Version, Author: who, Seq: seq, Clock: oplog.Clock{Wall: now.UnixMilli()}, Seen: seen,
			Type: oplog.OpUpdate, Kind: "commitment", Record: idCommitment}
		if seq == 1 {
			o.Type, o.Set = oplog.OpCreate, map[string]json.RawMessage{"title": oplog.MustCanon("Returns"), "status": oplog.MustCanon("agreed")}
		}
		for f, l := range map[string][]string{"add": add, "remove": remove} {
			if len(l) == 0 {
				continue
			}
			m := map[string][]json.RawMessage{"towards": {}}
			for _, id := range l {
				m["towards"] = append(m["towards"], oplog.MustCanon(id))
			}
			if f == "add" {
				o.Add = m
			} else {
				o.Remove = m
			}
		}
		return o
	}
	admitApply := func(o *oplog.Op) error {
		var prior *oplog.Record
		if o.Type != oplog.OpCreate {
			prior = rec
		}
		if err := rules.Change(o, prior); err != nil {
			return err
		}
		_, err := rec.Apply(o)
		return err
	}
	if err := admitApply(op(author, oplog.VV{}, ids[:199], nil)); err != nil {
		t.Fatal(err)
	}
	if err := admitApply(op(author, oplog.VV{}, ids[199:200], nil)); err != nil {
		t.Fatalf("the 200th party: %v", err)
	}
	last := op(author, oplog.VV{}, ids[200:], nil)
	var ae *admit.Error
	if err := rules.Change(last, rec); !errors.As(err, &ae) || ae.Problems["towards"].Code != "too_many_merged" || ae.Problems["towards"].Params["count"] != "201" {
		t.Fatalf("the 201st party by the same author: %v", err)
	}
	// Taking one off in the same change keeps the set at 200.
	seq--
	if err := rules.Change(op(author, oplog.VV{}, ids[200:], ids[:1]), rec); err != nil {
		t.Fatalf("one on, one off: %v", err)
	}
	// Another author who had seen only the create adds the 201st: as they saw it, the set holds one.
	seq--
	other := op("7777777777777777", oplog.VV{author: 1}, ids[200:], nil)
	other.Seq = 1
	if err := rules.Change(other, rec); err != nil {
		t.Fatalf("a concurrent addition: %v", err)
	}
}

// An attachment is credited to the author of the change that adds it: a change cannot say a
// file was added by someone else; a wrong SHA-256 is refused like any bad value.
func TestAttachmentIsCreditedToItsAuthor(t *testing.T) {
	elem := func(by, sum string) string {
		return `{"added_at":"2026-12-01T10:00:00Z","added_by":"` + by + `","name":"MoU.pdf","sha256":"` + sum + `","size":10,"type":"application/pdf"}`
	}
	sum := strings.Repeat("a", 64)
	ok := withAdd(commitmentWith("status", `"agreed"`), "attachments", elem(author, sum))
	if err := importRules.Change(ok, nil); err != nil {
		t.Fatalf("the author's own attachment: %v", err)
	}
	for name, o := range map[string]*oplog.Op{
		"credited to another": withAdd(commitmentWith("status", `"agreed"`), "attachments", elem("0123456789ABCDEF", sum)),
		"not a SHA-256":       withAdd(commitmentWith("status", `"agreed"`), "attachments", elem(author, "abc")),
	} {
		var ae *admit.Error
		if err := importRules.Change(o, nil); !errors.As(err, &ae) || ae.Rule != admit.RuleFields || !strings.Contains(ae.What(), "attachments") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
