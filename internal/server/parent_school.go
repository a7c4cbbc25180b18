package server

import (
	"errors"
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/pages/guidance"
)

// parentSchoolOwner is a school's parent school as the owner of its
// charter and other attachments (evidence of type parent_school, the
// school's id as owner id).
func parentSchoolOwner(schoolID int64) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "parent_school", ID: schoolID, SchoolID: schoolID}
}

func parentSchoolPath(schoolID int64) string { return schoolPath(schoolID, "/parent-school") }

// loadParentSchoolSchool loads the {schoolID} of a parent-school route for
// action a (ViewGuidance or RecordGuidance), and its parent school (nil
// when none is registered yet).
func (s *Server) loadParentSchoolSchool(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.School, *store.ParentSchool, bool) {
	sc, _, ok := load(s, w, r, schoolRoute, auth.ViewGuidance, a)
	if !ok {
		return nil, nil, false
	}
	ps, err := s.store.ParentSchoolOf(r.Context(), sc.ID)
	if errors.Is(err, store.ErrNotFound) {
		return sc, nil, true
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, false
	}
	return sc, ps, true
}

func (s *Server) parentSchoolShow(w http.ResponseWriter, r *http.Request) {
	sc, ps, ok := s.loadParentSchoolSchool(w, r, auth.ViewGuidance)
	if !ok {
		return
	}
	s.renderParentSchool(w, r, sc, ps, http.StatusOK, "")
}

// renderParentSchool is the school's parent school page; uploadErr is the
// message of a refused upload.
func (s *Server) renderParentSchool(w http.ResponseWriter, r *http.Request, sc *store.School, ps *store.ParentSchool, status int, uploadErr string) {
	p := principal(r.Context())
	mayEdit := auth.Can(p, auth.RecordGuidance, auth.Resource{SchoolID: sc.ID})
	v := guidance.ParentSchoolView{School: sc.Name, SchoolHref: schoolPath(sc.ID, ""), ListHref: "/guidance?school=" + itoa(sc.ID)}
	if ps != nil {
		files, err := s.store.ListEvidence(r.Context(), parentSchoolOwner(sc.ID))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		v.Exists, v.Since, v.Head, v.Teachers = true, calendar.DateLabel(ps.EstablishedOn), ps.Head, ps.Teachers
		if v.Teachers == "" {
			v.Teachers = "未填写"
		}
		v.UpdatedBy = ps.UpdatedByName + " · " + calendar.DateLabel(ps.UpdatedAt)
		v.Evidence = evidenceView(files, parentSchoolPath(sc.ID), mayEdit, newFormToken(), uploadErr)
	}
	if mayEdit {
		v.EditHref = parentSchoolPath(sc.ID) + "/edit"
	}
	v.Chrome = s.chrome(r, sc.Name+"家长学校")
	s.render(w, r, status, guidance.ParentSchool(v))
}

func (s *Server) renderParentSchoolForm(w http.ResponseWriter, r *http.Request, sc *store.School, status int, values, errs map[string]string) {
	v := guidance.ParentSchoolFormView{School: sc.Name, Action: parentSchoolPath(sc.ID), Cancel: parentSchoolPath(sc.ID),
		Values: values, Errors: errs}
	v.Chrome = s.chrome(r, sc.Name+"家长学校")
	s.render(w, r, status, guidance.ParentSchoolForm(v))
}

func (s *Server) parentSchoolEditForm(w http.ResponseWriter, r *http.Request) {
	sc, ps, ok := s.loadParentSchoolSchool(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	values := map[string]string{}
	if ps != nil {
		values = map[string]string{"established_on": dateValue(ps.EstablishedOn), "head": ps.Head, "teachers": ps.Teachers}
	}
	s.renderParentSchoolForm(w, r, sc, http.StatusOK, values, map[string]string{})
}

// parentSchoolSave records or changes the parent school: an established
// date not ahead of today, a head, the teachers as the school writes them.
// Saving twice saves the same, so the form needs no token.
func (s *Server) parentSchoolSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadParentSchoolSchool(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	var in store.ParentSchoolFields
	in.EstablishedOn = f.Date("established_on", "成立时间", true)
	if f.Errors["established_on"] == "" && in.EstablishedOn.After(calendar.DateOf(s.today())) {
		f.Fail("established_on", "成立时间不能晚于今天")
	}
	in.Head = f.Text("head", "校长（负责人）", true, 40)
	in.Teachers = f.Text("teachers", "授课教师", false, 500)
	if !f.Valid() {
		s.renderParentSchoolForm(w, r, sc, http.StatusUnprocessableEntity, f.values("established_on", "head", "teachers"), f.Errors)
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SaveParentSchool(ctx, sc.ID, p.UserID, in); err != nil {
			return err
		}
		ev := s.event(r, "parent_school.save", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "parent_school", &sc.ID
		ev.Details = map[string]any{"established_on": dateValue(in.EstablishedOn)}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, parentSchoolPath(sc.ID), "家长学校已保存，可在下方上传章程")
}

func (s *Server) parentSchoolEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	sc, ps, ok := s.loadParentSchoolSchool(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	if ps == nil {
		s.renderErrorMessage(w, r, http.StatusConflict, "尚未登记家长学校", "请先登记家长学校，再上传章程。")
		return
	}
	s.addEvidence(w, r, parentSchoolOwner(sc.ID), parentSchoolPath(sc.ID), func(msg string) {
		s.renderParentSchool(w, r, sc, ps, http.StatusUnprocessableEntity, msg)
	})
}

func (s *Server) parentSchoolEvidence(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadParentSchoolSchool(w, r, auth.ViewGuidance)
	if !ok {
		return
	}
	s.sendEvidence(w, r, parentSchoolOwner(sc.ID))
}

func (s *Server) parentSchoolEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	sc, _, ok := s.loadParentSchoolSchool(w, r, auth.RecordGuidance)
	if !ok {
		return
	}
	s.deleteEvidence(w, r, parentSchoolOwner(sc.ID), parentSchoolPath(sc.ID))
}
