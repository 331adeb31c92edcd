package service

import (
	"strings"
	"testing"

	"dossier/app/store"
)

func testApp(t testing.TB) *App {
	t.Helper()
	st, err := store.Open("", store.Options{InMemory: true, Author: "0123456789ABCDEF", AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &App{Store: st}
}

func TestCSVImportTable(t *testing.T) {
	cases := []struct {
		name, csv string
		created   int
		errs      []string // fragments expected in the error
	}{
		{"comma", "title,status,due\nA,agreed,2026-01-01\nB,proposed,\n", 2, nil},
		{"semicolon with BOM", "\ufefftitle;status;themes\nA;agreed;\"border_management; trafficking\"\n", 1, nil},
		{"quoted newline", "title,status,text\n\"A\",agreed,\"line 1\nline 2\"\n", 1, nil},
		{"unknown column", "title,colour\nA,blue\n", 0, []string{"row 1, column colour: is not a field of commitment"}},
		{"duplicate column", "title,title,status\nA,B,agreed\n", 0, []string{"appears twice"}},
		{"short row", "title,status\nA\n", 0, []string{"row 2: has 1 cells, the header has 2"}},
		{"bad values", "title,status,due,themes\n,agreed,2026-01-01,\nX,maybe,soon,fishing\n", 0,
			[]string{"row 2, column title: is required", "row 3, column status", "row 3, column due", "row 3, column themes[0]"}},
		{"bad id", "id,title,status\nnot-an-id,A,agreed\n", 0, []string{"row 2, column id"}},
		{"empty", "", 0, []string{"row 1: the header row is missing"}},
		{"bad quote", "title,status\n\"A,agreed\n", 0, []string{"cannot be read as CSV"}},
		{"bad party role", "title,type,status,parties\nP,bilateral,active,nocolon\n", 0, []string{"PARTY:ROLE"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			app := testApp(t)
			kind := "commitment"
			if strings.Contains(c.csv, "parties") {
				kind = "partnership"
			}
			rep, err := (&CSV{App: app}).Import(kind, strings.NewReader(c.csv))
			if len(c.errs) == 0 {
				if err != nil || rep.Created != c.created {
					t.Fatalf("rep %+v err %v", rep, err)
				}
				return
			}
			if err == nil {
				t.Fatal("accepted")
			}
			for _, want := range c.errs {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("missing %q in %v", want, err)
				}
			}
			if n, _ := app.Store.Counts(); n != 0 {
				t.Fatalf("%d changes stored from a refused file", n)
			}
		})
	}
}

func FuzzCSVImport(f *testing.F) {
	for _, s := range []string{
		"title,status\nA,agreed\n",
		"title;status;themes\nA;agreed;trafficking;border_management\n",
		"id,title,status,indicators\n,A,agreed,\"[{\"\"name\"\":\"\"n\"\",\"\"unit\"\":\"\"people\"\",\"\"actual\"\":1}]\"\n",
		"title,status\n\"unterminated\n",
		"\ufefftitle,due\nX,2026-02-30\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		app := testApp(t)
		before, _ := app.Store.StateHash()
		_, err := (&CSV{App: app}).Import("commitment", strings.NewReader(string(data)))
		if err != nil {
			if after, _ := app.Store.StateHash(); after != before {
				t.Fatal("a refused import changed the state")
			}
			if AsError(err).Code != CodeInvalid {
				t.Fatalf("not an input error: %v", err)
			}
		}
	})
}
