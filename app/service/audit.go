package service

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"dossier/app/domain"
	"dossier/app/internal/csvtext"
	"dossier/app/oplog"
	"dossier/app/store"
	"dossier/app/trust"
)

// Audit writes one file of who changed what (docs/csv.md, "The audit file"): a row per field
// change of every record, live or deleted, read from each record's history, so that it says
// exactly what the history screen says.
type Audit struct{ App *App }

// AuditColumns are the audit file's columns, in order.
var AuditColumns = []string{"at", "author", "author_key", "operation", "kind", "record", "title",
	"field", "old", "new", "origin", "concurrent", "concurrent_with", "change", "settled", "set_aside"}

// AuditReport says what an audit export wrote.
type AuditReport struct {
	Path      Path   `json:"path,omitempty"`
	Rows      int    `json:"rows"`
	Changes   int    `json:"changes"` // operations: a change of three fields is one change, three rows
	Since     string `json:"since,omitempty"`
	Delimiter string `json:"delimiter"`
}

// ExportData is the audit file for a download: field changes made on or after since
// (YYYY-MM-DD, UTC; "" = all), with the delimiter "", ",", ";" or "tab".
func (a *Audit) ExportData(since, delimiter string) (*CSVFile, error) {
	var buf bytes.Buffer
	rep, err := a.write(&buf, since, delimiter)
	if err != nil {
		return nil, err
	}
	name := fmt.Sprintf("dossier-audit-%s.csv", time.Now().Format("2006-01-02-1504"))
	if rep.Since != "" {
		name = fmt.Sprintf("dossier-audit-since-%s-%s.csv", rep.Since, time.Now().Format("2006-01-02-1504"))
	}
	return &CSVFile{Name: name, Data: buf.Bytes(), Rows: rep.Rows, Delimiter: rep.Delimiter}, nil
}

// SaveExport writes the audit file to path (the command line's --out, the window's dialog).
func (a *Audit) SaveExport(since, delimiter string, path Path) (*AuditReport, error) {
	var rep *AuditReport
	err := a.App.writeFileAt("path", path, 0o600, func(w io.Writer) error {
		var err error
		rep, err = a.write(w, since, delimiter)
		return err
	})
	if err != nil {
		return nil, AsError(err)
	}
	rep.Path = path
	return rep, nil
}

type auditRow struct {
	at   time.Time
	key  string // author, seq: the order of rows that share a time
	seq  uint64
	cols []string
}

func (a *Audit) write(w io.Writer, since, delimiter string) (*AuditReport, error) {
	from, err := auditSince(since)
	if err != nil {
		return nil, err
	}
	delim, err := exportDelimiter(delimiter)
	if err != nil {
		return nil, err
	}
	rows, changes, err := a.rows(from)
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rows, func(i, j int) bool {
		ri, rj := rows[i], rows[j]
		if !ri.at.Equal(rj.at) {
			return ri.at.Before(rj.at)
		}
		if ri.key != rj.key {
			return ri.key < rj.key
		}
		return ri.seq < rj.seq
	})
	bw := bufio.NewWriter(w)
	bw.WriteString("\ufeff")
	cw := csv.NewWriter(bw) // UseCRLF stays off: it would drop the CRs of the values
	cw.Comma = delim
	if err := cw.Write(AuditColumns); err != nil {
		return nil, err
	}
	for _, r := range rows {
		for i := range r.cols {
			r.cols[i] = csvtext.Neutralise(r.cols[i])
		}
		if err := cw.Write(r.cols); err != nil {
			return nil, err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, err
	}
	if err := bw.Flush(); err != nil {
		return nil, err
	}
	rep := &AuditReport{Rows: len(rows), Changes: changes, Delimiter: csvtext.DelimiterName(delim)}
	if !from.IsZero() {
		rep.Since = from.Format(time.DateOnly)
	}
	return rep, nil
}

// auditSince reads the --since date: a day, from its start in UTC.
func auditSince(since string) (time.Time, error) {
	since = strings.TrimSpace(since)
	if since == "" {
		return time.Time{}, nil
	}
	if p, bad := domain.DateProblem(since); bad {
		return time.Time{}, InvalidP("since", p)
	}
	return time.Parse(time.DateOnly, since)
}

