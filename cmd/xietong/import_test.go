package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/store"
)

// TestImportCommand: a file with an error is reported row by row and
// refused (non-zero, nothing written); --dry-run checks a good file and
// writes nothing; the real run imports it and says what it did.
func TestImportCommand(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t)
	ctx := context.Background()
	st := store.New(db.Pool)
	if _, err := demo.Seed(ctx, st, demo.Options{Schools: 2, Students: 60}); err != nil {
		t.Fatal(err)
	}
	var code, class string
	if err := db.Pool.QueryRow(ctx, `
		SELECT s.code, c.name FROM schools s JOIN classes c ON c.school_id = s.id ORDER BY s.id, c.id LIMIT 1`).Scan(&code, &class); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bad := write("bad.csv", "姓名,学籍号,性别,班级,家长姓名,联系电话\n吴一,L2016000301,男,"+class+",吴父,13812345678\n郑二,L2016000302,女,三年级(9)班,郑母,13912345678\n")
	good := write("good.csv", "姓名,学籍号,性别,班级,家长姓名,联系电话\n吴一,L2016000301,男,"+class+",吴父,13812345678\n郑二,L2016000302,女,"+class+",郑母,139 1234 5678\n")
	e := env(map[string]string{"DATABASE_URL": db.URL})
	imp := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := run(ctx, append([]string{"import", "students", "--school", code}, args...), e, &out, &errOut)
		return out.String(), err
	}
	count := func() int {
		var n int
		_ = db.Pool.QueryRow(ctx, `SELECT count(*) FROM students WHERE student_number LIKE 'L20160003%'`).Scan(&n)
		return n
	}
	out, err := imp(bad)
	if !errors.Is(err, errImportRefused) {
		t.Fatalf("bad file: err %v", err)
	}
	for _, want := range []string{"将新增 1，更新 0，不变 0；有问题的行 1。", "第 3 行「班级」：本校没有班级「三年级(9)班」"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if out, err = imp("--dry-run", good); err != nil || !strings.Contains(out, "试运行（--dry-run）：没有写入任何内容。") ||
		!strings.Contains(out, "电话去掉空格和横线：139 1234 5678 → 13912345678 ×1") || count() != 0 {
		t.Fatalf("dry run: err %v, %d students:\n%s", err, count(), out)
	}
	if out, err = imp(good); err != nil || !strings.Contains(out, "已导入：新增 2，更新 0，不变 0") || count() != 2 {
		t.Fatalf("import: err %v, %d students:\n%s", err, count(), out)
	}
	if out, err = imp(good); err != nil || !strings.Contains(out, "已导入：新增 0，更新 0，不变 2") {
		t.Fatalf("again: err %v:\n%s", err, out)
	}
	var audits int
	_ = db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit.events WHERE action = 'roster.import' AND actor_name = 'cli'`).Scan(&audits)
	if audits != 2 {
		t.Errorf("%d audit rows, want 2", audits)
	}
}
