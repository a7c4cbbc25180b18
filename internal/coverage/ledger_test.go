package coverage

import (
	"testing"
	"time"
)

func mar(day int) time.Time { return d(2027, time.March, day) }

func TestLedgerStatus(t *testing.T) {
	t.Parallel()
	today := mar(9)
	tests := []struct {
		name    string
		c       LedgerCounts
		dueSoon int
		want    Status
	}{
		{"nothing at all", LedgerCounts{}, 2, StatusNotApplicable},
		{"every problem recorded, entries on time", LedgerCounts{Problems: 1, Recorded: 1, Entries: 1, Open: 1, FollowingUp: 1, NextDeadline: mar(15)}, 2, StatusMet},
		{"an entry nearing its deadline", LedgerCounts{Entries: 1, Open: 1, Pending: 1, NextDeadline: mar(10)}, 2, StatusDueSoon},
		{"same, with a shorter horizon", LedgerCounts{Entries: 1, Open: 1, Pending: 1, NextDeadline: mar(10)}, 0, StatusMet},
		{"a problem not yet recorded", LedgerCounts{Problems: 2, Recorded: 1, Entries: 1, Open: 1, NextDeadline: mar(15)}, 2, StatusInProgress},
		{"an overdue entry wins", LedgerCounts{Problems: 1, Recorded: 1, Entries: 2, Open: 2, Overdue: 1, NextDeadline: mar(10)}, 2, StatusOverdue},
		{"an unrecorded problem past its deadline", LedgerCounts{Problems: 1, UnrecordedOverdue: 1}, 2, StatusOverdue},
		{"closed entries only", LedgerCounts{Entries: 3, Resolved: 2, Referred: 1}, 2, StatusMet},
	}
	for _, tt := range tests {
		if got := tt.c.Status(today, tt.dueSoon); got != tt.want {
			t.Errorf("%s: %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestLedgerRatesAndAdd(t *testing.T) {
	t.Parallel()
	a := LedgerCounts{Problems: 4, Recorded: 3, Entries: 3, Open: 2, Overdue: 1, Pending: 1, FollowingUp: 1, Resolved: 1, NextDeadline: mar(12)}
	b := LedgerCounts{Problems: 1, Recorded: 1, Entries: 1, Open: 1, FollowingUp: 1, NextDeadline: mar(10)}
	sum := a.Add(b)
	if sum.Problems != 5 || sum.Recorded != 4 || sum.Open != 3 || sum.Overdue != 1 || sum.FollowingUp != 2 || !sum.NextDeadline.Equal(mar(10)) {
		t.Errorf("Add: %+v", sum)
	}
	if r := sum.RecordedRate(); r.String() != "4/5" {
		t.Errorf("RecordedRate %s, want 4/5", r)
	}
	if r := sum.OnTimeRate(); r.String() != "2/3" {
		t.Errorf("OnTimeRate %s, want 2/3", r)
	}
	if s := (LedgerCounts{}).Add(LedgerCounts{NextDeadline: mar(3)}); !s.NextDeadline.Equal(mar(3)) {
		t.Errorf("a zero deadline is none: %v", s.NextDeadline)
	}
}
