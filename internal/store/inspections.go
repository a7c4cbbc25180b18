package store

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/inspection"
)

// Inspection is one inspection (督导检查) of a school, with the names its
// pages show.
type Inspection struct {
	ID           int64            `db:"id"`
	SchoolID     int64            `db:"school_id"`
	SchoolName   string           `db:"school_name"`
	Township     string           `db:"township"`
	SchoolYearID int64            `db:"school_year_id"`
	StartYear    int              `db:"start_year"`
	Kind         string           `db:"kind"`
	Topic        string           `db:"topic"`
	ScheduledOn  time.Time        `db:"scheduled_on"`
	State        inspection.State `db:"state"`
	Note         string           `db:"note"`
	RubricID     *int64           `db:"rubric_id"`
	Summary      string           `db:"summary"`
	CancelReason string           `db:"cancel_reason"`
	CreatedBy    int64            `db:"created_by"`
	CreatedAt    time.Time        `db:"created_at"`
	ReleasedAt   *time.Time       `db:"released_at"`
	ClosedAt     *time.Time       `db:"closed_at"`
	Version      int              `db:"version"`
	// Team is the team's names, the head first ("王督学（组长）、李督学").
	HeadName  string `db:"head_name"`
	TeamNames string `db:"team_names"`
	// Members are the team, the head first (GetInspection only).
	Members []InspectionMember `db:"-"`
}

// InspectionMember is a supervisor of an inspection's team.
type InspectionMember struct {
	UserID int64  `db:"user_id"`
	Name   string `db:"name"`
	Head   bool   `db:"head"`
}

// InspectionScope is whose inspections a user reads, the SQL twin of
// auth.ViewInspections: county roles every school's of CountyID (SchoolID
// 0); a school's staff their own school's, released only.
type InspectionScope struct {
	CountyID     int64
	SchoolID     int64
	ReleasedOnly bool
}

// InspectionFilter is the state of an inspection list.
type InspectionFilter struct {
	Scope InspectionScope
	// School narrows a county list to one school (0: all).
	School                   int64
	SchoolYearID             int64
	State, Kind, Township, Q string
	// Sort is "date" (default), "school" or "state", ascending unless Desc.
	Sort          string
	Desc          bool
	Limit, Offset int
}

const inspectionColumns = `i.id, i.school_id, sc.name AS school_name, sc.township, i.school_year_id, y.start_year, i.kind, i.topic,
	i.scheduled_on, i.state, i.note, i.rubric_id, i.summary, i.cancel_reason, i.created_by, i.created_at, i.released_at, i.closed_at, i.version,
	coalesce((SELECT u.display_name FROM inspection_members m JOIN users u ON u.id = m.user_id WHERE m.inspection_id = i.id AND m.head), '') AS head_name,
	coalesce((SELECT string_agg(u.display_name, '、' ORDER BY m.head DESC, u.display_name) FROM inspection_members m JOIN users u ON u.id = m.user_id
		WHERE m.inspection_id = i.id), '') AS team_names
	FROM inspections i JOIN schools sc ON sc.id = i.school_id JOIN school_years y ON y.id = i.school_year_id`

// inspectionWhere is the scope's condition (aliases i and sc) with its
// arguments first: $1 county, $2 school, $3 released only.
const inspectionWhere = `sc.county_id = $1 AND ($2 = 0 OR i.school_id = $2) AND (NOT $3 OR i.state IN ('released', 'closed'))`

var inspectionOrders = map[string]string{
	"date":   "i.scheduled_on %[1]s, i.id %[1]s",
	"school": "sc.name %[1]s, i.scheduled_on DESC, i.id DESC",
	"state": `array_position(ARRAY['scheduled', 'in_progress', 'scored', 'released', 'closed', 'cancelled'], i.state) %[1]s,
		i.scheduled_on, i.id`,
}

