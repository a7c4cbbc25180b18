package coverage

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func mar(day int) time.Time { return d(2027, time.March, day) }

func entry(id int64, st EntryStatus, opened time.Time, actions ...time.Time) LedgerEntry {
	return LedgerEntry{ID: id, SchoolID: schoolA, StudentID: id * 10, Category: "消极心理",
		Status: st, Opened: opened, Actions: actions}
}

func withFollowUp(e LedgerEntry, next time.Time) LedgerEntry { e.NextFollowUp = next; return e }

func TestLedgerEntryOverdue(t *testing.T) {
	t.Parallel()
	today := mar(9)
	tests := []struct {
		name           string
		e              LedgerEntry
		idleDays       int
		deadline       time.Time
		idle, followUp bool
	}{
		{"opened 8 days ago, nothing since: idle", entry(1, EntryPending, mar(1)), 8, mar(8), true, false},
		{"opened 7 days ago: still on time", entry(1, EntryPending, mar(2)), 7, mar(9), false, false},
		{"opened today", entry(1, EntryPending, mar(9)), 0, mar(16), false, false},
		{"the latest action counts, in any order",
			entry(1, EntryFollowingUp, d(2027, 2, 1), mar(5), d(2027, 2, 10)), 4, mar(12), false, false},
		{"old actions only: idle", entry(1, EntryFollowingUp, d(2027, 2, 1), d(2027, 2, 10)), 27, d(2027, 2, 17), true, false},
		{"follow-up date passed", withFollowUp(entry(1, EntryFollowingUp, mar(6)), mar(8)), 3, mar(8), false, true},
		{"follow-up date is today: on time", withFollowUp(entry(1, EntryFollowingUp, mar(6)), mar(9)), 3, mar(9), false, false},
		{"follow-up later than the idle limit: idle limit is the deadline",
			withFollowUp(entry(1, EntryFollowingUp, mar(6)), mar(30)), 3, mar(13), false, false},
		{"both idle and follow-up missed", withFollowUp(entry(1, EntryPending, mar(1)), mar(3)), 8, mar(3), true, true},
		{"action with a clock time in Shanghai reads its own date",
			entry(1, EntryFollowingUp, mar(1), time.Date(2027, 3, 2, 8, 0, 0, 0, calendar.Shanghai)), 7, mar(9), false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := Ledger([]LedgerEntry{tt.e}, nil, today, DefaultMaxIdleDays)
			got := r.Entries[0]
			if got.IdleDays != tt.idleDays || !got.Deadline.Equal(tt.deadline) || got.Idle != tt.idle ||
				got.FollowUpMissed != tt.followUp || got.Overdue != (tt.idle || tt.followUp) {
				t.Errorf("got idle days %d deadline %s idle %v follow-up missed %v overdue %v",
					got.IdleDays, got.Deadline.Format(time.DateOnly), got.Idle, got.FollowUpMissed, got.Overdue)
			}
			if got.Overdue && (r.Total.Overdue != 1 || r.Total.Status(today, 2) != StatusOverdue) {
				t.Errorf("total %+v status %s", r.Total, r.Total.Status(today, 2))
			}
		})
	}
}

func TestLedgerClosedEntriesNeverOverdue(t *testing.T) {
	t.Parallel()
	old := d(2026, 1, 1)
	entries := []LedgerEntry{
		withFollowUp(entry(1, EntryResolved, old), old),
		entry(2, EntryReferred, old),
		entry(3, EntryStatus("archived"), old), // unknown: closed
	}
	r := Ledger(entries, nil, mar(9), 7)
	for _, e := range r.Entries {
		if e.Overdue || e.Idle || e.FollowUpMissed || !e.Deadline.IsZero() {
			t.Errorf("entry %d: %+v", e.ID, e)
		}
	}
	want := LedgerCounts{Entries: 3, Resolved: 1, Referred: 1}
	if r.Total != want {
		t.Errorf("total %+v, want %+v", r.Total, want)
	}
	if got := r.Total.Status(mar(9), 2); got != StatusMet {
		t.Errorf("status %s, want met", got)
	}
}

