package service

// Backups (docs/storage.md "Backup file"): signed by the installation that made them, and
// re-verified completely, change by change, before a restore writes anything. The format
// itself is app/store/backup.go.

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dossier/app/bundle"
	"dossier/app/domain"
	"dossier/app/files"
	"dossier/app/identity"
	"dossier/app/internal/atomicfile"
	"dossier/app/oplog"
	"dossier/app/store"
	"dossier/app/trust"
	"dossier/app/version"
)

// Backup writes every change, the checkpoints held and a fresh checkpoint of this
// installation's own changes to path, signed by this installation.
func (a *Admin) Backup(path Path) (*store.BackupHeader, error) {
	if strings.TrimSpace(path) == "" {
		return nil, InvalidP("out", domain.P("path_required"))
	}
	id := a.App.Identity
	if id == nil {
		return nil, AsError(fmt.Errorf("%w (a backup is signed by the installation that makes it)", identity.ErrNoIdentity))
	}
	// Held from the snapshot to the last byte written: no attach, removal or sweep meanwhile,
	// so the files listed are the ones the records refer to and are all still there.
	filesMu.Lock()
	defer filesMu.Unlock()
	snap, err := a.App.Store.BackupSnapshot()
	if err != nil {
		return nil, AsError(err)
	}
	carry, carryBytes, err := a.filesToBackUp()
	if err != nil {
		return nil, AsError(err)
	}
	me := id.KeyID()
	if err := a.uncheckpointed(snap, me); err != nil {
		return nil, err
	}
	cps := slices.DeleteFunc(snap.Checkpoints, func(cp store.Checkpoint) bool { return cp.Author == me })
	if n := snap.Holds[me]; n > 0 {
		cp := bundle.SignCheckpoint(id, n, snap.Heads[me])
		cps = append(cps, store.Checkpoint{Author: me, Seq: n, Head: cp.Head, Sig: cp.Sig})
	}
	body, err := store.EncodeBackupBody(cps, snap.Raws)
	if err != nil {
		return nil, AsError(err)
	}
	sum := sha256.Sum256(body)
	h := &store.BackupHeader{Version: store.BackupVersion, MadeBy: version.MadeBy(), CreatedAt: time.Now().UTC().Format("2006-01-02T15:04:05Z"),
		Maker: me, MakerCard: string(identity.EncodeCard(id.Card())), Holds: snap.Holds, Ops: len(snap.Raws),
		Checkpoints: len(cps), BodyBytes: int64(len(body)), BodyHash: hex.EncodeToString(sum[:]), StateHash: snap.StateHash,
		StoreFormat: version.StoreFormat}
	if len(carry) > 0 {
		h.Version, h.Files, h.FilesBytes = store.BackupVersion, carry, carryBytes
	} else {
		h.Version = store.BackupVersionNoFiles // readable by a Dossier that reads no files
	}
	if h.Holds == nil {
		h.Holds = oplog.VV{}
	}
	// What a restore will check, checked now: a backup that cannot be restored is no backup.
	self := &verifiedBackup{head: &store.BackupHead{Header: *h}, maker: id.Card(),
		body: &store.BackupBody{Checkpoints: cps, Ops: snap.Ops, Raws: snap.Raws}}
	if err := self.check(); err != nil {
		return nil, &Error{Code: CodeFailed, Message: fmt.Sprintf("no backup was written: a restore would refuse it: %v; run `dossier check`", err)}
	}
	hb, err := store.MarshalBackupHeader(h)
	if err != nil {
		return nil, AsError(err)
	}
	if len(hb) > store.MaxBackupHeaderBytes {
		return nil, &Error{Code: CodeFailed, Message: fmt.Sprintf("no backup was written: its header would be %d bytes, a restore reads at most %d (%d attachment files); remove attachments no longer needed, then back up", len(hb), store.MaxBackupHeaderBytes, len(h.Files))}
	}
	sig := id.Sign(store.BackupSignedBytes(hb))
	fs := (&Files{App: a.App}).store()
	err = a.App.writeFileAt("out", path, 0o600, func(w io.Writer) error {
		if err := store.WriteBackup(w, hb, sig, body); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		if err := copyBackupFiles(w, fs, carry); err != nil {
			return fmt.Errorf("write %s: %w", path, err)
		}
		return nil
	})
	var de *damagedFileError
	if errors.As(err, &de) {
		return nil, &Error{Code: CodeFailed, Message: fmt.Sprintf("no backup was written: %v; run `dossier check`", de)}
	}
	if err != nil {
		return nil, AsError(err)
	}
	return h, nil
}

