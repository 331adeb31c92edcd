package service_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dossier/app/internal/craft"
	"dossier/app/oplog"
	"dossier/app/service"
)

// FuzzImportDecision feeds random changes, chained and signed with a delegate's real key that
// the secretariat trusts, to the secretariat's import. Whatever is in them: no panic; a refused
// bundle changes nothing; an imported one leaves a store that passes check; and the store
// always opens again.
func FuzzImportDecision(f *testing.F) {
	for _, seed := range [][]byte{
		{0, 0, 0, 0, 0, 0},
		{0, 3, 1, 2, 9, 0, 1, 1, 5, 4},
		{1, 2, 2, 7, 7, 7, 3, 1},
		{2, 5, 0, 0, 6, 6, 6, 6, 6},
		{4, 0, 3, 8, 1, 2, 3, 4, 5, 6, 7, 8, 9},
		[]byte("\x00\x01\x02title status due themes towards weapon"),
	} {
		f.Add(seed)
	}
	s, a, _, _ := office(f)
	s.imp(a.export(service.ExportOptions{}))
	base := []string{a.addCommitment("EUR 210 million for the Mauritania migration package"), a.addCommitment("Readmission of own nationals")}
	s.imp(a.export(service.ExportOptions{}))
	runs := 0
	f.Cleanup(func() { s.close() })
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		s.t, a.t = t, t   // the node helpers report through the running input
		c := a.chainAt(s) // continue what the secretariat holds of a
		g := &gen{data: data, ids: append([]string{}, base...)}
		for n := int(g.byte()%6) + 1; n > 0; n-- {
			typ, kind, record := g.opType(), g.kind(), g.record()
			if typ == oplog.OpCreate {
				g.ids = append(g.ids, record)
			}
			set, add := g.fields(typ)
			at := g.clock()
			if (typ == oplog.OpDelete || typ == oplog.OpRestore) != (len(set)+len(add) == 0) {
				continue // oplog.Check refuses these before any decision: not what is fuzzed here
			}
			c.Op(typ, kind, record, set, add, at)
		}
		run := c.Run()
		if len(run.Ops) == 0 {
			return
		}
		p := filepath.Join(t.TempDir(), "fuzz.dossier")
		if err := os.WriteFile(p, craft.Bundle(a.app.Identity, a.app.Store.VV(), run), 0o600); err != nil {
			t.Fatal(err)
		}
		before := s.hash()
		rep, err := s.sy.ImportFile(p)
		if err != nil {
			if s.hash() != before {
				t.Fatalf("a refused bundle (%s: %s) changed the records", rep.Problem, rep.Message)
			}
			if rep.Problem == "" || rep.Message == "" {
				t.Fatalf("a refusal without a problem or message: %+v", rep)
			}
		}
		if runs++; runs%25 == 0 || err == nil {
			// Reopen by hand: the node helpers would tie the store to this input's cleanup.
			s.app.Close()
			app, err := service.Open(s.dir)
			if err != nil {
				t.Fatalf("the store does not open after an import: %v", err)
			}
			s.app, s.sy = app, &service.Sync{App: app}
			s.check()
		}
	})
}

// chainAt continues n's chain from what other holds of it (the fuzzed bundles the
// secretariat accepted are not in n's own store).
func (n *node) chainAt(other *node) *craft.Chain {
	seq, head := other.app.Store.Head(n.key)
	seen := other.app.Store.VV()
	delete(seen, n.key)
	return craft.Continue(n.app.Identity, seq, head, seen)
}

// gen draws choices from fuzz bytes.
type gen struct {
	data []byte
	ids  []string
}

func (g *gen) byte() byte {
	if len(g.data) == 0 {
		return 0
	}
	b := g.data[0]
	g.data = g.data[1:]
	return b
}

func (g *gen) pick(n int) int { return int(g.byte()) % n }

func (g *gen) text() string {
	n := g.pick(12)
	if n > len(g.data) {
		n = len(g.data)
	}
	s := string(g.data[:n])
	g.data = g.data[n:]
	return s
}

func (g *gen) opType() oplog.OpType {
	return []oplog.OpType{oplog.OpCreate, oplog.OpUpdate, oplog.OpUpdate, oplog.OpDelete, oplog.OpRestore, oplog.OpResolve}[g.pick(6)]
}

func (g *gen) kind() string {
	return []string{"commitment", "commitment", "party", "partnership", "meeting", "intervention", "framework", "sys_trust", "weapon"}[g.pick(9)]
}

func (g *gen) record() string {
	switch g.pick(4) {
	case 0, 1:
		return newID()
	case 2:
		return service.TrustRecordID(g.text()+"0000000000000000", "FEDCBA9876543210")
	}
	return g.ids[g.pick(len(g.ids))]
}

func (g *gen) value() any {
	switch g.pick(12) {
	case 0:
		return g.text()
	case 1:
		return "agreed"
	case 2:
		return "maybe"
	case 3:
		return "2026-03-31"
	case 4:
		return "yesterday"
	case 5:
		return map[string]any{"a": g.pick(100)}
	case 6:
		return g.pick(1000)
	case 7:
		return []any{g.text(), "trafficking"}
	case 8:
		return nil
	case 9:
		return g.ids[g.pick(len(g.ids))]
	case 10:
		return json.RawMessage(`[{"name":"Returns","unit":"people","target":53000}]`)
	}
	return "TUN"
}

func (g *gen) fields(typ oplog.OpType) (map[string]any, map[string][]any) {
	if typ == oplog.OpDelete || typ == oplog.OpRestore {
		return nil, nil
	}
	names := []string{"title", "status", "due", "text", "themes", "towards", "committed_by", "partnership", "indicators", "name", "type", "iso3", "start", "weapon", "card"}
	set, add := map[string]any{}, map[string][]any{}
	for n := g.pick(4) + 1; n > 0; n-- {
		f := names[g.pick(len(names))]
		if g.pick(3) == 0 {
			add[f] = append(add[f], g.value())
		} else {
			set[f] = g.value()
		}
	}
	return set, add
}

func (g *gen) clock() *oplog.Clock {
	switch g.pick(8) {
	case 0:
		return &oplog.Clock{Wall: math.MaxInt64, Logical: math.MaxUint32}
	case 1:
		return &oplog.Clock{Wall: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()}
	case 2:
		return &oplog.Clock{Wall: 1}
	}
	return nil
}
