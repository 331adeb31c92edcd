package service_test

import (
	"bytes"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
)

// office is a secretariat and three delegates who trust each other the usual way: each
// delegate trusts the secretariat's card, the secretariat trusts the three.
func office(t testing.TB) (s, a, b, c *node) {
	s = newNode(t, "Secretariat", identity.RoleSecretariat)
	a = newNode(t, "A. Benali", identity.RoleDelegate)
	b = newNode(t, "B. Okafor", identity.RoleDelegate)
	c = newNode(t, "C. Haddad", identity.RoleDelegate)
	s.trusts(a, b, c)
	for _, d := range []*node{a, b, c} {
		d.trusts(s)
	}
	return
}

// The whole cycle in process (the binary version is in app/cli/synce2e).
func TestSyncRoundTrip(t *testing.T) {
	s, a, b, c := office(t)
	id := s.addCommitment("Assistance at disembarkation points")
	other := s.addCommitment("Voluntary humanitarian returns")
	b0 := s.export(service.ExportOptions{})
	for _, d := range []*node{a, b, c} {
		rep := d.imp(b0)
		if rep.Status != service.StatusImported || rep.Created != 2 || rep.Trust != 3 || rep.Exporter.Trust != service.TrustTrusted {
			t.Fatalf("%s: %+v", d.name, rep)
		}
	}
	// A knows B and C through the secretariat.
	list, _ := a.sy.TrustList()
	if len(list) != 4 {
		t.Fatalf("A's trust list: %+v", list)
	}
	for _, v := range list[1:] {
		if v.Trust != service.TrustTrusted {
			t.Fatalf("%+v", v)
		}
	}
	a.set(id, "status", "delivered")
	b.set(id, "status", "stalled")
	c.set(other, "status", "in_progress")
	var files []string
	for _, d := range []*node{a, b, c} {
		files = append(files, d.export(service.ExportOptions{}))
	}
	reps, err := s.sy.Import(files...)
	if err != nil {
		t.Fatal(err)
	}
	raised := 0
	for _, r := range reps {
		raised += r.Conflicts
	}
	cs := s.conflicts()
	if raised != 1 || len(cs) != 1 || cs[0].Field != "status" || len(cs[0].Values) != 2 {
		t.Fatalf("conflicts: raised %d, %+v", raised, cs)
	}
	authors := map[string]bool{cs[0].Values[0].Author: true, cs[0].Values[1].Author: true}
	if !authors[a.key] || !authors[b.key] {
		t.Fatalf("conflict authors %v", authors)
	}
	if _, err := (&service.Records{App: s.app}).Resolve(id, "status", b.key, nil); err != nil {
		t.Fatal(err)
	}
	consolidated := s.export(service.ExportOptions{To: []string{a.card, b.card, c.card}})
	for _, d := range []*node{a, b, c} {
		rep := d.imp(consolidated)
		if !rep.Encrypted || rep.Status != service.StatusImported {
			t.Fatalf("%s: %+v", d.name, rep)
		}
	}
	want := s.hash()
	for _, d := range []*node{a, b, c} {
		if got := d.hash(); got != want {
			t.Fatalf("%s's state %s differs from the secretariat's %s", d.name, got, want)
		}
		if len(d.conflicts()) != 0 || d.field(id, "status") != `"stalled"` {
			t.Fatalf("%s: the resolution did not travel", d.name)
		}
		d.check()
	}
	s.check()
	// The resolution is an ordinary operation in history, with the bundle that brought it.
	h, _ := (&service.Records{App: a.app}).History(id)
	last := h[len(h)-1]
	if last.Author != s.key || last.Type != oplog.OpResolve || !strings.Contains(last.Origin, "bundle ") || !strings.Contains(last.Origin, "Secretariat") {
		t.Fatalf("history: %+v", last)
	}
}

