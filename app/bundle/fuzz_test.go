package bundle

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
)

// fuzzLimits keep a fuzzing worker's memory small.
func fuzzLimits() Limits {
	l := DefaultLimits()
	l.MaxFileBytes, l.MaxRawBodyBytes, l.MaxOps = 1<<20, 4<<20, 10000
	return l
}

var (
	fuzzOnce   sync.Once
	fuzzSigner *testSigner
	fuzzAge    *age.X25519Identity
)

// fuzzKeys are the vector keys: the secretariat signs forged bundles, and the delegate's
// age key opens the encrypted seeds, so that mutations reach past decryption.
func fuzzKeys(t testing.TB) (*testSigner, *age.X25519Identity) {
	fuzzOnce.Do(func() {
		var vf vectorFile
		data, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
		if err != nil {
			panic(err)
		}
		if err := json.Unmarshal(data, &vf); err != nil {
			panic(err)
		}
		sid, _ := age.ParseX25519Identity(vf.Signers[0].AgeIdentity)
		fuzzAge, _ = age.ParseX25519Identity(vf.Signers[1].AgeIdentity)
		fuzzSigner = newSigner(t, 1, vf.Signers[0].Name, identity.RoleSecretariat, sid)
	})
	return fuzzSigner, fuzzAge
}

// checkAccepted asserts what every accepted bundle must satisfy.
func checkAccepted(t *testing.T, b *Bundle) {
	n := 0
	for i, r := range b.Runs {
		if i > 0 && r.Author <= b.Runs[i-1].Author {
			t.Fatal("runs out of order")
		}
		if len(r.Ops) == 0 || len(r.Ops) != len(r.Raws) {
			t.Fatal("empty run")
		}
		for j, op := range r.Ops {
			if op.Author != r.Author || op.Seq != r.From()+uint64(j) || (j > 0 && op.Prev != oplog.Hash(r.Raws[j-1])) {
				t.Fatalf("run of %s is not a chain", r.Author)
			}
			again, err := oplog.Decode(r.Raws[j])
			if err != nil || again.Seq != op.Seq {
				t.Fatal("an accepted operation does not decode")
			}
		}
		if r.Checkpoint.Seq != r.To() || r.Checkpoint.Head != oplog.Hash(r.Raws[len(r.Raws)-1]) || len(r.Checkpoint.Sig) != 64 {
			t.Fatal("checkpoint not on the last operation")
		}
		if b.Header.From[r.Author] != r.From() || b.Header.Contents[r.Author] != r.To() {
			t.Fatal("header ranges differ from the runs")
		}
		n += len(r.Ops)
	}
	if n != b.Header.Ops || len(b.Runs) != len(b.Header.Contents) {
		t.Fatal("counts differ")
	}
	if identity.KeyID(b.Exporter.PublicKey) != b.Header.Exporter {
		t.Fatal("exporter")
	}
}

// FuzzDecode feeds whole files to the decoder, and to Open and Walk: nothing may panic,
// every refusal is an *Error, the two steps agree with Decode, no walk decompresses beyond
// the declared size, and whatever is accepted is consistent.
func FuzzDecode(f *testing.F) {
	_, rid := fuzzKeys(f)
	for _, name := range []string{"signed.dossier", "encrypted.dossier", "signed-files.dossier"} {
		if data, err := os.ReadFile(filepath.Join(vectorDir, name)); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		b, err := Decode(data, []age.Identity{rid}, fuzzLimits())
		checkStreaming(t, data, []age.Identity{rid}, b, err)
		if err != nil {
			var e *Error
			if b != nil || !asError(err, &e) || e.Msg == "" {
				t.Fatalf("bad refusal: %T %v", err, err)
			}
			return
		}
		checkAccepted(t, b)
	})
}

var errFuzzStop = errors.New("the caller stops here")

