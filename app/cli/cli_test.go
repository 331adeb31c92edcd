package cli_test

// These tests drive the real binary, as a user or a script would.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"dossier/app/internal/clitest"
	"dossier/app/store"
)

var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dossier-cli-test")
	if err != nil {
		panic(err)
	}
	bin = filepath.Join(dir, "dossier")
	if err := clitest.Build(bin, ""); err != nil {
		fmt.Fprintln(os.Stderr, "building the dossier binary failed:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	out, err string
	code     int
}

func run(t *testing.T, data, stdin string, args ...string) result {
	t.Helper()
	out, errOut, code, err := clitest.Run(bin, data, stdin, args...)
	if err != nil {
		t.Fatal(err)
	}
	return result{out, errOut, code}
}

func must(t *testing.T, r result) string {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d: %s%s", r.code, r.out, r.err)
	}
	return strings.TrimSpace(r.out)
}

func initDir(t *testing.T) string {
	t.Helper()
	d := t.TempDir()
	must(t, run(t, d, "", "init", "--name", "A. Benali", "--role", "delegate"))
	return d
}

func TestNoCommandPrintsHelpAndExits2(t *testing.T) {
	r := run(t, t.TempDir(), "")
	if r.code != 2 || !strings.Contains(r.err, "usage: dossier COMMAND") || strings.Contains(r.out+r.err, "wails") {
		t.Fatalf("exit %d\n%s%s", r.code, r.out, r.err)
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, c := range []string{"init", "identity", "demo", "record add", "record set", "record add-to", "record remove-from",
		"record delete", "record restore", "record show", "record list", "record history", "csv export", "csv import",
		"state-hash", "check", "backup", "restore", "conflicts", "resolve", "version"} {
		r := run(t, t.TempDir(), "", append(strings.Fields(c), "--help")...)
		if r.code != 0 || !strings.Contains(r.out, "usage: dossier "+c) || !strings.Contains(r.out, "-data") {
			t.Errorf("%s --help: exit %d %q", c, r.code, r.out)
		}
	}
}

func TestIdentity(t *testing.T) {
	d := initDir(t)
	var id map[string]string
	if err := json.Unmarshal([]byte(must(t, run(t, d, "", "identity", "--json"))), &id); err != nil {
		t.Fatal(err)
	}
	if id["name"] != "A. Benali" || id["role"] != "delegate" || len(id["key_id"]) != 16 || id["fingerprint"] == "" {
		t.Fatalf("identity: %v", id)
	}
	info, err := os.Stat(filepath.Join(d, "identity.key"))
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("identity.key: %v %v", info.Mode(), err)
	}
	if r := run(t, d, "", "init", "--name", "Again"); r.code == 0 {
		t.Fatal("a second init replaced the identity")
	}
	if r := run(t, t.TempDir(), "", "init", "--name", "X", "--role", "ambassador"); r.code != 2 || !strings.Contains(r.err, "role") {
		t.Fatalf("bad role: %d %s", r.code, r.err)
	}
}

func TestDemoTwiceEqualsOnce(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	once := must(t, run(t, d, "", "state-hash"))
	out := must(t, run(t, d, "", "demo"))
	if !strings.Contains(out, "already loaded") {
		t.Fatalf("second demo: %s", out)
	}
	if twice := must(t, run(t, d, "", "state-hash")); twice != once {
		t.Fatalf("state hash changed: %s → %s", once, twice)
	}
	lby := must(t, run(t, d, "", "record", "list", "commitment", "--country", "LBY"))
	if !strings.Contains(lby, "Voluntary humanitarian returns from Libya") {
		t.Fatalf("Libya commitments: %s", lby)
	}
	// --country takes what brief --country takes: a code in any case, or a name in English
	// or French (the same reader, domain.ReadCountry); an unknown one names the closest.
	for _, in := range []string{"Libye", "libya", "lby", " LIBYE "} {
		if got := must(t, run(t, d, "", "record", "list", "commitment", "--country", in)); got != lby {
			t.Errorf("--country %q:\n%s\nwant, as for LBY:\n%s", in, got, lby)
		}
	}
	if r := run(t, d, "", "record", "list", "commitment", "--country", "Libyie"); r.code == 0 || !strings.Contains(r.err, `"Libyie" is not a country: give its ISO 3166-1 alpha-3 code or its name; did you mean LBY (Libya)?`) {
		t.Errorf("--country Libyie: exit %d\n%s%s", r.code, r.out, r.err)
	}
	tf := must(t, run(t, d, "", "record", "list", "partnership", "--q", "task force"))
	if !strings.Contains(tf, "AU-EU-UN Task Force") {
		t.Fatalf("task force: %s", tf)
	}
	must(t, run(t, d, "", "check"))
}

