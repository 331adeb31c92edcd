package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// Record ids used by the examples.
const (
	idLibya   = "0190a5d0-0000-7000-8000-0000000000a1"
	idEU      = "0190a5d0-0000-7000-8000-0000000000a2"
	idIOM     = "0190a5d0-0000-7000-8000-0000000000a3"
	idPartner = "0190a5d0-0000-7000-8000-0000000000b1"
	idMeeting = "0190a5d0-0000-7000-8000-0000000000c1"
	idCommit  = "0190a5d0-0000-7000-8000-0000000000d1"
	idMissing = "0190a5d0-0000-7000-8000-0000000000ff"
)

// fakeLookup answers from maps.
type fakeLookup struct {
	kinds map[string]Kind
	items map[string]bool
}

func (f fakeLookup) KindOf(id string) (Kind, bool) { k, ok := f.kinds[id]; return k, ok }

func (f fakeLookup) FrameworkItemExists(code string) bool { return f.items[code] }

var lookup = fakeLookup{
	kinds: map[string]Kind{
		idLibya: KindParty, idEU: KindParty, idIOM: KindParty,
		idPartner: KindPartnership, idMeeting: KindMeeting, idCommit: KindCommitment,
	},
	items: map[string]bool{"NPMA-3": true},
}

// validExamples has one complete, valid record per kind.
var validExamples = map[Kind]map[string]string{
	KindParty: {
		"name": `"Libya"`, "type": `"country"`, "iso3": `"LBY"`, "region": `"North Africa"`, "acronym": `""`,
		"notes":    `"Around 53,000 voluntary humanitarian returns since 2017 — Côte d'Ivoire, Россия, Ελλάδα"`,
		"contacts": `[{"name":"Migration desk","function":"Ministry of Foreign Affairs","email":"migration@mfa.gov.ly","phone":"+218 21 340 0000"}]`,
	},
	KindFramework: {
		"code": `"NPMA"`, "title": `"New Pact on Migration and Asylum"`, "adopted": `"2024-05-14"`,
		"items": `[{"code":"NPMA-1","number":1,"title":"Screening","framework":"NPMA"},{"code":"NPMA-2","number":2,"title":"Eurodac"}]`,
	},
	KindPartnership: {
		"title": `"EU–Libya migration dialogue"`, "type": `"bilateral"`, "status": `"active"`,
		"parties":         `[{"party":"` + idLibya + `","role":"member"},{"party":"` + idEU + `","role":"lead"}]`,
		"framework_items": `["GCM-21","JVAP-5","NPMA-3"]`, "themes": `["return_readmission_reintegration","saving_lives_at_sea"]`,
		"start": `"2017-02-03"`, "end": `"2017-02-03"`, "summary": `"Valletta follow-up"`, "source": `"Joint declaration, 3 February 2017"`,
	},
	KindCommitment: {
		"title": `"Voluntary humanitarian return from Libya"`, "text": `"Support IOM's VHR programme"`,
		"partnership": `"` + idPartner + `"`, "committed_by": `["` + idEU + `"]`, "towards": `["` + idLibya + `","` + idIOM + `"]`,
		"type": `"operational"`, "themes": `["return_readmission_reintegration"]`, "framework_items": `["GCM-21"]`,
		"status": `"in_progress"`, "due": `"2025-12-31"`, "source_meeting": `"` + idMeeting + `"`, "source_document": `"UNECE GCM review 2020"`,
		"indicators": `[{"name":"Voluntary humanitarian returns","unit":"people","baseline":0,"target":60000,"actual":53000,"as_of":"2020-11-12","since":"2017-01-01","note":"IOM figures",` +
			`"values":[{"actual":60000,"as_of":"2021-06-30"},{"actual":41000,"as_of":"2021-06-30","country":"` + idLibya + `","note":"from Libya"}],"source":"IOM Libya DTM"},{"name":"Narrative only"}]`,
		"funding": `[{"amount":46300000,"currency":"EUR","instrument":"trust_fund_contribution","state":"pledged","as_of":"2017-04-12","source":"EUTF Action Document T05-EUTF-NOA-LY-04"},` +
			`{"amount":20000000.5,"currency":"EUR","instrument":"grant","state":"disbursed","as_of":"2020-11-12","country":"` + idLibya + `"},{"amount":1500000,"currency":"TND","state":"committed"}]`,
		"marking": `"SENSITIVE"`,
	},
	KindMeeting: {
		"title": `"UNECE regional review of the GCM"`, "series": `"GCM regional reviews"`, "partnership": `"` + idPartner + `"`,
		"outcome": `"Chair's summary adopted; next review in 2024"`,
		"start":   `"2020-11-12T09:00:00+01:00"`, "end": `"2020-11-13T17:00:00+01:00"`, "time_zone": `"Europe/Zurich"`,
		"venue": `"Palais des Nations"`, "organiser": `"` + idIOM + `"`, "participants": `["` + idEU + `","` + idLibya + `"]`,
		"sessions": `[{"title":"Roundtable 4","start":"2020-11-13T13:30:00+01:00","end":"2020-11-13T15:10:00+01:00"},{"title":"Closing"}]`,
	},
	KindIntervention: {
		"meeting": `"` + idMeeting + `"`, "session": `"Roundtable 4"`, "on_behalf_of": `["` + idEU + `"]`, "speaker": `"EU delegation"`,
		"points":      `["Around 53,000 voluntary humanitarian returns since 2017","Search and rescue saves lives"]`,
		"commitments": `["` + idCommit + `"]`, "countries": `["LBY","CIV","TUR"]`,
	},
}

