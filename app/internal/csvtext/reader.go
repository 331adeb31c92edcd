package csvtext

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Reader reads the rows of a decoded CSV text as encoding/csv reads them (RFC 4180 quotes,
// rows ended by LF or CR LF, blank lines skipped, its errors with their line numbers) except
// that a quoted cell keeps its bytes exactly. encoding/csv drops the CR of every CR LF it
// reads, inside quotes too, so a text holding "\r\n" would come back as "\n" (docs/csv.md,
// "Line ends").
//
// How: before encoding/csv reads the text, each CR inside a quoted cell is replaced by a NUL,
// which encoding/csv treats as any other byte; each NUL of a cell read is then a CR again.
// This is exact because the text holds no NUL of its own: Decode refuses NUL, and NewReader
// checks. Replacing one byte by one keeps encoding/csv's line and column numbers.
type Reader struct {
	cr        *csv.Reader
	text      []byte // as encoding/csv reads it, for Fault
	protected bool   // a CR was replaced: cells may hold NULs that are CRs
	err       error  // the first error: reading stops there
	fault     *Fault
	// A line of the text and its offset, the last that Quoted looked up: rows are read in
	// order, so each lookup starts where the one before ended and the text is walked once.
	line, lineOff int
}

// Fault says where in a row encoding/csv refused, in the terms a message needs. Cells and
// lines count from 1; Line and Char are where encoding/csv found the problem, CellLine where
// the cell at fault begins (a quoted cell before it may span lines, and a quote never closed
// is found only at the end of the text).
type Fault struct {
	Err      error // csv.ErrBareQuote, csv.ErrQuote or another
	Cell     int   // the cell at fault: the row's cells before it were read
	CellLine int
	Line     int
	Char     int    // the character (not the byte) on Line, from 1
	AtEnd    bool   // the problem is found at the end of the text: a quote never closed
	Bare     string // for a bare quote: the cell as written (it cannot span lines)
}

// NewReader reads text, as Decode returns it, with the delimiter delim (",", ";" or tab).
// A text that holds a NUL is refused: a NUL there could not be told from a CR.
func NewReader(text []byte, delim rune) (*Reader, error) {
	if delim <= 0 || delim >= 0x80 || delim == '"' || delim == '\r' || delim == '\n' {
		return nil, fmt.Errorf("%q cannot separate cells: use \",\", \";\" or tab", delim)
	}
	if i := bytes.IndexByte(text, 0); i >= 0 { // Decode refuses it first (CodeNUL), naming the byte on disk
		return nil, fmt.Errorf("a NUL byte at byte %d of the text: it cannot be told from a CR inside quotes", i)
	}
	text, protected := protectQuotedCR(text, byte(delim))
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	return &Reader{cr: cr, text: text, protected: protected}, nil
}

// Read returns the next row's cells, io.EOF after the last row, or a *csv.ParseError. After
// an error it returns that error again: the text after a refused row is not read (where the
// quotes start there is not known, so neither is which CR is inside them).
func (r *Reader) Read() ([]string, error) {
	if r.err != nil {
		return nil, r.err
	}
	cells, err := r.cr.Read()
	if err != nil {
		r.err = err
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			r.fault = r.where(pe, cells)
		}
		return nil, err
	}
	if r.protected {
		for i, c := range cells {
			if strings.IndexByte(c, 0) >= 0 {
				cells[i] = strings.ReplaceAll(c, "\x00", "\r")
			}
		}
	}
	return cells, nil
}

// Fault says where the row Read refused went wrong; nil before an error (or after io.EOF).
func (r *Reader) Fault() *Fault { return r.fault }

// Quoted says whether cell i of the row Read last returned was written in quotes in the file
// (its first byte is a quote: RFC 4180's quoted cell). The import asks it of blank cells,
// which are empty unless quoted (docs/csv.md, "Blank cells").
func (r *Reader) Quoted(i int) bool {
	line, col := r.cr.FieldPos(i) // from 1; col counts bytes
	if line < r.line || r.line == 0 {
		r.line, r.lineOff = 1, 0
	}
	for r.line < line {
		j := bytes.IndexByte(r.text[r.lineOff:], '\n')
		if j < 0 {
			return false
		}
		r.line, r.lineOff = r.line+1, r.lineOff+j+1
	}
	at := r.lineOff + col - 1
	return at < len(r.text) && r.text[at] == '"'
}

