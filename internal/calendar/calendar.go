// Package calendar models the county's academic calendar (学年, 学期, 寒暑假)
// and the date windows that the requirement catalogue (R01–R23) is measured
// against: the week before a term (R02), the first week of a term (R05), a
// vacation (R03), a term, a calendar quarter (R10) and a school year (R19, R23).
//
// Dates are civil dates. They are represented as time.Time at 00:00 UTC,
// because that is how pgx decodes a PostgreSQL `date`; comparing such values
// with Before/After/Equal is then exact and free of time-zone surprises.
// "Today" is always the civil date in Asia/Shanghai, where the county is,
// whatever the server's own time zone is.
//
// The package is pure: no SQL, no HTTP, only the standard library.
package calendar

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	// Embed the time-zone database so that Asia/Shanghai resolves on hosts
	// (scratch containers, Windows) that ship no zoneinfo files.
	_ "time/tzdata"
)

// Shanghai is the Asia/Shanghai location. It is the only zone in which the
// county reckons dates, so "today" and every deadline are computed in it.
var Shanghai = mustLoadLocation("Asia/Shanghai")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		// Unreachable with time/tzdata embedded; failing loudly at start-up
		// beats silently computing dates in UTC.
		panic(fmt.Sprintf("calendar: load location %q: %v", name, err))
	}
	return loc
}

// D returns the civil date y-m-d as 00:00 UTC, the representation used for
// every date in this package (and produced by pgx for a PostgreSQL date).
// Out-of-range values are normalised as by time.Date (D(2027, 2, 29) is
// 2027-03-01).
func D(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateOf returns the civil date of t as read in t's own location, at 00:00
// UTC. It strips clock time so that a timestamp can be compared with dates;
// every function here passes its date arguments through it, so callers may
// also hand in values that are not exactly at UTC midnight.
func DateOf(t time.Time) time.Time {
	return D(t.Year(), t.Month(), t.Day())
}

// Today returns the civil date of the instant now in Asia/Shanghai. Near
// midnight this differs from the UTC date: 2026-11-28T16:30Z is already
// 2026-11-29 in the county.
func Today(now time.Time) time.Time {
	return DateOf(now.In(Shanghai))
}

// ParseDate parses an ISO date ("2006-01-02", the value of an HTML date
// input) into a civil date at 00:00 UTC.
func ParseDate(s string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, s, time.UTC)
}

// DateLabel renders a date the way the county writes it: "2026年11月29日".
func DateLabel(d time.Time) string {
	// Appended rather than Sprintf'd: a ledger or visit list labels a
	// hundred dates a page.
	y, m, day := d.Date()
	b := make([]byte, 0, 20)
	b = strconv.AppendInt(b, int64(y), 10)
	b = append(b, "年"...)
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, "月"...)
	b = strconv.AppendInt(b, int64(day), 10)
	b = append(b, "日"...)
	return string(b)
}

// AddDays returns the civil date n days after d (n may be negative).
func AddDays(d time.Time, n int) time.Time {
	return DateOf(d).AddDate(0, 0, n)
}

// DaysBetween returns the number of days from a to b (b − a), negative when
// b is before a. Both are civil dates, so the result is exact (UTC has no
// daylight-saving shifts).
func DaysBetween(a, b time.Time) int {
	return int(DateOf(b).Sub(DateOf(a)) / (24 * time.Hour))
}

// TermOrdinal numbers the terms of a school year.
type TermOrdinal int

const (
	// FirstTerm is 第一学期, the autumn term (September to January).
	FirstTerm TermOrdinal = 1
	// SecondTerm is 第二学期, the spring term (February to July).
	SecondTerm TermOrdinal = 2
)

// Label returns "第一学期" or "第二学期".
func (o TermOrdinal) Label() string {
	switch o {
	case FirstTerm:
		return "第一学期"
	case SecondTerm:
		return "第二学期"
	}
	return fmt.Sprintf("第%d学期", int(o))
}

// Season returns "秋季" for the first term and "春季" for the second.
func (o TermOrdinal) Season() string {
	switch o {
	case FirstTerm:
		return "秋季"
	case SecondTerm:
		return "春季"
	}
	return ""
}

// Term is one term of a school year; Start and End are inclusive civil dates.
type Term struct {
	ID, SchoolYearID int64
	Ordinal          TermOrdinal
	Start, End       time.Time
}

// Name returns the formal name used in documents, e.g.
// "2026—2027学年第一学期". startYear is the start year of the term's school
// year (the Term carries only the year's ID).
func (t Term) Name(startYear int) string {
	return YearName(startYear) + t.Ordinal.Label()
}

