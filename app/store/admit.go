package store

import (
	"encoding/json"
	"errors"
	"fmt"
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
// without writing anything and without holding the batch's records: admit judges a change
// by its own content, the kind of the record it changes (or that there is none), and the
// kinds of what it refers to. So only a kind per record the batch touches is kept, and of
// the frameworks the batch changes only their item codes (references to items are checked
// against them), never the items themselves: their titles are most of a framework's bytes.
type admitter struct {
	s     *Store
	kinds map[string]string
	items map[string]struct{} // item codes the batch's framework changes define
	rules admit.Rules
}

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
	a := &admitter{s: s, kinds: map[string]string{}, items: map[string]struct{}{}}
	a.rules = s.importRules(a)
	return a
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
	kind, exists, err := a.kindOf(op.Record)
	if err != nil {
		return err
	}
	var prior *oplog.Record
	if exists {
		prior = &oplog.Record{ID: op.Record, Kind: kind}
	}
	if err := a.rules.Change(op, prior); err != nil {
		return err
	}
	if !exists {
		// A decoded operation's strings share its bytes: a key of its own keeps a record
		// kind from holding on to the whole operation.
		a.kinds[strings.Clone(op.Record)] = internKind(op.Kind)
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
	for _, op := range ordered {
		if err := ad.change(op); err != nil {
			return err
		}
	}
	return nil
}