func TestLedgerThreshold(t *testing.T) {
	t.Parallel()
	e := []LedgerEntry{entry(1, EntryPending, mar(6))} // idle 3 days on 9 March
	for _, tt := range []struct {
		max     int
		overdue bool
	}{{7, false}, {3, false}, {2, true}, {0, true}, {-5, true}} {
		r := Ledger(e, nil, mar(9), tt.max)
		if r.Entries[0].Overdue != tt.overdue || r.MaxIdleDays != max(tt.max, 0) {
			t.Errorf("max %d: overdue %v, MaxIdleDays %d", tt.max, r.Entries[0].Overdue, r.MaxIdleDays)
		}
	}
}

func TestLedgerProblemsRecorded(t *testing.T) {
	t.Parallel()
	p := func(visit, student int64, cat string, found time.Time) Problem {
		return Problem{VisitID: visit, StudentID: student, SchoolID: schoolA, Category: cat, Found: found}
	}
	problems := []Problem{
		p(100, 1, "消极心理", mar(1)),
		p(100, 1, "消极心理", mar(1)), // duplicate: once
		p(100, 2, "消极心理", mar(1)), // sibling on the same visit: its own entry needed
		p(101, 3, "沉迷网络", mar(1)), // entry has another category
		p(102, 4, "作业焦虑", mar(5)), // no entry yet, within 7 days
	}
	entries := []LedgerEntry{
		{ID: 7, SchoolID: schoolA, StudentID: 1, VisitID: 100, Category: "消极心理", Status: EntryFollowingUp, Opened: mar(2), Actions: []time.Time{mar(6)}},
		{ID: 5, SchoolID: schoolA, StudentID: 1, VisitID: 100, Category: "消极心理", Status: EntryResolved, Opened: mar(2)},
		{ID: 8, SchoolID: schoolA, StudentID: 3, VisitID: 101, Category: "作业焦虑", Status: EntryPending, Opened: mar(3)},
		{ID: 9, SchoolID: schoolA, StudentID: 2, VisitID: 0, Category: "消极心理", Status: EntryPending, Opened: mar(4)}, // not from a visit
	}
	r := Ledger(entries, problems, mar(9), 7)

	type got struct {
		visit, student int64
		entries        []int64
		overdue        bool
	}
	var gots []got
	for _, pr := range r.Problems {
		gots = append(gots, got{pr.VisitID, pr.StudentID, pr.EntryIDs, pr.Overdue})
		if pr.Recorded != (len(pr.EntryIDs) > 0) || pr.Recorded != pr.Deadline.IsZero() {
			t.Errorf("problem %+v", pr)
		}
	}
	want := []got{
		{100, 1, ids(5, 7), false},
		{100, 2, nil, true},
		{101, 3, nil, true},
		{102, 4, nil, false},
	}
	if !reflect.DeepEqual(gots, want) {
		t.Errorf("problems:\n got %+v\nwant %+v", gots, want)
	}
	if !r.Problems[3].Deadline.Equal(mar(12)) {
		t.Errorf("deadline of the unrecorded problem: %v", r.Problems[3].Deadline)
	}
	wantTotal := LedgerCounts{Problems: 4, Recorded: 1, UnrecordedOverdue: 2,
		Entries: 4, Open: 3, Overdue: 0, Pending: 2, FollowingUp: 1, Resolved: 1,
		NextDeadline: mar(10)} // entry 8: opened 3 March
	if r.Total != wantTotal {
		t.Errorf("total:\n got %+v\nwant %+v", r.Total, wantTotal)
	}
	if got := r.Total.RecordedRate(); got != (Rate{1, 4}) {
		t.Errorf("recorded rate %v", got)
	}
	if got := r.Total.OnTimeRate(); got != (Rate{3, 3}) {
		t.Errorf("on-time rate %v", got)
	}
	if got := r.Total.Status(mar(9), 2); got != StatusOverdue {
		t.Errorf("status %s, want overdue (unrecorded problems past 7 days)", got)
	}
}