// filesToBackUp lists the files a backup carries: every one some record refers to whose
// bytes are held here, ascending by SHA-256. The caller holds filesMu.
func (a *Admin) filesToBackUp() ([]store.BackupFile, int64, error) {
	keep, err := (&Files{App: a.App}).Referenced()
	if err != nil {
		return nil, 0, err
	}
	fs := (&Files{App: a.App}).store()
	var out []store.BackupFile
	total := int64(0)
	for _, sum := range sortedKeys(keep) {
		size, err := fs.Size(sum)
		if errors.Is(err, files.ErrNotHeld) {
			continue // not yet received: it stays so after a restore
		}
		if err != nil {
			return nil, 0, err
		}
		out = append(out, store.BackupFile{SHA256: sum, Bytes: size})
		total += size
	}
	return out, total, nil
}

// damagedFileError says a file in DATA/files does not have the bytes its name says.
type damagedFileError struct {
	sum, got string
	size     int64
}

func (e *damagedFileError) Error() string {
	return fmt.Sprintf("the attachment file %s in the data directory is damaged (%d bytes with SHA-256 %s)", e.sum, e.size, e.got)
}

// copyBackupFiles writes the files section: each file streamed from the store of files and
// hashed on the way, so that a file damaged on disk stops the backup rather than making
// one a restore would refuse.
func copyBackupFiles(w io.Writer, fs *files.Store, carry []store.BackupFile) error {
	buf := make([]byte, 64<<10)
	for _, f := range carry {
		in, err := fs.Open(f.SHA256)
		if err != nil {
			return err
		}
		h := sha256.New()
		n, err := io.CopyBuffer(io.MultiWriter(w, h), io.LimitReader(in, f.Bytes+1), buf)
		in.Close()
		if err != nil {
			return err
		}
		if got := hex.EncodeToString(h.Sum(nil)); n != f.Bytes || got != f.SHA256 {
			return &damagedFileError{sum: f.SHA256, got: got, size: n}
		}
	}
	return nil
}

// uncheckpointed refuses a backup that a restore would refuse: changes of another author
// held beyond the last checkpoint held for them (a store restored from a version 1 backup).
func (a *Admin) uncheckpointed(snap *store.BackupSnapshot, me string) error {
	covered := oplog.VV{}
	for _, cp := range snap.Checkpoints {
		covered[cp.Author] = max(covered[cp.Author], cp.Seq)
	}
	var parts []string
	var n uint64
	for _, au := range sortedKeys(snap.Holds) {
		if au != me && covered[au] < snap.Holds[au] {
			parts = append(parts, fmt.Sprintf("%s from %s", gapRange(covered[au]+1, snap.Holds[au]), a.nameID(au)))
			n += snap.Holds[au] - covered[au]
		}
	}
	if len(parts) == 0 {
		return nil
	}
	return &Error{Code: CodeRefused, Message: fmt.Sprintf("no backup was written: %s %s held here without a checkpoint signed by their author (this store was restored from an unsigned backup?), so a restore could not verify them: import their bundle again (or the secretariat's), then back up", strings.Join(parts, " and "), isAre(1, n))}
}

func (a *Admin) nameID(k string) string {
	if n := a.App.Store.Name(k); n != k {
		return n + " (" + k + ")"
	}
	return k
}

// RestoreOptions name the backup and the installation that made it.
type RestoreOptions struct {
	File Path `json:"file"` // the backup
	Card Path `json:"card"` // the maker's identity card file
	Own  bool `json:"own"`  // the maker is this installation (its identity is in the data directory)
}

