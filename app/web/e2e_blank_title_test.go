//go:build e2e

package web

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// A commitment stored with a blank title before the `notblank` rule (the checked-in store
// app/store/testdata/blank-title, as the data directory's store) is edited through the form:
// saving a new status is refused with the title's own error, "is required" in the reader's
// language, under the title field; with a title typed, the edit is saved.
func TestBrowserEditingABlankTitledRecordAsksForATitle(t *testing.T) {
	const id = "0193a1c4-5e00-7000-8000-00000000b1a7"
	ctx := browser(t)
	bin := buildBinary(t, "")
	data := t.TempDir()
	initJSON(t, bin, "--name", "Secretariat", "--role", "secretariat", "--delegation", "Rabat Process", "--data", data)
	// The fixture's store in place of the new one: its record is another author's, as a
	// record from before the rule met in a bundle would be.
	db := filepath.Join(data, "db")
	if err := os.RemoveAll(db); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(moduleRoot(t), "app", "store", "testdata", "blank-title")
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(db, 0o700); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(db, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	srv := startServe(t, bin, data)
	defer srv.stop(t)
	p := &page{t: t, ctx: ctx, dir: artifacts(t)}
	// Leaving a refused form asks before the page unloads (the form keeps its draft): accept.
	acceptBeforeUnload(t, ctx)
	for _, c := range []struct{ lang, want string }{{"fr", "est obligatoire"}, {"en", "is required"}} {
		apiCall(t, srv, "Settings", "SetLanguage", c.lang)
		p.step("open "+c.lang, chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"#/record/"+id+"/edit"))
		p.wait("form "+c.lang, p.exists(tid("record-form")))
		p.wait("lang "+c.lang, fmt.Sprintf(`document.documentElement.lang === %q`, c.lang))
		p.choose("field-status", "delivered")
		jsClick(p, "form-save")
		p.wait("title error "+c.lang, fmt.Sprintf(`(%s).trim().length > 0`, p.textOf("field-error-title")))
		if got := strings.TrimSpace(p.eval("title error", p.textOf("field-error-title"))); got != c.want {
			p.fail("title error "+c.lang, fmt.Errorf("%q, want %q", got, c.want))
		}
		p.shot("blank-title-refused-" + c.lang)
		p.leaveForm()
	}
	// With a title, saved: the record page shows it.
	p.step("open again", chromedp.Navigate("about:blank"), chromedp.Navigate(srv.URL+"#/record/"+id+"/edit"))
	p.wait("form", p.exists(tid("record-form")))
	p.choose("field-status", "delivered")
	p.setField("title", "Voluntary returns")
	jsClick(p, "form-save")
	p.wait("record page", fmt.Sprintf(`!!document.querySelector('[data-testid="page-record"]') && (%s).includes("Voluntary returns")`, p.textOf("record-title")))
	p.shot("blank-title-saved-en")
}
