package database

// For the external tests (which need dbtest, which imports this package).
var (
	ApplyCode      = applyCode
	MigrationFiles = migrationFiles
)
