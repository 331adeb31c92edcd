package service

// Sync: identity cards, trust, and bundles out and in (docs/bundle-format.md,
// docs/trust.md). Import verifies everything before anything is written.

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"

	"filippo.io/age"

	"dossier/app/admit"
	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/internal/atomicfile"
	"dossier/app/internal/textcap"
	"dossier/app/oplog"
	"dossier/app/store"
	"dossier/app/trust"
)

// CodeRefused is the error code of a bundle (or card) that was refused: nothing was written.
const CodeRefused = "refused"

// Problems of a refused bundle (BundleReport.Problem), beside the bundle.Problem* ones.
const (
	ProblemMissing        = "missing_changes" // earlier changes are not held: import the earlier bundle first
	ProblemUnknownAuthor  = "unknown_author"  // trust their card first
	ProblemRevoked        = "revoked_author"  // changes signed after the key was revoked
	ProblemSignature      = "bad_signature"   // a checkpoint does not verify with the trusted key
	ProblemFork           = "fork"            // two different changes with one number
	ProblemTrustStatement = "bad_trust_statement"
	ProblemFailed         = "failed"         // the store could not apply it (disk, …)
	ProblemInvalidChange  = "invalid_change" // a change a form would refuse (docs/trust.md)
	ProblemClockAhead     = "clock_ahead"    // stamped too far ahead of this computer's clock
	ProblemNeedsUpdate    = "needs_update"   // a kind, field or value this version does not know
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
}

// AuthorReport is one author's run in a bundle.
type AuthorReport struct {
	Author     string `json:"author"`
	Name       string `json:"name"`
	From       uint64 `json:"from"`
	To         uint64 `json:"to"`
	Ops        int    `json:"ops"`
	New        int    `json:"new"`
	Known      int    `json:"known"`
	Trust      string `json:"trust,omitempty"`
	Checkpoint string `json:"checkpoint,omitempty"` // verified, not verified
}

// OpView shows one operation, for fork evidence.
type OpView struct {
	Author string       `json:"author"`
	Seq    uint64       `json:"seq"`
	At     string       `json:"at"`
	Type   oplog.OpType `json:"type"`
	Kind   string       `json:"kind"`
	Record string       `json:"record"`
	Title  string       `json:"title,omitempty"`
	Prev   string       `json:"prev"`
	Hash   string       `json:"hash"`
	Writes string       `json:"writes"` // what it sets, adds and removes, in one line
	Op     string       `json:"op"`     // the canonical bytes
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
	File       string         `json:"file"`
	Status     string         `json:"status"` // imported, nothing_new, refused, ok (inspect)
	Problem    string         `json:"problem,omitempty"`
	Message    string         `json:"message,omitempty"` // why it was refused and what to do
	Bundle     string         `json:"bundle,omitempty"`
	CreatedAt  string         `json:"created_at,omitempty"`
	Format     int            `json:"format,omitempty"`
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
	Fork       *ForkView      `json:"fork,omitempty"`
	Header     *bundle.Header `json:"header,omitempty"` // inspect only
}

func (s *Sync) peerView(c identity.Card, ts *trustState) *PeerView {
	v := s.cardView(c, ts)
	return &PeerView{KeyID: v.KeyID, Name: v.Name, Role: v.Role, Delegation: v.Delegation, Fingerprint: v.Fingerprint, Trust: v.Trust}
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
func (s *Sync) Import(paths ...string) ([]*BundleReport, error) {
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
		return reports, &Error{Code: CodeRefused, Message: fmt.Sprintf("%d of %d bundles refused; nothing of them was imported", refused, len(paths))}
	}
	return reports, nil
}

