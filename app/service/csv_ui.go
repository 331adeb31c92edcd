package service

// CSV methods for the screen (docs/csv.md, "The CSV screen"; docs/api.md, "CSV"): one file as
// bytes (an upload in browser mode) or as a path the window's dialog chose, a preview that
// checks everything an import checks and stores nothing, the import, and an export of what a
// list shows, as bytes to download or as a file the window's dialog named. Everything is
// decided by ImportFiles (csv.go) and write (csvexport.go); these adapt inputs and outputs.

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"time"

	"dossier/app/domain"
	"dossier/app/internal/csvtext"
	"dossier/app/store"
)

// Limits of the screen. Files travel to it in base64 inside one JSON request, and browser
// mode refuses requests over web.MaxRequest (32 MiB): 20 MiB of CSV is 26.7 MiB of base64.
// Larger files go through the command line (MaxCSVBytes).
const (
	MaxCSVUpload     = 20 << 20
	MaxPreviewRows   = 200  // rows of the file shown in the preview table
	MaxPreviewErrors = 1000 // problems sent to the screen; CSVView.ErrorCount has them all
)

// CSVPreviewRow is one row of the file as read (cells not yet interpreted).
type CSVPreviewRow struct {
	Row   int      `json:"row"` // the CSV row, 1 being the header (a quoted line break stays in its row)
	Cells []string `json:"cells"`
}

// CSVView is what the CSV screen shows of one file: how it was read, its first rows, what
// the import does or would do, and every problem by row and column.
type CSVView struct {
	Name string `json:"name"`
	Kind string `json:"kind"` // the kind of every row; "": each row's kind column says
	// KindColumn: the header has a kind column (every export has one), as the import reads
	// column names (PreviewChosen reads the rows of such a file by it).
	KindColumn bool          `json:"kind_column"`
	Stored     bool          `json:"stored"` // the import stored it (never for a preview)
	Created    int           `json:"created"`
	Updated    int           `json:"updated"`
	Unchanged  int           `json:"unchanged"`
	File       CSVFileReport `json:"file"` // encoding, delimiter, data rows
	// Columns is the header row as written in the file; Rows the first MaxPreviewRows rows.
	// Both stop at MaxCSVColumns cells: a hostile file's 200,000 columns, sent to the screen,
	// stopped the page.
	Columns []string        `json:"columns"`
	Rows    []CSVPreviewRow `json:"rows"`
	// Errors lists the first MaxPreviewErrors problems in row and column order; ErrorCount
	// counts them all. Import is possible only when it is 0.
	Errors     []CellError `json:"errors"`
	ErrorCount int         `json:"error_count"`
	// Warnings lists the first MaxPreviewErrors cells that are stored (or would be) but
	// deserve a look: a value set back over this installation's own later change
	// (CSVReport.Warnings); WarningCount counts them all. They never stop an import.
	Warnings     []CellError `json:"warnings"`
	WarningCount int         `json:"warning_count"`
}

// CSVLimits are the screen's limits, for it to check a file's size before sending it.
type CSVLimits struct {
	MaxBytes    int64 `json:"max_bytes"`    // MaxCSVUpload
	MaxRows     int   `json:"max_rows"`     // MaxCSVRows
	PreviewRows int   `json:"preview_rows"` // MaxPreviewRows
}

// Limits says how large a file the screen may send.
func (c *CSV) Limits() (*CSVLimits, error) {
	return &CSVLimits{MaxBytes: MaxCSVUpload, MaxRows: MaxCSVRows, PreviewRows: MaxPreviewRows}, nil
}

// Preview reads a CSV file given as bytes and checks it exactly as Import would, through the
// same steps and Store.Validate (admit and the record checks of Store.Save), and stores
// nothing. kind "" reads each row's kind column. A refused file is a view with Errors, not
// an error; an error is a bad kind, a file over the limit or no identity.
func (c *CSV) Preview(kind, name string, data []byte) (*CSVView, error) {
	return c.screenData(kind, name, data, &csvImport{dry: true})
}

// ImportData imports a CSV file given as bytes, all or nothing, and returns the view: Stored
// with the counts, or the problems (nothing stored) when something changed since the preview.
func (c *CSV) ImportData(kind, name string, data []byte) (*CSVView, error) {
	return c.screenData(kind, name, data, &csvImport{})
}

// PreviewChosen is Preview for a file the reader has just chosen: kind is what the screen
// said until then, and a file whose header has a kind column (every export has one) is read
// by that column instead, in the same check; CSVView.Kind "" says so. The screen used to check
// such a file twice, as kind and then by its column (docs/csv.md, "The file").
func (c *CSV) PreviewChosen(kind, name string, data []byte) (*CSVView, error) {
	return c.screenData(kind, name, data, &csvImport{dry: true, byKindColumn: true})
}

// PreviewFile is Preview for a file the window's open dialog chose.
func (c *CSV) PreviewFile(kind string, path Path) (*CSVView, error) {
	return c.screenFile(kind, path, &csvImport{dry: true})
}

// PreviewChosenFile is PreviewChosen for a file the window's open dialog chose.
func (c *CSV) PreviewChosenFile(kind string, path Path) (*CSVView, error) {
	return c.screenFile(kind, path, &csvImport{dry: true, byKindColumn: true})
}

// ImportFile is ImportData for a file the window's open dialog chose.
func (c *CSV) ImportFile(kind string, path Path) (*CSVView, error) {
	return c.screenFile(kind, path, &csvImport{})
}

