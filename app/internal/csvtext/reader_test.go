package csvtext

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// readAll reads every row until io.EOF or the first error.
func readAll(r interface{ Read() ([]string, error) }) ([][]string, error) {
	var rows [][]string
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, cells)
	}
}

// TestReader reads files as they are on disk (through Decode, which reads a file whose lines
// end with CR alone): rows end with LF, CR LF or, in such a file, CR; a quoted cell keeps its
// bytes, CR LF and lone CR included.
func TestReader(t *testing.T) {
	type rows = [][]string
	cases := []struct {
		name string
		file string
		want rows
		err  string // the error, as encoding/csv words it
	}{
		{"CR LF in a cell, rows ended by LF", "a,b\n\"x\r\ny\",z\n", rows{{"a", "b"}, {"x\r\ny", "z"}}, ""},
		{"lone CR in a cell", "a,b\n\"x\ry\",\"\r\"\n", rows{{"a", "b"}, {"x\ry", "\r"}}, ""},
		{"CR LF row ends, CR LF in cells", "a,b\r\n\"x\r\ny\r\n\",z\r\n\"\r\n\",w\r\n", rows{{"a", "b"}, {"x\r\ny\r\n", "z"}, {"\r\n", "w"}}, ""},
		{"CR before LF twice", "a\n\"x\r\r\ny\"\n", rows{{"a"}, {"x\r\r\ny"}}, ""},
		{"a quote right after CR", "a,b\r\n\"x\r\",\"\r\"\"y\"\"\r\n\"\r\n", rows{{"a", "b"}, {"x\r", "\r\"y\"\r\n"}}, ""},
		{"CR LF right after the closing quote ends the row", "a,b\r\n\"x\"\r\n\"y\"\r\n", rows{{"a", "b"}, {"x"}, {"y"}}, ""},
		{"last row without a line end", "a,b\n\"x\r\ny\",z", rows{{"a", "b"}, {"x\r\ny", "z"}}, ""},
		{"last row ends in a quoted CR LF, no line end", "a\n\"x\r\n\"", rows{{"a"}, {"x\r\n"}}, ""},
		{"last row ends with CR and no LF", "a,b\r\n\"x\r\",z\r", rows{{"a", "b"}, {"x\r", "z"}}, ""},
		{"CR-only row ends (Excel's CSV (Macintosh)): each CR is a line end", "a,b\r\"x\ry\",z\r1,2\r", rows{{"a", "b"}, {"x\ny", "z"}, {"1", "2"}}, ""},
		{"CR-only row ends, no CR at the end", "a,b\r1,2", rows{{"a", "b"}, {"1", "2"}}, ""},
		{"lone CR in a cell without quotes is kept", "a,b\nx\ry,z\n", rows{{"a", "b"}, {"x\ry", "z"}}, ""},
		{"blank lines are skipped", "a,b\r\n\r\n\nx,y\r\n\n", rows{{"a", "b"}, {"x", "y"}}, ""},
		{"semicolons", "a;b\n\"x;\r\n\";y\n", rows{{"a", "b"}, {"x;\r\n", "y"}}, ""},
		{"tabs", "a\tb\n\"x\r\n\"\t\"\ty\"\n", rows{{"a", "b"}, {"x\r\n", "\ty"}}, ""},
		{"BOM and Windows-1252", "\xef\xbb\xbfname\n\"T\xc3\xbcrkiye\r\nAnkara\"\n", rows{{"name"}, {"Türkiye\r\nAnkara"}}, ""},
		{"Windows-1252", "name\r\n\"T\xfcrkiye\r\nAnkara\"\r\n", rows{{"name"}, {"Türkiye\r\nAnkara"}}, ""},

		{"bare quote", "a,b\r\nx\"y,z\r\n", rows{{"a", "b"}}, `parse error on line 2, column 2: bare " in non-quoted-field`},
		{"a quote after a space", "a,b\n \"x\",y\n", rows{{"a", "b"}}, `parse error on line 2, column 2: bare " in non-quoted-field`},
		{"text after the closing quote", "a\n\"x\"\ry\n", rows{{"a"}}, `parse error on line 2, column 3: extraneous or missing " in quoted-field`},
		{"quote never closed", "a,b\r\n\"x\r\ny,z\r\n", rows{{"a", "b"}}, `record on line 2; parse error on line 3, column 5: extraneous or missing " in quoted-field`},
		{"quote never closed, CR at the end", "a\n\"x\n\r", rows{{"a"}}, `parse error on line 2, column 4: extraneous or missing " in quoted-field`},
		{"an error after a cell with CR LF keeps its line", "a\n\"x\r\ny\"\n\"p\"q\n", rows{{"a"}, {"x\r\ny"}}, `parse error on line 4, column 3: extraneous or missing " in quoted-field`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, _, err := Decode([]byte(c.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := NewReader(text, Sniff(text))
			if err != nil {
				t.Fatal(err)
			}
			got, err := readAll(r)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("rows %q, want %q", got, c.want)
			}
			switch {
			case c.err == "" && err != nil:
				t.Errorf("refused: %v", err)
			case c.err != "" && (err == nil || err.Error() != c.err):
				t.Errorf("error %v, want %s", err, c.err)
			case c.err != "":
				if _, _, _, theirs := readBoth(t, text, Sniff(text)); theirs == nil || theirs.Error() != err.Error() {
					t.Errorf("error %v, encoding/csv %v", err, theirs)
				}
				var pe *csv.ParseError
				if !errors.As(err, &pe) {
					t.Errorf("%T is not a *csv.ParseError", err)
				}
				if _, again := r.Read(); again != err {
					t.Errorf("read on after an error: %v", again)
				}
			}
		})
	}
}

