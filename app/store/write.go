package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"sort"
	"strings"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"dossier/app/admit"
	"dossier/app/domain"
	"dossier/app/internal/textcap"
	"dossier/app/oplog"
)

// Draft is a local change before it becomes an operation.
type Draft struct {
	Type   oplog.OpType
	Kind   string
	Record string
	Set    map[string]json.RawMessage
	Add    map[string][]json.RawMessage
	Remove map[string][]json.RawMessage
}

// Result says what a batch of operations did.
type Result struct {
	Ops       []*oplog.Op
	New       int            // operations applied
	Known     int            // operations already held (replays)
	Created   []string       // records that did not exist before
	Updated   []string       // records that existed and changed
	Conflicts int            // conflicts raised (open conflicts added)
	Kinds     map[string]int // operations applied, per kind of record
	// Breaking is how many records the batch left breaking a rule of their own that did not
	// before it (Summary.Breaks went from false to true; a record it creates so counts):
	// what an import's report says needs mending (docs/api.md, "Import result").
	Breaking int

	streamed bool // a streaming import: Ops is not kept (it would hold the whole batch)
}

// GapError refuses operations whose predecessors are missing (oplog.Continue).
type GapError = oplog.GapError

// ForkError reports an author with two histories (oplog.Continue).
type ForkError = oplog.ForkError

// DraftError is one refused draft of a batch.
type DraftError struct {
	Index int // position in the batch, from 0
	Err   error
}

// BatchError lists every refused draft; nothing of the batch was stored.
type BatchError struct{ Errors []DraftError }

func (e *BatchError) Error() string {
	parts := make([]string, len(e.Errors)) // only the shown ones are formatted
	for i, de := range e.Errors[:min(len(e.Errors), textcap.Items)] {
		parts[i] = fmt.Sprintf("change %d: %v", de.Index+1, de.Err)
	}
	return fmt.Sprintf("%d changes refused, nothing stored: %s", len(e.Errors), textcap.Join(parts, "; ", textcap.Items))
}

func (e *BatchError) Unwrap() error { return domain.ErrInvalid }

type pending struct {
	op   *oplog.Op
	raw  []byte
	hash string
	// final is the record after this operation, when the batch's checks derived it already
	// and the operation is the batch's only change to it (a local save): the apply takes it
	// instead of reading the record and applying the operation a second time.
	final *oplog.Record
	// finalEnc is final's encoding, made by the checks (its size is bounded): written as is.
	finalEnc []byte
}

