// Package todo holds the rules of a user's to-dos (待办, #17 item 5): what
// each kind of waiting record asks, how urgent a to-do is on a day, and the
// advance notices the calendar alone gives (a visit window opens in three
// days). Which records wait for whom is kept by the database
// (migrations/code/todos_*.sql); a to-do ends when its record is done, never
// by a tick.
package todo

import (
	"cmp"
	"slices"
	"time"

	"xietong/internal/calendar"
)

// Kind is what a to-do asks; the codes are the todos table's.
type Kind string

const (
	// Ledger: a problem-ledger entry the user owns is open (R04).
	Ledger Kind = "ledger"
	// PlanReturned: the bureau returned the school's term plan (R01).
	PlanReturned Kind = "plan_returned"
	// PlanLeader: the school's plan waits for its leader's approval.
	PlanLeader Kind = "plan_leader"
	// PlanReview: a school's plan waits for the bureau's review.
	PlanReview Kind = "plan_review"
	// OpinionAccept: a parent sent an opinion through the meeting's link.
	OpinionAccept Kind = "opinion_accept"
	// OpinionAnswer: an accepted opinion waits for its response (R08).
	OpinionAnswer Kind = "opinion_answer"
	// Lecture: a bureau lecture is to be forwarded to the parents (R12).
	Lecture Kind = "lecture"
	// RectReport: a rectification item of a released inspection waits for
	// the school's report (R23).
	RectReport Kind = "rect_report"
	// RectReview: a school's rectification report waits for the supervisor.
	RectReview Kind = "rect_review"
	// Window: a duty's window opens soon (no record: from the calendar).
	Window Kind = "window"
)

var kindLabels = map[Kind]string{
	Ledger:        "问题台账待跟进",
	PlanReturned:  "工作方案被退回，待修改后重新提交",
	PlanLeader:    "工作方案待校领导审核",
	PlanReview:    "学校工作方案待审核",
	OpinionAccept: "家长提交的意见建议待受理",
	OpinionAnswer: "家长意见建议待回应",
	Lecture:       "教育局讲座待转发家长群",
	RectReport:    "督导整改事项待提交整改报告",
	RectReview:    "学校整改报告待验收",
	Window:        "工作窗口即将开始",
}

// Label is the kind in Chinese.
func (k Kind) Label() string {
	if l, ok := kindLabels[k]; ok {
		return l
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { _, ok := kindLabels[k]; return ok }

// SoonDays is how near a due date or a window's start makes a to-do urgent:
// the plan's three days for forwarding a lecture, and the notice before a
// visit window opens.
const SoonDays = 3

// Urgency is where a to-do stands on a day.
type Urgency string

const (
	Overdue Urgency = "overdue" // past its due date
	DueSoon Urgency = "soon"    // due within SoonDays
	Open    Urgency = "open"    // no due date, or later
)

var urgencyLabels = map[Urgency]string{Overdue: "已逾期", DueSoon: "即将到期", Open: "待办"}

// Label is the urgency in Chinese.
func (u Urgency) Label() string { return urgencyLabels[u] }

// UrgencyOn says how urgent a to-do due on due (nil: no due date) is on the
// civil date today: overdue the day after its due date.
func UrgencyOn(due *time.Time, today time.Time) Urgency {
	if due == nil {
		return Open
	}
	switch d := calendar.DaysBetween(today, *due); {
	case d < 0:
		return Overdue
	case d <= SoonDays:
		return DueSoon
	default:
		return Open
	}
}

// Item is one to-do as the list shows it.
type Item struct {
	Kind   Kind
	Due    *time.Time
	Opened time.Time
	Unread bool
}

// Sort orders to-dos for the list: overdue first, then by due date (those
// without one last), the newest first among equals.
func Sort[T any](items []T, item func(T) Item, today time.Time) {
	rank := map[Urgency]int{Overdue: 0, DueSoon: 1, Open: 2}
	slices.SortStableFunc(items, func(a, b T) int {
		x, y := item(a), item(b)
		if c := cmp.Compare(rank[UrgencyOn(x.Due, today)], rank[UrgencyOn(y.Due, today)]); c != 0 {
			return c
		}
		switch {
		case x.Due != nil && y.Due != nil:
			if c := x.Due.Compare(*y.Due); c != 0 {
				return c
			}
		case x.Due != nil:
			return -1
		case y.Due != nil:
			return 1
		}
		return y.Opened.Compare(x.Opened)
	})
}

// Notice is an advance notice from the calendar: a duty's window opens on
// Starts, within SoonDays of today.
type Notice struct {
	Duty   string // R02, R03, R05
	Title  string
	Window calendar.Window
}

// Audience is who a window's notice is for.
type Audience int

const (
	// ForTeacher: a class teacher, who visits and holds the class meeting.
	ForTeacher Audience = iota
	// ForSchool: a school's leader and offices, who see the school through it.
	ForSchool
)

// Notices lists the windows that open after today and within SoonDays: the
// pre-term visit week (R02) and the vacation's visits to left-behind and
// hardship families (R03) for teachers and schools, the first week's class
// meeting (R05) for teachers. A notice ends when its window opens: from then
// the duty's own page shows its progress.
func Notices(cal calendar.Calendar, today time.Time, who Audience) []Notice {
	var out []Notice
	soon := func(w calendar.Window) bool {
		d := calendar.DaysBetween(today, w.Start)
		return d > 0 && d <= SoonDays
	}
	for _, t := range cal.Terms() {
		if w := calendar.PreTermWindow(t); soon(w) {
			out = append(out, Notice{Duty: "R02", Title: "开学前一周全员家访", Window: w})
		}
		if w := calendar.FirstWeekWindow(t); who == ForTeacher && soon(w) {
			out = append(out, Notice{Duty: "R05", Title: "开学第一周主题班会", Window: w})
		}
	}
	for _, v := range cal.Vacations() {
		if w := calendar.VacationWindow(v); soon(w) {
			out = append(out, Notice{Duty: "R03", Title: "假期留守儿童、困难家庭关爱家访", Window: w})
		}
	}
	slices.SortFunc(out, func(a, b Notice) int { return a.Window.Start.Compare(b.Window.Start) })
	return out
}
