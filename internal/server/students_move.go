package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/students"
)

// moveView is the header and defaults of the transfer and leave forms.
func (s *Server) moveView(r *http.Request, st *store.Student, title string) students.MoveView {
	return students.MoveView{
		Chrome: s.chrome(r, title+" "+st.Name), ID: st.ID, Name: st.Name, SchoolName: st.SchoolName, ClassName: st.ClassName,
		Version: st.Version, FormToken: newFormToken(), Closed: st.Status != store.StatusEnrolled,
		Values: map[string]string{"on_date": s.today().Format(time.DateOnly)}, Errors: map[string]string{},
	}
}

// transferTargets fills the school choice and the classes of the chosen
// school (the student's own school unless another one of the county is
// asked for). Class names only: no children of the other school are shown.
func (s *Server) transferTargets(r *http.Request, v *students.MoveView, st *store.Student, schoolID int64) error {
	ctx := r.Context()
	p := principal(ctx)
	schools, err := s.store.SchoolOptions(ctx, p.CountyID)
	if err != nil {
		return err
	}
	target := st.SchoolID
	for _, sc := range schools {
		if sc.ID == schoolID {
			target = schoolID
		}
		label := sc.Name
		if sc.ID == st.SchoolID {
			label += "（本校，转班）"
		}
		v.Schools = append(v.Schools, components.Option{Value: strconv.FormatInt(sc.ID, 10), Label: label})
	}
	v.SchoolID = strconv.FormatInt(target, 10)
	classes, err := s.store.ClassesOfSchool(ctx, p.CountyID, target)
	if err != nil {
		return err
	}
	for _, c := range classes {
		if st.ClassID != nil && c.ID == *st.ClassID {
			continue
		}
		v.Classes = append(v.Classes, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
	}
	return nil
}

// studentTransferForm is the transfer form (转班 / 转学): pick a school of
// the county (a GET that only changes the class list), then a class.
func (s *Server) studentTransferForm(w http.ResponseWriter, r *http.Request) {
	st, _, ok := s.loadStudent(w, r, auth.TransferStudent)
	if !ok {
		return
	}
	v := s.moveView(r, st, "转班 / 转学")
	if err := s.transferTargets(r, &v, st, queryID(r.URL.Query().Get("school"))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, students.Transfer(v))
}

// studentTransfer moves the student: another class of the same school, or
// another school (the receiving office sees the student from now on, the
// sending office no longer). The history row, the move and the audit row
// commit together; the one-time token makes a double submit move once.
func (s *Server) studentTransfer(w http.ResponseWriter, r *http.Request) {
	st, _, ok := s.loadStudent(w, r, auth.TransferStudent)
	if !ok {
		return
	}
	f, m, ok := s.moveForm(w, r, st)
	if !ok {
		return
	}
	m.ToClassID = f.ID("to_class", "转入班级", true)
	v := s.moveView(r, st, "转班 / 转学")
	if err := s.transferTargets(r, &v, st, queryID(f.Get("school"))); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.applyMove(w, r, st, f, m, v, students.Transfer)
}

// studentLeaveForm asks for the date and reason of leaving school, and for
// confirmation: the student is archived, not deleted.
func (s *Server) studentLeaveForm(w http.ResponseWriter, r *http.Request) {
	st, _, ok := s.loadStudent(w, r, auth.TransferStudent)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, students.Leave(s.moveView(r, st, "办理离校")))
}

// studentLeave records that the student left school (离校): status 'left',
// no class, the record and its history kept.
func (s *Server) studentLeave(w http.ResponseWriter, r *http.Request) {
	st, _, ok := s.loadStudent(w, r, auth.TransferStudent)
	if !ok {
		return
	}
	f, m, ok := s.moveForm(w, r, st)
	if !ok {
		return
	}
	s.applyMove(w, r, st, f, m, s.moveView(r, st, "办理离校"), students.Leave)
}

