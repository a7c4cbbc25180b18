package store

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/calendar"
	"xietong/internal/compliance"
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
	ID            int64      `db:"id"`
	CountyID      int64      `db:"county_id"`
	Title         string     `db:"title"`
	LinkURL       string     `db:"link_url"`
	Audience      string     `db:"audience"`
	AudienceStage string     `db:"audience_stage"`
	AudienceNote  string     `db:"audience_note"`
	PublishedOn   time.Time  `db:"published_on"`
	PublishedBy   int64      `db:"published_by"`
	WithdrawnAt   *time.Time `db:"withdrawn_at"`
	PublisherName string     `db:"publisher_name"`
	CreatedAt     time.Time  `db:"created_at"`
	UpdatedAt     time.Time  `db:"updated_at"`
}

// Withdrawn reports whether the bureau withdrew the lecture.
func (l *Lecture) Withdrawn() bool { return l.WithdrawnAt != nil }

const lectureColumns = `l.id, l.county_id, l.title, l.link_url, l.audience, l.audience_stage, l.audience_note,
	l.published_on, l.published_by, l.withdrawn_at, pu.display_name AS publisher_name, l.created_at, l.updated_at`

// concerns says that lecture l is school sc's to forward: its stages
// (parents.AudienceStages, written with the lecture) name the school's, or
// none, for every stage.
const concerns = `(cardinality(l.school_stages) = 0 OR sc.stage = ANY(l.school_stages))`

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
		INSERT INTO lectures (county_id, title, link_url, audience, audience_stage, audience_note, published_on, published_by, school_stages)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		l.CountyID, strings.TrimSpace(l.Title), strings.TrimSpace(l.LinkURL), l.Audience, l.AudienceStage,
		strings.TrimSpace(l.AudienceNote), calendar.DateOf(l.PublishedOn), l.PublishedBy, stagesOf(l.AudienceStage)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: create lecture: %w", mapErr(err))
	}
	return id, nil
}

// stagesOf is the school_stages column of a lecture for audienceStage.
func stagesOf(audienceStage string) []string {
	if st := parents.AudienceStages(audienceStage); st != nil {
		return st
	}
	return []string{}
}

// GetLecture loads a lecture of the county, withdrawn ones too.
func (s *Store) GetLecture(ctx context.Context, countyID, id int64) (*Lecture, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+lectureColumns+` FROM lectures l JOIN users pu ON pu.id = l.published_by
		WHERE l.id = $1 AND l.county_id = $2`, id, countyID)
	l, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Lecture])
	if err != nil {
		return nil, fmt.Errorf("store: lecture %d: %w", id, mapErr(err))
	}
	return l, nil
}

// GetSchoolLecture loads a lecture of the county that the school has to
// forward: not withdrawn, and for the school's stage when it is for one.
// Any other is ErrNotFound: a school's staff do not see lectures that are
// not theirs to forward.
func (s *Store) GetSchoolLecture(ctx context.Context, countyID, schoolID, id int64) (*Lecture, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+lectureColumns+` FROM lectures l JOIN users pu ON pu.id = l.published_by
		JOIN schools sc ON sc.id = $3 AND sc.county_id = l.county_id
		WHERE l.id = $1 AND l.county_id = $2 AND l.withdrawn_at IS NULL AND `+concerns, id, countyID, schoolID)
	l, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Lecture])
	if err != nil {
		return nil, fmt.Errorf("store: lecture %d of school %d: %w", id, schoolID, mapErr(err))
	}
	return l, nil
}

