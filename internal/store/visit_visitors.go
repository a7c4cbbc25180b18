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

// writeVisitors records the author as lead and the companions, who must be
// staff of the school (other ids are dropped).
func (s *Store) writeVisitors(ctx context.Context, visitID, schoolID, authorID int64, companions []int64) error {
	_, err := s.db.Exec(ctx, `
		INSERT INTO visit_visitors (visit_id, user_id, lead) VALUES ($1, $2, true)
		ON CONFLICT (visit_id, user_id) DO UPDATE SET lead = true`, visitID, authorID)
	if err != nil {
		return fmt.Errorf("store: visit %d visitors: %w", visitID, err)
	}
	if len(companions) == 0 {
		return nil
	}
	_, err = s.db.Exec(ctx, `
		INSERT INTO visit_visitors (visit_id, user_id)
		SELECT $1, u.id FROM users u
		WHERE u.id = ANY($3::bigint[]) AND u.id <> $4 AND u.disabled_at IS NULL AND (
			EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id AND ra.school_id = $2)
			OR EXISTS (SELECT 1 FROM class_staff cs JOIN classes c ON c.id = cs.class_id WHERE cs.user_id = u.id AND c.school_id = $2))
		ON CONFLICT DO NOTHING`, visitID, schoolID, companions, authorID)
	if err != nil {
		return fmt.Errorf("store: visit %d companions: %w", visitID, err)
	}
	return nil
}
