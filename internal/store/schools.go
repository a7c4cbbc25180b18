package store

import (
	"context"
	"fmt"

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
// student counts, in one query.
func (s *Store) ListSchoolSummaries(ctx context.Context, countyID int64) ([]SchoolSummary, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id, sc.county_id, sc.code, sc.name, sc.stage, sc.township, sc.rural,
		       coalesce(c.n, 0) AS classes, coalesce(st.n, 0) AS students
		FROM schools sc
		LEFT JOIN (SELECT school_id, count(*) AS n FROM classes WHERE archived_at IS NULL GROUP BY school_id) c ON c.school_id = sc.id
		LEFT JOIN (SELECT school_id, count(*) AS n FROM students WHERE status = 'enrolled' GROUP BY school_id) st ON st.school_id = sc.id
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL
		ORDER BY sc.code`, countyID)
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
// the database has none. One deployment serves one county (domain.md), so
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
