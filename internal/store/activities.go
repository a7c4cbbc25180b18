package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/activity"
	"xietong/internal/calendar"
)

// Activity is one practice or education activity (R14–R20) of a school,
// with the names its pages show.
type Activity struct {
	ID               int64     `db:"id"`
	SchoolID         int64     `db:"school_id"`
	SchoolName       string    `db:"school_name"`
	TermID           int64     `db:"term_id"`
	Kind             string    `db:"kind"`
	Title            string    `db:"title"`
	HeldOn           time.Time `db:"held_on"`
	Office           string    `db:"office"`
	BaseID           *int64    `db:"base_id"`
	BaseName         string    `db:"base_name"`
	ClubID           *int64    `db:"club_id"`
	ClubName         string    `db:"club_name"`
	Place            string    `db:"place"`
	OffCampus        bool      `db:"off_campus"`
	InCounty         bool      `db:"in_county"`
	Speaker          string    `db:"speaker"`
	Participants     string    `db:"participants"`
	ParticipantCount *int      `db:"participant_count"`
	Summary          string    `db:"summary"`
	Duties           []string  `db:"duties"`
	AuthorID         int64     `db:"author_id"`
	AuthorName       string    `db:"author_name"`
	CreatedAt        time.Time `db:"created_at"`
	UpdatedAt        time.Time `db:"updated_at"`
}

// ActivityFields are what an activity's form edits. The caller has checked
// the kind and office against their lists, the date against the term
// (activity.ValidateDate), the base's agreement (activity.BaseOpen), and
// decided the duties (activity.Duties); the table's constraints hold the
// lists and lengths too.
type ActivityFields struct {
	Kind, Title, Office   string
	HeldOn                time.Time
	TermID                int64
	BaseID                int64 // 0: none
	ClubID                int64 // a session of this club (kind 'club'); 0: none
	Place                 string
	OffCampus, InCounty   bool
	Speaker, Participants string
	ParticipantCount      *int
	Summary               string
	Duties                []string
}

// ActivityFilter is the state of an activity list. SchoolID 0 is every
// school of CountyID (county roles); the handler sets it from the user's
// assignment for a school's staff, never from the request alone.
type ActivityFilter struct {
	CountyID, SchoolID, TermID, BaseID, ClubID int64
	Kind, Office, Township, Q                  string
	// Sort is "date" (default), "kind" or "school", ascending unless Desc.
	Sort          string
	Desc          bool
	Limit, Offset int
}

const activityColumns = `a.id, a.school_id, sc.name AS school_name, a.term_id, a.kind, a.title, a.held_on, a.office,
	a.base_id, coalesce(b.name, '') AS base_name, a.club_id, coalesce(cl.name, '') AS club_name, a.place, a.off_campus, a.in_county, a.speaker, a.participants,
	a.participant_count, a.summary, a.duties, a.author_id, u.display_name AS author_name, a.created_at, a.updated_at
	FROM activities a JOIN schools sc ON sc.id = a.school_id JOIN users u ON u.id = a.author_id
	LEFT JOIN practice_bases b ON b.id = a.base_id LEFT JOIN clubs cl ON cl.id = a.club_id`

var activityOrders = map[string]string{
	"date":   "a.held_on %[1]s, a.id %[1]s",
	"kind":   "a.kind %[1]s, a.held_on DESC, a.id DESC",
	"school": "sc.name %[1]s, a.held_on DESC, a.id DESC",
}

// ListActivities lists one page of the activities that match f and counts
// them all. Newest first unless sorted otherwise.
func (s *Store) ListActivities(ctx context.Context, f ActivityFilter) ([]Activity, int, error) {
	order, ok := activityOrders[f.Sort]
	if !ok {
		order = activityOrders["date"]
	}
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	where := `WHERE sc.county_id = $1 AND ($2 = 0 OR a.school_id = $2) AND ($3 = 0 OR a.term_id = $3)
		AND ($4 = 0 OR a.base_id = $4) AND ($5 = '' OR a.kind = $5) AND ($6 = '' OR a.office = $6)
		AND ($7 = '' OR sc.township = $7)
		AND ($8 = '' OR a.title ILIKE '%' || $8 || '%' OR a.place ILIKE '%' || $8 || '%' OR a.speaker ILIKE '%' || $8 || '%')
		AND ($9 = 0 OR a.club_id = $9)`
	args := []any{f.CountyID, f.SchoolID, f.TermID, f.BaseID, f.Kind, f.Office, f.Township, escapeLike(f.Q), f.ClubID}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM activities a JOIN schools sc ON sc.id = a.school_id `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count activities: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT `+activityColumns+` `+where+
		` ORDER BY `+fmt.Sprintf(order, dir)+fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list activities: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Activity])
	if err != nil {
		return nil, 0, fmt.Errorf("store: list activities: %w", err)
	}
	return out, total, nil
}

