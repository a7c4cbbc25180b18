package store

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
)

// ErrReplay is returned by ClaimFormToken when the token was used before.
var ErrReplay = errors.New("store: form already submitted")

// ClaimFormToken marks token as used by userID. Call it first inside the
// transaction of the write: if the write fails the claim rolls back with it.
// A token used before returns ErrReplay and the location its first submit
// was sent to (a token of another user is also a replay, with no location).
// A concurrent second submit waits on the token's key until the first
// commits, then is a replay like any other. (The visit form claims its
// token inside visit_log, last, with where the visit leads: see LogVisit.)
func (s *Store) ClaimFormToken(ctx context.Context, userID int64, token string) (string, error) {
	tag, err := s.db.Exec(ctx, `INSERT INTO form_tokens (token, user_id) VALUES ($1, $2) ON CONFLICT (token) DO NOTHING`,
		token, userID)
	if err != nil {
		return "", fmt.Errorf("store: claim form token: %w", err)
	}
	if tag.RowsAffected() == 1 {
		return "", nil
	}
	loc, err := s.formTokenLocation(ctx, userID, token)
	if err != nil {
		return "", err
	}
	return loc, ErrReplay
}

// formTokenLocation is where the first submit of a claimed token was sent:
// "" if none was recorded or the token is another user's.
func (s *Store) formTokenLocation(ctx context.Context, userID int64, token string) (string, error) {
	var loc string
	err := s.db.QueryRow(ctx, `SELECT location FROM form_tokens WHERE token = $1 AND user_id = $2`, token, userID).Scan(&loc)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return "", fmt.Errorf("store: form token: %w", err)
	}
	return loc, nil
}

// SetFormTokenLocation records where the first submit of token was sent.
func (s *Store) SetFormTokenLocation(ctx context.Context, token, location string) error {
	if _, err := s.db.Exec(ctx, `UPDATE form_tokens SET location = $2 WHERE token = $1`, token, location); err != nil {
		return fmt.Errorf("store: form token location: %w", err)
	}
	return nil
}

// DeleteOldFormTokens forgets tokens older than a week: an offline draft
// older than that is refused as stale by its form anyway.
func (s *Store) DeleteOldFormTokens(ctx context.Context) error {
	if _, err := s.db.Exec(ctx, `DELETE FROM form_tokens WHERE created_at < now() - interval '7 days'`); err != nil {
		return fmt.Errorf("store: delete old form tokens: %w", err)
	}
	return nil
}
