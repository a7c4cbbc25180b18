package parents

import (
	"strings"
	"testing"
	"time"

	"xietong/internal/calendar"
)

// TestForwardingAt: the due day is counted in the county's calendar days:
// a lecture published on 5 October is due on the 8th; at 23:59 on the 8th
// in Shanghai (15:59 UTC) it is still waiting, at 00:00 on the 9th (16:00
// UTC on the 8th) overdue; a forward at any time on the 8th is in time.
func TestForwardingAt(t *testing.T) {
	pub := calendar.D(2026, 10, 5)
	at := func(d, h, m int) time.Time { return time.Date(2026, 10, d, h, m, 0, 0, time.UTC) }
	day := func(d int) *time.Time { v := calendar.D(2026, 10, d); return &v }
	cases := []struct {
		name string
		fwd  *time.Time
		now  time.Time
		want ForwardState
	}{
		{"published today, not yet due", nil, at(5, 1, 0), ForwardWaiting},
		{"due day, late evening in Shanghai", nil, at(8, 15, 59), ForwardWaiting},
		{"midnight in Shanghai, still the 8th in UTC", nil, at(8, 16, 0), ForwardOverdue},
		{"a week later", nil, at(15, 3, 0), ForwardOverdue},
		{"forwarded the day it was published", day(5), at(20, 0, 0), ForwardedInTime},
		{"forwarded on the due day", day(8), at(20, 0, 0), ForwardedInTime},
		{"forwarded a day after", day(9), at(20, 0, 0), ForwardedLate},
		{"forwarded late, seen before it was late", day(12), at(6, 0, 0), ForwardedLate},
	}
	for _, c := range cases {
		if got := ForwardingAt(pub, c.fwd, c.now); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
	if !ForwardDue(pub).Equal(calendar.D(2026, 10, 8)) {
		t.Errorf("due %v", ForwardDue(pub))
	}
}

func TestDaysLate(t *testing.T) {
	pub := calendar.D(2026, 9, 29) // due 2 October, across the month's end
	for _, c := range []struct {
		fwd  time.Time
		want int
	}{
		{calendar.D(2026, 9, 29), 0},
		{calendar.D(2026, 10, 2), 0},
		{calendar.D(2026, 10, 3), 1},
		{calendar.D(2026, 10, 12), 10},
	} {
		if got := DaysLate(pub, c.fwd); got != c.want {
			t.Errorf("forwarded %s: %d days late, want %d", c.fwd.Format(time.DateOnly), got, c.want)
		}
	}
}

func TestValidatePublishDate(t *testing.T) {
	today := calendar.D(2026, 12, 8)
	for _, c := range []struct {
		name string
		on   time.Time
		want string // a part of the message, "" for none
	}{
		{"today", today, ""},
		{"last week", calendar.D(2026, 12, 1), ""},
		{"the oldest allowed", calendar.AddDays(today, -PublishWindowDays), ""},
		{"tomorrow", calendar.D(2026, 12, 9), "不能晚于今天"},
		{"next year", calendar.D(2027, 12, 8), "不能晚于今天"},
		{"a day too old", calendar.AddDays(today, -PublishWindowDays-1), "不能早于 30 天前（2026年11月8日）"},
		{"last year", calendar.D(2025, 12, 8), "不能早于"},
	} {
		got := ValidatePublishDate(c.on, today)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestValidateForwardDate(t *testing.T) {
	pub, today := calendar.D(2026, 12, 1), calendar.D(2026, 12, 8)
	for _, c := range []struct {
		name string
		on   time.Time
		want string
	}{
		{"the publish day", pub, ""},
		{"today", today, ""},
		{"before publishing", calendar.D(2026, 11, 30), "不能早于讲座发布日期（2026年12月1日）"},
		{"tomorrow", calendar.D(2026, 12, 9), "不能晚于今天"},
	} {
		got := ValidateForwardDate(pub, c.on, today)
		if (c.want == "") != (got == "") || !strings.Contains(got, c.want) {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestForwardGroups(t *testing.T) {
	for _, c := range []struct {
		picked []string
		other  string
		want   string
	}{
		{nil, "", ""},
		{[]string{"全校家长群", "各班家长群"}, "", "各班家长群、全校家长群"},
		{[]string{"各班家长群", "各班家长群", "不在名单的群"}, " 七年级家长群 ", "各班家长群、七年级家长群"},
		{[]string{"家长委员会群"}, "家长委员会群", "家长委员会群"},
	} {
		if got := ForwardGroups(c.picked, c.other); got != c.want {
			t.Errorf("ForwardGroups(%q, %q) = %q, want %q", c.picked, c.other, got, c.want)
		}
	}
}

func TestLectureConcerns(t *testing.T) {
	for _, c := range []struct {
		lecture, school string
		want            bool
	}{
		{"", "senior", true},
		{"primary", "primary", true},
		{"primary", "nine_year", true},
		{"primary", "junior", false},
		{"junior", "complete", true},
		{"junior", "senior", false},
		{"senior", "complete", true},
		{"senior", "nine_year", false},
		{"nine_year", "primary", false},
	} {
		if got := LectureConcerns(c.lecture, c.school); got != c.want {
			t.Errorf("LectureConcerns(%q, %q) = %v", c.lecture, c.school, got)
		}
	}
	if AudienceStages("") != nil {
		t.Error("a lecture for every stage names stages")
	}
	for _, a := range []string{"primary", "junior", "nine_year", "senior", "complete"} {
		got := AudienceStages(a)
		if len(got) == 0 {
			t.Errorf("%s concerns no stage", a)
		}
		for _, st := range got {
			if !LectureConcerns(a, st) {
				t.Errorf("AudienceStages(%s) names %s, which LectureConcerns refuses", a, st)
			}
		}
	}
}