// where finds the cell at fault from the cells encoding/csv read before it, which it returns
// with its error (a test pins this: TestReaderFault), and the line where that cell begins
// from the line breaks inside them (one LF each, whatever the file's line ends: a CR inside
// quotes is a NUL here, a CR LF outside them ends the line).
func (r *Reader) where(pe *csv.ParseError, before []string) *Fault {
	f := &Fault{Err: pe.Err, Cell: len(before) + 1, CellLine: pe.StartLine, Line: pe.Line, Char: pe.Column}
	for _, c := range before {
		f.CellLine += strings.Count(c, "\n")
	}
	start := lineStart(r.text, pe.Line)
	if start < 0 {
		f.AtEnd = true
		return f
	}
	line := r.text[start:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	at := min(max(pe.Column-1, 0), len(line)) // Column is a byte index, from 1
	f.Char = utf8.RuneCount(line[:at]) + 1
	f.AtEnd = start+at >= len(bytes.TrimRight(r.text, "\r\n"))
	if errors.Is(pe.Err, csv.ErrBareQuote) && at < len(line) {
		// A cell without quotes holds no delimiter and no line break: it runs from the
		// delimiter before the quote (or the line's start) to the next one (or the line's end).
		delim := byte(r.cr.Comma)
		from := bytes.LastIndexByte(line[:at], delim) + 1
		to := len(line)
		if i := bytes.IndexByte(line[at:], delim); i >= 0 {
			to = at + i
		}
		f.Bare = strings.TrimSuffix(string(line[from:to]), "\r")
	}
	return f
}

// lineStart is the offset in text where line n (from 1) begins, or -1 past the end.
func lineStart(text []byte, n int) int {
	off := 0
	for ; n > 1; n-- {
		i := bytes.IndexByte(text[off:], '\n')
		if i < 0 {
			return -1
		}
		off += i + 1
	}
	return off
}

// protectQuotedCR returns text with every CR inside a quoted cell replaced by a NUL, and
// whether there was one (text itself is not changed: a copy is made then). Quotes are found
// as encoding/csv finds them: a cell is quoted when its first byte is a quote, and "" inside
// quotes is a quote. Only cells whose closing quote is found are changed: in a quote never
// closed, encoding/csv refuses the row anyway, and leaving its CRs as they are keeps the line
// and column of that refusal the same as encoding/csv's. Up to the first error encoding/csv
// reports, the two agree on which bytes are inside quotes; past it, nothing is read.
func protectQuotedCR(text []byte, delim byte) ([]byte, bool) {
	const (
		cellStart = iota // the first byte of a cell (or of a row)
		bare             // in a cell that does not start with a quote
		quoted           // inside quotes
		quote            // just after a quote inside quotes: "" or the cell's end
	)
	out, copied := text, false
	state, open := cellStart, 0 // open: where the quoted cell's text starts
	closed := func(end int) {   // the quoted cell is text[open:end]
		for i := open; i < end; i++ {
			if text[i] == '\r' {
				if !copied {
					out, copied = bytes.Clone(text), true
				}
				out[i] = 0
			}
		}
	}
	for i, b := range text {
		switch state {
		case cellStart, bare:
			switch {
			case b == delim || b == '\n':
				state = cellStart
			case b == '"' && state == cellStart:
				state, open = quoted, i+1
			default:
				state = bare // a quote here is encoding/csv's "bare quote" error
			}
		case quoted:
			if b == '"' {
				state = quote
			}
		case quote:
			if b == '"' {
				state = quoted // "" stands for one quote in the cell
				continue
			}
			closed(i - 1)
			switch b {
			case delim, '\n':
				state = cellStart
			default:
				state = bare // a CR before LF ends the row; anything else is an error
			}
		}
	}
	if state == quote {
		closed(len(text) - 1)
	}
	return out, copied
}