func TestLedgerStatus(t *testing.T) {
	t.Parallel()
	today := mar(9)
	recorded := []Problem{{VisitID: 100, StudentID: 10, SchoolID: schoolA, Category: "消极心理", Found: mar(1)}}
	fresh := []Problem{{VisitID: 101, StudentID: 20, SchoolID: schoolA, Category: "消极心理", Found: mar(8)}}
	onTime := entry(1, EntryFollowingUp, mar(1), mar(8)) // deadline 15 March
	onTime.VisitID = 100
	tests := []struct {
		name     string
		entries  []LedgerEntry
		problems []Problem
		dueSoon  int
		want     Status
	}{
		{"nothing at all", nil, nil, 2, StatusNotApplicable},
		{"every problem recorded, entries on time", []LedgerEntry{onTime}, recorded, 2, StatusMet},
		{"an entry nearing its idle limit", []LedgerEntry{entry(2, EntryPending, mar(3))}, nil, 2, StatusDueSoon}, // deadline 10 March
		{"same, with a shorter horizon", []LedgerEntry{entry(2, EntryPending, mar(3))}, nil, 0, StatusMet},
		{"a fresh problem not yet recorded", []LedgerEntry{onTime}, append(recorded, fresh...), 2, StatusInProgress}, // deadline 15 March
		{"a fresh problem close to its limit", nil, []Problem{{VisitID: 1, StudentID: 1, Found: mar(3)}}, 2, StatusDueSoon},
		{"an overdue entry wins", []LedgerEntry{onTime, entry(3, EntryPending, mar(1))}, recorded, 2, StatusOverdue},
	}
	for _, tt := range tests {
		r := Ledger(tt.entries, tt.problems, today, DefaultMaxIdleDays)
		if got := r.Total.Status(today, tt.dueSoon); got != tt.want {
			t.Errorf("%s: %s, want %s (counts %+v)", tt.name, got, tt.want, r.Total)
		}
	}
}

func TestLedgerSchoolsAndOrder(t *testing.T) {
	t.Parallel()
	mk := func(id, school int64, opened time.Time) LedgerEntry {
		e := entry(id, EntryPending, opened)
		e.SchoolID = school
		return e
	}
	entries := []LedgerEntry{
		mk(4, schoolB, mar(1)), mk(3, schoolA, d(2027, 2, 20)), mk(2, schoolA, mar(8)),
		mk(1, schoolB, d(2027, 2, 25)), mk(5, schoolA, mar(1)),
	}
	r := Ledger(entries, []Problem{{VisitID: 9, StudentID: 9, SchoolID: 3, Found: mar(9)}}, mar(9), 7)

	var order []int64
	for _, e := range r.Entries {
		order = append(order, e.ID)
	}
	if !slices.Equal(order, ids(2, 3, 5, 1, 4)) {
		t.Errorf("entry order %v", order)
	}
	order = nil
	for _, e := range r.Overdue() {
		order = append(order, e.ID)
	}
	if !slices.Equal(order, ids(3, 1, 5, 4)) { // most idle first, then by school and ID
		t.Errorf("overdue order %v", order)
	}
	var schools []int64
	sum := LedgerCounts{}
	for _, s := range r.Schools {
		schools = append(schools, s.SchoolID)
		sum = sum.Add(s.LedgerCounts)
	}
	if !slices.Equal(schools, ids(schoolA, schoolB, 3)) || sum != r.Total {
		t.Errorf("schools %v, sum %+v, total %+v", schools, sum, r.Total)
	}
	if a := r.Schools[0]; a.Entries != 3 || a.Overdue != 2 || a.NextDeadline != mar(15) {
		t.Errorf("school A %+v", a)
	}
	if r.Total.Overdue != 4 || r.Total.Problems != 1 || r.Total.NextDeadline != mar(15) {
		t.Errorf("total %+v", r.Total)
	}
	if got := r.Schools[2].Status(mar(9), 2); got != StatusInProgress {
		t.Errorf("school 3 (a problem found today): %s", got)
	}
}

func TestEntryStatusLabels(t *testing.T) {
	t.Parallel()
	for s, want := range map[EntryStatus]string{EntryPending: "待处理", EntryFollowingUp: "跟进中",
		EntryResolved: "已化解", EntryReferred: "已转介"} {
		if s.Label() != want || s.Open() != (s == EntryPending || s == EntryFollowingUp) {
			t.Errorf("%s: %s %v", s, s.Label(), s.Open())
		}
	}
}