// ListInspections lists one page of the inspections that match f and
// counts them all.
func (s *Store) ListInspections(ctx context.Context, f InspectionFilter) ([]Inspection, int, error) {
	if f.Scope.CountyID == 0 {
		return nil, 0, nil
	}
	order, ok := inspectionOrders[f.Sort]
	if !ok {
		order = inspectionOrders["date"]
	}
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	where := `WHERE ` + inspectionWhere + ` AND ($4 = 0 OR i.school_id = $4) AND ($5 = 0 OR i.school_year_id = $5)
		AND ($6 = '' OR i.state = $6) AND ($7 = '' OR i.kind = $7) AND ($8 = '' OR sc.township = $8)
		AND ($9 = '' OR sc.name ILIKE '%' || $9 || '%' OR i.topic ILIKE '%' || $9 || '%')`
	args := []any{f.Scope.CountyID, f.Scope.SchoolID, f.Scope.ReleasedOnly, f.School, f.SchoolYearID, f.State, f.Kind, f.Township, escapeLike(f.Q)}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM inspections i JOIN schools sc ON sc.id = i.school_id `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count inspections: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT `+inspectionColumns+` `+where+
		` ORDER BY `+fmt.Sprintf(order, dir)+fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list inspections: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Inspection])
	if err != nil {
		return nil, 0, fmt.Errorf("store: list inspections: %w", err)
	}
	return out, total, nil
}

// GetInspection loads an inspection inside the scope, with its team. One
// outside it (another county, another school, or not yet released for a
// school's staff) is ErrNotFound.
func (s *Store) GetInspection(ctx context.Context, scope InspectionScope, id int64) (*Inspection, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+inspectionColumns+` WHERE `+inspectionWhere+` AND i.id = $4`,
		scope.CountyID, scope.SchoolID, scope.ReleasedOnly, id)
	in, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Inspection])
	if err != nil {
		return nil, fmt.Errorf("store: inspection %d: %w", id, mapErr(err))
	}
	rows, err = s.db.Query(ctx, `
		SELECT m.user_id, u.display_name AS name, m.head FROM inspection_members m JOIN users u ON u.id = m.user_id
		WHERE m.inspection_id = $1 ORDER BY m.head DESC, u.display_name, u.id`, id)
	if err != nil {
		return nil, fmt.Errorf("store: team of inspection %d: %w", id, err)
	}
	if in.Members, err = pgx.CollectRows(rows, pgx.RowToStructByName[InspectionMember]); err != nil {
		return nil, fmt.Errorf("store: team of inspection %d: %w", id, err)
	}
	return in, nil
}

// InspectionFields are what the schedule form edits; the caller checked
// them with inspection.CheckSchedule and found the school year holding the
// date.
type InspectionFields struct {
	SchoolID, SchoolYearID int64
	Kind, Topic, Note      string
	ScheduledOn            time.Time
	Team                   []int64
	Head                   int64
}

// setTeam replaces an inspection's team: supervisors of the county only
// (another user is ErrNotFound, and nothing is written).
func (s *Store) setTeam(ctx context.Context, countyID, id int64, team []int64, head int64) error {
	team = slices.Compact(slices.Sorted(slices.Values(team)))
	if _, err := s.db.Exec(ctx, `DELETE FROM inspection_members WHERE inspection_id = $1`, id); err != nil {
		return fmt.Errorf("store: team of inspection %d: %w", id, err)
	}
	tag, err := s.db.Exec(ctx, `
		INSERT INTO inspection_members (inspection_id, user_id, head)
		SELECT $1, u.id, u.id = $4 FROM users u
		WHERE u.id = ANY($2) AND u.county_id = $3 AND u.disabled_at IS NULL
		  AND EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id AND ra.role = 'supervisor')`, id, team, countyID, head)
	if err != nil {
		return fmt.Errorf("store: team of inspection %d: %w", id, mapErr(err))
	}
	if int(tag.RowsAffected()) != len(team) {
		return fmt.Errorf("store: team of inspection %d: a member is no supervisor of the county: %w", id, ErrNotFound)
	}
	return nil
}

