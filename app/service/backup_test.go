package service_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
)

// backupOffice is an office after one round of sync: the secretariat holds every
// delegate's changes with their checkpoints, and A holds B's changes, relayed by the
// secretariat and vouched for by the secretariat's trust statement only.
func backupOffice(t *testing.T) (s, a, b, c *node) {
	s, a, b, c = office(t)
	a.addCommitment("A's first")
	a.set(a.addCommitment("A's second"), "status", "delivered")
	s.imp(a.export(service.ExportOptions{}))
	b.addCommitment("B's")
	s.imp(b.export(service.ExportOptions{}))
	s.addCommitment("The secretariat's")
	a.imp(s.export(service.ExportOptions{}))
	return
}

func (n *node) backup() string {
	n.t.Helper()
	p := filepath.Join(n.t.TempDir(), strings.ReplaceAll(n.name, " ", "_")+".backup")
	if _, err := (&service.Admin{App: n.app}).Backup(p); err != nil {
		n.t.Fatalf("%s backs up: %v", n.name, err)
	}
	return p
}

// forgery is a backup taken apart. forge puts it together again the way an attacker
// would: every count, length and hash recomputed.
type forgery struct {
	t    *testing.T
	h    *store.BackupHeader
	cps  []store.Checkpoint
	ops  []*oplog.Op
	raws [][]byte
}

// forge rewrites the backup file at path through edit. With signer nil the old signature
// is kept (an attacker without the maker's key); otherwise signer signs the header and is
// named in it as the maker, with its card.
func forge(t *testing.T, path string, edit func(f *forgery), signer *identity.Identity) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, body, err := store.ParseBackup(data)
	if err != nil {
		t.Fatal(err)
	}
	h := head.Header
	f := &forgery{t: t, h: &h, cps: body.Checkpoints, ops: body.Ops, raws: body.Raws}
	edit(f)
	f.h.Holds = oplog.VV{}
	for _, op := range f.ops {
		f.h.Holds[op.Author] = max(f.h.Holds[op.Author], op.Seq)
	}
	out, err := store.EncodeBackupBody(f.cps, f.raws)
	if err != nil {
		t.Fatal(err)
	}
	var files []byte // kept as they were after the body, unless the edit dropped them
	if len(f.h.Files) > 0 {
		files = data[head.FilesOffset():]
	}
	sum := sha256.Sum256(out)
	f.h.Ops, f.h.Checkpoints, f.h.BodyBytes, f.h.BodyHash = len(f.raws), len(f.cps), int64(len(out)), hex.EncodeToString(sum[:])
	sig := head.Sig
	if signer != nil {
		f.h.Maker, f.h.MakerCard = signer.KeyID(), string(identity.EncodeCard(signer.Card()))
	}
	hb, err := store.MarshalBackupHeader(f.h)
	if err != nil {
		t.Fatal(err)
	}
	if signer != nil {
		sig = signer.Sign(store.BackupSignedBytes(hb))
	}
	var buf bytes.Buffer
	if err := store.WriteBackup(&buf, hb, sig, append(out, files...)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "forged.backup")
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// last is the index of author's last change in the backup.
func (f *forgery) last(author string) int {
	for i := len(f.ops) - 1; i >= 0; i-- {
		if f.ops[i].Author == author {
			return i
		}
	}
	return -1
}

// appendOp adds a change by author that follows its chain.
func (f *forgery) appendOp(author string, typ oplog.OpType, kind, record string, set map[string]json.RawMessage) {
	f.t.Helper()
	op := &oplog.Op{V: oplog.Version, Author: author, Seq: 1, Clock: f.ops[len(f.ops)-1].Clock, Type: typ, Kind: kind, Record: record, Set: set}
	op.Clock.Wall++
	if i := f.last(author); i >= 0 {
		op.Seq, op.Prev = f.ops[i].Seq+1, oplog.Hash(f.raws[i])
	}
	op, raw, err := oplog.EncodeCanonical(op)
	if err != nil {
		f.t.Fatal(err)
	}
	f.ops, f.raws = append(f.ops, op), append(f.raws, raw)
}

