package bundle

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"

	"dossier/app/identity"
)

func fileOf(data string) File {
	s := sha256.Sum256([]byte(data))
	return File{SHA256: hex.EncodeToString(s[:]), Data: []byte(data)}
}

// filesVector is testdata/vectors/files.json: the format 2 vector, the vector bundle of
// TestVectors carrying two files.
type filesVector struct {
	Comment      string      `json:"comment"`
	SignedSHA256 string      `json:"signed_sha256"`
	Header       string      `json:"header"`
	Files        []FileEntry `json:"files"`
	FileTexts    []string    `json:"file_texts"`
}

var vectorFiles = []string{"%PDF-1.4 the signed memorandum of understanding", "Intervention of the EU delegation, Roundtable 4"}

func TestVectorFiles(t *testing.T) {
	var vf vectorFile
	data, err := os.ReadFile(filepath.Join(vectorDir, "vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &vf); err != nil {
		t.Fatal(err)
	}
	sec, del, runs, opt := vectorBundle(t, &vf)
	for _, s := range vectorFiles {
		opt.Files = append(opt.Files, fileOf(s))
	}
	signed := encode(t, sec, runs, opt)
	if *update {
		b := mustDecode(t, signed)
		sum := sha256.Sum256(signed)
		fv := filesVector{Comment: "docs/bundle-format.md, format 2; regenerate with go test ./app/bundle -run TestVectorFiles -update",
			SignedSHA256: hex.EncodeToString(sum[:]), Header: string(b.HeaderBytes), Files: b.Header.Files, FileTexts: vectorFiles}
		js, _ := json.MarshalIndent(fv, "", "  ")
		writeFile(t, filepath.Join(vectorDir, "files.json"), append(js, '\n'))
		writeFile(t, filepath.Join(vectorDir, "signed-files.dossier"), signed)
		return
	}
	var fv filesVector
	js, err := os.ReadFile(filepath.Join(vectorDir, "files.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(js, &fv); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(filepath.Join(vectorDir, "signed-files.dossier"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, signed) {
		t.Fatalf("the encoder no longer writes signed-files.dossier byte for byte (first difference at byte %d)", firstDiff(file, signed))
	}
	if want := append(append([]byte(Magic), 2, 5), "0.1.0S"...); !bytes.HasPrefix(file, want) {
		t.Fatalf("format 2 framing: %q", file[:16])
	}
	o, err := Open(file, nil, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	if string(o.HeaderBytes) != fv.Header || o.Header.Format != 2 || len(o.Header.Files) != 2 {
		t.Fatalf("header %s\nwant %s", o.HeaderBytes, fv.Header)
	}
	for i, f := range o.Header.Files {
		got, _ := io.ReadAll(o.File(i))
		if s := sha256.Sum256(got); hex.EncodeToString(s[:]) != f.SHA256 || f != fv.Files[i] {
			t.Errorf("file %d: %q", i, got)
		}
	}
	if _, err := o.Bundle(); err != nil {
		t.Fatalf("runs of the format 2 vector: %v", err)
	}
	// Encrypted: the same files come out of the decrypted bundle.
	opt.To, opt.Encrypt = []identity.Card{del.card}, true
	enc := encode(t, sec, runs, opt)
	eo, err := Open(enc, nil, DefaultLimits())
	if err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Fatalf("without a key: %v", err)
	}
	eo, err = Open(enc, []age.Identity{del.age}, DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(eo.File(1))
	if !eo.Encrypted || !bytes.Equal(got, opt.Files[0].Data) && !bytes.Equal(got, opt.Files[1].Data) {
		t.Errorf("encrypted file: %q", got)
	}
}

// TestFilesTampered: a bundle whose carried bytes do not match the SHA-256 the signed header
// gives is refused at Open, before anything is decompressed, with the file named; so is one
// cut short or with bytes added after the files.
func TestFilesTampered(t *testing.T) {
	sec, _, runs, opt := vectorBundle(t, &vectorFile{})
	opt.Files = []File{fileOf("the signed MoU, page 1"), fileOf("page 2")}
	signed := encode(t, sec, runs, opt)
	if _, err := Open(signed, nil, DefaultLimits()); err != nil {
		t.Fatal(err)
	}
	for name, mutate := range map[string]func([]byte) []byte{
		"last byte changed": func(b []byte) []byte { b[len(b)-1] ^= 1; return b },
		"first file changed": func(b []byte) []byte {
			i := bytes.Index(b, []byte("page 2"))
			if i < 0 {
				i = bytes.Index(b, []byte("the signed MoU"))
			}
			b[i] ^= 0x20
			return b
		},
		"cut short":   func(b []byte) []byte { return b[:len(b)-3] },
		"bytes added": func(b []byte) []byte { return append(b, "extra"...) },
	} {
		b := mutate(bytes.Clone(signed))
		_, err := Open(b, nil, DefaultLimits())
		var be *Error
		if !errors.As(err, &be) {
			t.Errorf("%s: accepted (%v)", name, err)
			continue
		}
		if strings.HasSuffix(name, "changed") && (be.Problem != ProblemFileHash || !strings.Contains(be.Msg, "SHA-256")) {
			t.Errorf("%s: %s %v", name, be.Problem, err)
		}
	}
	// A signed header cannot claim files in format 1.
	h := Header{Files: []FileEntry{{SHA256: opt.Files[0].SHA256, Bytes: 3}}, FilesBytes: 3, Format: 1}
	if err := checkFileList(&h, DefaultLimits()); err == nil {
		t.Error("files in a format 1 header were accepted")
	}
	h.Format = 2
	h.Files = append(h.Files, h.Files[0])
	h.FilesBytes = 6
	if err := checkFileList(&h, DefaultLimits()); err == nil {
		t.Error("a repeated file was accepted")
	}
}

func TestFormatPrefix(t *testing.T) {
	for _, tc := range []struct {
		data string
		ok   bool
	}{
		{Magic + "\x01S", true},
		{Magic + "\x02\x050.1.0S", true},
		{Magic + "\x02\x00S", false},
		{Magic + "\x02\x05../..S", false},
		{Magic + "\x02\x400.1.0S", false},
		{Magic + "\x03\x050.1.0S", false},
	} {
		_, err := checkPrefix([]byte(tc.data))
		if (err == nil) != tc.ok {
			t.Errorf("%q: %v", tc.data, err)
		}
	}
}
