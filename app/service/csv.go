package service

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/internal/atomicfile"
	"dossier/app/oplog"
	"dossier/app/store"
)

// CSV exports and imports records as spreadsheets: a header row of field names, one record
// per row. An import is validated row by row before anything is stored, and is stored whole.
type CSV struct{ App *App }

// Limits of one import (docs/storage.md, "Limits"). A file over either is refused whole,
// never cut: cutting would drop rows and could end the last text mid-word.
const (
	MaxCSVRows  = 100000
	MaxCSVBytes = 256 << 20 // the file is read whole before any row is checked
)

// CellError names a row and column of a refused CSV file.
type CellError struct {
	Row     int    `json:"row"` // 1 is the header
	Column  string `json:"column"`
	Message string `json:"message"`
}

// CSVError lists every cell at fault; nothing was stored.
type CSVError struct{ Cells []CellError }

func (e *CSVError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the file was not imported (%d problems, nothing stored):", len(e.Cells))
	for i, c := range e.Cells {
		if i == 20 {
			fmt.Fprintf(&b, "\n  … and %d more", len(e.Cells)-20)
			break
		}
		if c.Column != "" {
			fmt.Fprintf(&b, "\n  row %d, column %s: %s", c.Row, c.Column, c.Message)
		} else {
			fmt.Fprintf(&b, "\n  row %d: %s", c.Row, c.Message)
		}
	}
	return b.String()
}

func (e *CSVError) asError() *Error {
	out := &Error{Code: CodeInvalid, Message: e.Error(), Fields: map[string]string{}, cause: e}
	for i, c := range e.Cells {
		if i == MaxFields { // the first cells in file order, not the first by name
			out.Fields[FieldsCut] = fmt.Sprintf("and %d more", len(e.Cells)-MaxFields)
			break
		}
		out.Fields[fmt.Sprintf("row %d/%s", c.Row, c.Column)] = c.Message
	}
	return out
}

// Export writes every live record of a kind to path (UTF-8 with a byte-order mark, which
// spreadsheet programs need to read accents correctly).
func (c *CSV) Export(kind string, path Path) (int, error) {
	k, ok := domain.ParseKind(kind)
	if !ok {
		return 0, Invalid("kind", fmt.Sprintf("%q is not a record kind", kind))
	}
	page := c.App.Store.Query(store.Query{Kind: kind, Limit: 10000})
	rows := page.Items
	for off := len(rows); off < page.Total; off = len(rows) {
		rows = append(rows, c.App.Store.Query(store.Query{Kind: kind, Offset: off, Limit: 10000}).Items...)
	}
	schema := domain.Schema(k)
	err := atomicfile.Write(path, 0o600, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		bw.WriteString("\ufeff")
		cw := csv.NewWriter(bw)
		header := []string{"id"}
		for _, f := range schema {
			header = append(header, f.Name)
		}
		if err := cw.Write(header); err != nil {
			return err
		}
		for _, s := range rows {
			rec, err := c.App.Store.Get(s.ID)
			if err != nil {
				return err
			}
			row := []string{rec.ID}
			for _, f := range schema {
				row = append(row, FormatValue(f, rec.Value(f.Name)))
			}
			if err := cw.Write(row); err != nil {
				return err
			}
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		return bw.Flush()
	})
	if err != nil {
		return 0, AsError(err)
	}
	return len(rows), nil
}

// CSVReport says what an import stored.
type CSVReport struct {
	Created int `json:"created"`
	Updated int `json:"updated"`
}

// Import reads a CSV file of one kind. Rows with the id of an existing record update it;
// other rows create records. Every row is checked first; one bad cell stores nothing.
func (c *CSV) Import(kind string, r io.Reader) (*CSVReport, error) {
	k, ok := domain.ParseKind(kind)
	if !ok {
		return nil, Invalid("kind", fmt.Sprintf("%q is not a record kind", kind))
	}
	data, err := readCSV(r, MaxCSVBytes)
	if err != nil {
		return nil, AsError(err)
	}
	drafts, rowOf, rep, cerr := c.parse(k, data)
	if cerr != nil {
		return nil, cerr.asError()
	}
	if len(drafts) == 0 {
		return rep, nil
	}
	if _, err := c.App.Store.Save("csv import", drafts...); err != nil {
		var be *store.BatchError
		var ve *domain.ValidationError
		cells := &CSVError{}
		switch {
		case errors.As(err, &be):
			for _, de := range be.Errors {
				cells.Cells = append(cells.Cells, cellErrors(rowOf[de.Index], de.Err)...)
			}
		case errors.As(err, &ve):
			cells.Cells = cellErrors(rowOf[0], err)
		default:
			return nil, AsError(err)
		}
		return nil, cells.asError()
	}
	return rep, nil
}

// readCSV reads a whole file of at most limit bytes. A file that says its size (an open
// file) is refused before reading; any other reader is read to one byte past the limit.
func readCSV(r io.Reader, limit int64) ([]byte, error) {
	tooBig := func(size string) error {
		return Invalid("file", fmt.Sprintf("is %s; the limit is %s: nothing was imported; split it into several files (at most %d rows each) and import them one by one",
			size, byteSize(limit), MaxCSVRows))
	}
	var size int64 // known size: read into one buffer of that size, not a growing one
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if size = fi.Size(); size > limit {
				return nil, tooBig(fmt.Sprintf("%s (%d bytes)", byteSize(size), size))
			}
		}
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > limit {
		return nil, tooBig(fmt.Sprintf("larger than %d bytes", limit))
	}
	return buf.Bytes(), nil
}