// exampleAttachment is a valid attachment, the same on every kind's example.
const exampleAttachment = `[{"name":"MoU signed.pdf","type":"application/pdf","size":48213,` +
	`"sha256":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08","added_by":"3F2A9C1D5E7B8A60","added_at":"2026-12-01T10:00:00Z"}]`

func init() {
	for _, ex := range validExamples {
		ex[FieldAttachments] = exampleAttachment
	}
}

func fieldsOf(m map[string]string) map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range m {
		out[k] = json.RawMessage(v)
	}
	return out
}

func TestValidateValidExamples(t *testing.T) {
	for _, k := range Kinds {
		ex, ok := validExamples[k]
		if !ok {
			t.Fatalf("no example for %s", k)
		}
		for _, lk := range []Lookup{lookup, nil} {
			if k == KindPartnership && lk == nil {
				continue // NPMA-3 is only known to the store
			}
			if err := Validate(k, fieldsOf(ex), lk); err != nil {
				t.Errorf("%s (lookup %v): %v", k, lk != nil, err)
			}
		}
		// Every field of the schema is exercised by some example.
		for _, f := range Schema(k) {
			if _, ok := ex[f.Name]; !ok && !(k == KindParty && f.Name == "acronym") {
				t.Errorf("%s example lacks field %s", k, f.Name)
			}
		}
	}
	// Minimal records: only the required fields.
	for k, m := range map[Kind]map[string]string{
		KindParty:        {"name": `"European Commission"`, "type": `"eu_institution"`},
		KindFramework:    {"code": `"GCM"`, "title": `"Global Compact for Migration"`},
		KindPartnership:  {"title": `"Rabat Process"`, "type": `"regional_dialogue"`, "status": `"active"`},
		KindCommitment:   {"title": `"x"`, "status": `"proposed"`},
		KindMeeting:      {"title": `"x"`, "start": `"2020-11-13T13:30:00Z"`},
		KindIntervention: {"meeting": `"` + idMeeting + `"`},
	} {
		if err := Validate(k, fieldsOf(m), lookup); err != nil {
			t.Errorf("minimal %s: %v", k, err)
		}
	}
	// Null and empty values count as absent.
	m := fieldsOf(map[string]string{"title": `"x"`, "status": `"agreed"`, "due": `null`, "themes": `null`, "type": `""`, "partnership": ` `})
	if err := Validate(KindCommitment, m, lookup); err != nil {
		t.Errorf("nulls: %v", err)
	}
}

// jargon must not reach a delegate.
var jargon = []string{"json:", "Go struct", "Go value", "unmarshal", "reflect", "float64", "int64", "[]string", "[]domain",
	"map[", "Key: '", "Error:Field", "validation for", " tag", "<nil>", "%!", "domain.", "struct", "interface"}

func plainEnglish(t *testing.T, field, msg string) {
	t.Helper()
	if strings.TrimSpace(msg) == "" {
		t.Errorf("%s: empty message", field)
	}
	for _, j := range jargon {
		if strings.Contains(msg, j) {
			t.Errorf("%s: message %q contains %q", field, msg, j)
		}
	}
	if strings.HasPrefix(msg, field) {
		t.Errorf("message %q repeats the field name", msg)
	}
}

