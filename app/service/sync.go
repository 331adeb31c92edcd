package service

// Sync: identity cards, trust, and bundles out and in (docs/bundle-format.md,
// docs/trust.md). Import verifies everything before anything is written.

import (
	"context"
	"dossier/app/internal/scratch"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"dossier/app/admit"
	"dossier/app/bundle"
	"dossier/app/domain"
	"dossier/app/identity"
	"dossier/app/intake"
	"dossier/app/internal/textcap"
	"dossier/app/oplog"
	"dossier/app/store"
)

// CodeRefused is the error code of a bundle (or card) that was refused: nothing was written.
const CodeRefused = "refused"

// Problems of a refused bundle (BundleReport.Problem), beside the bundle.Problem* ones.
const (
	ProblemMissing        = intake.ProblemMissing
	ProblemUnknownAuthor  = intake.ProblemUnknownAuthor
	ProblemTrustConflict  = intake.ProblemTrustConflict // two keys vouched for under one key id (docs/trust.md)
	ProblemRevoked        = intake.ProblemRevoked
	ProblemSignature      = intake.ProblemSignature
	ProblemFork           = intake.ProblemFork
	ProblemTrustStatement = intake.ProblemTrustStatement
	ProblemFailed         = "failed"         // the store could not apply it (disk, …)
	ProblemInvalidChange  = "invalid_change" // a change a form would refuse (docs/trust.md)
	ProblemClockAhead     = "clock_ahead"    // stamped too far ahead of this computer's clock
	ProblemNeedsUpdate    = "needs_update"   // a kind, field or value this version does not know
	ProblemCanceled       = "canceled"       // canceled before its commit (CancelImport)
)

// Bundle report statuses.
const (
	StatusImported = "imported" // new changes applied
	StatusNothing  = "nothing_new"
	StatusRefused  = "refused"
	StatusOK       = "ok" // inspect: it would be imported
)

// syncMu serialises imports, exports and trust changes within this process.
var syncMu sync.Mutex

// Sync is the use cases on identity cards, trust and bundles.
type Sync struct {
	App    *App
	Limits *bundle.Limits // nil: bundle.DefaultLimits()
	// Watch, when set, is called as the import of each bundle begins, with a function that
	// reads its progress (the command line's progress line).
	Watch func(file string, progress func() ImportCount)
}

func (s *Sync) limits() bundle.Limits {
	if s.Limits != nil {
		return *s.Limits
	}
	return bundle.DefaultLimits()
}

// PeerView names an installation.
type PeerView struct {
	KeyID       string `json:"key_id"`
	Name        string `json:"name"`
	Role        string `json:"role,omitempty"`
	Delegation  string `json:"delegation,omitempty"`
	Fingerprint string `json:"fingerprint,omitempty"`
	Trust       string `json:"trust,omitempty"`
	// Claims is what the self-signed card of an exporter not trusted here says: their own
	// words, not verified by anyone this installation trusts.
	Claims *PeerClaim `json:"claims,omitempty"`
}

// PeerClaim is what an identity card claims.
type PeerClaim struct {
	Name       string `json:"name"`
	Role       string `json:"role"`
	Delegation string `json:"delegation"`
}

// AuthorReport is one author's run in a bundle.
type AuthorReport struct {
	Author string `json:"author"`
	Name   string `json:"name"`
	// NameClaimed: the name is only what the bundle's own card claims (not verified).
	NameClaimed bool   `json:"name_claimed,omitempty"`
	From        uint64 `json:"from"`
	To          uint64 `json:"to"`
	Ops         int    `json:"ops"`
	New         int    `json:"new"`
	Known       int    `json:"known"`
	Trust       string `json:"trust,omitempty"`
	Checkpoint  string `json:"checkpoint,omitempty"` // verified, not verified
}

// OpView shows one operation, for fork evidence.
type OpView struct {
	Author string            `json:"author"`
	Seq    uint64            `json:"seq"`
	At     string            `json:"at"`
	Type   oplog.OpType      `json:"type"`
	Kind   string            `json:"kind"`
	Record string            `json:"record"`
	Title  string            `json:"title,omitempty"`
	Parts  *store.TitleParts `json:"parts,omitempty"` // what a record without a title is named by
	Prev   string            `json:"prev"`
	Hash   string            `json:"hash"`
	Writes string            `json:"writes"` // what it sets, adds and removes, in one line
	Op     string            `json:"op"`     // the canonical bytes
}

