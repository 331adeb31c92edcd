package csvtext

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
)

func utf16Bytes(s string, bigEndian bool) []byte {
	order := unicode.LittleEndian
	if bigEndian {
		order = unicode.BigEndian
	}
	b, err := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func cp1252(t testing.TB, s string) []byte {
	b, err := charmap.Windows1252.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("%q is not Windows-1252: %v", s, err)
	}
	return b
}

// portfolio is text a secretariat's spreadsheet holds, all of it encodable in Windows-1252.
const portfolio = "kind;name;iso3;title\n" +
	"party;Türkiye;TUR;\n" +
	"party;Côte d’Ivoire;CIV;\n" +
	"party;Tunisie;TUN;\n" +
	"partnership;;;EU–Tunisia MoU (€ 210 million, “budget support”)\n" +
	"commitment;;;\"Réintégration; 2 000 m³ of\nstorage…\"\n"

func TestDecode(t *testing.T) {
	lone := utf16Bytes("ab", false)
	lone = append(lone, 0x3D, 0xD8, 'c', 0) // a high surrogate, then "c"
	loneBE := append(utf16Bytes("name\n\"a\nb\"\nx", true), 0xDC, 0x00)
	cases := []struct {
		name   string
		in     []byte
		enc    string
		want   string // the text, when accepted
		offset int    // when refused
		row    int
		code   string // when refused
	}{
		{"ascii", []byte("title,status\nA,agreed\n"), UTF8, "title,status\nA,agreed\n", 0, 0, ""},
		{"utf-8", []byte(portfolio), UTF8, portfolio, 0, 0, ""},
		{"utf-8 with BOM", append([]byte("\uFEFF"), portfolio...), UTF8BOM, portfolio, 0, 0, ""},
		{"utf-16 LE", utf16Bytes(portfolio+"🇹🇳", false), UTF16LE, portfolio + "🇹🇳", 0, 0, ""},
		{"utf-16 BE", utf16Bytes(portfolio, true), UTF16BE, portfolio, 0, 0, ""},
		{"windows-1252", cp1252(t, portfolio), CP1252, portfolio, 0, 0, ""},
		{"windows-1252, plain accents", []byte("name\nT\xfcrkiye\nC\xf4te d'Ivoire\n"), CP1252, "name\nTürkiye\nCôte d'Ivoire\n", 0, 0, ""},
		{"lines ended by CR alone (Excel's CSV (Macintosh))", []byte("title,status\rA,agreed\r\"two\rlines\",x\r"), UTF8, "title,status\nA,agreed\n\"two\nlines\",x\n", 0, 0, ""},
		{"CR alone, Windows-1252", []byte("name\rT\xfcrkiye\r"), CP1252, "name\nTürkiye\n", 0, 0, ""},
		{"CR LF kept as it is", []byte("title\r\nA\r\n"), UTF8, "title\r\nA\r\n", 0, 0, ""},

		{"BOM then not UTF-8", []byte("\xef\xbb\xbfname\nT\xfcrkiye\n"), UTF8BOM, "", 9, 2, CodeBOMNotUTF8},
		{"UTF-8 damaged in one place", []byte("name\nTürkiye\nC\xf4te\n"), CP1252, "", 15, 3, CodeMixed},
		{"byte undefined in Windows-1252", []byte("name\nA\x81B\n"), CP1252, "", 6, 2, CodeUndefined},
		{"Cyrillic in Windows-1251", []byte("name\n\xd0\xee\xf1\xf1\xe8\xff\n"), CP1252, "", 5, 2, CodeNotWestern},
		{"Greek in Windows-1253", []byte("name\nE\xeb\xeb\xe1\xe4\xe1\n"), CP1252, "", 6, 2, CodeNotWestern},
		{"Turkish in Windows-1254", []byte("name\nG\xf6\xe7 \xdddaresi\n"), CP1252, "", 9, 2, CodeTurkish},
		{"Polish in Windows-1250", []byte("name\nWroc\xb3aw\n"), CP1252, "", 9, 2, CodeCentralEuropean},
		{"Polish Ł at a word's start", []byte("name\n\xa3\xf3d\x9f Office\n"), CP1252, "", 5, 2, CodeCentralEuropean},
		{"Polish ź at a word's end", []byte("name\nGmina Rud\x9f\n"), CP1252, "", 14, 2, CodeCentralEuropean},
		{"UTF-16 without BOM", []byte("n\x00a\x00m\x00e\x00"), UTF8, "", 1, 1, CodeNUL},
		{"UTF-16 lone high surrogate", lone, UTF16LE, "", 6, 1, CodeUTF16Half},
		{"UTF-16 lone low surrogate, row after a quoted line break", loneBE, UTF16BE, "", len(loneBE) - 2, 3, CodeUTF16Half},
		{"UTF-16 odd length", append(utf16Bytes("ab", false), 'c'), UTF16LE, "", 6, 1, CodeUTF16Odd},
		{"UTF-32", []byte{0xFF, 0xFE, 0, 0, 'a', 0, 0, 0}, "UTF-32", "", 0, 1, CodeUTF32},
		{"U+FFFD left by an earlier conversion", []byte("name\n\"x\ny\"\nT\uFFFDrkiye\n"), UTF8, "", 12, 3, CodeReplacement},
		{"U+FFFD in UTF-16", utf16Bytes("name\nT\uFFFDrkiye", false), UTF16LE, "", 14, 2, CodeReplacement},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, enc, err := Decode(c.in)
			if enc != c.enc {
				t.Errorf("encoding %q, want %q", enc, c.enc)
			}
			if c.code == "" {
				if err != nil || string(got) != c.want {
					t.Fatalf("got %q, %v; want %q", got, err, c.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("accepted as %q (%v); want a refusal", got, err)
			}
			if e.Offset != c.offset || e.Row != c.row || e.Code != c.code || e.Encoding != c.enc {
				t.Errorf("refused at byte %d row %d (%s, %s); want byte %d row %d, %s", e.Offset, e.Row, e.Code, e.Encoding, c.offset, c.row, c.code)
			}
		})
	}
}

