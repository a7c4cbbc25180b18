package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/parents"
)

// LectureFilter is the state of the bureau's lecture list.
type LectureFilter struct {
	CountyID int64
	// From, To bound the publish date (inclusive); zero is open.
	From, To time.Time
	Audience string
	// Withdrawn: "" the lectures in force, "yes" the withdrawn ones, "all".
	Withdrawn string
	Q         string
	// Sort is "date" (default) or "title", ascending unless Desc.
	Sort          string
	Desc          bool
	Limit, Offset int
}

// LectureRow is a lecture of the bureau's list with its forwarding so far:
// the active schools it concerns, how many forwarded it, how many of those
// after the due day.
type LectureRow struct {
	Lecture
	Schools   int `db:"schools"`
	Forwarded int `db:"forwarded"`
	Late      int `db:"late"`
}

var lectureOrders = map[string]string{
	"date":  "l.published_on %[1]s, l.id %[1]s",
	"title": "l.title %[1]s, l.published_on DESC, l.id DESC",
}

// ListLectures lists one page of the county's lectures that match f, with
// their forwarding counts, and counts them all.
func (s *Store) ListLectures(ctx context.Context, f LectureFilter) ([]LectureRow, int, error) {
	order, ok := lectureOrders[f.Sort]
	if !ok {
		order = lectureOrders["date"]
	}
	dir := "ASC"
	if f.Desc {
		dir = "DESC"
	}
	var from, to any
	if !f.From.IsZero() {
		from = calendar.DateOf(f.From)
	}
	if !f.To.IsZero() {
		to = calendar.DateOf(f.To)
	}
	where := `WHERE l.county_id = $1 AND ($2::date IS NULL OR l.published_on >= $2) AND ($3::date IS NULL OR l.published_on <= $3)
		AND ($4 = '' OR l.audience = $4)
		AND CASE $5 WHEN 'all' THEN true WHEN 'yes' THEN l.withdrawn_at IS NOT NULL ELSE l.withdrawn_at IS NULL END
		AND ($6 = '' OR l.title ILIKE '%' || $6 || '%' OR l.audience_note ILIKE '%' || $6 || '%')`
	args := []any{f.CountyID, from, to, f.Audience, f.Withdrawn, escapeLike(f.Q)}
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*) FROM lectures l `+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: count lectures: %w", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	args = append(args, parents.ForwardDays)
	rows, err := s.db.Query(ctx, `SELECT `+lectureColumns+`,
		(SELECT count(*) FROM schools sc WHERE sc.county_id = l.county_id AND sc.archived_at IS NULL AND `+concerns+`)::int AS schools,
		(SELECT count(*) FROM lecture_forwards f JOIN schools sc ON sc.id = f.school_id
			WHERE f.lecture_id = l.id AND sc.archived_at IS NULL)::int AS forwarded,
		(SELECT count(*) FROM lecture_forwards f JOIN schools sc ON sc.id = f.school_id
			WHERE f.lecture_id = l.id AND sc.archived_at IS NULL AND f.forwarded_on > l.published_on + $7::int)::int AS late
		FROM lectures l JOIN users pu ON pu.id = l.published_by `+where+
		` ORDER BY `+fmt.Sprintf(order, dir)+fmt.Sprintf(` LIMIT %d OFFSET %d`, limit, max(f.Offset, 0)), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: list lectures: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[LectureRow])
	if err != nil {
		return nil, 0, fmt.Errorf("store: list lectures: %w", err)
	}
	return out, total, nil
}

// LectureForward is a school's forwarding of a lecture.
type LectureForward struct {
	ID            int64     `db:"id"`
	ForwardedOn   time.Time `db:"forwarded_on"`
	Groups        string    `db:"groups"`
	ForwarderName string    `db:"forwarder_name"`
	Screenshots   int       `db:"screenshots"`
}

// LectureSchool is one school on a lecture's page: whether, when and
// where it forwarded the lecture (Forward nil: not yet).
type LectureSchool struct {
	SchoolID   int64  `db:"school_id"`
	SchoolName string `db:"school_name"`
	Township   string `db:"township"`
	Stage      string `db:"stage"`
	Forward    *LectureForward
}

type lectureSchoolRow struct {
	SchoolID      int64      `db:"school_id"`
	SchoolName    string     `db:"school_name"`
	Township      string     `db:"township"`
	Stage         string     `db:"stage"`
	ForwardID     *int64     `db:"forward_id"`
	ForwardedOn   *time.Time `db:"forwarded_on"`
	Groups        *string    `db:"groups"`
	ForwarderName *string    `db:"forwarder_name"`
	Screenshots   int        `db:"screenshots"`
}

func (r lectureSchoolRow) school() LectureSchool {
	out := LectureSchool{SchoolID: r.SchoolID, SchoolName: r.SchoolName, Township: r.Township, Stage: r.Stage}
	if r.ForwardID != nil {
		out.Forward = &LectureForward{ID: *r.ForwardID, ForwardedOn: *r.ForwardedOn, Groups: *r.Groups,
			ForwarderName: *r.ForwarderName, Screenshots: r.Screenshots}
	}
	return out
}

const lectureForwardColumns = `f.id AS forward_id, f.forwarded_on, f.groups, u.display_name AS forwarder_name,
	(SELECT count(*) FROM evidence e WHERE e.owner_type = 'lecture_forward' AND e.owner_id = f.id AND e.school_id = sc.id)::int AS screenshots`

// LectureSchools lists, for a lecture of the county, every active school
// it concerns (by code) with its forward, and also any archived or other
// school that forwarded it before it stopped concerning them.
func (s *Store) LectureSchools(ctx context.Context, countyID, lectureID int64) ([]LectureSchool, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id AS school_id, sc.name AS school_name, sc.township, sc.stage, `+lectureForwardColumns+`
		FROM lectures l JOIN schools sc ON sc.county_id = l.county_id
		LEFT JOIN lecture_forwards f ON f.lecture_id = l.id AND f.school_id = sc.id
		LEFT JOIN users u ON u.id = f.forwarded_by
		WHERE l.id = $1 AND l.county_id = $2 AND (f.id IS NOT NULL OR sc.archived_at IS NULL AND `+concerns+`)
		ORDER BY sc.code`, lectureID, countyID)
	if err != nil {
		return nil, fmt.Errorf("store: schools of lecture %d: %w", lectureID, err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByName[lectureSchoolRow])
	if err != nil {
		return nil, fmt.Errorf("store: schools of lecture %d: %w", lectureID, err)
	}
	out := make([]LectureSchool, len(got))
	for i, r := range got {
		out[i] = r.school()
	}
	return out, nil
}

