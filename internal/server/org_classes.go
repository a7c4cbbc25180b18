package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/grade"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/org"
)

func schoolPath(id int64, suffix string) string {
	return "/schools/" + strconv.FormatInt(id, 10) + suffix
}

// pickYearTerm chooses the school year and term of the class page: those
// asked for, else the current ones.
func (s *Server) pickYearTerm(r *http.Request, cal calendar.Calendar, yearParam, termParam string) (calendar.SchoolYear, calendar.Term, bool) {
	var y calendar.SchoolYear
	var found bool
	if id, err := strconv.ParseInt(yearParam, 10, 64); err == nil {
		y, found = cal.Year(id)
	}
	cur, hasCur := cal.CurrentTerm(s.today())
	if !found && hasCur {
		y, found = cal.YearOf(cur)
	}
	if !found && len(cal.Years) > 0 {
		y, found = cal.Years[len(cal.Years)-1], true
	}
	if !found {
		return y, calendar.Term{}, false
	}
	var t calendar.Term
	haveTerm := false
	if id, err := strconv.ParseInt(termParam, 10, 64); err == nil {
		for _, x := range y.Terms {
			if x.ID == id {
				t, haveTerm = x, true
			}
		}
	}
	if !haveTerm && hasCur && cur.SchoolYearID == y.ID {
		t, haveTerm = cur, true
	}
	if !haveTerm && len(y.Terms) > 0 {
		t, haveTerm = y.Terms[0], true
	}
	return y, t, true
}

// orgPage is a school's grade divisions, grades and classes, with the
// teachers of a term. School leaders and bureau roles see it; the school's
// office and the administrator also get the forms.
func (s *Server) orgPage(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadSchool(w, r, auth.ViewOrg)
	if !ok {
		return
	}
	q := r.URL.Query()
	s.renderOrg(w, r, sc, q.Get("year"), q.Get("term"), nil, http.StatusOK)
}

