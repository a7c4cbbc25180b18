package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// User is an account.
type User struct {
	ID                 int64      `db:"id"`
	CountyID           int64      `db:"county_id"`
	Username           string     `db:"username"`
	DisplayName        string     `db:"display_name"`
	Phone              *string    `db:"phone"`
	PasswordHash       *string    `db:"password_hash"`
	MustChangePassword bool       `db:"must_change_password"`
	PasswordChangedAt  *time.Time `db:"password_changed_at"`
	FailedLogins       int        `db:"failed_logins"`
	LastFailedAt       *time.Time `db:"last_failed_at"`
	LockedUntil        *time.Time `db:"locked_until"`
	// Locked is computed by the database's clock, like the lock itself.
	Locked      bool       `db:"locked"`
	LastLoginAt *time.Time `db:"last_login_at"`
	DisabledAt  *time.Time `db:"disabled_at"`
	CreatedAt   time.Time  `db:"created_at"`
	UpdatedAt   time.Time  `db:"updated_at"`
	// SchoolID is the school whose office manages the account; 0 for a
	// county account, which only an administrator manages.
	SchoolID int64 `db:"school_id"`
}

const userColumns = `id, county_id, username, display_name, phone, password_hash, must_change_password, password_changed_at,
	failed_logins, last_failed_at, locked_until, coalesce(locked_until > now(), false) AS locked, last_login_at, disabled_at, created_at, updated_at, coalesce(school_id, 0) AS school_id`

// UserByUsername loads an account by its (case-insensitive) username.
func (s *Store) UserByUsername(ctx context.Context, username string) (*User, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+userColumns+` FROM users WHERE lower(username) = lower($1)`, username)
	u, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[User])
	if err != nil {
		return nil, fmt.Errorf("store: user %q: %w", username, mapErr(err))
	}
	return u, nil
}

// UserByID loads an account.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id)
	u, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[User])
	if err != nil {
		return nil, fmt.Errorf("store: user %d: %w", id, mapErr(err))
	}
	return u, nil
}

// Lockout policy: LockAfter failures within LockWindow lock the account for
// LockFor. The counter lives in the database so that every server instance
// agrees.
const (
	LockAfter  = 5
	LockWindow = 15 * time.Minute
	LockFor    = 15 * time.Minute
)

// RecordLoginFailure counts a failed attempt and locks the account when the
// limit is reached. It returns whether the account is now locked.
func (s *Store) RecordLoginFailure(ctx context.Context, userID int64) (bool, error) {
	var locked bool
	err := s.db.QueryRow(ctx, `
		UPDATE users SET
			failed_logins = CASE WHEN last_failed_at > now() - $2::interval THEN failed_logins + 1 ELSE 1 END,
			last_failed_at = now(),
			locked_until = CASE
				WHEN (CASE WHEN last_failed_at > now() - $2::interval THEN failed_logins + 1 ELSE 1 END) >= $3
				THEN now() + $4::interval ELSE locked_until END
		WHERE id = $1
		RETURNING coalesce(locked_until > now(), false)`,
		userID, LockWindow.String(), LockAfter, LockFor.String()).Scan(&locked)
	if err != nil {
		return false, fmt.Errorf("store: record login failure %d: %w", userID, mapErr(err))
	}
	return locked, nil
}

// RecordLoginSuccess clears the failure counter.
func (s *Store) RecordLoginSuccess(ctx context.Context, userID int64) error {
	_, err := s.db.Exec(ctx, `
		UPDATE users SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL, last_login_at = now()
		WHERE id = $1`, userID)
	if err != nil {
		return fmt.Errorf("store: record login %d: %w", userID, err)
	}
	return nil
}

// SetPassword stores a new hash. mustChange marks a password set by an
// administrator, which the user must replace at the next sign-in.
func (s *Store) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE users SET password_hash = $2, must_change_password = $3, password_changed_at = now(),
			failed_logins = 0, locked_until = NULL, updated_at = now()
		WHERE id = $1`, userID, hash, mustChange)
	if err != nil {
		return fmt.Errorf("store: set password %d: %w", userID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: set password %d: %w", userID, ErrNotFound)
	}
	return nil
}

// NewUser is the input of CreateUser.
type NewUser struct {
	CountyID           int64
	Username           string
	DisplayName        string
	Phone              string
	PasswordHash       string // empty: cannot sign in yet
	MustChangePassword bool
	SchoolID           int64 // the managing school; 0 for a county account
}

// CreateUser inserts an account and returns its id.
func (s *Store) CreateUser(ctx context.Context, u NewUser) (int64, error) {
	var phone, hash any
	if u.Phone != "" {
		phone = u.Phone
	}
	if u.PasswordHash != "" {
		hash = u.PasswordHash
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO users (county_id, username, display_name, phone, password_hash, must_change_password, password_changed_at, school_id)
		VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END, $7)
		RETURNING id`, u.CountyID, u.Username, u.DisplayName, phone, hash, u.MustChangePassword, nullInt(u.SchoolID)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create user %q: %w", u.Username, mapErr(err))
	}
	return id, nil
}

