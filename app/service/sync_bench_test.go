package service_test

// Benchmarks of sync (`go test -bench . ./app/service/`, or `make bench`). Each reports
// ops/s and, for import, the ratio to what the machine's own limits allow in the same run:
// SHA-256 of the operation bytes, one Ed25519 verification per author, and a raw Badger
// WriteBatch of the same bytes. Peak RSS is the kernel's high-water mark (VmHWM) of the
// benchmark process, reset before the measured work where Linux allows it.

import (
	"bufio"
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/internal/procstat"
	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
)

// synthRun makes n operations of an author: commitments created, then updated, the way a
// delegate's day of work looks, chained and checkpointed.
func synthRun(b testing.TB, id *identity.Identity, n int, seen oplog.VV) bundle.Run {
	r := bundle.Run{Author: id.KeyID()}
	prev := ""
	records := max(1, n/10)
	statuses := []string{"proposed", "agreed", "in_progress", "delivered", "stalled"}
	wall := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC).UnixMilli()
	for i := 0; i < n; i++ {
		rec := fmt.Sprintf("%s-0000-7000-8000-%012d", strings.ToLower(id.KeyID()[:8]), i%records)
		op := &oplog.Op{V: oplog.Version, Author: id.KeyID(), Seq: uint64(i + 1), Prev: prev, Clock: oplog.Clock{Wall: wall + int64(i)*10},
			Seen: seen, Type: oplog.OpUpdate, Kind: "commitment", Record: rec,
			Set: map[string]json.RawMessage{"status": oplog.MustCanon(statuses[i%len(statuses)])}}
		if i < records {
			op.Type = oplog.OpCreate
			op.Set["title"] = oplog.MustCanon(fmt.Sprintf("Capacity building for border management, item %d", i))
			op.Set["text"] = oplog.MustCanon("Training of 120 officers in search and rescue and in the identification of victims of trafficking.")
			op.Add = map[string][]json.RawMessage{"themes": {oplog.MustCanon("border_management"), oplog.MustCanon("saving_lives_at_sea")}}
		} else if i%3 == 0 {
			op.Set["due"] = oplog.MustCanon(fmt.Sprintf("2027-%02d-%02d", 1+i%12, 1+i%28))
		}
		raw, err := oplog.Encode(op)
		if err != nil {
			b.Fatal(err)
		}
		if op, err = oplog.Decode(raw); err != nil {
			b.Fatal(err)
		}
		r.Ops, r.Raws = append(r.Ops, op), append(r.Raws, raw)
		prev = oplog.Hash(raw)
	}
	r.Checkpoint = bundle.SignCheckpoint(id, uint64(n), prev)
	return r
}

