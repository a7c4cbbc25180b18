package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// CareCandidate is an enrolled left-behind or hardship student of a school
// whom the vacation's counters do not show visited on site: the
// cross-check (#17 item 6) keeps those whose groups also had no targeted
// session (compliance.Uncared). Best is the vacation visit's best mode
// (” none, 'video', 'phone').
type CareCandidate struct {
	StudentID  int64  `db:"student_id"`
	Name       string `db:"name"`
	ClassID    int64  `db:"class_id"`
	ClassName  string `db:"class_name"`
	LeftBehind bool   `db:"left_behind"`
	Hardship   bool   `db:"hardship"`
	Best       string `db:"best"`
}

// CareCandidates lists a school's candidates for the vacation, by class
// and name, from the flagged students' partial index and the vacation's
// per-student counters. The caller has checked that the user may see the
// school's special-group flags.
func (s *Store) CareCandidates(ctx context.Context, schoolID, vacationID int64) ([]CareCandidate, error) {
	rows, err := s.db.Query(ctx, `
		SELECT st.id AS student_id, st.name, st.class_id, c.name AS class_name, st.left_behind, st.hardship,
		       coalesce(k.best, '') AS best
		FROM students st
		JOIN classes c ON c.id = st.class_id
		LEFT JOIN coverage_students k ON k.window_kind = 'vacation' AND k.window_id = $2 AND k.student_id = st.id
		WHERE st.school_id = $1 AND st.status = 'enrolled' AND (st.left_behind OR st.hardship)
		  AND coalesce(k.best, '') <> 'onsite'
		ORDER BY c.name COLLATE "zh-Hans-x-icu", st.name COLLATE "zh-Hans-x-icu", st.id`, schoolID, vacationID)
	if err != nil {
		return nil, fmt.Errorf("store: care candidates of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[CareCandidate])
	if err != nil {
		return nil, fmt.Errorf("store: care candidates of school %d: %w", schoolID, err)
	}
	return out, nil
}
