package visit

import (
	"slices"
	"testing"
	"time"

	"xietong/internal/calendar"
)

func cal() calendar.Calendar {
	y25, y26 := calendar.DefaultYear(2025), calendar.DefaultYear(2026)
	id := int64(1)
	for _, y := range []*calendar.SchoolYear{&y25, &y26} {
		y.ID = id
		id++
		for i := range y.Terms {
			y.Terms[i].ID, y.Terms[i].SchoolYearID = id, y.ID
			id++
		}
		for i := range y.Vacations {
			y.Vacations[i].ID, y.Vacations[i].SchoolYearID = id, y.ID
			id++
		}
	}
	return calendar.NewCalendar(y25, y26)
}

func TestWindowAt(t *testing.T) {
	t.Parallel()
	c := cal()
	d := calendar.D
	cases := []struct {
		today time.Time
		kind  string
		label string
	}{
		// 2027 spring term starts Monday 22 February: pre-term week 15–21 Feb,
		// inside the winter vacation, which it wins over.
		{d(2027, 2, 15), "pre_term", "2027年春季学期开学前家访：2月15日—2月21日"},
		{d(2027, 2, 21), "pre_term", "2027年春季学期开学前家访：2月15日—2月21日"},
		{d(2027, 2, 14), "vacation", "2026—2027学年寒假关爱家访：1月23日—2月21日"},
		{d(2027, 1, 23), "vacation", "2026—2027学年寒假关爱家访：1月23日—2月21日"},
		// Term time: the term reaching back to its pre-term week.
		{d(2026, 11, 29), "routine", "2026年秋季学期家访：2026年8月25日—2027年1月22日"},
		{d(2027, 2, 22), "routine", "2027年春季学期家访：2月15日—7月10日"},
		// The last week of the summer is the autumn term's pre-term week.
		{d(2026, 8, 25), "pre_term", "2026年秋季学期开学前家访：8月25日—8月31日"},
		{d(2026, 8, 24), "vacation", "2025—2026学年暑假关爱家访：7月11日—8月31日"},
	}
	for _, tc := range cases {
		w, ok := WindowAt(c, tc.today)
		if !ok || w.Kind != tc.kind || w.Label() != tc.label {
			t.Errorf("%s: got %v %q %q, want %q %q", tc.today.Format(time.DateOnly), ok, w.Kind, w.Label(), tc.kind, tc.label)
		}
		if !w.Contains(tc.today) {
			t.Errorf("%s: window %s does not contain today", tc.today.Format(time.DateOnly), w.Window.Label())
		}
	}
	if _, ok := WindowAt(calendar.Calendar{}, d(2026, 1, 1)); ok {
		t.Error("empty calendar: a window")
	}
}

func TestPeriods(t *testing.T) {
	t.Parallel()
	c := cal()
	d := calendar.D
	autumn, _ := c.TermAt(d(2026, 10, 1))
	spring, _ := c.TermAt(d(2027, 3, 1))
	winter, _ := c.VacationAt(d(2027, 2, 1))
	summer, _ := c.VacationAt(d(2026, 8, 1))
	cases := []struct {
		date           time.Time
		term, vacation int64
	}{
		{d(2026, 10, 1), autumn.ID, 0},
		{d(2026, 8, 25), autumn.ID, summer.ID}, // pre-term week, still summer
		{d(2026, 8, 24), 0, summer.ID},
		{d(2027, 2, 1), 0, winter.ID},
		{d(2027, 2, 21), spring.ID, winter.ID},
		{d(2027, 2, 22), spring.ID, 0},
	}
	for _, tc := range cases {
		term, vac := Periods(c, tc.date)
		if term != tc.term || vac != tc.vacation {
			t.Errorf("%s: term %d vacation %d, want %d %d", tc.date.Format(time.DateOnly), term, vac, tc.term, tc.vacation)
		}
	}
	if got := EarliestDate(c, d(2026, 11, 29)); !got.Equal(d(2026, 8, 25)) {
		t.Errorf("earliest in autumn term: %v", got)
	}
	if got := EarliestDate(c, d(2027, 2, 17)); !got.Equal(d(2026, 8, 25)) {
		t.Errorf("earliest in winter: %v", got)
	}
}

