package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// County is the county the bureau serves. One deployment serves one county,
// but keeping it a row leaves a city-level deployment over several counties
// possible.
type County struct {
	ID        int64     `db:"id"`
	Name      string    `db:"name"`
	CreatedAt time.Time `db:"created_at"`
}

// CreateCounty inserts a county and returns its id.
func (s *Store) CreateCounty(ctx context.Context, name string) (int64, error) {
	var id int64
	if err := s.db.QueryRow(ctx, `INSERT INTO counties (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("store: create county %q: %w", name, mapErr(err))
	}
	return id, nil
}

// CountyCount returns the number of counties. Zero means a database that
// has been migrated but never set up, which the demo seed and a first-run
// set-up check before they create anything.
func (s *Store) CountyCount(ctx context.Context) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM counties`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count counties: %w", err)
	}
	return n, nil
}

// setupLockKey is the advisory lock that LockSetup takes.
const setupLockKey = 0x78696574_6f6e6701 // "xietong" + 1

// LockSetup serialises first-run set-up (the demo seed, creating the first
// county): it takes a transaction-scoped advisory lock, so a second process
// that starts at the same moment waits, then sees the first one's county.
// Call it on the Store given by InTx; outside a transaction the lock would
// be released at once.
func (s *Store) LockSetup(ctx context.Context) error {
	if _, err := s.db.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(setupLockKey)); err != nil {
		return fmt.Errorf("store: lock set-up: %w", err)
	}
	return nil
}

// Counties lists the counties in order of creation.
func (s *Store) Counties(ctx context.Context) ([]County, error) {
	rows, err := s.db.Query(ctx, `SELECT id, name, created_at FROM counties ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("store: counties: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[County])
	if err != nil {
		return nil, fmt.Errorf("store: counties: %w", err)
	}
	return out, nil
}

// NewSchool is the input of CreateSchool. Stage is one of the codes that
// StageLabel names ("primary", "junior", "nine_year", "senior",
// "complete"); the database refuses any other.
type NewSchool struct {
	CountyID int64
	Code     string
	Name     string
	Stage    string
	Township string
	Rural    bool
}

// CreateSchool inserts a school and returns its id. A code or name already
// used in the county is ErrConflict.
func (s *Store) CreateSchool(ctx context.Context, sc NewSchool) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO schools (county_id, code, name, stage, township, rural) VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`, sc.CountyID, sc.Code, sc.Name, sc.Stage, sc.Township, sc.Rural).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create school %q: %w", sc.Code, mapErr(err))
	}
	return id, nil
}

// GradeDivision is a 年级部: a school's group of grades for one school year.
// The school parent committee takes three representatives from each.
type GradeDivision struct {
	ID           int64  `db:"id"`
	SchoolID     int64  `db:"school_id"`
	SchoolYearID int64  `db:"school_year_id"`
	Name         string `db:"name"`
}

// CreateGradeDivision inserts a grade division of a school for a school
// year and returns its id. A name already used by the school that year is
// ErrConflict.
func (s *Store) CreateGradeDivision(ctx context.Context, schoolID, schoolYearID int64, name string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO grade_divisions (school_id, school_year_id, name) VALUES ($1, $2, $3) RETURNING id`,
		schoolID, schoolYearID, name).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create grade division %q of school %d: %w", name, schoolID, mapErr(err))
	}
	return id, nil
}

// ListGradeDivisions lists a school's grade divisions of a school year, in
// order of creation (which is the order of the grades they hold).
func (s *Store) ListGradeDivisions(ctx context.Context, schoolID, schoolYearID int64) ([]GradeDivision, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, school_id, school_year_id, name FROM grade_divisions
		WHERE school_id = $1 AND school_year_id = $2 ORDER BY id`, schoolID, schoolYearID)
	if err != nil {
		return nil, fmt.Errorf("store: grade divisions of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[GradeDivision])
	if err != nil {
		return nil, fmt.Errorf("store: grade divisions of school %d: %w", schoolID, err)
	}
	return out, nil
}

// Grade is one grade (年级) of a school in a school year. Level is 1–12
// (一年级 is 1, 七年级 is 7); GradeDivisionID is 0 when the grade belongs to
// no division.
type Grade struct {
	ID              int64  `db:"id"`
	SchoolID        int64  `db:"school_id"`
	SchoolYearID    int64  `db:"school_year_id"`
	GradeDivisionID int64  `db:"grade_division_id"`
	Level           int    `db:"level"`
	Name            string `db:"name"`
}

// NewGrade is the input of CreateGrade. GradeDivisionID is optional (0).
type NewGrade struct {
	SchoolID        int64
	SchoolYearID    int64
	GradeDivisionID int64
	Level           int
	Name            string
}

// CreateGrade inserts a grade and returns its id. The division, when given,
// must belong to the same school and school year, which the schema alone
// does not enforce; another school's division is ErrNotFound. A level the
// school already has that year is ErrConflict.
func (s *Store) CreateGrade(ctx context.Context, g NewGrade) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO grades (school_id, school_year_id, grade_division_id, level, name)
		SELECT $1::bigint, $2::bigint, $3::bigint, $4::smallint, $5::text
		WHERE $3::bigint IS NULL OR EXISTS (
			SELECT 1 FROM grade_divisions d WHERE d.id = $3 AND d.school_id = $1 AND d.school_year_id = $2)
		RETURNING id`,
		g.SchoolID, g.SchoolYearID, nullInt(g.GradeDivisionID), g.Level, g.Name).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create grade %d of school %d: %w", g.Level, g.SchoolID, mapErr(err))
	}
	return id, nil
}

// ListGrades lists a school's grades of a school year by level.
func (s *Store) ListGrades(ctx context.Context, schoolID, schoolYearID int64) ([]Grade, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, school_id, school_year_id, coalesce(grade_division_id, 0) AS grade_division_id, level, name
		FROM grades WHERE school_id = $1 AND school_year_id = $2 ORDER BY level`, schoolID, schoolYearID)
	if err != nil {
		return nil, fmt.Errorf("store: grades of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Grade])
	if err != nil {
		return nil, fmt.Errorf("store: grades of school %d: %w", schoolID, err)
	}
	return out, nil
}

// NewClass is the input of CreateClass: a class number within its grade
// and its display name, e.g. 2 and "三年级(2)班".
type NewClass struct {
	GradeID int64
	Number  int
	Name    string
}

// CreateClass inserts a class and returns its id. The class's school is
// taken from its grade, so the two cannot disagree. An unknown grade is
// ErrNotFound; a number the grade already has is ErrConflict.
func (s *Store) CreateClass(ctx context.Context, c NewClass) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO classes (school_id, grade_id, number, name)
		SELECT g.school_id, g.id, $2::smallint, $3::text FROM grades g WHERE g.id = $1
		RETURNING id`, c.GradeID, c.Number, c.Name).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create class %q of grade %d: %w", c.Name, c.GradeID, mapErr(err))
	}
	return id, nil
}
