//go:build e2e

// End-to-end tests: the real binary, driven by headless Chromium (browser mode) and started
// as a real window under Xvfb. They need chromium, Xvfb and xdotool (the
// Makefile installs them) and FAIL when those are missing. Run them with
// `go test -tags e2e ./app/web/` or `make test` (scripts/test-e2e.sh).
package web

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"

	"dossier/app/domain"
	"dossier/app/internal/clitest"
	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
)

// moduleRoot is the directory of go.mod.
func moduleRoot(t testing.TB) string {
	t.Helper()
	root, err := clitest.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// artifacts is where screenshots go (gitignored).
func artifacts(t testing.TB) string {
	dir := filepath.Join(moduleRoot(t), "artifacts")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// need fails the test when a program is missing: these suites must not pass by skipping.
func need(t testing.TB, prog string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Fatalf("%s is not installed: run `make deps-test` (scripts/install-deps.sh base desktop browser xvfb)", prog)
	}
	return p
}

var buildMu sync.Mutex

// buildBinary builds the dossier binary with the given tags into a temporary directory,
// after checking that the frontend is built (it is embedded).
func buildBinary(t testing.TB, tags string) string {
	t.Helper()
	buildMu.Lock()
	defer buildMu.Unlock()
	root := moduleRoot(t)
	if _, err := os.Stat(filepath.Join(root, "frontend", "dist", "index.html")); err != nil {
		t.Fatalf("frontend/dist/index.html is missing: run `make frontend` first")
	}
	out := filepath.Join(t.TempDir(), "dossier")
	if err := clitest.Build(out, tags); err != nil {
		t.Fatal(err)
	}
	return out
}

// run runs the CLI and fails the test on a non-zero exit.
func runCLI(t testing.TB, bin string, args ...string) string {
	t.Helper()
	out, err := exec.Command(bin, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("dossier %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

var urlRE = regexp.MustCompile(`Dossier is serving on (http://127\.0\.0\.1:\d+/\?token=[0-9a-f]{64})`)

// served is a running `dossier serve`.
type served struct {
	URL    string
	cmd    *exec.Cmd
	output *strings.Builder
	mu     sync.Mutex
	done   chan error
}

// startServe starts `dossier serve` on a data directory and waits for its URL.
func startServe(t testing.TB, bin, dataDir string) *served {
	t.Helper()
	cmd := exec.Command(bin, "serve", "--addr", "127.0.0.1:0", "--data", dataDir)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s := &served{cmd: cmd, output: &strings.Builder{}, done: make(chan error, 1)}
	urlc := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.output.WriteString(line + "\n")
			s.mu.Unlock()
			if m := urlRE.FindStringSubmatch(line); m != nil {
				urlc <- m[1]
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
		s.done <- cmd.Wait()
	}()
	select {
	case s.URL = <-urlc:
	case err := <-s.done:
		t.Fatalf("dossier serve exited before printing its URL: %v\n%s", err, s.out())
	case <-time.After(60 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatalf("dossier serve printed no URL in 60 s:\n%s", s.out())
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			_ = cmd.Process.Kill()
		}
	})
	return s
}

func (s *served) out() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.output.String()
}

// stop sends SIGINT and checks a clean exit.
func (s *served) stop(t testing.TB) {
	t.Helper()
	_ = s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("dossier serve did not exit cleanly on SIGINT: %v\n%s", err, s.out())
		}
	case <-time.After(20 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Errorf("dossier serve did not stop within 20 s of SIGINT")
	}
	if !strings.Contains(s.out(), "Dossier stopped.") {
		t.Errorf("no goodbye in the output:\n%s", s.out())
	}
}

var seedWords = []string{"border", "asylum", "return", "reintegration", "smuggling", "trafficking", "mobility", "visa",
	"reception", "rescue", "labour", "detention", "governance", "evidence", "dialogue", "capacity", "funding", "legal"}

// seedCommitments adds the sample data and n synthetic commitments to a data directory
// (creating an identity if needed), in batches, and closes it.
func seedCommitments(t testing.TB, dir string, n int) {
	t.Helper()
	app, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if app.Identity == nil {
		if _, err := app.Init("Seed Author", "delegate", "EU"); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := (&service.Demo{App: app}).Load(); err != nil {
		t.Fatal(err)
	}
	statuses := domain.CommitmentStatuses
	const batch = 5000
	for i := 0; i < n; i += batch {
		var drafts []store.Draft
		for j := i; j < min(i+batch, n); j++ {
			id, _ := uuid.NewV7()
			w1, w2 := seedWords[j%len(seedWords)], seedWords[(j/len(seedWords))%len(seedWords)]
			set := map[string]json.RawMessage{
				"title":  oplog.MustCanon(fmt.Sprintf("Commitment %d on %s and %s", j, w1, w2)),
				"status": oplog.MustCanon(statuses[j%len(statuses)].Value),
				"due":    oplog.MustCanon(fmt.Sprintf("%04d-%02d-%02d", 2020+j%10, 1+j%12, 1+j%28)),
				"text":   oplog.MustCanon(fmt.Sprintf("Synthetic record number %d for load tests; code zq%06d.", j, j)),
			}
			drafts = append(drafts, store.Draft{Type: oplog.OpCreate, Kind: "commitment", Record: id.String(), Set: set})
		}
		if _, err := app.Store.Save("seed", drafts...); err != nil {
			t.Fatal(err)
		}
	}
}

// seedCoastGuard adds n commitments that mention the Tunisian coast guard in their text only,
// titled "Commitment N…" like seedCommitments's, and one titled with it, whose id it returns.
func seedCoastGuard(t testing.TB, dir string, n int) string {
	t.Helper()
	app, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	draft := func(title, text string) store.Draft {
		id, _ := uuid.NewV7()
		return store.Draft{Type: oplog.OpCreate, Kind: "commitment", Record: id.String(), Set: map[string]json.RawMessage{
			"title": oplog.MustCanon(title), "status": oplog.MustCanon("agreed"), "text": oplog.MustCanon(text)}}
	}
	var drafts []store.Draft
	for i := range n {
		drafts = append(drafts, draft(fmt.Sprintf("Commitment %d on maritime surveillance", i), "Patrol boats and training for the Tunisian coast guard."))
	}
	support := draft("Support to Tunisian coast guard maritime surveillance", "Equipment and training.")
	if _, err := app.Store.Save("seed", append(drafts, support)...); err != nil {
		t.Fatal(err)
	}
	return support.Record
}

// metric prints a measured figure in one greppable form (never asserted).
func metric(t testing.TB, name string, format string, a ...any) {
	line := fmt.Sprintf("METRIC %s: %s", name, fmt.Sprintf(format, a...))
	t.Log(line)
	fmt.Println(line)
}

// offices is a delegate, Amina Benali, and a secretariat, each with a data directory, that
// trust each other's cards (kept in dir).
type offices struct {
	dataA, dataS, dir, cardA, cardS string
	amina, sec                      identityJSON
}

// twoOffices sets up offices with the secretariat named secName. With sample, Amina loads
// the sample data and the secretariat imports her first bundle.
func twoOffices(t *testing.T, bin, secName string, sample bool) offices {
	t.Helper()
	o := offices{dataA: t.TempDir(), dataS: t.TempDir(), dir: t.TempDir()}
	o.amina = initJSON(t, bin, "--name", "Amina Benali", "--delegation", "European Union", "--data", o.dataA)
	o.sec = initJSON(t, bin, "--name", secName, "--role", "secretariat", "--delegation", "Rabat Process", "--data", o.dataS)
	if sample {
		runCLI(t, bin, "demo", "--data", o.dataA)
	}
	o.cardA, o.cardS = filepath.Join(o.dir, "amina.card"), filepath.Join(o.dir, "secretariat.card")
	runCLI(t, bin, "identity", "--card", o.cardA, "--data", o.dataA)
	runCLI(t, bin, "identity", "--card", o.cardS, "--data", o.dataS)
	runCLI(t, bin, "trust", "add", o.cardS, "--yes", "--data", o.dataA)
	runCLI(t, bin, "trust", "add", o.cardA, "--yes", "--data", o.dataS)
	if sample {
		b1 := filepath.Join(o.dir, "b1.dossier")
		runCLI(t, bin, "export", "--out", b1, "--to", o.cardS, "--data", o.dataA)
		runCLI(t, bin, "import", b1, "--data", o.dataS)
	}
	return o
}

// threeOffices sets up the data directories of a secretariat and two delegates, Amina
// Benali and Bruno Okafor, who trust the secretariat and are trusted by it.
func threeOffices(t *testing.T, bin string) (sec, amina, bruno string) {
	t.Helper()
	sec, amina, bruno = t.TempDir(), t.TempDir(), t.TempDir()
	cards := t.TempDir()
	card := map[string]string{}
	for _, in := range []struct{ dir, name, role string }{
		{sec, "Secretariat", "secretariat"}, {amina, "Amina Benali", "delegate"}, {bruno, "Bruno Okafor", "delegate"},
	} {
		runCLI(t, bin, "init", "--name", in.name, "--role", in.role, "--delegation", "EU", "--data", in.dir)
		card[in.dir] = filepath.Join(cards, strings.ReplaceAll(in.name, " ", "_")+".card")
		runCLI(t, bin, "identity", "--card", card[in.dir], "--data", in.dir)
	}
	for _, d := range []string{amina, bruno} {
		runCLI(t, bin, "trust", "add", card[d], "--yes", "--data", sec)
		runCLI(t, bin, "trust", "add", card[sec], "--yes", "--data", d)
	}
	return sec, amina, bruno
}

// craftedUpdate writes to out a bundle, signed by the installation in data (which must not
// be open), holding its next change: an update of the commitment record that no form would
// make, such as a date that does not exist.
func craftedUpdate(t *testing.T, data, record string, set map[string]any, out string) {
	t.Helper()
	app, err := service.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	key := app.Identity.KeyID()
	seq, head := app.Store.Head(key)
	seen := app.Store.VV()
	delete(seen, key)
	ch := craft.Continue(app.Identity, seq, head, seen)
	ch.Op(oplog.OpUpdate, "commitment", record, set, nil, nil)
	if err := os.WriteFile(out, craft.Bundle(app.Identity, app.Store.VV(), ch.Run()), 0o600); err != nil {
		t.Fatal(err)
	}
}
