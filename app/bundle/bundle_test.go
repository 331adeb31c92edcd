package bundle

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

// twoAuthors is a secretariat relaying a delegate's run beside its own.
func twoAuthors(t testing.TB) (sec, del *testSigner, runs []Run) {
	sec = newSigner(t, 1, "Secretariat", identity.RoleSecretariat, nil)
	del = newSigner(t, 2, "A. Benali", identity.RoleDelegate, nil)
	rd := run(t, del, 1, "", 4, nil)
	rs := run(t, sec, 1, "", 3, oplog.VV{del.KeyID(): 4})
	return sec, del, []Run{rs, rd}
}

func mustDecode(t testing.TB, data []byte, ids ...age.Identity) *Bundle {
	t.Helper()
	b, err := Decode(data, ids, DefaultLimits())
	if err != nil {
		t.Fatalf("decode: %v", err)
	}
	return b
}

func refused(t testing.TB, err error, problem string) *Error {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) || !errors.Is(err, ErrRefused) {
		t.Fatalf("want a refusal (%s), got %T %v", problem, err, err)
	}
	if problem != "" && e.Problem != problem {
		t.Fatalf("problem %q, want %q: %v", e.Problem, problem, e)
	}
	if len(e.Msg) < 20 {
		t.Fatalf("message too short to help: %q", e.Msg)
	}
	return e
}

func TestRoundTripSigned(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	created := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	data := encode(t, sec, runs, Options{CreatedAt: created, Holds: oplog.VV{del.KeyID(): 9, sec.KeyID(): 3}})
	b := mustDecode(t, data)
	h := b.Header
	if h.Exporter != sec.KeyID() || h.CreatedAt != "2026-03-02T10:00:00Z" || h.Ops != 7 || b.Encrypted ||
		!reflect.DeepEqual(h.Contents, oplog.VV{del.KeyID(): 4, sec.KeyID(): 3}) || !reflect.DeepEqual(h.From, oplog.VV{del.KeyID(): 1, sec.KeyID(): 1}) ||
		h.Holds[del.KeyID()] != 9 || len(h.To) != 0 || b.Exporter.Name != "Secretariat" || b.FileBytes != int64(len(data)) {
		t.Fatalf("header %+v", h)
	}
	if len(b.Runs) != 2 || b.Runs[0].Author > b.Runs[1].Author {
		t.Fatalf("runs not in author order")
	}
	for _, r := range b.Runs {
		var want Run
		for _, w := range runs {
			if w.Author == r.Author {
				want = w
			}
		}
		if len(r.Raws) != len(want.Raws) {
			t.Fatalf("run of %s: %d ops", r.Author, len(r.Raws))
		}
		for i := range r.Raws {
			if !bytes.Equal(r.Raws[i], want.Raws[i]) || !reflect.DeepEqual(r.Ops[i], want.Ops[i]) {
				t.Fatalf("op %d of %s differs", i, r.Author)
			}
		}
		signer := map[string]*testSigner{sec.KeyID(): sec, del.KeyID(): del}[r.Author]
		if !r.Checkpoint.Verify(signer.card.PublicKey) {
			t.Fatalf("checkpoint of %s does not verify", r.Author)
		}
		other := map[string]*testSigner{sec.KeyID(): del, del.KeyID(): sec}[r.Author]
		if r.Checkpoint.Verify(other.card.PublicKey) {
			t.Fatalf("checkpoint of %s verifies with another key", r.Author)
		}
	}
	ops, raws := b.Ops()
	if len(ops) != 7 || len(raws) != 7 {
		t.Fatal("Ops()")
	}
	// An empty bundle is valid too.
	e := mustDecode(t, encode(t, sec, nil, Options{}))
	if e.Header.Ops != 0 || len(e.Runs) != 0 {
		t.Fatalf("empty bundle: %+v", e.Header)
	}
}

