package coverage

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"xietong/internal/calendar"
)

// DefaultMaxIdleDays is the plan's "及时" made a number for R04: an open
// ledger entry may go at most 7 days without an action. The catalogue holds
// the threshold, so Ledger takes it as an argument.
const DefaultMaxIdleDays = 7

// EntryStatus is the state of a problem-ledger entry. The string values are
// stable codes for the database.
type EntryStatus string

const (
	// EntryPending is 待处理: recorded, nothing done yet.
	EntryPending EntryStatus = "pending"
	// EntryFollowingUp is 跟进中.
	EntryFollowingUp EntryStatus = "following_up"
	// EntryResolved is 已化解.
	EntryResolved EntryStatus = "resolved"
	// EntryReferred is 已转介 (handed to another service).
	EntryReferred EntryStatus = "referred"
)

// Label returns 待处理, 跟进中, 已化解 or 已转介.
func (s EntryStatus) Label() string {
	switch s {
	case EntryPending:
		return "待处理"
	case EntryFollowingUp:
		return "跟进中"
	case EntryResolved:
		return "已化解"
	case EntryReferred:
		return "已转介"
	}
	return string(s)
}

// Open reports whether the entry still needs work (待处理 or 跟进中). Only
// open entries can be overdue; an unknown status is treated as closed.
func (s EntryStatus) Open() bool { return s == EntryPending || s == EntryFollowingUp }

// Problem is one problem found on a home visit: a category (消极心理, 亲子关系
// 紧张, …, as stored) for one student of the visit. A problem is identified by
// (VisitID, StudentID, Category); duplicates count once.
type Problem struct {
	VisitID, StudentID, SchoolID int64
	Category                     string
	// Found is the visit's date.
	Found time.Time
}

// LedgerEntry is one entry of the problem ledger (问题台账).
type LedgerEntry struct {
	ID, SchoolID, StudentID int64
	// VisitID is the source visit, 0 for a problem that came to light some
	// other way. An entry records a Problem when VisitID, StudentID and
	// Category are the same.
	VisitID  int64
	Category string
	Status   EntryStatus
	// Opened is the civil date the entry was recorded; recording is the
	// first action.
	Opened time.Time
	// Actions are the dates of the interventions (dated steps).
	Actions []time.Time
	// NextFollowUp is the next follow-up date agreed, zero if none.
	NextFollowUp time.Time
}

// LastAction is the latest of Opened and the action dates.
func (e LedgerEntry) LastAction() time.Time {
	last := calendar.DateOf(e.Opened)
	for _, a := range e.Actions {
		if a := calendar.DateOf(a); a.After(last) {
			last = a
		}
	}
	return last
}

// EntryResult is one entry as of today.
type EntryResult struct {
	ID, SchoolID, StudentID, VisitID int64
	Status                           EntryStatus
	LastAction                       time.Time
	// IdleDays is today − LastAction in days.
	IdleDays int
	// Deadline is the last day on which the entry is still on time: the
	// earlier of LastAction+maxIdleDays and NextFollowUp. Zero when the
	// entry is closed.
	Deadline time.Time
	// Idle: open and no action for over maxIdleDays (IdleDays > maxIdleDays).
	Idle bool
	// FollowUpMissed: open and today is after NextFollowUp.
	FollowUpMissed bool
	// Overdue is Idle || FollowUpMissed, i.e. open and today > Deadline.
	Overdue bool
}

// ProblemResult is one problem found on a visit, as of today.
type ProblemResult struct {
	Problem
	// EntryIDs are the ledger entries recording it, ascending.
	EntryIDs []int64
	// Recorded: at least one entry records the problem.
	Recorded bool
	// Deadline, for a problem not yet recorded, is Found+maxIdleDays: an
	// unrecorded problem is itself an open item with no action. Zero once
	// recorded.
	Deadline time.Time
	// Overdue: not recorded and today > Deadline.
	Overdue bool
}

