package domain

import (
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
)

// Every field of every valid example passes alone and all together: a change may write any
// subset of a record's fields.
func TestValidateFieldsValidExamples(t *testing.T) {
	for _, k := range Kinds {
		ex := validExamples[k]
		if err := ValidateFields(k, fieldsOf(ex), lookup); err != nil {
			t.Errorf("%s, every field: %v", k, err)
		}
		for name, v := range ex {
			if err := ValidateFields(k, fieldsOf(map[string]string{name: v}), lookup); err != nil {
				t.Errorf("%s.%s alone: %v", k, name, err)
			}
		}
	}
}

type fieldsCase struct {
	name   string
	kind   Kind
	fields map[string]string // field -> raw JSON
	lk     Lookup
	want   map[string]string // field path -> words its message must hold; nil when accepted
	rules  map[string]string // field path -> the rule named in Rules
}

func acceptedFieldsCases() []fieldsCase {
	return []fieldsCase{
		{name: "a title alone: the required status is not asked for", kind: KindCommitment,
			fields: map[string]string{"title": `"EUR 210 million for Mauritania migration package"`}},
		{name: "an optional date cleared with null", kind: KindCommitment, fields: map[string]string{"due": `null`}},
		{name: "an optional enum cleared with empty text", kind: KindCommitment, fields: map[string]string{"type": `""`}},
		{name: "an item of a typed-in framework, known to the lookup", kind: KindCommitment, lk: lookup,
			fields: map[string]string{"framework_items": `["GCM-11","NPMA-3"]`}},
		{name: "references are not checked without a lookup", kind: KindCommitment,
			fields: map[string]string{"partnership": `"` + idMissing + `"`, "towards": `["` + idMissing + `"]`}},
		// A rule that joins a value written with one not written is left to whole-record
		// validation: two valid edits merged may cross it.
		{name: "an end alone, whatever the start held", kind: KindPartnership, lk: lookup, fields: map[string]string{"end": `"2023-12-31"`}},
		{name: "a country without its code, the code not written", kind: KindParty, fields: map[string]string{"type": `"country"`}},
		{name: "a meeting's end alone", kind: KindMeeting, fields: map[string]string{"end": `"2024-03-07T09:00:00+00:00"`}},
	}
}