func TestRoundTripEncrypted(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	other := newSigner(t, 3, "Other", identity.RoleDelegate, nil)
	data := encode(t, sec, runs, Options{To: []identity.Card{del.card}, Encrypt: true})
	if bytes.Contains(data, []byte("Commitment 1")) || bytes.Contains(data, []byte("Secretariat")) {
		t.Fatal("plaintext visible in an encrypted bundle")
	}
	for _, id := range []*age.X25519Identity{del.age, sec.age} { // the exporter can read what it sent
		b := mustDecode(t, data, id)
		if !b.Encrypted || !reflect.DeepEqual(b.Recipients, []string{del.KeyID()}) || b.Header.Ops != 7 || b.SignedBytes >= b.FileBytes {
			t.Fatalf("encrypted: %+v", b)
		}
	}
	_, err := Decode(data, []age.Identity{other.age}, DefaultLimits())
	if e := refused(t, err, ProblemNotRecipient); !reflect.DeepEqual(e.Recipients, []string{del.KeyID()}) {
		t.Fatalf("recipients %v", e.Recipients)
	}
	_, err = Decode(data, nil, DefaultLimits())
	refused(t, err, ProblemNeedKey)
	env, err := Peek(data)
	if err != nil || !env.Encrypted || env.Recipients[0] != del.KeyID() {
		t.Fatalf("peek %+v %v", env, err)
	}
	// Sign-only with recipients named: readable by anyone, `to` still signed.
	b := mustDecode(t, encode(t, sec, runs, Options{To: []identity.Card{del.card, other.card}}))
	if b.Encrypted || len(b.Header.To) != 2 {
		t.Fatalf("sign-only: %+v", b.Header)
	}
}

// tamper checks that every single-byte change (with each mask) and every truncation of
// data is refused.
func tamper(t *testing.T, data []byte, masks []byte, ids ...age.Identity) {
	t.Helper()
	buf := make([]byte, len(data))
	problems := map[string]int{}
	for off := 0; off < len(data); off++ {
		for _, m := range masks {
			copy(buf, data)
			buf[off] ^= m
			_, err := Decode(buf, ids, DefaultLimits())
			if err == nil {
				t.Fatalf("byte %d ^ %#x accepted", off, m)
			}
			e := refused(t, err, "")
			problems[e.Problem]++
		}
	}
	for n := 0; n < len(data); n++ {
		_, err := Decode(data[:n], ids, DefaultLimits())
		if err == nil {
			t.Fatalf("truncation to %d bytes accepted", n)
		}
		e := refused(t, err, "")
		problems[e.Problem]++
	}
	if _, err := Decode(append(append([]byte{}, data...), 0), ids, DefaultLimits()); err == nil {
		t.Fatal("an extra byte at the end was accepted")
	}
	t.Logf("%d bytes: refusals by problem %v", len(data), problems)
}

func tamperMasks() []byte {
	if testing.Short() {
		return []byte{0x01}
	}
	return []byte{0x01, 0x80, 0xff}
}

func TestTamperSigned(t *testing.T) {
	sec, _, runs := twoAuthors(t)
	tamper(t, encode(t, sec, runs[:1], Options{}), tamperMasks())
}

func TestTamperEncrypted(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	data := encode(t, sec, runs[:1], Options{To: []identity.Card{del.card}, Encrypt: true})
	tamper(t, data, tamperMasks(), del.age)
}

