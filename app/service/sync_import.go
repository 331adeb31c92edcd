package service

// Import and inspect: decode the bundle, let app/intake decide, word its refusals, and apply
// the plan (docs/trust.md, "The import decision").

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"

	"filippo.io/age"

	"dossier/app/admit"
	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/intake"
	"dossier/app/oplog"
	"dossier/app/store"
)

// heldStore is the store as the import decision sees it.
type heldStore struct{ st *store.Store }

func (h heldStore) VV() oplog.VV                        { return h.st.VV() }
func (h heldStore) Head(author string) (uint64, string) { return h.st.Head(author) }
func (h heldStore) Raw(author string, seq uint64) ([]byte, error) {
	_, raw, err := h.st.Op(author, seq)
	return raw, err
}

// namer words key ids in messages: the trusted name, else what the bundle's header claims
// (marked as unverified), else the key id.
type namer struct {
	s  *Sync
	ts *trustState
	h  *bundle.Header
	hc string // the header card's name
}

func (n namer) name(k string) string {
	if v := n.s.nameOf(k, n.ts); v != k {
		return v
	}
	if n.claimed(k) {
		return n.hc + " (name not verified)"
	}
	return k
}

// plainName is name without the English words that say a name is only claimed: a report
// carries that as NameClaimed, for each reader to word.
func (n namer) plainName(k string) string {
	if n.claimed(k) {
		return n.hc
	}
	return n.name(k)
}

// claimed reports whether k is known only by the name the bundle's header gives it.
func (n namer) claimed(k string) bool {
	return n.s.nameOf(k, n.ts) == k && n.h != nil && k == n.h.Exporter && n.hc != ""
}

// who is the refusal parameters naming k: "who", and "who_claimed" when the name is only
// what the bundle's own card claims (the screens word that in the reader's language), then
// rest.
func (n namer) who(k string, rest ...string) []string {
	out := []string{"who", n.nameID(k)}
	if n.claimed(k) {
		out = []string{"who", n.hc + " (" + k + ")", "who_claimed", "true"}
	}
	return append(out, rest...)
}

// whoName is who, naming k without its key id.
func (n namer) whoName(k string, rest ...string) []string {
	out := []string{"who", n.name(k)}
	if n.claimed(k) {
		out = []string{"who", n.hc, "who_claimed", "true"}
	}
	return append(out, rest...)
}

func (n namer) nameID(k string) string {
	switch {
	case n.claimed(k):
		return n.hc + " (" + k + ", name not verified)"
	case n.name(k) != k:
		return n.name(k) + " (" + k + ")"
	}
	return k
}

// examine verifies a bundle completely and, when apply is set, imports it.
func (s *Sync) examine(name string, data []byte, apply bool) (*BundleReport, error) {
	return s.examineCtx(context.Background(), name, data, apply, nil)
}

// examineCtx is examine with a context that cancels an import up to its commit, and counters
// of its progress (nil: none).
func (s *Sync) examineCtx(ctx context.Context, name string, data []byte, apply bool, prog *importCounters) (*BundleReport, error) {
	mode := modeInspect
	if apply {
		mode = modeImport
	}
	return s.examineMode(ctx, name, data, mode, prog)
}

// examineMode inspects, imports, or previews (runs the import without its commit) a bundle.
func (s *Sync) examineMode(ctx context.Context, name string, data []byte, mode examineMode, prog *importCounters) (*BundleReport, error) {
	apply := mode != modeInspect
	rep := &BundleReport{File: name, Status: StatusRefused, FileBytes: int64(len(data)), Authors: []AuthorReport{}}
	ts, err := loadTrust(s.App)
	if err != nil {
		return rep, s.refusal(rep, ProblemFailed, err.Error())
	}
	o, err := s.open(rep, data, ts)
	if err != nil {
		return rep, err
	}
	h := o.Header
	if !apply {
		rep.Header = &o.Header
	}
	nm := namer{s: s, ts: ts, h: &h, hc: o.Exporter.Name}
	rep.Exporter = s.exporterView(h.Exporter, ts, &o.Exporter)
	// Trust first, from the signed header: a stranger's body is never decompressed.
	if err := intake.Precheck(&h, heldStore{s.App.Store}, ts); err != nil {
		s.reportHeaderRuns(rep, &h, nm)
		return rep, s.refuseDecision(rep, err, nm, mode == modeImport)
	}
	if apply {
		return rep, s.stream(ctx, rep, o, ts, nm, prog, s.previewerFor(mode, nm))
	}
	return rep, s.inspect(rep, o, ts, nm)
}

