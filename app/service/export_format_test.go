package service_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/bundle"
	"dossier/app/identity"
	"dossier/app/service"
)

// cardReading writes n's identity card as a Dossier that reads the given bundle formats
// would (none: a card from before cards said), signed by n's own key.
func cardReading(t *testing.T, n *node, reads ...int) string {
	t.Helper()
	id, err := identity.Load(n.dir)
	if err != nil {
		t.Fatal(err)
	}
	c := id.Card()
	c.Reads = reads
	full := identity.EncodeCard(c)
	i := bytes.Index(full, []byte(",\n  \"signature\""))
	unsigned := append(append([]byte{}, full[:i]...), "\n}\n"...)
	c.Signature = id.Sign(append([]byte("dossier identity card v1\n"), unsigned...))
	p := filepath.Join(t.TempDir(), "reads.card")
	if err := os.WriteFile(p, identity.EncodeCard(c), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := identity.DecodeCard(identity.EncodeCard(c)); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestExportUsesAFormatTheRecipientReads: `export --to CARD` writes the oldest format the
// card says it reads; a card from before cards said reads format 1; a recipient who reads
// only formats this build does not write gets nothing, and nothing is recorded as sent.
func TestExportUsesAFormatTheRecipientReads(t *testing.T) {
	sec, del := newNode(t, "Secretariat", "secretariat"), newNode(t, "Amina Benali", "delegate")
	sec.trusts(del)
	del.trusts(sec)
	sec.addCommitment("Coast guard training")

	out := filepath.Join(t.TempDir(), "newer.dossier")
	_, err := sec.sy.Export(service.ExportOptions{Out: out, To: []string{cardReading(t, del, 3, 4)}})
	var se *service.Error
	if !errors.As(err, &se) || se.Code != service.CodeInvalid || se.Problems["to"].Code != "recipient_newer" ||
		!strings.Contains(se.Fields["to"], "Amina Benali's Dossier reads only bundle format 3, 4, newer than this Dossier writes (1, 2): update this Dossier") {
		t.Fatalf("export to a newer reader: %v", err)
	}
	if _, err := os.Stat(out); err == nil {
		t.Fatal("a bundle was written")
	}
	// Nothing was recorded as sent: the next export to the delegate's real card carries it all.
	p := sec.export(service.ExportOptions{To: []string{del.card}})
	if rep := del.imp(p); rep.New != 2 || rep.Format != bundle.Version {
		t.Fatalf("import: %+v", rep)
	}
	for _, card := range []string{cardReading(t, del), cardReading(t, del, 1, 2, 3)} {
		rep, err := sec.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "x.dossier"), To: []string{card}, All: true})
		if err != nil || rep.Format != 1 || rep.MadeBy == "" {
			t.Fatalf("export: %+v %v", rep, err)
		}
	}
	// A card that reads format 2 (files after the body) and not 1 gets format 2, with or
	// without files.
	rep, err := sec.sy.Export(service.ExportOptions{Out: filepath.Join(t.TempDir(), "y.dossier"), To: []string{cardReading(t, del, 2, 3)}, All: true})
	if err != nil || rep.Format != 2 {
		t.Fatalf("export to a reader of format 2: %+v %v", rep, err)
	}

}
