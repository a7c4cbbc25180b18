package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/pages/org"
)

// yearFields are the date inputs of the school-year form, in form order.
var yearFields = []string{
	calendar.FieldStart, calendar.FieldEnd,
	calendar.FieldTerm1Start, calendar.FieldTerm1End, calendar.FieldWinterStart, calendar.FieldWinterEnd,
	calendar.FieldTerm2Start, calendar.FieldTerm2End, calendar.FieldSummerStart, calendar.FieldSummerEnd,
}

func span(a, b time.Time) string { return calendar.DateLabel(a) + " — " + calendar.DateLabel(b) }

// calendarPage lists the school years; the current term comes from today.
func (s *Server) calendarPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ManageCalendar, auth.Resource{}) {
		s.deny(w, r, auth.ManageCalendar, "calendar", 0)
		return
	}
	cal, err := s.store.LoadCalendar(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	v := org.CalendarView{Chrome: s.chrome(r, "校历"), Today: calendar.DateLabel(today), Current: s.termLabel(ctx, p.CountyID)}
	cur, hasCur := cal.CurrentTerm(today)
	next := today.Year()
	if today.Month() < time.August {
		next--
	}
	for i := len(cal.Years) - 1; i >= 0; i-- {
		y := cal.Years[i]
		if y.StartYear >= next {
			next = y.StartYear + 1
		}
		row := org.YearRow{ID: y.ID, Name: y.Name(), Span: span(y.Start, y.End)}
		if t, ok := y.Term(calendar.FirstTerm); ok {
			row.Periods = append(row.Periods, org.Period{Label: t.Ordinal.Label(), Span: span(t.Start, t.End), Current: hasCur && cur.ID == t.ID})
		}
		if vac, ok := y.Vacation(calendar.Winter); ok {
			row.Periods = append(row.Periods, org.Period{Label: vac.Kind.Label(), Span: span(vac.Start, vac.End), Current: vac.Contains(today)})
		}
		if t, ok := y.Term(calendar.SecondTerm); ok {
			row.Periods = append(row.Periods, org.Period{Label: t.Ordinal.Label(), Span: span(t.Start, t.End), Current: hasCur && cur.ID == t.ID})
		}
		if vac, ok := y.Vacation(calendar.Summer); ok {
			row.Periods = append(row.Periods, org.Period{Label: vac.Kind.Label(), Span: span(vac.Start, vac.End), Current: vac.Contains(today)})
		}
		v.Years = append(v.Years, row)
	}
	v.NewHref = "/admin/calendar/new?start=" + strconv.Itoa(next)
	s.render(w, r, http.StatusOK, org.Calendar(v))
}

// yearValues are a school year's dates as form values.
func yearValues(y calendar.SchoolYear) map[string]string {
	m := map[string]string{calendar.FieldStart: y.Start.Format(time.DateOnly), calendar.FieldEnd: y.End.Format(time.DateOnly)}
	for _, t := range y.Terms {
		sf, ef := calendar.FieldTerm1Start, calendar.FieldTerm1End
		if t.Ordinal == calendar.SecondTerm {
			sf, ef = calendar.FieldTerm2Start, calendar.FieldTerm2End
		}
		m[sf], m[ef] = t.Start.Format(time.DateOnly), t.End.Format(time.DateOnly)
	}
	for _, v := range y.Vacations {
		sf, ef := calendar.FieldWinterStart, calendar.FieldWinterEnd
		if v.Kind == calendar.Summer {
			sf, ef = calendar.FieldSummerStart, calendar.FieldSummerEnd
		}
		m[sf], m[ef] = v.Start.Format(time.DateOnly), v.End.Format(time.DateOnly)
	}
	return m
}

func (s *Server) yearNewForm(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !auth.Can(p, auth.ManageCalendar, auth.Resource{}) {
		s.deny(w, r, auth.ManageCalendar, "calendar", 0)
		return
	}
	start, err := strconv.Atoi(r.URL.Query().Get("start"))
	if err != nil || start < 2000 || start > 2099 {
		start = s.today().Year()
	}
	s.render(w, r, http.StatusOK, org.YearForm(org.YearFormView{
		Chrome: s.chrome(r, "新增学年"), Heading: "新增学年", Action: "/admin/calendar", Token: newFormToken(),
		StartYear: strconv.Itoa(start), Values: yearValues(calendar.DefaultYear(start)), Errors: map[string]string{},
	}))
}