func TestRefusals(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	good := encode(t, sec, runs, Options{})
	for _, c := range []struct {
		name, problem, msg string
		data               []byte
	}{
		{"empty", ProblemNotBundle, "empty", nil},
		{"text file", ProblemNotBundle, "not a Dossier bundle", []byte("hello, this is not a bundle")},
		{"backup file", ProblemNotBundle, "this is a Dossier backup, not a bundle: restore it with", []byte("DOSSIER-BACKUP\n{}")},
		{"newer version", ProblemVersion, "made by a newer Dossier (format 3): update Dossier to read it (this Dossier reads bundle format 1 and 2)", append([]byte(Magic+"\x03S"), good[10:]...)},
		{"newer version naming its writer", ProblemVersion, "made by Dossier 0.9.0 (format 3): update Dossier to read it",
			append(NewerPrefix(3, "0.9.0"), "anything a later format holds"...)},
		{"newer version, writer cut short", ProblemVersion, "made by a newer Dossier (format 3)", NewerPrefix(3, "0.9.0")[:12]},
		{"newer version, writer not a version", ProblemVersion, "made by a newer Dossier (format 200)",
			append(NewerPrefix(200, "0.9\x1b[31m"), good[10:]...)},
		{"newer version, writer too long", ProblemVersion, "made by a newer Dossier (format 3)",
			append(NewerPrefix(3, strings.Repeat("9", 65)), good[10:]...)},
		{"version 0", ProblemVersion, "damaged", append([]byte(Magic+"\x00S"), good[10:]...)},
		{"unknown kind", ProblemDamaged, "signed or encrypted", append([]byte(Magic+"\x01X"), good[10:]...)},
		{"truncated magic", ProblemDamaged, "truncated", []byte(Magic[:8])},
		{"truncated body", ProblemDamaged, "truncated", good[:len(good)-1]},
		{"extended", ProblemDamaged, "after the end", append(append([]byte{}, good...), 'x')},
		{"header changed", ProblemDamaged, "signature", bytes.Replace(good, []byte(`"ops":7`), []byte(`"ops":8`), 1)},
		{"signature changed", ProblemDamaged, "signature", flip(good, 14+headerLen(good)+10)},
		{"body changed", ProblemDamaged, "SHA-256", flip(good, len(good)-5)},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := Decode(c.data, nil, DefaultLimits())
			e := refused(t, err, c.problem)
			if !strings.Contains(e.Error(), c.msg) {
				t.Fatalf("%q lacks %q", e.Error(), c.msg)
			}
		})
	}
	// A recipient list changed outside the encryption.
	two := encode(t, sec, runs, Options{To: []identity.Card{del.card}, Encrypt: true})
	other := newSigner(t, 3, "Other", identity.RoleDelegate, nil)
	swapped := append(append(append([]byte{}, two[:11]...), other.KeyID()...), two[27:]...)
	_, err := Decode(swapped, []age.Identity{del.age}, DefaultLimits())
	refused(t, err, ProblemDamaged)
}

func flip(b []byte, off int) []byte {
	c := append([]byte{}, b...)
	c[off] ^= 1
	return c
}

func headerLen(b []byte) int { return int(binary.BigEndian.Uint32(b[10:])) }

func TestLimits(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	good := encode(t, sec, runs, Options{})
	b := mustDecode(t, good)
	third := newSigner(t, 4, "Third", identity.RoleDelegate, nil)
	two := encode(t, sec, runs, Options{To: []identity.Card{del.card, third.card}, Encrypt: true})
	big := run(t, del, 1, "", 1, nil)
	big.Ops[0].Set["text"] = oplog.MustCanon(strings.Repeat("x", 4000))
	big.Raws[0], _ = oplog.Encode(big.Ops[0])
	big.Checkpoint = SignCheckpoint(del, 1, oplog.Hash(big.Raws[0]))
	bigData := encode(t, sec, []Run{big}, Options{})
	for _, c := range []struct {
		name string
		set  func(*Limits)
		data []byte
		msg  string
	}{
		{"file size", func(l *Limits) { l.MaxFileBytes = int64(len(good) - 1) }, good, "the file is"},
		{"header size", func(l *Limits) { l.MaxHeaderBytes = len(b.HeaderBytes) - 1 }, good, "the header is"},
		{"decompressed size", func(l *Limits) { l.MaxRawBodyBytes = b.Header.BodyRawBytes - 1 }, good, "decompresses to"},
		{"ratio", func(l *Limits) { l.MaxRatio = 2 }, bigData, "decompress"},
		{"operations", func(l *Limits) { l.MaxOps = 6 }, good, "7 changes, the limit is 6"},
		{"authors", func(l *Limits) { l.MaxAuthors = 1 }, good, "2 authors, the limit is 1"},
		{"operation size", func(l *Limits) { l.MaxOpBytes = 100 }, good, "the limit is 100"},
		{"field size", func(l *Limits) { l.MaxFieldBytes = 1000 }, bigData, "field text"},
		{"recipients", func(l *Limits) { l.MaxRecipients = 1 }, two, "2 recipients, the limit is 1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			lim := DefaultLimits()
			c.set(&lim)
			_, err := Decode(c.data, []age.Identity{del.age}, lim)
			e := refused(t, err, ProblemLimit)
			if !strings.Contains(e.Error(), c.msg) || !strings.Contains(e.Error(), "limit") {
				t.Fatalf("%q lacks %q", e.Error(), c.msg)
			}
		})
	}
}

