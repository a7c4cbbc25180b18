// Package compliance holds the pure rules of the duty catalogue (R01–R23,
// docs/domain.md): what each kind of measure counts, which period of the
// calendar a duty is judged over, which version of a rule judges a period,
// and the status of one school on one duty for one period — 已达标,
// 进行中, 即将到期, 已逾期 or 不适用 — with the figure that explains it. The
// catalogue itself is data (a table the administrator edits); the figures
// come from the counters the records keep. No SQL, no HTTP.
package compliance

import (
	"strconv"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/codes"
	"xietong/internal/coverage"
)

// Measure is what a duty counts.
type Measure string

const (
	// Share: Num of Den (students visited, classes with a meeting) reaches
	// Threshold percent.
	Share Measure = "share"
	// Count: at least Threshold records in the period (lectures, sessions).
	Count Measure = "count"
	// Exists: the thing is there (a parent school, a leadership group).
	Exists Measure = "exists"
	// Valid: a structure meets its rule (the school parent committee).
	Valid Measure = "valid"
	// Workflow: a record reached its final state (the term plan approved).
	Workflow Measure = "workflow"
	// Timely: Num of Den events were handled in time (lectures forwarded
	// within 3 days), reaching Threshold percent.
	Timely Measure = "timely"
	// Answered: at least one record (a parent meeting) and Num of Den of its
	// items (opinions) answered, reaching Threshold percent.
	Answered Measure = "answered"
)

// Measures with their Chinese names, for the catalogue page.
var Measures = codes.List{
	{Code: string(Share), Label: "覆盖比例"},
	{Code: string(Count), Label: "次数"},
	{Code: string(Exists), Label: "已建立"},
	{Code: string(Valid), Label: "结构符合要求"},
	{Code: string(Workflow), Label: "流程完成"},
	{Code: string(Timely), Label: "按时比例"},
	{Code: string(Answered), Label: "回应比例"},
}

// Period is the stretch of the calendar a duty is judged over.
type Period string

const (
	PerTerm       Period = "term"
	PerQuarter    Period = "quarter"
	PerSchoolYear Period = "school_year"
	PerVacation   Period = "vacation"
	// Standing duties hold at every moment (a committee in place).
	Standing Period = "standing"
	// PerEvent duties are judged per event (each bureau lecture); the
	// status is over the events of the term.
	PerEvent Period = "event"
	// Continuous duties are judged on today's state (the ledger's
	// promptness), with no period that closes.
	Continuous Period = "continuous"
)

// Periods with their Chinese names.
var Periods = codes.List{
	{Code: string(PerTerm), Label: "每学期"},
	{Code: string(PerQuarter), Label: "每季度"},
	{Code: string(PerSchoolYear), Label: "每学年"},
	{Code: string(PerVacation), Label: "每个寒暑假"},
	{Code: string(Standing), Label: "常设"},
	{Code: string(PerEvent), Label: "每次"},
	{Code: string(Continuous), Label: "持续"},
}

// Rule is one version of a duty of the catalogue.
type Rule struct {
	ID      string // R01 …
	Section string // the plan's section, 三(二)1
	Duty    string // the duty in the plan's words
	Measure Measure
	Period  Period
	// Window narrows the period: calendar.KindPreTerm (the week before
	// term) or calendar.KindFirstWeek; "" is the whole period.
	Window calendar.WindowKind
	// FixedWindow: the window is the counters' (R02's pre-term week is
	// coverage.CountingWindows'), so the administrator cannot change it.
	FixedWindow bool
	// Threshold: a percentage for Share, Timely and Answered; a number of
	// records for Count.
	Threshold int
	// Unit names what is counted: "名学生", "个班", "次".
	Unit   string
	Owners []string // offices, auth.Office codes or role names
	// Stages the duty applies to (school stages); empty for every stage.
	Stages []string
	// From is the first day of the periods this version judges; a change
	// of threshold takes effect for periods starting on or after it.
	From time.Time
}

// Applies reports whether the rule applies to a school of the stage.
func (r Rule) Applies(stage string) bool {
	if len(r.Stages) == 0 {
		return true
	}
	for _, s := range r.Stages {
		if s == stage {
			return true
		}
	}
	return false
}

// Version picks, from the versions of one duty, the one that judges a
// period starting on start: the latest whose From is on or before start. A
// period that started before the first version is judged by the earliest,
// so that a duty added mid-year still has a rule for the running term.
func Version(versions []Rule, start time.Time) (Rule, bool) {
	if len(versions) == 0 {
		return Rule{}, false
	}
	start = calendar.DateOf(start)
	earliest, best, found := versions[0], Rule{}, false
	for _, v := range versions {
		if v.From.Before(earliest.From) {
			earliest = v
		}
		if !calendar.DateOf(v.From).After(start) && (!found || v.From.After(best.From)) {
			best, found = v, true
		}
	}
	if !found {
		return earliest, true
	}
	return best, true
}

