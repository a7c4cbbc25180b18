package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"xietong/internal/database"
)

func cmdMigrate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	c, fs, err := parse("migrate", args, getenv, nil)
	if err != nil {
		return err
	}
	pool, err := c.open(ctx)
	if err != nil {
		return err
	}
	defer pool.Close()
	switch fs.Arg(0) {
	case "up", "":
		if err := database.Migrate(ctx, pool); err != nil {
			return err
		}
		fmt.Fprintln(stdout, "migrations applied")
	case "down":
		if err := database.Down(ctx, pool); err != nil {
			if errors.Is(err, database.ErrNoMigration) {
				fmt.Fprintln(stdout, "nothing to roll back")
				return nil
			}
			return err
		}
		fmt.Fprintln(stdout, "rolled back one migration")
	case "status":
		p, db, err := database.Provider(pool)
		if err != nil {
			return err
		}
		defer db.Close()
		sts, err := p.Status(ctx)
		if err != nil {
			return err
		}
		for _, s := range sts {
			applied := "pending"
			if !s.AppliedAt.IsZero() {
				applied = "applied " + s.AppliedAt.Format("2006-01-02 15:04:05")
			}
			fmt.Fprintf(stdout, "%05d  %-30s  %s\n", s.Source.Version, s.Source.Path, applied)
		}
	default:
		return fmt.Errorf("migrate: unknown action %q; want up, down or status", fs.Arg(0))
	}
	return nil
}