// RestoreReport says what a restore loaded.
type RestoreReport struct {
	Maker       PeerView `json:"maker"`
	MadeBy      string   `json:"made_by,omitempty"` // the Dossier version that wrote the backup; "" before 0.1.0
	CreatedAt   string   `json:"created_at"`
	Ops         int      `json:"ops"`
	Records     int      `json:"records"`
	Authors     int      `json:"authors"`
	Checkpoints int      `json:"checkpoints"`
	StateHash   string   `json:"state_hash"`
	Files       int      `json:"files"` // attachment files restored (backup format 3)
	// OwnLast, for a restore of this installation's own backup, is the number of its last
	// change the backup holds: a change it made after the backup and sent is not here, and the
	// next change made here would take that number, which its peers refuse as a fork
	// (docs/storage.md, "Restoring"). 0 when the backup holds none of its own.
	OwnLast uint64 `json:"own_last,omitempty"`
	Own     bool   `json:"own,omitempty"`
}

// verifiedBackup is a backup whose every check passed, ready to load.
type verifiedBackup struct {
	file  string
	head  *store.BackupHead
	body  *store.BackupBody
	maker identity.Card
	keys  map[string]identity.Card // author -> the card their key comes from
	files int                      // attachment files stored by the restore
	state string                   // the restored store's state hash
	own   bool                     // restored as this installation (RestoreOptions.Own)
}

// Restore checks a backup completely against the maker named in opt, then loads it into
// this (empty) data directory. Nothing is written before every check has passed, and the
// store is replaced only once the loaded copy has the backup's state hash.
func (a *Admin) Restore(opt RestoreOptions) (*RestoreReport, error) {
	maker, err := namedMaker(opt, a.App.Identity)
	if err != nil {
		return nil, err
	}
	if n, _ := a.App.Store.Counts(); n > 0 {
		return nil, notEmpty(n)
	}
	vb, err := verifyBackupFile(opt.File, maker)
	if err != nil {
		return nil, err
	}
	vb.own = opt.Own
	dbDir := a.App.Store.Dir()
	sopt := storeOptions(a.App.Identity)
	// No sweep may run between storing the backup's files and the store that refers to them
	// taking the empty one's place.
	filesMu.Lock()
	defer filesMu.Unlock()
	res, err := build(dbDir+".restoring", sopt, vb)
	if err != nil {
		return nil, err
	}
	if err := a.swap(dbDir, dbDir+".restoring", sopt); err != nil {
		os.RemoveAll(dbDir + ".restoring")
		return nil, AsError(err)
	}
	return vb.report(res), nil
}

// RestoreDataDir is Restore for a data directory that is not open: when it has no store
// yet (`restore` into a new directory), nothing is left behind unless the backup passes
// every check (a directory made for the restore is removed again), and the store directory
// appears only complete.
//
// The data directory is locked for the whole restore. Two restores into one new directory
// each built DATA/db.restoring, and the second removed the first's as "left over by a
// crash": the first died in Badger (attack pass, 5 December 2026), or, finishing between the
// second's removal and its own rename, could put the second's half-built store in place and
// report success.
func RestoreDataDir(dataDir string, opt RestoreOptions) (rep *RestoreReport, err error) {
	_, statErr := os.Stat(dataDir)
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return nil, AsError(fmt.Errorf("create data directory %s: %w", dataDir, err))
	}
	defer func() {
		if err != nil && statErr != nil {
			os.Remove(dataDir) // made here, and empty again
		}
	}()
	unlock, err := store.LockDataDir(dataDir)
	if err != nil {
		return nil, AsError(err)
	}
	defer unlock()
	dbDir := filepath.Join(dataDir, "db")
	if _, err := os.Stat(dbDir); err == nil {
		app, err := Open(dataDir)
		if err != nil {
			return nil, err
		}
		rep, err := (&Admin{App: app}).Restore(opt)
		if cerr := app.Close(); err == nil && cerr != nil {
			return nil, AsError(cerr)
		}
		return rep, err
	}
	id, err := identity.Load(dataDir)
	if err != nil && !errors.Is(err, identity.ErrNoIdentity) {
		return nil, AsError(err)
	}
	maker, err := namedMaker(opt, id)
	if err != nil {
		return nil, err
	}
	vb, err := verifyBackupFile(opt.File, maker)
	if err != nil {
		return nil, err
	}
	vb.own = opt.Own
	res, err := build(dbDir+".restoring", storeOptions(id), vb)
	if err != nil {
		return nil, err
	}
	err = os.Rename(dbDir+".restoring", dbDir)
	if err == nil {
		err = atomicfile.SyncDir(dataDir)
	}
	if err != nil {
		os.RemoveAll(dbDir + ".restoring")
		return nil, AsError(fmt.Errorf("put the restored store in place: %w", err))
	}
	return vb.report(res), nil
}

