package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Audit results.
const (
	ResultSuccess = "success"
	ResultFailure = "failure"
	ResultDenied  = "denied"
)

// AuditEvent is one row of the audit log. Details must never hold a child's
// personal information: ids and counts only.
type AuditEvent struct {
	ID          int64          `db:"id" json:"-"`
	At          time.Time      `db:"at" json:"-"`
	ActorUserID *int64         `db:"actor_user_id" json:"actor_user_id"`
	ActorName   string         `db:"actor_name" json:"actor_name"`
	ActorRole   string         `db:"actor_role" json:"actor_role"`
	SchoolID    *int64         `db:"school_id" json:"school_id"`
	IP          string         `db:"ip" json:"ip"`
	UserAgent   string         `db:"user_agent" json:"user_agent"`
	Action      string         `db:"action" json:"action"`
	ObjectType  string         `db:"object_type" json:"object_type"`
	ObjectID    *int64         `db:"object_id" json:"object_id"`
	Result      string         `db:"result" json:"result"`
	Details     map[string]any `db:"details" json:"details"`
}

// Audit writes ev. Call it on the Store given by InTx so the row commits with
// the change it records. The row goes as the same JSON that visit_log takes
// (AuditEvent.row), so both writers keep user agents and details alike.
func (s *Store) Audit(ctx context.Context, ev AuditEvent) error {
	row, err := ev.row()
	if err != nil {
		return err
	}
	_, err = s.db.Exec(ctx, `
		INSERT INTO audit.events (actor_user_id, actor_name, actor_role, school_id, ip, user_agent, action, object_type, object_id, result, details)
		SELECT a.actor_user_id, a.actor_name, a.actor_role, a.school_id, a.ip, a.user_agent, a.action, a.object_type, a.object_id, a.result, a.details
		FROM jsonb_populate_record(NULL::audit.events, $1) a`, row)
	if err != nil {
		return fmt.Errorf("store: audit %s: %w", ev.Action, err)
	}
	return nil
}

// userAgent is the client's user agent as the log keeps it: at most its
// first 300 bytes, cut at a character boundary and with any invalid UTF-8
// dropped (a text column refuses it, and JSON would replace it).
func (ev AuditEvent) userAgent() string {
	ua := ev.UserAgent
	if len(ua) > 300 {
		ua = ua[:300]
	}
	return strings.ToValidUTF8(ua, "")
}

// row is ev as a JSON object of audit.events' columns: what Audit inserts,
// and what visit_log takes to write the row with the visit it records.
// The struct is marshalled, not a map of the columns: a map's keys are
// sorted by reflection on every call, a tenth of the visit POST's Go time.
func (ev AuditEvent) row() ([]byte, error) {
	ev.UserAgent = ev.userAgent()
	if ev.Details == nil {
		ev.Details = map[string]any{}
	}
	js, err := json.Marshal(ev)
	if err != nil {
		return nil, fmt.Errorf("store: audit row: %w", err)
	}
	return js, nil
}

// AuditFilter narrows the audit list. Zero values mean "any".
type AuditFilter struct {
	Actor  string // username, exact or prefix
	Action string // prefix, e.g. "login"
	From   time.Time
	To     time.Time // exclusive
	Before int64     // keyset pagination: ids below this
	Limit  int
}

// ListAudit returns events newest first.
func (s *Store) ListAudit(ctx context.Context, f AuditFilter) ([]AuditEvent, error) {
	if f.Limit <= 0 || f.Limit > 500 {
		f.Limit = 50
	}
	// Only the filters in use are written (see database.Open on plans).
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	conds := []string{"true"}
	if f.Actor != "" {
		conds = append(conds, "actor_name LIKE "+arg(f.Actor)+" || '%'")
	}
	if f.Action != "" {
		conds = append(conds, "action LIKE "+arg(f.Action)+" || '%'")
	}
	if !f.From.IsZero() {
		conds = append(conds, "at >= "+arg(f.From))
	}
	if !f.To.IsZero() {
		conds = append(conds, "at < "+arg(f.To))
	}
	if f.Before > 0 {
		conds = append(conds, "id < "+arg(f.Before))
	}
	rows, err := s.db.Query(ctx, `
		SELECT id, at, actor_user_id, actor_name, actor_role, school_id, ip, user_agent, action, object_type, object_id, result, details
		FROM audit.events
		WHERE `+strings.Join(conds, " AND ")+`
		ORDER BY id DESC
		LIMIT `+arg(f.Limit), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	evs, err := pgx.CollectRows(rows, pgx.RowToStructByName[AuditEvent])
	if err != nil {
		return nil, fmt.Errorf("store: list audit: %w", err)
	}
	return evs, nil
}

// CountAudit counts events of one action (used by tests and reports).
func (s *Store) CountAudit(ctx context.Context, action, result string) (int, error) {
	var n int
	err := s.db.QueryRow(ctx, `SELECT count(*) FROM audit.events WHERE action = $1 AND ($2 = '' OR result = $2)`, action, result).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count audit: %w", err)
	}
	return n, nil
}
