package calendar

import (
	"fmt"
	"time"
)

// WindowKind says which duty period a Window is; it is stored alongside
// requirement statuses so that a status can explain the period it covers.
type WindowKind string

const (
	// KindPreTerm is the week before a term, for 学期前全员家访 (R02).
	KindPreTerm WindowKind = "pre_term"
	// KindFirstWeek is 开学第一周, for the themed class meetings (R05).
	KindFirstWeek WindowKind = "first_week"
	// KindVacation is a winter or summer vacation, for 寒暑假关爱家访 (R03).
	KindVacation WindowKind = "vacation"
	// KindTerm is a whole term, the period of most duties.
	KindTerm WindowKind = "term"
	// KindQuarter is a calendar quarter, for 每季度 guidance (R10).
	KindQuarter WindowKind = "quarter"
	// KindSchoolYear is a whole school year (R19, R23).
	KindSchoolYear WindowKind = "school_year"
)

// Label returns the Chinese name of the kind of window.
func (k WindowKind) Label() string {
	switch k {
	case KindPreTerm:
		return "学期前全员家访"
	case KindFirstWeek:
		return "开学第一周"
	case KindVacation:
		return "假期"
	case KindTerm:
		return "学期"
	case KindQuarter:
		return "季度"
	case KindSchoolYear:
		return "学年"
	}
	return string(k)
}

// Window is a period of civil dates, inclusive at both ends, during which a
// duty has to be done.
type Window struct {
	Kind       WindowKind
	Start, End time.Time
}

// Contains reports whether the civil date d lies in the window, first and
// last day included.
func (w Window) Contains(d time.Time) bool {
	d = DateOf(d)
	return !d.Before(DateOf(w.Start)) && !d.After(DateOf(w.End))
}

// Days returns the number of days in the window, both ends counted
// (a one-day window has 1); 0 if End is before Start.
func (w Window) Days() int {
	n := DaysBetween(w.Start, w.End) + 1
	if n < 0 {
		return 0
	}
	return n
}

// Overlaps reports whether the two windows share at least one day.
func (w Window) Overlaps(o Window) bool {
	return !DateOf(w.Start).After(DateOf(o.End)) && !DateOf(o.Start).After(DateOf(w.End))
}

// WindowState is where today stands relative to a window.
type WindowState string

const (
	// Upcoming: the window has not started yet.
	Upcoming WindowState = "upcoming"
	// Open: today is inside the window.
	Open WindowState = "open"
	// Closed: the window's last day has passed; an unmet duty is overdue.
	Closed WindowState = "closed"
)

// Label returns "未开始", "进行中" or "已结束".
func (s WindowState) Label() string {
	switch s {
	case Upcoming:
		return "未开始"
	case Open:
		return "进行中"
	case Closed:
		return "已结束"
	}
	return string(s)
}

// State returns whether the window is upcoming, open or closed on the civil
// date today (use Today(time.Now()) to get it).
func (w Window) State(today time.Time) WindowState {
	today = DateOf(today)
	switch {
	case today.Before(DateOf(w.Start)):
		return Upcoming
	case today.After(DateOf(w.End)):
		return Closed
	}
	return Open
}

// DaysLeft returns how many days of the window remain on the civil date
// today, today included: Days() before it opens, 1 on its last day, 0 once
// closed. It feeds texts such as "还剩3天".
func (w Window) DaysLeft(today time.Time) int {
	switch w.State(today) {
	case Upcoming:
		return w.Days()
	case Open:
		return DaysBetween(today, w.End) + 1
	}
	return 0
}

// DueSoon reports whether the window is open on today and ends within
// `within` days, i.e. its last day is no later than today+within (so a
// window ending today is due soon even with within = 0). A negative within
// is never due soon. This is the "due soon" requirement status.
func DueSoon(w Window, today time.Time, within int) bool {
	if within < 0 || w.State(today) != Open {
		return false
	}
	return DaysBetween(today, w.End) <= within
}

