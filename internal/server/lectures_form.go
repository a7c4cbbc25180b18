package server

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/parents"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/lectures"
)

var lectureFields = []string{"title", "link_url", "audience", "audience_stage", "audience_note", "published_on"}

var lectureStages = []components.Option{
	{Value: "primary", Label: store.StageLabel("primary")},
	{Value: "junior", Label: store.StageLabel("junior")},
	{Value: "nine_year", Label: store.StageLabel("nine_year")},
	{Value: "senior", Label: store.StageLabel("senior")},
	{Value: "complete", Label: store.StageLabel("complete")},
}

// readLecture checks the publish form with Chinese messages by each field:
// a title, an http(s) link, whom it is for (a stage for a stage's parents,
// a note for special groups), a publish date not ahead of today nor long
// past (parents.ValidatePublishDate) — except that an edit may keep the
// date the lecture already has.
func (s *Server) readLecture(f *form, p *auth.Principal, keep time.Time) store.NewLecture {
	l := store.NewLecture{CountyID: p.CountyID, PublishedBy: p.UserID}
	l.Title = f.Text("title", "讲座名称", true, 100)
	l.LinkURL = f.Text("link_url", "链接", true, 500)
	if l.LinkURL != "" && f.Errors["link_url"] == "" {
		u, err := url.Parse(l.LinkURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(l.LinkURL, " \t") {
			f.Fail("link_url", "链接应以 http:// 或 https:// 开头，如 https://www.example.cn/lecture")
		}
	}
	l.Audience = f.Choice("audience", "面向", store.LectureAudienceAll, store.LectureAudienceStage, store.LectureAudienceSpecial)
	l.AudienceNote = f.Text("audience_note", "面向说明", false, 200)
	switch l.Audience {
	case store.LectureAudienceStage:
		if f.Get("audience_stage") == "" {
			f.Fail("audience_stage", "面向某一学段家长时请选择学段")
		} else {
			stages := make([]string, len(lectureStages))
			for i, o := range lectureStages {
				stages[i] = o.Value
			}
			l.AudienceStage = f.Choice("audience_stage", "学段", stages...)
		}
	case store.LectureAudienceSpecial:
		if l.AudienceNote == "" && f.Errors["audience_note"] == "" {
			f.Fail("audience_note", "面向特殊群体家长时请写明哪些群体，如 留守儿童家长")
		}
	}
	l.PublishedOn = f.Date("published_on", "发布日期", true)
	if f.Errors["published_on"] == "" && !(!keep.IsZero() && calendar.DateOf(keep).Equal(l.PublishedOn)) {
		if msg := parents.ValidatePublishDate(l.PublishedOn, s.today()); msg != "" {
			f.Fail("published_on", msg)
		}
	}
	return l
}

func (s *Server) mayPublishLecture(w http.ResponseWriter, r *http.Request, p *auth.Principal) bool {
	if !auth.Can(p, auth.PublishLecture, auth.Resource{}) {
		s.deny(w, r, auth.PublishLecture, "lecture", 0)
		return false
	}
	return true
}

func (s *Server) renderLectureForm(w http.ResponseWriter, r *http.Request, status int, heading string, v lectures.FormView) {
	v.Heading, v.Audiences, v.Stages = heading, lectureAudiences, lectureStages
	v.Chrome = s.chrome(r, heading)
	s.render(w, r, status, lectures.Form(v))
}

func (s *Server) lectureNewForm(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !s.mayPublishLecture(w, r, p) {
		return
	}
	v := lectures.FormView{Action: "/lectures", Cancel: "/lectures", Token: newFormToken(), Errors: map[string]string{},
		Values: map[string]string{"audience": store.LectureAudienceAll, "published_on": dateValue(s.today())}}
	s.renderLectureForm(w, r, http.StatusOK, "发布讲座", v)
}

func (s *Server) lectureCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !s.mayPublishLecture(w, r, p) {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	token := f.Token()
	in := s.readLecture(f, p, time.Time{})
	if !f.Valid() {
		if token == "" {
			token = newFormToken()
		}
		v := lectures.FormView{Action: "/lectures", Cancel: "/lectures", Token: token, Errors: f.Errors, Values: f.values(lectureFields...)}
		s.renderLectureForm(w, r, http.StatusUnprocessableEntity, "发布讲座", v)
		return
	}
	loc, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		id, err := tx.CreateLecture(ctx, in)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "lecture.create", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "lecture", &id
		ev.Details = map[string]any{"title": in.Title, "audience": in.Audience, "published_on": dateValue(in.PublishedOn)}
		return lecturePath(id), tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, loc, "讲座已发布，各校须在 "+calendar.DateLabel(parents.ForwardDue(in.PublishedOn))+" 前转发")
}

// loadOpenLecture loads a lecture the bureau may still change: a withdrawn
// one is answered with a page saying so (409).
func (s *Server) loadOpenLecture(w http.ResponseWriter, r *http.Request) (*store.Lecture, bool) {
	l, ok := s.loadLecture(w, r, auth.PublishLecture)
	if !ok {
		return nil, false
	}
	if l.Withdrawn() {
		s.renderErrorMessage(w, r, http.StatusConflict, "讲座已撤回", "“"+l.Title+"”已撤回，不能再修改。")
		return nil, false
	}
	return l, true
}

func (s *Server) lectureEditForm(w http.ResponseWriter, r *http.Request) {
	l, ok := s.loadOpenLecture(w, r)
	if !ok {
		return
	}
	v := lectures.FormView{Action: lecturePath(l.ID), Cancel: lecturePath(l.ID), Errors: map[string]string{},
		Values: map[string]string{"title": l.Title, "link_url": l.LinkURL, "audience": l.Audience, "audience_stage": l.AudienceStage,
			"audience_note": l.AudienceNote, "published_on": dateValue(l.PublishedOn)}}
	s.renderLectureForm(w, r, http.StatusOK, "编辑讲座", v)
}

func (s *Server) lectureUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	l, ok := s.loadOpenLecture(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	in := s.readLecture(f, p, l.PublishedOn)
	if !f.Valid() {
		v := lectures.FormView{Action: lecturePath(l.ID), Cancel: lecturePath(l.ID), Errors: f.Errors, Values: f.values(lectureFields...)}
		s.renderLectureForm(w, r, http.StatusUnprocessableEntity, "编辑讲座", v)
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateLecture(ctx, p.CountyID, l.ID, in); err != nil {
			return err
		}
		ev := s.event(r, "lecture.update", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "lecture", &l.ID
		ev.Details = map[string]any{"title": in.Title, "audience": in.Audience, "published_on": dateValue(in.PublishedOn)}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.conflict(w, r) // withdrawn meanwhile
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, lecturePath(l.ID), "讲座已保存")
}

// lectureWithdraw withdraws a lecture: it leaves the schools' lists and
// R12's counts; the forwards made stay on record.
func (s *Server) lectureWithdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	l, ok := s.loadOpenLecture(w, r)
	if !ok {
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.WithdrawLecture(ctx, p.CountyID, l.ID, p.UserID); err != nil {
			return err
		}
		ev := s.event(r, "lecture.withdraw", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "lecture", &l.ID
		ev.Details = map[string]any{"title": l.Title}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.conflict(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, lecturePath(l.ID), "已撤回“"+l.Title+"”")
}
