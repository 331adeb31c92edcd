package service

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

// TestCSVImportEveryEncoding is issue 10's encoding criterion through the import itself:
// every variant of a file either converts exactly (the names stored are the names written,
// and the report names the encoding) or is refused naming the byte and the row with nothing
// stored; none ever stores U+FFFD.
func TestCSVImportEveryEncoding(t *testing.T) {
	const text = "name,type,iso3\nTürkiye,country,TUR\nCôte d’Ivoire,country,CIV\n\"Réunion; « Cité » – 2 000 m³\",other,\n"
	names := []string{"Türkiye", "Côte d’Ivoire", "Réunion; « Cité » – 2 000 m³"}
	u16 := func(s string, bigEndian bool) []byte {
		order := unicode.LittleEndian
		if bigEndian {
			order = unicode.BigEndian
		}
		b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	cp := func(cm *charmap.Charmap, s string) []byte {
		b, err := cm.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		return b
	}
	accepted := []struct {
		name, enc string
		data      []byte
	}{
		{"UTF-8", "UTF-8", []byte(text)},
		{"UTF-8 with BOM", "UTF-8 with BOM", append([]byte("\uFEFF"), text...)},
		{"UTF-16 LE with BOM", "UTF-16 LE", u16(text, false)},
		{"UTF-16 BE with BOM", "UTF-16 BE", u16(text, true)},
		{"UTF-16 LE with BOM, CRLF", "UTF-16 LE", u16(strings.ReplaceAll(text, "\n", "\r\n"), false)},
		{"Windows-1252", "Windows-1252", cp(charmap.Windows1252, text)},
		{"Windows-1252, CRLF", "Windows-1252", cp(charmap.Windows1252, strings.ReplaceAll(text, "\n", "\r\n"))},
	}
	for _, c := range accepted {
		t.Run(c.name, func(t *testing.T) {
			app := testApp(t)
			rep, err := (&CSV{App: app}).Import("party", strings.NewReader(string(c.data)))
			if err != nil || !rep.Stored || rep.Created != 3 || len(rep.Files) != 1 || rep.Files[0].Encoding != c.enc {
				t.Fatalf("%+v %v", rep, err)
			}
			got := dump(t, app)
			if strings.ContainsRune(got, '\uFFFD') {
				t.Fatalf("U+FFFD stored:\n%s", got)
			}
			l, err := (&Records{App: app}).List(Query{Kind: "party", Limit: 10})
			if err != nil {
				t.Fatal(err)
			}
			stored := map[string]bool{}
			for _, it := range l.Items {
				stored[it.Title] = true
			}
			for _, n := range names {
				if !stored[n] {
					t.Errorf("%q not stored exactly; stored %v", n, stored)
				}
			}
			if s, _ := (&Records{App: app}).List(Query{Kind: "party", Text: "turkiye"}); s == nil || s.Total != 1 {
				t.Errorf("search does not find Türkiye: %+v", s)
			}
		})
	}
	lone := append(u16("name,type\nA", false), 0x3D, 0xD8, 'b', 0, ',', 0, 'o', 0)
	refused := []struct {
		name string
		data []byte
		want string // in the message, besides "byte" and "row"
	}{
		{"UTF-8 BOM, then Windows-1252 bytes", append([]byte("\uFEFF"), cp(charmap.Windows1252, text)...), "byte-order mark"},
		{"UTF-8 damaged in one place", []byte("name,type\nTürkiye,country\nC\xf4te,country\n"), "mixes encodings"},
		{"U+FFFD in UTF-8", []byte("name,type\nT\uFFFDrkiye,country\n"), "U+FFFD"},
		{"U+FFFD in UTF-8 with BOM", []byte("\uFEFFname,type\nT\uFFFDrkiye,country\n"), "U+FFFD"},
		{"U+FFFD in UTF-16 LE", u16("name,type\nT\uFFFDrkiye,country\n", false), "U+FFFD"},
		{"U+FFFD in UTF-16 BE", u16("name,type\nT\uFFFDrkiye,country\n", true), "U+FFFD"},
		{"UTF-16 lone surrogate", lone, "other half"},
		{"UTF-16 odd length", append(u16("name,type\nA,other\n", true), 'x'), "odd number"},
		{"UTF-16 without BOM", u16("name,type\nA,other\n", false)[2:], "NUL"},
		{"UTF-32", []byte{0xFF, 0xFE, 0, 0, 'n', 0, 0, 0}, "UTF-32"},
		{"byte undefined in Windows-1252", []byte("name,type\nA\x81B,other\n"), "neither UTF-8 nor Windows-1252"},
		{"Windows-1251 (Cyrillic)", cp(charmap.Windows1251, "name,type\nМосква,other\n"), "three non-ASCII"},
		{"Windows-1251 starting with 0xD0", cp(charmap.Windows1251, "name,type\nРоссия,country\n"), "Cyrillic"},
		{"Windows-1253 (Greek)", cp(charmap.Windows1253, "name,type\nΕλλάδα,country\n"), "three non-ASCII"},
		{"Windows-1254 (Turkish)", cp(charmap.Windows1254, "name,type\nGöç İdaresi,other\n"), "Turkish"},
		{"Windows-1250 (Polish)", cp(charmap.Windows1250, "name,type\nWrocław,other\n"), "Central European"},
		{"Windows-1250, Ł and ź at a word's edges", cp(charmap.Windows1250, "name,type\nŁódź Office,other\n"), "Central European"},
	}
	for _, c := range refused {
		t.Run("refused: "+c.name, func(t *testing.T) {
			app := testApp(t)
			rep, err := (&CSV{App: app}).Import("party", strings.NewReader(string(c.data)))
			if err == nil {
				t.Fatalf("accepted: %+v\n%s", rep, dump(t, app))
			}
			msg := err.Error()
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, "byte ") || !strings.Contains(msg, "row ") {
				t.Errorf("the refusal does not say where and why (%q): %s", c.want, msg)
			}
			if n, _ := app.Store.Counts(); n != 0 {
				t.Fatalf("%d changes stored from a refused file", n)
			}
		})
	}
}
