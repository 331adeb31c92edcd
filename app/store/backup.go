package store

// The backup file, format versions 2 and 3 (3 carries attachment files after the body;
// docs/storage.md "Backup file"). This file reads and
// writes the format and takes the store's snapshot. It checks what the bytes alone can
// show: framing, the header's canonical form, the body's length and hash, that every
// checkpoint is well formed and every operation decodes. Who made the backup, whether its
// signature and checkpoints verify and with which keys is decided by the caller
// (app/service), which holds the identity and reads the trust statements.

import (
	"bufio"
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"dossier/app/oplog"
	"dossier/app/version"
)

const backupMagic = "DOSSIER-BACKUP\n"

// BackupVersion is the newest backup format version this build reads and writes: it
// carries files. A backup without files is written as BackupVersionNoFiles, which older
// builds read too.
const BackupVersion = version.BackupFormat

// BackupVersionNoFiles is the backup format without a files section.
const BackupVersionNoFiles = 2

// backupContext starts the bytes a backup signature covers, so that no other signature by
// the same key (cards, bundle headers, checkpoints) passes for one.
const backupContext = "dossier backup header v2\n"

// MaxBackupHeaderBytes bounds the header line; a header is a card, a version vector and
// (version 3) the list of files, about 90 bytes each: room for some 180,000 files.
const MaxBackupHeaderBytes = 16 << 20

const (
	cpRecordLen = 16 + 8 + 32 + 64
	sigLineLen  = 88 // base64 of 64 bytes
	timeLayout  = "2006-01-02T15:04:05Z"
)

var (
	keyIDRE = regexp.MustCompile(`^[0-9A-F]{16}$`)
	hashRE  = regexp.MustCompile(`^[0-9a-f]{64}$`)
)

// BackupHeader is the maker-signed description of a backup. Member order is the canonical
// encoding order.
type BackupHeader struct {
	Version     int      `json:"version"`
	MadeBy      string   `json:"made_by,omitempty"` // the Dossier version that wrote it; absent before 0.1.0
	CreatedAt   string   `json:"created_at"`
	Maker       string   `json:"maker"`      // key id of the installation that made and signed it
	MakerCard   string   `json:"maker_card"` // its identity card, the exact text
	Holds       oplog.VV `json:"holds"`      // highest change held per author
	Ops         int      `json:"ops"`
	Checkpoints int      `json:"checkpoints"`
	BodyBytes   int64    `json:"body_bytes"`
	BodyHash    string   `json:"body_sha256"`
	StateHash   string   `json:"state_hash"`
	// Files (version 3) are the attachments' bytes carried after the body, in this order;
	// FilesBytes is their lengths added up.
	Files      []BackupFile `json:"files,omitempty"`
	FilesBytes int64        `json:"files_bytes,omitempty"`
	// StoreFormat is the store format the state hash was computed under (absent: 1). Older
	// formats made other records from the same changes: version.SameStateHash says which
	// hashes compare with this build's.
	StoreFormat int `json:"store_format,omitempty"`
}

// BackupFile names one file of a backup's files section: its SHA-256 and length.
type BackupFile struct {
	SHA256 string `json:"sha256"`
	Bytes  int64  `json:"bytes"`
}

// FilesOffset is where the files section starts in the file.
func (h *BackupHead) FilesOffset() int64 { return h.Offset + h.Header.BodyBytes }

// CheckStoreFormat refuses, as newer (ErrNewer), a backup whose state hash is over records
// made by a newer store format: this build could neither compare it nor tell whether it makes
// the same records. Called once the maker's signature is verified: before, store_format and
// made_by are anyone's words, and "update Dossier" must not be something a changed file
// can make Dossier say.
func (h *BackupHeader) CheckStoreFormat() error {
	if h.StoreFormat <= version.StoreFormat {
		return nil
	}
	return &BackupError{Offset: -1, Newer: true, Msg: fmt.Sprintf("%s (this Dossier reads store format %d)",
		version.NewerFormatMessage(h.MadeBy, "store format", h.StoreFormat), version.StoreFormat)}
}