// CreateInspection schedules an inspection of an active school of the
// county, with its team, and returns its id. Use it inside InTx: the team
// is written after the inspection.
func (s *Store) CreateInspection(ctx context.Context, countyID, by int64, f InspectionFields) (int64, error) {
	if !inspection.Kinds.Valid(f.Kind) {
		return 0, fmt.Errorf("store: inspection kind %q", f.Kind)
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO inspections (school_id, school_year_id, kind, topic, scheduled_on, note, created_by)
		SELECT sc.id, y.id, $4, $5, $6, $7, $8 FROM schools sc, school_years y
		WHERE sc.id = $1 AND sc.county_id = $3 AND sc.archived_at IS NULL AND y.id = $2 AND y.county_id = $3
		RETURNING id`, f.SchoolID, f.SchoolYearID, countyID, f.Kind, f.Topic, calendar.DateOf(f.ScheduledOn), f.Note, by).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: schedule an inspection of school %d: %w", f.SchoolID, mapErr(err))
	}
	return id, s.setTeam(ctx, countyID, id, f.Team, f.Head)
}

// UpdateInspection changes an inspection's schedule if it is still at
// version and may still be rescheduled (inspection.State.Schedulable).
// A stale version or a state moved on is ErrConflict. Use it inside InTx.
func (s *Store) UpdateInspection(ctx context.Context, countyID, id int64, version int, f InspectionFields) error {
	if !inspection.Kinds.Valid(f.Kind) {
		return fmt.Errorf("store: inspection kind %q", f.Kind)
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE inspections i SET school_id = sc.id, school_year_id = y.id, kind = $5, topic = $6, scheduled_on = $7, note = $8,
			updated_at = now(), version = i.version + 1
		FROM schools sc, school_years y
		WHERE i.id = $1 AND i.version = $2 AND i.state IN ('scheduled', 'in_progress')
		  AND sc.id = $3 AND sc.county_id = $9 AND sc.archived_at IS NULL AND y.id = $4 AND y.county_id = $9
		  AND (i.school_id = $3 OR i.state = 'scheduled')
		  AND EXISTS (SELECT 1 FROM schools o WHERE o.id = i.school_id AND o.county_id = $9)`,
		id, version, f.SchoolID, f.SchoolYearID, f.Kind, f.Topic, calendar.DateOf(f.ScheduledOn), f.Note, countyID)
	if err != nil {
		return fmt.Errorf("store: update inspection %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return s.staleOrMissing(ctx, `SELECT 1 FROM inspections i JOIN schools sc ON sc.id = i.school_id WHERE i.id = $1 AND sc.county_id = $2`,
			id, countyID, "inspection")
	}
	return s.setTeam(ctx, countyID, id, f.Team, f.Head)
}

