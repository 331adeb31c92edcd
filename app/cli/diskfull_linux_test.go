package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/internal/tmpdisk"
)

func commitmentCount(t *testing.T, d string) int {
	t.Helper()
	var page struct{ Total int }
	if err := json.Unmarshal([]byte(must(t, run(t, d, "", "record", "list", "commitment", "--json", "--limit", "1"))), &page); err != nil {
		t.Fatal(err)
	}
	return page.Total
}

// On a full disk, a save and an import fail with exit 1 and a message that says how much
// space to free; nothing is half-written; reading commands still work (the store opens
// read-only); and once space is freed everything works again. Before, Badger wrote into
// its memory-mapped files and the process died of SIGBUS, even for `state-hash`.
func TestDiskFullDuringSaveAndImport(t *testing.T) {
	mnt := tmpdisk.Mount(t, 64<<20)
	d := filepath.Join(mnt, "data")
	must(t, run(t, d, "", "init", "--name", "A. Benali", "--role", "delegate"))
	must(t, run(t, d, "", "demo"))
	var b strings.Builder
	b.WriteString("title,status,themes,text\n")
	for i := range 2000 {
		fmt.Fprintf(&b, "Commitment %d,agreed,border_management;trafficking,Capacity building row %d\n", i, i)
	}
	csvPath := filepath.Join(t.TempDir(), "rows.csv") // off the small disk
	if err := os.WriteFile(csvPath, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	// A bundle of 45 changes from a trusted delegate whose data is off the small disk.
	amina := initDir(t)
	must(t, run(t, amina, "", "demo"))
	card := filepath.Join(t.TempDir(), "amina.card")
	must(t, run(t, amina, "", "identity", "--card", card))
	bundle := filepath.Join(t.TempDir(), "amina.dossier")
	must(t, run(t, amina, "", "export", "--all", "--out", bundle))
	must(t, run(t, d, "", "trust", "add", card, "--yes"))
	record := `{"title":"Saved on a nearly full disk","status":"agreed"}`
	noCrash := func(r result) {
		t.Helper()
		for _, w := range []string{"fatal error", "unexpected fault", "goroutine", "SIGBUS", "panic"} {
			if strings.Contains(r.err, w) {
				t.Fatalf("the process crashed (%q): %s", w, r.err)
			}
		}
	}
	refused := func(r result, what string) {
		t.Helper()
		noCrash(r)
		if r.code != 1 {
			t.Fatalf("%s: exit %d, want 1: %s%s", what, r.code, r.out, r.err)
		}
		for _, w := range []string{"the disk is full", "nothing was stored", "MB free", "Free at least"} {
			if !strings.Contains(r.err, w) {
				t.Errorf("%s: message does not say %q: %s", what, w, r.err)
			}
		}
	}
	readsWork := func(want string) {
		t.Helper()
		if got := must(t, run(t, d, "", "state-hash")); got != want {
			t.Fatalf("state %s, want %s: a refused write changed the store", got, want)
		}
		r := run(t, d, "", "check")
		noCrash(r)
		if r.code != 0 || !strings.Contains(r.out, "OK") {
			t.Fatalf("check on a full disk: exit %d %s%s", r.code, r.out, r.err)
		}
	}
	demo := commitmentCount(t, d)
	h0 := must(t, run(t, d, "", "state-hash"))

	// 1. The disk is full, or has a few pages left (where Badger's first write into a
	// mapped file used to kill the process with SIGBUS): every write is refused, every
	// read works.
	for _, leave := range []int64{0, 4 << 10, 64 << 10} {
		filler := tmpdisk.Fill(t, mnt, leave)
		t.Logf("full: %d bytes free", tmpdisk.Free(t, mnt))
		refused(run(t, d, record, "record", "add", "commitment"), "save on a full disk")
		refused(run(t, d, "", "csv", "import", "commitment", csvPath), "import on a full disk")
		refused(run(t, d, "", "import", bundle), "bundle import on a full disk")
		readsWork(h0)
		if n := commitmentCount(t, d); n != demo {
			t.Fatalf("%d commitments, want %d", n, demo)
		}
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
	}

	// 2. Room for a save, not for the import: the save is stored, the import is refused
	// whole, before its first write.
	tmpdisk.Fill(t, mnt, 10<<20) // Badger's reserve with 2 MiB memtables (docs/storage.md, "Disk space") plus a save
	t.Logf("nearly full: %d bytes free", tmpdisk.Free(t, mnt))
	must(t, run(t, d, record, "record", "add", "commitment"))
	h1 := must(t, run(t, d, "", "state-hash"))
	if h1 == h0 {
		t.Fatal("the save with room for it was not stored")
	}
	refused(run(t, d, "", "csv", "import", "commitment", csvPath), "import larger than the free space")
	readsWork(h1)
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}

	// 3. Space freed: everything works again.
	must(t, run(t, d, record, "record", "add", "commitment"))
	must(t, run(t, d, "", "csv", "import", "commitment", csvPath))
	must(t, run(t, d, "", "import", bundle))
	must(t, run(t, d, "", "check"))
	if n := commitmentCount(t, d); n != demo+2+2000 {
		t.Fatalf("%d commitments after freeing space, want %d", n, demo+2+2000)
	}
}
