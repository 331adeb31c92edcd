package bundle

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
)

// Decompression bombs, built with the real signing code: what the issue reported (a 14 MB
// bundle that inflates to 1 GiB) must cost nothing before trust is decided and a bounded
// window after.

const gib = int64(1) << 30

// zeroBlocks returns non-final DEFLATE blocks, ending on a byte boundary, that inflate to n
// zero bytes wherever they stand in a stream: a fresh compressor wrote them, so they refer
// only to what they produce themselves.
func zeroBlocks(n int) []byte {
	var b bytes.Buffer
	w, _ := flate.NewWriter(&b, flate.BestCompression)
	w.Write(make([]byte, n))
	w.Flush()
	return b.Bytes()
}

// storedBlocks appends p to out as non-final stored blocks (RFC 1951 §3.2.4).
func storedBlocks(out, p []byte) []byte {
	for len(p) > 0 {
		n := min(len(p), 0xffff)
		out = append(out, 0, byte(n), byte(n>>8), ^byte(n), ^byte(n>>8))
		out = append(out, p[:n]...)
		p = p[n:]
	}
	return out
}

// bombStream is a raw DEFLATE stream of prefix, then n zero bytes, in about n/80 bytes:
// padding with stored zeros keeps the ratio under the 100:1 limit, as the reported bundle
// did, so that nothing but the body's content stands in its way.
func bombStream(prefix []byte, n int64) []byte {
	pad := n / 80
	chunk := zeroBlocks(1 << 20)
	out := make([]byte, 0, int(pad+pad/0xffff*5)+len(prefix)+int(n>>20+1)*len(chunk)+64)
	out = storedBlocks(out, prefix)
	out = storedBlocks(out, make([]byte, pad))
	rest := n - pad
	for ; rest >= 1<<20; rest -= 1 << 20 {
		out = append(out, chunk...)
	}
	if rest > 0 {
		out = append(out, zeroBlocks(int(rest))...)
	}
	return append(out, 0x03, 0x00) // an empty final block
}

type bombSet struct {
	mallory, del *testSigner
	// zero: declares 1 GiB (and 1000 changes of mallory), inflates to 1 GiB + 1 MiB of zeros.
	// zeroEnc: the same, encrypted to del.
	// lying: declares 256 KiB, inflates to a run's start, a first change 1 MiB long, then 1 GiB
	// of zeros.
	zero, zeroEnc, lying []byte
	lyingDeclared        int64
}

var (
	bombOnce sync.Once
	bombs    bombSet
)

func theBombs(t testing.TB) *bombSet {
	bombOnce.Do(func() {
		b := &bombs
		b.mallory = newSigner(t, 9, "Mallory", identity.RoleDelegate, nil)
		b.del = newSigner(t, 2, "A. Benali", identity.RoleDelegate, nil)
		m := b.mallory.KeyID()
		h := Header{To: []string{b.del.KeyID()}, From: oplog.VV{m: 1}, Contents: oplog.VV{m: 1000}, Ops: 1000}
		b.zero = signBody(t, b.mallory, h, bombStream(nil, gib+1<<20), gib)
		enc, err := seal(b.zero, h.To, []age.Recipient{b.del.age.Recipient()})
		if err != nil {
			t.Fatal(err)
		}
		b.zeroEnc = enc
		start := append([]byte(m), 1)
		start = binary.AppendUvarint(start, 1000)
		start = binary.AppendUvarint(start, 1<<20)
		b.lyingDeclared = 256 << 10
		b.lying = signBody(t, b.mallory, h, bombStream(start, gib), b.lyingDeclared)
	})
	return &bombs
}

// decideTrust stands in for the importer's decision from the header: the exporter and every
// author with changes must be trusted.
func decideTrust(o *Opened, trusted map[string]bool) error {
	if !trusted[o.Header.Exporter] {
		return fmt.Errorf("unknown exporter %s", o.Header.Exporter)
	}
	for a := range o.Header.Contents {
		if !trusted[a] {
			return fmt.Errorf("unknown author %s", a)
		}
	}
	return nil
}

