// Package intake is the import decision: given a decoded bundle, what the store holds and the
// trust statements known, it verifies the authors' checkpoints against the keys trusted for
// them, folds in the statements the bundle brings, and finds gaps and forks. It returns a plan
// or a typed refusal, and does no I/O (docs/trust.md, "The import decision").
package intake

import (
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"dossier/app/bundle"
	"dossier/app/oplog"
	"dossier/app/trust"
)

// Problems: why a bundle is refused, beside the bundle.Problem* ones.
const (
	ProblemMissing        = "missing_changes" // earlier changes are not held: import the earlier bundle first
	ProblemUnknownAuthor  = "unknown_author"  // trust their card first
	ProblemTrustConflict  = "trust_conflict"  // two keys vouched for under one key id
	ProblemRevoked        = "revoked_author"  // changes signed after the key was revoked
	ProblemSignature      = "bad_signature"   // a checkpoint does not verify with the trusted key
	ProblemFork           = "fork"            // two different changes with one number
	ProblemTrustStatement = "bad_trust_statement"
)

// Held is what the decision needs to know of the store.
type Held interface {
	oplog.Held
	VV() oplog.VV
}

// Refusal says why a bundle is refused, with what a message needs; the caller words it.
type Refusal struct {
	Problem   string
	Author    string           // the author at fault
	Seq       uint64           // trust statement: the change; revoked: the first change refused
	To        uint64           // revoked: the last change refused
	Bound     uint64           // revoked: the highest change still accepted
	RevokedBy []string         // revoked: who revoked
	Gaps      []oplog.Gap      // missing changes
	Fork      *oplog.ForkError // fork evidence
	Err       error            // the underlying reason, when there is one
}

func (r *Refusal) Error() string {
	switch r.Problem {
	case ProblemMissing:
		return (&oplog.GapError{Gaps: r.Gaps}).Error()
	case ProblemFork:
		return r.Fork.Error()
	}
	msg := fmt.Sprintf("%s: author %s", r.Problem, r.Author)
	if r.Err != nil {
		msg += ": " + r.Err.Error()
	}
	return msg
}

func (r *Refusal) Unwrap() error { return r.Err }

// Run is what the decision found of one author's run.
type Run struct {
	Author   string
	From, To uint64
	Ops      int
	New      int // changes not yet held
	Known    int // changes already held
	Trust    string
	Verified bool // the checkpoint verifies with the key trusted for the author
}

// Plan is an accepted bundle.
type Plan struct {
	Runs        []Run
	New, Known  int
	Checkpoints []bundle.Checkpoint // verified checkpoints, kept so that a relay can export them
	Ordered     []*oplog.Op         // the new changes, in an order to apply them
	Raw         map[oplog.Ref][]byte
	Trust       *trust.State // the fold with the bundle's statements added
}

// Decide judges a decoded bundle. ts is the fold of the statements the store holds; the
// statements of authors the bundle proves trusted are added to it. On refusal the plan says
// what was found so far (the runs), for the report.
func Decide(b *bundle.Bundle, held Held, ts *trust.State) (*Plan, error) {
	runs := make([]RunHead, len(b.Runs))
	for i, r := range b.Runs {
		runs[i] = RunHead{Author: r.Author, From: r.From(), To: r.To(), Checkpoint: r.Checkpoint}
		for _, op := range r.Ops {
			if strings.HasPrefix(op.Kind, "sys_") {
				runs[i].System = append(runs[i].System, op)
			}
		}
	}
	p, err := DecideTrust(runs, held, ts)
	if err != nil {
		return p, err
	}
	ops, raws := b.Ops()
	c, err := oplog.Continue(held, ops, raws)
	if err != nil {
		return p, Continuity(err)
	}
	p.Ordered, p.Raw, p.Known = c.Ordered, c.Raw, c.Known
	p.New = len(c.Ordered)
	return p, nil
}

// Continuity turns oplog.Continue's (or oplog.Stream's) refusals into the decision's.
func Continuity(err error) error {
	var ge *oplog.GapError
	var fe *oplog.ForkError
	switch {
	case errors.As(err, &ge):
		return &Refusal{Problem: ProblemMissing, Gaps: ge.Gaps, Err: err}
	case errors.As(err, &fe):
		return &Refusal{Problem: ProblemFork, Author: fe.Author, Seq: fe.Seq, Fork: fe, Err: err}
	}
	return err
}

// RunHead is what the trust decision needs of one author's run: its range, its checkpoint
// and its system changes (trust statements). A streaming import keeps only this of a run.
type RunHead struct {
	Author     string
	From, To   uint64
	Checkpoint bundle.Checkpoint
	System     []*oplog.Op
}

// DecideTrust is the trust part of Decide, for a bundle whose body is streamed: every
// statement checked, the fold, and each run judged. The plan's counts assume nothing of the
// runs is held beyond what held's version vector says; continuity is the caller's
// (oplog.Stream), and the plan carries no operations.
func DecideTrust(runs []RunHead, held Held, ts *trust.State) (*Plan, error) {
	have := held.VV()
	p := &Plan{Trust: ts}
	for _, r := range runs {
		run := Run{Author: r.Author, From: r.From, To: r.To, Ops: int(r.To - r.From + 1)}
		if have[r.Author] >= r.From {
			run.Known = int(min(have[r.Author], r.To) - r.From + 1)
		}
		run.New = run.Ops - run.Known
		p.New += run.New
		p.Known += run.Known
		p.Runs = append(p.Runs, run)
	}
	stmts, err := statements(runs)
	if err != nil {
		return p, err
	}
	verified := fold(runs, ts, stmts)
	for i := range runs {
		if err := judge(&p.Runs[i], &runs[i], ts, have); err != nil {
			return p, err
		}
	}
	for _, r := range runs {
		if verified[r.Author] {
			p.Checkpoints = append(p.Checkpoints, r.Checkpoint)
		}
	}
	return p, nil
}

