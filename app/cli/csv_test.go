package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/domain"
	"dossier/app/internal/portfolio"
	"dossier/app/service"
)

// TestGroupsHaveHelp: `dossier GROUP --help` lists the group's commands (it used to fail with
// "unknown command"); a group alone or with an unknown command is a usage error.
func TestGroupsHaveHelp(t *testing.T) {
	all := run(t, t.TempDir(), "", "--help").out
	for _, g := range []string{"record", "csv", "trust", "bundle"} {
		var members []string
		for _, line := range strings.Split(all, "\n") {
			if f := strings.Fields(line); len(f) >= 2 && f[0] == g {
				members = append(members, g+" "+f[1])
			}
		}
		if len(members) == 0 {
			t.Fatalf("no %s commands in the help", g)
		}
		for _, args := range [][]string{{g, "--help"}, {g, "-h"}, {"help", g}} {
			r := run(t, t.TempDir(), "", args...)
			if r.code != 0 || !strings.Contains(r.out, "usage: dossier "+g+" COMMAND") {
				t.Errorf("%v: exit %d\n%s%s", args, r.code, r.out, r.err)
			}
			for _, m := range members {
				if !strings.Contains(r.out, "  "+m+" ") {
					t.Errorf("%v does not list %s", args, m)
				}
			}
		}
		if r := run(t, t.TempDir(), "", g); r.code != 2 || !strings.Contains(r.err, "name a command") || !strings.Contains(r.err, members[0]) {
			t.Errorf("%s alone: exit %d\n%s", g, r.code, r.err)
		}
	}
	if r := run(t, t.TempDir(), "", "csv", "frobnicate"); r.code != 2 || !strings.Contains(r.err, `unknown command "csv frobnicate"`) || !strings.Contains(r.err, "csv import") {
		t.Errorf("csv frobnicate: exit %d\n%s", r.code, r.err)
	}
}

// TestRecordAddHelpListsFields: the help of `record add KIND` lists every field of the
// schema that validation uses, with its type, whether it is required and its allowed values.
func TestRecordAddHelpListsFields(t *testing.T) {
	for _, k := range domain.Kinds {
		for _, args := range [][]string{{"record", "add", string(k), "--help"}, {"help", "record", "add", string(k)}} {
			r := run(t, t.TempDir(), "", args...)
			article := map[bool]string{true: "an ", false: "a "}[k == domain.KindIntervention] // "an intervention"
			if r.code != 0 || !strings.Contains(r.out, "fields of "+article+string(k)+" (") || !strings.Contains(r.out, "| dossier record add "+string(k)) {
				t.Fatalf("%v: exit %d\n%s%s", args, r.code, r.out, r.err)
			}
			checkFieldHelp(t, string(k), domain.Schema(k), strings.Split(r.out, "\n"), strings.Join(strings.Fields(r.out), " "))
		}
	}
	r := run(t, t.TempDir(), "", "record", "add", "--help")
	if r.code != 0 || !strings.Contains(r.out, "`dossier record add KIND --help` lists its fields") {
		t.Fatalf("record add --help: %d %s", r.code, r.out)
	}
}

// checkFieldHelp: every field of the schema is listed in lines, marked required as the schema
// says, with its allowed values and its type in words; the fields of a list's entries (funding,
// indicators and their values, sessions) are listed under it, more indented, the same way.
func checkFieldHelp(t *testing.T, where string, fields []domain.Field, lines []string, flat string) {
	t.Helper()
	indent := func(l string) int { return len(l) - len(strings.TrimLeft(l, " ")) }
	for _, f := range fields {
		at := -1
		for i, l := range lines {
			if fs := strings.Fields(l); len(fs) > 0 && fs[0] == f.Name {
				at = i
				break
			}
		}
		if at < 0 {
			t.Errorf("%s: field %s is not listed", where, f.Name)
			continue
		}
		line := lines[at]
		if required := strings.HasPrefix(strings.TrimSpace(line), f.Name+" *"); required != f.Required {
			t.Errorf("%s.%s: marked required %v, schema says %v: %q", where, f.Name, required, f.Required, line)
		}
		for _, o := range f.Options {
			if !strings.Contains(flat, o.Value) {
				t.Errorf("%s.%s: allowed value %s not listed", where, f.Name, o.Value)
			}
		}
		words := map[string]string{"currency": "ISO 4217", "timezone": "IANA", "iso3": "ISO 3166-1", "amount": "number"}[f.Format()]
		if f.Type == domain.TypeDate && !strings.Contains(line, "YYYY-MM-DD") || f.Type == domain.TypeDateOrDateTime && !strings.Contains(line, "YYYY-MM-DD") ||
			f.Ref != "" && !strings.Contains(line, string(f.Ref)) || words != "" && !strings.Contains(line, words) || f.Type == domain.TypeNumber && !strings.Contains(line, "number") {
			t.Errorf("%s.%s: the type is not said: %q", where, f.Name, line)
		}
		if f.Type == domain.TypeList && len(f.Columns) > 0 {
			end := at + 1 // the entry's fields: the lines below, more indented than the field
			for end < len(lines) && indent(lines[end]) > indent(line) {
				end++
			}
			checkFieldHelp(t, where+"."+f.Name, f.Columns, lines[at+1:end], flat)
		}
	}
}