// HashFormat is the store format of the header's state hash.
func (h *BackupHeader) HashFormat() int {
	if h.StoreFormat == 0 {
		return 1
	}
	return h.StoreFormat
}

// ErrBadBackup is matched by every refusal of a backup file's bytes.
var ErrBadBackup = errors.New("not a valid Dossier backup")

// BackupError says what is wrong with a backup file and where.
type BackupError struct {
	Offset int64 // byte offset in the file, or -1
	Msg    string
	Newer  bool // written by a newer Dossier, in a format this one does not read
}

func (e *BackupError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%s (at byte %d)", e.Msg, e.Offset)
	}
	return e.Msg
}

func (e *BackupError) Unwrap() error { return ErrBadBackup }

// Is makes a backup in a newer format match ErrNewer too.
func (e *BackupError) Is(target error) bool { return e.Newer && target == ErrNewer }

func badBackup(off int64, format string, a ...any) error {
	return &BackupError{Offset: off, Msg: fmt.Sprintf(format, a...)}
}

const changed = "the file was changed or damaged after it was made; use another copy"

// BackupSignedBytes is what the maker's signature covers.
func BackupSignedBytes(header []byte) []byte {
	return append([]byte(backupContext), header...)
}

// MarshalBackupHeader returns the canonical bytes of h.
func MarshalBackupHeader(h *BackupHeader) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(h); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// BackupSnapshot is what a backup holds, read in one consistent view of the store.
type BackupSnapshot struct {
	Raws        [][]byte // canonical operations in applied order
	Ops         []*oplog.Op
	Checkpoints []Checkpoint // held, each matching the held change at its sequence
	Holds       oplog.VV
	Heads       map[string]string // author -> hash of their last change
	StateHash   string
}