// checkStreaming reads data in two steps, as an importer does, and asserts that it agrees
// with Decode (b, derr): the same refusal, or the same operations and checkpoints; that a
// walk never decompresses beyond the declared size; and that a caller stopping the walk
// gets its own error back.
func checkStreaming(t *testing.T, data []byte, ids []age.Identity, b *Bundle, derr error) {
	t.Helper()
	// Refusals are compared by problem: a message may name any one of several faults.
	same := func(a, b error) bool {
		var ea, eb *Error
		return asError(a, &ea) && asError(b, &eb) && ea.Problem == eb.Problem
	}
	o, err := Open(data, ids, fuzzLimits())
	if err != nil {
		if derr == nil || !same(err, derr) {
			t.Fatalf("Open refuses (%v), Decode says %v", err, derr)
		}
		if o != nil {
			t.Fatalf("Open refuses and returns %+v", o)
		}
		return
	}
	var raws [][]byte
	var cps []Checkpoint
	runs := 0
	before := inflated.Load()
	werr := o.Walk(Visitor{
		Run: func(string, uint64, uint64) error { runs++; return nil },
		Op:  func(_ *oplog.Op, raw []byte) error { raws = append(raws, raw); return nil },
		End: func(cp Checkpoint) error { cps = append(cps, cp); return nil },
	})
	if got := inflated.Load() - before; got > o.Header.BodyRawBytes+1 {
		t.Fatalf("%d bytes decompressed, %d declared", got, o.Header.BodyRawBytes)
	}
	if (werr == nil) != (derr == nil) || (werr != nil && !same(werr, derr)) {
		t.Fatalf("Walk says %v, Decode says %v", werr, derr)
	}
	if werr == nil {
		_, want := b.Ops()
		if len(raws) != len(want) || runs != len(b.Runs) || len(cps) != len(b.Runs) {
			t.Fatalf("Walk saw %d changes in %d runs, Decode %d in %d", len(raws), runs, len(want), len(b.Runs))
		}
		for i := range raws {
			if !bytes.Equal(raws[i], want[i]) {
				t.Fatalf("change %d differs", i)
			}
		}
		for i, r := range b.Runs {
			if cps[i].Author != r.Checkpoint.Author || cps[i].Head != r.Checkpoint.Head || !bytes.Equal(cps[i].Sig, r.Checkpoint.Sig) {
				t.Fatalf("checkpoint %d differs", i)
			}
		}
	}
	// Stop after k changes: the caller's error comes back unchanged.
	k := len(data) % 5
	seen := 0
	serr := o.Walk(Visitor{Op: func(*oplog.Op, []byte) error {
		if seen == k {
			return errFuzzStop
		}
		seen++
		return nil
	}})
	switch {
	case werr == nil && len(raws) > k && serr != errFuzzStop:
		t.Fatalf("a walk stopped at change %d returned %v", k, serr)
	case serr != errFuzzStop && (serr == nil) != (werr == nil):
		t.Fatalf("a stopped walk returned %v, the full walk %v", serr, werr)
	}
}

// FuzzBody reaches behind the signature: the fuzzer chooses the header members and the
// decompressed body, and the test signs them as an exporter would (fixing the body's size
// and hash), so every check of the header's meaning and of the runs is exercised, through
// Decode and through Open and Walk.
func FuzzBody(f *testing.F) {
	s, _ := fuzzKeys(f)
	if data, err := os.ReadFile(filepath.Join(vectorDir, "signed.dossier")); err == nil {
		if b, err := Decode(data, nil, DefaultLimits()); err == nil {
			raw, _ := inflate(data[14+len(b.HeaderBytes)+64:], b.Header.BodyRawBytes)
			f.Add(b.HeaderBytes, raw)
		}
	}
	f.Fuzz(func(t *testing.T, header, raw []byte) {
		var h Header
		if json.Unmarshal(header, &h) != nil {
			return
		}
		if len(raw) > 1<<20 {
			return
		}
		data := forge(t, s, h, raw)
		b, err := Decode(data, nil, fuzzLimits())
		checkStreaming(t, data, nil, b, err)
		if err != nil {
			var e *Error
			if b != nil || !asError(err, &e) || e.Msg == "" {
				t.Fatalf("bad refusal: %T %v", err, err)
			}
			return
		}
		checkAccepted(t, b)
	})
}

func asError(err error, e **Error) bool {
	x, ok := err.(*Error)
	*e = x
	return ok
}

