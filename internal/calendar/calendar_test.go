package calendar

import (
	"slices"
	"strings"
	"testing"
	"time"
)

// withIDs numbers a default year the way the database would: year ID n,
// terms n*10+ordinal, winter n*10+5, summer n*10+6.
func withIDs(startYear int, id int64) SchoolYear {
	y := DefaultYear(startYear)
	y.ID = id
	for i := range y.Terms {
		y.Terms[i].ID = id*10 + int64(y.Terms[i].Ordinal)
		y.Terms[i].SchoolYearID = id
	}
	for i := range y.Vacations {
		y.Vacations[i].SchoolYearID = id
		y.Vacations[i].ID = id*10 + 5
		if y.Vacations[i].Kind == Summer {
			y.Vacations[i].ID = id*10 + 6
		}
	}
	return y
}

// testCalendar holds 2025—2026 (ID 1), 2026—2027 (ID 2), 2027—2028 (ID 3),
// handed to NewCalendar out of order.
func testCalendar() Calendar {
	return NewCalendar(withIDs(2027, 3), withIDs(2025, 1), withIDs(2026, 2))
}

func mustTerm(t *testing.T, y SchoolYear, o TermOrdinal) Term {
	t.Helper()
	tm, ok := y.Term(o)
	if !ok {
		t.Fatalf("%s has no %s", y.Name(), o.Label())
	}
	return tm
}

func TestDAndDateOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		got  time.Time
		want string
	}{
		{"plain", D(2026, time.November, 29), "2026-11-29T00:00:00Z"},
		{"normalises 29 Feb in a common year", D(2027, time.February, 29), "2027-03-01T00:00:00Z"},
		{"keeps 29 Feb in a leap year", D(2028, time.February, 29), "2028-02-29T00:00:00Z"},
		{"DateOf strips the clock", DateOf(time.Date(2026, 11, 29, 23, 59, 59, 999, time.UTC)), "2026-11-29T00:00:00Z"},
		{"DateOf reads the date in the value's own zone", DateOf(time.Date(2026, 11, 29, 0, 30, 0, 0, Shanghai)), "2026-11-29T00:00:00Z"},
		{"AddDays across a year end", AddDays(D(2026, 12, 28), 6), "2027-01-03T00:00:00Z"},
		{"AddDays backwards over 29 Feb", AddDays(D(2028, 3, 1), -1), "2028-02-29T00:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.got.Format(time.RFC3339); got != tt.want {
				t.Errorf("got %s, want %s", got, tt.want)
			}
		})
	}
}

func TestDaysBetween(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b time.Time
		want int
	}{
		{D(2026, 11, 29), D(2026, 11, 29), 0},
		{D(2026, 11, 29), D(2026, 11, 30), 1},
		{D(2026, 11, 30), D(2026, 11, 29), -1},
		{D(2028, 2, 1), D(2028, 3, 1), 29},
		{D(2027, 2, 1), D(2027, 3, 1), 28},
		{D(2026, 9, 1), D(2027, 9, 1), 365},
		{D(2027, 9, 1), D(2028, 9, 1), 366},
	}
	for _, tt := range tests {
		if got := DaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("DaysBetween(%s, %s) = %d, want %d", tt.a.Format(time.DateOnly), tt.b.Format(time.DateOnly), got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	t.Parallel()
	got, err := ParseDate("2028-02-29")
	if err != nil || !got.Equal(D(2028, 2, 29)) || got.Location() != time.UTC {
		t.Errorf("ParseDate(2028-02-29) = %v, %v; want 2028-02-29 UTC", got, err)
	}
	for _, bad := range []string{"2027-02-29", "2026/11/29", "", "2026-11-29T00:00:00Z"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q): want an error", bad)
		}
	}
}

func TestToday(t *testing.T) {
	t.Parallel()
	newYork, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		now  time.Time
		want time.Time
	}{
		{"16:30Z is 00:30 next day in Shanghai", time.Date(2026, 11, 28, 16, 30, 0, 0, time.UTC), D(2026, 11, 29)},
		{"15:59:59Z is still 23:59:59 the same day", time.Date(2026, 11, 28, 15, 59, 59, 0, time.UTC), D(2026, 11, 28)},
		{"16:00Z is exactly Shanghai midnight", time.Date(2026, 11, 28, 16, 0, 0, 0, time.UTC), D(2026, 11, 29)},
		{"afternoon UTC same date", time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC), D(2026, 11, 29)},
		{"New Year in Shanghai, still 31 Dec in UTC", time.Date(2026, 12, 31, 16, 0, 1, 0, time.UTC), D(2027, 1, 1)},
		{"leap day arrives in Shanghai first", time.Date(2028, 2, 28, 17, 0, 0, 0, time.UTC), D(2028, 2, 29)},
		{"input in another zone", time.Date(2026, 11, 28, 11, 30, 0, 0, newYork), D(2026, 11, 29)},
		{"input already in Shanghai", time.Date(2026, 11, 29, 0, 0, 0, 0, Shanghai), D(2026, 11, 29)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := Today(tt.now)
			if !got.Equal(tt.want) || got.Location() != time.UTC || got.Hour() != 0 {
				t.Errorf("Today(%s) = %s, want %s at UTC midnight", tt.now.Format(time.RFC3339), got.Format(time.RFC3339), tt.want.Format(time.RFC3339))
			}
		})
	}
}

func TestShanghaiLoaded(t *testing.T) {
	t.Parallel()
	if Shanghai == nil || Shanghai.String() != "Asia/Shanghai" {
		t.Fatalf("Shanghai = %v", Shanghai)
	}
	if _, off := time.Date(2026, 7, 1, 12, 0, 0, 0, Shanghai).Zone(); off != 8*3600 {
		t.Errorf("Shanghai offset = %d, want +8h", off)
	}
}

