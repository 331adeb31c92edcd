package service

// Trust statements and the fold that decides which authors are trusted (docs/trust.md).

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"dossier/app/domain"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/store"
	"dossier/app/trust"
)

// KindTrust is the record kind of trust statements.
const KindTrust = trust.Kind

var keyIDRE = regexp.MustCompile(`^[0-9A-F]{16}$`)

// TrustRecordID names the record of truster's statements about subject (trust.RecordID).
func TrustRecordID(truster, subject string) string { return trust.RecordID(truster, subject) }

// Trust states (trust.Self …).
const (
	TrustSelf     = trust.Self
	TrustTrusted  = trust.Trusted
	TrustRevoked  = trust.Revoked
	TrustUnknown  = trust.Unknown
	TrustConflict = trust.Conflict
)

type (
	trustState = trust.State
	statement  = trust.Statement
)

// loadTrust reads every statement the store holds.
func loadTrust(a *App) (*trustState, error) {
	var ts *trustState
	if a.Identity != nil {
		ts = trust.New(a.Identity.KeyID(), a.Identity.Card())
	} else {
		ts = trust.New("", identity.Card{})
	}
	page := a.Store.Query(store.Query{Kind: KindTrust, Limit: 1 << 30})
	for _, sum := range page.Items {
		rec, err := a.Store.Get(sum.ID)
		if err != nil {
			return nil, err
		}
		st, err := trust.ParseStatement(rec.Created.Author, rec.ID, rec.Fields())
		if err != nil || rec.Updated.Author != rec.Created.Author {
			continue // refused at import; cannot be here unless written by hand
		}
		st.Seq, st.At = rec.Updated.Seq, rec.Updated.Clock
		ts.Add(st)
	}
	return ts, nil
}

