package service

// Trust statements and the fold that decides which authors are trusted (docs/trust.md).

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strings"

	"github.com/google/uuid"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/internal/atomicfile"
	"dossier/app/oplog"
	"dossier/app/store"
)

// KindTrust is the record kind of trust statements.
const KindTrust = "sys_trust"

var trustNS = uuid.MustParse("6f1c1a9e-6b7a-4c53-9a38-3f0d2d7c1b11")

var keyIDRE = regexp.MustCompile(`^[0-9A-F]{16}$`)

// TrustRecordID names the record of truster's statements about subject: a version 8 UUID,
// a version that ordinary records may not use (admit.Reserved), so no one can occupy it.
func TrustRecordID(truster, subject string) string {
	return uuid.NewHash(sha256.New(), trustNS, []byte(truster+"/"+subject), 8).String()
}

// legacyTrustRecordID is where statements were written before ids were reserved (version 5);
// statements already there are still read.
func legacyTrustRecordID(truster, subject string) string {
	return uuid.NewSHA1(trustNS, []byte(truster+"/"+subject)).String()
}

// Trust states.
const (
	TrustSelf     = "self"     // this installation
	TrustTrusted  = "trusted"  // its changes are accepted
	TrustRevoked  = "revoked"  // changes after the revocation bound are refused
	TrustUnknown  = "unknown"  // no statement: its changes are refused
	TrustConflict = "conflict" // statements carry different keys for one key id: refused
)

// statement is one truster's latest statement about one subject.
type statement struct {
	Truster, Subject string
	CardText         string
	Card             identity.Card
	Trusted          bool
	RevokedAfter     uint64
	Seq              uint64 // the truster's operation that made it
	At               oplog.Clock
}

var statementFields = []string{"card", "name", "revoked_after", "role", "subject", "trusted"}

// parseStatement checks the fields of a trust statement made by truster on record id.
func parseStatement(truster, id string, fields map[string]json.RawMessage) (statement, error) {
	st := statement{Truster: truster}
	if len(fields) != len(statementFields) {
		return st, fmt.Errorf("a trust statement sets exactly the fields %s", strings.Join(statementFields, ", "))
	}
	for _, f := range statementFields {
		if _, ok := fields[f]; !ok {
			return st, fmt.Errorf("field %s is missing", f)
		}
	}
	var name, role string
	if json.Unmarshal(fields["subject"], &st.Subject) != nil || !keyIDRE.MatchString(st.Subject) {
		return st, errors.New("subject is not a key id")
	}
	if id != TrustRecordID(truster, st.Subject) && id != legacyTrustRecordID(truster, st.Subject) {
		return st, errors.New("the statement is not on its author's own record about the subject")
	}
	if json.Unmarshal(fields["card"], &st.CardText) != nil {
		return st, errors.New("card is not text")
	}
	c, err := bundle.DecodeCard([]byte(st.CardText))
	if err != nil {
		return st, err
	}
	if identity.KeyID(c.PublicKey) != st.Subject {
		return st, errors.New("the card is not the subject's")
	}
	st.Card = c
	if json.Unmarshal(fields["name"], &name) != nil || name != c.Name || json.Unmarshal(fields["role"], &role) != nil || role != c.Role {
		return st, errors.New("name and role must be the card's")
	}
	if !bytes.Equal(fields["trusted"], []byte("true")) && !bytes.Equal(fields["trusted"], []byte("false")) {
		return st, errors.New("trusted must be true or false")
	}
	st.Trusted = string(fields["trusted"]) == "true"
	var after float64
	if json.Unmarshal(fields["revoked_after"], &after) != nil || after < 0 || after != float64(uint64(after)) || after > 1<<53 {
		return st, errors.New("revoked_after must be a whole number")
	}
	st.RevokedAfter = uint64(after)
	if st.Trusted && st.RevokedAfter != 0 {
		return st, errors.New("revoked_after must be 0 in a statement of trust")
	}
	return st, nil
}

