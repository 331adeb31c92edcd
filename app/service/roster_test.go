package service_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/service"
)

// resigned is n's own key under a card that says something else: what anyone holding the key
// can make at will by editing identity.json, since a card's signature only proves the key.
// It returns the card file and the identity (to sign bundles whose header carries that card).
func resigned(t *testing.T, n *node, name, role, delegation string) (string, *identity.Identity) {
	t.Helper()
	dir := t.TempDir()
	key, err := os.ReadFile(filepath.Join(n.dir, "identity.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "identity.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	pub, err := os.ReadFile(filepath.Join(n.dir, "identity.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(pub, &m); err != nil {
		t.Fatal(err)
	}
	m["name"], m["role"], m["delegation"] = name, role, delegation
	if pub, err = json.Marshal(m); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "identity.json"), pub, 0o644); err != nil {
		t.Fatal(err)
	}
	id, err := identity.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if id.KeyID() != n.key {
		t.Fatalf("re-signed card has key %s, want %s", id.KeyID(), n.key)
	}
	card := filepath.Join(t.TempDir(), "resigned.card.json")
	if err := os.WriteFile(card, identity.EncodeCard(id.Card()), 0o644); err != nil {
		t.Fatal(err)
	}
	return card, id
}

// trustRefused checks that trusting card is refused as a change, naming want, and that
// nothing was written.
func trustRefused(t *testing.T, n *node, card string, accept service.TrustAccept, want ...string) {
	t.Helper()
	before := n.hash()
	v, err := n.sy.TrustCard(card, accept)
	if err == nil {
		t.Fatalf("trusted a changed card with %+v: %+v", accept, v)
	}
	e := service.AsError(err)
	if e.Code != service.CodeCardChanged {
		t.Fatalf("refusal code %q (%v), want %q", e.Code, e, service.CodeCardChanged)
	}
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Errorf("refusal %q does not say %q", e.Message, w)
		}
	}
	if n.hash() != before {
		t.Fatal("a refused trust add changed the state")
	}
}

func listed(t *testing.T, n *node, key string) service.CardView {
	t.Helper()
	list, err := n.sy.TrustList()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range list {
		if v.KeyID == key {
			return v
		}
	}
	t.Fatalf("%s is not in %s's trust list", key, n.name)
	return service.CardView{}
}

// A delegate re-signs its own key with role secretariat (a secretariat vouches for others):
// `trust add` shows the change and refuses it until the role change itself is confirmed.
func TestTrustAddRefusesSelfPromotedCard(t *testing.T) {
	s, a, b, _ := office(t)
	promoted, _ := resigned(t, a, "A. Benali", identity.RoleSecretariat, "Test delegation")

	v, err := s.sy.ReadCard(promoted)
	if err != nil {
		t.Fatal(err)
	}
	if v.Trust != service.TrustTrusted || len(v.Changes) != 1 || v.Changes[0] != (service.CardChange{Field: "role", Old: "delegate", New: "secretariat"}) {
		t.Fatalf("read card: %+v", v)
	}
	trustRefused(t, s, promoted, service.TrustAccept{}, "A. Benali", a.key, "from delegate to secretariat", "--accept-role-change")
	trustRefused(t, s, promoted, service.TrustAccept{NameChange: true}, "--accept-role-change")
	if got := listed(t, s, a.key); got.Role != identity.RoleDelegate {
		t.Fatalf("after the refusals: %+v", got)
	}

	// A delegate that knows A only from the secretariat's roster is asked the same.
	b.imp(s.export(service.ExportOptions{}))
	if got := listed(t, b, a.key); got.Role != identity.RoleDelegate || got.Via != "Secretariat" {
		t.Fatalf("B's roster: %+v", got)
	}
	trustRefused(t, b, promoted, service.TrustAccept{}, "from delegate to secretariat")

	// Confirmed: accepted, and the roster now says secretariat.
	v, err = s.sy.TrustCard(promoted, service.TrustAccept{RoleChange: true})
	if err != nil {
		t.Fatal(err)
	}
	if v.Role != identity.RoleSecretariat || len(v.Changes) != 0 {
		t.Fatalf("accepted: %+v", v)
	}
	if got := listed(t, s, a.key); got.Role != identity.RoleSecretariat || got.Trust != service.TrustTrusted {
		t.Fatalf("after accepting: %+v", got)
	}
	// The same card again is no change at all.
	if _, err := s.sy.TrustCard(promoted, service.TrustAccept{}); err != nil {
		t.Fatal(err)
	}
	s.check()
}

