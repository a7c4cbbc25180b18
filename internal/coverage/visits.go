package coverage

import (
	"cmp"
	"slices"
	"time"

	"xietong/internal/calendar"
)

// Counts is the coverage of one duty over a set of students (a class, a
// school, a special group, the county).
type Counts struct {
	// Students is the denominator: the students the duty covers (R02 every
	// enrolled student, R03 the flagged ones).
	Students int
	// Met is the numerator: those whose visits meet the duty (R02 any mode,
	// R03 on site only).
	Met int
	// OnSite, Video and Phone split the visited students by their best mode;
	// each visited student is in exactly one of them.
	OnSite, Video, Phone int
}

// Visited is the number of students with at least one visit in the window,
// in any mode.
func (c Counts) Visited() int { return c.OnSite + c.Video + c.Phone }

// NotVisited is the number of students with no visit in the window.
func (c Counts) NotVisited() int { return c.Students - c.Visited() }

// Rate is Met out of Students, the measure of the duty.
func (c Counts) Rate() Rate { return Rate{c.Met, c.Students} }

// Add returns the sum of c and o.
func (c Counts) Add(o Counts) Counts {
	return Counts{
		Students: c.Students + o.Students,
		Met:      c.Met + o.Met,
		OnSite:   c.OnSite + o.OnSite,
		Video:    c.Video + o.Video,
		Phone:    c.Phone + o.Phone,
	}
}

// ModeCount is one part of the mode split.
type ModeCount struct {
	Mode Mode
	N    int
}

// ByMode returns the split in the fixed order 实地, 视频, 电话, 未访
// (NotVisited last); the parts add up to Students.
func (c Counts) ByMode() []ModeCount {
	return []ModeCount{{OnSite, c.OnSite}, {Video, c.Video}, {Phone, c.Phone}, {NotVisited, c.NotVisited()}}
}

// add counts one student of the denominator.
func (c *Counts) add(s StudentResult) {
	c.Students++
	if s.Met {
		c.Met++
	}
	switch s.Best {
	case OnSite:
		c.OnSite++
	case Video:
		c.Video++
	case Phone:
		c.Phone++
	}
}

// Duty names the requirement a Report measures.
type Duty string

const (
	// DutyPreTerm is R02, 学期前全员家访.
	DutyPreTerm Duty = "R02"
	// DutyVacation is R03, 寒暑假留守儿童、特困家庭实地家访.
	DutyVacation Duty = "R03"
)

// StudentResult is one student of the denominator.
type StudentResult struct {
	StudentID, ClassID, SchoolID int64
	LeftBehind, Hardship         bool
	// Best is the best mode among the student's visits in the window, or
	// NotVisited.
	Best Mode
	// Met reports whether the student counts toward the duty.
	Met bool
	// VisitIDs are the visits in the window that name the student, in
	// ascending order: the records behind the status.
	VisitIDs []int64
}

// ClassCounts is the coverage of one class.
type ClassCounts struct {
	SchoolID, ClassID int64
	Counts
}

// SchoolCounts is the coverage of one school.
type SchoolCounts struct {
	SchoolID int64
	Counts
}

// GroupCounts is the coverage of one special group. A student in both
// groups counts in each; the groups do not add up to the total.
type GroupCounts struct {
	Group Group
	Counts
}

// Report is the coverage of one duty for one window over the enrolments
// passed in (one class, one school or the county: whatever the caller
// selected).
type Report struct {
	Duty   Duty
	Window calendar.Window
	// RollDay is the day on which enrolment decides the denominator.
	RollDay time.Time
	// Students is the denominator, ordered by SchoolID, ClassID, StudentID.
	Students []StudentResult
	// Classes has one row per class with at least one student in the
	// denominator, ordered by SchoolID, ClassID; a class that is missing has
	// nothing to measure (StatusNotApplicable).
	Classes []ClassCounts
	// Schools has one row per school with at least one student in the
	// denominator, ordered by SchoolID.
	Schools []SchoolCounts
	// Groups always has two rows, GroupLeftBehind then GroupHardship.
	Groups []GroupCounts
	// Total is the whole input: the county when the county was passed in.
	Total Counts
}

// Class returns the counts of one class, zero and false if it has no student
// in the denominator.
func (r Report) Class(classID int64) (ClassCounts, bool) {
	for _, c := range r.Classes {
		if c.ClassID == classID {
			return c, true
		}
	}
	return ClassCounts{}, false
}

// School returns the counts of one school, zero and false if it has no
// student in the denominator.
func (r Report) School(schoolID int64) (SchoolCounts, bool) {
	for _, s := range r.Schools {
		if s.SchoolID == schoolID {
			return s, true
		}
	}
	return SchoolCounts{}, false
}

// ClassStudents returns the class's students of the denominator, ordered by
// StudentID: the list behind a class's bar.
func (r Report) ClassStudents(classID int64) []StudentResult {
	var out []StudentResult
	for _, s := range r.Students {
		if s.ClassID == classID {
			out = append(out, s)
		}
	}
	return out
}

// PreTerm measures R02 for the term t: the window is
// calendar.PreTermWindow(t), the roll day is the term's first day (so
// students starting with the term, such as a new first grade, are in it and
// students who left or graduated before it are not), every enrolled student
// is in the denominator, and a visit in any mode meets the duty.
func PreTerm(t calendar.Term, enrol []Enrolment, visits []Visit) Report {
	return measure(DutyPreTerm, calendar.PreTermWindow(t), calendar.DateOf(t.Start), enrol, visits,
		func(Enrolment) bool { return true },
		func(m Mode) bool { return m.Valid() })
}

