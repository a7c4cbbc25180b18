// Package migrations holds the schema, embedded so that the one binary can
// migrate any database it is pointed at: the numbered goose migrations (the
// baseline and what follows it: tables, constraints, indexes) in this
// directory, and the SQL code (functions and their triggers) in code/, one
// file per function, applied as a whole whenever its text changes
// (database.Migrate). A function is never copied into a migration to be
// changed: its file is edited. A file that changes a function's signature
// starts with the DROP FUNCTION IF EXISTS of the old one.
package migrations

import "embed"

// FS holds every numbered goose migration.
//
//go:embed *.sql
var FS embed.FS

// Code holds the SQL functions and triggers, one file each, applied in the
// order of their names after the migrations.
//
//go:embed code/*.sql
var Code embed.FS
