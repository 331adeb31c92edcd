package intake_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/uuid"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/intake"
	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/trust"
)

// office is a secretariat (me) with the installations it deals with, as real identities.
type office struct {
	me       *identity.Identity // Brussels secretariat: this installation
	dakar    *identity.Identity // another secretariat, trusted by me
	desk     *identity.Identity // the Mauritania desk, a delegate trusted by me
	senegal  *identity.Identity // the Senegal desk: no statement about it yet
	stranger *identity.Identity // a laptop no one vouched for
	mine     *craft.Chain       // my own chain, where my trust statements are
	said     []*oplog.Op        // my trust statements, as my store holds them
}

func newIdentity(t *testing.T, name, role string) *identity.Identity {
	t.Helper()
	id, err := identity.Create(t.TempDir(), name, role, "EU–Mauritania partnership")
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func newOffice(t *testing.T) *office {
	o := &office{
		me:       newIdentity(t, "Brussels secretariat", identity.RoleSecretariat),
		dakar:    newIdentity(t, "Dakar secretariat", identity.RoleSecretariat),
		desk:     newIdentity(t, "Mauritania desk", identity.RoleDelegate),
		senegal:  newIdentity(t, "Senegal desk", identity.RoleDelegate),
		stranger: newIdentity(t, "Unknown laptop", identity.RoleDelegate),
	}
	o.mine = craft.Continue(o.me, 0, "", nil)
	o.say(o.desk.Card(), true, 0, false)
	o.say(o.dakar.Card(), true, 0, false)
	return o
}

// say makes a trust statement of mine.
func (o *office) say(card identity.Card, trusted bool, after uint64, update bool) {
	o.said = append(o.said, statement(o.mine, card, trusted, after, update))
}

// statement writes by chain a trust statement about a card, as `dossier trust` does.
func statement(c *craft.Chain, card identity.Card, trusted bool, after uint64, update bool) *oplog.Op {
	typ := oplog.OpCreate
	if update {
		typ = oplog.OpUpdate
	}
	subject := identity.KeyID(card.PublicKey)
	return c.Op(typ, trust.Kind, trust.RecordID(c.Signer.KeyID(), subject), map[string]any{
		"subject": subject, "card": string(identity.EncodeCard(card)), "name": card.Name, "role": card.Role,
		"trusted": trusted, "revoked_after": after,
	}, nil, nil)
}

// fold is the trust state my store holds: every statement of mine. Decide adds to it, so
// each decision gets a fresh one.
func (o *office) fold(t *testing.T) *trust.State {
	t.Helper()
	ts := trust.New(o.me.KeyID(), o.me.Card())
	for _, op := range o.said {
		st, err := trust.FromOp(op)
		if err != nil {
			t.Fatal(err)
		}
		ts.Add(st)
	}
	return ts
}

// commitments appends n commitments to a chain.
func commitments(c *craft.Chain, n int) {
	for i := 0; i < n; i++ {
		c.Op(oplog.OpCreate, "commitment", uuid.Must(uuid.NewV7()).String(), map[string]any{
			"title": fmt.Sprintf("EUR 210 million for Mauritania migration package, tranche %d", c.Seq+1), "status": "agreed",
		}, map[string][]any{"themes": {"border_management", "legal_migration_mobility"}}, nil)
	}
}

// run is n commitments by signer after what chain holds, as one run.
func run(c *craft.Chain, n int) bundle.Run {
	commitments(c, n)
	return c.Run()
}

// joined is two consecutive runs of one author as one, ending in the second's checkpoint.
func joined(a, b bundle.Run) bundle.Run {
	return bundle.Run{Author: a.Author, Ops: append(append([]*oplog.Op{}, a.Ops...), b.Ops...),
		Raws: append(append([][]byte{}, a.Raws...), b.Raws...), Checkpoint: b.Checkpoint}
}

// decoded is a bundle of runs exported by exporter, decoded as an importer reads it.
func decoded(t *testing.T, exporter bundle.Signer, runs ...bundle.Run) *bundle.Bundle {
	t.Helper()
	b, err := bundle.Decode(craft.Bundle(exporter, nil, runs...), nil, bundle.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// held is what a store holds of each author's chain.
type held struct{ raws map[string][][]byte }

func holding(runs ...bundle.Run) *held {
	h := &held{raws: map[string][][]byte{}}
	for _, r := range runs {
		h.raws[r.Author] = append(h.raws[r.Author], r.Raws...)
	}
	return h
}

func (h *held) Head(a string) (uint64, string) {
	rs := h.raws[a]
	if len(rs) == 0 {
		return 0, ""
	}
	return uint64(len(rs)), oplog.Hash(rs[len(rs)-1])
}

func (h *held) Raw(a string, seq uint64) ([]byte, error) {
	rs := h.raws[a]
	if seq == 0 || seq > uint64(len(rs)) {
		return nil, fmt.Errorf("no change %d of %s", seq, a)
	}
	return rs[seq-1], nil
}

func (h *held) VV() oplog.VV {
	vv := oplog.VV{}
	for a, rs := range h.raws {
		vv[a] = uint64(len(rs))
	}
	return vv
}

func refusal(t *testing.T, err error, problem, author string) *intake.Refusal {
	t.Helper()
	var r *intake.Refusal
	if !errors.As(err, &r) {
		t.Fatalf("want a %s refusal, got %T %v", problem, err, err)
	}
	if r.Problem != problem || r.Author != author {
		t.Fatalf("refusal %s of %s, want %s of %s: %v", r.Problem, r.Author, problem, author, err)
	}
	return r
}

func runOf(p *intake.Plan, author string) intake.Run {
	for _, r := range p.Runs {
		if r.Author == author {
			return r
		}
	}
	return intake.Run{}
}

// An accepted bundle: what is new and known, an order to apply it, and the checkpoints kept.
func TestDecideAcceptedPlan(t *testing.T) {
	o := newOffice(t)
	desk := craft.Continue(o.desk, 0, "", nil)
	first := run(desk, 2)
	later := run(desk, 2)
	dakar := craft.Continue(o.dakar, 0, "", oplog.VV{o.desk.KeyID(): 4}) // Dakar had seen the desk's four changes
	fromDakar := run(dakar, 2)
	b := decoded(t, o.dakar, joined(first, later), fromDakar)
	ts := o.fold(t)

	p, err := intake.Decide(b, holding(first), ts)
	if err != nil {
		t.Fatal(err)
	}
	if p.New != 4 || p.Known != 2 || len(p.Ordered) != 4 || len(p.Raw) != 6 || p.Trust != ts {
		t.Fatalf("new %d known %d ordered %d raw %d", p.New, p.Known, len(p.Ordered), len(p.Raw))
	}
	// The desk's changes come first, whatever the order of the runs: Dakar had seen them.
	var got []oplog.Ref
	for _, op := range p.Ordered {
		got = append(got, op.Ref())
	}
	want := []oplog.Ref{{Author: o.desk.KeyID(), Seq: 3}, {Author: o.desk.KeyID(), Seq: 4}, {Author: o.dakar.KeyID(), Seq: 1}, {Author: o.dakar.KeyID(), Seq: 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ordered %v, want %v", got, want)
	}
	for _, r := range []bundle.Run{first, later, fromDakar} {
		for i, op := range r.Ops {
			if string(p.Raw[op.Ref()]) != string(r.Raws[i]) {
				t.Errorf("the bytes kept for %v are not the change's", op.Ref())
			}
		}
	}
	if r := runOf(p, o.desk.KeyID()); r != (intake.Run{Author: o.desk.KeyID(), From: 1, To: 4, Ops: 4, New: 2, Known: 2, Trust: trust.Trusted, Verified: true}) {
		t.Errorf("desk's run %+v", r)
	}
	if r := runOf(p, o.dakar.KeyID()); r != (intake.Run{Author: o.dakar.KeyID(), From: 1, To: 2, Ops: 2, New: 2, Trust: trust.Trusted, Verified: true}) {
		t.Errorf("Dakar's run %+v", r)
	}
	if len(p.Checkpoints) != 2 {
		t.Fatalf("%d checkpoints kept, want 2", len(p.Checkpoints))
	}
	for _, cp := range p.Checkpoints {
		want := later.Checkpoint
		if cp.Author == o.dakar.KeyID() {
			want = fromDakar.Checkpoint
		}
		if !reflect.DeepEqual(cp, want) {
			t.Errorf("checkpoint %+v, want %+v", cp, want)
		}
	}

	// All of it held already: nothing new, nothing to apply.
	p, err = intake.Decide(b, holding(joined(first, later), fromDakar), o.fold(t))
	if err != nil || p.New != 0 || p.Known != 6 || len(p.Ordered) != 0 {
		t.Fatalf("everything held: %+v %v", p, err)
	}
}

func TestDecideUnknownAuthor(t *testing.T) {
	o := newOffice(t)
	b := decoded(t, o.stranger, run(craft.Continue(o.stranger, 0, "", nil), 2))
	p, err := intake.Decide(b, holding(), o.fold(t))
	refusal(t, err, intake.ProblemUnknownAuthor, o.stranger.KeyID())
	if err.Error() != "unknown_author: author "+o.stranger.KeyID() {
		t.Errorf("message %q", err.Error())
	}
	if r := runOf(p, o.stranger.KeyID()); r.Trust != trust.Unknown || r.Verified || r.New != 2 {
		t.Errorf("the refused run as reported: %+v", r)
	}
	if len(p.Ordered) != 0 || len(p.Checkpoints) != 0 {
		t.Errorf("a refused plan has changes to apply: %+v", p)
	}
}

// A run of someone unknown whose changes are all held already (relayed again) is no reason
// to refuse the bundle, and its checkpoint is not kept.
func TestDecideNothingNewFromSomeoneUnknown(t *testing.T) {
	o := newOffice(t)
	old := run(craft.Continue(o.stranger, 0, "", nil), 2)
	b := decoded(t, o.desk, old, run(craft.Continue(o.desk, 0, "", nil), 1))
	p, err := intake.Decide(b, holding(old), o.fold(t))
	if err != nil {
		t.Fatal(err)
	}
	if r := runOf(p, o.stranger.KeyID()); r.Known != 2 || r.New != 0 || r.Verified {
		t.Errorf("the relayed run: %+v", r)
	}
	if p.New != 1 || p.Known != 2 || len(p.Checkpoints) != 1 || p.Checkpoints[0].Author != o.desk.KeyID() {
		t.Errorf("plan: new %d known %d checkpoints %+v", p.New, p.Known, p.Checkpoints)
	}
}

// A secretariat trusted by me introduces the Senegal desk in the same bundle as the desk's
// own changes: the statement is folded in first, whatever the order of the runs.
func TestDecideFoldsStatementsOfAuthorities(t *testing.T) {
	o := newOffice(t)
	// The fold must not depend on the runs' order (by key id): make the introduced desk's run
	// come first, before its introducer's.
	for o.senegal.KeyID() > o.dakar.KeyID() {
		o.senegal = newIdentity(t, "Senegal desk", identity.RoleDelegate)
	}
	dakar := craft.Continue(o.dakar, 0, "", nil)
	statement(dakar, o.senegal.Card(), true, 0, false)
	intro := dakar.Run()
	senegal := run(craft.Continue(o.senegal, 0, "", nil), 3)
	b := decoded(t, o.dakar, intro, senegal)
	if b.Runs[0].Author != o.senegal.KeyID() {
		t.Fatal("the introduced desk's run is not first")
	}
	ts := o.fold(t)
	p, err := intake.Decide(b, holding(), ts)
	if err != nil {
		t.Fatal(err)
	}
	st := p.Trust.Status(o.senegal.KeyID())
	if st.State != trust.Trusted || st.Via != o.dakar.KeyID() || st.Card == nil || st.Card.Name != "Senegal desk" {
		t.Errorf("the Senegal desk after the fold: %+v", st)
	}
	if r := runOf(p, o.senegal.KeyID()); !r.Verified || r.Trust != trust.Trusted || r.New != 3 {
		t.Errorf("the Senegal desk's run: %+v", r)
	}
	if p.New != 4 || len(p.Checkpoints) != 2 {
		t.Errorf("new %d, checkpoints %d", p.New, len(p.Checkpoints))
	}

	// A delegate's word introduces no one: only authorities vouch.
	desk := craft.Continue(o.desk, 0, "", nil)
	statement(desk, o.senegal.Card(), true, 0, false)
	b = decoded(t, o.desk, desk.Run(), run(craft.Continue(o.senegal, 0, "", nil), 1))
	_, err = intake.Decide(b, holding(), o.fold(t))
	refusal(t, err, intake.ProblemUnknownAuthor, o.senegal.KeyID())
}

// A statement in a bundle counts only if its author's checkpoint verifies.
func TestDecideIgnoresStatementsOfUnverifiedAuthors(t *testing.T) {
	o := newOffice(t)
	dakar := craft.Continue(o.dakar, 0, "", nil)
	statement(dakar, o.senegal.Card(), true, 0, false)
	intro := dakar.Run()
	intro.Checkpoint.Sig = o.stranger.Sign(bundle.CheckpointMessage(intro.Author, intro.Checkpoint.Seq, intro.Checkpoint.Head))
	b := decoded(t, o.stranger, intro, run(craft.Continue(o.senegal, 0, "", nil), 1))
	ts := o.fold(t)
	_, err := intake.Decide(b, holding(), ts)
	var r *intake.Refusal
	if !errors.As(err, &r) || (r.Problem != intake.ProblemSignature && r.Problem != intake.ProblemUnknownAuthor) {
		t.Fatalf("a statement under a forged checkpoint: %v", err)
	}
	if st := ts.Status(o.senegal.KeyID()); st.State != trust.Unknown {
		t.Errorf("the forged statement was folded in: %+v", st)
	}
}

// Two authorities vouch for two different keys under one key id (as a forger who found a
// colliding id would try): the author is refused, not one key picked.
func TestDecideTrustConflict(t *testing.T) {
	o := newOffice(t)
	ts := o.fold(t)
	forged := o.stranger.Card()
	ts.Add(trust.Statement{Truster: o.dakar.KeyID(), Subject: o.desk.KeyID(), CardText: string(identity.EncodeCard(forged)),
		Card: forged, Trusted: true, Seq: 9})
	b := decoded(t, o.desk, run(craft.Continue(o.desk, 0, "", nil), 1))
	p, err := intake.Decide(b, holding(), ts)
	refusal(t, err, intake.ProblemTrustConflict, o.desk.KeyID())
	if r := runOf(p, o.desk.KeyID()); r.Trust != trust.Conflict || r.Verified {
		t.Errorf("the run as reported: %+v", r)
	}
}

// The desk's changes under a checkpoint signed by another key are refused, though the
// exporter's own signature over the bundle is good.
func TestDecideBadCheckpointSignature(t *testing.T) {
	o := newOffice(t)
	r := run(craft.Continue(o.desk, 0, "", nil), 2)
	r.Checkpoint.Sig = o.stranger.Sign(bundle.CheckpointMessage(r.Author, r.Checkpoint.Seq, r.Checkpoint.Head))
	b := decoded(t, o.desk, r)
	p, err := intake.Decide(b, holding(), o.fold(t))
	refusal(t, err, intake.ProblemSignature, o.desk.KeyID())
	if got := runOf(p, o.desk.KeyID()); got.Verified || got.Trust != trust.Trusted {
		t.Errorf("the run as reported: %+v", got)
	}
}

// After a revocation, changes up to the bound are accepted and later ones refused, unless
// they were held already.
func TestDecideRevokedAuthor(t *testing.T) {
	o := newOffice(t)
	o.say(o.desk.Card(), false, 2, true) // revoked after change 2
	desk := craft.Continue(o.desk, 0, "", nil)
	first := run(desk, 2)
	third := run(desk, 1)
	rest := run(desk, 2)
	upTo3, all := joined(first, third), joined(joined(first, third), rest)

	cases := []struct {
		name         string
		held         *held
		given        bundle.Run
		refused      bool
		seq, to      uint64
		newN, knownN int
	}{
		{"within the bound", holding(), first, false, 0, 0, 2, 0},
		{"beyond the bound", holding(), all, true, 3, 5, 0, 0},
		{"beyond the bound, the first changes held", holding(first), all, true, 3, 5, 0, 0},
		{"held beyond the bound before the revocation", holding(upTo3), upTo3, false, 0, 0, 0, 3},
		{"more after what was held beyond the bound", holding(upTo3), all, true, 4, 5, 0, 0},
	}
	for _, c := range cases {
		p, err := intake.Decide(decoded(t, o.desk, c.given), c.held, o.fold(t))
		if !c.refused {
			if err != nil || p.New != c.newN || p.Known != c.knownN {
				t.Errorf("%s: new %d known %d: %v", c.name, p.New, p.Known, err)
			}
			continue
		}
		r := refusal(t, err, intake.ProblemRevoked, o.desk.KeyID())
		if r.Seq != c.seq || r.To != c.to || r.Bound != 2 || !reflect.DeepEqual(r.RevokedBy, []string{o.me.KeyID()}) {
			t.Errorf("%s: refused %d–%d, bound %d, by %v; want %d–%d, bound 2, by me", c.name, r.Seq, r.To, r.Bound, r.RevokedBy, c.seq, c.to)
		}
	}
}

// Every system change of a bundle must be a well-formed trust statement in its author's name.
func TestDecideBadTrustStatement(t *testing.T) {
	o := newOffice(t)
	senegal := o.senegal.Card()
	k := identity.KeyID(senegal.PublicKey)
	good := map[string]any{"subject": k, "card": string(identity.EncodeCard(senegal)), "name": senegal.Name, "role": senegal.Role,
		"trusted": true, "revoked_after": 0}
	with := func(f string, v any) map[string]any {
		m := map[string]any{}
		for kk, vv := range good {
			m[kk] = vv
		}
		if v == nil {
			delete(m, f)
		} else {
			m[f] = v
		}
		return m
	}
	cases := []struct {
		name, kind, record string
		set                map[string]any
		words              string
	}{
		{"a field missing", trust.Kind, "", with("role", nil), "a trust statement sets exactly the fields"},
		{"the role not the card's", trust.Kind, "", with("role", identity.RoleSecretariat), "name and role must be the card's"},
		{"on another truster's record", trust.Kind, trust.RecordID(o.me.KeyID(), k), good, "not on its author's own record"},
		{"trusted and revoked at once", trust.Kind, "", with("revoked_after", 5), "revoked_after must be 0"},
		{"a system kind this version does not know", "sys_roster", "", good, `record kind "sys_roster" is unknown`},
	}
	for _, c := range cases {
		dakar := craft.Continue(o.dakar, 0, "", nil)
		commitments(dakar, 1)
		rec := c.record
		if rec == "" {
			rec = trust.RecordID(o.dakar.KeyID(), k)
		}
		dakar.Op(oplog.OpCreate, c.kind, rec, c.set, nil, nil)
		b := decoded(t, o.dakar, dakar.Run())
		_, err := intake.Decide(b, holding(), o.fold(t))
		r := refusal(t, err, intake.ProblemTrustStatement, o.dakar.KeyID())
		if r.Seq != 2 || r.Err == nil || !strings.Contains(err.Error(), c.words) {
			t.Errorf("%s: change %d: %v", c.name, r.Seq, err)
		}
	}
}

func TestDecideGaps(t *testing.T) {
	o := newOffice(t)
	desk := craft.Continue(o.desk, 0, "", nil)
	first := run(desk, 1)
	run(desk, 1) // change 2, never sent
	later := run(desk, 2)
	b := decoded(t, o.desk, later)
	_, err := intake.Decide(b, holding(first), o.fold(t))
	r := refusal(t, err, intake.ProblemMissing, "")
	if want := []oplog.Gap{{Author: o.desk.KeyID(), From: 2, To: 2}}; !reflect.DeepEqual(r.Gaps, want) {
		t.Errorf("gaps %v, want %v", r.Gaps, want)
	}
	if !strings.HasSuffix(err.Error(), "missing: import the earlier bundle first") || !strings.Contains(err.Error(), "change 2 from "+o.desk.KeyID()) {
		t.Errorf("message %q", err.Error())
	}

	// The desk had seen three of Dakar's changes, which are not held.
	seen := craft.Continue(o.desk, 0, "", oplog.VV{o.dakar.KeyID(): 3})
	_, err = intake.Decide(decoded(t, o.desk, run(seen, 1)), holding(), o.fold(t))
	r = refusal(t, err, intake.ProblemMissing, "")
	if want := []oplog.Gap{{Author: o.dakar.KeyID(), From: 1, To: 3}}; !reflect.DeepEqual(r.Gaps, want) {
		t.Errorf("gaps %v, want %v", r.Gaps, want)
	}
}

// The desk's key wrote two histories from change 2 on: whichever way the bundle shows it,
// it is refused as a fork with both changes as evidence.
func TestDecideFork(t *testing.T) {
	o := newOffice(t)
	x := craft.Continue(o.desk, 0, "", nil)
	one := run(x, 1)
	two := run(x, 1)
	y := craft.Continue(o.desk, one.Checkpoint.Seq, one.Checkpoint.Head, nil)
	otherTwo := run(y, 1)
	otherThree := run(y, 1)

	// The other change 2 is given.
	_, err := intake.Decide(decoded(t, o.desk, joined(otherTwo, otherThree)), holding(one, two), o.fold(t))
	r := refusal(t, err, intake.ProblemFork, o.desk.KeyID())
	if r.Seq != 2 || r.Fork == nil || string(r.Fork.Held) != string(two.Raws[0]) || string(r.Fork.Other) != string(otherTwo.Raws[0]) {
		t.Errorf("fork at 2: %+v", r)
	}
	if err.Error() != "fork: author "+o.desk.KeyID()+" has two different operations numbered 2" {
		t.Errorf("message %q", err.Error())
	}
	// Only change 3 of the other history is given: it does not follow the change 2 held.
	_, err = intake.Decide(decoded(t, o.desk, otherThree), holding(one, two), o.fold(t))
	r = refusal(t, err, intake.ProblemFork, o.desk.KeyID())
	if r.Seq != 2 || string(r.Fork.Held) != string(two.Raws[0]) || string(r.Fork.Other) != string(otherThree.Raws[0]) {
		t.Errorf("fork before 3: %+v", r)
	}
}

// VerifyEarly refuses a trusted author's run whose checkpoint does not verify as soon as it
// is read, and leaves an author not trusted yet (a statement later in the body may introduce
// them) to DecideTrust, which then decides as Decide does.
func TestVerifyEarly(t *testing.T) {
	o := newOffice(t)
	good := run(craft.Continue(o.desk, 0, "", nil), 2)
	if err := intake.VerifyEarly(good.Checkpoint, o.fold(t)); err != nil {
		t.Fatalf("a good checkpoint: %v", err)
	}
	bad := good
	bad.Checkpoint.Sig = o.stranger.Sign(bundle.CheckpointMessage(bad.Author, bad.Checkpoint.Seq, bad.Checkpoint.Head))
	refusal(t, intake.VerifyEarly(bad.Checkpoint, o.fold(t)), intake.ProblemSignature, o.desk.KeyID())
	unknown := run(craft.Continue(o.stranger, 0, "", nil), 1)
	unknown.Checkpoint.Sig = o.desk.Sign(bundle.CheckpointMessage(unknown.Author, unknown.Checkpoint.Seq, unknown.Checkpoint.Head))
	if err := intake.VerifyEarly(unknown.Checkpoint, o.fold(t)); err != nil {
		t.Fatalf("an author not trusted yet is DecideTrust's: %v", err)
	}
	heads := []intake.RunHead{{Author: unknown.Author, From: 1, To: 1, Checkpoint: unknown.Checkpoint}}
	_, err := intake.DecideTrust(heads, holding(), o.fold(t))
	refusal(t, err, intake.ProblemUnknownAuthor, o.stranger.KeyID())
}
