package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Club is a school's student club (学生社团, R20) with its sessions' count
// in the term the list asks for.
type Club struct {
	ID          int64      `db:"id"`
	SchoolID    int64      `db:"school_id"`
	SchoolName  string     `db:"school_name"`
	Name        string     `db:"name"`
	Advisor     string     `db:"advisor"`
	Members     string     `db:"members"`
	MemberCount *int       `db:"member_count"`
	Description string     `db:"description"`
	Active      bool       `db:"active"`
	Sessions    int        `db:"sessions"`
	LastSession *time.Time `db:"last_session"`
	CreatedAt   time.Time  `db:"created_at"`
}

// ClubFields are what a club's form edits.
type ClubFields struct {
	Name, Advisor, Members string
	MemberCount            *int
	Description            string
	Active                 bool
}

const clubColumns = `c.id, c.school_id, sc.name AS school_name, c.name, c.advisor, c.members, c.member_count,
	c.description, c.active, c.created_at,
	(SELECT count(*) FROM activities a WHERE a.club_id = c.id AND ($3 = 0 OR a.term_id = $3)) AS sessions,
	(SELECT max(a.held_on) FROM activities a WHERE a.club_id = c.id) AS last_session
	FROM clubs c JOIN schools sc ON sc.id = c.school_id`

// ListClubs lists the clubs of schoolID (0: every school of the county),
// active ones first, by name, with their sessions in termID (0: all terms).
func (s *Store) ListClubs(ctx context.Context, countyID, schoolID, termID int64) ([]Club, error) {
	rows, err := s.db.Query(ctx, `SELECT `+clubColumns+`
		WHERE sc.county_id = $1 AND ($2 = 0 OR c.school_id = $2)
		ORDER BY sc.code, NOT c.active, c.name`, countyID, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: clubs: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Club])
	if err != nil {
		return nil, fmt.Errorf("store: clubs: %w", err)
	}
	return out, nil
}

// GetClub loads a club of the county, with its sessions in termID;
// schoolID 0 admits every school of the county, else only that school.
func (s *Store) GetClub(ctx context.Context, countyID, schoolID, termID, id int64) (*Club, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+clubColumns+`
		WHERE sc.county_id = $1 AND ($2 = 0 OR c.school_id = $2) AND c.id = $4`, countyID, schoolID, termID, id)
	c, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Club])
	if err != nil {
		return nil, fmt.Errorf("store: club %d: %w", id, mapErr(err))
	}
	return c, nil
}

// CreateClub adds a club to schoolID and returns its id; a name the school
// already uses is ErrConflict (ClubNameTaken).
func (s *Store) CreateClub(ctx context.Context, schoolID int64, f ClubFields) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO clubs (school_id, name, advisor, members, member_count, description, active)
		VALUES ($1, $2, $3, $4, $5, $6, true) RETURNING id`,
		schoolID, f.Name, f.Advisor, f.Members, f.MemberCount, f.Description).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create club %q: %w", f.Name, mapErr(err))
	}
	return id, nil
}

// UpdateClub changes a club of schoolID. One not of the school is
// ErrNotFound, a name already used ErrConflict.
func (s *Store) UpdateClub(ctx context.Context, schoolID, id int64, f ClubFields) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE clubs SET name = $3, advisor = $4, members = $5, member_count = $6, description = $7, active = $8,
			updated_at = now()
		WHERE id = $1 AND school_id = $2`, id, schoolID, f.Name, f.Advisor, f.Members, f.MemberCount, f.Description, f.Active)
	if err != nil {
		return fmt.Errorf("store: update club %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: update club %d: %w", id, ErrNotFound)
	}
	return nil
}

// ClubNameTaken reports whether err is a club name the school already uses.
func ClubNameTaken(err error) bool {
	return errors.Is(err, ErrConflict) && strings.Contains(err.Error(), "clubs_school_id_name_key")
}
