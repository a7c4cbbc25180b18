package store

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"xietong/internal/activity"
	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/parents"
	"xietong/internal/workplan"
)

// ComplianceScope is whose figures the compliance engine reads: one school
// (SchoolID) or every active school of the county (SchoolID 0, the heat
// map), for the term the user looks at, on the civil date Today.
type ComplianceScope struct {
	CountyID, SchoolID int64
	Term               calendar.Term
	Today              time.Time
}

// DutyQuery is one duty's period, as compliance.Judge chose it: the window
// the records count in, the vacation of a vacation duty, and the terms of
// a school-year duty.
type DutyQuery struct {
	DutyID     string
	Window     calendar.Window
	VacationID int64
	TermIDs    []int64
}

// DutyFigures are one duty's figures per school. Available is false while
// the records the duty reads are not kept yet (no source in
// figureSources): every school is then 暂无记录, never a made-up figure.
type DutyFigures struct {
	Available bool
	Schools   map[int64]compliance.Figures
}

// Of is the school's figures: a school the source returned nothing for has
// no record that counts (zero figures), when the duty has a source.
func (d DutyFigures) Of(schoolID int64) compliance.Figures {
	if f, ok := d.Schools[schoolID]; ok {
		return f
	}
	return compliance.Figures{Available: d.Available}
}

// figureSource reads one duty's figures for the scope: school → figures
// (Available set). It reads maintained counters or an index, never a scan
// of the records (the heat map asks every source for a hundred schools).
type figureSource func(ctx context.Context, run *figureRun, q DutyQuery) (map[int64]compliance.Figures, error)

// figureSources is the registry of the duties whose records the system
// keeps: duty id → the function that reads its figures.
//
// To add a duty when its records land: write a figureSource below (or in
// the records' own store file) that reads, for run.scope (one school, or
// every school of the county when SchoolID is 0), the counters or an index
// of the records in q's window (q.Window; q.VacationID for a vacation duty;
// q.TermIDs for a school-year duty), and returns compliance.Figures with
// Available true and the fields the duty's measure reads (Num/Den for
// share, timely and answered, Count for count and answered, OK for
// exists, valid and workflow, State and Problems to explain). Register it
// here with its id; the heat map, the school's duty page and the recount
// test (TestComplianceRecount) pick it up. A duty without an entry shows
// 暂无记录（n.a.）.
var figureSources = map[string]figureSource{
	"R01": planFigures,
	"R02": preTermFigures,
	"R03": vacationFigures,
	"R04": ledgerFigures,
	"R05": classMeetingFigures,
	"R06": classCommitteeFigures,
	"R07": schoolCommitteeFigures,
	"R08": parentMeetingFigures,
	"R13": meetingLectureFigures,
	"R14": activityFigures(activity.DutyBasePractice),
	"R15": activityFigures(activity.DutyOffCampus),
	"R16": activityFigures(activity.DutyVolunteer),
	"R17": activityFigures(activity.DutyLawLecture),
	"R18": activityFigures(activity.DutyProhibited),
	"R19": activityFigures(activity.DutyCulture),
	"R20": activityFigures(activity.DutyClub),
	"R21": mechanismFigures,    // leadership.go
	"R23": inspectionFigures,   // inspections.go
	"R09": parentSchoolFigures, // guidance.go
	"R10": quarterGuidanceFigures,
	"R11": specialGroupFigures,
	"R22": trainingFigures,
	"R12": lectureFigures, // lectures.go
}

// HasFigures reports whether the system keeps the records of a duty.
func HasFigures(dutyID string) bool { _, ok := figureSources[dutyID]; return ok }

// figureRun is one call of ComplianceFigures: its scope, and what several
// sources share (the activity counts of R14–R20, one read per set of terms;
// the parent meetings' counts of R08 and R13).
type figureRun struct {
	s          *Store
	scope      ComplianceScope
	activities map[string]map[int64]map[string]int
	meetings   []MeetingCounts
	guidance   map[int64]*GuidanceTerm // R09–R11, R22: the term's, read once
}

