package database

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"sort"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"xietong/migrations"
)

// codeLock is the advisory lock that serialises two instances applying the
// code at once (goose's own lock is released before this runs).
const codeLock = 72057594037928

// CodeFile is one file of migrations/code and the hash of its text.
type CodeFile struct {
	Name, Hash, SQL string
}

// CodeFiles lists migrations/code in the order it is applied (by name).
func CodeFiles() ([]CodeFile, error) {
	names, err := fs.Glob(migrations.Code, "code/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]CodeFile, 0, len(names))
	for _, n := range names {
		b, err := fs.ReadFile(migrations.Code, n)
		if err != nil {
			return nil, err
		}
		h := sha256.Sum256(b)
		out = append(out, CodeFile{Name: n[len("code/"):], Hash: hex.EncodeToString(h[:]), SQL: string(b)})
	}
	return out, nil
}

// applyCode runs every file of migrations/code whose text differs from the
// one last applied to this database (schema_code keeps the hashes), each as
// a whole in one transaction with the record of its hash: the functions and
// triggers in the database are always those of the binary that migrated it
// last. The files use CREATE OR REPLACE, so re-running one is harmless.
func applyCode(ctx context.Context, pool *pgxpool.Pool) (applied []string, err error) {
	files, err := CodeFiles()
	if err != nil {
		return nil, fmt.Errorf("database: read code: %w", err)
	}
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, codeLock); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_code (
			name text PRIMARY KEY, hash text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return err
		}
		have := map[string]string{}
		rows, err := tx.Query(ctx, `SELECT name, hash FROM schema_code`)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n, h string
			if err := rows.Scan(&n, &h); err != nil {
				return err
			}
			have[n] = h
		}
		if err := rows.Err(); err != nil {
			return err
		}
		for _, f := range files {
			if have[f.Name] == f.Hash {
				continue
			}
			if _, err := tx.Exec(ctx, f.SQL); err != nil {
				return fmt.Errorf("%s: %w", f.Name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_code (name, hash) VALUES ($1, $2)
				ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, applied_at = now()`, f.Name, f.Hash); err != nil {
				return err
			}
			applied = append(applied, f.Name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("database: apply code: %w", err)
	}
	return applied, nil
}

// migrationFiles reads the numbered migrations (for the test that keeps
// functions out of them).
func migrationFiles() (map[string]string, error) {
	names, err := fs.Glob(migrations.FS, "*.sql")
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, n := range names {
		b, err := fs.ReadFile(migrations.FS, n)
		if err != nil {
			return nil, err
		}
		out[n] = string(b)
	}
	return out, nil
}
