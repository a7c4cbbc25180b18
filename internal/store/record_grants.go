package store

import (
	"context"
	"fmt"
	"time"
)

// GrantRecord gives userID access to one record until expires, for the
// stated reason (an inspection). Run it in InTx with its audit row.
func (s *Store) GrantRecord(ctx context.Context, userID int64, objType string, objID int64, reason string, expires time.Time) error {
	_, err := s.db.Exec(ctx, `INSERT INTO record_grants (user_id, object_type, object_id, reason, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		userID, objType, objID, reason, expires)
	if err != nil {
		return fmt.Errorf("store: grant %s %d: %w", objType, objID, err)
	}
	return nil
}

// RecordExists reports whether a visit or ledger entry with id exists in
// the county (what a supervisor may ask to inspect), and its school.
func (s *Store) RecordExists(ctx context.Context, countyID int64, objType string, id int64) (int64, error) {
	q := `SELECT v.school_id FROM visits v JOIN schools sc ON sc.id = v.school_id WHERE v.id = $1 AND sc.county_id = $2`
	if objType == "ledger" {
		q = `SELECT e.school_id FROM ledger_entries e JOIN schools sc ON sc.id = e.school_id WHERE e.id = $1 AND sc.county_id = $2`
	}
	var schoolID int64
	if err := s.db.QueryRow(ctx, q, id, countyID).Scan(&schoolID); err != nil {
		return 0, fmt.Errorf("store: %s %d: %w", objType, id, mapErr(err))
	}
	return schoolID, nil
}