// statementFromOp checks a sys_ operation found in a bundle. Only trust statements exist.
func statementFromOp(op *oplog.Op) (statement, error) {
	if op.Kind != KindTrust {
		return statement{}, fmt.Errorf("record kind %q is unknown to this Dossier: update Dossier", op.Kind)
	}
	if (op.Type != oplog.OpCreate && op.Type != oplog.OpUpdate) || len(op.Add)+len(op.Remove) != 0 {
		return statement{}, errors.New("a trust statement is a create or update that sets fields")
	}
	st, err := parseStatement(op.Author, op.Record, op.Set)
	st.Seq, st.At = op.Seq, op.Clock
	return st, err
}

// trustState is the fold over every statement known.
type trustState struct {
	me     string
	myCard identity.Card
	stmts  map[string]map[string]statement // truster -> subject -> latest
}

func (ts *trustState) add(st statement) {
	m := ts.stmts[st.Truster]
	if m == nil {
		m = map[string]statement{}
		ts.stmts[st.Truster] = m
	}
	if cur, ok := m[st.Subject]; !ok || st.Seq > cur.Seq {
		m[st.Subject] = st
	}
}

// loadTrust reads every statement the store holds.
func loadTrust(a *App) (*trustState, error) {
	ts := &trustState{stmts: map[string]map[string]statement{}}
	if a.Identity != nil {
		ts.me, ts.myCard = a.Identity.KeyID(), a.Identity.Card()
	}
	page := a.Store.Query(store.Query{Kind: KindTrust, Limit: 1 << 30})
	for _, sum := range page.Items {
		rec, err := a.Store.Get(sum.ID)
		if err != nil {
			return nil, err
		}
		st, err := parseStatement(rec.Created.Author, rec.ID, rec.Fields())
		if err != nil || rec.Updated.Author != rec.Created.Author {
			continue // refused at import; cannot be here unless written by hand
		}
		st.Seq, st.At = rec.Updated.Seq, rec.Updated.Clock
		ts.add(st)
	}
	return ts, nil
}

// authorities are this installation and the secretariats it trusts directly.
func (ts *trustState) authorities() []string {
	out := []string{}
	if ts.me != "" {
		out = append(out, ts.me)
	}
	for subj, st := range ts.stmts[ts.me] {
		if st.Trusted && st.Card.Role == identity.RoleSecretariat && subj != ts.me {
			out = append(out, subj)
		}
	}
	sort.Strings(out[min(1, len(out)):])
	return out
}

type trustStatus struct {
	State     string
	Card      *identity.Card
	CardText  string
	Via       string // who vouches for the card: a key id
	Bound     uint64 // revoked: the highest sequence still accepted
	RevokedBy []string
}

func (ts *trustState) status(k string) trustStatus {
	if k == ts.me && k != "" {
		c := ts.myCard
		return trustStatus{State: TrustSelf, Card: &c, CardText: string(identity.EncodeCard(c)), Via: k}
	}
	var trusts, revokes []statement
	for _, t := range ts.authorities() {
		if t == k {
			continue
		}
		if st, ok := ts.stmts[t][k]; ok {
			if st.Trusted {
				trusts = append(trusts, st)
			} else {
				revokes = append(revokes, st)
			}
		}
	}
	all := append(append([]statement{}, trusts...), revokes...)
	if len(all) == 0 {
		return trustStatus{State: TrustUnknown}
	}
	for _, st := range all[1:] {
		if !bytes.Equal(st.Card.PublicKey, all[0].Card.PublicKey) {
			return trustStatus{State: TrustConflict}
		}
	}
	// My own statement's card first, else the first authority's.
	card := all[0]
	for _, st := range all {
		if st.Truster == ts.me {
			card = st
		}
	}
	c := card.Card
	out := trustStatus{State: TrustTrusted, Card: &c, CardText: card.CardText, Via: card.Truster}
	if len(revokes) > 0 {
		out.State = TrustRevoked
		out.Bound = revokes[0].RevokedAfter
		for _, r := range revokes {
			out.Bound = min(out.Bound, r.RevokedAfter)
			out.RevokedBy = append(out.RevokedBy, r.Truster)
		}
	}
	return out
}

