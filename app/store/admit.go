package store

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dossier/app/admit"
	"dossier/app/domain"
	"dossier/app/oplog"
)

// localRules judge this installation's own changes: its clock is the reference, and
// references must point to live records (the batch's own included).
func (s *Store) localRules(ov *overlay) admit.Rules {
	return admit.Rules{Lookup: ov, System: s.opt.System}
}

// importRules judge changes authored elsewhere: clocks are bounded by this machine's clock,
// and a reference may point to a record deleted since (a concurrent delete is legitimate).
func (s *Store) importRules(lk domain.Lookup) admit.Rules {
	now := s.opt.Now
	if now == nil {
		now = time.Now
	}
	return admit.Rules{Now: now, Lookup: lk, System: s.opt.System}
}

// asFieldError turns a refused local change into the field errors a form shows.
func asFieldError(err error) error {
	var ae *admit.Error
	if !errors.As(err, &ae) {
		return err
	}
	if ae.Rule == admit.RuleFields {
		return &domain.ValidationError{Kind: domain.Kind(ae.Kind), Fields: ae.Fields, Problems: ae.Problems}
	}
	field := "kind"
	if ae.Rule == admit.RuleReserved {
		field = "id"
	}
	if ae.Rule == admit.RuleNoRecord || ae.Rule == admit.RuleKindChange {
		return fmt.Errorf("%w: %s", ErrConflict, ae.Reason)
	}
	return domain.ProblemErr(domain.Kind(ae.Kind), field, domain.P("text", "text", ae.Reason))
}

// admitter checks imported changes one by one in a causal order, on top of the records held,
// without writing anything to the store. admit judges a change by its own content, the record
// it changes as it stands before it (a set's size once the change is made), and the kinds of
// what it refers to; and no change may make a record larger than MaxRecordBytes. So the
// admitter keeps a kind per record the batch touches, the records it changes as the batch
// leaves them (batchRecords: the latest in memory, the rest in a temporary file), and of the
// frameworks the batch changes only their item codes (references to items are checked
// against them), never the items again: their titles are most of a framework's bytes.
type admitter struct {
	s     *Store
	kinds map[string]string
	items map[string]struct{} // item codes the batch's framework changes define
	recs  *batchRecords
	rules admit.Rules
	// sizes: each register's size (oplog.Unit) after the last change to it, by record and
	// unit, so that the next change to it need not measure it before (applySized). Emptied
	// when full.
	sizes map[string]int
}

const maxUnitSizes = 1 << 16

// MaxImportItemCodes bounds the framework item codes one import keeps for admission: 200
// frameworks of 500 items (docs/bundle-format.md, "Limits"). Honest bundles define a few
// frameworks, and a framework changed again repeats the codes it had.
const MaxImportItemCodes = 100_000

// ItemCodesError: the frameworks of an import define more item codes than
// MaxImportItemCodes; Author's change Seq, on framework Record, passed the bound.
type ItemCodesError struct {
	Author string
	Seq    uint64
	Record string
	Limit  int
}

func (e *ItemCodesError) Error() string {
	return fmt.Sprintf("change %d of %s, on framework %s, passes the limit of %d framework items in one import", e.Seq, e.Author, e.Record, e.Limit)
}

func (s *Store) newAdmitter() *admitter {
	a := &admitter{s: s, kinds: map[string]string{}, items: map[string]struct{}{}, recs: newBatchRecords(s), sizes: map[string]int{}}
	a.rules = s.importRules(a)
	return a
}

// close drops what the admitter kept on disk. An admitter may be closed twice, or not used.
func (a *admitter) close() {
	if a != nil {
		a.recs.close()
	}
}

// kindOf is the kind of a record held or touched by the batch so far.
func (a *admitter) kindOf(id string) (string, bool, error) {
	if k, ok := a.kinds[id]; ok {
		return k, true, nil
	}
	if sum, ok := a.s.ix.get(id); ok {
		return sum.Kind, true, nil
	}
	rec, err := a.s.Get(id) // not in the index: only a record held without a summary
	switch {
	case errors.Is(err, ErrNotFound):
		return "", false, nil
	case err != nil:
		return "", false, err
	}
	return rec.Kind, true, nil
}

// change admits one operation and notes what it adds.
func (a *admitter) change(op *oplog.Op) error {
	_, exists, err := a.kindOf(op.Record)
	if err != nil {
		return err
	}
	var prior *oplog.Record
	size := 0
	if exists {
		if prior, size, err = a.recs.get(op.Record); err != nil {
			return err
		}
	}
	if err := a.rules.Change(op, prior); err != nil {
		return err
	}
	if !exists {
		// A decoded operation's strings share its bytes: a key of its own keeps a record
		// kind from holding on to the whole operation.
		a.kinds[strings.Clone(op.Record)] = internKind(op.Kind)
	}
	rec := prior
	if rec == nil {
		rec = oplog.NewRecord(op.Record)
	}
	if size, err = a.applySized(rec, op, size); err != nil {
		return err
	}
	if err := a.recs.put(op.Record, rec, size); err != nil {
		return err
	}
	if op.Kind != string(domain.KindFramework) {
		return nil
	}
	return a.frameworkItems(op)
}

