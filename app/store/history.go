package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/oplog"
)

// Entry is one operation in a record's history, with what it changed.
type Entry struct {
	Author     string         `json:"author"`
	AuthorName string         `json:"author_name"`
	Seq        uint64         `json:"seq"`
	At         string         `json:"at"` // RFC 3339 UTC from the operation's clock
	Clock      oplog.Clock    `json:"clock"`
	Type       oplog.OpType   `json:"type"`
	Origin     string         `json:"origin"` // "local" or the bundle that brought it
	Changes    []oplog.Change `json:"changes"`
}

// replayRecord derives a record again from its operations, in the order this store applied
// them (a causal order), calling before (when not nil) with the record as each operation
// found it, and each (when not nil) with what every operation changed.
func replayRecord(txn *badger.Txn, id string, before func(rec *oplog.Record, op *oplog.Op), each func(op *oplog.Op, origin string, changes []oplog.Change)) (*oplog.Record, error) {
	rec, _, err := replayRecordUpTo(txn, id, math.MaxUint64, before, each)
	return rec, err
}

// replayRecordUpTo is replayRecord over the operations applied up to apply index upto (a
// record as it was before a batch), and how many there were.
func replayRecordUpTo(txn *badger.Txn, id string, upto uint64, before func(rec *oplog.Record, op *oplog.Op), each func(op *oplog.Op, origin string, changes []oplog.Change)) (*oplog.Record, int, error) {
	idxs, err := historyOf(txn, id, upto)
	if err != nil {
		return nil, 0, err
	}
	rec := oplog.NewRecord(id)
	applies := newApplyReader(txn)
	defer applies.close()
	for _, n := range idxs {
		author, seq, origin, err := applies.at(n)
		if err != nil {
			return nil, 0, err
		}
		op, _, err := loggedOp(txn, author, seq)
		if err != nil {
			return nil, 0, fmt.Errorf("apply index %d: %w", n, err)
		}
		if op.Record != id {
			return nil, 0, fmt.Errorf("%w: apply index %d is a change to %s, not to %s", errApplyEntry, n, op.Record, id)
		}
		if before != nil {
			before(rec, op)
		}
		changes, err := rec.Apply(op)
		if err != nil {
			return nil, 0, err
		}
		if each != nil {
			each(op, origin, changes)
		}
	}
	return rec, len(idxs), nil
}

// historyOf lists the apply indexes of record id's changes, up to upto, in order. An index
// listed twice is a damaged history: replayed, it would apply one change twice.
func historyOf(txn *badger.Txn, id string, upto uint64) ([]uint64, error) {
	p := append(key(pHistory, []byte(id)), 0)
	// Only the tables that can hold p: a scan of every table for each record made the
	// recovery of a cut 50,000-change import take minutes (docs/performance.md).
	it := scan(txn, p)
	defer it.Close()
	var idxs []uint64
	for it.Seek(p); it.ValidForPrefix(p); it.Next() {
		_, first, err := historyEntry(it.Item().Key())
		if err != nil {
			return nil, err
		}
		if first > upto {
			continue
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return nil, err
		}
		l, err := decodeHistory(id, first, v)
		if err != nil {
			return nil, err
		}
		for _, n := range l {
			if n <= upto {
				idxs = append(idxs, n)
			}
		}
	}
	slices.Sort(idxs)
	for j := 1; j < len(idxs); j++ {
		if idxs[j] == idxs[j-1] {
			return nil, fmt.Errorf("%w: the history of %s lists apply index %d twice", errHistoryEntry, id, idxs[j])
		}
	}
	return idxs, nil
}

// loggedOp reads and decodes change seq of author from the log.
func loggedOp(txn *badger.Txn, author string, seq uint64) (*oplog.Op, []byte, error) {
	item, err := txn.Get(opKey(author, seq))
	if err != nil {
		return nil, nil, fmt.Errorf("operation %d of %s: %w", seq, author, err)
	}
	raw, err := item.ValueCopy(nil)
	if err != nil {
		return nil, nil, err
	}
	op, err := oplog.Decode(raw)
	if err != nil {
		return nil, nil, fmt.Errorf("operation %d of %s: %w", seq, author, err)
	}
	return op, raw, nil
}