// subjects lists every key an authority made a statement about.
func (ts *trustState) subjects() []string {
	set := map[string]bool{}
	for _, t := range ts.authorities() {
		for s := range ts.stmts[t] {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// CardView describes an identity card and what this installation thinks of it.
type CardView struct {
	KeyID        string `json:"key_id"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	Delegation   string `json:"delegation"`
	Fingerprint  string `json:"fingerprint"`
	CreatedAt    string `json:"created_at"`
	Trust        string `json:"trust"`                   // self, trusted, revoked, unknown, conflict
	Via          string `json:"via,omitempty"`           // who vouches for it: "you" or a secretariat's name
	RevokedBy    string `json:"revoked_by,omitempty"`    // names
	RevokedAfter uint64 `json:"revoked_after,omitempty"` // changes up to this one stay accepted
	// Changes are how this card differs from the card already trusted for its key (the
	// roster's), in role, name or delegation: trusting it needs their own confirmation.
	Changes []CardChange `json:"changes,omitempty"`
}

// CardChange is one difference between a card and the one already trusted for its key.
type CardChange struct {
	Field string `json:"field"` // role, name or delegation
	Old   string `json:"old"`   // as trusted here
	New   string `json:"new"`   // as this card says
}

// cardChanges lists how c differs from the card trusted for the same key (nil: none known).
func cardChanges(trusted *identity.Card, c identity.Card) []CardChange {
	if trusted == nil || !bytes.Equal(trusted.PublicKey, c.PublicKey) {
		return nil
	}
	var out []CardChange
	for _, f := range []struct{ field, old, new string }{
		{"role", trusted.Role, c.Role}, {"name", trusted.Name, c.Name}, {"delegation", trusted.Delegation, c.Delegation}} {
		if f.old != f.new {
			out = append(out, CardChange{Field: f.field, Old: f.old, New: f.new})
		}
	}
	return out
}

func (s *Sync) cardView(c identity.Card, ts *trustState) *CardView {
	k := identity.KeyID(c.PublicKey)
	v := &CardView{KeyID: k, Name: c.Name, Role: c.Role, Delegation: c.Delegation, Fingerprint: identity.Fingerprint(c.PublicKey),
		CreatedAt: c.CreatedAt.UTC().Format("2006-01-02T15:04:05Z"), Trust: TrustUnknown}
	if ts == nil {
		return v
	}
	st := ts.status(k)
	v.Trust = st.State
	if st.Card != nil && !bytes.Equal(st.Card.PublicKey, c.PublicKey) {
		v.Trust = TrustConflict
	}
	v.Changes = cardChanges(st.Card, c)
	if st.Via != "" {
		v.Via = s.nameOf(st.Via, ts)
		if st.Via == ts.me {
			v.Via = "you"
		}
	}
	if st.State == TrustRevoked {
		var names []string
		for _, r := range st.RevokedBy {
			if r == ts.me {
				names = append(names, "you")
			} else {
				names = append(names, s.nameOf(r, ts))
			}
		}
		v.RevokedBy, v.RevokedAfter = strings.Join(names, ", "), st.Bound
	}
	return v
}

// nameOf is the display name of a key id, as the roster knows it (see trustedPeer).
func (s *Sync) nameOf(k string, ts *trustState) string {
	return s.trustedPeer(k, ts).Name
}

// WriteCard writes this installation's identity card to path.
func (s *Sync) WriteCard(path string) (*CardView, error) {
	if s.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	c := s.App.Identity.Card()
	data := identity.EncodeCard(c)
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error { _, err := w.Write(data); return err })
	if err != nil {
		return nil, AsError(fmt.Errorf("write the card to %s: %w", path, err))
	}
	v := s.cardView(c, nil)
	v.Trust = TrustSelf
	return v, nil
}

func readCardFile(path string) (identity.Card, []byte, error) {
	info, err := os.Stat(path)
	if err != nil {
		return identity.Card{}, nil, Invalid("card", fmt.Sprintf("cannot read %s: %v", path, errors.Unwrap(err)))
	}
	if info.Size() > identity.MaxCardSize {
		return identity.Card{}, nil, Invalid("card", fmt.Sprintf("%s is %d bytes, an identity card is at most %d: choose the .json card file exported with `dossier identity --card`", path, info.Size(), identity.MaxCardSize))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return identity.Card{}, nil, Invalid("card", fmt.Sprintf("cannot read %s: %v", path, err))
	}
	c, err := identity.DecodeCard(data)
	if err != nil {
		return identity.Card{}, nil, Invalid("card", fmt.Sprintf("%s: %v", path, err))
	}
	return c, data, nil
}

// ReadCard reads a card file and says what this installation thinks of it, without
// changing anything (what `trust add` shows before asking).
func (s *Sync) ReadCard(path string) (*CardView, error) {
	c, _, err := readCardFile(path)
	if err != nil {
		return nil, err
	}
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	return s.cardView(c, ts), nil
}

// CodeCardChanged is the error code of `trust add` refused because the card's role, name or
// delegation differs from the card already trusted for its key, and the change was not
// confirmed (TrustAccept). Nothing was written.
const CodeCardChanged = "card_changed"

// TrustAccept is what the person confirmed, beyond the fingerprint, when a card differs
// from the one already trusted for its key (CardView.Changes).
type TrustAccept struct {
	RoleChange bool `json:"role_change"` // the card's role differs: `--accept-role-change`
	NameChange bool `json:"name_change"` // its name or delegation differs: `--accept-name-change`
}

// CardChangeRefusal is the refusal of a card whose changes (v.Changes) were not all
// confirmed in accept, or nil. The message names the old and new values and what to give;
// Fields has one entry per unconfirmed change, for the screen.
func CardChangeRefusal(v *CardView, accept TrustAccept) *Error {
	var what, flags []string
	fields := map[string]string{}
	needRole, needName := false, false
	for _, ch := range v.Changes {
		if ch.Field == "role" {
			if accept.RoleChange {
				continue
			}
			needRole = true
			what = append(what, fmt.Sprintf("the role changes from %s to %s", ch.Old, ch.New))
		} else {
			if accept.NameChange {
				continue
			}
			needName = true
			what = append(what, fmt.Sprintf("the %s changes from %q to %q", ch.Field, ch.Old, ch.New))
		}
		fields[ch.Field] = fmt.Sprintf("trusted here as %q, this card says %q", ch.Old, ch.New)
	}
	if len(what) == 0 {
		return nil
	}
	why := ""
	if needRole {
		flags = append(flags, "--accept-role-change")
		why = ", and a secretariat vouches for others (everyone it trusts is trusted here too)"
	}
	if needName {
		flags = append(flags, "--accept-name-change")
	}
	return &Error{Code: CodeCardChanged, Fields: fields, Message: fmt.Sprintf(
		"this card is not the one trusted for %s (key id %s): %s%s: nothing changed; check the change with its owner in person or by phone, then confirm it (%s)",
		v.trustedName(), v.KeyID, strings.Join(what, " and "), why, strings.Join(flags, " ")),
	}
}

// trustedName is the name this installation already knows the card's key by.
func (v *CardView) trustedName() string {
	for _, ch := range v.Changes {
		if ch.Field == "name" {
			return ch.Old
		}
	}
	return v.Name
}

// TrustCard trusts the card in a file: a signed statement in the log. A card whose role,
// name or delegation differs from the one already trusted for its key is refused
// (CodeCardChanged) unless accept confirms each kind of change.
func (s *Sync) TrustCard(path string, accept TrustAccept) (*CardView, error) {
	c, _, err := readCardFile(path)
	if err != nil {
		return nil, err
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	if s.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	k := identity.KeyID(c.PublicKey)
	if k == ts.me {
		return nil, Invalid("card", "this is your own card: give it to others, they trust it")
	}
	st := ts.status(k)
	if st.Card != nil && !bytes.Equal(st.Card.PublicKey, c.PublicKey) || st.State == TrustConflict {
		return nil, &Error{Code: CodeRefused, Message: fmt.Sprintf("a different key with the same key id %s is already known (%s): this card is not what it claims to be; do not trust it", k, s.nameOf(k, ts))}
	}
	mine, haveMine := ts.stmts[ts.me][k]
	if st.State == TrustRevoked {
		others := false
		for _, r := range st.RevokedBy {
			others = others || r != ts.me
		}
		if others {
			v := s.cardView(c, ts)
			return nil, &Error{Code: CodeRefused, Message: fmt.Sprintf("%s's key %s was revoked by %s: a revoked key cannot be trusted again; ask them for a new identity card", c.Name, k, v.RevokedBy)}
		}
	}
	if haveMine && mine.Trusted && mine.CardText == string(identity.EncodeCard(c)) {
		return s.cardView(c, ts), nil // already trusted, nothing to write
	}
	if e := CardChangeRefusal(s.cardView(c, ts), accept); e != nil {
		return nil, e
	}
	if err := s.writeStatement(k, c, true, 0, haveMine); err != nil {
		return nil, err
	}
	if err := s.App.Store.SetName(k, c.Name); err != nil {
		return nil, AsError(err)
	}
	ts, err = loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	return s.cardView(c, ts), nil
}

func (s *Sync) writeStatement(subject string, c identity.Card, trusted bool, after uint64, exists bool) error {
	d := store.Draft{Type: oplog.OpCreate, Kind: KindTrust, Record: TrustRecordID(s.App.Identity.KeyID(), subject),
		Set: map[string]json.RawMessage{
			"subject":       oplog.MustCanon(subject),
			"card":          oplog.MustCanon(string(identity.EncodeCard(c))),
			"name":          oplog.MustCanon(c.Name),
			"role":          oplog.MustCanon(c.Role),
			"trusted":       oplog.MustCanon(trusted),
			"revoked_after": oplog.MustCanon(after),
		}}
	if exists {
		d.Type = oplog.OpUpdate
	}
	_, err := s.App.Store.Save("", d)
	return AsErrorOrNil(err)
}

// Revoke stops accepting a key's changes beyond what this installation holds of it now.
func (s *Sync) Revoke(keyID string) (*CardView, error) {
	k := strings.ToUpper(strings.TrimSpace(keyID))
	if !keyIDRE.MatchString(k) {
		return nil, Invalid("key_id", fmt.Sprintf("%q is not a key id (16 hex digits, as `dossier trust list` shows)", keyID))
	}
	syncMu.Lock()
	defer syncMu.Unlock()
	if s.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	if k == ts.me {
		return nil, Invalid("key_id", "this is your own key: to stop using it, make a new identity in a new data directory")
	}
	st := ts.status(k)
	if st.Card == nil {
		return nil, &Error{Code: CodeNotFound, Message: fmt.Sprintf("no card with key id %s is known here: see `dossier trust list`", k)}
	}
	mine, haveMine := ts.stmts[ts.me][k]
	if haveMine && !mine.Trusted {
		return s.cardView(*st.Card, ts), nil // already revoked by this installation
	}
	after := s.App.Store.VV()[k]
	if err := s.writeStatement(k, *st.Card, false, after, haveMine); err != nil {
		return nil, err
	}
	ts, err = loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	return s.cardView(*st.Card, ts), nil
}

// TrustList lists this installation and every key it knows from its own statements or
// from the secretariats it trusts.
func (s *Sync) TrustList() ([]CardView, error) {
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	out := []CardView{}
	if ts.me != "" {
		out = append(out, *s.cardView(ts.myCard, ts))
	}
	for _, k := range ts.subjects() {
		if k == ts.me {
			continue
		}
		st := ts.status(k)
		if st.Card == nil {
			// Conflicting cards: show the first one seen, marked.
			for _, t := range ts.authorities() {
				if x, ok := ts.stmts[t][k]; ok {
					v := s.cardView(x.Card, nil)
					v.Trust = TrustConflict
					out = append(out, *v)
					break
				}
			}
			continue
		}
		out = append(out, *s.cardView(*st.Card, ts))
	}
	return out, nil
}
