package database_test

import (
	"context"
	"testing"

	"xietong/internal/database"
	"xietong/internal/dbtest"
)

// TestMigrationsUpDownUp: every migration applies, rolls back completely and
// applies again.
func TestMigrationsUpDownUp(t *testing.T) {
	t.Parallel()
	db := dbtest.Empty(t)
	ctx := context.Background()
	tables := func() int {
		var n int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM information_schema.tables WHERE table_schema IN ('public', 'audit') AND table_name <> 'goose_db_version'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if err := database.Migrate(ctx, db.Pool); err != nil {
		t.Fatalf("up: %v", err)
	}
	up := tables()
	if up < 10 {
		t.Fatalf("only %d tables after up", up)
	}
	if err := database.DownTo(ctx, db.Pool, 0); err != nil {
		t.Fatalf("down: %v", err)
	}
	if n := tables(); n != 0 {
		t.Fatalf("%d tables left after down", n)
	}
	if err := database.Migrate(ctx, db.Pool); err != nil {
		t.Fatalf("up again: %v", err)
	}
	if n := tables(); n != up {
		t.Fatalf("%d tables after up again, want %d", n, up)
	}
}

// TestConcurrentMigrate: two instances migrating at once do not collide.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	db := dbtest.Empty(t)
	ctx := context.Background()
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			pool, err := database.Open(ctx, db.URL, database.Options{MaxConns: 2})
			if err != nil {
				errs <- err
				return
			}
			defer pool.Close()
			errs <- database.Migrate(ctx, pool)
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Errorf("concurrent migrate: %v", err)
		}
	}
}
