package store

// Benchmarks for `make bench`. Each reports figures measured in the same run against this
// machine's own limits (a raw Badger WriteBatch of the same bytes), never a bare time that a
// test asserts.

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/domain"
	"dossier/app/internal/procstat"
	"dossier/app/oplog"
)

const benchRecords = 100_000

var words = strings.Fields("border management capacity building search rescue asylum reception legislation smuggling trafficking return readmission reintegration labour exploitation discrimination detention alternatives mobility visa dialogue evidence governance coast guard partnership")

// benchDrafts makes n new commitments, numbered from first.
func benchDrafts(first, n int, rng *rand.Rand) []Draft {
	statuses := []string{"proposed", "agreed", "in_progress", "delivered", "stalled", "withdrawn"}
	themes := []string{"border_management", "trafficking", "migrant_smuggling", "asylum_reception", "human_rights"}
	out := make([]Draft, n)
	for i := range out {
		title := fmt.Sprintf("%s %s %s %d", words[rng.Intn(len(words))], words[rng.Intn(len(words))], words[rng.Intn(len(words))], first+i)
		text := strings.Repeat(words[rng.Intn(len(words))]+" ", 20)
		out[i] = Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
			Set: map[string]json.RawMessage{"title": js(title), "text": js(text), "status": js(statuses[rng.Intn(len(statuses))]),
				"due": js(fmt.Sprintf("2026-%02d-%02d", rng.Intn(12)+1, rng.Intn(28)+1))},
			Add: map[string][]json.RawMessage{"themes": {js(themes[rng.Intn(len(themes))])}}}
	}
	return out
}

var (
	bigOnce sync.Once
	bigDir  string
	bigErr  error
)

// bigStore builds, once per run, a data directory holding 100k commitments. With
// DOSSIER_BENCH_STORE=DIR it is built in DIR the first time and reused after (for profiling
// the benchmarks that only read it; the directory is the caller's to remove).
func bigStore(b *testing.B) string {
	if dir := os.Getenv("DOSSIER_BENCH_STORE"); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "MANIFEST")); err == nil {
			return dir
		}
	}
	bigOnce.Do(func() {
		if dir := os.Getenv("DOSSIER_BENCH_STORE"); dir != "" {
			bigDir = dir
		} else {
			bigDir, bigErr = os.MkdirTemp("", "dossier-bench")
		}
		if bigErr != nil {
			return
		}
		s, err := Open(bigDir, Options{Author: testAuthor, AuthorName: "Bench"})
		if err != nil {
			bigErr = err
			return
		}
		defer s.Close()
		drafts := benchDrafts(0, benchRecords, rand.New(rand.NewSource(1)))
		for i := 0; i < len(drafts); i += 5000 {
			if _, err := s.Save("bench", drafts[i:min(i+5000, len(drafts))]...); err != nil {
				bigErr = err
				return
			}
		}
	})
	if bigErr != nil {
		b.Fatal(bigErr)
	}
	return bigDir
}

// BenchmarkApply100kLocalOps: time per local operation, and the ratio to a raw Badger
// WriteBatch of the same operation bytes under the same keys.
func BenchmarkApply100kLocalOps(b *testing.B) {
	n := benchRecords
	if testing.Short() {
		n = 10_000
	}
	peak := 0.0
	for b.Loop() {
		rng := rand.New(rand.NewSource(2))
		resetPeakRSS()
		dir := b.TempDir()
		s, err := Open(dir, Options{Author: testAuthor, AuthorName: "Bench"})
		if err != nil {
			b.Fatal(err)
		}
		// Each save's 5,000 drafts are made just before it, outside the time measured: a
		// window saves what was typed, and holding all 100,000 drafts made the collector mark
		// them again at every cycle (a third of the process's CPU).
		var ours, cpu time.Duration
		for i := 0; i < n; i += 5000 {
			drafts := benchDrafts(i, min(5000, n-i), rng)
			start, cpu0 := time.Now(), procstat.CPUTime()
			if _, err := s.Save("bench", drafts...); err != nil {
				b.Fatal(err)
			}
			ours, cpu = ours+time.Since(start), cpu+procstat.CPUTime()-cpu0
		}
		peak = max(peak, peakRSS())
		// Collect the bytes we wrote, then write them raw.
		var keys, vals [][]byte
		s.Ops(testAuthor, 1, uint64(n), func(op *oplog.Op, raw []byte) error {
			keys, vals = append(keys, opKey(op.Author, op.Seq)), append(vals, raw)
			return nil
		})
		s.Close()
		// The raw write is short beside ours, so one burst of load on a shared machine skews
		// it: the median of three.
		var raws []time.Duration
		for range 3 {
			raws = append(raws, rawWriteBatch(b, keys, vals))
		}
		slices.Sort(raws)
		rawT := raws[1]
		b.ReportMetric(float64(ours.Microseconds())/float64(n), "µs/op")
		b.ReportMetric(float64(ours)/float64(rawT), "x-raw-writebatch")
		b.ReportMetric(float64(rawT.Microseconds())/float64(n), "raw-µs/op")
		// CPU of the whole process (Badger's goroutines included) while saving: what is
		// left of the wall time is waiting, mostly for fsync.
		b.ReportMetric(float64(cpu.Microseconds())/float64(n), "cpu-µs/op")
	}
	b.ReportMetric(peak, "peak-RSS-MB")
}