// renderOrg renders the class page; f is a failed form to show again.
func (s *Server) renderOrg(w http.ResponseWriter, r *http.Request, sc *store.School, yearParam, termParam string, f *form, status int) {
	ctx := r.Context()
	p := principal(ctx)
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := org.OrgView{
		Chrome: s.chrome(r, sc.Name+" · 班级与教师"), SchoolID: sc.ID, SchoolName: sc.Name,
		CanManage: auth.Can(p, auth.ManageOrg, auth.Resource{SchoolID: sc.ID}),
		Errors:    map[string]string{}, Values: map[string]string{}, Token: newFormToken(),
	}
	if f != nil {
		v.Errors = f.Errors
		v.Values = f.values("duty_class", "duty_user", "duty_kind", "duty_subject", "class_grade", "class_number",
			"grade_level", "grade_division", "division_name")
	}
	y, t, ok := s.pickYearTerm(r, ci.cal, yearParam, termParam)
	if !ok {
		v.YearName, v.TermName, v.NoTerm = "校历中还没有学年", "", true
		v.CanManage = false
		s.render(w, r, status, org.Classes(v))
		return
	}
	v.YearID, v.YearName = strconv.FormatInt(y.ID, 10), y.Name()
	for _, x := range ci.cal.Years {
		v.Years = append(v.Years, components.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Name()})
	}
	for _, x := range y.Terms {
		v.Terms = append(v.Terms, components.Option{Value: strconv.FormatInt(x.ID, 10), Label: x.Ordinal.Label()})
	}
	if t.ID != 0 {
		v.TermID, v.TermName = strconv.FormatInt(t.ID, 10), t.Name(y.StartYear)
	} else {
		v.NoTerm = true
	}
	divs, err := s.store.ListGradeDivisions(ctx, sc.ID, y.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	divName := map[int64]string{}
	for _, d := range divs {
		divName[d.ID] = d.Name
		v.Divisions = append(v.Divisions, d.Name)
		v.DivisionOps = append(v.DivisionOps, components.Option{Value: strconv.FormatInt(d.ID, 10), Label: d.Name})
	}
	grades, err := s.store.ListGrades(ctx, sc.ID, y.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	classes, err := s.store.ListClasses(ctx, sc.ID, y.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	duties, err := s.store.ListClassDuties(ctx, sc.ID, t.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	byClass := map[int64][]store.ClassDutyRow{}
	for _, d := range duties {
		byClass[d.ClassID] = append(byClass[d.ClassID], d)
	}
	have := map[int]bool{}
	for _, g := range grades {
		have[g.Level] = true
		og := org.OrgGrade{Name: g.Name, Division: divName[g.GradeDivisionID]}
		for _, c := range classes {
			if c.GradeID != g.ID {
				continue
			}
			oc := org.OrgClass{ID: c.ID, Name: c.Name, Students: c.Students, Archived: c.Archived}
			for _, d := range byClass[c.ID] {
				od := org.Duty{ID: d.ID, Name: d.UserName, Label: d.Subject}
				if d.Duty == string(auth.ClassTeacher) {
					od.Label = "班主任"
				}
				if v.CanManage {
					od.Remove = schoolPath(sc.ID, "/duties/"+strconv.FormatInt(d.ID, 10)+"/remove")
				}
				if d.Duty == string(auth.ClassTeacher) {
					od := od
					oc.Teacher = &od
				} else {
					oc.Subjects = append(oc.Subjects, od)
				}
			}
			og.Classes = append(og.Classes, oc)
			if !c.Archived {
				v.ClassOps = append(v.ClassOps, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
			}
		}
		v.Grades = append(v.Grades, og)
		v.GradeOps = append(v.GradeOps, components.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Name})
	}
	if lo, hi, ok := grade.Levels(sc.Stage); ok {
		for l := lo; l <= hi; l++ {
			if !have[l] {
				v.LevelOps = append(v.LevelOps, components.Option{Value: strconv.Itoa(l), Label: grade.Name(l)})
			}
		}
	}
	if v.CanManage {
		staff, err := s.store.StaffOptions(ctx, p.CountyID, sc.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, u := range staff {
			v.StaffOps = append(v.StaffOps, components.Option{Value: strconv.FormatInt(u.ID, 10), Label: u.DisplayName + "（" + u.Username + "）"})
		}
	}
	s.render(w, r, status, org.Classes(v))
}

// orgWrite is the shape of the class page's four create forms: check the
// school and the form, then write once with an audit row.
func (s *Server) orgWrite(w http.ResponseWriter, r *http.Request, action string,
	check func(sc *store.School, f *form) func(tx *store.Store) (int64, string, error)) {
	ctx := r.Context()
	sc, _, ok := s.loadSchool(w, r, auth.ManageOrg)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	write := check(sc, f)
	again := func() { s.renderOrg(w, r, sc, f.Get("year"), f.Get("term"), f, http.StatusUnprocessableEntity) }
	if !f.Valid() {
		again()
		return
	}
	var msg string
	loc := schoolPath(sc.ID, "/classes?year="+f.Get("year")+"&term="+f.Get("term"))
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, m, err := write(tx)
		if err != nil {
			return "", err
		}
		msg = m
		ev := s.event(r, action, store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = action[:len(action)-len(".create")], &id
		ev.Details = map[string]any{"school_id": sc.ID}
		return loc, tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, errFormField):
		again()
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, msg)
}

// errFormField: a write failed on something the form shows next to a
// field (the field's message is already recorded).
var errFormField = errors.New("server: form field conflict")

// conflictOn records msg on field when err is a unique conflict.
func conflictOn(f *form, err error, field, msg string) error {
	if errors.Is(err, store.ErrConflict) {
		f.Fail(field, msg)
		return errFormField
	}
	return err
}

func (s *Server) divisionCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.orgWrite(w, r, "grade_division.create", func(sc *store.School, f *form) func(tx *store.Store) (int64, string, error) {
		yearID := f.ID("year", "学年", true)
		name := f.Text("division_name", "年级部名称", true, 20)
		return func(tx *store.Store) (int64, string, error) {
			if !s.yearOfCounty(r, yearID) {
				return 0, "", store.ErrNotFound
			}
			id, err := tx.CreateGradeDivision(ctx, sc.ID, yearID, name)
			return id, "已新增年级部“" + name + "”。", conflictOn(f, err, "division_name", "已有同名年级部")
		}
	})
}

func (s *Server) gradeCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.orgWrite(w, r, "grade.create", func(sc *store.School, f *form) func(tx *store.Store) (int64, string, error) {
		yearID := f.ID("year", "学年", true)
		lo, hi, _ := grade.Levels(sc.Stage)
		level := f.Int("grade_level", "年级", 1, 12)
		if level != 0 && !grade.Teaches(sc.Stage, level) {
			f.Fail("grade_level", store.StageLabel(sc.Stage)+"只设 "+grade.Name(lo)+" 到 "+grade.Name(hi))
		}
		div := f.ID("grade_division", "年级部", false)
		return func(tx *store.Store) (int64, string, error) {
			if !s.yearOfCounty(r, yearID) {
				return 0, "", store.ErrNotFound
			}
			id, err := tx.CreateGrade(ctx, store.NewGrade{SchoolID: sc.ID, SchoolYearID: yearID, GradeDivisionID: div, Level: level, Name: grade.Name(level)})
			if errors.Is(err, store.ErrNotFound) {
				f.Fail("grade_division", "年级部无效，请重新选择")
				return 0, "", errFormField
			}
			return id, "已新增" + grade.Name(level) + "。", conflictOn(f, err, "grade_level", "这一学年已有"+grade.Name(level))
		}
	})
}

func (s *Server) classCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.orgWrite(w, r, "class.create", func(sc *store.School, f *form) func(tx *store.Store) (int64, string, error) {
		gradeID := f.ID("class_grade", "年级", true)
		number := f.Int("class_number", "班号", 1, 99)
		return func(tx *store.Store) (int64, string, error) {
			id, err := tx.CreateSchoolClass(ctx, sc.ID, gradeID, number)
			if errors.Is(err, store.ErrNotFound) {
				f.Fail("class_grade", "年级无效，请重新选择")
				return 0, "", errFormField
			}
			return id, "已新增班级。", conflictOn(f, err, "class_number", "这个年级已有 "+strconv.Itoa(number)+" 班")
		}
	})
}

