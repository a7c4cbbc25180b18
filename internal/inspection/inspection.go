// Package inspection holds the pure rules of the county's annual
// inspection of a school (督导检查, county plan 四(三), duty R23): its kinds,
// its states and who moves it between them, the rubric's score arithmetic,
// and the rectification (整改) that follows: when an inspection may close and
// when a rectification is late. No SQL, no HTTP.
package inspection

import (
	"strings"

	"xietong/internal/codes"
)

// Kinds of inspection: the plan's annual comprehensive one, which counts for
// R23, and a special (thematic) one the office may add.
var Kinds = codes.List{
	{Code: KindAnnual, Label: "年度综合督导"},
	{Code: KindSpecial, Label: "专项督导"},
}

const (
	KindAnnual  = "annual"
	KindSpecial = "special"
)

// State of an inspection: 已安排 → 检查中 → 已评分 → 已发布 → 已关闭, or 已取消
// before it was scored.
type State string

const (
	// Scheduled: the supervisors' office has set the date and the team.
	Scheduled State = "scheduled"
	// InProgress: the team is at the school, scoring.
	InProgress State = "in_progress"
	// Scored: every item scored; the report is not yet the school's.
	Scored State = "scored"
	// Released: the report is released to the school, which now sees it
	// and files its rectification.
	Released State = "released"
	// Closed: every rectification item accepted (Closable).
	Closed State = "closed"
	// Cancelled: called off before it was scored; kept, not deleted.
	Cancelled State = "cancelled"
)

// States in workflow order, with their labels.
var States = codes.List{
	{Code: string(Scheduled), Label: "已安排"},
	{Code: string(InProgress), Label: "检查中"},
	{Code: string(Scored), Label: "已评分"},
	{Code: string(Released), Label: "已发布"},
	{Code: string(Closed), Label: "已关闭"},
	{Code: string(Cancelled), Label: "已取消"},
}

// Label is the state's Chinese name.
func (s State) Label() string { return States.Label(string(s)) }

// Valid reports whether s is a known state.
func (s State) Valid() bool { return States.Valid(string(s)) }

// Done reports whether the inspection has been carried out: scored,
// released or closed. Only such an inspection counts for R23.
func (s State) Done() bool { return s == Scored || s == Released || s == Closed }

// VisibleToSchool reports whether the school may read the inspection: only
// once the supervisor released the report.
func (s State) VisibleToSchool() bool { return s == Released || s == Closed }

// Schedulable reports whether the schedule (date, team, kind) may still be
// changed: before the scoring is finished.
func (s State) Schedulable() bool { return s == Scheduled || s == InProgress }

// Scorable reports whether items may be scored and findings written.
func (s State) Scorable() bool { return s == Scheduled || s == InProgress }

// DoneStates are the states of an inspection carried out, as the store's
// count for R23 names them.
var DoneStates = []string{string(Scored), string(Released), string(Closed)}

// Step is one move of the workflow.
type Step string

const (
	// Start: the team begins at the school (the first score starts it too).
	Start Step = "start"
	// Finish: every item scored, the team submits the scores.
	Finish Step = "finish"
	// Reopen: back to scoring before release, to correct a score.
	Reopen Step = "reopen"
	// Release: the report goes to the school.
	Release Step = "release"
	// Close: every rectification item accepted.
	Close Step = "close"
	// Cancel: called off before it was scored.
	Cancel Step = "cancel"
)

// Steps label the workflow's moves.
var Steps = codes.List{
	{Code: string(Start), Label: "开始检查"},
	{Code: string(Finish), Label: "完成评分"},
	{Code: string(Reopen), Label: "退回修改评分"},
	{Code: string(Release), Label: "发布报告"},
	{Code: string(Close), Label: "关闭督导"},
	{Code: string(Cancel), Label: "取消督导"},
}

// Label is the step's Chinese name.
func (s Step) Label() string { return Steps.Label(string(s)) }

// Actor is who takes a step, as the workflow sees it; the policy in
// internal/auth decides who a user is.
type Actor string

const (
	// ActorSupervisor: 督学, who schedules, scores, releases and closes.
	ActorSupervisor Actor = "supervisor"
	// ActorSchool: the inspected school's leader or office.
	ActorSchool Actor = "school"
	// ActorReader: anyone else who may read (局领导, 股室).
	ActorReader Actor = "reader"
)

// Facts are what the workflow needs to know of an inspection beside its
// state: its score sheet and its rectification.
type Facts struct {
	State State
	Sheet Sheet
	// Rectifications are its rectification items (empty: none asked).
	Rectifications []Rectification
}

// Error is a refusal with a Chinese message.
type Error struct{ Message string }

func (e *Error) Error() string { return e.Message }

func refuse(msg string) *Error { return &Error{Message: msg} }

// Next returns the state step leads to from f's state when taken by actor,
// with reason (required to cancel). It refuses a step the state does not
// allow, an actor who may not take it, a finish with items unscored or a
// score out of range, and a close with a rectification not yet accepted.
func Next(f Facts, step Step, actor Actor, reason string) (State, *Error) {
	if actor != ActorSupervisor {
		return "", refuse("只有督学可以" + step.Label())
	}
	bad := func() (State, *Error) {
		return "", refuse("督导检查当前为“" + f.State.Label() + "”，不能" + step.Label())
	}
	switch step {
	case Start:
		if f.State != Scheduled {
			return bad()
		}
		return InProgress, nil
	case Finish:
		if f.State != InProgress && f.State != Scheduled {
			return bad()
		}
		t := f.Sheet.Tally()
		if t.Invalid > 0 {
			return "", refuse("有 " + itoa(t.Invalid) + " 项得分超出该项分值，请修改后再完成评分")
		}
		if t.Unscored > 0 {
			return "", refuse("还有 " + itoa(t.Unscored) + " 项未评分，全部评分后才能完成")
		}
		return Scored, nil
	case Reopen:
		if f.State != Scored {
			return bad()
		}
		return InProgress, nil
	case Release:
		if f.State != Scored {
			return bad()
		}
		return Released, nil
	case Close:
		if f.State != Released {
			return bad()
		}
		if ok, open := Closable(f.Rectifications); !ok {
			return "", refuse("还有 " + itoa(open) + " 项整改未验收通过，不能关闭")
		}
		return Closed, nil
	case Cancel:
		if !f.State.Schedulable() {
			return bad()
		}
		if strings.TrimSpace(reason) == "" {
			return "", refuse("取消督导检查请写明原因")
		}
		return Cancelled, nil
	}
	return "", refuse("未知的操作")
}
