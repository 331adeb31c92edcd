//go:build unix

package store

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// v7Store writes n commitments whose text names "Côte d’Ivoire" into dir, then rewrites
// every summary as version 7 held it (without the joined word "divoire", its version byte
// 7), as TestSummaryOfVersion7IsRebuiltWithJoinedWords does for one, and closes the store.
// It returns the state hash.
func v7Store(t testing.TB, dir string, n int) string {
	t.Helper()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var ids []string
	for len(ids) < n {
		var drafts []Draft
		for i := 0; i < 500 && len(ids) < n; i++ {
			d := draft(fmt.Sprintf("Commitment %d on border management", len(ids)))
			d.Set["text"] = js(fmt.Sprintf("Le partenariat avec la Côte d’Ivoire se poursuit, ligne %d.", len(ids)))
			drafts, ids = append(drafts, d), append(ids, d.Record)
		}
		if _, err := s.Save("", drafts...); err != nil {
			t.Fatal(err)
		}
	}
	for chunk := range slices.Chunk(ids, 300) {
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, id := range chunk {
				rec, err := getRecord(txn, id)
				if err != nil {
					return err
				}
				old := summarise(rec)
				old.Words = slices.DeleteFunc(slices.Clone(old.Words), func(w string) bool { return w == "divoire" })
				enc := old.encode()
				enc[0] = 7
				if err := txn.Set(summaryKey(id), enc); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	hash, err := s.StateHash()
	if err != nil {
		t.Fatal(err)
	}
	return hash
}

// copyClosed copies a closed store's files.
func copyClosed(t testing.TB, from string) string {
	t.Helper()
	to := t.TempDir()
	if err := os.CopyFS(to, os.DirFS(from)); err != nil {
		t.Fatal(err)
	}
	return to
}

// rebuilt opens dir, recording how many summaries the open found of another version, and
// holds the store to everything a rebuild must give: every record listed, found by the
// joined word, check clean, the state hash unchanged.
func rebuilt(t *testing.T, dir string, n int, want string) (stale int) {
	t.Helper()
	rebuildHook = func(done, total int) {
		if done == 0 {
			stale = total
		}
	}
	defer func() { rebuildHook = nil }()
	s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Tester"})
	if err != nil {
		t.Fatalf("the store does not open: %v", err)
	}
	defer s.Close()
	if got := s.Query(Query{Kind: "commitment", Limit: 1}).Total; got != n {
		t.Errorf("%d commitments listed, want %d", got, n)
	}
	if got := s.Query(Query{Kind: "commitment", Text: "cote divoire", Limit: 1}).Total; got != n {
		t.Errorf("cote divoire finds %d commitments, want %d: summaries of version 7 are left", got, n)
	}
	if problems, err := s.Check(); err != nil || len(problems) > 0 {
		t.Errorf("check: %v %v", problems, err)
	}
	if got, err := s.StateHash(); err != nil || got != want {
		t.Errorf("state %s (%v), want %s", got, err, want)
	}
	return stale
}

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
	want := v7Store(t, base, n)

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
		cmd := exec.Command(os.Args[0], "-test.run=^TestSummaryRebuildChild$")
		cmd.Env = append(os.Environ(), "DOSSIER_REBUILD_CHILD_DIR="+d)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// After the k-th transaction has begun (k ≥ 1: at least one is committed), a random
		// part of one transaction's time: the kill falls inside a transaction or its commit.
		k := 1 + rng.IntN(txns-1)
		delay := time.Duration(rng.Int64N(int64(per) + 1))
		done, seen := -1, 0
		lines := bufio.NewScanner(out)
		for seen <= k && lines.Scan() {
			if f := strings.Fields(lines.Text()); len(f) == 3 && f[0] == "rebuild" {
				done, _ = strconv.Atoi(f[1])
				seen++
			}
		}
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		go func() { // drain, so that the child never blocks on a full pipe
			for lines.Scan() {
			}
		}()
		err = cmd.Wait()
		ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
		switch {
		case ws.Signaled():
			outcomes["killed"]++
		case err == nil:
			outcomes["finished first"]++
		default:
			t.Fatalf("kill %d: the child failed on its own: %v\n%s", i, err, stderr.String())
		}
		if seen <= k {
			t.Fatalf("kill %d: the child said %d rebuild steps, want %d", i, seen, k+1)
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

func TestKillDuringSummaryRebuild(t *testing.T) {
	killDuringRebuild(t, 4000, 4)
}
