package service

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sort"
	"strconv"
	"strings"

	"dossier/app/domain"
	"github.com/google/uuid"

	"dossier/app/internal/csvtext"
	"dossier/app/store"
)

// CSV exports and imports records as spreadsheets (docs/csv.md): a header row of field
// names, one record per row, a kind column saying what each row is. An import is checked
// row by row before anything is stored, and is stored whole, through Store.Save like a form.
type CSV struct{ App *App }

// Limits of one import (docs/storage.md, "Limits"), for all its files together. Input over
// either is refused whole, never cut: cutting would drop rows and could end the last text
// mid-word.
const (
	MaxCSVRows  = 100000
	MaxCSVBytes = 256 << 20 // the files are read whole before any row is checked
	// MaxCSVColumns bounds a header (an export of every kind has fewer than 100 columns).
	// Each column of a header is checked and every problem kept, sorted by column: a 5 MB
	// header of empty columns made 10 million problems and 5 GB, 300,000 unknown columns
	// four minutes of work, before this limit.
	MaxCSVColumns = 1000
	// MaxCSVProblems bounds the problems an import keeps; those found past it are counted
	// (CSVReport.More). Every problem costs about a kilobyte with its words: a 10 MB file of
	// bad rows found 1.1 million, 1.3 GB, and a 20 MiB upload would have taken 2.7 GB.
	MaxCSVProblems = 10000
)

// csvOrder is the order in which kinds are stored when nothing else decides (rows of one
// import are stored after the rows they refer to). Kinds a later version adds come last.
var csvOrder = []domain.Kind{domain.KindParty, domain.KindFramework, domain.KindPartnership,
	domain.KindMeeting, domain.KindCommitment, domain.KindIntervention}

func kindRank(k domain.Kind) int {
	for i, o := range csvOrder {
		if o == k {
			return i
		}
	}
	return len(csvOrder)
}

func orderedKinds() []domain.Kind {
	out := append([]domain.Kind(nil), domain.Kinds...)
	sort.SliceStable(out, func(i, j int) bool { return kindRank(out[i]) < kindRank(out[j]) })
	return out
}

// nameColumn is the column that exports write next to a reference field, with the names of
// what it points to: partnership_name, committed_by_names. "" for other fields.
func nameColumn(k domain.Kind, f domain.Field) string {
	if f.Ref == "" {
		return ""
	}
	name := f.Name + "_name"
	if f.Type == domain.TypeSet {
		name += "s"
	}
	if _, clash := domain.FieldOf(k, name); clash {
		return ""
	}
	return name
}

// fieldOfNameColumn finds the reference field a name column belongs to.
func fieldOfNameColumn(k domain.Kind, col string) (domain.Field, bool) {
	for _, f := range domain.Schema(k) {
		if nc := nameColumn(k, f); nc != "" && nc == col {
			return f, true
		}
	}
	return domain.Field{}, false
}

func columnOf(k domain.Kind, col string) bool {
	if _, ok := domain.FieldOf(k, col); ok {
		return true
	}
	_, ok := fieldOfNameColumn(k, col)
	return ok
}

// CellError names a file, row and column of a refused import.
type CellError struct {
	File   string `json:"file,omitempty"`
	Row    int    `json:"row"`    // 1 is the header
	Column string `json:"column"` // as the header names it, in lower case
	// At is the place inside the cell of a list field ("1.values.3.as_of": entries from 1,
	// domain.EntryPath words it) that a field rule names: the command line and the screen
	// word it before the message, in their language ("entry 1, values entry 3, as_of: …").
	// Message does not hold it; a problem whose own words name the place (csv_ref_*,
	// entry_*) carries it as its parameter "at" instead, and At is empty.
	At      string `json:"at,omitempty"`
	Message string `json:"message"`
	// Problem is Message as a code and values, when a field rule was broken (docs/api.md,
	// "Field problems"): the screen words it in the reader's language.
	Problem *domain.Problem `json:"problem,omitempty"`
}

func (c CellError) where(multi bool) string {
	s := fmt.Sprintf("row %d", c.Row)
	if multi && c.File != "" {
		s = c.File + ", " + s
	}
	if c.Column != "" {
		s += ", column " + c.Column
	}
	return s
}

