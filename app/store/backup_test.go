package store

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

var updateVectors = flag.Bool("update", false, "regenerate testdata/backup")

// testKey is the fixed key the backups of these tests are signed with. The store does not
// check signatures (app/service does); the vector test checks this one so that the bytes
// signed are pinned down.
var testKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

// makeBackup writes a backup of s the way app/service does, signed with testKey.
func makeBackup(t testing.TB, s *Store, createdAt string) []byte {
	t.Helper()
	snap, err := s.BackupSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	return frame(t, &BackupHeader{Version: BackupVersionNoFiles, CreatedAt: createdAt, Maker: s.Author(), MakerCard: "card",
		Holds: snap.Holds, StateHash: snap.StateHash}, snap.Checkpoints, snap.Raws)
}

// frame fills in the counts, length and hash of h from the body, signs it with testKey and
// returns the file: what a maker does, and what an attacker without the key can do too.
func frame(t testing.TB, h *BackupHeader, cps []Checkpoint, raws [][]byte) []byte {
	t.Helper()
	body, err := EncodeBackupBody(cps, raws)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	h.Ops, h.Checkpoints, h.BodyBytes, h.BodyHash = len(raws), len(cps), int64(len(body)), hex.EncodeToString(sum[:])
	hb, err := MarshalBackupHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := WriteBackup(&out, hb, ed25519.Sign(testKey, BackupSignedBytes(hb)), body); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func fakeCheckpoint(author string, seq uint64, raw []byte) Checkpoint {
	return Checkpoint{Author: author, Seq: seq, Head: oplog.Hash(raw), Sig: bytes.Repeat([]byte{9}, 64)}
}

func sampleStore(t testing.TB) *Store {
	s := openTest(t, t.TempDir())
	id := create(t, s, "commitment", map[string]any{"title": "Backed up", "status": "agreed", "themes": []string{"trafficking"}})
	update(t, s, id, map[string]any{"status": "delivered"})
	create(t, s, "party", map[string]any{"type": "country", "name": "Ghana", "iso3": "GHA"})
	_, raw, err := s.Op(testAuthor, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.PutCheckpoint(fakeCheckpoint(testAuthor, 2, raw)); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestBackupRoundTrip(t *testing.T) {
	s := sampleStore(t)
	data := makeBackup(t, s, "2026-03-02T17:45:00Z")
	head, body, err := ParseBackup(data)
	if err != nil {
		t.Fatal(err)
	}
	if head.Header.Ops != 3 || len(body.Ops) != 3 || len(body.Checkpoints) != 1 || head.Header.Holds[testAuthor] != 3 {
		t.Fatalf("%+v %d ops %d checkpoints", head.Header, len(body.Ops), len(body.Checkpoints))
	}
	if !ed25519.Verify(testKey.Public().(ed25519.PublicKey), BackupSignedBytes(head.HeaderBytes), head.Sig) {
		t.Fatal("the signature read is not the one written")
	}
	// Written again from what was read, byte for byte.
	rebody, _ := EncodeBackupBody(body.Checkpoints, body.Raws)
	var again bytes.Buffer
	WriteBackup(&again, head.HeaderBytes, head.Sig, rebody)
	if !bytes.Equal(again.Bytes(), data) {
		t.Fatal("a backup does not encode back to its bytes")
	}
	r := openTest(t, t.TempDir())
	if _, err := r.Restore(body.Ops, body.Raws, "backup"); err != nil {
		t.Fatal(err)
	}
	if got, _ := r.StateHash(); got != head.Header.StateHash {
		t.Fatal("restored state differs")
	}
	if _, err := r.Restore(body.Ops, body.Raws, "backup"); err == nil || !strings.Contains(err.Error(), "already holds 3 changes") {
		t.Fatalf("restore into a non-empty store: %v", err)
	}
}

// A checkpoint for a change that is not held (kept from a bundle that was then refused), or
// for another change than the one held, is left out.
func TestBackupSnapshotKeepsOnlyMatchingCheckpoints(t *testing.T) {
	s := sampleStore(t)
	_, raw1, _ := s.Op(testAuthor, 1)
	_, raw3, _ := s.Op(testAuthor, 3)
	s.PutCheckpoint(fakeCheckpoint(testAuthor, 9, raw3))
	s.PutCheckpoint(fakeCheckpoint(testAuthor, 3, raw1))
	snap, err := s.BackupSnapshot()
	if err != nil {
		t.Fatal(err)
	}
	if len(snap.Checkpoints) != 1 || snap.Checkpoints[0].Seq != 2 {
		t.Fatalf("%+v", snap.Checkpoints)
	}
}

func TestBackupTruncationsAndBodyChangesRefused(t *testing.T) {
	data := makeBackup(t, sampleStore(t), "2026-03-02T17:45:00Z")
	for n := 0; n < len(data); n++ {
		if _, _, err := ParseBackup(data[:n]); !errors.Is(err, ErrBadBackup) {
			t.Fatalf("cut to %d bytes: %v", n, err)
		}
	}
	head, _, _ := ParseBackup(data)
	for i := int(head.Offset); i < len(data); i++ {
		mod := bytes.Clone(data)
		mod[i] ^= 0x01
		if _, _, err := ParseBackup(mod); !errors.Is(err, ErrBadBackup) {
			t.Fatalf("body byte %d changed: %v", i, err)
		}
	}
}

// frameFiles is frame for a version 3 backup carrying fs (sorted here by SHA-256); edit
// changes the header before it is framed.
func frameFiles(t testing.TB, h *BackupHeader, cps []Checkpoint, raws [][]byte, edit func(h *BackupHeader), fs ...[]byte) []byte {
	t.Helper()
	fs = slices.Clone(fs)
	sum := func(b []byte) string { s := sha256.Sum256(b); return hex.EncodeToString(s[:]) }
	slices.SortFunc(fs, func(a, b []byte) int { return strings.Compare(sum(a), sum(b)) })
	h.Version, h.Files, h.FilesBytes = BackupVersion, nil, 0
	for _, f := range fs {
		h.Files = append(h.Files, BackupFile{SHA256: sum(f), Bytes: int64(len(f))})
		h.FilesBytes += int64(len(f))
	}
	if edit != nil {
		edit(h)
	}
	return append(frame(t, h, cps, raws), bytes.Join(fs, nil)...)
}

// Refusals of the format itself, each with the checksums recomputed where the change
// would otherwise be caught by them.
func TestBackupFormatRefusals(t *testing.T) {
	s := sampleStore(t)
	snap, _ := s.BackupSnapshot()
	good := func() (*BackupHeader, []Checkpoint, [][]byte) {
		return &BackupHeader{Version: 2, CreatedAt: "2026-03-02T17:45:00Z", Maker: testAuthor, MakerCard: "card",
			Holds: snap.Holds.Clone(), StateHash: snap.StateHash}, append([]Checkpoint(nil), snap.Checkpoints...), append([][]byte(nil), snap.Raws...)
	}
	valid := func() []byte { h, c, r := good(); return frame(t, h, c, r) }
	header := func(edit func(h *BackupHeader)) []byte {
		h, c, r := good()
		data := frame(t, h, c, r)
		edit(h)
		hb, _ := MarshalBackupHeader(h)
		head, _, _ := ParseBackup(data)
		return append(append([]byte(backupMagic), hb...), data[len(backupMagic)+len(head.HeaderBytes):]...)
	}
	rawHeader := func(line string) []byte {
		return []byte(backupMagic + line + "\n" + strings.Repeat("A", 86) + "==\n")
	}
	v1 := []byte(backupMagic + `{"version":1,"created_at":"2026-03-02T17:45:00Z","ops":0,"body_bytes":0,"body_sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","state_hash":"x"}` + "\nSHA256 00\n")
	v3 := func(edit func(h *BackupHeader)) []byte {
		h, c, r := good()
		return frameFiles(t, h, c, r, edit, []byte("the signed MoU"), []byte("minutes"), []byte{})
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"version 3 with files (control)", v3(nil), ""},
		{"version 3 without files", v3(func(h *BackupHeader) { h.Files, h.FilesBytes = nil, 0 }), "a version 3 header without files"},
		{"files in a version 2 header", v3(func(h *BackupHeader) { h.Version = 2 }), "files in a version 2 header"},
		{"files out of order", v3(func(h *BackupHeader) { h.Files[0], h.Files[1] = h.Files[1], h.Files[0] }), "out of order, repeated or too long"},
		{"a file repeated", v3(func(h *BackupHeader) { h.Files[1] = h.Files[0]; h.FilesBytes = 2*h.Files[0].Bytes + h.Files[2].Bytes }), "out of order, repeated or too long"},
		{"files_bytes miscounted", v3(func(h *BackupHeader) { h.FilesBytes++ }), "files_bytes says"},
		{"a negative file length", v3(func(h *BackupHeader) { h.Files[0].Bytes = -1 }), "out of order, repeated or too long"},
		{"a file's SHA-256 not hex", v3(func(h *BackupHeader) { h.Files[0].SHA256 = strings.ToUpper(h.Files[0].SHA256) }), "out of order, repeated or too long"},
		{"a file's byte changed", func() []byte { d := v3(nil); d[len(d)-3] ^= 1; return d }(), "does not have the SHA-256 the header declares"},
		{"files cut off", func() []byte { d := v3(nil); return d[:len(d)-1] }(), "cut off inside file"},
		{"bytes after the files", append(v3(nil), 'x'), "bytes after the end of the backup"},
		{"body of a version 3 backup cut off", func() []byte {
			h, c, r := good()
			d := frame(t, h, c, r)
			return frameFiles(t, h, c, r, nil, []byte("x"))[:len(d)-1]
		}(), "the file is cut off: the body is"},
		{"empty", nil, "does not start with"},
		{"a bundle", []byte("DOSSIER\x1a\x01S"), "this is a Dossier bundle, not a backup: import it"},
		{"version 1", v1, "version 1 backup, which is not signed"},
		{"version 4", rawHeader(`{"version":4}`), "made by a newer Dossier (format 4): update Dossier to read it (this Dossier reads backup formats 2 and 3)"},
		{"version 4 naming its writer", rawHeader(`{"version":4,"made_by":"0.9.0","anything":"later formats hold"}`), "made by Dossier 0.9.0 (format 4): update Dossier to read it"},
		{"version 4, writer not a version", rawHeader(`{"version":4,"made_by":"0.9\u001b[31m"}`), "made by a newer Dossier (format 4)"},
		{"version 4, writer not text", rawHeader(`{"version":4,"made_by":{"x":1}}`), "made by a newer Dossier (format 4)"},
		{"version 0", rawHeader(`{"version":0}`), "backup format version (0) is not one Dossier writes (1, 2 or 3): the file was changed or damaged"},
		{"version as text", rawHeader(`{"version":"2"}`), "backup format version (\"2\") is not one Dossier writes"},
		{"version misspelt", rawHeader(`{"wersion":2}`), "backup format version (none) is not one Dossier writes"},
		{"made_by", header(func(h *BackupHeader) { h.MadeBy = "0.1.0" }), ""},
		{"made_by not a version", header(func(h *BackupHeader) { h.MadeBy = "0.1 beta" }), "made_by \"0.1 beta\" is not a version"},
		{"made_by empty but present", bytes.Replace(valid(), []byte(`{"version":2,`), []byte(`{"version":2,"made_by":"",`), 1), "canonical form"},
		{"no version", rawHeader(`{"ops":1}`), "backup format version (none) is not one Dossier writes"},
		{"header not JSON", rawHeader(`{"version":2,`), "not valid JSON"},
		{"unchanged (control)", header(func(h *BackupHeader) {}), ""},
		{"header with spaces", bytes.Replace(valid(), []byte(`{"version":2,`), []byte(`{"version": 2,`), 1), "canonical form"},
		{"unknown header member", rawHeader(`{"version":2,"keys":"x"}`), "unknown field"},
		{"maker not a key id", header(func(h *BackupHeader) { h.Maker = "me" }), "not a key id"},
		{"no card", header(func(h *BackupHeader) { h.MakerCard = "" }), "maker_card is empty"},
		{"bad time", header(func(h *BackupHeader) { h.CreatedAt = "2026-03-02 17:45" }), "created_at"},
		{"holds null", header(func(h *BackupHeader) { h.Holds = nil }), "holds is null"},
		{"holds miscounted", header(func(h *BackupHeader) { h.Holds[testAuthor]++ }), "holds counts"},
		{"holds zero", header(func(h *BackupHeader) { h.Holds["FEDCBA9876543210"] = 0 }), "holds entry"},
		{"bad state hash", header(func(h *BackupHeader) { h.StateHash = "abc" }), "state_hash"},
		{"too many checkpoints", header(func(h *BackupHeader) { h.Checkpoints = 1 << 20 }), "do not fit"},
		{"negative", header(func(h *BackupHeader) { h.Ops = -1 }), "negative"},
		{"store format of this build", header(func(h *BackupHeader) { h.StoreFormat = version.StoreFormat }), ""},
		{"store format newer (refused once signed: CheckStoreFormat)", header(func(h *BackupHeader) { h.StoreFormat = version.StoreFormat + 1 }), ""},
		{"store format negative", header(func(h *BackupHeader) { h.StoreFormat = -1 }), "the header is malformed (store_format -1)"},
		{"cut signature", valid()[:len(backupMagic)+10], "cut off"},
		{"signature not base64", bytes.Replace(valid(), []byte("=\n"), []byte("!\n"), 1), "not a base64 Ed25519 signature"},
		{"body hash", header(func(h *BackupHeader) { h.BodyHash = strings.Repeat("0", 64) }), "SHA-256 does not match"},
		{"body longer", append(valid(), 0), "bytes after the end of the body"},
		{"body shorter", valid()[:len(valid())-1], "cut off"},
		{"checkpoint beyond holds", func() []byte {
			h, c, r := good()
			return frame(t, h, append(c, fakeCheckpoint(testAuthor, 7, r[0])), r)
		}(), "holds their changes up to 3"},
		{"checkpoint of an author without changes", func() []byte {
			h, c, r := good()
			return frame(t, h, append(c, fakeCheckpoint("FEDCBA9876543210", 1, r[0])), r)
		}(), "holds their changes up to 0"},
		{"change that does not decode", func() []byte {
			h, c, r := good()
			r[1] = bytes.Replace(r[1], []byte(`"v":1`), []byte(`"v": 1`), 1)
			return frame(t, h, c, r)
		}(), "change 2 of the body does not decode"},
		{"holds names another author", func() []byte {
			h, _, r := good()
			h.Holds = oplog.VV{"FEDCBA9876543210": 3}
			return frame(t, h, nil, r)
		}(), "the body holds changes up to 3 of " + testAuthor},
	}
	for _, c := range cases {
		_, _, err := ParseBackup(c.data)
		if newer := strings.HasPrefix(c.want, "made by"); newer != errors.Is(err, ErrNewer) {
			t.Errorf("%s: %v is ErrNewer: %v, want %v", c.name, err, !newer, newer)
		}
		if c.want == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
			continue
		}
		if !errors.Is(err, ErrBadBackup) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

// A backup whose records a newer store made is refused as newer, naming its maker's version
// when the header gives one; this build's format and older ones pass.
func TestBackupCheckStoreFormat(t *testing.T) {
	for _, c := range []struct {
		format int
		madeBy string
		want   string
	}{
		{0, "", ""},
		{1, "0.1.0", ""},
		{version.StoreFormat, "", ""},
		{version.StoreFormat + 1, "", fmt.Sprintf("made by a newer Dossier (store format %d): update Dossier to read it (this Dossier reads store format %d)", version.StoreFormat+1, version.StoreFormat)},
		{version.StoreFormat + 1, "0.9.0", fmt.Sprintf("made by Dossier 0.9.0 (store format %d)", version.StoreFormat+1)},
	} {
		err := (&BackupHeader{StoreFormat: c.format, MadeBy: c.madeBy}).CheckStoreFormat()
		if c.want == "" {
			if err != nil {
				t.Errorf("store format %d: %v", c.format, err)
			}
			continue
		}
		if !errors.Is(err, ErrNewer) || !errors.Is(err, ErrBadBackup) || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("store format %d: %v, want %q", c.format, err, c.want)
		}
	}
}

// The order of checkpoints is part of the format: EncodeBackupBody sorts, a reader refuses
// a body that is not sorted.
func TestBackupCheckpointOrder(t *testing.T) {
	s := sampleStore(t)
	snap, _ := s.BackupSnapshot()
	_, raw3, _ := s.Op(testAuthor, 3)
	cps := []Checkpoint{fakeCheckpoint(testAuthor, 3, raw3), snap.Checkpoints[0]}
	body, err := EncodeBackupBody(cps, snap.Raws)
	if err != nil {
		t.Fatal(err)
	}
	// Swap the two records by hand, then frame with the right hash.
	swapped := append(append(bytes.Clone(body[cpRecordLen:2*cpRecordLen]), body[:cpRecordLen]...), body[2*cpRecordLen:]...)
	sum := sha256.Sum256(swapped)
	h := &BackupHeader{Version: 2, CreatedAt: "2026-03-02T17:45:00Z", Maker: testAuthor, MakerCard: "card", Holds: snap.Holds,
		Ops: 3, Checkpoints: 2, BodyBytes: int64(len(swapped)), BodyHash: hex.EncodeToString(sum[:]), StateHash: snap.StateHash}
	hb, _ := MarshalBackupHeader(h)
	var out bytes.Buffer
	WriteBackup(&out, hb, make([]byte, 64), swapped)
	if _, _, err := ParseBackup(out.Bytes()); err == nil || !strings.Contains(err.Error(), "out of order or repeated") {
		t.Fatalf("%v", err)
	}
	if _, err := EncodeBackupBody(append(cps, cps[0]), snap.Raws); err == nil {
		t.Fatal("two equal checkpoints encoded")
	}
}

// vector is testdata/backup/vector.json: what testdata/backup/vector.backup decodes to.
type vector struct {
	Comment     string   `json:"comment"`
	SeedByte    byte     `json:"seed_byte"`
	PublicKey   string   `json:"ed25519_public_key"` // hex
	Header      string   `json:"header"`
	Signed      string   `json:"signed_message_sha256"`
	OpHashes    []string `json:"op_hashes"`
	Checkpoints []string `json:"checkpoint_messages"`
	StateHash   string   `json:"state_hash"`
}

// vectorBackup builds the vector: a maker with a fixed key, two changes, its checkpoint.
func vectorBackup(t *testing.T) ([]byte, *vector) {
	pub := testKey.Public().(ed25519.PublicKey)
	author := identity.KeyID(pub)
	c := identity.Card{Version: identity.CardVersion, Name: "Amina Benali", Role: identity.RoleDelegate, Delegation: "Test",
		PublicKey: pub, AgeRecipient: "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p",
		CreatedAt: mustTime(t, "2026-03-01T09:30:00Z"), Signature: make([]byte, 64)}
	full := identity.EncodeCard(c)
	cut := bytes.Index(full, []byte(",\n  \"signature\""))
	c.Signature = ed25519.Sign(testKey, append([]byte("dossier identity card v1\n"), append(full[:cut:cut], "\n}\n"...)...))
	card := identity.EncodeCard(c)
	if _, err := identity.DecodeCard(card); err != nil {
		t.Fatal(err)
	}
	rec := "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b"
	var raws [][]byte
	prev := ""
	for i, set := range []map[string]json.RawMessage{
		{"title": js("Search and rescue capacity"), "status": js("agreed")},
		{"status": js("delivered")},
	} {
		typ := oplog.OpCreate
		if i > 0 {
			typ = oplog.OpUpdate
		}
		_, raw, err := oplog.EncodeCanonical(&oplog.Op{V: oplog.Version, Author: author, Seq: uint64(i + 1), Prev: prev,
			Clock: oplog.Clock{Wall: 1772357400000 + int64(i)}, Type: typ, Kind: "commitment", Record: rec, Set: set})
		if err != nil {
			t.Fatal(err)
		}
		raws, prev = append(raws, raw), oplog.Hash(raw)
	}
	st := openTest(t, t.TempDir())
	ops := make([]*oplog.Op, len(raws))
	for i, r := range raws {
		ops[i], _ = oplog.Decode(r)
	}
	if _, err := st.Restore(ops, raws, "vector"); err != nil {
		t.Fatal(err)
	}
	state, _ := st.StateHash()
	cpMsg := bundle.CheckpointMessage(author, 2, prev)
	cp := Checkpoint{Author: author, Seq: 2, Head: prev, Sig: ed25519.Sign(testKey, cpMsg)}
	data := frame(t, &BackupHeader{Version: 2, CreatedAt: "2026-03-02T17:45:00Z", Maker: author, MakerCard: string(card),
		Holds: oplog.VV{author: 2}, StateHash: state}, []Checkpoint{cp}, raws)
	head, _, err := ParseBackup(data)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(BackupSignedBytes(head.HeaderBytes))
	v := &vector{Comment: "A version 2 backup (docs/storage.md) signed with the Ed25519 key whose seed is 32 times seed_byte; regenerate with go test ./app/store -run TestBackupVector -update",
		SeedByte: 7, PublicKey: hex.EncodeToString(pub), Header: string(head.HeaderBytes), Signed: hex.EncodeToString(sum[:]),
		OpHashes: []string{oplog.Hash(raws[0]), oplog.Hash(raws[1])}, Checkpoints: []string{string(cpMsg)}, StateHash: state}
	return data, v
}

func mustTime(t *testing.T, s string) time.Time {
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm
}

func TestBackupVector(t *testing.T) {
	dir := filepath.Join("testdata", "backup")
	data, v := vectorBackup(t)
	if *updateVectors {
		os.MkdirAll(dir, 0o755)
		js, _ := json.MarshalIndent(v, "", "  ")
		if err := os.WriteFile(filepath.Join(dir, "vector.json"), append(js, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "vector.backup"), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	file, err := os.ReadFile(filepath.Join(dir, "vector.backup"))
	if err != nil {
		t.Fatal(err)
	}
	var want vector
	js, err := os.ReadFile(filepath.Join(dir, "vector.json"))
	if err != nil || json.Unmarshal(js, &want) != nil {
		t.Fatalf("vector.json: %v", err)
	}
	// This build writes exactly the checked-in bytes...
	if !bytes.Equal(file, data) {
		t.Fatal("the backup written differs from testdata/backup/vector.backup")
	}
	// ...and reads them as the vector says.
	head, body, err := ParseBackup(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(head.HeaderBytes) != want.Header || head.Header.StateHash != want.StateHash || len(body.Ops) != len(want.OpHashes) {
		t.Fatalf("header %s", head.HeaderBytes)
	}
	sum := sha256.Sum256(BackupSignedBytes(head.HeaderBytes))
	pub, _ := hex.DecodeString(want.PublicKey)
	if hex.EncodeToString(sum[:]) != want.Signed || !ed25519.Verify(pub, BackupSignedBytes(head.HeaderBytes), head.Sig) {
		t.Fatal("the signature does not cover \"dossier backup header v2\\n\" and the header")
	}
	for i, r := range body.Raws {
		if oplog.Hash(r) != want.OpHashes[i] {
			t.Fatalf("change %d", i+1)
		}
	}
	cp := body.Checkpoints[0]
	if string(bundle.CheckpointMessage(cp.Author, cp.Seq, cp.Head)) != want.Checkpoints[0] ||
		!(bundle.Checkpoint{Author: cp.Author, Seq: cp.Seq, Head: cp.Head, Sig: cp.Sig}).Verify(pub) {
		t.Fatal("checkpoint")
	}
}

func FuzzParseBackup(f *testing.F) {
	s := sampleStore(f)
	data := makeBackup(f, s, "2026-03-02T17:45:00Z")
	f.Add(data)
	f.Add(data[:len(data)/2])
	f.Add([]byte(backupMagic))
	f.Add([]byte(backupMagic + `{"version":1}` + "\n"))
	f.Add([]byte(backupMagic + `{"version":4,"made_by":"0.9.0"}` + "\n"))
	snap, _ := s.BackupSnapshot()
	f.Add(frameFiles(f, &BackupHeader{CreatedAt: "2026-03-02T17:45:00Z", Maker: s.Author(), MakerCard: "card",
		Holds: snap.Holds, StateHash: snap.StateHash}, snap.Checkpoints, snap.Raws, nil, []byte("MoU"), []byte("minutes")))
	f.Fuzz(func(t *testing.T, in []byte) {
		head, body, err := ParseBackup(in)
		if err != nil {
			if !errors.Is(err, ErrBadBackup) {
				t.Fatalf("refusal without ErrBadBackup: %v", err)
			}
			return
		}
		// Whatever is accepted is canonical: written again from its parts, it is the input.
		rebody, err := EncodeBackupBody(body.Checkpoints, body.Raws)
		if err != nil {
			t.Fatal(err)
		}
		var again bytes.Buffer
		WriteBackup(&again, head.HeaderBytes, head.Sig, rebody)
		again.Write(in[head.FilesOffset():]) // checked against the header's SHA-256s
		if !bytes.Equal(again.Bytes(), in) {
			t.Fatalf("accepted input is not canonical:\n%q\n%q", in, again.Bytes())
		}
		if hb, _ := MarshalBackupHeader(&head.Header); !bytes.Equal(hb, head.HeaderBytes) {
			t.Fatal("header")
		}
		if len(body.Ops) != head.Header.Ops || len(body.Checkpoints) != head.Header.Checkpoints {
			t.Fatal(fmt.Sprint("counts ", len(body.Ops), head.Header.Ops))
		}
	})
}

// TestBackupVectorFiles pins a version 3 backup: the vector's changes with two files.
// testdata/backup/vector-files.json holds its header, the SHA-256 of the bytes signed and
// the files' SHA-256s; regenerate with -update.
func TestBackupVectorFiles(t *testing.T) {
	dir := filepath.Join("testdata", "backup")
	v2, _ := vectorBackup(t)
	head, body, err := ParseBackup(v2)
	if err != nil {
		t.Fatal(err)
	}
	h := head.Header
	data := frameFiles(t, &h, body.Checkpoints, body.Raws, nil, []byte("%PDF-1.4\nsigned memorandum\n"), []byte("minutes of the meeting\n"))
	type filesVector struct {
		Comment string   `json:"comment"`
		Header  string   `json:"header"`
		Signed  string   `json:"signed_message_sha256"`
		Files   []string `json:"files_sha256"`
	}
	if *updateVectors {
		head, _, err := ParseBackup(data)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(BackupSignedBytes(head.HeaderBytes))
		v := filesVector{Comment: "vector.backup's changes as a version 3 backup carrying two files (docs/storage.md), same key; regenerate with go test ./app/store -run TestBackupVectorFiles -update",
			Header: string(head.HeaderBytes), Signed: hex.EncodeToString(sum[:])}
		for _, f := range head.Header.Files {
			v.Files = append(v.Files, f.SHA256)
		}
		js, _ := json.MarshalIndent(v, "", "  ")
		os.WriteFile(filepath.Join(dir, "vector-files.json"), append(js, '\n'), 0o644)
		os.WriteFile(filepath.Join(dir, "vector-files.backup"), data, 0o644)
	}
	file, err := os.ReadFile(filepath.Join(dir, "vector-files.backup"))
	if err != nil {
		t.Fatal(err)
	}
	var want filesVector
	js, err := os.ReadFile(filepath.Join(dir, "vector-files.json"))
	if err != nil || json.Unmarshal(js, &want) != nil {
		t.Fatalf("vector-files.json: %v", err)
	}
	if !bytes.Equal(file, data) {
		t.Fatal("the backup written differs from testdata/backup/vector-files.backup")
	}
	head, _, err = ParseBackup(file)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(BackupSignedBytes(head.HeaderBytes))
	if string(head.HeaderBytes) != want.Header || hex.EncodeToString(sum[:]) != want.Signed || len(head.Header.Files) != len(want.Files) ||
		!ed25519.Verify(testKey.Public().(ed25519.PublicKey), BackupSignedBytes(head.HeaderBytes), head.Sig) {
		t.Fatalf("header %s", head.HeaderBytes)
	}
	off := head.FilesOffset()
	for i, f := range head.Header.Files {
		s := sha256.Sum256(file[off : off+f.Bytes])
		if f.SHA256 != want.Files[i] || hex.EncodeToString(s[:]) != f.SHA256 {
			t.Fatalf("file %d", i+1)
		}
		off += f.Bytes
	}
}