// UpdateLecture edits a lecture of the county that is not withdrawn
// (ErrNotFound otherwise).
func (s *Store) UpdateLecture(ctx context.Context, countyID, id int64, l NewLecture) error {
	if l.Audience != LectureAudienceStage {
		l.AudienceStage = ""
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE lectures SET title = $3, link_url = $4, audience = $5, audience_stage = $6, audience_note = $7,
			published_on = $8, school_stages = $9, updated_at = now()
		WHERE id = $1 AND county_id = $2 AND withdrawn_at IS NULL`,
		id, countyID, strings.TrimSpace(l.Title), strings.TrimSpace(l.LinkURL), l.Audience, l.AudienceStage,
		strings.TrimSpace(l.AudienceNote), calendar.DateOf(l.PublishedOn), stagesOf(l.AudienceStage))
	if err != nil {
		return fmt.Errorf("store: update lecture %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: update lecture %d: %w", id, ErrNotFound)
	}
	return nil
}

// WithdrawLecture withdraws a lecture of the county; one already withdrawn
// (or of another county) is ErrNotFound. Its forwards stay on record.
func (s *Store) WithdrawLecture(ctx context.Context, countyID, id, userID int64) error {
	tag, err := s.db.Exec(ctx, `
		UPDATE lectures SET withdrawn_at = now(), withdrawn_by = $3, updated_at = now()
		WHERE id = $1 AND county_id = $2 AND withdrawn_at IS NULL`, id, countyID, userID)
	if err != nil {
		return fmt.Errorf("store: withdraw lecture %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: withdraw lecture %d: %w", id, ErrNotFound)
	}
	return nil
}

// ForwardLecture records that the school forwarded the county's lecture on
// the date to the groups. A lecture of another county, a withdrawn one or
// one not for the school's stage is ErrNotFound; a second confirmation by
// the same school is ErrConflict.
func (s *Store) ForwardLecture(ctx context.Context, countyID, lectureID, schoolID, userID int64, on time.Time, groups string) (int64, error) {
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO lecture_forwards (lecture_id, school_id, forwarded_on, groups, forwarded_by)
		SELECT l.id, sc.id, $4, $5, $6 FROM lectures l JOIN schools sc ON sc.county_id = l.county_id
		WHERE l.id = $2 AND l.county_id = $1 AND sc.id = $3 AND l.withdrawn_at IS NULL AND `+concerns+`
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
// lectures published from..to (inclusive) that it had to forward (not
// withdrawn, for its stage when for one) and those it forwarded in time —
// one query, for the compliance engine.
func (s *Store) LectureForwardCounts(ctx context.Context, countyID int64, from, to time.Time) ([]LectureForwardCount, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id AS school_id, count(l.id)::int AS published,
		       count(f.id) FILTER (WHERE f.forwarded_on <= l.published_on + $4::int)::int AS in_time
		FROM schools sc
		LEFT JOIN lectures l ON l.county_id = sc.county_id AND l.published_on BETWEEN $2 AND $3
			AND l.withdrawn_at IS NULL AND `+concerns+`
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

// R12: the lectures published in the window that the school had to forward
// (LectureForwardCounts) / those it forwarded within parents.ForwardDays.
// For one school's page the explanation lists the lectures of the window
// forwarded late or, past their due day, not at all.
func lectureFigures(ctx context.Context, run *figureRun, q DutyQuery) (map[int64]compliance.Figures, error) {
	counts, err := run.s.LectureForwardCounts(ctx, run.scope.CountyID, q.Window.Start, q.Window.End)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, c := range counts {
		if run.wanted(c.SchoolID) {
			out[c.SchoolID] = compliance.Figures{Available: true, Num: c.InTime, Den: c.Published}
		}
	}
	if run.scope.SchoolID == 0 {
		return out, nil
	}
	list, err := run.s.SchoolLectures(ctx, run.scope.CountyID, run.scope.SchoolID, q.Window.Start, q.Window.End)
	if err != nil {
		return nil, err
	}
	f := out[run.scope.SchoolID]
	f.Problems = lectureProblems(list, q.Window, run.scope.Today)
	out[run.scope.SchoolID] = f
	return out, nil
}

// lectureProblems are the lectures of the window a school forwarded late
// or has not forwarded past their due day, oldest first, in Chinese.
func lectureProblems(list []SchoolLecture, w calendar.Window, today time.Time) []string {
	list = slices.Clone(list)
	slices.SortFunc(list, func(a, b SchoolLecture) int {
		if c := a.PublishedOn.Compare(b.PublishedOn); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	var out []string
	for _, l := range list {
		if !w.Contains(l.PublishedOn) {
			continue
		}
		var on *time.Time
		if l.Forward != nil {
			on = &l.Forward.ForwardedOn
		}
		switch parents.Forwarding(l.PublishedOn, on, today) {
		case parents.ForwardedLate:
			out = append(out, "“"+l.Title+"”逾期 "+strconv.Itoa(parents.DaysLate(l.PublishedOn, *on))+" 天转发")
		case parents.ForwardOverdue:
			out = append(out, "“"+l.Title+"”逾期未转发（应于 "+calendar.DateLabel(parents.ForwardDue(l.PublishedOn))+" 前）")
		}
	}
	return out
}