// Save turns drafts into this installation's operations, validates the records they produce,
// and stores them all or none. It returns when the operations are on disk.
func (s *Store) Save(origin string, drafts ...Draft) (*Result, error) {
	if s.opt.Author == "" {
		return nil, ErrNoAuthor
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	ps, err := s.prepare(drafts)
	if err != nil {
		return nil, err
	}
	return s.applyBatch(ps, origin)
}

// Validate checks drafts exactly as Save does, with the same errors, and stores nothing: a
// preview (the CSV screen) says what Save would refuse without a second set of rules.
func (s *Store) Validate(drafts ...Draft) error {
	if s.opt.Author == "" {
		return ErrNoAuthor
	}
	s.wmu.Lock()
	defer s.wmu.Unlock()
	_, err := s.prepare(drafts)
	return err
}

// prepare turns drafts into operations and checks them (admit, then each record whole);
// the caller holds wmu.
func (s *Store) prepare(drafts []Draft) ([]pending, error) {
	author := s.opt.Author
	s.mu.RLock()
	seq, prev := s.vv[author], s.heads[author]
	seen := s.vv.Clone()
	s.mu.RUnlock()
	delete(seen, author)
	ov := &overlay{s: s, recs: map[string]*oplog.Record{}}
	var ps []pending
	var be BatchError
	refused := map[string]bool{} // records whose change admit refused: reported once
	// A record made by one create that adds nothing it also removes was judged whole by
	// admit (domain.Validate, on the same fields and lookup): judged again at the end, it
	// gets the same verdict, unless the batch deletes a record or changes a framework (which
	// references and framework items resolve against). Such a batch judges every record again.
	judged, rejudge := map[string]bool{}, false
	changes := map[string]int{}
	for i, d := range drafts {
		rec, err := ov.record(d.Record)
		exists := err == nil
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if !exists {
			rec = oplog.NewRecord(d.Record)
		}
		if err := checkDraft(d, rec, exists); err != nil {
			return nil, err
		}
		var prior *oplog.Record // the record before this change: what admit judges it against
		if exists {
			prior = rec
		}
		seq++
		op := &oplog.Op{V: oplog.Version, Author: author, Seq: seq, Prev: prev, Clock: s.hlc.Now(), Seen: seen,
			Type: d.Type, Kind: d.Kind, Record: d.Record, Set: d.Set, Add: d.Add, Remove: d.Remove}
		if exists {
			op.Kind = rec.Kind
		}
		op, raw, err := oplog.EncodeCanonical(op)
		if err != nil {
			return nil, domain.ProblemErr(domain.Kind(d.Kind), "value", domain.P("text", "text", err.Error()))
		}
		if err := op.Check(); err != nil {
			return nil, fmt.Errorf("change %d: %w", i+1, err)
		}
		if err := s.localRules(ov).Change(op, prior); err != nil {
			var ae *admit.Error
			if !errors.As(err, &ae) || ae.Rule != admit.RuleFields {
				return nil, asFieldError(err)
			}
			// Report every draft at fault, as whole-record validation does below.
			be.Errors = append(be.Errors, DraftError{Index: i, Err: asFieldError(err)})
			refused[d.Record] = true
		} else if op.Type == oplog.OpCreate && len(op.Remove) == 0 {
			judged[d.Record] = true
		}
		changes[d.Record]++
		rejudge = rejudge || op.Type == oplog.OpDelete || op.Kind == string(domain.KindFramework)
		if _, err := rec.Apply(op); err != nil {
			return nil, err
		}
		ov.recs[d.Record] = rec
		prev = oplog.Hash(raw)
		ps = append(ps, pending{op: op, raw: raw, hash: prev})
	}
	// Validate each record once, in its final state, and report every draft at fault.
	encs := map[string][]byte{}
	for i := len(ps) - 1; i >= 0; i-- {
		rec := ov.recs[ps[i].op.Record]
		if _, checked := encs[rec.ID]; checked || refused[rec.ID] {
			continue
		}
		enc, err := fitsStore(rec, ps[i].op)
		encs[rec.ID] = enc
		if err != nil {
			be.Errors = append(be.Errors, DraftError{Index: i, Err: asFieldError(err)})
			continue
		}
		if rec.Deleted() || !isDomainKind(rec.Kind) || !rejudge && judged[rec.ID] && changes[rec.ID] == 1 {
			continue
		}
		if err := domain.Validate(domain.Kind(rec.Kind), rec.Fields(), ov); err != nil {
			be.Errors = append(be.Errors, DraftError{Index: i, Err: err})
		}
	}
	switch {
	case len(be.Errors) == 1 && len(drafts) == 1:
		return nil, be.Errors[0].Err
	case len(be.Errors) > 0:
		sort.Slice(be.Errors, func(i, j int) bool { return be.Errors[i].Index < be.Errors[j].Index })
		return nil, &be
	}
	for i := range ps {
		if id := ps[i].op.Record; changes[id] == 1 {
			ps[i].final, ps[i].finalEnc = ov.recs[id], encs[id]
		}
	}
	return ps, nil
}

// fitsStore returns a record's encoding, and refuses one that passes MaxRecordBytes, naming
// the field of op, the last change to it, that holds the most.
func fitsStore(rec *oplog.Record, op *oplog.Op) ([]byte, error) {
	enc, err := rec.Encode()
	if err != nil || len(enc) <= MaxRecordBytes {
		return enc, err
	}
	field, fp := "value", rec.Footprint(op)
	for f, n := range fp {
		if field == "value" || n > fp[field] || n == fp[field] && f < field {
			field = f
		}
	}
	return nil, recordTooLarge(op, field, len(enc))
}

func isDomainKind(k string) bool { _, ok := domain.ParseKind(k); return ok }

func checkDraft(d Draft, rec *oplog.Record, exists bool) error {
	switch {
	case d.Type == oplog.OpCreate && exists:
		return fmt.Errorf("%w: a record with id %s already exists", ErrConflict, d.Record)
	case d.Type != oplog.OpCreate && !exists:
		return fmt.Errorf("%w: %s", ErrNotFound, d.Record)
	case d.Type == oplog.OpCreate:
		if _, ok := domain.ParseKind(d.Kind); !ok && !strings.HasPrefix(d.Kind, "sys_") {
			return domain.ProblemErr(domain.Kind(d.Kind), "kind", domain.P("not_a_kind", "value", d.Kind, "kinds", "party, framework, partnership, commitment, meeting or intervention"))
		}
		return nil
	case (d.Type == oplog.OpDelete || d.Type == oplog.OpRestore) && len(rec.Heads("deleted")) > 1:
		return nil // settling a delete/restore conflict
	case d.Type == oplog.OpDelete && rec.Deleted():
		return fmt.Errorf("%w: %s is already deleted", ErrConflict, d.Record)
	case d.Type == oplog.OpRestore && !rec.Deleted():
		return fmt.Errorf("%w: %s is not deleted", ErrConflict, d.Record)
	case (d.Type == oplog.OpUpdate || d.Type == oplog.OpResolve) && rec.Deleted():
		return fmt.Errorf("%w: %s is deleted; restore it before changing it", ErrConflict, d.Record)
	}
	return nil
}

// overlay answers validation questions with the batch's own records on top of the store.
type overlay struct {
	s    *Store
	recs map[string]*oplog.Record
}

func (o *overlay) record(id string) (*oplog.Record, error) {
	if r, ok := o.recs[id]; ok {
		return r, nil
	}
	if !o.s.ix.has(id) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return o.s.Get(id)
}

func (o *overlay) KindOf(id string) (domain.Kind, bool) {
	if r, ok := o.recs[id]; ok {
		return domain.Kind(r.Kind), !r.Deleted()
	}
	sum, ok := o.s.ix.get(id)
	if !ok || sum.Deleted {
		return "", false
	}
	return domain.Kind(sum.Kind), true
}

func (o *overlay) FrameworkItemExists(code string) bool {
	for _, r := range o.recs {
		if r.Kind != string(domain.KindFramework) || r.Deleted() {
			continue
		}
		var items []domain.FrameworkItem
		_ = json.Unmarshal(r.Value("items"), &items)
		for _, it := range items {
			if it.Code == code {
				return true
			}
		}
	}
	return o.s.ix.hasFrameworkItem(code)
}

// Import applies operations authored elsewhere, whose signatures the caller has verified.
// Continuity, forks and causal completeness are decided by oplog.Continue (fork evidence is
// kept), every change passes admit, and then everything is applied or nothing.
func (s *Store) Import(ops []*oplog.Op, raws [][]byte, origin string) (*Result, error) {
	s.wmu.Lock()
	defer s.wmu.Unlock()
	c, err := oplog.Continue(heldView{s}, ops, raws)
	if err != nil {
		var fe *ForkError
		if errors.As(err, &fe) {
			return nil, errors.Join(err, s.keepForkEvidence(fe))
		}
		return nil, err
	}
	if err := s.admitAll(c.Ordered); err != nil {
		return nil, err
	}
	ps := make([]pending, 0, len(c.Ordered))
	for _, op := range c.Ordered {
		raw := c.Raw[op.Ref()]
		ps = append(ps, pending{op: op, raw: raw, hash: oplog.Hash(raw)})
	}
	res, err := s.applyBatch(ps, origin)
	if err != nil {
		return nil, err
	}
	res.Known = c.Known
	return res, nil
}

// heldView is the store as oplog.Continue sees it.
type heldView struct{ s *Store }

func (h heldView) Head(author string) (uint64, string) { return h.s.Head(author) }

func (h heldView) Raw(author string, seq uint64) ([]byte, error) {
	_, raw, err := h.s.Op(author, seq)
	return raw, err
}

func (s *Store) keepForkEvidence(fe *ForkError) error {
	k := key(pFork, []byte(fe.Author), u64(fe.Seq))
	v, err := json.Marshal(map[string]string{"held": string(fe.Held), "other": string(fe.Other)})
	if err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(k, v) }); err != nil {
		return fmt.Errorf("keep the evidence of the fork of %s at change %d: %w", fe.Author, fe.Seq, err)
	}
	return nil
}