// GetActivity loads an activity of a school of the county; schoolID 0
// admits every school of the county (county roles), else only that school.
func (s *Store) GetActivity(ctx context.Context, countyID, schoolID, id int64) (*Activity, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+activityColumns+`
		WHERE a.id = $1 AND sc.county_id = $2 AND ($3 = 0 OR a.school_id = $3)`, id, countyID, schoolID)
	a, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Activity])
	if err != nil {
		return nil, fmt.Errorf("store: activity %d: %w", id, mapErr(err))
	}
	return a, nil
}

func checkActivity(f ActivityFields) error {
	if !activity.Kinds.Valid(f.Kind) {
		return fmt.Errorf("store: activity kind %q", f.Kind)
	}
	if f.TermID == 0 {
		return fmt.Errorf("store: activity without a term")
	}
	return nil
}

// CreateActivity records an activity of schoolID and returns its id. A
// club of another school is ErrNotFound.
func (s *Store) CreateActivity(ctx context.Context, schoolID, authorID int64, f ActivityFields) (int64, error) {
	if err := checkActivity(f); err != nil {
		return 0, err
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO activities (school_id, term_id, kind, title, held_on, office, base_id, club_id, place, off_campus, in_county,
			speaker, participants, participant_count, summary, duties, author_id)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17
		WHERE $8::bigint IS NULL OR EXISTS (SELECT 1 FROM clubs WHERE id = $8 AND school_id = $1)
		RETURNING id`, schoolID, f.TermID, f.Kind, f.Title, calendar.DateOf(f.HeldOn), f.Office, nullInt(f.BaseID), nullInt(f.ClubID),
		f.Place, f.OffCampus, f.InCounty, f.Speaker, f.Participants, f.ParticipantCount, f.Summary, nonNilStrings(f.Duties), authorID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create activity of school %d: %w", schoolID, mapErr(err))
	}
	return id, nil
}

// UpdateActivity changes an activity of schoolID. One not of the school is
// ErrNotFound.
func (s *Store) UpdateActivity(ctx context.Context, schoolID, id int64, f ActivityFields) error {
	if err := checkActivity(f); err != nil {
		return err
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE activities SET term_id = $3, kind = $4, title = $5, held_on = $6, office = $7, base_id = $8, place = $9,
			off_campus = $10, in_county = $11, speaker = $12, participants = $13, participant_count = $14, summary = $15,
			duties = $16, club_id = $17, updated_at = now()
		WHERE id = $1 AND school_id = $2
		  AND ($17::bigint IS NULL OR EXISTS (SELECT 1 FROM clubs WHERE id = $17 AND school_id = $2))`, id, schoolID, f.TermID,
		f.Kind, f.Title, calendar.DateOf(f.HeldOn), f.Office, nullInt(f.BaseID), f.Place, f.OffCampus, f.InCounty, f.Speaker,
		f.Participants, f.ParticipantCount, f.Summary, nonNilStrings(f.Duties), nullInt(f.ClubID))
	if err != nil {
		return fmt.Errorf("store: update activity %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: update activity %d: %w", id, ErrNotFound)
	}
	return nil
}

// DeleteActivity removes an activity of schoolID. One not of the school is
// ErrNotFound.
func (s *Store) DeleteActivity(ctx context.Context, schoolID, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM activities WHERE id = $1 AND school_id = $2`, id, schoolID)
	if err != nil {
		return fmt.Errorf("store: delete activity %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: delete activity %d: %w", id, ErrNotFound)
	}
	return nil
}

// ActivityDutyCounts counts a school's activities of a term per duty they
// count towards (R14–R20), from the index alone: what the compliance
// engine reads. A duty with none is absent.
func (s *Store) ActivityDutyCounts(ctx context.Context, schoolID, termID int64) (map[string]int, error) {
	rows, err := s.db.Query(ctx, `
		SELECT d, count(*) FROM activities a, unnest(a.duties) d
		WHERE a.school_id = $1 AND a.term_id = $2 GROUP BY d`, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: activity duties of school %d: %w", schoolID, err)
	}
	out := map[string]int{}
	var d string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&d, &n}, func() error { out[d] = n; return nil })
	if err != nil {
		return nil, fmt.Errorf("store: activity duties of school %d: %w", schoolID, err)
	}
	return out, nil
}

// CountyActivityDutyCounts is ActivityDutyCounts for every school of the
// county with activities in the terms: school → duty → count. Terms are
// several for a duty judged over a school year (R19).
func (s *Store) CountyActivityDutyCounts(ctx context.Context, countyID int64, termIDs []int64) (map[int64]map[string]int, error) {
	rows, err := s.db.Query(ctx, `
		SELECT a.school_id, d, count(*) FROM activities a JOIN schools sc ON sc.id = a.school_id, unnest(a.duties) d
		WHERE sc.county_id = $1 AND a.term_id = ANY($2) GROUP BY a.school_id, d`, countyID, termIDs)
	if err != nil {
		return nil, fmt.Errorf("store: county activity duties: %w", err)
	}
	out := map[int64]map[string]int{}
	var school int64
	var d string
	var n int
	_, err = pgx.ForEachRow(rows, []any{&school, &d, &n}, func() error {
		if out[school] == nil {
			out[school] = map[string]int{}
		}
		out[school][d] = n
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: county activity duties: %w", err)
	}
	return out, nil
}
