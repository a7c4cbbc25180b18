package server

import (
	"net/http"
	"strconv"

	"github.com/a-h/templ"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/privacy"
	"xietong/internal/store"
	"xietong/internal/visit"
	"xietong/web/pages/students"
	"xietong/web/pages/visits"
)

var statusLabels = map[string]string{"enrolled": "在读", "graduated": "已毕业", "left": "已离校"}

var transferKindLabels = map[string]string{store.TransferClass: "转班", store.TransferSchool: "转学", store.TransferLeave: "离校"}

// loadStudent loads the student of the route for action a, with two locks:
// the store loads only inside the user's scope, and the policy is asked.
// A role that may never act on a student gets 403; a student outside the
// user's scope is 404 whatever the action, so that nobody learns it exists;
// a student the user may see but not act on is 403 when the role never may
// (a subject teacher's edit) and 404 otherwise. Every refusal is audited.
func (s *Server) loadStudent(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Student, auth.Resource, bool) {
	return load(s, w, r, studentRoute, auth.ViewStudent, a)
}

func studentResource(st *store.Student) auth.Resource {
	res := auth.Resource{SchoolID: st.SchoolID}
	if st.ClassID != nil {
		res.ClassID = *st.ClassID
	}
	return res
}

// auditStudentView records a look at a child's full record (page or edit
// form) by anyone but the class's own teachers (儿童个人信息网络保护规定 §15:
// 记录访问情况).
func (s *Server) auditStudentView(r *http.Request, st *store.Student, res auth.Resource) {
	if principal(r.Context()).TeachesClass(res.ClassID) {
		return
	}
	ev := s.event(r, "student.view", store.ResultSuccess)
	ev.ObjectType, ev.ObjectID = "student", &st.ID
	s.audit(r, ev)
}

func studentHref(id int64) string { return "/students/" + strconv.FormatInt(id, 10) }

// studentShow is one student's page: details, guardians with full phones,
// special groups for those who may see them, and the history of moves.
func (s *Server) studentShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	st, res, ok := s.loadStudent(w, r, auth.ViewStudent)
	if !ok {
		return
	}
	s.auditStudentView(r, st, res)
	hist, err := s.store.StudentTransfers(ctx, auth.StudentScope(p), st.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := students.View{
		Chrome:        s.chrome(r, st.Name),
		ClassID:       res.ClassID,
		ClassName:     st.ClassName,
		SchoolName:    st.SchoolName,
		Name:          st.Name,
		StudentNumber: st.StudentNumber,
		Gender:        st.Gender,
		Address:       store.FullAddress(st.Township, st.Village, st.Address),
		Status:        statusLabels[st.Status],
		ShowSpecial:   auth.Can(p, auth.ViewSpecialGroups, res),
	}
	if st.BirthDate != nil {
		v.BirthDate = calendar.DateLabel(*st.BirthDate)
	}
	if v.ShowSpecial {
		v.Groups = st.SpecialGroups.Labels()
	}
	// Whole contacts only for those who act on them; masked for everyone
	// else who may see the child (a subject teacher, the leader, the admin).
	full := auth.Can(p, auth.ViewFullContacts, res)
	if !full {
		v.StudentNumber, v.Address = privacy.MaskStudentNumber(v.StudentNumber), privacy.MaskAddress(v.Address)
	}
	for _, g := range st.Guardians {
		phone := g.Phone
		if !full {
			phone = privacy.MaskPhone(phone)
		}
		v.Guardians = append(v.Guardians, students.Guardian{Name: g.Name, Relation: g.Relation, Phone: phone})
	}
	for _, h := range hist {
		row := students.HistoryRow{
			Date: calendar.DateLabel(h.OnDate), Kind: transferKindLabels[h.Kind],
			From: h.FromSchoolName + " " + h.FromClassName, To: h.ToSchoolName + " " + h.ToClassName, By: h.ByName,
		}
		if h.Kind == store.TransferLeave {
			row.To = "—"
		}
		// The reason can say why a family moved: only for the people who
		// work with the child, as the flags are.
		if v.ShowSpecial {
			row.Reason = h.Reason
		}
		v.History = append(v.History, row)
	}
	switch {
	case auth.Can(p, auth.EditStudent, res):
		v.EditHref, v.EditLabel = studentHref(st.ID)+"/edit", "编辑信息"
	case auth.Can(p, auth.EditGuardians, res):
		v.EditHref, v.EditLabel = studentHref(st.ID)+"/edit", "修改监护人"
	}
	if st.Status == store.StatusEnrolled && auth.Can(p, auth.LogVisit, res) {
		v.VisitHref = studentHref(st.ID) + "/visits/new"
	}
	if auth.Allows(p.Active.Role, auth.ViewVisit) {
		section, err := s.studentVisits(r, st.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Visits = section
	}
	if st.Status == store.StatusEnrolled && auth.Can(p, auth.TransferStudent, res) {
		v.TransferHref = studentHref(st.ID) + "/transfer"
		v.LeaveHref = studentHref(st.ID) + "/leave"
	}
	s.render(w, r, http.StatusOK, students.Show(v))
}

// studentHistoryLen is how many of a student's visits the page lists.
const studentHistoryLen = 20

// studentVisits is the student page's home-visit section: the visits the
// viewer may read (the record scope decides, as for the visit itself),
// without their text.
func (s *Server) studentVisits(r *http.Request, studentID int64) (templ.Component, error) {
	p := principal(r.Context())
	vs, err := s.store.StudentVisits(r.Context(), auth.RecordScope(p), studentID, studentHistoryLen+1, s.cfg.Now())
	if err != nil {
		return nil, err
	}
	h := visits.StudentHistory{More: len(vs) > studentHistoryLen}
	for _, x := range vs[:min(len(vs), studentHistoryLen)] {
		h.Visits = append(h.Visits, visits.StudentVisit{Href: visitPath(x.ID), Date: calendar.DateLabel(x.Date),
			Mode: visit.ModeLabel(x.Mode), Kind: visit.KindLabel(x.Kind), Visitors: x.Visitors, Problems: x.Problems})
	}
	return visits.StudentSection(h), nil
}
