package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
)

// ParentMeeting is one parent meeting (家长会, R08) with its lecture (R13)
// and its opinions' counts.
type ParentMeeting struct {
	ID             int64     `db:"id"`
	SchoolID       int64     `db:"school_id"`
	SchoolName     string    `db:"school_name"`
	TermID         int64     `db:"term_id"`
	Scope          string    `db:"scope"`
	GradeLevel     int       `db:"grade_level"` // 0 unless Scope is grade
	ClassID        int64     `db:"class_id"`    // 0 unless Scope is class
	ClassName      string    `db:"class_name"`
	HeldOn         time.Time `db:"held_on"`
	Organisers     []string  `db:"organisers"`
	Topic          string    `db:"topic"`
	Invited        int       `db:"invited"`
	Attending      int       `db:"attending"`
	LectureSpeaker string    `db:"lecture_speaker"`
	LectureTopic   string    `db:"lecture_topic"`
	LinkToken      string    `db:"link_token"`
	AuthorID       int64     `db:"author_id"`
	AuthorName     string    `db:"author_name"`
	CreatedAt      time.Time `db:"created_at"`
	// Opinions and Answered are R08's counts of the meeting: accepted
	// opinions, and those of them with a response (parents.AnsweredShare).
	Opinions int `db:"opinions"`
	Answered int `db:"answered"`
	// Received: parents' opinions from the link waiting to be accepted.
	Received int `db:"received"`
}

// MeetingFields are what a meeting's form edits. The caller has checked
// them (parents.ValidateAttendance, the date against the term, the codes);
// the table's constraints hold them too. For a whole-school meeting
// Classes holds each class's counts and Invited, Attending their sums.
type MeetingFields struct {
	TermID                       int64
	Scope                        string
	GradeLevel                   int
	ClassID                      int64
	HeldOn                       time.Time
	Organisers                   []string
	Topic                        string
	Invited, Attending           int
	LectureSpeaker, LectureTopic string
	Classes                      []parents.Attendance
}

// NewParentMeeting is the input of CreateParentMeeting; LinkToken is the
// parents' link, random (server.newLinkToken).
type NewParentMeeting struct {
	MeetingFields
	SchoolID, AuthorID int64
	LinkToken          string
}

// MeetingFilter is the state of a school's meeting list.
type MeetingFilter struct {
	SchoolID  int64
	TermID    int64  // 0: every term
	Scope     string // a parents.MeetingScopes code, "" for any
	Organiser string // a parents.MeetingOrganisers code, "" for any
	Q         string // part of the topic or the lecture's topic
	Limit     int
	Offset    int
}

func (m MeetingFields) check() error {
	if !parents.MeetingScopes.Valid(m.Scope) {
		return fmt.Errorf("store: parent meeting scope %q", m.Scope)
	}
	for _, o := range m.Organisers {
		if !parents.MeetingOrganisers.Valid(o) {
			return fmt.Errorf("store: parent meeting organiser %q", o)
		}
	}
	return nil
}

// meetingColumns reads a meeting as ParentMeeting, with its counts.
const meetingColumns = `m.id, m.school_id, sc.name AS school_name, m.term_id, m.scope, coalesce(m.grade_level, 0) AS grade_level,
	coalesce(m.class_id, 0) AS class_id, coalesce(c.name, '') AS class_name, m.held_on, m.organisers, m.topic,
	m.invited, m.attending, m.lecture_speaker, m.lecture_topic, m.link_token, m.author_id, u.display_name AS author_name,
	m.created_at, coalesce(o.opinions, 0) AS opinions, coalesce(o.answered, 0) AS answered, coalesce(o.received, 0) AS received
	FROM parent_meetings m
	JOIN schools sc ON sc.id = m.school_id
	JOIN users u ON u.id = m.author_id
	LEFT JOIN classes c ON c.id = m.class_id
	LEFT JOIN LATERAL (
		SELECT count(*) FILTER (WHERE state IN ('pending', 'answered', 'published'))::int AS opinions,
		       count(*) FILTER (WHERE state IN ('answered', 'published'))::int AS answered,
		       count(*) FILTER (WHERE state = 'received')::int AS received
		FROM parent_opinions po WHERE po.meeting_id = m.id
	) o ON true`