// A name or delegation change needs its own confirmation too, but not a role one.
func TestTrustAddNameChange(t *testing.T) {
	s, a, _, _ := office(t)
	renamed, _ := resigned(t, a, "Amina Benali", identity.RoleDelegate, "Morocco")
	trustRefused(t, s, renamed, service.TrustAccept{}, `from "A. Benali" to "Amina Benali"`, `from "Test delegation" to "Morocco"`, "--accept-name-change")
	trustRefused(t, s, renamed, service.TrustAccept{RoleChange: true}, "--accept-name-change")
	e := service.AsError(func() error { _, err := s.sy.TrustCard(renamed, service.TrustAccept{}); return err }())
	if e.Fields["name"] == "" || e.Fields["delegation"] == "" || e.Fields["role"] != "" {
		t.Fatalf("fields of the refusal: %v", e.Fields)
	}
	// Both changed: both confirmations are needed, and the message asks for both.
	both, _ := resigned(t, a, "Amina Benali", identity.RoleSecretariat, "Morocco")
	trustRefused(t, s, both, service.TrustAccept{}, "--accept-role-change --accept-name-change")
	trustRefused(t, s, both, service.TrustAccept{NameChange: true}, "from delegate to secretariat")

	if _, err := s.sy.TrustCard(renamed, service.TrustAccept{NameChange: true}); err != nil {
		t.Fatal(err)
	}
	if got := listed(t, s, a.key); got.Name != "Amina Benali" || got.Delegation != "Morocco" || got.Role != identity.RoleDelegate {
		t.Fatalf("after accepting: %+v", got)
	}
	if n := s.app.Store.Name(a.key); n != "Amina Benali" {
		t.Fatalf("store name %q", n)
	}
}

// signedAs re-signs a bundle file with id: same runs and checkpoints, another header card.
func signedAs(t *testing.T, path string, id *identity.Identity) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bundle.Decode(data, nil, bundle.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := bundle.Encode(&buf, id, b.Runs, bundle.Options{Holds: b.Header.Holds}); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "resigned.dossier")
	if err := os.WriteFile(out, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return out
}

func history(t *testing.T, n *node, id string) []service.HistoryEntry {
	t.Helper()
	h, err := (&service.Records{App: n.app}).History(id)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// History names authors and exporters from the roster, never from a bundle header.
func TestTrustedNamesInHistory(t *testing.T) {
	s, a, _, _ := office(t)
	_, forger := resigned(t, a, "Secretariat Office", identity.RoleSecretariat, "Secretariat")

	// Through the import: the header's card says "Secretariat Office", the roster "A. Benali".
	first := a.addCommitment("Reception centres")
	s.imp(signedAs(t, a.export(service.ExportOptions{}), forger))
	for _, e := range history(t, s, first) {
		if e.AuthorName != "A. Benali" || e.AuthorRole != identity.RoleDelegate {
			t.Fatalf("history entry: %+v", e)
		}
	}

	// Origins as the store records them: the exporter's key id (known and unknown), a name
	// (written by earlier versions), and local changes.
	const unknown = "0123456789ABCDEF"
	cases := []struct {
		origin, want string
		from         *service.PeerView
		author       string
	}{
		{"bundle 0195-known from " + a.key, "bundle 0195-known from A. Benali (delegate)",
			&service.PeerView{KeyID: a.key, Name: "A. Benali", Role: "delegate", Delegation: "Test delegation", Trust: service.TrustTrusted}, "A. Benali"},
		{"bundle 0195-unknown from " + unknown, "bundle 0195-unknown from " + unknown,
			&service.PeerView{KeyID: unknown, Name: unknown, Trust: service.TrustUnknown}, "A. Benali"},
		{"bundle 0195-old from Secretariat Office", "bundle 0195-old from Secretariat Office", nil, "A. Benali"},
	}
	for _, c := range cases {
		rec := a.addCommitment("Commitment from " + c.origin)
		data, err := os.ReadFile(signedAs(t, a.export(service.ExportOptions{}), forger))
		if err != nil {
			t.Fatal(err)
		}
		b, err := bundle.Decode(data, nil, bundle.DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		ops, raws := b.Ops()
		if _, err := s.app.Store.Import(ops, raws, c.origin); err != nil {
			t.Fatal(err)
		}
		h := history(t, s, rec)
		e := h[len(h)-1]
		if e.Origin != c.want || e.AuthorName != c.author || e.AuthorRole != identity.RoleDelegate || strings.Contains(e.Origin, "secretariat") {
			t.Fatalf("origin %q: %+v", c.origin, e)
		}
		if c.from == nil {
			if e.From != nil || e.Bundle != "" {
				t.Fatalf("origin %q read as from %+v", c.origin, e.From)
			}
			continue
		}
		want := *c.from
		if want.Role != "" {
			want.Fingerprint = identity.Fingerprint(forger.Public())
		}
		if e.From == nil || *e.From != want || !strings.HasPrefix(c.origin, "bundle "+e.Bundle+" from ") {
			t.Fatalf("origin %q: bundle %q from %+v, want %+v", c.origin, e.Bundle, e.From, want)
		}
	}

	// A local change keeps its origin, and its author is named from the roster.
	s.set(first, "status", "delivered")
	h := history(t, s, first)
	if e := h[len(h)-1]; e.Origin != "local" || e.From != nil || e.AuthorName != "Secretariat" || e.AuthorRole != identity.RoleSecretariat || e.Type != oplog.OpUpdate {
		t.Fatalf("local entry: %+v", e)
	}
}