func TestDefaultYear2026(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2026)
	t1, t2 := mustTerm(t, y, FirstTerm), mustTerm(t, y, SecondTerm)
	w, _ := y.Vacation(Winter)
	s, _ := y.Vacation(Summer)
	checks := []struct {
		name      string
		got, want time.Time
	}{
		{"year start", y.Start, D(2026, 9, 1)},
		{"year end", y.End, D(2027, 8, 31)},
		{"term 1 start", t1.Start, D(2026, 9, 1)},
		{"term 1 end", t1.End, D(2027, 1, 22)},
		{"winter start", w.Start, D(2027, 1, 23)},
		{"winter end", w.End, D(2027, 2, 21)},
		{"term 2 start", t2.Start, D(2027, 2, 22)},
		{"term 2 end", t2.End, D(2027, 7, 10)},
		{"summer start", s.Start, D(2027, 7, 11)},
		{"summer end", s.End, D(2027, 8, 31)},
	}
	for _, c := range checks {
		if !c.got.Equal(c.want) {
			t.Errorf("%s = %s, want %s", c.name, c.got.Format(time.DateOnly), c.want.Format(time.DateOnly))
		}
	}
	if y.StartYear != 2026 || y.Name() != "2026—2027学年" {
		t.Errorf("StartYear %d, Name %q", y.StartYear, y.Name())
	}
	if got := PreTermWindow(t2).Label(); got != "2月15日—2月21日" {
		t.Errorf("term 2 pre-term window = %q, want 2月15日—2月21日", got)
	}
	if errs := ValidateYear(y); errs != nil {
		t.Errorf("DefaultYear(2026) invalid: %v", errs)
	}

	// The project's "today", 2026-11-29, falls in term 1 of 2026—2027.
	cal := NewCalendar(y)
	today := Today(time.Date(2026, 11, 29, 9, 0, 0, 0, Shanghai))
	got, ok := cal.TermAt(today)
	if !ok || got.Ordinal != FirstTerm {
		t.Fatalf("TermAt(%s) = %+v, %v; want term 1", today.Format(time.DateOnly), got, ok)
	}
	yr, ok := cal.YearOf(got)
	if !ok || got.Name(yr.StartYear) != "2026—2027学年第一学期" {
		t.Errorf("term name = %q (year found %v)", got.Name(yr.StartYear), ok)
	}
}

func TestDefaultYearValidEveryYear(t *testing.T) {
	t.Parallel()
	for sy := 2020; sy <= 2045; sy++ {
		y := DefaultYear(sy)
		if errs := ValidateYear(y); errs != nil {
			t.Errorf("DefaultYear(%d): %v", sy, errs)
		}
		t2 := mustTerm(t, y, SecondTerm)
		if t2.Start.Weekday() != time.Monday || t2.Start.Month() != time.February || t2.Start.Day() < 20 || t2.Start.Day() > 26 {
			t.Errorf("DefaultYear(%d) term 2 starts %s %s, want a Monday 20–26 Feb", sy, t2.Start.Format(time.DateOnly), t2.Start.Weekday())
		}
		w, _ := y.Vacation(Winter)
		if !AddDays(w.End, 1).Equal(t2.Start) {
			t.Errorf("DefaultYear(%d) winter ends %s, want the day before term 2", sy, w.End.Format(time.DateOnly))
		}
		// Consecutive default years tile the calendar without overlap.
		if errs := NewCalendar(DefaultYear(sy - 1)).ValidateNewYear(y); errs != nil {
			t.Errorf("DefaultYear(%d) after DefaultYear(%d): %v", sy, sy-1, errs)
		}
	}
}