// words is the message with, first, the place in the cell it is about ("entry 1, unit: is
// required"), as a reference inside a list cell words it (csv_ref_*, "{at:entry}").
func (c CellError) words() string {
	if c.At == "" {
		return c.Message
	}
	return domain.EntryPath(c.At, "entry") + ": " + c.Message
}

// Line is the cell and its words as the command line prints them ("row 12, column status:
// sets back …"); multi names the file too, for an import of several files.
func (c CellError) Line(multi bool) string { return c.where(multi) + ": " + c.words() }

// CSVError lists every cell at fault; nothing was stored. The message shows the first 20;
// CSVReport.Errors has them all.
type CSVError struct {
	Cells []CellError
	More  int // problems found past MaxCSVProblems, not in Cells
	Files []CSVFileReport
}

func (e *CSVError) multi() bool { return len(e.Files) > 1 }

func (e *CSVError) Error() string {
	var b strings.Builder
	what := "the file was not imported"
	if e.multi() {
		what = "the files were not imported"
	}
	var read []string
	for _, f := range e.Files {
		if f.Encoding != "" {
			r := "read as " + f.Encoding
			if e.multi() {
				r = f.Name + " " + r
			}
			read = append(read, r)
		}
	}
	if len(read) > 0 {
		what += " (" + strings.Join(read, "; ") + ")"
	}
	problems, total := "problems", len(e.Cells)+e.More
	if total == 1 {
		problems = "problem"
	}
	fmt.Fprintf(&b, "%s: %d %s, nothing stored:", what, total, problems)
	for i, c := range e.Cells {
		if i == 20 {
			listed := "every one"
			if e.More > 0 {
				listed = fmt.Sprintf("the first %d", len(e.Cells))
			}
			fmt.Fprintf(&b, "\n  … and %d more (the --json report lists %s)", total-20, listed)
			break
		}
		fmt.Fprintf(&b, "\n  %s", c.Line(e.multi()))
	}
	return b.String()
}

func (e *CSVError) asError() *Error {
	out := &Error{Code: CodeInvalid, Message: e.Error(), Fields: map[string]string{}, cause: e}
	for i, c := range e.Cells {
		if i == MaxFields { // the first cells in file order, not the first by name
			out.Fields[FieldsCut] = fmt.Sprintf("and %d more", len(e.Cells)+e.More-MaxFields)
			break
		}
		key := fmt.Sprintf("row %d/%s", c.Row, c.Column)
		if c.At != "" { // one key per place: two entries of a cell are two problems
			key += ", " + domain.EntryPath(c.At, "entry")
		}
		if e.multi() {
			key = c.File + " " + key
		}
		out.Fields[key] = c.words()
	}
	return out
}

// CSVInput is one file of an import.
type CSVInput struct {
	Name string // for messages and the report
	Kind string // the kind of every row of this file; "" = the import's kind, else the kind column
	R    io.Reader
}

// CSVFileReport says how one file was read.
type CSVFileReport struct {
	Name      string `json:"name,omitempty"`
	Encoding  string `json:"encoding"`  // UTF-8, UTF-8 with BOM, UTF-16 LE, UTF-16 BE or Windows-1252
	Delimiter string `json:"delimiter"` // ",", ";" or "tab"
	Rows      int    `json:"rows"`      // data rows, without the header
}

// CSVReport says what an import did. When the import is refused, Stored is false and
// Errors lists every problem up to MaxCSVProblems (the error message shows only the first).
type CSVReport struct {
	Stored    bool            `json:"stored"`
	Created   int             `json:"created"`
	Updated   int             `json:"updated"`
	Unchanged int             `json:"unchanged"`
	Files     []CSVFileReport `json:"files"`
	Errors    []CellError     `json:"errors,omitempty"`
	// More counts the problems found past the MaxCSVProblems that Errors lists: sorted, those
	// are the first found (each row's reading, then each row's checks), not the first rows'.
	More int `json:"more,omitempty"`
	// Warnings are cells the import stores (or would) that the reader should look at, as
	// nothing refuses them: a value set back over this installation's own later change
	// (csv_sets_back_own_change; docs/csv.md, "A file older than a change"). The first
	// MaxCSVProblems in file, row and column order; WarningCount counts them all.
	Warnings     []CellError `json:"warnings,omitempty"`
	WarningCount int         `json:"warning_count,omitempty"`
}

