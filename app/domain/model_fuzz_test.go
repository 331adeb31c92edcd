package domain

import (
	"encoding/json"
	"errors"
	"testing"
)

// FuzzModelFields: any JSON object given as the fields of a commitment or a meeting (funding,
// indicator series, all-day dates) is validated without panicking, and every refusal is a
// *ValidationError naming a field with a message. Accepted funding adds up without panicking.
func FuzzModelFields(f *testing.F) {
	for _, s := range []struct {
		fields  string
		meeting bool
	}{
		{`{"title":"x","status":"agreed","funding":[{"amount":46300000,"currency":"EUR","state":"pledged","instrument":"grant","as_of":"2020-01-01"}]}`, false},
		{`{"title":"x","status":"agreed","funding":[{"amount":1.125,"currency":"TND","state":"disbursed","country":"` + idLibya + `"}]}`, false},
		{`{"title":"x","status":"agreed","funding":[{"amount":1e308,"currency":"JPY","state":"pledged"}]}`, false},
		{`{"title":"x","status":"agreed","indicators":[{"name":"n","unit":"u","actual":1,"as_of":"2020-01-01","values":[{"actual":2,"as_of":"2020-01-01"}]}]}`, false},
		{`{"title":"m","start":"2024-06-10","end":"2024-06-12T10:00:00Z","time_zone":"Geneva"}`, true},
		{`{"title":"m","start":"2024-06-10","end":"2024-06-09","partnership":"` + idPartner + `"}`, true},
	} {
		f.Add([]byte(s.fields), s.meeting)
	}
	f.Fuzz(func(t *testing.T, b []byte, meeting bool) {
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(b, &fields); err != nil {
			return
		}
		kind := KindCommitment
		if meeting {
			kind = KindMeeting
		}
		for _, lk := range []Lookup{nil, lookup} {
			for _, err := range []error{Validate(kind, fields, lk), ValidateFields(kind, fields, lk)} {
				if err == nil {
					continue
				}
				var ve *ValidationError
				if !errors.As(err, &ve) || len(ve.Fields) == 0 {
					t.Fatalf("refusal is not a ValidationError with fields: %T %v", err, err)
				}
				for k, m := range ve.Fields {
					if m == "" {
						t.Fatalf("empty message for %q", k)
					}
				}
			}
		}
		if rec, verr := Decode(kind, fields); verr == nil && Validate(kind, fields, lookup) == nil {
			if c, ok := rec.(*Commitment); ok {
				var tot Totals
				tot.AddFunding(c.Funding, "x")
				_ = tot.List()
			}
		}
	})
}

// FuzzSearchTimeZones: any text typed in the picker finds at most the limit, and every zone
// found is one validation accepts.
func FuzzSearchTimeZones(f *testing.F) {
	for _, s := range []string{"Geneva", "genève", "", "Africa/", "N'Djamena", "  ", "\xff\xfe", "Côte d'Ivoire"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		r := SearchTimeZones(q, 5)
		if len(r) > 5 {
			t.Fatalf("%d results for limit 5", len(r))
		}
		for _, z := range r {
			if !IsTimeZone(z.Zone) {
				t.Fatalf("%q found %s, which is not a zone", q, z.Zone)
			}
		}
	})
}