func TestNewReaderRefuses(t *testing.T) {
	if _, err := NewReader([]byte("a,b\n\"x\x00\r\n\",y\n"), ','); err == nil || !strings.Contains(err.Error(), "a NUL byte") {
		t.Errorf("a NUL, which could not be told from a CR: %v", err)
	}
	for _, d := range []rune{'"', '\r', '\n', 0, 'é'} {
		if _, err := NewReader([]byte("a\n"), d); err == nil {
			t.Errorf("delimiter %q accepted", d)
		}
	}
}

// TestReaderFault: where a refused row went wrong, for a message: the cell at fault (the
// cells encoding/csv read before it, which it returns with its error: this pins that), the
// line where that cell begins, and the line and character (not byte) of the problem, which
// for a quote is the quote encoding/csv stops at.
func TestReaderFault(t *testing.T) {
	cases := []struct {
		name, file string
		want       Fault
	}{
		{"bare quote", "a,b,c\n1,x\"y,z\n", Fault{Err: csv.ErrBareQuote, Cell: 2, CellLine: 2, Line: 2, Char: 4, Bare: `x"y`}},
		{"bare quote in the first cell, the last on its line", "a,b\r\nx,y\r\nsay \"hi\"\r\n", Fault{Err: csv.ErrBareQuote, Cell: 1, CellLine: 3, Line: 3, Char: 5, Bare: `say "hi"`}},
		{"bare quote after a cell on two lines, CR LF in it", "a,b,c\r\n\"x\r\ny\",é \"q\",z\r\n", Fault{Err: csv.ErrBareQuote, Cell: 2, CellLine: 3, Line: 3, Char: 6, Bare: `é "q"`}},
		{"bare quote, semicolons", "a;b\nx;y\"z\n", Fault{Err: csv.ErrBareQuote, Cell: 2, CellLine: 2, Line: 2, Char: 4, Bare: `y"z`}},
		{"bare quote in the header", "a,b\"c\n", Fault{Err: csv.ErrBareQuote, Cell: 2, CellLine: 1, Line: 1, Char: 4, Bare: `b"c`}},
		{"text after the closing quote", "a,b\n\"Réunion\"x,y\n", Fault{Err: csv.ErrQuote, Cell: 1, CellLine: 2, Line: 2, Char: 9}},
		{"a quote not doubled, on the cell's second line", "a,b\n1,\"x\ny \"z\" w\"\n", Fault{Err: csv.ErrQuote, Cell: 2, CellLine: 2, Line: 3, Char: 3}},
		{"never closed", "a,b\n1,\"x\ny\nz\n", Fault{Err: csv.ErrQuote, Cell: 2, CellLine: 2, Line: 4, Char: 2, AtEnd: true}},
		{"never closed, no line end", "a,b\n1,\"x\ny", Fault{Err: csv.ErrQuote, Cell: 2, CellLine: 2, Line: 3, Char: 2, AtEnd: true}},
		{"never closed, CR LF", "a,b\r\n\"x\r\ny,z\r\n", Fault{Err: csv.ErrQuote, Cell: 1, CellLine: 2, Line: 3, Char: 5, AtEnd: true}},
		{"never closed, after a quoted cell on three lines", "a,b\n\"1\n2\n3\",\"x", Fault{Err: csv.ErrQuote, Cell: 2, CellLine: 4, Line: 4, Char: 6, AtEnd: true}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, _, err := Decode([]byte(c.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := NewReader(text, Sniff(text))
			if err != nil {
				t.Fatal(err)
			}
			if r.Fault() != nil {
				t.Fatal("a fault before reading")
			}
			if _, err := readAll(r); err == nil {
				t.Fatal("read without an error")
			}
			got := r.Fault()
			if got == nil || !errors.Is(got.Err, c.want.Err) || *got != c.want {
				t.Errorf("fault %+v, want %+v", got, c.want)
			}
		})
	}
}

// readBoth reads text with Reader and with encoding/csv alone, for the same delimiter.
func readBoth(t *testing.T, text []byte, delim rune) (ours, theirs [][]string, errOurs, errTheirs error) {
	r, err := NewReader(text, delim)
	if err != nil {
		t.Fatal(err)
	}
	ours, errOurs = readAll(r)
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma, cr.FieldsPerRecord = delim, -1
	theirs, errTheirs = readAll(cr)
	return
}

// FuzzReader checks Reader against encoding/csv on any text: the same rows, the same errors
// (line and column included), and the same cells but for the CR of a CR LF, which only
// Reader keeps.
func FuzzReader(f *testing.F) {
	for _, s := range []string{
		"a,b\n\"x\r\ny\",z\n",
		"a;b\r\n\"x\r\r\n\";\"\r\"\"\"\r\n",
		"a\tb\r\"x\ry\"\tz\r",
		"a,b\n\"x\r\ny\",z",
		"a\n\"x\"\ry\n",
		"a,b\r\n\"x\r\ny,z\r\n",
		"a\nx\"y\r\n",
		"\r\n\r\na\r\n",
		"\"\n\r",
	} {
		f.Add([]byte(s), byte(0))
	}
	f.Fuzz(func(t *testing.T, text []byte, d byte) {
		delim := []rune{',', ';', '\t'}[int(d)%3]
		if bytes.IndexByte(text, 0) >= 0 {
			if _, err := NewReader(text, delim); err == nil {
				t.Fatal("a NUL accepted")
			}
			return
		}
		ours, theirs, errOurs, errTheirs := readBoth(t, text, delim)
		if len(ours) != len(theirs) {
			t.Fatalf("%d rows, encoding/csv %d:\n%q\n%q", len(ours), len(theirs), ours, theirs)
		}
		for i := range ours {
			if len(ours[i]) != len(theirs[i]) {
				t.Fatalf("row %d: %q, encoding/csv %q", i, ours[i], theirs[i])
			}
			for j, c := range ours[i] {
				if strings.ReplaceAll(c, "\r\n", "\n") != theirs[i][j] {
					t.Fatalf("row %d cell %d: %q, encoding/csv %q", i, j, c, theirs[i][j])
				}
			}
		}
		if (errOurs == nil) != (errTheirs == nil) || errOurs != nil && errOurs.Error() != errTheirs.Error() {
			t.Fatalf("error %v, encoding/csv %v", errOurs, errTheirs)
		}
		var pe *csv.ParseError
		if errOurs != nil && !errors.As(errOurs, &pe) {
			t.Fatalf("%T is not a *csv.ParseError", errOurs)
		}
	})
}

// FuzzReaderRoundTrip: any cells written by encoding/csv's Writer as exports write them
// (rows ended by LF) read back byte for byte, with each delimiter.
func FuzzReaderRoundTrip(f *testing.F) {
	for _, s := range [][2]string{
		{"x\r\ny", "\r"},
		{"\r\n", "\"\r\""},
		{"ends with CR\r", "\r\r\n\n"},
		{" lead", "a;b,c\td"},
	} {
		f.Add(s[0], s[1], byte(0))
	}
	f.Fuzz(func(t *testing.T, a, b string, d byte) {
		if strings.IndexByte(a+b, 0) >= 0 {
			return // Decode refuses a NUL, and so does NewReader
		}
		delim := []rune{',', ';', '\t'}[int(d)%3]
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		w.Comma = delim
		rows := [][]string{{"h1", "h2"}, {a, b}, {b, a}}
		if err := w.WriteAll(rows); err != nil {
			t.Fatal(err)
		}
		r, err := NewReader(buf.Bytes(), delim)
		if err != nil {
			t.Fatal(err)
		}
		got, quoted, err := readQuoted(r)
		if err != nil || !reflect.DeepEqual(got, rows) {
			t.Fatalf("wrote %q\nread %q, %v\nfile %q", rows, got, err, buf.Bytes())
		}
		// Quoted tells the cells the writer put in quotes, which is every cell of blanks alone
		// (it starts with a space): the import keeps those (docs/csv.md, "Blank cells").
		for i, row := range rows {
			for j, c := range row {
				if quoted[i][j] != writerQuotes(c, delim) {
					t.Fatalf("row %d cell %d %q: Quoted %v\nfile %q", i, j, c, quoted[i][j], buf.Bytes())
				}
				if c != "" && strings.TrimSpace(c) == "" && !quoted[i][j] {
					t.Fatalf("blank cell %q not quoted\nfile %q", c, buf.Bytes())
				}
			}
		}
	})
}

// readQuoted reads every row, and for each cell whether Reader.Quoted says it was quoted.
func readQuoted(r *Reader) ([][]string, [][]bool, error) {
	var rows [][]string
	var quoted [][]bool
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return rows, quoted, nil
		}
		if err != nil {
			return rows, quoted, err
		}
		q := make([]bool, len(cells))
		for i := range cells {
			q[i] = r.Quoted(i)
		}
		rows, quoted = append(rows, cells), append(quoted, q)
	}
}

