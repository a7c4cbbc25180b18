package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/parents"
)

// Lecture audiences: every parent, the parents of a school stage, or
// special groups the note names.
const (
	LectureAudienceAll     = "all"
	LectureAudienceStage   = "stage"
	LectureAudienceSpecial = "special"
)

// Lecture is a bureau lecture or resource (家庭教育讲座/资源) schools forward
// to their parent groups (R12).
type Lecture struct {
	ID            int64     `db:"id"`
	CountyID      int64     `db:"county_id"`
	Title         string    `db:"title"`
	LinkURL       string    `db:"link_url"`
	Audience      string    `db:"audience"`
	AudienceStage string    `db:"audience_stage"`
	AudienceNote  string    `db:"audience_note"`
	PublishedOn   time.Time `db:"published_on"`
	PublishedBy   int64     `db:"published_by"`
	CreatedAt     time.Time `db:"created_at"`
	UpdatedAt     time.Time `db:"updated_at"`
}

// NewLecture is the input of CreateLecture. The caller has checked the
// link (http or https, or an attachment follows) and that the date is not
// in the future; the table's constraints hold the rest.
type NewLecture struct {
	CountyID, PublishedBy                 int64
	Title, LinkURL                        string
	Audience, AudienceStage, AudienceNote string
	PublishedOn                           time.Time
}

// CreateLecture publishes a lecture in the county and returns its id.
func (s *Store) CreateLecture(ctx context.Context, l NewLecture) (int64, error) {
	if l.Audience != LectureAudienceStage {
		l.AudienceStage = ""
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO lectures (county_id, title, link_url, audience, audience_stage, audience_note, published_on, published_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		l.CountyID, strings.TrimSpace(l.Title), strings.TrimSpace(l.LinkURL), l.Audience, l.AudienceStage,
		strings.TrimSpace(l.AudienceNote), calendar.DateOf(l.PublishedOn), l.PublishedBy).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create lecture: %w", mapErr(err))
	}
	return id, nil
}

// GetLecture loads a lecture of the county.
func (s *Store) GetLecture(ctx context.Context, countyID, id int64) (*Lecture, error) {
	rows, _ := s.db.Query(ctx, `SELECT id, county_id, title, link_url, audience, audience_stage, audience_note,
		published_on, published_by, created_at, updated_at FROM lectures WHERE id = $1 AND county_id = $2`, id, countyID)
	l, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Lecture])
	if err != nil {
		return nil, fmt.Errorf("store: lecture %d: %w", id, mapErr(err))
	}
	return l, nil
}

// ForwardLecture records that the school forwarded the county's lecture on
// the date to the groups. A lecture of another county is ErrNotFound; a
// second confirmation by the same school is ErrConflict.
func (s *Store) ForwardLecture(ctx context.Context, countyID, lectureID, schoolID, userID int64, on time.Time, groups string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO lecture_forwards (lecture_id, school_id, forwarded_on, groups, forwarded_by)
		SELECT l.id, sc.id, $4, $5, $6 FROM lectures l JOIN schools sc ON sc.county_id = l.county_id
		WHERE l.id = $2 AND l.county_id = $1 AND sc.id = $3
		RETURNING id`, countyID, lectureID, schoolID, calendar.DateOf(on), strings.TrimSpace(groups), userID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: forward lecture %d: %w", lectureID, mapErr(err))
	}
	return id, nil
}

// LectureForwardCount is a school's R12 figure for a period: lectures
// published in it and how many the school forwarded within
// parents.ForwardDays.
type LectureForwardCount struct {
	SchoolID  int64 `db:"school_id"`
	Published int   `db:"published"`
	InTime    int   `db:"in_time"`
}

// LectureForwardCounts counts, for every school of the county, the
// lectures published from..to (inclusive) and those the school forwarded
// in time — one query, for the compliance engine.
func (s *Store) LectureForwardCounts(ctx context.Context, countyID int64, from, to time.Time) ([]LectureForwardCount, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id AS school_id, count(l.id)::int AS published,
		       count(f.id) FILTER (WHERE f.forwarded_on <= l.published_on + $4::int)::int AS in_time
		FROM schools sc
		LEFT JOIN lectures l ON l.county_id = sc.county_id AND l.published_on BETWEEN $2 AND $3
		LEFT JOIN lecture_forwards f ON f.lecture_id = l.id AND f.school_id = sc.id
		WHERE sc.county_id = $1
		GROUP BY sc.id ORDER BY sc.id`, countyID, calendar.DateOf(from), calendar.DateOf(to), parents.ForwardDays)
	if err != nil {
		return nil, fmt.Errorf("store: lecture forward counts: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[LectureForwardCount])
	if err != nil {
		return nil, fmt.Errorf("store: lecture forward counts: %w", err)
	}
	return out, nil
}