// checkpoint replaces author's checkpoints by one signed by id over its last change.
func (f *forgery) checkpoint(id *identity.Identity) {
	a := id.KeyID()
	cps := f.cps[:0:0]
	for _, cp := range f.cps {
		if cp.Author != a {
			cps = append(cps, cp)
		}
	}
	i := f.last(a)
	cp := bundle.SignCheckpoint(id, f.ops[i].Seq, oplog.Hash(f.raws[i]))
	f.cps = append(cps, store.Checkpoint{Author: a, Seq: cp.Seq, Head: cp.Head, Sig: cp.Sig})
}

func (f *forgery) cpOf(author string) *store.Checkpoint {
	for i := range f.cps {
		if f.cps[i].Author == author {
			return &f.cps[i]
		}
	}
	f.t.Fatalf("no checkpoint of %s", author)
	return nil
}

func trustSet(subject string, card []byte) map[string]json.RawMessage {
	c, _ := identity.DecodeCard(card)
	return map[string]json.RawMessage{"subject": raw(subject), "card": raw(string(card)), "name": raw(c.Name), "role": raw(c.Role),
		"trusted": raw(true), "revoked_after": raw(0)}
}

// empty says whether dir holds nothing at all.
func empty(t *testing.T, dir string) bool {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	return len(entries) == 0
}

// refusedRestore restores path into a new, empty directory, which must be refused with a
// message containing want and leave the directory empty; and into an open empty data
// directory, which must keep it without changes and without a sibling store.
func refusedRestore(t *testing.T, path, card, want string) {
	t.Helper()
	dir := t.TempDir()
	_, err := service.RestoreDataDir(dir, service.RestoreOptions{File: path, Card: card})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("restore into a new directory: %v\nwant %q", err, want)
	}
	if !empty(t, dir) {
		t.Fatal("a refused restore wrote into the new data directory")
	}
	r := &node{t: t, name: "Restored", dir: t.TempDir()}
	r.open()
	before := r.hash()
	_, err = (&service.Admin{App: r.app}).Restore(service.RestoreOptions{File: path, Card: card})
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("restore into an open data directory: %v\nwant %q", err, want)
	}
	if n, _ := r.app.Store.Counts(); n != 0 || r.hash() != before {
		t.Fatal("a refused restore wrote into the store")
	}
	if _, err := os.Stat(filepath.Join(r.dir, "db.restoring")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused restore left db.restoring behind")
	}
}

func TestBackupRestoreRoundTrip(t *testing.T) {
	s, a, b, _ := backupOffice(t)
	want := s.hash()
	bak := s.backup()

	// Into a new directory with no identity and no store.
	dir := t.TempDir()
	rep, err := service.RestoreDataDir(dir, service.RestoreOptions{File: bak, Card: s.card})
	if err != nil {
		t.Fatal(err)
	}
	if rep.StateHash != want || rep.Maker.KeyID != s.key || rep.Authors != 3 || rep.Records != 4 || rep.Ops != int(sumVV(s.app.Store.VV())) {
		t.Fatalf("%+v", rep)
	}
	r := &node{t: t, name: "Restored", dir: dir}
	r.open()
	if r.hash() != want {
		t.Fatal("restored state differs")
	}
	r.check()
	if r.app.Store.Name(a.key) != "A. Benali" {
		t.Fatalf("names are not learned from the trusted cards: %q", r.app.Store.Name(a.key))
	}
	// The checkpoints came along: a secretariat made from this store relays everything.
	if _, err := r.app.Init("Restored Secretariat", identity.RoleSecretariat, ""); err != nil {
		t.Fatal(err)
	}
	r.sy = &service.Sync{App: r.app}
	ex, err := r.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "r.dossier"), All: true})
	if err != nil || len(ex.Withheld) != 0 || ex.Ops != rep.Ops {
		t.Fatalf("%v %+v", err, ex)
	}

	// A delegate's backup: B is known only through the secretariat's statement.
	want = a.hash()
	dir = t.TempDir()
	if rep, err := service.RestoreDataDir(dir, service.RestoreOptions{File: a.backup(), Card: a.card}); err != nil || rep.StateHash != want {
		t.Fatalf("%v %+v", err, rep)
	}
	if _, ok := a.app.Store.VV()[b.key]; !ok {
		t.Fatal("the delegate does not hold B's changes: the test proves nothing")
	}
}

