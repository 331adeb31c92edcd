package domain

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/currency"
)

// The model decisions of docs/model.md: money, indicator series, all-day meetings and the
// time-zone list.

// validateWith validates the example of a kind with some fields replaced ("" deletes one).
func validateWith(kind Kind, mod map[string]string) error {
	m := maps.Clone(validExamples[kind])
	for k, v := range mod {
		if v == "" {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return Validate(kind, fieldsOf(m), lookup)
}

func TestModelRules(t *testing.T) {
	ok := func(name string, kind Kind, mod map[string]string) {
		t.Helper()
		if err := validateWith(kind, mod); err != nil {
			t.Errorf("%s: refused: %v", name, err)
		}
	}
	type bad struct {
		name  string
		kind  Kind
		mod   map[string]string
		key   string
		wants []string
	}
	fund := func(entry string) map[string]string { return map[string]string{"funding": "[" + entry + "]"} }
	values := func(vs string) map[string]string {
		return map[string]string{"indicators": `[{"name":"Returns","unit":"people","values":[` + vs + `]}]`}
	}

	// Accepted.
	ok("funding: whole EUR", KindCommitment, fund(`{"amount":46300000,"currency":"EUR","state":"pledged"}`))
	ok("funding: cents", KindCommitment, fund(`{"amount":0.01,"currency":"EUR","state":"disbursed"}`))
	ok("funding: zero (in kind, value unknown)", KindCommitment, fund(`{"amount":0,"currency":"EUR","instrument":"in_kind","state":"committed"}`))
	ok("funding: TND has 3 decimals", KindCommitment, fund(`{"amount":1.125,"currency":"TND","state":"contracted"}`))
	ok("funding: MRU (newer than CLDR)", KindCommitment, fund(`{"amount":12.5,"currency":"MRU","state":"pledged"}`))
	ok("funding: XOF", KindCommitment, fund(`{"amount":655957000,"currency":"XOF","state":"pledged"}`))
	ok("funding: the largest amount, in a currency without minor units", KindCommitment, fund(`{"amount":1e15,"currency":"JPY","state":"pledged"}`))
	ok("funding: the largest amount in euros, to the cent", KindCommitment, fund(`{"amount":9999999999999.99,"currency":"EUR","state":"pledged"}`))
	ok("funding: the largest amount in dinars, to the millime", KindCommitment, fund(`{"amount":999999999999.999,"currency":"TND","state":"pledged"}`))
	ok("funding: every instrument", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","instrument":"grant"},{"amount":1,"currency":"EUR","state":"pledged","instrument":"loan"},`+
		`{"amount":1,"currency":"EUR","state":"pledged","instrument":"budget_support"},{"amount":1,"currency":"EUR","state":"pledged","instrument":"guarantee"},`+
		`{"amount":1,"currency":"EUR","state":"pledged","instrument":"trust_fund_contribution"},{"amount":1,"currency":"EUR","state":"pledged","instrument":"in_kind"}`))
	ok("funding: the same entry twice (two equal tranches)", KindCommitment, fund(`{"amount":5,"currency":"EUR","state":"disbursed"},{"amount":5,"currency":"EUR","state":"disbursed"}`))
	ok("indicator: the old single actual", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","unit":"people","actual":53000,"as_of":"2020-11-13","since":"2017-01-01"}]`})
	ok("indicator: old actual and a series", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","unit":"people","actual":53000,"as_of":"2020-11-13","values":[{"actual":60000,"as_of":"2021-11-13"}]}]`})
	ok("indicator: a series by country", KindCommitment, values(`{"actual":1,"as_of":"2021-01-01","country":"`+idLibya+`"},{"actual":2,"as_of":"2021-01-01"},{"actual":3,"as_of":"2022-01-01","country":"`+idLibya+`"}`))
	// A change or a balance is negative (net migration, "-30 %"); the bounds are inclusive.
	ok("indicator: negative figures and the bounds", KindCommitment, map[string]string{"indicators": `[{"name":"Net migration","unit":"people","baseline":-1e15,"target":1e15,"values":[{"actual":-30.5,"as_of":"2021-01-01"}]}]`})
	ok("meeting: one day", KindMeeting, map[string]string{"start": `"2024-06-10"`, "end": "", "sessions": ""})
	ok("meeting: several days", KindMeeting, map[string]string{"start": `"2024-06-10"`, "end": `"2024-06-12"`})
	ok("meeting: start and end the same day", KindMeeting, map[string]string{"start": `"2024-06-10"`, "end": `"2024-06-10"`})
	ok("meeting: date-times (as before)", KindMeeting, map[string]string{"start": `"2020-11-12T09:00:00+01:00"`, "end": `"2020-11-13T17:00:00Z"`})
	ok("meeting: Nouakchott's zone", KindMeeting, map[string]string{"time_zone": `"Africa/Nouakchott"`})
	ok("meeting: UTC", KindMeeting, map[string]string{"time_zone": `"UTC"`})
	ok("meeting: no partnership", KindMeeting, map[string]string{"partnership": ""})

	for _, c := range []bad{
		{"funding: negative", KindCommitment, fund(`{"amount":-5,"currency":"EUR","state":"pledged"}`), "funding[0].amount", []string{"-5 is not an amount", "from 0"}},
		{"funding: too large", KindCommitment, fund(`{"amount":2e15,"currency":"EUR","state":"pledged"}`), "funding[0].amount", []string{"2000000000000000 is not an amount"}},
		// 999999999999999.99 reads as 1000000000000000 in a float64: stored, it would lose its
		// cents without a word. Past 15 significant digits an amount is refused, with the most.
		{"funding: euros past what is held to the cent", KindCommitment, fund(`{"amount":999999999999999.99,"currency":"EUR","state":"pledged"}`), "funding[0].amount", []string{"from 0 to 10000000000000"}},
		{"funding: dinars past what is held to the millime", KindCommitment, fund(`{"amount":1000000000001,"currency":"TND","state":"pledged"}`), "funding[0].amount", []string{"from 0 to 1000000000000"}},
		// The franc CFA by its everyday name is two currencies: the message names both, guesses neither.
		{"funding: FCFA", KindCommitment, fund(`{"amount":5,"currency":"FCFA","state":"pledged"}`), "funding[0].currency", []string{`"FCFA" is the franc CFA, which is two currencies`, "XOF", "Senegal", "XAF", "Cameroon"}},
		{"funding: F CFA", KindCommitment, fund(`{"amount":5,"currency":"F CFA","state":"pledged"}`), "funding[0].currency", []string{"two currencies"}},
		{"funding: cfa", KindCommitment, fund(`{"amount":5,"currency":"cfa","state":"pledged"}`), "funding[0].currency", []string{"two currencies"}},
		{"funding: not a currency", KindCommitment, fund(`{"amount":5,"currency":"EURO","state":"pledged"}`), "funding[0].currency", []string{`"EURO" is not an ISO 4217 currency code`}},
		{"funding: no amount", KindCommitment, fund(`{"currency":"EUR","state":"pledged"}`), "funding[0].amount", []string{"is required"}},
		{"funding: amount as text", KindCommitment, fund(`{"amount":"5 000 000","currency":"EUR","state":"pledged"}`), "funding", []string{`entry 1, amount: "5 000 000" is not a number`, "separators: 5000000"}},
		{"funding: EUR with tenths of cents", KindCommitment, fund(`{"amount":10.125,"currency":"EUR","state":"pledged"}`), "funding[0].amount", []string{"more than 2 decimals", "EUR"}},
		{"funding: JPY with decimals", KindCommitment, fund(`{"amount":10.5,"currency":"JPY","state":"pledged"}`), "funding[0].amount", []string{"JPY amounts are whole numbers"}},
		{"funding: lower-case currency", KindCommitment, fund(`{"amount":1,"currency":"eur","state":"pledged"}`), "funding[0].currency", []string{`"eur" is not an ISO 4217 currency code`, "EUR"}},
		{"funding: currency symbol", KindCommitment, fund(`{"amount":1,"currency":"€","state":"pledged"}`), "funding[0].currency", []string{"is not an ISO 4217"}},
		{"funding: gold is not money here", KindCommitment, fund(`{"amount":1,"currency":"XAU","state":"pledged"}`), "funding[0].currency", []string{"is not an ISO 4217"}},
		{"funding: no currency", KindCommitment, fund(`{"amount":1,"state":"pledged"}`), "funding[0].currency", []string{"is required"}},
		{"funding: no state", KindCommitment, fund(`{"amount":1,"currency":"EUR"}`), "funding[0].state", []string{"is required"}},
		{"funding: unknown state", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"promised"}`), "funding[0].state", []string{`"promised" is not allowed`, "pledged, committed, contracted, disbursed"}},
		{"funding: unknown instrument", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","instrument":"donation"}`), "funding[0].instrument", []string{`"donation" is not allowed`, "trust_fund_contribution"}},
		{"funding: bad as_of", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","as_of":"2020"}`), "funding[0].as_of", []string{"is not a date"}},
		{"funding: country is a meeting", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","country":"` + idMeeting + `"}`), "funding[0].country", []string{"which is a meeting", "of a party"}},
		{"funding: country missing", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","country":"` + idMissing + `"}`), "funding[0].country", []string{"does not exist"}},
		{"funding: country as ISO3", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","country":"LBY"}`), "funding[0].country", []string{`"LBY" is not a record id`}},
		{"funding: unknown key", KindCommitment, fund(`{"amount":1,"currency":"EUR","state":"pledged","rate":1.1}`), "funding", []string{`unknown field "rate"`}},
		{"funding: not a list", KindCommitment, map[string]string{"funding": `{"amount":1}`}, "funding", []string{"must be a list"}},
		{"indicator value without actual", KindCommitment, values(`{"as_of":"2021-01-01"}`), "indicators[0].values[0].actual", []string{"is required"}},
		{"indicator value without date", KindCommitment, values(`{"actual":3}`), "indicators[0].values[0].as_of", []string{"is required"}},
		{"indicator value bad date", KindCommitment, values(`{"actual":3,"as_of":"30/06/2021"}`), "indicators[0].values[0].as_of", []string{"is written day first", "here 2021-06-30"}},
		{"indicator value twice", KindCommitment, values(`{"actual":1,"as_of":"2021-01-01","country":"` + idLibya + `"},{"actual":2,"as_of":"2021-01-01","country":"` + idLibya + `"}`), "indicators[0].values[1].as_of", []string{"2021-01-01 is given twice"}},
		{"indicator value repeats the old actual", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","unit":"people","actual":1,"as_of":"2021-01-01","values":[{"actual":2,"as_of":"2021-01-01"}]}]`}, "indicators[0].values[0].as_of", []string{"is given twice"}},
		{"indicator values without unit", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","values":[{"actual":2,"as_of":"2021-01-01"}]}]`}, "indicators[0].unit", []string{"is required when"}},
		{"indicator value country wrong kind", KindCommitment, values(`{"actual":1,"as_of":"2021-01-01","country":"` + idPartner + `"}`), "indicators[0].values[0].country", []string{"which is a partnership"}},
		{"indicator value unknown key", KindCommitment, values(`{"actual":1,"as_of":"2021-01-01","iso3":"LBY"}`), "indicators", []string{`unknown field "iso3"`}},
		// Past a million billion a figure is a slip or a forgery: it printed as 1e+300 people.
		{"indicator baseline too large", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","unit":"people","baseline":1e300}]`}, "indicators[0].baseline", []string{"1e+300 is out of bounds: an indicator's figure goes from -1000000000000000 to 1000000000000000 (a million billion)"}},
		{"indicator target too small", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","unit":"people","target":-1.0000000000000002e15}]`}, "indicators[0].target", []string{"out of bounds"}},
		{"indicator old actual too large", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","unit":"people","actual":2e15,"as_of":"2021-01-01"}]`}, "indicators[0].actual", []string{"2000000000000000 is out of bounds"}},
		{"indicator value too large", KindCommitment, values(`{"actual":1.7976931348623157e308,"as_of":"2021-01-01"}`), "indicators[0].values[0].actual", []string{"out of bounds"}},
		{"indicator source too long", KindCommitment, map[string]string{"indicators": `[{"name":"VHR","source":"` + strings.Repeat("s", 501) + `"}]`}, "indicators[0].source", []string{"too long"}},
		{"partnership source too long", KindPartnership, map[string]string{"source": `"` + strings.Repeat("s", 501) + `"`}, "source", []string{"too long", "500"}},
		{"meeting: date then date-time", KindMeeting, map[string]string{"start": `"2024-06-10"`, "end": `"2024-06-12T17:00:00+02:00"`}, "end", []string{"as a date and time", "(2024-06-10) is a date", "both as dates"}},
		{"meeting: date-time then date", KindMeeting, map[string]string{"start": `"2024-06-10T09:00:00+02:00"`, "end": `"2024-06-12"`}, "end", []string{"as a date but the start", "has a time"}},
		{"meeting: last day before first", KindMeeting, map[string]string{"start": `"2024-06-10"`, "end": `"2024-06-09"`}, "end", []string{"is before the start (2024-06-10)", "on or after"}},
		{"meeting: impossible date", KindMeeting, map[string]string{"start": `"2024-02-30"`, "end": ""}, "start", []string{"30 February does not exist", "February 2024 has 29 days"}},
		{"meeting: Geneva", KindMeeting, map[string]string{"time_zone": `"Geneva"`}, "time_zone", []string{`"Geneva" is not a time zone`, "Europe/Zurich (for Geneva)"}},
		{"meeting: Europe/Geneva", KindMeeting, map[string]string{"time_zone": `"Europe/Geneva"`}, "time_zone", []string{"Europe/Zurich"}},
		{"meeting: lower-case zone", KindMeeting, map[string]string{"time_zone": `"africa/tunis"`}, "time_zone", []string{"Africa/Tunis"}},
		{"meeting: partnership is a party", KindMeeting, map[string]string{"partnership": `"` + idLibya + `"`}, "partnership", []string{"which is a party", "of a partnership"}},
		{"meeting: outcome too long", KindMeeting, map[string]string{"outcome": `"` + strings.Repeat("o", 20001) + `"`}, "outcome", []string{"too long"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := validateWith(c.kind, c.mod)
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("got %v, want a validation error", err)
			}
			msg, found := ve.Fields[c.key]
			if !found {
				t.Fatalf("no message for %q: %v", c.key, ve.Fields)
			}
			for _, w := range c.wants {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if len(ve.Fields) != 1 {
				t.Errorf("more fields than %s fail: %v", c.key, ve.Fields)
			}
			for f, m := range ve.Fields {
				plainEnglish(t, f, m)
			}
		})
	}
}

// Imported changes that write one field are checked by ValidateFields (app/admit): the rules
// inside a funding entry hold there too, the rules across fields are left to the record.
func TestModelRulesPartial(t *testing.T) {
	for _, c := range []struct {
		kind   Kind
		fields map[string]string
		key    string
	}{
		{KindCommitment, map[string]string{"funding": `[{"amount":10.125,"currency":"EUR","state":"pledged"}]`}, "funding[0].amount"},
		{KindCommitment, map[string]string{"funding": `[{"amount":1,"currency":"USD","state":"pledged","country":"` + idMeeting + `"}]`}, "funding[0].country"},
		{KindCommitment, map[string]string{"indicators": `[{"name":"n","values":[{"as_of":"2021-01-01"}]}]`}, "indicators[0].values[0].actual"},
		{KindMeeting, map[string]string{"start": `"2024-13-01"`}, "start"},
		{KindMeeting, map[string]string{"partnership": `"` + idCommit + `"`}, "partnership"},
	} {
		err := ValidateFields(c.kind, fieldsOf(c.fields), lookup)
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Fields[c.key] == "" {
			t.Errorf("%v: got %v, want a message for %s", c.fields, err, c.key)
		}
	}
	// A merge may put a date-only start beside a timed end written by someone else: that is
	// the record's rule, not the single change's.
	if err := ValidateFields(KindMeeting, fieldsOf(map[string]string{"end": `"2024-06-12T17:00:00+02:00"`}), lookup); err != nil {
		t.Errorf("end alone: %v", err)
	}
}

// Records written before this version keep decoding and validating: the old indicator shape,
// date-time meetings, commitments without funding.
func TestOldRecordsStillValid(t *testing.T) {
	old := map[Kind]map[string]string{
		KindCommitment: {"title": `"VHR"`, "status": `"in_progress"`,
			"indicators": `[{"name":"Voluntary humanitarian returns","unit":"people","actual":53000,"since":"2017-01-01","as_of":"2020-11-13","note":"around 53,000 since 2017"}]`},
		KindMeeting:     {"title": `"UNECE"`, "series": `"GCM regional reviews"`, "start": `"2020-11-12T09:00:00+01:00"`, "end": `"2020-11-13T18:00:00+01:00"`, "time_zone": `"Europe/Zurich"`},
		KindPartnership: {"title": `"Rabat Process"`, "type": `"regional_dialogue"`, "status": `"active"`, "summary": `"x"`},
	}
	for k, m := range old {
		if err := Validate(k, fieldsOf(m), lookup); err != nil {
			t.Errorf("old %s: %v", k, err)
		}
	}
	rec, verr := Decode(KindCommitment, fieldsOf(old[KindCommitment]))
	if verr != nil {
		t.Fatal(verr)
	}
	s := rec.(*Commitment).Indicators[0].Series()
	if len(s) != 1 || *s[0].Actual != 53000 || s[0].AsOf != "2020-11-13" || s[0].Country != "" {
		t.Errorf("old actual as a series: %+v", s)
	}
	one, two := 1.0, 2.0
	in := Indicator{Actual: &one, AsOf: "2020-01-01", Values: []IndicatorValue{{Actual: &two, AsOf: "2021-01-01", Country: idLibya}}}
	if s := in.Series(); len(s) != 2 || *s[0].Actual != 1 || s[1].Country != idLibya {
		t.Errorf("Series %+v", s)
	}
	if s := (Indicator{Name: "narrative"}).Series(); len(s) != 0 {
		t.Errorf("no values: %+v", s)
	}
}

func TestTotals(t *testing.T) {
	var tot Totals
	if !tot.Empty() || len(tot.List()) != 0 {
		t.Fatal("empty totals")
	}
	// Floats would give 0.30000000000000004; the sums are exact.
	tot.Add("EUR", "pledged", "0.1", "a")
	tot.Add("EUR", "pledged", "0.2", "b")
	tot.Add("EUR", "disbursed", "46300000", "a")
	tot.Add("USD", "committed", "999999999999999.99", "a")
	tot.Add("USD", "committed", "0.01", "a") // the same commitment counts once
	tot.Add("TND", "pledged", "1.125", "")
	tot.Add("EUR", "pledged", "not a number", "c") // ignored
	tot.Add("", "pledged", "1", "c")               // no currency: ignored
	a, b := 7.5, 2.5
	tot.AddFunding([]Funding{{Amount: &a, Currency: "XOF", State: "disbursed"}, {Amount: &b, Currency: "XOF", State: "disbursed"}, {Currency: "XOF", State: "pledged"}}, "d")
	got, _ := json.Marshal(tot.List())
	want := `[{"currency":"EUR","state":"pledged","amount":0.3,"commitments":2},{"currency":"EUR","state":"disbursed","amount":46300000,"commitments":1},` +
		`{"currency":"TND","state":"pledged","amount":1.125},{"currency":"USD","state":"committed","amount":1000000000000000,"commitments":1},` +
		`{"currency":"XOF","state":"disbursed","amount":10,"commitments":1}]`
	if string(got) != want {
		t.Errorf("totals\n got %s\nwant %s", got, want)
	}
	for _, c := range []struct {
		v    float64
		want string
	}{{1234567.89, "1234567.89"}, {46300000, "46300000"}, {0.1, "0.1"}, {1e15, "1000000000000000"}, {999999999999.99, "999999999999.99"}} {
		if got := AmountText(c.v); got != c.want {
			t.Errorf("AmountText(%v) = %s, want %s", c.v, got, c.want)
		}
	}
}

func TestCurrencies(t *testing.T) {
	cs := Currencies()
	if len(cs) < 150 {
		t.Fatalf("only %d currencies", len(cs))
	}
	for i, c := range cs {
		if i > 0 && cs[i-1].Code >= c.Code {
			t.Errorf("not sorted or duplicated at %s", c.Code)
		}
		if len(c.Code) != 3 || strings.ToUpper(c.Code) != c.Code || c.Name == "" || c.NameFR == "" || c.Decimals < 0 || c.Decimals > 4 {
			t.Errorf("bad entry %+v", c)
		}
		// The French currency picker writes ’, as every French text does ("Florin d’Aruba").
		if strings.Contains(c.NameFR, "'") {
			t.Errorf("%s: French name %q has a straight apostrophe", c.Code, c.NameFR)
		}
		// The shipped list agrees with golang.org/x/text/currency where it knows the code.
		if u, err := currency.ParseISO(c.Code); err == nil {
			if scale, _ := currency.Standard.Rounding(u); scale != c.Decimals {
				t.Errorf("%s: %d decimals, x/text says %d", c.Code, c.Decimals, scale)
			}
		}
	}
	for code, dec := range map[string]int{"EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "TND": 3, "LYD": 3, "JPY": 0, "XOF": 0, "XAF": 0, "MRU": 2, "EGP": 2, "MAD": 2, "TRY": 2} {
		if c, ok := CurrencyByCode(code); !ok || c.Decimals != dec {
			t.Errorf("%s: %+v %v, want %d decimals", code, c, ok, dec)
		}
	}
	if c, _ := CurrencyByCode("EUR"); c.Name != "Euro" {
		t.Errorf("EUR %+v", c)
	}
	if c, _ := CurrencyByCode("TND"); c.NameFR != "Dinar tunisien" {
		t.Errorf("TND %+v", c)
	}
	for _, code := range []string{"eur", "XAU", "XTS", "XXX", "EURO", ""} {
		if _, ok := CurrencyByCode(code); ok {
			t.Errorf("%q accepted", code)
		}
	}
}

func TestSearchTimeZones(t *testing.T) {
	for _, c := range []struct {
		q, zone, matched string
	}{
		{"Geneva", "Europe/Zurich", "Geneva"},
		{"Genève", "Europe/Zurich", "Genève"},
		{"geneve", "Europe/Zurich", "Genève"},
		{"Tunis", "Africa/Tunis", ""},
		{"Nouakchott", "Africa/Nouakchott", ""},
		{"nouak", "Africa/Nouakchott", ""},
		{"Mauritania", "Africa/Nouakchott", ""},
		{"Mauritanie", "Africa/Nouakchott", ""},
		{"Tunisie", "Africa/Tunis", ""},
		{"Switzerland", "Europe/Zurich", ""},
		{"CHE", "Europe/Zurich", ""},
		{"Rabat", "Africa/Casablanca", "Rabat"},
		{"Brussels", "Europe/Brussels", ""},
		{"Bruxelles", "Europe/Brussels", "Bruxelles"},
		{"addis ababa", "Africa/Addis_Ababa", ""},
		{"Addis_Ababa", "Africa/Addis_Ababa", ""},
		{"Africa/Tripoli", "Africa/Tripoli", ""},
		{"N'Djamena", "Africa/Ndjamena", "N'Djamena"},
		{"Türkiye", "Europe/Istanbul", ""},
		{"Ankara", "Europe/Istanbul", "Ankara"},
		{"UTC", "UTC", ""},
		{"Washington", "America/New_York", "Washington"},
	} {
		r := SearchTimeZones(c.q, 5)
		if len(r) == 0 || r[0].Zone != c.zone || r[0].Matched != c.matched {
			t.Errorf("%q: got %+v, want first %s (matched %q)", c.q, r, c.zone, c.matched)
		}
	}
	if r := SearchTimeZones("Nouakchott", 0); len(r) != 1 || len(r[0].Countries) != 1 || r[0].Countries[0] != "MRT" || r[0].City != "Nouakchott" {
		t.Errorf("Nouakchott: %+v", r)
	}
	if r := SearchTimeZones("zzzz", 5); len(r) != 0 {
		t.Errorf("nonsense found %+v", r)
	}
	if r := SearchTimeZones("America", 3); len(r) != 3 {
		t.Errorf("limit: %d", len(r))
	}
	all := SearchTimeZones("", 0)
	if len(all) != len(zoneTable) || len(all) < 300 {
		t.Errorf("empty query: %d of %d", len(all), len(zoneTable))
	}
	// Every zone offered is one validation accepts, so picking never leads to a refusal; every
	// alias points to a zone of the list.
	listed := map[string]bool{}
	for _, z := range all {
		listed[z.Zone] = true
		if !IsTimeZone(z.Zone) {
			t.Errorf("%s is offered but is not a zone Go knows", z.Zone)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(zoneAliasesTSV), "\n")[1:] {
		cols := strings.Split(line, "\t")
		if !listed[cols[1]] {
			t.Errorf("alias %s points to %s, which is not in the list", cols[0], cols[1])
		}
	}
	if _, err := time.LoadLocation("Africa/Nouakchott"); err != nil {
		t.Errorf("embedded tzdata: %v", err)
	}
}

// TestReferenceTablesGenerated regenerates currencies_gen.go and zones_gen.go with the
// checked-in generator from Debian's iso-codes and tzdata and requires the checked-in files
// to match.
func TestReferenceTablesGenerated(t *testing.T) {
	inputs := []string{"/usr/share/iso-codes/json/iso_4217.json", "/usr/share/locale/fr/LC_MESSAGES/iso_4217.mo", "/usr/share/zoneinfo/zone.tab"}
	for _, f := range inputs {
		if _, err := os.Stat(f); err != nil {
			t.Fatalf("%s is missing: install Debian's iso-codes and tzdata packages (`make deps` does): %v", f, err)
		}
	}
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Fatalf("no go command to run the generator: %v", err)
		}
	}
	dir := t.TempDir()
	cmd := exec.Command(goBin, "run", "./internal/genref", "-iso4217", inputs[0], "-fr", inputs[1], "-zonetab", inputs[2],
		"-currencies", filepath.Join(dir, "currencies_gen.go"), "-zones", filepath.Join(dir, "zones_gen.go"))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("generator: %v\n%s", err, b)
	}
	for _, name := range []string{"currencies_gen.go", "zones_gen.go"} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator writes from the installed iso-codes and tzdata: run `go generate ./app/domain`", name)
		}
	}
}

// ValidateFields remembers the enum and date values it found valid, and nothing else: a value
// found valid is valid again, one that is not is refused every time with its problem, a field
// of another kind is judged on its own, and the memo stays bounded.
func TestValidateFieldsRemembersOnlyValidValues(t *testing.T) {
	clear(valueRules.valid)
	ok := fieldsOf(map[string]string{"status": `"agreed"`, "due": `"2027-03-01"`})
	for range 2 {
		if err := ValidateFields(KindCommitment, ok, nil); err != nil {
			t.Fatalf("a valid status and date: %v", err)
		}
	}
	if !knownValid(KindCommitment, ok) {
		t.Fatal("the valid values were not kept")
	}
	for _, bad := range []map[string]string{
		{"status": `"agreed"`, "due": `"2027-02-30"`}, // a kept value beside an impossible date
		{"status": `"signed"`},                        // not a commitment's status
		{"status": `null`},                            // a required field emptied
		{"title": `""`},                               // not an enum or a date: never kept
	} {
		for range 2 {
			var ve *ValidationError
			if err := ValidateFields(KindCommitment, fieldsOf(bad), nil); !errors.As(err, &ve) {
				t.Fatalf("%v: %v, want refused each time", bad, err)
			}
		}
	}
	if knownValid(KindCommitment, fieldsOf(map[string]string{"title": `"Return"`})) {
		t.Fatal("a text field is kept")
	}
	if knownValid(KindPartnership, fieldsOf(map[string]string{"status": `"agreed"`})) {
		t.Fatal("a commitment's status vouches for a partnership's")
	}
	for i := range valueRulesMax + 10 {
		rememberValid(KindCommitment, fieldsOf(map[string]string{"due": fmt.Sprintf(`"%04d-01-01"`, i)}))
	}
	if n := len(valueRules.valid); n > valueRulesMax {
		t.Fatalf("the memo holds %d values, past its bound of %d", n, valueRulesMax)
	}
}
