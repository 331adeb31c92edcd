//go:build unix

package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSummaryRebuildChild is the process killDuringRebuild kills: it opens the store named by
// DOSSIER_REBUILD_CHILD_DIR and says on stdout when each rebuild transaction begins.
func TestSummaryRebuildChild(t *testing.T) {
	dir := os.Getenv("DOSSIER_REBUILD_CHILD_DIR")
	if dir == "" {
		t.Log("run by killDuringRebuild only (DOSSIER_REBUILD_CHILD_DIR unset): nothing to do")
		return
	}
	rebuildHook = func(done, total int) { fmt.Printf("rebuild %d %d\n", done, total) }
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
}

// killDuringRebuild kills a process at random points of the rebuild of n summaries of
// version 7 (docs/storage.md, "Summary versions"), then opens the store again: it opens,
// the summaries the killed process wrote are kept, the rest are rebuilt, and check is clean.
func killDuringRebuild(t *testing.T, n, kills int) {
	base := t.TempDir()
	want := v7Store(t, base, n, 0)

	// The whole rebuild, in process: how many transactions, and how long one takes.
	var stamps []time.Time
	rebuildHook = func(int, int) { stamps = append(stamps, time.Now()) }
	s, err := Open(copyClosed(t, base), Options{Author: testAuthor, AuthorName: "Tester"})
	rebuildHook = nil
	if err != nil {
		t.Fatal(err)
	}
	end := time.Now()
	cal := s.Dir()
	s.Close()
	txns := len(stamps)
	if txns < 3 {
		t.Fatalf("the rebuild of %d summaries took %d transactions; the test needs several", n, txns)
	}
	per := end.Sub(stamps[0]) / time.Duration(txns)
	if stale := rebuilt(t, cal, n, want); stale != 0 {
		t.Fatalf("the second open rebuilt %d summaries again", stale)
	}

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 11))
	outcomes := map[string]int{}
	for i := range kills {
		d := copyClosed(t, base)
		// After the k-th transaction has begun (k ≥ 1: at least one is committed), a random
		// part of one transaction's time: the kill falls inside a transaction or its commit.
		k := 1 + rng.IntN(txns-1)
		delay := time.Duration(rng.Int64N(int64(per) + 1))
		done, killed := killRebuild(t, d, k, delay)
		if killed {
			outcomes["killed"]++
		} else {
			outcomes["finished first"]++
		}
		stale := rebuilt(t, d, n, want)
		t.Logf("kill %d: %v into transaction %d of %d (%d summaries written before it): %d left of version 7", i, delay, k+1, txns, done, stale)
		if stale > n-done {
			t.Fatalf("kill %d: %d summaries left to rebuild, but %d of %d were committed before the kill", i, stale, done, n)
		}
	}
	t.Logf("%d summaries, %d transactions of ~%v; %d kills: %v", n, txns, per, kills, outcomes)
	if outcomes["killed"] == 0 {
		t.Fatalf("no kill fell inside the rebuild: %v", outcomes)
	}
}

// killRebuild opens the store in dir in a child process and kills it with SIGKILL delay
// after the rebuild's transaction k (from 0) has begun. It returns how many summaries the
// transactions before it wrote, and whether the kill came before the child was done.
func killRebuild(t *testing.T, dir string, k int, delay time.Duration) (done int, killed bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestSummaryRebuildChild$")
	cmd.Env = append(os.Environ(), "DOSSIER_REBUILD_CHILD_DIR="+dir)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	seen := 0
	lines := bufio.NewScanner(out)
	for seen <= k && lines.Scan() {
		if f := strings.Fields(lines.Text()); len(f) == 3 && f[0] == "rebuild" {
			done, _ = strconv.Atoi(f[1])
			seen++
		}
	}
	time.Sleep(delay)
	cmd.Process.Signal(syscall.SIGKILL)
	for lines.Scan() { // to the end of the dead child's output, before Wait closes the pipe
	}
	err = cmd.Wait()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() && err != nil {
		t.Fatalf("the child failed on its own: %v\n%s", err, stderr.String())
	}
	if seen <= k {
		t.Fatalf("the child said %d rebuild steps, want %d\n%s", seen, k+1, stderr.String())
	}
	return done, ws.Signaled()
}

func TestKillDuringSummaryRebuild(t *testing.T) {
	killDuringRebuild(t, 4000, 4)
}
