package service_test

// Compatibility across versions (docs/compatibility.md): every release leaves in
// testdata/compat/VERSION/ a bundle, a backup and a data directory as it wrote them
// (scripts/compat-fixtures.sh). Today's build must import, restore and open every one of
// them, and refuse, with nothing changed, what only a newer Dossier could read.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dossier/app/bundle"
	"dossier/app/service"
	"dossier/app/store"
	"dossier/app/version"
)

type compatFixture struct {
	dir       string
	Version   string `json:"version"`
	MadeBy    string `json:"made_by"`
	KeyID     string `json:"key_id"`
	StateHash string `json:"state_hash"`
	Ops       uint64 `json:"ops"`
	// The formats the fixture's files are in. 0.1.0's expected.json predates the member: its
	// version.txt says store 1, bundle 1, backup 2 (compatFixtures fills them in).
	Formats struct{ Store, Bundle, Backup int } `json:"formats"`
	// A file attached to a record, from 0.2.0 on: it must arrive with the bundle and the backup.
	Attachment *struct {
		Record string `json:"record"`
		SHA256 string `json:"sha256"`
	} `json:"attachment"`
	Files struct {
		Card, Bundle, Backup string
		DataDir              string `json:"data_dir"`
	} `json:"files"`
}

func (f *compatFixture) path(name string) string { return filepath.Join(f.dir, name) }

func compatFixtures(t *testing.T) []*compatFixture {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join("..", "..", "testdata", "compat", "*", "expected.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no fixtures in testdata/compat: scripts/compat-fixtures.sh writes them")
	}
	var out []*compatFixture
	for _, p := range dirs {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		f := &compatFixture{dir: filepath.Dir(p)}
		if err := json.Unmarshal(data, f); err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if f.Formats.Store == 0 {
			if f.Version != "0.1.0" {
				t.Fatalf("%s: no formats member", p)
			}
			f.Formats.Store, f.Formats.Bundle, f.Formats.Backup = 1, 1, 2
		}
		out = append(out, f)
	}
	// Oldest release first, by number (0.10.0 after 0.9.0).
	slices.SortFunc(out, func(a, b *compatFixture) int { return compareVersions(a.Version, b.Version) })
	return out
}

func compareVersions(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := range min(len(as), len(bs)) {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			return x - y
		}
	}
	return len(as) - len(bs)
}

// received fails unless the fixture's attachment (if it has one) is on the record and its
// bytes are in the installation.
func (f *compatFixture) received(t *testing.T, app *service.App, where string) {
	t.Helper()
	if f.Attachment == nil {
		return
	}
	v, err := (&service.Files{App: app}).List(f.Attachment.Record)
	if err != nil {
		t.Fatalf("%s: the attachment's record: %v", where, err)
	}
	if len(v.Files) != 1 || v.Files[0].SHA256 != f.Attachment.SHA256 || !v.Files[0].Received {
		t.Fatalf("%s: attachments %+v, want %s received", where, v.Files, f.Attachment.SHA256)
	}
}

// openFixtureDir opens a copy of a fixture's data directory (a store is never opened in
// place: Badger writes). Git does not keep the key file's 0600, which Dossier insists on.
func openFixtureDir(t *testing.T, f *compatFixture) *service.App {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "data")
	copyDir(t, f.path(f.Files.DataDir), dir)
	if err := os.Chmod(filepath.Join(dir, "identity.key"), 0o600); err != nil {
		t.Fatal(err)
	}
	app, err := service.Open(dir)
	if err != nil {
		t.Fatalf("today's build does not open the data directory of Dossier %s: %v", f.Version, err)
	}
	t.Cleanup(func() { app.Close() })
	return app
}

// records returns every ordinary record of a store, as stored, by id.
func records(t *testing.T, st *store.Store) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for _, k := range []string{"party", "framework", "partnership", "commitment", "meeting", "intervention"} {
		for _, deleted := range []bool{false, true} {
			page := st.Query(store.Query{Kind: k, Deleted: deleted, Limit: store.MaxLimit})
			for _, s := range page.Items {
				rec, err := st.Get(s.ID)
				if err != nil {
					t.Fatal(err)
				}
				b, err := json.Marshal(rec)
				if err != nil {
					t.Fatal(err)
				}
				out[s.ID] = b
			}
		}
	}
	return out
}