// History replays a record's operations in the order this store applied them and returns,
// for each, who made it, when, and each field's old and new value, marking changes made
// without having seen another change of the same field (concurrentChanges).
func (s *Store) History(id string) ([]Entry, error) {
	var entries []Entry
	var ops []*oplog.Op
	var found []foundField
	// Only applied changes: a pass still writing a batch (applyonce.go) writes its history
	// entries before the apply entries that name them, and moves the counter last.
	s.mu.RLock()
	upto := s.applyN
	s.mu.RUnlock()
	err := s.db.View(func(txn *badger.Txn) error {
		before := func(rec *oplog.Record, op *oplog.Op) { found = append(found, fieldsFound(rec, op)) }
		_, _, err := replayRecordUpTo(txn, id, upto, before, func(op *oplog.Op, origin string, changes []oplog.Change) {
			if changes == nil {
				changes = []oplog.Change{}
			}
			ops = append(ops, op)
			entries = append(entries, Entry{Author: op.Author, AuthorName: s.Name(op.Author), Seq: op.Seq,
				At: historyTime(op.Clock), Clock: op.Clock, Type: op.Type, Origin: origin, Changes: changes})
		})
		return err
	})
	if err == nil && len(entries) == 0 {
		if _, gerr := s.Get(id); gerr != nil {
			return nil, gerr
		}
	}
	if err == nil {
		concurrentChanges(entries, ops, found)
		err = settledConflicts(id, entries, ops, found)
	}
	return entries, err
}

// historyTime is how a history entry writes an instant.
func historyTime(c oplog.Clock) string { return c.Time().Format("2006-01-02T15:04:05.000Z") }

// settledConflicts marks, in each entry, the fields whose conflict the change settled: the
// record as its author's Dossier held it when the change was made — the changes it had seen,
// applied again, which gives the same record in any order — showed several values for the
// field, and the change, having seen them all, replaced them (docs/storage.md, "History").
// Only resolutions, changes that found a conflict here, and deletes and restores (which
// settle a conflict on "deleted": Records.Resolve writes one) are derived again.
func settledConflicts(id string, entries []Entry, ops []*oplog.Op, found []foundField) error {
	for i, op := range ops {
		tomb := op.Type == oplog.OpDelete || op.Type == oplog.OpRestore
		if !tomb && (len(op.Set) == 0 || op.Type != oplog.OpResolve && !found[i].conflict) {
			continue
		}
		view := oplog.NewRecord(id)
		for _, o := range ops[:i] {
			if op.HasSeen(o.Author, o.Seq) {
				if _, err := view.Apply(o); err != nil {
					return err
				}
			}
		}
		fields := sortedFields(op.Set)
		if tomb {
			fields = []string{"deleted"}
		}
		for _, f := range fields {
			heads := view.Heads(f) // on "deleted", edits made without knowing of it are sides too
			if !distinctValues(heads) {
				continue
			}
			sides := make([]oplog.Side, len(heads))
			for k, h := range heads {
				sides[k] = oplog.Side{Value: h.Value, Author: h.Author, At: historyTime(h.Clock), Edited: tomb && view.Edited(h)}
			}
			k := slices.IndexFunc(entries[i].Changes, func(c oplog.Change) bool { return c.Field == f })
			if k < 0 { // it kept the value the field already showed here
				c := oplog.Change{Field: f, Old: found[i].fields[f].value, New: op.Set[f]}
				if tomb { // kept it deleted: a delete of a deleted record changes nothing here
					c.Old, c.New = found[i].deleted, tombValue(op.Type)
				}
				entries[i].Changes = append(entries[i].Changes, c)
				k = len(entries[i].Changes) - 1
			}
			entries[i].Changes[k].Settled = sides
		}
	}
	return nil
}

