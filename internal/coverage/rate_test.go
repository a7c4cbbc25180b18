package coverage

import (
	"testing"

	"xietong/internal/calendar"
)

func TestPercent(t *testing.T) {
	t.Parallel()
	tests := []struct {
		r    Rate
		want string
	}{
		{Rate{0, 0}, "—"},
		{Rate{3, 0}, "—"},
		{Rate{1, -2}, "—"},
		{Rate{0, 5}, "0%"},
		{Rate{-1, 5}, "0%"},
		{Rate{1, 2}, "50%"},
		{Rate{1, 3}, "33%"},
		{Rate{2, 3}, "67%"},
		{Rate{23, 40}, "58%"}, // 57.5 rounds half up
		{Rate{1, 200}, "1%"},  // 0.5 rounds up
		{Rate{1, 1000}, "1%"}, // 0.1: not zero, so never "0%"
		{Rate{199, 200}, "99%"},
		{Rate{399, 400}, "99%"}, // 99.75: not complete, so never "100%"
		{Rate{40, 40}, "100%"},
		{Rate{3, 2}, "150%"},
	}
	for _, tt := range tests {
		if got := tt.r.Percent(); got != tt.want {
			t.Errorf("%v.Percent() = %q, want %q", tt.r, got, tt.want)
		}
	}
	if p, ok := (Rate{0, 0}).PercentInt(); ok || p != 0 {
		t.Errorf("PercentInt of 0/0 = %d, %v", p, ok)
	}
}

func TestRateHelpers(t *testing.T) {
	t.Parallel()
	if s := (Rate{23, 40}).String(); s != "23/40" {
		t.Errorf("String %q", s)
	}
	if (Rate{0, 0}).Complete() || (Rate{39, 40}).Complete() || !(Rate{40, 40}).Complete() || !(Rate{3, 2}).Complete() {
		t.Error("Complete wrong")
	}
	if got := (Rate{1, 2}).Add(Rate{3, 4}); got != (Rate{4, 6}) {
		t.Errorf("Add %v", got)
	}
	tests := []struct {
		a, b Rate
		want int
	}{
		{Rate{1, 2}, Rate{2, 4}, 0},
		{Rate{1, 3}, Rate{1, 2}, -1},
		{Rate{2, 3}, Rate{1, 2}, 1},
		{Rate{0, 0}, Rate{0, 5}, -1},
		{Rate{0, 5}, Rate{0, 0}, 1},
		{Rate{0, 0}, Rate{7, 0}, 0},
		{Rate{1 << 30, 1<<30 + 1}, Rate{1<<30 - 1, 1 << 30}, 1}, // no overflow
	}
	for _, tt := range tests {
		if got := CompareRates(tt.a, tt.b); got != tt.want {
			t.Errorf("CompareRates(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestStatusOf(t *testing.T) {
	t.Parallel()
	w := calendar.PreTermWindow(autumn) // 25–31 August
	half, done, none := Rate{20, 40}, Rate{40, 40}, Rate{0, 0}
	tests := []struct {
		name    string
		today   int // day of August (32 = 1 September …)
		r       Rate
		dueSoon int
		want    Status
	}{
		{"before the window", 24, half, 2, StatusUpcoming},
		{"first day", 25, half, 2, StatusInProgress},
		{"open, more than dueSoon days left", 28, half, 2, StatusInProgress},
		{"last day − 2 is due soon with 2", 29, half, 2, StatusDueSoon},
		{"last day is due soon even with 0", 31, half, 0, StatusDueSoon},
		{"day before the last is not due soon with 0", 30, half, 0, StatusInProgress},
		{"negative horizon is never due soon", 31, half, -1, StatusInProgress},
		{"the day after is overdue", 32, half, 2, StatusOverdue},
		{"long after is overdue", 90, half, 2, StatusOverdue},
		{"met before the window closes", 27, done, 2, StatusMet},
		{"met after the window (late record)", 40, done, 2, StatusMet},
		{"nothing to measure, open", 27, none, 2, StatusNotApplicable},
		{"nothing to measure, closed", 40, none, 2, StatusNotApplicable},
		{"nothing to measure, upcoming", 1, none, 2, StatusNotApplicable},
	}
	for _, tt := range tests {
		today := calendar.AddDays(aug(1), tt.today-1)
		if got := StatusOf(w, today, tt.r, tt.dueSoon); got != tt.want {
			t.Errorf("%s (%s): got %s, want %s", tt.name, today.Format("01-02"), got, tt.want)
		}
	}
	labels := map[Status]string{StatusMet: "已达标", StatusInProgress: "进行中", StatusDueSoon: "即将到期",
		StatusOverdue: "已逾期", StatusNotApplicable: "不适用", StatusUpcoming: "未开始"}
	for s, want := range labels {
		if s.Label() != want {
			t.Errorf("%s label %s, want %s", s, s.Label(), want)
		}
	}
}