func TestBombStreamHelper(t *testing.T) {
	// The construction itself: exact output, nothing after, within the ratio limit.
	body := bombStream([]byte("prefix"), 10<<20+12345)
	raw, err := io.ReadAll(flate.NewReader(bytes.NewReader(body)))
	if err != nil || len(raw) != 6+10<<20+12345 || string(raw[:6]) != "prefix" || bytes.ContainsFunc(raw[6:], func(r rune) bool { return r != 0 }) {
		t.Fatalf("bomb stream inflates to %d bytes (%v)", len(raw), err)
	}
	if ratio := int64(len(raw)) / int64(len(body)); ratio >= DefaultLimits().MaxRatio || ratio < 50 {
		t.Fatalf("ratio %d", ratio)
	}
}

// An unknown author's bomb is refused from its header: Open verifies it (signed, and
// encrypted) without decompressing a byte.
func TestOpenDecidesBeforeInflating(t *testing.T) {
	b := theBombs(t)
	trusted := map[string]bool{b.del.KeyID(): true}
	if n := len(b.zero); n > 20<<20 {
		t.Fatalf("the bomb is %d bytes, not the reported ~14 MB", n)
	}
	for name, data := range map[string][]byte{"signed": b.zero, "encrypted": b.zeroEnc} {
		before := inflated.Load()
		o, err := Open(data, []age.Identity{b.del.age}, DefaultLimits())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if o.Header.BodyRawBytes != gib || o.Header.Contents[b.mallory.KeyID()] != 1000 || o.Encrypted != (name == "encrypted") {
			t.Fatalf("%s: header %+v", name, o.Header)
		}
		if err := decideTrust(o, trusted); err == nil || !strings.Contains(err.Error(), "unknown exporter") {
			t.Fatalf("%s: trust decision %v", name, err)
		}
		if got := inflated.Load() - before; got != 0 {
			t.Fatalf("%s: %d bytes decompressed before trust was decided", name, got)
		}
	}
}

