package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/importer"
	"xietong/internal/roster"
	"xietong/internal/store"
)

// errImportRefused ends an import whose file has errors: the report is on
// the terminal, nothing was written, and the exit status is non-zero.
var errImportRefused = errors.New("import: the file has errors; nothing was imported")

// cmdImport is `xietong import students|staff --school CODE [--dry-run] FILE`
// for the bureau's IT: the same reading, checks, normalisation and
// all-or-nothing apply as the upload page, with the report on the terminal.
// The school's remembered column mapping applies as on the page.
func cmdImport(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("import: want students or staff; run 'xietong help'")
	}
	kind, ok := importer.KindOf(args[0])
	if !ok {
		return fmt.Errorf("import: unknown roster %q; want students or staff", args[0])
	}
	var schoolCode string
	var dryRun bool
	c, fs, err := parse("import "+args[0], args[1:], getenv, func(fs *flag.FlagSet) {
		fs.StringVar(&schoolCode, "school", "", "school code")
		fs.BoolVar(&dryRun, "dry-run", false, "check and report only; write nothing")
	})
	if err != nil {
		return err
	}
	if schoolCode == "" || fs.NArg() != 1 {
		return fmt.Errorf("import %s: want --school CODE and one FILE", args[0])
	}
	path := fs.Arg(0)
	pool, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	st := store.New(pool)

	countyID, err := st.EnsureCounty(ctx, "")
	if err != nil {
		return err
	}
	sc, err := st.SchoolByCode(ctx, countyID, schoolCode)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("import: no school with code %q", schoolCode)
	}
	if err != nil {
		return err
	}
	cal, err := st.LoadCalendar(ctx, countyID)
	if err != nil {
		return err
	}
	today := calendar.Today(time.Now())
	t := importer.Target{CountyID: countyID, SchoolID: sc.ID, SchoolCode: sc.Code}
	if term, ok := cal.CurrentTerm(today); ok {
		t.TermID = term.ID
	}

	start := time.Now()
	fmt.Fprintf(stderr, "读取 %s …\n", filepath.Base(path))
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	table, err := importer.Read(f, filepath.Base(path), kind)
	_ = f.Close()
	var fe *roster.FileError
	if errors.As(err, &fe) {
		fmt.Fprintf(stdout, "无法导入：%s\n", fe.Message)
		return errImportRefused
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "检查 %d 行 …\n", len(table.Rows))
	prep, err := importer.Prepare(ctx, st, t, table, nil)
	if err != nil {
		return err
	}
	printReport(stdout, sc.Name, kind, &prep.Report)
	if !prep.Report.OK() {
		return errImportRefused
	}
	if dryRun {
		fmt.Fprintln(stdout, "试运行（--dry-run）：没有写入任何内容。")
		return nil
	}
	var pw *importer.Passwords
	if kind == roster.Staff {
		if pw, err = importer.MakePasswords(ctx, st, t, prep.Payload); err != nil {
			return err
		}
	}
	progress := func(done, total int) {
		fmt.Fprintf(stderr, "\r写入 %d/%d", done, total)
		if done == total {
			fmt.Fprintln(stderr)
		}
	}
	var res importer.Result
	err = st.InTx(ctx, func(tx *store.Store) error {
		var err error
		if res, err = importer.Apply(ctx, tx, t, kind, prep.Payload, pw, today, progress); err != nil {
			return err
		}
		return tx.Audit(ctx, store.AuditEvent{ActorName: "cli", Action: "roster.import", ObjectType: "school", ObjectID: &sc.ID,
			Result: store.ResultSuccess, Details: res.AuditDetails(kind, sc.ID)})
	})
	if errors.Is(err, store.ErrImportConflict) {
		fmt.Fprintln(stdout, "数据在检查之后有了变化，没有导入任何内容；请重新运行。")
		return errImportRefused
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已导入：新增 %d，更新 %d，不变 %d（用时 %.1f 秒）。\n", res.Added, res.Updated, res.Unchanged, time.Since(start).Seconds())
	if len(res.Accounts) > 0 {
		fmt.Fprintln(stdout, "新账号的一次性密码（只显示这一次，首次登录时必须修改）：")
		for _, a := range res.Accounts {
			fmt.Fprintf(stdout, "  %s\t%s\t%s\n", a.Name, a.Username, a.Password)
		}
	}
	return nil
}

// printReport prints the preview as the page shows it.
func printReport(w io.Writer, school string, k roster.Kind, r *importer.Report) {
	fmt.Fprintf(w, "%s · %s：工作表「%s」，表头在第 %d 行，%d 行数据", school, k, r.Sheet, r.HeaderRow, r.Total)
	if r.Skipped > 0 {
		fmt.Fprintf(w, "（%d 行空行已跳过）", r.Skipped)
	}
	fmt.Fprintln(w)
	if r.Remembered {
		fmt.Fprintln(w, "已按上次的对应关系匹配。")
	}
	for _, n := range r.Notes {
		fmt.Fprintln(w, "  "+n)
	}
	fmt.Fprintln(w, "列的对应关系：")
	for _, c := range r.Columns {
		field := "（忽略）"
		if c.Field != "" {
			field = roster.Label(k, roster.Field(c.Field))
		}
		fmt.Fprintf(w, "  %s 「%s」→ %s\n", c.Letter, c.Header, field)
	}
	for _, p := range r.Problems {
		fmt.Fprintln(w, "错误："+p)
	}
	fmt.Fprintf(w, "将新增 %d，更新 %d，不变 %d；有问题的行 %d。\n", r.Added, r.Updated, r.Unchanged, r.ErrorRows)
	for _, e := range r.Errors {
		fmt.Fprintln(w, "  "+e.String())
	}
	if r.ErrorCount > len(r.Errors) {
		fmt.Fprintf(w, "  …… 共 %d 处，只列出前 %d 处\n", r.ErrorCount, len(r.Errors))
	}
	if len(r.Changes) > 0 {
		fmt.Fprintln(w, "自动统一的写法：")
		for _, c := range r.Changes {
			fmt.Fprintln(w, "  "+c.String())
		}
	}
}