func TestReplayTenTimesEqualsOnce(t *testing.T) {
	s, a, _, _ := office(t)
	for i := 0; i < 3; i++ {
		a.addCommitment("Commitment " + string(rune('A'+i)))
	}
	f := a.export(service.ExportOptions{})
	first := s.imp(f)
	once := s.hash()
	if first.New != 4 || first.Known != 0 {
		t.Fatalf("first import %+v", first)
	}
	for i := 0; i < 9; i++ {
		rep := s.imp(f)
		if rep.Status != service.StatusNothing || rep.New != 0 || rep.Known != 4 || rep.Created+rep.Updated+rep.Conflicts != 0 {
			t.Fatalf("replay %d: %+v", i+2, rep)
		}
	}
	if s.hash() != once {
		t.Fatal("replays changed the state")
	}
	s.check()
}

func TestLaterBundleBeforeEarlierIsRefused(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("First")
	early := a.export(service.ExportOptions{}) // changes 1–2 (trust statement, commitment)
	for i := 0; i < 3; i++ {
		a.addCommitment("Later")
	}
	late := a.export(service.ExportOptions{}) // changes 3–5
	s.refused(late, service.ProblemMissing, "changes 1–2 from A. Benali are missing: import their earlier bundle first")
	s.imp(early)
	if rep := s.imp(late); rep.New != 3 {
		t.Fatalf("%+v", rep)
	}
	// Given together in the wrong order, they go in the right one.
	s2 := newNode(t, "Secretariat 2", identity.RoleSecretariat)
	s2.trusts(a)
	reps, err := s2.sy.Import(late, early)
	if err != nil || reps[0].Status != service.StatusImported || reps[1].Status != service.StatusImported {
		t.Fatalf("%v %+v %+v", err, reps[0], reps[1])
	}
	if s2.app.Store.VV()[a.key] != 5 {
		t.Fatalf("%v", s2.app.Store.VV())
	}
}

// What to do about an unknown author depends on who imports: a delegate may learn them from
// the secretariat's bundle; the secretariat, which introduces delegates, trusts their card.
func TestUnknownAuthorUntilTrusted(t *testing.T) {
	s, a, _, _ := office(t)
	x := newNode(t, "X. Stranger", identity.RoleDelegate)
	x.addCommitment("From a stranger")
	f := x.export(service.ExportOptions{})
	rep := a.refused(f, service.ProblemUnknownAuthor, "unknown author X. Stranger ("+x.key+", name not verified): this installation does not trust their key; trust their identity card first (`dossier trust add CARD`, after comparing the fingerprint with them), or import the secretariat's bundle that introduces them")
	rep = s.refused(f, service.ProblemUnknownAuthor, "unknown author X. Stranger ("+x.key+", name not verified): this installation does not trust their key; ask them for their identity card, compare its fingerprint with them and trust it (`dossier trust add CARD`), then import this bundle again")
	if strings.Contains(rep.Message, "secretariat's bundle") {
		t.Errorf("a secretariat is told to import a secretariat's bundle: %s", rep.Message)
	}
	if rep.Exporter == nil || rep.Exporter.Trust != service.TrustUnknown {
		t.Fatalf("%+v", rep.Exporter)
	}
	if ins, _ := s.sy.Inspect(f); ins.Status != service.StatusRefused || ins.Problem != service.ProblemUnknownAuthor {
		t.Fatalf("inspect %+v", ins)
	}
	s.trusts(x)
	if rep := s.imp(f); rep.New != 1 {
		t.Fatalf("%+v", rep)
	}
}

