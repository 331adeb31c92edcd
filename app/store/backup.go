package store

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"dossier/app/internal/atomicfile"
	"dossier/app/oplog"
)

// The backup file (docs/storage.md): a magic line, a JSON header line, the body (every
// operation in applied (causal) order, each as a uvarint length and its canonical bytes),
// and a trailer line "SHA256 <hex>\n" over everything before it, so one changed byte
// anywhere is refused.
const backupMagic = "DOSSIER-BACKUP\n"

const trailerPrefix = "SHA256 "

// BackupVersion is the backup format version.
const BackupVersion = 1

// BackupHeader describes a backup file.
type BackupHeader struct {
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	Ops       int       `json:"ops"`
	BodyBytes int64     `json:"body_bytes"`
	BodyHash  string    `json:"body_sha256"`
	StateHash string    `json:"state_hash"`
}

// ErrBadBackup is the sentinel for every refused backup file.
var ErrBadBackup = errors.New("not a valid Dossier backup")

// Backup writes every operation to path durably and returns the header written.
func (s *Store) Backup(path string) (*BackupHeader, error) {
	var body bytes.Buffer
	n := 0
	err := s.Applied(func(_ *oplog.Op, raw []byte, _ string) error {
		body.Write(binary.AppendUvarint(nil, uint64(len(raw))))
		body.Write(raw)
		n++
		return nil
	})
	if err != nil {
		return nil, err
	}
	state, err := s.StateHash()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(body.Bytes())
	h := &BackupHeader{Version: BackupVersion, CreatedAt: time.Now().UTC().Truncate(time.Second), Ops: n,
		BodyBytes: int64(body.Len()), BodyHash: hex.EncodeToString(sum[:]), StateHash: state}
	hdr, _ := json.Marshal(h)
	err = atomicfile.Write(path, 0o600, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		bw.WriteString(backupMagic)
		bw.Write(hdr)
		bw.WriteByte('\n')
		bw.Write(body.Bytes())
		sum := sha256.New()
		sum.Write([]byte(backupMagic))
		sum.Write(hdr)
		sum.Write([]byte{'\n'})
		sum.Write(body.Bytes())
		fmt.Fprintf(bw, "%s%x\n", trailerPrefix, sum.Sum(nil))
		return bw.Flush()
	})
	return h, err
}

// ReadBackup verifies a backup file completely and returns its header and operations.
func ReadBackup(path string) (*BackupHeader, []*oplog.Op, [][]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, nil, err
	}
	return ParseBackup(data)
}

// ParseBackup verifies backup bytes: magic, header, body length and hash, every operation.
func ParseBackup(data []byte) (*BackupHeader, []*oplog.Op, [][]byte, error) {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrBadBackup, fmt.Sprintf(format, a...))
	}
	if !bytes.HasPrefix(data, []byte(backupMagic)) {
		return nil, nil, nil, bad("the file does not start with %q: choose a file written by `dossier backup`", backupMagic[:len(backupMagic)-1])
	}
	trailerLen := len(trailerPrefix) + 64 + 1
	if len(data) < len(backupMagic)+trailerLen {
		return nil, nil, nil, bad("the file is truncated (%d bytes)", len(data))
	}
	covered, trailer := data[:len(data)-trailerLen], data[len(data)-trailerLen:]
	want := sha256.Sum256(covered)
	if string(trailer) != fmt.Sprintf("%s%x\n", trailerPrefix, want) {
		return nil, nil, nil, bad("the file's checksum line does not match its content: the file was changed, damaged or truncated; use another copy")
	}
	data = covered
	rest := data[len(backupMagic):]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 || nl > 4096 {
		return nil, nil, nil, bad("the header line is missing or too long (byte %d)", len(backupMagic))
	}
	var h BackupHeader
	dec := json.NewDecoder(bytes.NewReader(rest[:nl]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, nil, nil, bad("the header is damaged: %v", err)
	}
	if h.Version != BackupVersion {
		return nil, nil, nil, bad("format version %d is not supported (this build reads %d)", h.Version, BackupVersion)
	}
	body := rest[nl+1:]
	if int64(len(body)) != h.BodyBytes {
		return nil, nil, nil, bad("the body is %d bytes, the header says %d: the file is truncated or extended", len(body), h.BodyBytes)
	}
	sum := sha256.Sum256(body)
	if hex.EncodeToString(sum[:]) != h.BodyHash {
		return nil, nil, nil, bad("the body's SHA-256 does not match the header: the file was changed or damaged")
	}
	var ops []*oplog.Op
	var raws [][]byte
	off := 0
	for off < len(body) {
		l, n := binary.Uvarint(body[off:])
		if n <= 0 || l > oplog.MaxOpSize || uint64(len(body)-off-n) < l {
			return nil, nil, nil, bad("operation %d has a bad length at byte %d", len(ops)+1, len(data)-len(body)+off)
		}
		raw := body[off+n : off+n+int(l)]
		op, err := oplog.Decode(raw)
		if err != nil {
			return nil, nil, nil, bad("operation %d: %v", len(ops)+1, err)
		}
		ops, raws = append(ops, op), append(raws, raw)
		off += n + int(l)
	}
	if len(ops) != h.Ops {
		return nil, nil, nil, bad("the body holds %d operations, the header says %d", len(ops), h.Ops)
	}
	return &h, ops, raws, nil
}

// Restore loads a verified backup into this store, which must hold nothing yet, all or nothing.
func (s *Store) Restore(ops []*oplog.Op, raws [][]byte, origin string) (*Result, error) {
	if n, _ := s.Counts(); n > 0 {
		return nil, fmt.Errorf("this data directory already holds %d changes: restore into an empty directory (`--data NEWDIR`)", n)
	}
	return s.Import(ops, raws, origin)
}
