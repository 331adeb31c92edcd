package cli_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/service"
	"dossier/app/store"
)

// TestCSVOverTheLimitIsRefusedNotCut: a CSV file one byte over 256 MiB (sparse: its rows, then
// a hole) is refused whole with a message naming its size, the limit and what to do; before,
// it was cut at 256 MiB and imported with exit 0.
func TestCSVOverTheLimitIsRefusedNotCut(t *testing.T) {
	d := initDir(t)
	before := must(t, run(t, d, "", "state-hash"))
	path := filepath.Join(t.TempDir(), "big.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("title,status\nFirst row,agreed\nSecond row,agreed\n"); err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(service.MaxCSVBytes + 1); err != nil { // no data is written for the hole
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	r := run(t, d, "", "csv", "import", "commitment", path)
	if r.code != 2 {
		t.Fatalf("exit %d, want 2\n%s%s", r.code, r.out, r.err)
	}
	for _, want := range []string{fmt.Sprintf("(%d bytes)", service.MaxCSVBytes+1), "the limit is 256 MiB", "nothing was imported", "split it"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("the refusal lacks %q:\n%s", want, r.err)
		}
	}
	if after := must(t, run(t, d, "", "state-hash")); after != before {
		t.Fatal("a refused CSV stored something")
	}
}

// TestListPageRanges: --limit and --offset outside their ranges are refused with the range,
// exit 2; the offset that used to panic (makeslice) is one of them.
func TestListPageRanges(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	cases := []struct {
		args  []string
		field string // "" = accepted
	}{
		{[]string{"--limit", "1"}, ""},
		{[]string{"--limit", fmt.Sprint(store.MaxLimit)}, ""},
		{[]string{"--offset", fmt.Sprint(store.MaxOffset)}, ""},
		{[]string{"--limit", "0"}, "limit"},
		{[]string{"--limit", fmt.Sprint(store.MaxLimit + 1)}, "limit"},
		{[]string{"--offset", "-1"}, "offset"},
		{[]string{"--offset", fmt.Sprint(store.MaxOffset + 1)}, "offset"},
		{[]string{"--offset", "9223372036854775000"}, "offset"},
		{[]string{"--offset", "9223372036854775800", "--limit", "10000"}, "offset"},
	}
	for _, c := range cases {
		r := run(t, d, "", append([]string{"record", "list", "commitment"}, c.args...)...)
		if strings.Contains(r.err, "panic") {
			t.Fatalf("%v: panic\n%s", c.args, r.err)
		}
		if c.field == "" {
			if r.code != 0 || !strings.Contains(r.out, " of ") {
				t.Errorf("%v: exit %d\n%s%s", c.args, r.code, r.out, r.err)
			}
			continue
		}
		if r.code != 2 || !strings.Contains(r.err, c.field+": ") || !strings.Contains(r.err, "out of range: give between") {
			t.Errorf("%v: exit %d, want 2 and a refusal of %s\n%s%s", c.args, r.code, c.field, r.out, r.err)
		}
	}
}