func sumVV(v oplog.VV) (n uint64) {
	for _, k := range v {
		n += k
	}
	return n
}

// copyIdentity copies an installation's identity files into a new data directory, as someone
// restoring their own laptop does.
func copyIdentity(t *testing.T, from string) string {
	t.Helper()
	dir := t.TempDir()
	for _, f := range []string{"identity.json", "identity.key"} {
		data, err := os.ReadFile(filepath.Join(from, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Restoring one's own installation: identity.json and identity.key copied beside, --own.
func TestRestoreOwnBackup(t *testing.T) {
	s, _, _, _ := backupOffice(t)
	want, held := s.hash(), s.app.Store.VV()[s.key]
	bak := s.backup()
	dir := copyIdentity(t, s.dir)
	rep, err := service.RestoreDataDir(dir, service.RestoreOptions{File: bak, Own: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Own || rep.OwnLast != held {
		t.Fatalf("own %v, last own change %d, want %d", rep.Own, rep.OwnLast, held)
	}
	r := &node{t: t, name: "Secretariat again", dir: dir}
	r.open()
	if r.hash() != want || r.app.Identity.KeyID() != s.key {
		t.Fatal("not the same installation")
	}
	r.addCommitment("After the restore")
	if got := r.app.Store.VV()[s.key]; got != held+1 {
		t.Fatalf("the next change is number %d, want %d", got, held+1)
	}
	r.check()
}

// The advice a restore of one's own backup gives (own_last): a change made after the backup
// and exported comes back by importing the bundle that holds it, and the next change made
// after that takes a new number, which peers holding the lost one accept.
func TestRestoreOwnBackupThenImportTheLaterChanges(t *testing.T) {
	s, peer, _, _ := backupOffice(t)
	bak := s.backup()
	later := s.addCommitment("Made after the backup")
	sent := s.export(service.ExportOptions{})
	peer.imp(sent)
	dir := copyIdentity(t, s.dir)
	rep, err := service.RestoreDataDir(dir, service.RestoreOptions{File: bak, Own: true})
	if err != nil {
		t.Fatal(err)
	}
	r := &node{t: t, name: "Secretariat again", dir: dir}
	r.open()
	r.imp(sent) // as the advice says, before any change
	if got := r.app.Store.VV()[s.key]; got != rep.OwnLast+1 || r.field(later, "title") != `"Made after the backup"` {
		t.Fatalf("after importing the later bundle: own head %d, want %d", got, rep.OwnLast+1)
	}
	r.addCommitment("After the restore and the import")
	peer.imp(r.export(service.ExportOptions{All: true}))
	peer.check()
	r.check()
}

// An installation that has made its identity (and so has an empty store) restores
// another's backup through the open data directory, as the window does.
func TestRestoreIntoOpenDataDirectory(t *testing.T) {
	s, _, _, _ := backupOffice(t)
	want := s.hash()
	r := newNode(t, "New laptop", identity.RoleDelegate)
	adm := &service.Admin{App: r.app}
	if _, err := adm.Restore(service.RestoreOptions{File: s.backup(), Card: s.card}); err != nil {
		t.Fatal(err)
	}
	if r.hash() != want {
		t.Fatal("restored state differs")
	}
	r.check()
	r.addCommitment("Written after the restore") // the store put in place is open and writable
	if _, err := os.Stat(filepath.Join(r.dir, "db.restoring")); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("db.restoring left behind")
	}
	r.reopen()
	r.check()
	if _, err := adm.Restore(service.RestoreOptions{File: s.backup(), Card: s.card}); err == nil || service.AsError(err).Code != service.CodeConflict {
		t.Fatalf("restore into a store with changes: %v", err)
	}
}

func TestRestoreNeedsTheMakersCard(t *testing.T) {
	s, a, _, _ := backupOffice(t)
	bak := s.backup()
	dir := t.TempDir()
	_, err := service.RestoreDataDir(dir, service.RestoreOptions{File: bak})
	if se := service.AsError(err); se == nil || se.Code != service.CodeInvalid || !strings.Contains(se.Fields["card"], "after comparing its fingerprint") {
		t.Fatalf("no card: %v", err)
	}
	_, err = service.RestoreDataDir(dir, service.RestoreOptions{File: bak, Own: true})
	if se := service.AsError(err); se == nil || se.Code != service.CodeInvalid || se.Fields["own"] == "" {
		t.Fatalf("--own without an identity: %v", err)
	}
	if !empty(t, dir) {
		t.Fatal("a refused restore wrote into the data directory")
	}
	// The card of another installation: both are named, with their fingerprints.
	sc, _ := os.ReadFile(s.card)
	c, _ := identity.DecodeCard(sc)
	refusedRestore(t, bak, a.card, "says it was made by Secretariat ("+s.key+", fingerprint "+identity.Fingerprint(c.PublicKey)+"), not by the installation named, A. Benali ("+a.key)
	// --own in another installation's data directory.
	other := newNode(t, "New laptop", identity.RoleDelegate)
	if _, err := (&service.Admin{App: other.app}).Restore(service.RestoreOptions{File: bak, Own: true}); err == nil || !strings.Contains(err.Error(), "not by the installation named, New laptop") {
		t.Fatalf("--own with another identity: %v", err)
	}
	// A version 1 backup (unsigned) says what to do.
	v1 := filepath.Join(t.TempDir(), "old.backup")
	os.WriteFile(v1, []byte("DOSSIER-BACKUP\n"+`{"version":1,"created_at":"2025-01-01T00:00:00Z","ops":0,"body_bytes":0,"body_sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","state_hash":"x"}`+"\nSHA256 00\n"), 0o600)
	refusedRestore(t, v1, s.card, "version 1 backup, which is not signed")
	refusedRestore(t, v1, s.card, "make a new backup with this version of Dossier")
}

// The acceptance case: a backup with a change added, a trust statement added, or its state
// hash changed, every checksum recomputed, is refused before anything is written, and the
// genuine backup is restored afterwards.
func TestForgedBackupIsRefusedBeforeAnyWrite(t *testing.T) {
	s, a, _, _ := backupOffice(t)
	x := newNode(t, "Mallory", identity.RoleSecretariat)
	xcard, _ := os.ReadFile(x.card)
	bak := s.backup()
	var rec string
	for _, op := range mustParse(t, bak).Ops {
		if op.Author == a.key && op.Kind == "commitment" {
			rec = op.Record
		}
	}
	attacks := map[string]func(f *forgery){
		"a change added": func(f *forgery) {
			f.appendOp(a.key, oplog.OpUpdate, "commitment", rec, map[string]json.RawMessage{"title": raw("Forged in A's name")})
		},
		"a trust statement added": func(f *forgery) {
			f.appendOp(s.key, oplog.OpCreate, service.KindTrust, service.TrustRecordID(s.key, x.key), trustSet(x.key, xcard))
		},
		"the state hash changed": func(f *forgery) { f.h.StateHash = strings.Repeat("ab", 32) },
	}
	for name, edit := range attacks {
		t.Run(name, func(t *testing.T) {
			// Without the maker's key: the signature no longer matches.
			refusedRestore(t, forge(t, bak, edit, nil), s.card, "the maker's signature does not match the header")
			// Signed with the attacker's own key: not the installation named.
			refusedRestore(t, forge(t, bak, edit, x.app.Identity), s.card, "says it was made by Mallory")
		})
	}
	// The retry of the genuine backup works, in the same kind of directory.
	r := &node{t: t, name: "Restored", dir: t.TempDir()}
	r.open()
	if _, err := (&service.Admin{App: r.app}).Restore(service.RestoreOptions{File: bak, Card: s.card}); err != nil {
		t.Fatal(err)
	}
	if r.hash() != s.hash() {
		t.Fatal("restored state differs")
	}
}

func mustParse(t *testing.T, path string) *store.BackupBody {
	data, _ := os.ReadFile(path)
	_, body, err := store.ParseBackup(data)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// Backups signed by their real maker whose contents do not hold up: what a damaged or
// faulty maker would produce. Each check of a restore refuses one of them.
func TestMakerSignedBackupRefusals(t *testing.T) {
	s, a, b, _ := backupOffice(t)
	x := newNode(t, "Mallory", identity.RoleDelegate)
	scard, _ := os.ReadFile(s.card)
	bak := s.backup()
	var aRec string
	for _, op := range mustParse(t, bak).Ops {
		if op.Author == a.key && op.Kind == "commitment" {
			aRec = op.Record
		}
	}
	nth := func(f *forgery, author string, seq uint64) int {
		for i, op := range f.ops {
			if op.Author == author && op.Seq == seq {
				return i
			}
		}
		f.t.Fatalf("no change %d of %s", seq, author)
		return 0
	}
	cases := []struct {
		name string
		edit func(f *forgery)
		want string
	}{
		{"a delegate's change beyond their checkpoint", func(f *forgery) {
			f.appendOp(a.key, oplog.OpUpdate, "commitment", aRec, map[string]json.RawMessage{"title": raw("Unsigned")})
		}, "change 5 from A. Benali (" + a.key + ") is not covered by a checkpoint they signed"},
		{"an author no statement names", func(f *forgery) {
			f.appendOp(x.key, oplog.OpCreate, "commitment", "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", map[string]json.RawMessage{"title": raw("X"), "status": raw("agreed")})
			f.checkpoint(x.app.Identity)
		}, "change 1 of " + x.key + " is by an author that no trust statement of the maker Secretariat"},
		{"a checkpoint signed by another key", func(f *forgery) {
			cp := f.cpOf(a.key)
			cp.Sig = b.app.Identity.Sign(bundle.CheckpointMessage(cp.Author, cp.Seq, cp.Head))
		}, "the checkpoint of A. Benali (" + a.key + ") at change 4 is not signed by their key"},
		{"a checkpoint of another change", func(f *forgery) {
			f.cpOf(a.key).Head = oplog.Hash(f.raws[nth(f, a.key, 1)])
		}, "the checkpoint of A. Benali (" + a.key + ") at change 4 does not match that change"},
		{"a change missing", func(f *forgery) {
			i, j := nth(f, a.key, 2), nth(f, a.key, 3)
			f.ops[i], f.raws[i] = f.ops[j], f.raws[j]
		}, "change 2 of " + a.key + " is missing before their change 3"},
		{"a change repeated", func(f *forgery) {
			i, j := nth(f, a.key, 2), nth(f, a.key, 1)
			f.ops[i], f.raws[i] = f.ops[j], f.raws[j]
		}, "change 1 of " + a.key + " appears twice"},
		{"a broken chain", func(f *forgery) {
			i := nth(f, a.key, 2)
			op := *f.ops[i]
			op.Clock.Logical++
			o, r, _ := oplog.EncodeCanonical(&op)
			f.ops[i], f.raws[i] = o, r
		}, "change 3 of " + a.key + " does not follow their change 2"},
		{"an invalid trust statement", func(f *forgery) {
			set := trustSet(a.key, scard)
			f.appendOp(s.key, oplog.OpUpdate, service.KindTrust, service.TrustRecordID(s.key, a.key), set)
		}, "is not a valid trust statement (the card is not the subject's)"},
		{"a system record of an unknown kind", func(f *forgery) {
			f.appendOp(s.key, oplog.OpCreate, "sys_secret", "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5c", map[string]json.RawMessage{"x": raw(1)})
		}, "record kind \"sys_secret\" is unknown"},
		{"the state hash changed", func(f *forgery) { f.h.StateHash = strings.Repeat("ab", 32) },
			"the restored records have state hash"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := forge(t, bak, func(f *forgery) {
				c.edit(f)
				f.checkpoint(s.app.Identity) // the maker signs its own chain, as a backup does
			}, s.app.Identity)
			refusedRestore(t, p, s.card, c.want)
		})
	}
	// The control: the same rewrite with no edit is accepted.
	p := forge(t, bak, func(f *forgery) { f.checkpoint(s.app.Identity) }, s.app.Identity)
	if _, err := service.RestoreDataDir(t.TempDir(), service.RestoreOptions{File: p, Card: s.card}); err != nil {
		t.Fatalf("the helper's own rewrite is refused: %v", err)
	}
}

// Every single byte of a backup is covered by the maker's signature.
func TestEveryByteOfABackupMatters(t *testing.T) {
	n := newNode(t, "Small", identity.RoleDelegate)
	n.addCommitment("One")
	data, _ := os.ReadFile(n.backup())
	p := filepath.Join(t.TempDir(), "flipped.backup")
	dir := t.TempDir()
	for i := range data {
		mod := bytes.Clone(data)
		mod[i] ^= 0x01
		os.WriteFile(p, mod, 0o600)
		if _, err := service.RestoreDataDir(dir, service.RestoreOptions{File: p, Card: n.card}); err == nil {
			t.Fatalf("byte %d changed: restored", i)
		}
	}
	if !empty(t, dir) {
		t.Fatal("a refused restore wrote into the data directory")
	}
}

// A store holding another author's changes without their checkpoint (restored from an
// unsigned backup) cannot make a backup a restore would refuse.
func TestBackupRefusesChangesWithoutCheckpoint(t *testing.T) {
	s, a, _, _ := office(t)
	a.addCommitment("A's")
	var ops []*oplog.Op
	var raws [][]byte
	a.app.Store.Ops(a.key, 1, 2, func(op *oplog.Op, raw []byte) error {
		ops, raws = append(ops, op), append(raws, raw)
		return nil
	})
	if _, err := s.app.Store.Import(ops, raws, "test"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "s.backup")
	_, err := (&service.Admin{App: s.app}).Backup(p)
	if err == nil || !strings.Contains(err.Error(), "changes 1–2 from A. Benali ("+a.key+") are held here without a checkpoint") {
		t.Fatalf("%v", err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused backup was written")
	}
}

func TestBackupHoldsNoPrivateKey(t *testing.T) {
	s, _, _, _ := backupOffice(t)
	data, _ := os.ReadFile(s.backup())
	var pf struct {
		Seed string `json:"ed25519_seed"`
		Age  string `json:"age_identity"`
	}
	kf, _ := os.ReadFile(filepath.Join(s.dir, "identity.key"))
	if err := json.Unmarshal(kf, &pf); err != nil || pf.Seed == "" {
		t.Fatal(err)
	}
	seed, _ := base64.StdEncoding.DecodeString(pf.Seed)
	for _, needle := range [][]byte{seed, []byte(pf.Seed), []byte(hex.EncodeToString(seed)), []byte(pf.Age), []byte(strings.ToLower(pf.Age))} {
		if bytes.Contains(data, needle) {
			t.Fatal("a private key is in the backup")
		}
	}
}

// A backup that a restore would refuse is not written: here the store holds, with their
// checkpoint, the changes of a key no trust statement names.
func TestBackupChecksItselfBeforeWriting(t *testing.T) {
	s, _, _, _ := office(t)
	x := newNode(t, "Stranger", identity.RoleDelegate)
	x.addCommitment("X's")
	var ops []*oplog.Op
	var raws [][]byte
	x.app.Store.Ops(x.key, 1, 1, func(op *oplog.Op, raw []byte) error {
		ops, raws = append(ops, op), append(raws, raw)
		return nil
	})
	if _, err := s.app.Store.Import(ops, raws, "test"); err != nil {
		t.Fatal(err)
	}
	cp := bundle.SignCheckpoint(x.app.Identity, 1, oplog.Hash(raws[0]))
	if err := s.app.Store.PutCheckpoint(store.Checkpoint{Author: cp.Author, Seq: 1, Head: cp.Head, Sig: cp.Sig}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "s.backup")
	_, err := (&service.Admin{App: s.app}).Backup(p)
	if err == nil || !strings.Contains(err.Error(), "a restore would refuse it: change 1 of "+x.key+" is by an author that no trust statement") {
		t.Fatalf("%v", err)
	}
	if _, err := os.Stat(p); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a refused backup was written")
	}
}
