package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/inspection"
)

// Rectification is one rectification item (整改事项) of an inspection.
type Rectification struct {
	ID           int64                `db:"id"`
	InspectionID int64                `db:"inspection_id"`
	SchoolID     int64                `db:"school_id"`
	ItemID       *int64               `db:"item_id"`
	ItemTitle    string               `db:"item_title"`
	Problem      string               `db:"problem"`
	OwnerOffice  string               `db:"owner_office"`
	Deadline     time.Time            `db:"deadline"`
	State        inspection.RectState `db:"state"`
	Report       string               `db:"report"`
	ReportedAt   *time.Time           `db:"reported_at"`
	Comment      string               `db:"comment"`
	Version      int                  `db:"version"`
	CreatedAt    time.Time            `db:"created_at"`
}

// Rule is the item as package inspection's rules read it.
func (r Rectification) Rule() inspection.Rectification {
	x := inspection.Rectification{State: r.State, Deadline: r.Deadline}
	if r.ReportedAt != nil {
		x.ReportedAt = *r.ReportedAt
	}
	return x
}

const rectColumns = `r.id, r.inspection_id, r.school_id, r.item_id, coalesce(it.title, '') AS item_title, r.problem,
	r.owner_office, r.deadline, r.state, r.report, r.reported_at, r.comment, r.version, r.created_at`

// Rectifications lists an inspection's items in the order they were set.
// The caller has loaded the inspection inside the user's scope.
func (s *Store) Rectifications(ctx context.Context, inspectionID int64) ([]Rectification, error) {
	rows, err := s.db.Query(ctx, `
		SELECT `+rectColumns+`
		FROM inspection_rectifications r LEFT JOIN inspection_rubric_items it ON it.id = r.item_id
		WHERE r.inspection_id = $1 ORDER BY r.id`, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("store: rectifications of inspection %d: %w", inspectionID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Rectification])
	if err != nil {
		return nil, fmt.Errorf("store: rectifications of inspection %d: %w", inspectionID, err)
	}
	return out, nil
}

// RectificationByID reads one item; its inspection is then loaded inside
// the user's scope (GetInspection) before anything of it is shown.
func (s *Store) RectificationByID(ctx context.Context, id int64) (*Rectification, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT `+rectColumns+`
		FROM inspection_rectifications r LEFT JOIN inspection_rubric_items it ON it.id = r.item_id
		WHERE r.id = $1`, id)
	r, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Rectification])
	if err != nil {
		return nil, fmt.Errorf("store: rectification %d: %w", id, mapErr(err))
	}
	return r, nil
}

// NewRectification is an item the supervisor sets from a finding.
type NewRectification struct {
	InspectionID, SchoolID int64
	ItemID                 int64 // 0: not from a rubric item
	Problem, OwnerOffice   string
	Deadline               time.Time
	By                     int64
}

// CreateRectification adds an item to the inspection; an item id not of
// the inspection's rubric is ErrNotFound.
func (s *Store) CreateRectification(ctx context.Context, n NewRectification) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO inspection_rectifications (inspection_id, school_id, item_id, problem, owner_office, deadline, created_by)
		SELECT i.id, i.school_id, it.id, $4, $5, $6, $7
		FROM inspections i LEFT JOIN inspection_rubric_items it ON it.id = $3 AND it.rubric_id = i.rubric_id
		WHERE i.id = $1 AND i.school_id = $2 AND ($3 = 0 OR it.id IS NOT NULL)
		RETURNING id`,
		n.InspectionID, n.SchoolID, n.ItemID, strings.TrimSpace(n.Problem), n.OwnerOffice, calendar.DateOf(n.Deadline), n.By).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: rectification of inspection %d: %w", n.InspectionID, mapErr(err))
	}
	return id, nil
}

// RectStep is one step on an item at the version its page showed: the
// state inspection.NextRect gave, the report (Report) or the comment
// (Return; Accept may carry one).
type RectStep struct {
	ID      int64
	Version int
	From    inspection.RectState
	To      inspection.RectState
	Step    inspection.RectStep
	Body    string
	By      int64
	// At is when it was taken; zero is now (the demo writes last year's).
	At time.Time
}

