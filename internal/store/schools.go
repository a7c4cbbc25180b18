package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// School is a school of the county.
type School struct {
	ID       int64  `db:"id"`
	CountyID int64  `db:"county_id"`
	Code     string `db:"code"`
	Name     string `db:"name"`
	Stage    string `db:"stage"`
	Township string `db:"township"`
	Rural    bool   `db:"rural"`
}

// StageLabel is the Chinese name of a school stage.
func StageLabel(stage string) string {
	switch stage {
	case "primary":
		return "小学"
	case "junior":
		return "初中"
	case "nine_year":
		return "九年一贯制"
	case "senior":
		return "高中"
	case "complete":
		return "完全中学"
	}
	return stage
}

// SchoolSummary is a school with the counts the county overview shows.
type SchoolSummary struct {
	School
	Classes  int `db:"classes"`
	Students int `db:"students"`
}

// ListSchoolSummaries lists the county's active schools with class and
// student counts, in one query. Classes are those of the school year of
// termID (the current term): earlier years' classes stay as history.
func (s *Store) ListSchoolSummaries(ctx context.Context, countyID, termID int64) ([]SchoolSummary, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id, sc.county_id, sc.code, sc.name, sc.stage, sc.township, sc.rural,
		       coalesce(c.n, 0) AS classes, coalesce(st.n, 0) AS students
		FROM schools sc
		LEFT JOIN (SELECT c.school_id, count(*) AS n FROM classes c JOIN grades g ON g.id = c.grade_id
		           WHERE c.archived_at IS NULL AND g.school_year_id = (SELECT school_year_id FROM terms WHERE id = $2)
		           GROUP BY c.school_id) c ON c.school_id = sc.id
		LEFT JOIN (SELECT school_id, count(*) AS n FROM students WHERE status = 'enrolled' GROUP BY school_id) st ON st.school_id = sc.id
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL
		ORDER BY sc.code`, countyID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: school summaries: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[SchoolSummary])
	if err != nil {
		return nil, fmt.Errorf("store: school summaries: %w", err)
	}
	return out, nil
}

// SchoolByID loads an active school.
func (s *Store) SchoolByID(ctx context.Context, id int64) (*School, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT id, county_id, code, name, stage, township, rural FROM schools WHERE id = $1 AND archived_at IS NULL`, id)
	sc, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[School])
	if err != nil {
		return nil, fmt.Errorf("store: school %d: %w", id, mapErr(err))
	}
	return sc, nil
}

// CountyName returns the county's name.
func (s *Store) CountyName(ctx context.Context, countyID int64) (string, error) {
	var name string
	if err := s.db.QueryRow(ctx, `SELECT name FROM counties WHERE id = $1`, countyID).Scan(&name); err != nil {
		return "", fmt.Errorf("store: county %d: %w", countyID, mapErr(err))
	}
	return name, nil
}

// SchoolByCode loads an active school by its code.
func (s *Store) SchoolByCode(ctx context.Context, countyID int64, code string) (*School, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT id, county_id, code, name, stage, township, rural FROM schools
		WHERE county_id = $1 AND code = $2 AND archived_at IS NULL`, countyID, code)
	sc, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[School])
	if err != nil {
		return nil, fmt.Errorf("store: school %q: %w", code, mapErr(err))
	}
	return sc, nil
}

// EnsureCounty returns the deployment's county, creating it with name when
// the database has none. One deployment serves one county (docs/domain.md), so
// more than one is an error here.
func (s *Store) EnsureCounty(ctx context.Context, name string) (int64, error) {
	rows, err := s.db.Query(ctx, `SELECT id FROM counties ORDER BY id LIMIT 2`)
	if err != nil {
		return 0, fmt.Errorf("store: counties: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return 0, fmt.Errorf("store: counties: %w", err)
	}
	switch len(ids) {
	case 1:
		return ids[0], nil
	case 0:
		if name == "" {
			return 0, fmt.Errorf("store: no county yet: give its name (--county-name)")
		}
		var id int64
		if err := s.db.QueryRow(ctx, `INSERT INTO counties (name) VALUES ($1) RETURNING id`, name).Scan(&id); err != nil {
			return 0, fmt.Errorf("store: create county: %w", err)
		}
		return id, nil
	}
	return 0, fmt.Errorf("store: several counties: %w", ErrConflict)
}

// SchoolRecord is a school as the administrator edits it, archived or not.
type SchoolRecord struct {
	School
	Version    int        `db:"version"`
	ArchivedAt *time.Time `db:"archived_at"`
}

// SchoolFilter is the state of the administrator's list of schools.
type SchoolFilter struct {
	CountyID int64
	Q        string // part of the code, name or township
	Archived bool   // the archived schools instead of the active ones
	Sort     string // "code" (default), "name", "township", "stage"
	Desc     bool
	Offset   int
	Limit    int
}

var schoolSorts = map[string]string{
	"code": "code", "name": "name", "township": "township, code", "stage": "stage, code",
}

// ListSchools returns one page of the county's schools and the number of
// schools that match the filter.
func (s *Store) ListSchools(ctx context.Context, f SchoolFilter) ([]SchoolRecord, int, error) {
	order, ok := schoolSorts[f.Sort]
	if !ok {
		order = schoolSorts["code"]
	}
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	const where = `county_id = $1 AND (archived_at IS NOT NULL) = $2
		AND ($3 = '' OR code ILIKE '%' || $3 || '%' OR name ILIKE '%' || $3 || '%' OR township ILIKE '%' || $3 || '%')`
	q := escapeLike(f.Q)
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM schools WHERE `+where, f.CountyID, f.Archived, q).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count schools: %w", err)
	}
	rows, err := s.db.Query(ctx, `
		SELECT id, county_id, code, name, stage, township, rural, version, archived_at FROM schools
		WHERE `+where+` ORDER BY `+order+` LIMIT $4 OFFSET $5`, f.CountyID, f.Archived, q, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list schools: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[SchoolRecord])
	if err != nil {
		return nil, 0, fmt.Errorf("store: list schools: %w", err)
	}
	return out, total, nil
}

