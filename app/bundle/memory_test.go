package bundle

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
)

// Memory is measured in a child process (this test binary, re-executed): the peak resident
// set (VmHWM) while reading one bundle, against the resident set of the process just before,
// with the file already read (the importer holds the file: its size is bounded by
// MaxFileBytes and is not what a bomb multiplies).

const (
	memEnv     = "DOSSIER_BUNDLE_MEMTEST" // scenario for the child
	memFileEnv = "DOSSIER_BUNDLE_MEMFILE"
	memAgeEnv  = "DOSSIER_BUNDLE_MEMAGE"
)

func TestMain(m *testing.M) {
	if sc := os.Getenv(memEnv); sc != "" {
		os.Exit(memChild(sc))
	}
	os.Exit(m.Run())
}

type memResult struct {
	Base, Peak int64 // bytes
	Reset      bool  // the peak was reset to the base before the scenario (else Peak is an upper bound)
	Err        string
	Inflated   int64
}

// memChild reads the file, settles, resets the peak, runs the scenario and prints the result.
func memChild(scenario string) int {
	data, err := os.ReadFile(os.Getenv(memFileEnv))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	var ids []age.Identity
	if s := os.Getenv(memAgeEnv); s != "" {
		id, err := age.ParseX25519Identity(s)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 3
		}
		ids = append(ids, id)
	}
	runtime.GC()
	debug.FreeOSMemory()
	var res memResult
	res.Base = procStatus("VmRSS")
	res.Reset = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	before := inflated.Load()
	err = memScenario(scenario, data, ids)
	res.Peak = procStatus("VmHWM")
	res.Inflated = inflated.Load() - before
	if err != nil {
		res.Err = err.Error()
	}
	runtime.KeepAlive(data)
	js, _ := json.Marshal(res)
	fmt.Println(string(js))
	return 0
}

func memScenario(scenario string, data []byte, ids []age.Identity) error {
	lim := DefaultLimits()
	switch scenario {
	case "open": // Open, and the header's author is unknown: refused before inflating
		o, err := Open(data, ids, lim)
		if err != nil {
			return err
		}
		return decideTrust(o, map[string]bool{})
	case "runs": // Open, trusted: stream the runs, keeping none
		o, err := Open(data, ids, lim)
		if err != nil {
			return err
		}
		n := 0
		if err := o.Runs(func(r *Run) error { n += len(r.Ops); return nil }); err != nil {
			return err
		}
		return fmt.Errorf("accepted %d changes", n)
	case "decode": // everything held, as Decode's callers ask
		b, err := Decode(data, ids, lim)
		if err != nil {
			return err
		}
		runtime.KeepAlive(b)
		return fmt.Errorf("accepted %d changes", b.Header.Ops)
	case "inflate": // decompress everything the header allows, with nothing to stop early
		o, err := Open(data, ids, lim)
		if err != nil {
			return err
		}
		_, raw := o.inflater()
		_, err = io.Copy(io.Discard, raw)
		return err
	}
	return fmt.Errorf("no scenario %q", scenario)
}

func procStatus(field string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10
		}
	}
	return -1
}

func runMemChild(t *testing.T, scenario, file string, id *age.X25519Identity) memResult {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	// The collector's default pacing, as the app runs: the budget counts its garbage too.
	cmd.Env = append(os.Environ(), memEnv+"="+scenario, memFileEnv+"="+file, "GOGC=100", "GOMEMLIMIT=off")
	if id != nil {
		cmd.Env = append(cmd.Env, memAgeEnv+"="+id.String())
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child %s: %v\n%s", scenario, err, stderr.String())
	}
	var res memResult
	if err := json.Unmarshal(bytes.TrimSpace(out), &res); err != nil {
		t.Fatalf("child %s: %q: %v", scenario, out, err)
	}
	if res.Base <= 0 || res.Peak <= 0 {
		t.Fatalf("child %s: no memory figures %+v", scenario, res)
	}
	if !res.Reset {
		t.Logf("child %s: the peak could not be reset; it includes reading the file (an upper bound)", scenario)
	}
	return res
}

