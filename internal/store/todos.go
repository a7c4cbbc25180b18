package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// TodoScope is whose to-dos to read: the user's own (a ledger entry they
// own) and those of their active role — at their school for a school role,
// in their county for a county role; Office narrows a school office's.
type TodoScope struct {
	UserID   int64
	CountyID int64
	// Role is the active role when it receives to-dos by role (bureau and
	// school roles); empty for teachers and the administrator.
	Role     string
	SchoolID int64 // the active school; 0 for a county role
	Office   string
}

// todoWhere is the scope's condition on todos t, its arguments from $1: one
// read of todos_user_idx and one of todos_role_idx.
func (sc TodoScope) todoWhere() (string, []any) {
	if sc.Role == "" {
		return `t.user_id = $1`, []any{sc.UserID}
	}
	if sc.SchoolID == 0 {
		return `(t.user_id = $1 OR (t.county_id = $2 AND t.role = $3))`, []any{sc.UserID, sc.CountyID, sc.Role}
	}
	return `(t.user_id = $1 OR (t.county_id = $2 AND t.role = $3 AND t.school_id = $4
	         AND ($5 = '' OR t.office = '' OR t.office = $5)))`,
		[]any{sc.UserID, sc.CountyID, sc.Role, sc.SchoolID, sc.Office}
}

// TodoCount counts the scope's to-dos and those opened since the user last
// opened the list — the header's badge on every page, in one statement.
func (s *Store) TodoCount(ctx context.Context, sc TodoScope) (open, unread int, err error) {
	where, args := sc.todoWhere()
	err = s.db.QueryRow(ctx, `
		SELECT count(*), count(*) FILTER (WHERE t.opened_at > coalesce(
		           (SELECT u.todos_seen_at FROM users u WHERE u.id = $1), '-infinity'))
		FROM todos t WHERE `+where, args...).Scan(&open, &unread)
	if err != nil {
		return 0, 0, fmt.Errorf("store: count to-dos of user %d: %w", sc.UserID, err)
	}
	return open, unread, nil
}

// Todo is one to-do with what the list says of its record: never a child's
// name, only the class and the kind of problem for a ledger entry.
type Todo struct {
	ID         int64      `db:"id"`
	Kind       string     `db:"kind"`
	ObjectID   int64      `db:"object_id"`
	SchoolID   *int64     `db:"school_id"`
	SchoolName string     `db:"school_name"`
	DueOn      *time.Time `db:"due_on"`
	OpenedAt   time.Time  `db:"opened_at"`
	Unread     bool       `db:"unread"`
	// Subject names the record: the class and category of a ledger entry,
	// the meeting of an opinion, the lecture's title, the problem to rectify.
	Subject  string `db:"subject"`
	Category string `db:"category"`
	// ParentID is where the record is acted on: an opinion's meeting, a
	// rectification item's inspection.
	ParentID *int64 `db:"parent_id"`
	// TermID is a plan's term, named from the calendar.
	TermID *int64 `db:"term_id"`
}

// TodoLimit bounds the list: a user with more has a backlog the record
// lists (the ledger, the plans page) page through.
const TodoLimit = 200

// ListTodos reads the scope's to-dos, at most TodoLimit, most urgent first
// by due date (package todo orders them for the page).
func (s *Store) ListTodos(ctx context.Context, sc TodoScope) ([]Todo, error) {
	where, args := sc.todoWhere()
	args = append(args, TodoLimit)
	rows, err := s.db.Query(ctx, `
		WITH seen AS (SELECT coalesce((SELECT todos_seen_at FROM users WHERE id = $1), '-infinity') AS at)
		SELECT t.id, t.kind, t.object_id, t.school_id, coalesce(sc.name, '') AS school_name, t.due_on, t.opened_at,
		       t.opened_at > seen.at AS unread,
		       coalesce(c.name, l.title, pm.topic, rc.problem, '') AS subject,
		       coalesce(e.category, '') AS category,
		       coalesce(o.meeting_id, rc.inspection_id) AS parent_id, p.term_id
		FROM todos t CROSS JOIN seen
		LEFT JOIN schools sc ON sc.id = t.school_id
		LEFT JOIN ledger_entries e ON t.kind = 'ledger' AND e.id = t.object_id
		LEFT JOIN classes c ON c.id = e.class_id
		LEFT JOIN work_plans p ON t.kind IN ('plan_returned', 'plan_leader', 'plan_review') AND p.id = t.object_id
		LEFT JOIN parent_opinions o ON t.kind IN ('opinion_accept', 'opinion_answer') AND o.id = t.object_id
		LEFT JOIN parent_meetings pm ON pm.id = o.meeting_id
		LEFT JOIN lectures l ON t.kind = 'lecture' AND l.id = t.object_id
		LEFT JOIN inspection_rectifications rc ON t.kind IN ('rect_report', 'rect_review') AND rc.id = t.object_id
		WHERE `+where+fmt.Sprintf(`
		ORDER BY t.due_on NULLS LAST, t.opened_at DESC, t.id
		LIMIT $%d`, len(args)), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list to-dos of user %d: %w", sc.UserID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Todo])
	if err != nil {
		return nil, fmt.Errorf("store: list to-dos of user %d: %w", sc.UserID, err)
	}
	return out, nil
}

// MarkTodosSeen records that the user has read their list up to at.
func (s *Store) MarkTodosSeen(ctx context.Context, userID int64, at time.Time) error {
	if _, err := s.db.Exec(ctx, `UPDATE users SET todos_seen_at = greatest(todos_seen_at, $2) WHERE id = $1`, userID, at); err != nil {
		return fmt.Errorf("store: mark to-dos seen by user %d: %w", userID, err)
	}
	return nil
}
