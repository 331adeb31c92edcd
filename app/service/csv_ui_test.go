package service

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The screen's methods: a preview says what an import would do and stores nothing, the
// import stores exactly that, and both name every problem by row and column.
func TestCSVScreenPreviewAndImport(t *testing.T) {
	type cell struct {
		row int
		col string
		msg string // a fragment
	}
	cases := []struct {
		name      string
		kind      string
		data      string
		encoding  string
		delimiter string
		rows      int // data rows read
		created   int
		errs      []cell
	}{
		{name: "UTF-8, commas", kind: "commitment", data: "title,status,due\nA,agreed,2026-01-01\nB,proposed,\n",
			encoding: "UTF-8", delimiter: ",", rows: 2, created: 2},
		{name: "Windows-1252, semicolons", kind: "commitment", data: "title;status\nCaf\xe9 pour tous;agreed\nL\x92accord;proposed\n",
			encoding: "Windows-1252", delimiter: ";", rows: 2, created: 2},
		{name: "UTF-8 with BOM, tab", kind: "commitment", data: "\ufefftitle\tstatus\nA\tagreed\n",
			encoding: "UTF-8 with BOM", delimiter: "tab", rows: 1, created: 1},
		{name: "kind column", kind: "", data: "kind;name;type;iso3\nparty;Tunisia;country;TUN\n",
			encoding: "UTF-8", delimiter: ";", rows: 1, created: 1},
		{name: "an error row", kind: "commitment", data: "title,status\nA,agreed\nB,maybe\n,agreed\n",
			encoding: "UTF-8", delimiter: ",", rows: 3,
			errs: []cell{{3, "status", `"maybe"`}, {4, "title", "required"}}},
		{name: "unknown column: the rows are read, for the sample", kind: "commitment", data: "title,colour\nA,blue\n",
			encoding: "UTF-8", delimiter: ",", rows: 1, errs: []cell{{1, "colour", "is not a field of commitment"}}},
		{name: "not Windows-1252", kind: "commitment", data: "title,status\n\xcf\xf0\xe8\xe2\xe5\xf2,agreed\n",
			encoding: "Windows-1252", errs: []cell{{2, "", "cannot be read as Windows-1252"}}},
		{name: "short row", kind: "commitment", data: "title,status\nA\n",
			encoding: "UTF-8", delimiter: ",", rows: 1, errs: []cell{{2, "", "has 1 cells, the header has 2"}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := testApp(t)
			s := &CSV{App: app}
			before, _ := app.Store.StateHash()
			v, err := s.Preview(c.kind, "dir/upload.csv", []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if after, _ := app.Store.StateHash(); after != before {
				t.Fatal("a preview changed the state")
			}
			if v.Name != "upload.csv" || v.Stored || v.File.Encoding != c.encoding || v.File.Delimiter != c.delimiter || v.File.Rows != c.rows {
				t.Fatalf("view %+v", v)
			}
			if len(c.errs) == 0 && (v.Created != c.created || v.ErrorCount != 0 || len(v.Rows) != c.rows || len(v.Columns) == 0) {
				t.Fatalf("clean preview %+v", v)
			}
			if v.ErrorCount != len(c.errs) || len(v.Errors) != len(c.errs) {
				t.Fatalf("errors %+v, want %v", v.Errors, c.errs)
			}
			for i, e := range c.errs {
				got := v.Errors[i]
				if got.Row != e.row || got.Column != e.col || !strings.Contains(got.Message, e.msg) {
					t.Errorf("error %d: %+v, want %+v", i, got, e)
				}
			}
			imp, err := s.ImportData(c.kind, "upload.csv", []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if imp.Stored != (len(c.errs) == 0) || imp.Created != c.created || imp.ErrorCount != len(c.errs) {
				t.Fatalf("import %+v", imp)
			}
			n, _ := app.Store.Counts()
			if len(c.errs) > 0 && n != 0 || len(c.errs) == 0 && n == 0 {
				t.Fatalf("%d changes stored (errors %d)", n, len(c.errs))
			}
			if c.name == "Windows-1252, semicolons" && !strings.Contains(dump(t, app), "Café pour tous") {
				t.Fatalf("not converted:\n%s", dump(t, app))
			}
		})
	}
}

// A problem only the whole record shows (an update that clears a required field) is found
// by the preview through Store.Validate, the check Store.Save makes, and nothing changes.
func TestCSVScreenPreviewChecksLikeSave(t *testing.T) {
	app := testApp(t)
	s := &CSV{App: app}
	if v, err := s.ImportData("commitment", "a.csv", []byte("title,status\nA,agreed\n")); err != nil || !v.Stored {
		t.Fatalf("%+v %v", v, err)
	}
	id := (&Records{App: app}).mustList(t, "commitment")[0]
	data := []byte("id,title,status\n" + id + ",,agreed\n")
	before, _ := app.Store.StateHash()
	v, err := s.Preview("commitment", "b.csv", data)
	if err != nil || v.ErrorCount != 1 || v.Errors[0].Row != 2 || v.Errors[0].Column != "title" {
		t.Fatalf("%+v %v", v, err)
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Fatal("a preview changed the state")
	}
	if v, err := s.Preview("commitment", "c.csv", []byte("id,title,status\n"+id+",A2,agreed\n")); err != nil || v.Updated != 1 || v.ErrorCount != 0 {
		t.Fatalf("update preview %+v %v", v, err)
	}
}

// The view says whether the header has a kind column, read as the import reads column names
// (" Kind " is kind), whatever kind the rows were declared: the screen then reads the rows by
// it (a full export chosen while "Commitments" was selected).
func TestCSVScreenSaysTheFileHasAKindColumn(t *testing.T) {
	s := &CSV{App: testApp(t)}
	for _, c := range []struct {
		kind, data string
		want       bool
	}{
		{"commitment", "kind,title,status\ncommitment,A,agreed\n", true},
		{"commitment", "\ufeff Kind ;title;status\ncommitment;A;agreed\n", true},
		{"", "kind,name,type\nparty,Tunisia,country\n", true},
		{"commitment", "title,status\nA,agreed\n", false},
		{"commitment", "title,kind_of_thing\nA,x\n", false},
	} {
		v, err := s.Preview(c.kind, "k.csv", []byte(c.data))
		if err != nil || v.KindColumn != c.want {
			t.Errorf("%q as %q: kind column %v, want %v (%v)", c.data, c.kind, v != nil && v.KindColumn, c.want, err)
		}
	}
}

// A file just chosen is checked once: a header with a kind column is read by it whatever kind
// the screen said (the view's kind is then ""), which the screen used to find out from a first
// check as that kind, to check the file a second time by its column (about 1 s per 10,000
// rows). A file without one is checked as the kind said; Preview, once the reader has chosen
// a kind, reads the rows as that kind.
func TestCSVScreenPreviewChosenReadsTheKindColumn(t *testing.T) {
	s := &CSV{App: testApp(t)}
	export := "\ufeff Kind ;name;type;iso3;title;status\nparty;Tunisia;country;TUN;;\ncommitment;;;;A;agreed\n"
	for _, c := range []struct {
		kind, data, want string
		errors           int
	}{
		{"commitment", export, "", 0},
		{"", export, "", 0},
		{"party", "name,type,iso3\nTunisia,country,TUN\n", "party", 0},
		{"commitment", "title,kind_of_thing\nA,x\n", "commitment", 1},
	} {
		v, err := s.PreviewChosen(c.kind, "k.csv", []byte(c.data))
		if err != nil || v.Kind != c.want || v.ErrorCount != c.errors || v.Stored {
			t.Errorf("%q chosen as %q: kind %q, %d problems (%v); want %q, %d", c.data, c.kind, v.Kind, v.ErrorCount, err, c.want, c.errors)
		}
	}
	if v, err := s.Preview("commitment", "k.csv", []byte(export)); err != nil || v.Kind != "commitment" || v.ErrorCount != 1 {
		t.Errorf("the reader's kind: %+v %v", v, err)
	}
	path := filepath.Join(t.TempDir(), "export.csv")
	if err := os.WriteFile(path, []byte(export), 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := s.PreviewChosenFile("commitment", path); err != nil || v.Kind != "" || v.ErrorCount != 0 || v.File.Rows != 2 {
		t.Errorf("the window's file: %+v %v", v, err)
	}
	if n, _ := s.App.Store.Counts(); n != 0 {
		t.Errorf("%d changes stored", n)
	}
}

func (r *Records) mustList(t *testing.T, kind string) []string {
	t.Helper()
	l, err := r.List(Query{Kind: kind, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, it := range l.Items {
		ids = append(ids, it.ID)
	}
	return ids
}

func TestCSVScreenLimits(t *testing.T) {
	app := testApp(t)
	s := &CSV{App: app}
	big := bytes.Repeat([]byte("A,agreed\n"), MaxCSVUpload/9+1)
	big = append([]byte("title,status\n"), big...)
	for _, call := range []func() (*CSVView, error){
		func() (*CSVView, error) { return s.Preview("commitment", "big.csv", big) },
		func() (*CSVView, error) { return s.ImportData("commitment", "big.csv", big) },
	} {
		_, err := call()
		if err == nil || AsError(err).Code != CodeInvalid || !strings.Contains(err.Error(), "big.csv is 20.0 MiB; the CSV screen takes files up to 20 MiB") {
			t.Fatalf("over the limit: %v", err)
		}
	}
	if n, _ := app.Store.Counts(); n != 0 {
		t.Fatal("stored")
	}
	// Just inside: read, and the preview table holds the first MaxPreviewRows rows only.
	rows := "title,status\n" + strings.Repeat("A,agreed\n", MaxPreviewRows+50)
	v, err := s.Preview("commitment", "ok.csv", []byte(rows))
	if err != nil || len(v.Rows) != MaxPreviewRows || v.File.Rows != MaxPreviewRows+50 || v.Created != MaxPreviewRows+50 || v.Rows[0].Row != 2 {
		t.Fatalf("%d rows shown, %+v %v", len(v.Rows), v.File, err)
	}
	// Every problem is counted; the first MaxPreviewErrors are sent.
	bad := "title,status\n" + strings.Repeat("A,maybe\n", MaxPreviewErrors+5)
	if v, err := s.Preview("commitment", "bad.csv", []byte(bad)); err != nil || v.ErrorCount != MaxPreviewErrors+5 || len(v.Errors) != MaxPreviewErrors {
		t.Fatalf("%d of %d errors, %v", len(v.Errors), v.ErrorCount, err)
	}
	if _, err := s.Preview("pineapple", "x.csv", []byte("title\nA\n")); err == nil || !strings.Contains(err.Error(), `"pineapple" is not a record kind`) {
		t.Fatalf("bad kind: %v", err)
	}
}

func TestCSVScreenExport(t *testing.T) {
	app := testApp(t)
	s := &CSV{App: app}
	if v, err := s.ImportData("commitment", "a.csv", []byte("title,status,text\nA,agreed,=1+1\nB,proposed,\nC,agreed,\n")); err != nil || !v.Stored {
		t.Fatalf("%+v %v", v, err)
	}
	f, err := s.ExportData(Query{Kind: "commitment", Status: "agreed"}, ";")
	if err != nil {
		t.Fatal(err)
	}
	if f.Rows != 2 || f.Delimiter != ";" || !strings.HasPrefix(f.Name, "dossier-commitments-filtered-") || !strings.HasSuffix(f.Name, ".csv") {
		t.Fatalf("%+v", f)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Data, []byte("\ufeff"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 3 {
		t.Fatalf("%d rows, %v:\n%s", len(recs), err, f.Data)
	}
	if !bytes.Contains(f.Data, []byte("'=1+1")) {
		t.Fatalf("formula not neutralised:\n%s", f.Data)
	}
	// The export imports back unchanged.
	before, _ := app.Store.StateHash()
	v, err := s.ImportData("", f.Name, f.Data)
	if err != nil || !v.Stored || v.Unchanged != 2 || v.Created+v.Updated != 0 {
		t.Fatalf("round trip %+v %v", v, err)
	}
	if after, _ := app.Store.StateHash(); after != before {
		t.Fatal("the round trip changed the state")
	}
	all, err := s.ExportData(Query{Kind: "commitment", Sort: "title"}, "")
	if err != nil || all.Rows != 3 || strings.Contains(all.Name, "filtered") {
		t.Fatalf("%+v %v", all, err)
	}
	// Each refusal carries its problem, which the screen words in the reader's language.
	for _, bad := range []struct {
		q                 Query
		delim             string
		want, field, code string
	}{
		{Query{}, "", "kind: choose the kind of records to export (party, ", "kind", "csv_export_kind_missing"},
		{Query{Kind: "commitment", Deleted: true}, "", "deleted records are not exported, since an import would refuse their ids: restore them first", "deleted", "csv_export_deleted"},
		{Query{Kind: "commitment", Status: "maybe"}, "", "status", "", ""}, // the list's own check (Records.List)
		{Query{Kind: "commitment"}, "|", `delimiter: "|" is not a separator: use ",", ";" or "tab"`, "delimiter", "csv_delimiter"},
	} {
		_, err := s.ExportData(bad.q, bad.delim)
		if err == nil || AsError(err).Code != CodeInvalid || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%+v: %v", bad.q, err)
			continue
		}
		if p := AsError(err).Problems[bad.field]; bad.field != "" && p.Code != bad.code {
			t.Errorf("%+v: problems %+v, want %s: %s", bad.q, AsError(err).Problems, bad.field, bad.code)
		}
	}
	// The command line's export names an unknown kind with a code too.
	if _, err := s.ExportFile(CSVExport{Kinds: []string{"widget"}, Path: "x.csv"}); err == nil || AsError(err).Problems["kind"].Code != "csv_export_kind_unknown" ||
		!strings.Contains(err.Error(), `"widget" is not a record kind: use party, `) {
		t.Errorf("unknown kind: %v", err)
	}
}

// The window's twins read and write the files its dialogs name; a message never shows the
// directory.
func TestCSVScreenWindowFiles(t *testing.T) {
	app := testApp(t)
	s := &CSV{App: app}
	dir := t.TempDir()
	in := filepath.Join(dir, "in.csv")
	if err := os.WriteFile(in, []byte("title;status\nA;agreed\nB;maybe\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := s.PreviewFile("commitment", in)
	if err != nil || v.Name != "in.csv" || v.ErrorCount != 1 || v.File.Delimiter != ";" {
		t.Fatalf("%+v %v", v, err)
	}
	if _, err := s.PreviewFile("commitment", filepath.Join(dir, "missing.csv")); err == nil || strings.Contains(err.Error(), dir) {
		t.Fatalf("missing file: %v", err)
	}
	if err := os.WriteFile(in, []byte("title;status\nA;agreed\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if v, err := s.ImportFile("commitment", in); err != nil || !v.Stored || v.Created != 1 {
		t.Fatalf("%+v %v", v, err)
	}
	out := filepath.Join(dir, "out.csv")
	rep, err := s.SaveExport(Query{Kind: "commitment"}, ",", out)
	if err != nil || rep.Rows != 1 || rep.Path != out {
		t.Fatalf("%+v %v", rep, err)
	}
	if b, err := os.ReadFile(out); err != nil || !bytes.HasPrefix(b, []byte("\ufeffkind,id,")) {
		t.Fatalf("%q %v", b, err)
	}
}

func TestCSVExportName(t *testing.T) {
	at := time.Date(2026, 12, 2, 14, 32, 0, 0, time.Local)
	for _, c := range []struct {
		q    Query
		want string
	}{
		{Query{Kind: "party"}, "dossier-parties-2026-12-02-1432.csv"},
		{Query{Kind: "commitment", Sort: "-date", Lang: "fr"}, "dossier-commitments-2026-12-02-1432.csv"},
		{Query{Kind: "meeting", Country: "TUN"}, "dossier-meetings-filtered-2026-12-02-1432.csv"},
	} {
		if got := exportName(c.q, at); got != c.want {
			t.Errorf("%+v: %s, want %s", c.q, got, c.want)
		}
	}
}

// FuzzCSVPreview: on any bytes the preview stores nothing, and agrees with the import that
// follows it: no problem in the check if and only if the import stores the file.
func FuzzCSVPreview(f *testing.F) {
	for _, s := range []string{
		"title,status\nA,agreed\n",
		"title;status\nCaf\xe9;agreed\nB;maybe\n",
		"kind;name;type;iso3;title;status;towards\ncommitment;;;;A;agreed;TUN\nparty;Tunisia;country;TUN;;;\n",
		"\ufefftitle\tstatus\tdue\nX\tagreed\t2026-02-30\n",
		"title,status\n\"unterminated\n",
		"\xff\xfet\x00i\x00t\x00l\x00e\x00\n\x00",
	} {
		f.Add([]byte(s), len(s)%2 == 0)
	}
	f.Fuzz(func(t *testing.T, data []byte, kindColumn bool) {
		app := testApp(t)
		s := &CSV{App: app}
		kind := "commitment"
		if kindColumn {
			kind = ""
		}
		before, _ := app.Store.StateHash()
		v, err := s.Preview(kind, "f.csv", data)
		if after, _ := app.Store.StateHash(); after != before {
			t.Fatal("a preview changed the state")
		}
		if err != nil {
			if AsError(err).Code != CodeInvalid {
				t.Fatalf("not an input error: %v", err)
			}
			return
		}
		if v.Stored || v.ErrorCount != len(v.Errors) && len(v.Errors) != MaxPreviewErrors || len(v.Rows) > MaxPreviewRows {
			t.Fatalf("view %+v", v)
		}
		imp, err := s.ImportData(kind, "f.csv", data)
		if err != nil {
			t.Fatalf("the import failed where the preview did not: %v", err)
		}
		if imp.Stored != (v.ErrorCount == 0) || imp.ErrorCount != v.ErrorCount || imp.Created != v.Created || imp.Updated != v.Updated {
			t.Fatalf("preview %+v\nimport %+v", v, imp)
		}
	})
}