// SetInspectionState records a step of the workflow that inspection.Next
// allowed from the state from to the state to, if the inspection is still
// at version (else ErrConflict): the time of the step (at; zero is now,
// the demo's history gives its own), who released it, the year's rubric
// when scoring starts, and a cancellation's reason.
func (s *Store) SetInspectionState(ctx context.Context, countyID, id int64, version int, from, to inspection.State, by int64, reason string, at time.Time) error {
	var when *time.Time
	if !at.IsZero() {
		when = &at
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE inspections i SET state = $4, version = i.version + 1, updated_at = coalesce($8, now()),
			started_at = CASE WHEN $4 = 'in_progress' THEN coalesce(i.started_at, $8, now()) ELSE i.started_at END,
			scored_at = CASE WHEN $4 = 'scored' THEN coalesce($8, now()) ELSE i.scored_at END,
			released_at = CASE WHEN $4 IN ('released', 'closed') THEN coalesce(i.released_at, $8, now()) END,
			released_by = CASE WHEN $4 = 'released' THEN $5 ELSE i.released_by END,
			closed_at = CASE WHEN $4 = 'closed' THEN coalesce($8, now()) END,
			cancelled_at = CASE WHEN $4 = 'cancelled' THEN coalesce($8, now()) END,
			cancel_reason = CASE WHEN $4 = 'cancelled' THEN $6 ELSE i.cancel_reason END,
			rubric_id = coalesce(i.rubric_id, CASE WHEN $4 IN ('in_progress', 'scored') THEN
				(SELECT r.id FROM inspection_rubrics r WHERE r.county_id = $7 AND r.school_year_id = i.school_year_id) END)
		FROM schools sc
		WHERE i.id = $1 AND i.version = $2 AND i.state = $3 AND sc.id = i.school_id AND sc.county_id = $7`,
		id, version, string(from), string(to), by, reason, countyID, when)
	if err != nil {
		return fmt.Errorf("store: inspection %d to %s: %w", id, to, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return s.staleOrMissing(ctx, `SELECT 1 FROM inspections i JOIN schools sc ON sc.id = i.school_id WHERE i.id = $1 AND sc.county_id = $2`,
			id, countyID, "inspection")
	}
	return nil
}

// Supervisor is a supervisor of the county, for the team picker.
type Supervisor struct {
	ID   int64  `db:"id"`
	Name string `db:"display_name"`
}

// Supervisors lists the county's active supervisors by name.
func (s *Store) Supervisors(ctx context.Context, countyID int64) ([]Supervisor, error) {
	rows, err := s.db.Query(ctx, `
		SELECT u.id, u.display_name FROM users u
		WHERE u.county_id = $1 AND u.disabled_at IS NULL
		  AND EXISTS (SELECT 1 FROM role_assignments ra WHERE ra.user_id = u.id AND ra.role = 'supervisor')
		ORDER BY u.display_name, u.id`, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: supervisors: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Supervisor])
	if err != nil {
		return nil, fmt.Errorf("store: supervisors: %w", err)
	}
	return out, nil
}

// SchoolInspectionYear is where one school stands on R23 for a school year:
// inspections carried out (inspection.State.Done) and still to come
// (scheduled or in progress), with the next date.
type SchoolInspectionYear struct {
	SchoolID   int64      `db:"school_id"`
	SchoolName string     `db:"school_name"`
	Township   string     `db:"township"`
	Done       int        `db:"done"`
	Planned    int        `db:"planned"`
	Next       *time.Time `db:"next_on"`
}

// InspectionYear is every active school of the county on R23 for the
// school year, by school code: the county's view of who is not yet
// scheduled or inspected. The (school, year) index alone.
func (s *Store) InspectionYear(ctx context.Context, countyID, schoolYearID int64) ([]SchoolInspectionYear, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id AS school_id, sc.name AS school_name, sc.township,
			count(*) FILTER (WHERE i.state = ANY($3))::int AS done,
			count(*) FILTER (WHERE i.state IN ('scheduled', 'in_progress'))::int AS planned,
			min(i.scheduled_on) FILTER (WHERE i.state IN ('scheduled', 'in_progress')) AS next_on
		FROM schools sc LEFT JOIN inspections i ON i.school_id = sc.id AND i.school_year_id = $2
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL
		GROUP BY sc.id ORDER BY sc.code`, countyID, schoolYearID, inspection.DoneStates)
	if err != nil {
		return nil, fmt.Errorf("store: inspections of year %d: %w", schoolYearID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[SchoolInspectionYear])
	if err != nil {
		return nil, fmt.Errorf("store: inspections of year %d: %w", schoolYearID, err)
	}
	return out, nil
}

// R23: inspections of the term's school year carried out (scored, released
// or closed); one still to come explains a school with none yet.
func inspectionFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	cond, args := run.pick([]any{run.scope.Term.SchoolYearID, inspection.DoneStates})
	rows, err := run.s.db.Query(ctx, `
		SELECT sc.id, count(*) FILTER (WHERE i.state = ANY($2))::int,
			min(i.scheduled_on) FILTER (WHERE i.state IN ('scheduled', 'in_progress'))
		FROM schools sc JOIN inspections i ON i.school_id = sc.id AND i.school_year_id = $1
		WHERE `+cond+` GROUP BY sc.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: inspection figures: %w", err)
	}
	out := map[int64]compliance.Figures{}
	var school int64
	var done int
	var next *time.Time
	_, err = pgx.ForEachRow(rows, []any{&school, &done, &next}, func() error {
		f := compliance.Figures{Available: true, Count: done}
		if next != nil {
			f.State = "已安排 " + calendar.DateLabel(*next)
		}
		out[school] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: inspection figures: %w", err)
	}
	return out, nil
}
