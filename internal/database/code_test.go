package database_test

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"xietong/internal/database"
	"xietong/internal/dbtest"
)

// TestCodeAppliedOnceAndOnChange: a fresh migrate applies every file of
// migrations/code; a second applies none; a file whose recorded hash no
// longer matches (its text changed in a new binary) is applied again, and
// only that one.
func TestCodeAppliedOnceAndOnChange(t *testing.T) {
	t.Parallel()
	db := dbtest.Empty(t)
	ctx := context.Background()
	files, err := database.CodeFiles()
	if err != nil || len(files) < 20 {
		t.Fatalf("CodeFiles: %d files, %v", len(files), err)
	}
	if err := database.Migrate(ctx, db.Pool); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM schema_code`).Scan(&n); err != nil || n != len(files) {
		t.Fatalf("schema_code has %d rows (%v), want %d", n, err, len(files))
	}
	again, err := database.ApplyCode(ctx, db.Pool)
	if err != nil || len(again) != 0 {
		t.Fatalf("second apply ran %v (%v), want nothing", again, err)
	}
	// Simulate an edited file: its recorded hash is stale, and the
	// function was changed behind the binary's back.
	if _, err := db.Pool.Exec(ctx, `UPDATE schema_code SET hash = 'old' WHERE name = 'coverage_today.sql'`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Pool.Exec(ctx, `CREATE OR REPLACE FUNCTION coverage_today() RETURNS date LANGUAGE sql STABLE AS $$ SELECT date '2000-01-01' $$`); err != nil {
		t.Fatal(err)
	}
	again, err = database.ApplyCode(ctx, db.Pool)
	if err != nil || len(again) != 1 || again[0] != "coverage_today.sql" {
		t.Fatalf("after an edit, applied %v (%v), want [coverage_today.sql]", again, err)
	}
	var y int
	if err := db.Pool.QueryRow(ctx, `SELECT extract(year FROM coverage_today())::int`).Scan(&y); err != nil || y == 2000 {
		t.Errorf("coverage_today() after re-apply: year %d (%v), want the file's definition back", y, err)
	}
}

// TestCodeFilesOneFunctionEach: each file defines the function it is named
// after (and no other), with CREATE OR REPLACE so that it can be re-applied,
// and its triggers with CREATE OR REPLACE TRIGGER; no migration defines a
// function or a trigger.
func TestCodeFilesOneFunctionEach(t *testing.T) {
	files, err := database.CodeFiles()
	if err != nil {
		t.Fatal(err)
	}
	fn := regexp.MustCompile(`(?m)^CREATE (OR REPLACE )?FUNCTION ([\w.]+)\(`)
	tr := regexp.MustCompile(`(?m)^CREATE (OR REPLACE )?TRIGGER `)
	for _, f := range files {
		ms := fn.FindAllStringSubmatch(f.SQL, -1)
		if len(ms) != 1 || ms[0][2]+".sql" != f.Name || ms[0][1] == "" {
			t.Errorf("%s: defines %v, want exactly CREATE OR REPLACE FUNCTION %s", f.Name, ms, strings.TrimSuffix(f.Name, ".sql"))
		}
		for _, m := range tr.FindAllStringSubmatch(f.SQL, -1) {
			if m[1] == "" {
				t.Errorf("%s: a trigger without OR REPLACE cannot be re-applied", f.Name)
			}
		}
	}
	migs, err := database.MigrationFiles()
	if err != nil {
		t.Fatal(err)
	}
	for name, body := range migs {
		if regexp.MustCompile(`(?im)^\s*CREATE (OR REPLACE )?(FUNCTION|TRIGGER)`).MatchString(body) {
			t.Errorf("migration %s defines a function or trigger: it belongs in migrations/code", name)
		}
	}
}
