package inspection

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/internal/calendar"
)

// Schedule is an inspection's schedule as the supervisors' office sets it.
type Schedule struct {
	Kind  string
	Topic string
	// On is the civil date of the visit to the school.
	On time.Time
	// Team are the supervisors who inspect; Head is one of them (组长).
	Team []int64
	Head int64
}

// FieldError is a refusal of one field of a schedule, in Chinese.
type FieldError struct{ Field, Message string }

// CheckSchedule says what is wrong with a schedule, by field, on the civil
// date today: a known kind, a subject for a special inspection, a date in
// a school year of the calendar (year, found by the caller: ok false when
// none holds the date) and not before today when the date is new
// (moved is false for an edit that keeps a past date: a visit that
// happened late is still recorded), at least one team member and a head
// among them.
func CheckSchedule(s Schedule, inYear, moved bool, today time.Time) []FieldError {
	var out []FieldError
	fail := func(field, msg string) { out = append(out, FieldError{field, msg}) }
	if !Kinds.Valid(s.Kind) {
		fail("kind", "请选择督导类别")
	}
	switch topic := strings.TrimSpace(s.Topic); {
	case s.Kind == KindSpecial && topic == "":
		fail("topic", "专项督导请填写督导主题")
	case utf8.RuneCountInString(topic) > 60:
		fail("topic", "督导主题不能超过 60 个字")
	}
	switch {
	case s.On.IsZero():
		fail("scheduled_on", "请填写督导日期")
	case !inYear:
		fail("scheduled_on", "督导日期不在校历的任何学年内，请管理员先维护校历")
	case moved && calendar.DateOf(s.On).Before(calendar.DateOf(today)):
		fail("scheduled_on", "督导日期不能早于今天")
	}
	switch {
	case len(s.Team) == 0:
		fail("team", "请至少选择一名督学")
	case !slices.Contains(s.Team, s.Head):
		fail("head", "请从督导组成员中选择组长")
	}
	return out
}
