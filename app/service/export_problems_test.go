package service

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/app/domain"
)

// refusedWith fails unless err is an input error naming field with the problem code, whose
// values include want, and whose English message is the problem's words.
func refusedWith(t *testing.T, err error, field, code string, want map[string]string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("%v (%T), want an *Error", err, err)
	}
	p, ok := e.Problems[field]
	if e.Code != CodeInvalid || !ok || p.Code != code {
		t.Fatalf("code %s, problems %+v (message %q), want %s on %s", e.Code, e.Problems, e.Message, code, field)
	}
	for k, v := range want {
		if p.Params[k] != v {
			t.Errorf("%s: param %s = %q, want %q (all: %v)", code, k, p.Params[k], v, p.Params)
		}
	}
	if e.Fields[field] != p.Text() {
		t.Errorf("field %s says %q, the problem %q", field, e.Fields[field], p.Text())
	}
}

// A list's Export CSV refuses a filter value no record can have with the filter's problem
// code and values, whichever way it is asked for (a download, the window's save dialog), as
// the list itself does; and writes nothing.
func TestListExportRefusesFiltersWithCodes(t *testing.T) {
	a := testApp(t)
	c := &CSV{App: a}
	cases := []struct {
		name  string
		q     Query
		field string
		code  string
		want  map[string]string
	}{
		{"commitment status", Query{Kind: "commitment", Status: "maybe"}, "status", "status_filter",
			map[string]string{"value": "maybe", "kind": "commitment", "list": "commitment_status", "allowed": "proposed, agreed, in_progress, delivered, stalled, withdrawn"}},
		{"partnership status", Query{Kind: "partnership", Status: "agreed"}, "status", "status_filter",
			map[string]string{"value": "agreed", "kind": "partnership", "list": "partnership_status"}},
		{"party type", Query{Kind: "party", Status: "nation"}, "status", "party_type_filter",
			map[string]string{"value": "nation", "list": "party_type"}},
		{"kind without status", Query{Kind: "meeting", Status: "active"}, "status", "status_filter_none",
			map[string]string{"kind": "meeting"}},
		{"theme", Query{Kind: "commitment", Theme: "fishing"}, "theme", "enum",
			map[string]string{"value": "fishing", "list": "theme"}},
		{"country", Query{Kind: "commitment", Country: "mau"}, "country", "country_unknown",
			map[string]string{"value": "mau"}},
		{"currency", Query{Kind: "commitment", Currency: "EU"}, "currency", "currency",
			map[string]string{"value": "EU"}},
		{"franc CFA", Query{Kind: "commitment", Currency: "F CFA"}, "currency", "currency_cfa",
			map[string]string{"value": "F CFA"}},
		{"date", Query{Kind: "commitment", DateFrom: "last week"}, "date_from", "date_invalid",
			map[string]string{"value": "last week"}},
		{"no such month", Query{Kind: "commitment", DateFrom: "2026-13-01"}, "date_from", "month_invalid",
			map[string]string{"value": "2026-13-01", "month": "13"}},
		{"date typed day first", Query{Kind: "commitment", DateTo: "31/12/2026"}, "date_to", "date_day_first",
			map[string]string{"value": "31/12/2026", "date": "2026-12-31"}},
		{"framework item", Query{Kind: "commitment", FrameworkItem: "GCM-99"}, "framework_item", "framework_item",
			map[string]string{"value": "GCM-99"}},
		{"party id", Query{Kind: "commitment", Party: "0190a1b2-0000-7000-8000-000000000000"}, "party", "reference_missing",
			map[string]string{"id": "0190a1b2-0000-7000-8000-000000000000", "kind": "party"}},
		{"filter the kind lacks", Query{Kind: "meeting", Theme: "border_management"}, "theme", "filter_not_applicable",
			map[string]string{"kind": "meeting", "field": "themes", "kinds": "partnership, commitment"}},
		{"order", Query{Kind: "commitment", Sort: "colour"}, "sort", "unknown_order",
			map[string]string{"value": "colour"}},
		{"language", Query{Kind: "commitment", Lang: "de"}, "lang", "not_available",
			map[string]string{"value": "de", "allowed": "en, fr"}},
		{"kind", Query{Kind: "treaty"}, "kind", "not_a_kind", map[string]string{"value": "treaty"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.ExportData(tc.q, "")
			refusedWith(t, err, tc.field, tc.code, tc.want)
			// The list refuses it the same way.
			_, err = (&Records{App: a}).List(tc.q)
			refusedWith(t, err, tc.field, tc.code, tc.want)
			dir := t.TempDir()
			_, err = c.SaveExport(tc.q, "", filepath.Join(dir, "out.csv"))
			refusedWith(t, err, tc.field, tc.code, tc.want)
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("a refused export left %v", left)
			}
		})
	}
	// A list of every kind: the values of each kind that has a status.
	_, err := (&Records{App: a}).List(Query{Status: "maybe"})
	refusedWith(t, err, "status", "status_filter_any", map[string]string{"value": "maybe", "party": optionValues(domain.PartyTypes)})
}

