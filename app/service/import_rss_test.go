//go:build linux

package service_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/internal/procstat"
	"dossier/app/service"
)

// The memory bound of a streaming import (docs/storage.md, "Streaming import"): a bundle of
// k×per changes is imported by a child process with GOMEMLIMIT unset, and the high-water mark
// of its own resident memory (VmHWM) must stay under the bound. The parent builds the bundle,
// so nothing of that is counted.
func importPeakRSS(t *testing.T, k, per int) float64 {
	path, imp := bigBundle(t, k, per)
	imp.close()
	mib, _ := childImport(t, imp.dir, []string{path}, k*per)
	return mib
}

// bigBundle writes a bundle of k×per changes by k delegates, exported by a secretariat, and
// opens an importer that trusts them.
func bigBundle(t *testing.T, k, per int) (string, *node) {
	ds := authors(t, k)
	var runs []bundle.Run
	for _, d := range ds {
		runs = append(runs, synthRun(t, d.app.Identity, per, nil))
	}
	sec := newNode(t, "Secretariat", identity.RoleSecretariat)
	sec.close()
	path := filepath.Join(t.TempDir(), "big.dossier")
	if err := os.WriteFile(path, encodeBundle(t, sec.app.Identity, runs), 0o600); err != nil {
		t.Fatal(err)
	}
	imp := newNode(t, "Importer", identity.RoleSecretariat)
	imp.trusts(ds...)
	return path, imp
}

// childTest runs the test named test of this binary in a child process with GOMEMLIMIT and
// GOGC unset, as a user's `dossier` runs, with env added.
func childTest(test string, env ...string) *exec.Cmd {
	args := []string{"-test.run=^" + test + "$", "-test.count=1"}
	// For profiling the import: for example DOSSIER_CHILD_ARGS="-test.cpuprofile=/tmp/cpu.prof".
	args = append(args, strings.Fields(os.Getenv("DOSSIER_CHILD_ARGS"))...)
	cmd := exec.Command(os.Args[0], args...)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "GOMEMLIMIT=") && !strings.HasPrefix(e, "GOGC=") {
			cmd.Env = append(cmd.Env, e)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// childImport imports files into the data directory dir in a child process with GOMEMLIMIT
// unset, as `dossier import` does, and returns its peak RSS and how long the import took.
func childImport(t testing.TB, dir string, files []string, ops int) (float64, time.Duration) {
	mib, took, _ := childImportCPU(t, dir, files, ops)
	return mib, took
}

// childImportCPU is childImport, and the CPU time the child's process spent importing (all
// its threads: Badger's included).
func childImportCPU(t testing.TB, dir string, files []string, ops int) (float64, time.Duration, time.Duration) {
	cmd := childTest("TestImportRSSChild", "DOSSIER_RSS_CHILD_DIR="+dir,
		"DOSSIER_RSS_CHILD_FILE="+strings.Join(files, string(filepath.ListSeparator)), fmt.Sprintf("DOSSIER_RSS_CHILD_OPS=%d", ops))
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "imported ") {
		t.Fatalf("the child import failed: %v\n%s", err, out)
	}
	mib := childPeakMiB(cmd, out)
	var n int
	var ns, cpu int64
	if _, err := fmt.Sscanf(string(out[strings.Index(string(out), "imported "):]), "imported %d changes in %d ns, cpu %d ns", &n, &ns, &cpu); err != nil {
		t.Fatalf("the child's report: %v\n%s", err, out)
	}
	t.Logf("%d changes from %d files: peak RSS %.1f MiB, %v", n, len(files), mib, time.Duration(ns))
	return mib, time.Duration(ns), time.Duration(cpu)
}

// TestImportRSSChild is the child of importPeakRSS; alone it does nothing.
func TestImportRSSChild(t *testing.T) {
	dir := os.Getenv("DOSSIER_RSS_CHILD_DIR")
	if dir == "" {
		t.Log("run by importPeakRSS only (DOSSIER_RSS_CHILD_DIR unset): nothing to do")
		return
	}
	app, err := service.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	// As `dossier import FILE...` does (app/cli runImport).
	files := filepath.SplitList(os.Getenv("DOSSIER_RSS_CHILD_FILE"))
	start, cpu0 := time.Now(), procstat.CPUTime()
	reps, err := (&service.Sync{App: app}).Import(files...)
	took, cpu := time.Since(start), procstat.CPUTime()-cpu0
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range reps {
		n += r.New
	}
	if want := os.Getenv("DOSSIER_RSS_CHILD_OPS"); fmt.Sprint(n) != want {
		t.Fatalf("imported %d changes, want %s", n, want)
	}
	fmt.Printf("imported %d changes in %d ns, cpu %d ns\n", n, took.Nanoseconds(), cpu.Nanoseconds())
	printPeak()
}

// printPeak prints, in a child process, its own peak RSS for childPeakMiB.
func printPeak() {
	if st, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(st), "\n") {
			if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
				fmt.Printf("peak_kib %s\n", strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")))
			}
		}
	}
}

// childPeakMiB is the peak RSS of a finished child process that printed printPeak's line.
// rusage counts the parent's high-water mark too (the child shares its memory until it
// execs), so the child's own, from /proc, is the measure when it has one.
func childPeakMiB(cmd *exec.Cmd, out []byte) float64 {
	mib := float64(cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) / 1024 // KiB on Linux
	var hwm float64
	if i := strings.Index(string(out), "peak_kib "); i >= 0 {
		if _, err := fmt.Sscanf(string(out[i:]), "peak_kib %f", &hwm); err == nil && hwm > 0 {
			mib = hwm / 1024
		}
	}
	return mib
}

// TestImportMemoryBound: 10,000 changes by 5 authors stay under 192 MiB (measured 126–130
// MiB: mostly what any open store and import hold, so the bound is tighter than the goal and
// trips on a doubling). The 200,000-change run of the acceptance, 256 MiB, is
// TestImportMemoryBoundStress (`make stress`).
func TestImportMemoryBound(t *testing.T) {
	if mib := importPeakRSS(t, 5, 2_000); mib >= 192 {
		t.Fatalf("peak RSS %.1f MiB, the bound is 192 MiB", mib)
	}
}

// BenchmarkImportFiles10x10k imports the 10-author, 100,000-change bundle set (one bundle of
// 10,000 changes per delegate, as files) into a fresh secretariat in a child process, through
// Sync.Import as `dossier import FILE...` does. It reports the ratio to the baseline measured
// in the same run (SHA-256 of the operations, one verification per author, one raw Badger
// WriteBatch), ops/s, and the child's peak RSS.
func BenchmarkImportFiles10x10k(b *testing.B) {
	const k, per = 10, 10_000
	ds, files, base := delegateFiles(b, k, per)
	b.ResetTimer()
	var total, cpu time.Duration
	peak := 0.0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sec := newNode(b, "Secretariat", identity.RoleSecretariat)
		sec.trusts(ds...)
		sec.close()
		mib, took, used := childImportCPU(b, sec.dir, files, k*per)
		total, cpu = total+took, cpu+used
		peak = max(peak, mib)
		b.StartTimer()
	}
	each := total / time.Duration(b.N)
	b.ReportMetric(float64(k*per)/each.Seconds(), "ops/s")
	b.ReportMetric(each.Seconds()/base.Seconds(), "x-baseline")
	b.ReportMetric(float64(base.Milliseconds()), "baseline-ms")
	b.ReportMetric(peak, "peak-RSS-MiB")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*k*per), "cpu-µs/op")
}