// Forks lists the fork evidence kept.
func (s *Store) Forks() ([]ForkError, error) {
	var out []ForkError
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek([]byte{pFork}); it.ValidForPrefix([]byte{pFork}); it.Next() {
			k := it.Item().Key()
			var v map[string]string
			raw, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(raw, &v); err != nil {
				return err
			}
			out = append(out, ForkError{Author: string(k[1:17]), Seq: binary.BigEndian.Uint64(k[len(k)-8:]), Held: []byte(v["held"]), Other: []byte(v["other"])})
		}
		return nil
	})
	return out, err
}

// txState carries what a transaction changes that memory must learn after it commits.
type txState struct {
	recs      map[string]*oplog.Record
	heads     map[string]pending
	applyN    uint64
	maxClock  oplog.Clock
	summaries map[string]Summary
	run       applyRun             // the run of changes its apply entry will name (applylog.go)
	hist      map[string]*[]uint64 // each record's changes its next history entry will list
	res       *Result
	before    map[string]prior // each record as the batch found it
	bytes     int
	cache     *recordCache // records decoded by earlier transactions of the batch
	logged    bool         // the operations are already under o (a pending batch): not written again
	// made holds, for each record the batch creates, the reference to its change (recordRef),
	// written instead of its JSON; nil once a second change of the batch touches it.
	made map[string][]byte
	// judged holds the records the batch creates with one change that removes nothing: a
	// create judged whole by admit, or by a save's checks, with the store's lookup, so the
	// record breaks no rule of its own (summariseJudged). Dropped as made is.
	judged map[string]bool
	// unjudged: no admission by this build vouches for the batch's creates (a pending batch
	// finished at open, which an older build may have admitted by laxer rules), so none is
	// held judged and every record's summary checks the rules.
	unjudged bool

	// A preview's (preview.go): what each change did, kept until its transaction would commit.
	dry   bool
	steps []PreviewStep
}

