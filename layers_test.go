package silentguard_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The packages depend one way: cmd and internal/app wire everything;
// adapters know the core and their platform, not the config, the wiring
// or each other (they take their own options); the core knows the
// detectors, not the adapters; the detectors know neither.
func TestImportsRunOneWay(t *testing.T) {
	const module = "github.com/silentguard/silentguard/"
	out, err := exec.Command("go", "list", "-tags", "goolm", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`, "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	under := func(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }
	wiring := []string{"cmd", "internal/app", "internal/config"}
	forbidden := map[string][]string{
		"detectors": append([]string{"bot", "adapters"}, wiring...),
		"bot":       append([]string{"adapters"}, wiring...),
		"adapters":  wiring,
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg := strings.TrimPrefix(fields[0], module)
		for _, imp := range fields[1:] {
			dep, ok := strings.CutPrefix(imp, module)
			if !ok {
				continue
			}
			for layer, deny := range forbidden {
				if !under(pkg, layer) {
					continue
				}
				for _, d := range deny {
					if under(dep, d) {
						t.Errorf("%s imports %s", pkg, dep)
					}
				}
			}
			// An adapter does not reach into another.
			if a, _, _ := strings.Cut(strings.TrimPrefix(pkg, "adapters/"), "/"); under(pkg, "adapters") && under(dep, "adapters") && !under(dep, "adapters/"+a) {
				t.Errorf("%s imports %s", pkg, dep)
			}
		}
	}
}

// Adapters reach the core only through bot.Core: not the engine, not the
// store (which could add a warning or read another owner's turns), not a
// store package. Their own state goes through Core.AdapterState; Matrix's
// encryption library keeps its own tables in the database it is given.
func TestAdaptersUseOnlyTheCore(t *testing.T) {
	denied := map[string]bool{"bot.Engine": true, "bot.Store": true}
	fset := token.NewFileSet()
	err := filepath.WalkDir("adapters", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if p := strings.Trim(imp.Path.Value, `"`); strings.HasSuffix(p, "/bot/sqlstore") || strings.HasSuffix(p, "/bot/memstore") {
				t.Errorf("%s imports %s", path, p)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				if x, ok := n.X.(*ast.Ident); ok && denied[x.Name+"."+n.Sel.Name] {
					t.Errorf("%s: uses %s.%s; take bot.Core", fset.Position(n.Pos()), x.Name, n.Sel.Name)
				}
			case *ast.CallExpr:
				if sel, ok := n.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Store" && len(n.Args) == 0 {
					t.Errorf("%s: calls Store(); keep state with Core.AdapterState", fset.Position(n.Pos()))
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