// Import reads one CSV file of one kind (kind "" : each row's kind column says).
func (c *CSV) Import(kind string, r io.Reader) (*CSVReport, error) {
	return c.ImportFiles(kind, CSVInput{R: r})
}

// ImportFiles reads one or several CSV files as one import: rows with the id of a held
// record update it, other rows create records, references may be written as ids or natural
// keys, and rows are stored after the rows they refer to. Every row is checked first; one
// bad cell stores nothing. A file's rows are of the file's kind, else of kind, else of the
// kind their kind column says. On refusal the report is returned too, with every problem.
func (c *CSV) ImportFiles(kind string, files ...CSVInput) (*CSVReport, error) {
	return c.run(&csvImport{c: c}, kind, files)
}

// run reads, checks and stores one import; im.dry checks everything Store.Save checks and
// stores nothing (the preview).
func (c *CSV) run(im *csvImport, kind string, files []CSVInput) (*CSVReport, error) {
	im.rep, im.multi = &CSVReport{Files: []CSVFileReport{}}, len(files) > 1
	for i, f := range files {
		only := f.Kind
		if only == "" {
			only = kind
		}
		im.only = ""
		if only != "" {
			k, ok := domain.ParseKind(only)
			if !ok {
				return nil, InvalidP("kind", domain.P("not_a_kind", "value", only, "kinds", kindNames()))
			}
			im.only = k
		}
		if err := im.read(i, f); err != nil {
			return nil, err
		}
	}
	if !im.stopAt {
		// Rows with a bad cell go on to be resolved and checked too, so that the report
		// lists every problem of the file at once, and other rows can still name them.
		im.assignIDs()
		im.resolveAll()
		if len(im.errs) > 0 {
			im.precheck()
		}
	}
	var order []*csvRow
	if len(im.errs) == 0 {
		order = im.order()
	}
	var drafts []store.Draft
	var rowOf []*csvRow
	if len(im.errs) == 0 {
		drafts, rowOf = im.drafts(order)
	}
	if len(im.errs) > 0 {
		return im.refuse()
	}
	if len(drafts) == 0 {
		im.rep.Stored = !im.dry
		im.warned()
		return im.rep, nil
	}
	save := func() error { _, err := c.App.Store.Save("csv import", drafts...); return err }
	if im.dry {
		save = func() error { return c.App.Store.Validate(drafts...) }
	}
	if err := save(); err != nil {
		var be *store.BatchError
		var ve *domain.ValidationError
		switch {
		case errors.As(err, &be):
			for _, de := range be.Errors {
				im.cellErrors(rowOf[de.Index], de.Err)
			}
		case errors.As(err, &ve) && len(rowOf) == 1:
			im.cellErrors(rowOf[0], err)
		default:
			return nil, AsError(err)
		}
		return im.refuse()
	}
	im.rep.Stored = !im.dry
	im.warned()
	return im.rep, nil
}

func newID() string {
	u, _ := uuid.NewV7()
	return u.String()
}

// marshalText encodes JSON for a spreadsheet cell: "&" and "<" stay as they are.
func marshalText(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	return bytes.TrimRight(b.Bytes(), "\n")
}

func kindNames() string {
	s := make([]string, len(domain.Kinds))
	for i, k := range domain.Kinds {
		s[i] = string(k)
	}
	return strings.Join(s, ", ")
}

