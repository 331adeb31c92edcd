package bundle

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"time"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

var (
	keyIDRE = regexp.MustCompile(`^[0-9A-F]{16}$`)
	uuidRE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	hashRE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Open is the first of the two steps of reading a bundle: it checks everything a bundle can
// prove without decompressing its body, and returns the exporter-signed header, so that the
// caller can decide trust of the exporter and of every author the header names (and refuse)
// before a byte is inflated. In order: the file size, the framing; for an encrypted bundle
// the recipient list and decryption (streamed: age's chunks are decrypted and authenticated
// as they are read, never held whole); the header's size, canonical form, the exporter's card
// and signature; the header's meaning and its declared sizes against lim (changes, authors,
// decompressed size, ratio); then the body's length and SHA-256, which reads the compressed
// body once (decrypting it, for an encrypted bundle) without decompressing it. The second
// step is (*Opened).Walk or Runs.
//
// ids decrypt encrypted bundles; with none, an encrypted bundle is refused with
// ProblemNeedKey. Every error is an *Error matching ErrRefused. The Opened reads data again
// when its body is walked: data must not be changed until then.
func Open(data []byte, ids []age.Identity, lim Limits) (*Opened, error) {
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, limit(-1, "the file is %d bytes, the limit is %d bytes: ask the sender to export fewer changes at a time", len(data), lim.MaxFileBytes)
	}
	pre, err := checkPrefix(data)
	if err != nil {
		return nil, err
	}
	switch data[pre.kindOff] {
	case kindSigned:
		o, err := openSigned(bytes.NewReader(data), int64(len(data)), pre, lim)
		if err != nil {
			return nil, err
		}
		o.FileBytes = int64(len(data))
		return o, nil
	case kindEncrypted:
		return openEncrypted(data, pre, ids, lim)
	default:
		return nil, damaged(int64(pre.kindOff), "byte %d should say whether the bundle is signed or encrypted", pre.kindOff)
	}
}

// Decode is Open followed by Runs, keeping every run: it holds the whole decompressed bundle
// in memory, and decompresses it before the caller can look at the header. It is for callers
// that truly need every operation at once and have no trust to decide first (tests, tools on
// bundles already judged); an importer or an inspector of files from outside calls Open,
// decides trust from the header, then walks the body with Runs or Walk.
func Decode(data []byte, ids []age.Identity, lim Limits) (*Bundle, error) {
	o, err := Open(data, ids, lim)
	if err != nil {
		return nil, err
	}
	return o.Bundle()
}

// Bundle reads the whole body (Runs) and keeps every run: for callers that need them all at
// once. Call it only after deciding trust from the header.
func (o *Opened) Bundle() (*Bundle, error) {
	b := &Bundle{Header: o.Header, HeaderBytes: o.HeaderBytes, Exporter: o.Exporter, Encrypted: o.Encrypted,
		Recipients: o.Recipients, FileBytes: o.FileBytes, SignedBytes: o.SignedBytes, Runs: make([]Run, 0, len(o.Header.Contents))}
	if err := o.Runs(func(r *Run) error {
		b.Runs = append(b.Runs, *r)
		return nil
	}); err != nil {
		return nil, err
	}
	return b, nil
}

// prefix is what the first bytes of a bundle say: its format, the writer's version (format
// 2 carries it outside everything else, docs/bundle-format.md), and where the kind byte is.
type prefix struct {
	format  int
	madeBy  string
	kindOff int
}

// framing is the start of a bundle of a format, up to and including its kind byte.
func framing(format int, madeBy string, kind byte) []byte {
	out := append([]byte(Magic), byte(format))
	if format >= VersionFiles {
		out = append(append(out, byte(len(madeBy))), madeBy...)
	}
	return append(out, kind)
}

