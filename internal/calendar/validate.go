package calendar

import (
	"fmt"
	"time"
)

// Field names used in FieldError, one per input of the school-year form, so
// that a form can show each message next to its field. FieldTerms and
// FieldVacations carry structural errors (an unknown term ordinal or
// vacation kind) that no single input can cause; show them above the form.
const (
	FieldStart       = "start"
	FieldEnd         = "end"
	FieldTerm1Start  = "term1_start"
	FieldTerm1End    = "term1_end"
	FieldTerm2Start  = "term2_start"
	FieldTerm2End    = "term2_end"
	FieldWinterStart = "winter_start"
	FieldWinterEnd   = "winter_end"
	FieldSummerStart = "summer_start"
	FieldSummerEnd   = "summer_end"
	FieldTerms       = "terms"
	FieldVacations   = "vacations"
)

// FieldError is one validation failure of a school year: the form field it
// belongs to and a message in Simplified Chinese for the admin.
type FieldError struct {
	Field, Message string
}

// Error implements error, so a single FieldError can travel as one.
func (e FieldError) Error() string { return e.Field + ": " + e.Message }

func termFields(o TermOrdinal) (start, end string) {
	if o == SecondTerm {
		return FieldTerm2Start, FieldTerm2End
	}
	return FieldTerm1Start, FieldTerm1End
}

func vacationFields(k VacationKind) (start, end string) {
	if k == Summer {
		return FieldSummerStart, FieldSummerEnd
	}
	return FieldWinterStart, FieldWinterEnd
}

type validator struct{ errs []FieldError }

func (v *validator) add(field, format string, args ...any) {
	v.errs = append(v.errs, FieldError{Field: field, Message: fmt.Sprintf(format, args...)})
}

// span checks that a named period has both dates and does not end before it
// starts; it reports whether the period can take part in further checks.
func (v *validator) span(name, startField, endField string, start, end time.Time) bool {
	ok := true
	if start.IsZero() {
		v.add(startField, "请填写%s开始日期", name)
		ok = false
	}
	if end.IsZero() {
		v.add(endField, "请填写%s结束日期", name)
		ok = false
	}
	if ok && DateOf(end).Before(DateOf(start)) {
		v.add(endField, "%s结束日期不能早于开始日期", name)
		ok = false
	}
	return ok
}

// inYear checks that a valid period lies inside a valid school year.
func (v *validator) inYear(y SchoolYear, name, startField, endField string, start, end time.Time) {
	if DateOf(start).Before(DateOf(y.Start)) {
		v.add(startField, "%s开始日期不能早于学年开始日期", name)
	}
	if DateOf(end).After(DateOf(y.End)) {
		v.add(endField, "%s结束日期不能晚于学年结束日期", name)
	}
}