func TestValidateFailures(t *testing.T) {
	type mod = map[string]string // field → raw JSON; "" deletes the field
	cases := []struct {
		name   string
		kind   Kind
		mod    mod
		lk     Lookup
		key    string
		wants  []string
		others bool // other fields may fail too
	}{
		{"unknown status", KindCommitment, mod{"status": `"done"`}, lookup, "status", []string{`"done" is not allowed`, "proposed, agreed, in_progress, delivered, stalled, withdrawn"}, false},
		{"missing title", KindCommitment, mod{"title": ""}, lookup, "title", []string{"is required"}, false},
		{"empty title", KindCommitment, mod{"title": `""`}, lookup, "title", []string{"is required"}, false},
		{"null title", KindCommitment, mod{"title": `null`}, lookup, "title", []string{"is required"}, false},
		{"title too long", KindCommitment, mod{"title": `"` + strings.Repeat("é", 301) + `"`}, lookup, "title", []string{"too long", "300 characters"}, false},
		{"bad due date", KindCommitment, mod{"due": `"31/12/2025"`}, lookup, "due", []string{`"31/12/2025" is written day first`, "YYYY-MM-DD, here 2025-12-31"}, false},
		{"impossible due date", KindCommitment, mod{"due": `"2025-02-30"`}, lookup, "due", []string{`"2025-02-30"`, "30 February does not exist", "February 2025 has 28 days"}, false},
		{"theme outside list", KindCommitment, mod{"themes": `["return_readmission_reintegration","climate"]`}, lookup, "themes[1]", []string{`"climate" is not allowed`, "saving_lives_at_sea"}, false},
		{"unknown commitment type", KindCommitment, mod{"type": `"grant"`}, lookup, "type", []string{`"grant" is not allowed`, "capacity_building"}, false},
		{"indicator value without unit", KindCommitment, mod{"indicators": `[{"name":"ok","unit":"EUR","target":1},{"name":"VHR","target":53000}]`}, lookup, "indicators[1].unit", []string{"is required when a baseline, target or actual value is given"}, false},
		{"indicator without name", KindCommitment, mod{"indicators": `[{"unit":"people"}]`}, lookup, "indicators[0].name", []string{"is required"}, false},
		{"indicator bad as_of", KindCommitment, mod{"indicators": `[{"name":"n","as_of":"Nov 2020"}]`}, lookup, "indicators[0].as_of", []string{"is not a date"}, false},
		{"indicator unknown field", KindCommitment, mod{"indicators": `[{"name":"n","value":3}]`}, lookup, "indicators", []string{`unknown field "value"`, "list"}, false},
		{"indicator wrong type", KindCommitment, mod{"indicators": `[{"name":"n","target":"many"}]`}, lookup, "indicators", []string{`entry 1, target: "many" is not a number: write digits without quotes`}, false},
		{"indicators not a list", KindCommitment, mod{"indicators": `{"name":"n"}`}, lookup, "indicators", []string{"must be a list"}, false},
		{"unknown field", KindCommitment, mod{"deadline": `"2025-12-31"`}, lookup, "deadline", []string{"is not a field of commitment", "due"}, false},
		{"title not text", KindCommitment, mod{"title": `42`}, lookup, "title", []string{"must be text"}, false},
		{"themes not a list", KindCommitment, mod{"themes": `"trafficking"`}, lookup, "themes", []string{"must be a list of text values"}, false},
		{"themes list of numbers", KindCommitment, mod{"themes": `[1,2]`}, lookup, "themes", []string{"must be a list of text values"}, false},
		{"two values", KindCommitment, mod{"title": `"a" "b"`}, lookup, "title", []string{"must be text"}, false},
		{"value with trailing bracket", KindCommitment, mod{"themes": `["trafficking"]]`}, lookup, "themes", []string{"must be a list"}, false},
		{"not JSON", KindCommitment, mod{"title": `Return`}, lookup, "title", []string{"must be text"}, false},
		{"committed_by not an id", KindCommitment, mod{"committed_by": `["EU"]`}, nil, "committed_by[0]", []string{`"EU" is not a record id`}, false},
		{"ref to missing record", KindCommitment, mod{"partnership": `"` + idMissing + `"`}, lookup, "partnership", []string{idMissing, "does not exist", "partnership"}, false},
		{"ref to wrong kind", KindCommitment, mod{"committed_by": `["` + idEU + `","` + idMeeting + `"]`}, lookup, "committed_by", []string{idMeeting, "which is a meeting", "give the id of a party"}, false},
		{"source meeting is a party", KindCommitment, mod{"source_meeting": `"` + idLibya + `"`}, lookup, "source_meeting", []string{"which is a party", "of a meeting"}, false},
		{"framework item unknown", KindCommitment, mod{"framework_items": `["GCM-21","GCM-24"]`}, lookup, "framework_items[1]", []string{`"GCM-24" is not a known framework item`, "GCM-7"}, false},
		{"framework item from store without lookup", KindCommitment, mod{"framework_items": `["NPMA-3"]`}, nil, "framework_items[0]", []string{`"NPMA-3" is not a known framework item`}, false},
		{"framework item lower case", KindCommitment, mod{"framework_items": `["gcm-7"]`}, lookup, "framework_items[0]", []string{"is not a known framework item"}, false},

		{"bad ISO3 suggestion", KindParty, mod{"iso3": `"LBA"`}, lookup, "iso3", []string{`"LBA" is not an ISO 3166-1 alpha-3 country code`, "did you mean LBY (Libya)?"}, false},
		{"lower-case ISO3", KindParty, mod{"iso3": `"lby"`}, lookup, "iso3", []string{"did you mean LBY (Libya)?"}, false},
		{"alpha-2 code", KindParty, mod{"iso3": `"LY"`}, lookup, "iso3", []string{"is not an ISO 3166-1 alpha-3"}, false},
		{"country without iso3", KindParty, mod{"iso3": ""}, lookup, "iso3", []string{"is required for a country", "LBY for Libya"}, false},
		{"country with empty iso3", KindParty, mod{"iso3": `""`}, lookup, "iso3", []string{"is required for a country"}, false},
		{"unknown party type", KindParty, mod{"type": `"state"`}, lookup, "type", []string{`"state" is not allowed`, "country", "eu_institution"}, false},
		{"party name missing", KindParty, mod{"name": ""}, lookup, "name", []string{"is required"}, false},

		{"partnership end before start", KindPartnership, mod{"start": `"2017-02-03"`, "end": `"2016-12-31"`}, lookup, "end", []string{"is before the start (2017-02-03)"}, false},
		{"partnership bad start", KindPartnership, mod{"start": `"2017-2-3"`}, lookup, "start", []string{"is not a date"}, false},
		{"partnership unknown status", KindPartnership, mod{"status": `"paused"`}, lookup, "status", []string{`"paused" is not allowed`, "exploratory"}, false},
		{"party role unknown", KindPartnership, mod{"parties": `[{"party":"` + idLibya + `","role":"host"}]`}, lookup, "parties[0].role", []string{`"host" is not allowed`, "lead, member"}, false},
		{"party listed twice", KindPartnership, mod{"parties": `[{"party":"` + idLibya + `","role":"lead"},{"party":"` + idLibya + `","role":"member"}]`}, lookup, "parties[1].party", []string{"is listed twice"}, false},
		{"party role ref missing", KindPartnership, mod{"parties": `[{"party":"` + idMissing + `","role":"lead"}]`}, lookup, "parties", []string{"does not exist"}, false},
		{"party role ref wrong kind", KindPartnership, mod{"parties": `[{"party":"` + idCommit + `","role":"lead"}]`}, lookup, "parties", []string{"which is a commitment"}, false},
		{"parties unknown key", KindPartnership, mod{"parties": `[{"party":"` + idLibya + `","rôle":"lead"}]`}, lookup, "parties", []string{`{"party": ID, "role": ROLE}`}, false},
		{"parties as strings", KindPartnership, mod{"parties": `["` + idLibya + `"]`}, lookup, "parties", []string{`{"party": ID, "role": ROLE}`}, false},

		{"meeting end before start", KindMeeting, mod{"end": `"2020-11-12T08:59:59+01:00"`}, lookup, "end", []string{"is before the start", "must be after the start"}, false},
		{"meeting end before start across zones", KindMeeting, mod{"end": `"2020-11-12T08:30:00Z"`, "start": `"2020-11-12T09:00:00Z"`}, lookup, "end", []string{"is before the start"}, false},
		{"session end before start", KindMeeting, mod{"sessions": `[{"title":"Roundtable 4","start":"2020-11-13T15:10:00+01:00","end":"2020-11-13T13:30:00+01:00"}]`}, lookup, "sessions[0].end", []string{"before the session's start"}, false},
		{"meeting start without offset", KindMeeting, mod{"start": `"2020-11-12 09:00"`}, lookup, "start", []string{"is neither a date nor a date and time", "with the offset", "2020-11-13 (all day)"}, false},
		{"meeting start missing", KindMeeting, mod{"start": ""}, lookup, "start", []string{"is required"}, false},
		{"bad time zone", KindMeeting, mod{"time_zone": `"CET+1"`}, lookup, "time_zone", []string{"is not a time zone", "IANA name"}, false},
		{"Geneva is not an IANA zone", KindMeeting, mod{"time_zone": `"Europe/Geneva"`}, lookup, "time_zone", []string{"is not a time zone"}, false},
		{"Local time zone", KindMeeting, mod{"time_zone": `"Local"`}, lookup, "time_zone", []string{"is not a time zone"}, false},
		{"session without title", KindMeeting, mod{"sessions": `[{"start":"2020-11-13T15:10:00+01:00"}]`}, lookup, "sessions[0].title", []string{"is required"}, false},

		{"intervention empty point", KindIntervention, mod{"points": `["a",""]`}, lookup, "points[1]", []string{"is required"}, false},
		{"intervention bad country", KindIntervention, mod{"countries": `["LBY","TURKEY"]`}, lookup, "countries[1]", []string{`"TURKEY" is not an ISO 3166-1 alpha-3`, "did you mean TUR (Türkiye)?"}, false},
		{"intervention meeting missing", KindIntervention, mod{"meeting": `"` + idMissing + `"`}, lookup, "meeting", []string{"does not exist", "meeting"}, false},
		{"intervention commitments wrong kind", KindIntervention, mod{"commitments": `["` + idPartner + `"]`}, lookup, "commitments", []string{"which is a partnership", "of a commitment"}, false},

		{"framework bad code", KindFramework, mod{"code": `"GCM 2018"`}, lookup, "code", []string{"may contain only letters, digits"}, false},
		{"framework duplicate item", KindFramework, mod{"items": `[{"code":"A-1","title":"One"},{"code":"A-1","title":"Two"}]`}, lookup, "items[1].code", []string{`"A-1" is used twice`}, false},
		{"framework bad adopted", KindFramework, mod{"adopted": `"19 December 2018"`}, lookup, "adopted", []string{"is not a date"}, false},
		{"framework items unknown key", KindFramework, mod{"items": `[{"code":"A-1","objective":"x"}]`}, lookup, "items", []string{`unknown field "objective"`}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := maps.Clone(validExamples[c.kind])
			for k, v := range c.mod {
				if v == "" {
					delete(m, k)
				} else {
					m[k] = v
				}
			}
			err := Validate(c.kind, fieldsOf(m), c.lk)
			if err == nil {
				t.Fatalf("accepted")
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("does not wrap ErrInvalid: %v", err)
			}
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("not a *ValidationError: %T", err)
			}
			if ve.Kind != c.kind {
				t.Errorf("kind %s", ve.Kind)
			}
			msg, ok := ve.Fields[c.key]
			if !ok {
				t.Fatalf("no message for %q; got %v", c.key, ve.Fields)
			}
			for _, w := range c.wants {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if !c.others && len(ve.Fields) != 1 {
				t.Errorf("more fields than %s fail: %v", c.key, ve.Fields)
			}
			for f, m := range ve.Fields {
				plainEnglish(t, f, m)
			}
			if s := err.Error(); !strings.HasPrefix(s, string(c.kind)+" is not valid: ") || !strings.Contains(s, c.key+": "+msg) {
				t.Errorf("Error() = %q", s)
			}
		})
	}
}

