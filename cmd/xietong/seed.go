package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"xietong/internal/database"
	"xietong/internal/demo"
	"xietong/internal/store"
)

func cmdSeed(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "demo" {
		return fmt.Errorf("seed: want 'seed demo'; run 'xietong help'")
	}
	var ifEmpty bool
	c, _, err := parse("seed demo", args[1:], getenv, func(fs *flag.FlagSet) {
		fs.BoolVar(&ifEmpty, "if-empty", false, "do nothing when the database already has data")
	})
	if err != nil {
		return err
	}
	pool, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := database.Migrate(ctx, pool); err != nil {
		return err
	}
	st := store.New(pool)
	empty, err := demo.Empty(ctx, st)
	if err != nil {
		return err
	}
	switch {
	case empty:
		start := time.Now()
		fmt.Fprintln(stdout, "正在生成演示数据（XX县）…")
		res, err := demo.Seed(ctx, st, demo.Options{})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "演示数据已生成：%d 所学校，%d 个班级，%d 名学生（%.1f 秒）\n",
			res.Schools, res.Classes, res.Students, time.Since(start).Seconds())
	case ifEmpty:
		fmt.Fprintln(stdout, "数据库已有数据，保留现有数据。")
	default:
		return fmt.Errorf("seed demo: the database already has data; the demo is only loaded into an empty database")
	}
	printAccounts(stdout)
	return nil
}

func printAccounts(w io.Writer) {
	fmt.Fprintf(w, "\n演示账号（密码均为 %s）：\n", demo.Password)
	// Usernames are ASCII, so padding them aligns the columns; Chinese text
	// (two cells wide in a terminal) goes last.
	for _, a := range demo.Accounts() {
		fmt.Fprintf(w, "  %-11s %s · %s\n", a.Username, a.Role, a.Description)
	}
}