// ComplianceFigures reads the figures of the duties qs for the scope, one
// source call each.
func (s *Store) ComplianceFigures(ctx context.Context, scope ComplianceScope, qs []DutyQuery) (map[string]DutyFigures, error) {
	run := &figureRun{s: s, scope: scope, activities: map[string]map[int64]map[string]int{}}
	out := make(map[string]DutyFigures, len(qs))
	for _, q := range qs {
		src, ok := figureSources[q.DutyID]
		if !ok {
			out[q.DutyID] = DutyFigures{}
			continue
		}
		m, err := src(ctx, run, q)
		if err != nil {
			return nil, err
		}
		out[q.DutyID] = DutyFigures{Available: true, Schools: m}
	}
	return out, nil
}

// pick is the SQL condition choosing the scope's schools (alias sc) with
// its arguments appended.
func (run *figureRun) pick(args []any) (string, []any) {
	args = append(args, run.scope.CountyID)
	cond := "sc.county_id = $" + strconv.Itoa(len(args)) + " AND sc.archived_at IS NULL"
	if run.scope.SchoolID != 0 {
		args = append(args, run.scope.SchoolID)
		cond += " AND sc.id = $" + strconv.Itoa(len(args))
	}
	return cond, args
}

func (run *figureRun) wanted(schoolID int64) bool {
	return run.scope.SchoolID == 0 || run.scope.SchoolID == schoolID
}

// R01: the term's work plan approved (workplan.Approved); its state
// explains it.
func planFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	rows, err := run.s.TermPlanStates(ctx, run.scope.CountyID, run.scope.Term.ID)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, r := range rows {
		if run.wanted(r.SchoolID) {
			out[r.SchoolID] = compliance.Figures{Available: true, OK: r.State == workplan.Approved, State: r.State.Label()}
		}
	}
	return out, nil
}

// coverageFigures reads the coverage counters of a window (coverage_schools,
// one row a school): R02 any mode of every enrolled student, R03 on site of
// the flagged students (CoverageCounts.Duty).
func coverageFigures(ctx context.Context, run *figureRun, w WindowKey) (map[int64]compliance.Figures, error) {
	rows, err := run.s.CountyCoverage(ctx, run.scope.CountyID, w)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, r := range rows {
		if run.wanted(r.SchoolID) {
			c := r.Duty(w.Kind)
			out[r.SchoolID] = compliance.Figures{Available: true, Num: c.Met, Den: c.Students}
		}
	}
	return out, nil
}

// R02: students visited in the term's pre-term week / enrolled.
func preTermFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	return coverageFigures(ctx, run, WindowKey{Kind: calendar.KindPreTerm, ID: run.scope.Term.ID})
}

// R03: left-behind and hardship students visited on site in the vacation /
// those students. No vacation in the calendar: nothing to count.
func vacationFigures(ctx context.Context, run *figureRun, q DutyQuery) (map[int64]compliance.Figures, error) {
	if q.VacationID == 0 {
		return map[int64]compliance.Figures{}, nil
	}
	return coverageFigures(ctx, run, WindowKey{Kind: calendar.KindVacation, ID: q.VacationID})
}

// R04: ledger entries not overdue on today / entries (every problem found
// on a visit is filed in the ledger by the visit form, so the first measure
// of R04 holds by construction); the ledger counters, today's state.
func ledgerFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	rows, err := run.s.CountyLedgerHealth(ctx, run.scope.CountyID, run.scope.SchoolID, run.scope.Today)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, h := range rows {
		f := compliance.Figures{Available: true, Num: h.Entries - h.Overdue, Den: h.Entries}
		if h.Overdue > 0 {
			f.Problems = []string{strconv.Itoa(h.Overdue) + " 条超过 7 天未跟进"}
		}
		out[h.SchoolID] = f
	}
	return out, nil
}