// Label renders the window in Chinese: "2月15日—2月21日"; with the years
// when they differ, "2026年12月28日—2027年1月3日"; a one-day window is a
// single date, "2月15日".
func (w Window) Label() string {
	s, e := DateOf(w.Start), DateOf(w.End)
	switch {
	case s.Year() != e.Year():
		return DateLabel(s) + "—" + DateLabel(e)
	case s.Equal(e):
		return MonthDayLabel(s)
	}
	return MonthDayLabel(s) + "—" + MonthDayLabel(e)
}

// LongLabel is Label with the year always shown once, for places where the
// year is not evident from context: "2027年2月15日—2月21日".
func (w Window) LongLabel() string {
	s, e := DateOf(w.Start), DateOf(w.End)
	if s.Year() != e.Year() {
		return w.Label()
	}
	return fmt.Sprintf("%d年%s", s.Year(), w.Label())
}

// MonthDayLabel renders a date without its year, where the year is
// evident: "2月15日".
func MonthDayLabel(d time.Time) string {
	return fmt.Sprintf("%d月%d日", int(d.Month()), d.Day())
}

// PreTermWindow is the week before the term starts, [Start−7, Start−1]: the
// plan's "每学期开学前一周" all-student home visits (R02).
func PreTermWindow(t Term) Window {
	return Window{Kind: KindPreTerm, Start: AddDays(t.Start, -7), End: AddDays(t.Start, -1)}
}

// FirstWeekWindow is the first seven days of the term, [Start, Start+6]:
// "开学第一周" themed class meetings (R05). Calendar days, not school days,
// so a term opening on a weekend still has a seven-day window.
func FirstWeekWindow(t Term) Window {
	return Window{Kind: KindFirstWeek, Start: DateOf(t.Start), End: AddDays(t.Start, 6)}
}

// TermWindow is the whole term.
func TermWindow(t Term) Window {
	return Window{Kind: KindTerm, Start: DateOf(t.Start), End: DateOf(t.End)}
}

// VacationWindow is the whole vacation (R03).
func VacationWindow(v Vacation) Window {
	return Window{Kind: KindVacation, Start: DateOf(v.Start), End: DateOf(v.End)}
}

// SchoolYearWindow is the whole school year (R19, R23).
func SchoolYearWindow(y SchoolYear) Window {
	return Window{Kind: KindSchoolYear, Start: DateOf(y.Start), End: DateOf(y.End)}
}

// QuarterOf returns the calendar quarter (Jan–Mar, Apr–Jun, Jul–Sep,
// Oct–Dec) containing the civil date d, the plan's "每季度" (R10).
func QuarterOf(d time.Time) Window {
	d = DateOf(d)
	first := time.Month((int(d.Month())-1)/3*3 + 1)
	start := D(d.Year(), first, 1)
	return Window{Kind: KindQuarter, Start: start, End: start.AddDate(0, 3, -1)}
}

// QuarterName returns e.g. "2026年第四季度" for the quarter containing d.
func QuarterName(d time.Time) string {
	d = DateOf(d)
	names := [...]string{"一", "二", "三", "四"}
	return fmt.Sprintf("%d年第%s季度", d.Year(), names[(int(d.Month())-1)/3])
}

// QuartersOfTerm returns the calendar quarters overlapping the term, in
// order, each clipped to the term: a school is measured on R10 only for the
// part of a quarter that falls in term. A first term from 1 September to
// 22 January yields 9月1日—9月30日, 10月1日—12月31日 and 1月1日—1月22日.
func (c Calendar) QuartersOfTerm(t Term) []Window {
	tw := TermWindow(t)
	var qs []Window
	for d := tw.Start; !d.After(tw.End); {
		q := QuarterOf(d)
		if q.Start.Before(tw.Start) {
			q.Start = tw.Start
		}
		if q.End.After(tw.End) {
			q.End = tw.End
		}
		qs = append(qs, q)
		d = AddDays(q.End, 1)
	}
	return qs
}
