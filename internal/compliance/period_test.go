package compliance

import (
	"testing"
	"time"

	"xietong/internal/calendar"
)

// county is two school years of the default calendar with ids, as the store
// loads them.
func county() calendar.Calendar {
	y25, y26 := calendar.DefaultYear(2025), calendar.DefaultYear(2026)
	y25.ID, y26.ID = 1, 2
	for i := range y25.Terms {
		y25.Terms[i].ID, y25.Terms[i].SchoolYearID = int64(11+i), 1
		y26.Terms[i].ID, y26.Terms[i].SchoolYearID = int64(21+i), 2
	}
	for i := range y25.Vacations {
		y25.Vacations[i].ID, y25.Vacations[i].SchoolYearID = int64(31+i), 1
		y26.Vacations[i].ID, y26.Vacations[i].SchoolYearID = int64(41+i), 2
	}
	return calendar.NewCalendar(y25, y26)
}

func termOf(t *testing.T, cal calendar.Calendar, id int64) calendar.Term {
	t.Helper()
	for _, x := range cal.Terms() {
		if x.ID == id {
			return x
		}
	}
	t.Fatalf("no term %d", id)
	return calendar.Term{}
}

func TestPeriodOf(t *testing.T) {
	cal := county()
	autumn26, spring27, autumn25 := termOf(t, cal, 21), termOf(t, cal, 22), termOf(t, cal, 11)
	cases := []struct {
		name       string
		p          Period
		term       calendar.Term
		today      time.Time
		start, end time.Time
		label      string
	}{
		{"a term duty", PerTerm, autumn26, d(2026, 10, 15), d(2026, 9, 1), d(2027, 1, 22), "2026年秋季学期"},
		{"autumn: the summer before it", PerVacation, autumn26, d(2026, 10, 15), d(2026, 7, 11), d(2026, 8, 31), "2025—2026学年暑假"},
		{"spring: the winter before it", PerVacation, spring27, d(2027, 3, 1), d(2027, 1, 23), d(2027, 2, 21), "2026—2027学年寒假"},
		{"the calendar's first term: the winter after it", PerVacation, autumn25, d(2025, 10, 1), d(2026, 1, 23), d(2026, 2, 22), "2025—2026学年寒假"},
		{"quarter containing today", PerQuarter, autumn26, d(2026, 10, 15), d(2026, 10, 1), d(2026, 12, 31), "2026年第四季度"},
		{"quarter before the term: its first", PerQuarter, autumn26, d(2026, 8, 20), d(2026, 9, 1), d(2026, 9, 30), "2026年第三季度"},
		{"quarter after the term: its last, clipped", PerQuarter, autumn26, d(2027, 3, 1), d(2027, 1, 1), d(2027, 1, 22), "2027年第一季度"},
		{"school year", PerSchoolYear, spring27, d(2027, 3, 1), d(2026, 9, 1), d(2027, 8, 31), "2026—2027学年"},
		{"standing: the term", Standing, autumn26, d(2026, 10, 15), d(2026, 9, 1), d(2027, 1, 22), "2026年秋季学期"},
	}
	for _, c := range cases {
		sp := PeriodOf(c.p, cal, c.term, c.today)
		if sp.Missing || !sp.Window.Start.Equal(c.start) || !sp.Window.End.Equal(c.end) || sp.Name != c.label || !sp.Start.Equal(c.start) {
			t.Errorf("%s: %s %s (missing %v), want %s—%s %s", c.name, sp.Name, sp.Window.Label(), sp.Missing,
				c.start.Format(time.DateOnly), c.end.Format(time.DateOnly), c.label)
		}
	}
	if sp := PeriodOf(PerVacation, cal, autumn26, d(2026, 10, 15)); sp.VacationID != 32 {
		t.Errorf("autumn 2026 judges vacation %d, want the summer 2026 (32)", sp.VacationID)
	}
	lone := calendar.DefaultYear(2026)
	lone.ID, lone.Terms[0].ID, lone.Terms[0].SchoolYearID = 2, 21, 2
	lone.Vacations = nil
	if sp := PeriodOf(PerVacation, calendar.NewCalendar(lone), lone.Terms[0], d(2026, 10, 1)); !sp.Missing {
		t.Errorf("no vacation in the calendar: %+v, want missing", sp)
	}
}