func TestValidateMany(t *testing.T) {
	// Several failures at once are all reported, each under its own key.
	err := Validate(KindCommitment, fieldsOf(map[string]string{
		"status": `"x"`, "due": `"soon"`, "themes": `["x"]`, "colour": `"red"`,
	}), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("%v", err)
	}
	// A shape problem (an unknown field) is told with the rules the other fields break.
	for _, k := range []string{"colour", "title", "status", "due", "themes[0]"} {
		if ve.Fields[k] == "" {
			t.Errorf("no message for %s: %v", k, ve.Fields)
		}
	}
	if len(ve.Fields) != 5 || ve.Problems["colour"].Code != "unknown_field" {
		t.Errorf("fields %v", ve.Fields)
	}
	err = Validate(KindCommitment, fieldsOf(map[string]string{"status": `"x"`, "due": `"soon"`, "themes": `["x"]`}), nil)
	if !errors.As(err, &ve) {
		t.Fatalf("%v", err)
	}
	for _, k := range []string{"title", "status", "due", "themes[0]"} {
		if ve.Fields[k] == "" {
			t.Errorf("no message for %s: %v", k, ve.Fields)
		}
	}
	// Error() lists them sorted.
	if s := ve.Error(); !strings.HasPrefix(s, "commitment is not valid: due: ") || strings.Index(s, "status:") > strings.Index(s, "title:") {
		t.Errorf("Error() = %s", s)
	}
}

