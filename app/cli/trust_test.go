package cli_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// resignedCard makes a card for the key of data directory from, with other name, role and
// delegation, as its holder can: a copy of the identity files with identity.json edited.
func resignedCard(t *testing.T, from, name, role, delegation string) string {
	t.Helper()
	dir := t.TempDir()
	key, err := os.ReadFile(filepath.Join(from, "identity.key"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "identity.key"), key, 0o600); err != nil {
		t.Fatal(err)
	}
	pub, err := os.ReadFile(filepath.Join(from, "identity.json"))
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
	card := filepath.Join(t.TempDir(), "card.json")
	must(t, run(t, dir, "", "identity", "--card", card))
	return card
}

type listedCard struct {
	KeyID      string `json:"key_id"`
	Name       string `json:"name"`
	Role       string `json:"role"`
	Delegation string `json:"delegation"`
}

func rosterEntry(t *testing.T, data, key string) listedCard {
	t.Helper()
	var list []listedCard
	if err := json.Unmarshal([]byte(must(t, run(t, data, "", "trust", "list", "--json"))), &list); err != nil {
		t.Fatal(err)
	}
	for _, c := range list {
		if c.KeyID == key {
			return c
		}
	}
	t.Fatalf("%s is not in the trust list", key)
	return listedCard{}
}

// refusedChange runs `trust add` that must be refused as an unconfirmed change, naming want,
// with nothing written.
func refusedChange(t *testing.T, data, stdin string, args []string, want ...string) result {
	t.Helper()
	before := must(t, run(t, data, "", "state-hash"))
	r := run(t, data, stdin, append([]string{"trust", "add"}, args...)...)
	if r.code != 1 {
		t.Fatalf("trust add %v: exit %d, want 1\n%s%s", args, r.code, r.out, r.err)
	}
	for _, w := range want {
		if !strings.Contains(r.err, w) {
			t.Errorf("trust add %v: stderr %q does not say %q", args, r.err, w)
		}
	}
	if after := must(t, run(t, data, "", "state-hash")); after != before {
		t.Fatalf("a refused trust add changed the state")
	}
	return r
}

func TestTrustAddRoleAndNameChangesThroughTheBinary(t *testing.T) {
	s := t.TempDir()
	must(t, run(t, s, "", "init", "--name", "Secretariat", "--role", "secretariat"))
	a := initDir(t)
	var id struct {
		KeyID string `json:"key_id"`
	}
	if err := json.Unmarshal([]byte(must(t, run(t, a, "", "identity", "--json"))), &id); err != nil {
		t.Fatal(err)
	}
	card := filepath.Join(t.TempDir(), "a.card.json")
	must(t, run(t, a, "", "identity", "--card", card))
	must(t, run(t, s, "", "trust", "add", card, "--yes"))

	// Self-promoted: --yes is not enough, nor is answering y, nor the name flag.
	promoted := resignedCard(t, a, "A. Benali", "secretariat", "")
	r := refusedChange(t, s, "", []string{promoted, "--yes"}, "from delegate to secretariat", "--accept-role-change", id.KeyID)
	if !strings.Contains(r.out, "CHANGE") || !strings.Contains(r.out, "role: delegate → secretariat") {
		t.Fatalf("the change is not shown:\n%s", r.out)
	}
	refusedChange(t, s, "y\n", []string{promoted}, "--accept-role-change")
	refusedChange(t, s, "", []string{promoted, "--yes", "--accept-name-change"}, "--accept-role-change")
	if c := rosterEntry(t, s, id.KeyID); c.Role != "delegate" {
		t.Fatalf("after the refusals: %+v", c)
	}

	// A name change: --yes needs its flag; answering y to the question that shows it is enough.
	renamed := resignedCard(t, a, "Amina Benali", "delegate", "")
	refusedChange(t, s, "", []string{renamed, "--yes"}, `from "A. Benali" to "Amina Benali"`, "--accept-name-change")
	refusedChange(t, s, "", []string{renamed, "--yes", "--accept-role-change"}, "--accept-name-change")
	r = run(t, s, "y\n", "trust", "add", renamed)
	if r.code != 0 || !strings.Contains(r.out, "name: A. Benali → Amina Benali") || !strings.Contains(r.out, "with the CHANGES above?") {
		t.Fatalf("interactive rename: exit %d\n%s%s", r.code, r.out, r.err)
	}
	if c := rosterEntry(t, s, id.KeyID); c.Name != "Amina Benali" || c.Role != "delegate" {
		t.Fatalf("after the rename: %+v", c)
	}
	again := resignedCard(t, a, "Amina B.", "delegate", "Morocco")
	must(t, run(t, s, "", "trust", "add", again, "--yes", "--accept-name-change"))
	if c := rosterEntry(t, s, id.KeyID); c.Name != "Amina B." || c.Delegation != "Morocco" {
		t.Fatalf("after the second rename: %+v", c)
	}

	// The role change, confirmed.
	out := must(t, run(t, s, "", "trust", "add", promoted, "--yes", "--accept-role-change", "--accept-name-change"))
	if !strings.Contains(out, "Trusted A. Benali (secretariat") {
		t.Fatalf("accepted: %s", out)
	}
	if c := rosterEntry(t, s, id.KeyID); c.Role != "secretariat" || c.Name != "A. Benali" {
		t.Fatalf("after accepting: %+v", c)
	}
	must(t, run(t, s, "", "check"))
}
