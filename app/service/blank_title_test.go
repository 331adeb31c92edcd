package service_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"

	"dossier/app/service"
	"dossier/app/store"
)

// A commitment stored with a blank title before the `notblank` rule (the checked-in store
// app/store/testdata/blank-title, written as such a build did) is shown as it is, but editing
// it asks for a title: a save of another field is refused with the "required" problem on the
// title, and nothing is stored; the same save with a title goes through (docs/model.md,
// "A record stored with a blank title before the rule").
func TestEditingABlankTitledRecordAsksForATitle(t *testing.T) {
	const id, author = "0193a1c4-5e00-7000-8000-00000000b1a7", "0123456789ABCDEF"
	dir := filepath.Join(t.TempDir(), "store")
	copyDir(t, filepath.Join("..", "store", "testdata", "blank-title"), dir)
	st, err := store.Open(dir, store.Options{Author: author, AuthorName: "Tester"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	r := &service.Records{App: &service.App{Store: st}}

	v, err := r.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got := v.Fields["title"]; string(got) != `"   "` {
		t.Fatalf("the fixture's title is %s, want three spaces", got)
	}
	ops, _ := st.Counts()

	// The form saves only what changed: the status.
	_, err = r.Update(id, map[string]json.RawMessage{"status": json.RawMessage(`"delivered"`)})
	var e *service.Error
	if err == nil || !errors.As(service.AsError(err), &e) || e.Code != service.CodeInvalid {
		t.Fatalf("an edit of the status was not refused: %v", err)
	}
	if p := e.Problems["title"]; p.Code != "required" || e.Fields["title"] != "is required" || len(e.Problems) != 1 {
		t.Fatalf("refusal %+v, problems %+v: want title required alone", e, e.Problems)
	}
	if after, _ := st.Counts(); after != ops {
		t.Fatalf("a refused edit stored %d changes", after-ops)
	}
	if v, _ := r.Get(id); string(v.Fields["status"]) != `"agreed"` {
		t.Fatalf("status %s after a refused edit", v.Fields["status"])
	}
	// A title blank still (the form's field left as it was, or other blanks) is no title.
	_, err = r.Update(id, map[string]json.RawMessage{"status": json.RawMessage(`"delivered"`), "title": json.RawMessage(`"\u00a0"`)})
	if err == nil || !errors.As(service.AsError(err), &e) || e.Problems["title"].Code != "required" {
		t.Fatalf("a blank title given again: %v", err)
	}

	// With a title, the same edit is saved, both fields.
	v, err = r.Update(id, map[string]json.RawMessage{"status": json.RawMessage(`"delivered"`), "title": json.RawMessage(`"Voluntary returns"`)})
	if err != nil {
		t.Fatal(err)
	}
	if string(v.Fields["title"]) != `"Voluntary returns"` || string(v.Fields["status"]) != `"delivered"` {
		t.Fatalf("saved %s / %s", v.Fields["title"], v.Fields["status"])
	}
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("check: %v %v", problems, err)
	}
}