// inspect judges an opened bundle as an import would, reading its body as a stream and
// writing nothing: continuity by oplog.Stream, each checkpoint as its run ends, the trust
// decision over the runs' heads, then the causal order (gaps, forks). It holds what an
// import holds of the body, never the body itself.
func (s *Sync) inspect(rep *BundleReport, o *bundle.Opened, ts *trustState, nm namer) error {
	h := o.Header
	st := oplog.NewStream(heldStore{s.App.Store})
	st.Declare(h.Contents)
	runs, err := s.walk(context.Background(), o, ts, st.Add)
	if err != nil {
		return s.streamRefusal(rep, err, &h, ts, nm, false)
	}
	plan, err := intake.DecideTrust(runs, heldStore{s.App.Store}, ts)
	s.reportRuns(rep, plan, nm)
	rep.Exporter = s.exporterView(h.Exporter, ts, &o.Exporter)
	if err != nil {
		return s.refuseDecision(rep, err, nm, false)
	}
	if _, err := st.Order(); err != nil {
		return s.refuseDecision(rep, intake.Continuity(err), nm, false)
	}
	rep.Status = StatusOK
	if rep.New == 0 {
		rep.Status = StatusNothing
	}
	return nil
}

// walk reads an opened bundle's body, handing each change to add and keeping of each run
// what the trust decision needs (intake.RunHead): a bad trust statement is refused as it is
// read, and each run's checkpoint is verified as the run ends when its author is trusted.
func (s *Sync) walk(ctx context.Context, o *bundle.Opened, ts *trustState, add func(op *oplog.Op, raw []byte) (bool, error)) ([]intake.RunHead, error) {
	var runs []intake.RunHead
	n := 0
	err := o.WalkAhead(bundle.Visitor{
		Run: func(author string, first, count uint64) error {
			runs = append(runs, intake.RunHead{Author: author, From: first, To: first + count - 1})
			return nil
		},
		Op: func(op *oplog.Op, raw []byte) error {
			if n++; n%256 == 0 && ctx.Err() != nil {
				return store.ErrCanceled
			}
			if strings.HasPrefix(op.Kind, "sys_") {
				if _, err := intake.Statement(op); err != nil {
					return err // before admit: a bad statement is the decision's refusal
				}
				r := &runs[len(runs)-1]
				r.System = append(r.System, op)
			}
			_, err := add(op, raw)
			return err
		},
		End: func(cp bundle.Checkpoint) error {
			runs[len(runs)-1].Checkpoint = cp
			return intake.VerifyEarly(cp, ts)
		},
	})
	return runs, err
}

// open verifies the bundle's framing, signed header and body hash without decompressing
// the body, and fills the report's header fields.
func (s *Sync) open(rep *BundleReport, data []byte, ts *trustState) (*bundle.Opened, error) {
	var ids []age.Identity
	if s.App.Identity != nil {
		ids = append(ids, s.App.Identity.AgeIdentity())
	}
	if env, err := bundle.Peek(data); err == nil && env.Encrypted {
		rep.Encrypted, rep.Recipients = true, s.peersOf(env.Recipients, ts)
	}
	o, err := bundle.Open(data, ids, s.limits())
	if err != nil {
		var be *bundle.Error
		if errors.As(err, &be) && be.Problem == bundle.ProblemVersion && len(data) > len(bundle.Magic) {
			rep.Format, rep.MadeBy = int(data[len(bundle.Magic)]), bundle.NewerMadeBy(data)
		}
		return nil, s.bundleRefusal(rep, err, ts)
	}
	h := o.Header
	rep.Bundle, rep.CreatedAt, rep.Format, rep.MadeBy, rep.Holds = h.Bundle, h.CreatedAt, h.Format, h.MadeBy, h.Holds
	rep.BodyBytes, rep.RawBytes, rep.Ops = h.BodyBytes, h.BodyRawBytes, h.Ops
	rep.Files = len(h.Files)
	return o, nil
}