func TestCompatFixtures(t *testing.T) {
	for _, f := range compatFixtures(t) {
		t.Run(f.Version, func(t *testing.T) {
			// The data directory opens, reads, checks, and takes new changes.
			app := openFixtureDir(t, f)
			// The release's state hash stands while its store format hashes records as this
			// build does; the oldest derives the records again (app/store compat test),
			// compared below with what the release's bundle brings.
			state, _ := app.Store.StateHash()
			if (version.SameStateHash(f.Formats.Store) && state != f.StateHash) || app.Identity == nil || app.Identity.KeyID() != f.KeyID {
				t.Fatalf("data directory: state %s, want %s", state, f.StateHash)
			}
			if rep, err := (&service.Admin{App: app}).Check(); err != nil || !rep.OK || rep.Ops != f.Ops {
				t.Fatalf("check: %+v %v", rep, err)
			}
			f.received(t, app, "data directory")
			breakingAsPages(t, app)
			held := records(t, app.Store)
			if len(held) == 0 {
				t.Fatal("the fixture holds no records")
			}
			if _, err := (&service.Records{App: app}).Add("commitment", map[string]json.RawMessage{"title": raw("After the upgrade"), "status": raw("proposed")}); err != nil {
				t.Fatalf("a change in the old data directory: %v", err)
			}

			// The bundle imports, every record arriving as the data directory holds it.
			sec := newNode(t, "Secretariat", "secretariat")
			if _, err := sec.sy.TrustCard(f.path(f.Files.Card), service.TrustAccept{}); err != nil {
				t.Fatalf("trust the fixture's card: %v", err)
			}
			rep := sec.imp(f.path(f.Files.Bundle))
			if rep.Status != service.StatusImported || uint64(rep.New) != f.Ops || rep.MadeBy != f.MadeBy || rep.Format != f.Formats.Bundle {
				t.Fatalf("import: %+v", rep)
			}
			got := records(t, sec.app.Store)
			if len(got) != len(held) {
				t.Fatalf("the bundle brought %d records, the data directory holds %d", len(got), len(held))
			}
			for id, b := range held {
				if !bytes.Equal(got[id], b) {
					t.Fatalf("record %s differs:\n%s\n%s", id, got[id], b)
				}
			}
			f.received(t, sec.app, "imported bundle")
			sec.check()

			// The backup restores to the same state as the data directory, with its files.
			restored := filepath.Join(t.TempDir(), "restored")
			res, err := service.RestoreDataDir(restored, service.RestoreOptions{File: f.path(f.Files.Backup), Card: f.path(f.Files.Card)})
			if err != nil || res.StateHash != state || res.MadeBy != f.MadeBy || (f.Attachment != nil) != (res.Files == 1) {
				t.Fatalf("restore: %+v %v", res, err)
			}
			if f.Attachment != nil {
				app, err := service.Open(restored)
				if err != nil {
					t.Fatal(err)
				}
				defer app.Close()
				f.received(t, app, "restored backup")
			}
		})
	}
}