// Trust is transitive one level, and only through a secretariat.
func TestTrustIsTransitiveOnlyThroughASecretariat(t *testing.T) {
	s, a, b, _ := office(t)
	d := newNode(t, "D. Mensah", identity.RoleDelegate) // trusted by B only
	b.trusts(d)
	d.addCommitment("D's")
	fd := d.export(service.ExportOptions{})
	b.imp(fd)
	fb := b.export(service.ExportOptions{}) // B's statements, incl. trusting D
	s.imp(fb)
	// The secretariat does not trust D on B's word.
	s.refused(fd, service.ProblemUnknownAuthor, "unknown author")
	// A learns B through the secretariat's bundle, not D.
	fb2 := b.export(service.ExportOptions{All: true})
	a.refused(fb2, service.ProblemUnknownAuthor, "B. Okafor")
	a.imp(s.export(service.ExportOptions{To: []string{a.card}}))
	a.imp(fb2)
	a.refused(fd, service.ProblemUnknownAuthor, "D. Mensah")
	// A second secretariat known to A only through the first one is not an authority.
	s2 := newNode(t, "Other Secretariat", identity.RoleSecretariat)
	s.trusts(s2)
	s2.trusts(d)
	s2.addCommitment("s2")
	s.imp(s2.export(service.ExportOptions{}))
	a.imp(s.export(service.ExportOptions{To: []string{a.card}}))
	if v, _ := a.sy.ReadCard(s2.card); v.Trust != service.TrustTrusted {
		t.Fatalf("s2 should be trusted through the secretariat: %+v", v)
	}
	if v, _ := a.sy.ReadCard(d.card); v.Trust != service.TrustUnknown {
		t.Fatalf("D is vouched for by a secretariat A does not trust directly: %+v", v)
	}
}

func TestRevokedAuthor(t *testing.T) {
	s, a, b, _ := office(t)
	a.addCommitment("Before")
	f1 := a.export(service.ExportOptions{})
	s.imp(f1)
	v, err := s.sy.Revoke(a.key)
	if err != nil || v.Trust != service.TrustRevoked || v.RevokedAfter != 2 {
		t.Fatalf("%+v %v", v, err)
	}
	a.addCommitment("After")
	f2 := a.export(service.ExportOptions{})
	s.refused(f2, service.ProblemRevoked, "change 3 from A. Benali ("+a.key+") was signed after their key was revoked (by you)")
	// The first bundle stays importable (replay) and relayed: B learns A's early changes
	// and the revocation from the secretariat, then refuses A's later ones too.
	s.imp(f1)
	b.imp(s.export(service.ExportOptions{To: []string{b.card}}))
	if v, _ := b.sy.ReadCard(a.card); v.Trust != service.TrustRevoked || v.RevokedBy != "Secretariat" {
		t.Fatalf("%+v", v)
	}
	b.refused(f2, service.ProblemRevoked, "revoked (by Secretariat)")
	// A key revoked by a secretariat cannot be trusted again here.
	_, err = b.sy.TrustCard(a.card, service.TrustAccept{})
	if err == nil || !strings.Contains(err.Error(), "revoked by Secretariat") {
		t.Fatalf("re-trusted a revoked key: %v", err)
	}
	// With a code the screens word in the reader's language.
	if se := service.AsError(err); se.Code != service.CodeRefused || se.Problems["card"].Code != "card_key_revoked" ||
		se.Problems["card"].Params["revoked_by"] != "Secretariat" || se.Problems["card"].Params["key_id"] != a.key {
		t.Fatalf("refusal %+v, want card_key_revoked by Secretariat", se)
	}
	// The secretariat's own revocation can be lifted by itself.
	s.trusts(a)
	s.imp(f2)
	if _, err := s.sy.Revoke(s.key); err == nil {
		t.Fatal("revoked its own key")
	}
}

