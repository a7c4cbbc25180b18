// Package archtest holds the test that keeps the packages' imports to the
// arrows docs/architecture.md allows: the layers are a rule, not a habit.
package archtest

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// domain packages hold pure rules: plain Go over values, no SQL, no HTTP,
// none of the application's other layers.
var domain = []string{
	"internal/activity", "internal/calendar", "internal/codes", "internal/compliance", "internal/coverage",
	"internal/grade", "internal/idcard", "internal/parents", "internal/phone", "internal/privacy",
	"internal/visit", "internal/workplan", "internal/auth", "internal/evidence", "internal/todo", "internal/inspection",
}

// forbidden lists, per package prefix, the imports it must not have.
var forbidden = []struct {
	pkg     string
	imports []string
	because string
}{
	{"web", []string{"xietong/internal/store", "xietong/internal/database", "xietong/internal/server", "github.com/jackc/pgx"}, "web renders view models and never queries"},
	{"internal/store", []string{"xietong/internal/server", "xietong/web", "net/http"}, "the store knows nothing of HTTP or pages"},
	{"internal/server", []string{"xietong/migrations", "xietong/internal/database", "github.com/jackc/pgx"}, "handlers reach the database only through the store"},
}

func root(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// imports returns the import paths of the non-test Go files of each package
// directory under dir, keyed by the directory relative to the module root.
func imports(t *testing.T, top string) map[string][]string {
	out := map[string][]string{}
	err := filepath.WalkDir(top, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == ".data" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(top, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		if _, ok := out[rel]; !ok {
			out[rel] = []string{}
		}
		for _, im := range f.Imports {
			p, _ := strconv.Unquote(im.Path.Value)
			out[rel] = append(out[rel], p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestArchitecture(t *testing.T) {
	all := imports(t, root(t))
	if len(all) < 20 {
		t.Fatalf("found %d packages: the walk is wrong", len(all))
	}
	for _, pkg := range domain {
		ims, ok := all[pkg]
		if !ok {
			t.Errorf("domain package %s not found", pkg)
		}
		for _, im := range ims {
			switch {
			case strings.HasPrefix(im, "xietong/") && !isDomain("internal/"+strings.TrimPrefix(im, "xietong/internal/")):
				t.Errorf("%s imports %s: a domain package imports only other domain packages", pkg, im)
			case im == "net/http" || strings.HasPrefix(im, "github.com/jackc/") || im == "database/sql":
				t.Errorf("%s imports %s: domain rules have no SQL and no HTTP", pkg, im)
			}
		}
	}
	for _, rule := range forbidden {
		for pkg, ims := range all {
			if pkg != rule.pkg && !strings.HasPrefix(pkg, rule.pkg+"/") {
				continue
			}
			for _, im := range ims {
				for _, bad := range rule.imports {
					if im == bad || strings.HasPrefix(im, bad+"/") {
						t.Errorf("%s imports %s: %s (docs/architecture.md)", pkg, im, rule.because)
					}
				}
			}
		}
	}
	// auth is the policy: it depends on nothing of ours, so that every
	// layer may ask it.
	for _, im := range all["internal/auth"] {
		if strings.HasPrefix(im, "xietong/") {
			t.Errorf("internal/auth imports %s", im)
		}
	}
}

func isDomain(pkg string) bool {
	for _, d := range domain {
		if d == pkg {
			return true
		}
	}
	return false
}