// csvImport is one import in progress.
type csvImport struct {
	c      *CSV
	only   domain.Kind // the kind named for every row of the file being read, or ""
	multi  bool
	rep    *CSVReport
	errs   []CellError
	warns  []CellError // cells stored with a warning (CSVReport.Warnings)
	nwarns int         // warnings found, past MaxCSVProblems too
	rows   []*csvRow
	byID   map[string]*csvRow
	bytes  int64
	nrows  int
	ix     *keyIndex
	stopAt bool // the row limit was passed: nothing more is read
	dry    bool // check as Store.Save would, store nothing (CSV.Preview)
	// byKindColumn reads a file whose header has a kind column by it, whatever kind was
	// named (CSV.PreviewChosen: the screen's choice until a file is chosen).
	byKindColumn bool
	// sample keeps the first rows as read, for the preview (sampleMax 0: none).
	sample    []CSVPreviewRow
	sampleMax int
	more      int      // problems past MaxCSVProblems, counted only
	columns   []string // the first file's header as read
	// refused are the rows refused before they could be named (their kind or id), kept so
	// that a name of one is told as that row's refusal, not as a record that does not exist.
	refused []refusedRow
	// heads are each file's columns as header() names them, by file name: a row's problems
	// are listed in this order (refuse).
	heads map[string][]string
}

type csvRow struct {
	file   string
	row    int
	kind   domain.Kind
	id     string
	cells  map[string]string // column -> text, only the columns of the row's kind
	kept   map[string]bool   // columns whose blank cell is kept as text: quoted, or behind the formula quote
	held   map[string]json.RawMessage
	exists bool            // the row updates a held record
	noID   bool            // the row gave no id: it creates a record
	failed map[string]bool // columns already refused ("" for the row as a whole)
	fields map[string]json.RawMessage
	deps   []*csvRow         // rows of this import that must be stored first
	typed  map[string]string // record id -> the text a reference cell wrote for it ("TUN")
}

func (r *csvRow) where(multi bool) string {
	if multi {
		return fmt.Sprintf("%s, row %d", r.file, r.row)
	}
	return fmt.Sprintf("row %d", r.row)
}

func (im *csvImport) fail(r *csvRow, col, msg string) { im.failP(r, col, msg, nil) }

// refuse a cell or a row by a problem code and its values: the English words are the
// problem's (for the command line and the API), and the screen words the code in the
// reader's language.
func (im *csvImport) failCode(r *csvRow, col string, p domain.Problem) {
	im.failP(r, col, p.Text(), &p)
}

func (im *csvImport) failP(r *csvRow, col, msg string, p *domain.Problem) {
	im.failAt(r, col, "", msg, p)
}

// failAt refuses a place inside a cell of a list or set (at, domain.FieldPlace), or the
// whole cell when at is "".
func (im *csvImport) failAt(r *csvRow, col, at, msg string, p *domain.Problem) {
	if len(im.errs) < MaxCSVProblems {
		im.errs = append(im.errs, CellError{File: r.file, Row: r.row, Column: col, At: at, Message: msg, Problem: p})
	} else {
		im.more++
	}
	if r.failed == nil {
		r.failed = map[string]bool{}
	}
	r.failed[col] = true
}

// warnCode notes a cell that is stored, but that the reader should look at: the report and
// the screen list it by row and column, and the command line prints it.
func (im *csvImport) warnCode(r *csvRow, col string, p domain.Problem) {
	if len(im.warns) < MaxCSVProblems {
		im.warns = append(im.warns, CellError{File: r.file, Row: r.row, Column: col, Message: p.Text(), Problem: &p})
	}
	im.nwarns++
}

// warned puts the warnings in the report, in file, row and column order.
func (im *csvImport) warned() {
	im.sortCells(im.warns)
	im.rep.Warnings, im.rep.WarningCount = im.warns, im.nwarns
}

func (im *csvImport) refuse() (*CSVReport, error) {
	// In file, row and column order, whichever step found them; a passed row limit stays first.
	from := 0
	if im.stopAt {
		from = 1
	}
	im.sortCells(im.errs[from:])
	im.warned()
	im.rep.Errors, im.rep.More = im.errs, im.more
	im.rep.Created, im.rep.Updated, im.rep.Unchanged = 0, 0, 0
	return im.rep, (&CSVError{Cells: im.errs, More: im.more, Files: im.rep.Files}).asError()
}

