package service

import (
	"encoding/json"
	"testing"
)

// TestCSVRoundTripKeepsTextExactly: text that starts with a tab or a carriage return (which
// export neutralises with a quote), with spaces around it, or with quotes, comes back from
// export and import exactly, for every delimiter: nothing is updated, the state is the same.
// Codes (an ISO3 code) are still trimmed when typed with spaces, and a blank cell is empty.
func TestCSVRoundTripKeepsTextExactly(t *testing.T) {
	texts := map[string]string{
		"title":           "\tTabbed title",
		"text":            "\rstarts with CR\nthen a line ",
		"source_document": "  two spaces before, one after ",
		"marking":         "'=quoted formula",
	}
	for _, delim := range []string{",", ";", "tab"} {
		t.Run(delim, func(t *testing.T) {
			app := testApp(t)
			fields := map[string]json.RawMessage{"status": json.RawMessage(`"agreed"`)}
			for f, v := range texts {
				b, _ := json.Marshal(v)
				fields[f] = b
			}
			rec, err := (&Records{App: app}).Add("commitment", fields)
			if err != nil {
				t.Fatal(err)
			}
			s := &CSV{App: app}
			f, err := s.ExportData(Query{Kind: "commitment"}, delim)
			if err != nil {
				t.Fatal(err)
			}
			before, _ := app.Store.StateHash()
			v, err := s.ImportData("", f.Name, f.Data)
			if err != nil || !v.Stored || v.Unchanged != 1 || v.Created+v.Updated != 0 {
				t.Fatalf("round trip %+v %v\n%q", v, err, f.Data)
			}
			if after, _ := app.Store.StateHash(); after != before {
				t.Fatalf("the round trip changed the state:\n%q", f.Data)
			}
			got, err := (&Records{App: app}).Get(rec.ID)
			if err != nil {
				t.Fatal(err)
			}
			for name, want := range texts {
				var s string
				if err := json.Unmarshal(got.Fields[name], &s); err != nil || s != want {
					t.Errorf("%s = %q, want %q", name, s, want)
				}
			}
		})
	}
	t.Run("codes trimmed, blank empty", func(t *testing.T) {
		app := testApp(t)
		v, err := (&CSV{App: app}).ImportData("party", "p.csv", []byte("name,type,iso3,region\n Tunisia ,country, TUN ,   \n"))
		if err != nil || !v.Stored {
			t.Fatalf("%+v %v", v, err)
		}
		l, err := (&Records{App: app}).List(Query{Kind: "party"})
		if err != nil || len(l.Items) != 1 {
			t.Fatalf("%+v %v", l, err)
		}
		got, _ := (&Records{App: app}).Get(l.Items[0].ID)
		if string(got.Fields["iso3"]) != `"TUN"` || string(got.Fields["name"]) != `" Tunisia "` || len(got.Fields["region"]) > 0 && string(got.Fields["region"]) != `""` {
			t.Errorf("fields %s %s %s", got.Fields["iso3"], got.Fields["name"], got.Fields["region"])
		}
	})
}