// Decompression never goes beyond the header's declared size, and a body that stops making
// sense is refused where it stops.
func TestStreamingRefusesBombs(t *testing.T) {
	b := theBombs(t)
	t.Run("zeros from a trusted exporter", func(t *testing.T) {
		o, err := Open(b.zero, nil, DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		before := inflated.Load()
		err = o.Runs(func(*Run) error { t.Fatal("a run of zeros"); return nil })
		if e := refused(t, err, ProblemMalformed); !strings.Contains(e.Msg, "not a key id") {
			t.Fatal(e)
		}
		// One read buffer's worth, not the gigabyte.
		if got := inflated.Load() - before; got > 64<<10 {
			t.Fatalf("%d bytes decompressed to refuse it", got)
		}
		_, err = Decode(b.zero, nil, DefaultLimits())
		refused(t, err, ProblemMalformed)
	})
	t.Run("a header that lies about the size", func(t *testing.T) {
		o, err := Open(b.lying, nil, DefaultLimits())
		if err != nil {
			t.Fatal(err)
		}
		before := inflated.Load()
		err = o.Walk(Visitor{})
		if e := refused(t, err, ProblemMalformed); !strings.Contains(e.Msg, fmt.Sprintf("more than the %d bytes", b.lyingDeclared)) {
			t.Fatal(e)
		}
		if got := inflated.Load() - before; got != b.lyingDeclared+1 {
			t.Fatalf("%d bytes decompressed, the header declares %d", got, b.lyingDeclared)
		}
	})
	sec, _, runs := twoAuthors(t)
	h := headerFor(runs[1])
	raw := rawRun(runs[1], nil)
	var body bytes.Buffer
	w, _ := flate.NewWriter(&body, 5)
	w.Write(raw)
	w.Close()
	n := int64(len(raw))
	for _, c := range []struct {
		name     string
		body     []byte
		declared int64
		msg      string
	}{
		{"valid runs beyond the declared size", body.Bytes(), n - 50, fmt.Sprintf("more than the %d bytes", n-50)},
		{"less than the declared size", body.Bytes(), n + 50, fmt.Sprintf("decompresses to %d bytes, the header says %d", n, n+50)},
		{"compressed bytes after the last block", append(bytes.Clone(body.Bytes()), 0, 0), n, "2 bytes after the end of the compressed body"},
		{"not DEFLATE", bytes.Repeat([]byte{0xff}, 200), n, "does not decompress"},
		{"DEFLATE cut short", body.Bytes()[:body.Len()/2], n, "does not decompress"},
	} {
		t.Run(c.name, func(t *testing.T) {
			o, err := Open(signBody(t, sec, h, c.body, c.declared), nil, DefaultLimits())
			if err != nil {
				t.Fatal(err)
			}
			before := inflated.Load()
			e := refused(t, o.Walk(Visitor{}), ProblemMalformed)
			if !strings.Contains(e.Msg, c.msg) {
				t.Fatalf("%q lacks %q", e.Msg, c.msg)
			}
			if got := inflated.Load() - before; got > c.declared+1 {
				t.Fatalf("%d bytes decompressed, %d declared", got, c.declared)
			}
		})
	}
}

// A caller that refuses an author as its run begins stops the decompression there.
func TestWalkStopsWhenTheCallerRefuses(t *testing.T) {
	sec := newSigner(t, 1, "Secretariat", identity.RoleSecretariat, nil)
	var runs []Run
	keys := map[string]*testSigner{}
	for i := range 4 {
		s := newSigner(t, byte(20+i), fmt.Sprintf("Delegate %d", i), identity.RoleDelegate, nil)
		keys[s.KeyID()] = s
		runs = append(runs, run(t, s, 1, "", 300, nil))
	}
	data := encode(t, sec, runs, Options{})
	o, err := Open(data, nil, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	all := mustDecode(t, data)
	stop := errors.New("the caller refuses this author")
	second := all.Runs[1].Author
	before := inflated.Load()
	var seen []string
	err = o.Walk(Visitor{Run: func(a string, first, count uint64) error {
		seen = append(seen, a)
		if first != 1 || count != 300 {
			t.Fatalf("run of %s: %d from %d", a, count, first)
		}
		if a == second {
			return stop
		}
		return nil
	}})
	if err != stop || len(seen) != 2 {
		t.Fatalf("walk returned %v after %v", err, seen)
	}
	if got := inflated.Load() - before; got >= o.Header.BodyRawBytes*3/4 {
		t.Fatalf("%d of %d bytes decompressed after the caller refused", got, o.Header.BodyRawBytes)
	}
	// Op and End see every operation and checkpoint, in order, the same as Decode and Runs.
	var ops [][]byte
	var cps []Checkpoint
	if err := o.Walk(Visitor{Op: func(op *oplog.Op, raw []byte) error { ops = append(ops, raw); return nil },
		End: func(cp Checkpoint) error { cps = append(cps, cp); return nil }}); err != nil {
		t.Fatal(err)
	}
	_, want := all.Ops()
	if len(ops) != len(want) || len(cps) != 4 {
		t.Fatalf("%d ops, %d checkpoints", len(ops), len(cps))
	}
	for i := range ops {
		if !bytes.Equal(ops[i], want[i]) {
			t.Fatalf("op %d differs", i)
		}
	}
	i := 0
	if err := o.Runs(func(r *Run) error {
		if r.Author != all.Runs[i].Author || len(r.Raws) != 300 || r.Checkpoint.Head != cps[i].Head || !r.Checkpoint.Verify(keys[r.Author].card.PublicKey) {
			t.Fatalf("run %d", i)
		}
		i++
		return nil
	}); err != nil || i != 4 {
		t.Fatalf("runs: %v after %d", err, i)
	}
	if err := o.Runs(func(r *Run) error { return stop }); err != stop {
		t.Fatalf("Runs returned %v", err)
	}
}