func notEmpty(n uint64) error {
	return &Error{Code: CodeConflict, Message: fmt.Sprintf("this data directory already holds %d changes: restore into an empty one (`--data NEWDIR`); nothing was restored", n)}
}

func (vb *verifiedBackup) report(res *store.Result) *RestoreReport {
	m := vb.maker
	rep := &RestoreReport{CreatedAt: vb.head.Header.CreatedAt, MadeBy: vb.head.Header.MadeBy, Ops: res.New, Authors: len(vb.head.Header.Holds),
		Checkpoints: len(vb.body.Checkpoints), StateHash: vb.state, Files: vb.files,
		Maker: PeerView{KeyID: identity.KeyID(m.PublicKey), Name: m.Name, Role: m.Role, Delegation: m.Delegation,
			Fingerprint: identity.Fingerprint(m.PublicKey)}}
	kinds := map[string]string{}
	for _, op := range vb.body.Ops {
		if op.Type == oplog.OpCreate {
			kinds[op.Record] = op.Kind
		}
	}
	for _, id := range res.Created {
		if !strings.HasPrefix(kinds[id], "sys_") {
			rep.Records++
		}
	}
	if vb.own {
		rep.Own, rep.OwnLast = true, vb.head.Header.Holds[rep.Maker.KeyID]
	}
	return rep
}

// namedMaker is the card the person restoring named: a card file, or this installation.
// The card inside the backup is never enough on its own: whoever edits a backup can put
// any card there.
func namedMaker(opt RestoreOptions, me *identity.Identity) (identity.Card, error) {
	switch {
	case strings.TrimSpace(opt.File) == "":
		return identity.Card{}, Invalid("file", "is required: the backup file to restore")
	case opt.Card != "" && opt.Own:
		return identity.Card{}, Invalid("card", "give either the maker's card (--card) or --own, not both")
	case opt.Own && me == nil:
		return identity.Card{}, Invalid("own", "this data directory has no identity (identity.json and identity.key), so it cannot have made the backup: copy those two files from the installation that made it, or give its card with --card")
	case opt.Own:
		return me.Card(), nil
	case opt.Card == "":
		return identity.Card{}, Invalid("card", "is required: give the identity card of the installation that made the backup (--card MAKER.card, written there with `dossier identity --card FILE`) after comparing its fingerprint with the one `dossier identity` shows there, or --own if this installation made it; the card inside a backup proves nothing by itself")
	}
	c, _, err := readCardFile(opt.Card)
	return c, err
}

func isAre(from, to uint64) string {
	if from == to {
		return "is"
	}
	return "are"
}

func refuseBackup(file, format string, a ...any) error {
	return &Error{Code: CodeRefused, Message: file + ": refused, nothing was restored: " + fmt.Sprintf(format, a...)}
}

func describeCard(c identity.Card) string {
	return fmt.Sprintf("%s (%s, fingerprint %s)", c.Name, identity.KeyID(c.PublicKey), identity.Fingerprint(c.PublicKey))
}