// TermWindow returns the window a rule judges for a term: the whole term, its
// pre-term week or its first week.
func (r Rule) TermWindow(t calendar.Term) calendar.Window {
	switch r.Window {
	case calendar.KindPreTerm:
		return calendar.PreTermWindow(t)
	case calendar.KindFirstWeek:
		return calendar.FirstWeekWindow(t)
	}
	return calendar.TermWindow(t)
}

// Figures are what the records say for one school, duty and period.
type Figures struct {
	// Available is false while the records the duty reads do not exist in
	// the system yet: the status is then 不适用, never a made-up figure.
	Available bool
	Num, Den  int // Share, Timely, Answered
	Count     int // Count; for Answered the records (meetings)
	OK        bool
	// Problems say why a Valid or Exists measure fails, or which records
	// are missing, in Chinese ("初中部 缺 1 名代表").
	Problems []string
	// State is a Workflow measure's current state label ("已退回").
	State string
}

// Status of a school on a duty for a period.
type Status string

const (
	Met        Status = "met"
	InProgress Status = "in_progress"
	DueSoon    Status = "due_soon"
	Overdue    Status = "overdue"
	NA         Status = "na"
)

// Statuses with their Chinese names and the symbol shown beside the
// colour (never colour alone).
var Statuses = codes.List{
	{Code: string(Met), Label: "已达标"},
	{Code: string(InProgress), Label: "进行中"},
	{Code: string(DueSoon), Label: "即将到期"},
	{Code: string(Overdue), Label: "已逾期"},
	{Code: string(NA), Label: "不适用"},
}

// Label is the status's Chinese name.
func (s Status) Label() string { return Statuses.Label(string(s)) }

// Symbol is the mark shown with the status's colour.
func (s Status) Symbol() string {
	switch s {
	case Met:
		return "✓"
	case InProgress:
		return "…"
	case DueSoon:
		return "!"
	case Overdue:
		return "✗"
	}
	return "—"
}

// DueSoonDays: an open window ending within this many days makes an unmet
// duty 即将到期.
const DueSoonDays = 7

// Result is a status with the figure behind it.
type Result struct {
	Status Status
	// Figure is the short text: "37/41 个班", "1/2 次", "已通过".
	Figure string
}

// Satisfied reports whether the figures meet the rule.
func Satisfied(r Rule, f Figures) bool {
	switch r.Measure {
	case Share, Timely:
		return f.Den > 0 && f.Num*100 >= r.Threshold*f.Den
	case Answered:
		return f.Count >= 1 && (f.Den == 0 || f.Num*100 >= r.Threshold*f.Den)
	case Count:
		return f.Count >= r.Threshold
	case Exists, Valid, Workflow:
		return f.OK
	}
	return false
}

// Evaluate is a school's status on a rule for the window w on today: 不适用
// when the rule does not apply or its records do not exist yet; 已达标 when
// the figures meet it; otherwise by the window — 进行中 while it is open or
// to come, 即将到期 in its last DueSoonDays days, 已逾期 once it has closed.
// Standing and continuous duties have no window that closes: unmet they
// are 已逾期 at once (they are owed every day).
//
// A Share duty whose denominator is zero (R03 for a school with no
// left-behind or hardship student) is 不适用: there is nobody to visit.
func Evaluate(r Rule, stage string, w calendar.Window, f Figures, today time.Time) Result {
	if !r.Applies(stage) {
		return Result{Status: NA, Figure: "—"}
	}
	if !f.Available {
		return Result{Status: NA, Figure: NoRecords}
	}
	if (r.Measure == Share || r.Measure == Timely) && f.Den == 0 {
		return Result{Status: NA, Figure: "无需统计"}
	}
	res := Result{Figure: Figure(r, f)}
	switch {
	case Satisfied(r, f):
		res.Status = Met
	case r.Period == Standing || r.Period == Continuous:
		res.Status = Overdue
	case w.State(today) == calendar.Closed:
		res.Status = Overdue
	case calendar.DueSoon(w, today, DueSoonDays):
		res.Status = DueSoon
	default:
		res.Status = InProgress
	}
	return res
}

// NoRecords is the figure of a duty whose records the system does not keep
// yet: never a made-up figure.
const NoRecords = "暂无记录（n.a.）"

// Figure renders the figures for the rule: "37/41 个班（90%）", "1/2 次",
// "已建立", "不符合", the workflow's state.
func Figure(r Rule, f Figures) string {
	switch r.Measure {
	case Share, Timely:
		return strconv.Itoa(f.Num) + "/" + strconv.Itoa(f.Den) + " " + r.Unit + "（" + coverage.Rate{Num: f.Num, Den: f.Den}.Percent() + "）"
	case Answered:
		s := strconv.Itoa(f.Count) + " 次"
		if f.Den > 0 {
			s += "，已回应 " + strconv.Itoa(f.Num) + "/" + strconv.Itoa(f.Den) + " 条"
		}
		return s
	case Count:
		return strconv.Itoa(f.Count) + "/" + strconv.Itoa(r.Threshold) + " " + r.Unit
	case Exists:
		if f.OK {
			return "已建立"
		}
		return "未建立"
	case Valid:
		if f.OK {
			return "符合要求"
		}
		return "不符合要求"
	case Workflow:
		return f.State
	}
	return ""
}
