// Package coverage computes the home-visit duties of the requirement
// catalogue from plain Go values: R02 (every student visited in the week
// before term), R03 (left-behind and hardship students visited on site in
// each vacation) and R04 (every problem found on a visit is in the problem
// ledger, and no open ledger entry goes without action for too long).
//
// The functions are the reference implementation of these rules: the pages
// feed them rows from SQL, and a test compares the per-term counters that the
// database maintains incrementally against them. So they are deliberately
// simple, take no context, return no errors, never look at the clock (the
// caller passes today, see calendar.Today) and sort every output.
//
// Counting rules, in one place:
//
//   - What counts is the date of a visit (a civil date, see package
//     calendar), never when it was logged: a visit logged after the window
//     closed, for a date inside it, counts, and can turn an overdue status
//     into met. Visit.Kind is not looked at either: a routine visit (日常)
//     inside the pre-term week is a pre-term visit for R02.
//   - A visit covers every student it names (siblings: one family visit
//     counts for each child, each in their own class). A student named twice
//     in one visit counts once.
//   - A student is counted once per duty, under the best mode of all their
//     visits in the window: 实地 (on site) > 视频 (video) > 电话 (phone).
//   - The denominator is the set of students enrolled on the duty's roll day
//     (点名日), each in the class and school where they are enrolled on that
//     day: for R02 the first day of term, for R03 the last day of the
//     vacation. So a student who transferred out during the window is not in
//     the old class's denominator, one who transferred in is in the new
//     class's, and a visit made before the transfer (by the old class's
//     teacher) still counts for the student. A student who is not enrolled
//     anywhere on the roll day (left, graduated) is in no denominator and
//     their visits are ignored. See Enrolment for overlapping rows.
//   - R02 is met by any mode; R03 only by an on-site visit. The plan allows
//     特殊情况家庭可以通过视频、电话等方式进行家访, but R03 is the plan's
//     寒暑假各进行一次对留守儿童家庭、特困家庭的实地家访, so video and phone
//     visits of flagged students are reported in the mode split (as "other
//     modes") and do not meet the duty.
//   - A visit with a mode other than OnSite, Video or Phone is ignored.
package coverage

import (
	"time"

	"xietong/internal/calendar"
)

// Mode is how a home visit was made. The string values are stable codes for
// the database; Label gives the Chinese.
type Mode string

const (
	// NotVisited is the mode of a student with no visit in the window.
	NotVisited Mode = ""
	// OnSite is 实地家访, the mode the plan asks for ("以实地家访为主").
	OnSite Mode = "onsite"
	// Video is 视频家访.
	Video Mode = "video"
	// Phone is 电话家访.
	Phone Mode = "phone"
)

// Label returns 实地, 视频, 电话, or 未访 for NotVisited.
func (m Mode) Label() string {
	switch m {
	case OnSite:
		return "实地"
	case Video:
		return "视频"
	case Phone:
		return "电话"
	case NotVisited:
		return "未访"
	}
	return string(m)
}

// Valid reports whether m is one of OnSite, Video, Phone.
func (m Mode) Valid() bool { return m.rank() > 0 }

// rank orders the modes so that a student's best visit wins: on site over
// video over phone; 0 for NotVisited and unknown values.
func (m Mode) rank() int {
	switch m {
	case OnSite:
		return 3
	case Video:
		return 2
	case Phone:
		return 1
	}
	return 0
}

// Better reports whether m is a better mode than o (OnSite > Video > Phone >
// NotVisited).
func (m Mode) Better(o Mode) bool { return m.rank() > o.rank() }

// Kind is the purpose of a home visit. It is recorded and shown, but the
// counting rules ignore it: the date decides (see the package comment).
type Kind string

const (
	// PreTermVisit is 学期前全员家访.
	PreTermVisit Kind = "pre_term"
	// VacationVisit is 寒暑假关爱家访.
	VacationVisit Kind = "vacation"
	// RoutineVisit is 日常家访.
	RoutineVisit Kind = "routine"
	// FollowUpVisit is 回访.
	FollowUpVisit Kind = "follow_up"
)

// Label returns the Chinese name of the kind.
func (k Kind) Label() string {
	switch k {
	case PreTermVisit:
		return "学期前全员家访"
	case VacationVisit:
		return "寒暑假关爱家访"
	case RoutineVisit:
		return "日常家访"
	case FollowUpVisit:
		return "回访"
	}
	return string(k)
}

// Visit is one home visit to one family: the students of the family it
// names (siblings in the county's schools), its civil date and its mode.
type Visit struct {
	ID         int64
	Date       time.Time
	Mode       Mode
	Kind       Kind
	StudentIDs []int64
}

// Enrolment places a student in a class of a school from From to To, both
// inclusive civil dates. A zero From means "since before any window", a zero
// To "still enrolled". A transfer is two rows: the old one ending the day
// before (or the day of) the transfer, the new one starting on that day.
//
// LeftBehind (留守儿童) and Hardship (特困家庭 / 家庭经济困难) are the
// student's special-group flags as they apply to this enrolment; in practice
// the student's current flags, copied onto each row.
//
// If two rows cover the same day for one student (a transfer recorded with
// the transfer day in both rows, or bad data), the row with the later From
// wins, then the lower SchoolID, then the lower ClassID: the transfer day
// belongs to the new class, and the choice is deterministic.
type Enrolment struct {
	StudentID, ClassID, SchoolID int64
	From, To                     time.Time
	LeftBehind, Hardship         bool
}

// On reports whether the enrolment covers the civil date d.
func (e Enrolment) On(d time.Time) bool {
	d = calendar.DateOf(d)
	if !e.From.IsZero() && d.Before(calendar.DateOf(e.From)) {
		return false
	}
	return e.To.IsZero() || !d.After(calendar.DateOf(e.To))
}

// Flagged reports whether the student is in a group that R03 covers.
func (e Enrolment) Flagged() bool { return e.LeftBehind || e.Hardship }

// Group is a special group that the reports break down by.
type Group string

const (
	// GroupLeftBehind is 留守儿童.
	GroupLeftBehind Group = "left_behind"
	// GroupHardship is 特困家庭 (家庭经济困难).
	GroupHardship Group = "hardship"
)

// Label returns 留守儿童 or 特困家庭.
func (g Group) Label() string {
	switch g {
	case GroupLeftBehind:
		return "留守儿童"
	case GroupHardship:
		return "特困家庭"
	}
	return string(g)
}