// SetUserDisabled disables or re-enables an account; disabling ends its sessions.
func (s *Store) SetUserDisabled(ctx context.Context, userID int64, disabled bool) error {
	return s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `UPDATE users SET disabled_at = CASE WHEN $2 THEN now() END, updated_at = now() WHERE id = $1`, userID, disabled)
		if err != nil {
			return fmt.Errorf("store: disable user %d: %w", userID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("store: disable user %d: %w", userID, ErrNotFound)
		}
		if disabled {
			return tx.EndUserSessions(ctx, userID, "")
		}
		return nil
	})
}

// AssignRole gives userID a county or school role. school is 0 for county roles.
func (s *Store) AssignRole(ctx context.Context, userID int64, role auth.Role, schoolID int64, office auth.Office) (int64, error) {
	var off any
	if office != "" {
		off = string(office)
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO role_assignments (user_id, role, school_id, office) VALUES ($1, $2, $3, $4) RETURNING id`,
		userID, string(role), nullInt(schoolID), off).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: assign %s to user %d: %w", role, userID, mapErr(err))
	}
	return id, nil
}

// AssignClassStaff makes userID the class teacher or a subject teacher of a
// class for a term.
func (s *Store) AssignClassStaff(ctx context.Context, termID, classID, userID int64, duty auth.Role, subject string) error {
	var subj any
	if subject != "" {
		subj = subject
	}
	_, err := s.db.Exec(ctx, `
		INSERT INTO class_staff (term_id, class_id, user_id, duty, subject) VALUES ($1, $2, $3, $4, $5)`,
		termID, classID, userID, string(duty), subj)
	if err != nil {
		return fmt.Errorf("store: class staff %d/%d: %w", classID, userID, mapErr(err))
	}
	return nil
}

// Assignments lists the hats userID can wear during termID (0: no current
// term, so no teacher duties): each role assignment, then "班主任" and
// "科任教师" when the user has such duties in that term.
func (s *Store) Assignments(ctx context.Context, userID, termID int64) ([]auth.Assignment, error) {
	rows, err := s.db.Query(ctx, `
		SELECT 'r' || ra.id, ra.role, coalesce(ra.school_id, 0), coalesce(sc.name, ''), coalesce(ra.office, ''), NULL::bigint[]
		FROM role_assignments ra LEFT JOIN schools sc ON sc.id = ra.school_id
		WHERE ra.user_id = $1 AND (sc.id IS NULL OR sc.archived_at IS NULL)
		UNION ALL
		SELECT CASE cs.duty WHEN 'class_teacher' THEN 'ct' ELSE 'st' END || c.school_id, cs.duty, c.school_id, sc.name, '',
		       array_agg(c.id ORDER BY c.id)
		FROM class_staff cs JOIN classes c ON c.id = cs.class_id JOIN schools sc ON sc.id = c.school_id
		WHERE cs.user_id = $1 AND cs.term_id = $2 AND c.archived_at IS NULL AND sc.archived_at IS NULL
		GROUP BY cs.duty, c.school_id, sc.name
		ORDER BY 1`, userID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: assignments of %d: %w", userID, err)
	}
	defer rows.Close()
	var out []auth.Assignment
	for rows.Next() {
		var a auth.Assignment
		var role, office string
		if err := rows.Scan(&a.Key, &role, &a.SchoolID, &a.SchoolName, &office, &a.ClassIDs); err != nil {
			return nil, fmt.Errorf("store: assignments of %d: %w", userID, err)
		}
		a.Role, a.Office = auth.Role(role), auth.Office(office)
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: assignments of %d: %w", userID, err)
	}
	sortAssignments(out)
	return out, nil
}

// sortAssignments orders by role rank so the default (first) assignment is
// the broadest one a user holds.
func sortAssignments(as []auth.Assignment) {
	slices.SortStableFunc(as, func(a, b auth.Assignment) int {
		return slices.Index(auth.Roles, a.Role) - slices.Index(auth.Roles, b.Role)
	})
}