// verifyBackupFile runs every check of a restore that needs no store (docs/storage.md
// "Restoring", steps 2–7). It reads the body only once the maker's signature verified.
func verifyBackupFile(path string, maker identity.Card) (*verifiedBackup, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, Invalid("file", fmt.Sprintf("cannot read %s: %v", path, errors.Unwrap(err)))
	}
	defer f.Close()
	if info, err := f.Stat(); err == nil && info.IsDir() {
		return nil, Invalid("file", fmt.Sprintf("%s is a directory: choose a file written by `dossier backup`", path))
	}
	r := bufio.NewReaderSize(f, 64<<10)
	head, err := store.ReadBackupHeader(r)
	if err != nil {
		e := refuseBackup(path, "%v", err)
		if errors.Is(err, store.ErrNewer) {
			e.(*Error).Code = CodeNeedsUpdate
		}
		return nil, e
	}
	h := &head.Header
	card, err := bundle.DecodeCard([]byte(h.MakerCard))
	if err != nil {
		return nil, refuseBackup(path, "the maker's identity card in the header is invalid (%v): the file was changed or damaged after it was made", err)
	}
	if identity.KeyID(card.PublicKey) != h.Maker {
		return nil, refuseBackup(path, "the header's maker %s is not the key of the card in it: the file was changed or damaged after it was made", h.Maker)
	}
	if !bytes.Equal(card.PublicKey, maker.PublicKey) {
		return nil, refuseBackup(path, "this backup says it was made by %s, not by the installation named, %s: give the card of the installation that made it, after comparing its fingerprint with theirs; if you did not expect a backup from %s, do not use this file", describeCard(card), describeCard(maker), card.Name)
	}
	if !ed25519.Verify(maker.PublicKey, store.BackupSignedBytes(head.HeaderBytes), head.Sig) {
		return nil, refuseBackup(path, "the maker's signature does not match the header: the file was changed after %s made it, or damaged; do not use it, use another copy", maker.Name)
	}
	// From here on the header is what the maker signed.
	if err := h.CheckStoreFormat(); err != nil {
		e := refuseBackup(path, "%v", err)
		e.(*Error).Code = CodeNeedsUpdate
		return nil, e
	}
	body, err := store.ReadBackupBody(r, head)
	if err != nil {
		return nil, refuseBackup(path, "%v", err)
	}
	if err := store.CheckBackupFiles(r, head); err != nil {
		return nil, refuseBackup(path, "%v", err)
	}
	vb := &verifiedBackup{file: path, head: head, body: body, maker: maker}
	if err := vb.check(); err != nil {
		return nil, refuseBackup(path, "%v", err)
	}
	return vb, nil
}

// check re-verifies every change as an import would: chains, authors' keys, checkpoints.
func (vb *verifiedBackup) check() error {
	hashAt, err := backupChains(vb.body)
	if err != nil {
		return err
	}
	if vb.keys, err = backupKeys(vb.maker, vb.head.Header.Holds, vb.body.Ops); err != nil {
		return err
	}
	name := func(k string) string { return vb.keys[k].Name + " (" + k + ")" }
	covered := oplog.VV{}
	for _, cp := range vb.body.Checkpoints {
		ref := oplog.Ref{Author: cp.Author, Seq: cp.Seq}
		if hashAt[ref] != cp.Head {
			return fmt.Errorf("the checkpoint of %s at change %d does not match that change", name(cp.Author), cp.Seq)
		}
		bcp := bundle.Checkpoint{Author: cp.Author, Seq: cp.Seq, Head: cp.Head, Sig: cp.Sig}
		if !bcp.Verify(vb.keys[cp.Author].PublicKey) {
			return fmt.Errorf("the checkpoint of %s at change %d is not signed by their key: their changes were forged or damaged", name(cp.Author), cp.Seq)
		}
		covered[cp.Author] = max(covered[cp.Author], cp.Seq)
	}
	for _, au := range sortedKeys(vb.head.Header.Holds) {
		if n := vb.head.Header.Holds[au]; covered[au] < n {
			return fmt.Errorf("%s from %s %s not covered by a checkpoint they signed, so nothing shows they wrote them", gapRange(covered[au]+1, n), name(au), isAre(covered[au]+1, n))
		}
	}
	return nil
}