// TestWindows1252Plausible: real Western European text is read as Windows-1252 exactly,
// including the punctuation that stands between letters (’ – ·) and symbols after digits.
func TestWindows1252Plausible(t *testing.T) {
	for _, s := range []string{
		"d’Ivoire", "EU–Tunisia", "l·l", "m³ 2", "Nº 5", "1ª", "« Cité »", "São Tomé", "Œuvre", "Ærø", "Straße",
		"€ 210 million", "“quoted”", "naïve café", "Ñandú", "Göç", "ça—là", "£5m", "¥ 300", "L'HAŸ-LES-ROSES", "20°C", "«Cité»",
	} {
		in := cp1252(t, "title\n"+s+"\n")
		got, enc, err := Decode(in)
		if err != nil || enc != CP1252 && enc != UTF8 || string(got) != "title\n"+s+"\n" {
			t.Errorf("%q: got %q as %s, %v", s, got, enc, err)
		}
	}
}

// checkDecoded is the property every accepted file has: valid UTF-8 without U+FFFD or NUL,
// and the same bytes again when encoded back in the encoding reported.
func checkDecoded(t *testing.T, in, out []byte, enc string) {
	t.Helper()
	if !utf8.Valid(out) || bytes.ContainsRune(out, utf8.RuneError) || bytes.IndexByte(out, 0) >= 0 {
		t.Fatalf("accepted as %s but the text is not clean UTF-8: %q", enc, out)
	}
	encode := func(text []byte) []byte {
		switch enc {
		case UTF8:
			return text
		case UTF8BOM:
			return append([]byte("\uFEFF"), text...)
		case UTF16LE, UTF16BE:
			return utf16Bytes(string(text), enc == UTF16BE)
		case CP1252:
			b, err := charmap.Windows1252.NewEncoder().Bytes(text)
			if err != nil {
				t.Fatalf("accepted as Windows-1252 but does not encode back: %v", err)
			}
			return b
		}
		t.Fatalf("accepted in an unknown encoding %q", enc)
		return nil
	}
	back := encode(out)
	if !bytes.Equal(back, in) && bytes.IndexByte(out, '\r') < 0 {
		// A file whose lines end with CR alone is read with LF (docs/csv.md, "Line ends"):
		// its CRs, and only they, come back as LF.
		back = encode(bytes.ReplaceAll(out, []byte("\n"), []byte("\r")))
	}
	if !bytes.Equal(back, in) {
		t.Fatalf("%s: not converted exactly:\n in %q\nout %q\nback %q", enc, in, out, back)
	}
}