func refusedFieldsCases() []fieldsCase {
	many := make([]string, 201)
	for i := range many {
		many[i] = fmt.Sprintf(`"0190a5d0-0000-7000-8000-%012d"`, i)
	}
	return []fieldsCase{
		// What a later version might know.
		{name: "an unknown field", kind: KindCommitment, fields: map[string]string{"budget_line": `"BGUE-B2024-14.020230"`},
			want: map[string]string{"budget_line": "is not a field of commitment; the fields are: title, text"}, rules: map[string]string{"budget_line": "unknown_field"}},
		{name: "a status not in the list", kind: KindCommitment, fields: map[string]string{"status": `"maybe"`},
			want: map[string]string{"status": `"maybe" is not allowed: use one of proposed, agreed`}, rules: map[string]string{"status": "enum"}},
		{name: "a theme not in the list", kind: KindPartnership, fields: map[string]string{"themes": `["border_management","climate_mobility"]`},
			want: map[string]string{"themes[1]": `"climate_mobility" is not allowed`}, rules: map[string]string{"themes[1]": "enum"}},
		{name: "a party role not in the list", kind: KindPartnership, fields: map[string]string{"parties": `[{"party":"` + idLibya + `","role":"co_chair"}]`},
			want: map[string]string{"parties[0].role": `"co_chair" is not allowed`}, rules: map[string]string{"parties[0].role": "enum"}},

		// Shape.
		{name: "a title that is an object", kind: KindCommitment, fields: map[string]string{"title": `{"en":"EUR 210 million"}`},
			want: map[string]string{"title": "must be text"}},
		{name: "a status that is a number", kind: KindCommitment, fields: map[string]string{"status": `3`},
			want: map[string]string{"status": "must be text"}},
		{name: "themes as one text", kind: KindCommitment, fields: map[string]string{"themes": `"border_management"`},
			want: map[string]string{"themes": "must be a list of text values"}},
		{name: "a party role with an extra member", kind: KindPartnership,
			fields: map[string]string{"parties": `[{"party":"` + idLibya + `","role":"lead","share":0.5}]`},
			want:   map[string]string{"parties": `unknown field "share"`}},
		{name: "indicators as an object", kind: KindCommitment, fields: map[string]string{"indicators": `{"name":"Funds disbursed"}`},
			want: map[string]string{"indicators": "must be a list (JSON array) of indicators"}},
		{name: "two values in one", kind: KindCommitment, fields: map[string]string{"title": `"a" "b"`},
			want: map[string]string{"title": "must be text"}},

		// Per-field rules.
		{name: "a due date that is no date", kind: KindCommitment, fields: map[string]string{"due": `"30/02/2026"`},
			want: map[string]string{"due": `"30/02/2026" is not a date: write it as YYYY-MM-DD`}, rules: map[string]string{"due": "date_invalid"}},
		{name: "a due date that does not exist", kind: KindCommitment, fields: map[string]string{"due": `"2026-02-30"`},
			want: map[string]string{"due": `"2026-02-30": 30 February does not exist (February 2026 has 28 days)`}, rules: map[string]string{"due": "date_nonexistent"}},
		{name: "a meeting start without an offset", kind: KindMeeting, fields: map[string]string{"start": `"2024-03-07 09:00"`},
			want: map[string]string{"start": "is neither a date nor a date and time"}, rules: map[string]string{"start": "date_or_datetime_invalid"}},
		{name: "the local time zone", kind: KindMeeting, fields: map[string]string{"time_zone": `"Local"`},
			want: map[string]string{"time_zone": "is not a time zone"}, rules: map[string]string{"time_zone": "timezone"}},
		{name: "a country code that is not ISO 3166", kind: KindParty, fields: map[string]string{"iso3": `"MAU"`},
			want: map[string]string{"iso3": `"MAU" is not an ISO 3166-1 alpha-3 country code: did you mean`}, rules: map[string]string{"iso3": "iso3"}},
		{name: "a framework code with a space", kind: KindFramework, fields: map[string]string{"code": `"New Pact"`},
			want: map[string]string{"code": "may contain only letters, digits"}, rules: map[string]string{"code": "code"}},
		{name: "a typed-in framework item without a lookup", kind: KindCommitment, fields: map[string]string{"framework_items": `["NPMA-3"]`},
			want: map[string]string{"framework_items[0]": `"NPMA-3" is not a known framework item`}, rules: map[string]string{"framework_items[0]": "framework_item"}},
		{name: "a title too long", kind: KindCommitment, fields: map[string]string{"title": `"` + strings.Repeat("x", 301) + `"`},
			want: map[string]string{"title": "is too long (at most 300 characters)"}, rules: map[string]string{"title": "too_long"}},
		{name: "too many parties committed", kind: KindCommitment, fields: map[string]string{"committed_by": "[" + strings.Join(many, ",") + "]"},
			want: map[string]string{"committed_by": "has too many entries (at most 200)"}, rules: map[string]string{"committed_by": "too_many"}},
		{name: "several rules broken at once", kind: KindCommitment,
			fields: map[string]string{"title": `""`, "status": `"maybe"`, "due": `"31/12/2026"`},
			want:   map[string]string{"title": "is required", "status": "is not allowed", "due": "is written day first"},
			rules:  map[string]string{"title": "required", "status": "enum", "due": "date_day_first"}},

		// A required field cannot be emptied.
		{name: "a title emptied", kind: KindCommitment, fields: map[string]string{"title": `""`},
			want: map[string]string{"title": "is required"}, rules: map[string]string{"title": "required"}},
		{name: "a title set to null", kind: KindCommitment, fields: map[string]string{"title": `null`},
			want: map[string]string{"title": "is required"}, rules: map[string]string{"title": "required"}},
		{name: "a status emptied", kind: KindPartnership, fields: map[string]string{"status": `""`},
			want: map[string]string{"status": "is required"}, rules: map[string]string{"status": "required"}},
		{name: "a meeting's start removed", kind: KindMeeting, fields: map[string]string{"start": `null`},
			want: map[string]string{"start": "is required"}, rules: map[string]string{"start": "required"}},
		{name: "an intervention's meeting emptied", kind: KindIntervention, fields: map[string]string{"meeting": `""`},
			want: map[string]string{"meeting": "is required"}, rules: map[string]string{"meeting": "required"}},

		// List elements are checked one by one.
		{name: "an indicator without a name", kind: KindCommitment,
			fields: map[string]string{"indicators": `[{"name":"Funds disbursed","unit":"EUR million","target":210},{"name":""}]`},
			want:   map[string]string{"indicators[1].name": "is required"}, rules: map[string]string{"indicators[1].name": "required"}},
		{name: "an indicator measured as of no date", kind: KindCommitment,
			fields: map[string]string{"indicators": `[{"name":"Funds disbursed","as_of":"end of year"}]`},
			want:   map[string]string{"indicators[0].as_of": `"end of year" is not a date`}, rules: map[string]string{"indicators[0].as_of": "date_invalid"}},
		{name: "a session starting at 9am", kind: KindMeeting, fields: map[string]string{"sessions": `[{"title":"Legal pathways","start":"9am"}]`},
			want: map[string]string{"sessions[0].start": "is not a date and time"}, rules: map[string]string{"sessions[0].start": "datetime_invalid"}},
		{name: "an empty point", kind: KindIntervention, fields: map[string]string{"points": `["The package doubles support for search and rescue",""]`},
			want: map[string]string{"points[1]": "is required"}, rules: map[string]string{"points[1]": "required"}},
		{name: "a party named instead of its id", kind: KindPartnership, fields: map[string]string{"parties": `[{"party":"Mauritania","role":"lead"}]`},
			want: map[string]string{"parties[0].party": `"Mauritania" is not a record id`}, rules: map[string]string{"parties[0].party": "uuid"}},
		{name: "a country code among good ones", kind: KindIntervention, fields: map[string]string{"countries": `["MRT","SEN","XXX"]`},
			want: map[string]string{"countries[2]": `"XXX" is not an ISO 3166-1 alpha-3 country code`}, rules: map[string]string{"countries[2]": "iso3"}},
		{name: "a framework item with a bad code", kind: KindFramework, fields: map[string]string{"items": `[{"code":"NPMA 3","title":"Asylum procedure"}]`},
			want: map[string]string{"items[0].code": "may contain only letters"}, rules: map[string]string{"items[0].code": "code"}},
		{name: "a committed party that is not an id", kind: KindCommitment, fields: map[string]string{"committed_by": `["EU"]`},
			want: map[string]string{"committed_by[0]": `"EU" is not a record id`}, rules: map[string]string{"committed_by[0]": "uuid"}},

		// Rules that join values one change writes: no merge made them cross (attack pass,
		// 5 December 2026: a trusted author's update wrote what no form saves).
		{name: "an end before the start, both written", kind: KindPartnership, lk: lookup,
			fields: map[string]string{"start": `"2024-03-07"`, "end": `"2023-12-31"`},
			want:   map[string]string{"end": "is before the start"}, rules: map[string]string{"end": "end_before_start"}},
		{name: "a party listed twice", kind: KindPartnership, lk: lookup,
			fields: map[string]string{"parties": `[{"party":"` + idLibya + `","role":"member"},{"party":"` + idLibya + `","role":"lead"}]`},
			want:   map[string]string{"parties[1].party": "is listed twice"}, rules: map[string]string{"parties[1].party": "party_twice"}},
		{name: "a target without a unit", kind: KindCommitment,
			fields: map[string]string{"indicators": `[{"name":"Returnees reintegrated","target":4000}]`},
			want:   map[string]string{"indicators[0].unit": "is required"}, rules: map[string]string{"indicators[0].unit": "unit_required"}},
		{name: "a country without its code, both written", kind: KindParty, fields: map[string]string{"type": `"country"`, "iso3": `""`},
			want: map[string]string{"iso3": "is required for a country"}, rules: map[string]string{"iso3": "iso3_required"}},
		{name: "a meeting ending before it starts", kind: KindMeeting,
			fields: map[string]string{"start": `"2024-03-07T17:00:00+00:00"`, "end": `"2024-03-07T09:00:00+00:00"`},
			want:   map[string]string{"end": "the end must be after the start"}, rules: map[string]string{"end": "end_not_after_start"}},
		{name: "a title with a NUL", kind: KindCommitment, fields: map[string]string{"title": `"EUR 210\u0000 million"`},
			want: map[string]string{"title": "control character U+0000"}, rules: map[string]string{"title": "text_control"}},

		// References, with a lookup.
		{name: "a partnership that does not exist", kind: KindCommitment, lk: lookup, fields: map[string]string{"partnership": `"` + idMissing + `"`},
			want: map[string]string{"partnership": "points to " + idMissing + ", which does not exist (or was deleted): give the id of an existing partnership"}},
		{name: "a meeting among the parties", kind: KindCommitment, lk: lookup, fields: map[string]string{"towards": `["` + idLibya + `","` + idMeeting + `"]`},
			want: map[string]string{"towards": "points to " + idMeeting + ", which is a meeting: give the id of a party"}},
		{name: "a commitment as the source meeting", kind: KindCommitment, lk: lookup, fields: map[string]string{"source_meeting": `"` + idCommit + `"`},
			want: map[string]string{"source_meeting": "which is a commitment: give the id of a meeting"}},
		{name: "a partnership as a party", kind: KindPartnership, lk: lookup, fields: map[string]string{"parties": `[{"party":"` + idPartner + `","role":"lead"}]`},
			want: map[string]string{"parties": "which is a partnership"}},
		{name: "a reference is checked only where it is written", kind: KindCommitment, lk: lookup,
			fields: map[string]string{"title": `"EUR 210 million"`, "committed_by": `["` + idEU + `","` + idMissing + `"]`},
			want:   map[string]string{"committed_by": "points to " + idMissing}},
	}
}

