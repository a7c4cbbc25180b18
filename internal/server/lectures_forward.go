package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/web/pages/lectures"
)

// loadLectureSchool loads the {lectureID} and {schoolID} of the route for
// action a: the lecture in the user's scope, the school one the user may
// see (an office naming another school gets 404, whatever it asks), and
// the school's forward of it if any. A school the lecture does not concern
// (another stage's lecture) and that did not forward it is 404.
func (s *Server) loadLectureSchool(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Lecture, *store.School, *store.LectureForward, bool) {
	l, ok := s.loadLecture(w, r, a)
	if !ok {
		return nil, nil, nil, false
	}
	sc, _, ok := load(s, w, r, schoolRoute, auth.ViewLectures, a)
	if !ok {
		return nil, nil, nil, false
	}
	fw, err := s.store.SchoolLectureForward(r.Context(), l.ID, sc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, nil, nil, false
	}
	if fw == nil && !parents.LectureConcerns(l.AudienceStage, sc.Stage) {
		s.denyHidden(w, r, a, "lecture", l.ID)
		return nil, nil, nil, false
	}
	return l, sc, fw, true
}

func lectureForwardOwner(fw *store.LectureForward, sc *store.School) store.EvidenceOwner {
	return store.EvidenceOwner{Type: "lecture_forward", ID: fw.ID, SchoolID: sc.ID}
}

// lectureBack is where a school's page of a lecture leads back to: the
// lecture's page of every school for county roles, the school's own list
// for its staff.
func lectureBack(p *auth.Principal, l *store.Lecture) (href, label string) {
	if p.Active.Role.County() {
		return lecturePath(l.ID), l.Title
	}
	return "/lectures", "讲座转发"
}

func (s *Server) lectureSchoolShow(w http.ResponseWriter, r *http.Request) {
	l, sc, _, ok := s.loadLectureSchool(w, r, auth.ViewLectures)
	if !ok {
		return
	}
	s.renderLectureSchool(w, r, l, sc, http.StatusOK, nil, "")
}

