package parents

import (
	"slices"
	"strconv"
	"strings"
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

// ForwardingAt is Forwarding with today read from the instant now in
// Asia/Shanghai: the three days are the county's calendar days, so a
// lecture published on the 5th is overdue from 00:00 on the 9th in the
// county, which is 16:00 UTC on the 8th.
func ForwardingAt(published time.Time, forwarded *time.Time, now time.Time) ForwardState {
	return Forwarding(published, forwarded, calendar.Today(now))
}

// DaysLate is how many days after its due day a lecture published on
// published was forwarded on forwarded (0 when in time).
func DaysLate(published, forwarded time.Time) int {
	if n := calendar.DaysBetween(ForwardDue(published), forwarded); n > 0 {
		return n
	}
	return 0
}

// PublishWindowDays bounds how far back the bureau may date a lecture it
// publishes: a lecture dated long ago would be overdue for every school
// the moment it appears.
const PublishWindowDays = 30

// ValidatePublishDate checks a lecture's publish date against today: not
// ahead of today (schools would see a lecture before it is out), not more
// than PublishWindowDays back. It returns the Chinese message, or "".
func ValidatePublishDate(published, today time.Time) string {
	switch d := calendar.DaysBetween(today, published); {
	case d > 0:
		return "发布日期不能晚于今天"
	case d < -PublishWindowDays:
		return "发布日期不能早于 " + strconv.Itoa(PublishWindowDays) + " 天前（" + calendar.DateLabel(calendar.AddDays(today, -PublishWindowDays)) + "）"
	}
	return ""
}

// ValidateForwardDate checks the date a school says it forwarded a
// lecture: not before the lecture was published, not ahead of today.
func ValidateForwardDate(published, forwarded, today time.Time) string {
	switch {
	case calendar.DateOf(forwarded).Before(calendar.DateOf(published)):
		return "转发日期不能早于讲座发布日期（" + calendar.DateLabel(published) + "）"
	case calendar.DateOf(forwarded).After(calendar.DateOf(today)):
		return "转发日期不能晚于今天"
	}
	return ""
}

// ParentGroups are the parent groups a school forwards a lecture to, in the
// order the form offers them.
var ParentGroups = []string{"各班家长群", "全校家长群", "家长委员会群", "家长学校群", "年级家长群"}

// ForwardGroups joins the groups picked from ParentGroups and any other
// group typed, in ParentGroups' order, without repeats; "" when none.
func ForwardGroups(picked []string, other string) string {
	seen := map[string]bool{}
	var out []string
	for _, g := range ParentGroups {
		if slices.Contains(picked, g) && !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	if o := strings.TrimSpace(other); o != "" && !seen[o] {
		out = append(out, o)
	}
	return strings.Join(out, "、")
}

// stageAudiences: the school stages a stage lecture concerns. A
// nine-year school has primary and junior pupils, a complete secondary
// school junior and senior ones.
var stageAudiences = map[string][]string{
	"primary":   {"primary", "nine_year"},
	"junior":    {"junior", "nine_year", "complete"},
	"nine_year": {"nine_year"},
	"senior":    {"senior", "complete"},
	"complete":  {"complete"},
}

// LectureConcerns reports whether a lecture for audienceStage ("" for every
// parent or special groups) is one a school of schoolStage has to forward.
func LectureConcerns(audienceStage, schoolStage string) bool {
	return audienceStage == "" || slices.Contains(stageAudiences[audienceStage], schoolStage)
}

// AudienceStages are the school stages a lecture for audienceStage
// concerns, nil for a lecture for every stage ("") — the data the store
// writes with a lecture, so that its lists, R12's counts and the schools'
// to-dos all read the same rule.
func AudienceStages(audienceStage string) []string {
	if audienceStage == "" {
		return nil
	}
	return slices.Clone(stageAudiences[audienceStage])
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
