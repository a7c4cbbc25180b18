// Package dbtest gives each test its own PostgreSQL database, cloned in tens
// of milliseconds from one migrated template. The template's name carries a
// hash of the migrations, so a changed migration builds a new template and
// tests never run against a stale schema.
package dbtest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"xietong/internal/database"
	"xietong/migrations"
)

// AdminURL is the URL of a database on the test server with the right to
// create databases. TEST_DATABASE_URL overrides it; otherwise the repository's
// .ci/pg-url.sh finds (or starts) the local server.
func AdminURL(t testing.TB) string {
	t.Helper()
	adminOnce.Do(func() {
		if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
			adminURL = u
			return
		}
		_, file, _, _ := runtime.Caller(0)
		script := filepath.Join(filepath.Dir(file), "..", "..", ".ci", "pg-url.sh")
		out, err := exec.Command("bash", script, "postgres").Output()
		if err != nil {
			adminErr = fmt.Errorf("dbtest: %s: %w", script, err)
			return
		}
		adminURL = strings.TrimSpace(string(out))
	})
	if adminErr != nil {
		t.Fatal(adminErr)
	}
	return adminURL
}

var (
	adminOnce sync.Once
	adminURL  string
	adminErr  error
)

// WithDatabase returns url with its database name replaced.
func WithDatabase(raw, name string) string {
	u, err := url.Parse(raw)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

// migrationsHash identifies the current schema: the migrations and the SQL
// code of migrations/code, so a changed function builds a new template too.
func migrationsHash() string {
	h := sha256.New()
	for _, fsys := range []fs.FS{migrations.FS, migrations.Code} {
		var names []string
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				names = append(names, p)
			}
			return nil
		})
		sort.Strings(names)
		for _, n := range names {
			b, _ := fs.ReadFile(fsys, n)
			h.Write([]byte(n))
			h.Write(b)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// template makes sure the migrated template exists and returns its name.
// Several test binaries run at once, so creation is guarded by an advisory
// lock on the server.
func template(ctx context.Context, admin string) (string, error) {
	name := "xietong_tpl_" + migrationsHash()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", fmt.Errorf("dbtest: connect admin: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock(72057594037927)"); err != nil {
		return "", err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock(72057594037927)")
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if exists {
		return name, nil
	}
	// Build under a temporary name and rename when complete, so a crash
	// half-way never leaves a template that looks ready.
	tmp := name + "_building"
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{tmp}.Sanitize())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{tmp}.Sanitize()); err != nil {
		return "", fmt.Errorf("dbtest: create template: %w", err)
	}
	pool, err := database.Open(ctx, WithDatabase(admin, tmp), database.Options{MaxConns: 2})
	if err != nil {
		return "", err
	}
	err = database.Migrate(ctx, pool)
	pool.Close()
	if err != nil {
		return "", err
	}
	if _, err := conn.Exec(ctx, "ALTER DATABASE "+pgx.Identifier{tmp}.Sanitize()+" RENAME TO "+pgx.Identifier{name}.Sanitize()); err != nil {
		return "", err
	}
	return name, nil
}

var (
	tplOnce sync.Once
	tplName string
	tplErr  error
)

var seq atomic.Int64

// uniqueName is unique across the test binaries that run at once.
func uniqueName(prefix string) string {
	return fmt.Sprintf("%s_%d_%d_%d", prefix, os.Getpid(), time.Now().UnixNano()%1e9, seq.Add(1))
}

// DB is one test's database.
type DB struct {
	Pool *pgxpool.Pool
	URL  string
	Name string
}

// New creates a fresh migrated database for t and drops it when t ends —
// unless t failed, in which case it is kept and its name logged so the state
// can be inspected.
func New(t testing.TB) *DB {
	t.Helper()
	admin := AdminURL(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	tplOnce.Do(func() { tplName, tplErr = template(ctx, admin) })
	if tplErr != nil {
		t.Fatal(tplErr)
	}
	return clone(t, admin, tplName)
}

// Clone copies the database named tpl on the test server for t (which
// applies any newer migrations itself, as the server does when it starts):
// the benchmarks reuse a county built once. Dropped and kept as New does.
//
// The copy is made file by file (STRATEGY FILE_COPY, PostgreSQL 15 and
// later), not block by block through the write-ahead log: a county is a
// gigabyte, and logging it made the server write it all out again in a
// checkpoint while the benchmark measured.
func Clone(t testing.TB, tpl string) *DB {
	t.Helper()
	return clone(t, AdminURL(t), tpl, " STRATEGY FILE_COPY")
}

func clone(t testing.TB, admin, tplName string, strategy ...string) *DB {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name := uniqueName("xietong_t")
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("dbtest: connect: %v", err)
	}
	defer conn.Close(ctx)
	create := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize() + " TEMPLATE " + pgx.Identifier{tplName}.Sanitize()
	_, err = conn.Exec(ctx, create+strings.Join(strategy, ""))
	if pe := (*pgconn.PgError)(nil); errors.As(err, &pe) && pe.Code == "42601" && len(strategy) > 0 {
		// A server before 15 knows no strategy (a syntax error); it
		// copies files anyway.
		_, err = conn.Exec(ctx, create)
	}
	if err != nil {
		t.Fatalf("dbtest: create %s: %v", name, err)
	}
	u := WithDatabase(admin, name)
	pool, err := database.Open(ctx, u, database.Options{MaxConns: 8})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		if t.Failed() {
			t.Logf("dbtest: kept database %s for inspection", name)
			return
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Logf("dbtest: drop %s: %v", name, err)
			return
		}
		defer c.Close(ctx)
		if _, err := c.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Logf("dbtest: drop %s: %v", name, err)
		}
	})
	return &DB{Pool: pool, URL: u, Name: name}
}

// Empty creates an empty (unmigrated) database, for migration tests.
func Empty(t testing.TB) *DB {
	t.Helper()
	admin := AdminURL(t)
	ctx := context.Background()
	name := uniqueName("xietong_e")
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		t.Fatal(err)
	}
	u := WithDatabase(admin, name)
	pool, err := database.Open(ctx, u, database.Options{MaxConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		pool.Close()
		if t.Failed() {
			t.Logf("dbtest: kept database %s", name)
			return
		}
		c, err := pgx.Connect(context.Background(), admin)
		if err == nil {
			defer c.Close(context.Background())
			_, _ = c.Exec(context.Background(), "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)")
		}
	})
	return &DB{Pool: pool, URL: u, Name: name}
}