// frameworkItems notes the item codes an admitted framework change defines: the items it
// sets, or, for a restore, those of the framework held. A code stays defined for the rest of
// the batch even when a later change removes its item or deletes its framework: a change
// that refers to it is then like one that refers to a record deleted since, which a
// concurrent change may legitimately do.
func (a *admitter) frameworkItems(op *oplog.Op) error {
	v, ok := op.Set["items"]
	if op.Type == oplog.OpRestore {
		rec, err := a.s.Get(op.Record)
		switch {
		case err == nil:
			v, ok = rec.Value("items"), true
		case !errors.Is(err, ErrNotFound):
			return err
		}
	}
	if !ok {
		return nil
	}
	var items []struct {
		Code string `json:"code"`
	}
	if err := json.Unmarshal(v, &items); err != nil {
		return nil // an items value admit let through is one it does not read as items: no codes
	}
	for _, it := range items {
		if _, ok := a.items[it.Code]; ok {
			continue
		}
		if len(a.items) >= MaxImportItemCodes {
			return &ItemCodesError{Author: op.Author, Seq: op.Seq, Record: op.Record, Limit: MaxImportItemCodes}
		}
		a.items[it.Code] = struct{}{}
	}
	return nil
}

// MaxRecordBytes bounds one record's stored encoding. Badger refuses a value larger than its
// value log file (32 MiB, DesktopOptions): a record past it could not be written, and the
// import that makes it would fail after its commit marker. Half of that leaves room; an
// honest record is far smaller (a framework's items, the largest value, are at most 1 MiB
// per head). A change that would grow a record past it is refused before anything is
// written, locally and on import.
const MaxRecordBytes = 16 << 20

// applySized applies op to rec, whose encoding was size bytes, and returns the new size
// (measured on the registers op writes: oplog.Record.Footprint, by unit). It refuses, as an
// *admit.Error naming the field that holds the most, a change that grows the record past
// MaxRecordBytes; rec is then changed and must be dropped.
func (a *admitter) applySized(rec *oplog.Record, op *oplog.Op, size int) (int, error) {
	units := oplog.Units(op)
	keys := make([]string, len(units))
	before, after := map[string]int{}, map[string]int{}
	for i, u := range units {
		keys[i] = rec.ID + "\x00" + u.Key()
		n, ok := a.sizes[keys[i]]
		if !ok {
			n = rec.UnitSize(u)
		}
		before[u.Name()] += n
	}
	if _, err := rec.Apply(op); err != nil {
		return 0, err
	}
	if len(a.sizes)+len(units) > maxUnitSizes {
		clear(a.sizes)
	}
	for i, u := range units {
		n := rec.UnitSize(u)
		after[u.Name()] += n
		if len(keys[i]) <= 256 {
			a.sizes[keys[i]] = n
		}
	}
	grew := 0
	field := ""
	for f, n := range after {
		grew += n - before[f]
		if field == "" || n > after[field] || n == after[field] && f < field {
			field = f
		}
	}
	size += grew
	if grew <= 0 || size <= MaxRecordBytes {
		return size, nil
	}
	for _, k := range keys { // rec is dropped: so are its sizes
		delete(a.sizes, k)
	}
	return 0, recordTooLarge(op, field, size)
}

func recordTooLarge(op *oplog.Op, field string, size int) error {
	mb := func(n int) string { return strconv.Itoa((n + 1<<20 - 1) >> 20) }
	p := domain.P("record_too_large", "size", mb(size), "max", mb(MaxRecordBytes))
	return &admit.Error{Author: op.Author, Seq: op.Seq, Record: op.Record, Kind: op.Kind, Rule: admit.RuleFields,
		Fields: map[string]string{field: p.Text()}, Problems: map[string]domain.Problem{field: p}}
}

// internKind shares the kinds' strings, so that the kinds kept do not hold on to operations.
func internKind(k string) string {
	if kd, ok := domain.ParseKind(k); ok {
		return string(kd)
	}
	return k
}

// KindOf answers references: records held (deleted or not) and records the batch creates.
func (a *admitter) KindOf(id string) (domain.Kind, bool) {
	k, ok, _ := a.kindOf(id)
	return domain.Kind(k), ok
}

func (a *admitter) FrameworkItemExists(code string) bool {
	if _, ok := a.items[code]; ok {
		return true
	}
	return a.s.ix.hasFrameworkItem(code)
}

// admitAll checks every operation of an import, in the causal order it will be applied, on
// top of the records held, without writing anything: the whole batch is refused at the first
// change that a form would refuse.
func (s *Store) admitAll(ordered []*oplog.Op) error {
	ad := s.newAdmitter()
	defer ad.close()
	for _, op := range ordered {
		if err := ad.change(op); err != nil {
			return err
		}
	}
	return nil
}
