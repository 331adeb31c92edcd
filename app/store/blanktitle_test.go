package store

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/app/domain"
	"dossier/app/oplog"
)

// The checked-in store testdata/blank-title holds what a build before the `notblank` rule
// could write and today's cannot (docs/model.md, "A required text is not blank"): a
// commitment whose title is three spaces. Service tests open a copy of it to show how such a
// record is edited (app/service/blank_title_test.go). `go test ./app/store -run
// TestBlankTitleFixture -blank-title-fixture` writes it again, through saveUnchecked.
var writeBlankTitleFixture = flag.Bool("blank-title-fixture", false, "write testdata/blank-title again")

const (
	blankTitleAuthor = "0123456789ABCDEF"
	blankTitleRecord = "0193a1c4-5e00-7000-8000-00000000b1a7"
	blankTitle       = "   "
)

func TestBlankTitleFixture(t *testing.T) {
	dir := filepath.Join("testdata", "blank-title")
	if *writeBlankTitleFixture {
		if err := os.RemoveAll(dir); err != nil {
			t.Fatal(err)
		}
		// The clock of a build before the rule (November 2024).
		st, err := Open(dir, Options{Author: blankTitleAuthor, AuthorName: "Tester",
			Now: func() time.Time { return time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC) }})
		if err != nil {
			t.Fatal(err)
		}
		_, err = st.saveUnchecked(Draft{Type: oplog.OpCreate, Kind: string(domain.KindCommitment), Record: blankTitleRecord,
			Set: map[string]json.RawMessage{"title": json.RawMessage(`"` + blankTitle + `"`), "status": json.RawMessage(`"agreed"`),
				"due": json.RawMessage(`"2025-06-30"`)}})
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// A copy: Badger writes to a store it opens.
	work := filepath.Join(t.TempDir(), "store")
	copyTree(t, dir, work)
	st, err := Open(work, Options{Author: blankTitleAuthor})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if problems, err := st.Check(); err != nil || len(problems) > 0 {
		t.Fatalf("the fixture does not pass check: %v %v", problems, err)
	}
	// A value stored before a rule: the summaries, of an older version, are rebuilt at open
	// with the flag of a record that breaks a rule (docs/storage.md).
	if got := ids(st.Query(Query{Breaking: true})); len(got) != 1 || got[0] != blankTitleRecord {
		t.Errorf("records that break a rule: %v, want the blank title %s", got, blankTitleRecord)
	}
	rec, err := st.Get(blankTitleRecord)
	if err != nil {
		t.Fatal(err)
	}
	if string(rec.Value("title")) != `"`+blankTitle+`"` || string(rec.Value("status")) != `"agreed"` {
		t.Fatalf("the fixture's record: %s", rec.Fields())
	}
	// Today's Save cannot write it, which is why it is checked in.
	_, err = st.Save("", Draft{Type: oplog.OpCreate, Kind: string(domain.KindCommitment), Record: "0193a1c4-5e00-7000-8000-00000000b1a8",
		Set: map[string]json.RawMessage{"title": json.RawMessage(`"` + blankTitle + `"`), "status": json.RawMessage(`"agreed"`)}})
	var ve *domain.ValidationError
	if !errors.As(err, &ve) || ve.Problems["title"].Code != "required" {
		t.Fatalf("a blank title saved today: %v", err)
	}
}
