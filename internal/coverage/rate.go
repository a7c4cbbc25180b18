package coverage

import (
	"strconv"
	"time"

	"xietong/internal/calendar"
)

// Rate is an exact fraction, Num out of Den, kept as integers so that sums
// over classes and schools stay exact and 100% means every single one.
type Rate struct {
	Num, Den int
}

// String returns "23/40".
func (r Rate) String() string { return strconv.Itoa(r.Num) + "/" + strconv.Itoa(r.Den) }

// Complete reports whether the rate is 100% or more (and has a denominator).
func (r Rate) Complete() bool { return r.Den > 0 && r.Num >= r.Den }

// Add sums numerators and denominators: the rate of the union.
func (r Rate) Add(o Rate) Rate { return Rate{r.Num + o.Num, r.Den + o.Den} }

// Percent returns the rate as a whole percentage, "58%", rounded half up,
// except that a rate that is neither zero nor complete never shows as "0%"
// or "100%" (1/1000 is "1%", 399/400 is "99%"): a dashboard must not claim
// everyone was visited when one child was not. A zero or negative
// denominator gives "—"; it never divides by zero. Rates above 100% (3 of
// 2 required lectures) are shown as they are, "150%".
func (r Rate) Percent() string {
	p, ok := r.PercentInt()
	if !ok {
		return "—"
	}
	return strconv.Itoa(p) + "%"
}

// PercentInt is the number behind Percent; ok is false when Den <= 0.
func (r Rate) PercentInt() (p int, ok bool) {
	if r.Den <= 0 {
		return 0, false
	}
	num := max(r.Num, 0)
	p = (200*num + r.Den) / (2 * r.Den)
	switch {
	case num > 0 && p == 0:
		p = 1
	case num < r.Den && p >= 100:
		p = 99
	}
	return p, true
}

// CompareRates orders rates by value, exactly (by cross-multiplication), for
// callers that sort rows: -1 if a < b, 0 if equal, +1 if a > b. A rate
// without a denominator sorts before every rate with one; two such rates
// are equal.
func CompareRates(a, b Rate) int {
	switch {
	case a.Den <= 0 && b.Den <= 0:
		return 0
	case a.Den <= 0:
		return -1
	case b.Den <= 0:
		return 1
	}
	x, y := int64(a.Num)*int64(b.Den), int64(b.Num)*int64(a.Den)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// Status is where a school (class, county) stands on a requirement for a
// period. The string values are stable codes for the database.
type Status string

const (
	// StatusMet: the measure is reached (100%).
	StatusMet Status = "met"
	// StatusInProgress: the window is open and the measure not yet reached.
	StatusInProgress Status = "in_progress"
	// StatusDueSoon: open, not reached, and the window ends within the
	// due-soon horizon.
	StatusDueSoon Status = "due_soon"
	// StatusOverdue: the window has closed without the measure reached.
	StatusOverdue Status = "overdue"
	// StatusNotApplicable: nothing to measure (no students, no flagged
	// students, no problems).
	StatusNotApplicable Status = "not_applicable"
	// StatusUpcoming: the window has not opened yet. The catalogue names
	// five statuses; this sixth one exists because calling a duty whose
	// window is in the future "in progress" or "not applicable" would be
	// false.
	StatusUpcoming Status = "upcoming"
)

// Label returns 已达标, 进行中, 即将到期, 已逾期, 不适用 or 未开始.
func (s Status) Label() string {
	switch s {
	case StatusMet:
		return "已达标"
	case StatusInProgress:
		return "进行中"
	case StatusDueSoon:
		return "即将到期"
	case StatusOverdue:
		return "已逾期"
	case StatusNotApplicable:
		return "不适用"
	case StatusUpcoming:
		return "未开始"
	}
	return string(s)
}

// StatusOf is the status of a windowed duty measured by r on the civil date
// today, checked in this order:
//
//  1. no denominator (r.Den <= 0): not applicable, whatever the date;
//  2. r complete: met, whatever the date (a late-logged visit can turn an
//     overdue duty into met);
//  3. the window has not started: upcoming;
//  4. it is open and its last day is no later than today+dueSoonDays
//     (calendar.DueSoon): due soon;
//  5. it is open: in progress;
//  6. it has closed: overdue.
func StatusOf(w calendar.Window, today time.Time, r Rate, dueSoonDays int) Status {
	switch {
	case r.Den <= 0:
		return StatusNotApplicable
	case r.Complete():
		return StatusMet
	}
	switch w.State(today) {
	case calendar.Upcoming:
		return StatusUpcoming
	case calendar.Open:
		if calendar.DueSoon(w, today, dueSoonDays) {
			return StatusDueSoon
		}
		return StatusInProgress
	}
	return StatusOverdue
}
