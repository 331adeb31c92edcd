package service

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestCSVRoundTripKeepsTextExactly: text that starts with a tab or a carriage return (which
// export neutralises with a quote), with spaces around it, with quotes, or of blanks alone
// (which export writes in quotes), comes back from export and import exactly, for every
// delimiter: nothing is updated, the state is the same. Codes (an ISO3 code) are still
// trimmed when typed with spaces, and an unquoted blank cell is empty.
func TestCSVRoundTripKeepsTextExactly(t *testing.T) {
	cases := map[string]map[string]string{
		"edges": {
			"title":           "\tTabbed title",
			"text":            "\rstarts with CR\nthen a line ",
			"source_document": "  two spaces before, one after ",
			"marking":         "'=quoted formula",
		},
		"blanks": { // docs/csv.md, "Blank cells"; a title cannot be blank (docs/model.md)
			"title":           "   T   ",
			"text":            "\r\n",
			"source_document": "\t",     // neutralised: '<tab>, without quotes
			"marking":         "\u00a0", // a no-break space is a blank too
		},
		"more blanks": {
			"title":           "\t \r\nT\u00a0",
			"text":            " ",
			"source_document": "\n\n",
			"marking":         "\u3000",
		},
	}
	for name, texts := range cases {
		for _, delim := range []string{",", ";", "tab"} {
			t.Run(name+" "+delim, func(t *testing.T) { roundTripTexts(t, texts, delim) })
		}
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

// roundTripTexts stores a commitment with texts, exports it with delim and imports the file
// back: nothing may change, and each text must come back byte for byte.
func roundTripTexts(t *testing.T, texts map[string]string, delim string) {
	t.Helper()
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
}

// TestCSVQuotedBlankTitleIsRefused: a title written as blanks in quotes is kept as text by
// the reader ("Blank cells"), and then refused by the domain as a missing title, naming the
// row and the column, on a new row and on an update, on the check and on the import; nothing
// is stored.
func TestCSVQuotedBlankTitleIsRefused(t *testing.T) {
	app := testApp(t)
	recs := &Records{App: app}
	held, err := recs.Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"Held"`), "status": json.RawMessage(`"agreed"`)})
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"new row, spaces":           "title,status\nA,agreed\n\"   \",agreed\n",
		"new row, CR LF":            "title;status\nA;agreed\n\"\r\n\";agreed\n",
		"new row, no-break spaces":  "title,status\nA,agreed\n\"\u00a0\u202f\",agreed\n",
		"new row, formula quote":    "title,status\nA,agreed\n'\t,agreed\n",
		"update, a tab in quotes":   "id,title,status\n,A,agreed\n" + held.ID + ",\"\t\",agreed\n",
		"update, narrow no-break":   "id\ttitle\tstatus\n\t A \tagreed\n" + held.ID + "\t\"\u202f\"\tagreed\n",
		"a contact's name in JSON":  "kind,name,type,contacts\nparty,A,other,\n" + `party,B,other,"[{""name"":"" \u00a0""}]"` + "\n",
		"a party name, no-break sp": "kind,name,type\nparty,A,other\nparty,\"\u00a0\",other\n",
	}
	before, _ := app.Store.StateHash()
	for name, file := range files {
		t.Run(name, func(t *testing.T) {
			s := &CSV{App: app}
			column, at, code := "title", "", "required"
			if strings.HasPrefix(name, "a contact") {
				column, at = "contacts", "1.name"
			}
			if strings.HasPrefix(name, "a party") {
				column = "name"
			}
			kind := "commitment"
			if strings.HasPrefix(file, "kind") {
				kind = ""
			}
			p, err := s.Preview(kind, "f.csv", []byte(file))
			if err != nil {
				t.Fatal(err)
			}
			v, err := s.ImportData(kind, "f.csv", []byte(file))
			if err != nil || v.Stored {
				t.Fatalf("imported: %+v %v", v, err)
			}
			for what, errs := range map[string][]CellError{"check": p.Errors, "import": v.Errors} {
				if len(errs) != 1 {
					t.Fatalf("%s: %+v", what, errs)
				}
				e := errs[0]
				if e.Row != 3 || e.Column != column || e.At != at || e.Problem == nil || e.Problem.Code != code || !strings.Contains(e.Message, "is required") {
					t.Errorf("%s: %+v %+v, want row 3, column %s, %s", what, e, e.Problem, column, code)
				}
			}
			// The command line's words.
			words := "row 3, column " + column + ": is required"
			if at != "" {
				words = "row 3, column " + column + ": entry 1, name: is required"
			}
			if _, err := s.Import(kind, strings.NewReader(file)); err == nil || !strings.Contains(err.Error(), words) {
				t.Errorf("error %v does not say %q", err, words)
			}
		})
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Error("a refused import changed the state")
	}
}

// TestCSVBlankCells: on files written by hand, a blank cell is empty unless written in quotes
// or behind the formula quote, and only a text field keeps it (docs/csv.md, "Blank cells");
// codes, enums and references are trimmed whatever the quotes. A row of blanks alone is
// skipped, quoted or not.
func TestCSVBlankCells(t *testing.T) {
	cases := []struct {
		name, file string
		want       map[string]string // field: stored text ("" none)
	}{
		{"unquoted blanks are empty", "title,status,text,marking\nA,agreed,   ,\t\n", map[string]string{"text": "", "marking": ""}},
		{"quoted blanks are kept", "title,status,text,marking\nA,agreed,\"   \",\"\r\n\"\n", map[string]string{"text": "   ", "marking": "\r\n"}},
		{"the formula quote keeps a tab", "title;status;text\nA;agreed;'\t\n", map[string]string{"text": "\t"}},
		{"quoted empty is empty", "title,status,text\nA,agreed,\"\"\n", map[string]string{"text": ""}},
		{"quoted blanks in an enum are no value", "title,status,type\nA,agreed,\"  \"\n", map[string]string{"type": ""}},
		{"quoted blanks in a date are no value", "title,status,due\nA,agreed,\" \"\n", map[string]string{"due": ""}},
		{"quoted blanks in a reference are no value", "title,status,partnership\nA,agreed,\"\t\"\n", map[string]string{"partnership": ""}},
		{"a quoted blank row is skipped", "title,status,text\n\"  \",\" \",\"\r\n\"\nA,agreed,x\n", map[string]string{"text": "x"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := testApp(t)
			v, err := (&CSV{App: app}).ImportData("commitment", "c.csv", []byte(c.file))
			if err != nil || !v.Stored || v.Created != 1 {
				t.Fatalf("%+v %v", v, err)
			}
			l, err := (&Records{App: app}).List(Query{Kind: "commitment"})
			if err != nil || len(l.Items) != 1 {
				t.Fatalf("%+v %v", l, err)
			}
			got, _ := (&Records{App: app}).Get(l.Items[0].ID)
			for f, want := range c.want {
				var s string
				_ = json.Unmarshal(got.Fields[f], &s)
				if s != want {
					t.Errorf("%s = %q (%s), want %q", f, s, got.Fields[f], want)
				}
			}
		})
	}
}