// applyBatch stores and applies operations in causal order, all or nothing.
func (s *Store) applyBatch(ps []pending, origin string) (*Result, error) {
	if err := s.unfinishedErr(); err != nil {
		return nil, err
	}
	if err := s.checkSpace(batchNeed(ps)); err != nil {
		return nil, err
	}
	res := &Result{}
	if len(ps) == 0 {
		return res, nil
	}
	size := 0
	for _, p := range ps {
		size += 3 * len(p.raw)
	}
	if size < maxTxnBytes/2 && len(ps) <= 500 {
		st := s.newTxState(res)
		err := s.db.Update(func(txn *badger.Txn) error {
			for _, p := range ps {
				if err := s.applyOne(txn, st, p, origin); err != nil {
					return err
				}
			}
			return st.flush(txn)
		})
		if err == nil {
			s.learn(st)
			return finish(res, st), nil
		}
		if !errors.Is(err, badger.ErrTxnTooBig) {
			return nil, err
		}
		// Nothing of the refused transaction was written, but it counted its changes in res.
		*res = Result{}
	}
	st, err := s.writePending(ps, origin, res)
	if err != nil {
		return nil, err
	}
	return finish(res, st), nil
}

func finish(res *Result, st *txState) *Result {
	created := map[string]bool{}
	for _, id := range res.Created {
		created[id] = true
	}
	updated := res.Updated[:0]
	seen := map[string]bool{}
	for _, id := range res.Updated {
		if !created[id] && !seen[id] {
			seen[id] = true
			updated = append(updated, id)
		}
	}
	res.Updated = updated
	for id, sum := range st.summaries {
		before, ok := st.before[id]
		if !ok {
			continue
		}
		if sum.Conflicts > before.conflicts {
			res.Conflicts += sum.Conflicts - before.conflicts
		}
		if sum.Breaks && !before.breaks {
			res.Breaking++
		}
	}
	return res
}

// prior is what the result counts from a record as the batch found it: its open conflicts,
// and whether it broke a rule (the index's flag, read before the batch's summaries are
// learned). A record the batch creates is the zero prior.
type prior struct {
	conflicts int
	breaks    bool
}

func (s *Store) newTxState(res *Result) *txState {
	return &txState{recs: map[string]*oplog.Record{}, heads: map[string]pending{}, summaries: map[string]Summary{}, hist: map[string]*[]uint64{},
		res: res, before: map[string]prior{}, made: map[string][]byte{}, judged: map[string]bool{}}
}