// backupChains checks that every author's changes are numbered from 1 with no gap or
// repeat and each names the hash of the one before. It returns the hash of every change a
// checkpoint names.
func backupChains(b *store.BackupBody) (map[oplog.Ref]string, error) {
	want := map[oplog.Ref]bool{}
	for _, cp := range b.Checkpoints {
		want[oplog.Ref{Author: cp.Author, Seq: cp.Seq}] = true
	}
	last := oplog.VV{}
	heads := map[string]string{}
	hashAt := map[oplog.Ref]string{}
	for i, op := range b.Ops {
		a := op.Author
		switch next := last[a] + 1; {
		case op.Seq < next:
			return nil, fmt.Errorf("change %d of %s appears twice", op.Seq, a)
		case op.Seq > next:
			return nil, fmt.Errorf("%s of %s %s missing before their change %d", gapRange(next, op.Seq-1), a, isAre(next, op.Seq-1), op.Seq)
		case op.Prev != heads[a]:
			return nil, fmt.Errorf("change %d of %s does not follow their change %d (its previous-hash differs)", op.Seq, a, op.Seq-1)
		}
		h := oplog.Hash(b.Raws[i])
		last[a], heads[a] = op.Seq, h
		if want[op.Ref()] {
			hashAt[op.Ref()] = h
		}
	}
	return hashAt, nil
}

// backupKeys finds every author's key: the maker's from its card, any other's from the
// trust statements in the backup made by the maker, or by a secretariat the maker made a
// statement about (trusted or revoked: the backup reproduces what the maker held, and it
// accepted those changes when it trusted their author).
func backupKeys(maker identity.Card, holds oplog.VV, ops []*oplog.Op) (map[string]identity.Card, error) {
	me := identity.KeyID(maker.PublicKey)
	ts := trust.New(me, maker)
	for _, op := range ops {
		if !strings.HasPrefix(op.Kind, "sys_") {
			continue
		}
		st, err := trust.FromOp(op)
		if err != nil {
			return nil, fmt.Errorf("change %d of %s is not a valid trust statement (%v)", op.Seq, op.Author, err)
		}
		ts.Add(st)
	}
	vouchers := []string{me}
	for _, subj := range sortedKeys(ts.Stmts[me]) {
		if subj != me && ts.Stmts[me][subj].Card.Role == identity.RoleSecretariat {
			vouchers = append(vouchers, subj)
		}
	}
	keys := map[string]identity.Card{me: maker}
	for _, au := range sortedKeys(holds) {
		if au == me {
			continue
		}
		var found []statement
		for _, v := range vouchers {
			if st, ok := ts.Stmts[v][au]; ok && v != au {
				found = append(found, st)
			}
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s of %s %s by an author that no trust statement of the maker %s (or of a secretariat it trusted) names, so their signature cannot be checked", gapRange(1, holds[au]), au, isAre(1, holds[au]), maker.Name)
		}
		for _, st := range found[1:] {
			if !bytes.Equal(st.Card.PublicKey, found[0].Card.PublicKey) {
				return nil, fmt.Errorf("two different keys are vouched for under the key id %s (by %s and %s): one of the cards is not what it claims to be", au, found[0].Truster, st.Truster)
			}
		}
		keys[au] = found[0].Card
	}
	return keys, nil
}

// build makes the restored store in dir, a sibling of the data directory's store
// (DATA/db.restoring), and checks its state hash. Every failure removes dir, so the data
// directory is as before and a retry works.
func build(dir string, opt store.Options, vb *verifiedBackup) (*store.Result, error) {
	if err := os.RemoveAll(dir); err != nil { // left over by a crash
		return nil, AsError(fmt.Errorf("remove the unfinished restore %s: %w", dir, err))
	}
	st, err := store.Open(dir, opt)
	if err != nil {
		os.RemoveAll(dir)
		return nil, AsError(err)
	}
	res, err := fill(st, vb)
	if err == nil {
		err = storeBackupFiles(filepath.Dir(dir), st, vb)
	}
	if cerr := st.Close(); err == nil && cerr != nil {
		err = AsError(cerr)
	}
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	return res, nil
}