// ForkView is the evidence that an author's installation produced two histories.
type ForkView struct {
	Author     string  `json:"author"`
	AuthorName string  `json:"author_name"`
	Seq        uint64  `json:"seq"`
	Held       *OpView `json:"held"`
	Other      *OpView `json:"other"`
	Note       string  `json:"note"`
}

// BundleReport says what a bundle holds and what importing it did (or would do).
type BundleReport struct {
	File      string `json:"file"`
	Status    string `json:"status"` // imported, nothing_new, refused, ok (inspect)
	Problem   string `json:"problem,omitempty"`
	Message   string `json:"message,omitempty"` // why it was refused and what to do
	Bundle    string `json:"bundle,omitempty"`
	CreatedAt string `json:"created_at,omitempty"`
	Format    int    `json:"format,omitempty"`
	// MadeBy is the Dossier version that wrote the bundle: from its signed header, or, for a
	// bundle in a newer format, what its first bytes claim. "" for bundles written before
	// 0.1.0 (and files that do not say).
	MadeBy     string         `json:"made_by,omitempty"`
	Encrypted  bool           `json:"encrypted"`
	Recipients []PeerView     `json:"recipients,omitempty"`
	Exporter   *PeerView      `json:"exporter,omitempty"`
	FileBytes  int64          `json:"file_bytes"`
	BodyBytes  int64          `json:"body_bytes,omitempty"`
	RawBytes   int64          `json:"body_raw_bytes,omitempty"`
	Ops        int            `json:"ops"`
	Holds      oplog.VV       `json:"holds,omitempty"`
	Authors    []AuthorReport `json:"authors"`
	New        int            `json:"new"`
	Known      int            `json:"known"`
	Created    int            `json:"records_created"`
	Updated    int            `json:"records_updated"`
	Trust      int            `json:"trust_statements"`
	Conflicts  int            `json:"conflicts_raised"`
	// Breaking is how many records the import left breaking a rule of their own that did not
	// before it (one party given two roles by two changes made at the same time): listed on
	// the Conflicts screen and by `dossier conflicts` (docs/api.md, "Import result").
	Breaking int            `json:"records_breaking"`
	Fork     *ForkView      `json:"fork,omitempty"`
	Header   *bundle.Header `json:"header,omitempty"` // inspect only
	// Warnings are what went wrong after the changes were imported (they are imported).
	Warnings []string `json:"warnings,omitempty"`
	// Files is how many attachments the bundle carries; FilesKept how many of them were
	// stored here (those already held, or that no record refers to, are not stored again).
	Files     int `json:"files,omitempty"`
	FilesKept int `json:"files_kept,omitempty"`
	// Params are the values a refusal names (who, which changes, since when), for the UI to
	// word with Problem in the reader's language; Message keeps the English. "case" tells
	// apart two refusals under one problem (cycle under missing_changes).
	Params map[string]string `json:"params,omitempty"`
	// Change is the refused change behind invalid_change, needs_update and clock_ahead.
	Change *RefusedChange `json:"change,omitempty"`
	// Preview: what the import would do, record by record (a preview only).
	Preview *ImportPreview `json:"preview,omitempty"`
}

// RefusedChange names a refused change and what is wrong with it, as codes and values.
type RefusedChange struct {
	Seq    uint64 `json:"seq"`
	Author string `json:"author"` // the author's name, or key id when unknown
	Kind   string `json:"kind"`
	Record string `json:"record"`
	Title  string `json:"title,omitempty"` // the record's title here, when it exists
	// Parts name the record here when it has no title of its own (docs/api.md, "Composed titles").
	Parts *store.TitleParts `json:"parts,omitempty"`
	// Rule is what the change broke (admit.Rule: fields, kind, kind_change, no_record,
	// reserved, clock); Params its values, Problems per field for "fields".
	Rule     string                    `json:"rule"`
	Params   map[string]string         `json:"params,omitempty"`
	Problems map[string]domain.Problem `json:"problems,omitempty"`
}

func (s *Sync) peersOf(keys []string, ts *trustState) []PeerView {
	var out []PeerView
	for _, k := range keys {
		v := PeerView{KeyID: k, Name: s.nameOf(k, ts)}
		if ts != nil {
			v.Trust = ts.Status(k).State
		}
		out = append(out, v)
	}
	return out
}

// ---------------------------------------------------------------------------------------
// Import and inspect

