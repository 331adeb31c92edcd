package cli_test

import (
	"strings"
	"testing"
)

// A refused list filter names the flag the user typed (`--to`, `--framework`), not the list
// query's field (date_to, framework_item), and a kind's plural is English ("parties").
func TestListRefusalsNameTheFlag(t *testing.T) {
	d := initDir(t)
	for _, c := range []struct {
		args      []string
		want, not string
	}{
		{[]string{"record", "list", "commitment", "--to", "this quarter"}, `--to: "this quarter" is not a date`, "date_to"},
		{[]string{"record", "list", "commitment", "--from", "01/10/2026"}, `--from: "01/10/2026" could be day first (1 October 2026) or month first (10 January 2026)`, "date_from"},
		{[]string{"record", "list", "commitment", "--framework", "GCM-99"}, `--framework: "GCM-99" is not a known framework item`, "framework_item"},
		{[]string{"record", "list", "meeting", "--has-funding"}, "--has-funding: meetings have no funding", "has_funding"},
		{[]string{"record", "list", "party", "--theme", "trafficking"}, "--theme: parties have no themes", "partys"},
		{[]string{"record", "list", "intervention", "--status", "agreed"}, "--status: an intervention has no status", "a intervention"},
		{[]string{"record", "list", "intervention", "--framework", "GCM-1"}, "it applies only to partnerships and commitments", "partnerships, commitments"},
	} {
		r := run(t, d, "", c.args...)
		if r.code != 2 || !strings.Contains(r.err, c.want) || strings.Contains(r.err, c.not) {
			t.Errorf("dossier %s: exit %d, want %q and not %q in:\n%s", strings.Join(c.args, " "), r.code, c.want, c.not, r.err)
		}
	}
}