// SeasonLabel returns the short name teachers use, e.g. "2026年秋季学期" for
// the first term and "2027年春季学期" for the second term of 2026—2027.
// Like Name, it takes the start year of the school year, not the calendar
// year of the term: the spring term is labelled with startYear+1.
func (t Term) SeasonLabel(startYear int) string {
	y := startYear
	if t.Ordinal == SecondTerm {
		y++
	}
	return fmt.Sprintf("%d年%s学期", y, t.Ordinal.Season())
}

// Contains reports whether the civil date d lies in the term.
func (t Term) Contains(d time.Time) bool { return TermWindow(t).Contains(d) }

// VacationKind says which vacation a Vacation is.
type VacationKind string

const (
	// Winter is 寒假, between the first and the second term.
	Winter VacationKind = "winter"
	// Summer is 暑假, after the second term, closing the school year.
	Summer VacationKind = "summer"
)

// Label returns "寒假" or "暑假".
func (k VacationKind) Label() string {
	switch k {
	case Winter:
		return "寒假"
	case Summer:
		return "暑假"
	}
	return string(k)
}

// Vacation is a winter or summer vacation; Start and End are inclusive.
type Vacation struct {
	ID, SchoolYearID int64
	Kind             VacationKind
	Start, End       time.Time
}

// Name returns e.g. "2026—2027学年寒假"; startYear is the school year's.
func (v Vacation) Name(startYear int) string {
	return YearName(startYear) + v.Kind.Label()
}

// Contains reports whether the civil date d lies in the vacation.
func (v Vacation) Contains(d time.Time) bool { return VacationWindow(v).Contains(d) }

// SchoolYear is one 学年 as the bureau sets it: its own span, two terms and
// two vacations. StartYear is the calendar year in which it starts.
type SchoolYear struct {
	ID        int64
	StartYear int
	Start     time.Time
	End       time.Time
	Terms     []Term
	Vacations []Vacation
}

// YearName returns the county's name for a school year, "2026—2027学年",
// written with an em dash (U+2014) as in the bureau's documents.
func YearName(startYear int) string {
	return fmt.Sprintf("%d—%d学年", startYear, startYear+1)
}

// Name returns YearName(y.StartYear).
func (y SchoolYear) Name() string { return YearName(y.StartYear) }

// Term returns the year's term with the given ordinal.
func (y SchoolYear) Term(o TermOrdinal) (Term, bool) {
	for _, t := range y.Terms {
		if t.Ordinal == o {
			return t, true
		}
	}
	return Term{}, false
}

// Vacation returns the year's vacation of the given kind.
func (y SchoolYear) Vacation(k VacationKind) (Vacation, bool) {
	for _, v := range y.Vacations {
		if v.Kind == k {
			return v, true
		}
	}
	return Vacation{}, false
}

// Contains reports whether the civil date d lies in the school year.
func (y SchoolYear) Contains(d time.Time) bool { return SchoolYearWindow(y).Contains(d) }

// DefaultYear proposes a plausible calendar for the school year starting in
// startYear, to prefill the admin's form; the bureau adjusts it, above all
// for the Spring Festival, which moves every year.
//
//   - school year: 1 September to 31 August of the next year;
//   - 第一学期: 1 September (a fixed date, as Chinese schools open on 1
//     September whatever the weekday; the pre-term visit week is then always
//     25–31 August) to 22 January;
//   - 寒假: 23 January to the day before the second term;
//   - 第二学期: the first Monday on or after 20 February (around 元宵节,
//     which falls between 5 February and 7 March) to 10 July;
//   - 暑假: 11 July to 31 August, the last day of the school year.
//
// For 2026 this gives 2026-09-01…2027-01-22 and 2027-02-22…2027-07-10.
func DefaultYear(startYear int) SchoolYear {
	next := startYear + 1
	t2Start := D(next, time.February, 20)
	for t2Start.Weekday() != time.Monday {
		t2Start = AddDays(t2Start, 1)
	}
	return SchoolYear{
		StartYear: startYear,
		Start:     D(startYear, time.September, 1),
		End:       D(next, time.August, 31),
		Terms: []Term{
			{Ordinal: FirstTerm, Start: D(startYear, time.September, 1), End: D(next, time.January, 22)},
			{Ordinal: SecondTerm, Start: t2Start, End: D(next, time.July, 10)},
		},
		Vacations: []Vacation{
			{Kind: Winter, Start: D(next, time.January, 23), End: AddDays(t2Start, -1)},
			{Kind: Summer, Start: D(next, time.July, 11), End: D(next, time.August, 31)},
		},
	}
}

// Calendar is the county's whole academic calendar. Years should be sorted
// by StartYear (NewCalendar does it); the queries below do not rely on the
// order, they scan every year, which is cheap for a handful of years.
type Calendar struct {
	Years []SchoolYear
}