// moveForm reads what the transfer and leave forms share.
func (s *Server) moveForm(w http.ResponseWriter, r *http.Request, st *store.Student) (*form, store.Move, bool) {
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return nil, store.Move{}, false
	}
	version, err := strconv.Atoi(f.Get("version"))
	if err != nil || version < 1 {
		s.renderError(w, r, http.StatusBadRequest)
		return nil, store.Move{}, false
	}
	m := store.Move{StudentID: st.ID, Version: version, ByUserID: principal(r.Context()).UserID}
	m.OnDate = dateNotAfter(f, "on_date", "日期", s.today())
	m.Reason = f.Text("reason", "原因", true, 200)
	return f, m, true
}

// applyMove checks the form, then claims the token, moves the student and
// writes the audit row in one transaction, and redirects (PRG).
func (s *Server) applyMove(w http.ResponseWriter, r *http.Request, st *store.Student, f *form, m store.Move,
	v students.MoveView, page func(students.MoveView) templ.Component) {
	ctx := r.Context()
	p := principal(ctx)
	token := f.Token()
	v.Version = m.Version
	rerender := func(status int) {
		for k := range f.Values {
			v.Values[k] = f.Get(k)
		}
		if token != "" {
			v.FormToken = token
		}
		v.Errors = f.Errors
		s.render(w, r, status, page(v))
	}
	if v.Closed {
		s.renderErrorMessage(w, r, http.StatusConflict, "学生已不在读", "该学生已离校或毕业，不能再转班、转学或办理离校。")
		return
	}
	if !f.Valid() {
		rerender(http.StatusUnprocessableEntity)
		return
	}
	action := "student.transfer"
	if m.ToClassID == 0 {
		action = "student.leave"
	}
	var (
		res      *store.MoveResult
		location string
	)
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		loc, err := tx.ClaimFormToken(ctx, p.UserID, token)
		if err != nil {
			location = loc
			return err
		}
		res, err = tx.MoveStudent(ctx, auth.StudentScope(p), p.CountyID, m)
		if err != nil {
			return err
		}
		ev := s.event(r, action, store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "student", &st.ID
		ev.Details = map[string]any{
			"kind": res.Kind, "from_school": res.FromSchoolID, "from_class": res.FromClassID,
			"to_school": res.ToSchoolID, "to_class": res.ToClassID,
		}
		if err := tx.Audit(ctx, ev); err != nil {
			return err
		}
		location = afterMove(p, st, res)
		return tx.SetFormTokenLocation(ctx, token, location)
	})
	switch {
	case errors.Is(err, errReplay):
		if location == "" {
			location = studentHref(st.ID)
		}
		http.Redirect(w, r, location, http.StatusSeeOther)
		return
	case errors.Is(err, store.ErrStale):
		s.renderErrorMessage(w, r, http.StatusConflict, "内容已被修改",
			"在您操作期间，其他人已经修改了这名学生的信息。本次操作没有执行。请返回学生页面查看最新信息后重新操作。")
		return
	case errors.Is(err, store.ErrNotEnrolled):
		s.renderErrorMessage(w, r, http.StatusConflict, "学生已不在读", "该学生已离校或毕业，不能再转班、转学或办理离校。")
		return
	case errors.Is(err, store.ErrSameClass):
		f.Fail("to_class", "学生已在这个班级，请选择其他班级")
		rerender(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrNoSuchClass):
		f.Fail("to_class", "所选班级不存在或已撤销，请重新选择")
		rerender(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	switch res.Kind {
	case store.TransferLeave:
		s.flash(r, "已办理离校。学生档案已归档保存，可在学生名单中选择“已离校”查到。")
	case store.TransferSchool:
		s.flash(r, "已转学。转入学校现在可以看到这名学生。")
	default:
		s.flash(r, "已转班。")
	}
	http.Redirect(w, r, location, http.StatusSeeOther)
}

// afterMove is where a move sends the user: the student's page, unless the
// student has just left the user's scope (a school office that transferred
// a student to another school), then the list.
func afterMove(p *auth.Principal, st *store.Student, res *store.MoveResult) string {
	if sc := auth.StudentScope(p); !sc.All && res.ToSchoolID != 0 && res.ToSchoolID != sc.SchoolID {
		return "/students"
	}
	return studentHref(st.ID)
}