func TestRefusedCommitmentsNameTheFieldAndStoreNothing(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	before := must(t, run(t, d, "", "state-hash"))
	cases := []struct{ field, json string }{
		{"status", `{"title":"x","status":"maybe"}`},
		{"title", `{"status":"agreed"}`},
		{"due", `{"title":"x","status":"agreed","due":"31/12/2025"}`},
		{"themes[0]", `{"title":"x","status":"agreed","themes":["fishing"]}`},
		{"partnership", `{"title":"x","status":"agreed","partnership":"01234567-89ab-7def-8123-456789abcdef"}`},
		{"committed_by", `{"title":"x","status":"agreed","committed_by":["01234567-89ab-7def-8123-456789abcdef"]}`},
		{"stdin", `not json`},
		{"colour", `{"title":"x","status":"agreed","colour":"blue"}`},
	}
	for _, c := range cases {
		r := run(t, d, c.json, "record", "add", "commitment")
		if r.code != 2 || !strings.Contains(r.err, c.field+":") {
			t.Errorf("%s: exit %d, stderr %q", c.field, r.code, r.err)
		}
	}
	if after := must(t, run(t, d, "", "state-hash")); after != before {
		t.Fatal("a refused record changed the state")
	}
}

func TestHistoryOfACommitmentEditedThreeTimes(t *testing.T) {
	d := initDir(t)
	id := must(t, run(t, d, `{"title":"Returns","status":"proposed"}`, "record", "add", "commitment"))
	must(t, run(t, d, "", "record", "set", id, "status=agreed"))
	must(t, run(t, d, "", "record", "set", id, "due=2026-06-30"))
	must(t, run(t, d, `{"title":"Voluntary returns"}`, "record", "set", id, "--json", "-"))
	var h []store.Entry
	if err := json.Unmarshal([]byte(must(t, run(t, d, "", "record", "history", id, "--json"))), &h); err != nil {
		t.Fatal(err)
	}
	if len(h) != 4 || h[0].Type != "create" {
		t.Fatalf("history: %d entries", len(h))
	}
	want := []struct{ field, old, new string }{
		{"status", `"proposed"`, `"agreed"`}, {"due", `null`, `"2026-06-30"`}, {"title", `"Returns"`, `"Voluntary returns"`}}
	for i, w := range want {
		e := h[i+1]
		if e.AuthorName != "A. Benali" || e.At == "" || len(e.Changes) != 1 {
			t.Fatalf("entry %d: %+v", i+1, e)
		}
		c := e.Changes[0]
		if c.Field != w.field || string(c.Old) != w.old || string(c.New) != w.new {
			t.Errorf("entry %d: %s %s → %s", i+1, c.Field, c.Old, c.New)
		}
	}
	text := must(t, run(t, d, "", "record", "history", id))
	if !strings.Contains(text, `status: "proposed" → "agreed"`) || !strings.Contains(text, "A. Benali") {
		t.Fatalf("text history:\n%s", text)
	}
}