// NewCalendar builds a Calendar with its years sorted by StartYear and each
// year's terms and vacations sorted by start date, so that listings come out
// in chronological order. The input slices are not modified.
func NewCalendar(years ...SchoolYear) Calendar {
	ys := make([]SchoolYear, len(years))
	for i, y := range years {
		y.Terms = slices.Clone(y.Terms)
		y.Vacations = slices.Clone(y.Vacations)
		slices.SortStableFunc(y.Terms, func(a, b Term) int { return a.Start.Compare(b.Start) })
		slices.SortStableFunc(y.Vacations, func(a, b Vacation) int { return a.Start.Compare(b.Start) })
		ys[i] = y
	}
	slices.SortStableFunc(ys, func(a, b SchoolYear) int { return a.StartYear - b.StartYear })
	return Calendar{Years: ys}
}

// Terms returns every term of every year, in order of start date.
func (c Calendar) Terms() []Term {
	var ts []Term
	for _, y := range c.Years {
		ts = append(ts, y.Terms...)
	}
	slices.SortStableFunc(ts, func(a, b Term) int { return a.Start.Compare(b.Start) })
	return ts
}

// Vacations returns every vacation of every year, in order of start date.
func (c Calendar) Vacations() []Vacation {
	var vs []Vacation
	for _, y := range c.Years {
		vs = append(vs, y.Vacations...)
	}
	slices.SortStableFunc(vs, func(a, b Vacation) int { return a.Start.Compare(b.Start) })
	return vs
}

// TermByID returns the term with the id, if the calendar holds it.
func (c Calendar) TermByID(id int64) (Term, bool) {
	for _, y := range c.Years {
		for _, t := range y.Terms {
			if t.ID == id {
				return t, true
			}
		}
	}
	return Term{}, false
}

// TermAt returns the term containing the civil date d.
func (c Calendar) TermAt(d time.Time) (Term, bool) {
	for _, y := range c.Years {
		for _, t := range y.Terms {
			if t.Contains(d) {
				return t, true
			}
		}
	}
	return Term{}, false
}

// VacationAt returns the vacation containing the civil date d.
func (c Calendar) VacationAt(d time.Time) (Vacation, bool) {
	for _, y := range c.Years {
		for _, v := range y.Vacations {
			if v.Contains(d) {
				return v, true
			}
		}
	}
	return Vacation{}, false
}

// CurrentTerm returns the term the school is "in" on the civil date d: the
// term containing d; otherwise (d is in a vacation or an unplanned gap) the
// most recent term that ended before d; otherwise (d is before the whole
// calendar) the earliest upcoming term.
//
// A vacation belongs to the term before it because staff assignments do:
// class teachers and subject teachers are assigned per term, and during the
// winter or summer vacation the teachers of the term just ended keep their
// classes (they make the R03 vacation visits and follow up the ledger) until
// the next term's assignments take effect on its first day.
func (c Calendar) CurrentTerm(d time.Time) (Term, bool) {
	if t, ok := c.TermAt(d); ok {
		return t, true
	}
	d = DateOf(d)
	var prev, next Term
	var havePrev, haveNext bool
	for _, y := range c.Years {
		for _, t := range y.Terms {
			switch {
			case t.End.Before(d):
				if !havePrev || t.End.After(prev.End) {
					prev, havePrev = t, true
				}
			case t.Start.After(d):
				if !haveNext || t.Start.Before(next.Start) {
					next, haveNext = t, true
				}
			}
		}
	}
	if havePrev {
		return prev, true
	}
	return next, haveNext
}

// NextTerm returns the first term starting strictly after the civil date d,
// e.g. to open the pre-term visit window (R02) of the coming term.
func (c Calendar) NextTerm(d time.Time) (Term, bool) {
	d = DateOf(d)
	var next Term
	found := false
	for _, y := range c.Years {
		for _, t := range y.Terms {
			if t.Start.After(d) && (!found || t.Start.Before(next.Start)) {
				next, found = t, true
			}
		}
	}
	return next, found
}

// Year returns the school year with the given ID.
func (c Calendar) Year(id int64) (SchoolYear, bool) {
	for _, y := range c.Years {
		if y.ID == id {
			return y, true
		}
	}
	return SchoolYear{}, false
}

// YearAt returns the school year whose span contains the civil date d.
func (c Calendar) YearAt(d time.Time) (SchoolYear, bool) {
	for _, y := range c.Years {
		if y.Contains(d) {
			return y, true
		}
	}
	return SchoolYear{}, false
}

// YearOf returns the school year a term belongs to: by SchoolYearID, or, for
// a calendar not yet saved (IDs zero), the year containing the term's start.
// It lets a caller name a term without carrying the year around.
func (c Calendar) YearOf(t Term) (SchoolYear, bool) {
	if t.SchoolYearID != 0 {
		if y, ok := c.Year(t.SchoolYearID); ok {
			return y, true
		}
	}
	return c.YearAt(t.Start)
}

// StartOfDay is the instant the civil date d begins in Asia/Shanghai, for
// comparing dates with timestamps (an audit row "on 29 November").
func StartOfDay(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, Shanghai)
}
