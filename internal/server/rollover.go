package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/org"
)

// rolloverYears picks the year to roll over (asked for, else the year of
// the current term) and the next one, if the calendar has it.
func (s *Server) rolloverYears(r *http.Request, cal calendar.Calendar, fromParam string) (from, to calendar.SchoolYear, haveFrom, haveTo bool) {
	if id, err := strconv.ParseInt(fromParam, 10, 64); err == nil {
		from, haveFrom = cal.Year(id)
	}
	if !haveFrom {
		if t, ok := cal.CurrentTerm(s.today()); ok {
			from, haveFrom = cal.YearOf(t)
		}
	}
	if !haveFrom {
		return from, to, false, false
	}
	for _, y := range cal.Years {
		if y.StartYear == from.StartYear+1 {
			return from, y, true, true
		}
	}
	return from, to, true, false
}

// rolloverPreview shows, per school, what the roll-over would do.
func (s *Server) rolloverPreview(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !auth.Can(p, auth.RollOver, auth.Resource{}) {
		s.deny(w, r, auth.RollOver, "rollover", 0)
		return
	}
	s.renderRollover(w, r, r.URL.Query().Get("from"), "", http.StatusOK)
}

func (s *Server) renderRollover(w http.ResponseWriter, r *http.Request, fromParam, problem string, status int) {
	ctx := r.Context()
	p := principal(ctx)
	cal, err := s.store.LoadCalendar(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := org.RolloverView{Chrome: s.chrome(r, "新学年升级"), Token: newFormToken(), Problem: problem}
	for _, y := range cal.Years {
		v.Years = append(v.Years, components.Option{Value: strconv.FormatInt(y.ID, 10), Label: y.Name()})
	}
	from, to, haveFrom, haveTo := s.rolloverYears(r, cal, fromParam)
	if !haveFrom {
		v.Problem = "校历中还没有学年，请先在“校历”中新增学年。"
		s.render(w, r, status, org.Rollover(v))
		return
	}
	v.FromID, v.FromName = strconv.FormatInt(from.ID, 10), from.Name()
	if haveTo {
		v.ToName = to.Name()
	} else if v.Problem == "" {
		v.Problem = "校历中还没有" + calendar.YearName(from.StartYear+1) + "，请先在“校历”中新增该学年，再进行升级。"
	}
	plan, err := s.store.PreviewRollover(ctx, p.CountyID, from.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v.Done = plan.Done
	for _, sc := range plan.Schools {
		v.Rows = append(v.Rows, org.RolloverRow{Name: sc.Name, PromoteClasses: sc.PromoteClasses, PromoteStudents: sc.PromoteStudents,
			GraduateClasses: sc.GraduateClasses, GraduateStudents: sc.GraduateStudents})
	}
	t := plan.Totals()
	v.Total = org.RolloverRow{PromoteClasses: t.PromoteClasses, PromoteStudents: t.PromoteStudents,
		GraduateClasses: t.GraduateClasses, GraduateStudents: t.GraduateStudents}
	s.render(w, r, status, org.Rollover(v))
}

// rolloverApply rolls the county over in one transaction, with its audit row.
func (s *Server) rolloverApply(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.RollOver, auth.Resource{}) {
		s.deny(w, r, auth.RollOver, "rollover", 0)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	fromParam := f.Get("from")
	if !f.Valid() {
		s.renderRollover(w, r, fromParam, "表单已过期，请核对后重新提交。", http.StatusUnprocessableEntity)
		return
	}
	if !f.Bool("confirm") {
		s.renderRollover(w, r, fromParam, "请勾选“我已核对以上数字，确认升级”后再提交。", http.StatusUnprocessableEntity)
		return
	}
	cal, err := s.store.LoadCalendar(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	from, to, haveFrom, haveTo := s.rolloverYears(r, cal, fromParam)
	if !haveFrom || !haveTo {
		s.renderRollover(w, r, fromParam, "", http.StatusUnprocessableEntity)
		return
	}
	var plan store.RolloverPlan
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		var err error
		if plan, err = tx.ApplyRollover(ctx, p.CountyID, from, to, p.UserID); err != nil {
			return "", err
		}
		t := plan.Totals()
		ev := s.event(r, "rollover.apply", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "school_year", &from.ID
		ev.Details = map[string]any{"to_year_id": to.ID, "promoted_classes": t.PromoteClasses, "promoted_students": t.PromoteStudents,
			"graduated_classes": t.GraduateClasses, "graduated_students": t.GraduateStudents}
		return "/admin/rollover?from=" + strconv.FormatInt(from.ID, 10), tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, store.ErrAlreadyRolledOver):
		s.renderRollover(w, r, fromParam, from.Name()+"已经升级过，不能重复升级。", http.StatusConflict)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.forgetCounty(p.CountyID)
	t := plan.Totals()
	s.done(w, r, "/admin/rollover?from="+strconv.FormatInt(from.ID, 10),
		"升级完成："+strconv.Itoa(t.PromoteStudents)+" 名学生升入"+to.Name()+"，"+strconv.Itoa(t.GraduateStudents)+" 名学生毕业。请为新学年安排班主任和科任教师。")
}
