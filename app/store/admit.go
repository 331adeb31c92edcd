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

// importLookup answers references for imported changes: records held (deleted or not) and
// records the batch itself creates.
type importLookup struct {
	s    *Store
	recs map[string]*oplog.Record
}

func (l importLookup) KindOf(id string) (domain.Kind, bool) {
	if r, ok := l.recs[id]; ok {
		return domain.Kind(r.Kind), true
	}
	if sum, ok := l.s.ix.get(id); ok {
		return domain.Kind(sum.Kind), true
	}
	return "", false
}

func (l importLookup) FrameworkItemExists(code string) bool {
	ov := overlay{s: l.s, recs: l.recs}
	return ov.FrameworkItemExists(code)
}

// admitAll checks every operation of an import, in the causal order it will be applied, on
// top of the records held, without writing anything: the whole batch is refused at the first
// change that a form would refuse.
func (s *Store) admitAll(ordered []*oplog.Op) error {
	recs := map[string]*oplog.Record{}
	rules := s.importRules(importLookup{s: s, recs: recs})
	for _, op := range ordered {
		rec, ok := recs[op.Record]
		if !ok {
			got, err := s.Get(op.Record)
			switch {
			case errors.Is(err, ErrNotFound):
			case err != nil:
				return err
			default:
				rec = got
			}
		}
		if err := rules.Change(op, rec); err != nil {
			return err
		}
		if rec == nil {
			rec = oplog.NewRecord(op.Record)
		}
		if _, err := rec.Apply(op); err != nil {
			return err
		}
		recs[op.Record] = rec
	}
	return nil
}
