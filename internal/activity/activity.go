// Package activity holds the pure rules of a school's practice and education
// activities (county plan 三(六), 三(七): duties R14–R20), its themed class
// meetings (三(二)2, R05) and the county's practice bases: the kinds with
// their Chinese names, which duty an activity counts towards, and the
// first-week rule of class meetings. No SQL, no HTTP.
//
// Every kind of activity the plan names is one record with a kind (not a
// table per kind), so that a new kind next year is a line here.
package activity

import (
	"time"

	"xietong/internal/calendar"
	"xietong/internal/codes"
)

// Kinds of practice and education activity, in the plan's words.
var Kinds = codes.List{
	{Code: "base_practice", Label: "实践基地社会实践教育"},
	{Code: "offsite_practice", Label: "校外实践活动"},
	{Code: "volunteer", Label: "志愿服务"},
	{Code: "law_lecture", Label: "法治讲座"},
	{Code: "prohibited_items", Label: "“校园违禁物品”安全教育"},
	{Code: "culture_heritage", Label: "“民族文化传承”专题教育"},
	{Code: "club", Label: "社团活动"},
	{Code: "league", Label: "共青团/少先队活动"},
	{Code: "labour", Label: "劳动教育"},
	{Code: "teaching", Label: "实践教学"},
	{Code: "safety", Label: "安全教育"},
	{Code: "science", Label: "科学普及"},
	{Code: "interest", Label: "兴趣培养"},
	{Code: "experience", Label: "实践体验"},
}

// BaseKinds are the kinds of practice base (社会实践基地).
var BaseKinds = codes.List{
	{Code: "red", Label: "红色教育"},
	{Code: "labour", Label: "劳动教育"},
	{Code: "science", Label: "科普"},
	{Code: "law", Label: "法治"},
	{Code: "culture", Label: "文化"},
	{Code: "other", Label: "其他"},
}

// Themes of a themed class meeting (主题班会): the plan names mental health
// and safety, and the troubles they answer (homework anxiety, parent–child
// tension, internet addiction).
var Themes = codes.List{
	{Code: "mental_health", Label: "心理健康"},
	{Code: "safety", Label: "安全教育"},
	{Code: "internet", Label: "网络沉迷"},
	{Code: "homework", Label: "作业焦虑"},
	{Code: "parent_child", Label: "亲子关系"},
	{Code: "other", Label: "其他"},
}

// Activity is what the duty rules need to know of one recorded activity.
type Activity struct {
	Kind string
	// OffCampus: held outside the school (校外).
	OffCampus bool
	// InCounty: the place is in the county (R16 asks for 校外县内).
	InCounty bool
	// BaseKind is the kind of the practice base it was held at, "" if none.
	BaseKind string
}

// Duty ids of the catalogue that activities count towards.
const (
	DutyBasePractice = "R14"
	DutyOffCampus    = "R15"
	DutyVolunteer    = "R16"
	DutyLawLecture   = "R17"
	DutyProhibited   = "R18"
	DutyCulture      = "R19"
	DutyClub         = "R20"
)

// DutyNames are the short Chinese names of the duties activities count
// towards, for lists and an activity's page.
var DutyNames = codes.List{
	{Code: DutyBasePractice, Label: "红色教育基地社会实践"},
	{Code: DutyOffCampus, Label: "校外实践活动"},
	{Code: DutyVolunteer, Label: "县内校外志愿服务"},
	{Code: DutyLawLecture, Label: "法治讲座"},
	{Code: DutyProhibited, Label: "违禁物品安全教育"},
	{Code: DutyCulture, Label: "民族文化传承教育"},
	{Code: DutyClub, Label: "社团活动"},
}

// Duties lists the duties an activity counts towards, in catalogue order.
// One activity may count for several: a volunteer day at a red-education
// base is R14, R15 and R16 at once, as the plan's "每学期至少开展一次" asks
// for the activity, not for separate paperwork.
//
//   - R14: social practice at a red-education (ideological) base — the plan's
//     王海平故居 and 卡法红色教育基地;
//   - R15: any activity held off campus;
//   - R16: volunteer service off campus and in the county (校外县内);
//   - R17, R18, R19, R20: a rule-of-law lecture, the prohibited-items safety
//     education, ethnic-culture heritage education, a club activity.
func Duties(a Activity) []string {
	var out []string
	if a.BaseKind == "red" {
		out = append(out, DutyBasePractice)
	}
	if a.OffCampus {
		out = append(out, DutyOffCampus)
	}
	switch a.Kind {
	case "volunteer":
		if a.OffCampus && a.InCounty {
			out = append(out, DutyVolunteer)
		}
	case "law_lecture":
		out = append(out, DutyLawLecture)
	case "prohibited_items":
		out = append(out, DutyProhibited)
	case "culture_heritage":
		out = append(out, DutyCulture)
	case "club":
		out = append(out, DutyClub)
	}
	return out
}

// ValidateDate checks an activity's date against the term it is filed in:
// an activity is recorded for the term it happened in, and not ahead of
// time (a plan holds what is to come). It returns a Chinese message, or "".
func ValidateDate(term calendar.Term, d, today time.Time) string {
	d = calendar.DateOf(d)
	w := calendar.TermWindow(term)
	switch {
	case d.After(calendar.DateOf(today)):
		return "活动日期不能晚于今天：尚未开展的活动请写进工作方案"
	case !w.Contains(d):
		return "活动日期不在本学期内（" + w.LongLabel() + "）"
	}
	return ""
}

// BaseOpen reports whether a practice base's agreement covers the civil
// date d: from and to are the agreement's first and last day, either may be
// zero for open-ended.
func BaseOpen(from, to, d time.Time) bool {
	d = calendar.DateOf(d)
	if !from.IsZero() && d.Before(calendar.DateOf(from)) {
		return false
	}
	return to.IsZero() || !d.After(calendar.DateOf(to))
}

// MeetingState is where a class stands on R05 for a term.
type MeetingState string

const (
	// MeetingHeld: a themed class meeting within the first week.
	MeetingHeld MeetingState = "held"
	// MeetingLate: only after the first week (it counts as done, not in time).
	MeetingLate MeetingState = "late"
	// MeetingWaiting: none yet, the first week is still open or to come.
	MeetingWaiting MeetingState = "waiting"
	// MeetingMissed: none in the first week, which has passed.
	MeetingMissed MeetingState = "missed"
)

// Label is the state's Chinese name.
func (s MeetingState) Label() string {
	switch s {
	case MeetingHeld:
		return "第一周已开"
	case MeetingLate:
		return "已开（晚于第一周）"
	case MeetingWaiting:
		return "未开"
	case MeetingMissed:
		return "第一周未开"
	}
	return string(s)
}

// ClassMeeting says where a class stands on R05 for term on the civil date
// today, from the dates of its themed class meetings in that term: held when
// one lies in the term's first seven days (calendar.FirstWeekWindow).
func ClassMeeting(term calendar.Term, dates []time.Time, today time.Time) MeetingState {
	fw := calendar.FirstWeekWindow(term)
	late := false
	for _, d := range dates {
		switch {
		case fw.Contains(d):
			return MeetingHeld
		case d.After(fw.End) && calendar.TermWindow(term).Contains(d):
			late = true
		}
	}
	if fw.State(today) != calendar.Closed {
		return MeetingWaiting
	}
	if late {
		return MeetingLate
	}
	return MeetingMissed
}
