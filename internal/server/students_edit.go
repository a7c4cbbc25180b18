package server

import (
	"errors"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/phone"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/students"
)

var studentNumberRE = regexp.MustCompile(`^[0-9A-Za-z]{6,30}$`)

// editView fills the edit form from the saved student.
func (s *Server) editView(r *http.Request, st *store.Student, res auth.Resource) students.EditView {
	p := principal(r.Context())
	v := students.EditView{
		Chrome: s.chrome(r, "编辑 "+st.Name), ID: st.ID, Name: st.Name, ClassName: st.ClassName, Version: st.Version,
		Details: auth.Can(p, auth.EditStudent, res),
		Values:  map[string]string{}, Checks: map[string]bool{}, Errors: map[string]string{},
	}
	if st.ClassName == "" {
		v.ClassName = statusLabels[st.Status]
	}
	v.Flags = v.Details && auth.Can(p, auth.ViewSpecialGroups, res)
	if v.Flags {
		for _, o := range store.SpecialGroupOptions {
			v.Groups = append(v.Groups, components.Option{Value: o.Key, Label: o.Label})
		}
	}
	return v
}

// studentEditForm shows the edit form: every field to the office and the
// admin, the guardians only to the class teacher.
func (s *Server) studentEditForm(w http.ResponseWriter, r *http.Request) {
	st, res, ok := s.loadStudent(w, r, auth.EditGuardians)
	if !ok {
		return
	}
	// The form shows full phones and the address: a view like the page's.
	s.auditStudentView(r, st, res)
	v := s.editView(r, st, res)
	v.Values["name"], v.Values["gender"], v.Values["student_number"] = st.Name, st.Gender, st.StudentNumber
	v.Values["township"], v.Values["village"], v.Values["address"] = st.Township, st.Village, st.Address
	if st.BirthDate != nil {
		v.Values["birth_date"] = st.BirthDate.Format(time.DateOnly)
	}
	if v.Flags {
		v.Checks = map[string]bool{"left_behind": st.LeftBehind, "hardship": st.Hardship, "migrant": st.Migrant, "disabled": st.Disabled, "orphan": st.Orphan}
	}
	for i, g := range st.Guardians {
		if i >= students.MaxGuardians {
			break
		}
		n := "g" + strconv.Itoa(i+1) + "_"
		v.Values[n+"name"], v.Values[n+"relation"], v.Values[n+"phone"] = g.Name, g.Relation, g.Phone
	}
	s.render(w, r, http.StatusOK, students.Edit(v))
}

// studentEdit saves the edit form. Optimistic locking: the form carries the
// version it was loaded at, and a save over a newer version is refused with
// the 409 page instead of silently overwriting someone else's change. The
// audit row, written in the same transaction, names the changed fields and
// never their values.
func (s *Server) studentEdit(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	st, res, ok := s.loadStudent(w, r, auth.EditGuardians)
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
	v := s.editView(r, st, res)
	v.Version = version
	e := store.StudentEdit{Details: v.Details}
	today := s.today()
	if v.Details {
		e.Name = f.Text("name", "姓名", true, 40)
		e.Gender = f.Choice("gender", "性别", "男", "女")
		if d := f.Date("birth_date", "出生日期", false); !d.IsZero() {
			switch {
			case d.After(today):
				f.Fail("birth_date", "出生日期不能晚于今天")
			case d.Year() < 1990:
				f.Fail("birth_date", "出生日期不正确，请检查年份")
			default:
				e.BirthDate = &d
			}
		}
		e.StudentNumber = f.Text("student_number", "学籍号", true, 30)
		if e.StudentNumber != "" && !studentNumberRE.MatchString(e.StudentNumber) {
			f.Fail("student_number", "学籍号应为 6 到 30 位字母或数字")
		}
		e.Township = f.Text("township", "乡镇（街道）", false, 30)
		e.Village = f.Text("village", "村（社区）", false, 30)
		e.Address = f.Text("address", "详细地址", false, 100)
		if v.Flags {
			e.SpecialGroups = store.SpecialGroups{
				LeftBehind: f.Bool("left_behind"), Hardship: f.Bool("hardship"), Migrant: f.Bool("migrant"),
				Disabled: f.Bool("disabled"), Orphan: f.Bool("orphan"),
			}
		} else {
			e.SpecialGroups = st.SpecialGroups // not shown, so not changed
		}
	}
	for i := 1; i <= students.MaxGuardians; i++ {
		n := "g" + strconv.Itoa(i) + "_"
		g := store.GuardianInput{
			Name:     f.Text(n+"name", "监护人姓名", false, 40),
			Relation: f.Text(n+"relation", "关系", false, 10),
			Phone:    f.Text(n+"phone", "联系电话", false, 20),
		}
		if g.Name == "" && g.Relation == "" && g.Phone == "" {
			continue
		}
		if g.Name == "" {
			f.Fail(n+"name", "请填写监护人姓名")
		}
		if g.Relation == "" {
			f.Fail(n+"relation", "请填写与学生的关系")
		}
		if g.Phone != "" {
			norm, ok := phone.Normalize(g.Phone)
			if !ok {
				f.Fail(n+"phone", "电话号码不正确：手机号为 1 开头的 11 位数字，座机请带区号，如 0851-8612345")
			}
			g.Phone = norm
		}
		e.Guardians = append(e.Guardians, g)
	}
	if len(e.Guardians) == 0 {
		f.Fail("guardians", "请至少填写一位监护人")
	}
	refill := func(status int) {
		for k := range f.Values {
			v.Values[k] = f.Get(k)
		}
		for _, o := range store.SpecialGroupOptions {
			v.Checks[o.Key] = f.Bool(o.Key)
		}
		v.Errors = f.Errors
		s.render(w, r, status, students.Edit(v))
	}
	if !f.Valid() {
		refill(http.StatusUnprocessableEntity)
		return
	}
	var changed []string
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		var err error
		changed, err = tx.UpdateStudent(ctx, auth.StudentScope(p), st.ID, version, e)
		if err != nil || len(changed) == 0 {
			return err
		}
		ev := s.event(r, "student.edit", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "student", &st.ID
		ev.Details = map[string]any{"fields": changed}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrStale):
		s.renderErrorMessage(w, r, http.StatusConflict, "内容已被修改",
			"在您编辑期间，其他人已经修改并保存了这名学生的信息。您的修改没有保存，以免覆盖对方的修改。请返回学生页面查看最新信息后重新编辑。")
		return
	case errors.Is(err, store.ErrConflict):
		f.Fail("student_number", "该学籍号已被本县其他学生使用，请核对后重新填写")
		refill(http.StatusUnprocessableEntity)
		return
	case errors.Is(err, store.ErrNotFound):
		s.notFound(w, r)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if len(changed) == 0 {
		s.flash(r, "没有修改任何内容。")
	} else {
		s.flash(r, "已保存。")
	}
	http.Redirect(w, r, studentHref(st.ID), http.StatusSeeOther)
}

// dateNotAfter checks a required date that cannot be in the future.
func dateNotAfter(f *form, field, label string, today time.Time) time.Time {
	d := f.Date(field, label, true)
	if !d.IsZero() && d.After(today) {
		f.Fail(field, label+"不能晚于今天（"+calendar.DateLabel(today)+"）")
	}
	return d
}