// escapeLike makes s match literally inside an ILIKE pattern.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// SchoolRecordByID loads a school of the county, archived or not.
func (s *Store) SchoolRecordByID(ctx context.Context, countyID, id int64) (*SchoolRecord, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT id, county_id, code, name, stage, township, rural, version, archived_at FROM schools
		WHERE id = $1 AND county_id = $2`, id, countyID)
	sc, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[SchoolRecord])
	if err != nil {
		return nil, fmt.Errorf("store: school %d: %w", id, mapErr(err))
	}
	return sc, nil
}

// UpdateSchool changes a school's fields if it is still at version. A
// stale version is ErrConflict; a code or name already used in the county
// too (SchoolConflictField tells which).
func (s *Store) UpdateSchool(ctx context.Context, id, version int64, sc NewSchool) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE schools SET code = $3, name = $4, stage = $5, township = $6, rural = $7, version = version + 1
		WHERE id = $1 AND county_id = $8 AND version = $2`,
		id, version, sc.Code, sc.Name, sc.Stage, sc.Township, sc.Rural, sc.CountyID)
	if err != nil {
		return fmt.Errorf("store: update school %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return s.staleOrMissing(ctx, `SELECT 1 FROM schools WHERE id = $1 AND county_id = $2`, id, sc.CountyID, "school")
	}
	return nil
}

// staleOrMissing tells a row that is gone (ErrNotFound) from one whose
// version moved on (ErrConflict) after an update matched nothing.
func (s *Store) staleOrMissing(ctx context.Context, query string, id, countyID int64, what string) error {
	var one int
	err := s.db.QueryRow(ctx, query, id, countyID).Scan(&one)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("store: %s %d: %w", what, id, ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("store: %s %d: %w", what, id, err)
	}
	return fmt.Errorf("store: %s %d changed meanwhile: %w", what, id, ErrConflict)
}

// SetSchoolArchived archives a school (it disappears from lists and its
// staff lose their roles there) or restores it. Nothing is deleted.
func (s *Store) SetSchoolArchived(ctx context.Context, countyID, id int64, archived bool) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE schools SET archived_at = CASE WHEN $3 THEN now() END, version = version + 1
		WHERE id = $1 AND county_id = $2 AND (archived_at IS NOT NULL) <> $3`, id, countyID, archived)
	if err != nil {
		return fmt.Errorf("store: archive school %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: archive school %d: %w", id, ErrNotFound)
	}
	return nil
}

// SchoolConflictField says which unique field of a school a conflict error
// is about: "code", "name", or "" for a stale version or another cause.
func SchoolConflictField(err error) string {
	if !errors.Is(err, ErrConflict) {
		return ""
	}
	switch msg := err.Error(); {
	case strings.Contains(msg, "schools_county_id_code_key"):
		return "code"
	case strings.Contains(msg, "schools_county_id_name_key"):
		return "name"
	}
	return ""
}

// ActiveSchools lists the county's active schools by code, for choosers.
func (s *Store) ActiveSchools(ctx context.Context, countyID int64) ([]School, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, county_id, code, name, stage, township, rural FROM schools
		WHERE county_id = $1 AND archived_at IS NULL ORDER BY code`, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: schools: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[School])
	if err != nil {
		return nil, fmt.Errorf("store: schools: %w", err)
	}
	return out, nil
}

// FirstSchools lists up to n schools by id (the benchmark's yardstick query).
func (s *Store) FirstSchools(ctx context.Context, n int) ([]School, error) {
	rows, err := s.db.Query(ctx, `SELECT id, county_id, code, name, stage, township, rural FROM schools ORDER BY id LIMIT $1`, n)
	if err != nil {
		return nil, fmt.Errorf("store: first schools: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[School])
	if err != nil {
		return nil, fmt.Errorf("store: first schools: %w", err)
	}
	return out, nil
}
