package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/parents"
)

// ParentSchool is a school's 家长学校 (R09).
type ParentSchool struct {
	SchoolID      int64     `db:"school_id"`
	EstablishedOn time.Time `db:"established_on"`
	Head          string    `db:"head"`
	Teachers      string    `db:"teachers"`
	UpdatedByName string    `db:"updated_by_name"`
	UpdatedAt     time.Time `db:"updated_at"`
}

// ParentSchoolFields are what the parent school's form edits.
type ParentSchoolFields struct {
	EstablishedOn  time.Time
	Head, Teachers string
}

// ParentSchoolOf reads the school's parent school; none yet is ErrNotFound.
func (s *Store) ParentSchoolOf(ctx context.Context, schoolID int64) (*ParentSchool, error) {
	rows, _ := s.db.Query(ctx, `
		SELECT p.school_id, p.established_on, p.head, p.teachers, u.display_name AS updated_by_name, p.updated_at
		FROM parent_schools p JOIN users u ON u.id = p.updated_by WHERE p.school_id = $1`, schoolID)
	p, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[ParentSchool])
	if err != nil {
		return nil, fmt.Errorf("store: parent school of school %d: %w", schoolID, mapErr(err))
	}
	return p, nil
}

// SaveParentSchool records or changes the school's parent school.
func (s *Store) SaveParentSchool(ctx context.Context, schoolID, userID int64, f ParentSchoolFields) error {
	_, err := s.db.Exec(ctx, `
		INSERT INTO parent_schools (school_id, established_on, head, teachers, updated_by)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (school_id) DO UPDATE SET established_on = EXCLUDED.established_on, head = EXCLUDED.head,
			teachers = EXCLUDED.teachers, updated_by = EXCLUDED.updated_by, updated_at = now()`,
		schoolID, calendar.DateOf(f.EstablishedOn), f.Head, f.Teachers, userID)
	if err != nil {
		return fmt.Errorf("store: parent school of school %d: %w", schoolID, mapErr(err))
	}
	return nil
}

// Guidance is one family-education guidance session (Kind guidance) or
// training for parents (Kind training).
type Guidance struct {
	ID         int64     `db:"id"`
	SchoolID   int64     `db:"school_id"`
	SchoolName string    `db:"school_name"`
	TermID     int64     `db:"term_id"`
	Kind       string    `db:"kind"`
	Form       string    `db:"form"` // a parents.TrainingForms code; "" for guidance
	HeldOn     time.Time `db:"held_on"`
	Mode       string    `db:"mode"`
	Topic      string    `db:"topic"`
	Speaker    string    `db:"speaker"`
	Audience   string    `db:"audience"`
	GradeLevel int       `db:"grade_level"` // 0 unless Audience is grade
	ClassID    int64     `db:"class_id"`    // 0 unless Audience is class
	ClassName  string    `db:"class_name"`
	Invited    int       `db:"invited"` // 0: not given
	Attending  int       `db:"attending"`
	AuthorName string    `db:"author_name"`
	CreatedAt  time.Time `db:"created_at"`
}

// GuidanceFields are what a session's form edits. The caller has checked
// them (the date against the term, the codes); the table's constraints
// hold them too.
type GuidanceFields struct {
	TermID     int64
	Form       string
	HeldOn     time.Time
	Mode       string
	Topic      string
	Speaker    string
	Audience   string
	GradeLevel int
	ClassID    int64
	Invited    int // 0: not given
	Attending  int
}

// NewGuidance is the input of CreateGuidance.
type NewGuidance struct {
	GuidanceFields
	SchoolID, AuthorID int64
	Kind               string
}

// GuidanceFilter is the state of a list: one school's, or every school's
// of the scope (SchoolID 0, the county's); one kind, or both ("").
type GuidanceFilter struct {
	SchoolID int64
	Kind     string
	TermID   int64  // 0: every term
	Audience string // a parents.Audiences code, "" for any
	Mode     string // a parents.Modes code, "" for any
	Q        string // part of the topic or the speaker
	// Sort is "date" (the default, the latest first without Sort),
	// "school", "topic" or "attending", ascending unless Desc.
	Sort   string
	Desc   bool
	Limit  int
	Offset int
}