func FuzzDecode(f *testing.F) {
	for _, s := range [][]byte{
		[]byte(portfolio), append([]byte("\uFEFF"), portfolio...), utf16Bytes(portfolio, false), utf16Bytes(portfolio, true),
		cp1252(f, portfolio), []byte("name\nT\xfcrkiye\n"), []byte("\xef\xbb\xbf\xff"), []byte("\xff\xfe\x00\xd8"),
		[]byte("\xfe\xff\xdc\x00"), []byte("a\x00b"), []byte("T\uFFFDrkiye"), []byte("\xd0\xee\xf1"), []byte("Wroc\xb3aw"),
		[]byte("\"x\n\xe9\""), []byte{}, []byte("\xff\xfe"),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		out, enc, err := Decode(in)
		if err == nil {
			checkDecoded(t, in, out, enc)
			return
		}
		var e *Error
		if !errors.As(err, &e) || e.Offset < 0 || e.Offset > len(in) || e.Row < 1 || !knownCodes[e.Code] {
			t.Fatalf("refusal without a place or a known code: %#v", err)
		}
		// The values a message quotes are the file's: the byte at the offset, and for mixed
		// encodings the UTF-8 character where it is said to be.
		switch e.Code {
		case CodeBOMNotUTF8, CodeMixed, CodeUndefined, CodeNotWestern, CodeTurkish, CodeCentralEuropean:
			if e.Offset >= len(in) || in[e.Offset] != e.Byte {
				t.Fatalf("%s: byte 0x%02X at %d, the file has %q", e.Code, e.Byte, e.Offset, in)
			}
		}
		if e.Code == CodeMixed {
			if r, n := utf8.DecodeRune(in[min(e.CharAt, len(in)):]); r != e.Char || n < 2 {
				t.Fatalf("mixed: %q at %d, the file has %q", e.Char, e.CharAt, in)
			}
		}
	})
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		`=HYPERLINK("http://evil","Click")`: `'=HYPERLINK("http://evil","Click")`,
		"+cmd|' /C calc'!A0":                "'+cmd|' /C calc'!A0",
		"-2+3":                              "'-2+3",
		"@SUM(A1)":                          "'@SUM(A1)",
		"\tTab":                             "'\tTab",
		"\rCR":                              "'\rCR",
		"'=already quoted":                  "''=already quoted",
		"''+twice":                          "'''+twice",
		"EU–Tunisia MoU":                    "EU–Tunisia MoU",
		"'quoted text'":                     "'quoted text'",
		"'":                                 "'",
		"":                                  "",
		"a=b":                               "a=b",
	} {
		if got := Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
		if back := Unneutralise(Neutralise(in)); back != in {
			t.Errorf("Unneutralise(Neutralise(%q)) = %q", in, back)
		}
	}
	// Only a neutralising quote is removed on import.
	for in, want := range map[string]string{"'=x": "=x", "'abc": "'abc", "''": "''", "'": "'", "'-5": "-5"} {
		if got := Unneutralise(in); got != want {
			t.Errorf("Unneutralise(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNeutralise(f *testing.F) {
	for _, s := range []string{"=1+1", "'=1", "''@x", "-", "'", "", "plain", "\t", "'\r"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Neutralise(s)
		if n != "" && strings.IndexByte(formulaStarts, n[0]) >= 0 {
			t.Fatalf("Neutralise(%q) = %q starts a formula", s, n)
		}
		if back := Unneutralise(n); back != s {
			t.Fatalf("round trip of %q gave %q", s, back)
		}
	})
}

func TestDelimiterFor(t *testing.T) {
	for locale, want := range map[string]rune{
		"de_DE.UTF-8": ';', "fr_FR.UTF-8@euro": ';', "fr_BE": ';', "fr_CH.UTF-8": ';', "es_ES.UTF-8": ';',
		"pt_BR.UTF-8": ';', "it_IT": ';', "nl_NL.UTF-8": ';', "tr_TR.UTF-8": ';', "ar_TN.UTF-8": ';',
		"en_US.UTF-8": ',', "en_GB.UTF-8": ',', "de_CH.UTF-8": ',', "es_MX.UTF-8": ',',
		"C": ',', "POSIX": ',', "C.UTF-8": ',', "": ',', "not a locale!": ',',
	} {
		if got := DelimiterFor(locale); got != want {
			t.Errorf("DelimiterFor(%q) = %q, want %q", locale, got, want)
		}
	}
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, c := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"LANG": "fr_FR.UTF-8"}, "fr_FR.UTF-8"},
		{map[string]string{"LANG": "fr_FR.UTF-8", "LC_NUMERIC": "en_US.UTF-8"}, "en_US.UTF-8"},
		{map[string]string{"LANG": "en_US.UTF-8", "LC_NUMERIC": "en_US.UTF-8", "LC_ALL": "de_DE.UTF-8"}, "de_DE.UTF-8"},
		{map[string]string{}, ""},
	} {
		if got := localeFromEnv(env(c.env)); got != c.want {
			t.Errorf("%v: locale %q, want %q", c.env, got, c.want)
		}
	}
}

func TestSniffAndParseDelimiter(t *testing.T) {
	for text, want := range map[string]rune{
		"title,status\n": ',', "title;status;due\n": ';', "title\tstatus\n": '\t', "title\n": ',',
		"title;status\nA,B,C,D\n": ';', "": ',',
	} {
		if got := Sniff([]byte(text)); got != want {
			t.Errorf("Sniff(%q) = %q, want %q", text, got, want)
		}
	}
	for s, want := range map[string]rune{",": ',', ";": ';', "tab": '\t', "\t": '\t'} {
		if got, ok := ParseDelimiter(s); !ok || got != want {
			t.Errorf("ParseDelimiter(%q) = %q %v", s, got, ok)
		}
		if back, _ := ParseDelimiter(DelimiterName(want)); back != want {
			t.Errorf("DelimiterName(%q) does not parse back", want)
		}
	}
	if _, ok := ParseDelimiter("|"); ok {
		t.Error("| accepted")
	}
}

var knownCodes = map[string]bool{
	CodeUTF32: true, CodeBOMNotUTF8: true, CodeUTF16Odd: true, CodeUTF16Half: true, CodeNUL: true, CodeReplacement: true,
	CodeMixed: true, CodeUndefined: true, CodeNotWestern: true, CodeTurkish: true, CodeCentralEuropean: true,
}