func TestForkIsRefusedAndKeptAsEvidence(t *testing.T) {
	s, a, _, _ := office(t)
	id := a.addCommitment("Shared")
	s.imp(a.export(service.ExportOptions{}))
	// A's laptop is copied (or restored from an old backup): two installations, one key.
	a.close()
	twinDir := t.TempDir()
	copyDir(t, a.dir, twinDir)
	a.open()
	twin := &node{t: t, name: "A's twin", dir: twinDir, key: a.key}
	twin.open()
	a.set(id, "status", "delivered")
	twin.set(id, "status", "withdrawn") // also change 3, a different one
	s.imp(a.export(service.ExportOptions{}))
	forged := twin.export(service.ExportOptions{})
	rep := s.refused(forged, service.ProblemFork, "fork: A. Benali ("+a.key+") has two different changes numbered 3")
	if rep.Fork == nil || rep.Fork.Held.Op == rep.Fork.Other.Op || rep.Fork.Seq != 3 {
		t.Fatalf("fork evidence in the report: %+v", rep.Fork)
	}
	forks, err := s.sy.Forks()
	if err != nil || len(forks) != 1 || forks[0].Author != a.key || forks[0].AuthorName != "A. Benali" || forks[0].Held.Seq != 3 || forks[0].Other.Seq != 3 {
		t.Fatalf("forks: %+v %v", forks, err)
	}
	if !strings.Contains(forks[0].Held.Op, "delivered") || !strings.Contains(forks[0].Other.Op, "withdrawn") {
		t.Fatalf("evidence: %+v", forks[0])
	}
	// The twin continues; its next change follows its own change 3: refused at the seam.
	twin.set(id, "status", "stalled")
	seam := twinRun(t, twin, 4, 4)
	rep = s.refused(seam, service.ProblemFork, "follows another")
	if rep.Fork.Seq != 3 || rep.Fork.Other.Seq != 4 {
		t.Fatalf("%+v", rep.Fork)
	}
	if forks, _ := s.sy.Forks(); len(forks) != 1 { // the same seq: one record of evidence
		t.Fatalf("%d forks", len(forks))
	}
	// Inspect shows the fork without keeping anything.
	if ins, _ := s.sy.Inspect(forged); ins.Problem != service.ProblemFork || ins.Fork == nil {
		t.Fatalf("inspect: %+v", ins)
	}
}

// twinRun writes a bundle of n's changes from..to only, signed by n.
func twinRun(t *testing.T, n *node, from, to uint64) string {
	var r bundle.Run
	r.Author = n.key
	err := n.app.Store.Ops(n.key, from, to, func(op *oplog.Op, raw []byte) error {
		r.Ops, r.Raws = append(r.Ops, op), append(r.Raws, raw)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Checkpoint = bundle.SignCheckpoint(n.app.Identity, to, oplog.Hash(r.Raws[len(r.Raws)-1]))
	var b bytes.Buffer
	if _, err := bundle.Encode(&b, n.app.Identity, []bundle.Run{r}, bundle.Options{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "seam.dossier")
	os.WriteFile(p, b.Bytes(), 0o600)
	return p
}

func TestCheckpointSignedByAnotherKeyIsRefused(t *testing.T) {
	s, a, b, _ := office(t)
	a.addCommitment("A's")
	// B relays A's changes under a checkpoint B signed itself.
	var r bundle.Run
	r.Author = a.key
	a.app.Store.Ops(a.key, 1, 2, func(op *oplog.Op, raw []byte) error {
		r.Ops, r.Raws = append(r.Ops, op), append(r.Raws, raw)
		return nil
	})
	head := oplog.Hash(r.Raws[1])
	r.Checkpoint = bundle.Checkpoint{Author: a.key, Seq: 2, Head: head, Sig: b.app.Identity.Sign(bundle.CheckpointMessage(a.key, 2, head))}
	var buf bytes.Buffer
	if _, err := bundle.Encode(&buf, b.app.Identity, []bundle.Run{r}, bundle.Options{}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "relay.dossier")
	os.WriteFile(p, buf.Bytes(), 0o600)
	s.refused(p, service.ProblemSignature, "not signed by the key trusted for them")
}

// A trusted delegate cannot make statements in the secretariat's name: its own store refuses
// to write one, and a bundle crafted with its key is refused at import.
func TestForgedTrustStatementIsRefused(t *testing.T) {
	s, _, b, _ := office(t)
	x := newNode(t, "X", identity.RoleDelegate)
	card, _ := os.ReadFile(x.card)
	set := map[string]json.RawMessage{"subject": raw(x.key), "card": raw(string(card)), "name": raw("X"), "role": raw("delegate"),
		"trusted": raw(true), "revoked_after": raw(0)}
	if _, err := b.app.Store.Save("", store.Draft{Type: oplog.OpCreate, Kind: service.KindTrust, Record: service.TrustRecordID(s.key, x.key), Set: set}); err == nil {
		t.Fatal("a statement in another's name was saved")
	}
	c := b.chain()
	c.Op(oplog.OpCreate, service.KindTrust, service.TrustRecordID(s.key, x.key), map[string]any{"subject": x.key, "card": string(card), "name": "X",
		"role": "delegate", "trusted": true, "revoked_after": 0}, nil, nil)
	s.refused(b.crafted(c.Run()), service.ProblemTrustStatement, "not on its author's own record")
}

func TestWrongRecipient(t *testing.T) {
	s, a, b, _ := office(t)
	a.trusts(b)
	b.trusts(a)
	a.addCommitment("For the secretariat only")
	f := a.export(service.ExportOptions{To: []string{s.card}})
	b.refused(f, bundle.ProblemNotRecipient, "wrong recipient: the bundle is encrypted for Secretariat ("+s.key+"), not for this installation, B. Okafor ("+b.key+")")
	if rep := s.imp(f); !rep.Encrypted || rep.New != 3 {
		t.Fatalf("%+v", rep)
	}
	// The exporter can inspect what it sent.
	if ins, _ := a.sy.Inspect(f); ins.Status == service.StatusRefused || ins.Header == nil {
		t.Fatalf("%+v", ins)
	}
	// Recipients must be trusted.
	x := newNode(t, "X", identity.RoleDelegate)
	if _, err := a.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "x.dossier"), To: []string{x.card}}); err == nil {
		t.Fatal("exported to an untrusted card")
	}
	// A key id of a trusted card works as --to.
	a.export(service.ExportOptions{To: []string{strings.ToLower(s.key)}})
}

