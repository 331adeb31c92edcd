package bundle

import (
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/google/uuid"

	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/version"
)

// Options say how to write a bundle.
type Options struct {
	ID        string          // bundle id; empty for a fresh UUID v7
	CreatedAt time.Time       // zero for now
	To        []identity.Card // the recipients named with --to
	Encrypt   bool            // encrypt to To (and to the signer, so it can inspect what it sent)
	Holds     oplog.VV        // everything the exporter holds
	Level     int             // DEFLATE level; 0 for the default
	// MadeBy is the version recorded as the bundle's writer; empty for this build's
	// (version.MadeBy). Tests fix it to keep their bytes stable.
	MadeBy string
	// Format is the bundle format to write (FormatFor); 0 for Version.
	Format int
	// Files are attachments' bytes to carry after the body; they need format 2
	// (VersionFiles), which Encode then writes whatever Format says.
	Files []File
}

// FormatError says that no bundle format this build writes is read by every recipient.
type FormatError struct {
	Name   string // the first recipient who cannot read any
	Reads  []int  // what their card says they read
	Writes []int  // what this build writes
}

// Newer says whether the recipient reads only formats newer than this build writes.
func (e *FormatError) Newer() bool {
	return len(e.Reads) > 0 && len(e.Writes) > 0 && e.Reads[0] > e.Writes[len(e.Writes)-1]
}

func (e *FormatError) Error() string {
	if e.Newer() {
		return fmt.Sprintf("%s's Dossier reads only bundle format %s, newer than this Dossier writes (%s): update this Dossier, then export again",
			e.Name, formats(e.Reads), formats(e.Writes))
	}
	return fmt.Sprintf("%s's Dossier reads only bundle format %s, and this Dossier writes %s: ask %s to update Dossier and send you their identity card again",
		e.Name, formats(e.Reads), formats(e.Writes), e.Name)
}

func formats(fs []int) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = fmt.Sprint(f)
	}
	return strings.Join(parts, ", ")
}

// FormatFor chooses the bundle format to write for recipients: the oldest format this build
// writes that every recipient's card says it reads (a card that does not say reads format
// 1). The oldest, so that a recipient who has not updated since sending the card can still
// read it. Without recipients it is the newest this build writes, Version.
func FormatFor(recipients []identity.Card) (int, error) {
	return chooseFormat(version.BundleFormatsWritten(), recipients)
}

func chooseFormat(writes []int, recipients []identity.Card) (int, error) {
	if len(recipients) == 0 {
		return Version, nil
	}
	for _, f := range writes {
		all := true
		for _, c := range recipients {
			all = all && slices.Contains(c.ReadsFormats(), f)
		}
		if all {
			return f, nil
		}
	}
	for _, c := range recipients {
		reads := c.ReadsFormats()
		if !slices.ContainsFunc(writes, func(f int) bool { return slices.Contains(reads, f) }) {
			return 0, &FormatError{Name: c.Name, Reads: reads, Writes: slices.Clone(writes)}
		}
	}
	// Every recipient reads a format written here, but no one format is read by all.
	return 0, fmt.Errorf("the recipients read no bundle format in common (%s reads %s, %s reads %s): export to them separately",
		recipients[0].Name, formats(recipients[0].ReadsFormats()), recipients[len(recipients)-1].Name, formats(recipients[len(recipients)-1].ReadsFormats()))
}

// DefaultLevel is the DEFLATE level used when Options.Level is 0: fast, and close to the
// default level's size on operation JSON.
const DefaultLevel = 3

// Encode writes a bundle of runs signed by s. Runs must each be one author's consecutive,
// chained operations with that author's checkpoint on the last one; they are written in
// author order. It returns the header written.
func Encode(w io.Writer, s Signer, runs []Run, opt Options) (*Header, error) {
	signed, h, err := encodeSigned(s, runs, opt)
	if err != nil {
		return nil, err
	}
	if !opt.Encrypt {
		_, err = w.Write(signed)
		return h, err
	}
	if len(opt.To) == 0 {
		return nil, fmt.Errorf("encryption needs at least one recipient")
	}
	var recips []age.Recipient
	seen := map[string]bool{}
	for _, c := range append(slices.Clone(opt.To), s.Card()) {
		if seen[c.AgeRecipient] {
			continue
		}
		seen[c.AgeRecipient] = true
		r, err := age.ParseX25519Recipient(c.AgeRecipient)
		if err != nil {
			return nil, fmt.Errorf("recipient %s: %w", c.Name, err)
		}
		recips = append(recips, r)
	}
	out, err := seal(signed, h.To, recips)
	if err != nil {
		return nil, err
	}
	_, err = w.Write(out)
	return h, err
}

