package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"xietong/internal/compliance"
)

// Positions in a leadership group (工作领导小组), in the order the group is
// listed and printed.
var LeadershipPositions = []string{"leader", "deputy", "member"}

// LeadershipPositionLabel is the Chinese name of a position in the group.
func LeadershipPositionLabel(p string) string {
	switch p {
	case "leader":
		return "组长"
	case "deputy":
		return "副组长"
	case "member":
		return "成员"
	}
	return p
}

// LeadershipMember is one member of the county's (SchoolID 0) or a school's
// leadership group. UserID is 0 for a named outside person.
type LeadershipMember struct {
	ID       int64  `db:"id"`
	SchoolID int64  `db:"school_id"`
	UserID   int64  `db:"user_id"`
	Name     string `db:"name"`
	Position string `db:"position"`
	Title    string `db:"title"`
}

// ListLeadership lists a group's members: 组长, then 副组长, then 成员, each
// in the order they were added.
func (s *Store) ListLeadership(ctx context.Context, countyID, schoolID int64) ([]LeadershipMember, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, coalesce(school_id, 0) AS school_id, coalesce(user_id, 0) AS user_id, name, position, title
		FROM leadership_members
		WHERE county_id = $1 AND school_id IS NOT DISTINCT FROM $2
		ORDER BY array_position(ARRAY['leader', 'deputy', 'member'], position), id`, countyID, nullInt(schoolID))
	if err != nil {
		return nil, fmt.Errorf("store: leadership of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[LeadershipMember])
	if err != nil {
		return nil, fmt.Errorf("store: leadership of school %d: %w", schoolID, err)
	}
	return out, nil
}

// NewLeadershipMember is the input of AddLeadershipMember: either UserID
// (an account; its name is copied) or Name (an outside person).
type NewLeadershipMember struct {
	CountyID int64
	SchoolID int64 // 0: the county's group
	UserID   int64
	Name     string
	Position string
	Title    string
}

// AddLeadershipMember adds a member and returns its id. An account must be
// one of the county's; for a school's group, one the school manages.
// Anything else is ErrNotFound.
func (s *Store) AddLeadershipMember(ctx context.Context, m NewLeadershipMember) (int64, error) {
	var id int64
	var err error
	if m.UserID != 0 {
		err = s.db.QueryRow(ctx, `
			INSERT INTO leadership_members (county_id, school_id, user_id, name, position, title)
			SELECT $1, $2, u.id, u.display_name, $4, $5 FROM users u
			WHERE u.id = $3 AND u.county_id = $1 AND ($2::bigint IS NULL OR u.school_id = $2)
			RETURNING id`, m.CountyID, nullInt(m.SchoolID), m.UserID, m.Position, m.Title).Scan(&id)
	} else {
		err = s.db.QueryRow(ctx, `
			INSERT INTO leadership_members (county_id, school_id, name, position, title) VALUES ($1, $2, $3, $4, $5)
			RETURNING id`, m.CountyID, nullInt(m.SchoolID), m.Name, m.Position, m.Title).Scan(&id)
	}
	if err != nil {
		return 0, fmt.Errorf("store: add leadership member: %w", mapErr(err))
	}
	return id, nil
}

// RemoveLeadershipMember removes a member from the group it belongs to; a
// member of another group is ErrNotFound.
func (s *Store) RemoveLeadershipMember(ctx context.Context, countyID, schoolID, id int64) error {
	tag, err := s.db.Exec(ctx, `
		DELETE FROM leadership_members WHERE id = $1 AND county_id = $2 AND school_id IS NOT DISTINCT FROM $3`,
		id, countyID, nullInt(schoolID))
	if err != nil {
		return fmt.Errorf("store: remove leadership member %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove leadership member %d: %w", id, ErrNotFound)
	}
	return nil
}

// LeadershipMemberSchool returns the school of a member's group (0: the
// county's), so that a handler can ask the policy before removing it.
func (s *Store) LeadershipMemberSchool(ctx context.Context, countyID, id int64) (int64, error) {
	var schoolID int64
	err := s.db.QueryRow(ctx, `SELECT coalesce(school_id, 0) FROM leadership_members WHERE id = $1 AND county_id = $2`,
		id, countyID).Scan(&schoolID)
	if err != nil {
		return 0, fmt.Errorf("store: leadership member %d: %w", id, mapErr(err))
	}
	return schoolID, nil
}

// LeadershipCount is how many members a school's leadership group has in
// each position (compliance.MechanismProblems reads it for R21).
type LeadershipCount struct {
	Leaders, Deputies, Members int
}

// LeadershipCounts counts the members of the schools' leadership groups by
// position: one school, or every school of the county (schoolID 0). A
// school without a group is absent.
func (s *Store) LeadershipCounts(ctx context.Context, countyID, schoolID int64) (map[int64]LeadershipCount, error) {
	rows, err := s.db.Query(ctx, `
		SELECT school_id, count(*) FILTER (WHERE position = 'leader'), count(*) FILTER (WHERE position = 'deputy'),
		       count(*) FILTER (WHERE position = 'member')
		FROM leadership_members
		WHERE county_id = $1 AND school_id IS NOT NULL AND ($2 = 0 OR school_id = $2)
		GROUP BY school_id`, countyID, schoolID)
	if err != nil {
		return nil, fmt.Errorf("store: leadership counts: %w", err)
	}
	out := map[int64]LeadershipCount{}
	var id int64
	var c LeadershipCount
	if _, err := pgx.ForEachRow(rows, []any{&id, &c.Leaders, &c.Deputies, &c.Members}, func() error {
		out[id] = c
		return nil
	}); err != nil {
		return nil, fmt.Errorf("store: leadership counts: %w", err)
	}
	return out, nil
}

// mechanismFigures is R21: the school's working mechanism, its leadership
// group with one 组长 and at least two more members
// (compliance.MechanismProblems). A standing duty: today's group.
func mechanismFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	counts, err := run.s.LeadershipCounts(ctx, run.scope.CountyID, run.scope.SchoolID)
	if err != nil {
		return nil, err
	}
	schools, err := run.s.ActiveSchools(ctx, run.scope.CountyID)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, sc := range schools {
		if !run.wanted(sc.ID) {
			continue
		}
		c := counts[sc.ID]
		problems := compliance.MechanismProblems(c.Leaders, c.Deputies, c.Members)
		out[sc.ID] = compliance.Figures{Available: true, OK: len(problems) == 0, Problems: problems,
			Count: c.Leaders + c.Deputies + c.Members}
	}
	return out, nil
}