func TestValidateUnknownKind(t *testing.T) {
	err := Validate("treaty", fieldsOf(map[string]string{"title": `"x"`}), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Fields["kind"], `unknown record kind "treaty"`) ||
		!strings.Contains(ve.Fields["kind"], "party, framework, partnership, commitment, meeting, intervention") {
		t.Errorf("%v", err)
	}
}

func TestFieldErr(t *testing.T) {
	err := error(FieldErr(KindParty, "iso3", "is wrong"))
	if !errors.Is(err, ErrInvalid) || err.Error() != "party is not valid: iso3: is wrong" {
		t.Errorf("%v", err)
	}
}

func TestDecodeTyped(t *testing.T) {
	rec, verr := Decode(KindCommitment, fieldsOf(validExamples[KindCommitment]))
	if verr != nil {
		t.Fatal(verr)
	}
	c := rec.(*Commitment)
	if c.Title != "Voluntary humanitarian return from Libya" || len(c.Towards) != 2 || len(c.Indicators) != 2 ||
		*c.Indicators[0].Actual != 53000 || c.Indicators[1].Actual != nil || c.Due != "2025-12-31" {
		t.Errorf("decoded %+v", c)
	}
	refs := References(rec)
	if r := refs["towards"]; r.Kind != KindParty || len(r.IDs) != 2 {
		t.Errorf("references %+v", refs)
	}
	if r := refs["source_meeting"]; r.Kind != KindMeeting || r.IDs[0] != idMeeting {
		t.Errorf("references %+v", refs)
	}
	if _, ok := References(&Commitment{Title: "x"})["partnership"]; ok {
		t.Errorf("empty references listed")
	}
}