func TestWindowContainsEdges(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2026)
	t1, t2 := mustTerm(t, y, FirstTerm), mustTerm(t, y, SecondTerm)
	w, _ := y.Vacation(Winter)
	tests := []struct {
		name string
		w    Window
		d    time.Time
		want bool
	}{
		{"pre-term: day before", PreTermWindow(t2), D(2027, 2, 14), false},
		{"pre-term: first day", PreTermWindow(t2), D(2027, 2, 15), true},
		{"pre-term: last day", PreTermWindow(t2), D(2027, 2, 21), true},
		{"pre-term: term start is outside", PreTermWindow(t2), D(2027, 2, 22), false},
		{"pre-term: last day late evening", PreTermWindow(t2), time.Date(2027, 2, 21, 23, 59, 0, 0, time.UTC), true},
		{"first week: day before term", FirstWeekWindow(t2), D(2027, 2, 21), false},
		{"first week: first day", FirstWeekWindow(t2), D(2027, 2, 22), true},
		{"first week: seventh day", FirstWeekWindow(t2), D(2027, 2, 28), true},
		{"first week: eighth day", FirstWeekWindow(t2), D(2027, 3, 1), false},
		{"term: first day", TermWindow(t1), D(2026, 9, 1), true},
		{"term: day before", TermWindow(t1), D(2026, 8, 31), false},
		{"term: last day", TermWindow(t1), D(2027, 1, 22), true},
		{"term: day after", TermWindow(t1), D(2027, 1, 23), false},
		{"vacation: first day", VacationWindow(w), D(2027, 1, 23), true},
		{"vacation: last day", VacationWindow(w), D(2027, 2, 21), true},
		{"vacation: day after", VacationWindow(w), D(2027, 2, 22), false},
		{"school year: first day", SchoolYearWindow(y), D(2026, 9, 1), true},
		{"school year: last day", SchoolYearWindow(y), D(2027, 8, 31), true},
		{"school year: next year's first day", SchoolYearWindow(y), D(2027, 9, 1), false},
		{"quarter: last day", QuarterOf(D(2026, 11, 29)), D(2026, 12, 31), true},
		{"quarter: next quarter", QuarterOf(D(2026, 11, 29)), D(2027, 1, 1), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.w.Contains(tt.d); got != tt.want {
				t.Errorf("%s.Contains(%s) = %v, want %v", tt.w.Label(), tt.d.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}

func TestWindowKindsAndDays(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2026)
	t1 := mustTerm(t, y, FirstTerm)
	w, _ := y.Vacation(Winter)
	tests := []struct {
		w        Window
		kind     WindowKind
		days     int
		from, to time.Time
	}{
		{PreTermWindow(t1), KindPreTerm, 7, D(2026, 8, 25), D(2026, 8, 31)},
		{FirstWeekWindow(t1), KindFirstWeek, 7, D(2026, 9, 1), D(2026, 9, 7)},
		{TermWindow(t1), KindTerm, 144, D(2026, 9, 1), D(2027, 1, 22)},
		{VacationWindow(w), KindVacation, 30, D(2027, 1, 23), D(2027, 2, 21)},
		{SchoolYearWindow(y), KindSchoolYear, 365, D(2026, 9, 1), D(2027, 8, 31)},
		{QuarterOf(D(2026, 11, 29)), KindQuarter, 92, D(2026, 10, 1), D(2026, 12, 31)},
		{Window{Start: D(2026, 1, 1), End: D(2026, 1, 1)}, "", 1, D(2026, 1, 1), D(2026, 1, 1)},
		{Window{Start: D(2026, 1, 2), End: D(2026, 1, 1)}, "", 0, D(2026, 1, 2), D(2026, 1, 1)},
		{Window{Start: D(2026, 1, 5), End: D(2026, 1, 1)}, "", 0, D(2026, 1, 5), D(2026, 1, 1)},
	}
	for _, tt := range tests {
		if tt.w.Kind != tt.kind || tt.w.Days() != tt.days || !tt.w.Start.Equal(tt.from) || !tt.w.End.Equal(tt.to) {
			t.Errorf("got %s %s…%s (%d days), want %s %s…%s (%d days)",
				tt.w.Kind, tt.w.Start.Format(time.DateOnly), tt.w.End.Format(time.DateOnly), tt.w.Days(),
				tt.kind, tt.from.Format(time.DateOnly), tt.to.Format(time.DateOnly), tt.days)
		}
	}
}

func TestWindowStateDueSoonDaysLeft(t *testing.T) {
	t.Parallel()
	w := Window{Kind: KindPreTerm, Start: D(2027, 2, 15), End: D(2027, 2, 21)}
	tests := []struct {
		name     string
		today    time.Time
		within   int
		state    WindowState
		dueSoon  bool
		daysLeft int
	}{
		{"day before opening", D(2027, 2, 14), 7, Upcoming, false, 7},
		{"first day, 6 days to go, within 6", D(2027, 2, 15), 6, Open, true, 7},
		{"first day, within 5", D(2027, 2, 15), 5, Open, false, 7},
		{"middle, within 3", D(2027, 2, 18), 3, Open, true, 4},
		{"middle, within 2", D(2027, 2, 18), 2, Open, false, 4},
		{"last day, within 0", D(2027, 2, 21), 0, Open, true, 1},
		{"last day late evening", time.Date(2027, 2, 21, 23, 59, 0, 0, time.UTC), 0, Open, true, 1},
		{"negative within", D(2027, 2, 18), -1, Open, false, 4},
		{"day after closing", D(2027, 2, 22), 10, Closed, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := w.State(tt.today); got != tt.state {
				t.Errorf("State = %s, want %s", got, tt.state)
			}
			if got := DueSoon(w, tt.today, tt.within); got != tt.dueSoon {
				t.Errorf("DueSoon(within %d) = %v, want %v", tt.within, got, tt.dueSoon)
			}
			if got := w.DaysLeft(tt.today); got != tt.daysLeft {
				t.Errorf("DaysLeft = %d, want %d", got, tt.daysLeft)
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	t.Parallel()
	a := Window{Start: D(2026, 9, 1), End: D(2026, 9, 30)}
	tests := []struct {
		b    Window
		want bool
	}{
		{Window{Start: D(2026, 9, 30), End: D(2026, 10, 5)}, true},  // shares the last day
		{Window{Start: D(2026, 10, 1), End: D(2026, 10, 5)}, false}, // adjacent
		{Window{Start: D(2026, 8, 1), End: D(2026, 9, 1)}, true},    // shares the first day
		{Window{Start: D(2026, 8, 1), End: D(2026, 8, 31)}, false},  // adjacent before
		{Window{Start: D(2026, 9, 10), End: D(2026, 9, 11)}, true},  // inside
		{Window{Start: D(2026, 8, 1), End: D(2026, 12, 31)}, true},  // covering
	}
	for _, tt := range tests {
		if got := a.Overlaps(tt.b); got != tt.want {
			t.Errorf("Overlaps(%s) = %v, want %v", tt.b.LongLabel(), got, tt.want)
		}
		if got := tt.b.Overlaps(a); got != tt.want {
			t.Errorf("reverse Overlaps(%s) = %v, want %v", tt.b.LongLabel(), got, tt.want)
		}
	}
}

// A school year whose first day is a Saturday: 2029—2030 opens on Sat 1 Sep.
func TestYearStartingOnWeekend(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2029)
	t1 := mustTerm(t, y, FirstTerm)
	if wd := t1.Start.Weekday(); wd != time.Saturday {
		t.Fatalf("2029-09-01 is %s, the test needs a weekend start", wd)
	}
	cal := NewCalendar(DefaultYear(2028), y)
	pre, first := PreTermWindow(t1), FirstWeekWindow(t1)
	if pre.Label() != "8月25日—8月31日" || pre.Days() != 7 {
		t.Errorf("pre-term = %s (%d days)", pre.Label(), pre.Days())
	}
	if first.Label() != "9月1日—9月7日" || first.Days() != 7 {
		t.Errorf("first week = %s (%d days)", first.Label(), first.Days())
	}
	tests := []struct {
		d        time.Time
		inTerm   bool
		yearFrom int // StartYear of YearAt(d)
		current  TermOrdinal
		curYear  time.Time // start of the current term
	}{
		{D(2029, 8, 31), false, 2028, SecondTerm, D(2029, 2, 26)}, // Friday, last day of summer
		{D(2029, 9, 1), true, 2029, FirstTerm, D(2029, 9, 1)},     // Saturday, first day of term
		{D(2029, 9, 2), true, 2029, FirstTerm, D(2029, 9, 1)},     // Sunday
		{D(2029, 9, 7), true, 2029, FirstTerm, D(2029, 9, 1)},     // last day of first week
	}
	for _, tt := range tests {
		if _, ok := cal.TermAt(tt.d); ok != tt.inTerm {
			t.Errorf("TermAt(%s) found = %v, want %v", tt.d.Format(time.DateOnly), ok, tt.inTerm)
		}
		if yr, ok := cal.YearAt(tt.d); !ok || yr.StartYear != tt.yearFrom {
			t.Errorf("YearAt(%s) = %d, %v; want %d", tt.d.Format(time.DateOnly), yr.StartYear, ok, tt.yearFrom)
		}
		cur, ok := cal.CurrentTerm(tt.d)
		if !ok || cur.Ordinal != tt.current || !cur.Start.Equal(tt.curYear) {
			t.Errorf("CurrentTerm(%s) = %s from %s, want %s from %s", tt.d.Format(time.DateOnly),
				cur.Ordinal.Label(), cur.Start.Format(time.DateOnly), tt.current.Label(), tt.curYear.Format(time.DateOnly))
		}
	}
}

func TestLeapYear(t *testing.T) {
	t.Parallel()
	leapDay := D(2028, 2, 29)
	tests := []struct {
		name     string
		w        Window
		label    string
		days     int
		hasLeap  bool
		lastDay  time.Time
		firstDay time.Time
	}{
		{
			name: "pre-term window ending on 29 Feb (term from 1 Mar 2028)",
			w:    PreTermWindow(Term{Ordinal: SecondTerm, Start: D(2028, 3, 1), End: D(2028, 7, 10)}),
			// 7 days before 1 March is 23 Feb in a leap year…
			label: "2月23日—2月29日", days: 7, hasLeap: true, firstDay: D(2028, 2, 23), lastDay: leapDay,
		},
		{
			name: "same term in a common year",
			w:    PreTermWindow(Term{Ordinal: SecondTerm, Start: D(2027, 3, 1), End: D(2027, 7, 10)}),
			// …but 22 Feb in a common year.
			label: "2月22日—2月28日", days: 7, hasLeap: false, firstDay: D(2027, 2, 22), lastDay: D(2027, 2, 28),
		},
		{
			name:  "first week crossing 29 Feb (term from 28 Feb 2028)",
			w:     FirstWeekWindow(Term{Ordinal: SecondTerm, Start: D(2028, 2, 28), End: D(2028, 7, 10)}),
			label: "2月28日—3月5日", days: 7, hasLeap: true, firstDay: D(2028, 2, 28), lastDay: D(2028, 3, 5),
		},
		{
			name:  "pre-term window crossing 29 Feb (term from 3 Mar 2028)",
			w:     PreTermWindow(Term{Ordinal: SecondTerm, Start: D(2028, 3, 3), End: D(2028, 7, 10)}),
			label: "2月25日—3月2日", days: 7, hasLeap: true, firstDay: D(2028, 2, 25), lastDay: D(2028, 3, 2),
		},
		{
			name:  "first quarter of a leap year",
			w:     QuarterOf(leapDay),
			label: "1月1日—3月31日", days: 91, hasLeap: true, firstDay: D(2028, 1, 1), lastDay: D(2028, 3, 31),
		},
		{
			name:  "first quarter of a common year",
			w:     QuarterOf(D(2027, 2, 28)),
			label: "1月1日—3月31日", days: 90, hasLeap: false, firstDay: D(2027, 1, 1), lastDay: D(2027, 3, 31),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := tt.w.Label(); got != tt.label {
				t.Errorf("Label = %q, want %q", got, tt.label)
			}
			if got := tt.w.Days(); got != tt.days {
				t.Errorf("Days = %d, want %d", got, tt.days)
			}
			if got := tt.w.Contains(leapDay); got != tt.hasLeap {
				t.Errorf("Contains(2028-02-29) = %v, want %v", got, tt.hasLeap)
			}
			if !tt.w.Start.Equal(tt.firstDay) || !tt.w.End.Equal(tt.lastDay) {
				t.Errorf("window %s…%s, want %s…%s", tt.w.Start.Format(time.DateOnly), tt.w.End.Format(time.DateOnly),
					tt.firstDay.Format(time.DateOnly), tt.lastDay.Format(time.DateOnly))
			}
		})
	}

	// 29 Feb 2028 is an ordinary school day of 2027—2028's second term.
	y := DefaultYear(2027)
	cal := NewCalendar(y)
	tm, ok := cal.TermAt(leapDay)
	if !ok || tm.Ordinal != SecondTerm || !tm.Start.Equal(D(2028, 2, 21)) {
		t.Errorf("TermAt(2028-02-29) = %+v, %v; want term 2 from 2028-02-21", tm, ok)
	}
	if !FirstWeekWindow(tm).Contains(D(2028, 2, 27)) || FirstWeekWindow(tm).Contains(leapDay) {
		t.Errorf("first week %s should end on 27 Feb", FirstWeekWindow(tm).Label())
	}
	if got := SchoolYearWindow(y).Days(); got != 366 {
		t.Errorf("2027—2028 has %d days, want 366", got)
	}
}

func TestWindowCrossingYearEnd(t *testing.T) {
	t.Parallel()
	w := PreTermWindow(Term{Start: D(2027, 1, 4), End: D(2027, 6, 30)})
	if got, want := w.Label(), "2026年12月28日—2027年1月3日"; got != want {
		t.Errorf("Label = %q, want %q", got, want)
	}
	if got := w.LongLabel(); got != "2026年12月28日—2027年1月3日" {
		t.Errorf("LongLabel = %q", got)
	}
	if w.Days() != 7 {
		t.Errorf("Days = %d, want 7", w.Days())
	}
	for d, want := range map[time.Time]bool{
		D(2026, 12, 27): false, D(2026, 12, 28): true, D(2026, 12, 31): true,
		D(2027, 1, 1): true, D(2027, 1, 3): true, D(2027, 1, 4): false,
	} {
		if got := w.Contains(d); got != want {
			t.Errorf("Contains(%s) = %v, want %v", d.Format(time.DateOnly), got, want)
		}
	}
	// State across the year end, with "today" taken in Shanghai.
	if got := w.State(Today(time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC))); got != Open {
		t.Errorf("State on Shanghai New Year's Day = %s, want open", got)
	}
	if got := w.DaysLeft(D(2026, 12, 31)); got != 4 {
		t.Errorf("DaysLeft(2026-12-31) = %d, want 4", got)
	}
}

func TestQuarterOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		d          time.Time
		start, end time.Time
		name       string
	}{
		{D(2026, 1, 1), D(2026, 1, 1), D(2026, 3, 31), "2026年第一季度"},
		{D(2026, 3, 31), D(2026, 1, 1), D(2026, 3, 31), "2026年第一季度"},
		{D(2026, 4, 1), D(2026, 4, 1), D(2026, 6, 30), "2026年第二季度"},
		{D(2026, 6, 30), D(2026, 4, 1), D(2026, 6, 30), "2026年第二季度"},
		{D(2026, 7, 1), D(2026, 7, 1), D(2026, 9, 30), "2026年第三季度"},
		{D(2026, 9, 30), D(2026, 7, 1), D(2026, 9, 30), "2026年第三季度"},
		{D(2026, 10, 1), D(2026, 10, 1), D(2026, 12, 31), "2026年第四季度"},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), D(2026, 10, 1), D(2026, 12, 31), "2026年第四季度"},
	}
	for _, tt := range tests {
		q := QuarterOf(tt.d)
		if q.Kind != KindQuarter || !q.Start.Equal(tt.start) || !q.End.Equal(tt.end) {
			t.Errorf("QuarterOf(%s) = %s…%s", tt.d.Format(time.DateOnly), q.Start.Format(time.DateOnly), q.End.Format(time.DateOnly))
		}
		if got := QuarterName(tt.d); got != tt.name {
			t.Errorf("QuarterName(%s) = %q, want %q", tt.d.Format(time.DateOnly), got, tt.name)
		}
	}
}

