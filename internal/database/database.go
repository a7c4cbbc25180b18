// Package database opens the PostgreSQL pool and applies the embedded
// migrations. It is the only package that knows how a connection is made.
package database

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgconn/ctxwatch"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"xietong/migrations"
)

// Options bound the pool. Zero values take the defaults below, chosen for a
// county of a few hundred concurrent users on a 2-core server.
type Options struct {
	// MaxConns caps the pool. Zero means pool_max_conns from the URL when
	// it has one, else four per CPU (defaultMaxConns): PostgreSQL does the
	// work of a request on the same few cores, and more connections than
	// it can run at once only make them take turns inside it — at 16
	// connections on two cores the pages' p99 was half again as long as
	// at six or eight, for no more requests served. Requests beyond the
	// pool wait in the pool's queue instead, in order. Eight rather than
	// six: a visit's commit waits for the disk, and the extra connections
	// keep the cores busy meanwhile.
	MaxConns int32
	// StatementTimeout ends a statement that runs longer (15 s unless set);
	// LockTimeout one that waits longer for a lock (none unless set). The
	// server sets 5 s and 2 s for request work, and a stuck database
	// answers 503 rather than holding every connection.
	StatementTimeout time.Duration
	LockTimeout      time.Duration
	ConnectTimeout   time.Duration
}

func (o Options) withDefaults() Options {
	if o.MaxConns == 0 {
		o.MaxConns = defaultMaxConns()
	}
	if o.StatementTimeout == 0 {
		o.StatementTimeout = 15 * time.Second
	}
	if o.ConnectTimeout == 0 {
		o.ConnectTimeout = 5 * time.Second
	}
	return o
}

// defaultMaxConns is four connections per CPU the process may use
// (GOMAXPROCS follows a container's CPU quota), at most 32: well under
// PostgreSQL's default max_connections of 100 on a large host.
func defaultMaxConns() int32 {
	return int32(min(32, max(4, 4*runtime.GOMAXPROCS(0))))
}

// poolMaxConnsSet reports whether a URL or key/value connection string
// sets pool_max_conns (pgxpool reads it in either form).
var poolMaxConnsSet = regexp.MustCompile(`(^|[?&\s])pool_max_conns\s*=`)

// Open returns a pool with explicit limits. It does not fail when the
// database is down: the server must start, answer /readyz with 503 and
// recover by itself when the database comes back.
func Open(ctx context.Context, url string, opt Options) (*pgxpool.Pool, error) {
	fromURL := opt.MaxConns == 0 && poolMaxConnsSet.MatchString(url)
	opt = opt.withDefaults()
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database: parse url: %w", err)
	}
	if !fromURL {
		cfg.MaxConns = opt.MaxConns
	}
	cfg.MinConns = 0
	cfg.MaxConnLifetime = time.Hour
	cfg.MaxConnIdleTime = 5 * time.Minute
	cfg.HealthCheckPeriod = 30 * time.Second
	cfg.ConnConfig.ConnectTimeout = opt.ConnectTimeout
	// A request whose client goes away (a phone losing its signal) cancels
	// its context. pgx's default then closes the database connection, and
	// the next request pays for a new backend with cold caches. Instead a
	// query still running after a short while is cancelled on the server
	// and the connection kept; only one that ignores the cancel is closed.
	cfg.ConnConfig.BuildContextWatcherHandler = func(c *pgconn.PgConn) ctxwatch.Handler {
		return &pgconn.CancelRequestContextWatcherHandler{Conn: c, CancelRequestDelay: 100 * time.Millisecond, DeadlineDelay: 5 * time.Second}
	}
	rp := cfg.ConnConfig.RuntimeParams
	rp["application_name"] = "xietong"
	rp["statement_timeout"] = fmt.Sprint(opt.StatementTimeout.Milliseconds())
	if opt.LockTimeout > 0 {
		rp["lock_timeout"] = fmt.Sprint(opt.LockTimeout.Milliseconds())
	}
	rp["idle_in_transaction_session_timeout"] = "60000"
	rp["timezone"] = "UTC"
	// JIT compiles a plan when its estimated cost is high: tens of
	// milliseconds of compiling for queries that run in a few, on every
	// call. A web application's short queries never win from it.
	rp["jit"] = "off"
	// Parallel workers help one big query on an idle server; under many
	// users each worker is a process competing for the same cores, and
	// the start-up costs more than the page's queries take.
	rp["max_parallel_workers_per_gather"] = "0"
	// pgx prepares every statement once per connection. PostgreSQL would
	// still plan it afresh for most calls (a custom plan per set of
	// arguments, up to a millisecond each on a busy server) while deciding
	// whether the generic plan is good enough. The store writes no optional
	// conditions ("$2 = 0 OR …") whose generic plan would be poor, so the
	// generic plan is used from the start.
	rp["plan_cache_mode"] = "force_generic_plan"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database: open pool: %w", err)
	}
	return pool, nil
}

// Provider returns a goose provider over the embedded migrations. A Postgres
// session (advisory) lock serialises two instances that start together.
func Provider(pool *pgxpool.Pool) (*goose.Provider, *sql.DB, error) {
	db := stdlib.OpenDBFromPool(pool)
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 120))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("database: locker: %w", err)
	}
	// Out of order: features are built side by side, each numbering its
	// migrations in a range of its own (docs/adding-a-feature.md), so a
	// database may hold 00300 before 00200 lands. Each migration only adds
	// its own tables, so the order between ranges does not matter.
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS,
		goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true))
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("database: goose: %w", err)
	}
	return p, db, nil
}

// Migrate applies every pending migration, then every file of
// migrations/code that changed since it was last applied.
func Migrate(ctx context.Context, pool *pgxpool.Pool) error {
	p, db, err := Provider(pool)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := p.Up(ctx); err != nil {
		return fmt.Errorf("database: migrate up: %w", err)
	}
	applied, err := applyCode(ctx, pool)
	if err != nil {
		return err
	}
	// The to-dos are kept by triggers from the records' changes; when their
	// rule is new or changed, what exists is recounted by it (the first
	// migration of a database holding records, or a changed rule).
	if slices.ContainsFunc(applied, func(name string) bool { return strings.HasPrefix(name, "todos_") }) {
		if _, err := pool.Exec(ctx, `SELECT todos_rebuild()`); err != nil {
			return fmt.Errorf("database: rebuild to-dos: %w", err)
		}
	}
	return nil
}

// ErrNoMigration is returned by Down when nothing is applied.
var ErrNoMigration = errors.New("database: no migration to roll back")

// Down rolls back the latest migration.
func Down(ctx context.Context, pool *pgxpool.Pool) error {
	p, db, err := Provider(pool)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := p.Down(ctx); err != nil {
		if errors.Is(err, goose.ErrNoNextVersion) {
			return ErrNoMigration
		}
		return fmt.Errorf("database: migrate down: %w", err)
	}
	return nil
}

// DownTo rolls back to version (0 = everything).
func DownTo(ctx context.Context, pool *pgxpool.Pool, version int64) error {
	p, db, err := Provider(pool)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := p.DownTo(ctx, version); err != nil {
		return fmt.Errorf("database: migrate down to %d: %w", version, err)
	}
	return nil
}