func TestSetValuedFieldsAndDeleteRestore(t *testing.T) {
	d := initDir(t)
	id := must(t, run(t, d, `{"title":"T","status":"agreed","themes":["trafficking"]}`, "record", "add", "commitment"))
	must(t, run(t, d, "", "record", "add-to", id, "themes", "border_management"))
	must(t, run(t, d, "", "record", "remove-from", id, "themes", "trafficking"))
	var v struct {
		Fields  map[string]json.RawMessage
		Deleted bool
	}
	json.Unmarshal([]byte(must(t, run(t, d, "", "record", "show", id, "--json"))), &v)
	var themes []string
	json.Unmarshal(v.Fields["themes"], &themes)
	if len(themes) != 1 || themes[0] != "border_management" {
		t.Fatalf("themes: %s", v.Fields["themes"])
	}
	if r := run(t, d, "", "record", "add-to", id, "themes", "fishing"); r.code != 2 {
		t.Fatalf("bad theme: %d %s", r.code, r.err)
	}
	must(t, run(t, d, "", "record", "delete", id))
	if out := must(t, run(t, d, "", "record", "list", "commitment")); strings.Contains(out, id) {
		t.Fatal("deleted record listed")
	}
	must(t, run(t, d, "", "record", "restore", id))
	if out := must(t, run(t, d, "", "record", "list", "commitment", "--json")); !strings.Contains(out, id) {
		t.Fatal("restored record not listed")
	}
	if r := run(t, d, "", "record", "show", "01234567-89ab-7def-8123-456789abcdef"); r.code != 1 {
		t.Fatalf("missing record: exit %d", r.code)
	}
}

func TestCSVRoundTripAndErrorsByRowAndColumn(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	csvPath := filepath.Join(t.TempDir(), "c.csv")
	must(t, run(t, d, "", "csv", "export", "commitment", "--out", csvPath))
	data, _ := os.ReadFile(csvPath)
	if !strings.Contains(string(data), "Voluntary humanitarian returns from Libya") {
		t.Fatal("export misses a commitment")
	}
	// Re-importing the export changes nothing.
	before := must(t, run(t, d, "", "state-hash"))
	must(t, run(t, d, "", "csv", "import", "commitment", csvPath))
	if after := must(t, run(t, d, "", "state-hash")); after != before {
		t.Fatal("re-importing an unchanged export changed the state")
	}
	bad := "title;status;due\nGood row;agreed;2026-01-01\n;agreed;2026-01-01\nThird;maybe;tomorrow\n"
	badPath := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(badPath, []byte(bad), 0o600)
	r := run(t, d, "", "csv", "import", "commitment", badPath)
	for _, want := range []string{"row 3, column title", "row 4, column status", "row 4, column due"} {
		if !strings.Contains(r.err, want) {
			t.Errorf("missing %q in:\n%s", want, r.err)
		}
	}
	if r.code != 2 {
		t.Fatalf("exit %d", r.code)
	}
	if after := must(t, run(t, d, "", "state-hash")); after != before {
		t.Fatal("a refused CSV stored something")
	}
}