// readYear reads the dates of the school-year form; the calendar package
// checks them.
func readYear(f *form, startYear int) calendar.SchoolYear {
	d := map[string]time.Time{}
	for _, name := range yearFields {
		if v := f.Get(name); v != "" {
			if t, err := calendar.ParseDate(v); err == nil {
				d[name] = t
			} else {
				f.Fail(name, "日期格式不正确，应为 2026-09-01")
			}
		}
	}
	return calendar.SchoolYear{
		StartYear: startYear, Start: d[calendar.FieldStart], End: d[calendar.FieldEnd],
		Terms: []calendar.Term{
			{Ordinal: calendar.FirstTerm, Start: d[calendar.FieldTerm1Start], End: d[calendar.FieldTerm1End]},
			{Ordinal: calendar.SecondTerm, Start: d[calendar.FieldTerm2Start], End: d[calendar.FieldTerm2End]},
		},
		Vacations: []calendar.Vacation{
			{Kind: calendar.Winter, Start: d[calendar.FieldWinterStart], End: d[calendar.FieldWinterEnd]},
			{Kind: calendar.Summer, Start: d[calendar.FieldSummerStart], End: d[calendar.FieldSummerEnd]},
		},
	}
}

func (s *Server) yearFormAgain(w http.ResponseWriter, r *http.Request, f *form, v org.YearFormView) {
	v.Chrome = s.chrome(r, v.Heading)
	v.Values = f.values(yearFields...)
	v.Errors = f.Errors
	s.render(w, r, http.StatusUnprocessableEntity, org.YearForm(v))
}

func (s *Server) yearCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ManageCalendar, auth.Resource{}) {
		s.deny(w, r, auth.ManageCalendar, "calendar", 0)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	start := f.Int("start_year", "学年起始年份", 2000, 2099)
	y := readYear(f, start)
	cal, err := s.store.LoadCalendar(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if start != 0 && len(f.Errors) == 0 {
		for _, e := range cal.ValidateNewYear(y) {
			f.Fail(e.Field, e.Message)
		}
	}
	again := org.YearFormView{Heading: "新增学年", Action: "/admin/calendar", Token: token, StartYear: f.Get("start_year")}
	if token == "" {
		again.Token = newFormToken()
	}
	if !f.Valid() {
		s.yearFormAgain(w, r, f, again)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		saved, err := tx.CreateSchoolYear(ctx, p.CountyID, y)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "calendar.year_create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "school_year", &saved.ID
		ev.Details = map[string]any{"start_year": y.StartYear}
		return "/admin/calendar", tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, store.ErrConflict):
		f.Fail(calendar.FieldStart, calendar.YearName(start)+"已存在")
		s.yearFormAgain(w, r, f, again)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.forgetCounty(p.CountyID)
	s.done(w, r, loc, "已新增"+calendar.YearName(start)+"。")
}

// adminYear loads the school year of the route. No loader: an update is
// checked against the county's whole calendar, so the year is found in the
// calendar rather than read by itself.
func (s *Server) adminYear(w http.ResponseWriter, r *http.Request) (calendar.Calendar, calendar.SchoolYear, bool) {
	ctx := r.Context()
	p := principal(ctx)
	id, ok := idParam(r, "yearID")
	if !auth.Can(p, auth.ManageCalendar, auth.Resource{}) {
		s.deny(w, r, auth.ManageCalendar, "school_year", id)
		return calendar.Calendar{}, calendar.SchoolYear{}, false
	}
	cal, err := s.store.LoadCalendar(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return cal, calendar.SchoolYear{}, false
	}
	y, found := cal.Year(id)
	if !ok || !found {
		s.notFound(w, r)
		return cal, y, false
	}
	return cal, y, true
}

func yearAction(id int64) string { return "/admin/calendar/" + strconv.FormatInt(id, 10) }

func (s *Server) yearEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	_, y, ok := s.adminYear(w, r)
	if !ok {
		return
	}
	version, err := s.store.SchoolYearVersion(ctx, p.CountyID, y.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, org.YearForm(org.YearFormView{
		Chrome: s.chrome(r, "修改"+y.Name()), Heading: "修改" + y.Name(), Action: yearAction(y.ID), Version: version,
		StartYear: strconv.Itoa(y.StartYear), Locked: true, Values: yearValues(y), Errors: map[string]string{},
	}))
}

func (s *Server) yearUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	cal, old, ok := s.adminYear(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 1 {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	y := readYear(f, old.StartYear)
	y.ID = old.ID
	if len(f.Errors) == 0 {
		for _, e := range cal.ValidateNewYear(y) {
			f.Fail(e.Field, e.Message)
		}
	}
	again := org.YearFormView{Heading: "修改" + old.Name(), Action: yearAction(old.ID), Version: version,
		StartYear: strconv.Itoa(old.StartYear), Locked: true}
	if !f.Valid() {
		s.yearFormAgain(w, r, f, again)
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateSchoolYear(ctx, p.CountyID, y, version); err != nil {
			return err
		}
		ev := s.event(r, "calendar.year_update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "school_year", &y.ID
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict):
		s.conflict(w, r)
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.forgetCounty(p.CountyID)
	s.done(w, r, "/admin/calendar", "已保存"+old.Name()+"。")
}
