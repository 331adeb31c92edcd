package service

// The import preview (docs/trust.md, "Import preview"): the import itself, run by
// store.Importer.Preview to its end without its commit, and what it would do told record by
// record. The same stream, intake decision, admit checks and apply run as for an import, so
// the preview lists what the import then does.

import (
	"context"
	"encoding/json"
	"strings"

	"dossier/app/domain"
	"dossier/app/internal/textcap"
	"dossier/app/oplog"
	"dossier/app/store"
)

// Preview bounds: a preview holds no more of a big bundle than its import does, so it lists
// the first records and counts the rest ("and N more").
const (
	PreviewRecords = 200 // records listed
	PreviewChanges = 40  // field changes listed per record
)

// ImportPreview is what importing a bundle would do, record by record. Counts are of the
// whole bundle; Records lists the first PreviewRecords records it touches, in the order the
// import reaches them.
type ImportPreview struct {
	Records   []PreviewRecord `json:"records"`
	More      int             `json:"more"` // records touched beyond those listed
	Created   int             `json:"records_created"`
	Updated   int             `json:"records_updated"`
	Conflicts int             `json:"conflicts_raised"`
}

// PreviewRecord is one record the import would create or change.
type PreviewRecord struct {
	Record      string            `json:"record"`
	Kind        string            `json:"kind"`
	Title       string            `json:"title,omitempty"`
	Created     bool              `json:"created"`
	Changes     []PreviewChange   `json:"changes"`
	MoreChanges int               `json:"more_changes,omitempty"` // beyond PreviewChanges
	Conflicts   []PreviewConflict `json:"conflicts,omitempty"`    // raised by the import
}

// PreviewChange is one field one change would set: old → new, by whom.
type PreviewChange struct {
	Field      string          `json:"field"`
	Old        json.RawMessage `json:"old,omitempty"`
	New        json.RawMessage `json:"new"`
	Author     string          `json:"author"` // key id
	AuthorName string          `json:"author_name"`
	Seq        uint64          `json:"seq"`
	At         string          `json:"at"`
}

// PreviewConflict is a conflict the import would raise: the field and its values, the one
// shown first.
type PreviewConflict struct {
	Field  string          `json:"field"`
	Values []ConflictValue `json:"values"`
}

// previewer gathers a preview's rows from the store's steps, holding only the listed ones.
type previewer struct {
	s     *Sync
	nm    namer
	pv    *ImportPreview
	index map[string]int // listed record → position in pv.Records
	// created, updated: records of the bundle's kinds (not system records), counted as an
	// import's report counts them.
	created, updated int
}

func (p *previewer) step(st store.PreviewStep) error {
	op := st.Op
	if strings.HasPrefix(op.Kind, "sys_") {
		return nil
	}
	i, ok := p.index[op.Record]
	if !ok {
		if len(p.pv.Records) >= PreviewRecords {
			return nil
		}
		i = len(p.pv.Records)
		p.index[op.Record] = i
		p.pv.Records = append(p.pv.Records, PreviewRecord{Record: op.Record, Kind: op.Kind, Created: st.Created, Changes: []PreviewChange{}})
	}
	r := &p.pv.Records[i]
	schemaSort(domain.Kind(op.Kind), st.Changes) // as the record's history will show them
	for _, c := range st.Changes {
		if len(r.Changes) >= PreviewChanges {
			r.MoreChanges++
			continue
		}
		r.Changes = append(r.Changes, PreviewChange{Field: c.Field, Old: capValue(c.Old), New: capValue(c.New),
			Author: op.Author, AuthorName: p.nm.name(op.Author), Seq: op.Seq, At: op.Clock.Time().Format("2006-01-02T15:04:05.000Z")})
	}
	return nil
}

// end fills a listed record's title and the conflicts the import raises on it: those open
// after it that were not open before.
func (p *previewer) end(e store.PreviewEnd) error {
	switch {
	case strings.HasPrefix(e.Record.Kind, "sys_"):
	case e.Created:
		p.created++
	default:
		p.updated++
	}
	i, ok := p.index[e.Record.ID]
	if !ok {
		return nil
	}
	r := &p.pv.Records[i]
	r.Title = textcap.Cut(store.Title(domain.Kind(e.Record.Kind), e.Record.Fields()), 200)
	before := map[string]bool{}
	if e.ConflictsBefore > 0 {
		if held, err := p.s.App.Store.Get(e.Record.ID); err == nil {
			for _, c := range held.Conflicts() {
				before[conflictKey(c)] = true
			}
		}
	}
	for _, c := range e.Record.Conflicts() {
		if before[conflictKey(c)] {
			continue
		}
		pc := PreviewConflict{Field: c.Field}
		for j, w := range c.Values {
			pc.Values = append(pc.Values, ConflictValue{Value: capValue(w.Value), Author: w.Author, AuthorName: p.nm.name(w.Author), At: at(w.Clock), Winning: j == 0})
		}
		r.Conflicts = append(r.Conflicts, pc)
	}
	return nil
}

