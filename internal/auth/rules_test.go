package auth

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"testing"
)

// TestEveryActionHasARule: each Action constant declared in this package
// has exactly one rule (merge refuses a second), so a new action cannot be
// refused silently by a forgotten table or allowed by a stale one.
func TestEveryActionHasARule(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	declared := 0
	for _, name := range files {
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			vs, ok := n.(*ast.ValueSpec)
			if !ok || vs.Type == nil {
				return true
			}
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Action" {
				return true
			}
			for i, v := range vs.Values {
				lit, ok := v.(*ast.BasicLit)
				if !ok {
					continue
				}
				a, _ := strconv.Unquote(lit.Value)
				declared++
				if _, ok := rules[Action(a)]; !ok {
					t.Errorf("%s (%s) has no rule", vs.Names[i].Name, a)
				}
			}
			return true
		})
	}
	if declared != len(rules) {
		t.Errorf("%d actions declared, %d rules", declared, len(rules))
	}
}

func TestUnknownActionRefused(t *testing.T) {
	t.Parallel()
	p := &Principal{Active: Assignment{Role: Admin}}
	if Can(p, Action("nothing.here"), Resource{}) || Allows(Admin, Action("nothing.here")) {
		t.Error("an action without a rule is allowed")
	}
	if Can(nil, ViewAudit, Resource{}) {
		t.Error("no principal, no permission")
	}
}
