package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// SessionStore is the scs store. Unlike scs's own pgxstore it bounds every
// call with a timeout (a hung database must not hang every request) and keys
// rows by SHA-256 of the token.
type SessionStore struct {
	s       *Store
	timeout time.Duration
	// slack: scs re-commits on every request to push the idle expiry
	// forward; an unchanged session is only rewritten when its expiry moves
	// by more than this, sparing a write per page view.
	slack time.Duration
}

// Sessions returns the scs store for s. slack is how far an unchanged
// session's expiry may lag (keep it a small fraction of the idle timeout).
func (s *Store) Sessions(slack time.Duration) *SessionStore {
	return &SessionStore{s: s.Control(), timeout: 2 * time.Second, slack: slack}
}

// TokenHash is the stored form of a session token.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func (st *SessionStore) ctx(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(parent, st.timeout)
}

// FindCtx implements scs.CtxStore. An expired row is deleted when found, so
// that an idle-timed-out session is gone, not merely ignored.
func (st *SessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	ctx, cancel := st.ctx(ctx)
	defer cancel()
	var b []byte
	var live bool
	h := TokenHash(token)
	err := st.s.db.QueryRow(ctx, `SELECT data, expiry > now() FROM sessions WHERE token_hash = $1`, h).Scan(&b, &live)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("store: find session: %w", err)
	}
	if !live {
		if err := st.DeleteCtx(ctx, token); err != nil {
			return nil, false, err
		}
		return nil, false, nil
	}
	return b, true, nil
}

// CommitCtx implements scs.CtxStore. scs commits on every request (to push
// the idle expiry forward), so this runs for every page view, and two
// things keep it from costing a disk flush each time:
//
//   - an unchanged session within the slack is not touched at all: an
//     UPDATE whose condition fails takes no row lock, where an upsert's
//     ON CONFLICT DO UPDATE … WHERE locks the row even when it writes
//     nothing, and the lock alone made the request a writing transaction
//     that waited for the WAL to reach the disk;
//   - a session write commits asynchronously (synchronous_commit off for
//     this transaction only). A crash can lose the last fraction of a
//     second of such writes: the session is then as it was a moment before
//     (a flash message shown again, an expiry not pushed, a role switch or
//     a fresh sign-in to repeat, a one-time password shown once more to
//     the same session), and nothing is left inconsistent. Ending sessions
//     (DeleteCtx, EndUserSessions) stays synchronous: a sign-out must not
//     come back after a crash.
//
// It runs on the pool, never inside a caller's transaction, which the
// setting would make asynchronous as a whole.
func (st *SessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	ctx, cancel := st.ctx(ctx)
	defer cancel()
	_, err := st.s.Pool.Exec(ctx, `
		WITH up AS (
			UPDATE sessions SET data = $2, expiry = $3
			WHERE token_hash = $1 AND (data <> $2 OR expiry < $3::timestamptz - $4::interval)
			RETURNING 1
		), ins AS (
			INSERT INTO sessions (token_hash, data, expiry)
			SELECT $1, $2, $3 WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE token_hash = $1)
			ON CONFLICT (token_hash) DO UPDATE SET data = EXCLUDED.data, expiry = EXCLUDED.expiry
			RETURNING 1
		)
		SELECT set_config('synchronous_commit', 'off', true)`,
		TokenHash(token), b, expiry, st.slack.String())
	if err != nil {
		return fmt.Errorf("store: commit session: %w", err)
	}
	return nil
}

// DeleteCtx implements scs.CtxStore.
func (st *SessionStore) DeleteCtx(ctx context.Context, token string) error {
	ctx, cancel := st.ctx(ctx)
	defer cancel()
	h := TokenHash(token)
	if _, err := st.s.db.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, h); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	if _, err := st.s.db.Exec(ctx, `DELETE FROM user_sessions WHERE token_hash = $1`, h); err != nil {
		return fmt.Errorf("store: delete session owner: %w", err)
	}
	return nil
}

// Find, Commit and Delete satisfy scs.Store; scs calls the Ctx variants.
func (st *SessionStore) Find(token string) ([]byte, bool, error) {
	return st.FindCtx(context.Background(), token)
}

func (st *SessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return st.CommitCtx(context.Background(), token, b, expiry)
}

func (st *SessionStore) Delete(token string) error {
	return st.DeleteCtx(context.Background(), token)
}

// BindSession records that token belongs to userID.
func (s *Store) BindSession(ctx context.Context, userID int64, token string) error {
	_, err := s.db.Exec(ctx, `
		INSERT INTO user_sessions (token_hash, user_id) VALUES ($1, $2)
		ON CONFLICT (token_hash) DO UPDATE SET user_id = EXCLUDED.user_id`, TokenHash(token), userID)
	if err != nil {
		return fmt.Errorf("store: bind session: %w", err)
	}
	return nil
}

// EndUserSessions deletes every session of userID (password change, account
// disabled), except keepToken's when it is non-empty.
func (s *Store) EndUserSessions(ctx context.Context, userID int64, keepToken string) error {
	keep := ""
	if keepToken != "" {
		keep = TokenHash(keepToken)
	}
	_, err := s.db.Exec(ctx, `
		WITH gone AS (
			DELETE FROM user_sessions WHERE user_id = $1 AND token_hash <> $2 RETURNING token_hash
		)
		DELETE FROM sessions WHERE token_hash IN (SELECT token_hash FROM gone)`, userID, keep)
	if err != nil {
		return fmt.Errorf("store: end sessions of user %d: %w", userID, err)
	}
	return nil
}

// DeleteExpiredSessions removes expired rows; run periodically.
func (s *Store) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	tag, err := s.db.Exec(ctx, `
		WITH gone AS (DELETE FROM sessions WHERE expiry < now() RETURNING token_hash)
		DELETE FROM user_sessions WHERE token_hash IN (SELECT token_hash FROM gone)`)
	if err != nil {
		return 0, fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return tag.RowsAffected(), nil
}