// BackupSnapshot reads every operation, the checkpoints that match held changes, and the
// state hash, with writers held off so that the three agree.
func (s *Store) BackupSnapshot() (*BackupSnapshot, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	snap := &BackupSnapshot{Holds: s.VV(), Heads: map[string]string{}}
	s.mu.RLock()
	for a, h := range s.heads {
		snap.Heads[a] = h
	}
	s.mu.RUnlock()
	err := s.Applied(func(op *oplog.Op, raw []byte, _ string) error {
		snap.Ops, snap.Raws = append(snap.Ops, op), append(snap.Raws, raw)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, a := range sortedAuthors(snap.Holds) {
		cps, err := s.Checkpoints(a)
		if err != nil {
			return nil, err
		}
		for _, cp := range cps {
			if cp.Seq > snap.Holds[a] {
				continue // verified with a bundle that was then refused: nothing held to cover
			}
			_, raw, err := s.Op(a, cp.Seq)
			if err != nil {
				return nil, err
			}
			if oplog.Hash(raw) == cp.Head {
				snap.Checkpoints = append(snap.Checkpoints, cp)
			}
		}
	}
	if snap.StateHash, err = s.StateHash(); err != nil {
		return nil, err
	}
	return snap, nil
}

func sortedAuthors(vv oplog.VV) []string {
	return slices.Sorted(maps.Keys(vv))
}

// EncodeBackupBody returns the body of a backup: the checkpoints (sorted here), then the
// operations in the order given.
func EncodeBackupBody(cps []Checkpoint, raws [][]byte) ([]byte, error) {
	cps = slices.Clone(cps)
	slices.SortFunc(cps, func(a, b Checkpoint) int {
		return cmp.Or(strings.Compare(a.Author, b.Author), cmp.Compare(a.Seq, b.Seq))
	})
	size := len(cps) * cpRecordLen
	for _, r := range raws {
		size += binary.MaxVarintLen64 + len(r)
	}
	body := make([]byte, 0, size)
	for i, cp := range cps {
		head, err := hex.DecodeString(cp.Head)
		if !keyIDRE.MatchString(cp.Author) || cp.Seq == 0 || err != nil || len(head) != 32 || len(cp.Sig) != 64 {
			return nil, fmt.Errorf("checkpoint %d of %s is malformed", cp.Seq, cp.Author)
		}
		if i > 0 && !checkpointLess(cps[i-1], cp) {
			return nil, fmt.Errorf("two checkpoints %d of %s", cp.Seq, cp.Author)
		}
		body = append(body, cp.Author...)
		body = binary.BigEndian.AppendUint64(body, cp.Seq)
		body = append(append(body, head...), cp.Sig...)
	}
	for _, r := range raws {
		body = binary.AppendUvarint(body, uint64(len(r)))
		body = append(body, r...)
	}
	return body, nil
}

// WriteBackup writes a complete backup file: magic, header line, signature line, body.
func WriteBackup(w io.Writer, header, sig, body []byte) error {
	if len(sig) != 64 {
		return fmt.Errorf("a backup signature is 64 bytes, not %d", len(sig))
	}
	bw := bufio.NewWriter(w)
	bw.WriteString(backupMagic)
	bw.Write(header)
	bw.WriteByte('\n')
	bw.WriteString(base64.StdEncoding.EncodeToString(sig))
	bw.WriteByte('\n')
	bw.Write(body)
	return bw.Flush()
}

// BackupHead is a backup's header as read, before anything is authenticated.
type BackupHead struct {
	Header      BackupHeader
	HeaderBytes []byte // the exact bytes signed (after the context string)
	Sig         []byte
	Offset      int64 // where the body starts
}

// BackupBody is a backup's body, checked against its header.
type BackupBody struct {
	Checkpoints []Checkpoint
	Ops         []*oplog.Op
	Raws        [][]byte
}

// ReadBackupHeader reads the magic line, the header and the signature line, and checks the
// header's form. It reads nothing of the body.
func ReadBackupHeader(r *bufio.Reader) (*BackupHead, error) {
	magic := make([]byte, len(backupMagic))
	if n, _ := io.ReadFull(r, magic); string(magic[:n]) != backupMagic {
		if strings.HasPrefix(string(magic[:n]), "DOSSIER\x1a") {
			return nil, badBackup(0, "this is a Dossier bundle, not a backup: import it with `dossier import FILE` (the Sync screen in the window); restoring is for the files written by `dossier backup`")
		}
		return nil, badBackup(0, "the file does not start with %q: choose a file written by `dossier backup`", backupMagic[:len(backupMagic)-1])
	}
	off := int64(len(backupMagic))
	hb, err := readLine(r, MaxBackupHeaderBytes)
	if err != nil {
		return nil, badBackup(off, "the header line is %v: %s", err, changed)
	}
	// Every backup format keeps "version" and "made_by" in its header line, so that an
	// older Dossier can say which one wrote a newer backup (docs/storage.md).
	var probe struct {
		Version json.RawMessage `json:"version"`
		MadeBy  any             `json:"made_by"`
	}
	if err := json.Unmarshal(hb, &probe); err != nil {
		return nil, badBackup(off, "the header is not valid JSON (%v): %s", err, changed)
	}
	switch v := string(probe.Version); v {
	case "2", "3":
	case "1":
		return nil, badBackup(-1, "this is a version 1 backup, which is not signed: nothing shows that it was not edited since it was made, so it cannot be restored; make a new backup with this version of Dossier (`dossier backup`) on the installation that made it, or, if that installation is lost, ask the secretariat for a complete bundle (`dossier export --all`) and import it instead")
	default:
		if n, err := strconv.Atoi(v); err == nil && n > BackupVersion {
			madeBy, _ := probe.MadeBy.(string)
			if !version.MadeByRE.MatchString(madeBy) {
				madeBy = "" // not authenticated here: only a version-like text is repeated
			}
			return nil, &BackupError{Offset: -1, Msg: fmt.Sprintf("%s (this Dossier reads backup formats %d and %d)", version.NewerMessage(madeBy, n), BackupVersionNoFiles, BackupVersion), Newer: true}
		}
		// No version, or one no Dossier ever wrote (0, -1, "2" as text): not a newer backup
		// but a damaged one.
		if v == "" {
			v = "none"
		}
		return nil, badBackup(off, "the header's backup format version (%s) is not one Dossier writes (1, 2 or 3): %s", v, changed)
	}
	head := &BackupHead{HeaderBytes: hb}
	h := &head.Header
	dec := json.NewDecoder(bytes.NewReader(hb))
	dec.DisallowUnknownFields()
	if err := dec.Decode(h); err != nil {
		return nil, badBackup(off, "the header is not valid (%v): %s", err, changed)
	}
	if dec.More() {
		return nil, badBackup(off, "the header has data after its end: %s", changed)
	}
	if canon, err := MarshalBackupHeader(h); err != nil || !bytes.Equal(canon, hb) {
		return nil, badBackup(off+firstDiff(canon, hb), "the header is not in its canonical form: %s", changed)
	}
	if err := checkBackupHeader(h); err != nil {
		return nil, badBackup(off, "the header is malformed (%v): it was written by a faulty or newer program", err)
	}
	off += int64(len(hb)) + 1
	sl, err := readLine(r, sigLineLen)
	if err != nil {
		return nil, badBackup(off, "the signature line is %v: %s", err, changed)
	}
	sig, err := base64.StdEncoding.Strict().DecodeString(string(sl))
	if err != nil || len(sig) != 64 {
		return nil, badBackup(off, "the signature line is not a base64 Ed25519 signature: %s", changed)
	}
	head.Sig = sig
	head.Offset = off + int64(len(sl)) + 1
	return head, nil
}

func checkBackupHeader(h *BackupHeader) error {
	switch {
	case h.Version != BackupVersion && h.Version != BackupVersionNoFiles:
		return fmt.Errorf("version %d", h.Version)
	case h.MadeBy != "" && !version.MadeByRE.MatchString(h.MadeBy):
		return fmt.Errorf("made_by %q is not a version", h.MadeBy)
	case !keyIDRE.MatchString(h.Maker):
		return fmt.Errorf("maker %q is not a key id", h.Maker)
	case h.MakerCard == "":
		return errors.New("maker_card is empty")
	case h.Holds == nil:
		return errors.New("holds is null")
	case h.Ops < 0 || h.Checkpoints < 0 || h.BodyBytes < 0:
		return errors.New("a negative count")
	case h.StoreFormat < 0:
		return fmt.Errorf("store_format %d", h.StoreFormat)
	case !hashRE.MatchString(h.BodyHash):
		return fmt.Errorf("body_sha256 %q", h.BodyHash)
	case !hashRE.MatchString(h.StateHash):
		return fmt.Errorf("state_hash %q", h.StateHash)
	case int64(h.Checkpoints) > h.BodyBytes/cpRecordLen:
		return fmt.Errorf("%d checkpoints do not fit in %d bytes", h.Checkpoints, h.BodyBytes)
	case int64(h.Ops) > h.BodyBytes/2:
		return fmt.Errorf("%d changes do not fit in %d bytes", h.Ops, h.BodyBytes)
	}
	if t, err := time.Parse(timeLayout, h.CreatedAt); err != nil || t.Format(timeLayout) != h.CreatedAt {
		return fmt.Errorf("created_at %q", h.CreatedAt)
	}
	total := uint64(0)
	for a, n := range h.Holds {
		if !keyIDRE.MatchString(a) || n == 0 {
			return fmt.Errorf("holds entry %q: %d", a, n)
		}
		if total += n; total > uint64(h.Ops) {
			return fmt.Errorf("holds counts more than the %d changes", h.Ops)
		}
	}
	if total != uint64(h.Ops) {
		return fmt.Errorf("holds counts %d changes, ops says %d", total, h.Ops)
	}
	return checkBackupFileList(h)
}

// checkBackupFileList judges the files a header declares: none in version 2; in version 3 at
// least one, ascending by SHA-256 without repeats, their lengths adding up to files_bytes.
func checkBackupFileList(h *BackupHeader) error {
	if h.Version == BackupVersionNoFiles {
		if h.Files != nil || h.FilesBytes != 0 {
			return errors.New("files in a version 2 header")
		}
		return nil
	}
	if len(h.Files) == 0 {
		return errors.New("a version 3 header without files")
	}
	total := int64(0)
	for i, f := range h.Files {
		if !hashRE.MatchString(f.SHA256) || (i > 0 && f.SHA256 <= h.Files[i-1].SHA256) || f.Bytes < 0 || f.Bytes > h.FilesBytes-total {
			return fmt.Errorf("file %d (%q, %d bytes) is out of order, repeated or too long", i+1, f.SHA256, f.Bytes)
		}
		total += f.Bytes
	}
	if total != h.FilesBytes {
		return fmt.Errorf("the files add up to %d bytes, files_bytes says %d", total, h.FilesBytes)
	}
	return nil
}

// readLine reads up to and without the next '\n', refusing lines longer than max.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > max+1 {
			return nil, fmt.Errorf("longer than %d bytes", max)
		}
		switch {
		case err == nil:
			return line[:len(line)-1], nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			return nil, errors.New("cut off (the file ends inside it)")
		default:
			return nil, err
		}
	}
}

