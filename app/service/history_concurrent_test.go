package service_test

import (
	"encoding/json"
	"slices"
	"testing"

	"dossier/app/domain"
	"dossier/app/oplog"
	"dossier/app/service"
)

// History marks changes made without having seen another change of the same field: each side
// names the other's author, the one applied second does not read as overwriting a value it
// never saw, and a change whose value lost says what it wrote.
func TestHistoryMarksConcurrentChanges(t *testing.T) {
	s, a, b, _ := office(t)
	id := s.addCommitment("Return")
	start := s.export(service.ExportOptions{})
	a.imp(start)
	b.imp(start)
	a.set(id, "status", "delivered")
	b.set(id, "status", "in_progress")
	b.set(id, "title", "Return and reintegration") // no one else changed the title: no mark
	s.imp(a.export(service.ExportOptions{}))
	s.imp(b.export(service.ExportOptions{}))

	h := history(t, s, id)
	change := func(author, field string) (*service.HistoryEntry, oplog.Change) {
		for i, e := range h {
			if e.Author != author {
				continue
			}
			if k := slices.IndexFunc(e.Changes, func(c oplog.Change) bool { return c.Field == field }); k >= 0 {
				return &h[i], e.Changes[k]
			}
		}
		t.Fatalf("no change of %s by %s in %+v", field, author, h)
		return nil, oplog.Change{}
	}
	for _, e := range h {
		for _, c := range e.Changes {
			if e.Author == s.key && (c.Concurrent != nil || c.Unseen || c.Wrote != nil) {
				t.Errorf("the create is marked: %+v", c)
			}
		}
	}
	if _, c := change(b.key, "title"); c.Concurrent != nil || c.Unseen {
		t.Errorf("title marked: %+v", c)
	}
	// A's change, applied first here, overwrote the value it had seen.
	e, c := change(a.key, "status")
	if !slices.Equal(c.Concurrent, []string{b.key}) || e.Names[b.key] != "B. Okafor" || c.Unseen || c.Wrote != nil ||
		string(c.Old) != `"agreed"` || string(c.New) != `"delivered"` {
		t.Errorf("A's change: %+v names %v", c, e.Names)
	}
	// B's change found A's value, which it had not seen; or it lost to A's (a later clock) and
	// says what it wrote.
	e, c = change(b.key, "status")
	if !slices.Equal(c.Concurrent, []string{a.key}) || e.Names[a.key] != "A. Benali" ||
		!(c.Unseen && string(c.Old) == `"delivered"` && string(c.New) == `"in_progress"` || c.Wrote != nil && string(c.Wrote) == `"in_progress"`) {
		t.Errorf("B's change: %+v names %v", c, e.Names)
	}
}

// History lists each entry's fields in the order of the kind's schema, the order of forms.
func TestHistoryInSchemaOrder(t *testing.T) {
	s, _, _, _ := office(t)
	rs := &service.Records{App: s.app}
	v, err := rs.Add("commitment", map[string]json.RawMessage{
		"title": raw("Return"), "text": raw("Full text"), "status": raw("agreed"), "due": raw("2026-06-30"),
		"themes": raw([]string{"trafficking"}), "marking": raw("Internal"),
	})
	if err != nil {
		t.Fatal(err)
	}
	h := history(t, s, v.ID)
	if len(h) != 1 {
		t.Fatalf("history %+v", h)
	}
	var got, want []string
	for _, c := range h[0].Changes {
		got = append(got, c.Field)
	}
	for _, f := range domain.Schema(domain.KindCommitment) {
		if slices.Contains(got, f.Name) {
			want = append(want, f.Name)
		}
	}
	if len(got) < 6 || !slices.Equal(got, want) || got[0] != "title" || got[1] != "text" {
		t.Fatalf("fields %v, schema order %v", got, want)
	}
}