// touch notes a change to op's record for its stored form (recordvalue.go): a record the
// batch creates with op is stored as a reference to op, until a second change of the batch
// touches it and it is written whole.
func (st *txState) touch(op *oplog.Op, created bool) {
	if _, ok := st.made[op.Record]; ok {
		st.made[op.Record] = nil
		delete(st.judged, op.Record)
		return
	}
	if created && op.Type == oplog.OpCreate {
		id := strings.Clone(op.Record)
		st.made[id] = recordRef(op)
		if len(op.Remove) == 0 && !st.unjudged {
			st.judged[id] = true
		}
	}
}

// applyOne writes one operation and what it changes. It is idempotent: an operation already
// held is skipped, so a batch interrupted by a crash can be applied again.
func (s *Store) applyOne(txn *badger.Txn, st *txState, p pending, origin string) error {
	op := p.op
	if st.applyN == 0 {
		item, err := txn.Get(metaKey("apply"))
		if err == nil {
			if st.applyN, err = u64Value(item, "apply counter"); err != nil {
				return err
			}
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
	}
	if h, ok := st.heads[op.Author]; ok {
		if h.op.Seq >= op.Seq {
			return nil
		}
	} else if item, err := txn.Get(headKey(op.Author)); err == nil {
		held, err := u64Value(item, "head of "+op.Author)
		if err != nil {
			return err
		}
		if held >= op.Seq {
			return nil
		}
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	rec, ok := st.recs[op.Record]
	var changes []oplog.Change
	var err error
	created := false
	switch {
	case !ok && p.final != nil:
		// Derived by the batch's checks, under the same write lock: the record as it was is
		// known from the index, without reading it.
		rec = p.final
		if sum, held := s.ix.get(op.Record); held {
			st.res.Updated = append(st.res.Updated, op.Record)
			st.before[op.Record] = prior{sum.Conflicts, sum.Breaks}
		} else {
			st.res.Created = append(st.res.Created, op.Record)
			st.before[op.Record] = prior{}
			created = true
		}
		st.recs[op.Record] = rec
	case !ok:
		// The id outlives the operation (results, summaries, the cache); a decoded
		// operation's strings share all its bytes.
		id := strings.Clone(op.Record)
		rec, err = st.cache.get(id)
		if rec == nil && err == nil {
			rec, err = s.getRecordIndexed(txn, id)
		}
		switch {
		case errors.Is(err, ErrNotFound):
			rec = oplog.NewRecord(id)
			st.res.Created = append(st.res.Created, id)
			st.before[id] = prior{}
			created = true
		case err != nil:
			return err
		default:
			st.res.Updated = append(st.res.Updated, id)
			st.before[id] = prior{len(rec.Conflicts()), s.ix.breaks(id)}
		}
		st.recs[id] = rec
		if changes, err = rec.Apply(op); err != nil {
			return err
		}
	default:
		if changes, err = rec.Apply(op); err != nil {
			return err
		}
	}
	st.touch(op, created)
	if st.dry {
		st.steps = append(st.steps, PreviewStep{Op: op, Created: !s.ix.has(op.Record), Changes: changes})
	}
	if !st.logged {
		if err := txn.Set(opKey(op.Author, op.Seq), p.raw); err != nil {
			return err
		}
	}
	if err := st.logApplied(op.Author, op.Seq, origin, txn.Set); err != nil {
		return err
	}
	if err := st.noteHistory(op.Record, st.applyN, txn.Set); err != nil {
		return err
	}
	st.count(p)
	st.bytes += 2*len(p.raw) + 120
	return nil
}

// count notes an applied change in the batch's state: its author's head, the latest clock,
// and the result's counts.
func (st *txState) count(p pending) {
	op := p.op
	st.heads[op.Author] = p
	if op.Clock.Compare(st.maxClock) > 0 {
		st.maxClock = op.Clock
	}
	st.res.New++
	if !st.res.streamed {
		st.res.Ops = append(st.res.Ops, op)
	}
	if st.res.Kinds == nil {
		st.res.Kinds = map[string]int{}
	}
	st.res.Kinds[internKind(op.Kind)]++
}

func (s *Store) unfinishedErr() error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.unfinished
}

// getRecordIndexed is getRecord that does not look on disk for a record the index does not
// hold (a create: most of a batch).
func (s *Store) getRecordIndexed(txn *badger.Txn, id string) (*oplog.Record, error) {
	if !s.ix.has(id) {
		return nil, fmt.Errorf("%w: %s", ErrNotFound, id)
	}
	return getRecord(txn, id)
}

// flush writes the records, summaries, heads and counters touched in this transaction, its
// history entries, and ends its run of apply entries.
func (st *txState) flush(txn *badger.Txn) error {
	if err := st.endRun(txn.Set); err != nil {
		return err
	}
	if err := st.writeHistories(txn.Set); err != nil {
		return err
	}
	for id, rec := range st.recs {
		enc, judged := st.made[id], st.judged[id]
		delete(st.made, id) // a later chunk's change to it finds it and writes it whole
		delete(st.judged, id)
		if enc == nil {
			var err error
			if enc, err = rec.Encode(); err != nil {
				return err
			}
		}
		sum := summariseJudged(rec, judged)
		st.summaries[id] = sum
		if err := txn.Set(recordKey(id), enc); err != nil {
			return err
		}
		if err := txn.Set(summaryKey(id), sum.encode()); err != nil {
			return err
		}
	}
	for a, p := range st.heads {
		if err := txn.Set(headKey(a), headValue(p.op.Seq, p.hash)); err != nil {
			return err
		}
	}
	if err := txn.Set(metaKey("apply"), u64(st.applyN)); err != nil {
		return err
	}
	var c [12]byte
	binary.BigEndian.PutUint64(c[:], uint64(st.maxClock.Wall))
	binary.BigEndian.PutUint32(c[8:], st.maxClock.Logical)
	item, err := txn.Get(metaKey("clock"))
	if err == nil {
		old, err := clockValue(item)
		if err != nil {
			return err
		}
		if old.Compare(st.maxClock) >= 0 {
			return nil
		}
	} else if !errors.Is(err, badger.ErrKeyNotFound) {
		return err
	}
	return txn.Set(metaKey("clock"), c[:])
}

// learn updates memory after a transaction committed.
func (s *Store) learn(st *txState) {
	s.mu.Lock()
	for a, p := range st.heads {
		s.vv[a] = p.op.Seq
		s.heads[a] = p.hash
	}
	if st.applyN > s.applyN {
		s.applyN = st.applyN
	}
	s.mu.Unlock()
	s.hlc.Observe(st.maxClock)
	for _, sum := range st.summaries {
		s.ix.put(sum)
	}
}

// applyStaged finishes a batch journaled under `J` (by a store of format 3): it reads the
// staged operations back, applies them, then drops the batch.
func (s *Store) applyStaged(batch string, res *Result, order []stagedRange) (*txState, error) {
	var origin string
	src := func(add func(pending) error) error {
		return s.eachStagedOrdered(batch, order, func(v []byte) error {
			op, raw, o, err := decodeStaged(batch, v)
			if err != nil {
				return err
			}
			origin = o
			return add(pending{op: op, raw: raw, hash: oplog.Hash(raw)})
		})
	}
	total, err := s.applyChunks(res, &origin, false, src, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("apply batch %s (it will be finished at the next open): %w", batch, err)
	}
	return total, s.dropBatch(batch)
}

// applyChunks applies the operations src yields in transactions of bounded size. logged: the
// operations are already under `o` (a pending batch) and are not written again. With dry set
// it is a preview's: every transaction is discarded instead of committed, memory learns
// nothing, and dry is told what each change did (preview.go).
func (s *Store) applyChunks(res *Result, origin *string, logged bool, src func(add func(pending) error) error, p *ImportProgress, dry *dryRun) (*txState, error) {
	total := newTxState(res)
	cache := newRecordCache(recordCacheSize)
	update := s.db.Update
	if dry != nil {
		cache, update = dry.cache, discarded(s)
	}
	var chunk []pending
	// applyChunk applies operations in one transaction. Each transaction is one fsync, which
	// costs more than anything else here, so chunks are filled close to Badger's limit by an
	// estimate; one that turns out too big (a small change to a large record) is split in two
	// and tried again: nothing of a refused transaction was written.
	var applyChunk func(c []pending) error
	applyChunk = func(c []pending) error {
		before := *res
		before.Kinds = maps.Clone(res.Kinds) // the attempt counts into the map itself
		st := s.newTxState(res)
		st.cache, st.logged, st.dry = cache, logged, dry != nil
		err := update(func(txn *badger.Txn) error {
			for _, p := range c {
				if err := s.applyOne(txn, st, p, *origin); err != nil {
					return err
				}
			}
			return st.flush(txn)
		})
		if err != nil {
			// The refused attempt changed cached records in place without writing them.
			for id := range st.recs {
				cache.drop(id)
			}
		}
		if errors.Is(err, badger.ErrTxnTooBig) && len(c) > 1 {
			*res = before // what the refused attempt counted
			splits.Add(1)
			h := len(c) / 2
			if err := applyChunk(c[:h]); err != nil {
				return err
			}
			return applyChunk(c[h:])
		}
		if err == nil && dry != nil {
			err = dry.took(st)
		}
		if err != nil {
			return err
		}
		if dry == nil {
			s.learn(st)
		}
		for id, rec := range st.recs {
			cache.put(id, rec)
		}
		if p != nil {
			p.Applied.Add(int64(len(c)))
		}
		for id, sum := range st.summaries {
			total.summaries[id] = sum
		}
		// A record updated by an earlier transaction is listed once (finish would drop the
		// repeat at the end; until then, a large batch held one id per record per transaction).
		kept := res.Updated[:len(before.Updated)]
		for _, id := range res.Updated[len(before.Updated):] {
			if _, ok := total.before[id]; !ok {
				kept = append(kept, id)
			}
		}
		res.Updated = kept
		for id, n := range st.before {
			if _, ok := total.before[id]; !ok {
				total.before[id] = n
			}
		}
		return nil
	}
	flushChunk := func() error {
		if len(chunk) == 0 {
			return nil
		}
		err := applyChunk(chunk)
		chunk = chunk[:0]
		return err
	}
	size := 0
	add := func(p pending) error {
		chunk = append(chunk, p)
		// An operation writes itself (unless logged already), its history and apply entries,
		// its record and its summary: two to three times its bytes and a few hundred more.
		size += 2*len(p.raw) + 768
		if !logged {
			size += len(p.raw)
		}
		if size > maxTxnBytes || len(chunk) >= 2000 {
			size = 0
			return flushChunk()
		}
		return nil
	}
	err := src(add)
	if err == nil {
		err = flushChunk()
	}
	return total, err
}

// splits counts chunks split for being too big (for a test that must reach the split).
var splits atomic.Int64

func newTxState(res *Result) *txState {
	return &txState{summaries: map[string]Summary{}, before: map[string]prior{}, res: res}
}

func (s *Store) dropBatch(batch string) error {
	prefix := key(pStaged, []byte(batch))
	var keys [][]byte
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
			keys = append(keys, it.Item().KeyCopy(nil))
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Delete(journalKey(batch)) }); err != nil {
		return err
	}
	return s.deleteKeys(keys)
}

