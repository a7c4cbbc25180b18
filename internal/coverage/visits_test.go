package coverage

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"xietong/internal/calendar"
)

// The calendar of the tests: calendar.DefaultYear(2026).
//
//	第一学期   2026-09-01 … 2027-01-22, pre-term week 2026-08-25 … 08-31
//	寒假       2027-01-23 … 2027-02-21
//	第二学期   2027-02-22 … 2027-07-10, pre-term week 2027-02-15 … 02-21
var (
	year    = calendar.DefaultYear(2026)
	autumn  = mustTerm(calendar.FirstTerm)
	spring  = mustTerm(calendar.SecondTerm)
	winter  = mustVacation(calendar.Winter)
	d       = calendar.D
	aug     = func(day int) time.Time { return d(2026, time.August, day) }
	sep     = func(day int) time.Time { return d(2026, time.September, day) }
	jan     = func(day int) time.Time { return d(2027, time.January, day) }
	feb     = func(day int) time.Time { return d(2027, time.February, day) }
	noLimit = time.Time{}
)

func mustTerm(o calendar.TermOrdinal) calendar.Term {
	t, ok := year.Term(o)
	if !ok {
		panic("no term")
	}
	return t
}

func mustVacation(k calendar.VacationKind) calendar.Vacation {
	v, ok := year.Vacation(k)
	if !ok {
		panic("no vacation")
	}
	return v
}

// Test data builders.

const (
	schoolA, schoolB = 1, 2
	class1, class2   = 11, 12 // in school A
	class3           = 21     // in school B
)

func schoolOf(class int64) int64 {
	if class == class3 {
		return schoolB
	}
	return schoolA
}

// enrol is a student in a class from from to to (zero: open).
func enrol(student, class int64, from, to time.Time) Enrolment {
	return Enrolment{StudentID: student, ClassID: class, SchoolID: schoolOf(class), From: from, To: to}
}

// always is an enrolment since before the calendar, still running.
func always(student, class int64) Enrolment { return enrol(student, class, time.Time{}, time.Time{}) }

func leftBehind(e Enrolment) Enrolment { e.LeftBehind = true; return e }
func hardship(e Enrolment) Enrolment   { e.Hardship = true; return e }

func visit(id int64, date time.Time, m Mode, students ...int64) Visit {
	return Visit{ID: id, Date: date, Mode: m, Kind: RoutineVisit, StudentIDs: students}
}

// outcome is what a test expects for one student of the denominator.
type outcome struct {
	class  int64
	best   Mode
	visits []int64
}

func outcomes(r Report) map[int64]outcome {
	m := map[int64]outcome{}
	for _, s := range r.Students {
		m[s.StudentID] = outcome{s.ClassID, s.Best, s.VisitIDs}
	}
	return m
}

func ids(xs ...int64) []int64 { return xs }

func TestPreTermRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		enrol  []Enrolment
		visits []Visit
		want   map[int64]outcome // the whole denominator
	}{
		{
			name:  "window edges: the 7 days before term start, both ends included",
			enrol: []Enrolment{always(1, class1), always(2, class1), always(3, class1), always(4, class1)},
			visits: []Visit{
				visit(100, aug(24), OnSite, 1), // the day before the window
				visit(101, aug(25), Phone, 2),  // first day
				visit(102, aug(31), Video, 3),  // last day
				visit(103, sep(1), OnSite, 4),  // term start: too late
			},
			want: map[int64]outcome{
				1: {class1, NotVisited, nil},
				2: {class1, Phone, ids(101)},
				3: {class1, Video, ids(102)},
				4: {class1, NotVisited, nil},
			},
		},
		{
			name:  "a student counts once, under the best mode: on site > video > phone",
			enrol: []Enrolment{always(1, class1), always(2, class1), always(3, class1)},
			visits: []Visit{
				visit(103, aug(30), Phone, 1),
				visit(101, aug(26), OnSite, 1),
				visit(102, aug(27), Phone, 1),
				visit(104, aug(26), Phone, 2),
				visit(105, aug(28), Video, 2),
				visit(106, aug(29), Phone, 3),
			},
			want: map[int64]outcome{
				1: {class1, OnSite, ids(101, 102, 103)},
				2: {class1, Video, ids(104, 105)},
				3: {class1, Phone, ids(106)},
			},
		},
		{
			name: "siblings: one family visit counts for each child, in their own class and school",
			enrol: []Enrolment{always(1, class1), always(2, class3), always(3, class2),
				always(4, class1)},
			visits: []Visit{
				visit(100, aug(27), OnSite, 1, 2, 3),
				visit(101, aug(28), Video, 4, 4), // named twice: counted once
			},
			want: map[int64]outcome{
				1: {class1, OnSite, ids(100)},
				2: {class3, OnSite, ids(100)},
				3: {class2, OnSite, ids(100)},
				4: {class1, Video, ids(101)},
			},
		},
		{
			name: "transfer in during the window: counted in the new class, a visit before the transfer counts",
			enrol: []Enrolment{
				enrol(1, class1, noLimit, aug(27)), enrol(1, class3, aug(28), noLimit),
				always(2, class1),
			},
			visits: []Visit{visit(100, aug(26), OnSite, 1)}, // by the old class's teacher
			want: map[int64]outcome{
				1: {class3, OnSite, ids(100)},
				2: {class1, NotVisited, nil},
			},
		},
		{
			name: "transfer out of the county during the window: in no denominator, the visit is ignored",
			enrol: []Enrolment{
				enrol(1, class1, noLimit, aug(28)),
				always(2, class1),
			},
			visits: []Visit{visit(100, aug(26), OnSite, 1, 2)},
			want:   map[int64]outcome{2: {class1, OnSite, ids(100)}},
		},
		{
			name: "transfer effective on term start belongs to the new class",
			enrol: []Enrolment{
				enrol(1, class1, noLimit, aug(31)), enrol(1, class2, sep(1), noLimit),
			},
			visits: []Visit{visit(100, aug(29), Phone, 1)},
			want:   map[int64]outcome{1: {class2, Phone, ids(100)}},
		},
		{
			name: "overlapping rows on the roll day: the later From wins",
			enrol: []Enrolment{
				enrol(1, class2, sep(1), noLimit), enrol(1, class1, noLimit, sep(1)),
			},
			want: map[int64]outcome{1: {class2, NotVisited, nil}},
		},
		{
			name: "transfer after term start: still in the old class for this term's R02",
			enrol: []Enrolment{
				enrol(1, class1, noLimit, sep(2)), enrol(1, class2, sep(3), noLimit),
			},
			want: map[int64]outcome{1: {class1, NotVisited, nil}},
		},
		{
			name: "new entrant enrolled on term start is in; visited before the enrolment, it counts",
			enrol: []Enrolment{
				enrol(1, class1, sep(1), noLimit),
				enrol(2, class1, sep(2), noLimit), // arrives after term start: not in this R02
			},
			visits: []Visit{visit(100, aug(29), OnSite, 1, 2)},
			want:   map[int64]outcome{1: {class1, OnSite, ids(100)}},
		},
		{
			name:   "graduates whose enrolment ended before term start are out",
			enrol:  []Enrolment{enrol(1, class1, noLimit, d(2026, time.July, 10)), enrol(2, class1, noLimit, aug(31))},
			visits: []Visit{visit(100, aug(26), OnSite, 1, 2)},
			want:   map[int64]outcome{},
		},
		{
			name:  "unknown modes are ignored, known ones are not",
			enrol: []Enrolment{always(1, class1), always(2, class1)},
			visits: []Visit{
				visit(100, aug(26), Mode("letter"), 1),
				visit(101, aug(26), NotVisited, 2),
			},
			want: map[int64]outcome{1: {class1, NotVisited, nil}, 2: {class1, NotVisited, nil}},
		},
		{
			name:  "kind is not looked at: a follow-up visit in the window counts",
			enrol: []Enrolment{always(1, class1)},
			visits: []Visit{{ID: 100, Date: aug(30), Mode: Phone, Kind: FollowUpVisit,
				StudentIDs: ids(1)}},
			want: map[int64]outcome{1: {class1, Phone, ids(100)}},
		},
		{
			name:  "the date is read in the value's own zone: 00:30 on term day in Shanghai is term day",
			enrol: []Enrolment{always(1, class1), always(2, class1)},
			visits: []Visit{
				visit(100, time.Date(2026, 9, 1, 0, 30, 0, 0, calendar.Shanghai), OnSite, 1),
				visit(101, time.Date(2026, 8, 31, 23, 30, 0, 0, calendar.Shanghai), OnSite, 2),
			},
			want: map[int64]outcome{1: {class1, NotVisited, nil}, 2: {class1, OnSite, ids(101)}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := PreTerm(autumn, tt.enrol, tt.visits)
			if got := outcomes(r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("students:\n got %v\nwant %v", got, tt.want)
			}
			for _, s := range r.Students {
				if s.Met != (s.Best != NotVisited) {
					t.Errorf("student %d: Met %v with best mode %q", s.StudentID, s.Met, s.Best)
				}
			}
		})
	}
}

