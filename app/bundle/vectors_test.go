package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
)

var update = flag.Bool("update", false, "regenerate the test vectors in testdata/vectors")

const vectorDir = "testdata/vectors"

// vectorFile is testdata/vectors/vectors.json: what the checked-in bundles must decode to.
type vectorFile struct {
	Comment       string            `json:"comment"`
	Signers       []vectorSigner    `json:"signers"`
	BundleID      string            `json:"bundle_id"`
	CreatedAt     string            `json:"created_at"`
	SignedSHA256  string            `json:"signed_sha256"`
	Header        string            `json:"header"` // the exact bytes
	HeaderSig     string            `json:"header_signature"`
	Runs          []vectorRun       `json:"runs"`
	Encrypted     string            `json:"encrypted_file"`
	RecipientAge  string            `json:"recipient_age_identity"`
	CheckpointMsg map[string]string `json:"checkpoint_messages"`
}

type vectorSigner struct {
	Name        string `json:"name"`
	Role        string `json:"role"`
	SeedByte    byte   `json:"seed_byte"` // Ed25519 seed: 32 times this byte
	AgeIdentity string `json:"age_identity"`
	KeyID       string `json:"key_id"`
}

type vectorRun struct {
	Author     string   `json:"author"`
	From       uint64   `json:"from"`
	To         uint64   `json:"to"`
	OpSHA256   []string `json:"op_hashes"`
	Checkpoint string   `json:"checkpoint_signature"`
}

// vectorBundle builds the vector bundle: a secretariat relaying a delegate's four changes
// beside three of its own, signed, and the same encrypted to the delegate.
func vectorBundle(t *testing.T, vf *vectorFile) (sec, del *testSigner, runs []Run, opt Options) {
	ids := make([]*age.X25519Identity, 2)
	for i := range ids {
		if vf.Signers != nil {
			id, err := age.ParseX25519Identity(vf.Signers[i].AgeIdentity)
			if err != nil {
				t.Fatal(err)
			}
			ids[i] = id
		}
	}
	sec = newSigner(t, 1, "Secretariat of the Rabat Process", identity.RoleSecretariat, ids[0])
	del = newSigner(t, 2, "Amina Benali", identity.RoleDelegate, ids[1])
	rd := run(t, del, 1, "", 4, nil)
	rs := run(t, sec, 1, "", 3, oplog.VV{del.KeyID(): 4})
	opt = Options{ID: "0195a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b", CreatedAt: time.Date(2026, 3, 2, 17, 45, 0, 0, time.UTC),
		Holds: oplog.VV{del.KeyID(): 4, sec.KeyID(): 3}, MadeBy: "0.1.0"}
	return sec, del, []Run{rd, rs}, opt
}