func TestValidateConcurrentLookups(t *testing.T) {
	// The active lookup is global while validating; concurrent calls must not see each other's.
	with := fakeLookup{kinds: lookup.kinds, items: map[string]bool{"NPMA-3": true}}
	without := fakeLookup{kinds: lookup.kinds, items: map[string]bool{}}
	m := fieldsOf(map[string]string{"title": `"x"`, "status": `"agreed"`, "framework_items": `["NPMA-3"]`})
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := 0; i < 200; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := Validate(KindCommitment, m, with); err != nil {
				errs <- fmt.Errorf("with: %v", err)
			}
		}()
		go func() {
			defer wg.Done()
			if err := Validate(KindCommitment, m, without); err == nil {
				errs <- errors.New("without: accepted")
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

func TestIsDateAndDateTime(t *testing.T) {
	for s, want := range map[string]bool{"2025-12-31": true, "2024-02-29": true, "2025-02-29": false, "31/12/2025": false,
		"2025-1-1": false, "2025-12-31T00:00:00Z": false, "": false, " 2025-12-31": false, "２０２５-12-31": false} {
		if IsDate(s) != want {
			t.Errorf("IsDate(%q) = %v", s, !want)
		}
	}
	for s, want := range map[string]bool{"2020-11-13T13:30:00+01:00": true, "2020-11-13T13:30:00Z": true,
		"2020-11-13T13:30:00": false, "2020-11-13 13:30:00+01:00": false, "2020-11-13": false} {
		if IsDateTime(s) != want {
			t.Errorf("IsDateTime(%q) = %v", s, !want)
		}
	}
}

func TestFrameworkItemsAreValidated(t *testing.T) {
	fields := map[string]json.RawMessage{"code": json.RawMessage(`"NP"`), "title": json.RawMessage(`"New Pact"`),
		"items": json.RawMessage(`[{"code":"NP-1","number":1,"title":"Screening"},{}]`)}
	err := Validate(KindFramework, fields, nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Fields["items[1].code"] != "is required" || ve.Fields["items[1].title"] != "is required" {
		t.Fatalf("an empty framework item was accepted or misreported: %v", err)
	}
}

// A date written in the right shape but naming a day that does not exist is told so, not told
// to use the shape it already has; a malformed one still gets the shape to write.
func TestDateMessages(t *testing.T) {
	cases := []struct {
		name, kind, field, value string
		wants                    []string
		not                      string // must not appear
	}{
		{"30 February", "commitment", "due", "2026-02-30", []string{"30 February does not exist", "February 2026 has 28 days"}, "YYYY-MM-DD"},
		{"29 February, not leap", "commitment", "due", "2025-02-29", []string{"29 February does not exist", "February 2025 has 28 days"}, "YYYY-MM-DD"},
		{"31 April", "commitment", "due", "2026-04-31", []string{"31 April does not exist", "April 2026 has 30 days"}, "YYYY-MM-DD"},
		{"month 13", "commitment", "due", "2026-13-01", []string{"there is no month 13", "01 to 12"}, "YYYY-MM-DD"},
		{"day 00", "commitment", "due", "2026-03-00", []string{"there is no day 00"}, "YYYY-MM-DD"},
		{"malformed date", "commitment", "due", "30/02/2026", []string{"is not a date", "YYYY-MM-DD"}, "does not exist"},
		{"date with junk", "commitment", "due", "2026-02-30x", []string{"is not a date", "YYYY-MM-DD"}, "does not exist"},
		{"meeting start 30 February all day", "meeting", "start", "2026-02-30", []string{"30 February does not exist"}, "neither"},
		{"meeting start 30 February with time", "meeting", "start", "2026-02-30T10:00:00+01:00", []string{"30 February does not exist"}, "neither"},
		{"meeting start hour 25", "meeting", "start", "2026-03-10T25:00:00+01:00", []string{"25:00 is not a time of day", "00 to 23"}, "neither"},
		{"meeting start minute 61", "meeting", "start", "2026-03-10T10:61:00+01:00", []string{"10:61 is not a time of day", "00 to 59"}, "neither"},
		{"meeting start second 60", "meeting", "start", "2026-12-31T23:59:60Z", []string{"23:59:60 is not a time of day", "seconds go from 00 to 59"}, "neither"},
		{"meeting start without offset", "meeting", "start", "2026-03-10 10:00", []string{"is neither a date nor a date and time", "with the offset"}, "does not exist"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := Kind(c.kind)
			m := maps.Clone(validExamples[k])
			m[c.field] = `"` + c.value + `"`
			if c.kind == "meeting" {
				delete(m, "end") // the end's own rule would hide nothing, but keeps the case to one field
			}
			err := Validate(k, fieldsOf(m), lookup)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a validation error", err)
			}
			msg := ve.Fields[c.field]
			for _, w := range c.wants {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, c.not) {
				t.Errorf("message %q contains %q", msg, c.not)
			}
			plainEnglish(t, c.field, msg)
		})
	}
}

// TestSlashedDates: a date written with slashes, as a spreadsheet set to a European or an
// American locale writes it in a CSV file, is refused (never read: docs/csv.md, "Dates") with
// what it is: day first, month first, or either, with the day or days it could be and the
// YYYY-MM-DD to write. One that names no day either way is "not a date", as before.
func TestSlashedDates(t *testing.T) {
	cases := []struct {
		name, kind, field, value string
		code                     string
		params                   map[string]string
		text                     string // the English words, when checked whole
	}{
		{"day first: a French or British secretariat's Excel", "commitment", "due", "13/02/2024", "date_day_first",
			map[string]string{"value": "13/02/2024", "day": "13", "month": "2", "year": "2024", "date": "2024-02-13"},
			`"13/02/2024" is written day first, DD/MM/YYYY (13 February 2024): write it as YYYY-MM-DD, here 2024-02-13 (Dossier does not read dates written with slashes: 03/04 is 3 April in some countries and 4 March in others)`},
		{"either way: never converted", "commitment", "due", "02/03/2024", "date_ambiguous",
			map[string]string{"value": "02/03/2024", "year": "2024", "day": "2", "month": "3", "date": "2024-03-02", "day2": "3", "month2": "2", "date2": "2024-02-03"},
			`"02/03/2024" could be day first (2 March 2024) or month first (3 February 2024), and Dossier does not guess: write it as YYYY-MM-DD, 2024-03-02 for 2 March or 2024-02-03 for 3 February`},
		{"one digit each", "commitment", "due", "1/3/2026", "date_ambiguous",
			map[string]string{"value": "1/3/2026", "year": "2026", "day": "1", "month": "3", "date": "2026-03-01", "day2": "3", "month2": "1", "date2": "2026-01-03"}, ""},
		{"month first: a US spreadsheet", "commitment", "due", "12/31/2026", "date_month_first",
			map[string]string{"value": "12/31/2026", "day": "31", "month": "12", "year": "2026", "date": "2026-12-31"},
			`"12/31/2026" is written month first, MM/DD/YYYY (31 December 2026): write it as YYYY-MM-DD, here 2026-12-31 (Dossier does not read dates written with slashes: 03/04 is 3 April in some countries and 4 March in others)`},
		{"the same day either way", "commitment", "due", "05/05/2024", "date_day_first",
			map[string]string{"value": "05/05/2024", "day": "5", "month": "5", "year": "2024", "date": "2024-05-05"}, ""},
		{"29 February of a leap year, day first only", "commitment", "due", "29/02/2024", "date_day_first",
			map[string]string{"value": "29/02/2024", "day": "29", "month": "2", "year": "2024", "date": "2024-02-29"}, ""},
		{"a funding line's date", "commitment", "funding", `[{"amount": 1000, "currency": "EUR", "state": "pledged", "as_of": "31/01/2025"}]`, "date_day_first",
			map[string]string{"value": "31/01/2025", "day": "31", "month": "1", "year": "2025", "date": "2025-01-31"}, ""},
		{"a meeting's start, a date or a date and time", "meeting", "start", "13/11/2020", "date_day_first",
			map[string]string{"value": "13/11/2020", "day": "13", "month": "11", "year": "2020", "date": "2020-11-13"}, ""},
		// No day either way, or not a date with slashes: as before.
		{"29 February of another year", "commitment", "due", "29/02/2023", "date_invalid", map[string]string{"value": "29/02/2023"}, ""},
		{"30 February", "commitment", "due", "30/02/2026", "date_invalid", map[string]string{"value": "30/02/2026"}, ""},
		{"month 13 either way", "commitment", "due", "13/13/2024", "date_invalid", map[string]string{"value": "13/13/2024"}, ""},
		{"two-digit year", "commitment", "due", "13/02/24", "date_invalid", map[string]string{"value": "13/02/24"}, ""},
		{"dots", "commitment", "due", "13.02.2024", "date_invalid", map[string]string{"value": "13.02.2024"}, ""},
		{"a session's start wants a time", "meeting", "sessions", `[{"title": "Roundtable 4", "start": "13/11/2020"}]`, "datetime_invalid", map[string]string{"value": "13/11/2020"}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			k := Kind(c.kind)
			m := maps.Clone(validExamples[k])
			v := c.value
			if !strings.HasPrefix(v, "[") {
				v = `"` + v + `"`
			}
			m[c.field] = v
			if c.kind == "meeting" {
				delete(m, "end")
			}
			var ve *ValidationError
			if err := Validate(k, fieldsOf(m), lookup); !errors.As(err, &ve) || len(ve.Problems) != 1 {
				t.Fatalf("got %v, want one problem", err)
			}
			for path, p := range ve.Problems {
				if p.Code != c.code || !reflect.DeepEqual(p.Params, c.params) {
					t.Errorf("%s: %+v, want %s %v", path, p, c.code, c.params)
				}
				if c.text != "" && p.Text() != c.text {
					t.Errorf("words %q\nwant  %q", p.Text(), c.text)
				}
				plainEnglish(t, path, p.Text())
			}
		})
	}
}

