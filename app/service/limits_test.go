package service

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dossier/app/internal/textcap"
	"dossier/app/oplog"
	"dossier/app/store"
)

// TestAsErrorBounds: an error within the bounds is passed on as is; one past any bound is cut
// to it, says what was left out, and cutting again changes nothing.
func TestAsErrorBounds(t *testing.T) {
	fields := func(n, nameLen, textLen int) map[string]string {
		m := map[string]string{}
		for i := 0; i < n; i++ {
			m[fmt.Sprintf("%0*d", nameLen, i)] = strings.Repeat("v", textLen)
		}
		return m
	}
	cases := []struct {
		name string
		e    *Error
		cut  bool
	}{
		{"message just inside", &Error{Code: CodeFailed, Message: strings.Repeat("m", MaxMessage)}, false},
		{"message just outside", &Error{Code: CodeFailed, Message: strings.Repeat("m", MaxMessage+1)}, true},
		{"fields just inside", &Error{Code: CodeInvalid, Message: "x", Fields: fields(MaxFields, 5, 1)}, false},
		{"fields just outside", &Error{Code: CodeInvalid, Message: "x", Fields: fields(MaxFields+1, 5, 1)}, true},
		{"field text just inside", &Error{Code: CodeInvalid, Message: "x", Fields: fields(1, 5, MaxFieldText)}, false},
		{"field text just outside", &Error{Code: CodeInvalid, Message: "x", Fields: fields(1, 5, MaxFieldText+1)}, true},
		{"field name just inside", &Error{Code: CodeInvalid, Message: "x", Fields: fields(1, MaxFieldName, 1)}, false},
		{"field name just outside", &Error{Code: CodeInvalid, Message: "x", Fields: fields(1, MaxFieldName+1, 1)}, true},
		{"everything huge", &Error{Code: CodeInvalid, Message: strings.Repeat("é", 1<<20), Fields: fields(40000, 300, 3000)}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := AsError(fmt.Errorf("wrapped: %w", c.e))
			if (got != c.e) != c.cut {
				t.Fatalf("cut = %v, want %v", got != c.e, c.cut)
			}
			if got.Code != c.e.Code || len(got.Message) > MaxMessage || len(got.Fields) > MaxFields+1 {
				t.Errorf("code %s, message %d bytes, %d fields", got.Code, len(got.Message), len(got.Fields))
			}
			for k, v := range got.Fields {
				if len(k) > MaxFieldName || len(v) > MaxFieldText {
					t.Errorf("field %.20q: %d+%d bytes", k, len(k), len(v))
				}
			}
			if len(c.e.Fields) > MaxFields && got.Fields[FieldsCut] != fmt.Sprintf("and %d more", len(c.e.Fields)-MaxFields) {
				t.Errorf("left-out fields not counted: %q", got.Fields[FieldsCut])
			}
			if again := AsError(got); again != got {
				t.Errorf("cutting twice changed the error")
			}
			if !errors.Is(got, c.e) {
				t.Errorf("the whole error is not reachable from the cut one")
			}
		})
	}
	// A plain error is converted and bounded the same way.
	if e := AsError(errors.New(strings.Repeat("x", 1<<20))); len(e.Message) > MaxMessage || !strings.Contains(e.Message, "more bytes not shown") {
		t.Errorf("plain error: %d bytes", len(e.Message))
	}
}

// statReader is a reader that claims a size and must not be read when that size is too big.
type statReader struct {
	io.Reader
	size int64
	read bool
}

func (s *statReader) Stat() (os.FileInfo, error) { return fakeInfo{s.size}, nil }
func (s *statReader) Read(p []byte) (int, error) {
	s.read = true
	return s.Reader.Read(p)
}

type fakeInfo struct{ size int64 }

func (f fakeInfo) Name() string       { return "x.csv" }
func (f fakeInfo) Size() int64        { return f.size }
func (f fakeInfo) Mode() os.FileMode  { return 0o600 }
func (f fakeInfo) ModTime() time.Time { return time.Time{} }
func (f fakeInfo) IsDir() bool        { return false }
func (f fakeInfo) Sys() any           { return nil }

