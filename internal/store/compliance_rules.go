package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/compliance"
)

// RuleVersion is one version of a duty's rule in the catalogue
// (compliance_rules, migrations/00400), with who added it.
type RuleVersion struct {
	compliance.Rule
	// ShortName names the duty in a column head: 开学主题班会.
	ShortName  string
	VersionID  int64
	AuthorName string // "" for the seeded versions
	CreatedAt  time.Time
}

// ComplianceRules lists every version of every duty of the catalogue, by
// duty id and then from the earliest version. A catalogue of 23 duties and
// a few versions each: one small read.
func (s *Store) ComplianceRules(ctx context.Context) ([]RuleVersion, error) {
	rows, err := s.db.Query(ctx, `
		SELECT r.id, r.duty_id, r.section, r.duty, r.measure, r.period, r.window_kind, r.fixed_window,
		       r.threshold, r.unit, r.owners, r.stages, r.valid_from, coalesce(u.display_name, ''), r.created_at, r.short_name
		FROM compliance_rules r LEFT JOIN users u ON u.id = r.created_by
		ORDER BY r.duty_id, r.valid_from`)
	if err != nil {
		return nil, fmt.Errorf("store: compliance rules: %w", err)
	}
	var out []RuleVersion
	var v RuleVersion
	var measure, period, window string
	_, err = pgx.ForEachRow(rows, []any{&v.VersionID, &v.ID, &v.Section, &v.Duty, &measure, &period, &window, &v.FixedWindow,
		&v.Threshold, &v.Unit, &v.Owners, &v.Stages, &v.From, &v.AuthorName, &v.CreatedAt, &v.ShortName}, func() error {
		r := v
		r.Measure, r.Period, r.Window = compliance.Measure(measure), compliance.Period(period), calendar.WindowKind(window)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: compliance rules: %w", err)
	}
	return out, nil
}

// RuleChange is a new version of a duty's rule: its threshold and window
// from the date From. The caller has checked it (compliance.ValidateChange);
// the text, measure, period, owners and stages are the latest version's.
type RuleChange struct {
	DutyID    string
	Threshold int
	Window    calendar.WindowKind
	From      time.Time
	AuthorID  int64
}

// AddRuleVersion adds a version of a duty's rule and returns its id.
// ErrNotFound for an unknown duty; ErrConflict when the duty already has a
// version from that date.
func (s *Store) AddRuleVersion(ctx context.Context, c RuleChange) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO compliance_rules (duty_id, section, duty, short_name, measure, period, window_kind, fixed_window,
		                              threshold, unit, owners, stages, valid_from, created_by)
		SELECT duty_id, section, duty, short_name, measure, period, $3, fixed_window, $2, unit, owners, stages, $4, $5
		FROM compliance_rules WHERE duty_id = $1
		ORDER BY valid_from DESC LIMIT 1
		RETURNING id`, c.DutyID, c.Threshold, string(c.Window), calendar.DateOf(c.From), c.AuthorID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: new version of rule %s: %w", c.DutyID, mapErr(err))
	}
	return id, nil
}
