package compliance

import (
	"time"

	"xietong/internal/calendar"
)

// Span is the period one status is judged over, for a term the user looks
// at: its first day (which picks the rule's version), the window the
// records count in, and its name.
type Span struct {
	// Start is the period's first day: Version(versions, Start) judges it.
	Start time.Time
	// Window is where the records count: the rule's window of the term, the
	// vacation, the quarter or the school year.
	Window calendar.Window
	// Name names the period on screen: "2026年秋季学期", "2025—2026学年暑假".
	Name string
	// VacationID is the vacation a PerVacation duty is judged for.
	VacationID int64
	// Missing: the calendar has no such period (no vacation around the
	// term); the status is then 不适用.
	Missing bool
}

// PeriodOf is the period of kind p that the term t stands for on today:
//
//   - a term duty, a per-event duty (events of the term), a standing or a
//     continuous duty: the term itself;
//   - a vacation duty (R03): the vacation just before the term (the summer
//     vacation for an autumn term, the winter vacation for a spring term),
//     else the first after it;
//   - a quarter duty (R10): the quarter of the term containing today, the
//     first one before the term, the last one after it (quarters are
//     clipped to the term, calendar.QuartersOfTerm);
//   - a school-year duty (R19, R23): the term's school year.
func PeriodOf(p Period, cal calendar.Calendar, t calendar.Term, today time.Time) Span {
	today = calendar.DateOf(today)
	y, hasYear := cal.YearOf(t)
	termName := ""
	if hasYear {
		termName = t.SeasonLabel(y.StartYear)
	}
	termSpan := Span{Start: calendar.DateOf(t.Start), Window: calendar.TermWindow(t), Name: termName}
	switch p {
	case PerVacation:
		var before, after calendar.Vacation
		for _, v := range cal.Vacations() {
			if v.End.Before(t.Start) && (before.ID == 0 || v.Start.After(before.Start)) {
				before = v
			}
			if v.Start.After(t.End) && (after.ID == 0 || v.Start.Before(after.Start)) {
				after = v
			}
		}
		v := before
		if v.ID == 0 {
			v = after
		}
		if v.ID == 0 {
			return Span{Start: termSpan.Start, Window: termSpan.Window, Name: "（校历中没有相邻的假期）", Missing: true}
		}
		name := v.Kind.Label()
		if vy, ok := cal.Year(v.SchoolYearID); ok {
			name = v.Name(vy.StartYear)
		}
		return Span{Start: calendar.DateOf(v.Start), Window: calendar.VacationWindow(v), Name: name, VacationID: v.ID}
	case PerQuarter:
		qs := cal.QuartersOfTerm(t)
		if len(qs) == 0 {
			return termSpan
		}
		q := qs[len(qs)-1]
		if today.Before(qs[0].Start) {
			q = qs[0]
		}
		for _, w := range qs {
			if w.Contains(today) {
				q = w
			}
		}
		return Span{Start: q.Start, Window: q, Name: calendar.QuarterName(q.Start)}
	case PerSchoolYear:
		if !hasYear {
			return termSpan
		}
		return Span{Start: calendar.DateOf(y.Start), Window: calendar.SchoolYearWindow(y), Name: y.Name()}
	}
	return termSpan
}

// Judge picks, for the term t on today, the period a duty is judged over
// and the version of its rule that judges it: a past period keeps the rule
// in force when it began, a coming one takes the latest. For a term duty the
// window is the version's (its pre-term or first week). ok is false without
// versions.
func Judge(versions []Rule, cal calendar.Calendar, t calendar.Term, today time.Time) (Rule, Span, bool) {
	if len(versions) == 0 {
		return Rule{}, Span{}, false
	}
	sp := PeriodOf(versions[0].Period, cal, t, today)
	r, _ := Version(versions, sp.Start)
	if r.Period == PerTerm {
		sp.Window = r.TermWindow(t)
	}
	return r, sp, true
}

// WindowKinds are the windows the administrator may give a term duty whose
// window is not fixed by its counters.
var WindowKinds = []calendar.WindowKind{"", calendar.KindPreTerm, calendar.KindFirstWeek}

// WindowLabel names a rule's window: 整个学期, 开学前一周, 开学第一周.
func WindowLabel(k calendar.WindowKind) string {
	switch k {
	case calendar.KindPreTerm:
		return "开学前一周"
	case calendar.KindFirstWeek:
		return "开学第一周"
	}
	return "整个周期"
}

// Editable says what of a rule the administrator may change for coming
// periods: the threshold of a measure that has one, and the window of a
// term duty whose window its counters do not fix.
func (r Rule) Editable() (threshold, window bool) {
	switch r.Measure {
	case Share, Timely, Answered, Count:
		threshold = true
	}
	return threshold, r.Period == PerTerm && !r.FixedWindow
}

// ValidateChange checks a new version of r from the date from, decided on
// today: it judges coming periods only (from after today, so no running or
// past period changes its rule), a percentage stays within 0–100 and a
// count at least 1.
func ValidateChange(r Rule, threshold int, window calendar.WindowKind, from, today time.Time) map[string]string {
	errs := map[string]string{}
	th, win := r.Editable()
	if !from.After(calendar.DateOf(today)) {
		errs["from"] = "生效日期须晚于今天：已开始和已结束的周期仍按原规则评定"
	}
	if th {
		switch {
		case r.Measure == Count && (threshold < 1 || threshold > 100):
			errs["threshold"] = "次数须在 1 到 100 之间"
		case r.Measure != Count && (threshold < 1 || threshold > 100):
			errs["threshold"] = "比例须在 1% 到 100% 之间"
		}
	} else if threshold != r.Threshold {
		errs["threshold"] = "这项职责没有可调整的标准"
	}
	if window != r.Window {
		ok := false
		for _, k := range WindowKinds {
			ok = ok || k == window
		}
		if !win || !ok {
			errs["window"] = "这项职责的时段不可调整"
		}
	}
	if len(errs) == 0 && threshold == r.Threshold && window == r.Window {
		errs["threshold"] = "标准和时段都没有变化"
	}
	return errs
}