// meetingScopeSQL admits the meetings of scope sc (auth.ParentMeetingScope)
// in county $1: $2 all, $3 a school, $4 (non-null) only class meetings of
// those classes.
const meetingScopeSQL = `sc.county_id = $1 AND ($2 OR (m.school_id = $3 AND ($4::bigint[] IS NULL OR m.class_id = ANY($4))))`

func scopeArgs(countyID int64, sc auth.Scope) []any {
	return []any{countyID, sc.All, sc.SchoolID, sc.ClassIDs}
}

// CreateParentMeeting records a meeting and, for a whole-school meeting,
// its classes' counts; it returns the meeting's id. A class (of a class
// meeting, or of the counts) that is not an active class of SchoolID is
// ErrNotFound.
func (s *Store) CreateParentMeeting(ctx context.Context, m NewParentMeeting) (int64, error) {
	if err := m.check(); err != nil {
		return 0, err
	}
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.checkMeetingClasses(ctx, m.SchoolID, m.MeetingFields); err != nil {
			return err
		}
		err := tx.db.QueryRow(ctx, `
			INSERT INTO parent_meetings (school_id, term_id, scope, grade_level, class_id, held_on, organisers, topic,
				invited, attending, lecture_speaker, lecture_topic, link_token, author_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
			m.SchoolID, m.TermID, m.Scope, nullLevel(m.GradeLevel), nullInt(m.ClassID), calendar.DateOf(m.HeldOn), m.Organisers,
			m.Topic, m.Invited, m.Attending, m.LectureSpeaker, m.LectureTopic, m.LinkToken, m.AuthorID).Scan(&id)
		if err != nil {
			return mapErr(err)
		}
		return tx.setMeetingClasses(ctx, id, m.Classes)
	})
	if err != nil {
		return 0, fmt.Errorf("store: parent meeting of school %d: %w", m.SchoolID, err)
	}
	return id, nil
}

// UpdateParentMeeting changes a meeting of the school and replaces its
// classes' counts. One not of the school is ErrNotFound.
func (s *Store) UpdateParentMeeting(ctx context.Context, schoolID, id int64, m MeetingFields) error {
	if err := m.check(); err != nil {
		return err
	}
	err := s.InTx(ctx, func(tx *Store) error {
		if err := tx.checkMeetingClasses(ctx, schoolID, m); err != nil {
			return err
		}
		tag, err := tx.db.Exec(ctx, `
			UPDATE parent_meetings SET term_id = $3, scope = $4, grade_level = $5, class_id = $6, held_on = $7,
				organisers = $8, topic = $9, invited = $10, attending = $11, lecture_speaker = $12, lecture_topic = $13,
				updated_at = now()
			WHERE id = $1 AND school_id = $2`, id, schoolID, m.TermID, m.Scope, nullLevel(m.GradeLevel), nullInt(m.ClassID),
			calendar.DateOf(m.HeldOn), m.Organisers, m.Topic, m.Invited, m.Attending, m.LectureSpeaker, m.LectureTopic)
		if err != nil {
			return mapErr(err)
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		// An opinion keeps the meeting's term, for the per-term counts.
		if _, err := tx.db.Exec(ctx, `UPDATE parent_opinions SET term_id = $2 WHERE meeting_id = $1 AND term_id <> $2`, id, m.TermID); err != nil {
			return err
		}
		if _, err := tx.db.Exec(ctx, `DELETE FROM parent_meeting_classes WHERE meeting_id = $1`, id); err != nil {
			return err
		}
		return tx.setMeetingClasses(ctx, id, m.Classes)
	})
	if err != nil {
		return fmt.Errorf("store: update parent meeting %d: %w", id, err)
	}
	return nil
}

func nullLevel(l int) any {
	if l == 0 {
		return nil
	}
	return l
}

// checkMeetingClasses: the class of a class meeting and the classes of the
// counts must be active classes of the school.
func (s *Store) checkMeetingClasses(ctx context.Context, schoolID int64, m MeetingFields) error {
	ids := make([]int64, 0, len(m.Classes)+1)
	if m.ClassID != 0 {
		ids = append(ids, m.ClassID)
	}
	for _, c := range m.Classes {
		ids = append(ids, c.ClassID)
	}
	if len(ids) == 0 {
		return nil
	}
	var n int
	if err := s.db.QueryRow(ctx, `
		SELECT count(DISTINCT id)::int FROM classes WHERE id = ANY($1) AND school_id = $2 AND archived_at IS NULL`,
		ids, schoolID).Scan(&n); err != nil {
		return err
	}
	distinct := map[int64]bool{}
	for _, id := range ids {
		distinct[id] = true
	}
	if n != len(distinct) {
		return fmt.Errorf("a class is not of school %d: %w", schoolID, ErrNotFound)
	}
	return nil
}

func (s *Store) setMeetingClasses(ctx context.Context, meetingID int64, cs []parents.Attendance) error {
	if len(cs) == 0 {
		return nil
	}
	ids, inv, att := make([]int64, len(cs)), make([]int32, len(cs)), make([]int32, len(cs))
	for i, c := range cs {
		ids[i], inv[i], att[i] = c.ClassID, int32(c.Invited), int32(c.Attending)
	}
	_, err := s.db.Exec(ctx, `
		INSERT INTO parent_meeting_classes (meeting_id, class_id, invited, attending)
		SELECT $1, * FROM unnest($2::bigint[], $3::int[], $4::int[])`, meetingID, ids, inv, att)
	return mapErr(err)
}

// ListParentMeetings lists the meetings of f's school inside the user's
// scope sc (county countyID), the latest first, one page of them, with
// how many match in all.
func (s *Store) ListParentMeetings(ctx context.Context, countyID int64, sc auth.Scope, f MeetingFilter) ([]ParentMeeting, int, error) {
	if sc.Nothing() {
		return nil, 0, nil
	}
	args := append(scopeArgs(countyID, sc), f.SchoolID, f.TermID, f.Scope, f.Organiser, escapeLike(f.Q))
	where := ` WHERE ` + meetingScopeSQL + ` AND m.school_id = $5 AND ($6 = 0 OR m.term_id = $6) AND ($7 = '' OR m.scope = $7)
		AND ($8 = '' OR $8 = ANY(m.organisers))
		AND ($9 = '' OR m.topic ILIKE '%' || $9 || '%' OR m.lecture_topic ILIKE '%' || $9 || '%')`
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*)::int FROM parent_meetings m JOIN schools sc ON sc.id = m.school_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: parent meetings of school %d: %w", f.SchoolID, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := s.db.Query(ctx, `SELECT `+meetingColumns+where+`
		ORDER BY m.held_on DESC, m.id DESC LIMIT $10 OFFSET $11`, append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: parent meetings of school %d: %w", f.SchoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ParentMeeting])
	if err != nil {
		return nil, 0, fmt.Errorf("store: parent meetings of school %d: %w", f.SchoolID, err)
	}
	return out, total, nil
}

// ParentMeetingByID loads a meeting inside the user's scope sc; one
// outside it, or of another county, is ErrNotFound.
func (s *Store) ParentMeetingByID(ctx context.Context, countyID int64, sc auth.Scope, id int64) (*ParentMeeting, error) {
	if sc.Nothing() {
		return nil, fmt.Errorf("store: parent meeting %d: %w", id, ErrNotFound)
	}
	rows, _ := s.db.Query(ctx, `SELECT `+meetingColumns+` WHERE `+meetingScopeSQL+` AND m.id = $5`, append(scopeArgs(countyID, sc), id)...)
	m, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[ParentMeeting])
	if err != nil {
		return nil, fmt.Errorf("store: parent meeting %d: %w", id, mapErr(err))
	}
	return m, nil
}

// ParentMeetingByToken loads the meeting of a parents' link; an unknown
// token is ErrNotFound.
func (s *Store) ParentMeetingByToken(ctx context.Context, token string) (*ParentMeeting, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+meetingColumns+` WHERE m.link_token = $1`, token)
	m, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[ParentMeeting])
	if err != nil {
		return nil, fmt.Errorf("store: parent meeting by link: %w", mapErr(err))
	}
	return m, nil
}

// MeetingClass is one class's counts at a whole-school meeting.
type MeetingClass struct {
	ClassID    int64  `db:"class_id"`
	GradeLevel int    `db:"grade_level"`
	Name       string `db:"name"`
	Invited    int    `db:"invited"`
	Attending  int    `db:"attending"`
}

// MeetingClasses lists a meeting's classes' counts by grade and number.
func (s *Store) MeetingClasses(ctx context.Context, meetingID int64) ([]MeetingClass, error) {
	rows, err := s.db.Query(ctx, `
		SELECT pc.class_id, g.level AS grade_level, c.name, pc.invited, pc.attending
		FROM parent_meeting_classes pc JOIN classes c ON c.id = pc.class_id JOIN grades g ON g.id = c.grade_id
		WHERE pc.meeting_id = $1 ORDER BY g.level, c.number`, meetingID)
	if err != nil {
		return nil, fmt.Errorf("store: classes of parent meeting %d: %w", meetingID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[MeetingClass])
	if err != nil {
		return nil, fmt.Errorf("store: classes of parent meeting %d: %w", meetingID, err)
	}
	return out, nil
}

// Opinion is a parent's opinion or suggestion (意见建议) of a meeting.
type Opinion struct {
	ID            int64      `db:"id"`
	MeetingID     int64      `db:"meeting_id"`
	Body          string     `db:"body"`
	Category      string     `db:"category"`
	OwnerOffice   string     `db:"owner_office"`
	Response      string     `db:"response"`
	State         string     `db:"state"`
	Source        string     `db:"source"`
	CreatedByName string     `db:"created_by_name"`
	CreatedAt     time.Time  `db:"created_at"`
	RespondedName string     `db:"responded_name"`
	RespondedAt   *time.Time `db:"responded_at"`
}

// NewOpinion is one opinion staff add (typed, pasted or imported).
type NewOpinion struct {
	Body, Category, OwnerOffice string
}

const opinionColumns = `o.id, o.meeting_id, o.body, o.category, o.owner_office, o.response, o.state, o.source,
	coalesce(cu.display_name, '') AS created_by_name, o.created_at, coalesce(ru.display_name, '') AS responded_name, o.responded_at
	FROM parent_opinions o LEFT JOIN users cu ON cu.id = o.created_by LEFT JOIN users ru ON ru.id = o.responded_by`

// AddOpinions adds opinions staff collected to a meeting of the school,
// each waiting for a response; source is staff, paste or xlsx. A meeting
// not of the school is ErrNotFound.
func (s *Store) AddOpinions(ctx context.Context, schoolID, meetingID, userID int64, source string, ops []NewOpinion) error {
	if source == "link" || !parents.OpinionSources.Valid(source) {
		return fmt.Errorf("store: opinion source %q", source)
	}
	bodies, cats, owners := make([]string, len(ops)), make([]string, len(ops)), make([]string, len(ops))
	for i, o := range ops {
		if !parents.OpinionCategories.Valid(o.Category) {
			return fmt.Errorf("store: opinion category %q", o.Category)
		}
		bodies[i], cats[i], owners[i] = o.Body, o.Category, o.OwnerOffice
	}
	tag, err := s.db.Exec(ctx, `
		INSERT INTO parent_opinions (meeting_id, school_id, term_id, body, category, owner_office, state, source, created_by)
		SELECT m.id, m.school_id, m.term_id, x.body, x.category, x.owner, 'pending', $4, $5
		FROM parent_meetings m, unnest($3::text[], $6::text[], $7::text[]) AS x(body, category, owner)
		WHERE m.id = $2 AND m.school_id = $1`, schoolID, meetingID, bodies, source, userID, cats, owners)
	if err != nil {
		return fmt.Errorf("store: opinions of parent meeting %d: %w", meetingID, mapErr(err))
	}
	if tag.RowsAffected() != int64(len(ops)) {
		return fmt.Errorf("store: opinions of parent meeting %d: %w", meetingID, ErrNotFound)
	}
	return nil
}

// ErrDeviceLimit refuses a parent's opinion from a phone that already sent
// parents.MaxOpinionsPerDevice through the meeting's link.
var ErrDeviceLimit = errors.New("store: device sent its opinions")

// AddParentOpinion records an opinion a parent sent through a meeting's
// link, as received (hidden until accepted). device is a hash of the
// phone's cookie; token the form's one-time token: a second send of it is
// ErrReplay, a phone over its count ErrDeviceLimit.
func (s *Store) AddParentOpinion(ctx context.Context, meetingID int64, body, device, token string) (int64, error) {
	var id int64
	err := s.InTx(ctx, func(tx *Store) error {
		// One phone's sends wait for each other, so the count holds.
		if _, err := tx.db.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($2, $1))`, meetingID, device); err != nil {
			return err
		}
		var sent int
		if err := tx.db.QueryRow(ctx, `SELECT count(*)::int FROM parent_opinions WHERE meeting_id = $1 AND device = $2`,
			meetingID, device).Scan(&sent); err != nil {
			return err
		}
		err := tx.db.QueryRow(ctx, `
			INSERT INTO parent_opinions (meeting_id, school_id, term_id, body, state, source, device, submit_token)
			SELECT m.id, m.school_id, m.term_id, $2, 'received', 'link', $3, $4 FROM parent_meetings m WHERE m.id = $1
			ON CONFLICT (meeting_id, submit_token) DO NOTHING RETURNING id`, meetingID, body, device, token).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			var exists bool
			if err := tx.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM parent_meetings WHERE id = $1)`, meetingID).Scan(&exists); err != nil {
				return err
			}
			if !exists {
				return ErrNotFound
			}
			return ErrReplay
		}
		if err != nil {
			return mapErr(err)
		}
		if ok, _ := parents.DeviceMaySend(sent); !ok {
			return ErrDeviceLimit
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("store: parent's opinion for meeting %d: %w", meetingID, err)
	}
	return id, nil
}

// DeviceOpinions is how many opinions a phone sent through a meeting's link.
func (s *Store) DeviceOpinions(ctx context.Context, meetingID int64, device string) (int, error) {
	var n int
	if err := s.db.QueryRow(ctx, `SELECT count(*)::int FROM parent_opinions WHERE meeting_id = $1 AND device = $2`,
		meetingID, device).Scan(&n); err != nil {
		return 0, fmt.Errorf("store: device opinions of meeting %d: %w", meetingID, err)
	}
	return n, nil
}

// Opinions lists a meeting's opinions in the order they came. withHidden
// adds those not accepted (received from the link, or rejected): only
// those who manage the meeting see them.
func (s *Store) Opinions(ctx context.Context, meetingID int64, withHidden bool) ([]Opinion, error) {
	return s.opinions(ctx, `o.meeting_id = $1 AND ($2 OR o.state IN ('pending', 'answered', 'published'))`, meetingID, withHidden)
}

// PublishedOpinions lists a meeting's published opinions with their
// responses: the parents' page and the response sheet.
func (s *Store) PublishedOpinions(ctx context.Context, meetingID int64) ([]Opinion, error) {
	return s.opinions(ctx, `o.meeting_id = $1 AND o.state = 'published'`, meetingID)
}

func (s *Store) opinions(ctx context.Context, where string, args ...any) ([]Opinion, error) {
	rows, err := s.db.Query(ctx, `SELECT `+opinionColumns+` WHERE `+where+` ORDER BY o.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: opinions: %w", err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Opinion])
	if err != nil {
		return nil, fmt.Errorf("store: opinions: %w", err)
	}
	return out, nil
}

