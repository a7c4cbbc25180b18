package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// StaffFilter is the state of a list of accounts.
type StaffFilter struct {
	CountyID int64
	// SchoolID: the accounts a school manages; 0 with County false: every
	// account of the county; County: the county accounts only.
	SchoolID int64
	County   bool
	Q        string // part of the username or name
	Sort     string // "name" (default), "username", "school", "login"
	Desc     bool
	Offset   int
	Limit    int
}

// StaffRow is one account in a list.
type StaffRow struct {
	ID          int64      `db:"id"`
	Username    string     `db:"username"`
	DisplayName string     `db:"display_name"`
	SchoolName  string     `db:"school_name"`
	Disabled    bool       `db:"disabled"`
	MustChange  bool       `db:"must_change_password"`
	LastLoginAt *time.Time `db:"last_login_at"`
	// Roles lists the role and office codes the account holds
	// ("school_office:moral"); class duties are not included.
	Roles []string `db:"roles"`
}

var staffSorts = map[string]string{
	"name": "u.display_name COLLATE \"zh-x-icu\", u.id", "username": "lower(u.username)", "school": "coalesce(sc.code, ''), u.id",
	"login": "coalesce(u.last_login_at, 'epoch'), u.id",
}

// ListStaff returns one page of accounts and how many match.
func (s *Store) ListStaff(ctx context.Context, f StaffFilter) ([]StaffRow, int, error) {
	order, ok := staffSorts[f.Sort]
	if !ok {
		order = staffSorts["name"]
	}
	if f.Desc {
		order = strings.ReplaceAll(order, ",", " DESC,") + " DESC"
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	const where = `u.county_id = $1
		AND ($2::bigint IS NULL OR u.school_id = $2)
		AND (NOT $3 OR u.school_id IS NULL)
		AND ($4 = '' OR u.username ILIKE '%' || $4 || '%' OR u.display_name ILIKE '%' || $4 || '%')`
	args := []any{f.CountyID, nullInt(f.SchoolID), f.County, escapeLike(f.Q)}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM users u WHERE `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count staff: %w", err)
	}
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.username, u.display_name, coalesce(sc.name, '') AS school_name, u.disabled_at IS NOT NULL AS disabled,
		       u.must_change_password, u.last_login_at,
		       coalesce((SELECT array_agg(ra.role || coalesce(':' || ra.office, '') ORDER BY ra.id)
		                 FROM role_assignments ra WHERE ra.user_id = u.id), '{}') AS roles
		FROM users u LEFT JOIN schools sc ON sc.id = u.school_id
		WHERE `+where+` ORDER BY `+order+` LIMIT $5 OFFSET $6`, append(args, f.Limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list staff: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[StaffRow])
	if err != nil {
		return nil, 0, fmt.Errorf("store: list staff: %w", err)
	}
	return out, total, nil
}

// StaffOption is an account to choose in a form.
type StaffOption struct {
	ID          int64  `db:"id"`
	Username    string `db:"username"`
	DisplayName string `db:"display_name"`
}

// StaffOptions lists the enabled accounts a school manages (schoolID 0: the
// county accounts), by name.
func (s *Store) StaffOptions(ctx context.Context, countyID, schoolID int64) ([]StaffOption, error) {
	rows, err := s.db.Query(ctx, `
		SELECT id, username, display_name FROM users
		WHERE county_id = $1 AND disabled_at IS NULL AND school_id IS NOT DISTINCT FROM $2
		ORDER BY display_name, id`, countyID, nullInt(schoolID))
	if err != nil {
		return nil, fmt.Errorf("store: staff of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[StaffOption])
	if err != nil {
		return nil, fmt.Errorf("store: staff of school %d: %w", schoolID, err)
	}
	return out, nil
}

// RoleAssignmentRow is one role an account holds.
type RoleAssignmentRow struct {
	ID         int64  `db:"id"`
	Role       string `db:"role"`
	SchoolID   int64  `db:"school_id"`
	SchoolName string `db:"school_name"`
	Office     string `db:"office"`
}

// Label is how the account page names the assignment.
func (a RoleAssignmentRow) Label() string {
	return auth.Assignment{Role: auth.Role(a.Role), SchoolName: a.SchoolName, Office: auth.Office(a.Office)}.Label()
}

// ListRoleAssignments lists an account's roles.
func (s *Store) ListRoleAssignments(ctx context.Context, userID int64) ([]RoleAssignmentRow, error) {
	rows, err := s.db.Query(ctx, `
		SELECT ra.id, ra.role, coalesce(ra.school_id, 0) AS school_id, coalesce(sc.name, '') AS school_name, coalesce(ra.office, '') AS office
		FROM role_assignments ra LEFT JOIN schools sc ON sc.id = ra.school_id
		WHERE ra.user_id = $1 ORDER BY ra.id`, userID)
	if err != nil {
		return nil, fmt.Errorf("store: roles of user %d: %w", userID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[RoleAssignmentRow])
	if err != nil {
		return nil, fmt.Errorf("store: roles of user %d: %w", userID, err)
	}
	return out, nil
}

// RemoveRoleAssignment takes a role from an account. The user's next
// request no longer has it.
func (s *Store) RemoveRoleAssignment(ctx context.Context, userID, assignmentID int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM role_assignments WHERE id = $1 AND user_id = $2`, assignmentID, userID)
	if err != nil {
		return fmt.Errorf("store: remove role %d: %w", assignmentID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: remove role %d: %w", assignmentID, ErrNotFound)
	}
	return nil
}

// UserClassDuty is a class duty of an account, for its page.
type UserClassDuty struct {
	ID        int64  `db:"id"`
	TermID    int64  `db:"term_id"`
	ClassName string `db:"class_name"`
	Duty      string `db:"duty"`
	Subject   string `db:"subject"`
}

// ListUserClassDuties lists an account's class duties in a term.
func (s *Store) ListUserClassDuties(ctx context.Context, userID, termID int64) ([]UserClassDuty, error) {
	rows, err := s.db.Query(ctx, `
		SELECT cs.id, cs.term_id, c.name AS class_name, cs.duty, coalesce(cs.subject, '') AS subject
		FROM class_staff cs JOIN classes c ON c.id = cs.class_id JOIN grades g ON g.id = c.grade_id
		WHERE cs.user_id = $1 AND cs.term_id = $2 ORDER BY g.level, c.number, cs.duty`, userID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: duties of user %d: %w", userID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[UserClassDuty])
	if err != nil {
		return nil, fmt.Errorf("store: duties of user %d: %w", userID, err)
	}
	return out, nil
}

// AdoptStaff gives every account without a managing school the one school
// it works in, when it holds no county role and all its roles and class
// duties are in that one school. Run after a seed or an import that
// created accounts without saying which school manages them.
func (s *Store) AdoptStaff(ctx context.Context, countyID int64) error {
	_, err := s.db.Exec(ctx, `
		WITH places AS (
			SELECT ra.user_id, ra.school_id FROM role_assignments ra
			UNION ALL
			SELECT cs.user_id, c.school_id FROM class_staff cs JOIN classes c ON c.id = cs.class_id
		), one AS (
			SELECT user_id, min(school_id) AS school_id FROM places GROUP BY user_id
			HAVING count(DISTINCT coalesce(school_id, 0)) = 1 AND bool_and(school_id IS NOT NULL)
		)
		UPDATE users u SET school_id = one.school_id FROM one
		WHERE u.id = one.user_id AND u.school_id IS NULL AND u.county_id = $1`, countyID)
	if err != nil {
		return fmt.Errorf("store: adopt staff: %w", err)
	}
	return nil
}

// StaffMember is a person working at a school.
type StaffMember struct {
	ID   int64  `db:"id"`
	Name string `db:"name"`
}

// SchoolStaff lists the school's active staff (role holders and this
// term's teachers), for picking companions of a visit.
func (s *Store) SchoolStaff(ctx context.Context, schoolID, termID int64) ([]StaffMember, error) {
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.display_name AS name FROM users u
		WHERE u.disabled_at IS NULL AND u.id IN (
			SELECT ra.user_id FROM role_assignments ra WHERE ra.school_id = $1
			UNION
			SELECT cs.user_id FROM class_staff cs JOIN classes c ON c.id = cs.class_id
			WHERE c.school_id = $1 AND cs.term_id = $2)
		ORDER BY u.display_name COLLATE "zh-Hans-x-icu", u.id`, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: staff of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[StaffMember])
	if err != nil {
		return nil, fmt.Errorf("store: staff of school %d: %w", schoolID, err)
	}
	return out, nil
}
