package service

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"

	"dossier/app/domain"
	"dossier/app/internal/csvtext"
	"dossier/app/store"
)

// CSVExport says what to export.
type CSVExport struct {
	Kinds     []string `json:"kinds"`     // empty or ["all"]: every kind, in one file
	Path      Path     `json:"path"`      // the file to write
	Delimiter string   `json:"delimiter"` // ",", ";" or "tab"; "" = DefaultDelimiter()
}

// CSVExportReport says what an export wrote.
type CSVExportReport struct {
	Path      Path           `json:"path"`
	Delimiter string         `json:"delimiter"`
	Rows      int            `json:"rows"`
	Kinds     map[string]int `json:"kinds"`
}

// Export writes every live record of a kind ("all", or several separated by commas) to
// path, with the system's default delimiter.
func (c *CSV) Export(kind string, path Path) (int, error) {
	rep, err := c.ExportFile(CSVExport{Kinds: strings.Split(kind, ","), Path: path})
	if err != nil {
		return 0, err
	}
	return rep.Rows, nil
}

// ExportFile writes records to a CSV file that Excel opens as it is: UTF-8 with a
// byte-order mark, a kind and an id column, the names of referenced records next to their
// ids, and formulas neutralised.
func (c *CSV) ExportFile(req CSVExport) (*CSVExportReport, error) {
	kinds, err := exportKinds(req.Kinds)
	if err != nil {
		return nil, err
	}
	delim, err := exportDelimiter(req.Delimiter)
	if err != nil {
		return nil, err
	}
	rep := &CSVExportReport{Path: req.Path, Delimiter: csvtext.DelimiterName(delim), Kinds: map[string]int{}}
	err = c.App.writeFileAt("path", req.Path, 0o600, func(w io.Writer) error {
		return c.write(w, kinds, func(k domain.Kind) store.Query { return store.Query{Kind: string(k)} }, delim, rep)
	})
	if err != nil {
		return nil, AsError(err)
	}
	return rep, nil
}