func checkGuidance(kind string, f GuidanceFields) error {
	switch {
	case kind != parents.KindGuidance && kind != parents.KindTraining:
		return fmt.Errorf("store: guidance kind %q", kind)
	case !parents.Audiences.Valid(f.Audience):
		return fmt.Errorf("store: guidance audience %q", f.Audience)
	case !parents.Modes.Valid(f.Mode):
		return fmt.Errorf("store: guidance mode %q", f.Mode)
	case kind == parents.KindTraining && !parents.TrainingForms.Valid(f.Form):
		return fmt.Errorf("store: training form %q", f.Form)
	}
	return nil
}

// form, grade/class and invited as the table keeps them for the kind and
// audience.
func guidanceArgs(kind string, f GuidanceFields) (form string, level, class, invited any) {
	invited = nullInt(int64(f.Invited))
	if kind == parents.KindTraining {
		form = f.Form
	}
	switch f.Audience {
	case "grade":
		return form, nullLevel(f.GradeLevel), nil, invited
	case "class":
		return form, nil, nullInt(f.ClassID), invited
	}
	return form, nil, nil, invited
}

// checkGuidanceClass: a class audience must be an active class of the school.
func (s *Store) checkGuidanceClass(ctx context.Context, schoolID int64, f GuidanceFields) error {
	if f.Audience != "class" {
		return nil
	}
	var ok bool
	if err := s.db.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM classes WHERE id = $1 AND school_id = $2 AND archived_at IS NULL)`,
		f.ClassID, schoolID).Scan(&ok); err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("class %d is not of school %d: %w", f.ClassID, schoolID, ErrNotFound)
	}
	return nil
}

// CreateGuidance records a session and returns its id. A class audience
// that is not an active class of SchoolID is ErrNotFound.
func (s *Store) CreateGuidance(ctx context.Context, g NewGuidance) (int64, error) {
	if err := checkGuidance(g.Kind, g.GuidanceFields); err != nil {
		return 0, err
	}
	if err := s.checkGuidanceClass(ctx, g.SchoolID, g.GuidanceFields); err != nil {
		return 0, fmt.Errorf("store: %s of school %d: %w", g.Kind, g.SchoolID, err)
	}
	form, level, class, invited := guidanceArgs(g.Kind, g.GuidanceFields)
	var id int64
	err := s.db.QueryRow(ctx, `
		INSERT INTO guidance_sessions (school_id, term_id, kind, form, held_on, mode, topic, speaker, audience,
			grade_level, class_id, attending, author_id, invited)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		g.SchoolID, g.TermID, g.Kind, form, calendar.DateOf(g.HeldOn), g.Mode, g.Topic, g.Speaker, g.Audience,
		level, class, g.Attending, g.AuthorID, invited).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: %s of school %d: %w", g.Kind, g.SchoolID, mapErr(err))
	}
	return id, nil
}

// UpdateGuidance changes a session of the school and kind; one not of
// them is ErrNotFound.
func (s *Store) UpdateGuidance(ctx context.Context, schoolID int64, kind string, id int64, f GuidanceFields) error {
	if err := checkGuidance(kind, f); err != nil {
		return err
	}
	if err := s.checkGuidanceClass(ctx, schoolID, f); err != nil {
		return fmt.Errorf("store: update %s %d: %w", kind, id, err)
	}
	form, level, class, invited := guidanceArgs(kind, f)
	tag, err := s.db.Exec(ctx, `
		UPDATE guidance_sessions SET term_id = $4, form = $5, held_on = $6, mode = $7, topic = $8, speaker = $9,
			audience = $10, grade_level = $11, class_id = $12, attending = $13, invited = $14, updated_at = now()
		WHERE id = $1 AND school_id = $2 AND kind = $3`, id, schoolID, kind, f.TermID, form, calendar.DateOf(f.HeldOn),
		f.Mode, f.Topic, f.Speaker, f.Audience, level, class, f.Attending, invited)
	if err != nil {
		return fmt.Errorf("store: update %s %d: %w", kind, id, mapErr(err))
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("store: update %s %d: %w", kind, id, ErrNotFound)
	}
	return nil
}