func TestQuartersOfTerm(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2026)
	var cal Calendar
	tests := []struct {
		name string
		term Term
		want []string
	}{
		{"autumn term spans three quarters", mustTerm(t, y, FirstTerm),
			[]string{"2026年9月1日—9月30日", "2026年10月1日—12月31日", "2027年1月1日—1月22日"}},
		{"spring term spans three quarters", mustTerm(t, y, SecondTerm),
			[]string{"2027年2月22日—3月31日", "2027年4月1日—6月30日", "2027年7月1日—7月10日"}},
		{"term inside one quarter", Term{Start: D(2026, 4, 10), End: D(2026, 5, 20)},
			[]string{"2026年4月10日—5月20日"}},
		{"term exactly one quarter", Term{Start: D(2026, 4, 1), End: D(2026, 6, 30)},
			[]string{"2026年4月1日—6月30日"}},
		{"one-day term on a quarter's last day", Term{Start: D(2026, 3, 31), End: D(2026, 3, 31)},
			[]string{"2026年3月31日"}},
		{"term ending before it starts", Term{Start: D(2026, 5, 1), End: D(2026, 4, 1)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var got []string
			for _, q := range cal.QuartersOfTerm(tt.term) {
				if q.Kind != KindQuarter {
					t.Errorf("kind %q, want quarter", q.Kind)
				}
				got = append(got, q.LongLabel())
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("QuartersOfTerm = %q, want %q", got, tt.want)
			}
		})
	}
	// The clipped quarters tile the term exactly: their days add up to the term's.
	t1 := mustTerm(t, y, FirstTerm)
	sum := 0
	for _, q := range cal.QuartersOfTerm(t1) {
		sum += q.Days()
	}
	if sum != TermWindow(t1).Days() {
		t.Errorf("quarters cover %d days, term has %d", sum, TermWindow(t1).Days())
	}
}