// conflictKey tells one open conflict from another: its field and the writes in it.
func conflictKey(c oplog.Conflict) string {
	k := c.Field
	for _, w := range c.Values {
		k += "\x00" + w.Author + "\x00" + string(w.Value)
	}
	return k
}

// capValue keeps a listed value short: a long text is cut, as a JSON string.
func capValue(v json.RawMessage) json.RawMessage {
	const max = 2000
	if len(v) <= max {
		return v
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		out, _ := json.Marshal(textcap.Cut(s, max/2))
		return out
	}
	out, _ := json.Marshal(textcap.Cut(string(v), max/2))
	return out
}

// sink is what the store's preview reports to.
func (p *previewer) sink() store.PreviewSink {
	return store.PreviewSink{Step: p.step, End: p.end}
}

// finish sets the counts from the import's result, as an import's report counts them.
func (p *previewer) finish(rep *BundleReport) {
	p.pv.Created, p.pv.Updated, p.pv.Conflicts = rep.Created, rep.Updated, rep.Conflicts
	p.pv.More = max(0, rep.Created+rep.Updated-len(p.pv.Records))
	rep.Preview = p.pv
}

// PreviewFile says what importing a bundle file would do, record by record, and writes
// nothing. A refused bundle is a report (Status "refused") with the refused change, as its
// import would refuse it.
func (s *Sync) PreviewFile(path Path) (*BundleReport, error) {
	data, rep, err := s.readBundle(path)
	if err != nil {
		return rep, nil
	}
	return s.PreviewData(path, data)
}

// PreviewData is PreviewFile for a bundle given as bytes (an upload in browser mode).
func (s *Sync) PreviewData(name string, data []byte) (*BundleReport, error) {
	if s.App.Identity == nil {
		rep := &BundleReport{File: name, Status: StatusRefused, Authors: []AuthorReport{}}
		_ = s.refusal(rep, ProblemUnknownAuthor, "this installation has no identity yet, so it trusts nobody: run `dossier init --name NAME` and trust the sender's card first")
		return rep, nil
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	rep, _ := s.examineMode(context.Background(), name, data, modePreview, nil)
	return rep, nil
}

// Preview previews bundle files one by one, each against the data as it is now (a file
// that needs an earlier one of the same set is shown as its import alone would be).
func (s *Sync) Preview(paths ...Path) ([]*BundleReport, error) {
	out := make([]*BundleReport, 0, len(paths))
	for _, p := range paths {
		rep, err := s.PreviewFile(p)
		if err != nil {
			return out, err
		}
		out = append(out, rep)
	}
	return out, nil
}

// examineMode: what examineMode does with a bundle.
type examineMode int

const (
	modeInspect examineMode = iota // verify and count, from the decoded bundle
	modeImport                     // stream it into the store
	modePreview                    // stream it into the store without the commit
)

func (s *Sync) previewerFor(mode examineMode, nm namer) *previewer {
	if mode != modePreview {
		return nil
	}
	return &previewer{s: s, nm: nm, pv: &ImportPreview{Records: []PreviewRecord{}}, index: map[string]int{}}
}

// previewed ends a previewed stream: the store runs the import without its commit, and the
// report says what the import would have said, with the records listed.
func (s *Sync) previewed(ctx context.Context, rep *BundleReport, imp *store.Importer, pv *previewer, ts *trustState, nm namer) error {
	res, err := imp.Preview(ctx, pv.sink())
	if err != nil {
		return s.streamRefusal(rep, err, nil, ts, nm, false)
	}
	rep.New, rep.Known = res.New, res.Known
	rep.Created, rep.Updated = pv.created, pv.updated
	rep.Trust = res.Kinds[KindTrust]
	rep.Conflicts, rep.Breaking = res.Conflicts, res.Breaking
	rep.Status = StatusOK
	if res.New == 0 {
		rep.Status = StatusNothing
	}
	pv.finish(rep)
	return nil
}
