// Package synce2e drives the real dossier binary through the sync workflow: cards, trust,
// export, import, conflicts, tampering, forks, and kills during import. TestMain builds the
// binary once into a temporary directory.
package synce2e

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/internal/clitest"
)

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dossier-sync-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = filepath.Join(dir, "dossier")
	if err := clitest.Build(bin, ""); err != nil {
		fmt.Fprintln(os.Stderr, "building the dossier binary failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	out, err string
	code     int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%sstderr:\n%s", r.code, r.out, r.err)
}

// dossier runs the binary on a data directory.
func dossier(t testing.TB, data, stdin string, args ...string) result {
	t.Helper()
	out, errOut, code, err := clitest.Run(bin, data, stdin, args...)
	if err != nil {
		t.Fatal(err)
	}
	return result{out, errOut, code}
}

func must(t testing.TB, r result) string {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("%s", r)
	}
	return strings.TrimSpace(r.out)
}

func mustJSON(t testing.TB, r result, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(must(t, r)), v); err != nil {
		t.Fatalf("%v: %s", err, r.out)
	}
}

// install is one data directory with an identity and its card file.
type install struct {
	name, dir, card, key string
}

func newInstall(t testing.TB, name, role string) *install {
	t.Helper()
	in := &install{name: name, dir: t.TempDir()}
	must(t, dossier(t, in.dir, "", "init", "--name", name, "--role", role))
	in.card = filepath.Join(t.TempDir(), strings.ReplaceAll(name, " ", "_")+".card.json")
	out := must(t, dossier(t, in.dir, "", "identity", "--card", in.card))
	if !strings.Contains(out, "fingerprint: ") {
		t.Fatalf("identity --card: %s", out)
	}
	var id struct {
		KeyID string `json:"key_id"`
	}
	mustJSON(t, dossier(t, in.dir, "", "identity", "--json"), &id)
	in.key = id.KeyID
	return in
}

func (in *install) run(t testing.TB, args ...string) result { return dossier(t, in.dir, "", args...) }
func (in *install) must(t testing.TB, args ...string) string {
	t.Helper()
	return must(t, dossier(t, in.dir, "", args...))
}

func (in *install) trust(t testing.TB, others ...*install) {
	t.Helper()
	for _, o := range others {
		in.must(t, "trust", "add", o.card, "--yes")
	}
}

func (in *install) hash(t testing.TB) string { return in.must(t, "state-hash") }