func (s *Sync) bundleRefusal(rep *BundleReport, err error, ts *trustState) error {
	var be *bundle.Error
	if !errors.As(err, &be) {
		return s.refusal(rep, bundle.ProblemDamaged, err.Error())
	}
	return s.refusal(rep, be.Problem, s.bundleMessage(be, ts))
}

// reportHeaderRuns reports each author's run as the header declares it, for a bundle refused
// before its body was read.
func (s *Sync) reportHeaderRuns(rep *BundleReport, h *bundle.Header, nm namer) {
	have := s.App.Store.VV()
	for _, a := range sortedKeys(h.Contents) {
		from, to := h.From[a], h.Contents[a]
		ar := AuthorReport{Author: a, Name: nm.plainName(a), NameClaimed: nm.claimed(a), From: from, To: to, Ops: int(to - from + 1), Trust: nm.ts.Status(a).State, Checkpoint: "not read"}
		if have[a] >= from {
			ar.Known = int(min(have[a], to) - from + 1)
		}
		ar.New = ar.Ops - ar.Known
		rep.New += ar.New
		rep.Known += ar.Known
		rep.Authors = append(rep.Authors, ar)
	}
}

// exporterView names the exporter from the roster, never from the header's card.
// exporterView is the exporter as this installation knows them. One it does not trust is
// shown by key id, with the fingerprint of the key that signed the bundle (a fact: compare it
// with them before trusting) and what their self-signed card claims (a claim, shown as one).
func (s *Sync) exporterView(k string, ts *trustState, card *identity.Card) *PeerView {
	v := s.trustedPeer(k, ts)
	if v.Name == "" {
		v.Name = k
	}
	if card != nil && v.Fingerprint == "" && (v.Trust == TrustUnknown || v.Trust == "") {
		v.Fingerprint = identity.Fingerprint(card.PublicKey)
		v.Claims = &PeerClaim{Name: card.Name, Role: card.Role, Delegation: card.Delegation}
	}
	return &v
}

func (s *Sync) reportRuns(rep *BundleReport, plan *intake.Plan, nm namer) {
	rep.New, rep.Known = plan.New, plan.Known
	for _, r := range plan.Runs {
		ar := AuthorReport{Author: r.Author, Name: nm.plainName(r.Author), NameClaimed: nm.claimed(r.Author), From: r.From, To: r.To, Ops: r.Ops, New: r.New, Known: r.Known, Trust: r.Trust, Checkpoint: "not verified"}
		if r.Verified {
			ar.Checkpoint = "verified"
		}
		rep.Authors = append(rep.Authors, ar)
	}
}

// unknownAuthorAdvice is what to do about an unknown author, by this installation's role
// (docs/trust.md, "What is accepted"). A delegate may learn them from the secretariat's
// bundle; a secretariat is the one that introduces delegates, so it can only trust their card.
func (s *Sync) unknownAuthorAdvice() string {
	if s.App.Identity != nil && s.App.Identity.Card().Role == identity.RoleSecretariat {
		return "ask them for their identity card, compare its fingerprint with them and trust it (`dossier trust add CARD`), then import this bundle again"
	}
	return "trust their identity card first (`dossier trust add CARD`, after comparing the fingerprint with them), or import the secretariat's bundle that introduces them"
}

// trustConflictAdvice is what to do about two keys vouched for under one key id, by this
// installation's role (docs/trust.md, "Two keys under one key id"). Only the one who made the
// first key can make a second with its id, so the secretariat finds the card their
// installation uses and has them make a new identity; a delegate leaves it to the secretariat.
func (s *Sync) trustConflictAdvice() string {
	if s.App.Identity != nil && s.App.Identity.Card().Role == identity.RoleSecretariat {
		return "see the cards and who vouches for each (`dossier trust list`), call the person on a number you already had and ask them to read the fingerprint on their Identity & trust screen; a key id is shared only by keys made to share it, so treat this key as compromised: ask them to make a new identity and trust its card after comparing the fingerprint, and tell any secretariat that vouched for the other card (docs/trust.md, \"Two keys under one key id\")"
	}
	return "tell your secretariat and trust no card for this key id: the secretariat finds out which card is theirs and introduces their new identity in its next bundle"
}