// sortCells puts problems in file, row and column order (the columns as the file has them).
func (im *csvImport) sortCells(cells []CellError) {
	files := map[string]int{}
	for i, f := range im.rep.Files {
		files[f.Name] = i
	}
	sort.SliceStable(cells, func(i, j int) bool {
		a, b := cells[i], cells[j]
		if files[a.File] != files[b.File] {
			return files[a.File] < files[b.File]
		}
		if a.Row != b.Row {
			return a.Row < b.Row
		}
		if ca, cb := im.columnRank(a), im.columnRank(b); ca != cb {
			return ca < cb
		}
		if a.Column != b.Column {
			return a.Column < b.Column // columns the file does not have, by name
		}
		return placeLess(a.place(), b.place())
	})
}

// columnRank places a problem's column in its file's header: the row as a whole first, then
// the columns as the file has them (a person reads the row from left to right, not "end"
// before "start"), then columns the file does not have.
func (im *csvImport) columnRank(e CellError) int {
	if e.Column == "" {
		return 0
	}
	head := im.heads[e.File]
	if i := slices.Index(head, e.Column); i >= 0 {
		return i + 1
	}
	return len(head) + 1
}

// place is where in its cell a problem is (domain.FieldPlace): At, or the "at" a problem
// whose own words name the place carries instead (csv_ref_*).
func (e CellError) place() string {
	if e.At == "" && e.Problem != nil {
		return e.Problem.Params["at"]
	}
	return e.At
}

// placeLess orders places in a cell ("3.name", "1.values.12.as_of") entry by entry, numbers
// as numbers: entry 3 before entry 11, which as text comes first.
func placeLess(a, b string) bool {
	pa, pb := strings.Split(a, "."), strings.Split(b, ".")
	for k := 0; k < len(pa) && k < len(pb); k++ {
		if pa[k] == pb[k] {
			continue
		}
		na, ea := strconv.Atoi(pa[k])
		nb, eb := strconv.Atoi(pb[k])
		if ea == nil && eb == nil {
			return na < nb
		}
		return pa[k] < pb[k]
	}
	return len(pa) < len(pb)
}

// read decodes and parses one file into rows.
func (im *csvImport) read(i int, f CSVInput) error {
	name := f.Name
	if name == "" && im.multi {
		name = fmt.Sprintf("file %d", i+1)
	}
	fr := CSVFileReport{Name: name}
	data, err := readCSV(f.R, MaxCSVBytes-im.bytes)
	if err != nil {
		if e := AsError(err); e.Code == CodeInvalid && im.bytes > 0 {
			return InvalidP("file", domain.P("csv_files_too_big", "name", name, "limit", byteSize(MaxCSVBytes), "limit_bytes", strconv.Itoa(MaxCSVBytes)))
		}
		return err
	}
	im.bytes += int64(len(data))
	text, enc, err := csvtext.Decode(data)
	fr.Encoding = enc
	if err != nil {
		var te *csvtext.Error
		if !errors.As(err, &te) {
			return err
		}
		im.rep.Files = append(im.rep.Files, fr)
		im.failCode(&csvRow{file: name, row: te.Row}, "", decodeProblem(te))
		return nil
	}
	delim := csvtext.Sniff(text)
	fr.Delimiter = csvtext.DelimiterName(delim)
	head := &csvRow{file: name, row: 1}
	// csvtext's reader, not encoding/csv's alone: that one drops the CR of a CR LF inside
	// quotes, and an imported export must give back its text exactly.
	cr, err := csvtext.NewReader(text, delim)
	if err != nil { // a delimiter Sniff never gives, or a NUL Decode refuses first: not the file's fault
		return fmt.Errorf("%s: %w", name, err)
	}
	header, err := cr.Read()
	if err != nil {
		if err != io.EOF && cr.Fault() == nil { // encoding/csv refuses a row with a *csv.ParseError, whose Fault this is
			return fmt.Errorf("%s: %w", name, err)
		}
		im.rep.Files = append(im.rep.Files, fr)
		if err == io.EOF {
			im.failCode(head, "", domain.P("csv_header_missing"))
		} else {
			im.failCode(head, "", readProblem(cr.Fault()))
		}
		return nil
	}
	if im.columns == nil {
		im.columns = header[:min(len(header), MaxCSVColumns)] // the screen's sample, as the rows'
	}
	// A refused header still lets the rows be read, for the problems that do not depend on
	// what the columns mean (quotes, cells, the row limit) and the screen's sample: a file's
	// problems are listed at once, not one fix at a time. The rows are not made into records.
	if im.byKindColumn && im.only != "" && slices.Contains(columnNames(header), "kind") {
		im.only = "" // a file just chosen on the screen, with a kind column (CSV.PreviewChosen)
	}
	cols, ok := im.header(head, header)
	if im.heads == nil {
		im.heads = map[string][]string{}
	}
	im.heads[name] = cols
	fr.Rows, err = im.readRows(name, cr, cols, ok)
	im.rep.Files = append(im.rep.Files, fr)
	return err
}