// fill loads the verified backup into a new store and checks the state hash.
func fill(st *store.Store, vb *verifiedBackup) (*store.Result, error) {
	h := &vb.head.Header
	origin := "backup " + h.CreatedAt + " from " + vb.maker.Name
	res, err := st.Restore(vb.body.Ops, vb.body.Raws, origin)
	if errors.Is(err, store.ErrDiskFull) {
		// The disk's fault, not the file's: "refused" would have the reader distrust a sound backup.
		return nil, AsError(err)
	}
	if err != nil {
		return nil, refuseBackup(vb.file, "the store refused its changes: %v", err)
	}
	if err := st.PutCheckpoints(vb.body.Checkpoints); err != nil {
		return nil, AsError(err)
	}
	for _, au := range sortedKeys(vb.keys) {
		if err := st.SetName(au, vb.keys[au].Name); err != nil {
			return nil, AsError(err)
		}
	}
	state, err := st.StateHash()
	if err != nil {
		return nil, AsError(err)
	}
	// A hash computed under a store format before StateHashSince hashes records made by other
	// merge rules: the changes themselves are authenticated one by one above, so only a hash
	// of the same records is compared.
	if version.SameStateHash(h.HashFormat()) && state != h.StateHash {
		return nil, refuseBackup(vb.file, "the restored records have state hash %s, the backup says %s: the maker's store was inconsistent when it made the backup (run `dossier check` there) or this version of Dossier reads the changes differently", state[:12], h.StateHash[:12])
	}
	vb.state = state // what was restored, also where the maker's hash could not be compared
	return res, nil
}

// storeBackupFiles stores the files of the backup that the restored records refer to, read
// again from the backup file and each verified against its SHA-256 as it is written (the
// file could have changed since it was checked). On failure the files it stored are removed.
func storeBackupFiles(dataDir string, st *store.Store, vb *verifiedBackup) error {
	h := &vb.head.Header
	if len(h.Files) == 0 {
		return nil
	}
	keep := map[string]bool{}
	err := st.EachRecord(func(rec *oplog.Record) error {
		for _, a := range attachments(rec) {
			keep[a.SHA256] = true
		}
		return nil
	})
	if err != nil {
		return AsError(err)
	}
	in, err := os.Open(vb.file)
	if err != nil {
		return AsError(err)
	}
	defer in.Close()
	fs := files.Open(dataDir)
	_, statErr := os.Stat(filepath.Join(dataDir, files.Dir))
	var added []string
	off := vb.head.FilesOffset()
	for i, f := range h.Files {
		sec := io.NewSectionReader(in, off, f.Bytes)
		off += f.Bytes
		if !keep[f.SHA256] || fs.Has(f.SHA256) {
			continue
		}
		if _, err = fs.PutVerified(f.SHA256, sec, f.Bytes); err != nil {
			for _, sum := range added {
				fs.Remove(sum)
			}
			if statErr != nil {
				os.RemoveAll(filepath.Join(dataDir, files.Dir)) // made here
			}
			var me *files.MismatchError
			if errors.As(err, &me) || errors.Is(err, io.ErrUnexpectedEOF) {
				return refuseBackup(vb.file, "file %d of the backup (SHA-256 %s) changed while it was restored: use another copy", i+1, f.SHA256)
			}
			return AsError(fmt.Errorf("store file %d of the backup: %w", i+1, err))
		}
		added = append(added, f.SHA256)
	}
	vb.files = len(added)
	return nil
}

// swap closes the empty store, puts the restored one in its place and opens it.
func (a *Admin) swap(dbDir, tmp string, opt store.Options) error {
	if err := a.App.Store.Close(); err != nil {
		return err
	}
	old := dbDir + ".replaced"
	err := os.RemoveAll(old)
	if err == nil {
		err = os.Rename(dbDir, old)
	}
	if err == nil {
		if err = os.Rename(tmp, dbDir); err != nil {
			err = errors.Join(err, os.Rename(old, dbDir))
		}
	}
	if err == nil {
		err = atomicfile.SyncDir(filepath.Dir(dbDir))
	}
	if err == nil {
		err = os.RemoveAll(old)
	}
	st, oerr := store.Open(dbDir, opt)
	if oerr != nil {
		return errors.Join(err, oerr)
	}
	a.App.Store = st
	return err
}
