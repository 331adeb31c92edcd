// Package wiregen reads the RPC contract from the Go source: the methods of the registry's
// allow-list, with their parameters and results as go/types sees them, and writes the
// frontend's TypeScript types from it (types.go). It also says which methods take a path on
// this computer, for the tests of browser mode (paths.go).
//
// It knows nothing of the services: add a method or a field and `go generate
// ./app/service/registry/` brings the TypeScript along.
package wiregen

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"dossier/app/service/registry"
)

// Method is one method of the allow-list.
type Method struct {
	Service, Name string
	Access        registry.Access
	Doc           string
	Params        []*types.Var // without a leading context.Context
	Result        types.Type   // nil: the method returns only an error
}

// Key is "Service.Method", as the frontend calls it.
func (m Method) Key() string { return m.Service + "." + m.Name }

// Contract is the allow-list with the Go types of every method.
type Contract struct {
	Methods []Method // by Key
	docs    map[token.Pos]string
}

// Load type-checks the packages of the entries' implementations (and every package of the
// module they use, for doc comments) and finds each allowed method.
func Load(entries []registry.Entry) (*Contract, error) {
	var paths []string
	for _, e := range entries {
		t := reflect.TypeOf(e.Impl)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if !slices.Contains(paths, t.PkgPath()) {
			paths = append(paths, t.PkgPath())
		}
	}
	// The module's packages from source (their doc comments are the TypeScript's), the rest
	// (the standard library, dependencies) from export data.
	cfg := &packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedSyntax |
		packages.NeedTypesInfo | packages.NeedImports}
	pkgs, err := packages.Load(cfg, append(slices.Clone(paths), modulePrefix(paths)+"...")...)
	if err != nil {
		return nil, err
	}
	byPath := map[string]*packages.Package{}
	var problems []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		byPath[p.PkgPath] = p
		for _, e := range p.Errors {
			problems = append(problems, e.Error())
		}
	})
	if len(problems) > 0 {
		return nil, fmt.Errorf("the services do not type-check:\n%s", strings.Join(problems, "\n"))
	}
	c := &Contract{docs: map[token.Pos]string{}}
	module := modulePrefix(paths)
	for path, p := range byPath {
		if strings.HasPrefix(path, module) {
			c.collectDocs(p.Syntax)
		}
	}
	for _, e := range entries {
		t := reflect.TypeOf(e.Impl)
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		p := byPath[t.PkgPath()]
		obj, _ := p.Types.Scope().Lookup(t.Name()).(*types.TypeName)
		if obj == nil {
			return nil, fmt.Errorf("%s: no type %s in %s", e.Name, t.Name(), t.PkgPath())
		}
		var recv types.Type = obj.Type()
		if reflect.TypeOf(e.Impl).Kind() == reflect.Pointer {
			recv = types.NewPointer(recv)
		}
		mset := types.NewMethodSet(recv)
		for name, access := range e.Methods {
			sel := mset.Lookup(p.Types, name)
			if sel == nil {
				return nil, fmt.Errorf("%s.%s: %s has no such method", e.Name, name, t.Name())
			}
			fn := sel.Obj().(*types.Func)
			m, err := c.method(e.Name, fn, access)
			if err != nil {
				return nil, err
			}
			c.Methods = append(c.Methods, m)
		}
	}
	slices.SortFunc(c.Methods, func(a, b Method) int { return strings.Compare(a.Key(), b.Key()) })
	return c, nil
}

// modulePrefix is the module path shared by the implementations ("dossier/").
func modulePrefix(paths []string) string {
	first, _, _ := strings.Cut(paths[0], "/")
	return first + "/"
}

func (c *Contract) method(svc string, fn *types.Func, access registry.Access) (Method, error) {
	sig := fn.Type().(*types.Signature)
	m := Method{Service: svc, Name: fn.Name(), Access: access, Doc: c.docs[fn.Pos()]}
	for i := 0; i < sig.Params().Len(); i++ {
		v := sig.Params().At(i)
		if i == 0 && isNamed(v.Type(), "context", "Context") {
			continue
		}
		m.Params = append(m.Params, v)
	}
	switch res := sig.Results(); res.Len() {
	case 1:
	case 2:
		m.Result = res.At(0).Type()
	default:
		return m, fmt.Errorf("%s.%s: returns %d values", svc, fn.Name(), res.Len())
	}
	return m, nil
}

// collectDocs remembers the doc comment of every type, field and method declared in files,
// by the position of its name (which is what go/types objects report).
func (c *Contract) collectDocs(files []*ast.File) {
	text := func(groups ...*ast.CommentGroup) string {
		for _, g := range groups {
			if t := strings.TrimSpace(g.Text()); g != nil && t != "" {
				return t
			}
		}
		return ""
	}
	for _, f := range files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				for _, s := range n.Specs {
					if ts, ok := s.(*ast.TypeSpec); ok {
						doc := text(ts.Doc)
						if doc == "" && len(n.Specs) == 1 {
							doc = text(n.Doc)
						}
						c.docs[ts.Name.Pos()] = doc
					}
				}
			case *ast.FuncDecl:
				c.docs[n.Name.Pos()] = text(n.Doc)
			case *ast.Field:
				doc := text(n.Doc, n.Comment)
				for _, name := range n.Names {
					c.docs[name.Pos()] = doc
				}
				if len(n.Names) == 0 { // embedded
					c.docs[n.Type.Pos()] = doc
				}
			}
			return true
		})
	}
}

// isNamed: t is the named type pkg.name (after aliases).
func isNamed(t types.Type, pkg, name string) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}