// LedgerCounts sums the ledger of a school or of the county.
type LedgerCounts struct {
	// Problems found on visits; Recorded of them have an entry;
	// UnrecordedOverdue of the others are past their deadline.
	Problems, Recorded, UnrecordedOverdue int
	// Entries by status; Open = Pending + FollowingUp; Overdue of the open.
	Entries, Open, Overdue                   int
	Pending, FollowingUp, Resolved, Referred int
	// NextDeadline is the earliest deadline of an item that is not yet
	// overdue (an open entry or an unrecorded problem); zero if none.
	NextDeadline time.Time
}

// RecordedRate is problems with a ledger entry out of problems: R04's first
// measure.
func (c LedgerCounts) RecordedRate() Rate { return Rate{c.Recorded, c.Problems} }

// OnTimeRate is open entries not overdue out of open entries: R04's second
// measure.
func (c LedgerCounts) OnTimeRate() Rate { return Rate{c.Open - c.Overdue, c.Open} }

// Add returns the sum of c and o.
func (c LedgerCounts) Add(o LedgerCounts) LedgerCounts {
	c.Problems += o.Problems
	c.Recorded += o.Recorded
	c.UnrecordedOverdue += o.UnrecordedOverdue
	c.Entries += o.Entries
	c.Open += o.Open
	c.Overdue += o.Overdue
	c.Pending += o.Pending
	c.FollowingUp += o.FollowingUp
	c.Resolved += o.Resolved
	c.Referred += o.Referred
	c.NextDeadline = earliest(c.NextDeadline, o.NextDeadline)
	return c
}

// Status is R04 for these counts on the civil date today, checked in order:
//
//  1. no problem found and no entry: not applicable;
//  2. an open entry or an unrecorded problem past its deadline: overdue;
//  3. the earliest deadline is no later than today+dueSoonDays: due soon;
//  4. a problem not yet recorded (within its deadline): in progress;
//  5. otherwise met (every problem recorded, every open entry on time).
//
// R04 is continuous: there is no window, each item carries its own deadline.
func (c LedgerCounts) Status(today time.Time, dueSoonDays int) Status {
	switch {
	case c.Problems == 0 && c.Entries == 0:
		return StatusNotApplicable
	case c.Overdue > 0 || c.UnrecordedOverdue > 0:
		return StatusOverdue
	case !c.NextDeadline.IsZero() && dueSoonDays >= 0 &&
		calendar.DaysBetween(today, c.NextDeadline) <= dueSoonDays:
		return StatusDueSoon
	case c.Recorded < c.Problems:
		return StatusInProgress
	}
	return StatusMet
}

// SchoolLedger is the ledger of one school.
type SchoolLedger struct {
	SchoolID int64
	LedgerCounts
}

// LedgerReport is R04 over the entries and problems passed in, on Today.
type LedgerReport struct {
	Today       time.Time
	MaxIdleDays int
	// Problems ordered by SchoolID, VisitID, StudentID, Category.
	Problems []ProblemResult
	// Entries ordered by SchoolID, ID.
	Entries []EntryResult
	// Schools ordered by SchoolID, one per school with a problem or an entry.
	Schools []SchoolLedger
	Total   LedgerCounts
}

// Overdue returns the overdue entries, most idle first (then by ID): the
// list a 德育处 works through.
func (r LedgerReport) Overdue() []EntryResult {
	var out []EntryResult
	for _, e := range r.Entries {
		if e.Overdue {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b EntryResult) int { return cmp.Compare(b.IdleDays, a.IdleDays) })
	return out
}