// Vacation measures R03 for the vacation v: the window is
// calendar.VacationWindow(v), the roll day its last day (the class a student
// is in when the vacation ends is the one accountable; a student who moved
// away during it is not counted), the denominator is the flagged students
// (LeftBehind or Hardship), and only an on-site visit meets the duty.
//
// The last seven days of a vacation are also the next term's pre-term week:
// one on-site visit there counts for both R03 and R02.
func Vacation(v calendar.Vacation, enrol []Enrolment, visits []Visit) Report {
	w := calendar.VacationWindow(v)
	return measure(DutyVacation, w, w.End, enrol, visits,
		Enrolment.Flagged,
		func(m Mode) bool { return m == OnSite })
}

// measure is the one counting rule behind PreTerm and Vacation.
func measure(duty Duty, w calendar.Window, roll time.Time, enrol []Enrolment, visits []Visit,
	covered func(Enrolment) bool, meets func(Mode) bool) Report {
	r := Report{Duty: duty, Window: w, RollDay: roll}

	// The denominator: each student's enrolment on the roll day.
	roster := map[int64]Enrolment{}
	for _, e := range enrol {
		if !e.On(roll) {
			continue
		}
		if old, ok := roster[e.StudentID]; ok && !wins(e, old) {
			continue
		}
		roster[e.StudentID] = e
	}
	results := map[int64]*StudentResult{}
	for id, e := range roster {
		if covered(e) {
			results[id] = &StudentResult{StudentID: id, ClassID: e.ClassID, SchoolID: e.SchoolID,
				LeftBehind: e.LeftBehind, Hardship: e.Hardship}
		}
	}

	// The numerator: visits dated in the window, best mode per student.
	for _, v := range visits {
		if !v.Mode.Valid() || !w.Contains(v.Date) {
			continue
		}
		for _, id := range v.StudentIDs {
			s, ok := results[id]
			if !ok {
				continue
			}
			if v.Mode.Better(s.Best) {
				s.Best = v.Mode
			}
			s.VisitIDs = append(s.VisitIDs, v.ID)
		}
	}

	r.Students = make([]StudentResult, 0, len(results))
	for _, s := range results {
		slices.Sort(s.VisitIDs)
		s.VisitIDs = slices.Compact(s.VisitIDs)
		s.Met = meets(s.Best)
		r.Students = append(r.Students, *s)
	}
	slices.SortFunc(r.Students, func(a, b StudentResult) int {
		return cmp.Or(cmp.Compare(a.SchoolID, b.SchoolID), cmp.Compare(a.ClassID, b.ClassID),
			cmp.Compare(a.StudentID, b.StudentID))
	})

	// Aggregation, in the order of r.Students, so rows come out sorted.
	r.Groups = []GroupCounts{{Group: GroupLeftBehind}, {Group: GroupHardship}}
	for _, s := range r.Students {
		if n := len(r.Classes); n == 0 || r.Classes[n-1].SchoolID != s.SchoolID || r.Classes[n-1].ClassID != s.ClassID {
			r.Classes = append(r.Classes, ClassCounts{SchoolID: s.SchoolID, ClassID: s.ClassID})
		}
		r.Classes[len(r.Classes)-1].add(s)
		if n := len(r.Schools); n == 0 || r.Schools[n-1].SchoolID != s.SchoolID {
			r.Schools = append(r.Schools, SchoolCounts{SchoolID: s.SchoolID})
		}
		r.Schools[len(r.Schools)-1].add(s)
		if s.LeftBehind {
			r.Groups[0].add(s)
		}
		if s.Hardship {
			r.Groups[1].add(s)
		}
		r.Total.add(s)
	}
	return r
}

// wins reports whether enrolment a takes precedence over b for the same
// student on the same day (see Enrolment).
func wins(a, b Enrolment) bool {
	if c := calendar.DateOf(a.From).Compare(calendar.DateOf(b.From)); c != 0 {
		return c > 0
	}
	return cmp.Or(cmp.Compare(a.SchoolID, b.SchoolID), cmp.Compare(a.ClassID, b.ClassID)) < 0
}

// CountingWindow is one window the database counts visits in
// (coverage_windows): the pre-term week of a term (R02) or a vacation (R03),
// by the id of its term or vacation, with its roll day (点名日).
type CountingWindow struct {
	Kind             Kind // PreTermVisit or VacationVisit
	ID               int64
	Start, End, Roll time.Time
}

// CountingWindows are the windows of a school year's terms and vacations,
// by the rules of PreTerm and Vacation: the store writes them whenever a
// school year is created or its dates change, and the database's counters
// only read them, so the window rule is written once, here and in package
// calendar.
func CountingWindows(y calendar.SchoolYear) []CountingWindow {
	var out []CountingWindow
	for _, t := range y.Terms {
		w := calendar.PreTermWindow(t)
		out = append(out, CountingWindow{Kind: PreTermVisit, ID: t.ID, Start: w.Start, End: w.End, Roll: calendar.DateOf(t.Start)})
	}
	for _, v := range y.Vacations {
		w := calendar.VacationWindow(v)
		out = append(out, CountingWindow{Kind: VacationVisit, ID: v.ID, Start: w.Start, End: w.End, Roll: w.End})
	}
	return out
}