var forgeWriter *flate.Writer // reused: a DEFLATE writer allocates most of a megabyte

// forge signs a bundle with any header and raw body, to reach the checks behind the
// signature.
func forge(t testing.TB, s *testSigner, h Header, raw []byte) []byte {
	t.Helper()
	var body bytes.Buffer
	if forgeWriter == nil {
		forgeWriter, _ = flate.NewWriter(&body, 5)
	}
	forgeWriter.Reset(&body)
	forgeWriter.Write(raw)
	forgeWriter.Close()
	return signBody(t, s, h, body.Bytes(), int64(len(raw)))
}

// signBody signs a bundle with any header and compressed body, declaring rawLen as the
// body's decompressed size (true or not).
func signBody(t testing.TB, s *testSigner, h Header, body []byte, rawLen int64) []byte {
	t.Helper()
	sum := sha256.Sum256(body)
	h.Format, h.Exporter, h.ExporterCard = Version, s.KeyID(), string(identity.EncodeCard(s.card))
	if h.Bundle == "" {
		h.Bundle = "01900000-0000-7000-8000-000000000000"
	}
	if h.CreatedAt == "" {
		h.CreatedAt = "2026-03-01T09:30:00Z"
	}
	for _, vv := range []*oplog.VV{&h.Holds, &h.From, &h.Contents} {
		if *vv == nil {
			*vv = oplog.VV{}
		}
	}
	if h.To == nil {
		h.To = []string{}
	}
	h.BodyBytes, h.BodyRawBytes, h.BodySHA256 = int64(len(body)), rawLen, hex.EncodeToString(sum[:])
	hb, err := marshalHeader(&h)
	if err != nil {
		t.Fatal(err)
	}
	out := append([]byte(Magic), Version, kindSigned)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hb)))
	out = append(out, hb...)
	out = append(out, s.Sign(append([]byte(headerContext), hb...))...)
	return append(out, body...)
}

// rawRun writes a run's body bytes as the format says.
func rawRun(r Run, mutate func(i int, raw []byte) []byte) []byte {
	var b []byte
	b = append(b, r.Author...)
	b = binary.AppendUvarint(b, r.From())
	b = binary.AppendUvarint(b, uint64(len(r.Ops)))
	for i, raw := range r.Raws {
		if mutate != nil {
			raw = mutate(i, raw)
		}
		b = binary.AppendUvarint(b, uint64(len(raw)))
		b = append(b, raw...)
	}
	b = binary.AppendUvarint(b, r.Checkpoint.Seq)
	head, _ := hex.DecodeString(r.Checkpoint.Head)
	b = append(b, head...)
	return append(b, r.Checkpoint.Sig...)
}

func headerFor(runs ...Run) Header {
	h := Header{From: oplog.VV{}, Contents: oplog.VV{}}
	for _, r := range runs {
		h.From[r.Author], h.Contents[r.Author] = r.From(), r.To()
		h.Ops += len(r.Ops)
	}
	return h
}