func (s *Server) dutyCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	s.orgWrite(w, r, "class_staff.create", func(sc *store.School, f *form) func(tx *store.Store) (int64, string, error) {
		in := store.ClassDutyInput{SchoolID: sc.ID}
		in.TermID = f.ID("term", "学期", true)
		in.ClassID = f.ID("duty_class", "班级", true)
		in.UserID = f.ID("duty_user", "教师", true)
		in.Duty = auth.Role(f.Choice("duty_kind", "职务", string(auth.ClassTeacher), string(auth.SubjectTeacher)))
		if in.Duty == auth.SubjectTeacher {
			in.Subject = f.Text("duty_subject", "任教学科", true, 20)
		}
		p := principal(ctx)
		if own := in.UserID == p.UserID; in.Duty != "" && !auth.Can(p, auth.AssignRole, auth.Resource{SchoolID: sc.ID, Grant: in.Duty, OwnAccount: own}) {
			msg := "无权安排这项任课"
			if own {
				msg = "不能给自己安排任课，请由其他管理人员安排"
			}
			f.Fail("duty_user", msg)
		}
		return func(tx *store.Store) (int64, string, error) {
			id, err := tx.SetClassDuty(ctx, in)
			if errors.Is(err, store.ErrNotFound) {
				f.Fail("duty_class", "班级、教师或学期无效，请重新选择")
				return 0, "", errFormField
			}
			return id, "已保存任课安排，对方下次打开页面即生效。", conflictOn(f, err, "duty_user", "这位教师已有这项安排")
		}
	})
}

// yearOfCounty reports whether a school year id is one of p's county.
func (s *Server) yearOfCounty(r *http.Request, yearID int64) bool {
	p := principal(r.Context())
	ci, err := s.county(r.Context(), p.CountyID)
	if err != nil {
		return false
	}
	_, ok := ci.cal.Year(yearID)
	return ok
}

func (s *Server) dutyRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, _, ok := s.loadSchool(w, r, auth.ManageOrg)
	if !ok {
		return
	}
	id, ok := idParam(r, "dutyID")
	if !ok {
		s.notFound(w, r)
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.RemoveClassDuty(ctx, sc.ID, id); err != nil {
			return err
		}
		ev := s.event(r, "class_staff.remove", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "class_staff", &id
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, schoolPath(sc.ID, "/classes"), "已取消任课安排。")
}
