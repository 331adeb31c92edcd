package store

import (
	"testing"

	"dossier/app/oplog"
)

// A delete or a restore that settled a conflict on "deleted" says so in the history, as a
// resolution of any other field does, with its sides: the delete, and per author the change
// made without knowing of it (Edited); the same in every replica (docs/storage.md, "History").
// The delete that made the conflict, and the edit, settle nothing. Until 4 December 2026 such a delete or restore read as an ordinary one, and the
// change set aside was named nowhere.
func TestHistorySaysWhichDeletionConflictAChangeSettled(t *testing.T) {
	const kb = "FEDCBA9876543210"
	sync := func(from, to *Store) {
		t.Helper()
		for author, n := range from.VV() {
			var ops []*oplog.Op
			var raws [][]byte
			from.Ops(author, to.VV()[author]+1, n, func(op *oplog.Op, raw []byte) error {
				ops, raws = append(ops, op), append(raws, raw)
				return nil
			})
			if _, err := to.Import(ops, raws, "sync"); err != nil {
				t.Fatal(err)
			}
		}
	}
	tomb := func(t *testing.T, s *Store, id string, typ oplog.OpType) {
		t.Helper()
		if _, err := s.Save("", Draft{Type: typ, Record: id}); err != nil {
			t.Fatal(err)
		}
	}
	type side struct {
		value, author string
		edited        bool
	}
	// settled lists the sides of each settling change of one store's history, by its author.
	settled := func(t *testing.T, s *Store, id string) (map[string][]side, map[string]string) {
		t.Helper()
		h, err := s.History(id)
		if err != nil {
			t.Fatal(err)
		}
		out, kept := map[string][]side{}, map[string]string{}
		for _, e := range h {
			for _, ch := range e.Changes {
				if len(ch.Settled) == 0 {
					continue
				}
				if ch.Field != "deleted" || e.Type != oplog.OpDelete && e.Type != oplog.OpRestore {
					t.Errorf("%s's %s change of %s settles %+v", e.Author, e.Type, ch.Field, ch.Settled)
				}
				for _, sd := range ch.Settled {
					out[e.Author+" "+string(e.Type)] = append(out[e.Author+" "+string(e.Type)], side{string(sd.Value), sd.Author, sd.Edited})
				}
				kept[e.Author+" "+string(e.Type)] = string(ch.Old) + "→" + string(ch.New)
			}
		}
		return out, kept
	}
	pair := func(t *testing.T) (*Store, *Store, string) {
		a := openTest(t, t.TempDir())
		b, err := Open(t.TempDir(), Options{Author: kb, AuthorName: "B"})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { b.Close() })
		id := create(t, a, "commitment", map[string]any{"title": "Shared", "status": "proposed"})
		sync(a, b)
		return a, b, id
	}

	t.Run("a delete against an edit, kept deleted", func(t *testing.T) {
		a, b, id := pair(t)
		tomb(t, a, id, oplog.OpDelete)
		update(t, b, id, map[string]any{"status": "stalled"})
		sync(a, b)
		sync(b, a)
		tomb(t, a, id, oplog.OpDelete) // keep it deleted
		sync(a, b)
		for _, s := range []*Store{a, b} {
			got, kept := settled(t, s, id)
			want := []side{{"true", testAuthor, false}, {"false", kb, true}}
			if k := testAuthor + " delete"; len(got) != 1 || !equalSides(got[k], want) || kept[k] != "true→true" {
				t.Errorf("%s: settled %v (%v), want %s's delete to settle %v", s.opt.AuthorName, got, kept, testAuthor, want)
			}
		}
	})
	t.Run("a delete against an edit, restored with the edit", func(t *testing.T) {
		a, b, id := pair(t)
		tomb(t, a, id, oplog.OpDelete)
		update(t, b, id, map[string]any{"status": "stalled"})
		sync(a, b)
		sync(b, a)
		tomb(t, b, id, oplog.OpRestore) // keep B's edit
		sync(b, a)
		for _, s := range []*Store{a, b} {
			got, kept := settled(t, s, id)
			want := []side{{"true", testAuthor, false}, {"false", kb, true}}
			if k := kb + " restore"; len(got) != 1 || !equalSides(got[k], want) || kept[k] != "true→false" {
				t.Errorf("%s: settled %v (%v), want %s's restore to settle %v", s.opt.AuthorName, got, kept, kb, want)
			}
		}
	})
}

func equalSides[S ~[]E, E comparable](a, b S) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
