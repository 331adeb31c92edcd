package store

import (
	"fmt"

	"dossier/app/oplog"
)

// admittedLog is what an import's apply needs of each change besides its record, kept by an
// admission that took the changes in the order to apply them: the record, the type, the kind
// and the author, in that order, the latest clock, and each author's last change. The apply
// takes the records that admission derived (onePass.finals), so with this it has no need to
// read the changes back from the log (docs/storage.md, "Streaming import", step 5).
//
// Each change takes 8 bytes, each record once its id. Beyond admittedMaxChanges changes or
// admittedMaxRecords records the log is given up (nil), and the apply reads the changes'
// headers back from the log, as it does without an admission in order.
type admittedLog struct {
	changes  []admittedChange
	ids      []string // the records, each once, in the order first met
	index    map[string]uint32
	names    []string // the types and kinds met (a handful), by their index
	authors  []string
	authorAt map[string]int
	maxClock oplog.Clock
	last     map[string]admittedHead // per author, filled by seal
}

type admittedChange struct {
	record       uint32
	author       uint16
	opType, kind uint8
}

type admittedHead struct {
	seq  uint64
	hash string
}

// Bounds of an admittedLog: 8 MiB of changes, and about 10 MiB of record ids and their index.
// Variables for the tests, which make them small.
var (
	admittedMaxChanges = 1 << 20
	admittedMaxRecords = 1 << 17
)

// A batch's types and kinds are each named by a byte, its authors by two; a batch with more
// gives the log up.
const (
	admittedMaxNames   = 1 << 8
	admittedMaxAuthors = 1 << 16
)

func newAdmittedLog() *admittedLog {
	return &admittedLog{index: map[string]uint32{}, authorAt: map[string]int{}}
}

// note keeps what the apply needs of op, admitted next. It reports false when the log passes
// its bounds: the caller gives it up.
func (l *admittedLog) note(op *oplog.Op) bool {
	if len(l.changes) >= admittedMaxChanges {
		return false
	}
	rec, ok := l.index[op.Record]
	if !ok {
		if len(l.ids) >= admittedMaxRecords {
			return false
		}
		rec = uint32(len(l.ids))
		id := string([]byte(op.Record)) // a decoded operation's strings share all its bytes
		l.ids = append(l.ids, id)
		l.index[id] = rec
	}
	t, okT := l.name(string(op.Type))
	k, okK := l.name(op.Kind)
	a, okA := l.author(op.Author)
	if !okT || !okK || !okA {
		return false
	}
	l.changes = append(l.changes, admittedChange{record: rec, author: uint16(a), opType: uint8(t), kind: uint8(k)})
	if op.Clock.Compare(l.maxClock) > 0 {
		l.maxClock = op.Clock
	}
	return true
}

func (l *admittedLog) name(s string) (int, bool) {
	for i, n := range l.names {
		if n == s {
			return i, true
		}
	}
	if len(l.names) >= admittedMaxNames {
		return 0, false
	}
	l.names = append(l.names, string([]byte(s)))
	return len(l.names) - 1, true
}

// author finds an author's index: the changes come in runs, so it is almost always the last.
func (l *admittedLog) author(a string) (int, bool) {
	if n := len(l.authors); n > 0 && l.authors[n-1] == a {
		return n - 1, true
	}
	if i, ok := l.authorAt[a]; ok {
		return i, true
	}
	if len(l.authors) >= admittedMaxAuthors {
		return 0, false
	}
	a = string([]byte(a))
	l.authors = append(l.authors, a)
	l.authorAt[a] = len(l.authors) - 1
	return len(l.authors) - 1, true
}

// seal records each author's last change (its number and hash), once every change is noted.
func (l *admittedLog) seal(last func(author string) (uint64, string)) {
	l.last = map[string]admittedHead{}
	for _, a := range l.authors {
		seq, hash := last(a)
		l.last[a] = admittedHead{seq, hash}
	}
}

// each calls fn with every change of spans, which must be the changes noted in the order
// noted, as the header the apply reads (author, number, type, kind, record) and, for an
// author's last change, its hash. The clock of each is the batch's latest: the apply takes
// no other clock from a change.
func (l *admittedLog) each(spans []span, fn func(p pending) error) error {
	i := 0
	for _, sp := range spans {
		for seq := sp.from; seq < sp.from+sp.count; seq++ {
			if i >= len(l.changes) || l.authors[l.changes[i].author] != sp.author {
				return fmt.Errorf("the changes admitted are not the changes to apply (change %d of %s)", seq, sp.author)
			}
			c := l.changes[i]
			i++
			op := &oplog.Op{Author: sp.author, Seq: seq, Type: oplog.OpType(l.names[c.opType]), Kind: l.names[c.kind],
				Record: l.ids[c.record], Clock: l.maxClock}
			p := pending{op: op}
			if h := l.last[sp.author]; h.seq == seq {
				p.hash = h.hash
			}
			if err := fn(p); err != nil {
				return err
			}
		}
	}
	if i != len(l.changes) {
		return fmt.Errorf("the changes admitted are not the changes to apply (%d admitted, %d to apply)", len(l.changes), i)
	}
	return nil
}