// TestReadCSVLimit: a CSV file of exactly the limit is read whole; one byte more is refused,
// never cut, with a message naming the size, the limit and what to do. A file that states its
// size is refused before it is read.
func TestReadCSVLimit(t *testing.T) {
	const limit = 100
	dir := t.TempDir()
	file := func(n int) *os.File {
		p := filepath.Join(dir, fmt.Sprint(n))
		if err := os.WriteFile(p, []byte(strings.Repeat("a", n)), 0o600); err != nil {
			t.Fatal(err)
		}
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	cases := []struct {
		name string
		r    io.Reader
		ok   bool
		size string // in the message
	}{
		{"stream just inside", strings.NewReader(strings.Repeat("a", limit)), true, ""},
		{"stream just outside", strings.NewReader(strings.Repeat("a", limit+1)), false, "larger than 100 bytes"},
		{"file just inside", file(limit), true, ""},
		{"file just outside", file(limit + 1), false, "101 bytes (101 bytes)"},
		{"file far outside", file(3 * limit), false, "300 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data, err := readCSV(c.r, limit)
			if c.ok {
				if err != nil || len(data) != limit {
					t.Fatalf("read %d bytes, %v", len(data), err)
				}
				return
			}
			e := AsError(err)
			if data != nil || e == nil || e.Code != CodeInvalid || e.Fields["file"] == "" {
				t.Fatalf("got %d bytes, %v; want an invalid error on field file", len(data), err)
			}
			for _, want := range []string{c.size, "the limit is 100 bytes", "nothing was imported", "split it"} {
				if !strings.Contains(e.Message, want) {
					t.Errorf("message %q lacks %q", e.Message, want)
				}
			}
		})
	}
	// A stated size over the limit is refused without reading a byte.
	sr := &statReader{Reader: strings.NewReader("title\n"), size: 1 << 40}
	if _, err := readCSV(sr, limit); err == nil || sr.read || !strings.Contains(err.Error(), "1024 GiB") {
		t.Errorf("stated 1 TiB: read=%v, %v", sr.read, err)
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[int64]string{0: "0 bytes", 1023: "1023 bytes", 1024: "1 KiB", 256 << 20: "256 MiB",
		256<<20 + 1: "256.0 MiB", 300 << 20: "300 MiB", 3 << 29: "1.5 GiB"} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestListRanges: limit and offset outside their ranges are refused with a field error that
// gives the range; inside them a page is returned, never a panic.
func TestListRanges(t *testing.T) {
	r := &Records{App: testApp(t)}
	cases := []struct {
		limit, offset int
		field         string // "" = accepted
	}{
		{0, 0, ""}, // the default page
		{1, 0, ""},
		{store.MaxLimit, 0, ""},
		{store.MaxLimit + 1, 0, "limit"},
		{-1, 0, "limit"},
		{math.MaxInt64, 0, "limit"},
		{50, store.MaxOffset, ""},
		{store.MaxLimit, store.MaxOffset, ""},
		{50, store.MaxOffset + 1, "offset"},
		{50, -1, "offset"},
		{50, 9223372036854775000, "offset"},
		{50, math.MinInt64, "offset"},
	}
	for _, c := range cases {
		v, err := r.List(Query{Kind: "commitment", Limit: c.limit, Offset: c.offset})
		if c.field == "" {
			if err != nil || v == nil {
				t.Errorf("limit %d offset %d: %v", c.limit, c.offset, err)
			}
			continue
		}
		e := AsError(err)
		if e == nil || e.Code != CodeInvalid || !strings.Contains(e.Fields[c.field], "out of range") {
			t.Errorf("limit %d offset %d: got %v, want a refusal of %s", c.limit, c.offset, err, c.field)
		}
	}
}

// TestGapMessageIsBounded: a bundle whose changes had seen thousands of authors gets a
// refusal that names a few gaps and counts the rest (it was 2.8 MB for 40,000 authors).
func TestGapMessageIsBounded(t *testing.T) {
	for _, n := range []int{1, textcap.Items, textcap.Items + 1, 40000} {
		gaps := make([]oplog.Gap, n)
		for i := range gaps {
			gaps[i] = oplog.Gap{Author: fmt.Sprintf("%016X", i), From: 1, To: 3}
		}
		msg := gapMessage(gaps, func(a string) string { return "Delegate " + a })
		cut := strings.Contains(msg, fmt.Sprintf("… and %d more", n-textcap.Items))
		if cut != (n > textcap.Items) || len(msg) > 1000 || !strings.Contains(msg, "changes 1–3 from Delegate 0000000000000000") {
			t.Errorf("%d gaps: cut=%v, %d bytes: %.300q", n, cut, len(msg), msg)
		}
	}
}

// TestCSVRowLimit: MaxCSVRows data rows are within the limit, one more is refused with
// "split it". The rows are short (one cell for a two-column header) so that each is refused
// cheaply and the test stays quick; the refusal lists a few and counts the rest.
func TestCSVRowLimit(t *testing.T) {
	for _, c := range []struct {
		rows int
		over bool
	}{{MaxCSVRows, false}, {MaxCSVRows + 1, true}} {
		data := "title,status\n" + strings.Repeat("x\n", c.rows)
		app := testApp(t)
		_, err := (&CSV{App: app}).Import("commitment", strings.NewReader(data))
		e := AsError(err)
		if e == nil {
			t.Fatalf("%d rows: accepted", c.rows)
		}
		over := strings.Contains(e.Message, fmt.Sprintf("the file has more than %d rows: split it", MaxCSVRows))
		if over != c.over {
			t.Errorf("%d rows: refused for the row count = %v, want %v", c.rows, over, c.over)
		}
		if len(e.Message) > MaxMessage || len(e.Fields) > MaxFields+1 || e.Fields[FieldsCut] == "" || !strings.Contains(e.Message, "… and ") {
			t.Errorf("%d rows: the refusal is not bounded: %d bytes, %d fields", c.rows, len(e.Message), len(e.Fields))
		}
		if e.Fields["row 2/"] == "" {
			t.Errorf("%d rows: the first bad row is not among the fields shown", c.rows)
		}
		if n, _ := app.Store.Counts(); n != 0 {
			t.Fatalf("%d rows: %d changes stored", c.rows, n)
		}
	}
}