// rawWriteBatch writes the keys and values with one Badger WriteBatch into a fresh store
// with the same options, and returns how long it took.
func rawWriteBatch(b *testing.B, keys, vals [][]byte) time.Duration {
	raw, err := badger.Open(DesktopOptions(filepath.Join(b.TempDir(), "raw")))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	start := time.Now()
	wb := raw.NewWriteBatch()
	for i := range keys {
		if err := wb.Set(keys[i], vals[i]); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// resetPeakRSS lets VmHWM measure from now (Linux; elsewhere the peak is the process's).
func resetPeakRSS() {
	runtime.GC()
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// peakRSS is the process's peak resident memory in MB since resetPeakRSS (VmHWM).
func peakRSS() float64 {
	status, _ := os.ReadFile("/proc/self/status")
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmHWM:" {
			v, _ := strconv.ParseFloat(f[1], 64)
			return v / 1024
		}
	}
	return 0
}

// rawScan is the floor of opening a store: Badger opened on the same directory with the
// same options, and every summary read, without decoding or indexing them.
func rawScan(b *testing.B, dir string) time.Duration {
	start := time.Now()
	db, err := badger.Open(DesktopOptions(dir))
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	err = db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{}) // no prefetch: the values are in the LSM tree (see scan)
		defer it.Close()
		for it.Seek([]byte{pSummary}); it.ValidForPrefix([]byte{pSummary}); it.Next() {
			if _, err := it.Item().ValueCopy(nil); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	t := time.Since(start)
	db.Close()
	if err != nil || n < benchRecords {
		b.Fatalf("raw scan: %d summaries, %v", n, err)
	}
	return t
}

// BenchmarkListQuery100k: first page of 50 with the total count, filtered by status and a
// text query, over 100k commitments. Reports the 95th percentile. Timed alternately with it:
// the same query in relevance order (rel-), and the quick search's question, two words and
// 20 rows, by title (qs-) and by relevance (qs-rel-).
func BenchmarkListQuery100k(b *testing.B) {
	dir := bigStore(b)
	s, err := Open(dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.ix.buildPending() // the text index, as after the first seconds of a session
	// The baseline: the same filter and text as a plain scan of 100k titles and statuses
	// held in memory (what any list over 100k records costs at least), timed alternately
	// with the query so that both see the same load.
	type row struct{ title, status string }
	var rows []row
	s.ix.mu.RLock()
	for _, sl := range s.ix.slots {
		rows = append(rows, row{strings.ToLower(sl.Title), sl.Status})
	}
	s.ix.mu.RUnlock()
	rng := rand.New(rand.NewSource(3))
	statuses := []string{"proposed", "agreed", "in_progress", "delivered", "stalled", ""}
	var lat, rawLat, relLat, qsLat, qsRelLat []time.Duration
	timed := func(q Query, into *[]time.Duration) {
		start := time.Now()
		p := s.Query(q)
		*into = append(*into, time.Since(start))
		if p.Total == 0 {
			b.Fatalf("no result for %+v", q)
		}
	}
	for b.Loop() {
		for i := 0; i < 200; i++ {
			q := Query{Kind: "commitment", Status: statuses[rng.Intn(len(statuses))], Text: words[rng.Intn(len(words))][:3], Limit: 50}
			timed(q, &lat)
			rel := q
			rel.Sort = SortRelevance
			timed(rel, &relLat)
			qs := Query{Text: words[rng.Intn(len(words))] + " " + words[rng.Intn(len(words))], Limit: 20}
			timed(qs, &qsLat)
			qs.Sort = SortRelevance
			timed(qs, &qsRelLat)
			start := time.Now()
			n := 0
			for _, r := range rows {
				if (q.Status == "" || r.status == q.Status) && strings.Contains(r.title, q.Text) {
					n++
				}
			}
			rawLat = append(rawLat, time.Since(start))
			if n == 0 {
				b.Fatalf("the baseline scan found nothing for %+v", q)
			}
		}
	}
	for _, l := range [][]time.Duration{lat, rawLat, relLat, qsLat, qsRelLat} {
		slices.Sort(l)
	}
	p95, rawP95 := lat[len(lat)*95/100], rawLat[len(rawLat)*95/100]
	b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	for _, m := range []struct {
		name string
		lat  []time.Duration
	}{{"rel-", relLat}, {"qs-", qsLat}, {"qs-rel-", qsRelLat}} {
		b.ReportMetric(float64(m.lat[len(m.lat)*95/100].Microseconds())/1000, m.name+"p95-ms")
		b.ReportMetric(float64(m.lat[len(m.lat)/2].Microseconds())/1000, m.name+"p50-ms")
	}
	b.ReportMetric(float64(rawP95.Microseconds())/1000, "scan-p95-ms")
	b.ReportMetric(float64(p95)/float64(rawP95), "x-scan")
}

// BenchmarkOpenToFirstList: opening the 100k store until the first page is listed.
// The baseline, timed alternately in the same run: Badger opened on the same directory
// and every summary read (rawScan).
func BenchmarkOpenToFirstList(b *testing.B) {
	dir := bigStore(b)
	var ours, raw []time.Duration
	for b.Loop() {
		raw = append(raw, rawScan(b, dir))
		start := time.Now()
		s, err := Open(dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if p := s.Query(Query{Kind: "commitment", Limit: 50}); p.Total != benchRecords {
			b.Fatalf("total %d", p.Total)
		}
		ours = append(ours, time.Since(start))
		s.Close()
	}
	slices.Sort(ours)
	slices.Sort(raw)
	med, rawMed := ours[len(ours)/2], raw[len(raw)/2]
	b.ReportMetric(float64(med.Milliseconds()), "open-to-list-ms")
	b.ReportMetric(float64(rawMed.Milliseconds()), "raw-scan-ms")
	b.ReportMetric(float64(med)/float64(rawMed), "x-raw-scan")
}

// BenchmarkFieldSave: one field changed and fsync'd; reports the 99th percentile and the
// ratio to a raw fsync'd Badger write of one key.
func BenchmarkFieldSave(b *testing.B) {
	s := openTest(b, b.TempDir())
	id := create(b, s, "commitment", map[string]any{"title": "Save me", "status": "agreed"})
	statuses := []string{"agreed", "in_progress", "delivered", "stalled"}
	var lat, rawLat []time.Duration
	raw, err := badger.Open(DesktopOptions(filepath.Join(b.TempDir(), "raw")))
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	for b.Loop() {
		for i := 0; i < 200; i++ {
			start := time.Now()
			if _, err := s.Save("", Draft{Type: oplog.OpUpdate, Record: id, Set: map[string]json.RawMessage{"status": js(statuses[i%4])}}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
			start = time.Now()
			raw.Update(func(txn *badger.Txn) error { return txn.Set([]byte("k"), []byte(strconv.Itoa(i))) })
			rawLat = append(rawLat, time.Since(start))
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	sort.Slice(rawLat, func(i, j int) bool { return rawLat[i] < rawLat[j] })
	p99, rawP99 := lat[len(lat)*99/100], rawLat[len(rawLat)*99/100]
	b.ReportMetric(float64(p99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(p99)/float64(rawP99), "x-raw-fsync-write")
}

// BenchmarkIdleRSS: resident memory of a fresh process that opened the 100k store and listed
// its first page, measured in a child process so the benchmark's own data does not count.
func BenchmarkIdleRSS(b *testing.B) {
	dir := bigStore(b)
	for b.Loop() {
		rss, hwm := idleChild(b, dir, "")
		rawRSS, _ := idleChild(b, dir, "raw")
		b.ReportMetric(rss, "idle-RSS-MB")
		b.ReportMetric(hwm, "peak-RSS-MB")
		b.ReportMetric(rawRSS, "raw-idle-RSS-MB")
		b.ReportMetric(rss/rawRSS, "x-raw-badger")
	}
}

// idleChild runs TestIdleRSSChild and returns its resident and peak memory; mode "raw" is
// the baseline: Badger alone, opened on the same directory with every summary read.
func idleChild(b *testing.B, dir, mode string) (rss, hwm float64) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestIdleRSSChild$")
	cmd.Env = append(os.Environ(), "DOSSIER_RSS_DIR="+dir, "DOSSIER_RSS_MODE="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil {
		b.Fatalf("%v: %s", err, out)
	}
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		fmt.Sscanf(sc.Text(), "RSS %f HWM %f", &rss, &hwm)
	}
	if rss == 0 {
		b.Fatalf("no figure from the child: %s", out)
	}
	return rss, hwm
}

// TestIdleRSSChild is the child of BenchmarkIdleRSS; it does nothing unless asked to.
func TestIdleRSSChild(t *testing.T) {
	dir := os.Getenv("DOSSIER_RSS_DIR")
	if dir == "" {
		return // only meaningful as the benchmark's child process
	}
	closeIt := func() {}
	if os.Getenv("DOSSIER_RSS_MODE") == "raw" {
		db, err := badger.Open(DesktopOptions(dir))
		if err != nil {
			t.Fatal(err)
		}
		err = db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{}) // no prefetch: the values are in the LSM tree (see scan)
			defer it.Close()
			for it.Seek([]byte{pSummary}); it.ValidForPrefix([]byte{pSummary}); it.Next() {
				if _, err := it.Item().ValueCopy(nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		closeIt = func() { db.Close() }
	} else {
		s, err := Open(dir, Options{})
		if err != nil {
			t.Fatal(err)
		}
		s.Query(Query{Kind: "commitment", Limit: 50})
		closeIt = func() { s.Close() }
	}
	time.Sleep(2 * time.Second) // idle: the text index finishes building in the background
	runtime.GC()
	debug.FreeOSMemory()
	status, _ := os.ReadFile("/proc/self/status")
	var rss, hwm float64
	for _, line := range strings.Split(string(status), "\n") {
		f := strings.Fields(line)
		if len(f) >= 2 && f[0] == "VmRSS:" {
			v, _ := strconv.ParseFloat(f[1], 64)
			rss = v / 1024
		}
		if len(f) >= 2 && f[0] == "VmHWM:" {
			v, _ := strconv.ParseFloat(f[1], 64)
			hwm = v / 1024
		}
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Printf("RSS %.1f HWM %.1f\n", rss, hwm)
	fmt.Printf("heap in use %.1f MB, heap sys %.1f MB, total sys %.1f MB\n", float64(ms.HeapInuse)/1e6, float64(ms.HeapSys)/1e6, float64(ms.Sys)/1e6)
	closeIt()
}

func TestMain(m *testing.M) {
	code := m.Run()
	if bigDir != "" && os.Getenv("DOSSIER_BENCH_STORE") == "" {
		os.RemoveAll(bigDir)
	}
	if refData.dir != "" {
		os.RemoveAll(refData.dir)
	}
	os.Exit(code)
}

// refBench is a 100k store whose commitments refer to parties, partnerships and framework
// items, as real ones do: each of 200 parties is referred to by about 1,500 commitments.
type refBench struct {
	dir     string
	parties []string // ids, in the order of refNames
	names   []string
}

var (
	refOnce sync.Once
	refData refBench
	refErr  error
)

func refStore(b *testing.B) refBench {
	refOnce.Do(func() {
		refData.dir, refErr = os.MkdirTemp("", "dossier-bench-refs")
		if refErr != nil {
			return
		}
		s, err := Open(refData.dir, Options{Author: testAuthor, AuthorName: "Bench"})
		if err != nil {
			refErr = err
			return
		}
		defer s.Close()
		rng := rand.New(rand.NewSource(4))
		var drafts []Draft
		for _, c := range domain.Countries()[:200] {
			id := newID()
			refData.parties, refData.names = append(refData.parties, id), append(refData.names, c.Name)
			drafts = append(drafts, Draft{Type: oplog.OpCreate, Kind: "party", Record: id,
				Set: map[string]json.RawMessage{"name": js(c.Name), "type": js("country"), "iso3": js(c.Alpha3)}})
		}
		var ptns []string
		for i := 0; i < 20; i++ {
			id := newID()
			ptns = append(ptns, id)
			drafts = append(drafts, Draft{Type: oplog.OpCreate, Kind: "partnership", Record: id,
				Set: map[string]json.RawMessage{"title": js(fmt.Sprintf("%s dialogue %d", words[rng.Intn(len(words))], i)), "type": js("bilateral"), "status": js("active")}})
		}
		if _, err := s.Save("bench", drafts...); err != nil {
			refErr = err
			return
		}
		statuses := []string{"proposed", "agreed", "in_progress", "delivered", "stalled", "withdrawn"}
		for i := 0; i < benchRecords; i += 5000 {
			drafts = drafts[:0]
			for j := i; j < i+5000; j++ {
				p := func() json.RawMessage { return js(refData.parties[rng.Intn(len(refData.parties))]) }
				drafts = append(drafts, Draft{Type: oplog.OpCreate, Kind: "commitment", Record: newID(),
					Set: map[string]json.RawMessage{"title": js(fmt.Sprintf("%s %s %d", words[rng.Intn(len(words))], words[rng.Intn(len(words))], j)),
						"status": js(statuses[rng.Intn(len(statuses))]), "partnership": js(ptns[rng.Intn(len(ptns))])},
					Add: map[string][]json.RawMessage{"committed_by": {p()}, "towards": {p(), p()},
						"framework_items": {js(fmt.Sprintf("GCM-%d", rng.Intn(23)+1))}}})
			}
			if _, err := s.Save("bench", drafts...); err != nil {
				refErr = err
				return
			}
		}
	})
	if refErr != nil {
		b.Fatal(refErr)
	}
	return refData
}

// BenchmarkReferenceSearch100k: first page of 50 with the total, filtered by status and a
// text query that matches through the commitments' parties (a country name's first letters),
// over 100k commitments that refer to 200 parties. Reports the 95th percentile.
func BenchmarkReferenceSearch100k(b *testing.B) {
	rb := refStore(b)
	s, err := Open(rb.dir, Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.ix.buildPending()
	rng := rand.New(rand.NewSource(5))
	statuses := []string{"proposed", "agreed", "in_progress", "delivered", "stalled", ""}
	var lat []time.Duration
	for b.Loop() {
		for i := 0; i < 200; i++ {
			name := Words(rb.names[rng.Intn(len(rb.names))])[0]
			q := Query{Kind: "commitment", Status: statuses[rng.Intn(len(statuses))], Text: name[:min(len(name), 4)], Limit: 50}
			start := time.Now()
			p := s.Query(q)
			lat = append(lat, time.Since(start))
			if p.Total == 0 {
				b.Fatalf("no result for %+v", q)
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}

// BenchmarkRenameReferencedParty: renaming a party that about 1,500 of the 100k commitments
// refer to is one ordinary save (the index joins names at query time); reports its 99th
// percentile, and checks each time that the new name finds the party's commitments.
func BenchmarkRenameReferencedParty(b *testing.B) {
	rb := refStore(b)
	s, err := Open(rb.dir, Options{Author: testAuthor, AuthorName: "Bench"})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	s.ix.buildPending()
	party := rb.parties[0]
	before := s.Query(Query{Kind: "commitment", Party: party, Limit: 1}).Total
	var lat []time.Duration
	n := 0
	for b.Loop() {
		for i := 0; i < 20; i++ {
			n++
			name := fmt.Sprintf("Renamed%d Republic", n)
			start := time.Now()
			if _, err := s.Save("", Draft{Type: oplog.OpUpdate, Record: party, Set: map[string]json.RawMessage{"name": js(name)}}); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(start))
			if got := s.Query(Query{Kind: "commitment", Text: fmt.Sprintf("renamed%d", n), Limit: 1}).Total; got != before {
				b.Fatalf("the new name finds %d commitments, the party has %d", got, before)
			}
		}
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(before), "referring-commitments")
}

// BenchmarkOpenToFirstListWithReferences: opening the 100k store whose commitments refer to
// parties until the first page is listed (references are indexed after, with the words).
func BenchmarkOpenToFirstListWithReferences(b *testing.B) {
	rb := refStore(b)
	for b.Loop() {
		start := time.Now()
		s, err := Open(rb.dir, Options{})
		if err != nil {
			b.Fatal(err)
		}
		if p := s.Query(Query{Kind: "commitment", Limit: 50}); p.Total != benchRecords {
			b.Fatalf("total %d", p.Total)
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "open-to-list-ms")
		s.Close()
	}
}
