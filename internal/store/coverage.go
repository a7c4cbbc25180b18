package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/coverage"
)

// The coverage counters (migrations/00006_coverage.sql) are kept exact by
// triggers in the same transaction as every write to visit_students and
// students; the methods here only read them, except RebuildCoverage.

// WindowKey names a coverage window: the pre-term week of a term
// (calendar.KindPreTerm, ID the term's) or a vacation (calendar.KindVacation,
// ID the vacation's).
type WindowKey struct {
	Kind calendar.WindowKind
	ID   int64
}

// CoverageCounts is one row of the counters, or a sum of rows: enrolled
// students of the window's denominator and their best-mode split, for
// everyone, for 留守 (LB), 特困 (HS) and for the flagged students of R03 (FL:
// left-behind or hardship).
type CoverageCounts struct {
	Enrolled int `db:"enrolled"`
	OnSite   int `db:"onsite"`
	Video    int `db:"video"`
	Phone    int `db:"phone"`
	LB       int `db:"lb"`
	LBOnSite int `db:"lb_onsite"`
	LBVideo  int `db:"lb_video"`
	LBPhone  int `db:"lb_phone"`
	HS       int `db:"hs"`
	HSOnSite int `db:"hs_onsite"`
	HSVideo  int `db:"hs_video"`
	HSPhone  int `db:"hs_phone"`
	FL       int `db:"fl"`
	FLOnSite int `db:"fl_onsite"`
	FLVideo  int `db:"fl_video"`
	FLPhone  int `db:"fl_phone"`
}

// targets are c's fields as scan destinations, in the column order of
// zeroCols.
func (c *CoverageCounts) targets() []any {
	return []any{&c.Enrolled, &c.OnSite, &c.Video, &c.Phone, &c.LB, &c.LBOnSite, &c.LBVideo, &c.LBPhone,
		&c.HS, &c.HSOnSite, &c.HSVideo, &c.HSPhone, &c.FL, &c.FLOnSite, &c.FLVideo, &c.FLPhone}
}

// Add returns the sum of c and o.
func (c CoverageCounts) Add(o CoverageCounts) CoverageCounts {
	return CoverageCounts{
		c.Enrolled + o.Enrolled, c.OnSite + o.OnSite, c.Video + o.Video, c.Phone + o.Phone,
		c.LB + o.LB, c.LBOnSite + o.LBOnSite, c.LBVideo + o.LBVideo, c.LBPhone + o.LBPhone,
		c.HS + o.HS, c.HSOnSite + o.HSOnSite, c.HSVideo + o.HSVideo, c.HSPhone + o.HSPhone,
		c.FL + o.FL, c.FLOnSite + o.FLOnSite, c.FLVideo + o.FLVideo, c.FLPhone + o.FLPhone,
	}
}

func counts(n, onsite, video, phone int, r03 bool) coverage.Counts {
	c := coverage.Counts{Students: n, OnSite: onsite, Video: video, Phone: phone, Met: onsite + video + phone}
	if r03 {
		c.Met = onsite
	}
	return c
}

// Duty is the measure of the window's duty: R02 (every enrolled student,
// met by any mode) for a pre-term window, R03 (the flagged students, met
// only on site) for a vacation.
func (c CoverageCounts) Duty(kind calendar.WindowKind) coverage.Counts {
	if kind == calendar.KindVacation {
		return counts(c.FL, c.FLOnSite, c.FLVideo, c.FLPhone, true)
	}
	return counts(c.Enrolled, c.OnSite, c.Video, c.Phone, false)
}

// Group is the measure of the window's duty restricted to one special group.
func (c CoverageCounts) Group(kind calendar.WindowKind, g coverage.Group) coverage.Counts {
	r03 := kind == calendar.KindVacation
	if g == coverage.GroupLeftBehind {
		return counts(c.LB, c.LBOnSite, c.LBVideo, c.LBPhone, r03)
	}
	return counts(c.HS, c.HSOnSite, c.HSVideo, c.HSPhone, r03)
}

