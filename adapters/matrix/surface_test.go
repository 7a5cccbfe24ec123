package matrix

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Only package role holds a *mautrix.Client: the adapter's code names
// neither the client type nor a constructor, nor mautrix's crypto (whose
// machine holds a client), so it can only make the calls of role.Reader and
// role.Bot (see role.TestSurface).
func TestOnlyRoleHoldsTheClient(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		checked++
		local := "" // this file's name for package mautrix
		for _, imp := range f.Imports {
			path, _ := strconv.Unquote(imp.Path.Value)
			if path == "maunium.net/go/mautrix/crypto" || strings.HasPrefix(path, "maunium.net/go/mautrix/crypto/") {
				t.Errorf("%s imports %s", name, path)
			}
			if path == "maunium.net/go/mautrix" {
				local = "mautrix"
				if imp.Name != nil {
					local = imp.Name.Name
				}
			}
		}
		if local == "" {
			continue
		}
		ast.Inspect(f, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == local && (sel.Sel.Name == "Client" || strings.HasPrefix(sel.Sel.Name, "NewClient")) {
				t.Errorf("%s: uses mautrix.%s; only package role may", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
	if checked == 0 {
		t.Fatal("no source file checked")
	}
}