// decodeProblem words a file that cannot be read as text (docs/csv.md, "Encodings"): the
// encoding tried, the byte, and the values the reason names.
func decodeProblem(te *csvtext.Error) domain.Problem {
	kv := []string{"encoding", te.Encoding, "byte", strconv.Itoa(te.Offset)}
	hex := fmt.Sprintf("0x%02X", te.Byte)
	switch te.Code {
	case csvtext.CodeBOMNotUTF8, csvtext.CodeUndefined:
		kv = append(kv, "value", hex)
	case csvtext.CodeTurkish, csvtext.CodeCentralEuropean:
		kv = append(kv, "value", hex, "char", string(te.Char))
	case csvtext.CodeMixed:
		kv = append(kv, "value", hex, "char", string(te.Char), "char_byte", strconv.Itoa(te.CharAt))
	}
	return domain.P("csv_enc_"+te.Code, kv...)
}

// columnNames are a header's column names as the import reads them: case and surrounding
// spaces aside.
func columnNames(header []string) []string {
	cols := make([]string, len(header))
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(h))
	}
	return cols
}

// header checks the column names: fields of the kinds in play, their name columns, id and
// kind, each once.
func (im *csvImport) header(head *csvRow, header []string) ([]string, bool) {
	kinds := domain.Kinds
	if im.only != "" {
		kinds = []domain.Kind{im.only}
	}
	before := len(im.errs)
	if len(header) > MaxCSVColumns {
		// One problem for the file: its columns are not checked one by one, and its rows are
		// only counted (their cells are compared with the header's count, no name).
		im.failCode(head, "", domain.P("csv_too_many_columns", "columns", strconv.Itoa(len(header)), "max", strconv.Itoa(MaxCSVColumns)))
		return make([]string, len(header)), false
	}
	cols := columnNames(header)
	// A file that gives each row's kind (every export does) read as one kind: the columns of
	// its other kinds are not the file's mistake, and removing them would be the wrong fix.
	var others []string
	seen := map[string]bool{}
	for _, h := range cols {
		known := h == "id" || h == "kind"
		for _, k := range kinds {
			known = known || columnOf(k, h)
		}
		switch {
		case !known && im.only != "" && slices.Contains(cols, "kind") && slices.ContainsFunc(domain.Kinds, func(k domain.Kind) bool { return columnOf(k, h) }):
			others = append(others, h)
		case !known && im.only != "":
			im.failCode(head, h, domain.P("csv_column_unknown", "kind", string(im.only)))
		case !known:
			im.failCode(head, h, domain.P("csv_column_unknown_any"))
		}
		if seen[h] {
			im.failCode(head, h, domain.P("csv_column_twice"))
		}
		seen[h] = true
	}
	if len(others) > 0 {
		im.failCode(head, "kind", domain.P("csv_kind_column_not_read", "kind", string(im.only), "columns", strings.Join(others, ", ")))
	}
	if im.only == "" && !seen["kind"] && len(im.errs) == before {
		im.failCode(head, "", domain.P("csv_no_kind_column", "kinds", kindNames()))
	}
	return cols, len(im.errs) == before
}