// seal wraps a signed bundle in the encrypted framing: the key ids to (the header's `to`)
// outside, the signed bundle encrypted with age to recips inside.
func seal(signed []byte, to []string, recips []age.Recipient) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(signed) + len(signed)/(64<<10)*16 + 1024)
	// The same format (and, in format 2, writer's version) outside as inside.
	pre, perr := checkPrefix(signed)
	if perr != nil {
		return nil, perr
	}
	out.Write(signed[:pre.kindOff])
	out.WriteByte(kindEncrypted)
	out.WriteByte(byte(len(to)))
	for _, k := range to {
		out.WriteString(k)
	}
	aw, err := age.Encrypt(&out, recips...)
	if err != nil {
		return nil, err
	}
	if _, err := aw.Write(signed); err != nil {
		return nil, err
	}
	if err := aw.Close(); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

func encodeSigned(s Signer, runs []Run, opt Options) ([]byte, *Header, error) {
	if opt.Format != 0 && !slices.Contains(version.BundleFormatsWritten(), opt.Format) {
		return nil, nil, fmt.Errorf("this Dossier does not write bundle format %d (it writes %s)", opt.Format, formats(version.BundleFormatsWritten()))
	}
	card := s.Card()
	runs = slices.Clone(runs)
	sort.Slice(runs, func(i, j int) bool { return runs[i].Author < runs[j].Author })
	madeBy := opt.MadeBy
	if madeBy == "" {
		madeBy = version.MadeBy()
	}
	format := opt.Format
	if format == 0 {
		format = Version
	}
	if len(opt.Files) > 0 {
		format = VersionFiles // only format 2 carries files; the caller leaves them out for others
	}
	h := &Header{Format: format, MadeBy: madeBy, Bundle: opt.ID, Exporter: s.KeyID(), ExporterCard: string(identity.EncodeCard(card)),
		To: []string{}, Holds: oplog.VV{}, From: oplog.VV{}, Contents: oplog.VV{}}
	if h.Bundle == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return nil, nil, err
		}
		h.Bundle = id.String()
	}
	created := opt.CreatedAt
	if created.IsZero() {
		created = time.Now()
	}
	h.CreatedAt = created.UTC().Format(timeLayout)
	for a, n := range opt.Holds {
		if n > 0 {
			h.Holds[a] = n
		}
	}
	for _, c := range opt.To {
		k := identity.KeyID(c.PublicKey)
		if !slices.Contains(h.To, k) {
			h.To = append(h.To, k)
		}
	}
	sort.Strings(h.To)
	if most := DefaultLimits().MaxRecipients; len(h.To) > most {
		return nil, nil, fmt.Errorf("%d recipients, at most %d", len(h.To), most)
	}

	var raw bytes.Buffer
	var tmp [binary.MaxVarintLen64]byte
	uv := func(n uint64) { raw.Write(tmp[:binary.PutUvarint(tmp[:], n)]) }
	for i, r := range runs {
		if len(r.Ops) == 0 || len(r.Ops) != len(r.Raws) {
			return nil, nil, fmt.Errorf("run %d of %s is empty", i, r.Author)
		}
		if i > 0 && runs[i-1].Author == r.Author {
			return nil, nil, fmt.Errorf("two runs of %s", r.Author)
		}
		prev := ""
		for j, op := range r.Ops {
			if op.Author != r.Author || op.Seq != r.Ops[0].Seq+uint64(j) || (j > 0 && op.Prev != prev) {
				return nil, nil, fmt.Errorf("run of %s is not one chain at its operation %d", r.Author, op.Seq)
			}
			prev = oplog.Hash(r.Raws[j])
		}
		cp := r.Checkpoint
		if cp.Author != r.Author || cp.Seq != r.To() || cp.Head != prev || len(cp.Sig) != sigLen {
			return nil, nil, fmt.Errorf("the checkpoint of %s does not end its run (%d %s, the run ends at %d %s)", r.Author, cp.Seq, cp.Head, r.To(), prev)
		}
		raw.WriteString(r.Author)
		uv(r.From())
		uv(uint64(len(r.Ops)))
		for _, b := range r.Raws {
			uv(uint64(len(b)))
			raw.Write(b)
		}
		uv(cp.Seq)
		head, _ := hex.DecodeString(cp.Head)
		raw.Write(head)
		raw.Write(cp.Sig)
		h.From[r.Author] = r.From()
		h.Contents[r.Author] = r.To()
		h.Ops += len(r.Ops)
	}
	level := opt.Level
	if level == 0 {
		level = DefaultLevel
	}
	var body bytes.Buffer
	body.Grow(raw.Len()/3 + 64)
	fw, err := flate.NewWriter(&body, level)
	if err != nil {
		return nil, nil, err
	}
	if _, err := fw.Write(raw.Bytes()); err != nil {
		return nil, nil, err
	}
	if err := fw.Close(); err != nil {
		return nil, nil, err
	}
	files, err := fileSection(h, opt.Files)
	if err != nil {
		return nil, nil, err
	}
	out, err := sealBody(s, h, body.Bytes(), int64(raw.Len()), files...)
	return out, h, err
}

