package parents

import (
	"strconv"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/codes"
)

// Audiences of a family-education guidance session (家庭教育指导) or a
// training: every parent, a grade, a class, or a special group the plan
// names for targeted guidance (R11: "对农村留守儿童、进城务工人员随迁子女、
// 残疾儿童、孤儿和家庭经济困难等特殊群体学生开展针对性指导").
var Audiences = codes.List{
	{Code: "all", Label: "全体家长"},
	{Code: "grade", Label: "年级家长"},
	{Code: "class", Label: "班级家长"},
	{Code: "left_behind", Label: "留守儿童家长"},
	{Code: "hardship", Label: "家庭经济困难学生家长"},
	{Code: "migrant", Label: "随迁子女家长"},
	{Code: "disabled", Label: "残疾儿童家长"},
	{Code: "orphan", Label: "孤儿监护人"},
}

// SpecialGroups are the audiences that are special groups, in the order the
// school page lists them; their codes are the students' flag columns.
var SpecialGroups = []string{"left_behind", "hardship", "migrant", "disabled", "orphan"}

// IsSpecialGroup reports whether audience is one of SpecialGroups.
func IsSpecialGroup(audience string) bool {
	for _, g := range SpecialGroups {
		if g == audience {
			return true
		}
	}
	return false
}

// Modes of a session: 线上 or 线下.
var Modes = codes.List{{Code: "offline", Label: "线下"}, {Code: "online", Label: "线上"}}

// QuarterStatus is one quarter of a term and whether it had guidance (R10).
type QuarterStatus struct {
	calendar.Window
	Name     string // "2026年第四季度"
	Sessions int
	State    calendar.WindowState
}

// Missing reports whether the quarter is over, or ongoing, without a session.
func (q QuarterStatus) Missing() bool { return q.Sessions == 0 && q.State != calendar.Upcoming }

// Quarters returns R10 for a term: each quarter of the term (clipped to it,
// calendar.QuartersOfTerm) with how many guidance sessions fell in it, and
// whether it is to come, running or over on today.
func Quarters(cal calendar.Calendar, term calendar.Term, sessions []time.Time, today time.Time) []QuarterStatus {
	var out []QuarterStatus
	for _, q := range cal.QuartersOfTerm(term) {
		qs := QuarterStatus{Window: q, Name: calendar.QuarterName(q.Start), State: q.State(today)}
		for _, d := range sessions {
			if q.Contains(d) {
				qs.Sessions++
			}
		}
		out = append(out, qs)
	}
	return out
}

// GroupStatus is one special group of a school for R11 in a term.
type GroupStatus struct {
	Group    string // a SpecialGroups code
	Label    string
	Students int // enrolled students with the flag
	Sessions int // sessions of the term targeted at the group
}

// Needed reports whether the group has students but no targeted session.
func (g GroupStatus) Needed() bool { return g.Students > 0 && g.Sessions == 0 }

// Groups returns R11 for a school and term: each special group with its
// enrolled students and the targeted sessions held. A group without
// students needs no session (it is listed, so the page can say so).
func Groups(students map[string]int, sessionAudiences []string) []GroupStatus {
	held := map[string]int{}
	for _, a := range sessionAudiences {
		held[a]++
	}
	out := make([]GroupStatus, 0, len(SpecialGroups))
	for _, g := range SpecialGroups {
		out = append(out, GroupStatus{Group: g, Label: Audiences.Label(g), Students: students[g], Sessions: held[g]})
	}
	return out
}

// Session kinds: family-education guidance (R10, R11) and a training for
// parents (R22). They are also the audit and evidence owner types.
const (
	KindGuidance = "guidance"
	KindTraining = "training"
)

// TrainingForms are the forms of a collaborative-education training for
// parents (R22): 专题培训 or 主题班会课.
var TrainingForms = codes.List{{Code: "topic", Label: "专题培训"}, {Code: "class_course", Label: "主题班会课"}}

// ValidateSessionDate checks a session's or a training's date against the
// term it is filed in: it is recorded once held (not ahead of today, the
// term's plan holds what is to come) and in the term it was held in. It
// returns a Chinese message, or "".
func ValidateSessionDate(term calendar.Term, d, today time.Time) string {
	d = calendar.DateOf(d)
	w := calendar.TermWindow(term)
	switch {
	case d.After(calendar.DateOf(today)):
		return "日期不能晚于今天：还没开展的指导或培训，开展后再记录"
	case !w.Contains(d):
		return "日期不在本学期内（" + w.LongLabel() + "）"
	}
	return ""
}

// TrainingStatus is R22 for a term: the trainings for parents held in it,
// and whether the term is to come, running or over on today.
type TrainingStatus struct {
	Trainings int
	State     calendar.WindowState
}

// Missing reports whether the term has begun, or is over, without a
// training.
func (t TrainingStatus) Missing() bool { return t.Trainings == 0 && t.State != calendar.Upcoming }

// Overdue reports whether the term is over without a training.
func (t TrainingStatus) Overdue() bool { return t.Trainings == 0 && t.State == calendar.Closed }

// Training returns R22 for a term: the trainings whose dates fall in the
// term, on today.
func Training(term calendar.Term, trainings []time.Time, today time.Time) TrainingStatus {
	w := calendar.TermWindow(term)
	ts := TrainingStatus{State: w.State(today)}
	for _, d := range trainings {
		if w.Contains(d) {
			ts.Trainings++
		}
	}
	return ts
}

// TargetedSessions counts the sessions aimed at a special group that has
// enrolled students (R11's figure): a session for a group the school has
// no student of does not count.
func TargetedSessions(groups []GroupStatus) int {
	n := 0
	for _, g := range groups {
		if g.Students > 0 {
			n += g.Sessions
		}
	}
	return n
}

// GroupProblems names, in Chinese, each special group with enrolled
// students and no targeted session (R11's explanation).
func GroupProblems(groups []GroupStatus) []string {
	var out []string
	for _, g := range groups {
		if g.Needed() {
			out = append(out, g.Label+"："+strconv.Itoa(g.Students)+" 名学生，本学期尚无针对性指导")
		}
	}
	return out
}