func TestValidateFields(t *testing.T) {
	for _, c := range append(acceptedFieldsCases(), refusedFieldsCases()...) {
		t.Run(c.name, func(t *testing.T) {
			err := ValidateFields(c.kind, fieldsOf(c.fields), c.lk)
			if c.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var ve *ValidationError
			if !errors.As(err, &ve) || !errors.Is(err, ErrInvalid) {
				t.Fatalf("want a *ValidationError, got %T %v", err, err)
			}
			if ve.Kind != c.kind {
				t.Errorf("kind %s, want %s", ve.Kind, c.kind)
			}
			if got, want := keys(ve.Fields), keys(c.want); got != want {
				t.Fatalf("fields named %s, want %s: %v", got, want, err)
			}
			for f, words := range c.want {
				if !strings.Contains(ve.Fields[f], words) {
					t.Errorf("%s: %q does not say %q", f, ve.Fields[f], words)
				}
				plainEnglish(t, f, ve.Fields[f])
			}
			for f, rule := range c.rules {
				if got := ve.Problems[f].Code; got != rule {
					t.Errorf("%s: rule %q, want %q", f, got, rule)
				}
			}
			checkRulesNameFields(t, ve)
		})
	}
}

// Two values the memo of valid values (knownValid) knows, each valid alone, are still judged
// together: a partnership's start and end, which an import writes again and again.
func TestValidateFieldsJoinsValuesTheMemoKnows(t *testing.T) {
	start, end := fieldsOf(map[string]string{"start": `"2024-03-07"`}), fieldsOf(map[string]string{"end": `"2024-03-06"`})
	for _, f := range []map[string]json.RawMessage{start, end, start, end} {
		if err := ValidateFields(KindPartnership, f, nil); err != nil {
			t.Fatal(err)
		}
	}
	err := ValidateFields(KindPartnership, map[string]json.RawMessage{"start": start["start"], "end": end["end"]}, nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problem("end").Code != "end_before_start" {
		t.Fatalf("an end before the start, both known valid alone: %v", err)
	}
}

// Only a field refused by an unknown name or an unlisted value may look like something a
// later version knows; a wrong shape or a missing record must not.
func TestValidateFieldsRulesOnlyCallNewerWhatMayBe(t *testing.T) {
	for _, c := range refusedFieldsCases() {
		err := ValidateFields(c.kind, fieldsOf(c.fields), c.lk)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%s: %v", c.name, err)
		}
		for f, pr := range ve.Problems {
			rule := pr.Code
			if (rule == "unknown_field" || rule == "enum") != (c.rules[f] == "unknown_field" || c.rules[f] == "enum") {
				t.Errorf("%s: %s has rule %q, want %q", c.name, f, rule, c.rules[f])
			}
		}
	}
}