func TestPreTermWindowAndRollDay(t *testing.T) {
	t.Parallel()
	r := PreTerm(autumn, nil, nil)
	if r.Duty != DutyPreTerm || !r.Window.Start.Equal(aug(25)) || !r.Window.End.Equal(aug(31)) ||
		!r.RollDay.Equal(sep(1)) || r.Window.Kind != calendar.KindPreTerm {
		t.Errorf("got %s window %v–%v roll %v", r.Duty, r.Window.Start, r.Window.End, r.RollDay)
	}
	if r.Students == nil || len(r.Students) != 0 || r.Classes != nil || len(r.Groups) != 2 {
		t.Errorf("empty report: %+v", r)
	}
	if got := StatusOf(r.Window, sep(2), r.Total.Rate(), 2); got != StatusNotApplicable {
		t.Errorf("no students: status %s, want not applicable", got)
	}
}

// TestLateLoggedVisit: the visit is recorded on 3 September for 30 August.
// The report depends on the visits only, so the duty reads overdue before the
// record exists and met after.
func TestLateLoggedVisit(t *testing.T) {
	t.Parallel()
	enr := []Enrolment{always(1, class1), always(2, class1)}
	visits := []Visit{visit(100, aug(28), OnSite, 1)}
	today := sep(3)

	before := PreTerm(autumn, enr, visits)
	if got := StatusOf(before.Window, today, before.Total.Rate(), 2); got != StatusOverdue {
		t.Fatalf("before the late record: %s, want overdue", got)
	}
	after := PreTerm(autumn, enr, append(visits, visit(101, aug(30), Phone, 2)))
	if got := StatusOf(after.Window, today, after.Total.Rate(), 2); got != StatusMet {
		t.Errorf("after the late record: %s, want met", got)
	}
	if after.Total != (Counts{Students: 2, Met: 2, OnSite: 1, Phone: 1}) {
		t.Errorf("counts %+v", after.Total)
	}
}

