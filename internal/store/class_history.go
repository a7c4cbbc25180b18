package store

import (
	"context"
	"fmt"
	"time"
)

// OpenStays starts an 'enrolled' class stay on date from for every enrolled
// student of the county without an open one: what a bulk insert (the demo,
// an import) calls after adding students, so that their class history
// starts where they start.
func (s *Store) OpenStays(ctx context.Context, countyID int64, from time.Time) (int64, error) {
	tag, err := s.db.Exec(ctx, `
		INSERT INTO student_class_history (student_id, class_id, from_date, reason)
		SELECT st.id, st.class_id, $2, 'enrolled' FROM students st
		WHERE st.county_id = $1 AND st.status = 'enrolled' AND st.class_id IS NOT NULL
		  AND NOT EXISTS (SELECT 1 FROM student_class_history h WHERE h.student_id = st.id AND h.to_date IS NULL)`,
		countyID, from)
	if err != nil {
		return 0, fmt.Errorf("store: open class stays: %w", err)
	}
	return tag.RowsAffected(), nil
}
