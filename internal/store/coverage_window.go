package store

import (
	"context"
	"fmt"

	"xietong/internal/coverage"
)

// syncCountingWindows writes the counting windows (coverage_windows) of the
// county's school year yearID as the Go rule gives them
// (coverage.CountingWindows), in the transaction that created the year or
// changed its dates. Only a window that is new or moved is written, and
// each written row recounts its window (the coverage_window_changed
// trigger); an unchanged one costs nothing.
func (s *Store) syncCountingWindows(ctx context.Context, countyID, yearID int64) error {
	cal, err := s.LoadCalendar(ctx, countyID)
	if err != nil {
		return err
	}
	y, ok := cal.Year(yearID)
	if !ok {
		return fmt.Errorf("store: counting windows of school year %d: %w", yearID, ErrNotFound)
	}
	for _, w := range coverage.CountingWindows(y) {
		if _, err := s.db.Exec(ctx, `
			INSERT INTO coverage_windows (kind, window_id, county_id, starts_on, ends_on, roll_on)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (kind, window_id) DO UPDATE
			SET starts_on = EXCLUDED.starts_on, ends_on = EXCLUDED.ends_on, roll_on = EXCLUDED.roll_on
			WHERE (coverage_windows.starts_on, coverage_windows.ends_on, coverage_windows.roll_on)
			      IS DISTINCT FROM (EXCLUDED.starts_on, EXCLUDED.ends_on, EXCLUDED.roll_on)`,
			string(w.Kind), w.ID, countyID, w.Start, w.End, w.Roll); err != nil {
			return fmt.Errorf("store: counting window %s %d: %w", w.Kind, w.ID, err)
		}
	}
	return nil
}