func TestMalformedButSigned(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	rs, rd := runs[0], runs[1]
	first, second := rd, rs
	if rs.Author < rd.Author {
		first, second = rs, rd
	}
	ok := forge(t, sec, headerFor(first, second), append(rawRun(first, nil), rawRun(second, nil)...))
	mustDecode(t, ok) // the forger itself is right
	otherOp, _ := chain(t, del, 1, "", 1, nil)
	cases := []struct {
		name string
		h    Header
		raw  []byte
		msg  string
	}{
		{"runs out of order", headerFor(first, second), append(rawRun(second, nil), rawRun(first, nil)...), "out of order"},
		{"trailing byte", headerFor(first, second), append(append(rawRun(first, nil), rawRun(second, nil)...), 0), "body"},
		{"a run missing", headerFor(first, second), rawRun(first, nil), "runs"},
		{"ops count wrong", func() Header { h := headerFor(rd); h.Ops = 5; return h }(), rawRun(rd, nil), "ranges hold"},
		{"broken chain", headerFor(rd), rawRun(rd, func(i int, raw []byte) []byte {
			if i == 2 {
				b, _ := oplog.Encode(otherOp[0])
				o, _ := oplog.Decode(b)
				o.Seq, o.Prev = 3, strings.Repeat("0", 64)
				b, _ = oplog.Encode(o)
				return b
			}
			return raw
		}), "does not follow"},
		{"op not canonical", headerFor(rd), rawRun(rd, func(i int, raw []byte) []byte {
			if i == 0 {
				return bytes.Replace(raw, []byte(`"v":1`), []byte(`"v": 1`), 1)
			}
			return raw
		}), "canonical"},
		{"op of another author", headerFor(rd), func() []byte {
			b := rawRun(rd, nil)
			copy(b, sec.KeyID())
			return b
		}(), "differs from the header"},
		{"checkpoint not on the last op", headerFor(rd), func() []byte {
			b := rawRun(rd, nil)
			b[len(b)-64-1] ^= 1 // last byte of the head
			return b
		}(), "checkpoint"},
		{"varint not shortest", headerFor(rd), func() []byte {
			b := rawRun(rd, nil)
			return append(append(append([]byte{}, b[:16]...), 0x81, 0x00), b[17:]...)
		}(), "shortest"},
		{"null version vector", func() Header { h := headerFor(rd); h.Holds = nil; return h }(), rawRun(rd, nil), ""},
		{"made_by not a version", func() Header { h := headerFor(rd); h.MadeBy = "0.1 beta"; return h }(), rawRun(rd, nil), `made_by "0.1 beta"`},
		{"made_by with a control character", func() Header { h := headerFor(rd); h.MadeBy = "0.1\n"; return h }(), rawRun(rd, nil), "made_by"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			data := forge(t, sec, c.h, c.raw)
			if c.h.Holds == nil && c.name == "null version vector" {
				// forge fills nil vectors; write "null" by hand.
				data = forgeNullHolds(t, sec, c.raw, c.h)
			}
			_, err := Decode(data, nil, DefaultLimits())
			e := refused(t, err, ProblemMalformed)
			if !strings.Contains(e.Error(), c.msg) {
				t.Fatalf("%q lacks %q", e.Error(), c.msg)
			}
		})
	}
}

func forgeNullHolds(t testing.TB, s *testSigner, raw []byte, h Header) []byte {
	data := forge(t, s, h, raw)
	hl := headerLen(data)
	hb := bytes.Replace(data[14:14+hl], []byte(`"holds":{}`), []byte(`"holds":null`), 1)
	out := append([]byte(Magic), Version, kindSigned)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hb)))
	out = append(out, hb...)
	out = append(out, s.Sign(append([]byte(headerContext), hb...))...)
	return append(out, data[14+hl+64:]...)
}

// The private halves of the exporter's keys appear nowhere in a bundle or its card, in
// any usual encoding, compressed or not.
func TestNoPrivateKeyInBundle(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	secrets := func(s *testSigner) [][]byte {
		var out [][]byte
		for _, k := range [][]byte{s.priv.Seed(), s.priv, []byte(s.age.String())} {
			out = append(out, k, []byte(hex.EncodeToString(k)), []byte(strings.ToUpper(hex.EncodeToString(k))),
				[]byte(base64.StdEncoding.EncodeToString(k)), []byte(base64.RawStdEncoding.EncodeToString(k)),
				[]byte(base64.URLEncoding.EncodeToString(k)))
		}
		out = append(out, []byte(strings.ToLower(s.age.String())))
		return out
	}
	signed := encode(t, sec, runs, Options{})
	enc := encode(t, sec, runs, Options{To: []identity.Card{del.card}, Encrypt: true})
	b := mustDecode(t, signed)
	raw, _ := inflate(signed[14+headerLen(signed)+64:], b.Header.BodyRawBytes)
	for _, s := range []*testSigner{sec, del} {
		for _, secret := range secrets(s) {
			for name, hay := range map[string][]byte{"signed bundle": signed, "encrypted bundle": enc, "body": raw,
				"header": b.HeaderBytes, "card": identity.EncodeCard(s.card)} {
				if bytes.Contains(hay, secret) {
					t.Fatalf("a private key of %s appears in the %s", s.card.Name, name)
				}
			}
		}
	}
}

