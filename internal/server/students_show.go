package server

import (
	"errors"
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/pages/students"
)

var statusLabels = map[string]string{"enrolled": "在读", "graduated": "已毕业", "left": "已离校"}

// studentShow is one student's page. Two locks: the store only loads a
// student inside the user's scope, and the policy is asked as well.
func (s *Server) studentShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	id, ok := idParam(r, "studentID")
	if !ok {
		s.notFound(w, r)
		return
	}
	if !auth.Allows(p.Active.Role, auth.ViewStudent) {
		s.deny(w, r, auth.ViewStudent, "student", id)
		return
	}
	st, err := s.store.StudentByID(ctx, auth.StudentScope(p), id)
	if errors.Is(err, store.ErrNotFound) {
		s.deny(w, r, auth.ViewStudent, "student", id)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	var classID int64
	if st.ClassID != nil {
		classID = *st.ClassID
	}
	res := auth.Resource{SchoolID: st.SchoolID, ClassID: classID}
	if !auth.Can(p, auth.ViewStudent, res) {
		s.deny(w, r, auth.ViewStudent, "student", id)
		return
	}
	// A look at a child's record by anyone but the class's own teachers is
	// recorded (儿童个人信息网络保护规定 §15: 记录访问情况).
	if !p.TeachesClass(classID) {
		ev := s.event(r, "student.view", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "student", &st.ID
		s.audit(r, ev)
	}
	v := students.View{
		Chrome:        s.chrome(r, st.Name),
		ClassID:       classID,
		ClassName:     st.ClassName,
		SchoolName:    st.SchoolName,
		Name:          st.Name,
		StudentNumber: st.StudentNumber,
		Gender:        st.Gender,
		Address:       st.Township + st.Village + st.Address,
		Status:        statusLabels[st.Status],
		ShowSpecial:   auth.Can(p, auth.ViewSpecialGroups, res),
	}
	if st.BirthDate != nil {
		v.BirthDate = calendar.DateLabel(*st.BirthDate)
	}
	if v.ShowSpecial {
		v.Groups = st.SpecialGroups.Labels()
	}
	for _, g := range st.Guardians {
		v.Guardians = append(v.Guardians, students.Guardian{Name: g.Name, Relation: g.Relation, Phone: g.Phone})
	}
	s.render(w, r, http.StatusOK, students.Show(v))
}
