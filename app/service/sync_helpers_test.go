package service_test

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dossier/app/oplog"
	"dossier/app/service"
)

// node is one installation with its own data directory, driven through the services.
type node struct {
	t    testing.TB
	name string
	dir  string
	app  *service.App
	sy   *service.Sync
	card string // its identity card file
	key  string
	n    int // bundles written

	closed bool
}

func newNode(t testing.TB, name, role string) *node {
	t.Helper()
	n := &node{t: t, name: name, dir: t.TempDir()}
	n.open()
	if _, err := n.app.Init(name, role, "Test delegation"); err != nil {
		t.Fatal(err)
	}
	n.sy = &service.Sync{App: n.app}
	n.key = n.app.Identity.KeyID()
	n.card = filepath.Join(t.TempDir(), strings.ReplaceAll(name, " ", "_")+".card.json")
	if _, err := n.sy.WriteCard(n.card); err != nil {
		t.Fatal(err)
	}
	return n
}

func (n *node) open() {
	a, err := service.Open(n.dir)
	if err != nil {
		n.t.Fatal(err)
	}
	n.app = a
	n.sy = &service.Sync{App: a}
	n.closed = false
	n.t.Cleanup(n.close)
}

// close releases the data directory (the identity stays usable for signing).
func (n *node) close() {
	if !n.closed {
		n.closed = true
		n.app.Close()
	}
}

// reopen closes and opens the data directory again, as a new process would.
func (n *node) reopen() {
	n.close()
	n.open()
}

// trusts makes n trust the others' cards.
func (n *node) trusts(others ...*node) {
	n.t.Helper()
	for _, o := range others {
		if _, err := n.sy.TrustCard(o.card, service.TrustAccept{}); err != nil {
			n.t.Fatalf("%s trusts %s: %v", n.name, o.name, err)
		}
	}
}

func (n *node) export(opt service.ExportOptions) string {
	n.t.Helper()
	if opt.Out == "" {
		n.n++
		opt.Out = filepath.Join(n.t.TempDir(), fmt.Sprintf("%s-%d.dossier", strings.ReplaceAll(n.name, " ", "_"), n.n))
	}
	if _, err := n.sy.Export(opt); err != nil {
		n.t.Fatalf("%s exports: %v", n.name, err)
	}
	return opt.Out
}

func (n *node) imp(path string) *service.BundleReport {
	n.t.Helper()
	rep, err := n.sy.ImportFile(path)
	if err != nil {
		n.t.Fatalf("%s imports %s: %v", n.name, filepath.Base(path), err)
	}
	return rep
}

// refused imports a bundle that must be refused with problem, changing nothing.
func (n *node) refused(path, problem, msg string) *service.BundleReport {
	n.t.Helper()
	before := n.hash()
	vv := n.app.Store.VV()
	rep, err := n.sy.ImportFile(path)
	if err == nil {
		n.t.Fatalf("%s imported %s, want refusal (%s)", n.name, filepath.Base(path), problem)
	}
	se, ok := err.(*service.Error)
	if !ok || se.Code != service.CodeRefused || rep.Status != service.StatusRefused {
		n.t.Fatalf("refusal: %T %v, status %s", err, err, rep.Status)
	}
	if rep.Problem != problem || !strings.Contains(rep.Message, msg) {
		n.t.Fatalf("refused as %s: %q; want %s containing %q", rep.Problem, rep.Message, problem, msg)
	}
	if h := n.hash(); h != before {
		n.t.Fatalf("a refused bundle changed the state")
	}
	if got := n.app.Store.VV(); fmt.Sprint(got) != fmt.Sprint(vv) {
		n.t.Fatalf("a refused bundle changed the version vector: %v → %v", vv, got)
	}
	return rep
}

func (n *node) hash() string {
	n.t.Helper()
	h, err := n.app.Store.StateHash()
	if err != nil {
		n.t.Fatal(err)
	}
	return h
}

func (n *node) check() {
	n.t.Helper()
	rep, err := (&service.Admin{App: n.app}).Check()
	if err != nil || !rep.OK {
		n.t.Fatalf("%s check: %v %+v", n.name, err, rep)
	}
}

func raw(v any) json.RawMessage { return oplog.MustCanon(v) }

func (n *node) addCommitment(title string) string {
	n.t.Helper()
	v, err := (&service.Records{App: n.app}).Add("commitment", map[string]json.RawMessage{"title": raw(title), "status": raw("agreed")})
	if err != nil {
		n.t.Fatal(err)
	}
	return v.ID
}

func (n *node) set(id, field string, value any) {
	n.t.Helper()
	if _, err := (&service.Records{App: n.app}).Update(id, map[string]json.RawMessage{field: raw(value)}); err != nil {
		n.t.Fatal(err)
	}
}

func (n *node) field(id, field string) string {
	n.t.Helper()
	v, err := (&service.Records{App: n.app}).Get(id)
	if err != nil {
		n.t.Fatal(err)
	}
	return string(v.Fields[field])
}

func (n *node) conflicts() []service.ConflictView {
	n.t.Helper()
	cs, err := (&service.Records{App: n.app}).Conflicts()
	if err != nil {
		n.t.Fatal(err)
	}
	return cs.Items
}

// copyDir copies a closed data directory (a restored backup, or a copied laptop).
func copyDir(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		info, _ := d.Info()
		out, err := os.OpenFile(target, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode().Perm())
		if err != nil {
			return err
		}
		defer out.Close()
		_, err = io.Copy(out, in)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