// recoverJournals finishes batches whose marker was written and drops staged operations of
// batches that never got one: pending batches (format 4), then journals a format 3 store left.
func (s *Store) recoverJournals() error {
	if err := s.recoverPending(); err != nil {
		return err
	}
	committed := map[string]bool{}
	staged := map[string]bool{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := scan(txn, nil)
		defer it.Close()
		for it.Seek([]byte{pJournal}); it.ValidForPrefix([]byte{pJournal}); it.Next() {
			committed[string(it.Item().Key()[1:])] = true
		}
		for it.Seek([]byte{pStaged}); it.ValidForPrefix([]byte{pStaged}); it.Next() {
			k := it.Item().Key()
			staged[string(k[1:17])] = true
		}
		return nil
	})
	if err != nil {
		return err
	}
	for b := range staged {
		if committed[b] {
			order, err := s.journalOrderOf(b)
			if err == nil {
				err = s.vetStaged(b, order)
			}
			if err == nil {
				_, err = s.applyStaged(b, &Result{}, order)
			}
			if err != nil && transient(err) {
				return err
			}
			if err != nil {
				// It will never apply (damaged or refused changes): keep it aside, and open.
				if err := s.setAside(b, err); err != nil {
					return err
				}
			}
		} else if err := s.dropBatch(b); err != nil {
			return err
		}
	}
	for b := range committed {
		if !staged[b] {
			if err := s.dropBatch(b); err != nil {
				return err
			}
		}
	}
	return nil
}