func (c *CSV) screenData(kind, name string, data []byte, im *csvImport) (*CSVView, error) {
	name = uploadName(name, "import.csv")
	if len(data) > MaxCSVUpload {
		return nil, InvalidP("file", domain.P("csv_upload_too_big", "name", name,
			"size", byteSize(int64(len(data))), "size_bytes", strconv.Itoa(len(data)),
			"limit", byteSize(MaxCSVUpload), "limit_bytes", strconv.Itoa(MaxCSVUpload),
			"cli_limit", byteSize(MaxCSVBytes), "cli_limit_bytes", strconv.Itoa(MaxCSVBytes)))
	}
	return c.screen(kind, name, bytes.NewReader(data), im)
}

func (c *CSV) screenFile(kind string, path Path, im *csvImport) (*CSVView, error) {
	name := uploadName(path, "import.csv")
	f, err := os.Open(path)
	if err != nil {
		return nil, scrubPath(err, path, name, "")
	}
	defer f.Close()
	v, err := c.screen(kind, name, f, im) // an open file is refused over MaxCSVBytes before it is read
	if err != nil {
		return nil, scrubPath(err, path, name, "")
	}
	return v, nil
}

// screen runs im (a preview or an import, as its fields say) on one file for the screen.
func (c *CSV) screen(kind, name string, r io.Reader, im *csvImport) (*CSVView, error) {
	im.c, im.sampleMax = c, MaxPreviewRows
	rep, err := c.run(im, kind, []CSVInput{{Name: name, R: r}})
	var ce *CSVError
	if err != nil && !errors.As(err, &ce) {
		return nil, AsError(err)
	}
	v := &CSVView{Name: name, Kind: string(im.only), Stored: rep.Stored, Created: rep.Created, Updated: rep.Updated,
		Unchanged: rep.Unchanged, Columns: im.columns, Rows: im.sample, Errors: rep.Errors, ErrorCount: len(rep.Errors) + rep.More}
	v.KindColumn = slices.Contains(im.heads[name], "kind")
	if len(rep.Files) > 0 {
		v.File = rep.Files[0]
	}
	if v.Columns == nil {
		v.Columns = []string{}
	}
	if v.Rows == nil {
		v.Rows = []CSVPreviewRow{}
	}
	if v.Errors == nil {
		v.Errors = []CellError{}
	}
	if len(v.Errors) > MaxPreviewErrors {
		v.Errors = v.Errors[:MaxPreviewErrors]
	}
	v.Warnings, v.WarningCount = rep.Warnings, rep.WarningCount
	if v.Warnings == nil {
		v.Warnings = []CellError{}
	}
	if len(v.Warnings) > MaxPreviewErrors {
		v.Warnings = v.Warnings[:MaxPreviewErrors]
	}
	return v, nil
}

// CSVFile is an export made for a download.
type CSVFile struct {
	Name      string `json:"name"` // the file name to suggest
	Data      []byte `json:"data"` // the CSV (base64 in JSON)
	Rows      int    `json:"rows"`
	Delimiter string `json:"delimiter"`
}

// ExportData writes the records a list shows — q as Records.List takes it, with its kind,
// filters and order, every page — to CSV bytes for a download. delimiter "", ",", ";" or
// "tab" ("": DefaultDelimiter). The file is the one `dossier csv export` writes for those
// records, and imports back unchanged.
func (c *CSV) ExportData(q Query, delimiter string) (*CSVFile, error) {
	var buf bytes.Buffer
	rep, err := c.exportQuery(&buf, q, delimiter)
	if err != nil {
		return nil, err
	}
	return &CSVFile{Name: exportName(q, time.Now()), Data: buf.Bytes(), Rows: rep.Rows, Delimiter: rep.Delimiter}, nil
}

// SaveExport is ExportData written to a file the window's save dialog named.
func (c *CSV) SaveExport(q Query, delimiter string, path Path) (*CSVExportReport, error) {
	var rep *CSVExportReport
	err := c.App.writeFileAt("path", path, 0o600, func(w io.Writer) error {
		var err error
		rep, err = c.exportQuery(w, q, delimiter)
		return err
	})
	if err != nil {
		return nil, AsError(err)
	}
	rep.Path = path
	return rep, nil
}

func (c *CSV) exportQuery(w io.Writer, q Query, delimiter string) (*CSVExportReport, error) {
	if q.Kind == "" {
		return nil, InvalidP("kind", domain.P("csv_export_kind_missing", "kinds", kindNames()))
	}
	if q.Deleted {
		return nil, InvalidP("deleted", domain.P("csv_export_deleted"))
	}
	q.Offset, q.Limit = 0, 0
	sq, err := (&Records{App: c.App}).checkQuery(store.Query(q))
	if err != nil {
		return nil, err
	}
	delim, err := exportDelimiter(delimiter)
	if err != nil {
		return nil, err
	}
	rep := &CSVExportReport{Delimiter: csvtext.DelimiterName(delim), Kinds: map[string]int{}}
	k := domain.Kind(sq.Kind)
	if err := c.write(w, []domain.Kind{k}, func(domain.Kind) store.Query { return sq }, delim, rep); err != nil {
		return nil, AsError(err)
	}
	return rep, nil
}

// exportName is the file name an export suggests: the kind's list name, "filtered" when the
// list was, and the local date and minute, so that two exports of a day do not take each
// other's name ("dossier-commitments-filtered-2026-12-02-1432.csv").
func exportName(q Query, now time.Time) string {
	k := domain.Kind(q.Kind)
	list := map[domain.Kind]string{domain.KindParty: "parties"}[k]
	if list == "" {
		list = string(k) + "s"
	}
	q.Kind, q.Sort, q.Lang, q.Offset, q.Limit = "", "", "", 0, 0
	if q != (Query{}) {
		list += "-filtered"
	}
	return fmt.Sprintf("dossier-%s-%s.csv", list, now.Format("2006-01-02-1504"))
}