func (im *csvImport) readRows(name string, cr *csvtext.Reader, cols []string, parse bool) (int, error) {
	n := 0
	for row := 2; !im.stopAt; row++ {
		cells, err := cr.Read()
		if err == io.EOF {
			break
		}
		// The row is the count of rows read, as a spreadsheet numbers them: a line break
		// inside a quoted cell does not start a row. The line of the file is extra help.
		r := &csvRow{file: name, row: row}
		if err != nil {
			f := cr.Fault()
			if f == nil { // encoding/csv refuses a row with a *csv.ParseError, whose Fault this is
				return n, fmt.Errorf("%s: %w", name, err)
			}
			col := ""
			if f.Cell <= len(cols) {
				col = cols[f.Cell-1]
			}
			im.failCode(r, col, readProblem(f))
			break
		}
		if im.nrows++; im.nrows > MaxCSVRows {
			code := "csv_too_many_rows"
			if im.multi {
				code = "csv_too_many_rows_files"
			}
			p := domain.P(code, "max", strconv.Itoa(MaxCSVRows))
			// First, so that the cut list of problems cannot hide it.
			im.errs = append([]CellError{{File: name, Row: row, Message: p.Text(), Problem: &p}}, im.errs...)
			im.stopAt = true
			break
		}
		n++
		if len(im.sample) < im.sampleMax {
			im.sample = append(im.sample, CSVPreviewRow{Row: row, Cells: cells[:min(len(cells), MaxCSVColumns)]})
		}
		if len(cells) != len(cols) {
			im.failCode(r, "", domain.P("csv_cell_count", "cells", strconv.Itoa(len(cells)), "header", strconv.Itoa(len(cols))))
			continue
		}
		if blank(cells) || !parse {
			// Spreadsheets save formatted but empty rows as delimiters alone; and after a
			// refused header, what the cells mean is not known.
			continue
		}
		im.parseRow(r, cols, cells, cr.Quoted)
	}
	return n, nil
}

// maxExample bounds the cell a bare quote's message writes back in quotes: a longer one
// would not be read, and would be cut (domain.MaxParam).
const maxExample = 100

// readProblem words a row encoding/csv refused (docs/csv.md, "Quotes"): what is wrong with
// the cell, where in the file (the line, and for a quote never closed the line where its cell
// begins), and how to write it.
func readProblem(f *csvtext.Fault) domain.Problem {
	line, char, cellLine := strconv.Itoa(f.Line), strconv.Itoa(f.Char), strconv.Itoa(f.CellLine)
	switch {
	case errors.Is(f.Err, csv.ErrBareQuote) && f.Bare != "" && len(f.Bare) <= maxExample:
		return domain.P("csv_bare_quote", "line", line, "char", char, "example", `"`+strings.ReplaceAll(f.Bare, `"`, `""`)+`"`)
	case errors.Is(f.Err, csv.ErrBareQuote):
		return domain.P("csv_bare_quote_long", "line", line, "char", char)
	case errors.Is(f.Err, csv.ErrQuote) && f.AtEnd:
		return domain.P("csv_quote_unclosed", "cell_line", cellLine)
	case errors.Is(f.Err, csv.ErrQuote):
		return domain.P("csv_quote_stray", "cell_line", cellLine, "line", line, "char", char)
	}
	return domain.P("csv_unreadable", "line", line, "char", char, "reason", f.Err.Error())
}

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// parseRow reads one row's cells by column; quoted says whether a cell was written in quotes.
func (im *csvImport) parseRow(r *csvRow, cols, cells []string, quoted func(i int) bool) {
	r.kind = im.only
	for i, col := range cols {
		if col != "kind" {
			continue
		}
		v := strings.ToLower(strings.TrimSpace(cells[i]))
		k, ok := domain.ParseKind(v)
		switch {
		case v == "" && im.only == "":
			im.failCode(r, "kind", domain.P("csv_kind_empty", "kinds", kindNames()))
			im.keepRefused(r, "", cols, cells)
			return
		case v == "":
		case !ok:
			im.failCode(r, "kind", domain.P("csv_kind_unknown", "value", v, "kinds", kindNames()))
			im.keepRefused(r, "", cols, cells)
			return
		case im.only != "" && k != im.only:
			im.failCode(r, "kind", domain.P("csv_kind_contradicts", "says", string(k), "kind", string(im.only)))
			im.keepRefused(r, k, cols, cells)
			return
		default:
			r.kind = k
		}
	}
	r.cells = map[string]string{}
	for i, col := range cols {
		text := csvtext.Unneutralise(cells[i])
		switch {
		case col == "kind":
		case col == "id":
			r.id = strings.ToLower(strings.TrimSpace(text))
		case columnOf(r.kind, col):
			r.cells[col] = text
			// A party's country is read here already ("tn", "Tunisie": TUN), so that the row's
			// keys (naturalKeys) and the check against held parties see the code the field
			// will hold; a text that is no country is refused with the field (countryCodes).
			if f, _ := domain.FieldOf(r.kind, col); f.Type == domain.TypeText && f.Format() == "iso3" {
				if c, err := domain.ReadCountry(text); err == nil {
					r.cells[col] = c.Alpha3
				}
			}
			// A blank cell is empty, but blanks written in quotes or behind the formula quote
			// are meant: a text field keeps them (docs/csv.md, "Blank cells").
			if text != "" && strings.TrimSpace(text) == "" && (text != cells[i] || quoted(i)) {
				if r.kept == nil {
					r.kept = map[string]bool{}
				}
				r.kept[col] = true
			}
		case strings.TrimSpace(text) != "":
			im.failCode(r, col, domain.P("csv_not_field_of_row_kind", "kind", string(r.kind)))
		}
	}
	im.rows = append(im.rows, r)
}

