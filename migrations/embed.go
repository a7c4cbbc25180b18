// Package migrations holds the SQL migrations, embedded so that the one
// binary can migrate any database it is pointed at.
package migrations

import "embed"

// FS holds every numbered goose migration.
//
//go:embed *.sql
var FS embed.FS