// rows reads the history of every record of every kind, live then deleted, and keeps the
// changes made at or after from. changes counts the operations kept.
func (a *Audit) rows(from time.Time) ([]auditRow, int, error) {
	recs := &Records{App: a.App}
	nm, err := (&Sync{App: a.App}).historyNames()
	if err != nil {
		return nil, 0, err
	}
	var rows []auditRow
	changes := 0
	// Trust statements are records too: who trusted or revoked whom belongs in an audit.
	for _, k := range append(orderedKinds(), domain.Kind(trust.Kind)) {
		for _, deleted := range []bool{false, true} {
			q := store.Query{Kind: string(k), Deleted: deleted}
			for off := 0; ; {
				q.Offset, q.Limit = off, store.MaxLimit
				page := a.App.Store.Query(q)
				for _, s := range page.Items {
					hist, err := recs.historyOf(s.ID, k, nm)
					if err != nil {
						return nil, 0, err
					}
					for _, e := range hist {
						at, err := time.Parse(time.RFC3339Nano, e.At)
						if err != nil {
							return nil, 0, fmt.Errorf("history of %s: change %s/%d has no readable time %q", s.ID, e.Author, e.Seq, e.At)
						}
						if at.Before(from) {
							continue
						}
						changes++
						rows = append(rows, auditEntryRows(k, s, e, at)...)
					}
				}
				off += len(page.Items)
				if len(page.Items) == 0 || off >= page.Total {
					break
				}
			}
		}
	}
	return rows, changes, nil
}

// auditEntryRows is one history entry as rows, one per field it changed.
func auditEntryRows(k domain.Kind, s store.Summary, e HistoryEntry, at time.Time) []auditRow {
	origin := e.Origin
	if e.Bundle != "" {
		origin = "bundle " + e.Bundle
	}
	var out []auditRow
	for _, c := range e.Changes {
		concurrent, with := "no", ""
		if len(c.Concurrent) > 0 {
			concurrent = "yes"
			names := make([]string, len(c.Concurrent))
			for i, key := range c.Concurrent {
				names[i] = key
				if n := e.Names[key]; n != "" {
					names[i] = n + " (" + key + ")"
				}
			}
			with = strings.Join(names, "; ")
		}
		settled, aside := "no", ""
		if len(c.Settled) > 0 {
			settled, aside = "yes", setAside(e, c)
		}
		out = append(out, auditRow{at: at, key: e.Author, seq: e.Seq, cols: []string{
			at.UTC().Format(time.RFC3339), e.AuthorName, e.Author, string(e.Type), string(k), s.ID, store.EnglishTitle(s.Title, s.Parts),
			c.Field, auditValue(c.Old), auditValue(c.New), origin, concurrent, with, strconv.FormatUint(e.Seq, 10), settled, aside}})
	}
	return out
}

// setAside is the set_aside cell of a change that settled a conflict: each value of the
// conflict it did not keep, as the old and new cells write values, with its authors by name
// and key id, in the conflict's order: "stalled: B. Okafor (1B8D…); in_progress: C. Eze (…)".
// The value kept is the one the change wrote, else the one it left (docs/storage.md, "History").
func setAside(e HistoryEntry, c oplog.Change) string {
	kept := c.New
	if c.Wrote != nil {
		kept = c.Wrote
	}
	var values []string
	by := map[string][]string{}
	for _, sd := range c.Settled {
		if bytes.Equal(sd.Value, kept) {
			continue
		}
		v := auditValue(sd.Value)
		if _, ok := by[v]; !ok {
			values = append(values, v)
		}
		who := sd.Author
		if n := e.Names[sd.Author]; n != "" {
			who = n + " (" + sd.Author + ")"
		}
		by[v] = append(by[v], who)
	}
	for i, v := range values {
		values[i] = v + ": " + strings.Join(by[v], ", ")
	}
	return strings.Join(values, "; ")
}

// auditValue writes a stored value as a cell: text as it is, nothing for null, any other value
// as compact JSON (lists, numbers, booleans, funding lines).
func auditValue(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if raw[0] == '"' && json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if json.Compact(&buf, raw) == nil {
		return buf.String()
	}
	return string(raw)
}