// TestCompatNewerBundleAndBackup: the newest fixture bundle and backup as a newer Dossier
// might write them (the next format number) are refused with the writer's version and
// "update Dossier", and nothing changes.
func TestCompatNewerBundleAndBackup(t *testing.T) {
	all := compatFixtures(t)
	f := all[len(all)-1]
	data, err := os.ReadFile(f.path(f.Files.Bundle))
	if err != nil {
		t.Fatal(err)
	}
	if int(data[len(bundle.Magic)]) != f.Formats.Bundle {
		t.Fatalf("the fixture bundle is in format %d, expected.json says %d", data[len(bundle.Magic)], f.Formats.Bundle)
	}
	// The newer prefix replaces the magic, the format byte, and the writer's version.
	rest := data[len(bundle.Magic)+2+int(data[len(bundle.Magic)+1]):]
	newer := append(bundle.NewerPrefix(bundle.VersionFiles+1, "9.9.9"), rest...)
	p := filepath.Join(t.TempDir(), "newer.dossier")
	if err := os.WriteFile(p, newer, 0o600); err != nil {
		t.Fatal(err)
	}
	n := newNode(t, "Secretariat", "secretariat")
	// The refusal must leave a state that holds something unchanged: the oldest fixture's.
	for _, g := range slices.Compact([]*compatFixture{all[0], f}) {
		if _, err := n.sy.TrustCard(g.path(g.Files.Card), service.TrustAccept{}); err != nil {
			t.Fatal(err)
		}
	}
	if rep := n.imp(all[0].path(all[0].Files.Bundle)); rep.Status != service.StatusImported {
		t.Fatalf("import %s: %+v", all[0].Version, rep)
	}
	rep := n.refused(p, bundle.ProblemVersion, "made by Dossier 9.9.9 (format 3): update Dossier to read it")
	if rep.MadeBy != "9.9.9" || rep.Format != 3 {
		t.Fatalf("report %+v", rep)
	}
	if insp, _ := n.sy.Inspect(p); insp.Status != service.StatusRefused || !strings.Contains(insp.Message, "update Dossier") {
		t.Fatalf("inspect: %+v", insp)
	}

	bak, err := os.ReadFile(f.path(f.Files.Backup))
	if err != nil {
		t.Fatal(err)
	}
	head := fmt.Sprintf(`{"version":%d,`, f.Formats.Backup)
	if !bytes.Contains(bak, []byte("\n"+head+`"made_by":"`+f.MadeBy+`"`)) {
		t.Fatalf("the fixture backup does not start as expected: %.80q", bak)
	}
	next := version.BackupFormat + 1
	newerBak := bytes.Replace(bak, []byte(head), fmt.Appendf(nil, `{"version":%d,`, next), 1)
	bp := filepath.Join(t.TempDir(), "newer.bak")
	if err := os.WriteFile(bp, newerBak, 0o600); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "restored")
	_, err = service.RestoreDataDir(target, service.RestoreOptions{File: bp, Card: f.path(f.Files.Card)})
	var se *service.Error
	if !errors.As(err, &se) || se.Code != service.CodeNeedsUpdate || !strings.Contains(se.Message, fmt.Sprintf("made by Dossier %s (format %d): update Dossier to read it", f.MadeBy, next)) {
		t.Fatalf("newer backup: %v", err)
	}
	if entries, _ := os.ReadDir(target); slices.ContainsFunc(entries, func(e os.DirEntry) bool { return e.Name() == "db" }) {
		t.Fatal("a refused restore created a store")
	}

	// A backup of today's format whose records a newer store made, signed by its maker: its
	// state hash is not one this build can compare, so it is refused as newer, not restored
	// unchecked. The same edit without the maker's signature is a changed file: it must not
	// make Dossier tell the user to update.
	sf := fmt.Sprintf(`"store_format":%d}`, version.StoreFormat)
	if !bytes.Contains(bak, []byte(sf)) {
		t.Fatalf("the newest fixture backup is not of store format %d", version.StoreFormat)
	}
	app := openFixtureDir(t, f)
	signed := forge(t, f.path(f.Files.Backup), func(fg *forgery) { fg.h.StoreFormat = version.StoreFormat + 1 }, app.Identity)
	unsigned := filepath.Join(t.TempDir(), "unsigned.bak")
	if err := os.WriteFile(unsigned, bytes.Replace(bak, []byte(sf), fmt.Appendf(nil, `"store_format":%d}`, version.StoreFormat+1), 1), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file, code, want string
	}{
		{signed, service.CodeNeedsUpdate, fmt.Sprintf("made by Dossier %s (store format %d): update Dossier to read it", f.MadeBy, version.StoreFormat+1)},
		{unsigned, service.CodeRefused, "the maker's signature does not match the header"},
	} {
		target = filepath.Join(t.TempDir(), "restored")
		_, err = service.RestoreDataDir(target, service.RestoreOptions{File: c.file, Card: f.path(f.Files.Card)})
		if !errors.As(err, &se) || se.Code != c.code || !strings.Contains(se.Message, c.want) || c.code != service.CodeNeedsUpdate && strings.Contains(se.Message, "update Dossier") {
			t.Fatalf("backup of a newer store format, %s: %v", filepath.Base(c.file), err)
		}
		if entries, _ := os.ReadDir(target); slices.ContainsFunc(entries, func(e os.DirEntry) bool { return e.Name() == "db" }) {
			t.Fatal("a refused restore created a store")
		}
	}
}

