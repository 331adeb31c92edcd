//go:build unix

package synce2e

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
)

// bigBundle writes a bundle of n changes by a fresh delegate, built in process (through
// the same services the binary uses) because n saves through the binary would take long.
func bigBundle(t testing.TB, n int) (path, card string) {
	t.Helper()
	dir := t.TempDir()
	app, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if _, err := app.Init("Bulk Delegate", "delegate", "Test"); err != nil {
		t.Fatal(err)
	}
	for done := 0; done < n; {
		var drafts []store.Draft
		for i := 0; i < 500 && done < n; i++ {
			done++
			drafts = append(drafts, store.Draft{Type: oplog.OpCreate, Kind: "commitment",
				Record: fmt.Sprintf("00000000-0000-7000-8000-%012d", done),
				Set: map[string]json.RawMessage{"title": oplog.MustCanon(fmt.Sprintf("Commitment %d on border management", done)),
					"status": oplog.MustCanon("agreed"), "text": oplog.MustCanon(fmt.Sprintf("Capacity building for the coast guard, row %d", done))}})
		}
		if _, err := app.Store.Save("", drafts...); err != nil {
			t.Fatal(err)
		}
	}
	sy := &service.Sync{App: app}
	card = filepath.Join(t.TempDir(), "bulk.card.json")
	if _, err := sy.WriteCard(card); err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(t.TempDir(), "big.dossier")
	if _, err := sy.Export(service.ExportOptions{Out: path}); err != nil {
		t.Fatal(err)
	}
	return path, card
}

type checkReport struct {
	OK        bool   `json:"ok"`
	Ops       uint64 `json:"ops"`
	StateHash string `json:"state_hash"`
}

// killDuringImport kills `dossier import` at random points of a bundle of n changes, then
// checks that the store opens, passes check, and holds none or all of the bundle.
func killDuringImport(t *testing.T, n, kills int) {
	bundle, card := bigBundle(t, n)
	base := newInstall(t, "Secretariat", "secretariat")
	base.must(t, "trust", "add", card, "--yes")
	var before checkReport
	mustJSON(t, base.run(t, "check", "--json"), &before)

	// The kills fall within the time a whole import takes: the shortest of three, so that a
	// burst of load during one calibration does not put most kills after the import's end.
	var full time.Duration
	var after checkReport
	for i := 0; i < 3; i++ {
		cal := &install{dir: t.TempDir()}
		copyTree(t, base.dir, cal.dir)
		start := time.Now()
		cal.must(t, "import", bundle)
		if d := time.Since(start); i == 0 || d < full {
			full = d
		}
		mustJSON(t, cal.run(t, "check", "--json"), &after)
	}
	if after.Ops != before.Ops+uint64(n) {
		t.Fatalf("the full import holds %d changes, want %d", after.Ops, before.Ops+uint64(n))
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	outcomes := map[string]int{}
	for i := 0; i < kills; i++ {
		d := &install{dir: t.TempDir()}
		copyTree(t, base.dir, d.dir)
		cmd := exec.Command(bin, "import", bundle)
		cmd.Env = append(cmd.Environ(), "DOSSIER_DATA="+d.dir)
		started := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan time.Duration, 1)
		go func() { cmd.Wait(); exited <- time.Since(started) }()
		delay := time.Duration(rng.Int64N(int64(full) * 11 / 10))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		// An import that ended before its kill took the whole time it needs now: later kills
		// fall within that, as the machine's load changes during the run.
		if took := <-exited; took < delay {
			full = min(full, took)
		}
		var got checkReport
		r := d.run(t, "check", "--json")
		if r.code != 0 {
			t.Fatalf("kill %d after %v: check fails: %s", i, delay, r)
		}
		mustJSON(t, r, &got)
		t.Logf("kill %d after %v: %d changes", i, delay, got.Ops)
		switch {
		case got.Ops == before.Ops && got.StateHash == before.StateHash:
			outcomes["none"]++
		case got.Ops == after.Ops && got.StateHash == after.StateHash:
			outcomes["all"]++
			// With their authors' signatures: a backup carries every change (an attacker's
			// pass found them held without checkpoints when the kill came during the apply).
			d.must(t, "backup", "--out", filepath.Join(t.TempDir(), "after-kill.bak"))
		default:
			t.Fatalf("kill %d after %v: %d changes (state %s), want none (%d) or all (%d) of the bundle", i, delay, got.Ops, got.StateHash, before.Ops, after.Ops)
		}
		// Importing again finishes the job either way.
		d.must(t, "import", bundle)
		if h := d.hash(t); h != after.StateHash {
			t.Fatalf("kill %d: importing again gives state %s, want %s", i, h, after.StateHash)
		}
	}
	t.Logf("%d changes, full import %v; outcomes of %d kills: %v", n, full, kills, outcomes)
}

func TestKillDuringImport(t *testing.T) {
	n, kills := 5000, 5
	if testing.Short() {
		n, kills = 2000, 3
	}
	killDuringImport(t, n, kills)
}
