package todo

import (
	"slices"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func TestUrgencyOn(t *testing.T) {
	today := calendar.D(2026, time.December, 7)
	day := func(m time.Month, d int) *time.Time { x := calendar.D(2026, m, d); return &x }
	for _, c := range []struct {
		name string
		due  *time.Time
		want Urgency
	}{
		{"no due date", nil, Open},
		{"due yesterday", day(time.December, 6), Overdue},
		{"due today is not late yet", day(time.December, 7), DueSoon},
		{"due in three days", day(time.December, 10), DueSoon},
		{"due in four days", day(time.December, 11), Open},
		{"a month late", day(time.November, 7), Overdue},
	} {
		if got := UrgencyOn(c.due, today); got != c.want {
			t.Errorf("%s: %s, want %s", c.name, got, c.want)
		}
	}
}

func TestSort(t *testing.T) {
	today := calendar.D(2026, time.December, 7)
	day := func(d int) *time.Time { x := calendar.D(2026, time.December, d); return &x }
	opened := func(h int) time.Time { return time.Date(2026, time.December, 1, h, 0, 0, 0, time.UTC) }
	type row struct {
		name string
		it   Item
	}
	rows := []row{
		{"later, no date, old", Item{Kind: PlanReturned, Opened: opened(1)}},
		{"soon", Item{Kind: Lecture, Due: day(9), Opened: opened(2)}},
		{"late by one", Item{Kind: Ledger, Due: day(6), Opened: opened(3)}},
		{"far", Item{Kind: Ledger, Due: day(30), Opened: opened(4)}},
		{"later, no date, new", Item{Kind: OpinionAnswer, Opened: opened(5)}},
		{"late by five", Item{Kind: Lecture, Due: day(2), Opened: opened(6)}},
	}
	Sort(rows, func(r row) Item { return r.it }, today)
	var got []string
	for _, r := range rows {
		got = append(got, r.name)
	}
	want := []string{"late by five", "late by one", "soon", "far", "later, no date, new", "later, no date, old"}
	if !slices.Equal(got, want) {
		t.Errorf("order %q, want %q", got, want)
	}
}

func TestNotices(t *testing.T) {
	// 2026–27: 寒假 23 Jan–21 Feb, 第二学期 from 22 Feb, so its pre-term
	// week is 15–21 Feb and its first week 22–28 Feb.
	cal := calendar.NewCalendar(calendar.DefaultYear(2026))
	for _, c := range []struct {
		name  string
		today time.Time
		who   Audience
		want  []string
	}{
		{"vacation in three days", calendar.D(2027, time.January, 20), ForTeacher, []string{"R03"}},
		{"the school is told too", calendar.D(2027, time.January, 20), ForSchool, []string{"R03"}},
		{"four days is not yet", calendar.D(2027, time.January, 19), ForTeacher, nil},
		{"the day it opens the notice ends", calendar.D(2027, time.January, 23), ForTeacher, nil},
		{"pre-term week in three days", calendar.D(2027, time.February, 12), ForSchool, []string{"R02"}},
		{"pre-term week tomorrow", calendar.D(2027, time.February, 14), ForTeacher, []string{"R02"}},
		{"first week for the teacher", calendar.D(2027, time.February, 19), ForTeacher, []string{"R05"}},
		{"first week is the teacher's only", calendar.D(2027, time.February, 19), ForSchool, nil},
		{"mid-term nothing", calendar.D(2026, time.December, 7), ForTeacher, nil},
	} {
		var got []string
		for _, n := range Notices(cal, c.today, c.who) {
			got = append(got, n.Duty)
			if calendar.DaysBetween(c.today, n.Window.Start) > SoonDays || n.Title == "" {
				t.Errorf("%s: notice %+v", c.name, n)
			}
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func TestKindLabels(t *testing.T) {
	for _, k := range []Kind{Ledger, PlanReturned, PlanLeader, PlanReview, OpinionAccept, OpinionAnswer, Lecture, RectReport, RectReview, Window} {
		if !k.Valid() || k.Label() == string(k) {
			t.Errorf("%s has no label", k)
		}
	}
	if Kind("nope").Valid() {
		t.Error("an unknown kind is valid")
	}
}