// StepRectification applies the step and records it in the item's
// history; an item changed since Version is ErrConflict. Run it inside
// InTx with its audit row.
func (s *Store) StepRectification(ctx context.Context, st RectStep) error {
	body := strings.TrimSpace(st.Body)
	var at *time.Time
	if !st.At.IsZero() {
		at = &st.At
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE inspection_rectifications SET state = $4, version = version + 1,
			report = CASE WHEN $5 = 'report' THEN $6 ELSE report END,
			reported_at = CASE WHEN $5 = 'report' THEN coalesce($7, now()) ELSE reported_at END,
			comment = CASE WHEN $5 = 'report' THEN comment ELSE $6 END
		WHERE id = $1 AND version = $2 AND state = $3`,
		st.ID, st.Version, string(st.From), string(st.To), string(st.Step), body, at)
	if err != nil {
		return fmt.Errorf("store: rectification %d %s: %w", st.ID, st.Step, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: rectification %d %s: %w", st.ID, st.Step, ErrConflict)
	}
	if _, err := s.db.Exec(ctx, `INSERT INTO rectification_events (rectification_id, step, body, actor_id, at) VALUES ($1, $2, $3, $4, coalesce($5, now()))`,
		st.ID, string(st.Step), body, st.By, at); err != nil {
		return fmt.Errorf("store: rectification %d history: %w", st.ID, err)
	}
	return nil
}

// RectEvent is one step of an item's history.
type RectEvent struct {
	RectificationID int64     `db:"rectification_id"`
	Step            string    `db:"step"`
	Body            string    `db:"body"`
	ActorName       string    `db:"actor_name"`
	At              time.Time `db:"at"`
}

// RectificationEvents reads the history of an inspection's items, oldest
// first.
func (s *Store) RectificationEvents(ctx context.Context, inspectionID int64) ([]RectEvent, error) {
	rows, err := s.db.Query(ctx, `
		SELECT e.rectification_id, e.step, e.body, u.display_name AS actor_name, e.at
		FROM rectification_events e
		JOIN inspection_rectifications r ON r.id = e.rectification_id
		JOIN users u ON u.id = e.actor_id
		WHERE r.inspection_id = $1 ORDER BY e.id`, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("store: rectification history of inspection %d: %w", inspectionID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[RectEvent])
	if err != nil {
		return nil, fmt.Errorf("store: rectification history of inspection %d: %w", inspectionID, err)
	}
	return out, nil
}

// YearInspectionCounts are a school year's inspections and rectification
// in figures, for the county's year report: counts only.
type YearInspectionCounts struct {
	Inspections int `db:"inspections"` // carried out (scored, released, closed)
	Schools     int `db:"schools"`     // distinct schools inspected
	Closed      int `db:"closed"`
	Opened      int `db:"opened"`   // rectification items set
	Accepted    int `db:"accepted"` // of those, accepted
	Overdue     int `db:"overdue"`  // owed by the school past the deadline on today
}

// YearInspections counts the county's inspections of the school year and
// their rectification items, overdue on today (inspection.Overdue: open or
// returned, past the deadline).
func (s *Store) YearInspections(ctx context.Context, countyID, schoolYearID int64, today time.Time) (YearInspectionCounts, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT count(*) FILTER (WHERE i.state IN ('scored', 'released', 'closed'))::int AS inspections,
		       count(DISTINCT i.school_id) FILTER (WHERE i.state IN ('scored', 'released', 'closed'))::int AS schools,
		       count(*) FILTER (WHERE i.state = 'closed')::int AS closed,
		       coalesce(sum(r.opened), 0)::int AS opened, coalesce(sum(r.accepted), 0)::int AS accepted,
		       coalesce(sum(r.overdue), 0)::int AS overdue
		FROM inspections i JOIN schools sc ON sc.id = i.school_id AND sc.county_id = $1
		LEFT JOIN LATERAL (
			SELECT count(*) AS opened, count(*) FILTER (WHERE x.state = 'accepted') AS accepted,
			       count(*) FILTER (WHERE x.state IN ('open', 'returned') AND x.deadline < $3) AS overdue
			FROM inspection_rectifications x WHERE x.inspection_id = i.id) r ON true
		WHERE i.school_year_id = $2`, countyID, schoolYearID, calendar.DateOf(today))
	c, err := pgx.CollectOneRow(rows, pgx.RowToStructByName[YearInspectionCounts])
	if err != nil {
		return c, fmt.Errorf("store: inspections of year %d: %w", schoolYearID, err)
	}
	return c, nil
}

// OverdueRectifications counts per school of the county the rectification
// items of released inspections the school owes past their deadline on
// today (inspection.Overdue), for the heat map: the schools' index.
func (s *Store) OverdueRectifications(ctx context.Context, countyID int64, today time.Time) (map[int64]int, error) {
	rows, err := s.db.Query(ctx, `
		SELECT r.school_id, count(*)::int
		FROM schools sc
		JOIN inspection_rectifications r ON r.school_id = sc.id AND r.state IN ('open', 'returned') AND r.deadline < $2
		JOIN inspections i ON i.id = r.inspection_id AND i.state IN ('released', 'closed')
		WHERE sc.county_id = $1
		GROUP BY r.school_id`, countyID, calendar.DateOf(today))
	if err != nil {
		return nil, fmt.Errorf("store: overdue rectifications of county %d: %w", countyID, err)
	}
	out := map[int64]int{}
	var school int64
	var n int
	if _, err := pgx.ForEachRow(rows, []any{&school, &n}, func() error { out[school] = n; return nil }); err != nil {
		return nil, fmt.Errorf("store: overdue rectifications of county %d: %w", countyID, err)
	}
	return out, nil
}