// TestFuzzCorpus writes the seed corpus in testdata/fuzz (with -update) and otherwise
// checks that it is there and that every seed runs through the decoder without panicking.
func TestFuzzCorpus(t *testing.T) {
	s, rid := fuzzKeys(t)
	signed, _ := os.ReadFile(filepath.Join(vectorDir, "signed.dossier"))
	enc, _ := os.ReadFile(filepath.Join(vectorDir, "encrypted.dossier"))
	b := mustDecode(t, signed)
	raw, _ := inflate(signed[14+len(b.HeaderBytes)+64:], b.Header.BodyRawBytes)
	decodeSeeds := map[string][]byte{
		"signed":            signed,
		"encrypted":         enc,
		"empty":             {},
		"magic-only":        []byte(Magic),
		"prefix":            signed[:10],
		"truncated-header":  signed[:40],
		"truncated-body":    signed[:len(signed)-3],
		"flipped-sig":       flip(signed, 14+len(b.HeaderBytes)+3),
		"flipped-body":      flip(signed, len(signed)-10),
		"encrypted-trunc":   enc[:len(enc)-20],
		"encrypted-no-rcpt": append([]byte(Magic+"\x01E\x00"), enc[27:]...),
		"version-2":         append([]byte(Magic+"\x02S"), signed[10:]...),
		"newer-made-by":     append(NewerPrefix(2, "0.9.0"), signed[10:]...),
		"backup":            []byte("DOSSIER-BACKUP\n{\"version\":1}\n"),
	}
	empty := forge(t, s, Header{}, nil)
	decodeSeeds["empty-bundle"] = empty
	old, err := os.ReadFile(filepath.Join(vectorDir, "signed-before-made_by.dossier"))
	if err != nil {
		t.Fatal(err)
	}
	decodeSeeds["signed-before-made_by"] = old
	// Small bombs, within the fuzzing limits: zeros where runs should be, and a header that
	// declares less than the body inflates to.
	k := s.KeyID()
	bh := Header{From: oplog.VV{k: 1}, Contents: oplog.VV{k: 50}, Ops: 50}
	decodeSeeds["bomb-zeros"] = signBody(t, s, bh, bombStream(nil, 1<<20+64<<10), 1<<20)
	start := binary.AppendUvarint(binary.AppendUvarint(append([]byte(k), 1), 50), 1<<20)
	decodeSeeds["bomb-lying"] = signBody(t, s, bh, bombStream(start, 1<<20), 64<<10)
	hdrOnly, _ := json.Marshal(Header{From: oplog.VV{}, Contents: oplog.VV{}})
	bodySeeds := map[string][2][]byte{
		"vector":        {b.HeaderBytes, raw},
		"empty":         {hdrOnly, nil},
		"truncated-run": {b.HeaderBytes, raw[:len(raw)/2]},
		"garbage":       {b.HeaderBytes, []byte("0123456789ABCDEF\x01\x01")},
	}
	dir := filepath.Join("testdata", "fuzz")
	if *update {
		for name, data := range decodeSeeds {
			writeSeed(t, filepath.Join(dir, "FuzzDecode", name), data)
		}
		for name, args := range bodySeeds {
			writeSeed(t, filepath.Join(dir, "FuzzBody", name), args[0], args[1])
		}
	}
	for _, target := range []string{"FuzzDecode", "FuzzBody"} {
		files, _ := filepath.Glob(filepath.Join(dir, target, "*"))
		if len(files) < 4 {
			t.Fatalf("seed corpus of %s: %d files (run with -update)", target, len(files))
		}
	}
	for name, data := range decodeSeeds {
		if _, err := Decode(data, []age.Identity{rid}, fuzzLimits()); err == nil && name != "signed" && name != "encrypted" && name != "empty-bundle" && name != "signed-before-made_by" {
			t.Errorf("seed %s decodes", name)
		}
	}
}

func writeSeed(t *testing.T, path string, args ...[]byte) {
	var b bytes.Buffer
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		fmt.Fprintf(&b, "[]byte(%q)\n", a)
	}
	os.MkdirAll(filepath.Dir(path), 0o755)
	writeFile(t, path, b.Bytes())
}