// fileSection lists the files in the header in ascending SHA-256 order, each once, checking
// that each one's bytes have the SHA-256 it is carried under.
func fileSection(h *Header, fs []File) ([][]byte, error) {
	fs = slices.Clone(fs)
	sort.Slice(fs, func(i, j int) bool { return fs[i].SHA256 < fs[j].SHA256 })
	var out [][]byte
	for i, f := range fs {
		if i > 0 && f.SHA256 == fs[i-1].SHA256 {
			continue
		}
		if sum := sha256.Sum256(f.Data); hex.EncodeToString(sum[:]) != f.SHA256 {
			return nil, fmt.Errorf("the bytes given for file %s do not have that SHA-256", f.SHA256)
		}
		h.Files = append(h.Files, FileEntry{SHA256: f.SHA256, Bytes: int64(len(f.Data))})
		h.FilesBytes += int64(len(f.Data))
		out = append(out, f.Data)
	}
	return out, nil
}

// sealBody completes the header with the body's sizes and hash, signs it, and frames the
// signed bundle.
func sealBody(s Signer, h *Header, body []byte, rawBytes int64, files ...[]byte) ([]byte, error) {
	sum := sha256.Sum256(body)
	h.BodyBytes, h.BodyRawBytes, h.BodySHA256 = int64(len(body)), rawBytes, hex.EncodeToString(sum[:])
	hb, err := marshalHeader(h)
	if err != nil {
		return nil, err
	}
	sig := s.Sign(append([]byte(headerContext), hb...))
	pre := framing(h.Format, h.MadeBy, kindSigned)
	out := make([]byte, 0, len(pre)+4+len(hb)+sigLen+len(body)+int(h.FilesBytes))
	out = append(out, pre...)
	out = binary.BigEndian.AppendUint32(out, uint32(len(hb)))
	out = append(out, hb...)
	out = append(out, sig...)
	out = append(out, body...)
	for _, f := range files {
		out = append(out, f...)
	}
	return out, nil
}

// SignBody signs a header over a body compressed by the caller, as it stands: whatever the
// body holds, the bundle is correctly signed by s. Tests use it to build what an attacker
// with one valid key can send (app/internal/craft); Encode is the way to write bundles.
func SignBody(s Signer, h Header, body []byte, rawBytes int64) ([]byte, error) {
	h.Format, h.Exporter, h.ExporterCard = Version, s.KeyID(), string(identity.EncodeCard(s.Card()))
	if h.Bundle == "" {
		id, err := uuid.NewV7()
		if err != nil {
			return nil, err
		}
		h.Bundle = id.String()
	}
	if h.CreatedAt == "" {
		h.CreatedAt = time.Now().UTC().Format(timeLayout)
	}
	for _, vv := range []*oplog.VV{&h.Holds, &h.From, &h.Contents} {
		if *vv == nil {
			*vv = oplog.VV{}
		}
	}
	if h.To == nil {
		h.To = []string{}
	}
	return sealBody(s, &h, body, rawBytes)
}

const timeLayout = "2006-01-02T15:04:05Z"

func marshalHeader(h *Header) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}