// renderLectureSchool is a lecture as one school stands on it: its
// forward and screenshots, or, for the school's office, the confirmation
// (today and the class groups ticked, so that two taps confirm). f is a
// refused confirmation to show again with what was typed; uploadErr the
// message of a refused screenshot.
func (s *Server) renderLectureSchool(w http.ResponseWriter, r *http.Request, l *store.Lecture, sc *store.School, status int, f *form, uploadErr string) {
	ctx := r.Context()
	p := principal(ctx)
	fw, err := s.store.SchoolLectureForward(ctx, l.ID, sc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	_, st := s.forwardState(l, fw)
	v := lectures.SchoolView{Facts: lectureFacts(l), School: sc.Name, State: st}
	v.BackHref, v.BackLabel = lectureBack(p, l)
	mayForward := auth.Can(p, auth.ForwardLecture, auth.Resource{SchoolID: sc.ID})
	switch {
	case fw != nil:
		v.ForwardedOn, v.Groups, v.By = calendar.DateLabel(fw.ForwardedOn), fw.Groups, fw.ForwarderName
		files, err := s.store.ListEvidence(ctx, lectureForwardOwner(fw, sc))
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		ev := evidenceView(files, lectureSchoolPath(l.ID, sc.ID), mayForward, newFormToken(), uploadErr)
		v.Evidence = &ev
	case mayForward && !l.Withdrawn():
		form := &lectures.ForwardForm{Action: lectureSchoolPath(l.ID, sc.ID) + "/forward", Groups: parents.ParentGroups,
			Values: map[string]string{"forwarded_on": dateValue(s.today())}, Picked: map[string]bool{parents.ParentGroups[0]: true},
			Errors: map[string]string{}, Token: newFormToken()}
		if f != nil {
			form.Values, form.Errors, form.Picked = f.values("forwarded_on", "other_group"), f.Errors, map[string]bool{}
			for _, g := range f.Values["groups"] {
				form.Picked[g] = true
			}
			if t := f.Get("form_token"); f.Errors["form_token"] == "" && t != "" {
				form.Token = t
			}
		}
		v.Form = form
	}
	v.Chrome = s.chrome(r, l.Title)
	s.render(w, r, status, lectures.SchoolPage(v))
}

// forwardedTwice answers a second confirmation: each school confirms a
// lecture once.
func (s *Server) forwardedTwice(w http.ResponseWriter, r *http.Request, l *store.Lecture, fw *store.LectureForward) {
	msg := "本校已确认转发过“" + l.Title + "”，每场讲座只需确认一次。"
	if fw != nil {
		msg = "本校已于 " + calendar.DateLabel(fw.ForwardedOn) + " 确认转发“" + l.Title + "”（" + fw.Groups + "），每场讲座只需确认一次。"
	}
	s.renderErrorMessage(w, r, http.StatusConflict, "已确认转发", msg)
}

// lectureForward records the school's confirmation, once: the date (not
// before the lecture, not ahead of today) and the parent groups.
func (s *Server) lectureForward(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	l, sc, fw, ok := s.loadLectureSchool(w, r, auth.ForwardLecture)
	if !ok {
		return
	}
	if fw != nil {
		s.forwardedTwice(w, r, l, fw)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	on := f.Date("forwarded_on", "转发日期", true)
	if f.Errors["forwarded_on"] == "" {
		if msg := parents.ValidateForwardDate(l.PublishedOn, on, s.today()); msg != "" {
			f.Fail("forwarded_on", msg)
		}
	}
	groups := parents.ForwardGroups(f.Values["groups"], f.Text("other_group", "其他家长群", false, 60))
	if groups == "" && f.Errors["other_group"] == "" {
		f.Fail("groups", "请选择转发到的家长群（可多选）")
	}
	if !f.Valid() {
		s.renderLectureSchool(w, r, l, sc, http.StatusUnprocessableEntity, f, "")
		return
	}
	state := parents.Forwarding(l.PublishedOn, &on, s.today())
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.ForwardLecture(ctx, p.CountyID, l.ID, sc.ID, p.UserID, on, groups)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "lecture.forwarded", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "lecture_forward", &id
		ev.Details = map[string]any{"lecture_id": l.ID, "school_id": sc.ID, "forwarded_on": dateValue(on), "state": string(state)}
		return lecturePath(l.ID), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if errors.Is(err, store.ErrConflict) {
		s.forwardedTwice(w, r, l, nil) // a second office confirmed meanwhile
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	msg := "已确认转发"
	if state == parents.ForwardedLate {
		msg += "（逾期 " + strconv.Itoa(parents.DaysLate(l.PublishedOn, on)) + " 天）"
	}
	s.done(w, r, lecturePath(l.ID), msg+"，可在下方上传转发截图作为佐证")
}

// loadForwardEvidence is the forward whose screenshots a route is about;
// none yet is 404.
func (s *Server) loadForwardEvidence(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Lecture, *store.School, *store.LectureForward, bool) {
	l, sc, fw, ok := s.loadLectureSchool(w, r, a)
	if !ok {
		return nil, nil, nil, false
	}
	if fw == nil {
		s.notFound(w, r)
		return nil, nil, nil, false
	}
	return l, sc, fw, true
}

func (s *Server) lectureForwardEvidenceAdd(w http.ResponseWriter, r *http.Request) {
	l, sc, fw, ok := s.loadForwardEvidence(w, r, auth.ForwardLecture)
	if !ok {
		return
	}
	s.addEvidence(w, r, lectureForwardOwner(fw, sc), lecturePath(l.ID), func(msg string) {
		s.renderLectureSchool(w, r, l, sc, http.StatusUnprocessableEntity, nil, msg)
	})
}

func (s *Server) lectureForwardEvidence(w http.ResponseWriter, r *http.Request) {
	_, sc, fw, ok := s.loadForwardEvidence(w, r, auth.ViewLectures)
	if !ok {
		return
	}
	s.sendEvidence(w, r, lectureForwardOwner(fw, sc))
}

func (s *Server) lectureForwardEvidenceDelete(w http.ResponseWriter, r *http.Request) {
	l, sc, fw, ok := s.loadForwardEvidence(w, r, auth.ForwardLecture)
	if !ok {
		return
	}
	s.deleteEvidence(w, r, lectureForwardOwner(fw, sc), lecturePath(l.ID))
}