type importReport struct {
	Stored    bool                    `json:"stored"`
	Created   int                     `json:"created"`
	Updated   int                     `json:"updated"`
	Unchanged int                     `json:"unchanged"`
	Files     []service.CSVFileReport `json:"files"`
	Errors    []service.CellError     `json:"errors"`
}

func importJSON(t *testing.T, d string, args ...string) (importReport, result) {
	t.Helper()
	r := run(t, d, "", append(append([]string{"csv", "import"}, args...), "--json")...)
	var rep importReport
	if err := json.Unmarshal([]byte(r.out), &rep); err != nil {
		t.Fatalf("csv import --json printed no report (exit %d): %v\n%s%s", r.code, err, r.out, r.err)
	}
	return rep, r
}

// TestCSVExcelRoundTrip: the portfolio as Excel saves it on a French Windows (";" and
// Windows-1252), one file per kind named in any order, imports in one run with references by
// name; the report says the encoding; export follows the locale's delimiter, and importing
// the export changes nothing.
func TestCSVExcelRoundTrip(t *testing.T) {
	d := initDir(t)
	dir := t.TempDir()
	files, err := portfolio.Write(portfolio.Sheets(), false, ';', portfolio.CP1252)
	if err != nil {
		t.Fatal(err)
	}
	var args []string
	for i := len(files) - 1; i >= 0; i-- { // interventions first: the order of the files does not matter
		p := filepath.Join(dir, files[i].Name)
		if err := os.WriteFile(p, files[i].Data, 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, files[i].Kind+"="+p)
	}
	total := portfolio.Rows(portfolio.Sheets())
	rep, r := importJSON(t, d, args...)
	if r.code != 0 || !rep.Stored || rep.Created != total || len(rep.Files) != len(files) {
		t.Fatalf("exit %d %+v\n%s", r.code, rep, r.err)
	}
	for _, f := range rep.Files {
		if strings.HasSuffix(f.Name, "party.csv") && (f.Encoding != "Windows-1252" || f.Delimiter != ";") {
			t.Errorf("party.csv read as %s with %q", f.Encoding, f.Delimiter)
		}
	}
	out := must(t, run(t, d, "", "record", "list", "commitment", "--country", "CIV"))
	if !strings.Contains(out, "Reintegration support for returnees to Côte d'Ivoire") || !strings.HasSuffix(out, "3 of 3") {
		t.Fatalf("commitments towards Côte d'Ivoire:\n%s", out)
	}
	if byName := must(t, run(t, d, "", "record", "list", "commitment", "--country", "Côte d’Ivoire")); byName != out {
		t.Errorf("--country Côte d’Ivoire:\n%s\nwant, as for CIV:\n%s", byName, out)
	}
	if out := must(t, run(t, d, "", "record", "list", "party", "--q", "Türkiye")); !strings.Contains(out, "Türkiye") {
		t.Fatalf("Türkiye is not found: %s", out)
	}
	// The money came in with countries named in its JSON cells: filters and search find it.
	usd := 0
	for _, s := range portfolio.Sheets() {
		for i, h := range s.Header {
			for _, row := range s.Rows {
				if s.Kind == "commitment" && h == "funding" && strings.Contains(row[i], `"currency":"USD"`) {
					usd++
				}
			}
		}
	}
	if out := must(t, run(t, d, "", "record", "list", "commitment", "--currency", "USD")); usd < 3 || !strings.HasSuffix(out, fmt.Sprintf("%d of %d", usd, usd)) {
		t.Fatalf("commitments with dollars (%d in the files):\n%s", usd, out)
	}
	if out := must(t, run(t, d, "", "record", "list", "commitment", "--q", "Mauritanie EUR 210000000")); !strings.Contains(out, "EUR 210 million for the EU–Mauritania partnership") || !strings.HasSuffix(out, "1 of 1") {
		t.Fatalf("an amount with its currency and a French country name:\n%s", out)
	}
	before := must(t, run(t, d, "", "state-hash"))

	// The delimiter follows the locale: LC_ALL, then LC_NUMERIC, then LANG.
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_NUMERIC", "")
	for _, c := range []struct{ lang, numeric, flag, want string }{
		{"fr_FR.UTF-8", "", "", ";"}, {"en_US.UTF-8", "", "", ","}, {"en_GB.UTF-8", "de_DE.UTF-8", "", ";"}, {"fr_FR.UTF-8", "", "tab", "\t"},
	} {
		t.Setenv("LANG", c.lang)
		t.Setenv("LC_NUMERIC", c.numeric)
		p := filepath.Join(dir, "export.csv")
		a := []string{"csv", "export", "all", "--out", p}
		if c.flag != "" {
			a = append(a, "--delimiter", c.flag)
		}
		out := must(t, run(t, d, "", a...))
		data, _ := os.ReadFile(p)
		if !strings.HasPrefix(string(data), "\uFEFFkind"+c.want+"id"+c.want) || !strings.Contains(out, fmt.Sprintf("Wrote %d records", total)) {
			t.Errorf("LANG=%s LC_NUMERIC=%s %s: %s\n%.60q", c.lang, c.numeric, c.flag, out, data)
		}
		rep, r := importJSON(t, d, p)
		if r.code != 0 || rep.Unchanged != total || rep.Created+rep.Updated != 0 || rep.Files[0].Encoding != "UTF-8 with BOM" {
			t.Errorf("re-import: exit %d %+v %s", r.code, rep, r.err)
		}
	}
	if after := must(t, run(t, d, "", "state-hash")); after != before {
		t.Fatal("importing the export changed the state")
	}

	// Text in another code page is refused, naming where; nothing is stored.
	bad := filepath.Join(dir, "cyrillic.csv")
	os.WriteFile(bad, []byte("name;type\n\xcc\xee\xf1\xea\xe2\xe0;country\n"), 0o600)
	r = run(t, d, "", "csv", "import", "party", bad)
	if r.code != 2 || !strings.Contains(r.err, "row 2: cannot be read as Windows-1252: byte 10") || !strings.Contains(r.err, "CSV UTF-8") {
		t.Fatalf("a Windows-1251 file: exit %d\n%s", r.code, r.err)
	}
	if after := must(t, run(t, d, "", "state-hash")); after != before {
		t.Fatal("a refused file stored something")
	}
}