func TestAttachmentRules(t *testing.T) {
	good := map[string]string{"name": `"a.pdf"`, "type": `"application/pdf"`, "size": `10`,
		"sha256": `"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"`, "added_by": `"3F2A9C1D5E7B8A60"`, "added_at": `"2026-12-01T10:00:00Z"`}
	elem := func(change map[string]string) string {
		parts := []string{}
		for _, k := range []string{"name", "type", "size", "sha256", "added_by", "added_at", "colour"} {
			v, ok := change[k]
			if !ok {
				v = good[k]
			}
			if v != "" {
				parts = append(parts, `"`+k+`":`+v)
			}
		}
		return `[{` + strings.Join(parts, ",") + `}]`
	}
	if err := ValidateFields(KindParty, fieldsOf(map[string]string{"attachments": elem(nil)}), nil); err != nil {
		t.Fatalf("a good attachment: %v", err)
	}
	for _, bad := range []map[string]string{
		{"name": `"../etc/passwd"`}, {"name": `""`}, {"name": `"a\u0000b"`},
		{"type": `"pdf"`}, {"type": ""},
		{"size": `-1`}, {"size": `"ten"`},
		{"sha256": `"9F86D081884C7D659A2FEAA0C55AD015A3BF4F1B2B0B822CD15D6C15B0F00A08"`}, {"sha256": `"abc"`},
		{"added_by": `"someone"`}, {"added_at": `"yesterday"`},
		{"colour": `"red"`},
	} {
		err := ValidateFields(KindParty, fieldsOf(map[string]string{"attachments": elem(bad)}), nil)
		if err == nil {
			t.Errorf("%v was accepted", bad)
		} else if !strings.Contains(err.Error(), "attachments") {
			t.Errorf("%v: the refusal does not name the field: %v", bad, err)
		}
	}
	f, ok := FieldOf(KindMeeting, FieldAttachments)
	if !ok || f.Type != TypeSet || f.Elem != "attachment" || len(f.Columns) != 6 {
		t.Errorf("schema of attachments: %+v", f)
	}
}

// Control characters in any text of a record are refused, wherever the value comes from (a
// form, a CSV cell, a bundle, a backup), naming the field and the character; tab, line feed
// and carriage return are text. An attacker's pass stored a NUL in a title, and the CSV export
// then made a file that the CSV import refused whole.
func TestControlCharactersAreRefused(t *testing.T) {
	cases := []struct {
		name, field, value string // value: the field's JSON
		want               string
	}{
		{"NUL in a title", "title", `"a\u0000b"`, "U+0000"},
		{"BEL in the text", "text", `"ring \u0007"`, "U+0007"},
		{"escape in upper case", "title", `"a\u001Bb"`, "U+001B"},
		{"backspace, escaped short", "title", `"a\bb"`, "U+0008"},
		{"form feed, escaped short", "title", `"a\fb"`, "U+000C"},
		{"DEL written raw", "title", "\"a\x7fb\"", "U+007F"},
		{"DEL escaped", "title", `"a\u007fb"`, "U+007F"},
		{"C1 written raw", "title", "\"a\u0085b\"", "U+0085"},
		{"in a list of points", "source_document", `"x\u0001"`, "U+0001"},
		{"tab, newline and return are text", "text", `"a\tb\nc\r\nd"`, ""},
		{"escaped tab", "text", `"a\u0009b"`, ""},
		{"an escaped backslash before u0000 is text", "title", `"C:\\u0000"`, ""},
		{"accents and quotes", "title", `"Côte d’Ivoire \"MoU\" – 2026"`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			fields := map[string]json.RawMessage{"title": json.RawMessage(`"Coast guard training"`), "status": json.RawMessage(`"proposed"`)}
			fields[c.field] = json.RawMessage(c.value)
			err := Validate(KindCommitment, fields, nil)
			var ve *ValidationError
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want == "":
			case !errors.As(err, &ve) || !strings.Contains(ve.Fields[c.field], "control character "+c.want):
				t.Fatalf("%s: %v", c.field, err)
			}
		})
	}
}