// DeleteGuidance deletes a session of the school and kind with its
// evidence; one not of them is ErrNotFound.
func (s *Store) DeleteGuidance(ctx context.Context, schoolID int64, kind string, id int64) error {
	err := s.InTx(ctx, func(tx *Store) error {
		tag, err := tx.db.Exec(ctx, `DELETE FROM guidance_sessions WHERE id = $1 AND school_id = $2 AND kind = $3`, id, schoolID, kind)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return ErrNotFound
		}
		return tx.DeleteOwnerEvidence(ctx, EvidenceOwner{Type: kind, ID: id, SchoolID: schoolID})
	})
	if err != nil {
		return fmt.Errorf("store: delete %s %d: %w", kind, id, err)
	}
	return nil
}

const guidanceColumns = `g.id, g.school_id, sc.name AS school_name, g.term_id, g.kind, g.form, g.held_on, g.mode, g.topic,
	g.speaker, g.audience, coalesce(g.grade_level, 0) AS grade_level, coalesce(g.class_id, 0) AS class_id,
	coalesce(c.name, '') AS class_name, coalesce(g.invited, 0) AS invited, g.attending, u.display_name AS author_name, g.created_at
	FROM guidance_sessions g
	JOIN schools sc ON sc.id = g.school_id
	JOIN users u ON u.id = g.author_id
	LEFT JOIN classes c ON c.id = g.class_id`

// guidanceScopeSQL admits the sessions of scope sc (auth.GuidanceScope) in
// county $1: $2 all, $3 a school.
const guidanceScopeSQL = `sc.county_id = $1 AND ($2 OR g.school_id = $3)`

// guidanceOrders are ListGuidance's sorts (f.Sort), %[1]s the direction.
var guidanceOrders = map[string]string{
	"date":      "g.held_on %[1]s, g.id %[1]s",
	"school":    "sc.name %[1]s, g.held_on DESC, g.id DESC",
	"topic":     "g.topic %[1]s, g.held_on DESC, g.id DESC",
	"attending": "g.attending %[1]s, g.held_on DESC, g.id DESC",
}