func checkPrefix(data []byte) (prefix, *Error) {
	n := min(len(data), len(Magic))
	if !bytes.Equal(data[:n], []byte(Magic[:n])) || len(data) == 0 {
		if len(data) == 0 {
			return prefix{}, refuse(ProblemNotBundle, -1, "the file is empty: choose a .dossier file written by `dossier export`")
		}
		if bytes.HasPrefix(data, []byte("DOSSIER-BACKUP\n")) {
			return prefix{}, refuse(ProblemNotBundle, 0, "this is a Dossier backup, not a bundle: restore it with `dossier restore FILE` (Settings › Backup in the window); importing is for the .dossier files written by `dossier export`")
		}
		return prefix{}, refuse(ProblemNotBundle, 0, "not a Dossier bundle (the file does not start with %q): choose a .dossier file written by `dossier export`", "DOSSIER")
	}
	if len(data) < prefixLen {
		return prefix{}, damaged(int64(len(data)), "the file is truncated: it ends after %d bytes", len(data))
	}
	switch v := data[len(Magic)]; {
	case v == Version:
		return prefix{format: Version, kindOff: len(Magic) + 1}, nil
	case v == VersionFiles:
		off := len(Magic) + 1
		l := int(data[off])
		if l < 1 || l > 64 || len(data) < off+1+l+1 || !version.MadeByRE.MatchString(string(data[off+1:off+1+l])) {
			return prefix{}, damaged(int64(off), "the writer's version after the format number is not valid")
		}
		return prefix{format: VersionFiles, madeBy: string(data[off+1 : off+1+l]), kindOff: off + 1 + l}, nil
	case v > VersionFiles:
		// No byte offset: the whole file is in a format this build does not read.
		return prefix{}, refuse(ProblemVersion, -1, "%s (this Dossier reads bundle format %d and %d)", version.NewerMessage(NewerMadeBy(data), int(v)), Version, VersionFiles)
	default:
		return prefix{}, refuse(ProblemVersion, int64(len(Magic)), "the bundle says format version %d, which no Dossier writes (this one reads version %d): the file is damaged; %s", v, Version, askAgain)
	}
}

// NewerMadeBy reads who wrote a bundle in a format newer than this one, by the rule every
// later format keeps (docs/bundle-format.md, "What every later format keeps"): right after
// the version byte, one length byte L (1–64) and L bytes of the writer's version. It is not
// authenticated (this build cannot check a newer format's signature), so it is used only to
// word the refusal, and only when it looks like a version; otherwise "".
func NewerMadeBy(data []byte) string {
	off := len(Magic) + 1
	if len(data) <= off || data[len(Magic)] <= VersionFiles {
		return ""
	}
	n := int(data[off])
	if n < 1 || n > 64 || len(data) < off+1+n {
		return ""
	}
	s := string(data[off+1 : off+1+n])
	if !version.MadeByRE.MatchString(s) {
		return ""
	}
	return s
}

// NewerPrefix is the start of a bundle in format f written by a Dossier whose version is
// madeBy, as every later format begins. Tests use it to make what a newer Dossier writes.
func NewerPrefix(f byte, madeBy string) []byte {
	return append(append([]byte(Magic), f, byte(len(madeBy))), madeBy...)
}

// Envelope is what the outside of a bundle says, readable without any key.
type Envelope struct {
	Version    int      `json:"version"`
	Encrypted  bool     `json:"encrypted"`
	Recipients []string `json:"recipients,omitempty"`
}

// Peek reads the framing of a bundle without verifying it.
func Peek(data []byte) (*Envelope, error) {
	pre, err := checkPrefix(data)
	if err != nil {
		return nil, err
	}
	env := &Envelope{Version: pre.format}
	if data[pre.kindOff] == kindEncrypted {
		env.Encrypted = true
		env.Recipients, _, _ = readRecipients(data, pre, DefaultLimits())
	}
	return env, nil
}

func readRecipients(data []byte, pre prefix, lim Limits) ([]string, int, *Error) {
	off := pre.kindOff + 1
	if len(data) <= off {
		return nil, 0, damaged(int64(len(data)), "the file is truncated: it ends before the recipient list")
	}
	n := int(data[off])
	if n == 0 {
		return nil, 0, damaged(int64(off), "an encrypted bundle names no recipient")
	}
	if n > lim.MaxRecipients {
		return nil, 0, limit(int64(off), "%d recipients, the limit is %d", n, lim.MaxRecipients)
	}
	off++
	if len(data) < off+16*n {
		return nil, 0, damaged(int64(len(data)), "the file is truncated: it ends inside the recipient list")
	}
	keys := make([]string, n)
	for i := range keys {
		keys[i] = string(data[off+16*i : off+16*i+16])
		if !keyIDRE.MatchString(keys[i]) || (i > 0 && keys[i] <= keys[i-1]) {
			return nil, 0, damaged(int64(off+16*i), "recipient %d is not a key id in order", i+1)
		}
	}
	return keys, off + 16*n, nil
}