// write writes the CSV of the records each kind's query selects (in the query's order) to w:
// a byte-order mark, the header of every column of the kinds, one row per record. rep counts
// the rows.
func (c *CSV) write(w io.Writer, kinds []domain.Kind, query func(domain.Kind) store.Query, delim rune, rep *CSVExportReport) error {
	cols := []string{"kind", "id"}
	have := map[string]bool{"kind": true, "id": true}
	for _, k := range kinds {
		for _, f := range domain.Schema(k) {
			for _, col := range []string{f.Name, nameColumn(k, f)} {
				if col != "" && !have[col] {
					have[col] = true
					cols = append(cols, col)
				}
			}
		}
	}
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	// Rows end with LF (UseCRLF stays off: it would drop every CR inside a cell and write
	// each LF as CR LF). A cell holding CR or LF is quoted, its bytes as they are.
	cw := csv.NewWriter(bw)
	cw.Comma = delim
	if err := cw.Write(cols); err != nil {
		return err
	}
	keys := newExportKeys(c.App.Store)
	for _, k := range kinds {
		n, err := c.exportKind(cw, query(k), cols, keys)
		if err != nil {
			return err
		}
		rep.Kinds[string(k)] = n
		rep.Rows += n
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// exportDelimiter reads the delimiter an export asks for: "" is the system's default.
func exportDelimiter(name string) (rune, error) {
	if name == "" {
		return csvtext.DefaultDelimiter(), nil
	}
	d, ok := csvtext.ParseDelimiter(name)
	if !ok {
		return 0, InvalidP("delimiter", domain.P("csv_delimiter", "value", name))
	}
	return d, nil
}

func exportKinds(names []string) ([]domain.Kind, error) {
	want := map[domain.Kind]bool{}
	for _, n := range names {
		n = strings.ToLower(strings.TrimSpace(n))
		if n == "" {
			continue
		}
		if n == "all" {
			for _, k := range domain.Kinds {
				want[k] = true
			}
			continue
		}
		k, ok := domain.ParseKind(n)
		if !ok {
			return nil, InvalidP("kind", domain.P("csv_export_kind_unknown", "value", n, "kinds", kindNames()))
		}
		want[k] = true
	}
	if len(want) == 0 {
		for _, k := range domain.Kinds {
			want[k] = true
		}
	}
	var out []domain.Kind
	for _, k := range orderedKinds() {
		if want[k] {
			out = append(out, k)
		}
	}
	return out, nil
}

func (c *CSV) exportKind(cw *csv.Writer, q store.Query, cols []string, keys *exportKeys) (int, error) {
	st := c.App.Store
	k := domain.Kind(q.Kind)
	n := 0
	for off := 0; ; {
		q.Offset, q.Limit = off, store.MaxLimit
		page := st.Query(q)
		for _, s := range page.Items {
			rec, err := st.Get(s.ID)
			if err != nil {
				return n, err
			}
			row := make([]string, len(cols))
			for i, col := range cols {
				switch {
				case col == "kind":
					row[i] = string(k)
				case col == "id":
					row[i] = rec.ID
				default:
					if f, ok := domain.FieldOf(k, col); ok {
						row[i] = keys.format(f, rec.Value(col))
					} else if f, ok := fieldOfNameColumn(k, col); ok {
						row[i] = c.names(f, rec.Value(f.Name))
					}
				}
				row[i] = csvtext.Neutralise(row[i])
			}
			if err := cw.Write(row); err != nil {
				return n, err
			}
			n++
		}
		off += len(page.Items)
		if len(page.Items) == 0 || off >= page.Total {
			return n, nil
		}
	}
}

// names writes the titles or names of the records a reference field points to, in the
// order of the ids, in the syntax the field's column uses (a JSON list when a name holds
// the ";" that separates them). A record that is not held is written by its id.
func (c *CSV) names(f domain.Field, raw json.RawMessage) string {
	refs, roles := refParts(f, raw)
	if len(refs) == 0 {
		return ""
	}
	labels := make([]string, len(refs))
	semicolon := false
	for i, id := range refs {
		labels[i] = id
		if s, ok := c.App.Store.Summary(id); ok && s.Title != "" {
			labels[i] = s.Title
		}
		semicolon = semicolon || strings.Contains(labels[i], ";")
	}
	if f.Type == domain.TypeRef {
		return labels[0]
	}
	if semicolon {
		var v any = labels
		if roles != nil {
			prs := make([]map[string]string, len(labels))
			for i := range labels {
				prs[i] = map[string]string{"party": labels[i], "role": roles[i]}
			}
			v = prs
		}
		return string(marshalText(v))
	}
	for i := range labels {
		if roles != nil {
			labels[i] += ":" + roles[i]
		}
	}
	return strings.Join(labels, "; ")
}

// exportKeys writes the references inside list cells (a funding entry's or an indicator
// value's country) as natural keys, so that the cell reads "Mauritania" where the store holds
// an id. Each is written as the first of the record's name and its other keys (ISO3 code,
// country names, acronym) that an import of the file resolves back to the same record, by the
// same index the import uses; when none does (two parties named alike), or the record is not
// held, as its id. So importing the export stores the same ids (docs/csv.md, "References
// inside JSON cells").
type exportKeys struct{ ix *keyIndex }

func newExportKeys(st *store.Store) *exportKeys {
	all := func(string) bool { return false }
	return &exportKeys{ix: &keyIndex{load: func(k domain.Kind) []keyed { return liveKeys(st, k, all) }}}
}

// key is the text that names the record id of kind k in a cell.
func (e *exportKeys) key(k domain.Kind, id string) string {
	kk := e.ix.kind(k)
	i, held := kk.pos[id]
	if !held {
		return id
	}
	r := kk.all[i]
	tries := []string{r.label}
	for _, nk := range r.keys {
		tries = append(tries, nk.text)
	}
	for _, t := range tries {
		if t == "" || isID(strings.ToLower(normKey(t))) {
			continue
		}
		if got, p := e.ix.resolve(k, t); p == nil && got == id {
			return t
		}
	}
	return id
}

// format writes a field's value for a cell, with the references inside lists as keys.
func (e *exportKeys) format(f domain.Field, raw json.RawMessage) string {
	if f.Type == domain.TypeList && listHoldsRefs(f.Columns) {
		raw = mapListRefs(f.Columns, raw, "", func(_ string, col domain.Field, text string) string {
			if !isID(text) {
				return text
			}
			return e.key(col.Ref, text)
		})
	}
	return FormatValue(f, raw)
}
