package inspection

import (
	"strings"
	"time"

	"xietong/internal/calendar"
	"xietong/internal/codes"
)

// RectState is where one rectification item (整改事项) stands: 待整改 (the
// school has not reported yet), 待验收 (reported, the supervisor to check),
// 已退回 (returned with a comment, to report again), 已验收 (accepted).
type RectState string

const (
	RectOpen      RectState = "open"
	RectSubmitted RectState = "submitted"
	RectReturned  RectState = "returned"
	RectAccepted  RectState = "accepted"
)

// RectStates in workflow order, with their labels.
var RectStates = codes.List{
	{Code: string(RectOpen), Label: "待整改"},
	{Code: string(RectSubmitted), Label: "待验收"},
	{Code: string(RectReturned), Label: "已退回"},
	{Code: string(RectAccepted), Label: "已验收"},
}

// Label is the state's Chinese name.
func (s RectState) Label() string { return RectStates.Label(string(s)) }

// Rectification is what the rules need to know of one rectification item.
type Rectification struct {
	State RectState
	// Deadline is the last civil day (Asia/Shanghai) to report.
	Deadline time.Time
	// ReportedAt is when the school last reported (zero: never).
	ReportedAt time.Time
}

// Closable reports whether an inspection with these rectification items may
// close: every item accepted. An inspection that asked for none may close
// at once. open counts the items not yet accepted.
func Closable(items []Rectification) (ok bool, open int) {
	for _, it := range items {
		if it.State != RectAccepted {
			open++
		}
	}
	return open == 0, open
}

// DaysLate is how many days after its deadline the item is, on now: for an
// item reported and waiting or accepted, the days between the deadline and
// the report's civil day; for one the school still owes (open or
// returned), the days between the deadline and today. Days are civil days
// in Asia/Shanghai: a report at 23:59 on the deadline is in time, one at
// 00:01 the next day is a day late. 0 means in time (or not yet due).
func DaysLate(it Rectification, now time.Time) int {
	if it.Deadline.IsZero() {
		return 0
	}
	deadline := calendar.DateOf(it.Deadline)
	at := calendar.Today(now)
	if (it.State == RectSubmitted || it.State == RectAccepted) && !it.ReportedAt.IsZero() {
		at = calendar.Today(it.ReportedAt)
	}
	return max(calendar.DaysBetween(deadline, at), 0)
}

// Overdue reports whether the school owes the item past its deadline on
// now: open or returned, and today is after the deadline. An item reported
// and waiting for the supervisor is not the school's to chase.
func Overdue(it Rectification, now time.Time) bool {
	if it.State != RectOpen && it.State != RectReturned {
		return false
	}
	return DaysLate(it, now) > 0
}

// RectStep is one move of a rectification item.
type RectStep string

const (
	// Report: the school files its rectification report.
	Report RectStep = "report"
	// Accept / Return: the supervisor's check of the report.
	Accept RectStep = "accept"
	Return RectStep = "return"
)

// NextRect returns the state step leads to for a rectification item in
// state s, taken by actor with comment (required to return it).
func NextRect(s RectState, step RectStep, actor Actor, comment string) (RectState, *Error) {
	switch step {
	case Report:
		if actor != ActorSchool {
			return "", refuse("只有被督导学校可以提交整改报告")
		}
		if s != RectOpen && s != RectReturned {
			return "", refuse("整改事项当前为“" + s.Label() + "”，不能再次提交")
		}
		return RectSubmitted, nil
	case Accept, Return:
		if actor != ActorSupervisor {
			return "", refuse("只有督学可以验收整改")
		}
		if s != RectSubmitted {
			return "", refuse("整改事项当前为“" + s.Label() + "”，没有待验收的报告")
		}
		if step == Accept {
			return RectAccepted, nil
		}
		if strings.TrimSpace(comment) == "" {
			return "", refuse("退回整改请写明意见")
		}
		return RectReturned, nil
	}
	return "", refuse("未知的操作")
}