// An export to a path that cannot be written is refused on "path" with a problem code naming
// the path or its folder, for each way the path can be wrong, and with the system's reason in
// the English message for the command line; nothing is left behind.
func TestExportToUnwritablePathHasCodes(t *testing.T) {
	a := testApp(t)
	c := &CSV{App: a}
	dir := t.TempDir()
	aFile := filepath.Join(dir, "a-file.csv")
	if err := os.WriteFile(aFile, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	folder := filepath.Join(dir, "a-folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	// A folder the process may not write in: a read-only one, unless the tests run as root
	// (which may write anywhere), then /sys, which refuses even root a new file.
	denied := filepath.Join(dir, "read-only")
	if err := os.Mkdir(denied, 0o500); err != nil {
		t.Fatal(err)
	}
	if os.Geteuid() == 0 {
		denied = "/sys"
	}
	cases := []struct {
		name, path, code string
		want             map[string]string
	}{
		{"missing folder", filepath.Join(dir, "no-such", "out.csv"), "path_folder_missing",
			map[string]string{"path": filepath.Join(dir, "no-such", "out.csv"), "folder": filepath.Join(dir, "no-such")}},
		{"a file for a folder", filepath.Join(aFile, "out.csv"), "path_folder_is_file",
			map[string]string{"folder": aFile}},
		{"a folder", folder, "path_is_folder", map[string]string{"path": folder}},
		{"a folder with a slash", folder + string(filepath.Separator), "path_is_folder", nil},
		{"no permission", filepath.Join(denied, "out.csv"), "path_denied",
			map[string]string{"path": filepath.Join(denied, "out.csv"), "folder": denied}},
		{"empty", "  ", "path_required", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := c.ExportFile(CSVExport{Kinds: []string{"commitment"}, Path: tc.path})
			refusedWith(t, err, "path", tc.code, tc.want)
			if (tc.code == "path_folder_missing" || tc.code == "path_folder_is_file" || tc.code == "path_denied") && !strings.Contains(err.Error(), "(") {
				t.Errorf("the system's reason is not in the message: %q", err)
			}
			_, err = c.SaveExport(Query{Kind: "commitment"}, "", tc.path)
			refusedWith(t, err, "path", tc.code, tc.want)
			// The audit file is written the same way.
			_, err = (&Audit{App: a}).SaveExport("", "", tc.path)
			refusedWith(t, err, "path", tc.code, tc.want)
		})
	}
	if b, _ := os.ReadFile(aFile); string(b) != "x" {
		t.Errorf("the file named as a folder changed: %q", b)
	}
	if left, _ := os.ReadDir(folder); len(left) != 0 {
		t.Errorf("the folder named as the file holds %v", left)
	}
	// A writable path still gets its file.
	ok := filepath.Join(dir, "ok.csv")
	if _, err := c.ExportFile(CSVExport{Kinds: []string{"commitment"}, Path: ok}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(ok); err != nil {
		t.Fatal(err)
	}
}

// Every other file a screen asks to write at a path the window's save dialog chose (a
// bundle, a backup, a brief, a pack, an attachment's copy, the identity card) is refused the
// same way when the path cannot be written: on its field, with the path or its folder.
func TestEveryWriteToAPathHasCodes(t *testing.T) {
	a := openDemo(t)
	dir := t.TempDir()
	folder := filepath.Join(dir, "a-folder")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(src, []byte("a note"), 0o600); err != nil {
		t.Fatal(err)
	}
	rec, err := (&Records{App: a}).Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"With a file"`), "status": json.RawMessage(`"agreed"`)})
	if err != nil {
		t.Fatal(err)
	}
	att, err := (&Files{App: a}).Attach(rec.ID, src, "")
	if err != nil {
		t.Fatal(err)
	}
	sha := att.Files[0].SHA256
	b := &Brief{App: a}
	writers := []struct {
		name, field string
		write       func(path string) error
	}{
		{"bundle", "out", func(p string) error { _, err := (&Sync{App: a}).Export(ExportOptions{Out: p}); return err }},
		{"backup", "out", func(p string) error { _, err := (&Admin{App: a}).Backup(p); return err }},
		{"brief", "path", func(p string) error { return b.SavePDF("LBY", BriefOptions{}, p) }},
		{"pack", "path", func(p string) error { return b.SavePack(t.Context(), PackRequest{Countries: []string{"LBY"}}, p) }},
		{"pack job", "path", func(p string) error {
			j, err := b.StartSavePack(PackRequest{Countries: []string{"LBY"}}, p)
			if err != nil {
				return err
			}
			for j.State == JobRunning {
				time.Sleep(10 * time.Millisecond)
				if j, err = b.PackStatus(j.ID); err != nil {
					return err
				}
			}
			if j.Error == nil {
				return nil
			}
			return j.Error
		}},
		{"attachment copy", "out", func(p string) error { _, err := (&Files{App: a}).SaveTo(rec.ID, sha, p); return err }},
		{"identity card", "path", func(p string) error { _, err := (&Sync{App: a}).WriteCard(p); return err }},
	}
	for _, w := range writers {
		t.Run(w.name, func(t *testing.T) {
			missing := filepath.Join(dir, "no-such", "out")
			refusedWith(t, w.write(missing), w.field, "path_folder_missing", map[string]string{"path": missing, "folder": filepath.Dir(missing)})
			refusedWith(t, w.write(folder), w.field, "path_is_folder", map[string]string{"path": folder})
			refusedWith(t, w.write(" "), w.field, "path_required", nil)
			ok := filepath.Join(dir, strings.ReplaceAll(w.name, " ", "-"))
			if err := w.write(ok); err != nil {
				t.Fatalf("a writable path: %v", err)
			}
			if fi, err := os.Stat(ok); err != nil || fi.Size() == 0 {
				t.Fatalf("%v %v", fi, err)
			}
		})
	}
}

// The other refusals of a value a screen sends (a country for the charts or a brief, the
// time zone picker's words, a file chosen to attach or to read as a card, a card uploaded)
// carry their problem code, so that a French screen words them in French.
func TestScreenInputsRefusedWithCodes(t *testing.T) {
	a := openDemo(t)
	dir := t.TempDir()
	rec, err := (&Records{App: a}).Add("commitment", map[string]json.RawMessage{"title": json.RawMessage(`"With a file"`), "status": json.RawMessage(`"agreed"`)})
	if err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, 70000), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "gone.pdf")
	sy := &Sync{App: a}
	cases := []struct {
		name, field, code string
		want              map[string]string
		call              func() error
	}{
		{"charts country", "country", "country_unknown", map[string]string{"value": "XYZ"}, func() error { _, err := (&Home{App: a}).Charts("XYZ"); return err }},
		{"country page", "country", "country_unknown", map[string]string{"value": "Atlantis"}, func() error { _, err := (&Country{App: a}).Get("Atlantis"); return err }},
		{"brief country", "country", "country_unknown", map[string]string{"value": "Atlantis"}, func() error {
			_, err := (&Brief{App: a}).Facts("Atlantis", BriefOptions{})
			return err
		}},
		{"time zone words", "query", "too_long", map[string]string{"max": "200"}, func() error {
			_, err := (&Meta{App: a}).TimeZones(strings.Repeat("x", 201))
			return err
		}},
		{"attach a missing file", "file", "file_missing", map[string]string{"path": missing}, func() error {
			_, err := (&Files{App: a}).Attach(rec.ID, missing, "")
			return err
		}},
		{"attach a folder", "file", "file_is_folder", map[string]string{"path": dir}, func() error {
			_, err := (&Files{App: a}).Attach(rec.ID, dir, "")
			return err
		}},
		{"read a missing card", "card", "file_missing", map[string]string{"path": missing}, func() error { _, err := sy.ReadCard(missing); return err }},
		{"read a big file as a card", "card", "card_too_big", map[string]string{"name": big, "size_bytes": "70000"}, func() error { _, err := sy.ReadCard(big); return err }},
		{"upload a big card", "card", "card_too_big", map[string]string{"name": "amina.json", "size_bytes": "70000"}, func() error {
			_, err := sy.ReadCardData("amina.json", strings.Repeat(" ", 70000))
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) { refusedWith(t, c.call(), c.field, c.code, c.want) })
	}
}

// A card file the decoder refuses carries the reason's code and values, with where it is
// (the file's name, the member, the byte), whichever screen read it: Trust (a file, an
// upload), Sync's recipients named by card file, a restore's maker; the English the command
// line prints keeps the path, the member and the byte.
func TestBadCardRefusedWithCode(t *testing.T) {
	a, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Init("Amina Benali", "delegate", "EU"); err != nil {
		t.Fatal(err)
	}
	sy := &Sync{App: a}
	own, err := sy.CardData()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	crlf := strings.ReplaceAll(own.Text, "\n", "\r\n")
	forged := write("forged.card", strings.Replace(own.Text, "Amina Benali", "Amina Benalí", 1))
	unnamed := write("unnamed.card", strings.Replace(own.Text, `"Amina Benali"`, `""`, 1))
	cut := write("cut.card", own.Text[:40])
	cases := []struct {
		name, code string
		want       map[string]string // values the problem carries; "" for one it must not
		english    string            // in the field's English, as the command line prints it
		call       func() error
	}{
		{"upload with CR LF", "card_crlf", map[string]string{"file": "amina.card", "byte": "1", "member": ""},
			"amina.card: identity card (byte 1): not in canonical form: the file has Windows line endings", func() error {
				_, err := sy.ReadCardData("amina.card", crlf)
				return err
			}},
		{"trust an upload with CR LF", "card_crlf", map[string]string{"file": "amina.card", "byte": "1"},
			"amina.card: identity card (byte 1)", func() error {
				_, err := sy.TrustCardData("amina.card", crlf, TrustAccept{})
				return err
			}},
		{"read a card changed after signing", "card_signature", map[string]string{"file": "forged.card", "member": "signature", "byte": ""},
			forged + `: identity card: field "signature": does not match the card's contents`, func() error {
				_, err := sy.ReadCard(forged)
				return err
			}},
		{"trust a card with an empty name", "card_text_empty", map[string]string{"file": "unnamed.card", "member": "name"},
			unnamed + `: identity card: field "name": is empty; ask its owner`, func() error {
				_, err := sy.TrustCard(unnamed, TrustAccept{})
				return err
			}},
		{"export to a card cut short", "card_cut", map[string]string{"file": "cut.card", "byte": "40"},
			cut + ": identity card (byte 40): the card ends too early", func() error {
				_, err := sy.Export(ExportOptions{Out: filepath.Join(dir, "out.dossier"), To: []string{cut}})
				return err
			}},
		{"restore with a forged maker's card", "card_signature", map[string]string{"file": "forged.card", "member": "signature"},
			forged + `: identity card: field "signature"`, func() error {
				_, err := (&Admin{App: a}).Restore(RestoreOptions{File: filepath.Join(dir, "any.backup"), Card: forged})
				return err
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.call()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("%v (%T), want an *Error", err, err)
			}
			p, ok := e.Problems["card"]
			if e.Code != CodeInvalid || !ok || p.Code != c.code {
				t.Fatalf("code %s, problems %+v (message %q), want %s on card", e.Code, e.Problems, e.Message, c.code)
			}
			for k, v := range c.want {
				if got, has := p.Params[k]; got != v || has != (v != "") {
					t.Errorf("param %s = %q, want %q (all: %v)", k, got, v, p.Params)
				}
			}
			if !strings.Contains(e.Fields["card"], c.english) || !strings.Contains(e.Message, c.english) {
				t.Errorf("field %q, message %q: want %q in both", e.Fields["card"], e.Message, c.english)
			}
			if strings.Contains(e.Message, os.TempDir()+string(filepath.Separator)+"dossier-card-") {
				t.Errorf("an upload's refusal names its temporary file: %q", e.Message)
			}
			if !strings.HasSuffix(e.Fields["card"], p.Text()) {
				t.Errorf("the English %q does not end with the problem's words %q", e.Fields["card"], p.Text())
			}
		})
	}
}
