package bundle

import (
	"bytes"
	"compress/flate"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"slices"
	"time"

	"filippo.io/age"

	"dossier/app/identity"
	"dossier/app/oplog"
)

var (
	keyIDRE = regexp.MustCompile(`^[0-9A-F]{16}$`)
	uuidRE  = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	hashRE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// Decode verifies a bundle file as far as it can be verified by itself (see the package
// comment) and returns its contents. ids decrypt encrypted bundles; with none, an encrypted
// bundle is refused with ProblemNeedKey. Every error is an *Error matching ErrRefused.
func Decode(data []byte, ids []age.Identity, lim Limits) (*Bundle, error) {
	if int64(len(data)) > lim.MaxFileBytes {
		return nil, limit(-1, "the file is %d bytes, the limit is %d bytes: ask the sender to export fewer changes at a time", len(data), lim.MaxFileBytes)
	}
	if err := checkPrefix(data); err != nil {
		return nil, err
	}
	switch data[len(Magic)+1] {
	case kindSigned:
		b, err := decodeSigned(data, lim)
		if err != nil {
			return nil, err
		}
		b.FileBytes = int64(len(data))
		return b, nil
	case kindEncrypted:
		return decodeEncrypted(data, ids, lim)
	default:
		return nil, damaged(int64(len(Magic)+1), "byte %d should say whether the bundle is signed or encrypted", len(Magic)+1)
	}
}

func checkPrefix(data []byte) *Error {
	n := min(len(data), len(Magic))
	if !bytes.Equal(data[:n], []byte(Magic[:n])) || len(data) == 0 {
		if len(data) == 0 {
			return refuse(ProblemNotBundle, -1, "the file is empty: choose a .dossier file written by `dossier export`")
		}
		return refuse(ProblemNotBundle, 0, "not a Dossier bundle (the file does not start with %q): choose a .dossier file written by `dossier export`", "DOSSIER")
	}
	if len(data) < prefixLen {
		return damaged(int64(len(data)), "the file is truncated: it ends after %d bytes", len(data))
	}
	if v := data[len(Magic)]; v != Version {
		if v > Version {
			return refuse(ProblemVersion, int64(len(Magic)), "the bundle is in format version %d, this Dossier reads version %d: update Dossier", v, Version)
		}
		return refuse(ProblemVersion, int64(len(Magic)), "the bundle says format version %d, which no Dossier writes (this one reads version %d): the file is damaged; %s", v, Version, askAgain)
	}
	return nil
}

// Envelope is what the outside of a bundle says, readable without any key.
type Envelope struct {
	Version    int      `json:"version"`
	Encrypted  bool     `json:"encrypted"`
	Recipients []string `json:"recipients,omitempty"`
}

// Peek reads the framing of a bundle without verifying it.
func Peek(data []byte) (*Envelope, error) {
	if err := checkPrefix(data); err != nil {
		return nil, err
	}
	env := &Envelope{Version: int(data[len(Magic)])}
	if data[len(Magic)+1] == kindEncrypted {
		env.Encrypted = true
		env.Recipients, _, _ = readRecipients(data, DefaultLimits())
	}
	return env, nil
}

func readRecipients(data []byte, lim Limits) ([]string, int, *Error) {
	off := prefixLen
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

func decodeEncrypted(data []byte, ids []age.Identity, lim Limits) (*Bundle, error) {
	recips, off, rerr := readRecipients(data, lim)
	if rerr != nil {
		return nil, rerr
	}
	if len(ids) == 0 {
		e := refuse(ProblemNeedKey, -1, "the bundle is encrypted, and this installation has no key to open it: run `dossier init` first, or inspect it on a recipient's installation")
		e.Recipients = recips
		return nil, e
	}
	r, err := age.Decrypt(bytes.NewReader(data[off:]), ids...)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) {
			e := refuse(ProblemNotRecipient, -1, "the bundle is encrypted for other recipients, not for this installation")
			e.Recipients = recips
			return nil, e
		}
		return nil, damaged(int64(off), "the encrypted part cannot be opened (%v)", err)
	}
	inner, err := io.ReadAll(io.LimitReader(r, lim.MaxFileBytes+1))
	if err != nil {
		return nil, damaged(-1, "the encrypted part is damaged or truncated (%v)", err)
	}
	if int64(len(inner)) > lim.MaxFileBytes {
		return nil, limit(-1, "the decrypted bundle is more than %d bytes: ask the sender to export fewer changes at a time", lim.MaxFileBytes)
	}
	if err := checkPrefix(inner); err != nil || inner[len(Magic)+1] != kindSigned {
		return nil, damaged(-1, "the encrypted part is not a signed bundle")
	}
	b, err := decodeSigned(inner, lim)
	if err != nil {
		var be *Error
		if errors.As(err, &be) {
			be.Offset = -1 // offsets inside the plaintext mean nothing in the file
		}
		return nil, err
	}
	if !slices.Equal(b.Header.To, recips) {
		return nil, damaged(int64(prefixLen), "the recipient list outside the encryption differs from the signed one inside")
	}
	b.Encrypted, b.Recipients = true, recips
	b.FileBytes = int64(len(data))
	return b, nil
}

