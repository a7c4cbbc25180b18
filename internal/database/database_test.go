package database_test

import (
	"context"
	"runtime"
	"testing"
	"time"

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

// TestCancelledQueryKeepsConnection: a request whose client went away
// cancels its query on the server; the connection stays in the pool for
// the next request (pgx's default closes it).
func TestCancelledQueryKeepsConnection(t *testing.T) {
	t.Parallel()
	db := dbtest.Empty(t)
	pool, err := database.Open(context.Background(), db.URL, database.Options{MaxConns: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	pid := func() int32 {
		t.Helper()
		var p int32
		if err := pool.QueryRow(context.Background(), `SELECT pg_backend_pid()`).Scan(&p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	before := pid()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	if _, err := pool.Exec(ctx, `SELECT pg_sleep(10)`); err == nil {
		t.Fatal("a cancelled query succeeded")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the cancelled query ran %s: not cancelled on the server", d)
	}
	if after := pid(); after != before {
		t.Errorf("backend %d after the cancel, %d before: the connection was closed", after, before)
	}
}

// TestPoolSize: an explicit size wins, then pool_max_conns in the URL, then
// four connections per CPU the process may use, at most 32. Opening does
// not connect, so no server is needed.
func TestPoolSize(t *testing.T) {
	t.Parallel()
	const url = "postgres://nobody@127.0.0.1:1/none"
	for _, tc := range []struct {
		url  string
		opt  database.Options
		want int32
	}{
		{url, database.Options{}, int32(min(32, max(4, 4*runtime.GOMAXPROCS(0))))},
		{url + "?pool_max_conns=3", database.Options{}, 3},
		{url + "?sslmode=disable&pool_max_conns=3", database.Options{}, 3},
		{"host=127.0.0.1 port=1 user=nobody pool_max_conns = 3", database.Options{}, 3},
		{url + "?pool_max_conns=3", database.Options{MaxConns: 5}, 5},
	} {
		pool, err := database.Open(context.Background(), tc.url, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if got := pool.Config().MaxConns; got != tc.want {
			t.Errorf("%s %+v: %d connections, want %d", tc.url, tc.opt, got, tc.want)
		}
		pool.Close()
	}
}