// ReadBackupBody reads the body head announces from r, which must end with it, and checks it
// against the header: length, SHA-256, the checkpoints' form and order, every operation,
// the counts, and holds.
func ReadBackupBody(r io.Reader, head *BackupHead) (*BackupBody, error) {
	h := &head.Header
	// ReadAll grows with what the file really holds, not with what the header claims. A
	// version 2 body must end the file; a version 3 body is followed by its files.
	extra := int64(1)
	if h.Version != BackupVersionNoFiles {
		extra = 0
	}
	body, err := io.ReadAll(io.LimitReader(r, h.BodyBytes+extra))
	if err != nil {
		return nil, err
	}
	switch {
	case int64(len(body)) < h.BodyBytes:
		return nil, badBackup(head.Offset+int64(len(body)), "the file is cut off: the body is %d bytes, the header says %d; use another copy", len(body), h.BodyBytes)
	case int64(len(body)) > h.BodyBytes:
		return nil, badBackup(head.Offset+h.BodyBytes, "there are bytes after the end of the body: %s", changed)
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != h.BodyHash {
		return nil, badBackup(head.Offset, "the body's SHA-256 does not match the header: %s", changed)
	}
	out := &BackupBody{Checkpoints: make([]Checkpoint, 0, h.Checkpoints)}
	at := func(i int) int64 { return head.Offset + int64(i) }
	off := 0
	for i := 0; i < h.Checkpoints; i++ {
		rec := body[off : off+cpRecordLen]
		cp := Checkpoint{Author: string(rec[:16]), Seq: binary.BigEndian.Uint64(rec[16:24]),
			Head: hex.EncodeToString(rec[24:56]), Sig: bytes.Clone(rec[56:])}
		switch {
		case !keyIDRE.MatchString(cp.Author) || cp.Seq == 0:
			return nil, badBackup(at(off), "checkpoint %d is malformed (author %q, change %d)", i+1, cp.Author, cp.Seq)
		case i > 0 && !checkpointLess(out.Checkpoints[i-1], cp):
			return nil, badBackup(at(off), "checkpoint %d (%s, change %d) is out of order or repeated", i+1, cp.Author, cp.Seq)
		case cp.Seq > h.Holds[cp.Author]:
			return nil, badBackup(at(off), "checkpoint %d is for change %d of %s, but the backup holds their changes up to %d", i+1, cp.Seq, cp.Author, h.Holds[cp.Author])
		}
		out.Checkpoints = append(out.Checkpoints, cp)
		off += cpRecordLen
	}
	seen := oplog.VV{}
	for off < len(body) {
		if len(out.Ops) == h.Ops {
			return nil, badBackup(at(off), "the body holds more than the %d changes the header says", h.Ops)
		}
		l, n := binary.Uvarint(body[off:])
		if n <= 0 || l > oplog.MaxOpSize || uint64(len(body)-off-n) < l {
			return nil, badBackup(at(off), "change %d of the body has a bad length", len(out.Ops)+1)
		}
		raw := body[off+n : off+n+int(l)]
		op, err := oplog.Decode(raw)
		if err != nil {
			return nil, badBackup(at(off+n), "change %d of the body does not decode (%v)", len(out.Ops)+1, err)
		}
		seen[op.Author] = max(seen[op.Author], op.Seq)
		out.Ops, out.Raws = append(out.Ops, op), append(out.Raws, raw)
		off += n + int(l)
	}
	if len(out.Ops) != h.Ops {
		return nil, badBackup(-1, "the body holds %d changes, the header says %d", len(out.Ops), h.Ops)
	}
	for a, n := range seen {
		if h.Holds[a] != n {
			return nil, badBackup(-1, "the body holds changes up to %d of %s, the header says %d", n, a, h.Holds[a])
		}
	}
	if len(seen) != len(h.Holds) {
		return nil, badBackup(-1, "the header names %d authors, the body holds changes of %d", len(h.Holds), len(seen))
	}
	return out, nil
}

// CheckBackupFiles reads the files section from r, which follows the body and must end with
// it, and checks each file's length and SHA-256 against the header, one file at a time
// (nothing is kept). A version 2 backup has none.
func CheckBackupFiles(r io.Reader, head *BackupHead) error {
	h := &head.Header
	off := head.FilesOffset()
	buf := make([]byte, 64<<10)
	for i, f := range h.Files {
		sum := sha256.New()
		n, err := io.CopyBuffer(sum, io.LimitReader(r, f.Bytes), buf)
		if err != nil {
			return err
		}
		if n < f.Bytes {
			return badBackup(off+n, "the file is cut off inside file %d of %d (SHA-256 %s): use another copy", i+1, len(h.Files), f.SHA256)
		}
		if got := hex.EncodeToString(sum.Sum(nil)); got != f.SHA256 {
			return badBackup(off, "file %d of the backup does not have the SHA-256 the header declares (%s, its bytes have %s): %s", i+1, f.SHA256, got, changed)
		}
		off += f.Bytes
	}
	if n, _ := io.CopyN(io.Discard, r, 1); n > 0 {
		return badBackup(off, "there are bytes after the end of the backup: %s", changed)
	}
	return nil
}

// ParseBackup reads a whole backup from memory (tests, fuzzing), files checked.
func ParseBackup(data []byte) (*BackupHead, *BackupBody, error) {
	r := bufio.NewReader(bytes.NewReader(data))
	head, err := ReadBackupHeader(r)
	if err != nil {
		return nil, nil, err
	}
	body, err := ReadBackupBody(r, head)
	if err != nil {
		return nil, nil, err
	}
	if err := CheckBackupFiles(r, head); err != nil {
		return nil, nil, err
	}
	return head, body, nil
}

func checkpointLess(a, b Checkpoint) bool {
	return a.Author < b.Author || (a.Author == b.Author && a.Seq < b.Seq)
}

func firstDiff(a, b []byte) int64 {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return int64(i)
}

// Restore loads verified operations into this store, which must hold nothing yet, all or
// nothing. The caller has checked the backup (app/service).
func (s *Store) Restore(ops []*oplog.Op, raws [][]byte, origin string) (*Result, error) {
	if n, _ := s.Counts(); n > 0 {
		return nil, fmt.Errorf("this data directory already holds %d changes: restore into an empty directory (`--data NEWDIR`)", n)
	}
	return s.Import(ops, raws, origin)
}