// CardView describes an identity card and what this installation thinks of it.
type CardView struct {
	KeyID       string `json:"key_id"`
	Name        string `json:"name"`
	Role        string `json:"role"`
	Delegation  string `json:"delegation"`
	Fingerprint string `json:"fingerprint"`
	CreatedAt   string `json:"created_at"`
	Trust       string `json:"trust"` // self, trusted, revoked, unknown, conflict
	// Via names the secretariats that vouch for it (", " between names); ViaYou, that this
	// installation does. Apart, because a name is data: a secretariat named "you" must not
	// read as this installation's own word (the display end words "you").
	Via          string `json:"via,omitempty"`
	ViaYou       bool   `json:"via_you,omitempty"`
	RevokedBy    string `json:"revoked_by,omitempty"`     // names of the others who revoked it
	RevokedByYou bool   `json:"revoked_by_you,omitempty"` // this installation revoked it
	RevokedAfter uint64 `json:"revoked_after,omitempty"`  // changes up to this one stay accepted
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
	st := ts.Status(k)
	v.Trust = st.State
	if st.Card != nil && !bytes.Equal(st.Card.PublicKey, c.PublicKey) {
		v.Trust = TrustConflict
	}
	v.Changes = cardChanges(st.Card, c)
	if st.Via == ts.Me {
		v.ViaYou = true
	} else if st.Via != "" {
		v.Via = s.nameOf(st.Via, ts)
	}
	if st.State == TrustRevoked {
		var names []string
		for _, r := range st.RevokedBy {
			if r == ts.Me {
				v.RevokedByYou = true
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
func (s *Sync) WriteCard(path Path) (*CardView, error) {
	if s.App.Identity == nil {
		return nil, AsError(identity.ErrNoIdentity)
	}
	c := s.App.Identity.Card()
	data := identity.EncodeCard(c)
	err := s.App.writeFileAt("path", path, 0o644, func(w io.Writer) error { _, err := w.Write(data); return err })
	if err != nil {
		return nil, AsError(err)
	}
	v := s.cardView(c, nil)
	v.Trust = TrustSelf
	return v, nil
}

func readCardFile(path Path) (identity.Card, []byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return identity.Card{}, nil, pathRefusal("card", path, openProblem(path, err), err)
	}
	defer f.Close()
	data, size, err := readLimited(f, identity.MaxCardSize)
	if err != nil {
		return identity.Card{}, nil, pathRefusal("card", path, openProblem(path, err), err)
	}
	if size < 0 || size > identity.MaxCardSize {
		return identity.Card{}, nil, cardTooBig(path, max(size, identity.MaxCardSize+1)) // a stream: at least that
	}
	c, err := identity.DecodeCard(data)
	if err != nil {
		return identity.Card{}, nil, cardRefusal(path, err)
	}
	return c, data, nil
}

// cardRefusal is the input error of a card file DecodeCard refused: the English as the
// command line prints it (the path, the member, the byte, the reason), and the reason's
// problem with where it is (file: the file's name; member; byte), for the screens to word in
// the reader's language (docs/identity.md, "Decoding").
func cardRefusal(path Path, err error) *Error {
	msg := fmt.Sprintf("%s: %v", path, err)
	e := &Error{Code: CodeInvalid, Message: "card: " + msg, Fields: map[string]string{"card": msg}, cause: err}
	var ce *identity.CardError
	if errors.As(err, &ce) && ce.Problem.Code != "" {
		kv := []string{"file", filepath.Base(path)}
		if ce.Field != "" {
			kv = append(kv, "member", ce.Field)
		}
		if ce.Offset >= 0 {
			kv = append(kv, "byte", strconv.Itoa(ce.Offset))
		}
		for k, v := range ce.Problem.Params {
			kv = append(kv, k, v)
		}
		e.Problems = map[string]domain.Problem{"card": domain.P(ce.Problem.Code, kv...)}
	}
	return e
}

// ReadCard reads a card file and says what this installation thinks of it, without
// changing anything (what `trust add` shows before asking).
func (s *Sync) ReadCard(path Path) (*CardView, error) {
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
func (s *Sync) TrustCard(path Path, accept TrustAccept) (*CardView, error) {
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
	if k == ts.Me {
		return nil, InvalidP("card", domain.P("own_card"))
	}
	st := ts.Status(k)
	if st.Card != nil && !bytes.Equal(st.Card.PublicKey, c.PublicKey) || st.State == TrustConflict {
		return nil, refusedP("card", domain.P("card_key_id_taken", "key_id", k, "name", s.nameOf(k, ts)))
	}
	mine, haveMine := ts.Stmts[ts.Me][k]
	if st.State == TrustRevoked {
		others := false
		for _, r := range st.RevokedBy {
			others = others || r != ts.Me
		}
		if others {
			v := s.cardView(c, ts)
			return nil, refusedP("card", domain.P("card_key_revoked", "name", c.Name, "key_id", k, "revoked_by", v.RevokedBy))
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
	if k == ts.Me {
		return nil, Invalid("key_id", "this is your own key: to stop using it, make a new identity in a new data directory")
	}
	st, err := revocable(k, ts)
	if err != nil {
		return nil, err
	}
	mine, haveMine := ts.Stmts[ts.Me][k]
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

// revocable is the trust status of the key k to revoke: refused when no card for k is known,
// and when two keys are vouched for under k, where a revocation could not say which key it
// stops (docs/trust.md, "Two keys under one key id").
func revocable(k string, ts *trustState) (trust.Status, error) {
	st := ts.Status(k)
	if st.State == trust.Conflict {
		return st, refusedP("key_id", domain.P("revoke_key_id_conflict", "key_id", k))
	}
	if st.Card == nil {
		return st, &Error{Code: CodeNotFound, Message: fmt.Sprintf("no card with key id %s is known here: see `dossier trust list`", k)}
	}
	return st, nil
}

// TrustList lists this installation and every key it knows from its own statements or
// from the secretariats it trusts.
func (s *Sync) TrustList() ([]CardView, error) {
	ts, err := loadTrust(s.App)
	if err != nil {
		return nil, AsError(err)
	}
	out := []CardView{}
	if ts.Me != "" {
		out = append(out, *s.cardView(ts.MyCard, ts))
	}
	for _, k := range ts.Subjects() {
		if k == ts.Me {
			continue
		}
		if st := ts.Status(k); st.Card != nil {
			out = append(out, *s.cardView(*st.Card, ts))
		} else {
			out = append(out, s.conflictingCards(k, ts)...)
		}
	}
	return out, nil
}

// conflictingCards lists each card vouched for under key id k, with who vouches for it: what
// a secretariat compares with the fingerprint the person reads from their own screen
// (docs/trust.md, "Two keys under one key id").
func (s *Sync) conflictingCards(k string, ts *trustState) []CardView {
	var out []CardView
	var by [][]string
	for _, t := range ts.Authorities() {
		x, ok := ts.Stmts[t][k]
		if !ok {
			continue
		}
		i := slices.IndexFunc(out, func(v CardView) bool { return v.Fingerprint == identity.Fingerprint(x.Card.PublicKey) })
		if i < 0 {
			v := s.cardView(x.Card, nil)
			v.KeyID, v.Trust = k, TrustConflict // the key id it is vouched for under
			out, by, i = append(out, *v), append(by, nil), len(out)
		}
		if t == ts.Me {
			out[i].ViaYou = true
		} else {
			by[i] = append(by[i], s.nameOf(t, ts))
		}
	}
	for i := range out {
		out[i].Via = strings.Join(by[i], ", ")
	}
	return out
}
