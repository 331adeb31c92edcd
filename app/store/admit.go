package store

import (
	"errors"
	"fmt"
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
// kinds of what it refers to. So only a kind per record the batch touches is kept, and
// framework records the batch changes are kept whole, because references to their items are
// checked against them.
type admitter struct {
	s     *Store
	kinds map[string]string
	fw    map[string]*oplog.Record
	rules admit.Rules
}

func (s *Store) newAdmitter() *admitter {
	a := &admitter{s: s, kinds: map[string]string{}, fw: map[string]*oplog.Record{}}
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
		a.kinds[op.Record] = internKind(op.Kind)
	}
	if op.Kind != string(domain.KindFramework) {
		return nil
	}
	rec, ok := a.fw[op.Record]
	if !ok {
		if rec, err = a.s.Get(op.Record); errors.Is(err, ErrNotFound) {
			rec = oplog.NewRecord(op.Record)
		} else if err != nil {
			return err
		}
		a.fw[op.Record] = rec
	}
	_, err = rec.Apply(op)
	return err
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
	ov := overlay{s: a.s, recs: a.fw}
	return ov.FrameworkItemExists(code)
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
