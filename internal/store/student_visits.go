package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
)

// StudentVisit is one visit in a student's history: when, how, who went,
// and how many problems it found (the text is on the visit's own page).
type StudentVisit struct {
	ID       int64     `db:"id"`
	Date     time.Time `db:"visit_date"`
	Mode     string    `db:"mode"`
	Kind     string    `db:"kind"`
	Visitors string    `db:"visitors"`
	Problems int       `db:"problems"`
}

// StudentVisits lists the visits of studentID that ns admits, newest
// first, at most limit: the history on the student's page. The index on
// visit_students (student_id, visit_date) serves it.
func (s *Store) StudentVisits(ctx context.Context, ns auth.NoteScope, studentID int64, limit int, now time.Time) ([]StudentVisit, error) {
	where, args := visitScopeSQL(ns, 3, now)
	rows, err := s.db.Query(ctx, `
		SELECT v.id, v.visit_date, v.mode, v.kind,
		       (SELECT string_agg(u.display_name, '、' ORDER BY vv.lead DESC, u.id) FROM visit_visitors vv JOIN users u ON u.id = vv.user_id WHERE vv.visit_id = v.id) AS visitors,
		       cardinality(v.problems) AS problems
		FROM visit_students vs JOIN visits v ON v.id = vs.visit_id
		WHERE vs.student_id = $1 AND `+where+`
		ORDER BY vs.visit_date DESC, v.id DESC LIMIT $2`, append([]any{studentID, limit}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: visits of student %d: %w", studentID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[StudentVisit])
	if err != nil {
		return nil, fmt.Errorf("store: visits of student %d: %w", studentID, err)
	}
	return out, nil
}