// Days change at midnight in Asia/Shanghai, not UTC: the pre-term visits'
// window closes and the class meetings' opens at 16:00 UTC on 31 August.
func TestBoundariesInShanghai(t *testing.T) {
	cal := county()
	autumn := termOf(t, cal, 21)
	visits := []Rule{{ID: "R02", Measure: Share, Period: PerTerm, Window: calendar.KindPreTerm, Threshold: 100, Unit: "名学生", From: d(2025, 9, 1)}}
	meetings := []Rule{{ID: "R05", Measure: Share, Period: PerTerm, Window: calendar.KindFirstWeek, Threshold: 100, Unit: "个班", From: d(2025, 9, 1)}}
	half := Figures{Available: true, Num: 20, Den: 40}
	cases := []struct {
		name  string
		rules []Rule
		utc   time.Time
		want  Status
	}{
		{"23:59 on 31 August in Shanghai: the pre-term week still runs", visits, time.Date(2026, 8, 31, 15, 59, 0, 0, time.UTC), DueSoon},
		{"00:00 on 1 September in Shanghai (still 31 August in UTC): closed", visits, time.Date(2026, 8, 31, 16, 0, 0, 0, time.UTC), Overdue},
		{"the first week opens at Shanghai midnight", meetings, time.Date(2026, 8, 31, 16, 0, 0, 0, time.UTC), DueSoon},
		{"the day before, the first week is still to come", meetings, time.Date(2026, 8, 24, 15, 0, 0, 0, time.UTC), InProgress},
		{"7 September 23:59 in Shanghai: the first week's last minute", meetings, time.Date(2026, 9, 7, 15, 59, 0, 0, time.UTC), DueSoon},
		{"8 September 00:00 in Shanghai: closed", meetings, time.Date(2026, 9, 7, 16, 0, 0, 0, time.UTC), Overdue},
	}
	for _, c := range cases {
		today := calendar.Today(c.utc)
		r, sp, ok := Judge(c.rules, cal, autumn, today)
		if !ok {
			t.Fatal(c.name, ": no rule")
		}
		if got := Evaluate(r, "primary", sp.Window, half, today); got.Status != c.want {
			t.Errorf("%s: %s, want %s", c.name, got.Status, c.want)
		}
	}
}

func TestJudgeVersions(t *testing.T) {
	cal := county()
	autumn, spring := termOf(t, cal, 21), termOf(t, cal, 22)
	// A threshold changed after the autumn term closed: the autumn term
	// keeps the rule it was judged by, the spring term takes the new one.
	law := []Rule{
		{ID: "R17", Measure: Count, Period: PerTerm, Threshold: 2, Unit: "次", From: d(2025, 9, 1)},
		{ID: "R17", Measure: Count, Period: PerTerm, Threshold: 3, Unit: "次", From: d(2027, 2, 1)},
	}
	two := Figures{Available: true, Count: 2}
	later := d(2027, 3, 10)
	r, sp, _ := Judge(law, cal, autumn, later)
	if got := Evaluate(r, "junior", sp.Window, two, later); r.Threshold != 2 || got.Status != Met || got.Figure != "2/2 次" {
		t.Errorf("closed autumn term: threshold %d, %s %q; want 2, met", r.Threshold, got.Status, got.Figure)
	}
	r, sp, _ = Judge(law, cal, spring, later)
	if got := Evaluate(r, "junior", sp.Window, two, later); r.Threshold != 3 || got.Status != InProgress || got.Figure != "2/3 次" {
		t.Errorf("spring term: threshold %d, %s %q; want 3, in progress 2/3", r.Threshold, got.Status, got.Figure)
	}
	// A duty added mid-year (its first version from 1 November) judges the
	// running term too: the term it was added in is not left without a rule.
	added := []Rule{{ID: "R24", Measure: Count, Period: PerTerm, Threshold: 1, Unit: "次", From: d(2026, 11, 1)}}
	today := d(2026, 11, 15)
	r, sp, ok := Judge(added, cal, autumn, today)
	if got := Evaluate(r, "primary", sp.Window, Figures{Available: true}, today); !ok || got.Status != InProgress {
		t.Errorf("a duty added mid-term: %v %s, want in progress", ok, got.Status)
	}
	// A window changed for the coming term: the running term keeps the
	// first week, the next is judged over the whole term.
	meet := []Rule{
		{ID: "R05", Measure: Share, Period: PerTerm, Window: calendar.KindFirstWeek, Threshold: 100, From: d(2025, 9, 1)},
		{ID: "R05", Measure: Share, Period: PerTerm, Threshold: 100, From: d(2027, 2, 22)},
	}
	if _, sp, _ := Judge(meet, cal, autumn, today); !sp.Window.End.Equal(d(2026, 9, 7)) {
		t.Errorf("running term: window %s, want the first week", sp.Window.Label())
	}
	if _, sp, _ := Judge(meet, cal, spring, today); !sp.Window.End.Equal(spring.End) {
		t.Errorf("coming term: window %s, want the whole term", sp.Window.Label())
	}
	if _, _, ok := Judge(nil, cal, autumn, today); ok {
		t.Error("no versions, no judgement")
	}
}