func openEncrypted(data []byte, outer prefix, ids []age.Identity, lim Limits) (*Opened, error) {
	recips, off, rerr := readRecipients(data, outer, lim)
	if rerr != nil {
		return nil, rerr
	}
	if len(ids) == 0 {
		e := refuse(ProblemNeedKey, -1, "the bundle is encrypted, and this installation has no key to open it: run `dossier init` first, or inspect it on a recipient's installation")
		e.Recipients = recips
		return nil, e
	}
	// DecryptReaderAt authenticates the final chunk, and with it the plaintext's size, before
	// returning; each other chunk is authenticated when it is read.
	plain, size, err := age.DecryptReaderAt(bytes.NewReader(data[off:]), int64(len(data)-off), ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			e := refuse(ProblemNotRecipient, -1, "the bundle is encrypted for other recipients, not for this installation")
			e.Recipients = recips
			return nil, e
		}
		return nil, damaged(int64(off), "the encrypted part cannot be opened (%v)", err)
	}
	if size > lim.MaxFileBytes {
		return nil, limit(-1, "the decrypted bundle is more than %d bytes: ask the sender to export fewer changes at a time", lim.MaxFileBytes)
	}
	if size < int64(prefixLen) {
		return nil, damaged(-1, "the encrypted part is not a signed bundle")
	}
	head := make([]byte, min(size, int64(len(Magic)+2+64+1)))
	if err := readAt(plain, head, 0); err != nil {
		return nil, err
	}
	pre, perr := checkPrefix(head)
	if perr != nil || head[pre.kindOff] != kindSigned || pre != outer {
		return nil, damaged(-1, "the encrypted part is not a signed bundle of the same format")
	}
	o, err := openSigned(plain, size, pre, lim)
	if err != nil {
		var be *Error
		if errors.As(err, &be) {
			be.Offset = -1 // offsets inside the plaintext mean nothing in the file
		}
		return nil, err
	}
	if !slices.Equal(o.Header.To, recips) {
		return nil, damaged(int64(outer.kindOff+1), "the recipient list outside the encryption differs from the signed one inside")
	}
	o.Encrypted, o.Recipients = true, recips
	o.FileBytes = int64(len(data))
	return o, nil
}

// readAt reads exactly len(p) bytes of src at off. Only a decrypting src can fail inside
// its size: its chunk did not authenticate.
func readAt(src io.ReaderAt, p []byte, off int64) *Error {
	if n, err := src.ReadAt(p, off); n < len(p) {
		return damaged(-1, "the encrypted part is damaged (%v)", err)
	}
	return nil
}