// TestCompatExportForAnOlderDelegate: a secretariat on today's build exports for a delegate
// who still runs the oldest release, whose card says it reads bundle format 1. Changes that
// release knows go in format 1, which it reads (imported here into a copy of its own data
// directory); a change it would refuse (a field added since, an attachment) is not sent:
// the export is refused naming the change, and nothing is recorded as sent.
func TestCompatExportForAnOlderDelegate(t *testing.T) {
	all := compatFixtures(t)
	old, now := all[0], all[len(all)-1]
	if old.Formats.Bundle != 1 || now == old {
		t.Fatalf("needs the 0.1.0 fixture and a later one: %s, %s", old.Version, now.Version)
	}
	sec := newNode(t, "Secretariat", "secretariat")
	for _, f := range []*compatFixture{old, now} {
		if _, err := sec.sy.TrustCard(f.path(f.Files.Card), service.TrustAccept{}); err != nil {
			t.Fatal(err)
		}
	}
	sec.imp(old.path(old.Files.Bundle))
	sec.addCommitment("Readmission talks")

	// What the old release knows: format 1, read by its data directory.
	p := filepath.Join(t.TempDir(), "for-old.dossier")
	rep, err := sec.sy.Export(service.ExportOptions{Out: p, To: []string{old.path(old.Files.Card)}})
	if err != nil || rep.Format != 1 || rep.Ops == 0 {
		t.Fatalf("export for the old delegate: %+v %v", rep, err)
	}
	if data, _ := os.ReadFile(p); data[len(bundle.Magic)] != 1 {
		t.Fatalf("written in format %d", data[len(bundle.Magic)])
	}
	del := openFixtureDir(t, old)
	dsy := &service.Sync{App: del}
	if _, err := dsy.TrustCard(sec.card, service.TrustAccept{}); err != nil {
		t.Fatal(err)
	}
	if r, err := dsy.ImportFile(p); err != nil || r.Status != service.StatusImported || r.New == 0 {
		t.Fatalf("the old delegate imports: %+v %v", r, err)
	}

	// Today's changes (a partnership's source, an attachment): refused, nothing sent.
	sec.imp(now.path(now.Files.Bundle))
	sent := func() string {
		pv, err := sec.app.Store.PeerVV("to:" + old.KeyID)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(pv)
	}
	before := sent()
	q := filepath.Join(t.TempDir(), "refused.dossier")
	_, err = sec.sy.Export(service.ExportOptions{Out: q, To: []string{old.path(old.Files.Card)}})
	var se *service.Error
	if !errors.As(err, &se) || se.Code != service.CodeInvalid ||
		!strings.HasPrefix(se.Problems["to"].Code, "recipient_old_") ||
		!strings.Contains(se.Fields["to"], "Amina Benali's Dossier reads bundle format 1, which ") ||
		!strings.Contains(se.Fields["to"], "ask Amina Benali to update Dossier and send you their identity card again; nothing was exported") {
		t.Fatalf("export of today's changes for the old delegate: %v", err)
	}
	if _, err := os.Stat(q); err == nil {
		t.Fatal("a bundle was written")
	}
	if after := sent(); after != before {
		t.Fatalf("a refused export recorded changes as sent: %s -> %s", before, after)
	}
	// To a delegate on today's release, the same changes go in format 2.
	sec.addCommitment("After the refusal")
	r := sec.export(service.ExportOptions{To: []string{now.path(now.Files.Card)}, All: true})
	if data, _ := os.ReadFile(r); data[len(bundle.Magic)] != 2 {
		t.Fatalf("export to today's delegate: format %d", data[len(bundle.Magic)])
	}
}

// A backup's state hash is compared whenever its maker's store format hashes records as this
// build does (docs/storage.md, "Which hashes compare"), not only at this build's format: a
// backup by 0.3.0 whose hash does not match its records is refused like one of today. The
// fixture's identity signs the altered header, as its maker would have.
func TestCompatBackupStateHashIsComparedAcrossFormats(t *testing.T) {
	for _, f := range compatFixtures(t) {
		t.Run(f.Version, func(t *testing.T) {
			app := openFixtureDir(t, f)
			wrong := strings.Repeat("ab", 32)
			forged := forge(t, f.path(f.Files.Backup), func(fg *forgery) {
				if got := fg.h.HashFormat(); got != max(f.Formats.Store, 1) {
					t.Fatalf("the fixture's backup says store format %d, expected.json %d", got, f.Formats.Store)
				}
				fg.h.StateHash = wrong
			}, app.Identity)
			if version.SameStateHash(f.Formats.Store) {
				refusedRestore(t, forged, f.path(f.Files.Card), "the restored records have state hash "+f.StateHash[:12]+", the backup says "+wrong[:12])
				return
			}
			// Records of older merge rules: the maker's hash says nothing here, the changes
			// do, and the report gives the hash of what was restored.
			res, err := service.RestoreDataDir(filepath.Join(t.TempDir(), "restored"), service.RestoreOptions{File: forged, Card: f.path(f.Files.Card)})
			if state, _ := app.Store.StateHash(); err != nil || res.StateHash != state {
				t.Fatalf("a backup of store format %d: %+v %v", f.Formats.Store, res, err)
			}
		})
	}
}

// breakingAsPages checks that the records listed as breaking a rule (from the index's flag,
// filled in at open for summaries written before it) are those whose page says so.
func breakingAsPages(t *testing.T, app *service.App) {
	t.Helper()
	recs := &service.Records{App: app}
	bs, err := recs.Breaking()
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, b := range bs.Items {
		listed[b.Record] = true
	}
	l, err := recs.List(service.Query{Limit: 10000})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range l.Items {
		v, err := recs.Get(it.ID)
		if err != nil {
			t.Fatal(err)
		}
		if (v.Problems != nil) != listed[it.ID] || it.Breaks != listed[it.ID] {
			t.Errorf("%s %s: page problems %+v, listed %v, row marked %v", it.Kind, it.ID, v.Problems, listed[it.ID], it.Breaks)
		}
	}
}