// refuseDecision words a refusal of the import decision; a fork's evidence is kept when
// importing.
func (s *Sync) refuseDecision(rep *BundleReport, err error, nm namer, apply bool) error {
	var r *intake.Refusal
	if !errors.As(err, &r) {
		return s.refusal(rep, ProblemFailed, err.Error())
	}
	who := nm.nameID(r.Author)
	switch r.Problem {
	case intake.ProblemUnknownAuthor:
		return s.refusal(rep, ProblemUnknownAuthor, fmt.Sprintf("unknown author %s: this installation does not trust their key; %s", who, s.unknownAuthorAdvice()), nm.who(r.Author)...)
	case intake.ProblemTrustConflict:
		return s.refusal(rep, ProblemTrustConflict, fmt.Sprintf("author %s: two different keys are vouched for under this key id, so Dossier cannot tell which of them signed these changes: nothing was imported; %s", who, s.trustConflictAdvice()), nm.who(r.Author)...)
	case intake.ProblemSignature:
		return s.refusal(rep, ProblemSignature, fmt.Sprintf("the changes from %s are not signed by the key trusted for them (their checkpoint does not verify): the bundle was forged or damaged; nothing was imported; do not use this file", who), nm.who(r.Author)...)
	case intake.ProblemRevoked:
		var by, others []string // others: by whom, without "you", for the UI to word
		byMe := "false"
		for _, k := range r.RevokedBy {
			if k == nm.ts.Me {
				by, byMe = append(by, "you"), "true"
			} else {
				by, others = append(by, nm.name(k)), append(others, nm.name(k))
			}
		}
		return s.refusal(rep, ProblemRevoked, fmt.Sprintf("%s from %s %s signed after their key was revoked (by %s): refused, nothing was imported; changes up to %d are accepted; if a secretariat relayed them, ask it to export again", gapRange(r.Seq, r.To), who, wasWere(r.Seq == r.To), strings.Join(by, ", "), r.Bound),
			nm.who(r.Author, "from", strconv.FormatUint(r.Seq, 10), "to", strconv.FormatUint(r.To, 10), "by", strings.Join(others, ", "), "by_you", byMe, "bound", strconv.FormatUint(r.Bound, 10))...)
	case intake.ProblemTrustStatement:
		return s.refusal(rep, ProblemTrustStatement, fmt.Sprintf("change %d from %s is not a valid trust statement (%v): nothing was imported; ask them to update Dossier and export again", r.Seq, who, r.Err),
			nm.who(r.Author, "seq", strconv.FormatUint(r.Seq, 10))...)
	case intake.ProblemMissing:
		if len(r.Gaps) == 0 {
			return s.refusal(rep, ProblemMissing, "the bundle's changes cannot be put in order (they claim to have seen each other): it was forged or damaged; nothing was imported; do not use this file", "case", "cycle")
		}
		g := r.Gaps[0]
		return s.refusal(rep, ProblemMissing, gapMessage(r.Gaps, nm.name),
			nm.whoName(g.Author, "from", strconv.FormatUint(g.From, 10), "to", strconv.FormatUint(g.To, 10), "more", strconv.Itoa(len(r.Gaps)-1))...)
	case intake.ProblemFork:
		rep.Fork = s.forkView(*r.Fork, nm.ts)
		msg := forkMessage(who, r.Fork.Seq)
		if other, err := oplog.Decode(r.Fork.Other); err == nil && other.Seq == r.Fork.Seq+1 {
			msg = fmt.Sprintf("fork: %s has two different changes numbered %d: this installation holds one, and the bundle's change %d follows another; nothing was imported; the evidence is kept (`dossier forks`); their installation was probably restored from an old backup: ask them to make a new identity", who, r.Fork.Seq, r.Fork.Seq+1)
		}
		if apply {
			if err := s.App.Store.KeepForkEvidence(r.Fork); err != nil {
				msg += "; the evidence could not be kept: " + err.Error()
			}
		}
		return s.refusal(rep, ProblemFork, msg, nm.who(r.Author, "seq", strconv.FormatUint(r.Fork.Seq, 10))...)
	}
	return s.refusal(rep, ProblemFailed, err.Error())
}

// importCounters are what the progress of an import shows: the changes in the bundle, and
// the store's counters of the import once it has begun.
type importCounters struct {
	total    atomic.Int64
	progress atomic.Pointer[store.ImportProgress]
}