func TestCheckpointMessage(t *testing.T) {
	got := string(CheckpointMessage("56475AA75463474C", 57, strings.Repeat("ab", 32)))
	want := "dossier checkpoint v1\n56475AA75463474C\n57\n" + strings.Repeat("ab", 32) + "\n"
	if got != want {
		t.Fatalf("%q", got)
	}
	s := newSigner(t, 5, "X", identity.RoleDelegate, nil)
	cp := SignCheckpoint(s, 57, strings.Repeat("ab", 32))
	if !cp.Verify(s.card.PublicKey) {
		t.Fatal("does not verify")
	}
	for _, bad := range []Checkpoint{{cp.Author, 58, cp.Head, cp.Sig}, {cp.Author, 57, strings.Repeat("ac", 32), cp.Sig}, {"0000000000000000", 57, cp.Head, cp.Sig}, {cp.Author, 57, cp.Head, cp.Sig[:63]}} {
		if bad.Verify(s.card.PublicKey) {
			t.Fatalf("%+v verifies", bad)
		}
	}
}

func TestEncodeRefusesBadRuns(t *testing.T) {
	sec, del, runs := twoAuthors(t)
	rd := runs[1]
	var b bytes.Buffer
	for name, rs := range map[string][]Run{
		"empty run":      {{Author: del.KeyID()}},
		"two runs":       {rd, rd},
		"bad checkpoint": {{Author: rd.Author, Ops: rd.Ops, Raws: rd.Raws, Checkpoint: runs[0].Checkpoint}},
		"gap in run":     {{Author: rd.Author, Ops: []*oplog.Op{rd.Ops[0], rd.Ops[2]}, Raws: [][]byte{rd.Raws[0], rd.Raws[2]}, Checkpoint: rd.Checkpoint}},
	} {
		if _, err := Encode(&b, sec, rs, Options{}); err == nil {
			t.Errorf("%s: encoded", name)
		}
	}
	if _, err := Encode(&b, sec, runs, Options{Encrypt: true}); err == nil {
		t.Error("encrypted to nobody")
	}
}

// Large bundles decode in reasonable time and memory; the count is small under -short.
func TestLargeBundle(t *testing.T) {
	n := 20000
	if testing.Short() {
		n = 2000
	}
	sec := newSigner(t, 1, "Secretariat", identity.RoleSecretariat, nil)
	start := time.Now()
	data := encode(t, sec, []Run{run(t, sec, 1, "", n, nil)}, Options{})
	enc := time.Since(start)
	start = time.Now()
	b := mustDecode(t, data)
	if b.Header.Ops != n {
		t.Fatal(b.Header.Ops)
	}
	t.Logf("%d ops: %d bytes (%d raw), encode %v, decode %v", n, len(data), b.Header.BodyRawBytes, enc, time.Since(start))
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

var _ = fmt.Sprintf

// TestMadeBy: the header records the writer's version, and an empty one written out is not
// the canonical form (omitted is).
func TestMadeBy(t *testing.T) {
	sec, _, runs := twoAuthors(t)
	b := mustDecode(t, encode(t, sec, runs, Options{}))
	if b.Header.MadeBy != version.MadeBy() || !bytes.HasPrefix(b.HeaderBytes, []byte(`{"format":1,"made_by":"`+version.MadeBy()+`","bundle":`)) {
		t.Fatalf("header %s", b.HeaderBytes)
	}
	b = mustDecode(t, encode(t, sec, runs, Options{MadeBy: "2.0.0-rc.1+abc"}))
	if b.Header.MadeBy != "2.0.0-rc.1+abc" {
		t.Fatalf("made_by %q", b.Header.MadeBy)
	}
	// "made_by":"" signed by the exporter: refused as not canonical.
	rd := runs[0]
	data := forge(t, sec, headerFor(rd), rawRun(rd, nil))
	hl := headerLen(data)
	hb := bytes.Replace(data[14:14+hl], []byte(`"format":1,`), []byte(`"format":1,"made_by":"",`), 1)
	out := append([]byte(Magic), Version, kindSigned)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hb)))
	out = append(out, hb...)
	out = append(out, sec.Sign(append([]byte(headerContext), hb...))...)
	out = append(out, data[14+hl+64:]...)
	_, err := Decode(out, nil, DefaultLimits())
	if e := refused(t, err, ProblemDamaged); !strings.Contains(e.Error(), "canonical") {
		t.Fatal(e)
	}
}