func (s *Sync) readBundle(path string) ([]byte, *BundleReport, error) {
	rep := &BundleReport{File: path, Status: StatusRefused, Authors: []AuthorReport{}}
	lim := s.limits()
	info, err := os.Stat(path)
	if err != nil {
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, fmt.Sprintf("cannot read the file: %v", errors.Unwrap(err)))
	}
	if info.IsDir() {
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, "this is a directory: choose a .dossier file")
	}
	if info.Size() > lim.MaxFileBytes {
		rep.FileBytes = info.Size()
		return nil, rep, s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: the file is %d bytes, the limit is %d bytes: ask the sender to export fewer changes at a time", info.Size(), lim.MaxFileBytes))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, rep, s.refusal(rep, bundle.ProblemNotBundle, fmt.Sprintf("cannot read the file: %v", err))
	}
	return data, rep, nil
}

// ImportFile imports one bundle file, all or nothing.
func (s *Sync) ImportFile(path string) (*BundleReport, error) {
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
	syncMu.Lock()
	defer syncMu.Unlock()
	return s.examine(name, data, true)
}

// Inspect verifies a bundle file and says what importing it would do, without importing.
func (s *Sync) Inspect(path string) (*BundleReport, error) {
	data, rep, err := s.readBundle(path)
	if err != nil {
		return rep, nil
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	rep, _ = s.examine(path, data, false)
	return rep, nil
}

func (s *Sync) refusal(rep *BundleReport, problem, msg string) error {
	rep.Status, rep.Problem, rep.Message = StatusRefused, problem, msg
	return &Error{Code: CodeRefused, Message: rep.File + ": refused: " + msg}
}

type runCheck struct {
	run          *bundle.Run
	nNew, nKnown int
}

// examine verifies a bundle completely and, when apply is set, imports it.
func (s *Sync) examine(name string, data []byte, apply bool) (*BundleReport, error) {
	rep := &BundleReport{File: name, Status: StatusRefused, FileBytes: int64(len(data)), Authors: []AuthorReport{}}
	ts, err := loadTrust(s.App)
	if err != nil {
		return rep, s.refusal(rep, ProblemFailed, err.Error())
	}
	var ids []age.Identity
	if s.App.Identity != nil {
		ids = append(ids, s.App.Identity.AgeIdentity())
	}
	if env, err := bundle.Peek(data); err == nil && env.Encrypted {
		rep.Encrypted, rep.Recipients = true, s.peersOf(env.Recipients, ts)
	}
	b, err := bundle.Decode(data, ids, s.limits())
	if err != nil {
		var be *bundle.Error
		if !errors.As(err, &be) {
			return rep, s.refusal(rep, bundle.ProblemDamaged, err.Error())
		}
		return rep, s.refusal(rep, be.Problem, s.bundleMessage(be, ts))
	}
	h := b.Header
	rep.Bundle, rep.CreatedAt, rep.Format, rep.Holds = h.Bundle, h.CreatedAt, h.Format, h.Holds
	rep.BodyBytes, rep.RawBytes, rep.Ops = h.BodyBytes, h.BodyRawBytes, h.Ops
	if !apply {
		rep.Header = &b.Header
	}
	rep.Exporter = s.peerView(b.Exporter, ts)
	have := s.App.Store.VV()
	checks := make([]runCheck, len(b.Runs))
	for i := range b.Runs {
		r := &b.Runs[i]
		known := 0
		if have[r.Author] >= r.From() {
			known = int(min(have[r.Author], r.To()) - r.From() + 1)
		}
		checks[i] = runCheck{run: r, nKnown: known, nNew: len(r.Ops) - known}
		rep.New += checks[i].nNew
		rep.Known += checks[i].nKnown
	}
	name4 := func(k string) string {
		if n := s.nameOf(k, ts); n != k {
			return n
		}
		if k == h.Exporter {
			return b.Exporter.Name
		}
		return k
	}
	nameID := func(k string) string {
		if n := name4(k); n != k {
			return n + " (" + k + ")"
		}
		return k
	}

	// Trust statements in the bundle: well formed, and each in its author's own name.
	stmts := map[string][]statement{}
	for _, c := range checks {
		for _, op := range c.run.Ops {
			if !strings.HasPrefix(op.Kind, "sys_") {
				continue
			}
			st, err := trust.FromOp(op)
			if err != nil {
				return rep, s.refusal(rep, ProblemTrustStatement, fmt.Sprintf("change %d from %s is not a valid trust statement (%v): nothing was imported; ask them to update Dossier and export again", op.Seq, nameID(op.Author), err))
			}
			stmts[c.run.Author] = append(stmts[c.run.Author], st)
		}
	}
	// Fold: authors trusted so far vouch (when they are authorities) for the next ones.
	verified := map[string]bool{}
	for progress := true; progress; {
		progress = false
		for _, c := range checks {
			a := c.run.Author
			if verified[a] {
				continue
			}
			st := ts.Status(a)
			if st.Card == nil || !c.run.Checkpoint.Verify(st.Card.PublicKey) {
				continue
			}
			verified[a] = true
			progress = true
			for _, x := range stmts[a] {
				ts.Add(x)
			}
		}
	}
	// Final judgement with every statement known.
	for _, c := range checks {
		r := c.run
		a := r.Author
		st := ts.Status(a)
		ar := AuthorReport{Author: a, Name: name4(a), From: r.From(), To: r.To(), Ops: len(r.Ops), New: c.nNew, Known: c.nKnown, Trust: st.State, Checkpoint: "not verified"}
		ok := st.Card != nil && r.Checkpoint.Verify(st.Card.PublicKey)
		if ok {
			ar.Checkpoint = "verified"
		}
		rep.Authors = append(rep.Authors, ar)
		if c.nNew == 0 && st.Card == nil {
			continue // nothing new from someone unknown: nothing to accept
		}
		switch {
		case st.State == TrustUnknown:
			return rep, s.refusal(rep, ProblemUnknownAuthor, fmt.Sprintf("unknown author %s: this installation does not trust their key; trust their identity card first (`dossier trust add CARD`, after comparing the fingerprint with them), or import the secretariat's bundle that introduces them", nameID(a)))
		case st.State == TrustConflict:
			return rep, s.refusal(rep, ProblemUnknownAuthor, fmt.Sprintf("author %s: two different keys are vouched for under this key id; one of the cards is not what it claims to be: nothing was imported; see `dossier trust list`", nameID(a)))
		case !ok:
			return rep, s.refusal(rep, ProblemSignature, fmt.Sprintf("the changes from %s are not signed by the key trusted for them (their checkpoint does not verify): the bundle was forged or damaged; nothing was imported; do not use this file", nameID(a)))
		case st.State == TrustRevoked && r.To() > st.Bound && r.To() > have[a]:
			from := max(st.Bound, have[a], r.From()-1) + 1
			by := s.cardView(*st.Card, ts).RevokedBy
			return rep, s.refusal(rep, ProblemRevoked, fmt.Sprintf("%s from %s were signed after their key was revoked (by %s): refused, nothing was imported; changes up to %d are accepted; if a secretariat relayed them, ask it to export again", gapRange(from, r.To()), nameID(a), by, st.Bound))
		}
	}
	// Continuity: everything each new change depends on is held or in the bundle.
	var fresh []*oplog.Op
	for _, c := range checks {
		if c.nNew > 0 {
			fresh = append(fresh, c.run.Ops[c.nKnown:]...)
		}
	}
	if _, blocked := oplog.CausalOrder(have, fresh); len(blocked) > 0 {
		gaps := missing(have, checks)
		if len(gaps) == 0 {
			gaps = mergeGaps(blocked)
		}
		return rep, s.refusal(rep, ProblemMissing, gapMessage(gaps, name4))
	}
	// A run that starts right after what is held must chain to it.
	for _, c := range checks {
		r := c.run
		if h := have[r.Author]; c.nKnown == 0 && c.nNew > 0 && h > 0 && r.From() == h+1 {
			if _, head := s.App.Store.Head(r.Author); r.Ops[0].Prev != head {
				_, held, err := s.App.Store.Op(r.Author, h)
				if err != nil {
					return rep, s.refusal(rep, ProblemFailed, err.Error())
				}
				fe := &store.ForkError{Author: r.Author, Seq: h, Held: held, Other: r.Raws[0]}
				if apply {
					s.App.Store.KeepForkEvidence(fe)
				}
				rep.Fork = s.forkView(*fe, ts)
				return rep, s.refusal(rep, ProblemFork, fmt.Sprintf("fork: %s has two different changes numbered %d: this installation holds one, and the bundle's change %d follows another; nothing was imported; the evidence is kept (`dossier forks`); their installation was probably restored from an old backup: ask them to make a new identity", nameID(r.Author), h, h+1))
			}
		}
	}
	if !apply {
		// Changes already held must be the very ones held.
		for _, c := range checks {
			for i := 0; i < c.nKnown; i++ {
				op := c.run.Ops[i]
				_, held, err := s.App.Store.Op(op.Author, op.Seq)
				if err == nil && string(held) != string(c.run.Raws[i]) {
					rep.Fork = s.forkView(store.ForkError{Author: op.Author, Seq: op.Seq, Held: held, Other: c.run.Raws[i]}, ts)
					return rep, s.refusal(rep, ProblemFork, forkMessage(nameID(op.Author), op.Seq))
				}
			}
		}
		rep.Status = StatusOK
		if rep.New == 0 {
			rep.Status = StatusNothing
		}
		return rep, nil
	}

	// Verified: keep the checkpoints (a relay exports with them), then apply all or nothing.
	var cps []store.Checkpoint
	for _, c := range checks {
		if verified[c.run.Author] {
			cp := c.run.Checkpoint
			cps = append(cps, store.Checkpoint{Author: cp.Author, Seq: cp.Seq, Head: cp.Head, Sig: cp.Sig})
		}
	}
	if err := s.App.Store.PutCheckpoints(cps); err != nil {
		return rep, s.refusal(rep, ProblemFailed, err.Error())
	}
	ops, raws := b.Ops()
	origin := "bundle " + h.Bundle + " from " + b.Exporter.Name
	res, err := s.App.Store.Import(ops, raws, origin)
	if err != nil {
		var ge *store.GapError
		var fe *store.ForkError
		var ae *admit.Error
		switch {
		case errors.As(err, &ae):
			problem, msg := s.changeRefusal(ae, nameID, name4)
			return rep, s.refusal(rep, problem, msg)
		case errors.As(err, &ge):
			return rep, s.refusal(rep, ProblemMissing, gapMessage(ge.Gaps, name4))
		case errors.As(err, &fe):
			rep.Fork = s.forkView(*fe, ts)
			return rep, s.refusal(rep, ProblemFork, forkMessage(nameID(fe.Author), fe.Seq))
		}
		return rep, s.refusal(rep, ProblemFailed, "the store could not apply the bundle, nothing was imported: "+err.Error())
	}
	rep.New, rep.Known = res.New, rep.Ops-res.New
	for _, id := range res.Created {
		if sum, ok := s.App.Store.Summary(id); ok && !strings.HasPrefix(sum.Kind, "sys_") {
			rep.Created++
		}
	}
	for _, id := range res.Updated {
		if sum, ok := s.App.Store.Summary(id); ok && !strings.HasPrefix(sum.Kind, "sys_") {
			rep.Updated++
		}
	}
	for _, op := range res.Ops {
		if op.Kind == KindTrust {
			rep.Trust++
		}
	}
	rep.Conflicts = res.Conflicts
	rep.Status = StatusImported
	if res.New == 0 {
		rep.Status = StatusNothing
	}
	// Learn names of the keys now trusted, and what the exporter holds.
	for _, k := range ts.Subjects() {
		if st := ts.Status(k); st.Card != nil && s.App.Store.Name(k) != st.Card.Name {
			_ = s.App.Store.SetName(k, st.Card.Name)
		}
	}
	if h.Exporter != ts.Me {
		holds := h.Holds.Clone()
		for a, n := range h.Contents {
			holds[a] = max(holds[a], n)
		}
		_ = s.App.Store.MergePeerVV("to:"+h.Exporter, holds)
	}
	rep.Exporter = s.peerView(b.Exporter, ts)
	return rep, nil
}

// changeRefusal words a refused change: who, which change, which record, what is wrong, and
// what to do.
func (s *Sync) changeRefusal(ae *admit.Error, nameID, name func(string) string) (problem, msg string) {
	what := ae.Kind + " " + ae.Record
	if sum, ok := s.App.Store.Summary(ae.Record); ok && sum.Title != "" {
		what = fmt.Sprintf("%s %q (%s)", sum.Kind, sum.Title, ae.Record)
	}
	who := nameID(ae.Author)
	switch {
	case ae.Rule == admit.RuleClock:
		return ProblemClockAhead, fmt.Sprintf("%s's computer clock is %s ahead: their change %d is stamped %s; nothing was imported; ask them to fix the date and time of their computer, then export again",
			name(ae.Author), admit.Span(ae.Ahead), ae.Seq, ae.At.Format("2 January 2006"))
	case ae.Newer:
		return ProblemNeedsUpdate, fmt.Sprintf("change %d from %s on %s uses what this version of Dossier does not know (%s): nothing was imported; if they run a newer Dossier, update this one and import again; otherwise ask them to correct it and export again",
			ae.Seq, who, what, ae.What())
	}
	return ProblemInvalidChange, fmt.Sprintf("change %d from %s on %s is not valid (%s): nothing was imported; ask them to correct it and export again", ae.Seq, who, what, ae.What())
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

// missing lists, per author, the changes neither held nor in the bundle that the bundle's
// new changes need: the stretch between what is held and an author's run, and whatever
// the new changes had seen beyond both.
func missing(have oplog.VV, checks []runCheck) []oplog.Gap {
	need := oplog.VV{}
	runs := map[string]*bundle.Run{}
	for _, c := range checks {
		runs[c.run.Author] = c.run
		for _, op := range c.run.Ops[c.nKnown:] {
			for a, n := range op.Seen {
				need[a] = max(need[a], n)
			}
		}
	}
	var gaps []oplog.Gap
	authors := map[string]bool{}
	for a := range need {
		authors[a] = true
	}
	for a := range runs {
		authors[a] = true
	}
	for a := range authors {
		avail := have[a]
		if r := runs[a]; r != nil {
			if r.From() > avail+1 {
				gaps = append(gaps, oplog.Gap{Author: a, From: avail + 1, To: r.From() - 1})
			}
			avail = max(avail, r.To())
		}
		if need[a] > avail {
			gaps = append(gaps, oplog.Gap{Author: a, From: avail + 1, To: need[a]})
		}
	}
	sort.Slice(gaps, func(i, j int) bool {
		if gaps[i].Author != gaps[j].Author {
			return gaps[i].Author < gaps[j].Author
		}
		return gaps[i].From < gaps[j].From
	})
	return gaps
}

func mergeGaps(blocked map[oplog.Ref][]oplog.Gap) []oplog.Gap {
	by := map[string]oplog.Gap{}
	for _, gs := range blocked {
		for _, g := range gs {
			if cur, ok := by[g.Author]; ok {
				g.From, g.To = min(cur.From, g.From), max(cur.To, g.To)
			}
			by[g.Author] = g
		}
	}
	out := make([]oplog.Gap, 0, len(by))
	for _, g := range by {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Author < out[j].Author })
	return out
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
		v.Title = sum.Title
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

// ExportOptions say what to export and for whom.
type ExportOptions struct {
	Out      string   `json:"out"`       // the .dossier file to write
	To       []string `json:"to"`        // recipients: identity card files, or key ids of trusted cards
	All      bool     `json:"all"`       // everything held, not only what the recipients lack
	SignOnly bool     `json:"sign_only"` // with To: do not encrypt
}

// ExportReport says what an export wrote.
type ExportReport struct {
	File       string         `json:"file"`
	Bundle     string         `json:"bundle"`
	CreatedAt  string         `json:"created_at"`
	Ops        int            `json:"ops"`
	Bytes      int64          `json:"bytes"`
	Encrypted  bool           `json:"encrypted"`
	Recipients []PeerView     `json:"recipients"`
	Authors    []AuthorReport `json:"authors"`
	// Withheld are changes held without their author's checkpoint (restored from a backup):
	// they cannot be relayed until the author's bundle is imported again.
	Withheld []AuthorReport `json:"withheld,omitempty"`
}

func (s *Sync) recipient(arg string, ts *trustState) (identity.Card, error) {
	var c identity.Card
	if k := strings.ToUpper(arg); keyIDRE.MatchString(k) {
		if _, err := os.Stat(arg); err != nil {
			st := ts.Status(k)
			if st.Card == nil {
				return c, Invalid("to", fmt.Sprintf("no card with key id %s is known here: give the card file, or trust it first", k))
			}
			c = *st.Card
		}
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
		return c, Invalid("to", "that is your own card: name the recipients' cards")
	case st.State != TrustTrusted:
		return c, Invalid("to", fmt.Sprintf("%s (%s) is %s here: trust their card first (`dossier trust add %s`)", c.Name, k, st.State, arg))
	case !slices.Equal(st.Card.PublicKey, c.PublicKey):
		return c, Invalid("to", fmt.Sprintf("the card %s is not the one trusted for key id %s", arg, k))
	}
	return c, nil
}

// Export writes a bundle of what the recipients lack (see ExportOptions).
func (s *Sync) Export(opt ExportOptions) (*ExportReport, error) {
	if strings.TrimSpace(opt.Out) == "" {
		return nil, Invalid("out", "is required: the .dossier file to write")
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
		c, err := s.recipient(arg, ts)
		if err != nil {
			return nil, err
		}
		if k := identity.KeyID(c.PublicKey); !slices.Contains(toKeys, k) {
			to, toKeys = append(to, c), append(toKeys, k)
		}
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
	if ownCP != nil {
		if err := st.PutCheckpoint(*ownCP); err != nil {
			return nil, AsError(err)
		}
	}
	bopt := bundle.Options{To: to, Encrypt: len(to) > 0 && !opt.SignOnly, Holds: have}
	var h *bundle.Header
	var size int64
	err = atomicfile.Write(opt.Out, 0o600, func(w io.Writer) error {
		cw := &countingWriter{w: w}
		var err error
		h, err = bundle.Encode(cw, s.App.Identity, runs, bopt)
		size = cw.n
		return err
	})
	if err != nil {
		return nil, AsError(fmt.Errorf("write %s: %w", opt.Out, err))
	}
	if len(toKeys) > 0 {
		for _, k := range toKeys {
			if err := st.MergePeerVV("to:"+k, h.Contents); err != nil {
				return nil, AsError(err)
			}
		}
	} else if err := st.MergePeerVV("exported", h.Contents); err != nil {
		return nil, AsError(err)
	}
	rep := &ExportReport{File: opt.Out, Bundle: h.Bundle, CreatedAt: h.CreatedAt, Ops: h.Ops, Bytes: size, Encrypted: bopt.Encrypt,
		Recipients: s.peersOf(toKeys, ts), Authors: []AuthorReport{}, Withheld: withheld}
	for _, r := range runs {
		rep.Authors = append(rep.Authors, AuthorReport{Author: r.Author, Name: s.nameOf(r.Author, ts), From: r.From(), To: r.To(), Ops: len(r.Ops), New: len(r.Ops)})
	}
	if rep.Recipients == nil {
		rep.Recipients = []PeerView{}
	}
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