// Import imports bundle files in the order given, each all or nothing. A bundle refused
// only because an earlier one is missing is tried again after the others. It returns one
// report per file and, when any was refused, an error saying how many.
func (s *Sync) Import(paths ...Path) ([]*BundleReport, error) {
	reports := make([]*BundleReport, len(paths))
	pending := make([]int, len(paths))
	for i := range pending {
		pending[i] = i
	}
	for {
		progress := false
		var retry []int
		for _, i := range pending {
			rep, err := s.ImportFile(paths[i])
			reports[i] = rep
			if err == nil && rep.New > 0 {
				progress = true
			}
			if err != nil && rep.Problem == ProblemMissing {
				retry = append(retry, i)
			}
		}
		if !progress || len(retry) == 0 {
			break
		}
		pending = retry
	}
	refused := 0
	for _, r := range reports {
		if r.Status == StatusRefused {
			refused++
		}
	}
	if refused > 0 {
		return reports, &Error{Code: CodeRefused, Message: refusedCount(refused, len(paths))}
	}
	return reports, nil
}

// refusedCount says how many of the bundles given were refused, a count of one in the
// singular: "the bundle was refused" when it was the only one, "1 of 3 bundles was refused".
func refusedCount(refused, total int) string {
	if total == 1 {
		return "the bundle was refused; nothing of it was imported"
	}
	if refused == 1 {
		return fmt.Sprintf("1 of %d bundles was refused; nothing of it was imported", total)
	}
	return fmt.Sprintf("%d of %d bundles were refused; nothing of them was imported", refused, total)
}

func (s *Sync) readBundle(path Path) ([]byte, *BundleReport, error) {
	rep := &BundleReport{File: path, Status: StatusRefused, Authors: []AuthorReport{}}
	lim := s.limits()
	info, err := os.Stat(path)
	if err != nil {
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, fmt.Sprintf("cannot read the file: %v", errors.Unwrap(err)))
	}
	if info.IsDir() {
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, "this is a directory: choose a .dossier file")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, fmt.Sprintf("cannot read the file: %v", errors.Unwrap(err)))
	}
	defer f.Close()
	in := f
	if !info.Mode().IsRegular() { // a pipe or a device (`dossier import <(curl …)`): no size to check first
		spooled, over, err := spoolStream(f, lim.MaxFileBytes)
		switch {
		case err != nil:
			return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, fmt.Sprintf("cannot read the file: %v", err))
		case over:
			return nil, rep, s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: the file is more than %d bytes, the limit: ask the sender to export fewer changes at a time", lim.MaxFileBytes))
		}
		defer spooled.remove()
		in = spooled.File.File
	}
	data, size, err := readLimited(in, lim.MaxFileBytes)
	switch {
	case err != nil:
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, fmt.Sprintf("cannot read the file: %v", err))
	case size > lim.MaxFileBytes:
		rep.FileBytes = size
		return nil, rep, s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: the file is %d bytes, the limit is %d bytes: ask the sender to export fewer changes at a time", size, lim.MaxFileBytes))
	case size < 0:
		return nil, rep, s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: the file is more than %d bytes, the limit: ask the sender to export fewer changes at a time", lim.MaxFileBytes))
	}
	return data, rep, nil
}

// spooled is a stream copied to a temporary file (spoolStream), open at its start.
type spooled struct{ *scratch.File }

// remove closes the temporary file, which leaves nothing on disk.
func (sp spooled) remove() { sp.Close() }

// spoolStream copies a stream of unknown size (a pipe, a device) to a temporary file in the
// OS temp dir, to one byte past limit, so that it is then read as a regular file is: its size
// checked, then one buffer of it. Read into memory, a stream's buffer doubled up to the limit,
// and 512 MiB from a pipe peaked near 1.5 GB before it was refused; now a refusal costs a
// 32 KiB copy buffer. over is true, and nothing is left on disk, when the stream holds more
// than limit bytes. The file is the caller's to remove. (Cards, 16 KiB, stay in memory.)
func spoolStream(r io.Reader, limit int64) (sp spooled, over bool, err error) {
	f, err := scratch.Create("dossier-import-*.dossier") // a bundle may not be encrypted: see scratch
	if err != nil {
		return spooled{}, false, fmt.Errorf("cannot make a temporary copy: %w", err)
	}
	sp = spooled{f}
	n, err := io.CopyN(f, r, limit+1)
	switch {
	case err != nil && err != io.EOF:
		sp.remove()
		return spooled{}, false, fmt.Errorf("cannot copy it to the temporary folder %s: %w", os.TempDir(), err)
	case n > limit:
		sp.remove()
		return spooled{}, true, nil
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		sp.remove()
		return spooled{}, false, err
	}
	return sp, false, nil
}