// stream imports an opened bundle whose header passed the trust precheck, reading its body
// as a stream into the store (docs/storage.md, "Streaming import"): each change is checked
// for continuity and staged as it is read, each run's checkpoint is verified as the run ends
// when its author is trusted already, the trust decision is taken over the runs' checkpoints
// and statements once the body is read, and then the store orders, admits, commits and
// applies the changes. All or nothing: a refusal or a cancel before the commit leaves the
// store as it was.
//
// With pv set it is a preview: the same, but the store runs the import without its commit
// (store.Importer.Preview) and pv lists what it would do.
func (s *Sync) stream(ctx context.Context, rep *BundleReport, o *bundle.Opened, ts *trustState, nm namer, prog *importCounters, pv *previewer) error {
	h := o.Header
	imp, err := s.App.Store.BeginImport("bundle "+h.Bundle+" from "+h.Exporter, h.Ops, h.BodyRawBytes)
	if err != nil {
		return s.refusal(rep, ProblemFailed, "the store could not apply the bundle, nothing was imported: "+err.Error())
	}
	defer imp.Abort() // after a commit, nothing to do
	imp.Declare(h.Contents)
	defer softMemoryLimit(importMemoryLimit)()
	if prog != nil {
		prog.total.Store(int64(h.Ops))
		prog.progress.Store(imp.Progress)
	}
	runs, err := s.walk(ctx, o, ts, func(op *oplog.Op, raw []byte) (bool, error) { return true, imp.Add(op, raw) })
	if err != nil {
		return s.streamRefusal(rep, err, &h, ts, nm, pv == nil)
	}
	plan, err := intake.DecideTrust(runs, heldStore{s.App.Store}, ts)
	s.reportRuns(rep, plan, nm)
	rep.Exporter = s.exporterView(h.Exporter, ts, nil)
	if err != nil {
		return s.refuseDecision(rep, err, nm, pv == nil)
	}
	if pv != nil {
		return s.previewed(ctx, rep, imp, pv, ts, nm)
	}
	imp.KeepCheckpoints(storeCheckpoints(plan))
	res, err := imp.Commit(ctx)
	if err != nil {
		return s.streamRefusal(rep, err, nil, ts, nm, true)
	}
	rep.New, rep.Known = res.New, res.Known
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
	rep.Trust = res.Kinds[KindTrust]
	rep.Conflicts, rep.Breaking = res.Conflicts, res.Breaking
	rep.Status = StatusImported
	if res.New == 0 {
		rep.Status = StatusNothing
	}
	s.afterImport(rep, h, plan)
	kept, err := (&Files{App: s.App}).storeReceived(len(h.Files), func(i int) string { return h.Files[i].SHA256 },
		func(i int) int64 { return h.Files[i].Bytes }, o.File)
	rep.FilesKept = kept
	if kept > 0 && rep.Status == StatusNothing {
		rep.Status = StatusImported // a bundle of owed files only brought something new
	}
	if err != nil {
		rep.Warnings = append(rep.Warnings, "some attachments could not be kept; they show as not yet received (import this bundle again): "+err.Error())
	}
	return nil
}

// importMemoryLimit is the Go runtime's soft memory limit while a bundle is imported, unless
// GOMEMLIMIT sets one. Without it the collector lets the heap grow to twice what is live, and
// Badger's compactions, which run flat out during a large import, keep 100–150 MB of table
// builders live: the process peaked at 450–800 MiB. With it the collector works harder
// during the import instead. 160 MiB kept a 50,000-change import at ~250 MiB but cost 60 %
// more CPU; 256 MiB costs nothing measurable. Once the import got faster, 160 MiB let a
// 200,000-change import peak anywhere in 228–250 MiB; 144 MiB keeps it at 226–232 MiB, for
// 5–10 % of the import's speed (docs/storage.md, "Streaming import").
const importMemoryLimit = 144 << 20

// softMemoryLimit lowers the runtime's soft memory limit to limit unless one is set, and
// returns what restores it.
func softMemoryLimit(limit int64) func() {
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return func() {}
	}
	debug.SetMemoryLimit(limit)
	return func() { debug.SetMemoryLimit(prev) }
}

