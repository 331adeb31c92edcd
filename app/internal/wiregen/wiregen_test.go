package wiregen

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"dossier/app/service/registry"
)

// fixture is a small service with every shape the generator meets.
const fixture = `package svc

import (
	"encoding/json"
	"time"
)

// Path is a file on this computer.
type Path = string

// Color is a closed list.
type Color string

const (
	Red   Color = "red"
	Green Color = "green"
	Other       = "not a color"
)

// Level has no constants.
type Level int

type Base struct {
	ID   string ` + "`json:\"id\"`" + `
	Note string ` + "`json:\"note\"`" + ` // hidden by View.Note
}

// View is what the method returns.
type View struct {
	Base
	Note    string            ` + "`json:\"note\"`" + ` // the outer note
	Color   Color             ` + "`json:\"color\"`" + `
	Level   Level             ` + "`json:\"level,omitempty\"`" + `
	Data    []byte            ` + "`json:\"data\"`" + `
	At      time.Time         ` + "`json:\"at\"`" + `
	Raw     json.RawMessage   ` + "`json:\"raw\"`" + `
	Next    *View             ` + "`json:\"next\"`" + `
	Maybe   *Error            ` + "`json:\"maybe,omitempty\"`" + `
	Counts  map[string]int    ` + "`json:\"counts\"`" + `
	Colors  []Color           ` + "`json:\"colors\"`" + `
	Big     int64             ` + "`json:\"big,string\"`" + `
	Skip    string            ` + "`json:\"-\"`" + `
	NoTag   bool
	Inline  struct{ A int }   ` + "`json:\"inline\"`" + `
	hidden  string
}

// Error is named like a TypeScript global.
type Error struct {
	Code string ` + "`json:\"code\"`" + `
}

// Options only travel in.
type Options struct {
	Out   Path     ` + "`json:\"out\"`" + `
	Files []string ` + "`json:\"files\"`" + `
	Name  string   ` + "`json:\"name\"`" + `
}

type Svc struct{}

// Get returns a view.
func (Svc) Get(id string, o Options) (*View, error) { return nil, nil }

// Save writes to a path.
func (Svc) Save(path Path) error { return nil }

// Upload takes bytes.
func (Svc) Upload(name string, data []byte, in string) (Level, error) { return 0, nil }

// Dir is named like a path.
func (Svc) Dir(dir string) error { return nil }
`

// load type-checks the fixture and builds its contract.
func load(t *testing.T, src string) *Contract {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "svc.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	conf := types.Config{Importer: importer.ForCompiler(fset, "source", nil)}
	pkg, err := conf.Check("example.org/svc", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &Contract{docs: map[token.Pos]string{}}
	c.collectDocs([]*ast.File{f})
	svc := pkg.Scope().Lookup("Svc").Type()
	ms := types.NewMethodSet(svc)
	for i := 0; i < ms.Len(); i++ {
		fn := ms.At(i).Obj().(*types.Func)
		access := registry.Both
		if fn.Name() == "Save" {
			access = registry.Window
		}
		m, err := c.method("Svc", fn, access)
		if err != nil {
			t.Fatal(err)
		}
		c.Methods = append(c.Methods, m)
	}
	return c
}

func TestTypeScript(t *testing.T) {
	old := PathPackage
	PathPackage = "example.org/svc"
	defer func() { PathPackage = old }()
	ts, err := load(t, fixture).TypeScript()
	if err != nil {
		t.Fatal(err)
	}
	out := string(ts)
	for _, want := range []string{
		"/** Color is a closed list. */\nexport type Color = 'red' | 'green';\n",
		"export type Level = number;\n",
		"export type Path = string;\n",
		// Embedded fields are promoted, the outer one wins; docs follow the fields.
		"export interface View {\n  /** the outer note */\n  note: string;\n",
		"  id: string;\n",
		"  color: Color;\n",
		"  level?: Level;\n",
		"  data: string;\n",
		"  at: string;\n",
		"  raw: unknown;\n",
		"  next: View | null;\n",
		"  maybe?: SvcError;\n",
		"  counts: Record<string, number>;\n",
		"  colors: Color[];\n",
		"  big: string;\n",
		"  NoTag: boolean;\n",
		"  inline: { A: number; };\n",
		// A TypeScript global is prefixed with the package.
		"export interface SvcError {\n  code: string;\n}\n",
		// A type only parameters use has every field optional.
		"export interface Options {\n  out?: Path;\n  files?: string[];\n  name?: string;\n}\n",
		`  /** Get returns a view. */
  "Svc.Get": { args: [id: string, o: Options]; result: View; browser: true };`,
		`"Svc.Save": { args: [path: Path]; result: null; browser: false };`,
		`"Svc.Upload": { args: [name: string, data: string, in_: string]; result: Level; browser: true };`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q", want)
		}
	}
	for _, not := range []string{"Skip", "hidden", "not a color", "Base"} {
		if strings.Contains(out, not) {
			t.Errorf("%q should not be in the output", not)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
	// The same contract, the same bytes.
	again, _ := load(t, fixture).TypeScript()
	if string(again) != out {
		t.Error("two runs differ")
	}
}

func TestUnsupportedTypes(t *testing.T) {
	for _, field := range []string{"C chan int", "F func()", "X complex128", "I interface{ M() }"} {
		src := "package svc\ntype V struct{ " + field + " `json:\"x\"` }\ntype Svc struct{}\nfunc (Svc) Get() (V, error) { return V{}, nil }\n"
		if _, err := load(t, src).TypeScript(); err == nil || !strings.Contains(err.Error(), "svc.V.x") {
			t.Errorf("%s: %v, want an error naming the field", field, err)
		}
	}
}

func TestPaths(t *testing.T) {
	old := PathPackage
	PathPackage = "example.org/svc"
	defer func() { PathPackage = old }()
	c := load(t, fixture)
	got := map[string][]string{}
	for _, m := range c.Methods {
		got[m.Name] = m.Paths()
	}
	want := map[string][]string{
		"Get":    {"o.out", `o.files[] (named "files")`},
		"Save":   {"path"},
		"Upload": nil,
		"Dir":    {`dir (named "dir")`},
	}
	for name, w := range want {
		if !slices.Equal(got[name], w) {
			t.Errorf("%s: paths %q, want %q", name, got[name], w)
		}
	}
}