// ImportFile imports one bundle file, all or nothing.
func (s *Sync) ImportFile(path Path) (*BundleReport, error) {
	data, rep, err := s.readBundle(path)
	if err != nil {
		return rep, err
	}
	return s.ImportData(path, data)
}

// ImportData imports a bundle given as bytes; name is shown in the report.
func (s *Sync) ImportData(name string, data []byte) (*BundleReport, error) {
	if s.App.Identity == nil {
		rep := &BundleReport{File: name, Status: StatusRefused, Authors: []AuthorReport{}}
		return rep, s.refusal(rep, ProblemUnknownAuthor, "this installation has no identity yet, so it trusts nobody: run `dossier init --name NAME` and trust the sender's card first")
	}
	var prog *importCounters
	if s.Watch != nil {
		prog = &importCounters{}
		s.Watch(name, prog.count)
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	return s.examineCtx(context.Background(), name, data, true, prog)
}

// Inspect verifies a bundle file and says what importing it would do, without importing.
func (s *Sync) Inspect(path Path) (*BundleReport, error) {
	data, rep, err := s.readBundle(path)
	if err != nil {
		return rep, nil
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	rep, _ = s.examine(path, data, false)
	return rep, nil
}

// refusal refuses the bundle; kv are the values the UI words the problem with.
func (s *Sync) refusal(rep *BundleReport, problem, msg string, kv ...string) error {
	rep.Status, rep.Problem, rep.Message = StatusRefused, problem, msg
	rep.Params = domain.P("", kv...).Params
	return &Error{Code: CodeRefused, Message: rep.File + ": refused: " + msg}
}

// changeRefusal words a refused change: who, which change, which record, what is wrong, and
// what to do.
func (s *Sync) changeRefusal(ae *admit.Error, nameID, name func(string) string) (problem, msg string, ch *RefusedChange) {
	ch = &RefusedChange{Seq: ae.Seq, Author: name(ae.Author), Kind: ae.Kind, Record: ae.Record, Rule: string(ae.Rule), Params: ae.Params, Problems: ae.Problems}
	what := ae.Kind + " " + ae.Record
	// A title stored blank (before blank titles were refused) names nothing: the id does.
	if sum, ok := s.App.Store.Summary(ae.Record); ok && (!domain.IsBlank(sum.Title) || sum.Parts != nil) {
		what = fmt.Sprintf("%s %q (%s)", sum.Kind, store.EnglishTitle(sum.Title, sum.Parts), ae.Record)
		ch.Title = textcap.Cut(sum.Title, domain.MaxParam)
		if p := sum.Parts; p != nil {
			ch.Parts = &store.TitleParts{Speaker: textcap.Cut(p.Speaker, domain.MaxParam), Session: textcap.Cut(p.Session, domain.MaxParam)}
		}
	}
	who := nameID(ae.Author)
	switch {
	case ae.Rule == admit.RuleClock:
		return ProblemClockAhead, fmt.Sprintf("%s's computer clock is %s ahead: their change %d is stamped %s; nothing was imported; ask them to fix the date and time of their computer, then export again",
			name(ae.Author), admit.Span(ae.Ahead), ae.Seq, ae.At.Format("2 January 2006")), ch
	case ae.Newer:
		return ProblemNeedsUpdate, fmt.Sprintf("change %d from %s on %s uses what this version of Dossier does not know (%s): nothing was imported; if they run a newer Dossier, update this one and import again; otherwise ask them to correct it and export again",
			ae.Seq, who, what, ae.What()), ch
	}
	return ProblemInvalidChange, fmt.Sprintf("change %d from %s on %s is not valid (%s): nothing was imported; ask them to correct it and export again", ae.Seq, who, what, ae.What()), ch
}

func forkMessage(who string, seq uint64) string {
	return fmt.Sprintf("fork: %s has two different changes numbered %d (one held here, one in this bundle): nothing was imported; the evidence is kept (`dossier forks`); their installation was probably restored from an old backup or copied: ask them to make a new identity", who, seq)
}

func (s *Sync) bundleMessage(be *bundle.Error, ts *trustState) string {
	switch be.Problem {
	case bundle.ProblemNotRecipient:
		if slices.Contains(be.Recipients, ts.Me) {
			return "the bundle is encrypted for this installation, but its key does not open it: the file was changed or damaged after it was made; ask the sender for the file again"
		}
		var names []string
		for _, p := range s.peersOf(be.Recipients, ts) {
			names = append(names, p.Name+" ("+p.KeyID+")")
		}
		me := ts.Me
		if n := s.nameOf(me, ts); n != me {
			me = n + " (" + ts.Me + ")"
		}
		return fmt.Sprintf("wrong recipient: the bundle is encrypted for %s, not for this installation, %s: ask the sender to export it again with `--to` your identity card", textcap.Join(names, ", ", textcap.Items), me)
	}
	return be.Error()
}

func gapRange(from, to uint64) string {
	if from == to {
		return fmt.Sprintf("change %d", from)
	}
	return fmt.Sprintf("changes %d–%d", from, to)
}

// wasWere agrees a verb with gapRange's words.
func wasWere(one bool) string {
	if one {
		return "was"
	}
	return "were"
}

// gapMessage: "changes 41–57 from A. Benali are missing: import their earlier bundle first".
func gapMessage(gaps []oplog.Gap, name func(string) string) string {
	parts := make([]string, len(gaps)) // only the shown ones are named
	n := 0
	for i, g := range gaps {
		if i < textcap.Items {
			parts[i] = gapRange(g.From, g.To) + " from " + name(g.Author)
		}
		n += int(g.To - g.From + 1)
	}
	verb, what := "are", "their earlier bundle"
	if n == 1 {
		verb = "is"
	}
	if len(gaps) > 1 {
		what = "the earlier bundles"
	}
	return textcap.Join(parts, " and ", textcap.Items) + " " + verb + " missing: import " + what + " first, then this one"
}

func (s *Sync) opView(raw []byte) *OpView {
	v := &OpView{Op: string(raw), Hash: oplog.Hash(raw)}
	op, err := oplog.Decode(raw)
	if err != nil {
		return v
	}
	v.Author, v.Seq, v.At, v.Type, v.Kind, v.Record, v.Prev = op.Author, op.Seq, at(op.Clock), op.Type, op.Kind, op.Record, op.Prev
	if sum, ok := s.App.Store.Summary(op.Record); ok {
		v.Title, v.Parts = sum.Title, sum.Parts
	}
	var w []string
	for _, f := range sortedKeys(op.Set) {
		w = append(w, f+"="+string(op.Set[f]))
	}
	for _, f := range sortedKeys(op.Add) {
		w = append(w, f+"+="+string(raws(op.Add[f])))
	}
	for _, f := range sortedKeys(op.Remove) {
		w = append(w, f+"-="+string(raws(op.Remove[f])))
	}
	v.Writes = strings.Join(w, " ")
	return v
}

func (s *Sync) forkView(fe store.ForkError, ts *trustState) *ForkView {
	v := &ForkView{Author: fe.Author, AuthorName: s.nameOf(fe.Author, ts), Seq: fe.Seq, Held: s.opView(fe.Held), Other: s.opView(fe.Other)}
	if v.Other.Seq == fe.Seq+1 {
		v.Note = fmt.Sprintf("the other change %d follows a change %d different from the one held", fe.Seq+1, fe.Seq)
	} else {
		v.Note = fmt.Sprintf("two different changes numbered %d", fe.Seq)
	}
	return v
}

// Forks lists the fork evidence kept: authors whose installations produced two histories.
func (s *Sync) Forks() ([]ForkView, error) {
	fs, err := s.App.Store.Forks()
	if err != nil {
		return nil, AsError(err)
	}
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	out := []ForkView{}
	for _, fe := range fs {
		out = append(out, *s.forkView(fe, ts))
	}
	return out, nil
}

// ---------------------------------------------------------------------------------------
// Export

// ExportOptions say what to export, for whom, and where to (the command line and the window;
// browser mode uses ExportData, which takes no path).
type ExportOptions struct {
	Out      Path     `json:"out"`       // the .dossier file to write
	To       []string `json:"to"`        // recipients: key ids of trusted cards, or (command line) identity card files
	All      bool     `json:"all"`       // everything held, not only what the recipients lack
	SignOnly bool     `json:"sign_only"` // with To: do not encrypt
	// LeaveOutFiles exports the changes without the attachments over a limit (they are
	// listed, and their recipients see them as not yet received) instead of refusing.
	LeaveOutFiles bool `json:"leave_out_files"`
}

// ExportReport says what an export wrote.
type ExportReport struct {
	File       string         `json:"file"`
	Bundle     string         `json:"bundle"`
	CreatedAt  string         `json:"created_at"`
	Ops        int            `json:"ops"`
	Bytes      int64          `json:"bytes"`
	Format     int            `json:"format"` // the bundle format written: the oldest every recipient reads
	MadeBy     string         `json:"made_by"`
	Encrypted  bool           `json:"encrypted"`
	Recipients []PeerView     `json:"recipients"`
	Authors    []AuthorReport `json:"authors"`
	// Withheld are changes held without their author's checkpoint (restored from a backup):
	// they cannot be relayed until the author's bundle is imported again.
	Withheld []AuthorReport `json:"withheld,omitempty"`
	// Files are the attachments the bundle carries; FilesLeftOut those the exported changes
	// attach but the bundle does not carry, and why.
	Files        []FileReport `json:"files,omitempty"`
	FilesLeftOut []FileReport `json:"files_left_out,omitempty"`
	// Nothing: the recipients already had everything, so no file was written (docs/api.md,
	// "Nothing new"); LastExport is when the last bundle for them was written ("" if never
	// recorded), and Message says so in English for the command line.
	Nothing    bool   `json:"nothing,omitempty"`
	LastExport string `json:"last_export,omitempty"`
	Message    string `json:"message,omitempty"`
}

// recipient finds the trusted card an export is for: arg is a key id or, when files is true
// (Export), a card file. ExportData passes false: a browser names no file on this computer.
func (s *Sync) recipient(arg string, ts *trustState, files bool) (identity.Card, error) {
	var c identity.Card
	if k := strings.ToUpper(arg); keyIDRE.MatchString(k) {
		if _, err := os.Stat(arg); !files || err != nil {
			st := ts.Status(k)
			if st.Card == nil {
				return c, Invalid("to", fmt.Sprintf("no card with key id %s is known here: give the card file, or trust it first", k))
			}
			c = *st.Card
		}
	}
	if c.PublicKey == nil && !files {
		return c, Invalid("to", fmt.Sprintf("%q is not a key id: choose the recipients among the trusted cards", textcap.Cut(arg, 100)))
	}
	if c.PublicKey == nil {
		var err error
		if c, _, err = readCardFile(arg); err != nil {
			return c, err
		}
	}
	k := identity.KeyID(c.PublicKey)
	st := ts.Status(k)
	switch {
	case st.State == TrustSelf:
		return c, InvalidP("to", domain.P("own_card_recipient"))
	case st.State != TrustTrusted:
		return c, InvalidP("to", domain.P("recipient_not_trusted", "name", c.Name, "key", k, "state", st.State, "arg", arg))
	case !slices.Equal(st.Card.PublicKey, c.PublicKey):
		return c, Invalid("to", fmt.Sprintf("the card %s is not the one trusted for key id %s", arg, k))
	}
	return c, nil
}

// Export writes a bundle of what the recipients lack (see ExportOptions).
func (s *Sync) Export(opt ExportOptions) (*ExportReport, error) {
	return s.export(opt, true)
}

// export is Export; cardFiles says whether recipients may be named by card files.
func (s *Sync) export(opt ExportOptions, cardFiles bool) (*ExportReport, error) {
	if strings.TrimSpace(opt.Out) == "" {
		return nil, InvalidP("out", domain.P("path_required"))
	}
	if s.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	st := s.App.Store
	me := s.App.Identity.KeyID()
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	var to []identity.Card
	var toKeys []string
	for _, arg := range opt.To {
		c, err := s.recipient(arg, ts, cardFiles)
		if err != nil {
			return nil, err
		}
		if k := identity.KeyID(c.PublicKey); !slices.Contains(toKeys, k) {
			to, toKeys = append(to, c), append(toKeys, k)
		}
	}
	// The format first: a recipient who cannot read it gets nothing, and nothing is recorded.
	format, err := bundle.FormatFor(to)
	if err != nil {
		return nil, formatRefusal(err)
	}
	have := st.VV()
	base := oplog.VV{}
	switch {
	case opt.All:
	case len(toKeys) > 0:
		for i, k := range toKeys {
			pv, err := st.PeerVV("to:" + k)
			if err != nil {
				return nil, AsError(err)
			}
			for a := range have {
				if i == 0 || pv[a] < base[a] {
					base[a] = pv[a]
				}
			}
		}
	default:
		if base, err = st.PeerVV("exported"); err != nil {
			return nil, AsError(err)
		}
	}
	authors := []string{me}
	if s.App.Identity.Card().Role == identity.RoleSecretariat {
		authors = authors[:0]
		for a := range have {
			authors = append(authors, a)
		}
	}
	sort.Strings(authors)
	var runs []bundle.Run
	var withheld []AuthorReport
	var ownCP *store.Checkpoint
	for _, a := range authors {
		upper := have[a]
		var cp bundle.Checkpoint
		if a != me {
			scp, ok, err := st.LatestCheckpoint(a, have[a])
			if err != nil {
				return nil, AsError(err)
			}
			if ok {
				// Only a checkpoint of the very change held (as a backup does): one kept from a
				// batch that was then set aside may sign another branch of the author's chain.
				_, raw, err := st.Op(a, scp.Seq)
				if err != nil {
					return nil, AsError(err)
				}
				ok = oplog.Hash(raw) == scp.Head
			}
			if !ok {
				scp.Seq = 0
			}
			if scp.Seq < have[a] && base[a] < have[a] {
				// Held without their signature (e.g. restored from a backup): cannot be relayed.
				withheld = append(withheld, AuthorReport{Author: a, Name: s.nameOf(a, ts), From: max(scp.Seq, base[a]) + 1, To: have[a]})
			}
			if !ok {
				continue
			}
			upper, cp = scp.Seq, bundle.Checkpoint{Author: a, Seq: scp.Seq, Head: scp.Head, Sig: scp.Sig}
		}
		from := base[a] + 1
		if from > upper {
			continue
		}
		run := bundle.Run{Author: a}
		err := st.Ops(a, from, upper, func(op *oplog.Op, raw []byte) error {
			run.Ops, run.Raws = append(run.Ops, op), append(run.Raws, raw)
			return nil
		})
		if err != nil {
			return nil, AsError(err)
		}
		if len(run.Ops) == 0 || run.To() != upper {
			return nil, &Error{Code: CodeFailed, Message: fmt.Sprintf("the store lacks changes %d–%d of %s that it counts as held: run `dossier check`", from, upper, a)}
		}
		head := oplog.Hash(run.Raws[len(run.Raws)-1])
		if a == me {
			cp = bundle.SignCheckpoint(s.App.Identity, upper, head)
			ownCP = &store.Checkpoint{Author: me, Seq: upper, Head: head, Sig: cp.Sig}
		} else if cp.Head != head {
			return nil, &Error{Code: CodeFailed, Message: fmt.Sprintf("the checkpoint held for %s does not match change %d: run `dossier check`", a, upper)}
		}
		run.Checkpoint = cp
		runs = append(runs, run)
	}
	// The format again, now that the changes are known: the oldest that holds them all
	// (docs/bundle-format.md, "What each format may hold"). Nothing is recorded yet.
	if format, err = bundle.FormatForRuns(to, runs); err != nil {
		var cfe *bundle.ChangeFormatError
		if errors.As(err, &cfe) {
			w := cfe.What
			return nil, InvalidP("to", domain.P("recipient_old_"+w.Reason, "name", cfe.Name, "reads", bundle.FormatsText(cfe.Reads),
				"change", strconv.FormatUint(cfe.Seq, 10), "author", s.nameOf(cfe.Author, ts), "kind", w.Kind, "field", w.Field, "value", w.Value))
		}
		return nil, formatRefusal(err)
	}
	peers := []string{"exported"}
	if len(toKeys) > 0 {
		peers = peers[:0]
		for _, k := range toKeys {
			peers = append(peers, "to:"+k)
		}
	}
	// The files before anything is recorded: a file over a limit refuses the export.
	var bruns []bundleRun
	for _, r := range runs {
		bruns = append(bruns, bundleRun{ops: r.Ops})
	}
	canCarry := true
	for _, c := range to {
		canCarry = canCarry && slices.Contains(c.ReadsFormats(), bundle.VersionFiles)
	}
	owed, err := owedTo(st, peers)
	if err != nil {
		return nil, AsError(err)
	}
	fsvc := &Files{App: s.App}
	carry, leftOut, err := fsvc.filesToCarry(bruns, owed, canCarry, opt.LeaveOutFiles)
	if err != nil {
		return nil, err
	}
	if len(runs) == 0 && len(carry) == 0 {
		// Nothing new: an empty bundle would only replace the real one in a downloads folder.
		return s.nothingNew(peers, toKeys, ts, withheld)
	}
	var bfiles []bundle.File
	for _, fr := range carry {
		data, err := fsvc.store().Read(fr.SHA256)
		if err != nil {
			return nil, AsError(fmt.Errorf("read the attachment %s: %w", fr.Name, err))
		}
		bfiles = append(bfiles, bundle.File{SHA256: fr.SHA256, Data: data})
	}
	if ownCP != nil {
		if err := st.PutCheckpoint(*ownCP); err != nil {
			return nil, AsError(err)
		}
	}
	bopt := bundle.Options{To: to, Encrypt: len(to) > 0 && !opt.SignOnly, Holds: have, Format: format, Files: bfiles}
	var h *bundle.Header
	var size int64
	err = s.App.writeFileAt("out", opt.Out, 0o600, func(w io.Writer) error {
		cw := &countingWriter{w: w}
		var err error
		h, err = bundle.Encode(cw, s.App.Identity, runs, bopt)
		size = cw.n
		if err != nil {
			return fmt.Errorf("write %s: %w", opt.Out, err)
		}
		return nil
	})
	if err != nil {
		return nil, AsError(err)
	}
	for _, p := range peers {
		if err := st.MergePeerVV(p, h.Contents); err != nil {
			return nil, AsError(err)
		}
		if err := st.SetPeerExportedAt(p, h.CreatedAt); err != nil {
			return nil, AsError(err)
		}
		if err := settleOwed(st, p, carry, leftOut); err != nil {
			return nil, AsError(err)
		}
	}
	rep := &ExportReport{File: opt.Out, Bundle: h.Bundle, CreatedAt: h.CreatedAt, Ops: h.Ops, Bytes: size, Format: h.Format, MadeBy: h.MadeBy, Encrypted: bopt.Encrypt,
		Recipients: s.peersOf(toKeys, ts), Authors: []AuthorReport{}, Withheld: withheld, Files: carry, FilesLeftOut: leftOut}
	for _, r := range runs {
		rep.Authors = append(rep.Authors, AuthorReport{Author: r.Author, Name: s.nameOf(r.Author, ts), From: r.From(), To: r.To(), Ops: len(r.Ops), New: len(r.Ops)})
	}
	if rep.Recipients == nil {
		rep.Recipients = []PeerView{}
	}
	return rep, nil
}

// owedTo is what is owed to any of peers: files left out of earlier bundles for them
// (docs/bundle-format.md, "Files owed").
func owedTo(st *store.Store, peers []string) ([]store.OwedFile, error) {
	var all []store.OwedFile
	for _, p := range peers {
		o, err := st.OwedFiles(p)
		if err != nil {
			return nil, err
		}
		all = append(all, o...)
	}
	return all, nil
}

// settleOwed records, once a bundle for peer is written, that the files it left out are
// owed to peer (those its changes attach) and the files it carried no longer are.
func settleOwed(st *store.Store, peer string, carry, leftOut []FileReport) error {
	paid := map[string]bool{}
	for _, f := range carry {
		paid[f.SHA256] = true
	}
	var owe []store.OwedFile
	for _, f := range leftOut {
		if f.owed {
			continue // still owed to whom it was owed, and only to them
		}
		owe = append(owe, store.OwedFile{SHA256: f.SHA256, Name: f.Name, Record: f.Record})
	}
	return st.SettleOwedFiles(peer, owe, paid)
}

// nothingNew is the report of an export that found nothing the recipients lack: no file.
func (s *Sync) nothingNew(peers, toKeys []string, ts *trustState, withheld []AuthorReport) (*ExportReport, error) {
	last := ""
	for _, p := range peers {
		at, err := s.App.Store.PeerExportedAt(p)
		if err != nil {
			return nil, AsError(err)
		}
		last = max(last, at) // RFC 3339 in UTC sorts as text
	}
	rep := &ExportReport{Nothing: true, LastExport: last, Recipients: s.peersOf(toKeys, ts), Authors: []AuthorReport{}, Withheld: withheld}
	if rep.Recipients == nil {
		rep.Recipients = []PeerView{}
	}
	rep.Message = "nothing new"
	if len(toKeys) > 0 {
		var names []string
		for _, p := range rep.Recipients {
			names = append(names, p.Name)
		}
		rep.Message += " for " + strings.Join(names, ", ")
	}
	if t, err := time.Parse(time.RFC3339Nano, last); err == nil {
		rep.Message += " since your last export on " + t.Local().Format("2006-01-02 15:04")
	}
	rep.Message += ": no file was written"
	return rep, nil
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func raws(es []json.RawMessage) []byte {
	b, _ := json.Marshal(es)
	return b
}

// formatRefusal words a recipient who reads no bundle format this build writes as a problem
// of "to", which the display end words in the reader's language.
func formatRefusal(err error) *Error {
	var fe *bundle.FormatError
	if !errors.As(err, &fe) {
		return Invalid("to", err.Error())
	}
	code := "recipient_older"
	if fe.Newer() {
		code = "recipient_newer"
	}
	return InvalidP("to", domain.P(code, "name", fe.Name, "reads", bundle.FormatsText(fe.Reads), "writes", bundle.FormatsText(fe.Writes)))
}