// checkRulesNameFields: every rule is about a field the error reports.
func checkRulesNameFields(t *testing.T, ve *ValidationError) {
	t.Helper()
	for f, p := range ve.Problems {
		if ve.Fields[f] != p.Text() {
			t.Errorf("%s: message %q is not the problem's text %q", f, ve.Fields[f], p.Text())
		}
	}
	for f := range ve.Fields {
		if _, ok := ve.Problems[f]; !ok {
			t.Errorf("%s: a message without a code the UI could word", f)
		}
	}
}

func keys(m map[string]string) string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

func TestValidateFieldsUnknownKind(t *testing.T) {
	err := ValidateFields("weapon", fieldsOf(map[string]string{"calibre": `"9mm"`}), lookup)
	var ve *ValidationError
	if !errors.As(err, &ve) || !strings.Contains(ve.Fields["kind"], `unknown record kind "weapon"`) {
		t.Fatalf("unknown kind: %v", err)
	}
}

// Whole-record validation names its rules too, for the same reason.
func TestValidateRules(t *testing.T) {
	cases := []struct {
		kind   Kind
		fields map[string]string
		rules  map[string]string
	}{
		{KindCommitment, map[string]string{"title": `"EUR 210 million"`}, map[string]string{"status": "required"}},
		{KindCommitment, map[string]string{"title": `"EUR 210 million"`, "status": `"maybe"`}, map[string]string{"status": "enum"}},
		{KindCommitment, map[string]string{"title": `"EUR 210 million"`, "status": `"agreed"`, "colour": `"blue"`}, map[string]string{"colour": "unknown_field"}},
		{KindCommitment, map[string]string{"title": `"EUR 210 million"`, "status": `"agreed"`, "themes": `["border_management","climate_mobility"]`},
			map[string]string{"themes[1]": "enum"}},
		{KindParty, map[string]string{"name": `"Mauritania"`, "type": `"country"`, "iso3": `"MAU"`}, map[string]string{"iso3": "iso3"}},
		{KindMeeting, map[string]string{"title": `"Senior officials"`, "start": `"2024-03-07 09:00"`}, map[string]string{"start": "date_or_datetime_invalid"}},
		{KindMeeting, map[string]string{"title": `"Senior officials"`, "start": `"2024-03-07T09:00:00+01:00"`, "end": `"2024-03-07"`}, map[string]string{"end": "end_date_start_time"}},
		{KindPartnership, map[string]string{"title": `"P"`, "status": `"active"`, "type": `"bilateral"`, "start": `"2024-03-07"`, "end": `"2024-03-01"`}, map[string]string{"end": "end_before_start"}},
	}
	for _, c := range cases {
		err := Validate(c.kind, fieldsOf(c.fields), lookup)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%v: %v", c.fields, err)
		}
		if keys(ve.Fields) != keys(c.rules) {
			t.Errorf("%v: rules %v, want %v", c.fields, ve.Problems, c.rules)
		}
		for f, r := range c.rules {
			if ve.Problems[f].Code != r {
				t.Errorf("%v: %s rule %q, want %q", c.fields, f, ve.Problems[f].Code, r)
			}
		}
		checkRulesNameFields(t, ve)
	}
	// A cross-field rule or a reference is not mistaken for a value a later version knows.
	for _, m := range []map[string]string{
		{"name": `"Mauritania"`, "type": `"country"`},
		{"title": `"EUR 210 million"`, "status": `"agreed"`, "partnership": `"` + idMissing + `"`},
	} {
		k := KindCommitment
		if _, ok := m["name"]; ok {
			k = KindParty
		}
		err := Validate(k, fieldsOf(m), lookup)
		var ve *ValidationError
		if !errors.As(err, &ve) {
			t.Fatalf("%v accepted", m)
		}
		for f, p := range ve.Problems {
			if r := p.Code; r == "enum" || r == "unknown_field" {
				t.Errorf("%v: %s has rule %s", m, f, r)
			}
		}
	}
}

