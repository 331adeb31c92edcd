//go:build linux

package service_test

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"dossier/app/service"
)

// attachmentImportPeak exports a bundle carrying a 20 MB attachment (incompressible bytes,
// as a scanned PDF is) from a delegate, imports it at the secretariat in a child process with
// GOMEMLIMIT unset, as `dossier import` does, and returns the import's peak RSS after
// checking that the file arrived whole.
func attachmentImportPeak(t testing.TB) float64 {
	sec, del := newNode(t, "Secretariat", "secretariat"), newNode(t, "Amina Benali", "delegate")
	sec.trusts(del)
	del.trusts(sec)
	id := del.addCommitment("EU–Tunisia MoU on migration")
	data := make([]byte, 20<<20)
	r := rand.NewChaCha8([32]byte{1})
	_, _ = r.Read(data)
	v, err := (&service.Files{App: del.app}).AttachData(id, "MoU EU-Tunisia signed.pdf", "", data)
	if err != nil || len(v.Files) != 1 {
		t.Fatalf("attach: %+v %v", v, err)
	}
	path := del.export(service.ExportOptions{To: []string{sec.card}})
	pv, err := sec.sy.PreviewFile(path)
	if err != nil || pv.Status != service.StatusOK {
		t.Fatalf("preview: %+v %v", pv, err)
	}
	sec.close()
	mib, _ := childImport(t, sec.dir, []string{path}, pv.New)
	sec.open()
	got, err := (&service.Files{App: sec.app}).Data(id, v.Files[0].SHA256)
	if err != nil || !bytes.Equal(got.Data, data) {
		t.Fatalf("the file after the import: %v", err)
	}
	return mib
}

// TestImportWithAttachmentMemoryBound: a bundle with a 20 MB attachment imports within the
// streaming import's memory goal (issue 13; 256 MiB, issue 9).
func TestImportWithAttachmentMemoryBound(t *testing.T) {
	if mib := attachmentImportPeak(t); mib >= 256 {
		t.Fatalf("peak RSS %.1f MiB importing a 20 MB attachment, the goal is 256 MiB", mib)
	}
}

// BenchmarkImportAttachment20MB reports the peak RSS of that import (`make bench`).
func BenchmarkImportAttachment20MB(b *testing.B) {
	peak := 0.0
	for i := 0; i < b.N; i++ {
		peak = max(peak, attachmentImportPeak(b))
	}
	b.ReportMetric(peak, "peak-MiB")
}