// refusedRow is a row refused before it could be named: its kind ("" when the row's kind
// cell was refused, so it may be any) and its cells by column.
type refusedRow struct {
	file  string // when the import has several files
	row   int
	kind  domain.Kind
	cells map[string]string
}

func (rr refusedRow) value(field string) string { return rr.cells[field] }

// keepRefused keeps a row whose kind cell was refused, for the names other rows give it.
func (im *csvImport) keepRefused(r *csvRow, k domain.Kind, cols, cells []string) {
	rr := refusedRow{row: r.row, kind: k, cells: make(map[string]string, len(cols))}
	if im.multi {
		rr.file = r.file
	}
	for i, col := range cols {
		rr.cells[col] = csvtext.Unneutralise(cells[i])
	}
	im.refused = append(im.refused, rr)
}

// readCSV reads a whole file of at most limit bytes (readLimited).
func readCSV(r io.Reader, limit int64) ([]byte, error) {
	lim := []string{"limit", byteSize(limit), "limit_bytes", strconv.FormatInt(limit, 10), "rows", strconv.Itoa(MaxCSVRows)}
	data, size, err := readLimited(r, limit)
	switch {
	case err != nil:
		return nil, err
	case size > limit:
		return nil, InvalidP("file", domain.P("csv_file_too_big", append(lim, "size", byteSize(size), "size_bytes", strconv.FormatInt(size, 10))...))
	case size < 0:
		return nil, InvalidP("file", domain.P("csv_file_over", lim...))
	}
	return data, nil
}

// readLimited reads r whole if it holds at most limit bytes. A regular file says its size
// and is refused before reading (size is then that size); anything else is read to one
// byte past the limit, and refused there with size -1. A device or a pipe (/dev/zero,
// `dossier import <(curl …)`) says 0 and may never end: bundles and cards were read whole
// after their Stat said 0, 7 GB in 20 seconds of /dev/zero. A bundle's stream is copied to a
// temporary file first (spoolStream), so that only cards and CSV are read here from a stream.
func readLimited(r io.Reader, limit int64) (data []byte, size int64, err error) {
	if f, ok := r.(interface{ Stat() (fs.FileInfo, error) }); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
			if size = fi.Size(); size > limit {
				return nil, size, nil
			}
		}
	}
	// A known size: one buffer of it. Otherwise the buffer doubles, but never past limit+1
	// (bytes.Buffer's doubling took 2 GB to read 512 MiB of a pipe).
	buf := make([]byte, 0, max(size+1, min(limit+1, 64<<10)))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > limit {
				return nil, -1, nil
			}
			buf = slices.Grow(buf, int(min(int64(cap(buf)), limit+1-int64(cap(buf)))))
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, 0, err
		}
	}
	if int64(len(buf)) > limit {
		return nil, -1, nil
	}
	return buf, int64(len(buf)), nil
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