// TestCSVImportJSONReportHasEveryProblem: the message stops at 20 problems and says where the
// rest are; --json has every one, of every kind, in row order.
func TestCSVImportJSONReportHasEveryProblem(t *testing.T) {
	d := initDir(t)
	var b strings.Builder
	b.WriteString("title,status,towards\n")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&b, "Commitment %d,maybe,Atlantis\n", i)
	}
	p := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(p, []byte(b.String()), 0o600)
	rep, r := importJSON(t, d, "commitment", p)
	if r.code != 2 || rep.Stored || len(rep.Errors) != 60 {
		t.Fatalf("exit %d, %d problems in the report\n%s", r.code, len(rep.Errors), r.err)
	}
	for i, e := range rep.Errors { // each row: an unknown party, and a status the validator refuses
		if e.Row != i/2+2 || (e.Column != "towards" || !strings.Contains(e.Message, `"Atlantis" names no party`)) && (e.Column != "status" || !strings.Contains(e.Message, "maybe")) {
			t.Fatalf("problem %d: %+v", i, e)
		}
	}
	r = run(t, d, "", "csv", "import", "commitment", p)
	if r.code != 2 || strings.Count(r.err, "\n  row ") != 20 || !strings.Contains(r.err, "… and 40 more (the --json report lists every one)") {
		t.Fatalf("exit %d\n%s", r.code, r.err)
	}
}

// TestCSVImportNamesTheColumnTyped: the command line names a bad value inside a list or set
// cell by the column the spreadsheet's header names, and for a list the entry, as the CSV
// screen does ("column indicators: entry 1, unit: …"), never by the validator's path
// ("column indicators[0].unit", "column themes[1]"); and a date typed day first says so, with
// the date to write.
func TestCSVImportNamesTheColumnTyped(t *testing.T) {
	d := initDir(t)
	p := filepath.Join(t.TempDir(), "engagements.csv")
	os.WriteFile(p, []byte("title;status;due;themes;indicators\n"+
		"Search and rescue training;agreed;;\"border_management; piracy\";\n"+
		`Voluntary returns;in_progress;;;"[{""name"": ""Returns assisted"", ""baseline"": 1200, ""target"": 5000}]"`+"\n"+
		"Centre d’accueil à Sfax;agreed;13/02/2024;;\n"), 0o600)
	r := run(t, d, "", "csv", "import", "commitment", p)
	for _, want := range []string{
		"\n  row 2, column themes: \"piracy\" is not allowed: use one of ",
		"\n  row 3, column indicators: entry 1, unit: is required when a baseline, target or actual value is given",
		"\n  row 4, column due: \"13/02/2024\" is written day first, DD/MM/YYYY (13 February 2024): write it as YYYY-MM-DD, here 2024-02-13 (",
	} {
		if r.code != 2 || !strings.Contains(r.err, want) {
			t.Errorf("exit %d, want %q in:\n%s", r.code, want, r.err)
		}
	}
	if strings.Contains(r.err, "[0]") || strings.Contains(r.err, "[1]") {
		t.Errorf("a path in the words:\n%s", r.err)
	}
}