// openSigned checks a signed bundle of size bytes read through src (the file itself, or an
// encrypted bundle's plaintext) up to, not including, decompression.
func openSigned(src io.ReaderAt, size int64, pre prefix, lim Limits) (*Opened, error) {
	off := int64(pre.kindOff + 1)
	if size < off+4 {
		return nil, damaged(size, "the file is truncated: it ends before the header")
	}
	var hlb [4]byte
	if err := readAt(src, hlb[:], off); err != nil {
		return nil, err
	}
	hl := int64(binary.BigEndian.Uint32(hlb[:]))
	if hl == 0 {
		return nil, damaged(off, "the header length is 0")
	}
	off += 4
	if size < off+hl+sigLen {
		return nil, damaged(size, "the file is truncated: it ends inside the header or its signature (the header length says %d bytes)", hl)
	}
	if hl > int64(lim.MaxHeaderBytes) {
		return nil, limit(off-4, "the header is %d bytes, the limit is %d", hl, lim.MaxHeaderBytes)
	}
	hs := make([]byte, hl+sigLen)
	if err := readAt(src, hs, off); err != nil {
		return nil, err
	}
	hb, sig := hs[:hl:hl], hs[hl:]
	bodyOff := off + hl + sigLen

	var h Header
	dec := json.NewDecoder(bytes.NewReader(hb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, damaged(off, "the header is not valid (%v)", err)
	}
	if dec.More() {
		return nil, damaged(off, "the header has data after its end")
	}
	if canon, err := marshalHeader(&h); err != nil || !bytes.Equal(canon, hb) {
		return nil, damaged(off+firstDiff(canon, hb), "the header is not in its canonical form")
	}
	card, err := DecodeCard([]byte(h.ExporterCard))
	if err != nil {
		return nil, damaged(off, "the exporter's identity card in the header is invalid (%v)", err)
	}
	if identity.KeyID(card.PublicKey) != h.Exporter {
		return nil, damaged(off, "the exporter's key id does not match the card in the header")
	}
	if !ed25519.Verify(card.PublicKey, append([]byte(headerContext), hb...), sig) {
		return nil, damaged(off+hl, "the exporter's signature does not match the header")
	}
	// From here on the header is what the exporter signed.
	if err := checkHeader(&h, lim); err != nil {
		return nil, err
	}
	if h.Format != pre.format || h.MadeBy != pre.madeBy && pre.format >= VersionFiles {
		return nil, damaged(off, "the format or writer's version in the signed header differs from the file's first bytes")
	}
	if body := size - bodyOff; body < h.BodyBytes+h.FilesBytes {
		return nil, damaged(size, "the file is truncated: the body and files are %d bytes, the header says %d", body, h.BodyBytes+h.FilesBytes)
	} else if body > h.BodyBytes+h.FilesBytes {
		return nil, damaged(bodyOff+h.BodyBytes+h.FilesBytes, "there are %d bytes after the end of the bundle", body-h.BodyBytes-h.FilesBytes)
	}
	sum := sha256.New()
	buf := make([]byte, min(h.BodyBytes, readSize))
	if _, err := io.CopyBuffer(sum, &errReader{io.NewSectionReader(src, bodyOff, h.BodyBytes)}, buf); err != nil {
		return nil, err
	}
	if hex.EncodeToString(sum.Sum(nil)) != h.BodySHA256 {
		return nil, damaged(bodyOff, "the body's SHA-256 does not match the signed header")
	}
	if err := checkFiles(src, bodyOff+h.BodyBytes, h.Files, buf); err != nil {
		return nil, err
	}
	return &Opened{Header: h, HeaderBytes: hb, Exporter: card, SignedBytes: size, lim: lim, src: src, bodyOff: bodyOff}, nil
}

// checkFiles verifies each file of the files section (format 2) against its SHA-256 in the
// signed header, reading it once, before anything is decompressed or written: a file whose
// bytes do not match refuses the whole bundle.
func checkFiles(src io.ReaderAt, off int64, fs []FileEntry, buf []byte) error {
	if len(fs) > 0 && len(buf) == 0 {
		buf = make([]byte, 64<<10)
	}
	for i, f := range fs {
		sum := sha256.New()
		if _, err := io.CopyBuffer(sum, &errReader{io.NewSectionReader(src, off, f.Bytes)}, buf); err != nil {
			return err
		}
		if hex.EncodeToString(sum.Sum(nil)) != f.SHA256 {
			e := damaged(off, "file %d of the bundle (%d bytes) does not have the SHA-256 %s its signed header gives", i+1, f.Bytes, f.SHA256)
			e.Problem = ProblemFileHash
			return e
		}
		off += f.Bytes
	}
	return nil
}

// readSize is how much of the compressed body is read at a time. A decrypting reader
// allocates a chunk buffer for each read, so large reads keep the garbage to a sixteenth of
// the body.
const readSize = 1 << 20

// errReader turns a failure to read the compressed body (a chunk of an encrypted bundle
// that does not authenticate) into a refusal.
type errReader struct{ r io.Reader }

func (e *errReader) Read(p []byte) (int, error) {
	n, err := e.r.Read(p)
	if err != nil && err != io.EOF {
		return n, damaged(-1, "the encrypted part is damaged (%v)", err)
	}
	return n, err
}

func firstDiff(a, b []byte) int64 {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return int64(i)
}

func malformed(format string, a ...any) *Error {
	return refuse(ProblemMalformed, -1, "the bundle is signed by its exporter but malformed ("+format+"): it was written by a faulty or newer program; ask the exporter to export again with this version of Dossier", a...)
}

func checkHeader(h *Header, lim Limits) *Error {
	switch {
	case h.Format != Version && h.Format != VersionFiles:
		return malformed("the header says format %d", h.Format)
	case h.Format == VersionFiles && h.MadeBy == "":
		return malformed("a format %d header without made_by", h.Format)
	case h.MadeBy != "" && !version.MadeByRE.MatchString(h.MadeBy):
		return malformed("made_by %q", h.MadeBy)
	case !uuidRE.MatchString(h.Bundle):
		return malformed("bundle id %q", h.Bundle)
	case h.To == nil || h.Holds == nil || h.From == nil || h.Contents == nil:
		return malformed("a member of the header is null")
	case !hashRE.MatchString(h.BodySHA256):
		return malformed("body_sha256 %q", h.BodySHA256)
	case h.BodyBytes < 0 || h.BodyRawBytes < 0 || h.Ops < 0:
		return malformed("negative size")
	}
	if t, err := time.Parse(timeLayout, h.CreatedAt); err != nil || t.Format(timeLayout) != h.CreatedAt {
		return malformed("created_at %q", h.CreatedAt)
	}
	if len(h.To) > lim.MaxRecipients {
		return limit(-1, "%d recipients, the limit is %d", len(h.To), lim.MaxRecipients)
	}
	for i, k := range h.To {
		if !keyIDRE.MatchString(k) || (i > 0 && k <= h.To[i-1]) {
			return malformed("recipient %q", k)
		}
	}
	if len(h.Contents) > lim.MaxAuthors {
		return limit(-1, "%d authors, the limit is %d", len(h.Contents), lim.MaxAuthors)
	}
	if h.Ops > lim.MaxOps {
		return limit(-1, "%d changes, the limit is %d: ask the sender to export fewer changes at a time", h.Ops, lim.MaxOps)
	}
	// In key order, so that the same header is always refused with the same words.
	for _, vv := range []oplog.VV{h.Holds, h.From, h.Contents} {
		for _, a := range slices.Sorted(maps.Keys(vv)) {
			if n := vv[a]; !keyIDRE.MatchString(a) || n == 0 {
				return malformed("version vector entry %q: %d", a, n)
			}
		}
	}
	if len(h.From) != len(h.Contents) {
		return malformed("from and contents name different authors")
	}
	total := uint64(0)
	for _, a := range slices.Sorted(maps.Keys(h.Contents)) {
		to := h.Contents[a]
		from, ok := h.From[a]
		if !ok || from > to {
			return malformed("the range of %s", a)
		}
		total += to - from + 1
		if total > uint64(lim.MaxOps) {
			return limit(-1, "more than %d changes", lim.MaxOps)
		}
	}
	if total != uint64(h.Ops) {
		return malformed("the ranges hold %d changes, the header says %d", total, h.Ops)
	}
	if err := checkFileList(h, lim); err != nil {
		return err
	}
	// The declared sizes bound decompression (Walk refuses a body that inflates beyond them),
	// so they are judged here, before the caller decides trust and anything is inflated.
	if h.BodyRawBytes > lim.MaxRawBodyBytes {
		return limit(-1, "the body decompresses to %d bytes, the limit is %d: ask the sender to export fewer changes at a time", h.BodyRawBytes, lim.MaxRawBodyBytes)
	}
	if h.BodyBytes > 0 && h.BodyRawBytes/h.BodyBytes >= lim.MaxRatio {
		return limit(-1, "the body would decompress %d times (%d bytes to %d), the limit is %d times", h.BodyRawBytes/h.BodyBytes, h.BodyBytes, h.BodyRawBytes, lim.MaxRatio)
	}
	return nil
}

// checkFileList judges the files a header declares (format 2): within the limits, in ascending SHA-256 order without repeats, their lengths adding up.
func checkFileList(h *Header, lim Limits) *Error {
	if h.Format != VersionFiles {
		if h.Files != nil || h.FilesBytes != 0 {
			return malformed("files in a format %d header", h.Format)
		}
		return nil
	}
	if len(h.Files) > lim.MaxFiles {
		return limit(-1, "%d files, the limit is %d", len(h.Files), lim.MaxFiles)
	}
	total := int64(0)
	for i, f := range h.Files {
		if !hashRE.MatchString(f.SHA256) || (i > 0 && f.SHA256 <= h.Files[i-1].SHA256) || f.Bytes < 0 {
			return malformed("file %d of the header (%q, %d bytes)", i+1, f.SHA256, f.Bytes)
		}
		total += f.Bytes
		if total > lim.MaxFileBytes {
			return limit(-1, "the files carried are more than %d bytes", lim.MaxFileBytes)
		}
	}
	if total != h.FilesBytes {
		return malformed("the files add up to %d bytes, the header says %d", total, h.FilesBytes)
	}
	return nil
}

func uvarintLen(v uint64) int {
	var tmp [binary.MaxVarintLen64]byte
	return binary.PutUvarint(tmp[:], v)
}

func checkFieldSizes(op *oplog.Op, lim Limits) *Error {
	big := func(f string, n int) *Error {
		return limit(-1, "field %s of change %d of %s is %d bytes, the limit is %d", f, op.Seq, op.Author, n, lim.MaxFieldBytes)
	}
	for f, v := range op.Set {
		if len(v) > lim.MaxFieldBytes {
			return big(f, len(v))
		}
	}
	for _, m := range []map[string][]json.RawMessage{op.Add, op.Remove} {
		for f, es := range m {
			for _, e := range es {
				if len(e) > lim.MaxFieldBytes {
					return big(f, len(e))
				}
			}
		}
	}
	return nil
}

// String describes a problem briefly, for logs.
func (h *Header) String() string {
	return fmt.Sprintf("bundle %s by %s, %d changes", h.Bundle, h.Exporter, h.Ops)
}