// Ledger computes R04 on the civil date today (calendar.Today(time.Now())).
// An open entry is overdue when today − LastAction > maxIdleDays (so with 7,
// an entry last acted on 1 March is on time through 8 March and overdue on
// 9 March) or when today is after its NextFollowUp (on the follow-up day
// itself it is on time). A problem found on a visit is recorded when an
// entry has its visit, student and category; while it is not, it is overdue
// once today − Found > maxIdleDays. A negative maxIdleDays counts as 0.
func Ledger(entries []LedgerEntry, problems []Problem, today time.Time, maxIdleDays int) LedgerReport {
	today = calendar.DateOf(today)
	maxIdleDays = max(maxIdleDays, 0)
	r := LedgerReport{Today: today, MaxIdleDays: maxIdleDays}

	type key struct {
		visit, student int64
		category       string
	}
	recordedBy := map[key][]int64{}
	for _, e := range entries {
		if e.VisitID != 0 {
			k := key{e.VisitID, e.StudentID, e.Category}
			recordedBy[k] = append(recordedBy[k], e.ID)
		}
	}

	schools := map[int64]*LedgerCounts{}
	school := func(id int64) *LedgerCounts {
		c, ok := schools[id]
		if !ok {
			c = &LedgerCounts{}
			schools[id] = c
		}
		return c
	}

	seen := map[key]bool{}
	for _, p := range problems {
		k := key{p.VisitID, p.StudentID, p.Category}
		if seen[k] {
			continue
		}
		seen[k] = true
		p.Found = calendar.DateOf(p.Found)
		pr := ProblemResult{Problem: p, EntryIDs: slices.Sorted(slices.Values(recordedBy[k]))}
		pr.EntryIDs = slices.Compact(pr.EntryIDs)
		pr.Recorded = len(pr.EntryIDs) > 0
		c := school(p.SchoolID)
		c.Problems++
		if pr.Recorded {
			c.Recorded++
		} else {
			pr.Deadline = calendar.AddDays(p.Found, maxIdleDays)
			pr.Overdue = today.After(pr.Deadline)
			if pr.Overdue {
				c.UnrecordedOverdue++
			} else {
				c.NextDeadline = earliest(c.NextDeadline, pr.Deadline)
			}
		}
		r.Problems = append(r.Problems, pr)
	}

	for _, e := range entries {
		er := EntryResult{ID: e.ID, SchoolID: e.SchoolID, StudentID: e.StudentID, VisitID: e.VisitID,
			Status: e.Status, LastAction: e.LastAction()}
		er.IdleDays = calendar.DaysBetween(er.LastAction, today)
		c := school(e.SchoolID)
		c.Entries++
		switch e.Status {
		case EntryPending:
			c.Pending++
		case EntryFollowingUp:
			c.FollowingUp++
		case EntryResolved:
			c.Resolved++
		case EntryReferred:
			c.Referred++
		}
		if e.Status.Open() {
			c.Open++
			er.Deadline = calendar.AddDays(er.LastAction, maxIdleDays)
			er.Idle = er.IdleDays > maxIdleDays
			if !e.NextFollowUp.IsZero() {
				next := calendar.DateOf(e.NextFollowUp)
				er.FollowUpMissed = today.After(next)
				er.Deadline = earliest(er.Deadline, next)
			}
			er.Overdue = er.Idle || er.FollowUpMissed
			if er.Overdue {
				c.Overdue++
			} else {
				c.NextDeadline = earliest(c.NextDeadline, er.Deadline)
			}
		}
		r.Entries = append(r.Entries, er)
	}

	slices.SortFunc(r.Problems, func(a, b ProblemResult) int {
		return cmp.Or(cmp.Compare(a.SchoolID, b.SchoolID), cmp.Compare(a.VisitID, b.VisitID),
			cmp.Compare(a.StudentID, b.StudentID), cmp.Compare(a.Category, b.Category))
	})
	slices.SortFunc(r.Entries, func(a, b EntryResult) int {
		return cmp.Or(cmp.Compare(a.SchoolID, b.SchoolID), cmp.Compare(a.ID, b.ID))
	})
	for _, id := range slices.Sorted(maps.Keys(schools)) {
		r.Schools = append(r.Schools, SchoolLedger{SchoolID: id, LedgerCounts: *schools[id]})
		r.Total = r.Total.Add(*schools[id])
	}
	return r
}

// earliest returns the earlier of two dates, a zero date meaning "none".
func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
