package service

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/intake"
	"dossier/app/trust"
)

func initApp(t *testing.T, name, role string) *App {
	t.Helper()
	a, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if _, err := a.Init(name, role, "EU"); err != nil {
		t.Fatal(err)
	}
	return a
}

// conflictOver is this installation's trust with two cards under the key id of the desk's:
// its own statement vouches for the desk's card, a secretariat it trusts vouches for another
// key's. Real keys with one key id take a deliberate search (docs/trust.md, "Two keys under
// one key id"); the secretariat's statement is added in memory, as an import would fold it.
func conflictOver(t *testing.T, sy *Sync) (ts *trustState, desk, forged identity.Card) {
	t.Helper()
	return conflictVouchedBy(t, sy, "Secretariat Dakar")
}

// conflictVouchedBy is conflictOver with the other card vouched for by a secretariat named name.
func conflictVouchedBy(t *testing.T, sy *Sync, name string) (ts *trustState, desk, forged identity.Card) {
	t.Helper()
	dakar := initApp(t, name, identity.RoleSecretariat).Identity.Card()
	desk = initApp(t, "A. Benali", identity.RoleDelegate).Identity.Card()
	forged = initApp(t, "A. Benali", identity.RoleDelegate).Identity.Card()
	for _, c := range []identity.Card{dakar, desk} {
		path := filepath.Join(t.TempDir(), "x.card")
		if err := os.WriteFile(path, identity.EncodeCard(c), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := sy.TrustCard(path, TrustAccept{}); err != nil {
			t.Fatal(err)
		}
	}
	ts, err := loadTrust(sy.App)
	if err != nil {
		t.Fatal(err)
	}
	k := identity.KeyID(desk.PublicKey)
	ts.Add(trust.Statement{Truster: identity.KeyID(dakar.PublicKey), Subject: k, CardText: string(identity.EncodeCard(forged)),
		Card: forged, Trusted: true, Seq: 9})
	if st := ts.Status(k); st.State != trust.Conflict {
		t.Fatalf("the test needs a conflict: %+v", st)
	}
	return ts, desk, forged
}

// An import refused for two keys under one key id says so with its own problem code, and
// what to do: the secretariat's procedure, or, for a delegate, to leave it to the
// secretariat; never the advice for an unknown author (trust their card), which would have
// the reader trust one of the two cards.
func TestTrustConflictRefusalSaysWhatToDo(t *testing.T) {
	for role, want := range map[string][]string{
		identity.RoleSecretariat: {"`dossier trust list`", "read the fingerprint on their Identity & trust screen", "make a new identity", "Two keys under one key id"},
		identity.RoleDelegate:    {"tell your secretariat", "trust no card for this key id"},
	} {
		t.Run(role, func(t *testing.T) {
			sy := &Sync{App: initApp(t, "Secretariat Rabat", role)}
			ts, desk, _ := conflictOver(t, sy)
			k := identity.KeyID(desk.PublicKey)
			rep := &BundleReport{File: "benali.dossier"}
			err := sy.refuseDecision(rep, &intake.Refusal{Problem: intake.ProblemTrustConflict, Author: k}, namer{s: sy, ts: ts, h: &bundle.Header{}}, false)
			if err == nil || rep.Status != StatusRefused || rep.Problem != ProblemTrustConflict {
				t.Fatalf("refused as %q (%v)", rep.Problem, err)
			}
			if rep.Params["who"] != "A. Benali ("+k+")" || rep.Params["case"] != "" {
				t.Errorf("params %v", rep.Params)
			}
			for _, w := range append(want, "two different keys are vouched for under this key id", "nothing was imported") {
				if !strings.Contains(rep.Message, w) {
					t.Errorf("the message does not say %q: %s", w, rep.Message)
				}
			}
			for _, w := range []string{"unknown author", "trust add", "import the secretariat's bundle that introduces them"} {
				if strings.Contains(rep.Message, w) {
					t.Errorf("the message gives an unknown author's advice (%q): %s", w, rep.Message)
				}
			}
		})
	}
}

// The trust list shows every card vouched for under a conflicting key id, each with its
// fingerprint and who vouches for it: what the secretariat compares with the fingerprint the
// person reads from their own screen.
func TestTrustListShowsEachConflictingCardAndItsVoucher(t *testing.T) {
	sy := &Sync{App: initApp(t, "Secretariat Rabat", identity.RoleSecretariat)}
	ts, desk, forged := conflictOver(t, sy)
	got := sy.conflictingCards(identity.KeyID(desk.PublicKey), ts)
	want := []CardView{
		{Fingerprint: identity.Fingerprint(desk.PublicKey), ViaYou: true},
		{Fingerprint: identity.Fingerprint(forged.PublicKey), Via: "Secretariat Dakar"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d cards listed, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Fingerprint != w.Fingerprint || got[i].Via != w.Via || got[i].ViaYou != w.ViaYou || got[i].Trust != TrustConflict || got[i].KeyID != identity.KeyID(desk.PublicKey) {
			t.Errorf("card %d: %+v, want fingerprint %s vouched for by %q, by you %v", i, got[i], w.Fingerprint, w.Via, w.ViaYou)
		}
	}
	if slices.ContainsFunc(got, func(v CardView) bool { return v.Name != "A. Benali" }) {
		t.Errorf("names: %+v", got)
	}
}

// A secretariat's name is data: one named "you" (or "Dakar, you") vouching for the other card
// must not read as this installation vouching for it, on the screen where the secretariat
// decides which card is genuine. Before, "you" was written into the names (Via "you"), and the
// forged card read "vouched for by you" like the one this installation trusted itself.
func TestTrustListTellsYouFromASecretariatNamedYou(t *testing.T) {
	for _, name := range []string{"you", "Dakar, you"} {
		sy := &Sync{App: initApp(t, "Secretariat Rabat", identity.RoleSecretariat)}
		ts, desk, forged := conflictVouchedBy(t, sy, name)
		got := sy.conflictingCards(identity.KeyID(desk.PublicKey), ts)
		if len(got) != 2 || got[0].Fingerprint != identity.Fingerprint(desk.PublicKey) || got[1].Fingerprint != identity.Fingerprint(forged.PublicKey) {
			t.Fatalf("%+v", got)
		}
		if !got[0].ViaYou || got[0].Via != "" || got[1].ViaYou || got[1].Via != name {
			t.Errorf("%q: yours %+v, the other %+v", name, got[0], got[1])
		}
	}
}

// Revoking a key id under which two keys are vouched for is refused with what to do, not
// "no card with key id K is known here" (the status holds no card for a conflict): a
// revocation names a card, and could not say which of the two it stops.
func TestRevokeUnderTwoKeysSaysWhy(t *testing.T) {
	sy := &Sync{App: initApp(t, "Secretariat Rabat", identity.RoleSecretariat)}
	ts, desk, _ := conflictOver(t, sy)
	k := identity.KeyID(desk.PublicKey)
	_, err := revocable(k, ts)
	e := AsError(err)
	if e == nil || e.Code != CodeRefused || e.Problems["key_id"].Code != "revoke_key_id_conflict" {
		t.Fatalf("%v, want the revoke_key_id_conflict refusal", err)
	}
	if !strings.Contains(e.Message, "two different keys") || !strings.Contains(e.Message, k) {
		t.Errorf("message %q", e.Message)
	}
	// Where no key is vouched for under k, it is not found, as before.
	fresh, err := loadTrust(initApp(t, "Secretariat Tunis", identity.RoleSecretariat))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := revocable(k, fresh); AsError(err) == nil || AsError(err).Code != CodeNotFound {
		t.Errorf("unknown key: %v, want not found", err)
	}
}
