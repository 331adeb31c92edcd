package bundle

import (
	"bufio"
	"compress/flate"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"io"
	"sync/atomic"

	"dossier/app/identity"
	"dossier/app/oplog"
)

// Opened is a bundle whose framing, exporter signature, declared sizes and body hash are
// verified (Open), and whose body is not yet decompressed. The caller decides trust from
// Header and Exporter, then reads the body with Walk or Runs.
type Opened struct {
	Header      Header
	HeaderBytes []byte
	Exporter    identity.Card
	Encrypted   bool
	Recipients  []string // key ids on the outer envelope of an encrypted bundle
	FileBytes   int64    // the file as given
	SignedBytes int64    // the signed bundle (the plaintext of an encrypted one)

	lim     Limits
	src     io.ReaderAt // the signed bundle: the file, or the decrypting view of its plaintext
	bodyOff int64       // where the compressed body starts in src
}

// Visitor receives a body as Walk reads it. Any callback may be nil. An error returned by a
// callback stops the walk at once (nothing more is decompressed) and is returned unchanged.
//
// An operation handed to Op is decoded, canonical, numbered and chained to the one before
// it, but it is not authenticated until its run's checkpoint reaches End and the caller has
// verified the checkpoint's signature with the key it trusts for the author: until then it
// is a claim. And the body as a whole is not accepted until Walk returns nil.
type Visitor struct {
	// Run: an author's run begins, of count operations numbered from first, as the header
	// says.
	Run func(author string, first, count uint64) error
	// Op: the next operation of the run, and its canonical bytes (the callee may keep both).
	Op func(op *oplog.Op, raw []byte) error
	// End: the run's checkpoint, whose seq and head are the run's last operation's.
	End func(cp Checkpoint) error
}

// inflated counts every decompressed byte handed to the parser, in every walk: the tests
// read it to show what was decompressed, and when.
var inflated atomic.Int64

// Walk decompresses the body as a stream and reads it run by run, operation by operation,
// calling v as it goes. It never decompresses more than the header's body_raw_bytes (it
// refuses the moment the stream goes beyond) and holds a bounded window of the body: the
// decompressor's 32 KiB, a read buffer, and the operation being read (at most MaxOpBytes).
// It checks the runs' order and ranges against the header, each operation's size, encoding,
// author, number and chain, each checkpoint's seq and head, and at the end that the body
// holds exactly the header's runs and changes and decompresses to exactly body_raw_bytes.
//
// Whether the authors are trusted, and their checkpoints' signatures, are the caller's.
// Walk may be called again; each walk decompresses again. Every error of its own is an
// *Error matching ErrRefused.
func (o *Opened) Walk(v Visitor) error {
	h := &o.Header
	comp, raw := o.inflater()
	p := &parser{r: bufio.NewReaderSize(raw, 64<<10), h: h, lim: o.lim}
	if err := p.walk(v); err != nil {
		return err
	}
	if raw.n != h.BodyRawBytes {
		return malformed("the body decompresses to %d bytes, the header says %d", raw.n, h.BodyRawBytes)
	}
	if n, err := io.Copy(io.Discard, comp); err != nil {
		return err
	} else if n != 0 {
		return malformed("%d bytes after the end of the compressed body", n)
	}
	return nil
}

// inflater opens the body as a stream: comp yields the compressed bytes, raw the
// decompressed ones, refusing any beyond the header's body_raw_bytes.
func (o *Opened) inflater() (comp *bufio.Reader, raw *rawLimit) {
	// flate reads a ByteReader byte by byte, so comp says exactly where the stream ended.
	comp = bufio.NewReaderSize(&errReader{io.NewSectionReader(o.src, o.bodyOff, o.Header.BodyBytes)}, int(min(o.Header.BodyBytes+1, readSize)))
	return comp, &rawLimit{r: flate.NewReader(comp), max: o.Header.BodyRawBytes}
}

// Runs walks the body (Walk) and hands fn each author's run once its checkpoint is read:
// one run is held at a time, not the body. Like Walk, it returns an error of fn unchanged.
// fn may keep the run.
func (o *Opened) Runs(fn func(r *Run) error) error {
	var cur *Run
	return o.Walk(Visitor{
		Run: func(author string, _, count uint64) error {
			// count is signed by the exporter but not yet backed by bytes: reserve little.
			n := int(min(count, 1024))
			cur = &Run{Author: author, Ops: make([]*oplog.Op, 0, n), Raws: make([][]byte, 0, n)}
			return nil
		},
		Op: func(op *oplog.Op, b []byte) error {
			cur.Ops = append(cur.Ops, op)
			cur.Raws = append(cur.Raws, b)
			return nil
		},
		End: func(cp Checkpoint) error {
			r := cur
			cur = nil
			r.Checkpoint = cp
			return fn(r)
		},
	})
}

// rawLimit passes on at most max decompressed bytes and refuses the first byte beyond.
type rawLimit struct {
	r   io.Reader
	n   int64
	max int64
}

func (l *rawLimit) Read(p []byte) (int, error) {
	if int64(len(p)) > l.max-l.n+1 {
		p = p[:l.max-l.n+1] // one byte more than allowed is enough to see the overrun
	}
	k, err := l.r.Read(p)
	l.n += int64(k)
	inflated.Add(int64(k))
	if l.n > l.max {
		return 0, malformed("the body decompresses to more than the %d bytes the header says", l.max)
	}
	if err != nil && err != io.EOF {
		var e *Error
		if !errors.As(err, &e) {
			err = malformed("the body does not decompress: %v", err)
		}
	}
	return k, err
}