// streamRefusal words what stopped a streaming import or inspection; nothing of it was kept.
// keep: an import keeps a fork's evidence; a preview or an inspection writes nothing.
func (s *Sync) streamRefusal(rep *BundleReport, err error, h *bundle.Header, ts *trustState, nm namer, keep bool) error {
	var be *bundle.Error
	var ae *admit.Error
	var r *intake.Refusal
	var de *oplog.DepsError
	var ie *store.ItemCodesError
	switch {
	case errors.As(err, &be):
		return s.bundleRefusal(rep, err, ts)
	case errors.As(err, &ie):
		return s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: its frameworks define more than %d items (change %d from %s, on framework %s): nothing was imported; ask the sender to export fewer changes at a time", ie.Limit, ie.Seq, nm.nameID(ie.Author), ie.Record),
			nm.who(ie.Author, "seq", strconv.FormatUint(ie.Seq, 10), "limit", strconv.Itoa(ie.Limit))...)
	case errors.As(err, &de):
		return s.refusal(rep, bundle.ProblemLimit, fmt.Sprintf("the bundle exceeds a limit: change %d from %s names more than %d changes of the bundle's other authors that it had seen: nothing was imported; ask the sender to export fewer changes at a time", de.Seq, nm.nameID(de.Author), de.Limit),
			nm.who(de.Author, "seq", strconv.FormatUint(de.Seq, 10), "limit", strconv.Itoa(de.Limit))...)
	case errors.Is(err, store.ErrCanceled):
		return s.refusal(rep, ProblemCanceled, "the import was canceled: nothing was imported")
	case errors.As(err, &ae):
		problem, msg, ch := s.changeRefusal(ae, nm.nameID, nm.name)
		rep.Change = ch
		return s.refusal(rep, problem, msg)
	case errors.As(err, &r):
		if h != nil {
			s.reportHeaderRuns(rep, h, nm)
		}
		return s.refuseDecision(rep, r, nm, keep)
	}
	if r := asDecision(err); r != nil {
		return s.refuseDecision(rep, r, nm, keep)
	}
	return s.refusal(rep, ProblemFailed, "the store could not apply the bundle, nothing was imported: "+err.Error())
}

// asDecision turns the store's own continuity refusals (a race with another writer) into the
// decision's.
func asDecision(err error) *intake.Refusal {
	var ge *oplog.GapError
	var fe *oplog.ForkError
	switch {
	case errors.As(err, &ge):
		return &intake.Refusal{Problem: intake.ProblemMissing, Gaps: ge.Gaps, Err: err}
	case errors.As(err, &fe):
		return &intake.Refusal{Problem: intake.ProblemFork, Author: fe.Author, Seq: fe.Seq, Fork: fe, Err: err}
	}
	return nil
}

// afterImport keeps what the import taught: the verified checkpoints (a relay exports with
// them), the names of keys now trusted, and what the exporter holds. The changes are imported
// already; a failure here is a warning.
// storeCheckpoints are the plan's verified checkpoints, as the store keeps them: the import
// writes them with its commit mark, so that a kill during the apply cannot leave changes held
// without their authors' signatures (which a relay needs to export them, and a backup).
func storeCheckpoints(plan *intake.Plan) []store.Checkpoint {
	var cps []store.Checkpoint
	for _, cp := range plan.Checkpoints {
		cps = append(cps, store.Checkpoint{Author: cp.Author, Seq: cp.Seq, Head: cp.Head, Sig: cp.Sig})
	}
	return cps
}

func (s *Sync) afterImport(rep *BundleReport, h bundle.Header, plan *intake.Plan) {
	st := s.App.Store
	warn := func(what string, err error) {
		if err != nil {
			rep.Warnings = append(rep.Warnings, what+": "+err.Error())
		}
	}
	ts := plan.Trust
	for _, k := range ts.Subjects() {
		if v := ts.Status(k); v.Card != nil && st.Name(k) != v.Card.Name {
			warn("the name of "+k+" could not be kept", st.SetName(k, v.Card.Name))
		}
	}
	if h.Exporter != ts.Me {
		holds := h.Holds.Clone()
		for a, n := range h.Contents {
			holds[a] = max(holds[a], n)
		}
		warn("what the exporter holds could not be kept (the next export to them may repeat changes)", st.MergePeerVV("to:"+h.Exporter, holds))
	}
	rep.Exporter = s.exporterView(h.Exporter, ts, nil)
}