func TestOverdue(t *testing.T) {
	t.Parallel()
	d := calendar.D
	today := d(2026, 11, 29)
	p := func(t time.Time) *time.Time { return &t }
	cases := []struct {
		name     string
		status   string
		last     time.Time
		followUp *time.Time
		want     bool
	}{
		{"acted 7 days ago", "open", d(2026, 11, 22), nil, false},
		{"acted 8 days ago", "open", d(2026, 11, 21), nil, true},
		{"following, stale", "following", d(2026, 11, 1), nil, true},
		{"follow-up today", "following", d(2026, 11, 28), p(today), false},
		{"follow-up yesterday", "following", d(2026, 11, 28), p(d(2026, 11, 28)), true},
		{"resolved long ago", "resolved", d(2026, 9, 1), p(d(2026, 9, 5)), false},
		{"referred", "referred", d(2026, 9, 1), nil, false},
	}
	for _, tc := range cases {
		if got := Overdue(tc.status, tc.last, tc.followUp, today); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAuthorMayEdit(t *testing.T) {
	t.Parallel()
	created := time.Date(2026, 11, 20, 9, 0, 0, 0, calendar.Shanghai)
	for _, tc := range []struct {
		now  time.Time
		want bool
	}{
		{created, true},
		{created.Add(7*24*time.Hour - time.Second), true},
		{created.Add(7 * 24 * time.Hour), false},
		{created.Add(30 * 24 * time.Hour), false},
	} {
		if got := AuthorMayEdit(created, tc.now); got != tc.want {
			t.Errorf("%v: %v, want %v", tc.now, got, tc.want)
		}
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	if ModeLabel("onsite") != "实地" || CategoryLabel("internet") != "沉迷网络" || StatusLabel("following") != "跟进中" || RiskLabel("key") != "重点" {
		t.Error("labels")
	}
	if ValidCategory("x") || !ValidKind("follow_up") || len(Categories) != 8 {
		t.Error("validity")
	}
}

func TestCompanions(t *testing.T) {
	eleven := []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	for _, tc := range []struct {
		name            string
		picked, elig    []int64
		author          int64
		want            []int64
		unknown, excess bool
	}{
		{"none", nil, []int64{1, 2}, 9, nil, false, false},
		{"staff join in order picked", []int64{2, 1}, []int64{1, 2, 3}, 9, []int64{2, 1}, false, false},
		{"a repeat joins once", []int64{2, 2}, []int64{2}, 9, []int64{2}, false, false},
		{"the author leads, never a companion", []int64{9, 2}, []int64{2, 9}, 9, []int64{2}, false, false},
		{"someone outside the staff is refused", []int64{2, 77}, []int64{2}, 9, []int64{2}, true, false},
		{"ten may join", eleven[:10], eleven, 99, eleven[:10], false, false},
		{"eleven are too many", eleven, eleven, 99, eleven, false, true},
		{"the author does not count towards ten", append([]int64{99}, eleven[:10]...), append(eleven, 99), 99, eleven[:10], false, false},
	} {
		got, unknown, excess := Companions(tc.picked, tc.elig, tc.author)
		if !slices.Equal(got, tc.want) || unknown != tc.unknown || excess != tc.excess {
			t.Errorf("%s: Companions(%v, %v, %d) = %v, %v, %v; want %v, %v, %v", tc.name, tc.picked, tc.elig, tc.author,
				got, unknown, excess, tc.want, tc.unknown, tc.excess)
		}
	}
}

func TestStep(t *testing.T) {
	for _, tc := range []struct {
		kind, from, closeAs, to string
		ok                      bool
	}{
		{"intervention", "open", "", "following", true},
		{"intervention", "following", "", "following", true},
		{"intervention", "resolved", "", "following", false},
		{"closed", "open", "resolved", "resolved", true},
		{"closed", "following", "referred", "referred", true},
		{"closed", "following", "following", "following", false},
		{"closed", "referred", "resolved", "resolved", false},
		{"reopened", "resolved", "", "following", true},
		{"reopened", "referred", "", "following", true},
		{"reopened", "open", "", "following", false},
		{"assigned", "referred", "", "referred", true},
		{"assigned", "open", "", "open", true},
		{"assigned", "", "", "", false},
		{"joined", "open", "", "", false},
	} {
		to, ok := Step(tc.kind, tc.from, tc.closeAs)
		if ok != tc.ok || (ok && to != tc.to) {
			t.Errorf("Step(%q, %q, %q) = %q, %v; want %q, %v", tc.kind, tc.from, tc.closeAs, to, ok, tc.to, tc.ok)
		}
	}
}