// RebuildCoverage recomputes every counter from scratch (coverage_rebuild):
// after a bulk load with the triggers off, and as the full recount that
// tests compare with. Frozen windows keep their roll call.
func (s *Store) RebuildCoverage(ctx context.Context) error {
	if _, err := s.db.Exec(ctx, `SELECT coverage_rebuild()`); err != nil {
		return fmt.Errorf("store: rebuild coverage: %w", err)
	}
	return nil
}

const zeroCols = `coalesce(k.enrolled, 0) AS enrolled, coalesce(k.onsite, 0) AS onsite, coalesce(k.video, 0) AS video, coalesce(k.phone, 0) AS phone,
	coalesce(k.lb, 0) AS lb, coalesce(k.lb_onsite, 0) AS lb_onsite, coalesce(k.lb_video, 0) AS lb_video, coalesce(k.lb_phone, 0) AS lb_phone,
	coalesce(k.hs, 0) AS hs, coalesce(k.hs_onsite, 0) AS hs_onsite, coalesce(k.hs_video, 0) AS hs_video, coalesce(k.hs_phone, 0) AS hs_phone,
	coalesce(k.fl, 0) AS fl, coalesce(k.fl_onsite, 0) AS fl_onsite, coalesce(k.fl_video, 0) AS fl_video, coalesce(k.fl_phone, 0) AS fl_phone`

// SchoolCoverage is one school's counters for a window.
type SchoolCoverage struct {
	SchoolID int64  `db:"school_id"`
	Code     string `db:"code"`
	Name     string `db:"name"`
	Township string `db:"township"`
	Classes  int    `db:"classes"`
	CoverageCounts
}

// CountyCoverage lists the county's active schools with their counters for
// w: one row a school from coverage_schools (migrations/00014), never an
// aggregate over visits. Ordered by school code.
func (s *Store) CountyCoverage(ctx context.Context, countyID int64, w WindowKey) ([]SchoolCoverage, error) {
	rows, err := s.db.Query(ctx, `
		SELECT sc.id AS school_id, sc.code, sc.name, sc.township, coalesce(k.classes, 0) AS classes, `+zeroCols+`
		FROM schools sc
		LEFT JOIN coverage_schools k ON k.window_kind = $2 AND k.window_id = $3 AND k.school_id = sc.id
		WHERE sc.county_id = $1 AND sc.archived_at IS NULL
		ORDER BY sc.code`, countyID, string(w.Kind), w.ID)
	if err != nil {
		return nil, fmt.Errorf("store: county coverage %v: %w", w, err)
	}
	// Scanned by hand: a hundred rows of twenty-one columns matched by name
	// were a tenth of the county page's CPU.
	var out []SchoolCoverage
	var r SchoolCoverage
	_, err = pgx.ForEachRow(rows, append([]any{&r.SchoolID, &r.Code, &r.Name, &r.Township, &r.Classes}, r.CoverageCounts.targets()...), func() error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: county coverage %v: %w", w, err)
	}
	return out, nil
}

// ClassCoverage is one class's counters for a window.
type ClassCoverage struct {
	ClassID     int64  `db:"class_id"`
	SchoolID    int64  `db:"school_id"`
	Name        string `db:"name"`
	TeacherName string `db:"teacher_name"`
	CoverageCounts
}