func decodeSigned(data []byte, lim Limits) (*Bundle, error) {
	off := prefixLen
	if len(data) < off+4 {
		return nil, damaged(int64(len(data)), "the file is truncated: it ends before the header")
	}
	hl := int64(binary.BigEndian.Uint32(data[off:]))
	if hl == 0 {
		return nil, damaged(int64(off), "the header length is 0")
	}
	off += 4
	if int64(len(data)) < int64(off)+hl+sigLen {
		return nil, damaged(int64(len(data)), "the file is truncated: it ends inside the header or its signature (the header length says %d bytes)", hl)
	}
	if hl > int64(lim.MaxHeaderBytes) {
		return nil, limit(int64(off-4), "the header is %d bytes, the limit is %d", hl, lim.MaxHeaderBytes)
	}
	hb := data[off : off+int(hl)]
	sig := data[off+int(hl) : off+int(hl)+sigLen]
	bodyOff := off + int(hl) + sigLen
	body := data[bodyOff:]

	var h Header
	dec := json.NewDecoder(bytes.NewReader(hb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, damaged(int64(off), "the header is not valid (%v)", err)
	}
	if dec.More() {
		return nil, damaged(int64(off), "the header has data after its end")
	}
	if canon, err := marshalHeader(&h); err != nil || !bytes.Equal(canon, hb) {
		return nil, damaged(int64(off)+firstDiff(canon, hb), "the header is not in its canonical form")
	}
	card, err := DecodeCard([]byte(h.ExporterCard))
	if err != nil {
		return nil, damaged(int64(off), "the exporter's identity card in the header is invalid (%v)", err)
	}
	if identity.KeyID(card.PublicKey) != h.Exporter {
		return nil, damaged(int64(off), "the exporter's key id does not match the card in the header")
	}
	if !ed25519.Verify(card.PublicKey, append([]byte(headerContext), hb...), sig) {
		return nil, damaged(int64(off+int(hl)), "the exporter's signature does not match the header")
	}
	// From here on the header is what the exporter signed.
	if err := checkHeader(&h, lim); err != nil {
		return nil, err
	}
	if int64(len(body)) < h.BodyBytes {
		return nil, damaged(int64(len(data)), "the file is truncated: the body is %d bytes, the header says %d", len(body), h.BodyBytes)
	}
	if int64(len(body)) > h.BodyBytes {
		return nil, damaged(int64(bodyOff)+h.BodyBytes, "there are %d bytes after the end of the bundle", int64(len(body))-h.BodyBytes)
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != h.BodySHA256 {
		return nil, damaged(int64(bodyOff), "the body's SHA-256 does not match the signed header")
	}
	if h.BodyRawBytes > lim.MaxRawBodyBytes {
		return nil, limit(-1, "the body decompresses to %d bytes, the limit is %d: ask the sender to export fewer changes at a time", h.BodyRawBytes, lim.MaxRawBodyBytes)
	}
	if h.BodyBytes > 0 && h.BodyRawBytes/h.BodyBytes >= lim.MaxRatio {
		return nil, limit(-1, "the body would decompress %d times (%d bytes to %d), the limit is %d times", h.BodyRawBytes/h.BodyBytes, h.BodyBytes, h.BodyRawBytes, lim.MaxRatio)
	}
	raw, derr := inflate(body, h.BodyRawBytes)
	if derr != nil {
		return nil, derr
	}
	runs, perr := parseBody(raw, &h, lim)
	if perr != nil {
		return nil, perr
	}
	return &Bundle{Header: h, HeaderBytes: hb, Exporter: card, Runs: runs, SignedBytes: int64(len(data))}, nil
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
	case h.Format != Version:
		return malformed("the header says format %d", h.Format)
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
	for _, vv := range []oplog.VV{h.Holds, h.From, h.Contents} {
		for a, n := range vv {
			if !keyIDRE.MatchString(a) || n == 0 {
				return malformed("version vector entry %q: %d", a, n)
			}
		}
	}
	if len(h.From) != len(h.Contents) {
		return malformed("from and contents name different authors")
	}
	total := uint64(0)
	for a, to := range h.Contents {
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
	return nil
}

// inflate decompresses exactly n bytes from a raw DEFLATE stream that must end exactly at
// the end of body.
func inflate(body []byte, n int64) ([]byte, *Error) {
	br := bytes.NewReader(body)
	fr := flate.NewReader(br)
	defer fr.Close()
	raw := make([]byte, n)
	if _, err := io.ReadFull(fr, raw); err != nil {
		return nil, malformed("the body does not decompress to the %d bytes the header says: %v", n, err)
	}
	var one [1]byte
	if k, err := fr.Read(one[:]); k != 0 || err != io.EOF {
		if err != nil && err != io.EOF {
			return nil, malformed("the body does not decompress: %v", err)
		}
		return nil, malformed("the body decompresses to more than the %d bytes the header says", n)
	}
	if br.Len() != 0 {
		return nil, malformed("%d bytes after the end of the compressed body", br.Len())
	}
	return raw, nil
}

type bodyReader struct {
	b   []byte
	off int
}

func (r *bodyReader) uvarint(what string) (uint64, *Error) {
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 {
		return 0, malformed("body byte %d: %s is not a number", r.off, what)
	}
	if n != uvarintLen(v) {
		return 0, malformed("body byte %d: %s is not in its shortest form", r.off, what)
	}
	r.off += n
	return v, nil
}

func uvarintLen(v uint64) int {
	var tmp [binary.MaxVarintLen64]byte
	return binary.PutUvarint(tmp[:], v)
}

func (r *bodyReader) take(n int, what string) ([]byte, *Error) {
	if n < 0 || len(r.b)-r.off < n {
		return nil, malformed("body byte %d: the body ends inside %s", r.off, what)
	}
	b := r.b[r.off : r.off+n : r.off+n]
	r.off += n
	return b, nil
}

func parseBody(raw []byte, h *Header, lim Limits) ([]Run, *Error) {
	r := &bodyReader{b: raw}
	var runs []Run
	total := 0
	for r.off < len(raw) {
		ab, err := r.take(16, "an author")
		if err != nil {
			return nil, err
		}
		author := string(ab)
		if !keyIDRE.MatchString(author) {
			return nil, malformed("body byte %d: %q is not a key id", r.off-16, author)
		}
		if len(runs) > 0 && author <= runs[len(runs)-1].Author {
			return nil, malformed("the run of %s is out of order", author)
		}
		first, err := r.uvarint("the first sequence number")
		if err != nil {
			return nil, err
		}
		count, err := r.uvarint("the number of changes")
		if err != nil {
			return nil, err
		}
		if first == 0 || count == 0 || h.From[author] != first || h.Contents[author] != first+count-1 || count > uint64(h.Ops-total) {
			return nil, malformed("the run of %s (%d changes from %d) differs from the header", author, count, first)
		}
		total += int(count)
		run := Run{Author: author, Ops: make([]*oplog.Op, 0, count), Raws: make([][]byte, 0, count)}
		prev := ""
		for i := uint64(0); i < count; i++ {
			n, err := r.uvarint("an operation's length")
			if err != nil {
				return nil, err
			}
			if n == 0 || n > uint64(lim.MaxOpBytes) {
				return nil, limit(-1, "change %d of %s is %d bytes, the limit is %d", first+i, author, n, lim.MaxOpBytes)
			}
			b, err := r.take(int(n), "an operation")
			if err != nil {
				return nil, err
			}
			op, derr := oplog.Decode(b)
			if derr != nil {
				return nil, malformed("change %d of %s: %v", first+i, author, derr)
			}
			if op.Author != author || op.Seq != first+i {
				return nil, malformed("change %d of %s is numbered %d of %s", first+i, author, op.Seq, op.Author)
			}
			if i > 0 && op.Prev != prev {
				return nil, malformed("change %d of %s does not follow change %d (its previous-hash differs)", op.Seq, author, op.Seq-1)
			}
			if e := checkFieldSizes(op, lim); e != nil {
				return nil, e
			}
			prev = oplog.Hash(b)
			run.Ops = append(run.Ops, op)
			run.Raws = append(run.Raws, b)
		}
		seq, err := r.uvarint("the checkpoint")
		if err != nil {
			return nil, err
		}
		head, err := r.take(32, "the checkpoint")
		if err != nil {
			return nil, err
		}
		sig, err := r.take(sigLen, "the checkpoint signature")
		if err != nil {
			return nil, err
		}
		if seq != first+count-1 || hex.EncodeToString(head) != prev {
			return nil, malformed("the checkpoint of %s is not on its last change", author)
		}
		run.Checkpoint = Checkpoint{Author: author, Seq: seq, Head: prev, Sig: sig}
		runs = append(runs, run)
	}
	if len(runs) != len(h.Contents) || total != h.Ops {
		return nil, malformed("the body holds %d runs and %d changes, the header says %d and %d", len(runs), total, len(h.Contents), h.Ops)
	}
	return runs, nil
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
