package domain

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestContactRules(t *testing.T) {
	cases := []struct {
		contact string
		want    string // a part of the error, "" for valid
	}{
		{`{"name":"Amina Ben Salah","function":"Director, migration","email":"a.bensalah@diplomatie.gov.tn","phone":"+216 71 123 456"}`, ""},
		{`{"name":"Desk"}`, ""},
		{`{"function":"Director"}`, "contacts[0].name: is required"},
		{`{"name":"X","email":"Amina <a@b.tn>"}`, "is not an e-mail address"},
		{`{"name":"X","email":"a@localhost"}`, "is not an e-mail address"},
		{`{"name":"X","email":"not an address"}`, "is not an e-mail address"},
		{`{"name":"X","phone":"call me"}`, "is not a phone number"},
		{`{"name":"X","phone":"+1 2"}`, "is not a phone number"},
		{`{"name":"X","phone":"+33 (0)1 23 45 67 89"}`, ""},
	}
	for _, c := range cases {
		fields := map[string]json.RawMessage{"name": json.RawMessage(`"Tunisia"`), "type": json.RawMessage(`"country"`), "iso3": json.RawMessage(`"TUN"`), "contacts": json.RawMessage("[" + c.contact + "]")}
		err := Validate(KindParty, fields, nil)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", c.contact, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: error %v, want one containing %q", c.contact, err, c.want)
		}
	}
}
