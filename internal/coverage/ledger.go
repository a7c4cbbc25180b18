package coverage

import (
	"time"

	"xietong/internal/calendar"
)

// The ledger's rules (which statuses are open, when an entry is overdue)
// are package visit's (visit.Open, visit.Overdue); the database keeps the
// counts (ledger_counts, ledger_entries.due_on). What is here is R04 over
// those counts: its two rates and its status.

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