func TestExportWritesWhatRecipientsLack(t *testing.T) {
	s, a, b, _ := office(t)
	s.addCommitment("One")
	all := func(p string) []service.AuthorReport {
		rep, _ := s.sy.Inspect(p)
		return rep.Authors
	}
	first := s.export(service.ExportOptions{To: []string{a.card}})
	if got := all(first); len(got) != 1 || got[0].From != 1 || got[0].To != 4 { // 3 trust statements, 1 commitment
		t.Fatalf("first: %+v", got)
	}
	if rep, err := s.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "x.dossier"), To: []string{a.card}}); err != nil || !rep.Nothing {
		t.Fatalf("nothing new for A: %+v %v", rep, err)
	}
	s.addCommitment("Two")
	if got := all(s.export(service.ExportOptions{To: []string{a.card}})); len(got) != 1 || got[0].From != 5 {
		t.Fatalf("only the new one for A: %+v", got)
	}
	// B has had nothing: all of it; both together: what at least one lacks.
	if got := all(s.export(service.ExportOptions{To: []string{a.card, b.card}, SignOnly: true})); got[0].From != 1 {
		t.Fatalf("A and B: %+v", got)
	}
	// What A's own bundle says it holds is not sent back to it.
	a.imp(first)
	a.addCommitment("A's")
	s.imp(a.export(service.ExportOptions{}))
	s.addCommitment("Three")
	got := all(s.export(service.ExportOptions{To: []string{a.card}}))
	if len(got) != 1 || got[0].Author != s.key || got[0].From != 6 {
		t.Fatalf("A's changes were sent back to it: %+v", got)
	}
	// Without --to: what no earlier export without --to held; --all: everything.
	if got := all(s.export(service.ExportOptions{})); len(got) != 2 || got[0].From != 1 || got[1].From != 1 {
		t.Fatalf("first plain export: %+v", got)
	}
	if rep, err := s.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "x.dossier")}); err != nil || !rep.Nothing {
		t.Fatalf("second plain export: %+v %v", rep, err)
	}
	if got := all(s.export(service.ExportOptions{All: true})); len(got) != 2 {
		t.Fatalf("--all: %+v", got)
	}
	// A delegate exports only what it authored, even with --all.
	rep, _ := a.sy.Inspect(a.export(service.ExportOptions{All: true}))
	if len(rep.Authors) != 1 || rep.Authors[0].Author != a.key {
		t.Fatalf("delegate --all: %+v", rep.Authors)
	}
}

