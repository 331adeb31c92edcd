package service_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"dossier/app/identity"
	"dossier/app/oplog"
	"dossier/app/service"
	"dossier/app/store"
)

// A CSV row whose id is that of a trust statement kept at a legacy id (written before ids
// were reserved, version 5: not refused as a reserved id) is refused with its own code, which
// words the record as what it is for the reader, never as the internal kind sys_trust.
func TestCSVRowWithTheIDOfATrustStatement(t *testing.T) {
	s := newNode(t, "Secretariat", "secretariat")
	a := newNode(t, "Amina", "delegate")
	// Where trust.legacyRecordID put statements before version 8 ids were reserved.
	legacy := uuid.NewSHA1(uuid.MustParse("6f1c1a9e-6b7a-4c53-9a38-3f0d2d7c1b11"), []byte(s.key+"/"+a.key)).String()
	c := a.app.Identity.Card()
	if _, err := s.app.Store.Save("", store.Draft{Type: oplog.OpCreate, Kind: service.KindTrust, Record: legacy,
		Set: map[string]json.RawMessage{
			"subject": oplog.MustCanon(a.key), "card": oplog.MustCanon(string(identity.EncodeCard(c))),
			"name": oplog.MustCanon(c.Name), "role": oplog.MustCanon(c.Role),
			"trusted": oplog.MustCanon(true), "revoked_after": oplog.MustCanon(uint64(0)),
		}}); err != nil {
		t.Fatal(err)
	}
	before, _ := s.app.Store.StateHash()
	rep, err := (&service.CSV{App: s.app}).Import("commitment", strings.NewReader("id,title,status\n"+legacy+",A,agreed\n"))
	if err == nil || len(rep.Errors) != 1 {
		t.Fatalf("%+v %v", rep, err)
	}
	e := rep.Errors[0]
	if e.Row != 2 || e.Column != "id" || e.Problem == nil || e.Problem.Code != "csv_id_system" ||
		e.Problem.Params["system"] != "sys_trust" || e.Problem.Params["kind"] != "commitment" {
		t.Fatalf("%+v %+v", e, e.Problem)
	}
	if want := "is the id of a trust statement, which Dossier keeps itself, not of a commitment: clear the id to create a new record"; e.Message != want {
		t.Errorf("message %q, want %q", e.Message, want)
	}
	if after, _ := s.app.Store.StateHash(); after != before {
		t.Error("a refused import changed the state")
	}
}
