// Package bundle reads and writes bundle files (.dossier): the operations one installation
// sends to others, grouped by author, each author's run ending in that author's signed
// checkpoint, under a header signed by the exporter, optionally encrypted with age to named
// recipients. The format is specified in docs/bundle-format.md.
//
// A bundle is read in two steps, so that trust is decided before the body is decompressed.
// Open verifies what the file proves without decompressing: framing, decryption, the
// exporter's signature, the header's declared sizes against the limits, and the body hash;
// it returns the signed header. The caller decides whether it trusts the exporter and every
// author the header names. Then Walk (operation by operation) or Runs (run by run)
// decompresses the body as a stream, never beyond its declared size, and checks the hash
// chains and the checkpoints' heads. Decode does both and keeps everything, for callers
// that need it all in memory. Whether the authors are trusted, and their checkpoint
// signatures against the keys trusted for them, are the importer's business (app/service),
// because they depend on what the store holds.
package bundle

import (
	"crypto/ed25519"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

// Version is the bundle format version this package reads and writes (app/version numbers
// every format).
const Version = version.BundleFormat

// Ext is the file name extension of bundles.
const Ext = ".dossier"

// Magic starts every bundle file.
const Magic = "DOSSIER\x1a"

const (
	kindSigned    = 'S'
	kindEncrypted = 'E'

	headerContext     = "dossier bundle header v1\n"
	checkpointContext = "dossier checkpoint v1\n"

	prefixLen = len(Magic) + 2 // magic, version, kind
	sigLen    = ed25519.SignatureSize
)

// Limits bound what Open and Walk accept. Every refusal names the limit and the value found.
type Limits struct {
	MaxFileBytes    int64 // the file, and an encrypted bundle's plaintext
	MaxHeaderBytes  int
	MaxRawBodyBytes int64 // the body after decompression
	MaxRatio        int64 // decompressed / compressed body size
	MaxOps          int
	MaxAuthors      int
	MaxOpBytes      int // one canonical operation
	MaxFieldBytes   int // one field value, or one set element
	MaxRecipients   int
	MaxFiles        int // files carried (format 2)
}

// DefaultLimits are the limits of docs/bundle-format.md.
func DefaultLimits() Limits {
	return Limits{
		MaxFileBytes:    512 << 20,
		MaxHeaderBytes:  64 << 10,
		MaxRawBodyBytes: 1 << 30,
		MaxRatio:        100,
		MaxOps:          1_000_000,
		MaxAuthors:      10_000,
		MaxOpBytes:      oplog.MaxOpSize,
		MaxFieldBytes:   512 << 10,
		MaxRecipients:   64,
		MaxFiles:        10_000,
	}
}

// Problems: what kind of refusal an *Error is, for callers that act on it.
const (
	ProblemNotBundle    = "not_bundle"    // not a Dossier bundle at all
	ProblemVersion      = "version"       // a format version this build does not read
	ProblemDamaged      = "damaged"       // changed, truncated or extended after it was made
	ProblemLimit        = "limit"         // bigger than a limit allows
	ProblemNotRecipient = "not_recipient" // encrypted to others
	ProblemNeedKey      = "need_key"      // encrypted, and no key was given to decrypt it
	ProblemMalformed    = "malformed"     // signed by its exporter but not well formed
	ProblemFileHash     = "file_hash"     // a carried file's bytes do not have the SHA-256 the header gives
)

// ErrRefused is matched by every error Open, Decode and Walk return of their own.
var ErrRefused = errors.New("bundle refused")

// Error says why a bundle is refused, in words for the person importing it.
type Error struct {
	Problem string
	Offset  int64 // byte offset in the file the problem was found at, or -1
	Msg     string
	// Recipients are the key ids an encrypted bundle was made for (ProblemNotRecipient).
	Recipients []string
}

func (e *Error) Error() string {
	if e.Offset >= 0 {
		return e.Msg + " (at byte " + strconv.FormatInt(e.Offset, 10) + ")"
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return ErrRefused }

func refuse(problem string, off int64, format string, a ...any) *Error {
	return &Error{Problem: problem, Offset: off, Msg: fmt.Sprintf(format, a...)}
}

const askAgain = "ask the sender for the file again"

func damaged(off int64, format string, a ...any) *Error {
	return refuse(ProblemDamaged, off, "the file was changed or damaged after it was made: "+format+"; "+askAgain, a...)
}

func limit(off int64, format string, a ...any) *Error {
	return refuse(ProblemLimit, off, "the bundle exceeds a limit: "+format, a...)
}

// Header is the exporter-signed description of a bundle (docs/bundle-format.md). Member
// order is the canonical encoding order.
type Header struct {
	Format       int      `json:"format"`
	MadeBy       string   `json:"made_by,omitempty"` // the Dossier version that wrote it; absent before 0.1.0
	Bundle       string   `json:"bundle"`
	CreatedAt    string   `json:"created_at"`
	Exporter     string   `json:"exporter"`
	ExporterCard string   `json:"exporter_card"`
	To           []string `json:"to"`
	Holds        oplog.VV `json:"holds"`
	From         oplog.VV `json:"from"`
	Contents     oplog.VV `json:"contents"`
	Ops          int      `json:"ops"`
	BodyBytes    int64    `json:"body_bytes"`
	BodyRawBytes int64    `json:"body_raw_bytes"`
	BodySHA256   string   `json:"body_sha256"`
	// Files (format 2 only) are the attachments' bytes carried after the body, in this
	// order; FilesBytes is their total length.
	Files      []FileEntry `json:"files,omitempty"`
	FilesBytes int64       `json:"files_bytes,omitempty"`
}

// FileEntry names one file of a bundle's files section (format 2): its SHA-256 and length.
type FileEntry struct {
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// File is the bytes of one attachment to carry in a bundle.
type File struct {
	SHA256 string
	Data   []byte
}

// VersionFiles is the bundle format that carries files (attachments) after the body. It is
// written only when there are files to carry; otherwise an export is format 1 (Version).
const VersionFiles = 2

// Checkpoint is an author's signature over their chain up to Seq.
type Checkpoint struct {
	Author string
	Seq    uint64
	Head   string // hex SHA-256 of operation Seq's canonical bytes
	Sig    []byte
}

// CheckpointMessage is what a checkpoint signature covers.
func CheckpointMessage(author string, seq uint64, head string) []byte {
	var b strings.Builder
	b.Grow(len(checkpointContext) + 16 + 20 + 64 + 3)
	b.WriteString(checkpointContext)
	b.WriteString(author)
	b.WriteByte('\n')
	b.WriteString(strconv.FormatUint(seq, 10))
	b.WriteByte('\n')
	b.WriteString(head)
	b.WriteByte('\n')
	return []byte(b.String())
}

// Signer is what signs bundles and checkpoints: this installation's identity.
type Signer interface {
	KeyID() string
	Card() identity.Card
	Sign(msg []byte) []byte
}

// SignCheckpoint makes the signer's checkpoint at its operation seq with hash head.
func SignCheckpoint(s Signer, seq uint64, head string) Checkpoint {
	a := s.KeyID()
	return Checkpoint{Author: a, Seq: seq, Head: head, Sig: s.Sign(CheckpointMessage(a, seq, head))}
}

// Verify checks the checkpoint's signature with the author's key.
func (c Checkpoint) Verify(pub ed25519.PublicKey) bool {
	return len(pub) == ed25519.PublicKeySize && len(c.Sig) == sigLen &&
		identity.KeyID(pub) == c.Author && ed25519.Verify(pub, CheckpointMessage(c.Author, c.Seq, c.Head), c.Sig)
}

// Run is one author's consecutive operations, ending in the author's checkpoint.
type Run struct {
	Author     string
	Ops        []*oplog.Op
	Raws       [][]byte // canonical bytes of Ops
	Checkpoint Checkpoint
}

// From is the first sequence number of the run.
func (r *Run) From() uint64 { return r.Ops[0].Seq }

// To is the last sequence number of the run.
func (r *Run) To() uint64 { return r.Ops[len(r.Ops)-1].Seq }

// Bundle is a decoded and self-verified bundle.
type Bundle struct {
	Header      Header
	HeaderBytes []byte
	Exporter    identity.Card
	Runs        []Run
	Encrypted   bool
	Recipients  []string // key ids on the outer envelope of an encrypted bundle
	FileBytes   int64    // the file as given
	SignedBytes int64    // the signed bundle (the plaintext of an encrypted one)
}

// Ops returns every operation and its bytes, run by run.
func (b *Bundle) Ops() ([]*oplog.Op, [][]byte) {
	ops := make([]*oplog.Op, 0, b.Header.Ops)
	raws := make([][]byte, 0, b.Header.Ops)
	for _, r := range b.Runs {
		ops = append(ops, r.Ops...)
		raws = append(raws, r.Raws...)
	}
	return ops, raws
}