// ValidateYear checks a school year as an admin enters it and returns every
// problem found, each keyed by form field, in the order of the form (nil if
// the year is valid):
//
//   - all dates filled in; the year starts before it ends, in StartYear and
//     ends in StartYear+1 (so that its name "2026—2027学年" is true);
//   - exactly one 第一学期 and one 第二学期, one 寒假 and one 暑假;
//   - every term and vacation ends no earlier than it starts and lies inside
//     the school year (the summer vacation may end on the year's last day);
//   - 第一学期 < 寒假 < 第二学期 < 暑假, without overlaps; gaps are allowed.
func ValidateYear(y SchoolYear) []FieldError {
	var v validator

	// yearOK: the year's span is usable for the inside-the-year checks.
	yearOK := true
	if y.Start.IsZero() {
		v.add(FieldStart, "请填写学年开始日期")
		yearOK = false
	}
	if y.End.IsZero() {
		v.add(FieldEnd, "请填写学年结束日期")
		yearOK = false
	}
	if yearOK && !DateOf(y.Start).Before(DateOf(y.End)) {
		v.add(FieldEnd, "学年结束日期必须晚于开始日期")
		yearOK = false
	}
	switch {
	case y.StartYear <= 0:
		v.add(FieldStart, "学年起始年份无效")
	case yearOK:
		if y.Start.Year() != y.StartYear {
			v.add(FieldStart, "%s的开始日期应在%d年内", YearName(y.StartYear), y.StartYear)
		}
		if y.End.Year() != y.StartYear+1 {
			v.add(FieldEnd, "%s的结束日期应在%d年内", YearName(y.StartYear), y.StartYear+1)
		}
	}

	// Terms: exactly one of each ordinal, each a valid span inside the year.
	termsByOrd := map[TermOrdinal][]Term{}
	for _, t := range y.Terms {
		if t.Ordinal != FirstTerm && t.Ordinal != SecondTerm {
			v.add(FieldTerms, "无法识别的学期序号：%d", int(t.Ordinal))
			continue
		}
		termsByOrd[t.Ordinal] = append(termsByOrd[t.Ordinal], t)
	}
	validTerm := map[TermOrdinal]Term{}
	for _, o := range []TermOrdinal{FirstTerm, SecondTerm} {
		sf, ef := termFields(o)
		switch ts := termsByOrd[o]; len(ts) {
		case 0:
			v.add(sf, "缺少%s", o.Label())
		case 1:
			t := ts[0]
			if v.span(o.Label(), sf, ef, t.Start, t.End) {
				if yearOK {
					v.inYear(y, o.Label(), sf, ef, t.Start, t.End)
				}
				validTerm[o] = t
			}
		default:
			v.add(sf, "%s只能有一个", o.Label())
		}
	}

	// Vacations: exactly one of each kind, each a valid span inside the year.
	vacsByKind := map[VacationKind][]Vacation{}
	for _, vac := range y.Vacations {
		if vac.Kind != Winter && vac.Kind != Summer {
			v.add(FieldVacations, "无法识别的假期类型：%s", string(vac.Kind))
			continue
		}
		vacsByKind[vac.Kind] = append(vacsByKind[vac.Kind], vac)
	}
	validVac := map[VacationKind]Vacation{}
	for _, k := range []VacationKind{Winter, Summer} {
		sf, ef := vacationFields(k)
		switch vs := vacsByKind[k]; len(vs) {
		case 0:
			v.add(sf, "缺少%s", k.Label())
		case 1:
			vac := vs[0]
			if v.span(k.Label(), sf, ef, vac.Start, vac.End) {
				if yearOK {
					v.inYear(y, k.Label(), sf, ef, vac.Start, vac.End)
				}
				validVac[k] = vac
			}
		default:
			v.add(sf, "%s只能有一个", k.Label())
		}
	}

	// Order: 第一学期 < 寒假 < 第二学期 < 暑假. Each pair is checked only when
	// both of its periods are valid, so a missing date yields one message.
	t1, ok1 := validTerm[FirstTerm]
	t2, ok2 := validTerm[SecondTerm]
	w, okW := validVac[Winter]
	s, okS := validVac[Summer]
	before := func(a, b time.Time) bool { return DateOf(a).Before(DateOf(b)) }
	if ok1 && ok2 && !before(t1.End, t2.Start) {
		v.add(FieldTerm2Start, "第二学期必须在第一学期结束之后开始")
	}
	const winterMsg = "寒假必须在第一学期结束之后、第二学期开始之前"
	if okW && ok1 && !before(t1.End, w.Start) {
		v.add(FieldWinterStart, winterMsg)
	}
	if okW && ok2 && !before(w.End, t2.Start) {
		v.add(FieldWinterEnd, winterMsg)
	}
	if okS && ok2 && !before(t2.End, s.Start) {
		v.add(FieldSummerStart, "暑假必须在第二学期结束之后开始")
	}
	return v.errs
}

// ValidateNewYear validates y as ValidateYear does and, in addition, refuses
// a year whose start year is already taken or whose dates overlap an
// existing year, since every date must belong to at most one school year for
// TermAt, YearAt and the requirement periods to be unambiguous. A year in the
// calendar with the same non-zero ID as y is y itself being edited and is
// skipped, so the same check serves the edit form.
func (c Calendar) ValidateNewYear(y SchoolYear) []FieldError {
	errs := ValidateYear(y)
	datesOK := !y.Start.IsZero() && !y.End.IsZero() && !DateOf(y.End).Before(DateOf(y.Start))
	nw := SchoolYearWindow(y)
	for _, old := range c.Years {
		if y.ID != 0 && old.ID == y.ID {
			continue
		}
		if old.StartYear == y.StartYear {
			errs = append(errs, FieldError{Field: FieldStart, Message: YearName(y.StartYear) + "已存在"})
			continue
		}
		ow := SchoolYearWindow(old)
		if datesOK && nw.Overlaps(ow) {
			field := FieldStart
			if !ow.Contains(y.Start) && ow.Contains(y.End) {
				field = FieldEnd
			}
			errs = append(errs, FieldError{Field: field, Message: fmt.Sprintf("学年日期与%s（%s）重叠", old.Name(), ow.Label())})
		}
	}
	return errs
}
