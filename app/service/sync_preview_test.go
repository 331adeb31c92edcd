package service_test

// The import preview must list exactly what the following import does (issue 13, "Import
// preview"): each test previews a bundle, checks that nothing was written, imports it, and
// compares the preview with the records, changes and conflicts the import produced.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"dossier/app/oplog"
	"dossier/app/service"
)

// previewThenImport previews path on n, checks that the preview wrote nothing, imports it,
// and checks that the preview agrees with the import. It returns both reports.
func previewThenImport(t *testing.T, n *node, path string) (pv, im *service.BundleReport) {
	t.Helper()
	before, vv := n.hash(), fmt.Sprint(n.app.Store.VV())
	conflictsBefore := conflictKeys(n.conflicts())
	pv, err := n.sy.PreviewFile(path)
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	if n.hash() != before || fmt.Sprint(n.app.Store.VV()) != vv {
		t.Fatal("the preview changed the data")
	}
	n.check()
	im, _ = n.sy.ImportFile(path)
	agree(t, n, pv, im, conflictsBefore)
	return pv, im
}

// agree compares a preview with the import that followed it.
func agree(t *testing.T, n *node, pv, im *service.BundleReport, conflictsBefore map[string]bool) {
	t.Helper()
	wantStatus := map[string]string{service.StatusImported: service.StatusOK, service.StatusNothing: service.StatusNothing, service.StatusRefused: service.StatusRefused}[im.Status]
	if pv.Status != wantStatus || pv.Problem != im.Problem || !reflect.DeepEqual(pv.Params, im.Params) || !reflect.DeepEqual(pv.Change, im.Change) {
		t.Fatalf("preview %s %s %v %+v; import %s %s %v %+v", pv.Status, pv.Problem, pv.Params, pv.Change, im.Status, im.Problem, im.Params, im.Change)
	}
	if pv.New != im.New || pv.Known != im.Known || pv.Created != im.Created || pv.Updated != im.Updated || pv.Conflicts != im.Conflicts || pv.Trust != im.Trust {
		t.Fatalf("counts: preview new %d known %d created %d updated %d conflicts %d trust %d; import %d %d %d %d %d %d",
			pv.New, pv.Known, pv.Created, pv.Updated, pv.Conflicts, pv.Trust, im.New, im.Known, im.Created, im.Updated, im.Conflicts, im.Trust)
	}
	if im.Status != service.StatusImported {
		if pv.Preview != nil && len(pv.Preview.Records) > 0 {
			t.Fatalf("a preview of a bundle not imported lists records: %+v", pv.Preview.Records)
		}
		return
	}
	p := pv.Preview
	if p == nil {
		t.Fatal("no preview")
	}
	if len(p.Records)+p.More != im.Created+im.Updated || p.Created != im.Created || p.Conflicts != im.Conflicts {
		t.Fatalf("preview lists %d records and %d more, counts %d/%d/%d; the import created %d and updated %d, raised %d conflicts",
			len(p.Records), p.More, p.Created, p.Updated, p.Conflicts, im.Created, im.Updated, im.Conflicts)
	}
	recs := &service.Records{App: n.app}
	raised := map[string]bool{}
	for _, c := range n.conflicts() {
		if k := conflictKey(c); !conflictsBefore[k] {
			raised[k] = true
		}
	}
	listed := map[string]bool{}
	created := 0
	for _, r := range p.Records {
		h, err := recs.History(r.Record)
		if err != nil {
			t.Fatalf("%s: %v", r.Record, err)
		}
		var got []service.PreviewChange
		for i := range h { // history is in the order the store applied the changes, as the preview
			e := h[i]
			if e.Bundle != im.Bundle {
				continue
			}
			for _, c := range e.Changes {
				if len(c.Wrote) > 0 && string(c.Old) == string(c.New) {
					// A write that lost to a concurrent one here: the field does not change,
					// and the preview lists the conflict it raises instead.
					if !slices.ContainsFunc(r.Conflicts, func(pc service.PreviewConflict) bool { return pc.Field == c.Field }) {
						t.Fatalf("%s: the import's change of %s lost to a concurrent one, and the preview lists no conflict", r.Record, c.Field)
					}
					continue
				}
				got = append(got, service.PreviewChange{Field: c.Field, Old: c.Old, New: c.New, Author: e.Author, AuthorName: e.AuthorName, Seq: e.Seq, At: e.At})
			}
		}
		if r.MoreChanges == 0 && !sameChanges(r.Changes, got) {
			t.Fatalf("%s: preview changes\n%s\nimport's history\n%s", r.Record, show(r.Changes), show(got))
		}
		if createdHere := len(h) > 0 && h[0].Bundle == im.Bundle; r.Created != createdHere {
			t.Fatalf("%s: the preview says created %v, the import %v", r.Record, r.Created, createdHere)
		}
		if r.Created {
			created++
		}
		v, err := recs.Get(r.Record)
		if err != nil {
			t.Fatal(err)
		}
		if v.Title != r.Title && !strings.HasPrefix(v.Title, strings.TrimSuffix(r.Title, "…")) {
			t.Fatalf("%s: title %q, preview %q", r.Record, v.Title, r.Title)
		}
		for _, c := range r.Conflicts {
			k := previewConflictKey(r.Record, c)
			if !raised[k] {
				t.Fatalf("%s: the preview raises a conflict on %s the import did not: %v", r.Record, c.Field, raised)
			}
			listed[k] = true
		}
	}
	if p.More == 0 {
		if created != im.Created {
			t.Fatalf("preview lists %d created records, the import created %d", created, im.Created)
		}
		for k := range raised {
			if !listed[k] {
				t.Fatalf("the import raised a conflict the preview does not list: %s", k)
			}
		}
	}
}