func encodeBundle(b testing.TB, exporter *identity.Identity, runs []bundle.Run) []byte {
	var buf bytes.Buffer
	if _, err := bundle.Encode(&buf, exporter, runs, bundle.Options{}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// authors makes k delegates (installations with cards), closed again so that their stores
// take no memory: only their identities sign.
func authors(b testing.TB, k int) []*node {
	var out []*node
	for i := 0; i < k; i++ {
		n := newNode(b, fmt.Sprintf("Delegate %02d", i), identity.RoleDelegate)
		n.close()
		out = append(out, n)
	}
	return out
}

// peakRSS is VmHWM in MiB; resetPeak starts a new high-water mark (Linux ≥ 4.0).
func resetPeak() bool {
	runtime.GC()
	debug.FreeOSMemory()
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

func peakRSS() float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// baseline is what the machine needs at least to import the same bytes: hash them,
// verify one signature per author, and write them in one raw Badger batch.
func baseline(b *testing.B, runs []bundle.Run, cards []identity.Card) time.Duration {
	// The baseline is short beside an import, so one burst of load on a shared machine skews
	// it: the median of three.
	var ts []time.Duration
	for range 3 {
		ts = append(ts, baselineOnce(b, runs, cards))
	}
	slices.Sort(ts)
	return ts[1]
}

func baselineOnce(b *testing.B, runs []bundle.Run, cards []identity.Card) time.Duration {
	dir := b.TempDir()
	db, err := badger.Open(store.DesktopOptions(dir))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	h := sha256.New()
	for i, r := range runs {
		for _, raw := range r.Raws {
			h.Write(raw)
		}
		if !ed25519.Verify(cards[i].PublicKey, bundle.CheckpointMessage(r.Author, r.Checkpoint.Seq, r.Checkpoint.Head), r.Checkpoint.Sig) {
			b.Fatal("baseline verification")
		}
	}
	h.Sum(nil)
	wb := db.NewWriteBatch()
	for _, r := range runs {
		for j, raw := range r.Raws {
			if err := wb.Set([]byte(fmt.Sprintf("o%s%08d", r.Author, j)), raw); err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// BenchmarkImport100k imports one bundle of 100,000 changes by 10 authors into a fresh
// installation that trusts them.
func BenchmarkImport100k(b *testing.B) {
	const k, per = 10, 10_000
	ds := authors(b, k)
	var runs []bundle.Run
	var cards []identity.Card
	for _, d := range ds {
		runs = append(runs, synthRun(b, d.app.Identity, per, nil))
		cards = append(cards, d.app.Identity.Card())
	}
	sec := newNode(b, "Secretariat", identity.RoleSecretariat)
	sec.close()
	data := encodeBundle(b, sec.app.Identity, runs)
	base := baseline(b, runs, cards)
	runs = nil // not held during the measured imports
	b.ResetTimer()
	var total, cpu time.Duration
	peak := 0.0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		imp := newNode(b, "Importer", identity.RoleSecretariat)
		imp.trusts(ds...)
		runtime.GC()
		resetPeak()
		b.StartTimer()
		start, cpu0 := time.Now(), procstat.CPUTime()
		rep, err := imp.sy.ImportData("bench", data)
		total += time.Since(start)
		cpu += procstat.CPUTime() - cpu0
		b.StopTimer()
		if err != nil || rep.New != k*per {
			b.Fatalf("%v %+v", err, rep)
		}
		peak = max(peak, peakRSS())
		imp.close()
		b.StartTimer()
	}
	each := total / time.Duration(b.N)
	b.ReportMetric(float64(k*per)/each.Seconds(), "ops/s")
	b.ReportMetric(each.Seconds()/base.Seconds(), "x-baseline")
	b.ReportMetric(float64(base.Milliseconds()), "baseline-ms")
	b.ReportMetric(peak, "peak-RSS-MiB")
	b.ReportMetric(float64(len(data))/(1<<20), "bundle-MiB")
	// CPU of the whole process (Badger's goroutines and the collector included) per change:
	// steadier than the wall time on a shared machine, and what the two cores are spent on.
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*k*per), "cpu-µs/op")
}

// BenchmarkExport100k exports everything from an installation holding 100,000 changes
// by 10 authors (a secretariat relaying them).
func BenchmarkExport100k(b *testing.B) {
	const k, per = 10, 10_000
	ds := authors(b, k)
	var runs []bundle.Run
	for _, d := range ds {
		runs = append(runs, synthRun(b, d.app.Identity, per, nil))
	}
	sec := newNode(b, "Secretariat", identity.RoleSecretariat)
	sec.trusts(ds...)
	if _, err := sec.sy.ImportData("setup", encodeBundle(b, ds[0].app.Identity, runs)); err != nil {
		b.Fatal(err)
	}
	runs = nil
	out := filepath.Join(b.TempDir(), "all.dossier")
	runtime.GC()
	resetPeak()
	b.ResetTimer()
	var rep *service.ExportReport
	for i := 0; i < b.N; i++ {
		var err error
		if rep, err = sec.sy.Export(service.ExportOptions{Out: out, All: true}); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if rep.Ops < k*per {
		b.Fatalf("exported %d", rep.Ops)
	}
	b.ReportMetric(float64(rep.Ops)*float64(b.N)/b.Elapsed().Seconds(), "ops/s")
	b.ReportMetric(peakRSS(), "peak-RSS-MiB")
	b.ReportMetric(float64(rep.Bytes)/(1<<20), "bundle-MiB")
}

// delegateFiles writes k delegates' bundles of per changes each to files, and measures the
// import's baseline over them (hash, verify, raw write) in this run.
func delegateFiles(b *testing.B, k, per int) ([]*node, []string, time.Duration) {
	ds := authors(b, k)
	dir := b.TempDir()
	var runs []bundle.Run
	var cards []identity.Card
	var files []string
	for i, d := range ds {
		r := synthRun(b, d.app.Identity, per, nil)
		runs, cards = append(runs, r), append(cards, d.app.Identity.Card())
		p := filepath.Join(dir, fmt.Sprintf("delegate%02d.dossier", i))
		if err := os.WriteFile(p, encodeBundle(b, d.app.Identity, []bundle.Run{r}), 0o600); err != nil {
			b.Fatal(err)
		}
		files = append(files, p)
	}
	return ds, files, baseline(b, runs, cards)
}

// BenchmarkMerge20x5k: a secretariat imports 20 delegates' bundles of 5,000 changes each,
// where every delegate had seen the secretariat's first changes.
func BenchmarkMerge20x5k(b *testing.B) {
	const k, per = 20, 5000
	ds, files, base := delegateFiles(b, k, per)
	b.ResetTimer()
	var total time.Duration
	peak := 0.0
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		sec := newNode(b, "Secretariat", identity.RoleSecretariat)
		sec.trusts(ds...)
		runtime.GC()
		resetPeak()
		b.StartTimer()
		start := time.Now()
		reps, err := sec.sy.Import(files...)
		total += time.Since(start)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for _, r := range reps {
			n += r.New
		}
		if n != k*per {
			b.Fatalf("merged %d", n)
		}
		peak = max(peak, peakRSS())
		sec.close()
		b.StartTimer()
	}
	each := total / time.Duration(b.N)
	b.ReportMetric(float64(k*per)/each.Seconds(), "ops/s")
	b.ReportMetric(each.Seconds()/base.Seconds(), "x-baseline")
	b.ReportMetric(peak, "peak-RSS-MiB")
}
