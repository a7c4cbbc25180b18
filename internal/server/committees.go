package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/phone"
	"xietong/internal/privacy"
	"xietong/internal/store"
	"xietong/web/pages/committees"
)

// classCommitteePath is a class's committee page, or one of its actions.
func classCommitteePath(classID int64, suffix string) string {
	return "/classes/" + strconv.FormatInt(classID, 10) + "/committee" + suffix
}

// memberPath is the POST path of a member's button (head, delete).
func memberPath(classID, memberID int64, action string) string {
	return classCommitteePath(classID, "/members/"+strconv.FormatInt(memberID, 10)+"/"+action)
}

// yearName names a school year of the county calendar ("" if unknown).
func (s *Server) yearName(r *http.Request, yearID int64) (string, error) {
	ci, err := s.county(r.Context(), principal(r.Context()).CountyID)
	if err != nil {
		return "", err
	}
	if y, ok := ci.cal.Year(yearID); ok {
		return y.Name(), nil
	}
	return "", nil
}

// committeeFindLimit bounds the guardians a search lists (a class has a
// few dozen students, one to three guardians each).
const committeeFindLimit = 200

// classCommittee is a class's parent committee with what keeps it from
// meeting R06, and the forms of those who name it.
func (s *Server) classCommittee(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadClass(w, r, auth.ViewCommittees)
	if !ok {
		return
	}
	s.renderClassCommittee(w, r, c, nil, nil, http.StatusOK)
}

