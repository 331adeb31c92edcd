package store

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"reflect"
	"testing"

	"dossier/app/domain"
)

// rulesAtSummaryVersion is the fingerprint of the records' declared rules (rulesFingerprint)
// that the summaries of summaryVersion were derived with.
var rulesAtSummaryVersion = map[int]string{
	10: "9e7d560a675e99b1b4a1bf311a8e2fe391d7ad99022bc7a34c6e642f3318d028",
	11: "9e7d560a675e99b1b4a1bf311a8e2fe391d7ad99022bc7a34c6e642f3318d028",
}

// rulesFingerprint hashes what the records' rules are declared by: every field of every
// record type, nested ones too, with its validate, dossier and json tags, and the values of
// every closed list. Rules written as code (a meeting that ends before it starts) are not in
// it: raise summaryVersion by hand for those.
func rulesFingerprint() string {
	h := sha256.New()
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct || seen[t] {
			return
		}
		seen[t] = true
		fmt.Fprintf(h, "%s{", t.Name())
		for i := range t.NumField() {
			f := t.Field(i)
			fmt.Fprintf(h, "%s %s %q %q %q;", f.Name, f.Type, f.Tag.Get("json"), f.Tag.Get("validate"), f.Tag.Get("dossier"))
			walk(f.Type)
		}
		fmt.Fprint(h, "}")
	}
	for _, v := range []any{domain.Party{}, domain.Framework{}, domain.Partnership{}, domain.Commitment{}, domain.Meeting{}, domain.Intervention{}} {
		walk(reflect.TypeOf(v))
	}
	var options func(fs []domain.Field)
	options = func(fs []domain.Field) {
		for _, f := range fs {
			fmt.Fprintf(h, "%s:%v:%s:", f.Name, f.Required, f.Ref)
			for _, o := range f.Options {
				fmt.Fprintf(h, "%q,", o.Value)
			}
			options(f.Columns)
		}
	}
	for _, k := range domain.Kinds {
		fmt.Fprintf(h, "|%s|", k)
		options(domain.Schema(k))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// A change of the records' rules must raise summaryVersion, or a store keeps the rule flags
// (Summary.Breaks) its summaries were derived with: the bound of an indicator's figure first
// came without it, and a record holding 1e300 stayed off the list of those breaking a rule.
func TestRulesChangeRaisesTheSummaryVersion(t *testing.T) {
	fp := rulesFingerprint()
	if rulesAtSummaryVersion[summaryVersion] != fp {
		t.Fatalf("the records' declared rules are not those summary version %d was derived with.\n"+
			"If a rule changed (a validate or dossier tag, a closed list's values, a required field), raise summaryVersion "+
			"(summary.go) so that every store derives its rule flags again at its next open, and set\n"+
			"\trulesAtSummaryVersion[%d] = %q\n(keep the older entries). If no rule changed, set only that line.",
			summaryVersion, summaryVersion, fp)
	}
}
