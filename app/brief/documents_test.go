package brief

import (
	"bytes"
	"strings"
	"testing"

	"dossier/app/domain"
)

// TestBriefListsPartnershipDocuments: the files attached to a partnership are listed under it,
// on screen (Facts) and in the PDF, in English and in French.
func TestBriefListsPartnershipDocuments(t *testing.T) {
	f := newFixture(t)
	lby := f.party("Libya", "country", "LBY", "")
	eu := f.party("European Union", "eu_institution", "", "EU")
	f.rec(domain.KindPartnership, map[string]any{
		"title": "EU–Libya migration dialogue", "type": "bilateral", "status": "active",
		"parties": []domain.PartyRole{role(eu, "lead"), role(lby, "member")},
		"attachments": []domain.Attachment{
			{Name: "Intervention EU Roundtable 4.txt", Type: "text/plain", Size: 2048, SHA256: strings.Repeat("b", 64), AddedBy: testAuthor, AddedAt: "2026-12-02T10:00:00Z"},
			{Name: "MoU EU-Libya signed.pdf", Type: "application/pdf", Size: 48213, SHA256: strings.Repeat("a", 64), AddedBy: testAuthor, AddedAt: "2026-12-01T10:00:00Z"},
		},
	})
	facts := mustAssemble(t, f.st, "LBY")
	if len(facts.Partnerships) != 1 {
		t.Fatalf("partnerships: %+v", facts.Partnerships)
	}
	docs := facts.Partnerships[0].Documents
	if len(docs) != 2 || docs[0].Name != "MoU EU-Libya signed.pdf" || docs[1].Size != 2048 {
		t.Fatalf("documents (oldest first): %+v", docs)
	}
	for _, c := range []struct {
		lang Lang
		want string
	}{{English, "Documents: MoU EU-Libya signed.pdf; Intervention EU Roundtable 4.txt"}, {French, "Documents : MoU EU-Libya signed.pdf ; Intervention EU Roundtable 4.txt"}} {
		var b bytes.Buffer
		if err := RenderPDF(&b, facts, c.lang); err != nil {
			t.Fatal(err)
		}
		if got := flat(t, b.Bytes()); !strings.Contains(got, c.want) {
			t.Errorf("the PDF lacks %q:\n%s", c.want, got)
		}
	}
}
