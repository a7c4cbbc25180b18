package store

import (
	"context"
	"fmt"
)

// StudentIDsByNumber maps the county's student numbers to ids.
func (s *Store) StudentIDsByNumber(ctx context.Context, countyID int64) (map[string]int64, error) {
	rows, err := s.db.Query(ctx, `SELECT student_number, id FROM students WHERE county_id = $1`, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: student ids: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var num string
		var id int64
		if err := rows.Scan(&num, &id); err != nil {
			return nil, fmt.Errorf("store: student ids: %w", err)
		}
		out[num] = id
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: student ids: %w", err)
	}
	return out, nil
}