func TestBackupRestore(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	want := must(t, run(t, d, "", "state-hash"))
	b := filepath.Join(t.TempDir(), "dossier.bak")
	must(t, run(t, d, "", "backup", "--out", b))
	card := filepath.Join(t.TempDir(), "maker.card")
	must(t, run(t, d, "", "identity", "--card", card))

	// Without the maker's card: refused, and the new directory stays empty.
	empty := t.TempDir()
	r := run(t, empty, "", "restore", b)
	if r.code != 2 || !strings.Contains(r.err, "--card MAKER.card") || !strings.Contains(r.err, "fingerprint") {
		t.Fatalf("no card: exit %d %s", r.code, r.err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Fatalf("a refused restore wrote %d entries", len(entries))
	}
	out := must(t, run(t, empty, "", "restore", b, "--card", card))
	if !strings.Contains(out, "made on") || !strings.Contains(out, "A. Benali") {
		t.Fatalf("report: %s", out)
	}
	if got := must(t, run(t, empty, "", "state-hash")); got != want {
		t.Fatalf("restored %s, want %s", got, want)
	}
	must(t, run(t, empty, "", "check"))

	// --own: the maker's identity files copied into a new directory.
	own := t.TempDir()
	for _, f := range []string{"identity.json", "identity.key"} {
		data, _ := os.ReadFile(filepath.Join(d, f))
		os.WriteFile(filepath.Join(own, f), data, 0o600)
	}
	ownOut := must(t, run(t, own, "", "restore", "--own", b))
	// Restored as itself, it is warned before its first change that changes made after the
	// backup may be held by its peers; restored from a card (another's backup), it is not.
	if !regexp.MustCompile(`Before you change anything here: this backup holds your changes up to number [1-9][0-9]*, as of `).MatchString(ownOut) ||
		!strings.Contains(ownOut, "refuse it as a fork") || strings.Contains(out, "Before you change anything") {
		t.Fatalf("own restore report: %s\ncard restore report: %s", ownOut, out)
	}
	if got := must(t, run(t, own, "", "state-hash")); got != want {
		t.Fatalf("restored %s, want %s", got, want)
	}

	// A changed byte, and the card of another installation: refused, nothing written.
	data, _ := os.ReadFile(b)
	data[len(data)/2] ^= 0x20
	tampered := filepath.Join(t.TempDir(), "tampered.bak")
	os.WriteFile(tampered, data, 0o600)
	other := filepath.Join(t.TempDir(), "other.card")
	must(t, run(t, initDir(t), "", "identity", "--card", other))
	for file, msg := range map[string]string{tampered + " --card " + card: "changed or damaged", b + " --card " + other: "not by the installation named"} {
		dir := t.TempDir()
		r := run(t, dir, "", append([]string{"restore"}, strings.Fields(file)...)...)
		if r.code != 1 || !strings.Contains(r.err, "refused, nothing was restored") || !strings.Contains(r.err, msg) {
			t.Fatalf("%s: exit %d %s", file, r.code, r.err)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Fatalf("a refused restore wrote %d entries", len(entries))
		}
	}
}

func TestSecondProcessIsToldTheDirectoryIsOpen(t *testing.T) {
	d := initDir(t)
	st, err := store.Open(filepath.Join(d, "db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := run(t, d, "", "record", "list", "commitment")
	if r.code != 1 || !strings.Contains(r.err, "Dossier is already open on this data directory ("+d+")") {
		t.Fatalf("exit %d: %s", r.code, r.err)
	}
	if strings.Contains(r.err, "goroutine") || strings.Contains(r.err, "badger") {
		t.Fatalf("stack trace or internals leaked: %s", r.err)
	}
}

// Killing the process during a 10,000-row CSV import leaves a store that opens, passes
// check, and holds none or all of the rows.
func TestKillDuringCSVImport(t *testing.T) {
	var b strings.Builder
	b.WriteString("title,status,themes,text\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&b, "Commitment %d,agreed,border_management;trafficking,Capacity building row %d\n", i, i)
	}
	csvPath := filepath.Join(t.TempDir(), "rows.csv")
	os.WriteFile(csvPath, []byte(b.String()), 0o600)
	// Calibrate how long a full import takes here, then kill at random points within it.
	cal := initDir(t)
	start := time.Now()
	must(t, run(t, cal, "", "csv", "import", "commitment", csvPath))
	full := time.Since(start)
	rng := rand.New(rand.NewSource(time.Now().UnixNano()))
	seen := map[int]int{}
	for attempt := 0; attempt < 6; attempt++ {
		d := initDir(t)
		cmd := exec.Command(bin, "csv", "import", "commitment", csvPath)
		cmd.Env = append(os.Environ(), "DOSSIER_DATA="+d)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(rng.Int63n(int64(full) * 11 / 10))
		time.Sleep(delay)
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		must(t, run(t, d, "", "check"))
		var page struct{ Total int }
		json.Unmarshal([]byte(must(t, run(t, d, "", "record", "list", "commitment", "--json", "--limit", "1"))), &page)
		if page.Total != 0 && page.Total != 10000 {
			t.Fatalf("killed after %v: %d rows stored, want 0 or 10000", delay, page.Total)
		}
		seen[page.Total]++
	}
	t.Logf("outcomes over 6 kills (rows → times): %v; full import took %v", seen, full)
}

func pdfText(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext (poppler-utils, installed by `make deps`): %v", err)
	}
	return string(out)
}

func TestBriefOfTheSampleData(t *testing.T) {
	d := initDir(t)
	must(t, run(t, d, "", "demo"))
	pdf := filepath.Join(t.TempDir(), "lby.pdf")
	must(t, run(t, d, "", "brief", "--country", "LBY", "--out", pdf))
	text := pdfText(t, pdf)
	flat := strings.Join(strings.Fields(text), " ")
	for _, want := range []string{"At a glance", "Partnerships and dialogues", "Commitments", "Meetings", "Talking points",
		"Open conflicts", "Provenance", "AU-EU-UN Task Force", "53,000", "stranded in Libya", "For official use"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the Libya brief lacks %q", want)
		}
	}
	// A commitment added now appears in the next brief with its status and due date.
	var lby struct{ Items []struct{ ID string } }
	json.Unmarshal([]byte(must(t, run(t, d, "", "record", "list", "party", "--country", "LBY", "--json"))), &lby)
	id := must(t, run(t, d, `{"title":"Coast guard training centre in Tripoli","status":"agreed","due":"2027-03-31","towards":["`+lby.Items[0].ID+`"]}`, "record", "add", "commitment"))
	must(t, run(t, d, "", "brief", "--country", "LBY", "--out", pdf))
	flat = strings.Join(strings.Fields(pdfText(t, pdf)), " ")
	for _, want := range []string{"Coast guard training centre in Tripoli", "Agreed", "31 Mar 2027"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the new commitment's %q is not in the brief", want)
		}
	}
	_ = id
	// The same brief in French: headings, status words, month names and numbers.
	must(t, run(t, d, "", "brief", "--country", "LBY", "--lang", "fr", "--out", pdf))
	flat = strings.ReplaceAll(strings.Join(strings.Fields(pdfText(t, pdf)), " "), "\u00a0", " ")
	for _, want := range []string{"FICHE PAYS", "Libye", "En bref", "Partenariats et dialogues", "Éléments de langage", "Convenu", "31 mars 2027", "53 000"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the French brief lacks %q", want)
		}
	}
	if r := run(t, d, "", "brief", "--country", "LBY", "--lang", "de", "--out", pdf); r.code == 0 || !strings.Contains(r.err, "en or fr") {
		t.Fatalf("an unknown language: exit %d %s", r.code, r.err)
	}
	r := run(t, d, "", "brief", "--country", "LBA", "--out", pdf)
	if r.code != 2 || !strings.Contains(r.err, "did you mean LBY (Libya)") {
		t.Fatalf("unknown code: exit %d %s", r.code, r.err)
	}
	pack := filepath.Join(t.TempDir(), "pack.pdf")
	must(t, run(t, d, "", "brief", "--pack", "--countries", "LBY,TUN,MAR", "--out", pack))
	packText := pdfText(t, pack)
	for _, want := range []string{"Libya", "Tunisia", "Morocco", "Contents"} {
		if !strings.Contains(packText, want) {
			t.Errorf("the pack lacks %q", want)
		}
	}
	// A countries pack is not a meeting pack: its cover says what it is.
	if cover, _, _ := strings.Cut(packText, "\f"); !strings.Contains(cover, "COUNTRY BRIEFS") || strings.Contains(cover, "MEETING PACK") {
		t.Errorf("the countries pack's cover: %q", cover)
	}
	dir := t.TempDir()
	must(t, run(t, d, "", "brief", "--countries", "LBY,TUN", "--out", dir))
	for _, f := range []string{"LBY.pdf", "TUN.pdf"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