func sameChanges(a, b []service.PreviewChange) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Field != y.Field || !sameJSON(x.Old, y.Old) || !sameJSON(x.New, y.New) || x.Author != y.Author || x.Seq != y.Seq || x.At != y.At {
			return false
		}
	}
	return true
}

func sameJSON(a, b json.RawMessage) bool {
	empty := func(v json.RawMessage) bool { return len(v) == 0 || string(v) == "null" }
	return (empty(a) && empty(b)) || string(a) == string(b)
}

func show(cs []service.PreviewChange) string {
	var b strings.Builder
	for _, c := range cs {
		fmt.Fprintf(&b, "  %s/%d %s: %s → %s\n", c.Author, c.Seq, c.Field, c.Old, c.New)
	}
	return b.String()
}

func conflictKey(c service.ConflictView) string {
	var vs []string
	for _, v := range c.Values {
		vs = append(vs, v.Author+"="+string(v.Value))
	}
	sort.Strings(vs)
	return c.Record + "/" + c.Field + "/" + strings.Join(vs, ",")
}

func previewConflictKey(id string, c service.PreviewConflict) string {
	var vs []string
	for _, v := range c.Values {
		vs = append(vs, v.Author+"="+string(v.Value))
	}
	sort.Strings(vs)
	return id + "/" + c.Field + "/" + strings.Join(vs, ",")
}

func conflictKeys(cs []service.ConflictView) map[string]bool {
	out := map[string]bool{}
	for _, c := range cs {
		out[conflictKey(c)] = true
	}
	return out
}