// R05: active classes of the term's school year with a themed class meeting
// held in the window / those classes. Meetings are read by the (school,
// term) index, a school at a time.
func classMeetingFigures(ctx context.Context, run *figureRun, q DutyQuery) (map[int64]compliance.Figures, error) {
	t := run.scope.Term
	cond, args := run.pick([]any{t.ID, t.SchoolYearID, calendar.DateOf(q.Window.Start), calendar.DateOf(q.Window.End)})
	rows, err := run.s.db.Query(ctx, `
		SELECT c.school_id, count(*)::int, count(m.class_id)::int
		FROM schools sc
		JOIN classes c ON c.school_id = sc.id AND c.archived_at IS NULL
		JOIN grades g ON g.id = c.grade_id AND g.school_year_id = $2
		LEFT JOIN (
			SELECT DISTINCT m.class_id FROM schools sc
			JOIN class_meetings m ON m.school_id = sc.id AND m.term_id = $1 AND m.held_on BETWEEN $3 AND $4
			WHERE `+cond+`
		) m ON m.class_id = c.id
		WHERE `+cond+`
		GROUP BY c.school_id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: class meeting figures: %w", err)
	}
	out := map[int64]compliance.Figures{}
	var school int64
	var classes, held int
	_, err = pgx.ForEachRow(rows, []any{&school, &classes, &held}, func() error {
		out[school] = compliance.Figures{Available: true, Num: held, Den: classes}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: class meeting figures: %w", err)
	}
	return out, nil
}

// activityFigures counts a school's activities towards the duty (R14–R20,
// activity.Duties written as data) in the term, or the school year's terms
// for a school-year duty (R19).
func activityFigures(duty string) figureSource {
	return func(ctx context.Context, run *figureRun, q DutyQuery) (map[int64]compliance.Figures, error) {
		terms := q.TermIDs
		if len(terms) == 0 {
			terms = []int64{run.scope.Term.ID}
		}
		terms = slices.Sorted(slices.Values(terms))
		key := fmt.Sprint(terms)
		counts, ok := run.activities[key]
		if !ok {
			var err error
			if run.scope.SchoolID != 0 {
				counts = map[int64]map[string]int{}
				var one map[string]int
				for _, t := range terms {
					if one, err = run.s.ActivityDutyCounts(ctx, run.scope.SchoolID, t); err != nil {
						return nil, err
					}
					if counts[run.scope.SchoolID] == nil {
						counts[run.scope.SchoolID] = map[string]int{}
					}
					for d, n := range one {
						counts[run.scope.SchoolID][d] += n
					}
				}
			} else if counts, err = run.s.CountyActivityDutyCounts(ctx, run.scope.CountyID, terms); err != nil {
				return nil, err
			}
			run.activities[key] = counts
		}
		out := map[int64]compliance.Figures{}
		for school, byDuty := range counts {
			out[school] = compliance.Figures{Available: true, Count: byDuty[duty]}
		}
		return out, nil
	}
}

// R06: active classes of the term's school year with a confirmed class
// parent committee that meets parents.ClassCommitteeProblems (one head,
// no member whose child left) / those classes: the committees and members
// of the year by the (school, year) index, the rule in Go as the school's
// own summary (SchoolCommitteeSummary) applies it.
func classCommitteeFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	year := run.scope.Term.SchoolYearID
	cond, args := run.pick([]any{year})
	rows, err := run.s.db.Query(ctx, `
		SELECT k.class_id, `+memberColumns+`
		FROM schools sc
		JOIN class_committees k ON k.school_id = sc.id AND k.school_year_id = $1
		JOIN class_committee_members m ON m.committee_id = k.id
		LEFT JOIN students st ON st.id = m.student_id
		WHERE `+cond+`
		ORDER BY k.class_id, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: committee figures: %w", err)
	}
	members := map[int64][]CommitteeMember{}
	var classID int64
	var m CommitteeMember
	_, err = pgx.ForEachRow(rows, []any{&classID, &m.ID, &m.StudentID, &m.GuardianID, &m.ChildName, &m.Name, &m.Relation, &m.Phone, &m.Head, &m.ChildLeft}, func() error {
		members[classID] = append(members[classID], m)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: committee figures: %w", err)
	}
	rows, err = run.s.db.Query(ctx, `
		SELECT c.school_id, c.id, k.id IS NOT NULL, coalesce(k.draft, false)
		FROM schools sc
		JOIN classes c ON c.school_id = sc.id AND c.archived_at IS NULL
		JOIN grades g ON g.id = c.grade_id AND g.school_year_id = $1
		LEFT JOIN class_committees k ON k.class_id = c.id
		WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: committee figures: %w", err)
	}
	out := map[int64]compliance.Figures{}
	var school int64
	var exists, draft bool
	_, err = pgx.ForEachRow(rows, []any{&school, &classID, &exists, &draft}, func() error {
		f := out[school]
		f.Available = true
		f.Den++
		if (ClassCommitteeStatus{Exists: exists, Draft: draft, Problems: parents.ClassCommitteeProblems(CommitteeRules(members[classID]))}).Valid() {
			f.Num++
		}
		out[school] = f
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: committee figures: %w", err)
	}
	return out, nil
}

// R07: the school parent committee of the term's school year meets
// parents.SchoolCommitteeProblems (3 representatives per grade division,
// one head each); the problems explain it. Divisions and representatives
// of the year, every school's at once.
func schoolCommitteeFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	year := run.scope.Term.SchoolYearID
	cond, args := run.pick([]any{year})
	committees := map[int64]*SchoolCommittee{}
	of := func(school int64) *SchoolCommittee {
		c, ok := committees[school]
		if !ok {
			c = &SchoolCommittee{}
			committees[school] = c
		}
		return c
	}
	rows, err := run.s.db.Query(ctx, `
		SELECT sc.id, d.id, d.name FROM schools sc
		JOIN grade_divisions d ON d.school_id = sc.id AND d.school_year_id = $1
		WHERE `+cond+` ORDER BY d.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: school committee figures: %w", err)
	}
	var school int64
	var d parents.Division
	_, err = pgx.ForEachRow(rows, []any{&school, &d.ID, &d.Name}, func() error {
		c := of(school)
		c.Divisions = append(c.Divisions, d)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: school committee figures: %w", err)
	}
	rows, err = run.s.db.Query(ctx, `
		SELECT r.school_id, m.name, coalesce(d.id, 0), r.head
		FROM schools sc
		JOIN school_committee_reps r ON r.school_id = sc.id AND r.school_year_id = $1
		JOIN `+repFrom+` ON m.id = r.member_id
		WHERE `+cond+` ORDER BY r.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: school committee figures: %w", err)
	}
	var rep SchoolRep
	_, err = pgx.ForEachRow(rows, []any{&school, &rep.Name, &rep.DivisionID, &rep.Head}, func() error {
		c := of(school)
		c.Reps = append(c.Reps, rep)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: school committee figures: %w", err)
	}
	schools, err := run.s.schoolIDs(ctx, run)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, id := range schools {
		c := of(id)
		problems := c.Problems()
		out[id] = compliance.Figures{Available: true, OK: len(problems) == 0, Problems: problems}
	}
	return out, nil
}

// schoolIDs are the scope's schools.
func (s *Store) schoolIDs(ctx context.Context, run *figureRun) ([]int64, error) {
	cond, args := run.pick(nil)
	rows, err := s.db.Query(ctx, `SELECT sc.id FROM schools sc WHERE `+cond, args...)
	if err != nil {
		return nil, fmt.Errorf("store: schools of the scope: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("store: schools of the scope: %w", err)
	}
	return ids, nil
}

// meetingCounts reads R08's and R13's counts of the term once for both.
func (run *figureRun) meetingCounts(ctx context.Context) ([]MeetingCounts, error) {
	if run.meetings == nil {
		m, err := run.s.ParentMeetingCounts(ctx, run.scope.CountyID, run.scope.Term.ID)
		if err != nil {
			return nil, err
		}
		run.meetings = m
		if run.meetings == nil {
			run.meetings = []MeetingCounts{}
		}
	}
	return run.meetings, nil
}

// R08: all-parent (whole-school) meetings of the term ≥ 1, and the accepted
// opinions answered / those opinions.
func parentMeetingFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	counts, err := run.meetingCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, c := range counts {
		if run.wanted(c.SchoolID) {
			out[c.SchoolID] = compliance.Figures{Available: true, Count: c.SchoolMeetings, Num: c.Answered, Den: c.Opinions}
		}
	}
	return out, nil
}

// R13: parent meetings of the term with a themed lecture that day.
func meetingLectureFigures(ctx context.Context, run *figureRun, _ DutyQuery) (map[int64]compliance.Figures, error) {
	counts, err := run.meetingCounts(ctx)
	if err != nil {
		return nil, err
	}
	out := map[int64]compliance.Figures{}
	for _, c := range counts {
		if run.wanted(c.SchoolID) {
			out[c.SchoolID] = compliance.Figures{Available: true, Count: c.Lectures}
		}
	}
	return out, nil
}