func TestLabels(t *testing.T) {
	t.Parallel()
	t1 := Term{Ordinal: FirstTerm, Start: D(2026, 9, 1), End: D(2027, 1, 22)}
	t2 := Term{Ordinal: SecondTerm, Start: D(2027, 2, 22), End: D(2027, 7, 10)}
	tests := []struct {
		name, got, want string
	}{
		{"year name", YearName(2026), "2026—2027学年"},
		{"school year name", DefaultYear(2030).Name(), "2030—2031学年"},
		{"term 1 name", t1.Name(2026), "2026—2027学年第一学期"},
		{"term 2 name", t2.Name(2026), "2026—2027学年第二学期"},
		{"term 1 season", t1.SeasonLabel(2026), "2026年秋季学期"},
		{"term 2 season uses the next year", t2.SeasonLabel(2026), "2027年春季学期"},
		{"unknown ordinal", TermOrdinal(3).Label(), "第3学期"},
		{"winter", Winter.Label(), "寒假"},
		{"summer", Summer.Label(), "暑假"},
		{"unknown vacation kind", VacationKind("autumn").Label(), "autumn"},
		{"vacation name", Vacation{Kind: Winter}.Name(2026), "2026—2027学年寒假"},
		{"same-year window", Window{Start: D(2027, 2, 15), End: D(2027, 2, 21)}.Label(), "2月15日—2月21日"},
		{"same-year window across months", Window{Start: D(2027, 2, 22), End: D(2027, 3, 1)}.Label(), "2月22日—3月1日"},
		{"cross-year window", Window{Start: D(2026, 12, 28), End: D(2027, 1, 3)}.Label(), "2026年12月28日—2027年1月3日"},
		{"one-day window", Window{Start: D(2027, 2, 15), End: D(2027, 2, 15)}.Label(), "2月15日"},
		{"long label", Window{Start: D(2027, 2, 15), End: D(2027, 2, 21)}.LongLabel(), "2027年2月15日—2月21日"},
		{"long one-day label", Window{Start: D(2027, 2, 15), End: D(2027, 2, 15)}.LongLabel(), "2027年2月15日"},
		{"date label", DateLabel(D(2026, 11, 29)), "2026年11月29日"},
		{"date label, one-digit month and day", DateLabel(D(2027, 2, 5)), "2027年2月5日"},
		{"date label of a database date (UTC midnight)", DateLabel(time.Date(2026, 8, 31, 0, 0, 0, 0, time.UTC)), "2026年8月31日"},
		{"month and day", MonthDayLabel(D(2026, 12, 10)), "12月10日"},
		{"month and day, one digit", MonthDayLabel(D(2027, 2, 5)), "2月5日"},
		{"pre_term kind", KindPreTerm.Label(), "学期前全员家访"},
		{"first_week kind", KindFirstWeek.Label(), "开学第一周"},
		{"vacation kind", KindVacation.Label(), "假期"},
		{"term kind", KindTerm.Label(), "学期"},
		{"quarter kind", KindQuarter.Label(), "季度"},
		{"school_year kind", KindSchoolYear.Label(), "学年"},
		{"upcoming", Upcoming.Label(), "未开始"},
		{"open", Open.Label(), "进行中"},
		{"closed", Closed.Label(), "已结束"},
		{"stored kind values", string(KindPreTerm) + "," + string(KindFirstWeek) + "," + string(KindVacation) + "," +
			string(KindTerm) + "," + string(KindQuarter) + "," + string(KindSchoolYear),
			"pre_term,first_week,vacation,term,quarter,school_year"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, tt.got, tt.want)
		}
	}
	if !strings.ContainsRune(YearName(2026), '\u2014') || strings.ContainsAny(YearName(2026), "-–") {
		t.Errorf("YearName must use the em dash U+2014: %q", YearName(2026))
	}
}