func TestNewerMadeBy(t *testing.T) {
	for _, c := range []struct {
		data []byte
		want string
	}{
		{NewerPrefix(3, "0.9.0"), "0.9.0"},
		{NewerPrefix(2, "0.9.0"), ""}, // format 2 is read here: not newer
		{append(NewerPrefix(9, "devel+94b3204d18de"), 0, 1, 2), "devel+94b3204d18de"},
		{NewerPrefix(1, "0.9.0"), ""}, // format 1 has no such prefix: its byte 9 is the kind
		{NewerPrefix(3, ""), ""},
		{NewerPrefix(3, "0.9.0")[:14], ""},
		{NewerPrefix(3, "a b"), ""},
		{[]byte(Magic + "\x03"), ""},
		{nil, ""},
	} {
		if got := NewerMadeBy(c.data); got != c.want {
			t.Errorf("NewerMadeBy(%q) = %q, want %q", c.data, got, c.want)
		}
	}
}

func TestFormatFor(t *testing.T) {
	card := func(name string, reads ...int) identity.Card { return identity.Card{Name: name, Reads: reads} }
	for _, c := range []struct {
		name   string
		writes []int
		to     []identity.Card
		want   int
		err    string
	}{
		{"no recipients: the newest", []int{1}, nil, Version, ""},
		{"a card from before reads", []int{1}, []identity.Card{card("Amina")}, 1, ""},
		{"a card that reads 1", []int{1}, []identity.Card{card("Amina", 1)}, 1, ""},
		{"a newer recipient that still reads 1", []int{1}, []identity.Card{card("Amina", 1, 2, 3)}, 1, ""},
		{"the oldest both read", []int{1, 2, 3}, []identity.Card{card("Amina", 2, 3), card("Karim", 1, 2, 3)}, 2, ""},
		{"an old card among new ones", []int{1, 2}, []identity.Card{card("Amina", 1, 2), card("Karim")}, 1, ""},
		{"a recipient newer than this build", []int{1}, []identity.Card{card("Amina", 2, 3)}, 0,
			"Amina's Dossier reads only bundle format 2, 3, newer than this Dossier writes (1): update this Dossier"},
		{"a recipient older than this build", []int{2, 3}, []identity.Card{card("Karim", 1, 3), card("Amina")}, 0,
			"Amina's Dossier reads only bundle format 1, and this Dossier writes 2, 3: ask Amina to update Dossier"},
		{"no format in common", []int{1, 2}, []identity.Card{card("Amina", 1), card("Karim", 2)}, 0,
			"no bundle format in common (Amina reads 1, Karim reads 2): export to them separately"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := chooseFormat(c.writes, c.to)
			if c.err == "" {
				if err != nil || got != c.want {
					t.Fatalf("%d, %v; want %d", got, err, c.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Fatalf("%d, %v; want %q", got, err, c.err)
			}
		})
	}
	// Today: one written format, and Encode writes only what it can.
	if f, err := FormatFor([]identity.Card{card("Amina")}); f != 1 || err != nil {
		t.Fatal(f, err)
	}
	sec, _, runs := twoAuthors(t)
	if _, err := Encode(io.Discard, sec, runs, Options{Format: 3}); err == nil || !strings.Contains(err.Error(), "does not write bundle format 3") {
		t.Fatal(err)
	}
	if b := mustDecode(t, encode(t, sec, runs, Options{Format: 2})); b.Header.Format != 2 || len(b.Header.Files) != 0 {
		t.Fatal(b.Header.Format) // format 2 without files: what a reader of 2 only gets
	}
	if b := mustDecode(t, encode(t, sec, runs, Options{Format: 1})); b.Header.Format != 1 {
		t.Fatal(b.Header.Format)
	}
}
