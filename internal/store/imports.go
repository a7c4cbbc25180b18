package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Roster import kinds, as stored in roster_imports.kind.
const (
	ImportStudents = "students"
	ImportStaff    = "staff"
)

// Roster import statuses.
const (
	ImportPending = "pending"
	ImportApplied = "applied"
	ImportExpired = "expired"
)

// ImportTTL is how long an uploaded roster waits for its confirmation. The
// pending row holds a school's roster, so it is short.
const ImportTTL = time.Hour

// ErrImportExpired: the import is older than ImportTTL, or was swept.
var ErrImportExpired = errors.New("store: roster import expired")

// ErrImportDone: the import was applied already.
var ErrImportDone = errors.New("store: roster import already applied")

// RosterImport is one upload between its preview and its confirmation.
type RosterImport struct {
	ID        int64      `db:"id"`
	CountyID  int64      `db:"county_id"`
	SchoolID  int64      `db:"school_id"`
	Kind      string     `db:"kind"`
	CreatedBy int64      `db:"created_by"`
	Filename  string     `db:"filename"`
	Status    string     `db:"status"`
	Mapping   []byte     `db:"mapping"`
	Source    []byte     `db:"source"`
	Records   []byte     `db:"records"`
	Report    []byte     `db:"report"`
	CreatedAt time.Time  `db:"created_at"`
	AppliedAt *time.Time `db:"applied_at"`
}

// NewRosterImport is what an upload stores.
type NewRosterImport struct {
	CountyID, SchoolID int64
	Kind               string
	CreatedBy          int64
	Filename           string
	Mapping            any // JSON-encoded
	Source, Records    []byte
	Report             any // JSON-encoded
}

// CreateRosterImport stores a parsed upload and returns its id.
func (s *Store) CreateRosterImport(ctx context.Context, in NewRosterImport) (int64, error) {
	mapping, err := json.Marshal(in.Mapping)
	if err != nil {
		return 0, fmt.Errorf("store: roster import mapping: %w", err)
	}
	report, err := json.Marshal(in.Report)
	if err != nil {
		return 0, fmt.Errorf("store: roster import report: %w", err)
	}
	var id int64
	err = s.db.QueryRow(ctx, `
		INSERT INTO roster_imports (county_id, school_id, kind, created_by, filename, mapping, source, records, report)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		in.CountyID, in.SchoolID, in.Kind, in.CreatedBy, in.Filename, mapping, in.Source, in.Records, report).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create roster import: %w", mapErr(err))
	}
	return id, nil
}

// RosterImportFor loads import id of school and kind uploaded by userID:
// anyone else's, another school's or another kind's is ErrNotFound (an
// upload is seen only by the person who made it). A pending import older
// than ImportTTL is ErrImportExpired.
func (s *Store) RosterImportFor(ctx context.Context, id, schoolID int64, kind string, userID int64) (*RosterImport, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT id, county_id, school_id, kind, created_by, filename, status, mapping,
		       coalesce(source, ''::bytea) AS source, coalesce(records, ''::bytea) AS records, report, created_at, applied_at
		FROM roster_imports WHERE id = $1 AND school_id = $2 AND kind = $3 AND created_by = $4`, id, schoolID, kind, userID)
	ri, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[RosterImport])
	if err != nil {
		return nil, fmt.Errorf("store: roster import %d: %w", id, mapErr(err))
	}
	if ri.Status == ImportExpired || (ri.Status == ImportPending && time.Since(ri.CreatedAt) > ImportTTL) {
		return ri, fmt.Errorf("store: roster import %d: %w", id, ErrImportExpired)
	}
	return ri, nil
}

// LockRosterImport locks a pending import inside the confirming
// transaction, so that two confirmations (two tabs) apply it once.
func (s *Store) LockRosterImport(ctx context.Context, id int64) error {
	var status string
	var created time.Time
	err := s.db.QueryRow(ctx, `SELECT status, created_at FROM roster_imports WHERE id = $1 FOR UPDATE`, id).Scan(&status, &created)
	if err != nil {
		return fmt.Errorf("store: lock roster import %d: %w", id, mapErr(err))
	}
	switch {
	case status == ImportApplied:
		return fmt.Errorf("store: roster import %d: %w", id, ErrImportDone)
	case status == ImportExpired || time.Since(created) > ImportTTL:
		return fmt.Errorf("store: roster import %d: %w", id, ErrImportExpired)
	}
	return nil
}