// writerQuotes is encoding/csv's Writer rule for putting a cell in quotes (fieldNeedsQuotes,
// unexported there): a separator, a quote or a line break in it, a first rune that is a
// space, or the cell \. alone.
func writerQuotes(c string, delim rune) bool {
	if c == "" {
		return false
	}
	if c == `\.` || strings.ContainsRune(c, delim) || strings.ContainsAny(c, "\"\r\n") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(c)
	return unicode.IsSpace(r)
}

// TestReaderQuoted: Quoted names the cells written in quotes, on rows after cells that span
// lines, with CR LF and CR-only line ends, and after skipped blank lines.
func TestReaderQuoted(t *testing.T) {
	cases := []struct {
		name, file string
		want       [][]bool
	}{
		{"plain and quoted", "a,b\n\"  \",  \n", [][]bool{{false, false}, {true, false}}},
		{"after a cell on three lines", "a,b\n\"x\ny\nz\",w\n\" \",\"\"\n", [][]bool{{false, false}, {true, false}, {true, true}}},
		{"CR LF line ends, quoted", "a;b\r\n\"\r\n\";\t\r\n\" \";x\r\n", [][]bool{{false, false}, {true, false}, {true, false}}},
		{"CR-only line ends (read as LF)", "a,b\r\" \",\t\r\t,\"\r\"\r", [][]bool{{false, false}, {true, false}, {false, true}}},
		{"blank lines skipped", "a\n\n\r\n\"\t\"\n\nb\n", [][]bool{{false}, {true}, {false}}},
		{"tab separated, quoted tab", "a\tb\n\"\t\"\t\n", [][]bool{{false, false}, {true, false}}},
		{"multi-byte text before", "é,b\n\"é\",\" \"\n", [][]bool{{false, false}, {true, true}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			text, _, err := Decode([]byte(c.file))
			if err != nil {
				t.Fatal(err)
			}
			r, err := NewReader(text, Sniff(text))
			if err != nil {
				t.Fatal(err)
			}
			_, got, err := readQuoted(r)
			if err != nil || !reflect.DeepEqual(got, c.want) {
				t.Errorf("quoted %v, %v; want %v", got, err, c.want)
			}
		})
	}
}
