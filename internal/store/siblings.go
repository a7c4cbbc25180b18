package store

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// Sibling is a student of the school who shares a guardian's phone.
type Sibling struct {
	ID        int64  `db:"id"`
	Name      string `db:"name"`
	ClassName string `db:"class_name"`
}

// Siblings lists the enrolled students of the same school who share a
// guardian's phone number with studentID: the brothers and sisters one
// visit may cover.
func (s *Store) Siblings(ctx context.Context, schoolID, studentID int64) ([]Sibling, error) {
	rows, err := s.db.Query(ctx, `
		SELECT DISTINCT st.id, st.name, c.name AS class_name
		FROM guardians g0
		JOIN guardians g ON g.phone = g0.phone AND g.phone <> '' AND g.student_id <> g0.student_id
		JOIN students st ON st.id = g.student_id AND st.school_id = $1 AND st.status = 'enrolled'
		JOIN classes c ON c.id = st.class_id
		WHERE g0.student_id = $2 AND g0.phone <> ''
		ORDER BY st.id LIMIT 6`, schoolID, studentID)
	if err != nil {
		return nil, fmt.Errorf("store: siblings of %d: %w", studentID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Sibling])
	if err != nil {
		return nil, fmt.Errorf("store: siblings of %d: %w", studentID, err)
	}
	return out, nil
}
