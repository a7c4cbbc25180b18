package parents

import (
	"strings"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func TestValidateSessionDate(t *testing.T) {
	t.Parallel()
	term := calendar.Term{ID: 1, Start: calendar.D(2026, 9, 1), End: calendar.D(2027, 1, 22)}
	today := calendar.D(2026, 12, 7)
	cases := []struct {
		name string
		d    time.Time
		want string // a part of the message, "" for none
	}{
		{"the term's first day", calendar.D(2026, 9, 1), ""},
		{"today", today, ""},
		{"tomorrow", calendar.D(2026, 12, 8), "不能晚于今天"},
		{"before the term", calendar.D(2026, 8, 31), "不在本学期内"},
		{"after the term and today", calendar.D(2027, 1, 23), "不能晚于今天"},
	}
	for _, tc := range cases {
		got := ValidateSessionDate(term, tc.d, today)
		if (tc.want == "") != (got == "") || !strings.Contains(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
	if msg := ValidateSessionDate(term, calendar.D(2026, 8, 31), calendar.D(2027, 3, 1)); !strings.Contains(msg, "9月1日") {
		t.Errorf("the message names the term's dates: %q", msg)
	}
}

func TestTraining(t *testing.T) {
	t.Parallel()
	term := calendar.Term{ID: 1, Start: calendar.D(2026, 9, 1), End: calendar.D(2027, 1, 22)}
	cases := []struct {
		name             string
		trainings        []time.Time
		today            time.Time
		n                int
		missing, overdue bool
	}{
		{"to come", nil, calendar.D(2026, 8, 20), 0, false, false},
		{"running without", nil, calendar.D(2026, 10, 1), 0, true, false},
		{"running with one", []time.Time{calendar.D(2026, 9, 15)}, calendar.D(2026, 10, 1), 1, false, false},
		{"over without", nil, calendar.D(2027, 2, 1), 0, true, true},
		{"a date outside the term does not count", []time.Time{calendar.D(2027, 2, 1)}, calendar.D(2027, 2, 2), 0, true, true},
		{"over with two", []time.Time{calendar.D(2026, 9, 1), calendar.D(2027, 1, 22)}, calendar.D(2027, 2, 1), 2, false, false},
	}
	for _, tc := range cases {
		got := Training(term, tc.trainings, tc.today)
		if got.Trainings != tc.n || got.Missing() != tc.missing || got.Overdue() != tc.overdue {
			t.Errorf("%s: %+v missing %v overdue %v, want %d %v %v", tc.name, got, got.Missing(), got.Overdue(), tc.n, tc.missing, tc.overdue)
		}
	}
}

func TestTargetedSessionsAndProblems(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name     string
		students map[string]int
		sessions []string
		count    int
		problems []string
	}{
		{"no special students, nothing needed", nil, []string{"all"}, 0, nil},
		{"a session for a group without students does not count", map[string]int{"hardship": 2}, []string{"orphan", "hardship"}, 1, nil},
		{"two groups, one lacking", map[string]int{"left_behind": 12, "migrant": 3}, []string{"left_behind", "left_behind", "grade"}, 2,
			[]string{"随迁子女家长：3 名学生，本学期尚无针对性指导"}},
		{"every group lacking", map[string]int{"left_behind": 1, "disabled": 1}, nil, 0,
			[]string{"留守儿童家长：1 名学生，本学期尚无针对性指导", "残疾儿童家长：1 名学生，本学期尚无针对性指导"}},
	}
	for _, tc := range cases {
		gs := Groups(tc.students, tc.sessions)
		if got := TargetedSessions(gs); got != tc.count {
			t.Errorf("%s: %d targeted sessions, want %d", tc.name, got, tc.count)
		}
		if got := GroupProblems(gs); strings.Join(got, "|") != strings.Join(tc.problems, "|") {
			t.Errorf("%s: problems %q, want %q", tc.name, got, tc.problems)
		}
	}
}