// renderClassCommittee renders the page; f refills the forms after a
// failed check, found is the search's result (nil: no search).
func (s *Server) renderClassCommittee(w http.ResponseWriter, r *http.Request, c *store.Class, f *form, found []store.GuardianChoice, status int) {
	ctx := r.Context()
	p := principal(ctx)
	com, err := s.store.ClassCommitteeOf(ctx, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	yearID := com.SchoolYearID
	if yearID == 0 {
		if yearID, err = s.store.ClassSchoolYear(ctx, c.ID); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	year, err := s.yearName(r, yearID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	res := auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}
	full := auth.Can(p, auth.ViewFullContacts, res)
	v := committees.ClassView{
		ClassName: c.SchoolName + " " + c.Name, YearLabel: year, Draft: com.Draft,
		Crumb: c.Name, CrumbHref: "/classes/" + strconv.FormatInt(c.ID, 10),
		ShowChild: auth.Can(p, auth.ViewCommitteeChildren, res), CanEdit: auth.Can(p, auth.EditClassCommittee, res),
		FindAction: classCommitteePath(c.ID, "/find"), AddAction: classCommitteePath(c.ID, "/members"), Token: newFormToken(),
		Errors: map[string]string{}, Values: map[string]string{},
	}
	if !auth.Can(p, auth.ViewClassRoster, res) {
		v.Crumb, v.CrumbHref = c.SchoolName, schoolPath(c.SchoolID, "/committees")
	}
	rules := store.CommitteeRules(com.Members)
	v.Problems = parents.ClassCommitteeProblems(rules)
	for _, m := range com.Members {
		row := committees.Member{Name: m.Name, Relation: m.Relation, Phone: m.Phone, Head: m.Head, ChildLeft: m.ChildLeft}
		if !full {
			row.Phone = privacy.MaskPhone(row.Phone)
		}
		if v.ShowChild {
			row.Child = m.ChildName
		}
		if v.CanEdit {
			row.HeadAction, row.RemoveAction = memberPath(c.ID, m.ID, "head"), memberPath(c.ID, m.ID, "delete")
		}
		v.Members = append(v.Members, row)
	}
	if v.CanEdit && com.Draft {
		v.ConfirmAction = classCommitteePath(c.ID, "/confirm")
	}
	if v.CanEdit && len(com.Members) == 0 {
		src, err := s.store.CarrySourceFor(ctx, c.SchoolID, c.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if src != nil {
			v.CarryAction = classCommitteePath(c.ID, "/carry")
			v.CarryFrom = src.ClassName + "（" + strconv.Itoa(src.Members) + " 人，其中 " + strconv.Itoa(src.Staying) + " 人的孩子在本班）"
		}
	}
	if found != nil {
		v.Searched = true
		for _, g := range found {
			v.Found = append(v.Found, committees.Choice{
				GuardianID: strconv.FormatInt(g.GuardianID, 10), Child: g.ChildName, Name: g.Name, Relation: g.Relation, Phone: g.Phone,
				Member: parents.AlreadyMember(rules, parents.Member{GuardianID: g.GuardianID, Phone: g.Phone}) != "",
			})
		}
	}
	if f != nil {
		v.Errors, v.Values = f.Errors, f.values("q", "name", "relation", "phone", "head")
	}
	v.Chrome = s.chrome(r, "家长委员会")
	s.render(w, r, status, committees.Class(v))
}

// classCommitteeFind lists the class's guardians whose child's (or own)
// name holds what was typed. A POST, so that a child's name never stands
// in a URL; it changes nothing.
func (s *Server) classCommitteeFind(w http.ResponseWriter, r *http.Request) {
	c, _, ok := s.loadClass(w, r, auth.EditClassCommittee)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	s.findAndRender(w, r, c, f, http.StatusOK)
}

// findAndRender renders the page with the search of f's q.
func (s *Server) findAndRender(w http.ResponseWriter, r *http.Request, c *store.Class, f *form, status int) {
	q := f.Text("q", "姓名", false, 20)
	found, err := s.store.ClassGuardians(r.Context(), c.ID, q, committeeFindLimit)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if found == nil {
		found = []store.GuardianChoice{}
	}
	s.renderClassCommittee(w, r, c, f, found, status)
}

// classCommitteeAdd names a member: a guardian picked from the search, or a
// person typed with a phone. The same guardian (or phone) twice, a guardian
// not of the class and a bad phone come back with a Chinese message and
// what was typed.
func (s *Server) classCommitteeAdd(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, _, ok := s.loadClass(w, r, auth.EditClassCommittee)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	com, err := s.store.ClassCommitteeOf(ctx, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	m := store.NewCommitteeMember{SchoolID: c.SchoolID, ClassID: c.ID}
	head := f.Bool("head")
	field := "phone"
	if f.Get("guardian_id") != "" {
		field = "guardian_id"
		if m.GuardianID = f.ID("guardian_id", "家长", true); m.GuardianID != 0 {
			g, err := s.store.ClassGuardian(ctx, c.ID, m.GuardianID)
			switch {
			case errors.Is(err, store.ErrNotFound):
				f.Fail(field, "该家长的孩子不在本班，请从本班学生家长中选择")
			case err != nil:
				s.serverError(w, r, err)
				return
			default:
				m.Name, m.Phone = g.Name, g.Phone
			}
		}
	} else {
		m.Name = f.Text("name", "姓名", true, 40)
		m.Relation = f.Text("relation", "身份", false, 20)
		switch raw := f.Get("phone"); {
		case raw == "":
			f.Fail("phone", "请填写电话")
		default:
			norm, ok := phone.Normalize(raw)
			if !ok {
				f.Fail("phone", "电话格式不正确：请填写 11 位手机号，或带区号的座机号（如 0851-8612345）")
			}
			m.Phone = norm
		}
	}
	if f.Valid() {
		if msg := parents.AlreadyMember(store.CommitteeRules(com.Members), parents.Member{GuardianID: m.GuardianID, Phone: m.Phone}); msg != "" {
			f.Fail(field, msg)
		}
	}
	if !f.Valid() {
		s.addFailed(w, r, c, f, field)
		return
	}
	loc := classCommitteePath(c.ID, "")
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.AddClassMember(ctx, m)
		if err != nil {
			return "", err
		}
		if head {
			if err := tx.SetClassHead(ctx, c.ID, id, true); err != nil {
				return "", err
			}
		}
		ev := s.event(r, "committee.member_add", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "committee_member", &id
		ev.Details = map[string]any{"class_id": c.ID, "guardian": m.GuardianID != 0, "head": head}
		return loc, tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	switch {
	case errors.Is(err, store.ErrConflict):
		f.Fail(field, m.Name+" 已是本班家委会成员")
		s.addFailed(w, r, c, f, field)
		return
	case errors.Is(err, store.ErrNotFound):
		f.Fail(field, "该家长的孩子不在本班，请从本班学生家长中选择")
		s.addFailed(w, r, c, f, field)
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已将 "+m.Name+" 加入本班家委会")
}

// addFailed answers a refused member: a pick from the search shows the
// search again with the message beside it.
func (s *Server) addFailed(w http.ResponseWriter, r *http.Request, c *store.Class, f *form, field string) {
	if field == "guardian_id" {
		s.findAndRender(w, r, c, f, http.StatusUnprocessableEntity)
		return
	}
	s.renderClassCommittee(w, r, c, f, nil, http.StatusUnprocessableEntity)
}

// classCommitteeHead makes a member the committee's one head (head=1) or
// no longer a head (head=0). A member not on this committee is refused
// with parents.HeadMustBeMember.
func (s *Server) classCommitteeHead(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, _, ok := s.loadClass(w, r, auth.EditClassCommittee)
	if !ok {
		return
	}
	memberID, ok := idParam(r, "memberID")
	if !ok {
		s.notFound(w, r)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	head := f.Get("head") != "0"
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetClassHead(ctx, c.ID, memberID, head); err != nil {
			return err
		}
		ev := s.event(r, "committee.head", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "committee_member", &memberID
		ev.Details = map[string]any{"class_id": c.ID, "head": head}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		f.Fail("head", parents.HeadMustBeMember)
		s.renderClassCommittee(w, r, c, f, nil, http.StatusUnprocessableEntity)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已设定负责人"
	if !head {
		msg = "已取消负责人"
	}
	s.done(w, r, classCommitteePath(c.ID, ""), msg)
}

// classCommitteeRemove takes a member off the committee (after the page's
// confirmation); a member already gone is said so.
func (s *Server) classCommitteeRemove(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, _, ok := s.loadClass(w, r, auth.EditClassCommittee)
	if !ok {
		return
	}
	memberID, ok := idParam(r, "memberID")
	if !ok {
		s.notFound(w, r)
		return
	}
	var name string
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		var err error
		if name, err = tx.RemoveClassMember(ctx, c.ID, memberID); err != nil {
			return err
		}
		ev := s.event(r, "committee.member_remove", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "committee_member", &memberID
		ev.Details = map[string]any{"class_id": c.ID}
		return tx.Audit(ctx, ev)
	})
	loc := classCommitteePath(c.ID, "")
	if errors.Is(err, store.ErrNotFound) {
		s.done(w, r, loc, "该成员已不在本班家委会中")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "已将 "+name+" 移出本班家委会")
}

// committeeYear is the school year the school's committees are kept for
// today: the current term's (or, in a vacation, the one just ended).
func (s *Server) committeeYear(w http.ResponseWriter, r *http.Request) (calendar.SchoolYear, bool) {
	ci, err := s.county(r.Context(), principal(r.Context()).CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return calendar.SchoolYear{}, false
	}
	if t, ok := ci.cal.CurrentTerm(s.today()); ok {
		if y, ok := ci.cal.YearOf(t); ok {
			return y, true
		}
	}
	s.renderErrorMessage(w, r, http.StatusNotFound, "没有当前学年", "校历中没有当前学年，请管理员先维护校历。")
	return calendar.SchoolYear{}, false
}