// ListGuidance lists the sessions of f's school (every school of the scope
// for SchoolID 0) and kind (both for "") inside the user's scope sc
// (county countyID), the latest first unless sorted otherwise, one page of
// them, with how many match in all.
func (s *Store) ListGuidance(ctx context.Context, countyID int64, sc auth.Scope, f GuidanceFilter) ([]Guidance, int, error) {
	if sc.Nothing() {
		return nil, 0, nil
	}
	args := []any{countyID, sc.All, sc.SchoolID, f.SchoolID, f.Kind, f.TermID, f.Audience, f.Mode, escapeLike(f.Q)}
	where := ` WHERE ` + guidanceScopeSQL + ` AND ($4::bigint = 0 OR g.school_id = $4) AND ($5 = '' OR g.kind = $5) AND ($6::bigint = 0 OR g.term_id = $6)
		AND ($7 = '' OR g.audience = $7) AND ($8 = '' OR g.mode = $8)
		AND ($9 = '' OR g.topic ILIKE '%' || $9 || '%' OR g.speaker ILIKE '%' || $9 || '%')`
	var total int
	if err := s.db.QueryRow(ctx, `SELECT count(*)::int FROM guidance_sessions g JOIN schools sc ON sc.id = g.school_id`+where, args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store: %s of school %d: %w", f.Kind, f.SchoolID, err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	order, dir := "g.held_on %[1]s, g.id %[1]s", "DESC"
	if o, ok := guidanceOrders[f.Sort]; ok {
		order, dir = o, "ASC"
		if f.Desc {
			dir = "DESC"
		}
	}
	rows, err := s.db.Query(ctx, `SELECT `+guidanceColumns+where+`
		ORDER BY `+fmt.Sprintf(order, dir)+` LIMIT $10 OFFSET $11`, append(args, limit, max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, fmt.Errorf("store: %s of school %d: %w", f.Kind, f.SchoolID, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[Guidance])
	if err != nil {
		return nil, 0, fmt.Errorf("store: %s of school %d: %w", f.Kind, f.SchoolID, err)
	}
	return out, total, nil
}

// GuidanceByID loads a session of the kind (either for "") inside the
// user's scope sc; one outside it, of another kind or county, is
// ErrNotFound.
func (s *Store) GuidanceByID(ctx context.Context, countyID int64, sc auth.Scope, kind string, id int64) (*Guidance, error) {
	if sc.Nothing() {
		return nil, fmt.Errorf("store: %s %d: %w", kind, id, ErrNotFound)
	}
	rows, _ := s.db.Query(ctx, `SELECT `+guidanceColumns+` WHERE `+guidanceScopeSQL+` AND ($4 = '' OR g.kind = $4) AND g.id = $5`,
		countyID, sc.All, sc.SchoolID, kind, id)
	g, err := pgx.CollectOneRow(rows, pgx.RowToAddrOfStructByName[Guidance])
	if err != nil {
		return nil, fmt.Errorf("store: %s %d: %w", kind, id, mapErr(err))
	}
	return g, nil
}

// GuidanceMark is what the checks count of one session: its date and
// audience.
type GuidanceMark struct {
	HeldOn   time.Time
	Audience string
}

// GuidanceTerm is what a school did towards R09–R11 and R22 in a term:
// its parent school, its guidance sessions' dates and audiences, its
// trainings, and its enrolled students per special group (counts only).
type GuidanceTerm struct {
	ParentSchool bool
	Guidance     []GuidanceMark
	Trainings    []GuidanceMark
	Groups       map[string]int
}

// Quarters is R10 of the term on today.
func (g GuidanceTerm) Quarters(cal calendar.Calendar, term calendar.Term, today time.Time) []parents.QuarterStatus {
	dates := make([]time.Time, len(g.Guidance))
	for i, m := range g.Guidance {
		dates[i] = m.HeldOn
	}
	return parents.Quarters(cal, term, dates, today)
}

// SpecialGroups is R11 of the term.
func (g GuidanceTerm) SpecialGroups() []parents.GroupStatus {
	auds := make([]string, len(g.Guidance))
	for i, m := range g.Guidance {
		auds[i] = m.Audience
	}
	return parents.Groups(g.Groups, auds)
}

// CountyGuidance reads GuidanceTerm of every active school of the county
// (schoolID 0) or of one school for a term, by the (school, term, kind)
// index and the special groups' partial index: no session's text, no
// student's name.
func (s *Store) CountyGuidance(ctx context.Context, countyID, schoolID, termID int64) (map[int64]*GuidanceTerm, error) {
	out := map[int64]*GuidanceTerm{}
	of := func(id int64) *GuidanceTerm {
		g, ok := out[id]
		if !ok {
			g = &GuidanceTerm{Groups: map[string]int{}}
			out[id] = g
		}
		return g
	}
	rows, err := s.db.Query(ctx, `
		SELECT sc.id, p.school_id IS NOT NULL FROM schools sc LEFT JOIN parent_schools p ON p.school_id = sc.id
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL AND ($2::bigint = 0 OR sc.id = $2)`, countyID, schoolID)
	if err != nil {
		return nil, fmt.Errorf("store: guidance of county %d: %w", countyID, err)
	}
	var id int64
	var exists bool
	if _, err := pgx.ForEachRow(rows, []any{&id, &exists}, func() error { of(id).ParentSchool = exists; return nil }); err != nil {
		return nil, fmt.Errorf("store: guidance of county %d: %w", countyID, err)
	}
	rows, err = s.db.Query(ctx, `
		SELECT g.school_id, g.kind, g.held_on, g.audience FROM schools sc
		JOIN guidance_sessions g ON g.school_id = sc.id AND g.term_id = $3
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL AND ($2::bigint = 0 OR sc.id = $2)
		ORDER BY g.held_on`, countyID, schoolID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: guidance of county %d: %w", countyID, err)
	}
	var kind string
	var m GuidanceMark
	_, err = pgx.ForEachRow(rows, []any{&id, &kind, &m.HeldOn, &m.Audience}, func() error {
		g := of(id)
		if kind == parents.KindTraining {
			g.Trainings = append(g.Trainings, m)
		} else {
			g.Guidance = append(g.Guidance, m)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: guidance of county %d: %w", countyID, err)
	}
	rows, err = s.db.Query(ctx, `
		SELECT st.school_id, count(*) FILTER (WHERE st.left_behind)::int, count(*) FILTER (WHERE st.hardship)::int,
		       count(*) FILTER (WHERE st.migrant)::int, count(*) FILTER (WHERE st.disabled)::int, count(*) FILTER (WHERE st.orphan)::int
		FROM schools sc JOIN students st ON st.school_id = sc.id
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL AND ($2::bigint = 0 OR sc.id = $2)
		  AND st.status = 'enrolled' AND (st.left_behind OR st.hardship OR st.migrant OR st.disabled OR st.orphan)
		GROUP BY st.school_id`, countyID, schoolID)
	if err != nil {
		return nil, fmt.Errorf("store: special groups of county %d: %w", countyID, err)
	}
	var n [5]int
	_, err = pgx.ForEachRow(rows, []any{&id, &n[0], &n[1], &n[2], &n[3], &n[4]}, func() error {
		g := of(id)
		for i, code := range parents.SpecialGroups {
			g.Groups[code] = n[i]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: special groups of county %d: %w", countyID, err)
	}
	return out, nil
}

// SchoolGuidance is CountyGuidance of one school; a school not of the
// county is ErrNotFound.
func (s *Store) SchoolGuidance(ctx context.Context, countyID, schoolID, termID int64) (*GuidanceTerm, error) {
	if schoolID == 0 {
		return nil, errors.New("store: school guidance without a school")
	}
	m, err := s.CountyGuidance(ctx, countyID, schoolID, termID)
	if err != nil {
		return nil, err
	}
	g, ok := m[schoolID]
	if !ok {
		return nil, fmt.Errorf("store: guidance of school %d: %w", schoolID, ErrNotFound)
	}
	return g, nil
}

// guidanceTerms reads R09–R11's and R22's records of the run's term once
// for the four (CountyGuidance: one school, or every school of the county).
func (run *figureRun) guidanceTerms(ctx context.Context) (map[int64]*GuidanceTerm, error) {
	if run.guidance == nil {
		m, err := run.s.CountyGuidance(ctx, run.scope.CountyID, run.scope.SchoolID, run.scope.Term.ID)
		if err != nil {
			return nil, err
		}
		run.guidance = m
	}
	return run.guidance, nil
}

// guidanceFigures is a figureSource made of one school's GuidanceTerm.
func guidanceFigures(fig func(q DutyQuery, g *GuidanceTerm) compliance.Figures) figureSource {
	return func(ctx context.Context, run *figureRun, q DutyQuery) (map[int64]compliance.Figures, error) {
		terms, err := run.guidanceTerms(ctx)
		if err != nil {
			return nil, err
		}
		out := make(map[int64]compliance.Figures, len(terms))
		for id, g := range terms {
			f := fig(q, g)
			f.Available = true
			out[id] = f
		}
		return out, nil
	}
}

// R09: the school has registered its parent school.
var parentSchoolFigures = guidanceFigures(func(_ DutyQuery, g *GuidanceTerm) compliance.Figures {
	f := compliance.Figures{OK: g.ParentSchool}
	if !g.ParentSchool {
		f.Problems = []string{"尚未登记家长学校"}
	}
	return f
})

// R10: guidance sessions held in the quarter (q.Window, clipped to the
// term, as parents.Quarters counts them).
var quarterGuidanceFigures = guidanceFigures(func(q DutyQuery, g *GuidanceTerm) compliance.Figures {
	n := 0
	for _, m := range g.Guidance {
		if q.Window.Contains(m.HeldOn) {
			n++
		}
	}
	return compliance.Figures{Count: n}
})

// R11: the term's sessions targeted at a special group that has enrolled
// students (parents.TargetedSessions), and the groups still without one as
// its explanation.
var specialGroupFigures = guidanceFigures(func(_ DutyQuery, g *GuidanceTerm) compliance.Figures {
	gs := g.SpecialGroups()
	return compliance.Figures{Count: parents.TargetedSessions(gs), Problems: parents.GroupProblems(gs)}
})

// R22: the term's trainings for parents.
var trainingFigures = guidanceFigures(func(_ DutyQuery, g *GuidanceTerm) compliance.Figures {
	return compliance.Figures{Count: len(g.Trainings)}
})