func TestInspectChangesNothing(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("x")
	f := a.export(service.ExportOptions{})
	before := s.hash()
	rep, err := s.sy.Inspect(f)
	if err != nil || rep.Status != service.StatusOK || rep.New != 2 || rep.Header == nil || rep.Header.Exporter != a.key || rep.Authors[0].Checkpoint != "verified" {
		t.Fatalf("%+v %v", rep, err)
	}
	if s.hash() != before || s.app.Store.VV()[a.key] != 0 {
		t.Fatal("inspect imported")
	}
}

// tamperAll imports every single-byte change (each mask) and every truncation of a
// bundle, all of which must be refused with a message and leave the state as it was.
func tamperAll(t *testing.T, to *node, data []byte, masks []byte) {
	before := to.hash()
	vv := to.app.Store.VV()
	buf := make([]byte, len(data))
	try := func(what string, b []byte) {
		rep, err := to.sy.ImportData("bundle", b)
		if err == nil || rep.Status != service.StatusRefused || len(rep.Message) < 30 {
			t.Fatalf("%s: accepted or unclear: %v %+v", what, err, rep)
		}
		if h := to.hash(); h != before {
			t.Fatalf("%s: the state changed", what)
		}
	}
	problems := map[string]int{}
	for off := range data {
		for _, m := range masks {
			copy(buf, data)
			buf[off] ^= m
			try("byte "+string(rune(off)), buf)
		}
		rep, _ := to.sy.ImportData("bundle", data[:off])
		problems[rep.Problem]++
		try("truncation", data[:off])
	}
	if to.app.Store.VV()[to.key] != vv[to.key] || len(to.app.Store.VV()) != len(vv) {
		t.Fatal("the version vector changed")
	}
	t.Logf("%d bytes × %d masks and every truncation refused; truncations by problem: %v", len(data), len(masks), problems)
}

func masks() []byte {
	if testing.Short() {
		return []byte{0xff}
	}
	return []byte{0x01, 0xff}
}

func TestTamperingIsRefused(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("Small")
	signed, _ := os.ReadFile(a.export(service.ExportOptions{All: true}))
	enc, _ := os.ReadFile(a.export(service.ExportOptions{All: true, To: []string{s.card}}))
	t.Run("signed", func(t *testing.T) { tamperAll(t, s, signed, masks()) })
	t.Run("encrypted", func(t *testing.T) { tamperAll(t, s, enc, masks()) })
	for _, b := range [][]byte{signed, enc} {
		if rep, err := s.sy.ImportData("intact", b); err != nil || (rep.New == 0 && rep.Known == 0) {
			t.Fatalf("the intact bundle: %v %+v", err, rep)
		}
	}
	s.check()
}