// OpinionByID loads an opinion of a meeting.
func (s *Store) OpinionByID(ctx context.Context, meetingID, id int64) (*Opinion, error) {
	rows, _ := s.db.Query(ctx, `SELECT `+opinionColumns+` WHERE o.meeting_id = $1 AND o.id = $2`, meetingID, id)
	o, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Opinion])
	if err != nil {
		return nil, fmt.Errorf("store: opinion %d: %w", id, mapErr(err))
	}
	return o, nil
}

// OpinionChange is one step on an opinion (parents.NextOpinion decided it):
// from the state the user saw to the next, with its category, owner office
// and response.
type OpinionChange struct {
	From, To                        parents.OpinionState
	Category, OwnerOffice, Response string
	UserID                          int64
}

// ChangeOpinion applies a step to an opinion of a meeting. One whose state
// is no longer c.From (changed meanwhile) is ErrConflict; one not of the
// meeting ErrNotFound.
func (s *Store) ChangeOpinion(ctx context.Context, meetingID, id int64, c OpinionChange) error {
	if !parents.OpinionCategories.Valid(c.Category) {
		return fmt.Errorf("store: opinion category %q", c.Category)
	}
	tag, err := s.db.Exec(ctx, `
		UPDATE parent_opinions SET state = $4, category = $5, owner_office = $6, response = $7,
			responded_by = CASE WHEN $7 <> response THEN $8 ELSE responded_by END,
			responded_at = CASE WHEN $7 <> response THEN now() ELSE responded_at END
		WHERE meeting_id = $1 AND id = $2 AND state = $3`, meetingID, id, string(c.From), string(c.To),
		c.Category, c.OwnerOffice, c.Response, c.UserID)
	if err != nil {
		return fmt.Errorf("store: opinion %d: %w", id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		var exists bool
		if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM parent_opinions WHERE meeting_id = $1 AND id = $2)`, meetingID, id).Scan(&exists); err != nil {
			return fmt.Errorf("store: opinion %d: %w", id, err)
		}
		if !exists {
			return fmt.Errorf("store: opinion %d: %w", id, ErrNotFound)
		}
		return fmt.Errorf("store: opinion %d changed meanwhile: %w", id, ErrConflict)
	}
	return nil
}

// MeetingCounts is what R08 and R13 count for one school and term.
type MeetingCounts struct {
	SchoolID int64
	// SchoolMeetings: all-parent (whole-school) meetings; Meetings: all.
	SchoolMeetings, Meetings int
	// Lectures: meetings with a themed lecture that day (R13).
	Lectures int
	// Opinions: accepted opinions; Answered: those with a response.
	Opinions, Answered int
}

// ParentMeetingCounts are R08's and R13's counts of a term for every school
// of the county that has a meeting or an opinion in it, read from the
// (school, term) indexes.
func (s *Store) ParentMeetingCounts(ctx context.Context, countyID, termID int64) ([]MeetingCounts, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id,
		       coalesce(m.school_meetings, 0), coalesce(m.meetings, 0), coalesce(m.lectures, 0),
		       coalesce(o.opinions, 0), coalesce(o.answered, 0)
		FROM schools sc
		LEFT JOIN (
			SELECT school_id, count(*) FILTER (WHERE scope = 'school')::int AS school_meetings, count(*)::int AS meetings,
			       count(*) FILTER (WHERE lecture_topic <> '')::int AS lectures
			FROM parent_meetings WHERE term_id = $2 GROUP BY school_id
		) m ON m.school_id = sc.id
		LEFT JOIN (
			SELECT school_id, count(*) FILTER (WHERE state IN ('pending', 'answered', 'published'))::int AS opinions,
			       count(*) FILTER (WHERE state IN ('answered', 'published'))::int AS answered
			FROM parent_opinions WHERE term_id = $2 GROUP BY school_id
		) o ON o.school_id = sc.id
		WHERE sc.county_id = $1 AND (m.school_id IS NOT NULL OR o.school_id IS NOT NULL)
		ORDER BY sc.id`, countyID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: parent meeting counts of term %d: %w", termID, err)
	}
	var out []MeetingCounts
	var c MeetingCounts
	_, err = pgx.ForEachRow(rows, []any{&c.SchoolID, &c.SchoolMeetings, &c.Meetings, &c.Lectures, &c.Opinions, &c.Answered}, func() error {
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: parent meeting counts of term %d: %w", termID, err)
	}
	return out, nil
}

// OpinionRow is an opinion written as it stands: the demo's year of
// opinions, or a sheet of opinions already answered. The caller has
// checked it (parents.ValidateOpinionText, the codes); the table's
// constraints hold it too (a response for an answered one, no author for
// one from the link).
type OpinionRow struct {
	Body, Category, OwnerOffice, Response string
	State                                 parents.OpinionState
	Source                                string
	Device                                string // link only
	CreatedBy, RespondedBy                int64  // 0: none
	CreatedAt                             time.Time
}

// InsertOpinions writes opinions of a meeting in their states, in one
// statement.
func (s *Store) InsertOpinions(ctx context.Context, meetingID int64, rows []OpinionRow) error {
	n := len(rows)
	body, cat, owner, resp, state, source, device := make([]string, n), make([]string, n), make([]string, n),
		make([]string, n), make([]string, n), make([]string, n), make([]*string, n)
	by, rby := make([]*int64, n), make([]*int64, n)
	at := make([]time.Time, n)
	for i, r := range rows {
		if !parents.OpinionCategories.Valid(r.Category) || !parents.OpinionSources.Valid(r.Source) {
			return fmt.Errorf("store: opinion %q of meeting %d: category %q, source %q", r.Body, meetingID, r.Category, r.Source)
		}
		body[i], cat[i], owner[i], resp[i], state[i], source[i] = r.Body, r.Category, r.OwnerOffice, r.Response, string(r.State), r.Source
		if r.Device != "" {
			device[i] = &r.Device
		}
		if r.CreatedBy != 0 {
			by[i] = &rows[i].CreatedBy
		}
		if r.RespondedBy != 0 {
			rby[i] = &rows[i].RespondedBy
		}
		at[i] = r.CreatedAt
		if at[i].IsZero() {
			at[i] = time.Now()
		}
	}
	tag, err := s.db.Exec(ctx, `
		INSERT INTO parent_opinions (meeting_id, school_id, term_id, body, category, owner_office, response, state, source,
			device, created_by, created_at, responded_by, responded_at)
		SELECT m.id, m.school_id, m.term_id, x.body, x.cat, x.owner, x.resp, x.state, x.source, x.device, x.by, x.at,
			x.rby, CASE WHEN x.resp <> '' THEN x.at + interval '3 days' END
		FROM parent_meetings m,
		     unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::timestamptz[], $11::bigint[])
		       AS x(body, cat, owner, resp, state, source, device, by, at, rby)
		WHERE m.id = $1`, meetingID, body, cat, owner, resp, state, source, device, by, at, rby)
	if err != nil {
		return fmt.Errorf("store: opinions of meeting %d: %w", meetingID, mapErr(err))
	}
	if tag.RowsAffected() != int64(n) {
		return fmt.Errorf("store: opinions of meeting %d: %w", meetingID, ErrNotFound)
	}
	return nil
}