// SchoolLectureForward is the school's forward of the lecture, or nil.
func (s *Store) SchoolLectureForward(ctx context.Context, lectureID, schoolID int64) (*LectureForward, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT f.id, f.forwarded_on, f.groups, u.display_name AS forwarder_name,
			(SELECT count(*) FROM evidence e WHERE e.owner_type = 'lecture_forward' AND e.owner_id = f.id AND e.school_id = f.school_id)::int AS screenshots
		FROM lecture_forwards f JOIN users u ON u.id = f.forwarded_by
		WHERE f.lecture_id = $1 AND f.school_id = $2`, lectureID, schoolID)
	f, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[LectureForward])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: forward of lecture %d by school %d: %w", lectureID, schoolID, err)
	}
	return f, nil
}

// SchoolLecture is a lecture on a school's list, with its forward if any.
type SchoolLecture struct {
	Lecture
	Forward *LectureForward
}

type schoolLectureRow struct {
	Lecture
	ForwardID     *int64     `db:"forward_id"`
	ForwardedOn   *time.Time `db:"forwarded_on"`
	Groups        *string    `db:"groups"`
	ForwarderName *string    `db:"forwarder_name"`
	Screenshots   int        `db:"screenshots"`
}

// SchoolLectures lists the lectures the school has to forward: every one
// not yet forwarded, whenever published, and those forwarded that were
// published from..to (zero is open). Oldest due first for what is left,
// then the newest done.
func (s *Store) SchoolLectures(ctx context.Context, countyID, schoolID int64, from, to time.Time) ([]SchoolLecture, error) {
	var lo, hi any
	if !from.IsZero() {
		lo = calendar.DateOf(from)
	}
	if !to.IsZero() {
		hi = calendar.DateOf(to)
	}
	rows, err := s.db.Query(ctx, `
		SELECT `+lectureColumns+`, `+lectureForwardColumns+`
		FROM lectures l JOIN users pu ON pu.id = l.published_by
		JOIN schools sc ON sc.id = $2 AND sc.county_id = l.county_id
		LEFT JOIN lecture_forwards f ON f.lecture_id = l.id AND f.school_id = sc.id
		LEFT JOIN users u ON u.id = f.forwarded_by
		WHERE l.county_id = $1 AND l.withdrawn_at IS NULL AND `+concerns+`
			AND (f.id IS NULL OR ($3::date IS NULL OR l.published_on >= $3) AND ($4::date IS NULL OR l.published_on <= $4))
		ORDER BY f.id IS NOT NULL, CASE WHEN f.id IS NULL THEN l.published_on END, l.published_on DESC, l.id DESC
		LIMIT 500`, countyID, schoolID, lo, hi)
	if err != nil {
		return nil, fmt.Errorf("store: lectures of school %d: %w", schoolID, err)
	}
	got, err := pgx.CollectRows(rows, pgx.RowToStructByName[schoolLectureRow])
	if err != nil {
		return nil, fmt.Errorf("store: lectures of school %d: %w", schoolID, err)
	}
	out := make([]SchoolLecture, len(got))
	for i, r := range got {
		out[i] = SchoolLecture{Lecture: r.Lecture}
		if r.ForwardID != nil {
			out[i].Forward = &LectureForward{ID: *r.ForwardID, ForwardedOn: *r.ForwardedOn, Groups: *r.Groups,
				ForwarderName: *r.ForwarderName, Screenshots: r.Screenshots}
		}
	}
	return out, nil
}
