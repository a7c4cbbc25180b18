package parents

import (
	"time"

	"xietong/internal/calendar"
)

// ForwardDays is how long a school has to forward a bureau lecture or
// resource to its parent groups (R12: "及时将教育局要求落实的线上或线下家庭
// 教育讲座及时转发家长群"): three days after it is published.
const ForwardDays = 3

// ForwardDue is the last day to forward a lecture published on published.
func ForwardDue(published time.Time) time.Time { return calendar.AddDays(published, ForwardDays) }

// ForwardState is where a school stands on one lecture.
type ForwardState string

const (
	ForwardedInTime ForwardState = "in_time" // 已按时转发
	ForwardedLate   ForwardState = "late"    // 逾期转发
	ForwardWaiting  ForwardState = "waiting" // 待转发
	ForwardOverdue  ForwardState = "overdue" // 逾期未转发
)

// Label is the state's Chinese name.
func (s ForwardState) Label() string {
	switch s {
	case ForwardedInTime:
		return "已按时转发"
	case ForwardedLate:
		return "逾期转发"
	case ForwardWaiting:
		return "待转发"
	case ForwardOverdue:
		return "逾期未转发"
	}
	return string(s)
}

// Done reports whether the school has forwarded it at all.
func (s ForwardState) Done() bool { return s == ForwardedInTime || s == ForwardedLate }

// Forwarding says where a school stands on a lecture published on
// published: forwarded (on the civil date forwarded, nil if not yet) in
// time or late, or still to do (waiting while the due day has not passed,
// overdue after).
func Forwarding(published time.Time, forwarded *time.Time, today time.Time) ForwardState {
	due := ForwardDue(published)
	if forwarded != nil {
		if calendar.DateOf(*forwarded).After(due) {
			return ForwardedLate
		}
		return ForwardedInTime
	}
	if calendar.DateOf(today).After(due) {
		return ForwardOverdue
	}
	return ForwardWaiting
}

// LectureOnMeetingDay reports whether a themed lecture was given on the day
// of a parent meeting (R13: "时间放在家长会当天").
func LectureOnMeetingDay(lecture time.Time, meetings []time.Time) bool {
	for _, m := range meetings {
		if calendar.DateOf(m).Equal(calendar.DateOf(lecture)) {
			return true
		}
	}
	return false
}