// A delegate's bundles through a secretariat: creates, field edits, a concurrent edit that
// raises a conflict, a refused change, a duplicate re-import, and a bundle whose records are
// more than the preview lists.
func TestPreviewAgreesWithImport(t *testing.T) {
	s, a, b, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))
	roster := s.export(service.ExportOptions{})
	a.imp(roster)
	b.imp(roster)

	// Creates.
	c1 := a.addCommitment("Assistance at disembarkation points")
	c2 := a.addCommitment("Voluntary humanitarian returns")
	first := a.export(service.ExportOptions{})
	pv, im := previewThenImport(t, s, first)
	if im.Status != service.StatusImported || pv.Preview.Created != 2 || len(pv.Preview.Records) != 2 || !pv.Preview.Records[0].Created {
		t.Fatalf("creates: %+v / %+v", pv.Preview, im)
	}
	if r := pv.Preview.Records[0]; r.Title != "Assistance at disembarkation points" || r.Kind != "commitment" || r.Changes[0].AuthorName != "A. Benali" {
		t.Fatalf("created row: %+v", r)
	}

	// Field edits, and a concurrent edit of the same field here: a conflict.
	a.set(c1, "title", "Assistance at disembarkation points, Lampedusa")
	a.set(c2, "status", "delivered")
	s.set(c2, "status", "stalled")
	pv, im = previewThenImport(t, s, a.export(service.ExportOptions{}))
	if im.Conflicts != 1 || pv.Preview.Updated != 2 || pv.Preview.Created != 0 {
		t.Fatalf("edits: %+v / conflicts %d", pv.Preview, im.Conflicts)
	}
	var c2row *service.PreviewRecord
	for i, r := range pv.Preview.Records {
		if r.Record == c2 {
			c2row = &pv.Preview.Records[i]
		}
		if r.Record == c1 && (len(r.Changes) != 1 || r.Changes[0].Field != "title" || !strings.Contains(string(r.Changes[0].Old), "disembarkation points\"") || !strings.Contains(string(r.Changes[0].New), "Lampedusa")) {
			t.Fatalf("title edit: %+v", r.Changes)
		}
	}
	if c2row == nil || len(c2row.Conflicts) != 1 || c2row.Conflicts[0].Field != "status" || len(c2row.Conflicts[0].Values) != 2 {
		t.Fatalf("conflict row: %+v", c2row)
	}

	// Another delegate edits the record in conflict (the conflict stays, none is raised) and
	// deletes the other.
	b.imp(s.export(service.ExportOptions{All: true}))
	b.set(c2, "text", "Returns from Libya and Niger")
	if _, err := (&service.Records{App: b.app}).Delete(c1); err != nil {
		t.Fatal(err)
	}
	pv, im = previewThenImport(t, s, b.export(service.ExportOptions{}))
	if im.Conflicts != 0 || len(pv.Preview.Records) != 2 || len(pv.Preview.Records[0].Conflicts)+len(pv.Preview.Records[1].Conflicts) != 0 {
		t.Fatalf("edit beside an open conflict, and a delete: %+v", pv.Preview)
	}
	deleted := slices.ContainsFunc(pv.Preview.Records, func(r service.PreviewRecord) bool {
		return r.Record == c1 && len(r.Changes) == 1 && r.Changes[0].Field == "deleted" && string(r.Changes[0].New) == "true"
	})
	if !deleted {
		t.Fatalf("the delete is not listed: %+v", pv.Preview.Records)
	}

	// A refused change: listed with its problem, and nothing of the bundle.
	ch := a.chain()
	ch.Op(oplog.OpUpdate, "commitment", c1, map[string]any{"status": "maybe"}, nil, nil)
	bad := a.crafted(ch.Run())
	pv, im = previewThenImport(t, s, bad)
	if pv.Status != service.StatusRefused || pv.Problem != service.ProblemNeedsUpdate || pv.Change == nil || pv.Change.Record != c1 {
		t.Fatalf("refused: %+v", pv)
	}

	// A duplicate: nothing new.
	pv, _ = previewThenImport(t, s, first)
	if pv.Status != service.StatusNothing {
		t.Fatalf("duplicate: %+v", pv)
	}

	// More records than the preview lists: counted, not held.
	for i := range service.PreviewRecords + 20 {
		b.addCommitment(fmt.Sprintf("Commitment %d of the Rabat Process", i))
	}
	pv, _ = previewThenImport(t, s, b.export(service.ExportOptions{}))
	if len(pv.Preview.Records) != service.PreviewRecords || pv.Preview.More != 20 {
		t.Fatalf("big bundle: %d listed, %d more", len(pv.Preview.Records), pv.Preview.More)
	}
	s.check()
}

// A bundle that touches more records than the import keeps decoded (the store's record cache)
// and then changes the first of them again: the preview keeps the records it evicts in
// scratch space instead of writing them, and must still agree with the import — the old
// values of the late edits are the titles the bundle itself created. (With the evicted
// records lost, those edits would count as creates, and the counts would disagree.)
func TestPreviewAgreesBeyondTheRecordCache(t *testing.T) {
	s, a, _, _ := office(t)
	s.imp(a.export(service.ExportOptions{}))
	const n = 6500 // the import applies 2,000 changes a transaction and keeps 4,096 records
	ids := make([]string, n)
	ch := a.chain()
	for i := range ids {
		ids[i] = newID()
		ch.Op(oplog.OpCreate, "commitment", ids[i], map[string]any{"title": fmt.Sprintf("Commitment %d", i), "status": "proposed"}, nil, nil)
	}
	// Records evicted first (written to scratch) and later (still pending in memory).
	for _, i := range append(indexes(0, 150), indexes(1500, 1550)...) {
		ch.Op(oplog.OpUpdate, "commitment", ids[i], map[string]any{"title": fmt.Sprintf("Commitment %d, revised", i)}, nil, nil)
	}
	pv, im := previewThenImport(t, s, a.crafted(ch.Run()))
	if im.Created != n || pv.Preview.More != n-service.PreviewRecords {
		t.Fatalf("created %d, preview lists %d and %d more", im.Created, len(pv.Preview.Records), pv.Preview.More)
	}
	r := pv.Preview.Records[0]
	if len(r.Changes) != 3 || string(r.Changes[2].Old) != `"Commitment 0"` || string(r.Changes[2].New) != `"Commitment 0, revised"` {
		t.Fatalf("first record's changes: %s", show(r.Changes))
	}
	s.check()
}

func indexes(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}