// Private keys never appear in a card or a bundle, in any usual encoding.
func TestPrivateKeysNeverLeave(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("x")
	var pf struct {
		Seed string `json:"ed25519_seed"`
		Age  string `json:"age_identity"`
	}
	keyFile, _ := os.ReadFile(filepath.Join(a.dir, "identity.key"))
	if err := json.Unmarshal(keyFile, &pf); err != nil {
		t.Fatal(err)
	}
	seed, _ := base64.StdEncoding.DecodeString(pf.Seed)
	priv := ed25519.NewKeyFromSeed(seed)
	ageID, _ := age.ParseX25519Identity(pf.Age)
	var needles [][]byte
	for _, k := range [][]byte{seed, priv, []byte(pf.Age)} {
		needles = append(needles, k, []byte(hex.EncodeToString(k)), []byte(strings.ToUpper(hex.EncodeToString(k))),
			[]byte(base64.StdEncoding.EncodeToString(k)), []byte(base64.RawStdEncoding.EncodeToString(k)), []byte(base64.RawURLEncoding.EncodeToString(k)))
	}
	needles = append(needles, []byte(strings.ToLower(pf.Age)), []byte(pf.Seed))
	card, _ := os.ReadFile(a.card)
	signed, _ := os.ReadFile(a.export(service.ExportOptions{All: true}))
	enc, _ := os.ReadFile(a.export(service.ExportOptions{All: true, To: []string{s.card}}))
	decoded, err := bundle.Decode(enc, []age.Identity{ageID}, bundle.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	_, raws := decoded.Ops()
	hay := map[string][]byte{"card": card, "signed bundle": signed, "encrypted bundle": enc,
		"operations": bytes.Join(raws, nil), "header": decoded.HeaderBytes}
	for name, h := range hay {
		for _, n := range needles {
			if bytes.Contains(h, n) {
				t.Fatalf("a private key appears in the %s", name)
			}
		}
	}
}

func TestTrustCommands(t *testing.T) {
	s, a, _, _ := office(t)
	if _, err := s.sy.TrustCard(s.card, service.TrustAccept{}); err == nil {
		t.Fatal("trusted its own card")
	}
	// Trusting twice writes nothing.
	before := s.app.Store.VV()[s.key]
	s.trusts(a)
	if s.app.Store.VV()[s.key] != before {
		t.Fatal("a second trust add wrote a statement")
	}
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte("{}"), 0o600)
	if _, err := s.sy.TrustCard(bad, service.TrustAccept{}); err == nil || service.AsError(err).Code != service.CodeInvalid {
		t.Fatalf("bad card: %v", err)
	}
	if _, err := s.sy.Revoke("0123456789ABCDEF"); err == nil || service.AsError(err).Code != service.CodeNotFound {
		t.Fatalf("revoke unknown: %v", err)
	}
	if v, err := s.sy.Revoke(strings.ToLower(a.key)); err != nil || v.Trust != service.TrustRevoked {
		t.Fatalf("%v %+v", err, v)
	}
	if n := s.app.Store.Name(a.key); n != "A. Benali" {
		t.Fatalf("name %q", n)
	}
}

// Changes held without their author's checkpoint (a store restored from an unsigned
// version 1 backup, which kept operations only) are not relayed, and the export says so.
func TestExportWithholdsChangesWithoutCheckpoint(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("A's")
	s.imp(a.export(service.ExportOptions{}))
	r := newNode(t, "Restored Secretariat", identity.RoleSecretariat)
	var ops []*oplog.Op
	var raws [][]byte
	s.app.Store.Applied(func(op *oplog.Op, raw []byte, _ string) error {
		ops, raws = append(ops, op), append(raws, raw)
		return nil
	})
	if _, err := r.app.Store.Import(ops, raws, "version 1 backup"); err != nil {
		t.Fatal(err)
	}
	rep, err := r.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "r.dossier"), All: true})
	if err != nil || rep.Ops != 0 || len(rep.Withheld) != 2 {
		t.Fatalf("%v %+v", err, rep)
	}
	// Importing the author's bundle again brings the checkpoint: then it is relayed.
	r.trusts(a)
	r.imp(a.export(service.ExportOptions{All: true}))
	rep, _ = r.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "r2.dossier"), All: true})
	if len(rep.Authors) != 2 || len(rep.Withheld) != 1 { // its own trust statement, and A's; S's still withheld
		t.Fatalf("%+v", rep)
	}
}

// The error of an import of several files counts the refused ones in words that agree with
// the count: one bundle given and refused is "the bundle", one refused of several "was".
func TestImportCountsRefusedBundlesInWords(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("Return")
	good := a.export(service.ExportOptions{})
	junk := filepath.Join(t.TempDir(), "notes.dossier")
	if err := os.WriteFile(junk, []byte("not a bundle"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		files []string
		want  string
	}{
		{[]string{junk}, "the bundle was refused; nothing of it was imported"},
		{[]string{junk, good}, "1 of 2 bundles was refused; nothing of it was imported"},
		{[]string{junk, junk, good}, "2 of 3 bundles were refused; nothing of them was imported"},
	} {
		_, err := s.sy.Import(c.files...)
		if err == nil || err.Error() != c.want {
			t.Errorf("import of %d files: %v, want %q", len(c.files), err, c.want)
		}
	}
}