// distinctValues says whether heads hold more than one value: a conflict.
func distinctValues(heads []oplog.Write) bool {
	for _, h := range heads[min(1, len(heads)):] {
		if !bytes.Equal(h.Value, heads[0].Value) {
			return true
		}
	}
	return false
}

// foundField is, for each scalar field an operation set, the value it found and whether that
// value was one it had seen (its author had seen a head holding it); conflict, whether the
// operation found a field in conflict here, and had seen every value of it; deleted, whether
// the record was deleted here before it (true or false, as a history's "deleted" change).
type foundField struct {
	fields   map[string]fieldFound
	conflict bool
	deleted  json.RawMessage
}

// tombValue is what a delete or a restore writes to "deleted".
func tombValue(t oplog.OpType) json.RawMessage {
	if t == oplog.OpDelete {
		return json.RawMessage("true")
	}
	return json.RawMessage("false")
}

type fieldFound struct {
	value json.RawMessage
	seen  bool
}

func fieldsFound(rec *oplog.Record, op *oplog.Op) foundField {
	out := foundField{fields: map[string]fieldFound{}, deleted: tombValue(oplog.OpRestore)}
	if rec.Deleted() {
		out.deleted = tombValue(oplog.OpDelete)
	}
	for f := range op.Set {
		heads := rec.Heads(f)
		e := fieldFound{value: rec.Value(f), seen: true}
		if len(heads) > 0 {
			e.seen = false
			all := true
			for _, h := range heads {
				e.seen = e.seen || bytes.Equal(h.Value, heads[0].Value) && op.HasSeen(h.Author, h.Seq)
				all = all && op.HasSeen(h.Author, h.Seq)
			}
			out.conflict = out.conflict || all && distinctValues(heads)
		}
		out.fields[f] = e
	}
	return out
}

// fieldsWritten names the fields an operation wrote: set, added to or removed from, and
// "deleted" for a delete or restore.
func fieldsWritten(op *oplog.Op) map[string]bool {
	fs := map[string]bool{}
	for f := range op.Set {
		fs[f] = true
	}
	for f := range op.Add {
		fs[f] = true
	}
	for f := range op.Remove {
		fs[f] = true
	}
	if op.Type == oplog.OpDelete || op.Type == oplog.OpRestore {
		fs["deleted"] = true
	}
	return fs
}

// concurrentChanges marks, in each entry, the fields that another entry also wrote with
// neither having seen the other (docs/storage.md, "History"): the other authors, whether the
// old value shown is one this change had not seen, and, when this change's value is not the
// one the field shows (it lost to, or equals, a concurrent one), a change saying what it wrote.
func concurrentChanges(entries []Entry, ops []*oplog.Op, found []foundField) {
	written := make([]map[string]bool, len(ops))
	for i, op := range ops {
		written[i] = fieldsWritten(op)
	}
	for i, op := range ops {
		for _, f := range sortedFields(written[i]) {
			var with []string
			for j, o := range ops {
				if j != i && written[j][f] && !op.HasSeen(o.Author, o.Seq) && !o.HasSeen(op.Author, op.Seq) && !slices.Contains(with, o.Author) {
					with = append(with, o.Author)
				}
			}
			if len(with) == 0 {
				continue
			}
			k := slices.IndexFunc(entries[i].Changes, func(c oplog.Change) bool { return c.Field == f })
			ff, scalar := found[i].fields[f]
			switch {
			case k >= 0:
				c := &entries[i].Changes[k]
				c.Concurrent, c.Unseen = with, scalar && len(c.Old) > 0 && !ff.seen
			case scalar:
				entries[i].Changes = append(entries[i].Changes, oplog.Change{Field: f, Old: ff.value, New: ff.value,
					Wrote: op.Set[f], Concurrent: with, Unseen: len(ff.value) > 0 && !ff.seen})
			}
		}
	}
}

