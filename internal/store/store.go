// Package store is the one place that speaks SQL. Each file holds one entity
// with its queries inline. Methods take ctx first, wrap errors with what was
// being done, and map pgx errors to the sentinels below so that handlers can
// branch with errors.Is.
package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

var (
	// ErrNotFound: no such row, or not in the caller's scope (the two are
	// deliberately indistinguishable).
	ErrNotFound = errors.New("store: not found")
	// ErrConflict: a unique constraint or a stale version.
	ErrConflict = errors.New("store: conflict")
)

// DBTX is what both the pool and a transaction offer.
type DBTX interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	CopyFrom(ctx context.Context, tableName pgx.Identifier, columnNames []string, rowSrc pgx.CopyFromSource) (int64, error)
	SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults
}

// Store wraps the pool.
type Store struct {
	Pool    *pgxpool.Pool
	db      DBTX
	control *Store
}

// New returns a Store over pool.
func New(pool *pgxpool.Pool) *Store { return &Store{Pool: pool, db: pool} }

// WithControl gives the store a second, small pool for the reads every
// request makes before its own work — its session, its user and
// assignments — and for the readiness probe, so that they never queue
// behind request work: a table locked for half a minute then holds the
// request pool's connections (each for lock_timeout), not the sign-in of
// pages that never touch it.
func (s *Store) WithControl(pool *pgxpool.Pool) *Store {
	s.control = New(pool)
	return s
}

// Control is the store over the control pool (WithControl), or s itself
// when there is none (the tests' single pool).
func (s *Store) Control() *Store {
	if s != nil && s.control != nil {
		return s.control
	}
	return s
}

// LongWork lets the rest of the transaction run longer than a request's
// statement and lock timeouts (a school's roster import, the county's
// roll-over): a minute for a statement, thirty seconds for a lock.
func (s *Store) LongWork(ctx context.Context) error {
	if _, err := s.db.Exec(ctx, `SELECT set_config('statement_timeout', '60s', true), set_config('lock_timeout', '30s', true)`); err != nil {
		return fmt.Errorf("store: long work: %w", err)
	}
	return nil
}

// InTx runs fn in a transaction, committing when fn returns nil. The Store
// passed to fn runs every query inside the transaction, so audit rows and the
// change they record commit or vanish together.
//
// A transaction that PostgreSQL aborts as a deadlock victim or for a
// serialization failure is run again from the start (twice at most): two
// visits of the same siblings, logged at the same moment by two teachers,
// may lock the same counter rows in opposite orders. fn must therefore set,
// not accumulate, anything it hands out of the closure.
func (s *Store) InTx(ctx context.Context, fn func(tx *Store) error) error {
	if _, ok := s.db.(pgx.Tx); ok {
		return fn(s) // already inside a transaction
	}
	for attempt := 1; ; attempt++ {
		err := s.inTx(ctx, fn)
		if attempt < 3 && retryable(err) {
			continue
		}
		return err
	}
}

func (s *Store) inTx(ctx context.Context, fn func(tx *Store) error) error {
	tx, err := s.Pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(&Store{Pool: s.Pool, db: tx}); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return nil
}

// retryable reports a deadlock or a serialization failure.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40P01" || pgErr.Code == "40001")
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error { return s.Control().Pool.Ping(ctx) }

// Busy reports whether err is a statement that ran out of time
// (statement_timeout) or waited too long for a lock (lock_timeout): the
// database is overloaded or a table is held, which the user can wait out —
// not a bug.
func Busy(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "57014" || pgErr.Code == "55P03")
}

// mapErr turns driver errors into the package's sentinels.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return ErrNotFound
	}
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "23505" {
		return fmt.Errorf("%w: %s", ErrConflict, pgErr.ConstraintName)
	}
	return err
}

// nullInt maps 0 to SQL NULL for optional references.
func nullInt(v int64) any {
	if v == 0 {
		return nil
	}
	return v
}