// bigRuns are authors' runs of changes with large, moderately compressible text: raw bytes
// in all, a body that Decode must hold whole and Runs must not.
func bigRuns(t testing.TB, authors, perAuthor, textBytes int) []Run {
	rng := rand.New(rand.NewPCG(1, 2))
	words := make([]string, 512)
	for i := range words {
		w := make([]byte, 3+rng.IntN(6))
		for j := range w {
			w[j] = byte('a' + rng.IntN(26))
		}
		words[i] = string(w)
	}
	var runs []Run
	for a := range authors {
		s := newSigner(t, byte(100+a), fmt.Sprintf("Delegate %d", a), identity.RoleDelegate, nil)
		r := Run{Author: s.KeyID()}
		prev := ""
		for i := range perAuthor {
			var text strings.Builder
			for text.Len() < textBytes {
				text.WriteString(words[rng.IntN(len(words))])
				text.WriteByte(' ')
			}
			seq := uint64(i + 1)
			op := &oplog.Op{V: oplog.Version, Author: s.KeyID(), Seq: seq, Prev: prev, Clock: oplog.Clock{Wall: baseWall + int64(seq)*1000},
				Type: oplog.OpUpdate, Kind: "commitment", Record: fmt.Sprintf("00000000-0000-7000-8000-%012d", seq),
				Set: map[string]json.RawMessage{"text": oplog.MustCanon(text.String())}}
			raw, err := oplog.Encode(op)
			if err != nil {
				t.Fatal(err)
			}
			op.Set = nil // only the chain is needed to encode; the text is in raw
			r.Ops, r.Raws = append(r.Ops, op), append(r.Raws, raw)
			prev = oplog.Hash(raw)
		}
		r.Checkpoint = SignCheckpoint(s, uint64(perAuthor), prev)
		runs = append(runs, r)
	}
	return runs
}

// A refused bundle costs at most 64 MiB above the idle process, and reading any bundle
// peaks under 256 MB; a gigabyte bomb is decompressed, at worst, as a stream.
func TestBombMemory(t *testing.T) {
	if procStatus("VmRSS") <= 0 {
		t.Skip("no /proc/self/status on this system: peak memory cannot be measured")
	}
	if raceEnabled {
		t.Skip("built with -race, whose shadow memory makes peak-memory bounds meaningless")
	}
	const refusedBudget = 64 << 20
	const peakBudget = 256 << 20
	b := theBombs(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		writeFile(t, p, data)
		return p
	}
	zero, enc, lying := write("zero", b.zero), write("enc", b.zeroEnc), write("lying", b.lying)

	sec := newSigner(t, 1, "Secretariat", identity.RoleSecretariat, nil)
	var big []byte
	{
		runs := bigRuns(t, 24, 4, 480<<10) // about 46 MiB of changes, in 24 runs of 2 MiB
		big = encode(t, sec, runs, Options{})
	}
	bo, err := Open(big, nil, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	bigRaw := bo.Header.BodyRawBytes
	bigFile := write("big", big)
	big, bo = nil, nil
	runtime.GC()

	for _, c := range []struct {
		name, scenario, file string
		id                   *age.X25519Identity
		errHas               string
		minInflated          int64
		maxInflated          int64
		budget               int64
	}{
		{"unknown author's bomb, signed", "open", zero, nil, "unknown exporter", 0, 0, refusedBudget},
		{"unknown author's bomb, encrypted", "open", enc, b.del.age, "unknown exporter", 0, 0, refusedBudget},
		{"trusted author's bomb, streamed", "runs", zero, nil, "not a key id", 1, 64 << 10, refusedBudget},
		{"trusted author's bomb, Decode", "decode", enc, b.del.age, "not a key id", 1, 64 << 10, refusedBudget},
		{"bomb lying about its size", "runs", lying, nil, "more than the 262144 bytes", b.lyingDeclared + 1, b.lyingDeclared + 1, refusedBudget},
		{"1 GiB decompressed to its limit", "inflate", zero, nil, "more than the 1073741824 bytes", gib + 1, gib + 1, refusedBudget},
		{"large bundle streamed run by run", "runs", bigFile, nil, "accepted 96 changes", bigRaw, bigRaw, refusedBudget},
	} {
		t.Run(c.name, func(t *testing.T) {
			res := runMemChild(t, c.scenario, c.file, c.id)
			cost := res.Peak - res.Base
			t.Logf("base %d MiB, peak %d MiB, cost %d MiB, decompressed %d bytes: %s", res.Base>>20, res.Peak>>20, cost>>20, res.Inflated, res.Err)
			if !strings.Contains(res.Err, c.errHas) {
				t.Fatalf("result %q, want %q", res.Err, c.errHas)
			}
			if res.Inflated < c.minInflated || res.Inflated > c.maxInflated {
				t.Fatalf("%d bytes decompressed, expected %d to %d", res.Inflated, c.minInflated, c.maxInflated)
			}
			if cost > c.budget || res.Peak > peakBudget {
				t.Fatalf("cost %d MiB above the idle process (budget %d MiB), peak %d MiB (budget %d MiB)", cost>>20, c.budget>>20, res.Peak>>20, peakBudget>>20)
			}
		})
	}
	// The meter sees a body held whole: Decode keeps the large bundle's every change.
	t.Run("the meter sees what Decode holds", func(t *testing.T) {
		res := runMemChild(t, "decode", bigFile, nil)
		cost := res.Peak - res.Base
		t.Logf("Decode of %d MiB of changes costs %d MiB", bigRaw>>20, cost>>20)
		if !strings.Contains(res.Err, "accepted 96 changes") || cost < bigRaw {
			t.Fatalf("Decode of %d bytes cost %d bytes (%s): the measurement does not see held memory", bigRaw, cost, res.Err)
		}
	})
}