func sortedFields[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for f := range m {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Applied calls fn with every operation in the order this store applied it (a causal order),
// up to the apply counter: a pass that failed before its last transaction has written the
// apply entries of a batch that does not count as applied yet (backups read this).
func (s *Store) Applied(fn func(op *oplog.Op, raw []byte, origin string) error) error {
	s.mu.RLock()
	upto := s.applyN
	s.mu.RUnlock()
	return s.db.View(func(txn *badger.Txn) error {
		return appliedIn(txn, upto, func(_ uint64, op *oplog.Op, raw []byte, origin string) error { return fn(op, raw, origin) })
	})
}

// appliedIn calls fn with every operation of the apply log in the transaction txn, with its
// apply index, up to apply index upto.
func appliedIn(txn *badger.Txn, upto uint64, fn func(i uint64, op *oplog.Op, raw []byte, origin string) error) error {
	it := scan(txn, nil)
	defer it.Close()
	for it.Seek([]byte{pApply}); it.ValidForPrefix([]byte{pApply}); it.Next() {
		k := it.Item().Key()
		if len(k) != 9 {
			return fmt.Errorf("%w: key of %d bytes", errApplyEntry, len(k))
		}
		v, err := it.Item().ValueCopy(nil)
		if err != nil {
			return err
		}
		run, err := decodeApplyRun(binary.BigEndian.Uint64(k[1:]), v)
		if err != nil {
			return err
		}
		for i := uint64(0); i < run.n && run.first+i <= upto; i++ {
			if err := appliedOne(txn, run.first+i, run.seq+i, run, fn); err != nil {
				return err
			}
		}
	}
	return nil
}

// appliedOne reads change seq of a run's author, applied at index i, and calls fn with it.
func appliedOne(txn *badger.Txn, i, seq uint64, run applyRun, fn func(i uint64, op *oplog.Op, raw []byte, origin string) error) error {
	op, raw, err := loggedOp(txn, run.author, seq)
	if err != nil {
		return fmt.Errorf("apply index %d: %w", i, err)
	}
	return fn(i, op, raw, run.origin)
}

// logCheck follows the apply log in Check: each author's chain, the records recomputed, and
// the record of each apply index.
type logCheck struct {
	problems []string
	recs     map[string]*oplog.Record
	heads    map[string]string
	seqs     map[string]uint64
	recordAt map[uint64]string
	n        int
}

func (lc *logCheck) add(i uint64, op *oplog.Op, raw []byte, _ string) error {
	lc.n++
	if _, twice := lc.recordAt[i]; twice {
		lc.problems = append(lc.problems, fmt.Sprintf("apply index %d is named by two apply entries", i))
	}
	lc.recordAt[i] = op.Record
	if op.Seq != lc.seqs[op.Author]+1 {
		lc.problems = append(lc.problems, fmt.Sprintf("operation %d of %s applied after %d", op.Seq, op.Author, lc.seqs[op.Author]))
	}
	if op.Prev != lc.heads[op.Author] {
		lc.problems = append(lc.problems, fmt.Sprintf("operation %d of %s does not chain to its predecessor", op.Seq, op.Author))
	}
	lc.seqs[op.Author], lc.heads[op.Author] = op.Seq, oplog.Hash(raw)
	rec, ok := lc.recs[op.Record]
	if !ok {
		rec = oplog.NewRecord(op.Record)
		lc.recs[op.Record] = rec
	}
	_, err := rec.Apply(op)
	return err
}

// Check recomputes every record from the log and compares it, its summary, the chains and
// the heads with what is stored. It returns the problems found (none for a healthy store).
func (s *Store) Check() ([]string, error) {
	lc, err := s.replayLog()
	if err != nil {
		return nil, err
	}
	problems := append(lc.problems, s.checkHeads(lc)...)
	stored, err := s.checkStored(lc.recs, func(p string) { problems = append(problems, p) })
	if err != nil {
		return nil, err
	}
	if stored != len(lc.recs) {
		problems = append(problems, fmt.Sprintf("%d records stored, %d recomputed from %d operations", stored, len(lc.recs), lc.n))
	}
	beyond, err := s.beyondHeads()
	if err != nil {
		return nil, err
	}
	if len(beyond) > 0 {
		problems = append(problems, fmt.Sprintf("%d operations are stored beyond their author's head (an import that was not finished)", len(beyond)))
	}
	cps, err := s.checkCheckpoints()
	return append(problems, cps...), err
}

// replayLog applies every change the apply log names, in its order, to records of its own,
// and holds the history entries to the log, in one snapshot.
func (s *Store) replayLog() (*logCheck, error) {
	lc := &logCheck{recs: map[string]*oplog.Record{}, heads: map[string]string{}, seqs: map[string]uint64{}, recordAt: map[uint64]string{}}
	err := s.db.View(func(txn *badger.Txn) error {
		// Every entry, past the counter too: check names what a failed pass left.
		err := appliedIn(txn, math.MaxUint64, lc.add)
		if err == nil {
			lc.problems = append(lc.problems, checkHistories(txn, lc.recordAt)...)
		}
		return err
	})
	return lc, err
}

// checkHeads holds the heads in memory to where the log's chains end.
func (s *Store) checkHeads(lc *logCheck) []string {
	var problems []string
	s.mu.RLock()
	defer s.mu.RUnlock()
	for a, seq := range lc.seqs {
		if s.vv[a] != seq || s.heads[a] != lc.heads[a] {
			problems = append(problems, fmt.Sprintf("head of %s is %d in memory, the log ends at %d", a, s.vv[a], seq))
		}
	}
	if len(s.vv) != len(lc.seqs) {
		problems = append(problems, fmt.Sprintf("%d authors in the heads, %d in the log", len(s.vv), len(lc.seqs)))
	}
	return problems
}

// checkStored holds every stored record and its summary to its recomputation, and names
// every batch still pending. It returns how many records are stored.
func (s *Store) checkStored(recs map[string]*oplog.Record, problem func(string)) (int, error) {
	stored := 0
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek([]byte{pRecord}); it.ValidForPrefix([]byte{pRecord}); it.Next() {
			stored++
			id := string(it.Item().Key()[1:])
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			want, ok := recs[id]
			if !ok {
				problem(fmt.Sprintf("record %s is stored but no operation makes it", id))
				continue
			}
			if err := checkRecord(txn, id, v, want, s.oldSummaries, problem); err != nil {
				return err
			}
		}
		for _, p := range []byte{pJournal, pPending} {
			for it.Seek([]byte{p}); it.ValidForPrefix([]byte{p}); it.Next() {
				problem(fmt.Sprintf("batch %s is still pending", it.Item().Key()[1:]))
			}
		}
		return nil
	})
	return stored, err
}

// checkRecord holds record id, stored as v, and its summary to want, its recomputation. A
// store that could not write its rebuilt summaries (oldSummaries: read-only, or no room)
// keeps those of another version on disk, rebuilt in memory, until the next open with space:
// they are not stale.
func checkRecord(txn *badger.Txn, id string, v []byte, want *oplog.Record, oldSummaries bool, problem func(string)) error {
	enc, _ := want.Encode()
	got, err := readRecord(txn, id, v)
	if err != nil {
		problem(err.Error())
		return nil
	}
	if v[0] == recordByOp {
		v, _ = got.Encode()
	}
	if !bytes.Equal(enc, v) {
		problem(fmt.Sprintf("record %s differs from its recomputation", id))
	}
	sumItem, err := txn.Get(summaryKey(id))
	if err != nil {
		problem(fmt.Sprintf("record %s has no index entry", id))
		return nil
	}
	sv, err := sumItem.ValueCopy(nil)
	if err != nil {
		return err
	}
	if oldSummaries && len(sv) > 0 && sv[0] != summaryVersion {
		return nil
	}
	if ws := summarise(want); !bytes.Equal(sv, ws.encode()) {
		problem(fmt.Sprintf("index entry of %s is stale", id))
	}
	return nil
}