func TestPreTermAggregates(t *testing.T) {
	t.Parallel()
	enr := []Enrolment{
		always(5, class3),
		leftBehind(always(1, class1)), hardship(leftBehind(always(2, class1))), always(3, class1),
		hardship(always(4, class2)),
		enrol(6, class1, noLimit, aug(27)), enrol(6, class2, aug(28), noLimit), // transfer
	}
	visits := []Visit{
		visit(100, aug(26), OnSite, 1, 5),
		visit(101, aug(27), Video, 2),
		visit(102, aug(28), Phone, 2, 6),
		visit(103, aug(29), Phone, 4),
	}
	r := PreTerm(autumn, enr, visits)

	wantClasses := []ClassCounts{
		{schoolA, class1, Counts{Students: 3, Met: 2, OnSite: 1, Video: 1}},
		{schoolA, class2, Counts{Students: 2, Met: 2, Phone: 2}},
		{schoolB, class3, Counts{Students: 1, Met: 1, OnSite: 1}},
	}
	if !reflect.DeepEqual(r.Classes, wantClasses) {
		t.Errorf("classes:\n got %+v\nwant %+v", r.Classes, wantClasses)
	}
	wantSchools := []SchoolCounts{
		{schoolA, Counts{Students: 5, Met: 4, OnSite: 1, Video: 1, Phone: 2}},
		{schoolB, Counts{Students: 1, Met: 1, OnSite: 1}},
	}
	if !reflect.DeepEqual(r.Schools, wantSchools) {
		t.Errorf("schools:\n got %+v\nwant %+v", r.Schools, wantSchools)
	}
	wantGroups := []GroupCounts{
		{GroupLeftBehind, Counts{Students: 2, Met: 2, OnSite: 1, Video: 1}},
		{GroupHardship, Counts{Students: 2, Met: 2, Video: 1, Phone: 1}},
	}
	if !reflect.DeepEqual(r.Groups, wantGroups) {
		t.Errorf("groups:\n got %+v\nwant %+v", r.Groups, wantGroups)
	}
	wantTotal := Counts{Students: 6, Met: 5, OnSite: 2, Video: 1, Phone: 2}
	if r.Total != wantTotal || r.Schools[0].Add(r.Schools[1].Counts) != wantTotal {
		t.Errorf("total %+v, want %+v", r.Total, wantTotal)
	}
	if got, want := r.Total.ByMode(), []ModeCount{{OnSite, 2}, {Video, 1}, {Phone, 2}, {NotVisited, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("by mode %v, want %v", got, want)
	}
	if got := r.Total.Rate(); got != (Rate{5, 6}) || got.Percent() != "83%" {
		t.Errorf("rate %v %s", got, got.Percent())
	}
	if c, ok := r.Class(class2); !ok || c.Students != 2 {
		t.Errorf("Class(class2) = %+v, %v", c, ok)
	}
	if _, ok := r.Class(99); ok {
		t.Error("Class(99) found")
	}
	if s, ok := r.School(schoolB); !ok || s.Students != 1 {
		t.Errorf("School(B) = %+v, %v", s, ok)
	}
	var got []int64
	for _, s := range r.ClassStudents(class1) {
		got = append(got, s.StudentID)
	}
	if !slices.Equal(got, ids(1, 2, 3)) {
		t.Errorf("ClassStudents(class1) = %v", got)
	}
	var order []string
	for _, s := range r.Students {
		order = append(order, fmt.Sprint(s.SchoolID, "/", s.ClassID, "/", s.StudentID))
	}
	if want := []string{"1/11/1", "1/11/2", "1/11/3", "1/12/4", "1/12/6", "2/21/5"}; !slices.Equal(order, want) {
		t.Errorf("student order %v, want %v", order, want)
	}
}

// TestDeterministic: the order of the input does not change the output.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	enr := []Enrolment{
		always(3, class1), leftBehind(always(1, class3)), enrol(2, class1, noLimit, jan(30)),
		leftBehind(enrol(2, class2, feb(1), noLimit)), hardship(always(4, class2)),
	}
	visits := []Visit{
		visit(103, feb(3), OnSite, 2), visit(101, feb(16), Video, 1, 3), visit(102, feb(17), Phone, 4),
		visit(100, feb(18), OnSite, 4), visit(104, feb(16), OnSite, 1),
	}
	for _, measure := range []func(e []Enrolment, v []Visit) Report{
		func(e []Enrolment, v []Visit) Report { return PreTerm(spring, e, v) },
		func(e []Enrolment, v []Visit) Report { return Vacation(winter, e, v) },
	} {
		want := measure(enr, visits)
		for i := range 5 {
			e, v := slices.Clone(enr), slices.Clone(visits)
			rotate(e, i)
			rotate(v, 2*i)
			if i%2 == 1 {
				slices.Reverse(e)
				slices.Reverse(v)
			}
			if got := measure(e, v); !reflect.DeepEqual(got, want) {
				t.Errorf("permutation %d:\n got %+v\nwant %+v", i, got, want)
			}
		}
	}
}

func rotate[T any](s []T, n int) {
	if len(s) == 0 {
		return
	}
	n %= len(s)
	slices.Reverse(s[:n])
	slices.Reverse(s[n:])
	slices.Reverse(s)
}

func TestVacationRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		enrol  []Enrolment
		visits []Visit
		want   map[int64]outcome
		met    []int64 // students meeting R03
	}{
		{
			name: "only flagged students are in the denominator",
			enrol: []Enrolment{always(1, class1), leftBehind(always(2, class1)),
				hardship(always(3, class1))},
			visits: []Visit{visit(100, jan(25), OnSite, 1, 2, 3)},
			want:   map[int64]outcome{2: {class1, OnSite, ids(100)}, 3: {class1, OnSite, ids(100)}},
			met:    ids(2, 3),
		},
		{
			name: "video and phone are reported but do not meet the duty",
			enrol: []Enrolment{leftBehind(always(1, class1)), leftBehind(always(2, class1)),
				hardship(always(3, class1))},
			visits: []Visit{
				visit(100, jan(25), Video, 1),
				visit(101, jan(26), Phone, 2),
				visit(102, jan(27), Phone, 3), visit(103, feb(2), OnSite, 3),
			},
			want: map[int64]outcome{
				1: {class1, Video, ids(100)},
				2: {class1, Phone, ids(101)},
				3: {class1, OnSite, ids(102, 103)},
			},
			met: ids(3),
		},
		{
			name: "window edges: the whole vacation, last term day and next term day excluded",
			enrol: []Enrolment{leftBehind(always(1, class1)), leftBehind(always(2, class1)),
				leftBehind(always(3, class1)), leftBehind(always(4, class1))},
			visits: []Visit{
				visit(100, jan(22), OnSite, 1),
				visit(101, jan(23), OnSite, 2),
				visit(102, feb(21), OnSite, 3),
				visit(103, feb(22), OnSite, 4),
			},
			want: map[int64]outcome{
				1: {class1, NotVisited, nil},
				2: {class1, OnSite, ids(101)},
				3: {class1, OnSite, ids(102)},
				4: {class1, NotVisited, nil},
			},
			met: ids(2, 3),
		},
		{
			name: "transfer during the vacation: the class on its last day, earlier visit counts",
			enrol: []Enrolment{
				leftBehind(enrol(1, class1, noLimit, feb(5))), leftBehind(enrol(1, class3, feb(6), noLimit)),
				hardship(enrol(2, class1, noLimit, feb(5))), // moved out of the county
			},
			visits: []Visit{visit(100, jan(28), OnSite, 1, 2)},
			want:   map[int64]outcome{1: {class3, OnSite, ids(100)}},
			met:    ids(1),
		},
		{
			name: "siblings: one on-site visit meets the duty for both",
			enrol: []Enrolment{leftBehind(always(1, class1)), leftBehind(always(2, class3)),
				always(3, class2)},
			visits: []Visit{visit(100, feb(10), OnSite, 1, 2, 3)},
			want:   map[int64]outcome{1: {class1, OnSite, ids(100)}, 2: {class3, OnSite, ids(100)}},
			met:    ids(1, 2),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Vacation(winter, tt.enrol, tt.visits)
			if got := outcomes(r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("students:\n got %v\nwant %v", got, tt.want)
			}
			var met []int64
			for _, s := range r.Students {
				if s.Met {
					met = append(met, s.StudentID)
				}
			}
			if !slices.Equal(met, tt.met) {
				t.Errorf("met %v, want %v", met, tt.met)
			}
			if r.Total.Met != len(tt.met) || r.Total.Students != len(tt.want) {
				t.Errorf("total %+v", r.Total)
			}
		})
	}
}

func TestVacationReport(t *testing.T) {
	t.Parallel()
	r := Vacation(winter, nil, nil)
	if r.Duty != DutyVacation || !r.Window.Start.Equal(jan(23)) || !r.Window.End.Equal(feb(21)) ||
		!r.RollDay.Equal(feb(21)) || r.Window.Kind != calendar.KindVacation {
		t.Errorf("got %s %v–%v roll %v", r.Duty, r.Window.Start, r.Window.End, r.RollDay)
	}
	if got := StatusOf(r.Window, feb(1), r.Total.Rate(), 3); got != StatusNotApplicable {
		t.Errorf("no flagged students: %s, want not applicable", got)
	}

	// A student in both groups counts in each group and once in the total.
	enr := []Enrolment{hardship(leftBehind(always(1, class1))), always(2, class1)}
	visits := []Visit{visit(100, feb(1), Video, 1)}
	r = Vacation(winter, enr, visits)
	one := Counts{Students: 1, Video: 1}
	want := []GroupCounts{{GroupLeftBehind, one}, {GroupHardship, one}}
	if !reflect.DeepEqual(r.Groups, want) || r.Total != one {
		t.Errorf("groups %+v total %+v", r.Groups, r.Total)
	}
	if got := StatusOf(r.Window, feb(22), r.Total.Rate(), 3); got != StatusOverdue {
		t.Errorf("video only after the vacation: %s, want overdue", got)
	}
}

