package store

import (
	"context"
	"fmt"
)

// Visitor is a person who went on a visit.
type Visitor struct {
	UserID int64  `db:"user_id"`
	Name   string `db:"name"`
	Lead   bool   `db:"lead"`
}

// writeVisitors records the author as lead and the companions, as decided
// by visit.Companions.
func (s *Store) writeVisitors(ctx context.Context, visitID, authorID int64, companions []int64) error {
	_, err := s.db.Exec(ctx, `
		INSERT INTO visit_visitors (visit_id, user_id, lead) VALUES ($1, $2, true)
		ON CONFLICT (visit_id, user_id) DO UPDATE SET lead = true`, visitID, authorID)
	if err != nil {
		return fmt.Errorf("store: visit %d visitors: %w", visitID, err)
	}
	if len(companions) == 0 {
		return nil
	}
	// Who may join was decided in Go (visit.Companions): stored as given.
	_, err = s.db.Exec(ctx, `
		INSERT INTO visit_visitors (visit_id, user_id) SELECT $1, c FROM unnest($2::bigint[]) c
		ON CONFLICT DO NOTHING`, visitID, companions)
	if err != nil {
		return fmt.Errorf("store: visit %d companions: %w", visitID, err)
	}
	return nil
}
