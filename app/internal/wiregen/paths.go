package wiregen

import (
	"fmt"
	"go/types"
	"reflect"
	"regexp"

	"dossier/app/service"
)

// PathPackage and PathName name the type of paths on this computer (service.Path).
var (
	PathPackage = reflect.TypeFor[service.Records]().PkgPath()
	PathName    = "Path"
)

// pathWords are names that say a string is a path, whatever its declared type.
var pathWords = regexp.MustCompile(`(?i)^(path|paths|.*_?path|dir|dirs|directory|folder|file|files|filename|out|output|dest|destination)$`)

// Paths lists where a method takes a path on this computer: each parameter, or field reached
// through its parameters, that is a service.Path, or a string (or strings) whose Go or JSON
// name says it is a path ("path", "opt.out"). Empty: the method takes none.
func (m Method) Paths() []string {
	w := &pathWalk{seen: map[*types.TypeName]bool{}}
	for i, p := range m.Params {
		w.walk(p.Type(), label(p.Name(), i), []string{p.Name()})
	}
	return w.found
}

type pathWalk struct {
	seen  map[*types.TypeName]bool
	found []string
}

func (w *pathWalk) walk(t types.Type, where string, names []string) {
	if a, ok := t.(*types.Alias); ok && a.Obj().Pkg() != nil && a.Obj().Pkg().Path() == PathPackage && a.Obj().Name() == PathName {
		w.found = append(w.found, where)
		return
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == PathPackage && n.Obj().Name() == PathName {
		w.found = append(w.found, where)
		return
	}
	switch u := types.Unalias(t).(type) {
	case *types.Named:
		if _, ok := special(u); ok {
			return
		}
		if isStringy(u) {
			w.byName(u, where, names)
			return
		}
		if w.seen[u.Obj()] {
			return
		}
		w.seen[u.Obj()] = true
		w.walk(u.Underlying(), where, names)
	case *types.Basic:
		w.byName(u, where, names)
	case *types.Pointer:
		w.walk(u.Elem(), where, names)
	case *types.Slice:
		w.walk(u.Elem(), where+"[]", names)
	case *types.Array:
		w.walk(u.Elem(), where+"[]", names)
	case *types.Map:
		w.walk(u.Elem(), where+"{}", names)
	case *types.Struct:
		for _, f := range fields(u) {
			w.walk(f.v.Type(), where+"."+f.name, []string{f.name, f.v.Name()})
		}
	}
}

func isStringy(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsString != 0
}

func (w *pathWalk) byName(t types.Type, where string, names []string) {
	if !isStringy(t) {
		return
	}
	for _, n := range names {
		if pathWords.MatchString(n) {
			w.found = append(w.found, fmt.Sprintf("%s (named %q)", where, n))
			return
		}
	}
}