func TestCalendarQueries(t *testing.T) {
	t.Parallel()
	cal := testCalendar()
	var order []int
	for _, y := range cal.Years {
		order = append(order, y.StartYear)
	}
	if !slices.Equal(order, []int{2025, 2026, 2027}) {
		t.Fatalf("NewCalendar order = %v", order)
	}
	terms := cal.Terms()
	if len(terms) != 6 || !slices.IsSortedFunc(terms, func(a, b Term) int { return a.Start.Compare(b.Start) }) {
		t.Errorf("Terms() = %d terms, sorted %v", len(terms), slices.IsSortedFunc(terms, func(a, b Term) int { return a.Start.Compare(b.Start) }))
	}
	if vs := cal.Vacations(); len(vs) != 6 || vs[0].ID != 15 || vs[5].ID != 36 {
		t.Errorf("Vacations() = %+v", vs)
	}

	const none = int64(0)
	tests := []struct {
		name                   string
		d                      time.Time
		termAt, vacAt, current int64 // IDs; 0 = not found
		next                   int64
		year                   int64
	}{
		{"project today, term 1", D(2026, 11, 29), 21, none, 21, 22, 2},
		{"last day of term 1", D(2027, 1, 22), 21, none, 21, 22, 2},
		{"first day of winter vacation", D(2027, 1, 23), none, 25, 21, 22, 2},
		{"last day of winter vacation", D(2027, 2, 21), none, 25, 21, 22, 2},
		{"first day of term 2", D(2027, 2, 22), 22, none, 22, 31, 2},
		{"summer vacation", D(2027, 8, 15), none, 26, 22, 31, 2},
		{"before the first year", D(2025, 6, 1), none, none, 11, 11, none},
		{"after the last year", D(2029, 1, 1), none, none, 32, none, none},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			id := func(found bool, id int64) int64 {
				if !found {
					return none
				}
				return id
			}
			tm, ok := cal.TermAt(tt.d)
			if got := id(ok, tm.ID); got != tt.termAt {
				t.Errorf("TermAt = %d, want %d", got, tt.termAt)
			}
			v, ok := cal.VacationAt(tt.d)
			if got := id(ok, v.ID); got != tt.vacAt {
				t.Errorf("VacationAt = %d, want %d", got, tt.vacAt)
			}
			cur, ok := cal.CurrentTerm(tt.d)
			if got := id(ok, cur.ID); got != tt.current {
				t.Errorf("CurrentTerm = %d, want %d", got, tt.current)
			}
			nx, ok := cal.NextTerm(tt.d)
			if got := id(ok, nx.ID); got != tt.next {
				t.Errorf("NextTerm = %d, want %d", got, tt.next)
			}
			y, ok := cal.YearAt(tt.d)
			if got := id(ok, y.ID); got != tt.year {
				t.Errorf("YearAt = %d, want %d", got, tt.year)
			}
		})
	}

	if y, ok := cal.Year(3); !ok || y.StartYear != 2027 {
		t.Errorf("Year(3) = %d, %v", y.StartYear, ok)
	}
	if _, ok := cal.Year(99); ok {
		t.Error("Year(99) found")
	}
	if y, ok := cal.YearOf(Term{SchoolYearID: 1}); !ok || y.StartYear != 2025 {
		t.Errorf("YearOf by ID = %d, %v", y.StartYear, ok)
	}
	if y, ok := cal.YearOf(Term{Start: D(2027, 2, 22)}); !ok || y.StartYear != 2026 {
		t.Errorf("YearOf unsaved term = %d, %v", y.StartYear, ok)
	}
}

func TestCurrentTermInGapAndEmptyCalendar(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2026)
	y.Terms[0].End = D(2027, 1, 15) // term 1 ends a week before the winter vacation
	cal := NewCalendar(y)
	gap := D(2027, 1, 18)
	if _, ok := cal.TermAt(gap); ok {
		t.Error("TermAt(gap) found a term")
	}
	if _, ok := cal.VacationAt(gap); ok {
		t.Error("VacationAt(gap) found a vacation")
	}
	if cur, ok := cal.CurrentTerm(gap); !ok || cur.Ordinal != FirstTerm {
		t.Errorf("CurrentTerm(gap) = %+v, %v; want term 1", cur, ok)
	}
	if nx, ok := cal.NextTerm(gap); !ok || !nx.Start.Equal(D(2027, 2, 22)) {
		t.Errorf("NextTerm(gap) = %+v, %v", nx, ok)
	}

	var empty Calendar
	if _, ok := empty.CurrentTerm(D(2026, 11, 29)); ok {
		t.Error("empty calendar has a current term")
	}
	if _, ok := empty.NextTerm(D(2026, 11, 29)); ok {
		t.Error("empty calendar has a next term")
	}
	if _, ok := empty.YearAt(D(2026, 11, 29)); ok {
		t.Error("empty calendar has a year")
	}
}

