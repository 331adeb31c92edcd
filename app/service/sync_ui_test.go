package service_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/identity"
	"dossier/app/service"
)

// The screens' import returns the refusal as a report, and browser mode moves bundles as bytes.
func TestSyncUIExportDataImportDataReport(t *testing.T) {
	s, a, _, _ := office(t)
	s.addCommitment("Assistance at disembarkation points")

	// Nothing trusted on a fresh installation: refused, with the report saying what to do.
	stranger := newNode(t, "Stranger", identity.RoleDelegate)
	f, err := s.sy.ExportData(service.ExportDataOptions{Name: "/somewhere/else/secretariat.dossier"})
	if err != nil {
		t.Fatal(err)
	}
	if f.Name != "secretariat.dossier" || f.Report.File != "secretariat.dossier" || int64(len(f.Data)) != f.Report.Bytes || f.Report.Ops == 0 {
		t.Fatalf("export data: name %q, %d bytes, report %+v", f.Name, len(f.Data), f.Report)
	}
	rep, err := stranger.sy.ImportDataReport(`C:\Users\x\secretariat.dossier`, f.Data)
	if err != nil || rep.Status != service.StatusRefused || rep.Problem != service.ProblemUnknownAuthor || !strings.Contains(rep.Message, "trust") {
		t.Fatalf("refusal as a report: %v %+v", err, rep)
	}
	if rep.File != "secretariat.dossier" {
		t.Fatalf("report names %q, want the upload's base name", rep.File)
	}

	// Inspect changes nothing; import applies; replaying is nothing new.
	before := a.hash()
	ins, err := a.sy.InspectData("secretariat.dossier", f.Data)
	if err != nil || ins.Status != service.StatusOK || ins.New == 0 || ins.Header == nil || a.hash() != before {
		t.Fatalf("inspect: %v %+v", err, ins)
	}
	rep, err = a.sy.ImportDataReport("secretariat.dossier", f.Data)
	if err != nil || rep.Status != service.StatusImported || rep.Created != 1 || rep.Exporter == nil || rep.Exporter.Name != "Secretariat" {
		t.Fatalf("import: %v %+v", err, rep)
	}
	rep, err = a.sy.ImportDataReport("secretariat.dossier", f.Data)
	if err != nil || rep.Status != service.StatusNothing || rep.New != 0 || rep.Known == 0 {
		t.Fatalf("replay: %v %+v", err, rep)
	}

	// The same through a file path (the window's dialog).
	path := filepath.Join(t.TempDir(), "b.dossier")
	if err := os.WriteFile(path, f.Data, 0o600); err != nil {
		t.Fatal(err)
	}
	if rep, err := a.sy.ImportFileReport(path); err != nil || rep.Status != service.StatusNothing {
		t.Fatalf("file: %v %+v", err, rep)
	}
	if rep, err := a.sy.ImportFileReport(filepath.Join(t.TempDir(), "missing.dossier")); err != nil || rep.Status != service.StatusRefused || rep.Message == "" {
		t.Fatalf("missing file: %v %+v", err, rep)
	}
	// Garbage is refused, as a report.
	if rep, err := a.sy.InspectData("x.dossier", []byte("not a bundle")); err != nil || rep.Status != service.StatusRefused {
		t.Fatalf("garbage inspect: %v %+v", err, rep)
	}

	// Encrypted to a trusted recipient, by key id: only they can open it.
	enc, err := s.sy.ExportData(service.ExportDataOptions{To: []string{a.key}, All: true})
	if err != nil || !enc.Report.Encrypted || enc.Name != "changes.dossier" {
		t.Fatalf("encrypted export: %v %+v", err, enc)
	}
	if rep, _ := stranger.sy.ImportDataReport("e.dossier", enc.Data); rep.Status != service.StatusRefused {
		t.Fatalf("a stranger opened a bundle encrypted to A: %+v", rep)
	}
	// Errors name the file the person knows, never the temporary one.
	_, err = s.sy.ExportData(service.ExportDataOptions{To: []string{"0000000000000000"}, Name: "x.dossier"})
	if err == nil || strings.Contains(err.Error(), os.TempDir()) {
		t.Fatalf("unknown recipient: %v", err)
	}
	// A browser names recipients by key id, never by a card file on this computer, even one
	// whose name looks like a key id: the file is not read and the refusal says so.
	cardDir := t.TempDir()
	keyNamed := filepath.Join(cardDir, a.key)
	cardText, _ := os.ReadFile(a.card)
	if err := os.WriteFile(keyNamed, cardText, 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(cardDir)
	for _, to := range []string{a.card, keyNamed, "/etc/shadow", "../" + filepath.Base(cardDir) + "/" + a.key} {
		_, err = s.sy.ExportData(service.ExportDataOptions{To: []string{to}})
		if e := service.AsError(err); e == nil || e.Code != service.CodeInvalid || e.Fields["to"] == "" || !strings.Contains(e.Message, "not a key id") {
			t.Errorf("ExportData to %q: %v, want invalid: not a key id", to, err)
		}
	}
	// Export (command line, window) still takes a card file (with something new for A to send).
	s.addCommitment("For A")
	out := filepath.Join(t.TempDir(), "to-a.dossier")
	if rep, err := s.sy.Export(service.ExportOptions{Out: out, To: []string{a.card}}); err != nil || !rep.Encrypted {
		t.Fatalf("export to a card file: %v %+v", err, rep)
	}
}

func TestSyncUICards(t *testing.T) {
	a := newNode(t, "Amina Benali", identity.RoleDelegate)
	b := newNode(t, "Björn Øster-Ångström", identity.RoleSecretariat)
	cf, err := b.sy.CardData()
	if err != nil {
		t.Fatal(err)
	}
	if cf.Name != "björn-øster-ångström.card" || cf.Card.Trust != service.TrustSelf || cf.Card.KeyID != b.key {
		t.Fatalf("card data: %+v %+v", cf, cf.Card)
	}
	want, _ := os.ReadFile(b.card)
	if cf.Text != string(want) {
		t.Fatal("the card text differs from the card file")
	}
	// Reading changes nothing and says unknown; trusting writes a statement.
	v, err := a.sy.ReadCardData(cf.Name, cf.Text)
	if err != nil || v.Trust != service.TrustUnknown || v.Fingerprint != cf.Card.Fingerprint || v.Name != "Björn Øster-Ångström" {
		t.Fatalf("read: %v %+v", err, v)
	}
	v, err = a.sy.TrustCardData("/home/x/"+cf.Name, cf.Text, service.TrustAccept{})
	if err != nil || v.Trust != service.TrustTrusted || !v.ViaYou || v.Via != "" {
		t.Fatalf("trust: %v %+v", err, v)
	}
	list, _ := a.sy.TrustList()
	if len(list) != 2 || list[1].KeyID != b.key {
		t.Fatalf("trust list: %+v", list)
	}
	// A damaged card: the message names the upload, not a temporary file.
	_, err = a.sy.ReadCardData("bad.card.json", strings.Replace(cf.Text, "Björn", "Bjorn", 1))
	se, ok := err.(*service.Error)
	if !ok || se.Code != service.CodeInvalid || !strings.Contains(se.Message, "bad.card.json") || strings.Contains(se.Message, os.TempDir()) {
		t.Fatalf("damaged card: %v", err)
	}
	if _, err := a.sy.TrustCardData("big.json", strings.Repeat(" ", identity.MaxCardSize+1), service.TrustAccept{}); err == nil {
		t.Fatal("a huge card was accepted")
	}
	// One's own card cannot be trusted.
	own, _ := a.sy.CardData()
	if _, err := a.sy.TrustCardData(own.Name, own.Text, service.TrustAccept{}); err == nil {
		t.Fatal("trusted its own card")
	}
	if got := service.CardFileName("  "); got != "identity.card" {
		t.Fatalf("empty name: %q", got)
	}
	if got := service.CardFileName("A. Benali / EU"); got != "a-benali-eu.card" {
		t.Fatalf("slug: %q", got)
	}
}
