//go:build openbreaks

// Attacks on the streaming import that break today (docs/trust.md, "Open breaks"): each test
// fails while its break is open. `make open-breaks` runs them; `make test` does not, so that CI
// stays a statement of what holds.

package service_test

import (
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/service"
)

// A trusted delegate's bundle whose every change claims to have seen 4,000 changes of
// installations nobody holds. oplog.Stream keeps one (author, number) pair per change and per
// such entry until the body ends, and only then reports the gap: the import's heap grows with
// the body (MaxOps × MaxSeen pairs), not within the 256 MiB the design aims at.
func TestAttackStreamSeenMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 150 MB body")
	}
	s, lo, _ := streamOffice(t)
	const ops, seen = 1500, 4000
	bogus := oplog.VV{}
	for i := 0; i < seen; i++ {
		bogus[fmt.Sprintf("%016X", uint64(0xA000000000000000)+uint64(i))] = 1_000_000
	}
	path := func() string {
		c := chainFor(s, lo)
		for a, n := range bogus {
			c.Seen[a] = n
		}
		for i := 0; i < ops; i++ {
			c.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		}
		return lo.crafted(c.Run())
	}()
	if fi, err := os.Stat(path); err == nil {
		t.Logf("bundle: %d MB", fi.Size()>>20)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		profiled := false
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			if f := os.Getenv("ATTACK_HEAP_PROFILE"); f != "" && m.HeapAlloc > 500<<20 && !profiled {
				profiled = true
				runtime.GC()
				if w, err := os.Create(f); err == nil {
					pprof.WriteHeapProfile(w)
					w.Close()
				}
			}
		}
	}()
	rep, err := s.sy.ImportFile(path)
	close(stop)
	<-done
	grew := int64(peak.Load()) - int64(base)
	t.Logf("import: err=%v problem=%s; heap grew by %d MiB during it (base %d MiB)", err, rep.Problem, grew>>20, base>>20)
	if err == nil {
		t.Fatalf("imported changes that had seen what nobody holds: %+v", rep)
	}
	if rep.Problem != service.ProblemMissing {
		t.Fatalf("refused as %s: %s", rep.Problem, rep.Message)
	}
	if grew > 256<<20 {
		t.Fatalf("a %d-change bundle grew the heap by %d MiB before being refused (goal: bounded, 256 MiB)", ops, grew>>20)
	}
}

// peakHeapDuring runs fn and returns how much the heap grew at most while it ran.
func peakHeapDuring(fn func()) int64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		for {
			select {
			case <-stop:
				return
			case <-time.After(50 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			if f := os.Getenv("ATTACK_PEAK_PROFILE"); f != "" && m.HeapAlloc > peak.Load()-peak.Load()/20 && m.HeapAlloc > 600<<20 {
				if w, err := os.Create(f); err == nil {
					pprof.WriteHeapProfile(w)
					w.Close()
				}
			}
		}
	}()
	fn()
	close(stop)
	<-done
	return int64(peak.Load()) - int64(base)
}

// A stranger — no key the victim trusts — gets its body read by a delegate's import by
// naming, in the header, new changes of the secretariat (an authority, who might introduce
// the stranger). The stranger picks a key id that sorts before the secretariat's, so its run
// is streamed (decoded, staged to disk, its seen pairs kept) before the secretariat's forged
// checkpoint is read and refused. With the seen vectors above, its heap grows without a
// trusted key. The test fails if the heap grows beyond 256 MiB or if the body is read at all
// (the refusal is not the header's "unknown author").
func TestAttackStreamStrangerBodyRead(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large body")
	}
	s, a, _, _ := office(t)
	a.imp(s.export(service.ExportOptions{})) // a trusts s, an authority
	var x *node
	for i := 0; i < 20 && x == nil; i++ {
		n := newNode(t, fmt.Sprintf("Stranger %d", i), "delegate")
		if n.key < s.key {
			x = n
		}
	}
	if x == nil {
		t.Skip("no stranger key id sorted before the secretariat's")
	}
	const ops, seen = 1500, 4000
	bogus := oplog.VV{}
	for i := 0; i < seen; i++ {
		bogus[fmt.Sprintf("%016X", uint64(0xA000000000000000)+uint64(i))] = 1_000_000
	}
	path := func() string {
		cx := craft.Continue(x.app.Identity, 0, "", bogus)
		for i := 0; i < ops; i++ {
			cx.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		}
		seq, head := a.app.Store.Head(s.key)
		cs := craft.Continue(forger{x.app.Identity, s.key}, seq, head, oplog.VV{})
		cs.Op(oplog.OpCreate, "commitment", newID(), validCommitment, nil, nil)
		return x.crafted(cx.Run(), cs.Run())
	}()
	before := a.hash()
	var rep *service.BundleReport
	var err error
	grew := peakHeapDuring(func() { rep, err = a.sy.ImportFile(path) })
	t.Logf("refused: %v; problem %s; heap grew by %d MiB", err != nil, rep.Problem, grew>>20)
	if err == nil {
		t.Fatalf("a stranger's bundle was imported: %+v", rep)
	}
	if a.hash() != before {
		t.Fatal("a refused bundle changed the state")
	}
	if grew > 256<<20 {
		t.Errorf("a stranger's %d-change bundle grew the heap by %d MiB before being refused", ops, grew>>20)
	}
	if rep.Problem != service.ProblemUnknownAuthor {
		t.Errorf("the stranger's body was read: refused as %s (%s), not on the header as an unknown author", rep.Problem, rep.Message)
	}
}

// The admitter keeps every framework record the batch changes whole (to check references to
// their items). A trusted delegate's bundle of frameworks of 500 long items each makes the
// import's heap grow with the body. Fails beyond 256 MiB.
func TestAttackStreamFrameworkMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a large body")
	}
	s, lo, _ := streamOffice(t)
	const frameworks = 700
	path := func() string {
		c := chainFor(s, lo)
		for f := 0; f < frameworks; f++ {
			items := make([]map[string]any, 500)
			for i := range items {
				items[i] = map[string]any{"code": fmt.Sprintf("F%d-%d", f, i), "number": i, "title": fmt.Sprintf("%d %s", i, strings.Repeat("x", 480))}
			}
			c.Op(oplog.OpCreate, "framework", newID(), map[string]any{"code": fmt.Sprintf("F%d", f), "title": "Framework", "items": items}, nil, nil)
		}
		return lo.crafted(c.Run())
	}()
	if fi, err := os.Stat(path); err == nil {
		t.Logf("bundle: %d MB", fi.Size()>>20)
	}
	var rep *service.BundleReport
	var err error
	grew := peakHeapDuring(func() { rep, err = s.sy.ImportFile(path) })
	t.Logf("err=%v status=%s; heap grew by %d MiB", err, rep.Status, grew>>20)
	if grew > 256<<20 {
		t.Errorf("a %d-framework bundle grew the heap by %d MiB", frameworks, grew>>20)
	}
}