// SchoolClassCoverage lists a school's classes with their counters for w
// and the class teacher of termID: the school's active classes, plus any
// archived class that the window's roll call still holds. Ordered by grade
// and class number.
func (s *Store) SchoolClassCoverage(ctx context.Context, schoolID int64, w WindowKey, termID int64) ([]ClassCoverage, error) {
	rows, err := s.db.Query(ctx, `
		SELECT c.id AS class_id, c.school_id, c.name, coalesce(u.display_name, '') AS teacher_name, `+zeroCols+`
		FROM classes c
		JOIN grades g ON g.id = c.grade_id
		LEFT JOIN coverage_classes k ON k.window_kind = $2 AND k.window_id = $3 AND k.class_id = c.id
		LEFT JOIN class_staff cs ON cs.class_id = c.id AND cs.term_id = $4 AND cs.duty = 'class_teacher'
		LEFT JOIN users u ON u.id = cs.user_id
		WHERE c.school_id = $1 AND (c.archived_at IS NULL OR k.class_id IS NOT NULL)
		ORDER BY g.level, c.number, c.id`, schoolID, string(w.Kind), w.ID, termID)
	if err != nil {
		return nil, fmt.Errorf("store: school %d coverage %v: %w", schoolID, w, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[ClassCoverage])
	if err != nil {
		return nil, fmt.Errorf("store: school %d coverage %v: %w", schoolID, w, err)
	}
	return out, nil
}

// OneClassCoverage is the counters of one class for w (zero when nobody of
// the class is in the window's denominator).
func (s *Store) OneClassCoverage(ctx context.Context, classID int64, w WindowKey) (CoverageCounts, error) {
	rows, err := s.db.Query(ctx, `
		SELECT `+zeroCols+` FROM (SELECT 1) one
		LEFT JOIN coverage_classes k ON k.window_kind = $2 AND k.window_id = $3 AND k.class_id = $1`,
		classID, string(w.Kind), w.ID)
	if err != nil {
		return CoverageCounts{}, fmt.Errorf("store: class %d coverage %v: %w", classID, w, err)
	}
	c, err := pgx.CollectOneRow(rows, pgx.RowToStructByName[CoverageCounts])
	if err != nil {
		return CoverageCounts{}, fmt.Errorf("store: class %d coverage %v: %w", classID, w, err)
	}
	return c, nil
}

// StudentCoverage is a student of a class's denominator with their visits
// in the window.
type StudentCoverage struct {
	StudentID  int64  `db:"student_id"`
	Name       string `db:"name"`
	Gender     string `db:"gender"`
	LeftBehind bool   `db:"left_behind"`
	Hardship   bool   `db:"hardship"`
	OnSiteN    int    `db:"onsite_n"`
	VideoN     int    `db:"video_n"`
	PhoneN     int    `db:"phone_n"`
	// Best is the best mode code ("onsite", "video", "phone") or "".
	Best string `db:"best"`
	// Left: the student is no longer in this class (a transfer or leave
	// after the roll day); they stay in the frozen window's roll call.
	Left bool `db:"left"`
}

// Mode is the best mode as a coverage.Mode.
func (s StudentCoverage) Mode() coverage.Mode { return coverage.Mode(s.Best) }

// Visits is the number of visits in the window.
func (s StudentCoverage) Visits() int { return s.OnSiteN + s.VideoN + s.PhoneN }

// ClassStudentCoverage lists the class's students in w's denominator (that
// sc admits), with their best mode: not yet visited first, then in pinyin
// order. flaggedOnly keeps the R03 denominator (留守 or 特困); missingOnly
// keeps those whose visits do not meet the duty yet (R02: no visit; R03: no
// on-site visit).
func (s *Store) ClassStudentCoverage(ctx context.Context, sc auth.Scope, classID int64, w WindowKey, flaggedOnly, missingOnly bool) ([]StudentCoverage, error) {
	where, args := scopeSQL(sc, 6)
	rows, err := s.db.Query(ctx, `
		SELECT k.student_id, st.name, st.gender, k.left_behind, k.hardship, k.onsite_n, k.video_n, k.phone_n, k.best,
		       (st.class_id IS DISTINCT FROM k.class_id OR st.status <> 'enrolled') AS left
		FROM coverage_students k JOIN students st ON st.id = k.student_id
		WHERE k.window_kind = $2 AND k.window_id = $3 AND k.class_id = $1
		  AND (NOT $4::bool OR k.left_behind OR k.hardship)
		  AND (NOT $5::bool OR k.best = '' OR ($2 = 'vacation' AND k.best <> 'onsite'))
		  AND `+where+`
		ORDER BY (CASE WHEN $2 = 'vacation' THEN k.best = 'onsite' ELSE k.best <> '' END),
		         st.name COLLATE "zh-Hans-x-icu", st.student_number`,
		append([]any{classID, string(w.Kind), w.ID, flaggedOnly, missingOnly}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("store: class %d student coverage %v: %w", classID, w, err)
	}
	out, err := pgx.CollectRows(rows, pgx.RowToStructByName[StudentCoverage])
	if err != nil {
		return nil, fmt.Errorf("store: class %d student coverage %v: %w", classID, w, err)
	}
	return out, nil
}

// LedgerHealth is R04 for one school from the ledger tables: problems found
// on visits (each visit, student and category, which the visit form files
// in the ledger automatically), entries by status, and the open ones
// overdue on today (no action for over visit.StaleDays days, or past the
// follow-up date).
type LedgerHealth struct {
	SchoolID     int64      `db:"school_id"`
	Problems     int        `db:"problems"`
	Entries      int        `db:"entries"`
	Pending      int        `db:"pending"`
	Following    int        `db:"following"`
	Resolved     int        `db:"resolved"`
	Referred     int        `db:"referred"`
	Overdue      int        `db:"overdue"`
	NextDeadline *time.Time `db:"next_deadline"`
}

// Counts is the health as coverage.LedgerCounts, for its rates and Status.
// Every problem counted here has its entry, so Recorded = Problems.
func (h LedgerHealth) Counts() coverage.LedgerCounts {
	c := coverage.LedgerCounts{
		Problems: h.Problems, Recorded: h.Problems, Entries: h.Entries,
		Open: h.Pending + h.Following, Overdue: h.Overdue,
		Pending: h.Pending, FollowingUp: h.Following, Resolved: h.Resolved, Referred: h.Referred,
	}
	if h.NextDeadline != nil {
		c.NextDeadline = *h.NextDeadline
	}
	return c
}

// CountyLedgerHealth is LedgerHealth for each school of the county with a
// ledger entry or a problem (schoolID 0), or for one school. The counts by
// status are the sums of ledger_counts, kept by triggers; of the open
// entries only those not yet overdue are read (those of the last week).
func (s *Store) CountyLedgerHealth(ctx context.Context, countyID, schoolID int64, today time.Time) ([]LedgerHealth, error) {
	// One school or the county: two statements rather than "$3 = 0 OR id =
	// $3", whose one generic plan reads the whole county for one school.
	// One school is picked before grouping; the county's schools after it
	// (a hundred groups rather than every class and open entry: a third of
	// the query's time).
	args := []any{countyID, today}
	pick, pickC, pickD := `sc.county_id = $1`, ``, ``
	if schoolID != 0 {
		args = append(args, schoolID)
		pick, pickC, pickD = `sc.county_id = $1 AND sc.id = $3`, `WHERE lc.school_id = $3`, `AND e.school_id = $3`
	}
	rows, err := s.db.Query(ctx, `
		SELECT c.school_id, c.problems, c.entries, c.pending, c.following, c.resolved, c.referred,
		       c.pending + c.following - coalesce(d.n, 0) AS overdue, d.next_deadline
		FROM (
			SELECT lc.school_id, sum(lc.problems)::int AS problems, sum(lc.entries)::int AS entries,
			       sum(lc.pending)::int AS pending, sum(lc.following)::int AS following,
			       sum(lc.resolved)::int AS resolved, sum(lc.referred)::int AS referred
			FROM ledger_counts lc `+pickC+`
			GROUP BY lc.school_id
		) c
		LEFT JOIN (
			-- Open entries not overdue on today: due today or later, so
			-- acted on in the last week (migrations/00009, due_on).
			SELECT e.school_id, count(*)::int AS n, min(e.due_on) AS next_deadline
			FROM ledger_entries e
			WHERE e.status IN ('open', 'following') AND e.due_on >= $2 `+pickD+`
			GROUP BY e.school_id
		) d ON d.school_id = c.school_id
		JOIN schools sc ON sc.id = c.school_id AND `+pick+`
		WHERE c.entries > 0 OR c.problems > 0
		ORDER BY c.school_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: ledger health: %w", err)
	}
	// By position, in the SELECT's (and the struct's) order: matching a
	// hundred schools' columns by name cost more than reading them.
	out, err := pgx.CollectRows(rows, pgx.RowToStructByPos[LedgerHealth])
	if err != nil {
		return nil, fmt.Errorf("store: ledger health: %w", err)
	}
	return out, nil
}