// VerifyEarly checks a run's checkpoint as soon as the run is read, when its author is
// already trusted: a checkpoint that does not verify with the trusted key refuses the bundle
// before the rest of the body is read. Authors not yet trusted wait for DecideTrust (a
// statement later in the body may introduce them).
func VerifyEarly(cp bundle.Checkpoint, ts *trust.State) error {
	st := ts.Status(cp.Author)
	if st.Card == nil || st.State == trust.Unknown || st.State == trust.Conflict {
		return nil
	}
	if !cp.Verify(st.Card.PublicKey) {
		return &Refusal{Problem: ProblemSignature, Author: cp.Author}
	}
	return nil
}

// statements checks every system change of the bundle: only trust statements exist, each in
// its author's own name.
func statements(runs []RunHead) (map[string][]trust.Statement, error) {
	out := map[string][]trust.Statement{}
	for _, r := range runs {
		for _, op := range r.System {
			st, err := Statement(op)
			if err != nil {
				return nil, err
			}
			out[r.Author] = append(out[r.Author], st)
		}
	}
	return out, nil
}

// Statement reads one system change as a trust statement, or refuses it. A streaming import
// calls it as each system change is read, before the change is admitted.
func Statement(op *oplog.Op) (trust.Statement, error) {
	st, err := trust.FromOp(op)
	if err != nil {
		return st, &Refusal{Problem: ProblemTrustStatement, Author: op.Author, Seq: op.Seq, Err: err}
	}
	return st, nil
}

// fold adds the statements of every author whose checkpoint verifies with a key trusted so
// far; authorities among them vouch for the next ones. It returns the authors verified.
func fold(runs []RunHead, ts *trust.State, stmts map[string][]trust.Statement) map[string]bool {
	verified := map[string]bool{}
	for progress := true; progress; {
		progress = false
		for _, r := range runs {
			a := r.Author
			if verified[a] {
				continue
			}
			st := ts.Status(a)
			if st.Card == nil || !r.Checkpoint.Verify(st.Card.PublicKey) {
				continue
			}
			verified[a] = true
			progress = true
			for _, x := range stmts[a] {
				ts.Add(x)
			}
		}
	}
	return verified
}

// judge decides one run with every statement known.
func judge(run *Run, r *RunHead, ts *trust.State, have oplog.VV) error {
	a := r.Author
	st := ts.Status(a)
	run.Trust = st.State
	run.Verified = st.Card != nil && r.Checkpoint.Verify(st.Card.PublicKey)
	if run.New == 0 && st.Card == nil {
		return nil // nothing new from someone unknown: nothing to accept
	}
	switch {
	case st.State == trust.Unknown:
		return &Refusal{Problem: ProblemUnknownAuthor, Author: a}
	case st.State == trust.Conflict:
		return &Refusal{Problem: ProblemTrustConflict, Author: a}
	case !run.Verified:
		return &Refusal{Problem: ProblemSignature, Author: a}
	case st.State == trust.Revoked && r.To > st.Bound && r.To > have[a]:
		return &Refusal{Problem: ProblemRevoked, Author: a, Seq: max(st.Bound, have[a], r.From-1) + 1, To: r.To, Bound: st.Bound, RevokedBy: st.RevokedBy}
	}
	return nil
}

// Precheck judges a bundle from its signed header alone, before its body is decompressed:
// every author with changes not held must be trusted and not revoked past them. An author
// that is not trusted yet may still be introduced by a statement in the body, but only in a
// bundle that an authority (a secretariat this installation trusts directly) exported and
// signed, with changes of an authority in it; otherwise an unknown author is refused here,
// and the body is never decompressed. Naming an authority's changes in a header one signs
// is not enough: a stranger's run may come before them in the body, and would be read,
// decoded and staged before the authority's checkpoint shows that they were forged.
func Precheck(h *bundle.Header, held Held, ts *trust.State) error {
	have := held.VV()
	vouchers := false
	if h.Exporter != ts.Me && slices.Contains(ts.Authorities(), h.Exporter) {
		for _, a := range ts.Authorities() {
			if a != ts.Me && h.Contents[a] > have[a] {
				vouchers = true
			}
		}
	}
	for _, a := range sortedAuthors(h.Contents) {
		from, to := h.From[a], h.Contents[a]
		if to <= have[a] {
			continue // nothing new from this author
		}
		st := ts.Status(a)
		switch st.State {
		case trust.Unknown:
			if !vouchers {
				return &Refusal{Problem: ProblemUnknownAuthor, Author: a}
			}
		case trust.Conflict:
			if !vouchers {
				return &Refusal{Problem: ProblemTrustConflict, Author: a}
			}
		case trust.Revoked:
			if to > st.Bound {
				return &Refusal{Problem: ProblemRevoked, Author: a, Seq: max(st.Bound, have[a], from-1) + 1, To: to, Bound: st.Bound, RevokedBy: st.RevokedBy}
			}
		}
	}
	return nil
}

func sortedAuthors(v oplog.VV) []string {
	out := make([]string, 0, len(v))
	for a := range v {
		out = append(out, a)
	}
	sort.Strings(out)
	return out
}