// TestEntryProblems: a list entry whose field holds the wrong kind of JSON value is named by
// its place (entries from 1), with the value as written and what to write; a number written
// as French or spaced text is read back as the number it stands for when only one reading
// exists.
func TestEntryProblems(t *testing.T) {
	fund := func(entries string) map[string]json.RawMessage {
		return map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`), "funding": json.RawMessage(entries)}
	}
	ind := func(entries string) map[string]json.RawMessage {
		return map[string]json.RawMessage{"title": json.RawMessage(`"T"`), "status": json.RawMessage(`"agreed"`), "indicators": json.RawMessage(entries)}
	}
	cases := []struct {
		name   string
		fields map[string]json.RawMessage
		field  string
		code   string
		params map[string]string
	}{
		{"decimal comma", fund(`[{"amount":"12,5","currency":"EUR","state":"pledged"}]`), "funding", "entry_not_number_suggest",
			map[string]string{"at": "1.amount", "value": `"12,5"`, "suggest": "12.5"}},
		{"spaced thousands, second entry", fund(`[{"amount":1,"currency":"EUR","state":"pledged"},{"amount":"5 000 000","currency":"EUR","state":"pledged"}]`), "funding", "entry_not_number_suggest",
			map[string]string{"at": "2.amount", "value": `"5 000 000"`, "suggest": "5000000"}},
		{"a thousand or one: no guess", fund(`[{"amount":"1,000","currency":"EUR","state":"pledged"}]`), "funding", "entry_not_number",
			map[string]string{"at": "1.amount", "value": `"1,000"`}},
		{"words", ind(`[{"name":"n","baseline":"about ten"}]`), "indicators", "entry_not_number",
			map[string]string{"at": "1.baseline", "value": `"about ten"`}},
		{"a number where text goes", fund(`[{"amount":1,"currency":"EUR","state":"pledged","source":5}]`), "funding", "entry_not_text",
			map[string]string{"at": "1.source", "value": "5"}},
		{"a value inside a list inside a list", ind(`[{"name":"n","values":[{"actual":1,"as_of":"2020-01-01"},{"actual":"3,5","as_of":"2021-01-01"}]}]`), "indicators", "entry_not_number_suggest",
			map[string]string{"at": "1.values.2.actual", "value": `"3,5"`, "suggest": "3.5"}},
		{"a list that is not one", ind(`[{"name":"n","values":{"actual":1}}]`), "indicators", "entry_not_list",
			map[string]string{"at": "1.values", "value": `{"actual":1}`}},
		{"an entry that is not an object", fund(`["EUR 5"]`), "funding", "entry_not_object",
			map[string]string{"at": "1", "value": `"EUR 5"`, "example": `{"amount": …}`}},
		{"not a list at all", fund(`{"amount":1}`), "funding", "shape", map[string]string{"want": "list", "of": "funding"}},
		{"an unknown field", fund(`[{"amount":1,"sum":2}]`), "funding", "shape_unknown_field", map[string]string{"name": "sum", "want": "list", "of": "funding"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := Validate(KindCommitment, c.fields, nil)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("accepted: %v", err)
			}
			p, ok := ve.Problems[c.field]
			if !ok || p.Code != c.code || !reflect.DeepEqual(p.Params, c.params) {
				t.Errorf("%s: %+v, want %s %v", c.field, p, c.code, c.params)
			}
			if ve.Fields[c.field] != p.Text() {
				t.Errorf("words %q, problem's %q", ve.Fields[c.field], p.Text())
			}
		})
	}
}

// TestShapeDoesNotHideOtherProblems: a value of the wrong shape (an amount written "12,5") is
// told with the problems of the other fields (a date written 31/12/2026), for a new record
// and for fields changed alike; the field of the wrong shape is told its shape only, not
// the "required" its absence would break.
func TestShapeDoesNotHideOtherProblems(t *testing.T) {
	fields := map[string]json.RawMessage{
		"title":   json.RawMessage(`"T"`),
		"status":  json.RawMessage(`"maybe"`),
		"due":     json.RawMessage(`"31/12/2026"`),
		"funding": json.RawMessage(`[{"amount":"12,5","currency":"EUR","state":"pledged"}]`),
	}
	for name, validate := range map[string]func() error{
		"Validate":       func() error { return Validate(KindCommitment, fields, nil) },
		"ValidateFields": func() error { return ValidateFields(KindCommitment, fields, nil) },
	} {
		var ve *ValidationError
		if !errors.As(validate(), &ve) {
			t.Fatalf("%s: accepted", name)
		}
		got := map[string]string{}
		for f, p := range ve.Problems {
			got[f] = p.Code
		}
		want := map[string]string{"funding": "entry_not_number_suggest", "due": "date_day_first", "status": "enum"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
}

// The date options outside records (a list's dates, a brief's, the audit's) word a bad date
// by the rule the record fields use.
func TestDateProblemIsTheFieldsRule(t *testing.T) {
	for _, c := range []struct{ value, code string }{
		{"2024-02-13", ""},
		{"13/02/2024", "date_day_first"},
		{"12/31/2026", "date_month_first"},
		{"02/03/2024", "date_ambiguous"},
		{"2026-02-30", "date_nonexistent"},
		{"2026-13-01", "month_invalid"},
		{"last week", "date_invalid"},
		{"2024-02-13T10:00", "date_invalid"},
	} {
		p, bad := DateProblem(c.value)
		if bad != (c.code != "") || p.Code != c.code {
			t.Errorf("DateProblem(%q) = %q, %v; want %q", c.value, p.Code, bad, c.code)
		}
	}
}