// A school with no left-behind or hardship student has nobody to visit in
// the vacation: R03 is 不适用, not overdue and not met.
func TestNoSpecialGroupStudents(t *testing.T) {
	cal := county()
	r03 := []Rule{{ID: "R03", Measure: Share, Period: PerVacation, Threshold: 100, Unit: "名学生", FixedWindow: true, From: d(2025, 9, 1)}}
	today := d(2026, 10, 15)
	r, sp, _ := Judge(r03, cal, termOf(t, cal, 21), today)
	if got := Evaluate(r, "primary", sp.Window, Figures{Available: true, Num: 0, Den: 0}, today); got.Status != NA || got.Figure != "无需统计" {
		t.Errorf("no flagged student: %s %q, want 不适用 无需统计", got.Status, got.Figure)
	}
	if got := Evaluate(r, "primary", sp.Window, Figures{Available: true, Num: 2, Den: 3}, today); got.Status != Overdue {
		t.Errorf("one flagged student unvisited after the summer: %s, want overdue", got.Status)
	}
}

func TestValidateChange(t *testing.T) {
	today := d(2026, 12, 7)
	law := Rule{ID: "R17", Measure: Count, Period: PerTerm, Threshold: 2}
	meet := Rule{ID: "R05", Measure: Share, Period: PerTerm, Window: calendar.KindFirstWeek, Threshold: 100}
	visits := Rule{ID: "R02", Measure: Share, Period: PerTerm, Window: calendar.KindPreTerm, FixedWindow: true, Threshold: 100}
	group := Rule{ID: "R21", Measure: Exists, Period: Standing}
	cases := []struct {
		name   string
		r      Rule
		th     int
		win    calendar.WindowKind
		from   time.Time
		fields []string
	}{
		{"three lectures from the spring", law, 3, "", d(2027, 2, 1), nil},
		{"from today: the running term would change", law, 3, "", today, []string{"from"}},
		{"from a past date", law, 3, "", d(2026, 9, 1), []string{"from"}},
		{"no lecture at all", law, 0, "", d(2027, 2, 1), []string{"threshold"}},
		{"a share above 100%", meet, 120, calendar.KindFirstWeek, d(2027, 2, 1), []string{"threshold"}},
		{"the whole term for class meetings", meet, 100, "", d(2027, 2, 1), nil},
		{"R02's window is its counters'", visits, 100, "", d(2027, 2, 1), []string{"window"}},
		{"R02's threshold may change", visits, 95, calendar.KindPreTerm, d(2027, 2, 1), nil},
		{"an unknown window", meet, 100, calendar.KindQuarter, d(2027, 2, 1), []string{"window"}},
		{"nothing to adjust on an exists duty", group, 5, "", d(2027, 2, 1), []string{"threshold"}},
		{"no change", law, 2, "", d(2027, 2, 1), []string{"threshold"}},
	}
	for _, c := range cases {
		errs := ValidateChange(c.r, c.th, c.win, c.from, today)
		if len(errs) != len(c.fields) {
			t.Errorf("%s: %v, want errors on %v", c.name, errs, c.fields)
			continue
		}
		for _, f := range c.fields {
			if errs[f] == "" {
				t.Errorf("%s: no error on %s (%v)", c.name, f, errs)
			}
		}
	}
}