// UpdateRosterImport replaces a pending import's mapping, records and
// report (after the user corrected the column mapping).
func (s *Store) UpdateRosterImport(ctx context.Context, id int64, mapping any, records []byte, report any) error {
	m, err := json.Marshal(mapping)
	if err != nil {
		return fmt.Errorf("store: roster import mapping: %w", err)
	}
	r, err := json.Marshal(report)
	if err != nil {
		return fmt.Errorf("store: roster import report: %w", err)
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE roster_imports SET mapping = $2, records = $3, report = $4 WHERE id = $1 AND status = 'pending'`,
		id, m, records, r)
	if err != nil {
		return fmt.Errorf("store: update roster import %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: update roster import %d: %w", id, ErrImportDone)
	}
	return nil
}

// FinishRosterImport marks an import applied with the report of what was
// written and drops the roster it held (minimisation: the students and
// staff are now in their own tables).
func (s *Store) FinishRosterImport(ctx context.Context, id int64, report any) error {
	r, err := json.Marshal(report)
	if err != nil {
		return fmt.Errorf("store: roster import report: %w", err)
	}
	_, err = s.db.Exec(ctx, `
		UPDATE roster_imports SET status = 'applied', applied_at = now(), source = NULL, records = NULL, report = $2
		WHERE id = $1`, id, r)
	if err != nil {
		return fmt.Errorf("store: finish roster import %d: %w", id, err)
	}
	return nil
}

// ExpireRosterImports clears pending imports older than ImportTTL, and
// returns how many it cleared. Run periodically.
func (s *Store) ExpireRosterImports(ctx context.Context) (int64, error) {
	tag, err := s.db.Exec(ctx, `
		UPDATE roster_imports SET status = 'expired', source = NULL, records = NULL
		WHERE status = 'pending' AND created_at < now() - $1::interval`, ImportTTL.String())
	if err != nil {
		return 0, fmt.Errorf("store: expire roster imports: %w", err)
	}
	return tag.RowsAffected(), nil
}

// RosterMapping returns the column mapping school last confirmed for kind
// (column header → field), or nil.
func (s *Store) RosterMapping(ctx context.Context, schoolID int64, kind string) (map[string]string, error) {
	var m map[string]string
	err := s.db.QueryRow(ctx, `SELECT mapping FROM roster_mappings WHERE school_id = $1 AND kind = $2`, schoolID, kind).Scan(&m)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: roster mapping of school %d: %w", schoolID, err)
	}
	return m, nil
}

// SaveRosterMapping remembers the mapping school confirmed for kind.
func (s *Store) SaveRosterMapping(ctx context.Context, schoolID int64, kind string, m map[string]string, userID int64) error {
	b, err := json.Marshal(m)
	if err != nil {
		return fmt.Errorf("store: roster mapping: %w", err)
	}
	_, err = s.db.Exec(ctx, `
		INSERT INTO roster_mappings (school_id, kind, mapping, updated_by) VALUES ($1, $2, $3, $4)
		ON CONFLICT (school_id, kind) DO UPDATE SET mapping = EXCLUDED.mapping, updated_by = EXCLUDED.updated_by, updated_at = now()`,
		schoolID, kind, b, nullInt(userID))
	if err != nil {
		return fmt.Errorf("store: save roster mapping of school %d: %w", schoolID, err)
	}
	return nil
}

// ImportClass is one of a school's classes as an import matches names to.
type ImportClass struct {
	ID     int64  `db:"id"`
	Level  int    `db:"level"`
	Number int    `db:"number"`
	Name   string `db:"name"`
}

// ImportClasses lists a school's active classes of its latest school year,
// by grade and number: the classes an imported row may name.
func (s *Store) ImportClasses(ctx context.Context, schoolID int64) ([]ImportClass, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, g.level, c.number, c.name
		FROM classes c JOIN grades g ON g.id = c.grade_id
		WHERE c.school_id = $1 AND c.archived_at IS NULL
		  AND g.school_year_id = (
			SELECT g2.school_year_id FROM classes c2 JOIN grades g2 ON g2.id = c2.grade_id
			JOIN school_years y ON y.id = g2.school_year_id
			WHERE c2.school_id = $1 AND c2.archived_at IS NULL ORDER BY y.start_year DESC LIMIT 1)
		ORDER BY g.level, c.number`, schoolID)
	if err != nil {
		return nil, fmt.Errorf("store: import classes of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ImportClass])
	if err != nil {
		return nil, fmt.Errorf("store: import classes of school %d: %w", schoolID, err)
	}
	return out, nil
}

// ImportConflict is a row of an upload that the database refuses, in
// Chinese, for the preview's error list.
type ImportConflict struct {
	Row     int    `json:"row"`
	Column  string `json:"column"`
	Message string `json:"message"`
}

// ErrImportConflict: at confirmation the database refused rows that the
// preview accepted (someone changed the data in between). Nothing was
// written; the user uploads again.
var ErrImportConflict = errors.New("store: roster import conflicts with the database")

// rolledBack runs fn in a transaction (or a savepoint inside one) that is
// always rolled back: a preview that stages an import to count what it
// would do, and leaves nothing behind.
func (s *Store) rolledBack(ctx context.Context, fn func(tx *Store) error) error {
	var (
		tx  pgx.Tx
		err error
	)
	if outer, ok := s.db.(pgx.Tx); ok {
		tx, err = outer.Begin(ctx)
	} else {
		tx, err = s.Pool.Begin(ctx)
	}
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	return fn(&Store{Pool: s.Pool, db: tx})
}

// importLock serialises imports into one school (two offices confirming at
// once would race on the same student numbers).
func (s *Store) importLock(ctx context.Context, schoolID int64) error {
	if err := s.LongWork(ctx); err != nil {
		return err
	}
	if _, err := s.db.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtext('roster_import'), $1::int)`, schoolID); err != nil {
		return fmt.Errorf("store: import lock: %w", err)
	}
	return nil
}
