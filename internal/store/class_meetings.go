package store

import (
	"context"
	"errors"
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

// MeetingTheme is a theme 德育处 set for a term's themed class meetings:
// for the whole school (GradeLevel 0) or one grade.
type MeetingTheme struct {
	ID         int64     `db:"id"`
	GradeLevel int       `db:"grade_level"`
	HeldOn     time.Time `db:"held_on"`
	Theme      string    `db:"theme"`
	Title      string    `db:"title"`
	AuthorName string    `db:"author_name"`
}

// NewMeetingTheme is the input of SetMeetingTheme; GradeLevel 0 is the
// whole school.
type NewMeetingTheme struct {
	SchoolID, TermID, AuthorID int64
	GradeLevel                 int
	HeldOn                     time.Time
	Theme, Title               string
}

// SetMeetingTheme records a theme for a term's class meetings. A later theme
// for the same grade (or the school) takes the place of an earlier one in
// ThemeForClass; the earlier stays listed.
func (s *Store) SetMeetingTheme(ctx context.Context, m NewMeetingTheme) (int64, error) {
	if !activity.Themes.Valid(m.Theme) {
		return 0, fmt.Errorf("store: class meeting theme %q", m.Theme)
	}
	var grade *int
	if m.GradeLevel != 0 {
		grade = &m.GradeLevel
	}
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO class_meeting_themes (school_id, term_id, grade_level, held_on, theme, title, author_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.SchoolID, m.TermID, grade, calendar.DateOf(m.HeldOn), m.Theme, m.Title, m.AuthorID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: class meeting theme of school %d: %w", m.SchoolID, mapErr(err))
	}
	return id, nil
}

// MeetingThemes lists the themes set for a school's term, the latest first.
func (s *Store) MeetingThemes(ctx context.Context, schoolID, termID int64) ([]MeetingTheme, error) {
	rows, err := s.db.Query(ctx, `
		SELECT t.id, coalesce(t.grade_level, 0) AS grade_level, t.held_on, t.theme, t.title, u.display_name AS author_name
		FROM class_meeting_themes t JOIN users u ON u.id = t.author_id
		WHERE t.school_id = $1 AND t.term_id = $2
		ORDER BY t.id DESC`, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: class meeting themes of school %d: %w", schoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[MeetingTheme])
	if err != nil {
		return nil, fmt.Errorf("store: class meeting themes of school %d: %w", schoolID, err)
	}
	return out, nil
}

// ThemeForClass is the theme a class teacher confirms: the latest set for
// the class's grade, else the latest for the whole school; nil if none.
func (s *Store) ThemeForClass(ctx context.Context, schoolID, termID int64, gradeLevel int) (*MeetingTheme, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT t.id, coalesce(t.grade_level, 0) AS grade_level, t.held_on, t.theme, t.title, u.display_name AS author_name
		FROM class_meeting_themes t JOIN users u ON u.id = t.author_id
		WHERE t.school_id = $1 AND t.term_id = $2 AND (t.grade_level = $3 OR t.grade_level IS NULL)
		ORDER BY t.grade_level IS NULL, t.id DESC LIMIT 1`, schoolID, termID, gradeLevel)
	t, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[MeetingTheme])
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("store: class meeting theme for grade %d of school %d: %w", gradeLevel, schoolID, err)
	}
	return t, nil
}

// GetClassMeeting loads one themed class meeting with its class's name.
// Classes hold no child's data: the policy on its class says who sees it.
func (s *Store) GetClassMeeting(ctx context.Context, id int64) (*ClassMeeting, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT m.id, m.school_id, m.class_id, m.term_id, m.held_on, m.theme, m.title, m.author_id,
		       u.display_name AS author_name, m.created_at
		FROM class_meetings m JOIN users u ON u.id = m.author_id WHERE m.id = $1`, id)
	m, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[ClassMeeting])
	if err != nil {
		return nil, fmt.Errorf("store: class meeting %d: %w", id, mapErr(err))
	}
	return m, nil
}

// DeleteClassMeeting removes a meeting of the class; another class's is
// ErrNotFound.
func (s *Store) DeleteClassMeeting(ctx context.Context, classID, id int64) error {
	tag, err := s.db.Exec(ctx, `DELETE FROM class_meetings WHERE id = $1 AND class_id = $2`, id, classID)
	if err != nil {
		return fmt.Errorf("store: delete class meeting %d: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: delete class meeting %d: %w", id, ErrNotFound)
	}
	return nil
}