// byteSize writes a size for people: "256 MiB", "300.5 MiB", "12 KiB", "100 bytes".
func byteSize(n int64) string {
	for _, u := range []struct {
		unit string
		size int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size {
			if n%u.size == 0 {
				return fmt.Sprintf("%d %s", n/u.size, u.unit)
			}
			return fmt.Sprintf("%.1f %s", float64(n)/float64(u.size), u.unit)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

func cellErrors(row int, err error) []CellError {
	var ve *domain.ValidationError
	if !errors.As(err, &ve) {
		return []CellError{{Row: row, Message: err.Error()}}
	}
	var out []CellError
	for f, m := range ve.Fields {
		out = append(out, CellError{Row: row, Column: f, Message: m})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Column < out[j].Column })
	return out
}

func (c *CSV) parse(k domain.Kind, data []byte) ([]store.Draft, map[int]int, *CSVReport, *CSVError) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	cr := csv.NewReader(bytes.NewReader(data))
	if first, _, _ := bytes.Cut(data, []byte("\n")); bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';' // spreadsheets in many European locales save with semicolons
	}
	cr.FieldsPerRecord = -1
	cerr := &CSVError{}
	header, err := cr.Read()
	if err != nil {
		cerr.Cells = append(cerr.Cells, CellError{Row: 1, Message: "the header row is missing or unreadable: the first row must name the columns (" + err.Error() + ")"})
		return nil, nil, nil, cerr
	}
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		cols[i] = h
		if _, ok := domain.FieldOf(k, h); !ok && h != "id" {
			cerr.Cells = append(cerr.Cells, CellError{Row: 1, Column: h, Message: fmt.Sprintf("is not a field of %s: rename or remove the column", k)})
		}
		if seen[h] {
			cerr.Cells = append(cerr.Cells, CellError{Row: 1, Column: h, Message: "appears twice"})
		}
		seen[h] = true
	}
	if len(cerr.Cells) > 0 {
		return nil, nil, nil, cerr
	}
	var drafts []store.Draft
	rowOf := map[int]int{}
	rep := &CSVReport{}
	ids := map[string]int{}
	recs := &Records{App: c.App}
	for row := 2; ; row++ {
		cells, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				row = pe.Line
			}
			cerr.Cells = append(cerr.Cells, CellError{Row: row, Message: "cannot be read as CSV: " + err.Error()})
			break
		}
		if row-1 > MaxCSVRows {
			// First, so that the cut list of problems cannot hide it.
			cerr.Cells = append([]CellError{{Row: row, Message: fmt.Sprintf("the file has more than %d rows: split it", MaxCSVRows)}}, cerr.Cells...)
			break
		}
		if len(cells) != len(cols) {
			cerr.Cells = append(cerr.Cells, CellError{Row: row, Message: fmt.Sprintf("has %d cells, the header has %d", len(cells), len(cols))})
			continue
		}
		fields := map[string]json.RawMessage{}
		id := ""
		bad := false
		for i, col := range cols {
			if col == "id" {
				id = strings.ToLower(strings.TrimSpace(cells[i]))
				continue
			}
			v, err := ParseValue(k, col, cells[i])
			if err != nil {
				cerr.Cells = append(cerr.Cells, CellError{Row: row, Column: col, Message: AsError(err).Fields[col]})
				bad = true
				continue
			}
			fields[col] = v
		}
		if bad {
			continue
		}
		if id != "" {
			if _, err := uuid.Parse(id); err != nil || len(id) != 36 {
				cerr.Cells = append(cerr.Cells, CellError{Row: row, Column: "id", Message: fmt.Sprintf("%q is not a record id: leave it empty to create a new record", id)})
				continue
			}
			if prev, dup := ids[id]; dup {
				cerr.Cells = append(cerr.Cells, CellError{Row: row, Column: "id", Message: fmt.Sprintf("is the same as row %d", prev)})
				continue
			}
			ids[id] = row
		}
		var d store.Draft
		if existing, err := c.App.Store.Get(id); id != "" && err == nil {
			if existing.Kind != string(k) {
				cerr.Cells = append(cerr.Cells, CellError{Row: row, Column: "id", Message: fmt.Sprintf("is a %s, not a %s", existing.Kind, k)})
				continue
			}
			dp, err := recs.updateDraft(id, fields, oplog.OpUpdate)
			if err != nil {
				cerr.Cells = append(cerr.Cells, CellError{Row: row, Message: err.Error()})
				continue
			}
			if dp == nil {
				continue // unchanged
			}
			d = *dp
			rep.Updated++
		} else {
			if id == "" {
				u, _ := uuid.NewV7()
				id = u.String()
			}
			var err error
			if d, err = createDraft(string(k), id, fields); err != nil {
				cerr.Cells = append(cerr.Cells, cellErrorsFrom(row, err)...)
				continue
			}
			rep.Created++
		}
		rowOf[len(drafts)] = row
		drafts = append(drafts, d)
	}
	if len(cerr.Cells) > 0 {
		return nil, nil, nil, cerr
	}
	return drafts, rowOf, rep, nil
}

func cellErrorsFrom(row int, err error) []CellError {
	e := AsError(err)
	var out []CellError
	for f, m := range e.Fields {
		out = append(out, CellError{Row: row, Column: f, Message: m})
	}
	if len(out) == 0 {
		out = append(out, CellError{Row: row, Message: e.Message})
	}
	return out
}