func TestNewCalendarDoesNotModifyInput(t *testing.T) {
	t.Parallel()
	y := DefaultYear(2026)
	y.Terms[0], y.Terms[1] = y.Terms[1], y.Terms[0]
	cal := NewCalendar(y)
	if y.Terms[0].Ordinal != SecondTerm {
		t.Error("NewCalendar reordered the caller's slice")
	}
	if cal.Years[0].Terms[0].Ordinal != FirstTerm {
		t.Error("NewCalendar did not sort terms by start")
	}
}

const winterMsg = "寒假必须在第一学期结束之后、第二学期开始之前"

func TestValidateYear(t *testing.T) {
	t.Parallel()
	// Each case starts from a fresh, valid DefaultYear(2026):
	// year 2026-09-01…2027-08-31; term 1 …2027-01-22; winter 01-23…02-21;
	// term 2 02-22…07-10; summer 07-11…08-31. Index 0/1 = term 1/2 and
	// winter/summer.
	tests := []struct {
		name   string
		mutate func(y *SchoolYear)
		want   []FieldError
	}{
		{"default year is valid", func(*SchoolYear) {}, nil},
		{"gap between term 1 and winter is allowed", func(y *SchoolYear) { y.Terms[0].End = D(2027, 1, 15) }, nil},
		{"summer may end before the year's end", func(y *SchoolYear) { y.Vacations[1].End = D(2027, 8, 30) }, nil},
		{"terms in any order", func(y *SchoolYear) { y.Terms[0], y.Terms[1] = y.Terms[1], y.Terms[0] }, nil},

		{"year start missing", func(y *SchoolYear) { y.Start = time.Time{} },
			[]FieldError{{FieldStart, "请填写学年开始日期"}}},
		{"year end missing", func(y *SchoolYear) { y.End = time.Time{} },
			[]FieldError{{FieldEnd, "请填写学年结束日期"}}},
		{"year ends before it starts", func(y *SchoolYear) { y.End = D(2026, 8, 31) },
			[]FieldError{{FieldEnd, "学年结束日期必须晚于开始日期"}}},
		{"year ends the day it starts", func(y *SchoolYear) { y.End = y.Start },
			[]FieldError{{FieldEnd, "学年结束日期必须晚于开始日期"}}},
		{"start year missing", func(y *SchoolYear) { y.StartYear = 0 },
			[]FieldError{{FieldStart, "学年起始年份无效"}}},
		{"dates do not match the start year", func(y *SchoolYear) { y.StartYear = 2027 },
			[]FieldError{{FieldStart, "2027—2028学年的开始日期应在2027年内"}, {FieldEnd, "2027—2028学年的结束日期应在2028年内"}}},
		{"year ends a year late", func(y *SchoolYear) { y.End = D(2028, 8, 31) },
			[]FieldError{{FieldEnd, "2026—2027学年的结束日期应在2027年内"}}},

		{"unknown term ordinal", func(y *SchoolYear) {
			y.Terms = append(y.Terms, Term{Ordinal: 3, Start: D(2027, 7, 20), End: D(2027, 8, 1)})
		}, []FieldError{{FieldTerms, "无法识别的学期序号：3"}}},
		{"term 1 missing", func(y *SchoolYear) { y.Terms = y.Terms[1:] },
			[]FieldError{{FieldTerm1Start, "缺少第一学期"}}},
		{"term 2 missing", func(y *SchoolYear) { y.Terms = y.Terms[:1] },
			[]FieldError{{FieldTerm2Start, "缺少第二学期"}}},
		{"term 1 twice", func(y *SchoolYear) { y.Terms = append(y.Terms, y.Terms[0]) },
			[]FieldError{{FieldTerm1Start, "第一学期只能有一个"}}},
		{"term 1 start missing", func(y *SchoolYear) { y.Terms[0].Start = time.Time{} },
			[]FieldError{{FieldTerm1Start, "请填写第一学期开始日期"}}},
		{"term 2 end missing", func(y *SchoolYear) { y.Terms[1].End = time.Time{} },
			[]FieldError{{FieldTerm2End, "请填写第二学期结束日期"}}},
		{"term 1 ends before it starts", func(y *SchoolYear) { y.Terms[0].End = D(2026, 8, 31) },
			[]FieldError{{FieldTerm1End, "第一学期结束日期不能早于开始日期"}}},
		{"term 2 ends before it starts", func(y *SchoolYear) { y.Terms[1].End = D(2027, 2, 21) },
			[]FieldError{{FieldTerm2End, "第二学期结束日期不能早于开始日期"}}},
		{"one-day term is allowed", func(y *SchoolYear) { y.Terms[1].End = y.Terms[1].Start }, nil},
		{"term 1 starts before the year", func(y *SchoolYear) { y.Terms[0].Start = D(2026, 8, 31) },
			[]FieldError{{FieldTerm1Start, "第一学期开始日期不能早于学年开始日期"}}},
		{"term 2 ends after the year", func(y *SchoolYear) { y.Terms[1].End = D(2027, 9, 1) },
			[]FieldError{{FieldTerm2End, "第二学期结束日期不能晚于学年结束日期"}, {FieldSummerStart, "暑假必须在第二学期结束之后开始"}}},
		{"terms overlap", func(y *SchoolYear) { y.Terms[1].Start = D(2027, 1, 20) },
			[]FieldError{{FieldTerm2Start, "第二学期必须在第一学期结束之后开始"}, {FieldWinterEnd, winterMsg}}},

		{"unknown vacation kind", func(y *SchoolYear) {
			y.Vacations = append(y.Vacations, Vacation{Kind: "autumn", Start: D(2026, 10, 1), End: D(2026, 10, 7)})
		}, []FieldError{{FieldVacations, "无法识别的假期类型：autumn"}}},
		{"winter missing", func(y *SchoolYear) { y.Vacations = y.Vacations[1:] },
			[]FieldError{{FieldWinterStart, "缺少寒假"}}},
		{"summer missing", func(y *SchoolYear) { y.Vacations = y.Vacations[:1] },
			[]FieldError{{FieldSummerStart, "缺少暑假"}}},
		{"summer twice", func(y *SchoolYear) { y.Vacations = append(y.Vacations, y.Vacations[1]) },
			[]FieldError{{FieldSummerStart, "暑假只能有一个"}}},
		{"winter start missing", func(y *SchoolYear) { y.Vacations[0].Start = time.Time{} },
			[]FieldError{{FieldWinterStart, "请填写寒假开始日期"}}},
		{"summer end missing", func(y *SchoolYear) { y.Vacations[1].End = time.Time{} },
			[]FieldError{{FieldSummerEnd, "请填写暑假结束日期"}}},
		{"winter ends before it starts", func(y *SchoolYear) { y.Vacations[0].End = D(2027, 1, 1) },
			[]FieldError{{FieldWinterEnd, "寒假结束日期不能早于开始日期"}}},
		{"winter starts inside term 1", func(y *SchoolYear) { y.Vacations[0].Start = D(2027, 1, 22) },
			[]FieldError{{FieldWinterStart, winterMsg}}},
		{"winter ends inside term 2", func(y *SchoolYear) { y.Vacations[0].End = D(2027, 2, 22) },
			[]FieldError{{FieldWinterEnd, winterMsg}}},
		{"winter starts before the year", func(y *SchoolYear) { y.Vacations[0].Start = D(2026, 8, 1) },
			[]FieldError{{FieldWinterStart, "寒假开始日期不能早于学年开始日期"}, {FieldWinterStart, winterMsg}}},
		{"summer starts inside term 2", func(y *SchoolYear) { y.Vacations[1].Start = D(2027, 7, 10) },
			[]FieldError{{FieldSummerStart, "暑假必须在第二学期结束之后开始"}}},
		{"summer ends after the year", func(y *SchoolYear) { y.Vacations[1].End = D(2027, 9, 1) },
			[]FieldError{{FieldSummerEnd, "暑假结束日期不能晚于学年结束日期"}}},

		{"empty form", func(y *SchoolYear) { *y = SchoolYear{} }, []FieldError{
			{FieldStart, "请填写学年开始日期"},
			{FieldEnd, "请填写学年结束日期"},
			{FieldStart, "学年起始年份无效"},
			{FieldTerm1Start, "缺少第一学期"},
			{FieldTerm2Start, "缺少第二学期"},
			{FieldWinterStart, "缺少寒假"},
			{FieldSummerStart, "缺少暑假"},
		}},
		{"all periods present but undated", func(y *SchoolYear) {
			for i := range y.Terms {
				y.Terms[i].Start, y.Terms[i].End = time.Time{}, time.Time{}
			}
			for i := range y.Vacations {
				y.Vacations[i].Start, y.Vacations[i].End = time.Time{}, time.Time{}
			}
		}, []FieldError{
			{FieldTerm1Start, "请填写第一学期开始日期"}, {FieldTerm1End, "请填写第一学期结束日期"},
			{FieldTerm2Start, "请填写第二学期开始日期"}, {FieldTerm2End, "请填写第二学期结束日期"},
			{FieldWinterStart, "请填写寒假开始日期"}, {FieldWinterEnd, "请填写寒假结束日期"},
			{FieldSummerStart, "请填写暑假开始日期"}, {FieldSummerEnd, "请填写暑假结束日期"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			y := DefaultYear(2026)
			tt.mutate(&y)
			got := ValidateYear(y)
			if !slices.Equal(got, tt.want) {
				t.Errorf("ValidateYear:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestValidateNewYear(t *testing.T) {
	t.Parallel()
	cal := NewCalendar(withIDs(2025, 1), withIDs(2026, 2))
	tests := []struct {
		name string
		y    func() SchoolYear
		want []FieldError
	}{
		{"the following year", func() SchoolYear { return DefaultYear(2027) }, nil},
		{"a year before the calendar", func() SchoolYear { return DefaultYear(2020) }, nil},
		{"the same year again", func() SchoolYear { return DefaultYear(2026) },
			[]FieldError{{FieldStart, "2026—2027学年已存在"}}},
		{"editing an existing year skips itself", func() SchoolYear { return withIDs(2026, 2) }, nil},
		{"starting inside the previous year", func() SchoolYear {
			y := DefaultYear(2027)
			y.Start = D(2027, 8, 20)
			return y
		}, []FieldError{{FieldStart, "学年日期与2026—2027学年（2026年9月1日—2027年8月31日）重叠"}}},
		{"ending inside the next year", func() SchoolYear {
			y := DefaultYear(2024)
			y.End = D(2025, 9, 5)
			return y
		}, []FieldError{{FieldEnd, "学年日期与2025—2026学年（2025年9月1日—2026年8月31日）重叠"}}},
		{"invalid and overlapping: both reported, form errors first", func() SchoolYear {
			y := DefaultYear(2027)
			y.Start = D(2027, 8, 31)
			y.Terms[0].End = time.Time{}
			return y
		}, []FieldError{
			{FieldTerm1End, "请填写第一学期结束日期"},
			{FieldStart, "学年日期与2026—2027学年（2026年9月1日—2027年8月31日）重叠"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := cal.ValidateNewYear(tt.y()); !slices.Equal(got, tt.want) {
				t.Errorf("ValidateNewYear:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestFieldErrorIsError(t *testing.T) {
	t.Parallel()
	var err error = FieldError{Field: FieldWinterStart, Message: winterMsg}
	if got := err.Error(); got != "winter_start: "+winterMsg {
		t.Errorf("Error() = %q", got)
	}
}

func TestTermByID(t *testing.T) {
	t.Parallel()
	cal := testCalendar()
	tm, ok := cal.TermByID(22) // 2026—2027, second term
	if !ok || !tm.Start.Equal(D(2027, 2, 22)) || tm.SchoolYearID != 2 {
		t.Errorf("term 22: %+v %v", tm, ok)
	}
	if _, ok := cal.TermByID(99); ok {
		t.Error("an unknown term was found")
	}
}
