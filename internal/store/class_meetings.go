package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/activity"
	"xietong/internal/calendar"
)

// ClassMeeting is one themed class meeting (主题班会, R05) of a class.
type ClassMeeting struct {
	ID         int64     `db:"id"`
	SchoolID   int64     `db:"school_id"`
	ClassID    int64     `db:"class_id"`
	TermID     int64     `db:"term_id"`
	HeldOn     time.Time `db:"held_on"`
	Theme      string    `db:"theme"`
	Title      string    `db:"title"`
	AuthorID   int64     `db:"author_id"`
	AuthorName string    `db:"author_name"`
	CreatedAt  time.Time `db:"created_at"`
}

// NewClassMeeting is the input of CreateClassMeeting. The caller has
// checked the date against the term (activity.ValidateDate) and the theme
// against activity.Themes; the table's constraints hold them too.
type NewClassMeeting struct {
	SchoolID, ClassID, TermID, AuthorID int64
	HeldOn                              time.Time
	Theme, Title                        string
}

// CreateClassMeeting records a themed class meeting and returns its id. The
// class must be an active class of SchoolID.
func (s *Store) CreateClassMeeting(ctx context.Context, m NewClassMeeting) (int64, error) {
	if !activity.Themes.Valid(m.Theme) {
		return 0, fmt.Errorf("store: class meeting theme %q", m.Theme)
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO class_meetings (school_id, class_id, term_id, held_on, theme, title, author_id)
		SELECT c.school_id, c.id, $3, $4, $5, $6, $7
		FROM classes c WHERE c.id = $2 AND c.school_id = $1 AND c.archived_at IS NULL
		RETURNING id`, m.SchoolID, m.ClassID, m.TermID, calendar.DateOf(m.HeldOn), m.Theme, m.Title, m.AuthorID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: class meeting of class %d: %w", m.ClassID, mapErr(err))
	}
	return id, nil
}

// ListClassMeetings lists a class's themed class meetings of a term, the
// latest first.
func (s *Store) ListClassMeetings(ctx context.Context, classID, termID int64) ([]ClassMeeting, error) {
	rows, err := s.db.Query(ctx, `
		SELECT m.id, m.school_id, m.class_id, m.term_id, m.held_on, m.theme, m.title, m.author_id,
		       u.display_name AS author_name, m.created_at
		FROM class_meetings m JOIN users u ON u.id = m.author_id
		WHERE m.class_id = $1 AND m.term_id = $2
		ORDER BY m.held_on DESC, m.id DESC`, classID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: class meetings of class %d: %w", classID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassMeeting])
	if err != nil {
		return nil, fmt.Errorf("store: class meetings of class %d: %w", classID, err)
	}
	return out, nil
}

// ClassMeetingStatus is where one class of a school stands on R05 for a
// term: its meetings' count, first date and state (activity.ClassMeeting).
type ClassMeetingStatus struct {
	ClassID    int64
	GradeLevel int
	Name       string
	Meetings   int
	First      time.Time // zero if none
	State      activity.MeetingState
}

// SchoolMeetingSummary lists every active class of the school (of the
// term's school year) with where it stands on the first-week rule on the
// civil date today. It reads the meetings by the (school, term) index and
// carries no meeting's text: county roles may see it.
func (s *Store) SchoolMeetingSummary(ctx context.Context, schoolID int64, term calendar.Term, today time.Time) ([]ClassMeetingStatus, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id, g.level, c.name, coalesce(m.dates, '{}')
		FROM classes c
		JOIN grades g ON g.id = c.grade_id
		LEFT JOIN (
			SELECT class_id, array_agg(held_on ORDER BY held_on) AS dates
			FROM class_meetings WHERE school_id = $1 AND term_id = $2
			GROUP BY class_id
		) m ON m.class_id = c.id
		WHERE c.school_id = $1 AND c.archived_at IS NULL
		  AND g.school_year_id = $3
		ORDER BY g.level, c.number`, schoolID, term.ID, term.SchoolYearID)
	if err != nil {
		return nil, fmt.Errorf("store: class meetings of school %d: %w", schoolID, err)
	}
	var out []ClassMeetingStatus
	var dates []time.Time
	var cs ClassMeetingStatus
	_, err = pgx.ForEachRow(rows, []any{&cs.ClassID, &cs.GradeLevel, &cs.Name, &dates}, func() error {
		r := cs
		r.Meetings = len(dates)
		if len(dates) > 0 {
			r.First = dates[0]
		}
		r.State = activity.ClassMeeting(term, dates, today)
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: class meetings of school %d: %w", schoolID, err)
	}
	return out, nil
}