// TestPreTermWeekInsideVacation: the winter vacation's last week is the
// spring term's pre-term week; an on-site visit there counts for both.
func TestPreTermWeekInsideVacation(t *testing.T) {
	t.Parallel()
	enr := []Enrolment{leftBehind(always(1, class1))}
	visits := []Visit{visit(100, feb(18), OnSite, 1)}
	if r := PreTerm(spring, enr, visits); r.Total.Met != 1 {
		t.Errorf("R02: %+v", r.Total)
	}
	if r := Vacation(winter, enr, visits); r.Total.Met != 1 {
		t.Errorf("R03: %+v", r.Total)
	}
}

func TestEnrolmentOn(t *testing.T) {
	t.Parallel()
	e := enrol(1, class1, sep(1), sep(30))
	for _, tt := range []struct {
		e    Enrolment
		day  time.Time
		want bool
	}{
		{e, aug(31), false}, {e, sep(1), true}, {e, sep(30), true}, {e, d(2026, 10, 1), false},
		{always(1, class1), d(1999, 1, 1), true},
		{enrol(1, class1, noLimit, sep(1)), sep(1), true},
		{enrol(1, class1, sep(1), noLimit), d(2030, 1, 1), true},
	} {
		if got := tt.e.On(tt.day); got != tt.want {
			t.Errorf("%v–%v On(%v) = %v", tt.e.From, tt.e.To, tt.day, got)
		}
	}
}

func TestModes(t *testing.T) {
	t.Parallel()
	if !OnSite.Better(Video) || !Video.Better(Phone) || !Phone.Better(NotVisited) || Phone.Better(Phone) ||
		Mode("x").Better(NotVisited) {
		t.Error("mode order wrong")
	}
	for m, want := range map[Mode]string{OnSite: "实地", Video: "视频", Phone: "电话", NotVisited: "未访"} {
		if m.Label() != want {
			t.Errorf("%q label %s", m, m.Label())
		}
	}
	if NotVisited.Valid() || Mode("x").Valid() || !Phone.Valid() {
		t.Error("Valid wrong")
	}
	if PreTermVisit.Label() != "学期前全员家访" || VacationVisit.Label() != "寒暑假关爱家访" ||
		GroupLeftBehind.Label() != "留守儿童" || GroupHardship.Label() != "特困家庭" {
		t.Error("labels wrong")
	}
}

// TestModeCodes: the mode codes are the database's (visits.mode,
// visit_students.mode, coverage_students.best), one vocabulary everywhere.
func TestModeCodes(t *testing.T) {
	t.Parallel()
	for m, want := range map[Mode]string{OnSite: "onsite", Video: "video", Phone: "phone", NotVisited: ""} {
		if string(m) != want {
			t.Errorf("mode %q, want the database code %q", m, want)
		}
	}
}

// TestCountingWindows: a term's window is the week before it, rolled on its
// first day; a vacation's is the vacation, rolled on its last day.
func TestCountingWindows(t *testing.T) {
	y := calendar.SchoolYear{
		Terms:     []calendar.Term{{ID: 7, Start: d(2026, time.September, 1), End: d(2027, time.January, 20)}},
		Vacations: []calendar.Vacation{{ID: 9, Start: d(2027, time.January, 21), End: d(2027, time.February, 20)}},
	}
	got := CountingWindows(y)
	want := []CountingWindow{
		{Kind: PreTermVisit, ID: 7, Start: d(2026, time.August, 25), End: d(2026, time.August, 31), Roll: d(2026, time.September, 1)},
		{Kind: VacationVisit, ID: 9, Start: d(2027, time.January, 21), End: d(2027, time.February, 20), Roll: d(2027, time.February, 20)},
	}
	if len(got) != len(want) {
		t.Fatalf("%d windows, want %d", len(got), len(want))
	}
	for i := range want {
		g, w := got[i], want[i]
		if g.Kind != w.Kind || g.ID != w.ID || !g.Start.Equal(w.Start) || !g.End.Equal(w.End) || !g.Roll.Equal(w.Roll) {
			t.Errorf("window %d: %+v, want %+v", i, g, w)
		}
	}
}