// The domain error's own JSON stays the English messages; codes reach the wire through the
// service's error (service.Error.Problems), which names them explicitly.
func TestValidationErrorRulesNotInJSON(t *testing.T) {
	err := ValidateFields(KindCommitment, fieldsOf(map[string]string{"status": `"maybe"`}), nil)
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Problems["status"].Code != "enum" {
		t.Fatalf("status maybe: %v", err)
	}
	b, jerr := json.Marshal(ve)
	if jerr != nil {
		t.Fatal(jerr)
	}
	if strings.Contains(string(b), "Problems") || strings.Contains(string(b), `"enum"`) || !strings.Contains(string(b), `"status"`) {
		t.Errorf("JSON of the error: %s", b)
	}
}

// The lookup given to one call is not seen by another running at the same time.
func TestValidateFieldsConcurrentLookups(t *testing.T) {
	with := fakeLookup{kinds: lookup.kinds, items: map[string]bool{"NPMA-3": true}}
	m := fieldsOf(map[string]string{"framework_items": `["NPMA-3"]`})
	var wg sync.WaitGroup
	errs := make(chan error, 200)
	for i := 0; i < 100; i++ {
		wg.Add(2)
		go func() {
			defer wg.Done()
			if err := ValidateFields(KindCommitment, m, with); err != nil {
				errs <- fmt.Errorf("with: %v", err)
			}
		}()
		go func() {
			defer wg.Done()
			if err := ValidateFields(KindCommitment, m, nil); err == nil {
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