func TestVectors(t *testing.T) {
	var vf vectorFile
	if !*update {
		data, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(data, &vf); err != nil {
			t.Fatal(err)
		}
	}
	sec, del, runs, opt := vectorBundle(t, &vf)
	signed := encode(t, sec, runs, opt)
	encOpt := opt
	encOpt.To, encOpt.Encrypt = []identity.Card{del.card}, true
	if *update {
		enc := encode(t, sec, runs, encOpt)
		sum := sha256.Sum256(signed)
		b := mustDecode(t, signed)
		vf = vectorFile{Comment: "docs/bundle-format.md; regenerate with go test ./app/bundle -run TestVectors -update",
			BundleID: opt.ID, CreatedAt: opt.CreatedAt.Format(time.RFC3339), SignedSHA256: hex.EncodeToString(sum[:]),
			Header: string(b.HeaderBytes), HeaderSig: hex.EncodeToString(signed[14+len(b.HeaderBytes) : 14+len(b.HeaderBytes)+64]),
			Encrypted: "encrypted.dossier", RecipientAge: del.age.String(), CheckpointMsg: map[string]string{}}
		for i, s := range []*testSigner{sec, del} {
			vf.Signers = append(vf.Signers, vectorSigner{Name: s.card.Name, Role: s.card.Role, SeedByte: byte(i + 1), AgeIdentity: s.age.String(), KeyID: s.KeyID()})
		}
		for _, r := range b.Runs {
			vr := vectorRun{Author: r.Author, From: r.From(), To: r.To(), Checkpoint: hex.EncodeToString(r.Checkpoint.Sig)}
			for _, raw := range r.Raws {
				vr.OpSHA256 = append(vr.OpSHA256, oplog.Hash(raw))
			}
			vf.Runs = append(vf.Runs, vr)
			vf.CheckpointMsg[r.Author] = string(CheckpointMessage(r.Author, r.Checkpoint.Seq, r.Checkpoint.Head))
		}
		js, _ := json.MarshalIndent(vf, "", "  ")
		os.MkdirAll(vectorDir, 0o755)
		writeFile(t, filepath.Join(vectorDir, "vectors.json"), append(js, '\n'))
		writeFile(t, filepath.Join(vectorDir, "signed.dossier"), signed)
		writeFile(t, filepath.Join(vectorDir, "encrypted.dossier"), enc)
		t.Log("vectors regenerated")
		return
	}
	// The checked-in signed bundle is exactly what the encoder writes today.
	file, err := os.ReadFile(filepath.Join(vectorDir, "signed.dossier"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(file)
	if hex.EncodeToString(sum[:]) != vf.SignedSHA256 {
		t.Fatal("signed.dossier does not match vectors.json")
	}
	if !bytes.Equal(file, signed) {
		t.Fatalf("the encoder no longer writes signed.dossier byte for byte (first difference at byte %d): a format change needs a new version", firstDiff(file, signed))
	}
	check := func(name string, b *Bundle) {
		if string(b.HeaderBytes) != vf.Header {
			t.Fatalf("%s: header\n%s\nwant\n%s", name, b.HeaderBytes, vf.Header)
		}
		if b.Header.Bundle != vf.BundleID || b.Header.Exporter != vf.Signers[0].KeyID {
			t.Fatalf("%s: header %+v", name, b.Header)
		}
		var got []vectorRun
		for _, r := range b.Runs {
			vr := vectorRun{Author: r.Author, From: r.From(), To: r.To(), Checkpoint: hex.EncodeToString(r.Checkpoint.Sig)}
			for _, raw := range r.Raws {
				vr.OpSHA256 = append(vr.OpSHA256, oplog.Hash(raw))
			}
			got = append(got, vr)
			if string(CheckpointMessage(r.Author, r.Checkpoint.Seq, r.Checkpoint.Head)) != vf.CheckpointMsg[r.Author] {
				t.Fatalf("%s: checkpoint message of %s", name, r.Author)
			}
		}
		if !reflect.DeepEqual(got, vf.Runs) {
			t.Fatalf("%s: runs %+v\nwant %+v", name, got, vf.Runs)
		}
	}
	check("signed.dossier", mustDecode(t, file))
	enc, err := os.ReadFile(filepath.Join(vectorDir, vf.Encrypted))
	if err != nil {
		t.Fatal(err)
	}
	rid, err := age.ParseX25519Identity(vf.RecipientAge)
	if err != nil {
		t.Fatal(err)
	}
	b := mustDecode(t, enc, rid)
	if !b.Encrypted || b.Recipients[0] != vf.Signers[1].KeyID {
		t.Fatalf("encrypted vector: %+v", b.Recipients)
	}
	if !reflect.DeepEqual(b.Header.To, []string{vf.Signers[1].KeyID}) {
		t.Fatalf("to %v", b.Header.To)
	}
	// Same contents as the signed one apart from `to`.
	b.Header.To = []string{}
	hb, _ := marshalHeader(&b.Header)
	if string(hb) != vf.Header {
		t.Fatalf("encrypted vector's header differs beyond `to`:\n%s", hb)
	}
}

// TestVectorBeforeMadeBy: the vector bundle as Dossier wrote it before headers recorded
// their writer (no made_by) still opens and reads, with the same runs as today's vector.
func TestVectorBeforeMadeBy(t *testing.T) {
	old, err := os.ReadFile(filepath.Join(vectorDir, "signed-before-made_by.dossier"))
	if err != nil {
		t.Fatal(err)
	}
	cur, err := os.ReadFile(filepath.Join(vectorDir, "signed.dossier"))
	if err != nil {
		t.Fatal(err)
	}
	b, now := mustDecode(t, old), mustDecode(t, cur)
	if bytes.Contains(b.HeaderBytes, []byte("made_by")) || b.Header.MadeBy != "" {
		t.Fatalf("the old vector has a writer: %s", b.HeaderBytes)
	}
	if now.Header.MadeBy != "0.1.0" {
		t.Fatalf("today's vector: made_by %q", now.Header.MadeBy)
	}
	if len(b.Runs) != len(now.Runs) {
		t.Fatalf("runs %d, today %d", len(b.Runs), len(now.Runs))
	}
	for i := range b.Runs {
		if !reflect.DeepEqual(b.Runs[i].Raws, now.Runs[i].Raws) || !bytes.Equal(b.Runs[i].Checkpoint.Sig, now.Runs[i].Checkpoint.Sig) {
			t.Fatalf("run %d differs", i)
		}
	}
}
