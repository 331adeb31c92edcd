// Package trust holds trust statements and the fold that decides, from every statement
// known, whether an author's changes are accepted (docs/trust.md). It does no I/O: the
// caller feeds it the statements it holds and those a bundle brings.
package trust

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/google/uuid"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/oplog"
)

// Kind is the record kind of trust statements.
const Kind = "sys_trust"

var namespace = uuid.MustParse("6f1c1a9e-6b7a-4c53-9a38-3f0d2d7c1b11")

var keyIDRE = regexp.MustCompile(`^[0-9A-F]{16}$`)

// RecordID names the record of truster's statements about subject: a version 8 UUID,
// a version that ordinary records may not use (admit.Reserved), so no one can occupy it.
func RecordID(truster, subject string) string {
	return uuid.NewHash(sha256.New(), namespace, []byte(truster+"/"+subject), 8).String()
}

// legacyRecordID is where statements were written before ids were reserved (version 5);
// statements already there are still read.
func legacyRecordID(truster, subject string) string {
	return uuid.NewSHA1(namespace, []byte(truster+"/"+subject)).String()
}

// Trust states.
const (
	Self     = "self"     // this installation
	Trusted  = "trusted"  // its changes are accepted
	Revoked  = "revoked"  // changes after the revocation bound are refused
	Unknown  = "unknown"  // no statement: its changes are refused
	Conflict = "conflict" // statements carry different keys for one key id: refused
)

// Statement is one truster's latest statement about one subject.
type Statement struct {
	Truster, Subject string
	CardText         string
	Card             identity.Card
	Trusted          bool
	RevokedAfter     uint64
	Seq              uint64 // the truster's operation that made it
	At               oplog.Clock
}

var statementFields = []string{"card", "name", "revoked_after", "role", "subject", "trusted"}

// ParseStatement checks the fields of a trust statement made by truster on record id.
func ParseStatement(truster, id string, fields map[string]json.RawMessage) (Statement, error) {
	st := Statement{Truster: truster}
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
	if id != RecordID(truster, st.Subject) && id != legacyRecordID(truster, st.Subject) {
		return st, errors.New("the Statement is not on its author's own record about the subject")
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
		return st, errors.New("revoked_after must be 0 in a Statement of trust")
	}
	return st, nil
}

// FromOp checks a sys_ operation found in a bundle. Only trust statements exist.
func FromOp(op *oplog.Op) (Statement, error) {
	if op.Kind != Kind {
		return Statement{}, fmt.Errorf("record kind %q is unknown to this Dossier: update Dossier", op.Kind)
	}
	if (op.Type != oplog.OpCreate && op.Type != oplog.OpUpdate) || len(op.Add)+len(op.Remove) != 0 {
		return Statement{}, errors.New("a trust Statement is a create or update that sets fields")
	}
	st, err := ParseStatement(op.Author, op.Record, op.Set)
	st.Seq, st.At = op.Seq, op.Clock
	return st, err
}

// State is the fold over every statement known.
type State struct {
	Me     string // this installation's key id ("" without an identity)
	MyCard identity.Card
	Stmts  map[string]map[string]Statement // truster -> subject -> latest
}

// New starts a fold for the installation me (empty without an identity).
func New(me string, myCard identity.Card) *State {
	return &State{Me: me, MyCard: myCard, Stmts: map[string]map[string]Statement{}}
}

func (ts *State) Add(st Statement) {
	m := ts.Stmts[st.Truster]
	if m == nil {
		m = map[string]Statement{}
		ts.Stmts[st.Truster] = m
	}
	if cur, ok := m[st.Subject]; !ok || st.Seq > cur.Seq {
		m[st.Subject] = st
	}
}

// Authorities are this installation and the secretariats it trusts directly.
func (ts *State) Authorities() []string {
	out := []string{}
	if ts.Me != "" {
		out = append(out, ts.Me)
	}
	for subj, st := range ts.Stmts[ts.Me] {
		if st.Trusted && st.Card.Role == identity.RoleSecretariat && subj != ts.Me {
			out = append(out, subj)
		}
	}
	sort.Strings(out[min(1, len(out)):])
	return out
}

type Status struct {
	State     string
	Card      *identity.Card
	CardText  string
	Via       string // who vouches for the card: a key id
	Bound     uint64 // revoked: the highest sequence still accepted
	RevokedBy []string
}

func (ts *State) Status(k string) Status {
	if k == ts.Me && k != "" {
		c := ts.MyCard
		return Status{State: Self, Card: &c, CardText: string(identity.EncodeCard(c)), Via: k}
	}
	var trusts, revokes []Statement
	for _, t := range ts.Authorities() {
		if t == k {
			continue
		}
		if st, ok := ts.Stmts[t][k]; ok {
			if st.Trusted {
				trusts = append(trusts, st)
			} else {
				revokes = append(revokes, st)
			}
		}
	}
	all := append(append([]Statement{}, trusts...), revokes...)
	if len(all) == 0 {
		return Status{State: Unknown}
	}
	for _, st := range all[1:] {
		if !bytes.Equal(st.Card.PublicKey, all[0].Card.PublicKey) {
			return Status{State: Conflict}
		}
	}
	// My own statement's card first, else the first authority's.
	card := all[0]
	for _, st := range all {
		if st.Truster == ts.Me {
			card = st
		}
	}
	c := card.Card
	out := Status{State: Trusted, Card: &c, CardText: card.CardText, Via: card.Truster}
	if len(revokes) > 0 {
		out.State = Revoked
		out.Bound = revokes[0].RevokedAfter
		for _, r := range revokes {
			out.Bound = min(out.Bound, r.RevokedAfter)
			out.RevokedBy = append(out.RevokedBy, r.Truster)
		}
	}
	return out
}

// Subjects lists every key an authority made a statement about.
func (ts *State) Subjects() []string {
	set := map[string]bool{}
	for _, t := range ts.Authorities() {
		for s := range ts.Stmts[t] {
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