// parser reads the decompressed body (docs/bundle-format.md, "Body").
type parser struct {
	r   *bufio.Reader
	off int64 // decompressed bytes consumed, for messages
	h   *Header
	lim Limits
}

// fail turns a read error into a refusal: the body ended early, or the stream was refused.
func (p *parser) fail(err error, what string) error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return malformed("body byte %d: the body ends inside %s", p.off, what)
}

func (p *parser) uvarint(what string) (uint64, error) {
	b, err := p.r.Peek(binary.MaxVarintLen64) // fewer near the end, with err
	v, n := binary.Uvarint(b)
	switch {
	case n == 0:
		return 0, p.fail(err, what)
	case n < 0:
		return 0, malformed("body byte %d: %s is not a number", p.off, what)
	case n != uvarintLen(v):
		return 0, malformed("body byte %d: %s is not in its shortest form", p.off, what)
	}
	p.r.Discard(n)
	p.off += int64(n)
	return v, nil
}

func (p *parser) take(n int, what string) ([]byte, error) {
	b := make([]byte, n)
	if _, err := io.ReadFull(p.r, b); err != nil {
		return nil, p.fail(err, what)
	}
	p.off += int64(n)
	return b, nil
}

func (p *parser) walk(v Visitor) error {
	h := p.h
	runs, total := 0, 0
	last := ""
	for {
		if _, err := p.r.Peek(1); err == io.EOF {
			break
		} else if err != nil {
			return p.fail(err, "a run")
		}
		if runs == len(h.Contents) {
			return malformed("body byte %d: there is more after the last run the header names", p.off)
		}
		ab, err := p.take(16, "an author")
		if err != nil {
			return err
		}
		author := string(ab)
		if !keyIDRE.MatchString(author) {
			return malformed("body byte %d: %q is not a key id", p.off-16, author)
		}
		if runs > 0 && author <= last {
			return malformed("the run of %s is out of order", author)
		}
		first, err := p.uvarint("the first sequence number")
		if err != nil {
			return err
		}
		count, err := p.uvarint("the number of changes")
		if err != nil {
			return err
		}
		if first == 0 || count == 0 || h.From[author] != first || h.Contents[author] != first+count-1 || count > uint64(h.Ops-total) {
			return malformed("the run of %s (%d changes from %d) differs from the header", author, count, first)
		}
		if v.Run != nil {
			if err := v.Run(author, first, count); err != nil {
				return err
			}
		}
		head, err := p.ops(v, author, first, count)
		if err != nil {
			return err
		}
		cp, err := p.checkpoint(author, first+count-1, head)
		if err != nil {
			return err
		}
		if v.End != nil {
			if err := v.End(cp); err != nil {
				return err
			}
		}
		runs, total, last = runs+1, total+int(count), author
	}
	if runs != len(h.Contents) || total != h.Ops {
		return malformed("the body holds %d runs and %d changes, the header says %d and %d", runs, total, len(h.Contents), h.Ops)
	}
	return nil
}

// ops reads a run's operations and returns the hex hash of the last one.
func (p *parser) ops(v Visitor, author string, first, count uint64) (string, error) {
	prev := ""
	for i := uint64(0); i < count; i++ {
		n, err := p.uvarint("an operation's length")
		if err != nil {
			return "", err
		}
		if n == 0 || n > uint64(p.lim.MaxOpBytes) {
			return "", limit(-1, "change %d of %s is %d bytes, the limit is %d", first+i, author, n, p.lim.MaxOpBytes)
		}
		b, err := p.take(int(n), "an operation")
		if err != nil {
			return "", err
		}
		op, derr := oplog.Decode(b)
		if derr != nil {
			return "", malformed("change %d of %s: %v", first+i, author, derr)
		}
		if op.Author != author || op.Seq != first+i {
			return "", malformed("change %d of %s is numbered %d of %s", first+i, author, op.Seq, op.Author)
		}
		if i > 0 && op.Prev != prev {
			return "", malformed("change %d of %s does not follow change %d (its previous-hash differs)", op.Seq, author, op.Seq-1)
		}
		if e := checkFieldSizes(op, p.lim); e != nil {
			return "", e
		}
		prev = oplog.Hash(b)
		if v.Op != nil {
			if err := v.Op(op, b); err != nil {
				return "", err
			}
		}
	}
	return prev, nil
}

func (p *parser) checkpoint(author string, last uint64, head string) (Checkpoint, error) {
	seq, err := p.uvarint("the checkpoint")
	if err != nil {
		return Checkpoint{}, err
	}
	hb, err := p.take(32, "the checkpoint")
	if err != nil {
		return Checkpoint{}, err
	}
	sig, err := p.take(sigLen, "the checkpoint signature")
	if err != nil {
		return Checkpoint{}, err
	}
	if seq != last || hex.EncodeToString(hb) != head {
		return Checkpoint{}, malformed("the checkpoint of %s is not on its last change", author)
	}
	return Checkpoint{Author: author, Seq: seq, Head: head, Sig: sig}, nil
}

// File reads file i of the files section (format 2), whose SHA-256 Open verified. For an
// encrypted bundle every chunk is authenticated again as it is read.
func (o *Opened) File(i int) io.Reader {
	off := o.bodyOff + o.Header.BodyBytes
	for _, f := range o.Header.Files[:i] {
		off += f.Bytes
	}
	return &errReader{io.NewSectionReader(o.src, off, o.Header.Files[i].Bytes)}
}
